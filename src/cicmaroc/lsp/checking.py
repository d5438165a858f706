"""One data folder checked again and again as an officer types: incremental, from the editor's buffers.

A change re-reads only what changed. Each file is read through `files.buffers.EditorFiles` (an
open buffer, unsaved, stands for its file; a file on disk is read again only when its size, time
or inode changed), and its parse and validation are kept by content (`loading.loader.Cache`), so
an unchanged file costs a dictionary look-up; its ids (`lsp.ids`) are kept with its parse. What
spans files (the rules, the monitoring pass, the readings, the waivers) runs again on the whole
programme at each check, as `cic validate` runs it: a change in a partner file moves a finding on
budget.yaml. What is kept of a file is dropped when its content is no longer anyone's.

No editor protocol here: the server (`lsp.server`) turns a `Checked` into diagnostics.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any, NamedTuple

from cicmaroc import api
from cicmaroc.files.buffers import EditorFiles
from cicmaroc.files.discovery import display_path
from cicmaroc.findings import Finding
from cicmaroc.lsp.ids import occurrences
from cicmaroc.lsp.index import FileIds, Index
from cicmaroc.models.kinds import FOLDERS, SINGLE_FILES
from cicmaroc.yaml.document import SourceDoc


def is_data_file(folder: Path, path: Path) -> bool:
    """Whether `path` is a data file of the data folder `folder`: a YAML file at its top, or in one
    of its item folders (`partners/`, `monitoring/` ...), as the loader finds them."""
    if path.suffix not in (".yaml", ".yml") or path.name.startswith("."):
        return False
    return path.parent == folder or (path.parent.parent == folder and path.parent.name in FOLDERS)


class _KeptParses(dict[Any, Any]):
    """The loader's cache of parses, which remembers what a check used so the rest can be dropped."""

    def __init__(self) -> None:
        super().__init__()
        self.used: set[Any] = set()

    def __getitem__(self, key: Any) -> Any:
        self.used.add(key)
        return super().__getitem__(key)

    def keep_used(self) -> None:
        for key in [k for k in self if k not in self.used]:
            del self[key]
        self.used.clear()


class Checked(NamedTuple):
    """One check: the run, each data file's open findings (every file listed, [] when clean),
    the ids, the settings error that stopped it (None: none), and how long each part took."""

    run: api.Run | None
    findings: dict[Path, list[Finding]]
    ids: Index
    problem: str | None
    seconds: dict[str, float]


class Checker:
    """A data folder, its open buffers, and what is kept from one check to the next."""

    def __init__(self, data_dir: Path, *, max_file_size: int | None = None) -> None:
        self.data_dir = data_dir
        self.max_file_size = max_file_size
        self.files = EditorFiles()
        self._parses = _KeptParses()
        self._ids: dict[int, tuple[SourceDoc, tuple[Any, ...]]] = {}
        self.last: Checked | None = None
        self._shown: dict[str, Path] = {}
        self._names: dict[Path, str] = {}

    def owns(self, path: Path) -> bool:
        """Whether `path` is a data file of this folder."""
        return is_data_file(self.data_dir, path)

    def kind_of(self, path: Path) -> str | None:
        """The kind of data file `path` is (a `Programme` attribute), from where it stands."""
        if not self.owns(path):
            return None
        if path.parent == self.data_dir:
            return SINGLE_FILES[path.name].attr if path.name in SINGLE_FILES else None
        return FOLDERS[path.parent.name].attr

    def path_of(self, shown: str) -> Path:
        """A file as findings show it, as a path."""
        return self._shown.get(shown) or Path.cwd() / shown

    def shown_of(self, path: Path) -> str:
        """A path as findings show it."""
        return self._names.get(path) or display_path(path)

    def relative_files(self) -> list[str]:
        """The data files, as data/waivers.yaml names them (relative to the folder, with '/')."""
        return sorted(p.relative_to(self.data_dir).as_posix() for p in self._shown.values())

    def text(self, path: Path) -> str | None:
        """The text a file was last checked with (its buffer, or the file on disk as read)."""
        return self.files.text(path)

    def check(self, buffers: Mapping[Path, str]) -> Checked:
        """Check the folder with `buffers` (path -> text) standing for their files."""
        self.files.buffers = {p: t for p, t in buffers.items() if self.owns(p)}
        began = time.perf_counter()
        try:
            run = api.validate(self.data_dir, cache=self._parses, files=self.files,
                               max_file_size=self.max_file_size)
        except api.UsageError as exc:  # a bad cic.toml: said once, the last findings kept
            previous = self.last.findings if self.last else {}
            self.last = Checked(None, previous, self.last.ids if self.last else Index(),
                                api.error_text(exc, None), {})
            return self.last
        checked = time.perf_counter()
        self._parses.keep_used()
        listed = self._data_files()
        self.files.forget(set(listed))
        shown = self._shown = {display_path(path): path for path in listed}
        self._names = {path: name for name, path in shown.items()}
        findings: dict[Path, list[Finding]] = {path: [] for path in listed}
        for finding in run.findings.active():
            if finding.location is not None:
                path = shown.get(finding.file) or Path.cwd() / finding.file
                findings.setdefault(path, []).append(finding)
        index = self._index(run, listed, shown)
        done = time.perf_counter()
        self.last = Checked(run, findings, index, None,
                            {"check": checked - began, "index": done - checked, "total": done - began})
        return self.last

    def _data_files(self) -> dict[Path, str]:
        """Every data file of the folder with its kind (a `Programme` attribute), as the loader lists them."""
        found: dict[Path, str] = {}
        try:
            for path in self.files.listing(self.data_dir):
                if path.name in SINGLE_FILES:
                    found[path] = SINGLE_FILES[path.name].attr
            for folder, kind in FOLDERS.items():
                if (self.data_dir / folder).is_dir():
                    found.update((path, kind.attr) for path in self.files.listing(self.data_dir / folder))
        except OSError:  # a folder that cannot be listed: the run's own finding says so
            pass
        return found

    def _index(self, run: api.Run, listed: dict[Path, str], shown: dict[str, Path]) -> Index:
        kept: dict[int, tuple[SourceDoc, tuple[Any, ...]]] = {}
        files = []
        for name, source in run.programme.sources.items():
            path = shown.get(name)
            if path is None:
                continue
            found = self._ids.get(id(source))
            if found is None or found[0] is not source:
                found = (source, tuple(occurrences(source, listed[path])))
            kept[id(source)] = found
            files.append(FileIds(path, name, listed[path], source, found[1]))
        self._ids = kept
        return Index(files)
