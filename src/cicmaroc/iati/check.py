"""Checking an IATI activity file: the schema, the codelists, the Standard's rules and what its guidance
asks (`guidance.py`), as findings.

The three layers run on every readable file, whatever the others found, so one run shows every
problem; each layer reports at most `MAX_FINDINGS_PER_FILE` findings and then counts the rest
(a hostile or broken file cannot flood the output or the memory). Dates are judged as of a date
the caller gives: the library never reads the clock.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cicmaroc.codes.iati import CIC801, CIC802, CIC803, CIC804
from cicmaroc.findings import Count, Finding, Findings, Location
from cicmaroc.iati import codelists, guidance, ruleset, xsd
from cicmaroc.iati.xmlfile import DEFAULT_MAX_BYTES, XmlFile, parse_bytes, read_file
from cicmaroc.yaml.document import SourceDoc
from cicmaroc.yaml.limits import MAX_FINDINGS_PER_FILE

__all__ = ["DEFAULT_MAX_BYTES", "IatiCheck", "as_of_date", "check_bytes", "check_file"]


@dataclass(frozen=True, slots=True)
class IatiCheck:
    """What checking one file found, and what the text output needs to show it."""

    file: str
    as_of: dt.date
    findings: list[Finding] = field(default_factory=list)
    source: SourceDoc | None = None  # the file's text, to show each finding's line
    activities: int = 0

    @property
    def sources(self) -> dict[str, SourceDoc]:
        """The file's text by its name, for the outputs to show each finding's line (none if unread)."""
        return {self.file: self.source} if self.source is not None else {}

    def failing(self) -> list[Finding]:
        """The findings that make the check fail (errors and warnings; information does not)."""
        return Findings(self.findings).failing()


def as_of_date(text: str) -> dt.date:
    """'2019' is the last day of 2019 (nothing in that year is in the future); '2019-06-30' a day.

    Raises ValueError with a sentence for the officer.
    """
    value = text.strip()
    if value.isdigit() and len(value) == 4:
        return dt.date(int(value), 12, 31)
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"--as-of takes a year (2019) or a date (2019-06-30), not '{text}'.") from None


def check_file(path: Path, as_of: dt.date, display: str | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES) -> IatiCheck:
    """Check the file at `path`; `display` is how findings name it (default: the path)."""
    shown = display or str(path)
    doc, problems = read_file(path, shown, max_bytes)
    return _checked(doc, problems, shown, as_of)


def check_bytes(raw: bytes, display: str, as_of: dt.date) -> IatiCheck:
    """Check XML held in memory (what the exporter will produce), named `display` in findings."""
    doc, problems = parse_bytes(raw, display)
    return _checked(doc, problems, display, as_of)


def _checked(doc: XmlFile | None, problems: list[Finding], display: str, as_of: dt.date) -> IatiCheck:
    if doc is None:
        return IatiCheck(display, as_of, problems)
    findings = [*_capped(xsd.check(doc), display), *_capped(codelists.check(doc, as_of), display),
                *_capped(ruleset.check(doc, as_of), display), *_capped(guidance.check(doc), display)]
    activities = len(doc.root.findall("iati-activity"))
    return IatiCheck(display, as_of, findings, doc.source, activities)


def _capped(findings: Iterable[Finding], display: str) -> Iterator[Finding]:
    """The first findings of a layer, then one that counts the others (never all kept in memory)."""
    more = 0
    last: Finding | None = None
    for count, finding in enumerate(findings, start=1):
        if count <= MAX_FINDINGS_PER_FILE:
            yield finding
        else:
            more += 1
            last = finding
    if last is not None:
        code = {c.code: c for c in (CIC801, CIC802, CIC803, CIC804)}[last.code]
        yield code.finding("more", Location(display), severity=last.severity, count=Count(more),
                           code=last.code)
