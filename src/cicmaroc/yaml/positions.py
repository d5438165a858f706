"""Lines and columns as editors count them, and as libyaml counts them.

libyaml (YAML 1.1) counts U+0085, U+2028 and U+2029 as line breaks; editors, git and CI
annotations count only LF, CRLF and CR. Every position a finding shows is an editor's.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable

#: Line breaks as editors, git and CI annotations count them.
EDITOR_BREAK = re.compile(r"\r\n|\r|\n")
#: Line breaks for libyaml (YAML 1.1) that editors, git and CI annotations do not count.
YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")
#: Line breaks as libyaml counts them.
LIBYAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def position_converter(text: str) -> Callable[[tuple[int, int]], tuple[int, int]]:
    """Translate libyaml's (line, column), which counts U+0085/U+2028/U+2029 as line breaks,
    into the line and column an editor shows (breaks are LF, CRLF and CR only)."""
    yaml_starts = [0, *(m.end() for m in LIBYAML_BREAK.finditer(text))]
    editor_starts = [0, *(m.end() for m in EDITOR_BREAK.finditer(text))]

    def convert(pos: tuple[int, int]) -> tuple[int, int]:
        line, column = pos
        if not 0 < line <= len(yaml_starts) or column < 1:
            return pos
        index = yaml_starts[line - 1] + column - 1
        editor_line = bisect.bisect_right(editor_starts, index)
        return editor_line, index - editor_starts[editor_line - 1] + 1

    return convert


def within(text: str, pos: tuple[int, int]) -> tuple[int, int]:
    """`pos`, or the end of the text when libyaml points past it (an unfinished last line)."""
    last_break = max(text.rfind("\n"), text.rfind("\r"))
    lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
    if pos[0] <= lines:
        return pos
    return lines, len(text) - last_break
