"""Which fields of which data files define an id, and which use one: the one table of them.

Hover, go to definition, references and completion all work from this table, over the values
and positions each file was read into (`yaml.document.SourceDoc`), never over the models: a
file being typed that does not validate yet still has its ids found. A rename of a field or of a
kind of file (the data model grows: issue 23) changes a line here and nothing in the features.

A path names where an id stands, from the top of the file: field names, `ANY` for every entry
of a list or a mapping, and, last, either the field holding the id as its value (`"id"`), or
`KEY` when the ids are the keys of a mapping (`reports: {ait-baha: ...}`). A measure's id is
known only within its indicator: its `scope` says where the indicator's id stands.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from cicmaroc.i18n import N_
from cicmaroc.yaml.document import SourceDoc, YamlPath

ANY = "*"  # every entry of a list, or every key of a mapping
KEY = "<key>"  # the ids are the keys of the mapping here


class Scope(NamedTuple):
    """Where the id that scopes another stands, from the matched path: the first `depth` elements,
    then `field` (None: the path element at `depth` itself, a key)."""

    depth: int
    field: str | None = None


class Kind(NamedTuple):
    """A kind of id: its name in the table, its name for a reader, and the fields of the mapping
    that defines it which say what it is (the first one present is shown)."""

    name: str
    label: str  # for a reader, translated when shown
    says: tuple[str, ...]


class Site(NamedTuple):
    """Where ids of `kinds` stand in the files of `file` (a `Programme` attribute)."""

    file: str
    path: tuple[str, ...]
    kinds: tuple[str, ...]
    scope: Scope | None = None
    skip: tuple[str, ...] = ()  # keys at a KEY site that are the file's own fields, not ids
    keywords: tuple[str, ...] = ()  # words that are valid there without a definition


KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("partnership", N_("partnership"), ("title",)),
    Kind("commune", N_("partner commune"), ("name", "local_partner_name")),
    Kind("result", N_("result"), ("text",)),
    Kind("indicator", N_("indicator"), ("text",)),
    Kind("measure", N_("measure"), ("unit",)),
    Kind("activity", N_("activity"), ("text",)),
    Kind("line", N_("budget line"), ("label",)),
    Kind("association", N_("association"), ("label",)),
    Kind("risk", N_("risk"), ("source",)),
    Kind("rule", N_("rule"), ()),  # defined by cic itself (`cic rules`), not by a data file
)}

#: Where each id is defined.
DEFINITIONS: tuple[Site, ...] = (
    Site("partners", ("id",), ("partnership",)),
    Site("partners", ("local_communes", ANY, "id"), ("commune",)),
    Site("logframe", ("results", ANY, "id"), ("result",)),
    Site("logframe", ("outcome", "indicators", ANY, "id"), ("indicator",)),
    Site("logframe", ("results", ANY, "indicators", ANY, "id"), ("indicator",)),
    Site("logframe", ("outcome", "indicators", ANY, "measures", ANY, "id"), ("measure",), Scope(3, "id")),
    Site("logframe", ("results", ANY, "indicators", ANY, "measures", ANY, "id"), ("measure",),
         Scope(4, "id")),
    Site("logframe", ("results", ANY, "activities", ANY, "id"), ("activity",)),
    Site("budget", ("lines", ANY, "id"), ("line",)),
    Site("budget", ("associations", ANY, "id"), ("association",)),
    Site("risks", ("risks", ANY, "id"), ("risk",)),
)

_ENTRY_FIELDS = ("source", "evidence", "note")  # a monitoring entry's own fields (models.monitoring)
_REPORTERS = ("commune", "partnership", "association")  # who replies (analysis.reporters)

#: Where ids are used (and completed).
USES: tuple[Site, ...] = (
    Site("monitoring", ("reports", KEY), ("commune", "partnership"), keywords=("programme",)),
    Site("monitoring", ("reports", ANY, KEY), ("indicator",)),
    Site("monitoring", ("reports", ANY, ANY, KEY), ("measure",), Scope(2), skip=_ENTRY_FIELDS),
    Site("monitoring", ("spending", KEY), ("line", "association")),
    Site("monitoring", ("spending", ANY, KEY), ("partnership", "association")),
    Site("monitoring", ("received", KEY), _REPORTERS, keywords=("programme",)),
    Site("due_dates", ("years", ANY, "reporters", KEY), _REPORTERS, keywords=("programme",)),
    Site("narrative", ("results", KEY), ("result",)),
    Site("narrative", ("results", ANY, "indicators", KEY), ("indicator",)),
    Site("risk_follow_up", ("risks", ANY, "risk"), ("risk",)),
    Site("waivers", ("waivers", ANY, "code"), ("rule",)),
)


class Occurrence(NamedTuple):
    """An id where it stands in a file: its kinds, the id that scopes it, its line and column
    (1-based, as findings count), whether it is a definition, and the path of the mapping it names
    (a definition: the mapping that defines it)."""

    id: str
    kinds: tuple[str, ...]
    scope: str | None
    line: int
    column: int
    defines: bool
    owner: YamlPath


def occurrences(source: SourceDoc, file_kind: str) -> list[Occurrence]:
    """Every id defined or used in one file of `file_kind`, in the order of the table."""
    found = []
    for defines, sites in ((True, DEFINITIONS), (False, USES)):
        for site in sites:
            if site.file == file_kind:
                found += [o for o in _walk(source, site, defines)]
    return found


def _walk(source: SourceDoc, site: Site, defines: bool) -> Iterator[Occurrence]:
    def visit(value: Any, path: YamlPath, rest: tuple[str, ...]) -> Iterator[Occurrence]:
        step, more = rest[0], rest[1:]
        if step == KEY:
            if isinstance(value, dict):
                for key in value:
                    if isinstance(key, str) and key not in site.skip:
                        yield from _found(source, site, defines, key, (*path, key), key=True)
            return
        if step == ANY:
            children: Iterator[tuple[str | int, Any]] = (
                iter(value.items()) if isinstance(value, dict) else
                iter(enumerate(value)) if isinstance(value, list) else iter(()))
            for name, child in children:
                yield from visit(child, (*path, name), more)
            return
        if not isinstance(value, dict) or step not in value:
            return
        if more:
            yield from visit(value[step], (*path, step), more)
        elif isinstance(value[step], str):
            yield from _found(source, site, defines, value[step], (*path, step), key=False)

    yield from visit(source.data, (), site.path)


def _found(source: SourceDoc, site: Site, defines: bool, ident: str, path: YamlPath, *, key: bool
           ) -> Iterator[Occurrence]:
    position = (source.keys if key else source.values).get(path)
    if position is None:
        return
    scope = None
    if site.scope is not None:
        at = path[: site.scope.depth]
        scope_value = _value(source.data, (*at, site.scope.field)) if site.scope.field else (
            path[site.scope.depth] if len(path) > site.scope.depth else None)
        scope = scope_value if isinstance(scope_value, str) else None
    owner = path if key else path[:-1]
    yield Occurrence(ident, site.kinds, scope, position[0], position[1], defines, owner)


def _value(data: Any, path: YamlPath) -> Any:
    for step in path:
        if isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
            data = data[step]
            continue
        if not (isinstance(data, dict) and step in data):
            return None
        data = data[step]
    return data


def what_it_is(source: SourceDoc, occurrence: Occurrence, kind: str) -> str | None:
    """The text that says what a defined id is (a commune's name, an indicator's text), from the
    mapping that defines it; None when it has none."""
    owner = _value(source.data, occurrence.owner)
    if not isinstance(owner, dict):
        return None
    for field in KINDS[kind].says:
        text = owner.get(field)
        if isinstance(text, str) and text.strip():
            return " ".join(text.split())
    return None


def completion_sites(file_kind: str) -> list[Site]:
    """The sites of `file_kind`'s files where ids are typed (uses), for completion."""
    return [s for s in USES if s.file == file_kind]
