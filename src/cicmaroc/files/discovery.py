"""Where the data is and which files are its files: one set of rules for every command.

`cic validate` (the loader) and `cic fmt` look at the same files: the YAML files at the top of a
data folder and in its item folders (`partners/`, `monitoring/`), a YAML file being a name that
ends in `.yaml` or `.yml` and does not start with a dot. Anything else in the folder is not a
data file, for either command. Paths are shown as officers and CI annotations want them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from cicmaroc.errors import UsageError
from cicmaroc.escaping import path_text
from cicmaroc.i18n import N_

YAML_SUFFIXES = (".yaml", ".yml")


class DataFolderNotFound(UsageError):
    """No data folder where one was expected: a usage error (exit 2), not a finding."""


def find_data_dir(path: Path | None = None, cwd: Path | None = None) -> Path:
    """The data folder: `path` itself (or its `data/`), else `./data` in cwd or a parent folder."""
    if path is not None:
        if (path / "data").is_dir() and not (path / "logframe.yaml").exists():
            return path / "data"
        if path.is_dir():
            return path
        raise DataFolderNotFound(N_("'{path}' is not a folder."), path=str(path))
    here = (cwd or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "data"
        if candidate.is_dir():
            return candidate
    raise DataFolderNotFound(
        N_("No 'data' folder in {here} or any folder above it. Run cic from the programme's repository, "
           "or give the folder: cic validate path/to/data"), here=str(here))


def data_root(path: Path) -> Path:
    """The data folder a file or folder belongs to: the nearest folder up from it (itself
    included) that is named `data` or holds `logframe.yaml`; else the folder it is in."""
    path = Path(os.path.abspath(path))
    start = path if path.is_dir() else path.parent  # a data folder given as a link is used as given
    for folder in (start, *start.parents):
        if folder.name == "data" or (folder / "logframe.yaml").is_file():
            return folder
    return start


def is_yaml_name(name: str) -> bool:
    """A data file's name: `.yaml` or `.yml`, not hidden."""
    return name.endswith(YAML_SUFFIXES) and not name.startswith(".")


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files of one folder, sorted (not its sub-folders). Raises OSError if it cannot be listed.

    What stands under a YAML name is returned whatever it is (a folder named `x.yaml`, a link, a
    FIFO): the reader refuses it with a finding, so that nothing is skipped in silence.
    """
    return sorted(p for p in folder.iterdir() if is_yaml_name(p.name))


def data_files(folder: Path, item_folders: Iterable[str]) -> list[Path]:
    """The YAML files of a folder and of its item folders (`partners/`, `monitoring/`), as the
    loader reads them from a data folder."""
    found = yaml_files(folder)
    for name in item_folders:
        if (folder / name).is_dir():
            found += yaml_files(folder / name)
    return found


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
