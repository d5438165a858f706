"""The ids of one data folder as last checked: where each is defined and used, found by position.

Built after every check from the files' values and positions (`lsp.ids` says which fields hold
ids); the occurrences of a file are computed once per version of the file (its `SourceDoc`), so
a change re-reads the ids of the changed file only. Hover, go to definition, references and
completion ask it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from cicmaroc.lsp.ids import Occurrence
from cicmaroc.lsp.ranges import token_span
from cicmaroc.yaml.document import SourceDoc


class FileIds(NamedTuple):
    """One data file's ids: its path, its name as findings show it, its kind (a `Programme`
    attribute), its values and positions, and the ids in it."""

    path: Path
    shown: str
    kind: str
    source: SourceDoc
    occurrences: tuple[Occurrence, ...]

    def span(self, occurrence: Occurrence) -> tuple[int, int, int]:
        """The 0-based line and the characters [start, end) of an occurrence's token."""
        line = occurrence.line - 1
        start, end = token_span(self.source.line_text(occurrence.line), occurrence.column - 1)
        return line, start, end

    def at(self, line: int, character: int) -> Occurrence | None:
        """The occurrence whose token holds the 0-based position, if any."""
        for occurrence in self.occurrences:
            if occurrence.line - 1 == line:
                _, start, end = self.span(occurrence)
                if start <= character <= end:
                    return occurrence
        return None


Found = tuple[FileIds, Occurrence]


def _same_thing(a: Occurrence, b: Occurrence) -> bool:
    return a.id == b.id and bool(set(a.kinds) & set(b.kinds)) and (
        a.scope is None or b.scope is None or a.scope == b.scope)


class Index:
    """Every data file's ids, by path."""

    def __init__(self, files: Iterable[FileIds] = ()) -> None:
        self.files: dict[Path, FileIds] = {f.path: f for f in files}

    def at(self, path: Path, line: int, character: int) -> Found | None:
        """The id at a 0-based position of a file, with its file."""
        ids = self.files.get(path)
        if ids is None:
            return None
        occurrence = ids.at(line, character)
        return None if occurrence is None else (ids, occurrence)

    def _all(self) -> Iterator[Found]:
        for ids in self.files.values():
            for occurrence in ids.occurrences:
                yield ids, occurrence

    def definitions(self, of: Occurrence) -> list[Found]:
        """Where the id `of` names is defined (a definition is its own)."""
        return [(f, o) for f, o in self._all() if o.defines and _same_thing(of, o)]

    def references(self, of: Occurrence, *, with_definitions: bool = True) -> list[Found]:
        """Every place the id `of` names stands: its uses, and its definitions if asked."""
        return [(f, o) for f, o in self._all() if (with_definitions or not o.defines) and _same_thing(of, o)]

    def defined(self, kinds: tuple[str, ...], scope: str | None = None) -> list[Found]:
        """The definitions of ids of `kinds` (within `scope`, for a scoped kind), first ones first."""
        found: dict[str, Found] = {}
        for f, o in self._all():
            if o.defines and set(o.kinds) & set(kinds) and (scope is None or o.scope == scope):
                found.setdefault(o.id, (f, o))
        return list(found.values())
