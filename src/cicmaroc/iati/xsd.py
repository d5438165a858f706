"""Layer 1: the file against the official IATI 2.03 activity schema (XSD), with lxml.

Each schema error becomes a CIC801 finding on the element (or attribute) it is about. libxml2
reports the first unexpected element of a sequence and then moves on, so fixing one error can
reveal the next: the message says so when an element is out of place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lxml import etree

from cicmaroc.codes.iati import CIC801
from cicmaroc.findings import Finding, Location, phrase
from cicmaroc.iati.standard import REFERENCE, VERSION, schema
from cicmaroc.iati.xmlfile import XmlFile

_ATTRIBUTE = re.compile(r"attribute '([^']+)'")


def check(doc: XmlFile) -> Iterator[Finding]:
    """Every schema error, placed on its element, plus a warning if the file is not 2.03."""
    version = doc.root.get("version")
    if version != VERSION:
        yield CIC801.finding("version", doc.at(doc.root), version=version or phrase("(none)"),
                             standard=VERSION)
    validator = schema()
    if validator.validate(doc.tree):
        return
    for entry in validator.error_log:
        yield CIC801.finding("invalid", _where(doc, entry.path, entry.message, entry.line, entry.column),
                             standard=VERSION, detail=entry.message.rstrip("."), reference=REFERENCE)


def _where(doc: XmlFile, path: str | None, message: str, line: int, column: int) -> Location:
    """The element the error names (by its XPath), or the attribute the message names."""
    if path:
        try:
            nodes = doc.tree.xpath(path)
        except etree.XPathError:  # an odd path from libxml2: fall back on its line
            nodes = []
        if isinstance(nodes, list) and nodes and hasattr(nodes[0], "tag"):
            element = nodes[0]
            attribute = _ATTRIBUTE.search(message)
            if attribute:
                found = element.get(attribute.group(1))
                if found is not None:
                    row, col = doc.positions.attribute(element, attribute.group(1))
                    return Location(doc.display, row, col)
            return doc.at(element)
    return Location(doc.display, max(line, 0), max(column, 1 if line > 0 else 0))
