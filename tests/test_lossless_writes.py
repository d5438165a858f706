"""Lossless writes: nothing in cic writes a file except through `cicmaroc.files.writing`, and a report
that fails half-way (a broken template, a full disk, Ctrl-C) leaves the previous file as it was."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest
from tests.conftest import REPO
from typer.testing import CliRunner

from cicmaroc.cli.main import app
from cicmaroc.files import writing as atomic

PACKAGE = REPO / "src" / "cicmaroc"
ALLOWED = {PACKAGE / "files" / "writing.py"}
WRITE_METHODS = {"write_text", "write_bytes", "writelines", "touch", "mkfifo", "symlink_to",
                 "hardlink_to", "unlink", "rmdir"}
#: Path.rename(target) and Path.replace(target) take one argument; str.replace takes two.
MOVE_METHODS = {"rename", "replace"}
WRITE_FUNCTIONS = {("os", "replace"), ("os", "rename"), ("os", "remove"), ("os", "unlink"),
                   ("os", "fdopen"), ("os", "write"), ("os", "truncate"), ("shutil", "copy"),
                   ("shutil", "copy2"), ("shutil", "copyfile"), ("shutil", "move"),
                   ("shutil", "copytree"), ("shutil", "rmtree"), ("tempfile", "mkstemp"),
                   ("tempfile", "NamedTemporaryFile")}
WRITE_FLAGS = {"O_WRONLY", "O_RDWR", "O_CREAT", "O_APPEND", "O_TRUNC"}


def _mode(call: ast.Call, position: int) -> str | None:
    """The constant mode given to open(), positionally or as mode=; None when not a literal."""
    for kw in call.keywords:
        if kw.arg == "mode":
            return kw.value.value if isinstance(kw.value, ast.Constant) else None
    if len(call.args) > position and isinstance(call.args[position], ast.Constant):
        return call.args[position].value
    return "r" if len(call.args) <= position else None


def writes_in(source: str) -> list[tuple[int, str]]:
    """(line, what) for every call in `source` that writes, renames or removes a file."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
        what = f"{owner}.{name}" if owner else name
        if (owner, name) in WRITE_FUNCTIONS:
            found.append((node.lineno, what))
        elif name == "open" and owner in ("", "io", "builtins"):
            mode = _mode(node, 1)
            if mode is None or set(mode) & set("wax+"):
                found.append((node.lineno, f"{what}(mode={mode!r})"))
        elif name == "open" and owner == "os":
            flags = {n.attr if isinstance(n, ast.Attribute) else getattr(n, "id", "")
                     for arg in node.args[1:2] for n in ast.walk(arg)}
            if flags & WRITE_FLAGS:
                found.append((node.lineno, "os.open for writing"))
        elif name == "open" and isinstance(func, ast.Attribute):  # Path.open(mode)
            mode = _mode(node, 0)
            if mode is None or set(mode) & set("wax+"):
                found.append((node.lineno, f".open(mode={mode!r})"))
        elif isinstance(func, ast.Attribute) and name in WRITE_METHODS:
            found.append((node.lineno, f".{name}()"))
        elif isinstance(func, ast.Attribute) and name in MOVE_METHODS and len(node.args) == 1:
            found.append((node.lineno, f".{name}(target)"))
    return found


def test_the_scanner_finds_every_kind_of_write():
    """The check below can fail: each of these is caught, reading is not."""
    planted = """
Path('a').write_text('x')
p.write_bytes(b'')
open('f', 'w')
open('f', mode='ab')
io.open(name, 'r+')
path.open('w', encoding='utf-8')
os.open(name, os.O_WRONLY | os.O_CREAT)
os.replace(a, b)
shutil.copyfile(a, b)
tempfile.NamedTemporaryFile()
target.unlink()
open(name, mode)
tmp.replace(target)
"""
    assert len(writes_in(planted)) == 13
    reading = ("open('f')\nopen('f', 'rb')\npath.open('rb')\nos.open(p, os.O_RDONLY)\np.read_text()\n"
               "text.replace('a', 'b')\n")
    assert writes_in(reading) == []


def test_nothing_in_cic_writes_a_file_except_through_atomic():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path in ALLOWED:
            continue
        for line, what in writes_in(path.read_text(encoding="utf-8")):
            offenders.append(f"{path.relative_to(REPO)}:{line}: {what}")
    assert offenders == [], "use cicmaroc.files.writing.write_text_atomic instead:\n" + "\n".join(offenders)


# -- an interrupted or failing `cic report -o FILE` --------------------------------------------

PREVIOUS = "# Rapport 2019 (the previous version, kept)\n"
runner = CliRunner()


@pytest.fixture
def previous(tmp_path: Path) -> Path:
    out = tmp_path / "out" / "report.md"
    out.parent.mkdir()
    out.write_text(PREVIOUS, encoding="utf-8")
    return out


def intact(out: Path) -> bool:
    """The previous report is there, unchanged, and no temporary file was left beside it."""
    return out.read_text(encoding="utf-8") == PREVIOUS and [p.name for p in out.parent.iterdir()] == [
        "report.md"]


def test_a_template_failing_half_way_leaves_the_previous_report(previous: Path, data_copy: Path,
                                                                tmp_path: Path):
    template = tmp_path / "templates" / "half.md.j2"
    template.parent.mkdir()
    template.write_text("# Rapport {{ year }}\n\n" + "Ligne.\n" * 500 + "{{ no_such_name }}\n",
                        encoding="utf-8")
    result = runner.invoke(app, ["report", "--year", "2019", "--template", str(template),
                                 "-o", str(previous), str(data_copy)])
    assert result.exit_code == 2 and "no_such_name" in result.output.replace("\n", "")
    assert intact(previous)


def test_a_disk_failing_during_the_write_leaves_the_previous_report(previous: Path, data_copy: Path,
                                                                    monkeypatch: pytest.MonkeyPatch):
    real_fdopen = atomic.os.fdopen

    class FullDisk:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])  # half of it lands, then the disk is full
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.os, "fdopen", lambda fd, mode: FullDisk(real_fdopen(fd, mode)))
    result = runner.invoke(app, ["report", "--year", "2019", "-o", str(previous), str(data_copy)])
    assert result.exit_code == 2 and "space left on device" in " ".join(result.output.split())
    assert intact(previous)


def test_ctrl_c_during_rendering_leaves_the_previous_report(previous: Path, data_copy: Path,
                                                            monkeypatch: pytest.MonkeyPatch):
    import cicmaroc.report

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(cicmaroc.report, "render_report", interrupted)
    monkeypatch.setattr(sys, "argv", ["cic", "report", "--year", "2019", "-o", str(previous),
                                      str(data_copy)])
    from cicmaroc.cli.main import command_line

    with pytest.raises(SystemExit) as stop:
        command_line()
    assert stop.value.code != 0  # (Typer turns Ctrl-C into exit 130, before cli.main sees it)
    assert intact(previous)


def test_a_successful_report_replaces_the_previous_one_in_one_step(previous: Path, data_copy: Path):
    result = runner.invoke(app, ["report", "--year", "2019", "-o", str(previous), str(data_copy)])
    assert result.exit_code == 0, result.output
    text = previous.read_text(encoding="utf-8")
    assert text != PREVIOUS and "2019" in text
    assert [p.name for p in previous.parent.iterdir()] == ["report.md"]
