"""Waivers: acknowledge a known discrepancy of the approved document, with a written reason.

Two ways, both keeping the finding visible with `--verbose` and in JSON (flagged "waived"):

- inline, on the YAML line the finding points at: ``# cic: ignore[CIC106] reason``;
- in `data/waivers.yaml`, by code, file and optionally a piece of the message.

A waiver without a reason waives nothing and is itself a finding (CIC901); a waiver that no
longer matches any finding is reported too (CIC902), so stale waivers do not pile up.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from cicmaroc.config import Config
from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.loading import display_path
from cicmaroc.programme import Programme

_INLINE = re.compile(r"#\s*cic:\s*ignore\[([A-Za-z0-9,\s]*)\]\s*(.*?)\s*$")


@dataclass(slots=True)
class _Waiver:
    codes: tuple[str, ...]
    file: str
    line: int | None  # inline waivers match their own line only
    contains: str | None
    reason: str
    location: Location
    used: bool = False

    def matches(self, finding: Finding) -> bool:
        loc = finding.location
        if loc is None or finding.code not in self.codes or loc.file != self.file:
            return False
        if self.line is not None and loc.line != self.line:
            return False
        return self.contains is None or self.contains in finding.message


def _inline(programme: Programme) -> Iterator[_Waiver]:
    for file, source in programme.sources.items():
        if "cic:" not in source.text:
            continue
        for number, line in enumerate(source.lines(), start=1):  # editor lines, as findings count
            if "#" not in line:
                continue
            m = _INLINE.search(line)
            if m:
                codes = tuple(c.strip().upper() for c in m.group(1).split(",") if c.strip())
                yield _Waiver(codes, file, number, None, m.group(2),
                              Location(file, number, m.start() + 1))


def _from_file(programme: Programme) -> Iterator[_Waiver]:
    if programme.waivers is None:
        return
    doc = programme.waivers
    for i, w in enumerate(doc.model.waivers):
        yield _Waiver((w.code,), display_path(programme.root / w.file), None, w.contains, w.reason.strip(),
                      doc.at("waivers", i))


def apply_waivers(findings: list[Finding], programme: Programme, config: Config) -> list[Finding]:
    """Mark waived findings, and add a finding for each waiver without reason or without use."""
    waivers = [*_inline(programme), *_from_file(programme)]
    result = []
    for finding in findings:
        for waiver in waivers:
            if waiver.matches(finding):
                waiver.used = True
                if waiver.reason:
                    finding = finding.waive(waiver.reason)
                    break
        result.append(finding)
    for waiver in waivers:
        codes = ", ".join(waiver.codes) or "(no code)"
        if not waiver.reason:
            result.append(Finding("CIC901", Severity.ERROR,
                                  f"The waiver for {codes} gives no reason, so it waives nothing.",
                                  waiver.location, name="waiver-without-reason",
                                  hint="Say why the finding is acknowledged: who decided, when, why "
                                       "the document stays as it is."))
        elif not waiver.used and any(config.enabled(c) for c in waiver.codes):
            result.append(Finding("CIC902", Severity.WARNING,
                                  f"The waiver for {codes} no longer matches any finding.",
                                  waiver.location, name="unused-waiver",
                                  hint="The problem is gone or moved: delete the waiver, or move it "
                                       "to the line the finding now points at."))
    return result


def reason_doc(programme: Programme, config: Config) -> Iterator[Finding]:
    """A waiver (inline `# cic: ignore[CODE] reason` or in data/waivers.yaml) gives a reason.

    Why: a waiver is a decision that the document stays as approved; without a reason the next
    officer cannot tell a decision from a shortcut. A waiver without a reason waives nothing.

    Example: `2019: 344869.30  # cic: ignore[CIC101]` (nothing after the bracket).
    """
    return iter(())


def unused_doc(programme: Programme, config: Config) -> Iterator[Finding]:
    """Every waiver still matches a finding.

    Why: once the data changes, a waiver may point at nothing, or worse at a line where a new,
    different problem will appear; stale waivers are removed.

    Example: `# cic: ignore[CIC602] ...` on a phone number that has since been corrected.
    """
    return iter(())
