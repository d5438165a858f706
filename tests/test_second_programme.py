"""The second example programme through every command: a programme of another shape, on data alone.

examples/fictional-senegal-2022-2026 is FICTIONAL (every file says so): another country (SN) and
period (2022-2026, three milestones), Dutch first with French translations, codes such as `I1.1`,
four results, a decreasing indicator, budget lines and natures other than Morocco's, the associations
VVSG, UVCW and Brulocalis, a Belgian commune with two local partners and a local commune (Diam Fictif)
with two Belgian partners, monitoring for 2022 (complete) and 2023 (partial: Diam Fictif sent nothing,
Sint-Exemple no spending). Each test runs the command line as an officer would, on a copy whenever
the command writes, and asserts what this programme's own data implies: its years, country, labels,
codes and gaps, and nothing of Morocco's.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.conftest import REPO, external_tool, replace_in
from tests.git_history import git
from typer.testing import CliRunner

from cicmaroc.cli.main import app

EXAMPLE = REPO / "examples" / "fictional-senegal-2022-2026" / "data"
#: What no output of this programme may say: Morocco's country, period, milestones, line and
#: association ids (the words of the issue's "Morocco in every output"). ("partenaires" is not among
#: them: it is a French word of this programme's texts too.)
MOROCCO = re.compile(r"Maro[ck]|Marokk|Morocc|\b2017\b|\b2021-12|An 3|Jaar 3|Year 3|\bavcb\b"
                     r"|\bIOV\b", re.IGNORECASE)
runner = CliRunner()


def cic(*args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args))


@pytest.fixture()
def example(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    return data


def test_every_file_of_the_example_says_it_is_fictional():
    files = sorted(p for p in EXAMPLE.parent.rglob("*") if p.is_file())
    assert len(files) == 14
    for path in files:
        head = path.read_text(encoding="utf-8")[:400]
        assert re.search(r"FICTIONAL|FICTIEF|FICTIF", head), f"{path} does not say it is fictional"


# -- validate ---------------------------------------------------------------------------------------


def test_validate_accepts_the_programme_in_every_format():
    text = cic("validate", str(EXAMPLE))
    assert text.exit_code == 0, text.output
    # one Belgian commune with two local ones, one local commune with two Belgian ones: 3 communes
    assert "3 partnerships, 3 local communes, 4 results, 7 indicators, 6 activities" in text.output
    assert "0 errors, 0 warnings" in text.output
    found = json.loads(cic("validate", "-f", "json", str(EXAMPLE)).output)
    # the only finding: the partnership still being signed, said as information
    assert [(f["code"], f["severity"]) for f in found["findings"]] == [("CIC603", "info")]
    sarif = json.loads(cic("validate", "-f", "sarif", str(EXAMPLE)).output)
    assert [r["ruleId"] for r in sarif["runs"][0]["results"]] == ["CIC603"]
    github = cic("validate", "-f", "github", str(EXAMPLE))
    assert github.exit_code == 0 and "::error" not in github.output and "::warning" not in github.output


def test_a_gap_between_the_partnerships_and_their_line_is_found_whatever_the_line_is_called(example: Path):
    replace_in(example / "partners" / "exempleville.yaml", "budget_os1: 90000.00", "budget_os1: 80000.00")
    found = json.loads(cic("validate", "-f", "json", str(example)).output)
    gap = [f["message"] for f in found["findings"] if f["code"] == "CIC201"]
    assert gap == ["Line 1. Partnerschappen of T3 (grand total) is stated as 300,000.00 EUR, but the 3 "
                   "partnerships' Budget OS 1 add up to 290,000.00 EUR (difference 10,000.00 EUR)."]


# -- progress ---------------------------------------------------------------------------------------


def _measure(figures: dict, indicator: str) -> dict:  # type: ignore[type-arg]
    for block in figures["indicators"]:
        for item in block["indicators"]:
            if item["id"] == indicator:
                return item["measures"][0]  # type: ignore[no-any-return]
    raise AssertionError(indicator)


def test_progress_of_the_partial_year():
    done = cic("progress", "--year", "2023", "-f", "json", str(EXAMPLE))
    assert done.exit_code == 0, done.output
    figures = json.loads(done.output)
    # the decreasing indicator: 30 days at the baseline, 24 in 2023, 10 by 2026 is 30 % of the way
    days = _measure(figures, "I0.2")
    assert (days["direction"], days["baseline"], days["final"], days["final_id"]) == (
        "decreasing", "30", "10", "jaar5")
    assert days["value"]["low"] == days["value"]["high"] == "24" and days["progress"]["low"] == "0.3"
    assert days["status"] == "on_track"
    # Diam Fictif (two Belgian partners) sent nothing: one missing reporter, a range, no status claimed
    register = _measure(figures, "I1.1")
    assert (register["milestone_id"], register["milestone_year"]) == ("jaar2", 2023)
    assert (register["reported"], register["reporters"], register["open"]) == (2, 3, ["Diam Fictif"])
    assert (register["value"]["low"], register["value"]["high"]) == ("2", "3")
    assert register["status"] == "incomplete"
    # an indicator with no target for this year's milestone
    visits = _measure(figures, "I4.1")
    assert (visits["milestone_id"], visits["milestone"], visits["final"]) == ("jaar2", None, "6")
    partnerships = {p["id"]: p for p in figures["partnerships"]}
    assert set(partnerships) == {"voorbeeldegem", "exempleville", "sint-exemple"}
    text = cic("progress", "--year", "2023", str(EXAMPLE)).output
    assert "1. Partnerschappen" in text and "Werkingskosten" in text and "missing (0/1)" in text
    assert "2022-2023" in text and "Left of 2022-2026" in text
    assert not MOROCCO.search(text)


def test_progress_refuses_a_year_outside_the_period():
    done = cic("progress", "--year", "2021", str(EXAMPLE))
    assert done.exit_code == 2 and "give a year from 2022 to 2026" in done.output


# -- report -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_markdown_report_is_this_programme_s(lang: str):
    done = cic("report", "--year", "2023", "--lang", lang, str(EXAMPLE))
    assert done.exit_code == 0, done.output
    text = done.output
    assert not MOROCCO.search(text), MOROCCO.search(text)
    if lang == "nl":
        assert text.startswith("# Jaarverslag 2023: FICTIEF – Programma Gemeentelijke Internationale "
                               "Samenwerking Senegal 2022-2026\n")
        assert "(Jaar 2 = 2023, Jaar 4 = 2025, Jaar 5 = 2026)" in text
        assert "| Lokale gemeenten | 3 |" in text
        assert "| Gemeenten die hun opvolging bezorgden voor 2023 | 2 / 3 |" in text
        assert "*(enkel in het Frans geschreven)*" in text  # R2's narrative is in French only
        assert "1. Partnerschappen" in text and "Brulocalis" in text
        assert "| Diam Fictif | Commune d’Exempleville (fictive), Gemeente Sint-Exemple / Commune de " \
               "Saint-Exemple (fictief) | **ontbreekt** |" in text
    else:
        assert text.startswith("# Rapport annuel 2023\u00a0: FICTIF – Programme de Coopération "
                               "internationale communale Sénégal 2022-2026\n")
        assert "(An 2 = 2023, An 4 = 2025, An 5 = 2026)" in text
        # the Dutch texts without a French translation are shown as written, marked as Dutch
        assert '<span lang="nl">25 dagen' in text and "\\[nl\\]" in text
        # the French translations given in the data are used, the outcome's (`text_fr` beside its
        # Dutch `text`) too
        assert "FICTIF – D’ici 2026, les communes partenaires" in text
        assert "FICTIF – L’état civil des communes partenaires est numérisé." in text
        assert "1. Partenariats" in text and "Fonctionnement" in text


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_the_html_word_and_pdf_reports(lang: str, tmp_path: Path):
    title = {"fr": "Sénégal 2022-2026", "nl": "Senegal 2022-2026"}[lang]
    for fmt in ("html", "docx", "pdf"):
        out = tmp_path / f"report.{fmt}"
        done = cic("report", "--year", "2023", "--lang", lang, "--format", fmt, "-o", str(out), str(EXAMPLE))
        assert done.exit_code == 0, done.output
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert f'<html lang="{lang}"' in html and title in html and not MOROCCO.search(html)
    with zipfile.ZipFile(tmp_path / "report.docx") as word:
        body = word.read("word/document.xml").decode("utf-8")
    assert title in body and "Diam Fictif" in body and not MOROCCO.search(body)
    assert (tmp_path / "report.pdf").read_bytes().startswith(b"%PDF-")
    text = subprocess.run([external_tool("pdftotext"), str(tmp_path / "report.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    assert title in text and "Diam Fictif" in text and not MOROCCO.search(text)


# -- iati -------------------------------------------------------------------------------------------


def test_iati_publishes_this_country_and_period_and_passes_its_check(tmp_path: Path):
    out = tmp_path / "activity.xml"
    done = cic("iati", "--as-of", "2023", str(EXAMPLE), "-o", str(out))
    assert done.exit_code == 0, done.output
    xml = out.read_text(encoding="utf-8")
    assert '<recipient-country code="SN" percentage="100"/>' in xml
    assert '<activity-date type="2" iso-date="2022-01-01"/>' in xml
    assert '<activity-date type="3" iso-date="2026-12-31"/>' in xml
    assert '<baseline year="2021" iso-date="2021-12-31" value="30">' in xml  # I0.2's baseline
    assert "CIC-SENEGAL-2022-2026-FICTIEF" in xml and "BE-BCE_KBO-0000000295" in xml
    assert not re.search(r"\b(2016|2017|MA)\b", xml.replace('xml:lang="', ""))
    checked = cic("iati", "--check", str(out))
    assert checked.exit_code == 0 and "No problems found." in checked.output


def test_iati_writes_nothing_for_data_with_errors(example: Path, tmp_path: Path):
    replace_in(example / "budget.yaml", "outcome_total: 500000.00", "outcome_total: 500001.00")
    out = tmp_path / "activity.xml"
    done = cic("iati", "--as-of", "2023", str(example), "-o", str(out))
    assert done.exit_code == 1 and not out.exists()


# -- forms, import, status --------------------------------------------------------------------------


def test_forms_import_round_trip_fills_the_missing_commune(example: Path, tmp_path: Path):
    forms = tmp_path / "forms"
    made = cic("forms", "--year", "2023", "--lang", "nl", "-o", str(forms), str(example))
    assert made.exit_code == 0, made.output
    # every local commune once (Diam Fictif has two Belgian partners), each partnership, the
    # programme, and each association that spends a line
    assert sorted(p.name for p in forms.iterdir()) == [
        f"2023-{r}.xlsx" for r in sorted(("brulocalis", "diam-fictif", "exempleville", "keur-fictif",
                                          "ndar-fictif", "programme", "sint-exemple", "uvcw", "voorbeeldegem",
                                          "vvsg"))]
    book = load_workbook(forms / "2023-diam-fictif.xlsx")
    sheet = book["Indicatoren"]
    assert [sheet[f"A{row}"].value for row in range(6, 10)] == ["I0.1", "I1.1", "I1.2", "I2.1"]
    typed = {"F6": "ja", "F7": "ja", "F8": 3, "F9": 260}
    for cell, value in typed.items():
        sheet[cell] = value
        sheet[f"H{cell[1:]}"] = "Verslag 2023 (FICTIEF, test)"
    filled = tmp_path / "diam-fictif.xlsx"
    book.save(filled)
    imported = cic("import", "--year", "2023", "--data", str(example), str(filled))
    assert imported.exit_code == 0, imported.output
    text = (example / "monitoring" / "2023.yaml").read_text(encoding="utf-8")
    assert "  diam-fictif:\n    I0.1: {plan: true, source: 'Verslag 2023 (FICTIEF, test)'}" in text
    assert "    I1.2: {ambtenaren: 3, source: 'Verslag 2023 (FICTIEF, test)'}" in text
    status = json.loads(cic("status", "--year", "2023", "-f", "json", str(example)).output)
    row = next(r for r in status["reporters"] if r["reporter"] == "diam-fictif")
    assert row["state"] == "complete" and row["received"]["measures"] == 4
    figures = json.loads(cic("progress", "--year", "2023", "-f", "json", str(example)).output)
    assert _measure(figures, "I1.1")["value"] == {"low": "3", "high": "3", "exact": True,
                                                   "among_reported": None}
    assert cic("validate", str(example)).exit_code == 0
    assert cic("fmt", "--check", str(example)).exit_code == 0


def test_status_names_who_has_not_reported():
    done = cic("status", "--year", "2023", str(EXAMPLE))
    assert done.exit_code == 1
    # no due date is recorded for 2023 (no data/due-dates.yaml): nobody is called late, each is named
    assert "Incomplete, not yet late: sint-exemple." in done.output
    assert "Nothing received yet, not yet late: diam-fictif." in done.output
    assert "No due date is recorded for 2023" in done.output
    found = json.loads(cic("status", "--year", "2023", "-f", "json", str(EXAMPLE)).output)
    states = {r["reporter"]: r["state"] for r in found["reporters"]}
    assert states == {"exempleville": "complete", "diam-fictif": "missing", "sint-exemple": "partial",
                      "keur-fictif": "complete", "ndar-fictif": "complete", "voorbeeldegem": "complete",
                      "programme": "complete", "vvsg": "complete", "uvcw": "complete",
                      "brulocalis": "complete"}
    sint = next(r for r in found["reporters"] if r["reporter"] == "sint-exemple")
    assert sint["missing"]["spending_lines"] == ["partenariats"]
    complete = cic("status", "--year", "2022", str(EXAMPLE))
    assert complete.exit_code == 0, complete.output


# -- diff, fmt, new ---------------------------------------------------------------------------------


def test_diff_in_the_programme_s_own_terms(tmp_path: Path):
    repo = tmp_path / "repo"
    shutil.copytree(EXAMPLE, repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "v0")
    replace_in(repo / "data" / "partners" / "exempleville.yaml", "budget_os1: 90000.00",
               "budget_os1: 80000.00")
    replace_in(repo / "data" / "logframe.yaml", "text: 25 dagen\n          values: {dagen: 25}",
               "text: 20 dagen\n          values: {dagen: 20}")
    git(repo, "commit", "-qam", "change")
    found = json.loads(cic("diff", "-f", "json", "main~1", "main", str(repo / "data")).output)
    changed = {c["what"]: (c["old"], c["new"]) for c in found["changes"] if c["section"] == "indicators"}
    # the milestone is named by programme.yaml's label, with its year
    assert changed == {"I0.2 · target Year 2 (2023) · text": ("25 dagen", "20 dagen"),
                       "I0.2 · target Year 2 (2023) · dagen": ("25", "20")}
    assert [f["code"] for f in found["findings"]["introduced"]] == ["CIC201"]
    text = cic("diff", "main~1", "main", str(repo / "data"))
    assert text.exit_code == 1
    assert "exempleville · Budget OS 1: 90,000.00 → 80,000.00 (-10,000.00)" in text.output
    assert "the budget's line 1. Partnerschappen states 300,000.00 EUR (CIC201)" in text.output


def test_the_example_is_in_fmt_s_layout():
    done = cic("fmt", "--check", str(EXAMPLE))
    assert done.exit_code == 0, done.output


def test_new_files_for_a_year_of_this_period(example: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(example.parent)
    for kind in ("monitoring", "narrative", "risk-follow-up"):
        made = cic("new", kind, "2024")
        assert made.exit_code == 0, made.output
    monitoring = (example / "monitoring" / "2024.yaml").read_text(encoding="utf-8")
    # Diam Fictif once, under both its partnerships; the lines and natures of this budget
    assert monitoring.count("  diam-fictif:") == 1
    assert "(partnership exempleville, sint-exemple)" in monitoring
    assert "# vvsg: {investering: TODO, werking: TODO, personeel: TODO, source: TODO}" in monitoring
    assert "appui-technique:" in monitoring and "partenaires" not in monitoring
    assert "I4.1:" in (example / "narrative" / "2024.yaml").read_text(encoding="utf-8")
    assert "verkiezingen" in (example / "risk-follow-up" / "2024.yaml").read_text(encoding="utf-8")
    # the new year files, commented out, change nothing the validation says
    after = json.loads(cic("validate", "-f", "json", str(example)).output)
    assert [f["code"] for f in after["findings"]] == ["CIC603"]
    outside = cic("new", "monitoring", "2027")
    assert outside.exit_code == 2 and "the programme runs from 2022 to 2026" in outside.output
    assert not (example / "monitoring" / "2027.yaml").exists()
    partner = cic("new", "partner", "nieuwegem")
    assert partner.exit_code == 0, partner.output
    started = (example / "partners" / "nieuwegem.yaml").read_text(encoding="utf-8")
    assert "local_communes:" in started and "areas:" in started and "moroccan" not in started

