"""Documents everyone can read, checked with the tools readers and their checkers use.

The example programme's 2019 report (examples/demo: its monitoring and narrative are FICTIONAL)
in each format:

- HTML: axe-core (the version pinned in package.json) in Debian's chromium finds no violation of
  WCAG 2.0/2.1 A and AA nor of its best practices, in French, Dutch and English; every passage in
  the programme's language inside a Dutch page (and a Dutch narrative inside a French one) carries
  its `lang`; each chart is an image with a text alternative; each table a caption and column
  headers with their scope.
- Markdown: each Mermaid chart has its accessible title and description (accTitle, accDescr).
- Word: the passages' runs carry their language, each chart picture its description, each table
  its title, and a TOC field follows the title; LibreOffice opens it and finds the table of
  contents, the French text and the images' descriptions.
- PDF: poppler's `pdfinfo -struct` reports no error, its bookmarks are the headings (`pdftohtml
  -xml`), its metadata stream and creator are there; its structure (read with pikepdf) has a Figure
  with /Alt per chart and a /Lang on every passage.

Outside CI a missing tool skips with the reason; under CI=true it fails (.ci/run installs them).
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest
from lxml import etree, html
from tests.conftest import REPO, external_tool, external_tool_missing

from cicmaroc import api

EXAMPLE = REPO / "examples" / "demo" / "data"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
#: Texts of the demo's logframe printed in French only, as a Dutch report shows them.
FRENCH = ("communes disposant d’un SAS", "projets innovants communaux",
          "En 2018 au plus tard, la commune a défini et intégré sa politique d’action sociale")


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {lang: str(api.report(EXAMPLE, 2019, lang, fmt="html")) for lang in ("fr", "nl", "en")}


@pytest.fixture(scope="module")
def dutch_docx() -> bytes:
    made = api.report(EXAMPLE, 2019, "nl", fmt="docx")
    assert isinstance(made, bytes)
    return made


@pytest.fixture(scope="module")
def dutch_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    external_tool("chromium", "chromium-browser")
    made = api.report(EXAMPLE, 2019, "nl", fmt="pdf")
    assert isinstance(made, bytes)
    path = tmp_path_factory.mktemp("pdf") / "report-nl.pdf"
    path.write_bytes(made)
    return path


def _language_of(node: Any) -> str:
    """The language an element's text is read in: its own `lang` or its nearest ancestor's."""
    found = node.xpath("ancestor-or-self::*[@lang][1]/@lang")
    return str(found[0]) if found else ""


# -- HTML ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["fr", "nl", "en"])
def test_axe_core_finds_no_violation(lang: str, pages: dict[str, str], tmp_path: Path):
    chromium = external_tool("chromium", "chromium-browser")
    node = external_tool("node")
    if not (REPO / "node_modules" / "axe-core").is_dir():
        external_tool_missing("axe-core is not installed: run `PUPPETEER_SKIP_DOWNLOAD=1 npm ci`")
    page = tmp_path / f"report-{lang}.html"
    page.write_text(pages[lang], encoding="utf-8")
    done = subprocess.run([node, str(REPO / "tests" / "axe_check.mjs"), str(page), chromium],
                          capture_output=True, text=True, timeout=300, cwd=REPO, check=False)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    pinned = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"]["axe-core"]
    assert found["version"] == pinned
    assert found["passes"] > 20  # axe ran its rules on the page
    assert found["violations"] == []


def test_the_french_passages_of_a_dutch_page_are_in_french(pages: dict[str, str]):
    tree = html.fromstring(pages["nl"])
    assert tree.get("lang") == "nl"
    for text in FRENCH:
        holders = tree.xpath("//body//text()[contains(., $t)]/..", t=text)
        assert holders, text
        assert {_language_of(h) for h in holders} == {"fr"}, text
    # the risk legend's words and the reporters' sources are the programme's French too
    risk_cells = tree.xpath("//td[contains(., 'Possible')]//*[normalize-space(.)='Possible']")
    assert risk_cells and {_language_of(c) for c in risk_cells} == {"fr"}
    # and what cic says stays Dutch
    assert _language_of(tree.xpath("//h2[contains(., 'Samenvatting')]")[0]) == "nl"


def test_a_dutch_narrative_in_a_french_page_is_in_dutch(tmp_path: Path):
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    narrative = data / "narrative" / "2019.yaml"
    text = narrative.read_text(encoding="utf-8")
    start = text.index("summary:")
    dutch_only = "summary:\n  nl: FICTIEVE samenvatting, enkel in het Nederlands geschreven.\n"
    narrative.write_text(text[:start] + dutch_only + text[text.index("\nresults:", start) + 1:],
                         encoding="utf-8")
    tree = html.fromstring(str(api.report(data, 2019, "fr", fmt="html")))
    [paragraph] = tree.xpath("//p[contains(., 'FICTIEVE samenvatting')]")
    assert _language_of(paragraph) == "nl" and paragraph.get("lang") == "nl"  # on the paragraph itself


def test_every_chart_is_an_image_with_a_text_alternative(pages: dict[str, str]):
    for lang, page in pages.items():
        charts = html.fromstring(page).xpath("//div[@class='chart']/*[local-name()='svg']")
        assert len(charts) == 2, lang
        for chart in charts:
            assert chart.get("role") == "img"
            assert len(chart.get("aria-label", "")) > 60, lang  # the title and what the chart shows


def test_every_table_has_a_caption_and_scoped_column_headers(pages: dict[str, str]):
    tree = html.fromstring(pages["nl"])
    tables = tree.xpath("//table")
    assert len(tables) > 50
    for table in tables:
        caption = table.find("caption")
        assert caption is not None and caption.text_content().strip(), html.tostring(table)[:200]
    headers = tree.xpath("//thead//th")
    assert headers and {th.get("scope") for th in headers} == {"col"}


def test_mermaid_charts_have_an_accessible_title_and_description():
    markdown = str(api.report(EXAMPLE, 2019, "nl", fmt="md"))
    blocks = re.findall(r"```mermaid\n(.*?)```", markdown, flags=re.DOTALL)
    assert len(blocks) == 2
    for block in blocks:
        assert re.search(r"^\s*accTitle: \S", block, flags=re.MULTILINE), block[:300]
        assert re.search(r"^\s*accDescr: Staafdiagram: ", block, flags=re.MULTILINE), block[:300]


# -- Word ----------------------------------------------------------------------------------------


def test_the_word_file_marks_passages_charts_tables_and_has_a_toc(dutch_docx: bytes):
    with zipfile.ZipFile(io.BytesIO(dutch_docx)) as package:
        body = etree.fromstring(package.read("word/document.xml"))
        settings = etree.fromstring(package.read("word/settings.xml"))
    runs = body.iter(f"{W}r")
    french = [r for r in runs if any(text in "".join(r.itertext()) for text in FRENCH)]
    assert french
    for run in french:
        assert run.find(f"{W}rPr/{W}lang").get(f"{W}val") == "fr-BE"
    pictures = body.xpath("//*[local-name()='docPr']")
    assert len(pictures) == 2 and all(len(p.get("descr", "")) > 60 for p in pictures)
    tables = body.iter(f"{W}tbl")
    assert all(t.find(f"{W}tblPr/{W}tblCaption") is not None for t in tables)
    instructions = "".join(body.xpath("//w:instrText/text()", namespaces={"w": W[1:-1]}))
    assert instructions.split()[:1] == ["TOC"]
    assert settings.find(f"{W}updateFields").get(f"{W}val") == "true"


def test_libreoffice_reads_the_toc_the_french_and_the_charts_descriptions(dutch_docx: bytes,
                                                                          tmp_path: Path):
    soffice = external_tool("soffice", "libreoffice")
    source = tmp_path / "report.docx"
    source.write_bytes(dutch_docx)
    done = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                           "--convert-to", "odt", "--outdir", str(tmp_path), str(source)],
                          capture_output=True, text=True, timeout=240, check=False)
    assert done.returncode == 0 and (tmp_path / "report.odt").is_file(), done.stderr
    with zipfile.ZipFile(tmp_path / "report.odt") as package:
        content = etree.fromstring(package.read("content.xml"))
    ns = {"text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
          "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
          "fo": "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0",
          "svg": "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"}
    [toc] = content.xpath("//text:table-of-content", namespaces=ns)
    entries = ["".join(p.itertext()) for p in toc.xpath(".//text:index-body/text:p", namespaces=ns)]
    assert "Samenvatting" in entries and "Resultaten, 2019" in entries
    french_styles = set(content.xpath("//style:style[style:text-properties/@fo:language='fr']/@style:name",
                                      namespaces=ns))
    assert french_styles
    in_french = ["".join(s.itertext()) for s in content.xpath("//text:span", namespaces=ns)
                 if s.get(f"{{{ns['text']}}}style-name") in french_styles]
    assert any(FRENCH[0] in text for text in in_french)
    descriptions = content.xpath("//svg:desc/text()", namespaces=ns)
    assert len(descriptions) == 2 and all(len(d) > 60 for d in descriptions)


# -- PDF -----------------------------------------------------------------------------------------


def test_pdfinfo_finds_no_error_in_the_structure(dutch_pdf: Path):
    done = subprocess.run([external_tool("pdfinfo"), "-struct", str(dutch_pdf)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0 and done.stderr == "", done.stderr[:500]
    assert "Figure" in done.stdout and "Table" in done.stdout and "H2" in done.stdout
    info = subprocess.run([external_tool("pdfinfo"), str(dutch_pdf)], capture_output=True, text=True,
                          check=True).stdout
    assert "Tagged:          yes" in info and "Metadata Stream: yes" in info
    assert re.search(r"^Creator:\s+cic ", info, flags=re.MULTILINE), info


def test_the_pdf_bookmarks_are_its_headings(dutch_pdf: Path):
    pdftohtml = external_tool("pdftohtml")
    xml = subprocess.run([pdftohtml, "-xml", "-i", "-stdout", str(dutch_pdf)], capture_output=True,
                         check=True, timeout=120).stdout
    outline = etree.fromstring(xml, etree.XMLParser(recover=True, huge_tree=True)).find("outline")
    assert outline is not None, "no bookmarks"
    titles = [" ".join("".join(item.itertext()).split()) for item in outline.iter("item")]
    assert "Samenvatting" in titles and "Resultaten, 2019" in titles and "Bijlagen" in titles


def test_the_pdf_structure_carries_alternatives_languages_and_metadata(dutch_pdf: Path,
                                                                       pages: dict[str, str]):
    import pikepdf

    with pikepdf.open(dutch_pdf) as pdf:
        tree = pdf.Root.StructTreeRoot
        assert {(str(k), str(v)) for k, v in tree.RoleMap.items()} >= {("/Em", "/Span"), ("/Strong", "/Span")}
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True and str(pdf.Root.Lang) == "nl"
        with pdf.open_metadata() as xmp:
            assert xmp["dc:title"] == str(pdf.docinfo["/Title"]) and xmp["xmp:CreatorTool"].startswith("cic ")
        figures, french = [], 0
        stack: list[Any] = [tree.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
                if node.S == "/Figure":
                    figures.append(str(node.get("/Alt", "")))
                french += str(node.get("/Lang", "")) == "fr"
                stack.append(node.get("/K"))
    assert len(figures) == 2 and all(len(alt) > 60 for alt in figures)
    shown = html.fromstring(pages["nl"]).xpath("//*[@lang='fr'][not(ancestor::caption)]")
    assert french >= len(shown) > 300  # every passage, and more where one is cut by a page
