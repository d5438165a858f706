"""Where things are in a YAML text: lines, entries, comments, for tools that rewrite the layout.

`cic fmt` must move keys, re-indent and re-place comments without ever touching a value. It needs
to know, from the parser's own events (libyaml, with line and column), which lines continue a
multi-line value, which node starts on each line, where each mapping entry ends, and which `#`
starts a comment rather than sitting inside a text. `Layout` collects exactly that, in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from cicmaroc.yaml.document import YamlPath
from cicmaroc.yaml.scalars import resolve_plain

_BREAK = re.compile("\\r\\n|[\\r\\n\\x85\\u2028\\u2029]")


def lines_of(text: str) -> list[str]:
    """The text's lines with their line breaks, split where the YAML parser counts lines."""
    lines, start = [], 0
    for match in _BREAK.finditer(text):
        lines.append(text[start: match.end()])
        start = match.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


def has_break(line: str) -> bool:
    return _BREAK.search(line) is not None


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def is_comment_line(line: str) -> bool:
    return line.lstrip().startswith("#")


@dataclass
class Entry:
    """One `key: value` of a mapping: the lines it occupies (0-based, as the parser counts)."""

    key: Any
    key_line: int
    key_col: int
    key_end: tuple[int, int]
    value_start: tuple[int, int]
    value_is_flow: bool
    last_line: int = 0
    value_end: tuple[int, int] = (0, 0)  # where a flow collection value ends


@dataclass
class Mapping:
    path: YamlPath
    depth: int
    flow: bool
    entries: list[Entry] = field(default_factory=list)


class Layout:
    """One pass over the parser's events of a text that parses (callers check that first).

    - `mappings`: each mapping with, per entry, the lines its key and value occupy;
    - `spans`: where scalars' text is (a `#` there is text, not a comment);
    - `inside`: lines that continue a multi-line scalar or flow collection;
    - `paths_on_line`: the nodes that start on each line (keys, list items, the root), outermost first;
    - `empty_values`: the lines of keys written with no value (`key:`), a block still to fill.
    """

    def __init__(self, text: str) -> None:
        from ruamel.yaml import YAML

        self.text = text
        self.lines = lines_of(text)
        self.mappings: list[Mapping] = []
        self.spans: list[tuple[int, int]] = []
        self.inside: set[int] = set()
        self.paths_on_line: dict[int, list[YamlPath]] = {}
        self.empty_values: set[int] = set()  # lines of a key whose value is empty (`key:`)
        self._last_line = 0
        self._last_flow_end = (0, 0)
        self._events = iter(YAML(typ="safe").parse(text))
        for event in self._events:
            if type(event).__name__ in ("ScalarEvent", "MappingStartEvent", "SequenceStartEvent"):
                self._starts(event.start_mark.line, ())
                self._node(event, (), 0)

    # -- queries -----------------------------------------------------------------------------

    def outermost(self, line: int) -> YamlPath | None:
        paths = self.paths_on_line.get(line)
        return paths[0] if paths else None

    def line_of(self) -> dict[YamlPath, int]:
        return {path: line for line, paths in self.paths_on_line.items() for path in paths}

    def full_line_comments(self) -> list[int]:
        """Lines that hold only a comment (not text of a block scalar, not inside a flow collection)."""
        return [i for i, line in enumerate(self.lines) if i not in self.inside and is_comment_line(line)]

    def comment_starts(self) -> list[int]:
        """The index in the text of each comment's `#` (a `#` outside any scalar's text)."""
        text, spans = self.text, sorted(self.spans)
        starts: list[int] = []
        i, n, s = 0, len(text), 0
        while i < n:
            while s < len(spans) and spans[s][1] <= i:
                s += 1
            if s < len(spans) and spans[s][0] <= i < spans[s][1]:
                i = spans[s][1]
                continue
            if text[i] == "#" and (i == 0 or text[i - 1] in " \t\n\r"):
                starts.append(i)
                found = _BREAK.search(text, i)
                i = found.start() if found else n
                continue
            i += 1
        return starts

    def comments(self) -> list[str]:
        """Every comment, from its `#` to the end of its line, in order."""
        found = []
        for start in self.comment_starts():
            end = _BREAK.search(self.text, start)
            found.append(self.text[start: end.start() if end else len(self.text)].rstrip())
        return found

    # -- the pass ----------------------------------------------------------------------------

    def _starts(self, line: int, path: YamlPath) -> None:
        if line not in self.inside:
            self.paths_on_line.setdefault(line, []).append(path)

    def _continues(self, first: int, last: int) -> None:
        self.inside.update(range(first + 1, last + 1))

    def _flow_ends(self, first: int, end: Any) -> None:
        self._continues(first, end.line)
        self._last_line = max(self._last_line, end.line)
        self._last_flow_end = (end.line, end.column)

    def _node(self, event: Any, path: YamlPath, depth: int) -> None:
        name = type(event).__name__
        start = event.start_mark.line
        if name == "ScalarEvent":
            self._scalar(event)
        elif name == "SequenceStartEvent":
            for index, child in enumerate(self._events):
                if type(child).__name__ == "SequenceEndEvent":
                    if event.flow_style:
                        self._flow_ends(start, child.end_mark)
                    break
                if not event.flow_style:
                    self._starts(child.start_mark.line, (*path, index))
                self._node(child, (*path, index), depth + 1)
        elif name == "MappingStartEvent":
            mapping = Mapping(path, depth, bool(event.flow_style))
            self.mappings.append(mapping)
            for key in self._events:
                if type(key).__name__ == "MappingEndEvent":
                    if event.flow_style:
                        self._flow_ends(start, key.end_mark)
                    break
                resolved = _key_value(key)
                if not event.flow_style:
                    self._starts(key.start_mark.line, (*path, resolved))
                self._node(key, (*path, "<key>"), depth + 1)
                value = next(self._events)
                is_flow = type(value).__name__ in ("MappingStartEvent", "SequenceStartEvent") \
                    and bool(value.flow_style)
                entry = Entry(resolved, key.start_mark.line, key.start_mark.column,
                              (key.end_mark.line, key.end_mark.column),
                              (value.start_mark.line, value.start_mark.column), is_flow)
                self._node(value, (*path, resolved), depth + 1)
                entry.last_line = max(self._last_line, entry.key_line)
                entry.value_end = self._last_flow_end if is_flow else (0, 0)
                mapping.entries.append(entry)
                if not event.flow_style and type(value).__name__ == "ScalarEvent" \
                        and not value.value and not value.style:
                    self.empty_values.add(entry.key_line)

    def _scalar(self, event: Any) -> None:
        start, begin = event.start_mark.line, event.start_mark.index
        if event.style in ("|", ">"):
            header_end = _BREAK.search(self.text, begin)  # the header (`|-  # comment`) is not text
            begin = header_end.end() if header_end else event.end_mark.index
            last = self._block_scalar_end(event)
        elif event.value or event.style:
            last = event.end_mark.line
        else:  # an empty value (`key:`) has no text of its own
            return
        self.spans.append((begin, max(begin, event.end_mark.index)))
        self._continues(start, last)
        self._last_line = max(self._last_line, last)

    def _block_scalar_end(self, event: Any) -> int:
        """The last line of a block scalar's text (its end mark may lie on a later comment line)."""
        first: int = event.start_mark.line
        end: int = min(event.end_mark.line, len(self.lines) - 1)
        if "+" in self.lines[first][event.start_mark.column:].split("#")[0]:  # `|+`: trailing lines count
            raw: int = event.end_mark.line - 1 if event.end_mark.column == 0 else event.end_mark.line
            return max(first, min(raw, len(self.lines) - 1))
        body = [i for i in range(first + 1, end + 1) if self.lines[i].strip()]
        if not body:
            return first
        indent = indent_of(self.lines[body[0]])
        return max(i for i in body if indent_of(self.lines[i]) >= indent)


def _key_value(event: Any) -> Any:
    """A key as the loader reads it (`2017` is a number, `"2017"` is text)."""
    if type(event).__name__ != "ScalarEvent":
        return object()  # a complex key: the loader refuses those, so this is never reached
    return resolve_plain(event.value) if event.implicit[0] else event.value
