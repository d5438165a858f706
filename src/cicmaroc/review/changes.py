"""What a change of the data does to the programme: `cic diff` between two runs.

A reviewer wants the programme's own terms (the Evere spending went up by 30,845.75; IOV 1's
year-3 target is now 10), not a text diff, so the two revisions are compared as loaded models,
never as text: a pure layout change (`cic fmt`) compares equal, and a partner file renamed or
moved is followed by its partnership's id, not its path.

Each model is flattened into leaves keyed by identity (`("partners", "evere", "budget_os1")`,
`("logframe", "results", "R4", "indicators", "IOV 4.3", "year5", "values", "formations")`):
list items by their id, a waiver by its code, file and text, a reading by the figure it reads.
The leaves that differ are then sorted into the sections a reviewer reads (budget, partnerships,
indicators, activities, risks, monitoring, spending, waivers, readings, other), an item added or
removed whole said once. Each change is located in the newer revision (file:line), or in the
older one when it was removed. The findings are compared too: those the change introduces and
those it resolves, matched by code, file (by identity) and sentence, not by line.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel

from cicmaroc.cells import Dash
from cicmaroc.findings import Count, Fields, Finding, Location, Money, Named, Phrase, YesNo, phrase
from cicmaroc.i18n import N_

if TYPE_CHECKING:
    from cicmaroc.loading.programme import Programme
    from cicmaroc.yaml.document import SourceDoc
    from cicmaroc.years import Calendar

Key = tuple[str, ...]
SrcPath = tuple[str | int, ...]

#: The sections of a diff, in the order a reviewer reads them.
SECTIONS = {
    "budget": N_("Budget"),
    "partnerships": N_("Partnerships"),
    "indicators": N_("Indicators"),
    "activities": N_("Activities"),
    "risks": N_("Risks"),
    "monitoring": N_("Monitoring figures"),
    "spending": N_("Spending"),
    "waivers": N_("Waivers"),
    "readings": N_("Agreed readings"),
    "files": N_("Files moved or renamed"),
    "other": N_("Other changes"),
}

#: Keys said in words (translated where shown); "" leaves a key out of the label.
_WORDS = {"targets": "", "baseline": N_("baseline"), "budget_os1": "Budget OS 1",
          "grand_total": N_("grand total"),
          "total": N_("stated total"), "values": "", "natures": "", "lines": "", "risks": "", "reports": "",
          "readings": "", "waivers": ""}


class Leaf(NamedTuple):
    """One value of a model, where it is written, and how many of its key's parts name the file."""

    value: Any
    source: SourceDoc
    path: SrcPath  # from the file's top, as `SourceDoc.at` takes it
    file_parts: int  # ("partners", "evere") name the file: the path starts after them


class Said(str):
    """A value already in a reader's words (an entry's figures), shown as it is."""


class Change(NamedTuple):
    """One change in programme terms, located. `label` and `remarks` are said in the reader's
    language when shown (`review.render`); `what` and `notes` are their English text."""

    section: str
    status: str  # added, removed, changed, moved
    label: tuple[str | Phrase, ...]  # ids as they are, words as phrases (translated)
    old: Any = None
    new: Any = None
    difference: Decimal | None = None
    location: Location | None = None  # in the newer revision; in the older one for a removal
    remarks: tuple[Phrase, ...] = ()

    @property
    def what(self) -> str:
        return " · ".join(format(part) for part in self.label)

    @property
    def notes(self) -> tuple[str, ...]:
        return tuple(format(remark) for remark in self.remarks)


class UnreadFile(NamedTuple):
    """A file that could not be read at one revision ("old" or "new"): its contents are not
    compared, and its own findings there say why (a reader sees them without a second run)."""

    side: str
    file: str
    findings: tuple[Finding, ...]


class Diff(NamedTuple):
    """Every change between two runs, the findings introduced and resolved, and the files that
    could not be read at either revision, whose contents are not compared."""

    changes: list[Change]
    introduced: list[Finding]
    resolved: list[Finding]
    unread: list[UnreadFile]

    def by_section(self) -> dict[str, list[Change]]:
        grouped: dict[str, list[Change]] = {}
        for section in SECTIONS:
            found = sorted((c for c in self.changes if c.section == section), key=_place)
            if found:
                grouped[section] = found
        return grouped


def _place(change: Change) -> tuple[str, int, int]:
    loc = change.location or Location("")
    return loc.file, loc.line, loc.column


# -- the models as leaves --------------------------------------------------------------------------


def _files(programme: Programme) -> dict[Key, Any]:
    """Each data file of the programme by identity: its kind, a partnership's id, a year."""
    found: dict[Key, Any] = {}
    for attr in ("logframe", "budget", "country", "risks", "waivers", "readings"):
        doc = getattr(programme, attr)
        if doc is not None:
            found[(attr,)] = doc
    for partner in programme.partners:
        found[("partners", partner.model.id)] = partner
    for year in programme.monitoring:
        found[("monitoring", str(year.model.year))] = year
    return found


class Sides(NamedTuple):
    """The values of each side where they may differ, and the keys only one side has (whole)."""

    a: dict[Key, Leaf]
    b: dict[Key, Leaf]
    only_a: set[Key]
    only_b: set[Key]


def _unread(old: Programme, new: Programme) -> set[Key]:
    """The identities of the files that could not be read at either revision: by kind and name
    (a year, a partnership's file), and of the file at the same place on the other side."""
    files = old.unread.keys() | new.unread.keys()
    found: set[Key] = {(u.kind,) if u.name is None else (u.kind, u.name)
                       for u in (*old.unread.values(), *new.unread.values())}
    for programme in (old, new):
        found |= {ident for ident, doc in _files(programme).items() if doc.file in files}
    return found


def leaves(old: Programme, new: Programme) -> Sides:
    """The values of each programme, keyed by identity (see the module's docstring), where they may
    differ: a file with the same text on both sides, and any part equal on both sides, is skipped
    (on a large programme most of it is), so that the cost follows the size of the change. A file
    that could not be read at either revision is not compared: its data is unknown there, not gone."""
    sides = Sides({}, {}, set(), set())
    files_a, files_b = _files(old), _files(new)
    unread = _unread(old, new)
    for ident in sorted(files_a.keys() | files_b.keys()):
        if any(ident[:n] in unread for n in range(1, len(ident) + 1)):
            continue
        doc_a, doc_b = files_a.get(ident), files_b.get(ident)
        if doc_a is not None and doc_b is not None:
            if doc_a.source.text != doc_b.source.text:
                _pair(doc_a.model, doc_b.model, ident, (), (), doc_a.source, doc_b.source, len(ident), sides)
        elif doc_a is not None:
            sides.only_a.add(ident)
            _walk(doc_a.model, ident, (), doc_a.source, len(ident), sides.a)
        elif doc_b is not None:
            sides.only_b.add(ident)
            _walk(doc_b.model, ident, (), doc_b.source, len(ident), sides.b)
    return sides


def _pair(x: Any, y: Any, key: Key, src_x: SrcPath, src_y: SrcPath, source_x: SourceDoc,
          source_y: SourceDoc, file_parts: int, sides: Sides) -> None:
    """Walk both sides at once, leaving out what is equal on both."""
    if x is None or y is None or type(x) is not type(y) or not isinstance(x, (BaseModel, dict, list, tuple)):
        if not (type(x) is type(y) and x == y):
            if y is None:
                sides.only_a.add(key)
            if x is None:
                sides.only_b.add(key)
            _walk(x, key, src_x, source_x, file_parts, sides.a)
            _walk(y, key, src_y, source_y, file_parts, sides.b)
        return
    if x == y:
        return
    if isinstance(x, BaseModel):
        for name in type(x).model_fields:
            if name not in ("id", "year"):
                _pair(getattr(x, name), getattr(y, name), (*key, name), (*src_x, name), (*src_y, name),
                      source_x, source_y, file_parts, sides)
        extra_x, extra_y = x.model_extra or {}, y.model_extra or {}
        for name in dict.fromkeys([*extra_x, *extra_y]):
            _pair(extra_x.get(name), extra_y.get(name), (*key, str(name)), (*src_x, name), (*src_y, name),
                  source_x, source_y, file_parts, sides)
    elif isinstance(x, dict):
        for name in dict.fromkeys([*x, *y]):
            _pair(x.get(name), y.get(name), (*key, str(name)), (*src_x, name), (*src_y, name),
                  source_x, source_y, file_parts, sides)
    else:
        items_x = {_identity(item, i): (i, item) for i, item in enumerate(x)}
        items_y = {_identity(item, i): (i, item) for i, item in enumerate(y)}
        for ident in dict.fromkeys([*items_x, *items_y]):
            i, item_x = items_x.get(ident, (-1, None))
            j, item_y = items_y.get(ident, (-1, None))
            _pair(item_x, item_y, (*key, ident), (*src_x, i), (*src_y, j), source_x, source_y,
                  file_parts, sides)


def _walk(value: Any, key: Key, src: SrcPath, source: SourceDoc, file_parts: int,
          found: dict[Key, Leaf]) -> None:
    if value is None:
        return
    if isinstance(value, BaseModel):
        for name in type(value).model_fields:
            if name in ("id", "year"):  # the identity is in the key already
                continue
            _walk(getattr(value, name), (*key, name), (*src, name), source, file_parts, found)
        for name, extra in (value.model_extra or {}).items():
            _walk(extra, (*key, str(name)), (*src, name), source, file_parts, found)
    elif isinstance(value, dict):
        for name, item in value.items():
            _walk(item, (*key, str(name)), (*src, name), source, file_parts, found)
    elif isinstance(value, (list, tuple)):
        for i, item in enumerate(value):
            _walk(item, (*key, _identity(item, i)), (*src, i), source, file_parts, found)
    else:
        found[key] = Leaf(value, source, src, file_parts)


def _identity(item: Any, index: int) -> str:
    """How a list item is known across revisions: its id, else what it is about, else its place."""
    ident = getattr(item, "id", None)
    if isinstance(ident, str) and ident:
        return ident
    if hasattr(item, "code") and hasattr(item, "contains"):  # a waiver
        contains = f"'{item.contains}'" if item.contains else ""
        return " ".join(p for p in (item.code, "on", item.file, contains) if p)
    if hasattr(item, "read_as") and hasattr(item, "path"):  # an agreed reading
        return f"{item.file}: {' / '.join(str(p) for p in item.path)}"
    return f"#{index + 1}"


# -- comparing ------------------------------------------------------------------------------------


def compare(old: Programme, new: Programme, old_findings: list[Finding], new_findings: list[Finding]
            ) -> Diff:
    """The changes from `old` to `new`, and the findings introduced and resolved."""
    sides = leaves(old, new)
    a, b = sides.a, sides.b
    changed = sorted(k for k in a.keys() | b.keys() if k not in a or k not in b or not _same(a[k], b[k]))
    changes = list(_changes(changed, sides, new))
    changes += _moves(old, new)
    introduced, resolved = _findings(old, new, old_findings, new_findings)
    unread = [UnreadFile(side, file, tuple(sorted((f for f in found if f.file == file and f.waived is None),
                                                  key=Finding.sort_key)))
              for side, programme, found in (("old", old, old_findings), ("new", new, new_findings))
              for file in sorted(programme.unread)]
    return Diff(changes, introduced, resolved, unread)


def _same(x: Leaf, y: Leaf) -> bool:
    return type(x.value) is type(y.value) and bool(x.value == y.value)


def _section(key: Key) -> tuple[str, int | None]:
    """The section of a key, and the length of its entity's key (None: said leaf by leaf)."""
    head = key[0]
    if head == "budget":
        return "budget", None
    if head == "partners":
        return "partnerships", 2
    if head == "monitoring":  # an entry: one reporter's figures for one indicator, one spender's on a line
        return ("spending" if len(key) > 2 and key[2] == "spending" else "monitoring"), 5
    if head in ("risks", "waivers", "readings") and len(key) > 2 and key[1] == head:
        return head, 3
    if head == "logframe":
        for name, section in (("activities", "activities"), ("indicators", "indicators")):
            if name in key[:-1]:
                return section, key.index(name) + 2
    return "other", None


def _changes(changed: list[Key], sides: Sides, new: Programme) -> Iterator[Change]:
    a, b = sides.a, sides.b
    said: set[Key] = set()
    for key in changed:
        section, size = _section(key)
        entity = key[:size] if size is not None and len(key) > size else None
        added, removed = _alone(entity, sides.only_b), _alone(entity, sides.only_a)
        if entity is not None and (added or removed):
            if entity in said:
                continue
            said.add(entity)
            yield _whole(section, entity, b if added else a, added, new.calendar)
            continue
        yield _leaf_change(section, key, a.get(key), b.get(key), b, new)


def _alone(entity: Key | None, only: set[Key]) -> bool:
    """Whether one side alone has the item `entity` (it, or something holding it, is only there)."""
    return entity is not None and any(entity[:n] in only for n in range(1, len(entity) + 1))


def _whole(section: str, entity: Key, side: dict[Key, Leaf], added: bool,
           calendar: Calendar | None) -> Change:
    """An item added or removed whole: said once, with what identifies it to a reader."""
    inside = {k[len(entity):]: leaf for k, leaf in side.items() if k[:len(entity)] == entity}
    any_leaf = next(iter(inside.values()))
    location = any_leaf.source.at(*any_leaf.path[:len(entity) - any_leaf.file_parts])
    fields = ("source",) if section in ("monitoring", "spending") else \
        ("text", "source", "reason", "decided_by", "title", "level")
    notes = [phrase("{field}: {value}", field=field.replace("_", " "),
                    value=Said(show(inside[(field,)].value))) for field in fields if (field,) in inside]
    figures = None
    if section in ("monitoring", "spending"):
        figures = Fields(tuple((k[0], _field(leaf.value)) for k, leaf in inside.items()
                               if len(k) == 1 and k[0] not in ("source", "note")), braces=False)
    if section == "readings" and ("printed",) in inside and ("read_as",) in inside:
        printed, read_as = inside[("printed",)].value, inside[("read_as",)].value
        notes.insert(0, phrase("printed {printed}, read as {read_as}", printed=Said(show(printed)),
                               read_as=Said(show(read_as))))
    return Change(section, "added" if added else "removed", label(section, entity, calendar),
                  None if added else figures, figures if added else None, location=location,
                  remarks=tuple(notes))


def _leaf_change(section: str, key: Key, old: Leaf | None, new: Leaf | None, b: dict[Key, Leaf],
                 programme: Programme) -> Change:
    here = new or old
    assert here is not None
    status = "changed" if old is not None and new is not None else ("added" if new is not None else "removed")
    location = here.source.at(*here.path)
    old_value = None if old is None else old.value
    new_value = None if new is None else new.value
    difference = None
    if isinstance(old_value, (int, Decimal)) and isinstance(new_value, (int, Decimal)) \
            and not isinstance(old_value, bool) and not isinstance(new_value, bool):
        difference = Decimal(new_value) - Decimal(old_value)
    notes: list[Phrase] = []
    if section in ("monitoring", "spending") and key[-1] != "source":
        source = _entry_source(programme if new is not None else None, key)
        if source:
            notes.append(phrase("{field}: {value}", field="source", value=Said(show(source))))
    elif section == "budget":
        notes.extend(_budget_notes(key, programme))
    elif section == "partnerships" and key[-1] == "budget_os1":
        notes.extend(_os1_notes(programme))
    return Change(section, status, label(section, key, programme.calendar), old_value, new_value, difference,
                  location,
                  tuple(notes))


def _entry_source(programme: Programme | None, key: Key) -> str | None:
    """The source of the monitoring entry a figure belongs to, in the newer revision."""
    if programme is None or len(key) < 5:
        return None
    for year in programme.monitoring:
        if str(year.model.year) == key[1]:
            block = getattr(year.model, key[2], {}).get(key[3]) or {}
            entry = block.get(key[4])
            return getattr(entry, "source", None)
    return None


def _budget_notes(key: Key, programme: Programme) -> list[Phrase]:
    """Which stated totals a budget cell adds up into (the checks of CIC1xx compare them)."""
    if len(key) == 6 and key[1] == "lines" and key[3] == "natures":
        line, nature, year = key[2], key[4], key[5]
        budget = programme.budget.model if programme.budget is not None else None
        spent = budget.partnerships_line if budget is not None else None
        partnerships_line = spent.id if spent is not None else None
        notes = [phrase("adds up into the {line} line's stated total for {year} and its {nature} grand "
                        "total, and into Total CO ({nature}, {year})", line=line, year=year, nature=nature)]
        if spent is not None and partnerships_line == line:
            notes.append(phrase("the line {line} is also checked against the partnerships' Budget OS 1 "
                                "(CIC201)", line=spent.label or line))
        return notes
    if "total" in key or key[-1] == "grand_total" or key[1] in ("country_total", "outcome_total"):
        return [phrase("a stated total: checked against the cells it adds up (CIC1xx)")]
    return []


def _os1_notes(programme: Programme) -> list[Phrase]:
    """The partnerships' Budget OS 1, summed, beside the budget's line 1. Partenaires."""
    total = Money(sum((p.model.budget_os1 for p in programme.partners), Decimal(0)))
    count = Count(len(programme.partners))
    budget = programme.budget
    line = budget.model.partnerships_line if budget is not None else None
    stated = line.total.get("grand_total") if line is not None and line.total is not None else None
    if line is not None and stated is not None:
        return [phrase("the {count} partnerships' Budget OS 1 now add up to {total}; the budget's line "
                       "{line} states {stated} (CIC201)", count=count, total=total,
                       line=line.label or line.id, stated=Money(stated))]
    return [phrase("the {count} partnerships' Budget OS 1 now add up to {total}", count=count, total=total)]


def _moves(old: Programme, new: Programme) -> list[Change]:
    """Partner and monitoring files whose path changed: followed by id, said once each."""
    def files(programme: Programme) -> dict[tuple[str, str], str]:
        found = {(N_("partnership {id}"), p.model.id): p.file for p in programme.partners}
        found.update({(N_("monitoring {id}"), str(m.model.year)): m.file for m in programme.monitoring})
        return found
    before, after = files(old), files(new)
    return [Change("files", "moved", (phrase(N_(what[0]), id=what[1]),), before[what], after[what],
                   location=Location(after[what], 1, 1))
            for what in sorted(before.keys() & after.keys()) if before[what] != after[what]]


# -- findings ------------------------------------------------------------------------------------------


def _findings(old: Programme, new: Programme, old_findings: list[Finding], new_findings: list[Finding]
              ) -> tuple[list[Finding], list[Finding]]:
    """The active findings only one side has, matched by code, file (by identity) and sentence."""
    def identities(programme: Programme) -> dict[str, str]:
        found = {p.file: f"partnership {p.model.id}" for p in programme.partners}
        found.update({m.file: f"monitoring {m.model.year}" for m in programme.monitoring})
        return found

    def key(finding: Finding, files: dict[str, str]) -> tuple[str, str, str]:
        return finding.code, files.get(finding.file, finding.file), finding.message

    files_a, files_b = identities(old), identities(new)
    before = Counter(key(f, files_a) for f in old_findings if f.waived is None)
    after = Counter(key(f, files_b) for f in new_findings if f.waived is None)
    introduced = _extra(new_findings, files_b, after - before, key)
    resolved = _extra(old_findings, files_a, before - after, key)
    waived = {key(f, files_b): f.waived for f in new_findings if f.waived is not None}
    return introduced, [f._replace(waived=waived.get(key(f, files_a))) for f in resolved]


def _extra(findings: list[Finding], files: dict[str, str], wanted: Counter[tuple[str, str, str]],
           key: Any) -> list[Finding]:
    picked = []
    for finding in sorted(findings, key=Finding.sort_key):
        k = key(finding, files)
        if finding.waived is None and wanted[k] > 0:
            wanted[k] -= 1
            picked.append(finding)
    return picked


# -- words ---------------------------------------------------------------------------------------------


def label(section: str, key: Key, calendar: Calendar | None = None) -> tuple[str | Phrase, ...]:
    """A key in a reader's words: `partenaires · investissement · 2019`, `IOV 1 · target An 3 (2019)` (a
    milestone named as data/programme.yaml names it, in `calendar`)."""
    parts: list[str | Phrase] = list(key)
    if section == "budget":
        parts = parts[1:]
        if parts and parts[0] == "total":
            parts[0] = "Total CO"
    elif section in ("partnerships",):
        parts = parts[1:]
    elif section == "monitoring":
        parts = parts[1:2] + parts[3:]
    elif section == "spending":
        parts = [phrase("{year} spending", year=key[1]), *parts[3:]]
    elif section == "indicators" or section == "activities":
        start = next(i for i, p in enumerate(parts) if p in ("indicators", "activities"))
        parts = parts[start + 1:]
    elif section in ("risks", "waivers", "readings"):
        parts = parts[2:]
    words = [_milestone(p, calendar) if i and parts[i - 1] == "targets" else _word(p)
             for i, p in enumerate(parts)]
    return tuple(w for w in words if w)


def _milestone(part: str | Phrase, calendar: Calendar | None) -> str | Phrase:
    """A milestone's key as a reader names it: `target An 3 (2019)`."""
    milestone = calendar.milestone(part) if calendar is not None and isinstance(part, str) else None
    if milestone is None:
        return part
    return phrase("target {milestone} ({year})", milestone=Named(milestone.label), year=milestone.year)


def _word(part: str | Phrase) -> str | Phrase:
    if isinstance(part, Phrase):
        return part
    if part in _WORDS:
        return phrase(_WORDS[part]) if _WORDS[part] and _WORDS[part] != "Budget OS 1" else _WORDS[part]
    return part.replace("_", " ") if part.islower() else part


def _field(value: Any) -> Any:
    """An entry's figure kept for the reader's language: a yes/no, an amount, or its text."""
    if isinstance(value, bool):
        return YesNo(value)
    return Decimal(value) if isinstance(value, (Decimal, int)) else Said(show(value))


def show(value: Any) -> str:
    """A value as a reader sees it: exact amounts with thousands separators, true/false, text quoted."""
    if value is None:
        return "—"
    if isinstance(value, Said):
        return str(value)
    if isinstance(value, bool):
        return format(YesNo(value))
    if isinstance(value, Fields):
        return str(value)
    if isinstance(value, Dash):
        return str(value)  # "-", as T3 prints it, never quoted as a text
    if isinstance(value, Decimal):
        return f"{value:,}"
    if isinstance(value, int):
        return f"{value:,}" if abs(value) >= 10000 else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = " ".join(str(value).split())
    return f"'{text}'" if len(text) <= 100 else f"'{text[:97]}...'"


def signed(difference: Decimal) -> str:
    return f"{difference:+,}"
