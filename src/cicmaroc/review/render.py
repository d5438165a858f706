"""`cic diff` as text (a terminal), Markdown (a pull-request comment) and JSON (scripts).

The Markdown is read in a pull request: the counts and the findings the change introduces come
first, in a few lines, and each section's details are folded (`<details>`), so a reviewer sees
at once what moved and what broke, and opens what they want to check. Every value from the data
is escaped (`report.markdown.md_escape`): a commune's name cannot become a link or break a table.
Everything cic says is in the reader's language (`cicmaroc.i18n`); ids, file names and the
values of the data are shown as they are written.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import Any, NamedTuple

from cicmaroc.escaping import visible
from cicmaroc.findings import Fields, Finding, Location, Phrase, YesNo
from cicmaroc.i18n import N_
from cicmaroc.i18n.translator import Translator
from cicmaroc.report.markdown import md_escape
from cicmaroc.review.changes import SECTIONS, Change, Diff, Said, show

_STATUS = {"added": N_("added"), "removed": N_("removed"), "changed": N_("changed"), "moved": N_("moved")}


class Sides(NamedTuple):
    """What was compared: the older and the newer revision, as named for a reader."""

    old: str
    new: str | None  # None: the working tree
    old_commit: str | None
    new_commit: str | None  # None: the working tree
    base_of: str | None = None  # `old` is where HEAD left this branch: said in the reader's words

    def older(self, t: Translator) -> str:
        """The older revision for a reader: a merge-base in their language, else as named."""
        if self.base_of is None or self.old_commit is None:
            return self.old
        return t.render(N_("merge-base of {branch} ({commit})"),
                        {"branch": Said(self.base_of), "commit": Said(self.old_commit[:10])})


def _where(location: Location | None) -> str:
    if location is None:
        return ""
    return f"{location.file}:{location.line}" if location.line else location.file


def _shown(t: Translator, value: Any) -> str:
    """A value of the data: amounts with the language's separators, the rest as `show` says it."""
    if isinstance(value, bool):
        return str(t.value(YesNo(value)))
    if isinstance(value, (Decimal, Fields)) and not t.english:
        return str(t.value(value))
    return show(value)


def _what(t: Translator, change: Change) -> str:
    return " · ".join(t.render(part.template, part.args) if isinstance(part, Phrase) else part
                      for part in change.label)


def _notes(t: Translator, change: Change) -> list[str]:
    return [t.render(remark.template, remark.args) for remark in change.remarks]


def _value_text(t: Translator, change: Change) -> str:
    if change.status == "moved":
        return t.render(N_("{old} → {new}"), {"old": Said(change.old), "new": Said(change.new)})
    if change.status == "changed":
        old, new = Said(_shown(t, change.old)), Said(_shown(t, change.new))
        if change.difference is None:
            return t.render(N_("{old} → {new}"), {"old": old, "new": new})
        sign = "+" if change.difference >= 0 else "-"
        difference = Said(sign + _shown(t, abs(change.difference)))
        return t.render(N_("{old} → {new} ({difference})"),
                        {"old": old, "new": new, "difference": difference})
    if change.status == "added":
        if change.new is None:
            return t.gettext(N_("added"))
        return t.render(N_("added: {value}"), {"value": Said(_shown(t, change.new))})
    if change.old is None:
        return t.gettext(N_("removed"))
    return t.render(N_("removed (was {value})"), {"value": Said(_shown(t, change.old))})


def _title(t: Translator, sides: Sides) -> str:
    new = sides.new if sides.new is not None else t.gettext(N_("the working tree"))
    return t.render(N_("cic diff: {old} → {new}"), {"old": Said(sides.older(t)), "new": Said(new)})


def _counts(t: Translator, diff: Diff) -> str:
    return t.render(N_("Changes: {changes}; findings introduced: {introduced}; findings resolved: "
                       "{resolved}."),
                    {"changes": len(diff.changes), "introduced": len(diff.introduced),
                     "resolved": len(diff.resolved)})


def _finding(t: Translator, finding: Finding) -> str:
    severity = Said(t.gettext(finding.severity.value))
    text = t.render(N_("{code} {severity}: {message}"),
                    {"code": finding.code, "severity": severity, "message": Said(t.message(finding))})
    if finding.waived is not None:
        text += " " + t.render(N_("(now waived: {reason})"), {"reason": Said(finding.waived)})
    return text


def _unread(t: Translator, diff: Diff, sides: Sides) -> list[str]:
    """A sentence per file that could not be read at a revision: its contents were not compared,
    and why is said under it (`_unread_findings`)."""
    def revision(side: str) -> str:
        name = sides.older(t) if side == "old" else sides.new
        return name if name is not None else t.gettext(N_("the working tree"))

    return [t.render(N_("{file} could not be read at {revision}, so its contents are not compared; what "
                        "stops it there:") if unread.findings else
                     N_("{file} could not be read at {revision}, so its contents are not compared; run "
                        "'cic validate' there to see why."),
                     {"file": unread.file, "revision": Said(revision(unread.side))})
            for unread in diff.unread]


def _unread_findings(t: Translator, diff: Diff) -> list[list[str]]:
    """For each unread file, its own findings at that revision, located, as `cic validate` says them."""
    return [[f"{_where(f.location)} {_finding(t, f)}" for f in unread.findings] for unread in diff.unread]


def _nothing(t: Translator) -> str:
    return t.gettext(N_("No change to the programme (layout changes, such as cic fmt's, are not changes)."))


def text(diff: Diff, sides: Sides, t: Translator) -> str:
    """For a terminal: one line per change, located, with its notes indented under it."""
    out = [_title(t, sides), ""]
    for sentence, findings in zip(_unread(t, diff, sides), _unread_findings(t, diff), strict=True):
        out += [sentence, *(f"  {line}" for line in findings), ""]
    if not diff.changes and not diff.introduced and not diff.resolved:
        out.append(_nothing(t))
        return "\n".join(visible(line) for line in out) + "\n"
    out.append(_counts(t, diff))
    for section, changes in diff.by_section().items():
        out += ["", t.gettext(SECTIONS[section])]
        for change in changes:
            out.append(f"  {_where(change.location)}  {_what(t, change)}: {_value_text(t, change)}")
            out += [f"      {note}" for note in _notes(t, change)]
    for title, found in ((N_("Findings introduced"), diff.introduced),
                         (N_("Findings resolved"), diff.resolved)):
        if found:
            out += ["", t.gettext(title)]
            out += [f"  {_where(f.location)} {_finding(t, f)}" for f in found]
    return "\n".join(visible(line) for line in out) + "\n"


def markdown(diff: Diff, sides: Sides, t: Translator) -> str:
    """For a pull-request comment: the summary first, the details folded by section."""
    out = [f"### {md_escape(_title(t, sides))}", ""]
    for sentence, findings in zip(_unread(t, diff, sides), _unread_findings(t, diff), strict=True):
        out += [f"- **{md_escape(sentence)}**", *(f"  - {md_escape(line)}" for line in findings)]
    if diff.unread:
        out.append("")
    if not diff.changes and not diff.introduced and not diff.resolved:
        out.append(md_escape(_nothing(t)))
        return "\n".join(out) + "\n"
    out += [f"**{md_escape(_counts(t, diff))}**", ""]
    for section, changes in diff.by_section().items():
        out.append(f"- {md_escape(t.gettext(SECTIONS[section]))}: {md_escape(_summary(t, changes))}")
    if diff.introduced:
        out += ["", f"**{md_escape(t.gettext(N_('Findings introduced')))}**", ""]
        out += [f"- {md_escape(_where(f.location))} {md_escape(_finding(t, f))}" for f in diff.introduced]
    head = [t.gettext(N_("Where")), t.gettext(N_("What")), t.gettext(N_("Change")), t.gettext(N_("Notes"))]
    for section, changes in diff.by_section().items():
        title = md_escape(t.gettext(SECTIONS[section]))
        out += ["", f"<details><summary>{title} ({len(changes)})</summary>", "",
                "| " + " | ".join(md_escape(h) for h in head) + " |", "| --- | --- | --- | --- |"]
        for change in changes:
            notes = "<br>".join(md_escape(n) for n in _notes(t, change))
            out.append(f"| {md_escape(_where(change.location))} | {md_escape(_what(t, change))} | "
                       f"{md_escape(_value_text(t, change))} | {notes} |")
        out += ["", "</details>"]
    if diff.resolved:
        title = md_escape(t.gettext(N_("Findings resolved")))
        out += ["", f"<details><summary>{title} ({len(diff.resolved)})</summary>", ""]
        out += [f"- {md_escape(_where(f.location))} {md_escape(_finding(t, f))}" for f in diff.resolved]
        out += ["", "</details>"]
    return "\n".join(out) + "\n"


def for_report(diff: Diff, t: Translator) -> list[dict[str, Any]]:
    """The changes as the annual report lists them since the revision the donor received (`cic
    report --since`): by section, what changed and how, in the reader's words; no file or line (the
    donor's document holds none)."""
    return [{"section": t.gettext(SECTIONS[section]), "what": _what(t, change),
             "change": _value_text(t, change), "notes": _notes(t, change)}
            for section, changes in diff.by_section().items() for change in changes]


def _summary(t: Translator, changes: list[Change]) -> str:
    counts: dict[str, int] = {}
    for change in changes:
        counts[change.status] = counts.get(change.status, 0) + 1
    return ", ".join(f"{n} {t.gettext(_STATUS[status])}" for status, n in counts.items())


def as_json(diff: Diff, sides: Sides, t: Translator) -> str:
    """For scripts: every change with its raw values (amounts as exact strings) and location;
    `what`, `notes` and the findings' messages in the language of the run."""
    def location(loc: Location | None) -> dict[str, Any] | None:
        return None if loc is None else {"file": loc.file, "line": loc.line, "column": loc.column}

    def value(v: Any) -> Any:
        if v is None or isinstance(v, (bool, int, str)):
            return v if not isinstance(v, Said) else str(v)
        return _shown(t, v) if isinstance(v, Fields) else str(v)

    def finding(f: Finding) -> dict[str, Any]:
        return {"code": f.code, "severity": f.severity.value, "location": location(f.location),
                "message": t.message(f), "waived": f.waived}

    doc = {
        "old": {"revision": sides.old, "commit": sides.old_commit},
        "new": {"revision": sides.new, "commit": sides.new_commit},
        "changes": [{"section": c.section, "status": c.status, "what": _what(t, c), "old": value(c.old),
                     "new": value(c.new), "difference": value(c.difference),
                     "location": location(c.location), "notes": _notes(t, c)} for c in diff.changes],
        "findings": {"introduced": [finding(f) for f in diff.introduced],
                     "resolved": [finding(f) for f in diff.resolved]},
        "unread": [{"revision": sides.old if unread.side == "old" else sides.new, "file": unread.file,
                    "message": message, "findings": [finding(f) for f in unread.findings]}
                   for unread, message in zip(diff.unread, _unread(t, diff, sides), strict=True)],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


class Format(str, Enum):
    """The formats of `cic diff` (`--format`, through `api.DiffFormat`)."""

    text = "text"
    markdown = "markdown"
    json = "json"


#: Each format's renderer: the one registry of `cic diff --format`.
FORMATS: dict[Format, Callable[[Diff, Sides, Translator], str]] = {
    Format.text: text, Format.markdown: markdown, Format.json: as_json}
