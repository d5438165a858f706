"""The evidence files sent with a form: found beside it, and taken into data/evidence/ by `cic import`.

A form's evidence cell names the files sent with it (`pv-sas.pdf; presences.pdf`). The officer puts
them beside the form, or in a folder named like the form without `.xlsx` (`2019-ait-baha/`, so two
communes' `pv.pdf` do not collide). Each is read as every file cic reads is read (no link, no
special file, within `max-evidence-size`) and goes to `data/evidence/<year>/<reporter>/<name>`,
the path the entry then names. A name already in place there (a form sent back with the files
named before) needs no file; a name with a `/` is a path under data/evidence/ that must exist.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, NamedTuple

from cicmaroc.files.discovery import display_path
from cicmaroc.files.evidence_folder import evidence_folder, examine, path_problem, read_evidence, under
from cicmaroc.files.writing import WriteError, create_bytes, take_back, write_bytes_atomic
from cicmaroc.findings import Count, phrase
from cicmaroc.i18n import N_

_SEPARATORS = re.compile(r"[;\n]")
_REASONS = {
    "empty": N_("it is empty"), "absolute": N_("it is an absolute path"),
    "parent": N_("it has an empty, '.' or '..' part"), "backslash": N_("it holds a backslash"),
    "character": N_("it holds an invisible or control character"),
    "too-long": N_("it is too long for a file system"),
}


class Dropped(NamedTuple):
    """A file an entry names: its path under data/evidence/, and the file sent (None: in place)."""

    target: str
    data: bytes | None
    sha256: str
    size: int


class Refused(NamedTuple):
    """Why a name of the evidence cell cannot be taken: the sentence of CIC735 or CIC736, its values."""

    code: str  # "CIC735" or "CIC736"
    say: str
    args: dict[str, Any]


def names_in(text: object) -> list[str]:
    """The file names an evidence cell holds: separated by ';' or line breaks, each once."""
    if text is None:
        return []
    names = (" ".join(part.split()) for part in _SEPARATORS.split(str(text)))
    return list(dict.fromkeys(name for name in names if name))


class Finder:
    """Finds the files one form names, beside the form or already in data/evidence/."""

    def __init__(self, data_dir: Path, form_file: Path, year: int, reporter: str, limit: int) -> None:
        self.data_dir = data_dir
        self.folders = [form_file.parent / form_file.stem, form_file.parent]
        self.year = year
        self.reporter = reporter
        self.limit = limit

    def find(self, name: str) -> Dropped | Refused:
        problem = path_problem(name)
        if problem is not None:
            return Refused("CIC736", "name", {"name": name, "reason": phrase(_REASONS[problem])})
        if "/" in name:  # a path under data/evidence/, named as the entry names it
            return self._in_place(name) or Refused("CIC735", "not-sent", self._looked(name))
        for folder in self.folders:
            candidate = folder / name
            if not os.path.lexists(candidate):
                continue
            data, found = read_evidence(candidate, self.limit)
            if data is None:
                return Refused("CIC736", "file", {"name": display_path(candidate), "reason": _why(found.state,
                               found.size, found.detail), "limit": Count(self.limit)})
            return Dropped(under(self.year, self.reporter, name), data, found.sha256, found.size)
        return self._in_place(under(self.year, self.reporter, name)) or Refused("CIC735", "not-sent",
                                                                                 self._looked(name))

    def _in_place(self, target: str) -> Dropped | None:
        found = examine(self.data_dir, target, self.limit)
        if found.state in ("file", "pointer"):
            return Dropped(target, None, found.sha256, found.size)
        return None

    def _looked(self, name: str) -> dict[str, Any]:
        return {"name": name, "looked": ", ".join(display_path(f) for f in self.folders)}


def _why(state: str, size: int, detail: str) -> Any:
    if state == "link":
        return phrase("is a link")
    if state == "too-large":
        return phrase("is {size} bytes, over the limit", size=Count(size))
    if state == "unreadable":
        return phrase("cannot be read ({reason})", reason=detail)
    return phrase("is not a regular file")


def conflict(data_dir: Path, dropped: Dropped, limit: int) -> str | None:
    """The SHA-256 of another file already at the dropped file's place, or None (nothing there, or
    the same file)."""
    if dropped.data is None:
        return None
    found = examine(data_dir, dropped.target, limit)
    if found.state in ("file", "pointer") and found.sha256 != dropped.sha256:
        return found.sha256
    return None


def take_into_place(data_dir: Path, files: list[Dropped], limit: int) -> list[Path]:
    """Copy the files sent into data/evidence/ (a different file there is replaced: the caller asked
    `conflict` first, and took the entry only with --replace); the files created, for
    `files.writing.take_back` if a later write fails. Raises `WriteError`, having taken back what it
    created."""
    created: list[Path] = []
    folder = evidence_folder(data_dir)
    try:
        for dropped in files:
            if dropped.data is None:
                continue
            target = folder.joinpath(*dropped.target.split("/"))
            found = examine(data_dir, dropped.target, limit)
            if found.state == "missing":
                create_bytes(target, dropped.data, inside=data_dir)
                created.append(target)
            elif found.state not in ("file", "pointer"):  # a link, a folder: never written through
                raise WriteError(N_("{file} is not a regular file; cic does not replace it with the evidence "
                                    "file sent. Remove it, and import again."), file=display_path(target))
            elif found.sha256 != dropped.sha256:
                write_bytes_atomic(target, dropped.data, inside=data_dir)
    except Exception:
        take_back(created)
        raise
    return created
