"""The Markdown report read back by one parser, so that HTML and Word are made from the very same text.

Every document format starts from the Markdown report (`render_report`): the HTML page and the
Word file are that text laid out another way, so no format can disagree with another on a figure.
The charts stand in the Markdown of these formats as a fenced block `cic-chart <name>` holding
the chart's title and its text alternative; each format draws them from the report's chart data
(`report/chart_images.py`).
Raw HTML is not Markdown here (a narrative cannot put a script into the HTML page): it stays text,
but for the two pieces of HTML that `report.markdown` itself writes, which every format reads as
GitHub does (`inline_html`): `<br>`, a line break inside a table cell (a risk's measures, a
reading's reason), and `<!-- -->`, which keeps GitHub from making a link of an e-mail address; and
the language of a passage, which the templates write and no data can (data text has its `<`
escaped): `<span lang="fr">...</span>` inside a line, and a `<div lang="fr">` line ... a `</div>`
line around blocks, are what GitHub and GitLab read as a passage's language too; here they become
`lang` and `lang_block` nodes, which every format carries (HTML's `lang`, Word's run language, the
PDF's /Lang), so that a screen reader reads a French passage of a Dutch report in French.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.rules_block import StateBlock
    from markdown_it.rules_inline import StateInline
    from markdown_it.tree import SyntaxTreeNode

from cicmaroc.report.markdown import LINE_BREAK, LINK_BREAKER

#: The info string of a chart's placeholder block: "cic-chart budget".
CHART_FENCE = "cic-chart"
#: A language tag as the templates write it: "fr", "nl", "en" (a region may follow: "fr-BE").
_TAG = r"[a-z]{2}(?:-[A-Z]{2})?"
_SPAN_OPEN = re.compile(rf'<span lang="({_TAG})">')
_SPAN_CLOSE = "</span>"
_DIV_OPEN = re.compile(rf'<div lang="({_TAG})">[ \t]*\Z')
_DIV_CLOSE = re.compile(r"</div>[ \t]*\Z")


def markdown_parser() -> MarkdownIt:
    """CommonMark with tables and footnotes (what the report's Markdown uses); inline HTML is read
    as such only to be shown as `inline_html` says, there is no HTML block, and the language of
    passages is read (see the module's docstring)."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": True}).disable("html_block").enable("table").use(footnote_plugin)
    md.inline.ruler.before("html_inline", "cic_lang", _lang_span)
    md.block.ruler.before("html_block", "cic_lang_block", _lang_block,
                          {"alt": ["paragraph", "reference", "blockquote", "list"]})
    md.core.ruler.after("inline", "cic_lang_balance", _balance)
    return md


def inline_html(content: str) -> str | None:
    """What a piece of inline HTML of the Markdown is in a document: "\\n" for a line break, "" for
    nothing, None for text to show as written (anything but what `report.markdown` writes)."""
    return {LINE_BREAK: "\n", LINK_BREAKER: ""}.get(content)


def parse(markdown: str) -> SyntaxTreeNode:
    """The report's Markdown as a syntax tree (headings, paragraphs, tables, lists, footnotes)."""
    from markdown_it.tree import SyntaxTreeNode

    return SyntaxTreeNode(markdown_parser().parse(markdown))


def _lang_span(state: StateInline, silent: bool) -> bool:
    """`<span lang="fr">` opens a passage in that language, `</span>` closes the innermost one."""
    if state.src[state.pos] != "<":
        return False
    opened = _SPAN_OPEN.match(state.src, state.pos)
    depth = getattr(state, "cic_lang_spans", 0)  # the spans open in this inline run, counted as it goes
    if opened is not None:
        if not silent:
            token = state.push("lang_open", "span", 1)
            token.attrSet("lang", opened.group(1))
            state.cic_lang_spans = depth + 1  # type: ignore[attr-defined]
        state.pos = opened.end()
        return True
    if state.src.startswith(_SPAN_CLOSE, state.pos) and depth > 0:
        if not silent:
            state.push("lang_close", "span", -1)
            state.cic_lang_spans = depth - 1  # type: ignore[attr-defined]
        state.pos += len(_SPAN_CLOSE)
        return True
    return False


def _lang_block(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """A `<div lang="fr">` line opens blocks in that language, a `</div>` line closes them."""
    line = state.src[state.bMarks[start] + state.tShift[start]:state.eMarks[start]]
    depth = state.env.setdefault("cic_lang_blocks", [])
    opened = _DIV_OPEN.match(line)
    if opened is None and not (_DIV_CLOSE.match(line) and depth):
        return False
    if silent:
        return True
    if opened is not None:
        token = state.push("lang_block_open", "div", 1)
        token.attrSet("lang", opened.group(1))
        depth.append(opened.group(1))
    else:
        token = state.push("lang_block_close", "div", -1)
        depth.pop()
    token.map = [start, start + 1]
    state.line = start + 1
    return True


def _balance(state: Any) -> None:
    """A `<span lang>` left open at the end of its line, or a `<div lang>` at the end of the text,
    closes there: every format gets a well-formed tree, whatever a template did."""
    from markdown_it.token import Token

    for token in state.tokens:
        if token.type == "inline" and token.children:
            open_spans = sum(t.nesting for t in token.children if t.type in ("lang_open", "lang_close"))
            token.children += [Token("lang_close", "span", -1) for _ in range(open_spans)]
    state.tokens += [Token("lang_block_close", "div", -1) for _ in state.env.get("cic_lang_blocks", [])]
    state.env["cic_lang_blocks"] = []
