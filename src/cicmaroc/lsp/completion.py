"""Completion of ids where a file uses them: reporters, indicators and measure keys in monitoring,
results and indicators in a narrative, risks in a follow-up, rule codes and files in waivers (and
in a `# cic: ignore[...]` comment), the files of agreed readings.

Where the cursor stands is read from the text, not from a parse: the line being typed is often
not valid YAML yet (`IOV 1: {sas: true, pr`). The keys above the cursor are found by
indentation, the keys on its line by a small scan of `key:`, `- ` and `{ , }`; the sites of
`lsp.ids.USES` then say which kinds of id are wanted there.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from cicmaroc import api
from cicmaroc.lsp.ids import ANY, KEY, KINDS, Site, completion_sites, what_it_is
from cicmaroc.lsp.index import Index
from cicmaroc.lsp.ranges import _quoted_end

_WAIVER_CODES = re.compile(r"#\s*cic:\s*ignore\[[^\]]*?([A-Za-z0-9]*)\Z")
_FILE_FIELDS = ("file",)  # a waiver's and an agreed reading's file: a data file of the folder
#: The sites of file names, beside the ids of `lsp.ids` (their values are the data folder's files).
FILE_SITES = (("waivers", ("waivers", ANY, "file")), ("readings", ("readings", ANY, "file")))


class Candidate(NamedTuple):
    """One completion: the text, what it is (its kind, or the rule's name), and more (what it says)."""

    label: str
    kind: str
    detail: str


class Completion(NamedTuple):
    """What to offer, and the characters [start, end) of the 0-based line it replaces."""

    candidates: list[Candidate]
    line: int
    start: int
    end: int


class Place(NamedTuple):
    """Where the cursor stands: the keys and list items above it, whether a key or a value is being
    typed there (and for a value, its key), and where the typed part starts."""

    path: tuple[str | int, ...]
    key: str | None  # None: a key is being typed; else the key whose value is
    start: int


def complete(index: Index, file_kind: str, lines: Sequence[str], line: int, character: int,
             files: Sequence[str], lang: str) -> Completion | None:
    """The completion at a 0-based position in a file of `file_kind` whose text is `lines`; `files`
    are the data folder's files as waivers name them. None: nothing to complete there."""
    current = lines[line][:character] if line < len(lines) else ""
    waiver = _WAIVER_CODES.search(current)
    if waiver is not None:
        return Completion(_rule_codes(), line, waiver.start(1), character)
    place = where(lines, line, character)
    if place is None:
        return None
    for kind, pattern in FILE_SITES:
        if kind == file_kind and place.key in _FILE_FIELDS and _matches((*place.path, place.key),
                                                                         pattern):
            return Completion([Candidate(f, "file", "") for f in files], line, place.start, character)
    for site in completion_sites(file_kind):
        scope = _fits(site, place)
        if scope is False:
            continue
        if site.kinds == ("rule",):
            return Completion(_rule_codes(), line, place.start, character)
        found = [Candidate(o.id, KINDS[next(k for k in o.kinds if k in site.kinds)].label,
                           what_it_is(f.source, o, next(k for k in o.kinds if k in site.kinds)) or "")
                 for f, o in index.defined(site.kinds, scope if isinstance(scope, str) else None)]
        found += [Candidate(word, "keyword", "") for word in site.keywords]
        return Completion(found, line, place.start, character)
    return None


def _rule_codes() -> list[Candidate]:
    return [Candidate(code.code, "rule", code.name) for code in api.rules()]


def _fits(site: Site, place: Place) -> str | bool | None:
    """Whether `site` is where the cursor stands: False if not; else the id scoping it (None: none)."""
    if site.path[-1] == KEY:
        if place.key is not None or not _matches(place.path, site.path[:-1]):
            return False
        full = place.path
    else:
        if place.key != site.path[-1] or not _matches(place.path, site.path[:-1]):
            return False
        full = (*place.path, place.key)
    if site.scope is None:
        return None
    if site.scope.field is None:
        return str(full[site.scope.depth]) if len(full) > site.scope.depth else False
    return False  # a scope read from a value is a definition's, never typed


def _matches(path: tuple[str | int, ...], pattern: tuple[str, ...]) -> bool:
    return len(path) == len(pattern) and all(p in (ANY, step) for step, p in zip(path, pattern, strict=True))


def where(lines: Sequence[str], line: int, character: int) -> Place | None:
    """Where the cursor stands in a YAML text being typed; None in a comment or past what it reads."""
    current = lines[line][:character] if line < len(lines) else ""
    read = _line(current, cursor=True)
    if read is None:
        return None
    above = _above(lines, line, read.column, read.dashes > 0)
    if above is None:
        return None
    path = (*above, *([0] * read.dashes), *read.keys)
    if read.value:
        return Place(tuple(path[:-1]), str(path[-1]), read.start)
    return Place(tuple(path), None, read.start)


class _Read(NamedTuple):
    column: int  # where the line's content starts (its first `- `, or its key)
    dashes: int  # how many `- ` open list items on it
    keys: list[str]  # the keys it opens, outermost first
    value: bool  # a value follows the last key (False: a key comes next)
    start: int  # where the part after the last `:`, `{` or `,` starts
    opens: bool  # the line ends with a key and nothing after it (`reports:`)


def _line(text: str, *, cursor: bool = False) -> _Read | None:
    """Reads a line (up to the cursor, with `cursor`: None there in a comment or a flow list)."""
    i = len(text) - len(text.lstrip(" "))
    column, dashes = i, 0
    while text.startswith("- ", i) or text[i:] == "-":
        dashes += 1
        i += 2
        while i < len(text) and text[i] == " ":
            i += 1
    keys: list[str] = []
    flows: list[int] = []  # for each open `{`, how many keys were open before it
    segment, value, listed = i, False, False
    while i < len(text):
        char = text[i]
        if char in "\"'" and text[segment:i].strip() == "":
            i = _quoted_end(text, i)
            continue
        if (char == "#" and (i == 0 or text[i - 1] in " \t")) or char == "[":
            if cursor:
                return None  # in a comment, or in a flow list: no ids are typed there
            listed = char == "["
            break
        if char == ":" and (i + 1 == len(text) or text[i + 1] in " \t"):
            keys.append(text[segment:i].strip().strip("\"'"))
            segment, value = i + 1, True
        elif char == "{":
            flows.append(len(keys))
            segment, value = i + 1, False
        elif char == "}" and flows:
            del keys[flows.pop():]
            segment = i + 1
        elif char == "," and flows:
            del keys[flows[-1]:]
            segment, value = i + 1, False
        i += 1
    rest = text[segment:i]
    start = segment + len(rest) - len(rest.lstrip(" "))
    opens = bool(keys) and value and not rest.strip() and not listed
    return _Read(column, dashes, keys, value, start, opens)


def _above(lines: Sequence[str], line: int, column: int, item: bool) -> list[str | int] | None:
    """The keys and list items that hold a line whose content starts at `column` (`item`: it starts
    with `- `), read upwards by indentation."""
    path: list[str | int] = []
    for number in range(line - 1, -1, -1):
        if column == 0 and not item:
            break
        text = lines[number]
        stripped = text.lstrip(" ")
        if not stripped or stripped.startswith("#") or stripped.startswith("---"):
            continue
        indent = len(text) - len(stripped)
        read = _line(text)
        assert read is not None  # only the cursor's line stops short
        key_column = indent + 2 * read.dashes
        if indent > column or (indent == column and not (item and not read.dashes and read.opens)):
            continue
        if read.dashes and key_column <= column:  # inside the item this line opens
            inner = read.keys if key_column < column and read.opens else []
            path[:0] = [*([0] * read.dashes), *inner]
        elif read.opens:
            path[:0] = read.keys
        else:
            return None  # a value where a parent should be: not YAML the cursor can be placed in
        column, item = indent, read.dashes > 0
    return path
