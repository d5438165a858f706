"""Reading an IATI XML file safely, and placing a finding on the line and column it is about.

The file can come from anywhere (`cic iati --check FILE`), so it is read with the same bounded,
non-blocking reader as the data files (a FIFO or a device is refused, never waited on; at most
`max_bytes` are read) and parsed by `standard.safe_parser` (no network, no entity expansion).
A document with a DOCTYPE is refused whole: IATI files have none, and entities are how XML
files attack their readers (XXE, billion laughs).

lxml gives each element the line where its start tag *ends*; `Positions` finds where the tag
(or one of its attributes) begins, so findings point where an editor shows the problem.
"""

from __future__ import annotations

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
#: How far above the line lxml reports a start tag may begin (a tag spread over many lines).
_LOOK_BACK = 200


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
        """Where the start tag `<name` is: at or above the line lxml gives (where it ends)."""
        end = element.sourceline or 0
        if end <= 0 or end > len(self.lines) or not isinstance(element.tag, str):
            return max(end, 0), 1 if end > 0 else 0
        pattern = re.compile("<" + re.escape(_qualified(element)) + r"(?=[\s/>]|$)")
        for line in range(end, max(end - _LOOK_BACK, 0), -1):
            matches = list(pattern.finditer(self.lines[line - 1]))
            if not matches:
                continue
            if line == end:  # several alike on one line: the n-th one of its siblings there
                nth = sum(1 for s in element.itersiblings(preceding=True)
                          if s.tag == element.tag and s.sourceline == end)
                return line, matches[min(nth, len(matches) - 1)].start() + 1
            return line, matches[-1].start() + 1
        return end, 1

    def attribute(self, element: etree._Element, name: str) -> tuple[int, int]:
        """Where `name=` is inside the element's start tag (the tag itself if not found)."""
        start_line, start_column = self.element(element)
        if start_line <= 0:
            return start_line, start_column
        pattern = re.compile(r"(?<![\w.:-])" + re.escape(attribute_name(name)) + r"\s*=")
        last = max(element.sourceline or start_line, start_line)
        for line in range(start_line, min(last, len(self.lines)) + 1):
            text = self.lines[line - 1]
            found = pattern.search(text, start_column - 1 if line == start_line else 0)
            if found:
                return line, found.start() + 1
        return start_line, start_column


@lru_cache(maxsize=2048)
def xpath(expression: str) -> etree.XPath:
    """The compiled XPath for an expression: compiling costs more than running on one element,
    and the checks run the same few hundred expressions on every activity of a file."""
    return etree.XPath(expression)


def attribute_name(name: str) -> str:
    """'xml:lang' for lxml's '{http://www.w3.org/XML/1998/namespace}lang', as files spell it."""
    return "xml:" + name[len(XML_NS):] if name.startswith(XML_NS) else name


def _qualified(element: etree._Element) -> str:
    name = etree.QName(element).localname
    return f"{element.prefix}:{name}" if element.prefix else name
