"""`cic report --year 2019` on the example programme, compared byte for byte with golden files.

The example's monitoring is FICTIONAL (examples/demo/README.md). The golden files are what an
officer would read: review their diff like any other change to the report.

To regenerate them after a deliberate change (a template, a label, a new rule's finding):

    CIC_UPDATE_GOLDEN=1 python -m pytest tests/test_report_golden.py

then read the diff of tests/golden/report-2019-*.md before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from tests.conftest import REPO
from typer.testing import CliRunner

from cicmaroc.cli.main import app

EXAMPLE = REPO / "examples" / "demo" / "data"
GOLDEN = REPO / "tests" / "golden"


@pytest.mark.parametrize("lang", ["nl", "fr"])
def test_report_2019_matches_the_golden_file(lang: str, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the report must not depend on the current folder
    out = tmp_path / "report.md"
    result = CliRunner().invoke(app, ["report", "--year", "2019", "--lang", lang, str(EXAMPLE),
                                      "-o", str(out)])
    assert result.exit_code == 0, result.output
    produced = out.read_bytes()
    golden = GOLDEN / f"report-2019-{lang}.md"
    if os.environ.get("CIC_UPDATE_GOLDEN") == "1":
        golden.write_bytes(produced)
    assert golden.exists(), f"{golden} is missing: run with CIC_UPDATE_GOLDEN=1 to create it"
    assert produced == golden.read_bytes(), (
        f"The {lang} report differs from {golden.name}. If the change is intended, regenerate with "
        "CIC_UPDATE_GOLDEN=1 python -m pytest tests/test_report_golden.py and review the diff.")


def test_golden_reports_say_the_figures_are_fictional():
    for lang in ("nl", "fr"):
        text = (GOLDEN / f"report-2019-{lang}.md").read_text(encoding="utf-8")
        assert "FICTIONAL" in text


def test_dutch_report_is_in_dutch_with_dutch_numbers():
    text = (GOLDEN / "report-2019-nl.md").read_text(encoding="utf-8")
    assert text.startswith("# Jaarverslag 2019")
    assert "€\xa0417.118,01" in text  # Babel's nl_BE money format for the T3 2019 total
    assert "Tussen 2017 en 2021" in text  # the outcome in Dutch, from the logframe


def test_french_report_uses_french_number_format():
    text = (GOLDEN / "report-2019-fr.md").read_text(encoding="utf-8")
    assert "417\u202f118,01\xa0€" in text
