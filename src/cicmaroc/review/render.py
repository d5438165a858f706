"""`cic diff` as text (a terminal), Markdown (a pull-request comment) and JSON (scripts).

The Markdown is read in a pull request: the counts and the findings the change introduces come
first, in a few lines, and each section's details are folded (`<details>`), so a reviewer sees
at once what moved and what broke, and opens what they want to check. Every value from the data
is escaped (`report.markdown.md_escape`): a commune's name cannot become a link or break a table.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from cicmaroc.escaping import visible
from cicmaroc.findings import Finding, Location
from cicmaroc.report.markdown import md_escape
from cicmaroc.review.changes import SECTIONS, Change, Diff, show, signed


class Sides(NamedTuple):
    """What was compared: the older and the newer revision, as named for a reader."""

    old: str
    new: str
    old_commit: str | None
    new_commit: str | None  # None: the working tree


def _where(location: Location | None) -> str:
    if location is None:
        return ""
    return f"{location.file}:{location.line}" if location.line else location.file


def _value_text(change: Change) -> str:
    if change.status == "changed" or change.status == "moved":
        text = f"{show(change.old) if change.status == 'changed' else change.old} → " \
               f"{show(change.new) if change.status == 'changed' else change.new}"
        if change.difference is not None:
            text += f" ({signed(change.difference)})"
        return text
    if change.status == "added":
        return "added" if change.new is None else f"added: {show(change.new)}"
    return "removed" if change.old is None else f"removed (was {show(change.old)})"


def _counts(diff: Diff) -> str:
    n = len(diff.changes)
    return (f"{n} change{'s' if n != 1 else ''}, {len(diff.introduced)} finding"
            f"{'s' if len(diff.introduced) != 1 else ''} introduced, {len(diff.resolved)} resolved")


def _finding_line(finding: Finding) -> str:
    where = _where(finding.location)
    return f"{where} {finding.code} {finding.severity.value}: {finding.message}{_now(finding)}"


def _now(finding: Finding) -> str:
    """A resolved finding that the newer revision still has, waived: said so, with the reason."""
    return "" if finding.waived is None else f" (now waived: {finding.waived})"


def text(diff: Diff, sides: Sides) -> str:
    """For a terminal: one line per change, located, with its notes indented under it."""
    out = [f"cic diff: {sides.old} → {sides.new}", ""]
    if not diff.changes and not diff.introduced and not diff.resolved:
        out.append("No change to the programme (layout changes, such as cic fmt's, are not changes).")
        return "\n".join(visible(line) for line in out) + "\n"
    out.append(_counts(diff) + ".")
    for section, changes in diff.by_section().items():
        out += ["", SECTIONS[section]]
        for change in changes:
            out.append(f"  {_where(change.location)}  {change.what}: {_value_text(change)}")
            out += [f"      {note}" for note in change.notes]
    for title, found in (("Findings introduced", diff.introduced), ("Findings resolved", diff.resolved)):
        if found:
            out += ["", title]
            out += [f"  {_finding_line(f)}" for f in found]
    return "\n".join(visible(line) for line in out) + "\n"


def markdown(diff: Diff, sides: Sides) -> str:
    """For a pull-request comment: the summary first, the details folded by section."""
    out = [f"### cic diff: {md_escape(sides.old)} → {md_escape(sides.new)}", ""]
    if not diff.changes and not diff.introduced and not diff.resolved:
        out.append("No change to the programme (layout changes, such as `cic fmt`'s, are not changes).")
        return "\n".join(out) + "\n"
    out.append(f"**{_counts(diff)}.**")
    out.append("")
    for section, changes in diff.by_section().items():
        out.append(f"- {SECTIONS[section]}: {_summary(changes)}")
    if diff.introduced:
        out += ["", "**Findings introduced**", ""]
        out += [f"- {md_escape(_where(f.location))} {f.code} {f.severity.value}: {md_escape(f.message)}"
                for f in diff.introduced]
    for section, changes in diff.by_section().items():
        out += ["", f"<details><summary>{SECTIONS[section]} ({len(changes)})</summary>", "",
                "| Where | What | Change | Notes |", "| --- | --- | --- | --- |"]
        for change in changes:
            notes = "<br>".join(md_escape(n) for n in change.notes)
            out.append(f"| {md_escape(_where(change.location))} | {md_escape(change.what)} | "
                       f"{md_escape(_value_text(change))} | {notes} |")
        out += ["", "</details>"]
    if diff.resolved:
        out += ["", f"<details><summary>Findings resolved ({len(diff.resolved)})</summary>", ""]
        out += [f"- {md_escape(_where(f.location))} {f.code} {f.severity.value}: "
                f"{md_escape(f.message + _now(f))}" for f in diff.resolved]
        out += ["", "</details>"]
    return "\n".join(out) + "\n"


def _summary(changes: list[Change]) -> str:
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.status] = counts.get(change.status, 0) + 1
    return ", ".join(f"{n} {status}" for status, n in counts.items())


def as_json(diff: Diff, sides: Sides) -> str:
    """For scripts: every change with its raw values (amounts as exact strings) and location."""
    def location(loc: Location | None) -> dict[str, Any] | None:
        return None if loc is None else {"file": loc.file, "line": loc.line, "column": loc.column}

    def value(v: Any) -> Any:
        if v is None or isinstance(v, (bool, int, str)):
            return v
        return str(v)

    def finding(f: Finding) -> dict[str, Any]:
        return {"code": f.code, "severity": f.severity.value, "location": location(f.location),
                "message": f.message, "waived": f.waived}

    doc = {
        "old": {"revision": sides.old, "commit": sides.old_commit},
        "new": {"revision": sides.new, "commit": sides.new_commit},
        "changes": [{"section": c.section, "status": c.status, "what": c.what, "old": value(c.old),
                     "new": value(c.new), "difference": value(c.difference),
                     "location": location(c.location), "notes": list(c.notes)} for c in diff.changes],
        "findings": {"introduced": [finding(f) for f in diff.introduced],
                     "resolved": [finding(f) for f in diff.resolved]},
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


FORMATS = {"text": text, "markdown": markdown, "json": as_json}
