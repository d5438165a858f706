"""`cic import FILE...`: the filled forms back into data/monitoring/<year>.yaml."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cicmaroc.cli.app import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    LangOption,
    OutputFormat,
    colour_system,
    console,
    data_error,
    usage_error,
)


def import_forms(
    files: Annotated[list[Path], typer.Argument(help="The filled forms (.xlsx) to import.",
                                                metavar="FILE...", show_default=False)],
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help="The year the forms are for (2017-2021); a form of another year is refused. "
        "Default: the year the forms say.", show_default=False)] = None,
    data: Annotated[Path | None, typer.Option(
        "--data", "-d", help="The data folder. Default: ./data, looked for in the current folder and "
        "its parents.", show_default=False)] = None,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", "-n", help="Write nothing; print the change to the year's file as a diff.")] = False,
    replace: Annotated[bool, typer.Option(
        "--replace", help="Replace a figure already recorded when the form gives another (each "
        "change is listed). Without it, such a figure is refused.")] = False,
    partial: Annotated[bool, typer.Option(
        "--partial", help="Import the entries without errors even when others have some (those are "
        "left out and listed).")] = False,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="How to list the problems: text, json, github or sarif.")] = OutputFormat.text,
    lang: LangOption = None,
) -> None:
    """Read filled forms (made by `cic forms`) into the year's monitoring file, in `cic fmt`'s
    layout. Every problem is listed at its sheet and cell; nothing is written when there is an
    error (unless --partial), and a recorded figure is never changed without --replace."""
    from cicmaroc import api

    try:
        language = api.language(lang.value if lang else None, "en", path=data)
        outcome = api.import_forms(data, files, year, dry_run=dry_run, replace=replace, partial=partial)
    except api.UsageError as exc:
        usage_error(str(exc))
    except api.DataError as exc:
        data_error(api.error_text(exc, lang.value if lang else None, "en", data))
    colour = colour_system() if output_format == OutputFormat.text else None
    if outcome.findings or output_format != OutputFormat.text:
        sys.stdout.write(api.render_import(outcome, output_format.value, colour=colour, lang=language))
    if dry_run and outcome.diff:
        sys.stdout.write(outcome.diff)
    err = console(stderr=True)
    entries = f"{outcome.added} entr{'ies' if outcome.added != 1 else 'y'}"
    if outcome.written:
        err.print(f"Imported {entries} into {outcome.target}. "
                  "Run `cic validate`, review with `git diff`, and commit.", soft_wrap=True)
    elif outcome.errors and not partial:
        err.print("Nothing was written: correct the problems above (or use --partial).", soft_wrap=True)
    elif outcome.errors and not outcome.added:
        err.print("Nothing was written: correct the problems above.", soft_wrap=True)
    elif dry_run:
        err.print(f"Dry run: {entries} would be imported into "
                  f"{outcome.target or 'the year file'}; nothing was written.", soft_wrap=True)
    else:
        err.print("Nothing new to import: every figure is already recorded.", soft_wrap=True)
    raise typer.Exit(EXIT_FINDINGS if outcome.errors else EXIT_CLEAN)
