"""`cic status --year YEAR`: who has reported for a year, and what is still missing."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from cicmaroc.cli.app import EXIT_CLEAN, EXIT_FINDINGS, DataPath, console, data_error, usage_error


class Format(str, Enum):
    text = "text"
    json = "json"


def status(
    year: Annotated[int, typer.Option("--year", "-y", help="The programme year (2017-2021).",
                                      show_default=False)],
    path: DataPath = None,
    output_format: Annotated[Format, typer.Option(
        "--format", "-f", help="text: a table for the terminal; json: for scripts.")] = Format.text,
) -> None:
    """List, per partnership and reporter, what was expected for the year, what came in and what is
    missing (indicators, spending lines, sources), with a one-line summary. Exits 1 while anything
    is missing."""
    from cicmaroc import api

    try:
        found = api.status(path, year)
    except api.UsageError as exc:
        usage_error(str(exc))
    except api.DataError as exc:
        data_error(api.error_text(exc, None, "en", path))
    if output_format == Format.json:
        sys.stdout.write(api.status_json(found))
    else:
        out = console()
        if not out.is_terminal:
            out = console(width=200)
        out.print(api.status_table(found))
        out.print(api.status_summary(found), soft_wrap=True)
    raise typer.Exit(EXIT_FINDINGS if found["summary"]["late"] else EXIT_CLEAN)
