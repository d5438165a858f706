"""`cic forms --year YEAR`: a spreadsheet form per reporter, to send to the communes and partnerships."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cicmaroc import api
from cicmaroc.cli.app import DataPath, console, option, refusals


def forms(
    year: Annotated[int, typer.Option("--year", "-y", help="The programme year the forms collect "
                                      "(a year of data/programme.yaml's period).", show_default=False)],
    path: DataPath = None,
    out: Annotated[Path | None, typer.Option(
        "--output", "-o", help="The folder to write the forms into (created if needed; forms of the "
        "same name are replaced). Default: ./forms-YEAR.", show_default=False)] = None,
    lang: Annotated[api.Language | None, typer.Option(
        "--lang", "-l", help="Language of the forms and of what cic says: fr, nl or en. Default: each "
        "reporter's language (`lang` in its partner file, else the programme's); cic speaks as `lang` in "
        "cic.toml, else the LANG of the environment, else English.", show_default=False)] = None,
    reporter: Annotated[list[str] | None, typer.Option(
        "--reporter", "-r", help="Only this reporter's form (a commune, partnership or association id; "
        "repeat for several). Default: every reporter.", show_default=False)] = None,
    due: Annotated[str | None, typer.Option(
        "--due", metavar="DATE", show_default=False,
        help="The date the replies are due (YYYY-MM-DD): recorded in data/due-dates.yaml for the year (with "
             "--reporter, as those reporters' own date) and printed on each form. Default: the date "
             "recorded, if any.")] = None,
) -> None:
    """Write one Excel workbook per reporter for a year: its indicators and spending to fill in,
    checked as they are typed, with what is already recorded filled in and the date it is due.
    Send them; read the replies back with `cic import`."""
    said_in = option(lang)
    with refusals(said_in, path), api.context(path, lang=said_in) as ctx:
        day = api.day(due, "--due") if due is not None else None
        written = api.forms(ctx, year, out, said_in, reporter, day)
    out_console = console()
    for file in written:
        out_console.print(file, soft_wrap=True)
    console(stderr=True).print(api.say(ctx.lang, "Forms written for {year}: {count}. Send each to its "
                                       "reporter; import the replies with `cic import`.", year=year,
                                       count=len(written)), soft_wrap=True)
