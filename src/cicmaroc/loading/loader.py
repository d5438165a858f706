"""Find the data folder, read every data file, and assemble the `Programme`.

Each file is read and validated on its own, so one broken file never hides the problems of the
others: every finding of the run is collected and returned together.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from cicmaroc.files.discovery import display_path, yaml_files
from cicmaroc.findings import Findings, Items, Location
from cicmaroc.loading.kinds import FOLDERS, SINGLE_FILES
from cicmaroc.loading.programme import Doc, Programme
from cicmaroc.loading.validation_errors import validate_doc
from cicmaroc.rules.files import CIC001, CIC009
from cicmaroc.yaml.limits import Limits
from cicmaroc.yaml.reader import load_file


def load_programme(data_dir: Path, limits: Limits | None = None) -> tuple[Programme, Findings]:
    """Read and validate every data file under `data_dir`; never raises for bad content."""
    limits = limits or Limits()
    programme = Programme(root=data_dir)
    findings = Findings()

    def load(path: Path, model: type[Any]) -> Doc[Any] | None:
        shown = display_path(path)
        source, problems = load_file(path, shown, limits, inside=data_dir)  # no link out of data/
        findings.extend(problems)
        if source is None:
            programme.unread.add(shown)
            return None
        programme.sources[shown] = source
        validated, problems = validate_doc(source, model)
        findings.extend(problems)
        if validated is None:
            programme.unread.add(shown)
            return None
        return Doc(source, validated)

    for name, kind in SINGLE_FILES.items():
        path = data_dir / name
        if not os.path.lexists(path):
            if kind.required:
                findings.add(CIC001.finding("required", Location(display_path(path)), name=name))
            continue
        doc = load(path, kind.model)
        setattr(programme, kind.attr, doc)
        if doc is None:
            programme.incomplete.add(kind.attr)

    for folder, kind in FOLDERS.items():
        items: list[Doc[Any]] = getattr(programme, kind.attr)
        if not (data_dir / folder).is_dir() and os.path.lexists(data_dir / folder):
            programme.incomplete.add(kind.attr)
            programme.unread.add(display_path(data_dir / folder))
        for path in _yaml_files(data_dir / folder, findings):
            doc = load(path, kind.model)
            if doc is not None:
                items.append(doc)
            else:
                programme.incomplete.add(kind.attr)

    for path in _yaml_files(data_dir, findings):
        if path.name not in SINGLE_FILES:
            findings.add(CIC009.finding("unknown", Location(display_path(path)), name=path.name,
                                        known=Items(tuple(SINGLE_FILES))))
    return programme, findings


def _yaml_files(folder: Path, findings: Findings) -> list[Path]:
    """The YAML files of a folder; a folder that cannot be listed is a finding, not a crash."""
    if not folder.is_dir():
        if os.path.lexists(folder):  # `partners` as a file: everything meant to be in it is missing
            findings.add(CIC001.finding("folder-is-a-file", Location(display_path(folder)), name=folder.name))
        return []
    try:
        return yaml_files(folder)
    except OSError as exc:
        findings.add(CIC001.finding("folder-unreadable", Location(display_path(folder)),
                                    reason=exc.strerror or str(exc)))
        return []
