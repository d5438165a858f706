"""`cic import FILE...`: the filled forms back into data/monitoring/<year>.yaml."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cicmaroc import api
from cicmaroc.cli.app import EXIT_CLEAN, EXIT_FINDINGS, LangOption, colour_system, console, option, refusals


def import_forms(
    files: Annotated[list[Path], typer.Argument(help="The filled forms (.xlsx) to import.",
                                                metavar="FILE...", show_default=False)],
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help="The year the forms are for (a year of data/programme.yaml's period); a form of "
        "another year is refused. "
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
    received: Annotated[str | None, typer.Option(
        "--received", metavar="DATE", show_default=False,
        help="The day the replies came in (YYYY-MM-DD, e.g. the date of the e-mail), recorded beside each "
             "reporter's figures. Default: today.")] = None,
    output_format: Annotated[api.FindingFormat, typer.Option(
        "--format", "-f", help="How to list the problems: text, json, github or sarif.")
    ] = api.FindingFormat.text,
    lang: LangOption = None,
) -> None:
    """Read filled forms (made by `cic forms`) into the year's monitoring file, in `cic fmt`'s
    layout. Every problem is listed at its sheet and cell; nothing is written when there is an
    error (unless --partial), and a recorded figure is never changed without --replace."""
    said_in = option(lang)
    with refusals(said_in, data), api.context(data, lang=said_in) as ctx:
        day = api.day(received, "--received") if received is not None else None
        outcome = api.import_forms(ctx, files, year, dry_run=dry_run, replace=replace, partial=partial,
                                   received=day)
    language = ctx.lang
    colour = colour_system() if output_format is api.FindingFormat.text else None
    if outcome.findings or output_format is not api.FindingFormat.text:
        sys.stdout.write(api.render_import(outcome, output_format.value, colour=colour, lang=language,
                                           config=ctx.config))
    if dry_run and outcome.diff:
        sys.stdout.write(outcome.diff)
    if outcome.evidence:
        console(stderr=True).print(api.say(language, "Evidence files taken into data/evidence/: {files}.",
                                           files=", ".join(outcome.evidence)) if outcome.written else
                                   api.say(language, "Evidence files that would be taken into "
                                           "data/evidence/: {files}.", files=", ".join(outcome.evidence)),
                                   soft_wrap=True)
    if outcome.written:
        said = api.say(language, "Entries imported into {target}: {count}. Run `cic validate`, review with "
                       "`git diff`, and commit.", target=outcome.target, count=outcome.added)
    elif outcome.errors and not partial:
        said = api.say(language, "Nothing was written: correct the problems above (or use --partial).")
    elif outcome.errors and not outcome.added:
        said = api.say(language, "Nothing was written: correct the problems above.")
    elif dry_run and outcome.target:
        said = api.say(language, "Dry run: entries that would be imported into {target}: {count}; nothing "
                       "was written.", target=outcome.target, count=outcome.added)
    elif dry_run:
        said = api.say(language, "Dry run: entries that would be imported into the year's file: {count}; "
                       "nothing was written.", count=outcome.added)
    else:
        said = api.say(language, "Nothing new to import: every figure is already recorded.")
    console(stderr=True).print(said, soft_wrap=True)
    raise typer.Exit(EXIT_FINDINGS if outcome.errors else EXIT_CLEAN)
