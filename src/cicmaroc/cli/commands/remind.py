"""`cic remind --year YEAR [--as-of DATE] -o DIR`: reminders drafted for the reporters who are late or
incomplete, as e-mail files to open in a mail client; nothing is sent."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cicmaroc import api
from cicmaroc.cli.app import DataPath, LangOption, console, option, refusals


def remind(
    year: Annotated[int, typer.Option("--year", "-y", help="The programme year the replies are about "
                                      "(one of the programme's years).", show_default=False)],
    out: Annotated[Path, typer.Option(
        "--output", "-o", help="The folder to write the drafts into (created if needed; drafts of the same "
        "name are replaced): one <year>-<reporter>.eml each.", show_default=False)],
    path: DataPath = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="DATE", show_default=False,
        help="The day who is late is judged at (as cic status --as-of). Default: today.")] = None,
    sender: Annotated[str | None, typer.Option(
        "--from", metavar="ADDRESS", show_default=False,
        help="Who the reminders are from (suivi@example.org, or 'Suivi CIC <suivi@example.org>'). Default: "
             "mail-from in cic.toml.")] = None,
    lang: LangOption = None,
) -> None:
    """Draft a reminder for each reporter who is late or incomplete: an e-mail file (.eml) to the
    addresses of its partner file, in its language, saying what is missing and by when, with its
    form attached (filled with what came in). Nothing is sent: open the drafts in your mail client,
    check them and send them from there."""
    said_in = option(lang)
    with refusals(said_in, path), api.context(path, lang=said_in) as ctx:
        day = api.day(as_of, "--as-of", year=True) if as_of is not None else None
        made = api.remind(ctx, year, out, as_of=day, sender=sender)
    out_console = console()
    for file in made.written:
        out_console.print(file, soft_wrap=True)
    err = console(stderr=True)
    if made.no_address:
        err.print(api.say(ctx.lang, "No e-mail address in the partner files for {reporters}: their drafts "
                          "have no recipient; add it before sending.", reporters=", ".join(made.no_address)),
                  soft_wrap=True)
    if made.written:
        err.print(api.say(ctx.lang, "Reminders drafted for {year}: {count}, nothing sent. Open them in your "
                          "mail client, check them and send them.", year=year, count=len(made.written)),
                  soft_wrap=True)
    else:
        err.print(api.say(ctx.lang, "Nobody to remind for {year}: every reporter has replied in full, or is "
                          "not late yet.", year=year), soft_wrap=True)
