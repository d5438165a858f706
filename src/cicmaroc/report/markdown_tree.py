"""The Markdown report read back by one parser, so that HTML and Word are made from the very same text.

Every document format starts from the Markdown report (`render_report`): the HTML page and the
Word file are that text laid out another way, so no format can disagree with another on a figure.
The charts stand in the Markdown of these formats as a fenced block `cic-chart <name>` holding
the chart's title; each format draws them from the report's chart data (`report/chart_images.py`).
Raw HTML is not Markdown here (a narrative cannot put a script into the HTML page): it stays text,
but for the two pieces of HTML that `report.markdown` itself writes, which every format reads as
GitHub does (`inline_html`): `<br>`, a line break inside a table cell (a risk's measures, a
reading's reason), and `<!-- -->`, which keeps GitHub from making a link of an e-mail address.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.tree import SyntaxTreeNode

from cicmaroc.report.markdown import LINE_BREAK, LINK_BREAKER

#: The info string of a chart's placeholder block: "cic-chart budget".
CHART_FENCE = "cic-chart"


def markdown_parser() -> MarkdownIt:
    """CommonMark with tables and footnotes (what the report's Markdown uses); inline HTML is read
    as such only to be shown as `inline_html` says, and there is no HTML block."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    return MarkdownIt("commonmark", {"html": True}).disable("html_block").enable("table").use(footnote_plugin)


def inline_html(content: str) -> str | None:
    """What a piece of inline HTML of the Markdown is in a document: "\\n" for a line break, "" for
    nothing, None for text to show as written (anything but what `report.markdown` writes)."""
    return {LINE_BREAK: "\n", LINK_BREAKER: ""}.get(content)


def parse(markdown: str) -> SyntaxTreeNode:
    """The report's Markdown as a syntax tree (headings, paragraphs, tables, lists, footnotes)."""
    from markdown_it.tree import SyntaxTreeNode

    return SyntaxTreeNode(markdown_parser().parse(markdown))
