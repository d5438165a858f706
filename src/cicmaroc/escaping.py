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
  such text either: `cicmaroc.cli.main.console()` prints with markup off, and styled output escapes
  user text with `rich.markup.escape` after `visible`.
- `path_text(path)`: a file name as cic shows it in every format (`loading.display_path`):
  `visible`, so the same file is named the same way in text, JSON, SARIF, GitHub and the report.
- GitHub annotations (`output/github.py`) %-encode what the runner decodes; JSON and SARIF are
  `json_text` (the encoder's escapes, plus `\\uXXXX` for what it would leave raw); SARIF locations
  are URIs (`uri`); Markdown is
  `reporting/markdown.md_escape`, which also shows these characters visibly and makes URLs inert.
"""

from __future__ import annotations

import os
import re

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
