"""Shared fixtures. The real data is copied before any test changes it; test data is fictional.

`DATA` is the frozen copy of the real transcription (tests/fixtures/morocco-2017-2021): the tests
that need known figures read it, so that the officers recording figures in the live `data/` never
changes what they see. `LIVE_DATA` is the live folder; its tests (tests/test_live_data.py,
tests/test_real_data.py) assert only what holds whatever is recorded there.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parent.parent
#: The frozen copy of the real transcription: the programme as approved, nothing recorded.
DATA = REPO / "tests" / "fixtures" / "morocco-2017-2021" / "data"
#: The live data folder, where the officers record figures: only tests of what holds whatever they
#: record read it.
LIVE_DATA = REPO / "data"
SEED = REPO / "source" / "000_f52165ab902bcf67.txt"

# What cic says does not depend on the machine running the tests: no locale variable chooses a
# language (commands run in subprocesses inherit this), and a text without its translation fails
# the test that shows it instead of falling back to English.
for _variable in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
    os.environ.pop(_variable, None)
os.environ["LANG"] = "C.UTF-8"


@pytest.fixture(autouse=True, scope="session")
def _strict_translations():
    from cicmaroc.i18n import translator

    translator.STRICT = True
    yield
    translator.STRICT = False


@pytest.fixture(scope="session")
def real_programme():
    """The frozen copy of the real data/, loaded once for the tests that only read it (models are
    frozen)."""
    from cicmaroc.loading.loader import load_programme

    loaded, _ = load_programme(DATA)
    return loaded


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the frozen real data/ that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a data file in place; fails loudly if `old` is not there, so tests stay honest."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The 1-based line number of the first line containing `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def ended_by_exit(result) -> bool:  # type: ignore[no-untyped-def]
    """A command that failed did so by exiting with its exit code, not by raising: CliRunner keeps a
    non-zero exit as its SystemExit, and any other exception there is a crash."""
    return result.exit_code != 0 and isinstance(result.exception, SystemExit) \
        and result.exception.code == result.exit_code


def external_tool(*names: str) -> str:
    """The first of the programs `names` found on PATH; missing, `external_tool_missing` says so."""
    for name in names:
        found = shutil.which(name)
        if found:
            return found
    external_tool_missing(f"{names[0]} is not installed: run .ci/run, or apt-get install it")


def matches_golden(golden: Path, produced: bytes | str) -> None:
    """`produced` is the golden file's content, byte for byte.

    `CIC_UPDATE_GOLDEN=1` (that value only) regenerates it: a golden file that changes is written
    and the test fails, saying which lines changed, so a regeneration run never passes by
    construction; run again (and review `git diff`) once the change is the one intended.
    """
    import difflib

    data = produced.encode("utf-8") if isinstance(produced, str) else produced
    old = golden.read_bytes() if golden.exists() else None
    if os.environ.get("CIC_UPDATE_GOLDEN") == "1" and old != data:
        golden.write_bytes(data)
        before = (old or b"").decode("utf-8", "replace").splitlines()
        changed = [line for line in difflib.unified_diff(before, data.decode("utf-8", "replace").splitlines(),
                                                         lineterm="", n=0)
                   if line[:1] in "+-" and line[:3] not in ("+++", "---")]
        pytest.fail(f"regenerated {golden.relative_to(REPO)}: {len(changed)} lines changed, e.g.\n"
                    + "\n".join(changed[:12]) + "\nReview the diff, then run the tests again.", pytrace=False)
    assert old is not None, f"{golden} is missing: run with CIC_UPDATE_GOLDEN=1 to create it"
    assert data == old, (f"{golden.relative_to(REPO)} differs from what cic produces now. If the change "
                         "is intended, run with CIC_UPDATE_GOLDEN=1 (it lists what changed) and review "
                         "the diff.")


def external_tool_missing(reason: str) -> NoReturn:
    """A test needs a tool from outside Python (node, chromium ...) that is not installed.

    Outside CI it skips, and the reason is printed in the summary (`-rs` in pytest's addopts);
    under CI=true it fails, because .ci/run must have installed the tool.
    """
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: .ci/run installs it, so this must not be skipped)", pytrace=False)
    pytest.skip(reason)


# -- every finding a test makes is of a declared code, with exactly its sentence's placeholders ------
# Every finding is built through its code's declaration (`Code.finding`, `Code.recode`); for the whole
# session they are wrapped to check, as each finding is made, that its code is the registry's own and
# that the values given are exactly its sentences' placeholders (nested phrases included). A finding
# that breaks either fails the test that made it, whatever ran before or runs after. That every
# declared code is made by some test is tests/test_code_examples.py's: a runnable example per code.


def _placeholders(template: str) -> set[str]:
    import string

    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _check_values(code: str, templates: list[str], args: dict) -> None:
    from cicmaroc.findings import Items, Phrase

    wanted = set().union(*(_placeholders(t) for t in templates)) if templates else set()
    assert wanted == set(args), (f"{code}: the sentence {' | '.join(templates)!r} has the placeholders "
                                 f"{sorted(wanted)}, but the finding gives {sorted(args)}")
    for value in args.values():
        for nested in (value.values if isinstance(value, Items) else (value,)):
            if isinstance(nested, Phrase):
                _check_values(code, [nested.template], dict(nested.args))


#: What a finding made during the current test got wrong; a check that raises is caught by cic (a
#: crashing rule becomes CIC000), so each test also fails afterwards on what is recorded here.
_MISMADE: list[str] = []


@pytest.fixture(scope="session", autouse=True)
def _check_findings_as_they_are_made():
    from cicmaroc.codes.declaration import Code
    from cicmaroc.rules.registry import BY_CODE

    finding, recode = Code.finding, Code.recode

    def declared(code: Code) -> None:
        if BY_CODE.get(code.code) is not code:
            _MISMADE.append(f"{code.code} is not a code of the registry")
            raise AssertionError(_MISMADE[-1])

    def checked_finding(self, say, location, related=(), /, *, severity=None, **args):
        declared(self)
        made = finding(self, say, location, related, severity=severity, **args)  # KeyError: no such sentence
        try:
            _check_values(self.code, [made.template, *made.hints], dict(made.args))
        except AssertionError as exc:
            _MISMADE.append(str(exc))
            raise
        return made

    def checked_recode(self, other, hint):
        declared(self)
        return recode(self, other, hint)

    Code.finding, Code.recode = checked_finding, checked_recode
    yield
    Code.finding, Code.recode = finding, recode


@pytest.fixture(autouse=True)
def _no_finding_mismade():
    _MISMADE.clear()
    yield
    assert _MISMADE == [], _MISMADE
