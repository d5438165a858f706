"""One way to show a value (issue 24, item 8): what a reader sees for a line nobody was asked about,
for a commune's name, and for a cell T3 prints "-".

Read from the FICTIONAL demo (examples/demo) and from small FICTIONAL copies of it in temporary
folders; nothing here reads data/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import REPO
from typer.testing import CliRunner

from cicmaroc.cli.main import app

EXAMPLE = REPO / "examples" / "demo" / "data"


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout.replace("\u202f", " ").replace("\u00a0", " ")  # Babel's no-break spaces


def row(report: str, label: str, after: str) -> list[str]:
    """The cells of the first table row labelled `label` after the heading line `after`."""
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(after))
    found = next(line for line in lines[start:] if line.startswith(f"| {label} |"))
    return [cell.strip() for cell in found.strip("|").split("|")]


@pytest.mark.parametrize(("lang", "heading", "line", "said"), [
    ("fr", "## Budget prévu et dépensé, 2021", "**2. Collaborations**", "non transmis"),
    ("nl", "## Gepland en uitgegeven budget, 2021", "**2. Samenwerkingen**", "niet bezorgd"),
])
def test_a_line_nobody_was_asked_about_is_not_reported_never_zero(lang: str, heading: str, line: str,
                                                                   said: str) -> None:
    # nothing is planned on the collaborations line in any year: nobody is asked to report on it
    report = run("report", "--year", "2021", "--lang", lang, str(EXAMPLE))
    cells = row(report, line, heading)
    assert cells[2] == said and cells[5] == said  # spent in 2021, spent to date
    assert "0,00 €" not in cells
    figures = json.loads(run("progress", "--year", "2021", "--format", "json", str(EXAMPLE)))
    collaborations = next(r for r in figures["budget"]["rows"]
                          if r["kind"] == "line" and r["line"] == "collaborations")
    assert collaborations["spent"]["value"] is None and collaborations["spent"]["not_asked"]
    siege = next(r for r in figures["budget"]["rows"] if r["kind"] == "line" and r["line"] == "siege")
    assert siege["spent"]["value"] is not None and not siege["spent"]["not_asked"]  # asked, reported


@pytest.mark.parametrize(("lang", "full_names"), [
    ("fr", "Noms complets des communes que les tableaux désignent par leur nom court"),
    ("nl", "Volledige namen van de gemeenten die de tabellen met hun korte naam aanduiden"),
])
def test_a_commune_is_named_one_way_its_full_name_once(lang: str, full_names: str) -> None:
    # the demo's Aït Baha: "Ait Baha" in the outcome sheet's list, "Commune d'Aït Baha" on its sheet
    report = run("report", "--year", "2021", "--lang", lang, str(EXAMPLE))
    tables = "\n".join(line for line in report.splitlines() if line.startswith("|"))
    assert "| Ait Baha |" in tables and "Commune d'Aït Baha" not in tables
    assert "Commune rurale d'Amerzgane" not in tables and "Al Hoceima" not in tables
    assert report.count("Commune d'Aït Baha") == 1 and report.count("Commune d'Al Hoceima") == 1
    key = next(line for line in report.splitlines() if line.startswith(full_names))
    assert "Ait Baha (Commune d'Aït Baha)" in key and "Al-Hoceima (Commune d'Al Hoceima)" in key
    assert "Auderghem" not in key  # named one way already: its sheet gives no other name


# -- a cell T3 prints "-" shows "-" -------------------------------------------------------------

#: In the demo's T3 (as in the document's), line 1's Personnel is "-" every year, and so are every
#: nature of lines 2 and 3 and Siège's Investissement; Koekelberg spent 1,500 € of personnel on
#: line 1 in 2021 (CIC714).
DASHES = {
    "fr": {"heading": "## Budget prévu et dépensé, 2021", "line1": "**1. Partenaires**",
           "personnel": "Personnel", "investment": "Investissement", "siege": "**4. Siège**",
           "spent": "1 500,00 €", "whole": "### Le budget de tout le programme",
           "key": "« - » : le plan imprime « - » dans cette case", "unasked": "non transmis"},
    "nl": {"heading": "## Gepland en uitgegeven budget, 2021", "line1": "**1. Partners**",
           "personnel": "Personeel", "investment": "Investering", "siege": "**4. Hoofdzetel**",
           "spent": "€ 1.500,00", "whole": "### De begroting van het hele programma",
           "key": "„-”: het plan drukt „-” af in deze cel", "unasked": "niet bezorgd"},
}


def _after(lines: list[str], first: str, *then: str) -> int:
    """The index of the line starting with the last of `then`, found in order after `first`."""
    at = next(i for i, line in enumerate(lines) if line.startswith(first))
    for text in then:
        at = next(i for i in range(at + 1, len(lines)) if lines[i].startswith(text))
    return at


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_cell_t3_prints_dash_shows_dash_in_the_report(lang: str) -> None:
    said = DASHES[lang]
    report = run("report", "--year", "2021", "--lang", lang, str(EXAMPLE))
    lines = report.splitlines()
    personnel = lines[_after(lines, said["heading"], f"| {said['line1']} |", f"| {said['personnel']} |")]
    cells = [c.strip() for c in personnel.strip("|").split("|")]
    # planned "-", the 1,500 spent shown, no rate, "-" to date, and nothing "left" of a dash; to
    # date the 1,500 is all there is: nobody was asked about this nature, and every entry came in
    assert cells[1:] == ["-", said["spent"], "—", "-", said["spent"], "—", "—"]
    for line in ("**2.", "**3."):
        at = _after(lines, said["heading"], f"| {line}")
        for row in lines[at + 1:at + 4]:  # its three natures
            assert row.split("|")[2].strip() == "-" and row.split("|")[5].strip() == "-"
    siege = lines[_after(lines, said["heading"], f"| {said['siege']} |", f"| {said['investment']} |")]
    siege_cells = [c.strip() for c in siege.strip("|").split("|")]
    assert siege_cells[1::3] == ["-", "-", "—"]
    # a nature nobody is asked to fill, on which nobody wrote: not reported, never 0,00 €
    assert siege_cells[2] == siege_cells[5] == said["unasked"]
    whole = lines[_after(lines, said["whole"], f"| {said['line1']} |", f"| {said['personnel']} |")]
    cells = [c.strip() for c in whole.strip("|").split("|")]
    assert all(c.endswith(" / -") for c in cells[1:6]) and cells[6:] == ["-", said["spent"], "—", "—"]
    assert sum(line.startswith(said["key"]) for line in lines) == 2  # under both budget tables


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_cell_t3_prints_dash_shows_dash_in_cic_progress(lang: str) -> None:
    said = DASHES[lang]
    text = run("progress", "--year", "2021", "--lang", lang, str(EXAMPLE)).splitlines()
    start = next(i for i, line in enumerate(text) if said["line1"].strip("*") in line)
    personnel = next(line for line in text[start:] if line.strip("│ ").startswith(said["personnel"]))
    cells = [c.strip() for c in personnel.strip("│").split("│")]
    assert cells[1:] == ["-", said["spent"], "—", "-", said["spent"], "—", "—"]
    assert "-1 500" not in "\n".join(text) and "-1.500" not in "\n".join(text)


def test_a_cell_t3_prints_dash_in_the_json_keeps_its_amount_and_says_it() -> None:
    figures = json.loads(run("progress", "--year", "2021", "--format", "json", str(EXAMPLE)))
    rows = {(r["line"], r["nature"]): r for r in figures["budget"]["rows"]}
    personnel = rows["partenaires", "personnel"]
    assert personnel["planned"] == "0" and personnel["planned_total"] == "0"  # as before: a machine's sum
    assert personnel["dashes"] == ["planned", "planned_to_date", "planned_total", "printed_total"]
    assert personnel["spent"]["value"] == "1500.00"
    assert personnel["rate"] is None and personnel["remaining"] is None  # nothing computed from a "-"
    assert "dashes" not in rows["partenaires", "investissement"] and "dashes" not in rows["siege", None]
    whole = next(r for r in figures["programme_budget"]["rows"]
                 if (r["line"], r["nature"]) == ("partenaires", "personnel"))
    assert whole["variance"] is None and whole["dashes"] == ["planned_total", "planned_to_date"]
    assert all(y["dashes"] == ["planned"] and y["planned"] == "0" for y in whole["years"])
    uvcw = next(a for a in figures["budget"]["associations"] if a["id"] == "uvcw")
    assert [r.get("dashes", []) for r in uvcw["rows"]] == [["planned", "planned_total"]] * 3 + [[]]


def _line1_personnel(rows: list[list[str]], lang: str) -> list[str]:
    """The first table row of line 1's Personnel (after the row of line 1) among `rows` (cell texts)."""
    said = DASHES[lang]
    line1 = next(i for i, r in enumerate(rows) if r and r[0] == said["line1"].strip("*"))
    return next(r for r in rows[line1:] if r and r[0] == said["personnel"])


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_cell_t3_prints_dash_shows_dash_in_html_and_word(lang: str) -> None:
    import io

    import docx
    from lxml import html

    from cicmaroc import api

    said = DASHES[lang]
    expected = ["-", said["spent"], "—", "-", said["spent"], "—", "—"]
    page = html.fromstring(api.report(EXAMPLE, 2021, lang, fmt="html"))
    rows = [[" ".join(cell.text_content().split()) for cell in tr.xpath("./th|./td")]
            for tr in page.iter("tr")]
    assert _line1_personnel(rows, lang)[1:] == expected
    document = docx.Document(io.BytesIO(api.report(EXAMPLE, 2021, lang, fmt="docx")))
    rows = [[" ".join(cell.text.split()) for cell in row.cells] for table in document.tables
            for row in table.rows]
    assert _line1_personnel(rows, lang)[1:] == expected


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_cell_t3_prints_dash_shows_dash_in_the_pdf(lang: str, tmp_path: Path) -> None:
    import re
    import subprocess

    from tests.conftest import external_tool

    external_tool("chromium", "chromium-browser")
    out = tmp_path / "report.pdf"
    run("report", "--year", "2021", "--lang", lang, str(EXAMPLE), "--format", "pdf", "-o", str(out))
    text = subprocess.run([external_tool("pdftotext"), "-layout", str(out), "-"], capture_output=True,
                          text=True, check=True).stdout.replace("\u202f", " ").replace("\u00a0", " ")
    said = DASHES[lang]
    # the budget table's row: Personnel, "-" planned, the 1,500 spent, no rate, "-" to date, the
    # 1,500 to date, no rate, nothing left of a dash
    spent = re.escape(said["spent"])
    row = re.compile(rf"^\s*{said['personnel']}\s+-\s+{spent}\s+—\s+-\s+{spent}\s+—\s+—", re.M)
    assert row.search(text), text[:3000]


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_a_numbered_budget_line_first_in_a_list_item_is_no_list_of_its_own(lang: str) -> None:
    """The list of totals that differ from their years began "- 4. Siège : …": Markdown read it as
    an ordered list starting at 4 inside the bullet, a list within a list in HTML, Word and PDF (and
    to a screen reader). The label is written literally; the item reads "4. Siège …" as printed."""
    from lxml import html

    from cicmaroc import api
    from cicmaroc.report.markdown import item_start

    assert str(item_start("4. Siège")) == "4\\. Siège" and str(item_start("Total CO")) == "Total CO"
    assert str(item_start("- x")) == "\\- x" and str(item_start("4.5 %")) == "4.5 %"
    page = html.fromstring(api.report(EXAMPLE, 2021, lang, fmt="html"))
    assert page.xpath("//li/ol") == []
    items = [" ".join(li.text_content().split()) for li in page.xpath("//ul/li")]
    assert any(item.startswith(DASHES[lang]["siege"].strip("*")) for item in items)
