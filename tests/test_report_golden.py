"""`cic report` for 2019 (a partial year) and 2021 (the end of the programme) on the example
programme, compared byte for byte with golden files.

The example's monitoring is FICTIONAL (examples/demo/README.md). The golden files are what an
officer would read: review their diff like any other change to the report.

To regenerate them after a deliberate change (a template, a label, a new rule's finding):

    CIC_UPDATE_GOLDEN=1 python -m pytest tests/test_report_golden.py

then read the diff of tests/golden/report-*.md before committing.
"""

from __future__ import annotations

import os

import pytest
from tests.conftest import REPO, matches_golden
from typer.testing import CliRunner

from cicmaroc.cli.main import app

EXAMPLE = REPO / "examples" / "demo" / "data"
GOLDEN = REPO / "tests" / "golden"


LANGUAGES = ("fr", "nl", "en")
YEARS = (2019, 2021)


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The 2019 report of the example in each language (by language), and the 2021 one (by
    "2021-<lang>"), produced now by the command."""
    folder = tmp_path_factory.mktemp("reports")
    reports = {}
    here = os.getcwd()
    os.chdir(folder)  # the report must not depend on the current folder
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = "1577750400"  # the colophon's date: 2019-12-31
    try:
        for lang in LANGUAGES:
            out = folder / f"report-{lang}.md"
            result = CliRunner().invoke(app, ["report", "--year", "2019", "--lang", lang, str(EXAMPLE),
                                              "-o", str(out)])
            assert result.exit_code == 0, result.output
            reports[lang] = out.read_bytes()
            final = folder / f"report-2021-{lang}.md"
            result = CliRunner().invoke(app, ["report", "--year", "2021", "--lang", lang, str(EXAMPLE),
                                              "-o", str(final)])
            assert result.exit_code == 0, result.output
            reports[f"2021-{lang}"] = final.read_bytes()
    finally:
        os.chdir(here)
        if epoch is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    return reports


@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_2019_matches_the_golden_file(lang: str, produced: dict[str, bytes]):
    matches_golden(GOLDEN / f"report-2019-{lang}.md", produced[lang])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_report_2021_matches_the_golden_file(lang: str, produced: dict[str, bytes]):
    """The end of the programme: final verdicts, the all-years table, the whole programme's budget."""
    matches_golden(GOLDEN / f"report-2021-{lang}.md", produced[f"2021-{lang}"])


def test_reports_say_the_figures_are_fictional(produced: dict[str, bytes]):
    for lang, report in produced.items():
        assert "FICTIONAL" in report.decode("utf-8"), lang


def test_dutch_report_is_in_dutch_with_dutch_numbers(produced: dict[str, bytes]):
    text = produced["nl"].decode("utf-8")
    assert text.startswith("# Jaarverslag 2019")
    assert "€\xa0417.118,01" in text  # Babel's nl_BE money format for the T3 2019 total
    assert "Tussen 2017 en 2021" in text  # the outcome in Dutch, from the logframe


def test_french_report_uses_french_number_format(produced: dict[str, bytes]):
    text = produced["fr"].decode("utf-8")
    assert text.startswith("# Rapport annuel 2019") and "417\u202f118,01\xa0€" in text


def test_english_report_uses_english_number_format(produced: dict[str, bytes]):
    text = produced["en"].decode("utf-8")
    assert text.startswith("# Annual report 2019") and "€417,118.01" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_body_names_no_file_and_no_version(lang: str, produced: dict[str, bytes]):
    """Issue 13: file names and the tool's version are the colophon's (after the last rule), never
    the body's: not a formula's document, a data file, a finding's or a reading's file and line."""
    from cicmaroc import __version__

    text = produced[lang].decode("utf-8")
    body, _rule, colophon = text.rpartition("\n---\n")
    assert body and colophon
    for internal in ("docs/", "data/", ".yaml", ".md", f"cic {__version__}"):
        assert internal not in body, (internal, [x for x in body.splitlines() if internal in x][:3])
    assert "data/monitoring/2019.yaml" in colophon and f"cic {__version__}" in colophon
