"""Every year side by side (`cic progress --all-years`, the report's section, the spreadsheet), on the
FICTIONAL demo (examples/demo: five years of invented monitoring)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.conftest import REPO
from typer.testing import CliRunner

from cicmaroc.cli.main import app

EXAMPLE = REPO / "examples" / "demo" / "data"


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def tracking() -> dict:
    result = run("progress", "--year", "2021", "--all-years", "--format", "json", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def measure(figures: dict, indicator: str, measure_id: str) -> dict:
    found = [m for i in figures["indicators"] if i["id"] == indicator
             for m in i["measures"] if m["id"] == measure_id]
    assert len(found) == 1
    return found[0]


def shown(value: dict | None) -> str:
    if value is None:
        return "missing"
    return value["low"] if value["exact"] else f"{value['low']}-{value['high']}"


def test_iov_1_year_by_year_with_its_milestones_and_final_verdict(tracking: dict):
    assert tracking["all_years"] and tracking["years"] == [2017, 2018, 2019, 2020, 2021]
    sas = measure(tracking, "IOV 1", "sas")
    assert [shown(v["value"]) for v in sas["values"]] == ["9", "9", "9-10", "11", "11"]
    assert [(m["id"], m["due"], m["target"], shown(m["value"]), m["verdict"]) for m in sas["milestones"]] == [
        ("year3", 2018, "12", "9", "missed"),  # "au plus tard en 2018": due in 2018
        ("year5", 2021, "12", "11", "missed")]
    assert sas["status"] == "not_achieved" and sas["shortfall"] == {"low": "1", "high": "1"}


def test_each_year_is_the_figure_of_that_years_progress(tracking: dict):
    for year in tracking["years"]:
        single = json.loads(run("progress", "--year", str(year), "--format", "json", str(EXAMPLE)).stdout)
        for group in single["indicators"]:
            for indicator in group["indicators"]:
                for x in indicator["measures"]:
                    row = measure(tracking, indicator["id"], x["id"])
                    [cell] = [v for v in row["values"] if v["year"] == year]
                    assert cell["value"] == x["value"], (indicator["id"], x["id"], year)
                    if year == tracking["year"]:
                        assert row["status"] == x["status"] and row["possible"] == x["possible"]


def test_a_milestone_not_yet_due_has_no_verdict():
    result = run("progress", "--year", "2018", "--all-years", "--format", "json", str(EXAMPLE))
    figures = json.loads(result.stdout)
    assert figures["years"] == [2017, 2018]
    projects = measure(figures, "IOV 2", "projets")  # An 3 (2019) and An 5: not yet due in 2018
    assert [m["verdict"] for m in projects["milestones"]] == ["not_due", "not_due"]
    assert all(m["value"] is None for m in projects["milestones"])


def test_the_spreadsheet_holds_the_same_table(tmp_path: Path):
    out = tmp_path / "iptt.xlsx"
    result = run("progress", "--year", "2021", "--format", "xlsx", "--lang", "fr", "-o", str(out),
                 str(EXAMPLE))
    assert result.exit_code == 0, result.output
    sheet = load_workbook(out)["IPTT"]
    assert "tableau de suivi des indicateurs 2017-2021" in sheet["A1"].value
    header = [c.value for c in sheet[2]]
    assert header[:8] == ["Indicateur", "Mesure", "Base", "2017", "2018", "2019", "2020", "2021"]
    assert header[8:] == ["An 3 (2019)", "An 5 (2021)", "Statut 2021"]
    iov1 = [c.value for c in sheet[3]]
    assert iov1[:8] == ["IOV 1", "sas", "77\u00a0% (9)", "9", "9", "9 à 10", "11", "11"]
    assert iov1[8:] == ["12: 9 (manqué)", "12: 11 (manqué)", "non atteint (manque 1)"]


def test_the_report_has_the_table_in_its_language():
    text = run("report", "--year", "2021", "--lang", "nl", str(EXAMPLE)).stdout
    section = text.split("### Alle jaren naast elkaar, 2017-2021", 1)[1].split("\n### ", 1)[0]
    [row] = [line for line in section.splitlines() if line.startswith("| **IOV 1** |")]
    assert "| 9 | 9 | 9–10 | 11 | 11 |" in row and "**gemist**" in row and "niet bereikt (tekort 1)" in row


def test_a_share_reads_with_percent_and_a_programme_yes_no_as_words():
    report = run("report", "--year", "2021", "--lang", "fr", str(EXAMPLE)).stdout
    rows = [line for line in report.splitlines() if line.startswith(("| **IOV 3** |", "| **IOV 7.2** |"))]
    iov3, iov72 = rows[-2], rows[-1]  # the results' tables (the all-years table comes first)
    assert "| 0\u00a0% | 50\u00a0% | 50\u00a0% | 50\u00a0% | 44\u00a0% |" in iov3
    assert "| non | oui | oui | oui | oui |" in iov72  # baseline 0, targets 1, achieved: yes/no
    text = run("progress", "--year", "2021", "--lang", "en", str(EXAMPLE)).stdout
    [line] = [x for x in text.splitlines() if " roi " in x]
    assert "2021: yes" in line and " 1 " not in line
