"""Find the data folder, read every data file, and assemble the `Programme`.

Each file is read and validated on its own, so one broken file never hides the problems of the
others: every finding of the run is collected and returned together.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from cicmaroc.codes.files import CIC001, CIC009, CIC014, CIC015
from cicmaroc.files.buffers import DiskFiles, FileSource
from cicmaroc.files.discovery import display_path
from cicmaroc.findings import Finding, Findings, Items, Location, preview
from cicmaroc.loading.old_format import former_keys
from cicmaroc.loading.programme import Doc, Programme, Unread
from cicmaroc.loading.validation_errors import validate_doc
from cicmaroc.models.kinds import FOLDERS, SINGLE_FILES
from cicmaroc.yaml.document import SourceDoc, YamlPath
from cicmaroc.yaml.limits import Limits
from cicmaroc.yaml.reader import parse_bytes

#: Files already read, by what they were read as (shown name, model, bytes): see `load_programme`.
Cache = dict[tuple[str, str, bytes], tuple[Any, list[Finding], Any, list[Finding]]]


def load_programme(data_dir: Path, limits: Limits | None = None, cache: Cache | None = None,
                   files: FileSource | None = None) -> tuple[Programme, Findings]:
    """Read and validate every data file under `data_dir`; never raises for bad content.

    With `cache` (`cic diff`, which reads two revisions where most files are the same; `cic lsp`,
    which checks again at each change), a file whose name and bytes were read before is not parsed
    and validated again: the same bytes give the same document, and the models are frozen.
    `files` is where the files are listed and read (default: the disk; `cic lsp`: the editor's
    buffers over the disk, `files.buffers`).
    """
    limits = limits or Limits()
    reader: FileSource = files or DiskFiles()
    programme = Programme(root=data_dir, files=reader)
    findings = Findings()

    def read(path: Path, shown: str, kind: str, model: type[Any]
             ) -> tuple[Any, list[Finding], Any, list[Finding]]:
        raw, problems = reader.read(path, shown, limits.max_bytes, data_dir)  # no link out of data/
        if raw is None:
            return None, problems, None, []
        if cache is None:
            return parsed(raw, shown, kind, model)
        key = (shown, model.__name__, raw)
        if key not in cache:
            cache[key] = parsed(raw, shown, kind, model)
        return cache[key]

    def parsed(raw: bytes, shown: str, kind: str, model: type[Any]
               ) -> tuple[Any, list[Finding], Any, list[Finding]]:
        """A file's document, its reading problems, its model and why it is not valid; a file in
        the former format is not validated: one finding says so (CIC015)."""
        source, problems = parse_bytes(raw, shown, limits)
        if source is None:
            return None, problems, None, []
        former = former_keys(kind, source.data)
        if former:
            first = former[0]
            where = source.key_at(*first.path) if first.old else source.at()
            said = (CIC015.finding("renamed", where, old=first.old, new=first.new) if first.old
                    else CIC015.finding("added", where, new=first.new))
            return source, problems, None, [said]
        validated, invalid = validate_doc(source, model, todo_allowed=kind == "publisher")
        return source, problems, validated, invalid

    def load(path: Path, kind: str, named: bool, model: type[Any]) -> Doc[Any] | None:
        shown = display_path(path)
        source, problems, validated, invalid = read(path, shown, kind, model)
        findings.extend(problems)
        if source is not None:
            programme.sources[shown] = source
            findings.extend(invalid)
            if kind != "publisher":  # data/iati.yaml's TODOs are CIC810's, said with what IATI needs
                findings.extend(left_to_transcribe(source))
        if validated is None:
            places = [(f.location.line, f.location.column) for f in (*problems, *invalid)
                      if f.location and f.location.line > 0]
            programme.unread[shown] = Unread(kind, path.stem if named else None, *min(places, default=(0, 0)))
            return None
        return Doc(source, validated)

    for name, kind in SINGLE_FILES.items():
        path = data_dir / name
        if not reader.exists(path):
            if kind.required:
                findings.add(CIC001.finding("required", Location(display_path(path)), name=name))
            continue
        doc = load(path, kind.attr, False, kind.model)
        setattr(programme, kind.attr, doc)
        if doc is None:
            programme.incomplete.add(kind.attr)

    for folder, kind in FOLDERS.items():
        items: list[Doc[Any]] = getattr(programme, kind.attr)
        paths = _yaml_files(data_dir / folder, findings, reader)
        if paths is None:  # a file where the folder should be, or a folder that cannot be listed
            programme.incomplete.add(kind.attr)
            programme.unread[display_path(data_dir / folder)] = Unread(kind.attr, None)
        for path in paths or []:
            doc = load(path, kind.attr, True, kind.model)
            if doc is not None:
                items.append(doc)
            else:
                programme.incomplete.add(kind.attr)

    for path in _yaml_files(data_dir, findings, reader) or []:
        if path.name not in SINGLE_FILES:
            findings.add(CIC009.finding("unknown", Location(display_path(path)), name=path.name,
                                        known=Items(tuple(SINGLE_FILES))))
    return programme, findings


def left_to_transcribe(source: SourceDoc) -> list[Finding]:
    """A CIC014 finding for each value of the file that is `TODO` or starts with it."""
    found: list[Finding] = []

    def walk(value: Any, path: YamlPath) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                walk(item, (*path, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, (*path, index))
        elif isinstance(value, str) and value.lstrip().startswith("TODO"):
            found.append(CIC014.finding("todo", source.at(*path), where=".".join(map(str, path)),
                                        value=preview(value)))

    walk(source.data, ())
    return found


def _yaml_files(folder: Path, findings: Findings, files: FileSource) -> list[Path] | None:
    """The YAML files of a folder ([] when there is none); a folder that cannot be listed is a
    finding, not a crash, and None: everything meant to be in it is missing."""
    if not folder.is_dir():
        if os.path.lexists(folder):  # `partners` as a file: everything meant to be in it is missing
            findings.add(CIC001.finding("folder-is-a-file", Location(display_path(folder)), name=folder.name))
            return None
        return []
    try:
        return files.listing(folder)
    except OSError as exc:
        findings.add(CIC001.finding("folder-unreadable", Location(display_path(folder)),
                                    reason=exc.strerror or str(exc)))
        return None
