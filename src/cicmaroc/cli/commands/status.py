"""`cic status --year YEAR`: who has reported for a year, and what is still missing."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cicmaroc import api
from cicmaroc.cli.app import EXIT_CLEAN, EXIT_FINDINGS, DataPath, LangOption, option, refusals, screen


def status(
    year: Annotated[int, typer.Option("--year", "-y",
                                      help="The programme year (a year of data/programme.yaml's period).",
                                      show_default=False)],
    path: DataPath = None,
    output_format: Annotated[api.StatusFormat, typer.Option(
        "--format", "-f", help="text: a table for the terminal; json: for scripts.")] = api.StatusFormat.text,
    lang: LangOption = None,
) -> None:
    """List, per partnership and reporter, what was expected for the year, what came in and what is
    missing (indicators, spending lines, sources), with a one-line summary. Exits 1 while anything
    is missing."""
    said_in = option(lang)
    with refusals(said_in, path), api.context(path, lang=said_in) as ctx:
        found = api.status(ctx, year)
    width, colour = screen() if output_format is api.StatusFormat.text else (None, None)
    sys.stdout.write(api.render_status(found, output_format.value, ctx.lang, width=width, colour=colour))
    raise typer.Exit(EXIT_FINDINGS if found["summary"]["late"] else EXIT_CLEAN)
