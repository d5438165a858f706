"""How text from files, file names and the command line is made safe for each output format.

Anything an officer or an attacker can put in a file or a file name reaches cic's output: a name
with a newline could start a line of its own in a CI log (`::error file=...` is a GitHub workflow
command, read from *any* line of the log), an ESC byte would drive the terminal, and the bidi
controls U+202A-E and U+2066-9 make text display in another order than it is stored ("Trojan
Source"). The policy, one function per format:

- `visible(text)`: the terminal and plain-text logs. Every character that is not printable text
  (C0 and C1 controls, DEL, line and paragraph separators, the bidi controls, lone surrogates left
  by undecodable file names) is shown as a backslash escape (``\\n``, ``\\x1b``, ``\\u202e``), so one
  value is one line and nothing in it acts on the terminal. Rich markup is never interpreted in
  such text either: every rich console cic prints through is `console()` below (markup off, every
  string passed through `visible`), and styled output is built as `rich.text.Text` from escaped
  pieces.
- `path_text(path)`: a file name as cic shows it in every format (`loading.display_path`):
  `visible`, so the same file is named the same way in text, JSON, SARIF, GitHub and the report.
- GitHub annotations (`output/github.py`) %-encode what the runner decodes; JSON and SARIF are
  `json_text` (the encoder's escapes, plus `\\uXXXX` for what it would leave raw); SARIF locations
  are URIs (`uri`); Markdown is
  `reporting/markdown.md_escape`, which also shows these characters visibly and makes URLs inert.
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

#: Bidirectional embedding, override and isolate controls (Trojan Source, CVE-2021-42574).
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
BIDI = re.compile(f"[{BIDI_CONTROLS}]")

_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
#: What is never printed as it is: controls, separators, bidi controls, surrogates.
_UNPRINTABLE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # a byte that was not UTF-8 in a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


def visible(text: str) -> str:
    """`text` with every unprintable character written as a visible backslash escape."""
    return _UNPRINTABLE.sub(_escape, text) if _UNPRINTABLE.search(text) else text


def path_text(path: str | os.PathLike[str]) -> str:
    """A file name for any output: undecodable bytes and control characters made visible."""
    return visible(os.fspath(path))


_JSON_UNSAFE = re.compile(f"[\x7f-\x9f\u2028\u2029{BIDI_CONTROLS}]")


def json_text(doc: object) -> str:
    """`doc` as JSON (UTF-8, indented), with the characters JSON would leave raw but a terminal,
    a log or a JavaScript reader would act on (C1 controls, line separators, bidi controls)
    written as `\\uXXXX` escapes: the parsed value is the same, the text is inert."""
    import json  # (only the JSON and SARIF formats need it: not loaded for the text output)

    text = json.dumps(doc, ensure_ascii=False, indent=2)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def uri(path: str) -> str:
    """A relative path as a URI reference (SARIF `artifactLocation.uri`): %-encoded, `/` kept."""
    import urllib.parse

    if os.sep == "\\":  # Windows separators; elsewhere a backslash is part of a name
        path = path.replace("\\", "/")
    return urllib.parse.quote(path, safe="/")


@functools.cache
def _safe_console() -> type[Console]:
    from rich.console import Console

    class SafeConsole(Console):
        """rich's Console, with one rule for every string it prints: it is text, never instructions.

        Strings are never read as rich markup (`[/]` in a file name is text) or emoji codes, and
        every unprintable character in them is shown escaped (`visible`), so no file name, value or
        argument can move the cursor, colour the terminal, or start a new line of a CI log.
        """

        def render_str(self, text: str, **options: Any) -> Text:
            options.update(markup=False, emoji=False)
            return super().render_str(visible(text), **options)

    return SafeConsole


def console(**options: Any) -> Console:
    """A rich Console that prints by this policy (see `_safe_console`); rich is imported only here,
    when something is printed through it. `options` are rich's (`file`, `width`, `stderr`, ...)."""
    return _safe_console()(highlight=False, markup=False, emoji=False, **options)


def rendered(print_to: Callable[[Console], object], *, width: int, colour: str | None) -> str:
    """What `print_to(console)` prints, as text: on a console `width` columns wide, styled in the
    colour system `colour` (a terminal's, as rich names it) or plain when None.

    For the text formats made of rich tables (`cic progress`, `cic status`): the library renders
    them to a string, as it renders every other format, and the command line writes it.
    """
    import io

    buffer = io.StringIO()
    print_to(console(file=buffer, width=width, color_system=colour, force_terminal=colour is not None))
    return buffer.getvalue()
