"""`cic new partner ID`: start a new data file with every field and what goes in it."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated

import typer

from cicmaroc.cli.main import EXIT_CLEAN, app, console, usage_error

new_app = typer.Typer(
    name="new",
    help="Create a new data file with every field, empty, and a comment saying what goes there.",
    no_args_is_help=True,
)
app.add_typer(new_app)

SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # used with fullmatch: no trailing newline


@new_app.command("partner")
def new_partner(
    partner_id: Annotated[str, typer.Argument(
        metavar="ID", help="The partnership's id: the Belgian commune in lowercase with hyphens "
        "(la-hulpe); the file is data/partners/ID.yaml.", show_default=False)],
    data: Annotated[Path | None, typer.Option(
        "--data", help="The data folder (or a repository holding data/). Default: ./data, looked "
        "for in the current folder and its parents.", show_default=False)] = None,
    communes: Annotated[int, typer.Option(
        "--communes", min=1, max=2, help="How many Moroccan communes the partnership has (1 or 2).")] = 1,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Start data/partners/ID.yaml: every field empty, with a comment saying what goes there."""
    from cicmaroc.files.writing import WriteError, create_text
    from cicmaroc.fmt.scaffold import scaffold_text
    from cicmaroc.loading.loader import FOLDERS

    if not SLUG.fullmatch(partner_id):
        usage_error(f"'{partner_id}' is not a valid id: use lowercase letters, digits and hyphens, "
                    "named after the Belgian commune (e.g. la-hulpe, molenbeek-saint-jean).")
    _, target, shown = _new_file(data, "partners", partner_id, "Edit it, or choose another id.")
    header = [
        f"Partenariat {partner_id}: new file made by `cic new partner {partner_id}`.",
        "Fill in every field from the partner sheet, as printed: transcribe, never correct.",
        "`cic validate` reports each required field still empty, on its line; optional fields may",
        "stay empty or be deleted. The format, with an example: docs/data-format.md.",
    ]
    model = FOLDERS["partners"][1]
    text = scaffold_text(model, header, {"id": partner_id}, {"moroccan_communes": communes})
    try:
        create_text(target, text)
    except WriteError as exc:
        usage_error(str(exc))
    if not quiet:
        console().print(
            f"created {shown}: fill in each TODO, then run `cic validate`.", soft_wrap=True)
    raise typer.Exit(EXIT_CLEAN)


@new_app.command("monitoring")
def new_monitoring(
    year: Annotated[int, typer.Argument(
        metavar="YEAR", help="The programme year (2017-2021); the file is data/monitoring/YEAR.yaml.",
        show_default=False)],
    data: Annotated[Path | None, typer.Option(
        "--data", help="The data folder (or a repository holding data/). Default: ./data, looked "
        "for in the current folder and its parents.", show_default=False)] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")] = False,
) -> None:
    """Start data/monitoring/YEAR.yaml: every reporter, and each line it may report, commented out."""
    from cicmaroc.config import ConfigError, settings
    from cicmaroc.files.writing import WriteError, create_text
    from cicmaroc.fmt.scaffold import monitoring_scaffold_text
    from cicmaroc.loading.loader import load_programme
    from cicmaroc.models.common import PROGRAMME_YEARS

    if year not in PROGRAMME_YEARS:
        usage_error(f"{year} is not a programme year: the programme runs from {PROGRAMME_YEARS[0]} "
                    f"to {PROGRAMME_YEARS[-1]}.")
    data_dir, target, shown = _new_file(data, "monitoring", str(year), "Add the figures to it (or to "
                                        f"another file of {year}, e.g. {year}-region.yaml).")
    try:
        limits = settings(data_dir).limits()
    except ConfigError as exc:
        usage_error(str(exc))
    programme, _findings = load_programme(data_dir, limits)
    if programme.logframe is None:
        usage_error("data/logframe.yaml cannot be read, so the indicators are unknown: run "
                    "`cic validate` and fix what it reports first.")
    text = monitoring_scaffold_text(programme, year, f"cic new monitoring {year}")
    try:
        create_text(target, text)
    except WriteError as exc:
        usage_error(str(exc))
    if not quiet:
        console().print(f"created {shown}: uncomment what each reporter reports, replace "
                        "the TODOs, then run `cic validate`.", soft_wrap=True)
    raise typer.Exit(EXIT_CLEAN)


def _new_file(data: Path | None, folder_name: str, stem: str, advice: str) -> tuple[Path, Path, str]:
    """The data folder, the file to create in `folder_name`, and its shown path; exit 2 if it exists."""
    from cicmaroc.loading.loader import DataFolderNotFound, display_path, find_data_dir

    try:
        data_dir = find_data_dir(data)
    except DataFolderNotFound as exc:
        usage_error(str(exc))
    folder = data_dir / folder_name
    target = folder / f"{stem}.yaml"
    shown = display_path(target)
    for candidate in (target, folder / f"{stem}.yml"):
        if os.path.lexists(candidate):  # a dangling link counts: cic new never writes through one
            usage_error(f"{display_path(candidate)} already exists; cic new never overwrites a file. "
                        f"{advice}")
    return data_dir, target, shown
