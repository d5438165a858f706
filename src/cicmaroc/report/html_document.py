"""The report as one self-contained HTML page: inline CSS, the charts as inline SVG, nothing fetched.

The page is the Markdown report (`markdown_tree`) rendered by markdown-it, inside a page whose
Content-Security-Policy forbids every request, so it opens the same offline, in a mail client or
on a donor's laptop. It prints on A4: each main section starts a page, table headers repeat on
every page, a row is never cut in two.
"""

from __future__ import annotations

from html import escape
from typing import Any

from cicmaroc.report.chart_images import chart_svg
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
figure.chart { margin: 1rem 0; }
figure.chart svg { max-width: 100%; height: auto; }
hr { border: 0; border-top: 1px solid var(--rule); margin: 2rem 0 1rem; }
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
  tr, figure, blockquote { break-inside: avoid; }
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
            caption = token.content.strip()
            return (f'<figure class="chart" role="img" aria-label="{escape(caption)}">'
                    f"{chart_svg(charts[info[1]], info[1], caption)}</figure>\n")
        return str(default_fence(tokens, idx, options, env))

    def html_inline(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        content = tokens[idx].content
        shown = inline_html(content)
        return escape(content) if shown is None else "<br>" if shown == "\n" else shown

    md.add_render_rule("fence", fence)
    md.add_render_rule("html_inline", html_inline)
    body = md.render(markdown)
    return ("<!DOCTYPE html>\n"
            f'<html lang="{escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{escape(title)}</title>\n<style>{STYLE}</style>\n</head>\n"
            f"<body>\n<main>\n{body}</main>\n</body>\n</html>\n")
