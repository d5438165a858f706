"""Read one YAML data file into plain Python values, remembering where each value came from.

Why not a stock loader: officers need every finding to point at a line, and CI needs speed.
ruamel.yaml's round-trip loader keeps positions but is pure Python and slow; its safe C loader is
fast but forgets positions. So we take the *events* of the C parser (libyaml, each event carries
its line and column) and build the values ourselves in one flat loop. That loop is also where
the file is made safe: tags never construct objects, aliases (and so "billion laughs") and merge
keys are refused, nesting depth is capped, duplicate keys are reported, and numbers with a
fraction become `Decimal` straight from their text, never passing through binary floats.

Scalars follow the YAML 1.2 core schema (``yes``/``no`` stay text), plus ISO dates.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from cicmaroc.findings import Finding, Location, Severity

YamlPath = tuple[str | int, ...]

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_DEPTH = 24


@dataclass(frozen=True, slots=True)
class Limits:
    """Safety limits for one file. A partner file is a few KB; 2 MiB leaves room for monitoring."""

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH


@dataclass(slots=True)
class SourceDoc:
    """One parsed file: its plain data and the position of every value and key in it."""

    file: str
    data: Any
    text: str
    values: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    refused: set[YamlPath] = field(default_factory=set)

    def at(self, *path: str | int) -> Location:
        """Where the value at `path` is; falls back to the closest enclosing value that exists."""
        p: YamlPath = tuple(path)
        while p:
            pos = self.values.get(p)
            if pos is not None:
                return Location(self.file, pos[0], pos[1])
            p = p[:-1]
        pos = self.values.get((), (1, 1))
        return Location(self.file, pos[0], pos[1])

    def key_at(self, *path: str | int) -> Location:
        """Where the key of the entry at `path` is (for unknown or duplicated keys)."""
        pos = self.keys.get(tuple(path))
        if pos is None:
            return self.at(*path)
        return Location(self.file, pos[0], pos[1])

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, for showing the offending line under a finding."""
        lines = self.text.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


# --- scalar resolution (YAML 1.2 core schema, no floats) -------------------------------------

_INT = re.compile(r"[-+]?[0-9]+\Z")
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_NUMBER_START = frozenset("0123456789-+.")


def resolve_plain(text: str) -> Any:
    """The value of an unquoted scalar. Fractions become Decimal, exactly as written."""
    if text in _NULLS:
        return None
    first = text[0]
    if first in _NUMBER_START:
        if _INT.match(text):
            return int(text)
        if _DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return text  # "2019-02-30": left as text, the model says it is not a date
        if _DECIMAL.match(text):
            return Decimal(text)
        return text
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return text


_STR_TAGS = frozenset({"tag:yaml.org,2002:str", "!"})
_MAP_TAGS = frozenset({None, "tag:yaml.org,2002:map"})
_SEQ_TAGS = frozenset({None, "tag:yaml.org,2002:seq"})


# --- reading ----------------------------------------------------------------------------------


def _finding(code: str, name: str, message: str, loc: Location, hint: str) -> Finding:
    return Finding(code, Severity.ERROR, message, loc, hint=hint, name=name)


def read_bytes(path: Path, display: str, limits: Limits) -> tuple[bytes | None, list[Finding]]:
    """The file's bytes, or a finding saying why it cannot be read (checked before reading)."""
    here = Location(display)
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            target = os.readlink(path)
            return None, [_finding("CIC001", "unreadable-file",
                                   f"This is a link to '{target}', which does not exist.", here,
                                   "Restore the file it points to, or replace the link by the file itself.")]
        return None, [_finding("CIC001", "unreadable-file", "The file does not exist.", here,
                               "Create it, or remove what refers to it.")]
    except OSError as exc:
        return None, [_finding("CIC001", "unreadable-file", f"The file cannot be opened: {exc.strerror}.",
                               here, "Check the file's permissions.")]
    if stat.S_ISDIR(st.st_mode):
        return None, [_finding("CIC001", "unreadable-file",
                               "A folder stands where a YAML file is expected.", here,
                               "Move the folder away or rename it without the .yaml ending.")]
    if not stat.S_ISREG(st.st_mode):
        return None, [_finding("CIC001", "unreadable-file", "This is not a regular file.", here,
                               "Replace it by a plain YAML file.")]
    if st.st_size > limits.max_bytes:
        return None, [_finding("CIC007", "file-too-large",
                               f"The file is {st.st_size:,} bytes, over the limit of "
                               f"{limits.max_bytes:,} bytes; it was not read.", here,
                               "Data files are a few kilobytes: check that the right file is here, "
                               "or raise the limit with --max-file-size.")]
    try:
        return path.read_bytes(), []
    except OSError as exc:
        return None, [_finding("CIC001", "unreadable-file", f"The file cannot be read: {exc.strerror}.",
                               here, "Check the file's permissions.")]


def decode(raw: bytes, display: str) -> tuple[str | None, list[Finding]]:
    """UTF-8 text (a BOM is accepted and dropped), or a finding at the first bad byte."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        col = nul - (raw.rfind(b"\n", 0, nul) + 1) + 1
        return None, [_finding("CIC002", "not-utf8", "This looks like a binary file, not YAML text "
                               "(it contains a NUL byte).", Location(display, line, col),
                               "Replace it by the YAML text file it should be.")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [_finding("CIC002", "not-utf8",
                               f"The file is not valid UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                               "it was probably saved as Latin-1 or Windows-1252.",
                               Location(display, line, col),
                               "Save it again as UTF-8 (in most editors: 'Save with encoding').")]
    return text, []


def load_file(path: Path, display: str | None = None, limits: Limits | None = None
              ) -> tuple[SourceDoc | None, list[Finding]]:
    """Read, decode and parse one file. Never raises for bad content: problems become findings."""
    display = display or str(path)
    limits = limits or Limits()
    raw, findings = read_bytes(path, display, limits)
    if raw is None:
        return None, findings
    text, findings = decode(raw, display)
    if text is None:
        return None, findings
    return parse_text(text, display, limits)


def parse_text(text: str, display: str, limits: Limits | None = None
               ) -> tuple[SourceDoc | None, list[Finding]]:
    """Parse YAML text. Returns no document when the text cannot be trusted (syntax errors)."""
    limits = limits or Limits()
    builder = _Builder(display, limits)
    try:
        builder.run(_events(text))
    except Exception as exc:  # the C parser's errors carry a mark; anything else is a bug here
        return None, [*builder.findings, _syntax_finding(exc, display, text)]
    if builder.documents == 0 or (builder.root is None and builder.empty_document):
        return None, [_finding("CIC005", "empty-file", "The file is empty.", Location(display, 1, 1),
                               "Fill it in (see `cic new` for a template), or delete it.")]
    doc = SourceDoc(display, builder.root, text, builder.values, builder.keys, builder.refused)
    return doc, builder.findings


def _events(text: str) -> Iterator[Any]:
    """Parser events for `text`: straight from libyaml's C parser when it is installed.

    Calling the C parser directly skips ruamel.yaml's per-event generator wrapper, which costs
    about as much as the parsing itself. Without ruamel.yaml.clib (PyPy, an exotic platform)
    the pure-Python parser gives the same events with the same marks, several times slower.
    """
    if _CParser is not None:
        parser = _CParser(text)
        try:
            while True:
                event = parser.get_event()
                if event is None:
                    return
                yield event
        finally:
            parser.dispose()
    from ruamel.yaml import YAML

    yield from YAML(typ="safe", pure=True).parse(text)


try:  # the C extension ships as a separate wheel (ruamel.yaml.clib)
    from _ruamel_yaml import CParser as _CParser
except ImportError:  # pragma: no cover - depends on the platform
    _CParser = None


_SYNTAX_HINTS = (
    ("\\t", "A tab character is used for indentation: YAML needs spaces. Replace the tab by spaces."),
    ("mapping values are not allowed", "A value contains ': ' (colon and space): put the whole "
     "value in quotes, or check the indentation of this line."),
    ("could not find expected ':'", "A line is missing its 'key: value' colon, or a quote is not "
     "closed."),
    ("did not find expected key", "A line is indented differently from the lines around it."),
    ("found unexpected end of stream", "A quote or bracket is opened and never closed."),
    ("found undefined alias", "Anchors and aliases (&name / *name) are not used in these files: "
     "write the value out."),
)


def _syntax_finding(exc: Exception, display: str, source: str) -> Finding:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["unknown error"])[0]
    line = (mark.line + 1) if mark is not None else 1
    col = (mark.column + 1) if mark is not None else 1
    hint = "Fix the YAML syntax on this line (or the line just above it)."
    lines = source.splitlines()
    offending = lines[line - 1] if 0 < line <= len(lines) else ""
    text = str(exc) + ("\\t" if "\t" in offending[: max(col, 1)] else "")
    for needle, advice in _SYNTAX_HINTS:
        if needle in text:
            hint = advice
            break
    return _finding("CIC003", "yaml-syntax", f"The YAML cannot be read: {problem}.",
                    Location(display, line, col), hint)


class _Frame:
    __slots__ = ("container", "is_map", "key", "key_pos", "path")

    def __init__(self, container: Any, path: YamlPath, is_map: bool) -> None:
        self.container = container
        self.path = path
        self.is_map = is_map
        self.key: Any = _NO_KEY
        self.key_pos: tuple[int, int] = (0, 0)


_NO_KEY = object()
_SKIP = object()  # placeholder for a value that was refused (alias, complex key, too deep)


class _Builder:
    """Turns a stream of parser events into plain values plus two position maps."""

    def __init__(self, display: str, limits: Limits) -> None:
        self.display = display
        self.limits = limits
        self.findings: list[Finding] = []
        self.values: dict[YamlPath, tuple[int, int]] = {}
        self.keys: dict[YamlPath, tuple[int, int]] = {}
        self.refused: set[YamlPath] = set()  # paths whose value was refused: no second finding
        self.root: Any = None
        self.documents = 0
        self.empty_document = False

    def _refuse(self, code: str, name: str, message: str, pos: tuple[int, int], hint: str) -> None:
        self.findings.append(_finding(code, name, message, Location(self.display, *pos), hint))

    def run(self, events: Iterator[Any]) -> None:
        from ruamel.yaml.events import (
            AliasEvent,
            DocumentStartEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
        )

        stack: list[_Frame] = []
        max_depth = self.limits.max_depth
        skip_depth = 0  # >0 while skipping the inside of a refused (too deep) collection
        pos = (1, 1)
        for ev in events:
            kind = type(ev)
            if skip_depth:
                if kind is MappingStartEvent or kind is SequenceStartEvent:
                    skip_depth += 1
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    skip_depth -= 1
                continue
            if kind is ScalarEvent:
                mark = ev.start_mark
                pos = (mark.line + 1, mark.column + 1)
                tag = ev.tag
                if tag is None:
                    value = resolve_plain(ev.value) if ev.implicit[0] else ev.value
                elif tag in _STR_TAGS:
                    value = ev.value
                else:
                    self._refuse("CIC006", "unsupported-yaml",
                                 f"The tag '{tag}' is not allowed; it was ignored and the value not read.",
                                 pos, "Remove the tag (the text starting with '!').")
                    value = _SKIP
                if ev.anchor is not None:
                    self._anchor(ev.anchor, pos)
                self._place(stack, value, pos)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                mark = ev.start_mark
                pos = (mark.line + 1, mark.column + 1)
                is_map = kind is MappingStartEvent
                if ev.anchor is not None:
                    self._anchor(ev.anchor, pos)
                if ev.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
                    self._refuse("CIC006", "unsupported-yaml",
                                 f"The tag '{ev.tag}' is not allowed; this block was not read.",
                                 pos, "Remove the tag (the text starting with '!').")
                    self._place(stack, _SKIP, pos)
                    skip_depth = 1
                    continue
                if len(stack) >= max_depth:
                    self._refuse("CIC007", "too-deep",
                                 f"The data is nested more than {max_depth} levels deep; "
                                 "the deeper part was not read.",
                                 pos, "Programme files are a few levels deep: check the indentation.")
                    self._place(stack, _SKIP, pos)
                    skip_depth = 1
                    continue
                container: Any = {} if is_map else []
                path = self._place(stack, container, pos)
                if path is None:  # a collection used as a key: refused in _place
                    skip_depth = 1
                    continue
                stack.append(_Frame(container, path, is_map))
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                stack.pop()
            elif kind is AliasEvent:
                mark = ev.start_mark
                pos = (mark.line + 1, mark.column + 1)
                self._refuse("CIC006", "unsupported-yaml",
                             f"The alias '*{ev.anchor}' is not allowed in programme files; "
                             "its value was not read.",
                             pos, "Write the value out in full instead of using &anchors and *aliases.")
                self._place(stack, _SKIP, pos)
            elif kind is DocumentStartEvent:
                self.documents += 1
                if self.documents == 2:
                    mark = ev.start_mark
                    self._refuse("CIC006", "unsupported-yaml",
                                 "The file holds more than one YAML document ('---'); "
                                 "only the first is read.",
                                 (mark.line + 1, mark.column + 1),
                                 "Keep one document per file: remove the '---' line and what follows, "
                                 "or move it to its own file.")
                    break
        if self.documents == 1 and self.root is None:
            self.empty_document = True

    def _anchor(self, name: str, pos: tuple[int, int]) -> None:
        self._refuse("CIC006", "unsupported-yaml",
                     f"The anchor '&{name}' is not used in programme files.", pos,
                     "Remove the '&' anchor and write every value out in full.")

    def _place(self, stack: list[_Frame], value: Any, pos: tuple[int, int]) -> YamlPath | None:
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
            lst.append(None if value is _SKIP else value)
            self.values[path] = pos
            if value is _SKIP:
                self.refused.add(path)
            return path
        if top.key is _NO_KEY:  # this value is a key
            if isinstance(value, (dict, list)):
                self._refuse("CIC006", "unsupported-yaml",
                             "A list or mapping is used as a key; this entry was not read.", pos,
                             "Keys are simple words or years: write 'key: value'.")
                top.key = _SKIP
                top.key_pos = pos
                return None
            if value == "<<":
                self._refuse("CIC006", "unsupported-yaml", "Merge keys ('<<') are not used in "
                             "programme files; this entry was not read.", pos,
                             "Write out the keys you wanted to merge.")
                top.key = _SKIP
            elif value is _SKIP or isinstance(value, (Decimal, bool)) or value is None:
                if value is not _SKIP:
                    self._refuse("CIC012", "invalid-value",
                                 f"'{value}' cannot be used as a key.", pos,
                                 "Keys are words, identifiers or years.")
                top.key = _SKIP
            else:
                top.key = value
            top.key_pos = pos
            return (*top.path, "<key>")
        key = top.key
        top.key = _NO_KEY
        if key is _SKIP:
            return None if isinstance(value, (dict, list)) else ()
        mapping = top.container
        path = (*top.path, key)
        if key in mapping:
            first = self.keys[path]
            self.findings.append(Finding(
                "CIC004", Severity.ERROR,
                f"The key '{key}' appears twice in the same block (first on line {first[0]}); "
                "the first value is kept.",
                Location(self.display, *top.key_pos), related=(Location(self.display, *first),),
                hint="Delete one of the two entries, or merge them.", name="duplicate-key"))
            return None if isinstance(value, (dict, list)) else ()
        mapping[key] = None if value is _SKIP else value
        if value is _SKIP:
            self.refused.add(path)
        self.values[path] = pos
        self.keys[path] = top.key_pos
        return path
