"""The end of the programme in the budget: every row consistent to the cent, a blank nature never zero,
spending on a nature the plan does not provide for a finding.

Figures are read from the FICTIONAL demo (examples/demo, whose 2021 file has Jette reporting its
investment only and Koekelberg 1,500.00 EUR of personnel on line 1) and from small FICTIONAL
copies of it in temporary folders; nothing here reads data/.
"""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

from tests.conftest import REPO
from typer.testing import CliRunner

from cicmaroc.cli.main import app

EXAMPLE = REPO / "examples" / "demo" / "data"


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def progress(year: int, data: Path = EXAMPLE) -> dict:
    result = run("progress", "--year", str(year), "--format", "json", str(data))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def money(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def test_left_is_planned_minus_spent_to_the_cent_in_every_row():
    figures = progress(2021)
    checked = 0
    for row in figures["budget"]["rows"]:
        if row["remaining"] is None or row["planned_total"] is None:
            continue
        planned, spent = money(row["planned_total"]), money(row["spent_to_date"]["value"])
        assert money(row["planned_to_date"]) == planned, row["label"]  # the last year: the same plan
        assert money(row["remaining"]["value"]) == planned - spent, row["label"]
        checked += 1
    assert checked >= 10
    total = next(r for r in figures["budget"]["rows"] if r["kind"] == "total")
    # T3 prints 2,030,531.24 for a row whose years add up to 2,030,531.25: the sum is used, and said
    assert total["total_differs"] and money(total["printed_total"]) == Decimal("2030531.24")
    assert money(total["planned_total"]) == Decimal("2030531.25")
    assert money(figures["programme"]["planned_total"]) == Decimal("2030531.25")


def test_the_report_says_which_total_a_figure_uses():
    result = run("report", "--year", "2021", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    text = result.stdout.replace("\u202f", " ").replace("\u00a0", " ")  # Babel's no-break spaces
    assert "| 2 030 531,25 € (somme des années, 2 030 531,24 € imprimé) |" in text
    assert "- Total CO : 2 030 531,24 € imprimé, 2 030 531,25 € somme des années" in text


def test_a_nature_left_blank_is_not_reported_for_that_nature():
    figures = progress(2021)
    rows = {(r["line"], r["nature"]): r for r in figures["budget"]["rows"] if r["kind"] in ("line", "nature")}
    invest, operating = rows[("partenaires", "investissement")], rows[("partenaires", "fonctionnement")]
    # Jette filled its investment: that nature has every report it expects, and is exact
    assert (invest["spent"]["reported"], invest["spent"]["expected"]) == (10, 10)
    assert invest["spent"]["bound"] == "exact" and invest["spent"]["complete"]
    assert (operating["spent"]["reported"], operating["spent"]["expected"]) == (9, 10)
    assert operating["spent"]["bound"] == "at_least" and not operating["spent"]["complete"]
    line = rows[("partenaires", None)]
    assert line["spent"]["reported"] == 9  # Jette's entry is partial: not a report of the line
    jette = next(p for p in figures["partnerships"] if p["id"] == "jette")
    assert jette["spent"]["bound"] == "at_least" and jette["spent"]["reported"] == 0


def test_status_says_partial_and_names_the_blank_nature():
    result = run("status", "--year", "2021", "--format", "json", str(EXAMPLE))
    found = json.loads(result.stdout)
    jette = next(r for r in found["reporters"] if r["reporter"] == "jette")
    assert jette["state"] == "partial"
    assert jette["missing"]["spending_natures"] == [{"line": "partenaires", "nature": "fonctionnement"}]
    assert "jette" in found["summary"]["incomplete"]
    text = run("status", "--year", "2021", "--lang", "en", str(EXAMPLE)).stdout
    assert "fonctionnement on partenaires, left blank" in " ".join(text.split())


def test_spending_on_a_nature_planned_dash_is_a_finding(tmp_path: Path):
    result = run("validate", "--format", "json", str(EXAMPLE))
    found = [f for f in json.loads(result.stdout)["findings"] if f["code"] == "CIC714"]
    assert len(found) == 1
    assert found[0]["location"]["file"].endswith("monitoring/2021.yaml")
    assert "koekelberg" in found[0]["message"]
    # an amount of 0 on the same nature says nothing was spent: no finding
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    year_file = data / "monitoring" / "2021.yaml"
    year_file.write_text(year_file.read_text(encoding="utf-8").replace("personnel: 1500.00", "personnel: 0"),
                         encoding="utf-8")
    again = json.loads(run("validate", "--format", "json", str(data)).stdout)["findings"]
    assert not [f for f in again if f["code"] == "CIC714"]


def test_a_form_prefills_only_what_somebody_entered(tmp_path: Path):
    from openpyxl import load_workbook

    from cicmaroc import api

    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    api.forms(data, 2021, tmp_path / "forms", "fr", ["jette"])
    sheet = load_workbook(tmp_path / "forms" / "2021-jette.xlsx")["Dépenses"]
    amounts = {sheet.cell(row, 3).value: sheet.cell(row, 5).value for row in range(6, sheet.max_row + 1)
               if sheet.cell(row, 1).value == "partenaires"}
    # investment as entered; operating costs left blank stay blank; personnel (T3: "-") is not asked
    assert amounts == {"investissement": 12240.11, "fonctionnement": None}


def test_the_donors_edition_holds_no_tool_text_and_the_teams_does():
    import re

    donor = run("report", "--year", "2021", "--lang", "en", str(EXAMPLE)).stdout
    internal = run("report", "--year", "2021", "--lang", "en", "--internal", str(EXAMPLE)).stdout
    body, _ = donor.split("## About this report")  # the colophon stays in both: files read
    assert not re.search(r"\bCIC\d{3}\b", donor)
    assert "cic " not in body.replace("cic 0.", "") and "data/" not in body and ".yaml" not in body
    assert "Open validation findings" not in donor and "(jette)" not in body
    assert "Open validation findings" in internal and re.search(r"\bCIC714\b", internal)
    assert "cic validate lists the open findings" in internal and "(jette)" in internal
    assert "## About this report" in internal


def test_the_whole_programme_budget_gives_each_year_the_variance_and_its_explanation():
    whole = progress(2021)["programme_budget"]
    assert whole["years"] == [2017, 2018, 2019, 2020, 2021]
    etterbeek = next(p for p in whole["partnerships"] if p["id"] == "etterbeek")
    assert [money(y["spent"]["value"]) for y in etterbeek["years"]][-1] == Decimal("41088.21")
    assert etterbeek["variance"]["bound"] == "exact"
    assert money(etterbeek["variance"]["value"]) == Decimal("153156.55") - Decimal("150145.16")
    assert etterbeek["explanation"]["fr"].startswith("*Texte FICTIF.* Etterbeek a avancé")
    jette = next(p for p in whole["partnerships"] if p["id"] == "jette")
    assert jette["variance"]["bound"] == "at_least" and jette["explanation"] is None
    line1 = next(r for r in whole["rows"] if r["kind"] == "line" and r["line"] == "partenaires")
    assert money(line1["variance"]["value"]) == money(line1["spent_to_date"]["value"]) - money(
        line1["planned_to_date"])
    assert line1["explanation"]["fr"] and line1["explanation"]["nl"] is None
    dutch = run("report", "--year", "2021", "--lang", "nl", str(EXAMPLE)).stdout
    section = dutch.split("### De begroting van het hele programma, 2017-2021", 1)[1]
    assert "**Commune d'Etterbeek: waarom de uitgaven van het plan afwijken**" in section
    assert "*FICTIEVE tekst.* Etterbeek schoot in 2021" in section


def test_an_overspend_is_flagged_beyond_the_tolerance_only(tmp_path: Path):
    found = json.loads(run("validate", "--format", "json", str(EXAMPLE)).stdout)["findings"]
    flagged = [f for f in found if f["code"] == "CIC780"]
    assert len(flagged) == 1 and flagged[0]["location"]["file"].endswith("partners/etterbeek.yaml")
    assert "153,156.55 EUR" in flagged[0]["message"] and "(102.0%)" in flagged[0]["message"]
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    (tmp_path / "cic.toml").write_text('budget-tolerance = "2.5"\n', encoding="utf-8")
    again = json.loads(run("validate", "--format", "json", str(data)).stdout)["findings"]
    assert not [f for f in again if f["code"] == "CIC780"]  # 102.0 % is within 2.5 % of the plan


def test_an_explanation_under_an_unknown_id_is_a_finding(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    narrative = data / "narrative" / "2021.yaml"
    narrative.write_text(narrative.read_text(encoding="utf-8").replace("  etterbeek:", "  etterbek:"),
                         encoding="utf-8")
    found = json.loads(run("validate", "--format", "json", str(data)).stdout)["findings"]
    assert [f["message"] for f in found if f["code"] == "CIC763"] == [
        "'etterbek' is not a budget line or a partnership; this explanation is not shown."]


def test_since_a_revision_the_report_lists_what_changed(tmp_path: Path):
    from tests.git_history import commit, git

    repo = tmp_path / "repo"
    data = repo / "data"
    shutil.copytree(EXAMPLE, data)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "sent")  # the data the donor received
    year_file = data / "monitoring" / "2021.yaml"
    year_file.write_text(year_file.read_text(encoding="utf-8").replace(
        "    etterbeek: {investissement: 11388.21, fonctionnement: 29700.00",
        "    etterbeek: {investissement: 11388.21, fonctionnement: 19700.00"), encoding="utf-8")
    result = run("report", "--year", "2021", "--lang", "en", "--since", "sent", str(data))
    assert result.exit_code == 0, result.output
    section = result.stdout.split("## Changes since the data of sent", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 1 and "etterbeek" in rows[0] and "29,700.00" in rows[0].replace("\u202f", ",")
    assert "/data/" not in section and ".yaml" not in section  # the donor's document: no file path
    commit(repo, "next")
    unchanged = run("report", "--year", "2021", "--lang", "en", "--since", "next", str(data)).stdout
    assert "Nothing in the programme's data has changed since then." in unchanged


def test_a_partial_entry_is_partial_in_the_report_and_the_json():
    figures = progress(2021)
    jette = next(p for p in figures["partnerships"] if p["id"] == "jette")
    assert jette["natures_left_blank"] == ["fonctionnement"] and jette["spent"]["bound"] == "at_least"
    assert figures["monitoring"]["partnerships_spending"] == 9  # Jette's entry is not a whole report
    text = run("report", "--year", "2021", "--lang", "fr", str(EXAMPLE)).stdout
    # the partnerships' table (the status table's row starts the same way: Belfaa, by its short name)
    budget = text[text.index("### Partenariats, suivi et dépenses"):]
    row = next(line for line in budget.splitlines() if line.startswith("| Commune de Jette | Belfaa |"))
    assert "| partiel, laissé vide\u00a0: Fonctionnement |" in row and "≥ 12\u202f240,11\u00a0€ (0/1)" in row
    terminal = run("progress", "--year", "2021", "--lang", "en", str(EXAMPLE)).stdout
    [line] = [x for x in terminal.splitlines() if "Commune de Jette" in x]
    assert ">= €12,240.11 (0/1)" in line


def test_rates_in_json_have_six_decimal_places():
    figures = progress(2021)
    rates = [r[key] for r in figures["budget"]["rows"] for key in ("rate", "rate_to_date") if r[key]]
    rates += [p["rate_to_date"] for p in figures["partnerships"] if p["rate_to_date"]]
    assert len(rates) > 10
    for rate in rates:
        assert -Decimal(rate["value"]).as_tuple().exponent == 6, rate  # never 28 or 60 digits
    line1 = next(r for r in figures["budget"]["rows"] if r["kind"] == "line" and r["line"] == "partenaires")
    assert line1["rate"]["bound"] == "at_least"
    exact = Decimal(line1["spent"]["value"]) / Decimal(line1["planned"])
    assert Decimal(line1["rate"]["value"]) <= exact < Decimal(line1["rate"]["value"]) + Decimal("0.000001")
