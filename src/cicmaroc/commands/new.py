"""`cic new partner ID`: start a new data file with every field and what goes in it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from cicmaroc.cli import EXIT_CLEAN, app, console, usage_error

new_app = typer.Typer(
    name="new",
    help="Create a new data file with every field, empty, and a comment saying what goes there.",
    no_args_is_help=True,
)
app.add_typer(new_app)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


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
    from cicmaroc.atomic import write_text_atomic
    from cicmaroc.loading import FOLDERS, DataFolderNotFound, display_path, find_data_dir
    from cicmaroc.scaffold import scaffold_text

    if not SLUG.match(partner_id):
        usage_error(f"'{partner_id}' is not a valid id: use lowercase letters, digits and hyphens, "
                    "named after the Belgian commune (e.g. la-hulpe, molenbeek-saint-jean).")
    try:
        data_dir = find_data_dir(data)
    except DataFolderNotFound as exc:
        usage_error(str(exc))
    folder = data_dir / "partners"
    target = folder / f"{partner_id}.yaml"
    shown = display_path(target)
    if target.exists() or (folder / f"{partner_id}.yml").exists():
        usage_error(f"{shown} already exists; cic new never overwrites a file. Edit it, or choose "
                    "another id.")
    header = [
        f"Partenariat {partner_id}: new file made by `cic new partner {partner_id}`.",
        "Fill in every field from the partner sheet, as printed: transcribe, never correct.",
        "`cic validate` reports each required field still empty, on its line; optional fields may",
        "stay empty or be deleted. The format, with an example: docs/data-format.md.",
    ]
    model = FOLDERS["partners"][1]
    text = scaffold_text(model, header, {"id": partner_id}, {"moroccan_communes": communes})
    folder.mkdir(parents=True, exist_ok=True)
    write_text_atomic(target, text)
    if not quiet:
        console().print(
            f"created {escape(shown)}: fill in each TODO, then run `cic validate`.", soft_wrap=True)
    raise typer.Exit(EXIT_CLEAN)
