"""`cic report --format html|docx|pdf`: each document opened by the program a reader would use.

The HTML page is loaded in Debian's chromium (through puppeteer): not blank, no request, no
console error, the key figures present. The Word file is read back with python-docx (heading
styles, the tables cell for cell, one picture per chart) and converted by LibreOffice; the PDF is
A4 and its first page, drawn by poppler, is not blank. Every format agrees with the Markdown figure
for figure: the cells of every table are the Markdown's. Outside CI a missing tool skips with the
reason; under CI=true it fails (.ci/run installs chromium, poppler and LibreOffice).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import subprocess
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import DATA, REPO, external_tool, external_tool_missing
from typer.testing import CliRunner

from cicmaroc import api
from cicmaroc.cli.main import app
from cicmaroc.report.markdown_tree import parse

EXAMPLE = REPO / "examples" / "demo" / "data"
LANGUAGES = ("fr", "nl", "en")


@pytest.fixture(scope="module")
def reports() -> dict[tuple[str, str], Any]:
    """The 2019 report of the example, per (format, language)."""
    made: dict[tuple[str, str], Any] = {}
    for lang in LANGUAGES:
        made["md", lang] = api.report(EXAMPLE, 2019, lang, fmt="md")
        made["html", lang] = api.report(EXAMPLE, 2019, lang, fmt="html")
    made["docx", "fr"] = api.report(EXAMPLE, 2019, "fr", fmt="docx")
    return made


def _markdown_tables(markdown: str) -> list[list[list[str]]]:
    """Every table of the Markdown report, as rows of cell texts (what a reader sees in the cell)."""
    tables = []
    for node in parse(markdown).walk():
        if node.type == "table":
            rows = [tr for part in node.children for tr in part.children]
            tables.append([[_text(cell) for cell in tr.children] for tr in rows])
    return tables


def _text(node: Any) -> str:
    if node.type in ("text", "code_inline"):
        return str(node.content)
    if node.type == "footnote_ref":
        return f"[{int(node.meta.get('id', 0)) + 1}]"
    return "".join(_text(child) for child in node.children)


def _key_figures(markdown: str) -> list[str]:
    """The T3 "spent 2019" column of the budget table and the status counts, as the Markdown prints them."""
    tables = _markdown_tables(markdown)
    budget = next(t for t in tables if len(t[0]) == 8)  # item, planned, spent, rate ... (budget.md.j2)
    status = next(t for t in tables if len(t[0]) == 3 and t[1][1].isdigit())
    spent = [row[2] for row in budget[1:] if row[2] not in ("", "—")]
    assert spent and any("57" in cell for cell in spent), spent
    return [*spent, *(cell for row in status[1:] for cell in row)]


# -- HTML ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_html_page_in_a_real_browser(lang: str, reports: dict[tuple[str, str], Any], tmp_path: Path):
    chromium = external_tool("chromium", "chromium-browser")
    node = external_tool("node")
    if not (REPO / "node_modules" / "puppeteer").is_dir():
        external_tool_missing("puppeteer is not installed: run `PUPPETEER_SKIP_DOWNLOAD=1 npm ci`")
    page = tmp_path / f"report-{lang}.html"
    page.write_text(reports["html", lang], encoding="utf-8")
    shot = tmp_path / "shot.png"
    done = subprocess.run([node, str(REPO / "tests" / "browser_check.mjs"), str(page), str(shot), chromium],
                          capture_output=True, text=True, timeout=180, cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr
    seen = json.loads(done.stdout)
    assert seen["requests"] == [] and seen["console_errors"] == [] and seen["page_errors"] == []
    assert seen["svgs"] == 2  # the progress and budget charts, inline
    from PIL import Image

    with Image.open(shot) as image:
        colours = image.convert("L").getextrema()
    assert colours[0] < 100 < colours[1], "the screenshot is blank"
    text = " ".join(seen["text"].split())
    for figure in _key_figures(reports["md", lang]):
        assert " ".join(figure.split()) in text, figure


@pytest.mark.parametrize("lang", LANGUAGES)
def test_html_tables_are_the_markdown_tables(lang: str, reports: dict[tuple[str, str], Any]):
    from lxml import html

    tree = html.fromstring(reports["html", lang])
    tables = [[["".join(cell.itertext()) for cell in tr.findall("./*")] for tr in table.iter("tr")]
              for table in tree.iter("table")]
    assert tables == _markdown_tables(reports["md", lang])
    assert "<script" not in reports["html", lang] and "http://" not in reports["html", lang].split("<svg")[0]
    assert "default-src 'none'" in reports["html", lang]


def test_no_tool_internals_in_the_body(reports: dict[tuple[str, str], Any]):
    for lang in LANGUAGES:
        body, _, colophon = reports["md", lang].rpartition("\n---\n")
        assert "data/monitoring/" not in body and "cic 0." not in body
        assert "data/monitoring/2019.yaml" in colophon and "cic 0." in colophon


# -- Word -----------------------------------------------------------------------------------------


def test_the_word_document_read_back(reports: dict[tuple[str, str], Any]):
    import docx

    document = docx.Document(io.BytesIO(reports["docx", "fr"]))
    styles = [p.style.name for p in document.paragraphs if p.style.name.startswith(("Title", "Heading"))]
    assert styles[0] == "Title" and styles.count("Title") == 1
    assert {"Heading 1", "Heading 2", "Heading 3"} <= set(styles)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:2] == ["Résumé", "Résultats, 2019"] and "Annexes" in headings
    # (a line break in a cell, before the evidence files under a source, is the Markdown's <br>)
    tables = [[[cell.text.replace("\n", "") for cell in row.cells] for row in table.rows]
              for table in document.tables]
    assert tables == _markdown_tables(reports["md", "fr"])  # figure for figure, cell for cell
    assert len(document.inline_shapes) == 2  # one picture per chart


def test_the_word_document_in_libreoffice(reports: dict[tuple[str, str], Any], tmp_path: Path):
    """LibreOffice lays it out: page 1 is A4 upright; the results (ten-column indicator tables)
    are on pages turned sideways, where no header word is cut ("Indic ateur", "Progrè s" were)."""
    soffice = external_tool("soffice", "libreoffice")
    source = tmp_path / "report.docx"
    source.write_bytes(reports["docx", "fr"])
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0 and (tmp_path / "report.pdf").stat().st_size > 10_000, done.stderr
    _not_blank_a4(tmp_path / "report.pdf", tmp_path)
    text = subprocess.run([external_tool("pdftotext"), "-layout", str(tmp_path / "report.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    results = next(i for i, page in enumerate(pages) if page.lstrip().startswith("Résultats, 2019"))
    info = subprocess.run([external_tool("pdfinfo"), "-f", str(results + 1), "-l", str(results + 1),
                           str(tmp_path / "report.pdf")], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page") and "size" in line)
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split(" x "))
    assert abs(width - 842) < 2 and abs(height - 595) < 2, size  # A4 sideways
    # the results' tables (the all-years table, whose columns are years, has its own header)
    headers = [line.split() for line in text.splitlines()
               if line.lstrip().startswith("Indic") and "Mesure" in line and "2017" not in line]
    assert len(headers) >= 8  # the outcome's and each result's table, its header repeated on each page
    for words in headers:
        assert words[:2] == ["Indicateur", "Mesure"] and "Progrès" in words and "Rapports" in words, words


def test_the_word_document_says_its_language_title_author_and_date(monkeypatch: pytest.MonkeyPatch):
    """Not python-docx's en-US, "python-docx" and 2013: the report's language, title, cic and date;
    and with SOURCE_DATE_EPOCH, the same bytes twice (every zip entry dated the report's day)."""
    import docx
    from docx.oxml.ns import qn

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")  # 2020-01-01
    first = api.report(EXAMPLE, 2019, "nl", fmt="docx")
    time.sleep(2.1)  # a zip entry's time has two-second steps: a later second would show
    assert isinstance(first, bytes) and first == api.report(EXAMPLE, 2019, "nl", fmt="docx")
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {entry.date_time for entry in package.infolist()} == {(2020, 1, 1, 0, 0, 0)}
        styles = package.read("word/styles.xml").decode()
    assert re.findall(r'<w:lang w:val="([^"]+)"', styles) == ["nl-BE"]
    core = docx.Document(io.BytesIO(first)).core_properties
    assert (core.title, core.author, core.comments, core.language) == ("Jaarverslag 2019", "cic", "", "nl-BE")
    assert core.created == core.modified == dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
    from cicmaroc.report.word_document import to_docx

    english = docx.Document(io.BytesIO(to_docx("# Annual report 2019\n", {}, lang="en")))
    lang = english.styles.element.find(f".//{qn('w:docDefaults')}//{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "en-GB"


def test_every_table_column_holds_its_longest_word(reports: dict[tuple[str, str], Any]):
    """Each Word column is at least as wide as its longest word needs, so no word is split."""
    import docx
    from docx.shared import Mm

    from cicmaroc.report.word_document import CELL_MARGINS_MM, CHARACTER_MM

    document = docx.Document(io.BytesIO(reports["docx", "fr"]))
    checked = 0
    for table in document.tables:
        for column in table.columns:
            longest = max(len(word) for cell in column.cells for word in re.split(r"[ \n]+", cell.text))
            assert column.width >= Mm(CELL_MARGINS_MM + longest * CHARACTER_MM) - 1, (
                [c.text for c in column.cells][:2])
            checked += 1
    assert checked > 200
    orientation = [round(s.page_width.mm) for s in document.sections]
    assert orientation[0] == 210 and 297 in orientation  # upright, and sideways where a table needs it


def test_reference_docx_gives_the_look(tmp_path: Path):
    import docx
    from docx.shared import Mm, Pt

    reference = docx.Document()
    reference.styles["Heading 1"].font.size = Pt(23)
    section = reference.sections[0]
    section.page_width, section.page_height = Mm(297), Mm(210)
    reference.add_paragraph("This text of the reference must not appear in the report.")
    reference.save(str(tmp_path / "look.docx"))
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(app, ["report", "--year", "2019", str(EXAMPLE), "--format", "docx",
                                      "--reference-docx", str(tmp_path / "look.docx"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    made = docx.Document(str(out))
    assert made.styles["Heading 1"].font.size == Pt(23)
    assert abs(made.sections[0].page_width.mm - 297) < 0.1  # landscape, as the reference
    assert made.paragraphs and all("reference must not appear" not in p.text for p in made.paragraphs)


# -- PDF ------------------------------------------------------------------------------------------


def _not_blank_a4(pdf: Path, folder: Path) -> None:
    pdftoppm, pdfinfo = external_tool("pdftoppm"), external_tool("pdfinfo")
    info = subprocess.run([pdfinfo, str(pdf)], capture_output=True, text=True, check=True).stdout
    size = next(line for line in info.splitlines() if line.startswith("Page size"))
    width, height = (float(v) for v in size.split(":")[1].split("pts")[0].split(" x "))
    assert abs(width - 595) < 2 and abs(height - 842) < 2, size  # A4 in points
    subprocess.run([pdftoppm, "-f", "1", "-l", "1", "-r", "40", "-png", str(pdf), str(folder / "page")],
                   check=True, timeout=120)
    from PIL import Image

    with Image.open(next(folder.glob("page*.png"))) as image:
        low, high = image.convert("L").getextrema()
    assert low < 100 < high, "page 1 is blank"


def test_the_pdf_is_a4_and_not_blank(tmp_path: Path):
    external_tool("chromium", "chromium-browser")
    out = tmp_path / "r.pdf"
    result = CliRunner().invoke(app, ["report", "--year", "2019", "--lang", "nl", str(EXAMPLE),
                                      "--format", "pdf", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    _not_blank_a4(out, tmp_path)
    text = subprocess.run([external_tool("pdftotext"), str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Samenvatting" in text and "Risico’s en hun opvolging" in text


def test_the_pdf_is_reproducible_with_source_date_epoch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Chromium dates the PDF when it prints; cic dates it the report's day: the same bytes twice."""
    external_tool("chromium", "chromium-browser")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577836800")  # 2020-01-01
    first = api.report(EXAMPLE, 2019, "en", fmt="pdf")
    time.sleep(1.1)  # Chromium's dates count seconds
    assert isinstance(first, bytes) and first == api.report(EXAMPLE, 2019, "en", fmt="pdf")
    (tmp_path / "r.pdf").write_bytes(first)
    info = subprocess.run([external_tool("pdfinfo"), "-isodates", str(tmp_path / "r.pdf")],
                          capture_output=True, text=True, check=True).stdout  # poppler reads it whole
    assert "CreationDate:    2020-01-01T00:00:00Z" in info and "ModDate:         2020-01-01T00:00:00Z" in info


def test_pdf_without_a_browser_is_a_plain_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("CIC_CHROMIUM", "no-such-browser-for-cic")
    out = tmp_path / "r.pdf"
    result = CliRunner().invoke(app, ["report", "--year", "2019", str(EXAMPLE), "--format", "pdf",
                                      "-o", str(out)])
    assert result.exit_code == 2
    assert "Chromium" in result.output and "apt install chromium" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_reference_docx_only_with_docx(tmp_path: Path):
    result = CliRunner().invoke(app, ["report", "--year", "2019", str(EXAMPLE), "--format", "html",
                                      "--reference-docx", str(tmp_path / "x.docx")])
    assert result.exit_code == 2 and "--format docx" in result.output


def test_only_an_unusable_reference_is_blamed_on_reference_docx(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch):
    """A reference that is not a Word document is named; an error while the report is laid out
    (without any reference) is not reported as "--reference-docx None: not a Word document"."""
    from cicmaroc.report import word_document

    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"not a zip archive")
    out = tmp_path / "r.docx"
    result = CliRunner().invoke(app, ["report", "--year", "2019", str(EXAMPLE), "--format", "docx",
                                      "--reference-docx", str(bad), "-o", str(out)])
    assert result.exit_code == 2 and "not a Word document that can be used as a reference" in result.output
    assert not out.exists()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ValueError("All strings must be XML compatible")

    monkeypatch.setattr(word_document._Writer, "block", broken)
    with pytest.raises(ValueError, match="XML compatible"):
        api.report(EXAMPLE, 2019, "fr", fmt="docx")


# -- narrative and risks in the report -------------------------------------------------------------


def test_the_report_shows_what_was_written_and_says_where_nothing_was(reports: dict[tuple[str, str], Any]):
    fr, nl, en = (reports["md", lang] for lang in LANGUAGES)
    assert "*Texte FICTIF d'exemple.*" in fr and "*FICTIEVE voorbeeldtekst.*" in nl
    assert "Rien n’a été rédigé sur ce résultat pour cette année." in fr  # OS1, R3 ...
    assert "*(rédigé en néerlandais seulement)*" in fr  # R4 is written in Dutch only
    assert "*(written in French only)*" in en
    assert "Risques et leur suivi" in fr and "médiation par le coordinateur local" in fr


def test_the_annex_gives_the_source_of_every_spending_report(reports: dict[tuple[str, str], Any]):
    annex = reports["md", "en"].split("#### Spending", 1)[1].split("\n### ", 1)[0]
    rows = [line for line in annex.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == 10  # 9 partnerships (La Hulpe sent nothing) and the AVCB's Siège line
    source = '<span lang="fr">Comptes AVCB 2019 (fictif)</span>'  # the reporter's words, in French
    # the line and the association as the data names them (fr, label_nl): in French for an English reader
    line = '<span lang="fr">4. Siège</span> \\[fr\\]'
    avcb = '<span lang="fr">Programme commun - AVCB</span> \\[fr\\]'
    assert f"| {line} | {avcb} | {source} |" in rows
    assert not any("La Hulpe" in row for row in rows)


def test_real_data_report_has_no_invented_narrative():
    text = api.report(DATA, 2019, "fr", fmt="md")
    assert isinstance(text, str)
    assert "Aucun résumé n’a été rédigé pour cette année." in text
    assert "FICTI" not in text.split("\n---\n")[0]
    assert "Aucun suivi des risques n’a été enregistré pour 2019." in text


def test_reports_are_reproducible_with_source_date_epoch(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1577750400")
    first = api.report(EXAMPLE, 2019, "en", fmt="html")
    assert first == api.report(EXAMPLE, 2019, "en", fmt="html")
    assert os.environ["SOURCE_DATE_EPOCH"] == "1577750400"


def test_a_narrative_list_stays_the_narrative_s(reports: dict[tuple[str, str], Any]):
    """R1's narrative ends with a two-item list; the indicators' list after the table is another list."""
    from lxml import html

    tree = html.fromstring(reports["html", "fr"])
    lists = [[" ".join("".join(li.itertext()).split()) for li in ul.findall("li")] for ul in tree.iter("ul")]
    narrative = next(items for items in lists if any(i.startswith("adoption en conseil") for i in items))
    assert len(narrative) == 2
