"""`cic progress`: every figure of the report for a year, as tables in the terminal or as JSON."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cicmaroc import api
from cicmaroc.cli.app import DataPath, LangOption, Revision, option, print_out, refusals, screen, usage_error


def progress(
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help="The programme year (a year of data/programme.yaml's period). Default: the "
        "latest year with monitoring, or the first year when there is none.", show_default=False)] = None,
    path: DataPath = None,
    output_format: Annotated[api.ProgressFormat, typer.Option(
        "--format", "-f", help="text: tables for the terminal; json: every figure for scripts "
        "(schema: docs/output-json.md); xlsx: the all-years table as a spreadsheet (implies "
        "--all-years; needs --output).")] = api.ProgressFormat.text,
    all_years: Annotated[bool, typer.Option(
        "--all-years", help="Every year from the first to --year side by side (an indicator performance "
        "tracking table): each year's value, each milestone's target, value and verdict.")] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write to this file (replaced in one step) instead of printing it.",
        show_default=False)] = None,
    rev: Revision = None,
    lang: LangOption = None,
) -> None:
    """Show every indicator's values (or their range), progress and status, the budget execution,
    each partnership's spending and each reporter's values and sources for a year."""
    said_in = option(lang)
    spreadsheet = output_format is api.ProgressFormat.xlsx
    with refusals(said_in, path), api.context(path, lang=said_in, rev=rev) as ctx:
        if spreadsheet and output is None and sys.stdout.isatty():
            usage_error(api.say(ctx.lang, "A {fmt} table is a binary file; write it with --output FILE "
                                "(e.g. -o progress.{fmt}).", fmt=output_format.value))
        figures = api.progress(ctx, year, all_years=all_years or spreadsheet)
        to_screen = output_format is api.ProgressFormat.text and output is None
        width, colour = screen() if to_screen else (None, None)
        content = api.render_progress(figures, output_format.value, ctx.lang, width=width, colour=colour)
        if output is not None:
            api.write_output(output, content)
            return
    print_out(content)
