"""The report as a Word document (python-docx): real headings, real tables, the charts as pictures.

Made from the Markdown report's tree (`markdown_tree`), so it says what the Markdown says, figure
for figure. Headings use Word's own styles (Title, Heading 1-3) so that a table of contents,
the navigation pane and a reference document's look all work; tables are Word tables the officers
can edit, their header row repeated on each page. With a reference document (`--reference-docx`,
as Word templates are used), its styles, page size and margins are the document's; without one,
the page is A4.

A table is laid out so that no word is cut: each column at least as wide as its longest word.
A report section (a `##` heading and what follows) holding a table too wide for the page is
printed on the page turned sideways (its own Word section, landscape), the indicators' tables
with their ten columns among them.

The file says what it is: the report's language on its text (`w:lang`, so that Word checks the
spelling in French, Dutch or English), and as core properties its title, `cic` as its author and
the report's date (`context.generation_date`: today, or SOURCE_DATE_EPOCH), never python-docx's
template's. Its zip entries carry that date too, so the same data and date give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cicmaroc.report.chart_images import chart_png
from cicmaroc.report.markdown_tree import CHART_FENCE, inline_html, parse

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph
    from markdown_it.tree import SyntaxTreeNode

#: Markdown heading level -> Word style: the report's one "#" is the document's title.
HEADING_STYLES = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}
#: The report's language -> the language its text is marked with (spelling, hyphenation).
WORD_LANGUAGES = {"fr": "fr-BE", "nl": "nl-BE", "en": "en-GB"}
#: A table's text size, and what a column needs around its longest word: the estimate is wide on
#: purpose (a bold character of 8 points, in the widest of the usual fonts), since a column a little
#: too wide costs nothing and one too narrow cuts a word in two.
TABLE_POINTS = 8
CHARACTER_MM = 2.0
CELL_MARGINS_MM = 4.0
#: The earliest date a zip entry can carry.
ZIP_EPOCH = dt.date(1980, 1, 1)


def to_docx(markdown: str, charts: dict[str, Any], reference: Path | None = None, *, lang: str = "fr",
            title: str = "", generated: dt.date | None = None) -> bytes:
    """The Word file (.docx bytes) of the Markdown report; `charts` maps a chart name to its data,
    `title` and `generated` (the report's date, default today) are said in its properties."""
    import docx
    from docx.shared import Mm

    generated = generated or dt.date.today()
    document = _opened(reference) if reference is not None else docx.Document()
    if reference is None:
        for section in document.sections:
            section.page_width, section.page_height = Mm(210), Mm(297)
            section.left_margin = section.right_margin = Mm(18)
            section.top_margin = section.bottom_margin = Mm(18)
    else:  # a reference document gives the look, never its content
        body = document.element.body
        for child in list(body):
            if not child.tag.endswith("}sectPr"):
                body.remove(child)
    _describe(document, WORD_LANGUAGES.get(lang, lang), title, generated)
    writer = _Writer(document, charts)
    for part in _sections(parse(markdown).children):
        writer.turn(wide=any(writer.too_wide(node) for node in part if node.type == "table"))
        for node in part:
            writer.block(node)
    out = io.BytesIO()
    document.save(out)
    return _fixed_dates(out.getvalue(), generated)


class UnusableReference(ValueError):
    """The reference document (`--reference-docx`) cannot be opened as a Word document.

    Only its opening says so: an error while the report is laid out is not the reference's fault,
    and must not be reported as if it were."""


def _opened(reference: Path) -> Document:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(reference))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise UnusableReference(str(exc)) from None


def _sections(nodes: list[SyntaxTreeNode]) -> list[list[SyntaxTreeNode]]:
    """The report's blocks cut at each `##` heading: a report section each (the title before)."""
    sections: list[list[SyntaxTreeNode]] = [[]]
    for node in nodes:
        if node.type == "heading" and node.tag == "h2" and sections[-1]:
            sections.append([])
        sections[-1].append(node)
    return sections


def _describe(document: Document, language: str, title: str, generated: dt.date) -> None:
    """The document's language (its default run properties) and its core properties."""
    from docx.oxml.ns import qn

    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = styles.makeelement(qn("w:docDefaults"), {})
        styles.insert(0, defaults)
    run_defaults = defaults.find(qn("w:rPrDefault"))
    if run_defaults is None:
        run_defaults = defaults.makeelement(qn("w:rPrDefault"), {})
        defaults.insert(0, run_defaults)
    properties = run_defaults.find(qn("w:rPr"))
    if properties is None:
        properties = run_defaults.makeelement(qn("w:rPr"), {})
        run_defaults.append(properties)
    default = properties.find(qn("w:lang"))
    if default is None:
        default = properties.makeelement(qn("w:lang"), {})
        properties.append(default)
    # the defaults, and any style that sets its own
    for mark in [default, *styles.findall(f".//{qn('w:style')}//{qn('w:lang')}")]:
        mark.set(qn("w:val"), language)
        mark.set(qn("w:eastAsia"), language)
    font_language = document.settings.element.find(qn("w:themeFontLang"))
    if font_language is not None:
        font_language.set(qn("w:val"), language)
    core = document.core_properties
    moment = dt.datetime(generated.year, generated.month, generated.day, tzinfo=dt.UTC)
    core.title, core.author, core.last_modified_by = title, "cic", "cic"
    core.comments = core.subject = core.keywords = core.category = ""
    core.language = language
    core.created = core.modified = moment
    core.revision = 1


def _fixed_dates(package: bytes, generated: dt.date) -> bytes:
    """The .docx with every zip entry dated `generated` (python-docx dates them now), in order."""
    stamp = max(generated, ZIP_EPOCH)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for entry in source.infolist():
            fixed = zipfile.ZipInfo(entry.filename, date_time=(stamp.year, stamp.month, stamp.day, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(entry))
    return out.getvalue()


class _Writer:
    """Walks the tree's blocks, adding each to the document.

    The work is linear in the report (bench/run.py measures it): python-docx's own ways of adding
    cost more as the document grows (`Document.add_paragraph` and `add_table` look for the end of
    the body among all its blocks, `Table.cell` builds the list of every cell, a style is looked up
    by name among all the styles), so blocks are put before the body's closing section
    properties directly (`_end`), the cells of a table are taken row by row, and each style's id
    is looked up once.
    """

    def __init__(self, document: Document, charts: dict[str, Any]) -> None:
        self.document = document
        self.charts = charts
        self.styles = {s.name: s.style_id for s in document.styles}
        first = document.sections[0]
        self.page = (int(first.page_width or 0), int(first.page_height or 0))
        self.margins = int(first.left_margin or 0) + int(first.right_margin or 0)
        self.started = False

    def usable(self, wide: bool) -> int:
        """The text's width on the page (EMU), upright or, when `wide`, turned sideways."""
        width = max(self.page) if wide else self.page[0]
        return width - self.margins

    def too_wide(self, table: SyntaxTreeNode) -> bool:
        """Whether `table`'s columns, each as wide as its longest word, overflow the upright page."""
        return sum(_least_widths(_cells(table))) > self.usable(False)

    def turn(self, *, wide: bool) -> None:
        """Begin a report section on the page it needs: a new Word section when the page turns."""
        from docx.enum.section import WD_ORIENT
        from docx.shared import Emu

        section = self.document.sections[-1]
        width, height = (max(self.page), min(self.page)) if wide else self.page
        if section.page_width == width:
            self.started = True
            return
        if self.started:
            section = self.document.add_section()
        section.orientation = WD_ORIENT.LANDSCAPE if width > height else WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Emu(width), Emu(height)
        self.started = True

    def _style(self, name: str, fallback: str | None = None) -> str | None:
        return name if name in self.styles else fallback

    def _end(self, block: Any) -> None:
        """Put `block` (a paragraph or a table) at the end of the body, before its section settings."""
        body = self.document.element.body
        try:
            last = body[-1]  # found from the end (len(body) would count every block)
        except IndexError:
            last = None
        if last is not None and last.tag.endswith("}sectPr"):
            last.addprevious(block)
        else:
            body.append(block)

    def paragraph(self, style: str | None = None, text: str = "") -> Paragraph:
        """A new paragraph at the end of the document, in the style named `style` (if the document has it)."""
        from docx.oxml import OxmlElement
        from docx.text.paragraph import Paragraph

        element = OxmlElement("w:p")
        self._end(element)
        paragraph = Paragraph(element, self.document._body)
        if style is not None and self.styles.get(style):
            element.style = self.styles[style]
        if text:
            paragraph.add_run(text)
        return paragraph

    def block(self, node: SyntaxTreeNode, list_style: str | None = None) -> None:
        kind = node.type
        if kind == "heading":
            style = self._style(HEADING_STYLES.get(node.tag, "Heading 3"))
            paragraph = self.paragraph(style)
            self.inline(paragraph, node)
        elif kind == "paragraph":
            paragraph = self.paragraph(self._style(list_style) if list_style else None)
            self.inline(paragraph, node)
        elif kind in ("bullet_list", "ordered_list"):
            style = "List Bullet" if kind == "bullet_list" else "List Number"
            for item in node.children:
                for child in item.children:
                    self.block(child, style if child.type == "paragraph" else None)
        elif kind == "blockquote":
            for child in node.children:
                self.block(child, "Quote" if child.type == "paragraph" else None)
        elif kind == "table":
            self.table(node)
        elif kind == "fence":
            self.fence(node)
        elif kind == "footnote_block":
            for item in node.children:
                number = int(item.meta.get("id", 0)) + 1
                for child in item.children:
                    if child.type == "paragraph":
                        paragraph = self.paragraph(self._style("Footnote Text"))
                        run = paragraph.add_run(f"[{number}] ")
                        run.font.superscript = False
                        self.inline(paragraph, child)
        elif kind == "hr":
            pass  # the colophon's heading separates it
        else:  # code blocks and anything else: its text, never lost
            self.paragraph(text=node.content)

    def fence(self, node: SyntaxTreeNode) -> None:
        from docx.shared import Mm

        info = (node.info or "").split()
        if len(info) == 2 and info[0] == CHART_FENCE and self.charts.get(info[1]) is not None:
            png = chart_png(self.charts[info[1]], info[1], node.content.strip())  # type: ignore[arg-type]
            self.paragraph().add_run().add_picture(io.BytesIO(png), width=Mm(165))
            return
        self.paragraph(text=node.content)

    def table(self, node: SyntaxTreeNode) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.oxml.table import CT_Tbl
        from docx.shared import Emu, Pt
        from docx.table import Table, _Cell

        rows = [tr for part in node.children for tr in part.children]
        head = node.children[0] if node.children and node.children[0].type == "thead" else None
        header_rows = len(head.children) if head is not None else 0
        columns = max((len(tr.children) for tr in rows), default=0)
        element = CT_Tbl.new_tbl(len(rows), columns, Emu(self.usable(False)))
        self._end(element)
        table = Table(element, self.document._body)
        style = self._style("Table Grid")
        if style:
            table.style = style
        for r, (tr, row) in enumerate(zip(rows, element.tr_lst, strict=True)):
            if r < header_rows:  # repeated at the top of every page
                flag = OxmlElement("w:tblHeader")
                flag.set(qn("w:val"), "true")
                row.get_or_add_trPr().append(flag)
            for cell_node, tc in zip(tr.children, row.tc_lst, strict=False):
                paragraph = _Cell(tc, table).paragraphs[0]
                if "right" in str(cell_node.attrs.get("style", "")):
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self.inline(paragraph, cell_node, bold=r < header_rows, size=Pt(TABLE_POINTS))
        self._widths(table, _cells(node), columns)
        self.paragraph()

    def _widths(self, table: Any, texts: list[list[str]], columns: int) -> None:
        """Each column at least as wide as its longest word, the rest of the page's width shared
        by how much longer their texts are: Word and LibreOffice otherwise give every column the
        same width and cut words in the narrow ones. A table whose words alone overflow even the
        page turned sideways is shared out by need, as well as it can."""
        from docx.shared import Mm

        section = self.document.sections[-1]
        usable = ((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
                  or int(Mm(170)))
        least = _least_widths(texts)[:columns]
        least += [int(Mm(CELL_MARGINS_MM + 3 * CHARACTER_MM))] * (columns - len(least))
        longest = [min(max((len(row[c]) for row in texts if c < len(row)), default=0), 28)
                   for c in range(columns)]  # a long text wraps anyway: 28 characters at most
        extra = [max(n * Mm(CHARACTER_MM) - width, 0) + Mm(CHARACTER_MM)
                 for n, width in zip(longest, least, strict=True)]
        spare = usable - sum(least)
        if spare >= 0:
            widths = [int(w + spare * e / sum(extra)) for w, e in zip(least, extra, strict=True)]
        else:
            widths = [int(usable * w / sum(least)) for w in least]
        from docx.shared import Emu
        from docx.table import _Cell

        table.autofit = False
        for column, width in zip(table.columns, widths, strict=False):
            column.width = Emu(width)
        for row in table._tbl.tr_lst:
            for tc, width in zip(row.tc_lst, widths, strict=False):
                _Cell(tc, table).width = Emu(width)

    def inline(self, paragraph: Paragraph, node: SyntaxTreeNode, *, bold: bool = False,
               size: Any = None) -> None:
        """The inline content of `node` (text, emphasis, code, footnote marks) as runs."""
        for child in node.children:
            if child.type == "inline":
                self._runs(paragraph, child, bold, False, size)

    def _runs(self, paragraph: Paragraph, node: SyntaxTreeNode, bold: bool, italic: bool, size: Any) -> None:
        for child in node.children:
            kind = child.type
            if kind == "text" or kind == "code_inline":
                self._run(paragraph, child.content, bold, italic, size)
            elif kind == "strong":
                self._runs(paragraph, child, True, italic, size)
            elif kind == "em":
                self._runs(paragraph, child, bold, True, size)
            elif kind == "link":
                self._runs(paragraph, child, bold, italic, size)
            elif kind in ("softbreak", "hardbreak"):
                self._run(paragraph, " " if kind == "softbreak" else "\n", bold, italic, size)
            elif kind == "html_inline":  # a line break in a cell; any other HTML is shown as text
                shown = inline_html(str(child.content))
                if shown != "":
                    self._run(paragraph, str(child.content) if shown is None else shown, bold, italic, size)
            elif kind == "footnote_ref":
                run = paragraph.add_run(f"[{int(child.meta.get('id', 0)) + 1}]")
                run.font.superscript = True
                if size is not None:
                    run.font.size = size
            else:
                self._runs(paragraph, child, bold, italic, size)

    @staticmethod
    def _run(paragraph: Paragraph, text: str, bold: bool, italic: bool, size: Any) -> None:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        if size is not None:
            run.font.size = size


def _cells(table: SyntaxTreeNode) -> list[list[str]]:
    """A table's rows (header rows first) as the plain text of their cells."""
    return [[_plain(cell) for cell in tr.children] for part in table.children for tr in part.children]


def _least_widths(texts: list[list[str]]) -> list[int]:
    """Each column's least width (EMU): its longest word, in the table's type, and the cell's margins."""
    from docx.shared import Mm

    columns = max((len(row) for row in texts), default=0)
    longest = [max((len(word) for row in texts if c < len(row) for word in _words(row[c])), default=1)
               for c in range(columns)]
    return [int(Mm(CELL_MARGINS_MM + max(n, 3) * CHARACTER_MM)) for n in longest]


def _words(text: str) -> list[str]:
    """What a line may not be broken within: split at ordinary spaces only, since a no-break space
    (between a number's thousands, before "€" or "%") holds its neighbours together."""
    return re.split(r"[ \t\n]+", text)


def _plain(node: SyntaxTreeNode) -> str:
    """A cell's text, for measuring it."""
    if node.type in ("text", "code_inline"):
        return str(node.content)
    if node.type == "html_inline":
        shown = inline_html(str(node.content))
        return str(node.content) if shown is None else shown
    return " ".join(_plain(child) for child in node.children)
