"""Two officers importing at once, and an import killed half-way: nothing lost, nothing left behind.

Each test drives real `cic import` processes on a copy of the demo (the figures typed are
FICTIONAL). The interleaving that used to lose a commune's figures is forced, not hoped for: one
process runs with a hook (installed in the child, which then runs `cic` through the entry point of
the `cic` script) that stops it at the chosen point and waits until the test lets it go, while the
other process runs from start to end. No timing decides anything; the waits only guard against a
hang.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import load_workbook

from cicmaroc import api

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo" / "data"
CIC = str(Path(sys.executable).parent / "cic")
GUARD_SECONDS = 120  # far above any run: only a hang reaches it

#: Runs `cic` (argv after `--`) with a hook. `pause-after-reading`: the import has read and checked
#: the data (the year file is missing), before it compares and writes; `pause-before-writing`: the
#: new year file is complete in its temporary file, just before it is put in place; `kill`: a
#: kill -9 at that same point. A pause says so by creating READY, then waits for GO.
HOOKED_CIC = """
import os, signal, sys, time
from pathlib import Path

point, ready, go, year_file = sys.argv[1:5]
sys.argv = ["cic", *sys.argv[sys.argv.index("--") + 1:]]
paused = []


def pause():
    if paused:
        return
    paused.append(True)
    Path(ready).touch()
    deadline = time.monotonic() + 120
    while not Path(go).exists():
        if time.monotonic() > deadline:
            sys.exit("hook: never let go")
        time.sleep(0.01)


def at_the_year_file(name):
    real = getattr(os, name)

    def hooked(src, dst, *args, **kwargs):
        if os.path.basename(os.fspath(dst)) == year_file:
            if point == "kill":
                os.kill(os.getpid(), signal.SIGKILL)
            pause()
        return real(src, dst, *args, **kwargs)

    setattr(os, name, hooked)


if point == "pause-after-reading":
    from cicmaroc.forms import importing

    merge = importing._merge

    def hooked_merge(*args, **kwargs):
        pause()
        return merge(*args, **kwargs)

    importing._merge = hooked_merge
else:
    at_the_year_file("replace")
    at_the_year_file("link")

from cicmaroc.cli.process import main

main()
"""


@pytest.fixture()
def demo(tmp_path: Path) -> Path:
    """The demo with 2021 not yet collected: the races are over importing its first forms."""
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    (data / "monitoring" / "2021.yaml").unlink()
    return data


def filled_form(data: Path, reporter: str, source: str) -> Path:
    """`reporter`'s 2021 form (the demo has no 2021 figures), IOV 1 answered yes with `source`."""
    out = data.parent / "forms"
    api.forms(data, 2021, out, "fr", [reporter])
    book = load_workbook(out / f"2021-{reporter}.xlsx")
    book["Indicateurs"]["F6"] = "oui"
    book["Indicateurs"]["H6"] = source
    filled = data.parent / f"reply-{reporter}.xlsx"
    book.save(filled)
    return filled


def hooked(point: str, folder: Path, *argv: str) -> tuple[subprocess.Popen[str], Path, Path]:
    ready, go = folder / f"{point}.ready", folder / f"{point}.go"
    child = subprocess.Popen([sys.executable, "-c", HOOKED_CIC, point, str(ready), str(go), "2021.yaml", "--",
                              *argv], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return child, ready, go


def wait_for(path: Path, child: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + GUARD_SECONDS
    while not path.exists():
        if child.poll() is not None:
            out, err = child.communicate()
            pytest.fail(f"the hooked cic import ended before its pause ({child.returncode}):\n{out}\n{err}")
        assert time.monotonic() < deadline, "the hooked cic import never reached its pause"
        time.sleep(0.01)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".cic-"))


@pytest.mark.parametrize("point", ["pause-after-reading", "pause-before-writing"])
def test_two_imports_into_a_missing_year_file_keep_both_entries(demo: Path, point: str):
    """A reads the data (no 2021.yaml yet) and stops; B imports another commune's form, creating
    2021.yaml; A goes on. Before: at the first point A blamed the new, valid file ("cic validate
    cannot read it"); at the second A's rename replaced B's file and Aït Baha's figures vanished,
    both runs saying "Entries imported: 1". Now A finds the file changed, reads everything again
    and adds its entry beside B's."""
    first = filled_form(demo, "ait-baha", "Délibération A (FICTIF)")
    second = filled_form(demo, "belfaa", "Délibération B (FICTIF)")
    a, ready, go = hooked(point, demo.parent, "import", "--data", str(demo), str(first))
    try:
        wait_for(ready, a)
        b = subprocess.run([CIC, "import", "--data", str(demo), str(second)], capture_output=True, text=True,
                           timeout=GUARD_SECONDS)
        assert b.returncode == 0 and "Entries imported" in b.stderr, b.stderr
        go.touch()
        out, err = a.communicate(timeout=GUARD_SECONDS)
    finally:
        if a.poll() is None:
            a.kill()
            a.wait()
    assert a.returncode == 0 and "Entries imported" in err and "cannot" not in out + err, (out, err)
    text = (demo / "monitoring" / "2021.yaml").read_text(encoding="utf-8")
    assert "Délibération A (FICTIF)" in text and "Délibération B (FICTIF)" in text
    run = api.validate(demo)
    assert {"ait-baha", "belfaa"} <= set(run.actuals.reporters(2021))
    assert [f for f in run.findings if "2021" in f.file] == []
    assert leftovers(demo / "monitoring") == []


def test_an_import_killed_while_writing_leaves_a_temporary_file_the_next_run_removes(demo: Path):
    """kill -9 between the temporary file and its rename: the year file is not there (nothing
    half-written), the temporary file is. The next import removes it (its run is dead: nobody holds
    its lock), and a living run's temporary file is never taken (the test above, at its pause)."""
    form = filled_form(demo, "ait-baha", "Délibération (FICTIF)")
    killed, _ready, _go = hooked("kill", demo.parent, "import", "--data", str(demo), str(form))
    killed.communicate(timeout=GUARD_SECONDS)
    assert killed.returncode == -9
    monitoring = demo / "monitoring"
    assert not (monitoring / "2021.yaml").exists()
    assert len(leftovers(monitoring)) == 1 and leftovers(monitoring)[0].endswith(".tmp")
    again = subprocess.run([CIC, "import", "--data", str(demo), str(form)], capture_output=True, text=True,
                           timeout=GUARD_SECONDS)
    assert again.returncode == 0, again.stderr
    assert "Délibération (FICTIF)" in (monitoring / "2021.yaml").read_text(encoding="utf-8")
    assert leftovers(monitoring) == []


def test_an_import_that_keeps_losing_the_race_refuses_with_a_sentence(demo: Path,
                                                                      monkeypatch: pytest.MonkeyPatch):
    """Should the year file change under every attempt, the import gives up after a few, writing
    nothing and saying why (CIC734), instead of retrying forever or writing over the other run."""
    from cicmaroc.files.writing import AlreadyThere
    from cicmaroc.forms import importing

    attempts: list[Path] = []

    def always_taken(path: Path, *args: object, **kwargs: object) -> None:
        attempts.append(path)
        raise AlreadyThere(f"{path} already exists")

    monkeypatch.setattr(importing, "create_text", always_taken)
    outcome = api.import_forms(demo, [filled_form(demo, "ait-baha", "Délibération (FICTIF)")], 2021)
    assert len(attempts) == api.IMPORT_ATTEMPTS == 3
    [error] = outcome.errors
    assert error.code == "CIC734" and error.file.endswith("data/monitoring/2021.yaml")
    assert "changed by another program" in error.message and not outcome.written
    assert not (demo / "monitoring" / "2021.yaml").exists()
