"""`cic progress`: every figure of the report for a year, as tables in the terminal or as JSON."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cicmaroc import api
from cicmaroc.cli.app import DataPath, LangOption, Revision, option, refusals, screen


def progress(
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help="The programme year (a year of data/programme.yaml's period). Default: the "
        "latest year with monitoring, or the first year when there is none.", show_default=False)] = None,
    path: DataPath = None,
    output_format: Annotated[api.ProgressFormat, typer.Option(
        "--format", "-f", help="text: tables for the terminal; json: every figure for scripts "
        "(schema: docs/output-json.md).")] = api.ProgressFormat.text,
    rev: Revision = None,
    lang: LangOption = None,
) -> None:
    """Show every indicator's values (or their range), progress and status, the budget execution,
    each partnership's spending and each reporter's values and sources for a year."""
    said_in = option(lang)
    with refusals(said_in, path), api.context(path, lang=said_in, rev=rev) as ctx:
        figures = api.progress(ctx, year)
    width, colour = screen() if output_format is api.ProgressFormat.text else (None, None)
    sys.stdout.write(api.render_progress(figures, output_format.value, ctx.lang, width=width, colour=colour))
