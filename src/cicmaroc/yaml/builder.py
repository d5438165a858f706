"""Parser events to plain values and two position maps, in one flat loop: where a file is made safe.

Tags never construct objects, aliases (and so "billion laughs") and merge keys are refused,
nesting depth and the number of values are capped, duplicate keys are reported, and numbers with
a fraction become `Decimal` straight from their text, never passing through binary floats.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, NoReturn

from cicmaroc.codes.declaration import Code
from cicmaroc.codes.files import CIC004, CIC006, CIC007, CIC012
from cicmaroc.findings import Count, Finding, Location
from cicmaroc.numeric import MAX_DECIMALS, MAX_INTEGER_DIGITS
from cicmaroc.yaml import events
from cicmaroc.yaml.document import YamlPath
from cicmaroc.yaml.limits import MAX_FINDINGS_PER_FILE, Limits
from cicmaroc.yaml.positions import YAML_ONLY_BREAKS, position_converter
from cicmaroc.yaml.scalars import CONTROL, DECIMAL, MAP_TAGS, NUMBER_START, SEQ_TAGS, STR_TAGS, resolve_plain


class Frame:
    __slots__ = ("container", "is_map", "key", "key_pos", "path")

    def __init__(self, container: Any, path: YamlPath, is_map: bool) -> None:
        self.container = container
        self.path = path
        self.is_map = is_map
        self.key: Any = NO_KEY
        self.key_pos: tuple[int, int] = (0, 0)


NO_KEY = object()
SKIP = object()  # placeholder for a value that was refused (alias, complex key, too deep)


class GiveUp(Exception):
    """Raised by the builder when reading on would cost too much: the file is refused."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


class Builder:
    """Turns a stream of parser events into plain values plus two position maps.

    `place` puts any value where the parser is. `run` does the same for the common cases (a key,
    a new key's value, a list item) inline, because its loop runs once per value of every file
    and a call costs as much as the rest; `fast=False` turns the inline copy off, so that a test
    can check that both give the same values, positions and findings (tests/test_yaml_reader.py).
    """

    def __init__(self, display: str, limits: Limits, text: str = "", fast: bool = True) -> None:
        self.display = display
        self.limits = limits
        self.fast = fast
        #: libyaml's (line, column) -> the editor's; None when they agree (nearly always)
        #: (the pure-Python parser reads YAML 1.2, where those characters are not line breaks)
        self.convert = (position_converter(text)
                        if events.CParser is not None and YAML_ONLY_BREAKS.search(text) else None)
        self.findings: list[Finding] = []
        self.unlisted = 0  # findings past MAX_FINDINGS_PER_FILE, counted, not kept
        self.values: dict[YamlPath, tuple[int, int]] = {}
        self.keys: dict[YamlPath, tuple[int, int]] = {}
        self.refused: set[YamlPath] = set()  # paths whose value was refused: no second finding
        self.root: Any = None
        self.documents = 0
        self.empty_document = False
        self.pos = (1, 1)  # where the parser is: for a finding when something fails unexpectedly

    def _at(self, mark: Any) -> tuple[int, int]:
        pos = (mark.line + 1, mark.column + 1)
        return pos if self.convert is None else self.convert(pos)

    def _add(self, finding: Finding) -> None:
        if len(self.findings) < MAX_FINDINGS_PER_FILE:
            self.findings.append(finding)
        else:
            self.unlisted += 1

    def _refuse(self, code: Code, say: str, pos: tuple[int, int], **args: Any) -> None:
        self._add(code.finding(say, Location(self.display, *pos), **args))

    def close(self) -> list[Finding]:
        """The findings, with one more that counts those not listed."""
        if not self.unlisted:
            return self.findings
        last = self.findings[-1].location or Location(self.display)
        return [*self.findings, CIC007.finding("too-many-problems", last, count=Count(self.unlisted))]

    def _give_up(self, say: str, pos: tuple[int, int], **args: Any) -> NoReturn:
        raise GiveUp(CIC007.finding(say, Location(self.display, *pos), **args))

    def run(self, get_event: Callable[[], Any]) -> None:
        from ruamel.yaml.events import (
            AliasEvent,
            DocumentStartEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
        )

        stack: list[Frame] = []
        max_depth = self.limits.max_depth
        give_up_depth = 4 * max_depth  # past this, libyaml's quadratic flow nesting would cost seconds
        nodes_left = self.limits.max_nodes
        skip_depth = 0  # >0 while skipping the inside of a refused (too deep) collection
        convert = self.convert
        values, keys = self.values, self.keys
        fast = self.fast
        pos = (1, 1)
        try:
            while (ev := get_event()) is not None:
                kind = type(ev)
                if skip_depth:
                    if kind is MappingStartEvent or kind is SequenceStartEvent:
                        skip_depth += 1
                        if skip_depth + len(stack) > give_up_depth:
                            mark = ev.start_mark
                            self._give_up("far-too-deep", self._at(mark), depth=give_up_depth)
                    elif kind is MappingEndEvent or kind is SequenceEndEvent:
                        skip_depth -= 1
                    else:
                        nodes_left -= 1
                        if nodes_left < 0:
                            self._too_many_nodes(ev)
                    continue
                if kind is ScalarEvent:
                    mark = ev.start_mark
                    pos = (mark.line + 1, mark.column + 1)
                    if convert is not None:
                        pos = convert(pos)
                    nodes_left -= 1
                    if nodes_left < 0:
                        self._too_many_nodes(ev)
                    value = ev.value
                    if ev.ctag is None:  # (`ctag`: the `tag` property builds a string every time)
                        if ev.implicit[0]:
                            text = value
                            value = resolve_plain(text)
                            if value is text and text[0] in NUMBER_START and DECIMAL.match(text):
                                value = self._out_of_range(text, pos)
                        elif ev.style == '"' and CONTROL.search(value):
                            value = self._control_character(value, pos)
                    elif ev.tag in STR_TAGS:
                        if CONTROL.search(value):
                            value = self._control_character(value, pos)
                    else:
                        self._refuse(CIC006, "tag", pos, tag=ev.tag)
                        value = SKIP
                    if fast and ev.anchor is None and value is not SKIP and stack:
                        # the common cases inline (a key, a new key's value, a list item): this loop
                        # runs once per value of every file, and a call costs as much as the rest
                        top = stack[-1]
                        if not top.is_map:
                            items = top.container
                            values[(*top.path, len(items))] = pos
                            items.append(value)
                            continue
                        key = top.key
                        if key is NO_KEY:
                            if value.__class__ is str and value != "<<":
                                top.key = value
                                top.key_pos = pos
                                continue
                        elif key is not SKIP and key not in top.container:
                            path = (*top.path, key)
                            top.container[key] = value
                            values[path] = pos
                            keys[path] = top.key_pos
                            top.key = NO_KEY
                            continue
                    if ev.anchor is not None:
                        self._anchor(ev.anchor, pos)
                    self.place(stack, value, pos)
                elif kind is MappingStartEvent or kind is SequenceStartEvent:
                    mark = ev.start_mark
                    pos = self._at(mark)
                    nodes_left -= 1
                    if nodes_left < 0:
                        self._too_many_nodes(ev)
                    is_map = kind is MappingStartEvent
                    if ev.anchor is not None:
                        self._anchor(ev.anchor, pos)
                    if ev.tag not in (MAP_TAGS if is_map else SEQ_TAGS):
                        self._refuse(CIC006, "tag-on-block", pos, tag=ev.tag)
                        self.place(stack, SKIP, pos)
                        skip_depth = 1
                        continue
                    if len(stack) >= max_depth:
                        self._refuse(CIC007, "too-deep", pos, depth=max_depth)
                        self.place(stack, SKIP, pos)
                        skip_depth = 1
                        continue
                    container: Any = {} if is_map else []
                    where = self.place(stack, container, pos)
                    if where is None:  # a collection used as a key: refused in _place
                        skip_depth = 1
                        continue
                    stack.append(Frame(container, where, is_map))
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    stack.pop()
                elif kind is AliasEvent:
                    mark = ev.start_mark
                    pos = self._at(mark)
                    self._refuse(CIC006, "alias", pos, anchor=ev.anchor)
                    self.place(stack, SKIP, pos)
                elif kind is DocumentStartEvent:
                    self.documents += 1
                    if self.documents == 2:
                        mark = ev.start_mark
                        self._refuse(CIC006, "documents", self._at(mark))
                        break
        finally:  # where the parser was, for a finding if something fails
            self.pos = pos
        if self.documents == 1 and self.root is None:
            self.empty_document = True

    def _too_many_nodes(self, ev: Any) -> NoReturn:
        mark = ev.start_mark
        self._give_up("too-many-values", self._at(mark), count=Count(self.limits.max_nodes))

    def _out_of_range(self, text: str, pos: tuple[int, int]) -> Any:
        shown = text if len(text) <= 40 else text[:37] + "..."
        self._refuse(CIC012, "out-of-bounds", pos, number=shown, digits=MAX_INTEGER_DIGITS,
                     decimals=MAX_DECIMALS)
        return SKIP

    def _control_character(self, value: str, pos: tuple[int, int]) -> Any:
        char = CONTROL.search(value).group()  # type: ignore[union-attr]
        self._refuse(CIC012, "control", pos, char=f"U+{ord(char):04X}")
        return SKIP

    def _anchor(self, name: str, pos: tuple[int, int]) -> None:
        self._refuse(CIC006, "anchor", pos, anchor=name)

    def place(self, stack: list[Frame], value: Any, pos: tuple[int, int]) -> YamlPath | None:
        """Put a value where the parser is: the document root, a list item, a key or a value."""
        if not stack:
            if self.documents <= 1:
                self.root = value
                self.values[()] = pos
            return ()
        top = stack[-1]
        if not top.is_map:
            lst = top.container
            path = (*top.path, len(lst))
            lst.append(None if value is SKIP else value)
            self.values[path] = pos
            if value is SKIP:
                self.refused.add(path)
            return path
        if top.key is NO_KEY:  # this value is a key
            if isinstance(value, (dict, list)):
                self._refuse(CIC006, "complex-key", pos)
                top.key = SKIP
                top.key_pos = pos
                return None
            if value == "<<":
                self._refuse(CIC006, "merge-key", pos)
                top.key = SKIP
            elif value is SKIP or isinstance(value, (Decimal, bool)) or value is None:
                if value is not SKIP:
                    self._refuse(CIC012, "key", pos, key=value)
                top.key = SKIP
            else:
                top.key = value
            top.key_pos = pos
            return (*top.path, "<key>")
        key = top.key
        top.key = NO_KEY
        if key is SKIP:
            return None if isinstance(value, (dict, list)) else ()
        mapping = top.container
        path = (*top.path, key)
        if key in mapping:
            if len(self.findings) >= MAX_FINDINGS_PER_FILE:  # 300,000 duplicates: count, do not build
                self.unlisted += 1
                return None if isinstance(value, (dict, list)) else ()
            first = self.keys[path]
            self._add(CIC004.finding("twice", Location(self.display, *top.key_pos),
                                     (Location(self.display, *first),), key=key, line=first[0]))
            return None if isinstance(value, (dict, list)) else ()
        mapping[key] = None if value is SKIP else value
        if value is SKIP:
            self.refused.add(path)
        self.values[path] = pos
        self.keys[path] = top.key_pos
        return path

