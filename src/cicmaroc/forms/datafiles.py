"""The two small data files the collection cycle writes: data/due-dates.yaml and data/evidence.yaml.

`cic forms --due` records when a year's replies are due; `cic import` and `cic evidence --record`
record the SHA-256 of each evidence file. Each change is made the way `cic import` changes a year's
file (`forms.yearfile`): ruamel.yaml's round trip keeps what is there (comments, other entries),
`cic fmt`'s layout is applied (`fmt.canonical.format_text`, which refuses rather than change a
value or lose a comment), and the file is written only if it still holds what cic validated: an
officer's edit saved meanwhile is never overwritten (`files.writing`, `expected=`).
"""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, NamedTuple

from cicmaroc.errors import DataError, UsageError
from cicmaroc.files.discovery import display_path
from cicmaroc.files.reading import decode, read_bytes
from cicmaroc.files.writing import create_text, write_text_atomic
from cicmaroc.fmt.canonical import FormatError, format_text, round_trip_yaml
from cicmaroc.i18n import N_
from cicmaroc.loading.programme import Programme
from cicmaroc.models.due_dates import DueDates
from cicmaroc.models.evidence import EvidenceRecord

DUE_DATES, EVIDENCE_RECORD = "due-dates.yaml", "evidence.yaml"
_HEADERS = {
    DUE_DATES: "# When each year's monitoring replies are due (docs/data-format.md, \"Due dates\"):\n"
               "# `cic forms --year YEAR --due DATE` writes here; edit it by hand as well.\n",
    EVIDENCE_RECORD: "# The SHA-256 of each evidence file under data/evidence/ as it was reported\n"
                     "# (docs/data-format.md, \"Evidence\"): written by `cic import` and `cic evidence "
                     "--record`.\n",
}


class Change(NamedTuple):
    """A data file's new text, and what it held when read (None: it does not exist yet)."""

    path: Path
    shown: str
    before: bytes | None
    text: str

    @property
    def changes(self) -> bool:
        return self.before is None or self.before.decode("utf-8-sig") != self.text


def planned(programme: Programme, name: str, change: Callable[[Any], None]) -> Change:
    """`name`'s text with `change` applied to its data (a ruamel round-trip mapping), in fmt's layout.

    Raises `DataError` when the file is one cic could not read, or changed since it was read (by an
    editor, another command), and `UsageError` when it cannot be laid out safely.
    """
    from ruamel.yaml.comments import CommentedMap

    path = programme.root / name
    shown = display_path(path)
    if shown in programme.unread:
        raise DataError(N_("Could not read {files}: cic stops here rather than take what it holds for "
                           "nothing recorded. Run 'cic validate' and fix what it reports first."),
                        files=shown)
    before: bytes | None = None
    current = ""
    if os.path.lexists(path):
        before, problems = read_bytes(path, shown, 10_000_000, inside=programme.root)
        text, more = decode(before, shown) if before is not None else (None, [])
        if before is None or text is None:
            raise DataError(N_("Could not read {files}: cic stops here rather than take what it holds for "
                               "nothing recorded. Run 'cic validate' and fix what it reports first."),
                            files=f"{shown} ({(problems or more)[0].message})")
        current = text
    loaded = programme.sources.get(shown)
    if (before is None) != (loaded is None) or (loaded is not None and current != loaded.text):
        raise DataError(N_("{file} changed while cic worked (an editor, another command); nothing was "
                           "written. Run the command again."), file=shown)
    yaml = round_trip_yaml()
    yaml.width = 4096
    yaml.representer.ignore_aliases = lambda data: True  # one day given to many: no anchor
    data = yaml.load(current) if current.strip() else None
    if data is None:
        data = CommentedMap()
    change(data)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    dumped = buffer.getvalue()
    if not current.strip():
        dumped = _HEADERS.get(name, "") + dumped
    model = DueDates if name == DUE_DATES else EvidenceRecord
    try:
        return Change(path, shown, before, format_text(dumped, model, shown))
    except FormatError as exc:
        raise UsageError(N_("{file} cannot be rewritten safely ({problem}); nothing was written."),
                         file=shown, problem=str(exc)) from None


def write(change: Change, programme: Programme) -> None:
    """Write the change: create the file (never over another's), or replace it if unchanged since read."""
    if not change.changes:
        return
    if change.before is None:
        create_text(change.path, change.text, inside=programme.root)
    else:
        write_text_atomic(change.path, change.text, expected=change.before, inside=programme.root)


def set_due(year: int, due: dt.date, reporters: list[str] | None) -> Callable[[Any], None]:
    """The change recording that `year`'s replies are due on `due` (for `reporters` alone, if given)."""
    from ruamel.yaml.comments import CommentedMap

    def change(data: Any) -> None:
        years = data.setdefault("years", [])
        entry: Any = next((e for e in years if isinstance(e, Mapping) and e.get("year") == year), None)
        if entry is None:  # in the order of the years
            entry = CommentedMap([("year", year)])
            later = [i for i, e in enumerate(years)
                     if isinstance(e, Mapping) and isinstance(e.get("year"), int) and e["year"] > year]
            years.insert(later[0] if later else len(years), entry)
        if not reporters:
            entry["due"] = due
            return
        own = entry.get("reporters")
        if own is None:
            own = entry["reporters"] = CommentedMap()
        for reporter in reporters:
            own[reporter] = due

    return change


def set_records(records: Mapping[str, tuple[str, int, dt.date]]) -> Callable[[Any], None]:
    """The change recording each evidence file's (SHA-256, size, day), by its path."""
    from ruamel.yaml.comments import CommentedMap

    def change(data: Any) -> None:
        files = data.get("files")
        if files is None:
            files = data["files"] = CommentedMap()
        for path, (sha256, size, day) in records.items():
            entry = CommentedMap([("sha256", sha256), ("size", size), ("recorded", day)])
            entry.fa.set_flow_style()
            files[path] = entry

    return change
