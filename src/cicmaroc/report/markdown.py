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

_NEWLINES = re.compile(r"\r\n|\r|\n")
_TABLE = str.maketrans({
    **{c: "\\" + c for c in "\\`*_[]|~#$"},  # Markdown punctuation: literal
    "&": "&amp;", "<": "&lt;", ">": "&gt;",  # HTML: entities
    "\n": "<br>",  # a line break stays inside its table cell
})
#: What GitHub and GitLab turn into links by themselves (GFM "autolinks"), made inert: an entity
#: splits the trigger, so the URL is shown as text and cannot be clicked.
_AUTOLINKS = ((re.compile(r":(?=//)"), "&#58;"), (re.compile(r"(?<=[Ww]{3})\."), "&#46;"),
              (re.compile(r"@"), "@<!-- -->"))


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


def mermaid_text(text: object) -> Markup:
    """A label for a Mermaid chart: one line, no double quotes (they delimit Mermaid strings)."""
    flat = " ".join(visible(str(text)).split())
    return Markup(flat.replace('"', "'").replace("`", "'"))


_HEADING = re.compile(r"^(\s{0,3})#", re.MULTILINE)


def prose(text: object) -> Markup:
    """An officer's text (the narrative) as Markdown inside the report: emphasis, lists and
    paragraphs kept, but no heading that would break the report's outline, no HTML, and every
    unprintable character shown escaped."""
    lines = [visible(line) for line in _NEWLINES.split(str(text).strip())]
    body = "\n".join(lines).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Markup(_HEADING.sub(r"\1\\#", body))
