"""Where a token ends: a finding or an id points at where a value starts, an editor underlines it whole.

Findings carry the line and column where their value or key starts (`findings.Location`); an
editor wants a range. The token is read from the line's text as YAML writes it: a quoted
scalar to its closing quote, a flow mapping or list to its closing bracket, a plain scalar to
the `: ` that makes it a key, the ` #` of a comment, or (inside brackets) the next `,`, `]` or
`}`. Columns here are 0-based characters (code points); the server converts them to the
client's units (UTF-16 by default).
"""

from __future__ import annotations

_CLOSING = {"{": "}", "[": "]"}


def token_span(line: str, start: int) -> tuple[int, int]:
    """The characters [start, end) of the token that starts at `start` in `line`; a token that
    runs past the line (a multi-line quoted scalar) ends with the line. Never an empty span
    inside a non-empty line: an editor would underline nothing."""
    if start >= len(line):
        return (max(0, len(line) - 1), len(line)) if line.strip() else (0, len(line))
    first = line[start]
    if first in "\"'":
        end = _quoted_end(line, start)
    elif first in _CLOSING:
        end = _bracket_end(line, start)
    elif first in "|>":
        end = start + 1
        while end < len(line) and not line[end].isspace():
            end += 1
    else:
        end = _plain_end(line, start, _in_flow(line, start))
    if end <= start:
        end = min(len(line), start + 1)
    return start, end


def _quoted_end(line: str, start: int) -> int:
    quote, i = line[start], start + 1
    while i < len(line):
        if quote == '"' and line[i] == "\\":
            i += 2
            continue
        if line[i] == quote:
            if quote == "'" and i + 1 < len(line) and line[i + 1] == "'":
                i += 2
                continue
            return i + 1
        i += 1
    return len(line)


def _bracket_end(line: str, start: int) -> int:
    depth, i = 0, start
    while i < len(line):
        char = line[i]
        if char in "\"'":
            i = _quoted_end(line, i)
            continue
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
            if depth == 0:
                return i + 1
        elif char == "#" and i > 0 and line[i - 1].isspace():
            break
        i += 1
    return len(line.rstrip())


def _plain_end(line: str, start: int, flow: bool) -> int:
    i = start
    while i < len(line):
        char = line[i]
        if char == ":" and (i + 1 == len(line) or line[i + 1].isspace() or (flow and line[i + 1] in ",]}")):
            break
        if char == "#" and i > start and line[i - 1].isspace():
            break
        if flow and char in ",]}":
            break
        i += 1
    return len(line[:i].rstrip()) if i > start else i


def _in_flow(line: str, start: int) -> bool:
    """Whether `start` stands inside a flow mapping or list opened earlier on the line."""
    depth, i = 0, 0
    while i < start:
        char = line[i]
        if char in "\"'" and (i == 0 or not line[i - 1].isalnum()):
            i = _quoted_end(line, i)
            continue
        if char in "{[":
            depth += 1
        elif char in "}]":
            depth = max(0, depth - 1)
        elif char == "#" and (i == 0 or line[i - 1].isspace()):
            return False
        i += 1
    return depth > 0
