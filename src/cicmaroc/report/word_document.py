"""The report as a Word document (python-docx): real headings, real tables, the charts as pictures.

Made from the Markdown report's tree (`markdown_tree`), so it says what the Markdown says, figure
for figure. Headings use Word's own styles (Title, Heading 1-3) so that a table of contents,
the navigation pane and a reference document's look all work; tables are Word tables the officers
can edit, their header row repeated on each page. With a reference document (`--reference-docx`,
as Word templates are used), its styles, page size and margins are the document's; without one,
the page is A4.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cicmaroc.report.chart_images import chart_png
from cicmaroc.report.markdown_tree import CHART_FENCE, parse

if TYPE_CHECKING:
    from docx.document import Document
    from docx.text.paragraph import Paragraph
    from markdown_it.tree import SyntaxTreeNode

#: Markdown heading level -> Word style: the report's one "#" is the document's title.
HEADING_STYLES = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}


def to_docx(markdown: str, charts: dict[str, Any], reference: Path | None = None) -> bytes:
    """The Word file (.docx bytes) of the Markdown report; `charts` maps a chart name to its data."""
    import docx
    from docx.shared import Mm

    document = docx.Document(str(reference)) if reference is not None else docx.Document()
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
    writer = _Writer(document, charts)
    for node in parse(markdown).children:
        writer.block(node)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


class _Writer:
    """Walks the tree's blocks, adding each to the document."""

    def __init__(self, document: Document, charts: dict[str, Any]) -> None:
        self.document = document
        self.charts = charts
        self.styles = {s.name for s in document.styles}

    def _style(self, name: str, fallback: str | None = None) -> str | None:
        return name if name in self.styles else fallback

    def block(self, node: SyntaxTreeNode, list_style: str | None = None) -> None:
        kind = node.type
        if kind == "heading":
            style = self._style(HEADING_STYLES.get(node.tag, "Heading 3"))
            paragraph = self.document.add_paragraph(style=style)
            self.inline(paragraph, node)
        elif kind == "paragraph":
            paragraph = self.document.add_paragraph(style=self._style(list_style) if list_style else None)
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
                        paragraph = self.document.add_paragraph(style=self._style("Footnote Text"))
                        run = paragraph.add_run(f"[{number}] ")
                        run.font.superscript = False
                        self.inline(paragraph, child)
        elif kind == "hr":
            pass  # the colophon's heading separates it
        else:  # code blocks and anything else: its text, never lost
            self.document.add_paragraph(node.content)

    def fence(self, node: SyntaxTreeNode) -> None:
        from docx.shared import Mm

        info = (node.info or "").split()
        if len(info) == 2 and info[0] == CHART_FENCE and self.charts.get(info[1]) is not None:
            png = chart_png(self.charts[info[1]], info[1], node.content.strip())  # type: ignore[arg-type]
            self.document.add_picture(io.BytesIO(png), width=Mm(165))
            return
        self.document.add_paragraph(node.content)

    def table(self, node: SyntaxTreeNode) -> None:
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Pt

        rows = [tr for part in node.children for tr in part.children]
        head = node.children[0] if node.children and node.children[0].type == "thead" else None
        header_rows = len(head.children) if head is not None else 0
        columns = max((len(tr.children) for tr in rows), default=0)
        table = self.document.add_table(rows=len(rows), cols=columns)
        style = self._style("Table Grid")
        if style:
            table.style = style
        for r, tr in enumerate(rows):
            if r < header_rows:  # repeated at the top of every page
                tr_pr = table.rows[r]._tr.get_or_add_trPr()
                flag = OxmlElement("w:tblHeader")
                flag.set(qn("w:val"), "true")
                tr_pr.append(flag)
            for c, cell_node in enumerate(tr.children):
                cell = table.cell(r, c)
                paragraph = cell.paragraphs[0]
                if "right" in str(cell_node.attrs.get("style", "")):
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                self.inline(paragraph, cell_node, bold=r < header_rows, size=Pt(8))
        self._widths(table, [[_plain(cell) for cell in tr.children] for tr in rows], columns)
        self.document.add_paragraph()

    def _widths(self, table: Any, texts: list[list[str]], columns: int) -> None:
        """Columns as wide as their text needs (its longest word at least), within the page's width:
        Word and LibreOffice otherwise give every column the same width and cut words in narrow ones."""
        from docx.shared import Mm

        section = self.document.sections[-1]
        usable = ((section.page_width or 0) - (section.left_margin or 0) - (section.right_margin or 0)
                  or int(Mm(170)))
        needs = []
        for c in range(columns):
            cells = [row[c] for row in texts if c < len(row)]
            longest_word = max((len(w) for text in cells for w in text.split()), default=1)
            longest = min(max((len(t) for t in cells), default=1), 28)
            needs.append(max(longest_word, longest, 3) + 2)  # + the cell's margins
        total = sum(needs)
        table.autofit = False
        for c, need in enumerate(needs):
            width = int(usable * need / total)
            table.columns[c].width = width
            for cell in table.columns[c].cells:
                cell.width = width

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


def _plain(node: SyntaxTreeNode) -> str:
    """A cell's text, for measuring it."""
    if node.type in ("text", "code_inline"):
        return str(node.content)
    return " ".join(_plain(child) for child in node.children)
