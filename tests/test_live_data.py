"""The live data/ goes through every feature, whatever the officers record there.

The officers record figures in data/ (monitoring, narratives, risk follow-up, readings, waivers,
the publisher file's values): no test may depend on what they have recorded so far. The tests that
need known figures read the frozen copy (tests/fixtures/morocco-2017-2021, `conftest.DATA`); these
read the live folder and assert only what holds whatever it holds: the exit code agrees with the
findings, every programme year has its report in French and Dutch, a figure nobody reported is
missing (never zero), a complete figure is exact, `cic fmt` changes no finding, and `cic iati`
writes a file only when it would pass.

Each test runs twice: on data/ as it is, and on a copy of it where the officers "have recorded"
two years of monitoring (2019 partial, 2020), a narrative and a risk follow-up. Those records are
the FICTIONAL ones of examples/demo (each file says so at its top), planted in a temporary copy
only, and only where data/ has no file of that name yet: this is the check that the suite still
passes once data/monitoring/2019.yaml exists.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import LIVE_DATA, REPO
from typer.testing import CliRunner

from cicmaroc import api
from cicmaroc.cli.main import app
from cicmaroc.loading.loader import load_programme

DEMO = REPO / "examples" / "demo" / "data"
#: The FICTIONAL records planted in the copy: the demo's, files the live data/ does not have yet.
PLANTED = ("monitoring/2019.yaml", "monitoring/2020.yaml", "narrative/2019.yaml", "risk-follow-up/2019.yaml")

runner = CliRunner()


def planted_copy(target: Path) -> Path:
    """A copy of the live data/ with the FICTIONAL records of examples/demo added where absent."""
    shutil.copytree(LIVE_DATA, target)
    for relative in PLANTED:
        if not (target / relative).exists():
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(DEMO / relative, target / relative)
    return target


@pytest.fixture(scope="module", params=["as it is", "with records planted"])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The live data/ (read only), or a copy of it with two years of FICTIONAL records."""
    if request.param == "as it is":
        return LIVE_DATA
    return planted_copy(tmp_path_factory.mktemp("live") / "data")


def programme_years(data_dir: Path) -> list[int]:
    """The programme's years, as its budget states them (the T3 table's columns)."""
    loaded, _ = load_programme(data_dir)
    assert loaded.budget is not None, "data/budget.yaml could not be read"
    return [int(year) for year in loaded.budget.model.years]


def test_the_planted_records_are_read(tmp_path: Path):
    """The second run is worth something: the planted files are there and counted."""
    planted = planted_copy(tmp_path / "data")
    files = [entry["file"] for entry in api.progress(planted, 2019)["monitoring"]["files"]]
    assert any(file.endswith("/monitoring/2019.yaml") for file in files), files
    text = api.report(planted, 2019, "fr")
    assert isinstance(text, str) and "Aucun résumé n’a été rédigé pour cette année." not in text


def test_validate_exit_code_agrees_with_its_findings(live: Path):
    result = runner.invoke(app, ["validate", str(live), "--format", "json"])
    document = json.loads(result.stdout)
    failing = document["summary"]["errors"] + document["summary"]["warnings"]
    assert result.exit_code == (1 if failing else 0), result.output
    loaded = document["summary"]["loaded"]
    assert loaded["partnerships"] == len(list((live / "partners").glob("*.yaml")))
    active = Counter(f["severity"] for f in document["findings"] if f["waived"] is None)
    summary = document["summary"]
    assert (active["error"], active["warning"]) == (summary["errors"], summary["warnings"])


def test_every_year_has_its_report_in_french_and_dutch(live: Path):
    titles = {"fr": "# Rapport annuel {year}", "nl": "# Jaarverslag {year}"}
    for year in programme_years(live):
        for lang, title in titles.items():
            text = api.report(live, year, lang)
            assert isinstance(text, str) and text.startswith(title.format(year=year)), (year, lang, text[:80])


def _reports(figures: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(indicator["id"], report) for group in figures["indicators"]
            for indicator in group["indicators"] for report in indicator["reports"]]


def test_what_nobody_reported_is_missing_never_zero(live: Path):
    for year in programme_years(live):
        figures = api.progress(live, year)
        for indicator, report in _reports(figures):
            if not report["reported"]:
                assert set(report["values"].values()) == {None}, (year, indicator, report)
                assert report["source"] is None, (year, indicator, report)
        for row in figures["budget"]["rows"]:
            spent = row["spent"]
            said = (year, row["label"], spent)
            if spent["not_recorded"]:  # no spending at all for the year: not recorded, never zero
                assert spent["value"] is None and spent["bound"] is None, said
                continue
            if spent["not_asked"]:  # nobody asked (nothing planned), nobody spent: not reported, never zero
                assert spent["value"] is None and spent["bound"] is None and not spent["expected"], said
                continue
            if spent["expected"] and not spent["reported"]:  # expected, and nobody reported: missing
                assert spent["value"] is None, said
            # exact only when every expected spender reported
            assert (spent["bound"] == "exact") == (spent["reported"] == spent["expected"]), said
        for partnership in figures["partnerships"]:
            assert all(missing <= year for missing in partnership["years_missing"]), partnership
            assert set(partnership["years_missing"]).isdisjoint(partnership["years_reported"]), partnership


def test_status_counts_what_came_in_against_what_was_expected(live: Path):
    for year in programme_years(live):
        found = api.status(live, year)
        assert found["reporters"], year
        for reporter in found["reporters"]:
            expected, received, missing = reporter["expected"], reporter["received"], reporter["missing"]
            assert received["measures"] + len(missing["measures"]) == expected["measures"], reporter
            lines = received["spending_lines"] + len(missing["spending_lines"])
            assert lines == expected["spending_lines"], reporter
            nothing_missing = not missing["measures"] and not missing["spending_lines"]
            assert (reporter["state"] == "complete") == (nothing_missing and not missing["sources"]
                                                          and not missing["spending_sources"]), reporter


def test_fmt_changes_no_finding(live: Path, tmp_path: Path):
    copy = tmp_path / "data"
    shutil.copytree(live, copy)
    before = Counter((f.code, f.message, f.waived) for f in api.validate(copy).findings)
    result = runner.invoke(app, ["fmt", str(copy)])
    assert result.exit_code == 0, result.output
    assert Counter((f.code, f.message, f.waived) for f in api.validate(copy).findings) == before


def test_iati_writes_a_file_only_when_it_would_pass(live: Path, tmp_path: Path):
    years = programme_years(live)
    out = tmp_path / "out" / "programme.xml"
    out.parent.mkdir()
    run = api.validate(live)
    errors = [f for f in run.findings.failing() if f.severity.value == "error"]
    result = runner.invoke(app, ["iati", str(live), "--as-of", str(years[-1]), "-o", str(out)])
    if errors:
        assert result.exit_code == 1 and list(out.parent.iterdir()) == [], result.output
    else:
        assert result.exit_code == 0, result.output
        checked = runner.invoke(app, ["iati", "--check", str(out), "--as-of", str(years[-1])])
        assert checked.exit_code == 0, checked.output
