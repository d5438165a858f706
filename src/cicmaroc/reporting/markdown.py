"""Escaping for GitHub-flavoured Markdown and for Mermaid charts.

Text from the data files (names, sources, messages) lands in tables and sentences. A `|` would
split a table cell, a newline would end the table, `*`, `_`, `[`, `` ` `` or `$` would turn a
commune's name into emphasis, a link, code or maths, and `<` would open an HTML tag. `md_escape`
makes every such character literal, for GitHub and GitLab alike: backslash escapes for Markdown
punctuation, entities for HTML, `<br>` for a line break inside a cell.

Values are escaped where they are inserted inline (a cell, a sentence, a list item after its
marker); templates never start a line with a value, so block markers (`- `, `1. `) need no care.
"""

from __future__ import annotations

import re

from markupsafe import Markup

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_PUNCTUATION = set("\\`*_[]|~#$")
_NEWLINES = re.compile(r"\r\n|\r|\n")


def md_escape(text: object) -> Markup:
    """`text` as literal Markdown, safe inside a table cell (returned as already-escaped Markup)."""
    if isinstance(text, Markup):
        return text
    out = []
    for char in _NEWLINES.sub("\n", str(text)):
        if char in _HTML:
            out.append(_HTML[char])
        elif char in _PUNCTUATION:
            out.append("\\" + char)
        elif char == "\n":
            out.append("<br>")
        else:
            out.append(char)
    return Markup("".join(out))


def mermaid_text(text: object) -> Markup:
    """A label for a Mermaid chart: one line, no double quotes (they delimit Mermaid strings)."""
    flat = " ".join(str(text).split())
    return Markup(flat.replace('"', "'").replace("`", "'"))
