"""`cic progress`: every figure of the report for a year, as tables in the terminal or as JSON."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from cicmaroc.cli.main import EXIT_FINDINGS, DataPath, app, console, usage_error


class Format(str, Enum):
    text = "text"
    json = "json"


@app.command()
def progress(
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help="The programme year (2017-2021). Default: the latest year with "
        "monitoring, or 2017 when there is none.", show_default=False)] = None,
    path: DataPath = None,
    output_format: Annotated[Format, typer.Option(
        "--format", "-f", help="text: tables for the terminal; json: every figure for scripts "
        "(schema: docs/output-json.md).")] = Format.text,
) -> None:
    """Show every indicator's values (or their range), progress and status, the budget execution,
    each partnership's spending and each reporter's values and sources for a year."""
    from cicmaroc import api
    from cicmaroc.config import ConfigError
    from cicmaroc.loading.loader import DataFolderNotFound
    from cicmaroc.report import ReportDataError, ReportError
    from cicmaroc.report.progress_output import as_json, tables

    try:
        figures = api.progress(path, year)
    except (ReportError, DataFolderNotFound, ConfigError) as exc:
        usage_error(str(exc))
    except ReportDataError as exc:
        typer.echo(f"cic: {exc}", err=True)
        raise typer.Exit(EXIT_FINDINGS) from None
    if output_format == Format.json:
        sys.stdout.write(as_json(figures))
        return
    out = console()
    if not out.is_terminal:  # a pipe or a file: no terminal width to respect, keep every cell whole
        out = console(width=240)
    for part in tables(figures):
        out.print(part)  # cic's console never reads markup: notes are printed as written
        out.print()
