"""`cic init`: start a new programme's data folder, every file kind, TODO wherever the officers transcribe."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cicmaroc import api
from cicmaroc.cli.app import console, refusals


def init(
    folder: Annotated[Path, typer.Argument(
        metavar="[DIR]", help="The data folder to create (new, or empty). Default: ./data.",
        show_default=False)] = Path("data"),
    country: Annotated[str, typer.Option(
        "--country", "-c", metavar="CODE", help="The partner country's ISO 3166-1 alpha-2 code (SN).",
        show_default=False)] = ...,  # type: ignore[assignment]
    years: Annotated[str, typer.Option(
        "--years", "-y", metavar="FIRST-LAST",
        help="The programme's period, first and last year (2022-2026).",
        show_default=False)] = ...,  # type: ignore[assignment]
    lang: Annotated[str, typer.Option(
        "--lang", "-l", metavar="fr|nl", help="The language the programme's texts are written in (its "
        "primary language), and of what cic says here.")] = "fr",
) -> None:
    """Start a new programme: write every kind of data file, with TODO wherever the officers transcribe.

    `cic validate` then lists each TODO left (CIC014, CIC810) and nothing else. The year files
    (monitoring, narrative, risk follow-up) are made later by `cic new`, from the transcribed plan.
    """
    said_in = lang if lang in ("fr", "nl") else None
    with refusals(said_in):
        written = api.init(folder, country, years, lang)
    printer = console()
    for shown in written:
        printer.print(api.say(lang, "created {file}", file=shown), soft_wrap=True)
    printer.print(api.say(lang, "Replace every TODO with the value the document prints, then run "
                                "`cic validate {folder}`.", folder=str(folder)), soft_wrap=True)
