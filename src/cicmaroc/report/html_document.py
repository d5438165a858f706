"""The report as one self-contained HTML page: inline CSS, the charts as inline SVG, nothing fetched.

The page is the Markdown report (`markdown_tree`) rendered by markdown-it, inside a page whose
Content-Security-Policy forbids every request, so it opens the same offline, in a mail client or
on a donor's laptop. It prints on A4: each main section starts a page, table headers repeat on
every page, a row is never cut in two.

Everyone can read it (WCAG 2.1 AA, checked with axe-core in Chromium): the page's language and each
passage's own (`<span lang="fr">`, and on every paragraph, item and heading of a passage in
another language, which Chromium's tagged PDF carries as /Lang); each chart an image with its text
alternative (`<svg role="img" aria-label>`, which becomes the PDF's Figure /Alt); each table a
caption (the heading it stands under; read by screen readers, not shown) and column headers with
their scope. An `id` on a passage's span (`passage-1` ...) is what makes Chromium keep the span in
its accessibility tree, and so in the PDF's structure with its /Lang; no ARIA role is needed.
"""

from __future__ import annotations

from html import escape
from typing import Any

from cicmaroc.report.chart_images import chart_svg, chart_texts
from cicmaroc.report.markdown_tree import CHART_FENCE, inline_html, markdown_parser

#: Nothing may be fetched: styles and images are in the page itself.
CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"

STYLE = """
:root { --ink: #222; --muted: #666; --rule: #c8ccd2; --head: #eef1f5; --accent: #1f5fa8; }
html { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink); }
body { margin: 0; background: #fff; }
main { max-width: 74rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; line-height: 1.45; font-size: 15px; }
h1 { font-size: 1.7rem; color: var(--accent); border-bottom: 3px solid var(--accent); padding-bottom: .4rem; }
h2 { font-size: 1.35rem; color: var(--accent); margin-top: 2.4rem; border-bottom: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin-top: 1.8rem; }
h4 { font-size: 1rem; margin-top: 1.2rem; }
table { border-collapse: collapse; margin: .8rem 0 1.2rem; font-size: .82rem; }
th, td { border: 1px solid var(--rule); padding: .25rem .45rem; vertical-align: top; }
th { background: var(--head); text-align: left; }
blockquote { margin: 1rem 0; padding: .5rem 1rem; border-left: 4px solid #d9822b; background: #fdf6ee; }
div.chart { margin: 1rem 0; }
div.chart svg { max-width: 100%; height: auto; }
hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0 1rem; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  clip-path: inset(50%); white-space: nowrap; }
.footnotes { font-size: .85rem; color: var(--muted); }
sup.footnote-ref a { text-decoration: none; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  main { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-before: page; }
  h1 + p + h2, h1 + h2 { break-before: auto; }
  h2, h3, h4 { break-after: avoid; break-inside: avoid; }
  table { font-size: 7.5pt; }
  thead { display: table-header-group; }
  tr, div.chart, blockquote { break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


def to_html(markdown: str, charts: dict[str, Any], lang: str, title: str) -> str:
    """The page for the Markdown report `markdown`; `charts` maps a chart name to its data."""
    md = markdown_parser()
    default_fence = md.renderer.rules["fence"]  # type: ignore[attr-defined]

    def fence(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        info = token.info.split()
        if len(info) == 2 and info[0] == CHART_FENCE and charts.get(info[1]) is not None:
            caption, alternative = chart_texts(token.content)
            svg = chart_svg(charts[info[1]], info[1], caption, chart_label(caption, alternative))
            return f'<div class="chart">{svg}</div>\n'
        return str(default_fence(tokens, idx, options, env))

    def table_open(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        heading = tokens[idx].meta.get("caption")  # the heading's inline content, its passages kept
        if not heading:
            return "<table>\n"
        caption = renderer.renderInline(heading, options, env)
        return f'<table>\n<caption class="visually-hidden">{caption}</caption>\n'

    def chart_label(title: str, alternative: str) -> str:
        return alternative if alternative == title else f"{title}. {alternative}"

    def html_inline(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        content = tokens[idx].content
        shown = inline_html(content)
        return escape(content) if shown is None else "<br>" if shown == "\n" else shown

    def lang_open(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        env["passages"] = number = env.get("passages", 0) + 1
        return f'<span lang="{escape(tokens[idx].attrGet("lang"))}" id="passage-{number}">'

    md.add_render_rule("fence", fence)
    md.add_render_rule("table_open", table_open)
    md.add_render_rule("html_inline", html_inline)
    md.add_render_rule("lang_open", lang_open)
    md.add_render_rule("lang_close", lambda r, t, i, o, e: "</span>")
    # no wrapper: each block of the passage says its language itself (`_accessible`), as Chromium's PDF
    # tags a block's /Lang only where it differs from its parent's
    md.add_render_rule("lang_block_open", lambda r, t, i, o, e: "")
    md.add_render_rule("lang_block_close", lambda r, t, i, o, e: "")
    md.core.ruler.push("cic_accessible", _accessible)
    body = md.render(markdown)
    return ("<!DOCTYPE html>\n"
            f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
            f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n")


def _accessible(state: Any) -> None:
    """What markdown-it does not write and a reader needs: each block of a passage in another language
    says so itself (Chromium's PDF tags a block's /Lang only where it differs from its parent's, so
    the passage has no wrapper), each column header its scope, each table its caption (the heading it
    stands under)."""
    languages: list[str] = []
    heading: list[Any] = []
    inside_head = False
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type == "lang_block_open":
            languages.append(token.attrGet("lang"))
        elif token.type == "lang_block_close" and languages:
            languages.pop()
        elif token.nesting == 1 and languages and token.type in _BLOCKS:
            token.attrSet("lang", languages[-1])
        if token.type == "heading_open" and i + 1 < len(tokens):
            heading = tokens[i + 1].children or []
        elif token.type == "table_open":
            token.meta["caption"] = heading
            inside_head = False
        elif token.type == "thead_open":
            inside_head = True
        elif token.type == "thead_close":
            inside_head = False
        elif token.type == "th_open" and inside_head:
            token.attrSet("scope", "col")


#: The blocks that carry a passage's language themselves.
_BLOCKS = frozenset({"paragraph_open", "heading_open", "list_item_open", "bullet_list_open",
                     "ordered_list_open", "blockquote_open", "table_open"})
