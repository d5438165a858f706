"""`cic status --year YEAR [--as-of DATE]`: who has reported for a year, when, what is still missing,
and who is late."""

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
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", show_default=False,
        help="The day the state is judged at: a reporter is late once its due date (data/due-dates.yaml) "
             "has passed by then. A year means its last day. Default: today.")] = None,
    lang: LangOption = None,
) -> None:
    """List, per partnership and reporter, when its reply was due and came in, what was expected for
    the year, what came in and what is missing (indicators, spending lines, sources), and its state
    (complete, incomplete, not reported, late), with a summary. Exits 1 while anything is missing."""
    said_in = option(lang)
    with refusals(said_in, path), api.context(path, lang=said_in) as ctx:
        day = api.day(as_of, "--as-of", year=True) if as_of is not None else None
        found = api.status(ctx, year, day)
    width, colour = screen() if output_format is api.StatusFormat.text else (None, None)
    sys.stdout.write(api.render_status(found, output_format.value, ctx.lang, width=width, colour=colour))
    raise typer.Exit(EXIT_FINDINGS if found["summary"]["incomplete"] else EXIT_CLEAN)
