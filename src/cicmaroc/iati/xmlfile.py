"""Reading an IATI XML file safely, and placing a finding on the line and column it is about.

The file can come from anywhere (`cic iati --check FILE`), so it is read with the same bounded,
non-blocking reader as the data files (a FIFO or a device is refused, never waited on; at most
`max_bytes` are read) and parsed by `standard.safe_parser` (no network, no entity expansion).
A document with a DOCTYPE is refused whole: IATI files have none, and entities are how XML
files attack their readers (XXE, billion laughs).

lxml gives each element the line where its start tag *ends*; `Positions` finds where the tag
(or one of its attributes) begins, so findings point where an editor shows the problem. It reads
the text once, the first time a finding needs a place, and then finds each place at once: many
published IATI files are one line of megabytes, where searching that line again for every
finding made a check quadratic (1.3 MB: 15 s instead of half a second).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lxml import etree

from cicmaroc.codes.iati import CIC800, HINT_IATI_FILE, HINT_RAISE_LIMIT
from cicmaroc.files.reading import read_bytes
from cicmaroc.findings import Finding, Location
from cicmaroc.iati.standard import safe_parser
from cicmaroc.yaml.document import SourceDoc

#: IATI files published by large donors run to tens of megabytes; a programme's file is a few
#: hundred kilobytes. Above this, a file is refused unread unless --max-file-size says otherwise.
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
XML_NS = "{http://www.w3.org/XML/1998/namespace}"
_PARSER_POSITION = re.compile(r",? line \d+, column \d+\s*\Z")
#: Every piece of markup: a comment, a CDATA section, a processing instruction, a declaration, an
#: end tag, or a start tag (group 1, its name). In well-formed XML every `<` opens one of them.
_MARKUP = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<\?.*?\?>|<![^>]*>|</[^>]*>|<([^\s/>]+)", re.DOTALL)
#: A start tag from its `<` to its `>` (a `>` may stand inside a quoted value), and its attributes.
_START_TAG = re.compile(r"""<[^\s/>]+(?:[^>"']|"[^"]*"|'[^']*')*>?""")
_ATTRIBUTE_AT = re.compile(r"""([^\s=/>]+)\s*=\s*(?:"[^"]*"|'[^']*')""")


@dataclass(slots=True)
class XmlFile:
    """A parsed activity file: its tree and its text (for positions and for showing lines)."""

    display: str
    tree: etree._ElementTree
    source: SourceDoc
    positions: Positions = field(init=False)

    def __post_init__(self) -> None:
        self.positions = Positions(self.display, self.source.lines())

    @property
    def root(self) -> etree._Element:
        return self.tree.getroot()

    def at(self, node: Any) -> Location:
        """Where an element, an attribute or a text node (as XPath returns them) is."""
        return self.positions.of(node)


def read_file(path: Path, display: str, max_bytes: int = DEFAULT_MAX_BYTES
              ) -> tuple[XmlFile | None, list[Finding]]:
    """Read and parse `path`, or say (CIC800, with a location) why it cannot be checked."""
    if path.is_dir():
        return None, [CIC800.finding("folder", Location(display))]
    raw, problems = read_bytes(path, display, max_bytes)
    if raw is None:
        return None, [_as_iati(f) for f in problems]
    return parse_bytes(raw, display)


def _as_iati(finding: Finding) -> Finding:
    """The reader's finding (missing, not a regular file, too large) under the IATI code."""
    return CIC800.recode(finding, HINT_RAISE_LIMIT if finding.code == "CIC007" else HINT_IATI_FILE)


def parse_bytes(raw: bytes, display: str) -> tuple[XmlFile | None, list[Finding]]:
    """Parse XML bytes into an `XmlFile`, or one CIC800 finding at the place parsing stopped."""
    text = raw.decode("utf-8-sig", errors="replace")
    source = SourceDoc(display, None, text)
    try:
        root = etree.fromstring(raw, safe_parser())
    except etree.XMLSyntaxError as exc:
        if "<!DOCTYPE" in text:  # an external DTD refused, entities amplified: the DOCTYPE is why
            return None, [_doctype(display, text)]
        line, column = exc.position if exc.position else (1, 1)
        reason = _PARSER_POSITION.sub("", str(exc.msg)).rstrip(". ")
        return None, [CIC800.finding("not-xml", Location(display, max(line, 1), max(column, 1)),
                                     reason=reason)]
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        return None, [_doctype(display, text)]
    name = etree.QName(root).localname if isinstance(root.tag, str) else ""
    if name != "iati-activities":
        where = Positions(display, source.lines()).of(root)
        if name == "iati-organisations":
            return None, [CIC800.finding("organisation-file", where)]
        return None, [CIC800.finding("other-root", where, root=name)]
    return XmlFile(display, tree, source), []


def _doctype(display: str, text: str) -> Finding:
    offset = max(text.find("<!DOCTYPE"), 0)
    line = text.count("\n", 0, offset) + 1
    where = Location(display, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)
    return CIC800.finding("doctype", where)


class Positions:
    """Line and column of elements and attributes, found in the file's text."""

    def __init__(self, display: str, lines: list[str]) -> None:
        self.display = display
        self.lines = lines
        self._index: _Index | None = None

    def of(self, node: Any) -> Location:
        if isinstance(node, etree._Element):
            line, column = self.element(node)
        elif getattr(node, "is_attribute", False):
            line, column = self.attribute(node.getparent(), str(node.attrname))
        elif hasattr(node, "getparent") and node.getparent() is not None:
            line, column = self.element(node.getparent())
        else:
            line, column = 0, 0
        return Location(self.display, line, column)

    def element(self, element: etree._Element) -> tuple[int, int]:
        """Where the start tag `<name` is (lxml knows only the line where it ends)."""
        start = self._start(element)
        if start is None:
            line = element.sourceline or 0
            return max(line, 0), 1 if line > 0 else 0
        return self._index_of(element).place(start)

    def attribute(self, element: etree._Element, name: str) -> tuple[int, int]:
        """Where `name=` is inside the element's start tag (the tag itself if not found)."""
        start = self._start(element)
        if start is None:
            return self.element(element)
        index = self._index_of(element)
        tag = _START_TAG.match(index.text, start)
        wanted = attribute_name(name)
        for found in _ATTRIBUTE_AT.finditer(index.text, start, tag.end() if tag else start):
            if found.group(1) == wanted:
                return index.place(found.start())
        return index.place(start)

    def _start(self, element: etree._Element) -> int | None:
        """The offset of the element's `<` in the text, or None when it cannot be told."""
        if not isinstance(element.tag, str):
            return None
        return self._index_of(element).starts.get(element)

    def _index_of(self, element: etree._Element) -> _Index:
        if self._index is None:  # once, on the first finding: most files have none
            self._index = _Index(EDITOR_BREAK_JOIN.join(self.lines), element.getroottree().getroot())
        return self._index


#: `Positions.lines` were split at any of LF, CRLF and CR; joined with one character each, the
#: offsets of the text and of its lines stay in step (a line break counts for one place).
EDITOR_BREAK_JOIN = "\n"


class _Index:
    """The text read once: where each element's start tag begins, and where each line begins."""

    def __init__(self, text: str, root: etree._Element) -> None:
        self.text = text
        self.line_starts = [0, *(m.end() for m in re.finditer("\n", text))]
        offsets = [m.start() for m in _MARKUP.finditer(text) if m.group(1)]
        elements = list(root.iter(etree.Element))  # in document order, like the start tags
        # lxml gives the same proxy for an element while one is alive: `elements` keeps them
        self.elements = elements
        self.starts: dict[etree._Element, int] = (
            dict(zip(elements, offsets, strict=True)) if len(offsets) == len(elements) else {})

    def place(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column of a character offset."""
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1


@lru_cache(maxsize=2048)
def xpath(expression: str) -> etree.XPath:
    """The compiled XPath for an expression: compiling costs more than running on one element,
    and the checks run the same few hundred expressions on every activity of a file."""
    return etree.XPath(expression)


def attribute_name(name: str) -> str:
    """'xml:lang' for lxml's '{http://www.w3.org/XML/1998/namespace}lang', as files spell it."""
    return "xml:" + name[len(XML_NS):] if name.startswith(XML_NS) else name
