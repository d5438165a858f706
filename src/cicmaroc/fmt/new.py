"""`cic new`: a new data file, built by `scaffold` in the canonical layout, created and never overwriting.

The data folder and its settings are the command's context (`api.context`), found first. Then
the checks, in this order, each a `NewFileError` (a usage error) with what to do: the id or
year, a file (or a dangling link) already at the place, and for a year's file the file it is
built from (the logframe, the risks) read. `NEW` names each kind of file `cic new` makes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from cicmaroc.errors import UsageError
from cicmaroc.files.discovery import display_path
from cicmaroc.files.writing import create_text
from cicmaroc.i18n import N_
from cicmaroc.models.common import SLUG_PATTERN

if TYPE_CHECKING:
    from cicmaroc.loading.programme import Programme
    from cicmaroc.yaml.limits import Limits

SLUG = re.compile(SLUG_PATTERN)  # used with fullmatch: no trailing newline
#: The names Windows gives its devices: a file so named, whatever its extension (`con.yaml`), cannot
#: be created, checked out or opened there, so an officer on Windows could not use the repository.
WINDOWS_RESERVED = re.compile(r"(?:con|prn|aux|nul|com[0-9]|lpt[0-9])", re.IGNORECASE)


class NewFileError(UsageError):
    """The new file cannot be made as asked; nothing was written."""


def new_partner(data_dir: Path, partner_id: str, communes: int = 1) -> str:
    """Create data/partners/ID.yaml with every field empty; the new file as shown."""
    from cicmaroc.fmt.scaffold import scaffold_text
    from cicmaroc.models.kinds import FOLDERS

    if not SLUG.fullmatch(partner_id):
        raise NewFileError(f"'{partner_id}' is not a valid id: use lowercase letters, digits and hyphens, "
                           "named after the Belgian commune (e.g. la-hulpe, molenbeek-saint-jean).")
    if WINDOWS_RESERVED.fullmatch(partner_id):
        raise NewFileError(N_("'{id}' is a name Windows reserves for a device (CON, PRN, AUX, NUL, "
                              "COM0-COM9, LPT0-LPT9): a file {id}.yaml could not be opened there. Choose "
                              "another id, e.g. the Belgian commune's full name."), id=partner_id)
    target = _new_file(data_dir, "partners", partner_id, "Edit it, or choose another id.")
    header = [
        f"Partenariat {partner_id}: new file made by `cic new partner {partner_id}`.",
        "Fill in every field from the partner sheet, as printed: transcribe, never correct.",
        "`cic validate` reports each required field still empty, on its line; optional fields may",
        "stay empty or be deleted. The format, with an example: docs/data-format.md.",
    ]
    model = FOLDERS["partners"].model
    create_text(target, scaffold_text(model, header, {"id": partner_id}, {"local_communes": communes}))
    return display_path(target)


def new_monitoring(data_dir: Path, limits: Limits, year: int) -> str:
    """Create data/monitoring/YEAR.yaml with every reporter and each line it may report, commented
    out; the new file as shown."""
    from cicmaroc.fmt.scaffold import monitoring_scaffold_text
    from cicmaroc.loading.loader import load_programme

    programme, _findings = load_programme(data_dir, limits)
    _programme_year(programme, year)
    target = _new_file(data_dir, "monitoring", str(year), "Add the figures to it (or to another "
                       f"file of {year}, e.g. {year}-region.yaml).")
    if programme.logframe is None:
        raise NewFileError("data/logframe.yaml cannot be read, so the indicators are unknown: run "
                           "`cic validate` and fix what it reports first.")
    create_text(target, monitoring_scaffold_text(programme, year, f"cic new monitoring {year}"))
    return display_path(target)


def _new_file(data_dir: Path, folder_name: str, stem: str, advice: str) -> Path:
    """The file to create in `folder_name`; NewFileError if one is there."""
    folder = data_dir / folder_name
    target = folder / f"{stem}.yaml"
    for candidate in (target, folder / f"{stem}.yml"):
        if os.path.lexists(candidate):  # a dangling link counts: cic new never writes through one
            raise NewFileError(f"{display_path(candidate)} already exists; cic new never overwrites a file. "
                               f"{advice}")
    return target


def new_narrative(data_dir: Path, limits: Limits, year: int) -> str:
    """Create data/narrative/YEAR.yaml with an empty text for the summary, each result and indicator."""
    from cicmaroc.fmt.scaffold import narrative_scaffold_text

    programme, target = _year_file(data_dir, limits, year, "narrative", "logframe",
                                    "the results and indicators")
    create_text(target, narrative_scaffold_text(programme, year, f"cic new narrative {year}"))
    return display_path(target)


def new_risk_follow_up(data_dir: Path, limits: Limits, year: int) -> str:
    """Create data/risk-follow-up/YEAR.yaml with every risk of the table, commented out."""
    from cicmaroc.fmt.scaffold import risk_follow_up_scaffold_text

    programme, target = _year_file(data_dir, limits, year, "risk-follow-up", "risks", "the risks")
    create_text(target, risk_follow_up_scaffold_text(programme, year, f"cic new risk-follow-up {year}"))
    return display_path(target)


def _year_file(data_dir: Path, limits: Limits, year: int, folder: str, needs: str, what: str
               ) -> tuple[Programme, Path]:
    """The programme and the new file `folder/YEAR.yaml`; NewFileError for a bad year, a file already
    there, or a `needs` file (logframe, risks) that cannot be read."""
    from cicmaroc.loading.loader import load_programme

    programme, _findings = load_programme(data_dir, limits)
    _programme_year(programme, year)
    target = _new_file(data_dir, folder, str(year), "Edit it instead.")
    if getattr(programme, needs) is None:
        raise NewFileError(f"data/{needs}.yaml cannot be read (or is missing), so {what} are unknown: run "
                           "`cic validate` and fix what it reports first.")
    return programme, target


def _programme_year(programme: Programme, year: int) -> None:
    """NewFileError unless `year` is a year of the programme (data/programme.yaml's period)."""
    calendar = programme.calendar
    if calendar is None:
        raise NewFileError("data/programme.yaml cannot be read (or is missing), so the programme's years "
                           "are unknown: run `cic validate` and fix what it reports first.")
    if year not in calendar:
        raise NewFileError(f"{year} is not a programme year: the programme runs from {calendar.first} to "
                           f"{calendar.last}.")


def _partner(data_dir: Path, _limits: Limits, partner_id: str | int, communes: int) -> str:
    return new_partner(data_dir, str(partner_id), communes)


def _year(make: Callable[[Path, Limits, int], str]) -> Callable[[Path, Limits, str | int, int], str]:
    return lambda data_dir, limits, year, _communes: make(data_dir, limits, int(year))


#: Each kind of file `cic new` makes: (data folder, its limits, the id or year, the partner's
#: communes) -> the new file as shown.
NEW: dict[str, Callable[[Path, Limits, str | int, int], str]] = {
    "partner": _partner,
    "monitoring": _year(new_monitoring),
    "narrative": _year(new_narrative),
    "risk-follow-up": _year(new_risk_follow_up),
}
