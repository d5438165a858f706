"""Waivers: acknowledge a known discrepancy of the approved document, with a written reason.

Two ways, both keeping the finding visible with `--verbose` and in JSON (flagged "waived"):

- inline, on the YAML line the finding points at: ``# cic: ignore[CIC106] reason``;
- in `data/waivers.yaml`, by code, file and optionally a piece of the message.

A waiver without a reason waives nothing and is itself a finding (CIC901); a waiver that no
longer matches any finding is reported too (CIC902), so stale waivers do not pile up, and so is
one naming no rule code or an unknown one (CIC903). Only real comments are waivers: the same words
inside a quoted value are text. A finding that means data was not read cannot be waived.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from cicmaroc.config import Config
from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.loading.loader import display_path
from cicmaroc.loading.programme import Programme

#: A waiver inside a comment; codes separated by commas or spaces.
_INLINE = re.compile(r"#\s*cic:\s*ignore\[([^\]]*)\]\s*(.*?)\s*\Z")
_CODE = re.compile(r"CIC[0-9]{3}")
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")
#: The loader's codes: the file, or a value in it, was not read. Never waived (see `apply_waivers`).
UNREAD_CODES = frozenset({"CIC001", "CIC002", "CIC003", "CIC004", "CIC005", "CIC006", "CIC007"})
_UNREAD_HINT = ("A waiver cannot hide this: the data it concerns was not read, so it is missing from "
                "every check and from the report until the file is fixed.")


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


def inline_waivers(text: str) -> Iterator[tuple[int, int, tuple[str, ...], str]]:
    """(line, column, codes, reason) of each `# cic: ignore[...]` in a real comment of `text`.

    Only comments count: the same words inside a quoted value are text (`layout.Layout` tells a
    comment's `#` from a `#` inside a value, as `cic fmt` does). Lines and columns are counted as
    editors count them, like findings.
    """
    if "cic:" not in text:
        return
    from cicmaroc.yaml.layout import Layout

    breaks = [m.end() for m in _EDITOR_BREAK.finditer(text)]
    try:
        starts = Layout(text).comment_starts()
    except Exception:  # a text the layout parser reads differently: no waiver is safer than a wrong one
        return
    for start in starts:
        end = text.find("\n", start)
        comment = text[start: end if end >= 0 else len(text)].rstrip("\r")
        m = _INLINE.search(comment)
        if m is None:
            continue
        line = bisect.bisect_right(breaks, start)
        column = start - (breaks[line - 1] if line else 0) + m.start() + 1
        codes = tuple(c.upper() for c in re.split(r"[,\s]+", m.group(1)) if c)
        yield line + 1, column, codes, m.group(2)


def _inline(programme: Programme) -> Iterator[_Waiver]:
    for file, source in programme.sources.items():
        for line, column, codes, reason in inline_waivers(source.text):
            yield _Waiver(codes, file, line, None, reason, Location(file, line, column))


def _from_file(programme: Programme) -> Iterator[_Waiver]:
    if programme.waivers is None:
        return
    doc = programme.waivers
    for i, w in enumerate(doc.model.waivers):
        yield _Waiver((w.code,), display_path(programme.root / w.file), None, w.contains, w.reason.strip(),
                      doc.at("waivers", i))


def apply_waivers(findings: list[Finding], programme: Programme, config: Config) -> list[Finding]:
    """Mark waived findings, and add a finding for each waiver without reason, use or known code.

    A finding that means data was not read (a loader code, or any finding about a file that could
    not be read into its model) is never waived: a waiver would hide that a partnership or a year
    of figures is missing from every check and from the report. It stays open and says so.
    """
    from cicmaroc.rules.registry import get

    waivers = [*_inline(programme), *_from_file(programme)]
    result = []
    for finding in findings:
        for waiver in waivers:
            if waiver.matches(finding):
                waiver.used = True
                if finding.code in UNREAD_CODES or finding.file in programme.unread:
                    finding = replace(finding, hint=f"{finding.hint} {_UNREAD_HINT}".strip())
                    break
                if waiver.reason:
                    finding = finding.waive(waiver.reason)
                    break
        result.append(finding)
    for waiver in waivers:
        codes = ", ".join(waiver.codes) or "(no code)"
        unknown = [c for c in waiver.codes if not (_CODE.fullmatch(c) and get(c) is not None)]
        if not waiver.codes or unknown:
            verb = "is" if len(unknown) == 1 else "are"
            what = (f"names {', '.join(repr(c) for c in unknown)}, which {verb} not a rule code"
                    if unknown else "names no rule code")
            result.append(Finding("CIC903", Severity.ERROR,
                                  f"The waiver {what}, so it waives nothing.",
                                  waiver.location, name="unknown-waiver-code",
                                  hint="Write the codes of the findings it acknowledges, separated by "
                                       "commas: # cic: ignore[CIC602, CIC605] reason. `cic rules` "
                                       "lists the codes."))
        elif not waiver.reason:
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


def unknown_code_doc(programme: Programme, config: Config) -> Iterator[Finding]:
    """A waiver names the codes of real rules.

    Why: a waiver with a misspelt code (`ignore[CIC62]`), or none at all (`ignore[]`), waives
    nothing, and the finding it was meant for stays open while the waiver looks like it did its
    job. Codes are separated by commas (spaces are accepted too).

    Example: `# cic: ignore[] printed so` or `code: CIC999` in data/waivers.yaml.
    """
    return iter(())
