"""Every declared code has a runnable example that reports it, at its place (tests/code_examples.py).

Each example is run on its own, through the one part of cic that reports its code (never the
whole pipeline), so the promise "every code is emitted by a test" holds whatever tests run and in
whatever order: under `-k CIC201` the example of CIC201 runs, and the table is checked against
the registry without running anything.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.code_examples import DEMO, EXAMPLES, Edit, Example, iati_text
from tests.conftest import line_of

from cicmaroc.findings import Finding
from cicmaroc.rules.registry import BY_CODE


def test_every_declared_code_has_an_example():
    assert sorted(EXAMPLES) == sorted(BY_CODE)


def _apply(data: Path, edits: tuple[Edit, ...]) -> None:
    for change in edits:
        path = data / change.file
        if change.old is None and change.new is None:
            path.unlink()
        elif change.old is None:
            path.parent.mkdir(parents=True, exist_ok=True)
            assert change.new is not None
            if isinstance(change.new, bytes):
                path.write_bytes(change.new)
            else:
                path.write_text(change.new, encoding="utf-8")
        else:
            text = path.read_text(encoding="utf-8")
            assert isinstance(change.new, str) and text.count(change.old) >= 1, (change.file, change.old)
            path.write_text(text.replace(change.old, change.new, 1), encoding="utf-8")


def _reported(code: str, data: Path) -> list[Finding]:
    """The findings of the one part of cic that reports `code`, on the data folder `data`."""
    from cicmaroc.api import validate
    from cicmaroc.codes import files
    from cicmaroc.config import Config
    from cicmaroc.derive import monitoring, readings
    from cicmaroc.loading.loader import load_programme
    from cicmaroc.rules import overspend, registry, waivers

    declared = BY_CODE[code]
    if declared in waivers.CODES:  # waivers judge every other finding: the whole run
        return validate(data, config=Config()).findings.items
    programme, loaded = load_programme(data)
    if declared in files.CODES:
        return loaded.items
    if declared in monitoring.CODES:
        return monitoring.read_monitoring(programme)[1]
    if declared in readings.CODES:
        return list(readings.read_programme(programme).findings)
    if declared in overspend.CODES:  # spending against the plan: after the monitoring pass
        return list(overspend.overspending(programme, monitoring.read_monitoring(programme)[0],
                                           Config().budget_tolerance))
    checks = [check for check in registry.CHECKS if declared in check.codes]
    assert checks, f"no check reports {code}"
    return [finding for check in checks for finding in check.run(programme, Config())]


@pytest.mark.parametrize("code", sorted(EXAMPLES))
def test_the_example_reports_its_code_at_its_place(code: str, tmp_path: Path):
    example: Example = EXAMPLES[code]
    if example.file == "activity.xml":  # an IATI file, checked as `cic iati --check` does
        _iati_example(code, example)
        return
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    _apply(data, example.edits)
    found = example.make(tmp_path) if example.make is not None else _reported(code, data)
    mine = [f for f in found if f.code == code]
    assert mine, f"{code} was not reported; found: {sorted({f.code for f in found})}"
    places = {(f.location.file, f.location.line, f.location.where) if f.location else ("", 0, "")
              for f in mine}
    if example.cell:
        assert any(where == example.cell for _, _, where in places), places
    if example.file:
        assert any(file.endswith(example.file) for file, _, _ in places), places
    if example.line or example.at:
        line = example.line or line_of(data / example.file, example.at)
        assert any(file.endswith(example.file) and at == line for file, at, _ in places), (line, places)


def _iati_example(code: str, example: Example) -> None:
    from tests.iati_fixture import check_text, line_in

    text = iati_text(example)
    mine = [f for f in check_text(text).findings if f.code == code]
    assert mine, f"{code} was not reported"
    assert line_in(text, example.at) in {f.location.line for f in mine if f.location}


def test_a_finding_without_exactly_its_placeholders_would_fail_its_test():
    """The control of tests/conftest.py's check of every finding made."""
    from tests.conftest import _check_values

    _check_values("CIC201", ["{a} and {b}"], {"a": 1, "b": 2})
    with pytest.raises(AssertionError, match="placeholders"):
        _check_values("CIC201", ["{a} and {b}"], {"a": 1})
