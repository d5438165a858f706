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
    on_disk = {p.name for p in CORPUS.iterdir()} - {"expected.yaml"}
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
    assert result.exception is None or isinstance(result.exception, SystemExit)
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


def test_chmod_000_where_it_applies(data_copy: Path):
    """The real thing, for non-root runs; as root the file is readable and loads cleanly."""
    victim = data_copy / "partners" / "evere.yaml"
    victim.chmod(0)
    findings = api.validate(data_copy).findings
    refused = [f for f in findings
               if f.code == "CIC001" and f.location and f.location.file.endswith("evere.yaml")]
    assert len(refused) == (0 if os.access(victim, os.R_OK) else 1)


# The pure-Python parser (used when ruamel.yaml.clib is missing) reads YAML 1.2, where U+2028 is
# an ordinary character and "\ud800" an escape it accepts (the builder refuses the result).
PURE_DIFFERS = {"line-separator-in-plain-text.yaml": None,
                "lone-surrogate-escape.yaml": ("CIC012", 4)}


@pytest.mark.parametrize("case", file_cases()[::3], ids=lambda c: c.name)
def test_without_the_c_parser_the_same_findings(case: Case, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(cicmaroc.yaml.events, "CParser", None)
    path = tmp_path / case.name
    case.make(path)
    with hang_guard():
        _, findings = cicmaroc.yaml.reader.load_file(path, case.name)
    expected = PURE_DIFFERS.get(case.name, (case.code, case.line))
    if expected is not None and expected[0] not in ("CIC010", "CIC011", "CIC012", "CIC903"):  # model, rules
        assert expected in [(f.code, f.location.line) for f in findings]


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
