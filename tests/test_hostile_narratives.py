"""Hostile narratives (tests/corpus/narratives/): prose renders as prose, in every format alike.

A narrative allows paragraphs, emphasis and lists (README, "Hostile input"). Each case of the
corpus is an officer's text trying something else: a live link (also protocol-relative, which is a
UNC path on Windows), a remote image, a footnote named like an agreed reading's, a setext heading,
a `cic-chart` fence, a table, raw HTML. Each must come out as the text written, in the Markdown
(what GitHub's job summary shows) and in the HTML page, the Word file and the PDF, which are that
Markdown laid out. A line break inside a table value is a line break in every format, never a
literal `<br>`. Every text is FICTIONAL.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import REPO, external_tool_missing

from cicmaroc import api
from cicmaroc.report.markdown import LINK_BREAKER, prose
from cicmaroc.yaml.reader import load_file

NARRATIVES = REPO / "tests" / "corpus" / "narratives"
EXAMPLE = REPO / "examples" / "demo" / "data"
#: What prose may be made of, as markdown-it reads it: paragraphs, emphasis, lists, line breaks.
PROSE_TOKENS = {"paragraph_open", "paragraph_close", "inline", "text", "em_open", "em_close", "strong_open",
                "strong_close", "bullet_list_open", "bullet_list_close", "ordered_list_open",
                "ordered_list_close", "list_item_open", "list_item_close", "softbreak", "hardbreak",
                "html_inline"}


def narrative_cases() -> list[tuple[str, str, str]]:
    """(name, text, what must be shown of it) for each file of the corpus."""
    cases = []
    for path in sorted(NARRATIVES.glob("*.yaml")):
        doc, findings = load_file(path, path.name)
        assert doc is not None and not findings, (path.name, findings)
        cases.append((path.stem, doc.data["text"], doc.data["shows"]))
    return cases


CASES = narrative_cases()


def github_like() -> Any:
    """A parser close to GitHub's Markdown: CommonMark, tables, strikethrough, footnotes, raw HTML."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"]).use(footnote_plugin)


def _tokens(tokens: list[Any]) -> list[Any]:
    return [t for token in tokens for t in (token, *_tokens(token.children or []))]


def test_the_corpus_has_its_cases():
    assert len(CASES) >= 10


@pytest.mark.parametrize(("name", "text", "shows"), CASES, ids=[c[0] for c in CASES])
def test_each_hostile_text_is_prose_and_shows_what_was_written(name: str, text: str, shows: str):
    markdown = prose(text)
    tokens = _tokens(github_like().parse(markdown))
    beyond = sorted({t.type for t in tokens} - PROSE_TOKENS)
    assert beyond == [], (name, beyond, markdown)
    assert [t.content for t in tokens if t.type == "html_inline"] in ([], [LINK_BREAKER]), markdown
    shown = "".join(t.content for t in tokens if t.type == "text")
    assert shows in shown, (name, shown)
    assert "://" not in markdown and "www." not in markdown  # GitHub links these by itself: inert


def test_emphasis_and_lists_stay():
    markdown = prose("*Texte FICTIF.* Les **SAS** sont en place:\n\n- adoption;\n  - en conseil\n2. suite")
    types = [t.type for t in _tokens(github_like().parse(markdown))]
    assert types.count("em_open") == 1 and types.count("strong_open") == 1
    assert types.count("bullet_list_open") == 2 and types.count("ordered_list_open") == 1


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo with every case of the corpus in its 2019 summary, and a risk's measures on two lines."""
    data = tmp_path_factory.mktemp("hostile-narratives") / "data"
    shutil.copytree(EXAMPLE, data)
    narrative = data / "narrative" / "2019.yaml"
    doc, _ = load_file(narrative, "2019.yaml")
    assert doc is not None
    summary = "\n\n".join(text for _, text, _ in CASES)
    lines = narrative.read_text(encoding="utf-8").splitlines()
    start = lines.index("summary:")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    block = ["summary:", "  fr: |-", *("    " + line if line else "" for line in summary.splitlines())]
    narrative.write_text("\n".join([*lines[:start], *block, *lines[end:]]) + "\n", encoding="utf-8")
    follow_up = data / "risk-follow-up" / "2019.yaml"
    text = follow_up.read_text(encoding="utf-8")
    follow_up.write_text(text.replace(
        "    measures_taken: FICTIONAL - AVCB a suivi la politique de la Coopération belge.",
        '    measures_taken: "FICTIONAL - première mesure\\nseconde mesure"', 1), encoding="utf-8")
    assert "seconde mesure" in follow_up.read_text(encoding="utf-8")
    run = api.validate(data)
    mine = ("narrative/2019.yaml", "risk-follow-up/2019.yaml")
    assert not [f for f in run.findings if f.file.endswith(mine)]
    return data


@pytest.fixture(scope="module")
def reports(hostile: Path) -> dict[tuple[str, str], Any]:
    """The 2019 report in French, of the demo (`clean`) and of the hostile copy, per format."""
    return {(which, fmt): api.report(data, 2019, "fr", fmt=fmt)
            for which, data in (("clean", EXAMPLE), ("hostile", hostile)) for fmt in ("md", "html", "docx")}


def _headings(markdown: str) -> list[str]:
    tokens = github_like().parse(markdown)
    return [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]


def test_the_markdown_keeps_the_report_s_outline_charts_and_footnotes(reports: dict[tuple[str, str], Any]):
    clean, made = reports["clean", "md"], reports["hostile", "md"]
    assert isinstance(clean, str) and isinstance(made, str)
    assert _headings(made) == _headings(clean)
    assert made.count("```mermaid") == clean.count("```mermaid")
    definitions = re.findall(r"^\[\^r1\]:.*$", made, flags=re.MULTILINE)
    assert definitions == re.findall(r"^\[\^r1\]:.*$", clean, flags=re.MULTILINE) and len(definitions) == 1
    assert "FALSIFIÉE" not in definitions[0] and "\\[^r1\\]: Raison FALSIFIÉE" in made
    assert "evil.example" in made and "](" not in made.split("## ")[2]  # the summary section: text only


def test_the_html_page_has_no_link_image_heading_or_chart_of_the_narrative(
        reports: dict[tuple[str, str], Any]):
    from lxml import html

    clean, page = reports["clean", "html"], reports["hostile", "html"]
    assert isinstance(page, str) and isinstance(clean, str)
    tree, before = html.fromstring(page), html.fromstring(clean)
    # the only links out are the evidence files the monitoring names (the demo's two FICTIONAL
    # files, the same in both pages): the narrative adds none
    evidence = ("data/evidence/2019/ait-baha/deliberation-sas-2019.pdf",
                "data/evidence/2019/etterbeek/rapport-financier-2019.pdf")
    for t in (tree, before):
        links = [a.get("href", "") for a in t.iter("a") if not a.get("href", "").startswith("#")]
        assert len(links) == 2 and all(href.endswith(evidence) for href in links), links
    assert list(tree.iter("img")) == [] and list(tree.iter("script")) == []
    assert [d for d in tree.iter("div") if d.get("class") != "chart"] == []  # the report's two charts only
    assert not [e for e in tree.iter() if e.get("onerror") or e.get("onclick")]
    headings = [[h.text_content() for h in t.iter("h1", "h2", "h3", "h4")] for t in (tree, before)]
    assert headings[0] == headings[1]
    charts = [len(t.find_class("chart")) for t in (tree, before)]
    assert charts[0] == charts[1] == 2
    notes = " ".join(" ".join(s.itertext()) for s in tree.find_class("footnotes"))
    assert "FALSIFIÉE" not in notes and "Raison FALSIFIÉE" in page


def test_the_word_file_has_no_link_picture_or_heading_of_the_narrative(reports: dict[tuple[str, str], Any]):
    import io

    import docx

    clean, made = reports["clean", "docx"], reports["hostile", "docx"]
    assert isinstance(made, bytes) and isinstance(clean, bytes)
    body = zipfile.ZipFile(io.BytesIO(made)).read("word/document.xml").decode()
    assert "<w:hyperlink" not in body
    documents = [docx.Document(io.BytesIO(b)) for b in (made, clean)]
    styles = [[(p.style.name, p.text) for p in d.paragraphs if p.style.name.startswith(("Title", "Heading"))]
              for d in documents]
    assert styles[0] == styles[1]
    assert len(documents[0].inline_shapes) == len(documents[1].inline_shapes)


def test_a_line_break_in_a_table_value_is_a_line_break_in_every_format(reports: dict[tuple[str, str], Any]):
    """A risk's measures on two lines: `<br>` in the Markdown table (GitHub draws a line break), and a
    line break in the HTML page (and so the PDF) and the Word file, never the text "<br>"."""
    import io

    import docx
    from lxml import html

    markdown, page = reports["hostile", "md"], reports["hostile", "html"]
    assert isinstance(markdown, str) and "FICTIONAL - première mesure<br>seconde mesure" in markdown
    assert isinstance(page, str)
    [cell] = [td for td in html.fromstring(page).iter("td") if "seconde mesure" in td.text_content()]
    assert cell.find("br") is not None and "<br>" not in cell.text_content()
    word = reports["hostile", "docx"]
    assert isinstance(word, bytes)
    [text] = {c.text for t in docx.Document(io.BytesIO(word)).tables for r in t.rows for c in r.cells
              if "seconde mesure" in c.text}
    assert "première mesure\nseconde mesure" in text and "<br>" not in text


def test_the_pdf_has_no_link_out(hostile: Path, tmp_path: Path):
    if shutil.which("chromium") is None and shutil.which("chromium-browser") is None:
        external_tool_missing("chromium is not installed: the PDF is not made")
    pdf = api.report(hostile, 2019, "fr", fmt="pdf")
    assert isinstance(pdf, bytes) and pdf.startswith(b"%PDF")
    assert re.findall(rb"/URI\s*\(([^)]*)\)", pdf) == []
