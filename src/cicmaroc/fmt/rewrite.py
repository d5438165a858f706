"""`cic fmt` over files: which files, with which settings, and what became of each.

The files are the data files as `cic validate` reads them (`files.discovery.data_files`), each
with its data folder's settings (`max-file-size`), read by the same bounded reader and written by
the one write policy (`files.writing`), never through a link out of the data folder and never
over a file changed since it was read.
"""

from __future__ import annotations

import difflib
import gc
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cicmaroc.config import Config
from cicmaroc.errors import UsageError
from cicmaroc.escaping import path_text
from cicmaroc.files.discovery import data_files, data_root, display_path
from cicmaroc.files.reading import decode, read_bytes
from cicmaroc.files.writing import SystemWriteError, WriteError, write_text_atomic
from cicmaroc.fmt.canonical import FormatError, format_text, model_for


class MissingPath(UsageError):
    """A file or folder given to `cic fmt` does not exist."""


@dataclass(frozen=True, slots=True)
class FormatOutcome:
    """What became of one file: unchanged, changed (written, or would be), or a problem."""

    shown: str
    changed: bool = False
    problem: str | None = None  # why it was not formatted (or not written), for the officer
    diff: str = ""  # the change as a unified diff, when asked for
    system: bool = False  # the system refused the write (a full or read-only disk): exit 2


def plan(paths: list[Path], settings_of: Callable[[Path], Config]) -> list[tuple[Path, Path, int]]:
    """(file, its data folder, its max-file-size) for the files at `paths`; usage errors first.
    `settings_of(data folder)` reads a folder's settings (`api` gives it the code table)."""
    from cicmaroc.models.kinds import FOLDERS

    found: dict[Path, Path] = {}
    for path in paths:
        root = data_root(path)
        if path.is_dir():
            for file in data_files(path, FOLDERS):
                found.setdefault(file, root)
        elif os.path.lexists(path):
            found.setdefault(path, root)
        else:
            raise MissingPath(f"'{path_text(path)}' does not exist.")
    limits: dict[Path, int] = {}
    for root in found.values():  # the same settings as cic validate (max-file-size)
        limits.setdefault(root, settings_of(root).limits().max_bytes)
    return [(file, root, limits[root]) for file, root in found.items()]


def format_files(planned: list[tuple[Path, Path, int]], write: bool,
                 want_diff: bool) -> Iterator[FormatOutcome]:
    """Format each planned file, one outcome at a time (the command prints as it goes).

    What formatting a file leaves behind (ruamel.yaml's trees hold cycles) is collected as usual,
    whatever the process's collector settings (the `cic` command starts with it off).
    """
    collecting = gc.isenabled()
    gc.enable()
    try:
        for path, root, max_bytes in planned:
            yield _format_one(path, root, max_bytes, write, want_diff)
    finally:
        if not collecting:
            gc.disable()


def _format_one(path: Path, root: Path, max_bytes: int, write: bool, want_diff: bool) -> FormatOutcome:
    shown = display_path(path)
    raw, findings = read_bytes(path, shown, max_bytes, inside=root)
    text, more = decode(raw, shown) if raw is not None else (None, [])
    if raw is None or text is None:
        return FormatOutcome(shown, problem=f"{shown}: {(findings or more)[0].message} Not formatted.")
    try:
        formatted = format_text(text, model_for(path), shown)
    except FormatError as exc:
        where = f"{shown}:{exc.line}" if exc.line else shown
        return FormatOutcome(shown, problem=f"{where}: {exc}")
    if formatted == text:
        return FormatOutcome(shown)
    if want_diff:
        return FormatOutcome(shown, changed=True, diff="".join(difflib.unified_diff(
            text.splitlines(keepends=True), formatted.splitlines(keepends=True), f"{shown} (as it is)",
            f"{shown} (formatted)")))
    if write:
        try:  # refused if the file changed since it was read (`expected`), or leads outside
            write_text_atomic(path, formatted, expected=raw, inside=root)
        except WriteError as exc:
            return FormatOutcome(shown, problem=str(exc), system=isinstance(exc, SystemWriteError))
    return FormatOutcome(shown, changed=True)
