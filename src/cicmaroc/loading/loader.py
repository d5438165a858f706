"""Find the data folder, read every data file, and assemble the `Programme`.

Each file is read and validated on its own, so one broken file never hides the problems of the
others: every finding of the run is collected and returned together.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from cicmaroc.escaping import path_text
from cicmaroc.findings import Finding, Findings, Location, Severity
from cicmaroc.loading.programme import Doc, Programme
from cicmaroc.loading.validation_errors import validate_doc
from cicmaroc.models import Budget, Country, Logframe, MonitoringYear, Partner, Risks
from cicmaroc.models.readings import Readings
from cicmaroc.models.waivers import Waivers
from cicmaroc.yaml.limits import Limits
from cicmaroc.yaml.reader import load_file

#: Files at the top of the data folder: name -> (Programme attribute, model, required)
SINGLE_FILES: dict[str, tuple[str, type[Any], bool]] = {
    "logframe.yaml": ("logframe", Logframe, True),
    "budget.yaml": ("budget", Budget, True),
    "country.yaml": ("country", Country, False),
    "risks.yaml": ("risks", Risks, False),
    "waivers.yaml": ("waivers", Waivers, False),
    "readings.yaml": ("readings", Readings, False),
}
#: Folders holding one file per item: name -> (Programme attribute, model)
FOLDERS: dict[str, tuple[str, type[Any]]] = {
    "partners": ("partners", Partner),
    "monitoring": ("monitoring", MonitoringYear),
}
YAML_SUFFIXES = (".yaml", ".yml")


class DataFolderNotFound(Exception):
    """No data folder where one was expected: a usage error (exit 2), not a finding."""


def find_data_dir(path: Path | None = None, cwd: Path | None = None) -> Path:
    """The data folder: `path` itself (or its `data/`), else `./data` in cwd or a parent folder."""
    if path is not None:
        if (path / "data").is_dir() and not (path / "logframe.yaml").exists():
            return path / "data"
        if path.is_dir():
            return path
        raise DataFolderNotFound(f"'{path}' is not a folder.")
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "data"
        if candidate.is_dir():
            return candidate
    raise DataFolderNotFound(
        f"No 'data' folder in {here} or any folder above it. Run cic from the programme's "
        "repository, or give the folder: cic validate path/to/data")


def display_path(path: Path, cwd: Path | None = None) -> str:
    """A path as officers and CI annotations want it: relative to the current folder if possible.

    Made printable (`escaping.path_text`): a name holding a newline, an ESC byte or bytes that are
    not UTF-8 is shown with visible escapes, the same way in every output format.
    """
    base = cwd or Path.cwd()
    try:
        shown = os.path.relpath(path, base) if path.is_absolute() else str(path)
    except ValueError:  # another drive on Windows
        shown = str(path)
    return path_text(shown)


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

    for name, (attr, model, required) in SINGLE_FILES.items():
        path = data_dir / name
        if not os.path.lexists(path):
            if required:
                findings.add(Finding("CIC001", Severity.ERROR, f"The file {name} is missing.",
                                     Location(display_path(path)),
                                     hint=f"Every programme has a {name}; restore it from git.",
                                     name="unreadable-file"))
            continue
        doc = load(path, model)
        setattr(programme, attr, doc)
        if doc is None:
            programme.incomplete.add(attr)

    for folder, (attr, model) in FOLDERS.items():
        items: list[Doc[Any]] = getattr(programme, attr)
        if not (data_dir / folder).is_dir() and os.path.lexists(data_dir / folder):
            programme.incomplete.add(attr)
            programme.unread.add(display_path(data_dir / folder))
        for path in _yaml_files(data_dir / folder, findings):
            doc = load(path, model)
            if doc is not None:
                items.append(doc)
            else:
                programme.incomplete.add(attr)

    for path in _yaml_files(data_dir, findings):
        if path.name not in SINGLE_FILES:
            findings.add(Finding("CIC009", Severity.WARNING,
                                 f"{path.name} is not a file cic knows; it was not read.",
                                 Location(display_path(path)),
                                 hint="Known files: " + ", ".join(SINGLE_FILES) + "; partners go in "
                                      "partners/.", name="unknown-file"))
    return programme, findings


def _yaml_files(folder: Path, findings: Findings) -> list[Path]:
    """The YAML files of a folder; a folder that cannot be listed is a finding, not a crash."""
    if not folder.is_dir():
        if os.path.lexists(folder):  # `partners` as a file: everything meant to be in it is missing
            findings.add(Finding("CIC001", Severity.ERROR,
                                 f"'{folder.name}' should be a folder of YAML files, but it is a file "
                                 "(or a broken link); nothing in it was checked.",
                                 Location(display_path(folder)),
                                 hint=f"Make {folder.name}/ a folder holding one YAML file per item.",
                                 name="unreadable-file"))
        return []
    try:
        names = list(folder.iterdir())
    except OSError as exc:
        findings.add(Finding("CIC001", Severity.ERROR,
                             f"The folder cannot be read: {exc.strerror or exc}; nothing in it was checked.",
                             Location(display_path(folder)), hint="Check the folder's permissions.",
                             name="unreadable-file"))
        return []
    return sorted(p for p in names if p.name.endswith(YAML_SUFFIXES) and not p.name.startswith("."))
