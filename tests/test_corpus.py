"""Hostile and broken YAML: every case of the corpus gives its finding, located, and the run goes on.

Each case puts one bad file into a copy of the real data/ folder (tests/corpus_cases.py) and runs
the whole `cic validate` pipeline on it. A case must produce the expected finding code on the
expected line of that file, no exception, no unlocated finding, and the other files must still be
read. The time each case takes is reported by `python bench/run.py` (the issue's 2 s target);
here a watchdog only catches a *hang* (10 s, far above any case), so that a regression that makes
the loader wait forever fails this test instead of blocking CI for 90 minutes.
"""

from __future__ import annotations

import contextlib
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import ended_by_exit
from tests.corpus_cases import CORPUS, Case, all_cases, file_cases
from typer.testing import CliRunner

import cicmaroc.files.reading
import cicmaroc.yaml.events
import cicmaroc.yaml.reader
from cicmaroc import api
from cicmaroc.cli.main import app
from cicmaroc.escaping import path_text

HANG_GUARD_SECONDS = 10
CASES = all_cases()


class Hung(Exception):
    """The hang guard went off."""


@contextlib.contextmanager
def hang_guard(seconds: int = HANG_GUARD_SECONDS) -> Iterator[None]:
    """Fail (instead of waiting forever) if the block runs longer than `seconds`. Not a speed test."""
    def alarm(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds} s: the loader hangs on this input")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_the_corpus_holds_at_least_thirty_committed_files_each_with_an_expectation():
    on_disk = {p.name for p in CORPUS.iterdir() if p.is_file()} - {"expected.yaml"}  # folders: other corpora
    listed = {c.name for c in file_cases()}
    assert on_disk == listed  # no file without an expected finding, no expectation without a file
    assert len(on_disk) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_gives_its_finding_and_the_run_goes_on(case: Case, data_copy: Path):
    target = case.install(data_copy)
    with hang_guard():
        run = api.validate(data_copy)
        programme, findings = run.programme, run.findings
    shown = path_text(target.relative_to(data_copy).as_posix())  # as cic shows names (escaped)
    here = [(f.code, f.location.line) for f in findings if f.location and f.location.file.endswith(shown)]
    assert (case.code, case.line) in here, here
    assert all(f.location is not None and f.location.file for f in findings), \
        [f for f in findings if f.location is None or not f.location.file]
    assert not [f for f in findings if f.code == "CIC000"]  # no rule crashed on what was loaded
    # the other files were read: the ten real partnerships, and every single file not replaced
    assert len(programme.partners) == 10
    for name in ("logframe", "budget", "country", "risks"):
        assert (getattr(programme, name) is None) == (case.place == name), name
    assert not Path("/tmp/cic-corpus-pwned").exists()  # the python/object tags ran nothing


def test_every_case_at_once_through_the_command(data_copy: Path, monkeypatch: pytest.MonkeyPatch):
    """All committed partner-file cases in one folder: one run, exit 1, each file named, no traceback."""
    partner_cases = [c for c in file_cases() if c.place == "partner"]
    for case in partner_cases:
        case.install(data_copy)
    monkeypatch.chdir(data_copy.parent)
    with hang_guard(3 * HANG_GUARD_SECONDS):
        result = CliRunner().invoke(app, ["validate", "data", "--format", "json"])
    assert result.exit_code == 1, result.output
    assert ended_by_exit(result), result.exception
    assert "Traceback" not in result.output and "internal error" not in result.output
    for case in partner_cases:
        assert f"partners/{path_text(case.name)}" in result.output, case.name


def test_unreadable_file_is_a_finding(data_copy: Path, monkeypatch: pytest.MonkeyPatch):
    """chmod 000 does not stop root (CI runs as root), so the refusal of the OS is simulated."""
    victim = data_copy / "partners" / "evere.yaml"
    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if Path(path) == victim:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(cicmaroc.files.reading.os, "open", refusing_open)
    run = api.validate(data_copy)
    programme, findings = run.programme, run.findings
    [finding] = [f for f in findings if f.location and f.location.file.endswith("evere.yaml")]
    assert finding.code == "CIC001" and "Permission denied" in finding.message
    assert len(programme.partners) == 9 and programme.logframe is not None


@contextlib.contextmanager
def unprivileged() -> Iterator[None]:
    """Run a block as the unprivileged user `nobody` when the tests run as root (CI does), so that
    the system refuses a file with no permission as it does for an officer; as anyone else, as is.

    Only the effective ids change, and they are restored: root's real id may take them back.
    """
    if os.geteuid() != 0:
        yield
        return
    os.setegid(65534)
    os.seteuid(65534)
    try:
        yield
    finally:
        os.seteuid(0)
        os.setegid(0)


def test_chmod_000_is_a_finding_and_the_rest_is_read(tmp_path: Path):
    """A file its reader may not open: one CIC001 finding naming the refusal, the others read.

    The data folder is a copy in a folder anyone may enter (pytest's are root's alone), warmed up
    by a first run so that nothing needs importing while the process is `nobody`.
    """
    import shutil
    import tempfile

    from tests.conftest import DATA

    open_to_all = Path(tempfile.mkdtemp(prefix="cic-chmod-"))
    try:
        open_to_all.chmod(0o755)
        data = open_to_all / "data"
        shutil.copytree(DATA, data)
        victim = data / "partners" / "evere.yaml"
        assert len(api.validate(data).programme.partners) == 10
        victim.chmod(0)
        with unprivileged():
            assert not os.access(victim, os.R_OK, effective_ids=True)  # the control: the system refuses it
            run = api.validate(data)
    finally:
        shutil.rmtree(open_to_all)
    [finding] = [f for f in run.findings if f.location and f.location.file.endswith("evere.yaml")]
    assert finding.code == "CIC001" and "Permission denied" in finding.message
    assert len(run.programme.partners) == 9 and run.programme.logframe is not None


# The pure-Python parser (used when ruamel.yaml.clib is missing) reads YAML 1.2, where U+2028 is
# an ordinary character and "\ud800" an escape it accepts (the builder refuses the result); libyaml
# (YAML 1.1) refuses both as syntax. Every other case gives the same findings on both parsers.
PURE_DIFFERS = {"line-separator-in-plain-text.yaml": ([("CIC003", 4)], []),
                "lone-surrogate-escape.yaml": ([("CIC003", 4)], [("CIC012", 4)])}


@pytest.mark.parametrize("case", file_cases(), ids=lambda c: c.name)
def test_without_the_c_parser_the_same_findings(case: Case, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / case.name
    case.make(path)
    with hang_guard():
        c_doc, c_findings = cicmaroc.yaml.reader.load_file(path, case.name)
    monkeypatch.setattr(cicmaroc.yaml.events, "CParser", None)
    with hang_guard():
        doc, findings = cicmaroc.yaml.reader.load_file(path, case.name)
    on_c = [(f.code, f.location.line) for f in c_findings]
    on_pure = [(f.code, f.location.line) for f in findings]
    if case.name in PURE_DIFFERS:
        assert (on_c, on_pure) == PURE_DIFFERS[case.name]
        assert c_doc is None and doc is not None
        return
    assert on_pure == on_c
    assert (doc is None) == (c_doc is None) and (doc is None or doc.data == c_doc.data)
    if case.code in ("CIC010", "CIC011", "CIC012", "CIC903") and not on_c:  # the model's or a rule's
        assert doc is not None, "a file the reader accepts, whose problem the model or a rule finds"
    else:
        assert (case.code, case.line) in on_c


def test_the_c_parser_is_the_one_in_use():
    assert cicmaroc.yaml.events.CParser is not None, "ruamel.yaml.clib is missing: the loader is slow"


def test_bom_and_crlf_real_file_reads_like_the_original(data_copy: Path):
    clean = api.validate(data_copy).findings
    path = data_copy / "partners" / "evere.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    run = api.validate(data_copy)
    programme, findings = run.programme, run.findings
    assert [(f.code, f.location) for f in findings] == [(f.code, f.location) for f in clean]
    assert len(programme.partners) == 10
