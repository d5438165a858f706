"""Escaping for GitHub-flavoured Markdown and for Mermaid charts.

Text from the data files (names, sources, messages) lands in tables and sentences. A `|` would
split a table cell, a newline would end the table, `*`, `_`, `[`, `` ` `` or `$` would turn a
commune's name into emphasis, a link, code or maths, and `<` would open an HTML tag. `md_escape`
makes every such character literal, for GitHub and GitLab alike: backslash escapes for Markdown
punctuation, entities for HTML, `<br>` for a line break inside a cell, visible escapes for control
and bidi characters, and URLs made inert (GitHub would link `https://...` in a commune's name).

Values are escaped where they are inserted inline (a cell, a sentence, a list item after its
marker); templates never start a line with a value, so block markers (`- `, `1. `) need no care.
"""

from __future__ import annotations

import re

from markupsafe import Markup

from cicmaroc.escaping import visible

#: The only HTML the report's Markdown holds (the documents read it: `markdown_tree.inline_html`):
#: a line break inside a table cell, and an empty comment that keeps an e-mail address from
#: becoming a link.
LINE_BREAK, LINK_BREAKER = "<br>", "<!-- -->"
_NEWLINES = re.compile(r"\r\n|\r|\n")
_TABLE = str.maketrans({
    **{c: "\\" + c for c in "\\`*_[]|~#$"},  # Markdown punctuation: literal
    "&": "&amp;", "<": "&lt;", ">": "&gt;",  # HTML: entities
    "\n": LINE_BREAK,  # a line break stays inside its table cell
})
#: What GitHub and GitLab turn into links by themselves (GFM "autolinks"), made inert: an entity
#: splits the trigger, so the URL is shown as text and cannot be clicked.
_AUTOLINKS = ((re.compile(r":(?=//)"), "&#58;"), (re.compile(r"(?<=[Ww]{3})\."), "&#46;"),
              (re.compile(r"@"), "@" + LINK_BREAKER))


def md_escape(text: object) -> Markup:
    """`text` as literal Markdown, safe inside a table cell (returned as already-escaped Markup).

    Line breaks become `<br>`; every other unprintable character (controls, the bidi controls of
    "Trojan Source") is shown escaped (`escaping.visible`); URLs, `www.` names and e-mail
    addresses are shown as text, never as links.
    """
    if isinstance(text, Markup):
        return text
    lines = _NEWLINES.split(str(text))
    escaped = "\n".join(visible(line) for line in lines).translate(_TABLE)
    for pattern, replacement in _AUTOLINKS:
        if pattern.search(escaped):
            escaped = pattern.sub(replacement, escaped)
    return Markup(escaped)


#: What starts a block when it begins a list item: an ordered-list number ("4. Siège" would
#: become a list starting at 4 inside the bullet) or a bullet ("> " is an entity already).
_ITEM_START = re.compile(r"\A(\d{1,9})([.)])(?=\s|\Z)|\A([-+])(?=\s|\Z)")


def item_start(text: object) -> Markup:
    """`text` as literal Markdown placed first in a list item (`md_escape`, and a leading "4." or
    "-" escaped): the budget lines' labels are numbered, and a list item that begins "4. Siège" is
    a list of its own in HTML, Word and PDF (and to a screen reader). Elsewhere, in a table cell or
    after other words, such a start is plain text and `md_escape` leaves it as written."""
    escaped = str(md_escape(text))
    return Markup(_ITEM_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", escaped))


def link(text: object, target: str) -> Markup:
    """A Markdown link to `target` (a relative path, the report's own: an evidence file), its text
    escaped and its address %-encoded, so that no character of a file name ends or changes it."""
    from urllib.parse import quote

    return Markup(f"[{md_escape(text)}](<{quote(target, safe='/')}>)")


def mermaid_text(text: object) -> Markup:
    """A label for a Mermaid chart: one line, no double quotes (they delimit Mermaid strings)."""
    flat = " ".join(visible(str(text)).split())
    return Markup(flat.replace('"', "'").replace("`", "'"))


def prose(text: object) -> Markup:
    """An officer's text (the narrative) as Markdown inside the report: paragraphs, emphasis
    (`*`, `_`) and lists, and nothing else (README, "Hostile input").

    Everything else is made literal, line by line, so that every format shows the same text and
    none has more power than another: no link or image (a live `[site](https://...)`, a
    protocol-relative `//host/share`, a remote `![pixel](...)`: a leak through the PDF's links
    or GitHub's job summary), no footnote (a `[^r1]:` line would give an agreed reading's figure
    a forged reason on GitHub), no heading (ATX `#` or setext `===`), no code fence (a
    `cic-chart` fence would draw a chart), no table, quote, rule, HTML or maths. A line keeps its
    indentation only as far as the list it continues needs (no indented code block), and URLs,
    `www.` names and e-mail addresses are inert, as in `md_escape`.
    """
    out: list[str] = []
    content_column: int | None = None  # where the text of the last list item starts, in a list
    blank_before = True
    for raw in _NEWLINES.split(str(text).strip()):
        line = visible(raw).expandtabs(4).rstrip()
        if not line:
            out.append("")
            blank_before = True
            continue
        indent = min(len(line) - len(line.lstrip(" ")), content_column or 0)
        body = line.lstrip(" ")
        item = None if _BLOCK_LINE.fullmatch(body) else _LIST_ITEM.fullmatch(body)  # `* * *`: a rule
        if item is not None:
            marker, content = item.group(1), item.group(2)
            out.append(" " * indent + marker + " " + _prose_line(content))
            content_column = indent + len(marker) + 1
        else:
            if blank_before and indent == 0:
                content_column = None  # a paragraph of its own: the list has ended
            out.append(" " * indent + _prose_line(body))
        blank_before = False
    return Markup("\n".join(out))


#: A list item: a bullet or a number, a space, its text (`- a`, `* a`, `+ a`, `1. a`, `2) a`).
_LIST_ITEM = re.compile(r"([-*+]|[0-9]{1,9}[.)]) +(.*)")
#: Everything Markdown (GitHub's, GitLab's, markdown-it's) reads as more than text, but emphasis.
_PROSE = str.maketrans({
    **{c: "\\" + c for c in "\\`[]|~#$"},
    "&": "&amp;", "<": "&lt;", ">": "&gt;",
})
#: A line that would underline the paragraph above as a heading (setext), or draw a rule.
_BLOCK_LINE = re.compile(r"=+|-+|(?:[-*_] *){3,}")


def _prose_line(text: str) -> str:
    """One line of prose: literal but for emphasis, and never the start of another block."""
    escaped = text.translate(_PROSE)
    for pattern, replacement in _AUTOLINKS:
        if pattern.search(escaped):
            escaped = pattern.sub(replacement, escaped)
    if _BLOCK_LINE.fullmatch(escaped):
        escaped = "\\" + escaped
    return escaped
