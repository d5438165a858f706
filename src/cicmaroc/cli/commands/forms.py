"""`cic forms --year YEAR`: a spreadsheet form per reporter, to send to the communes and partnerships."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cicmaroc.cli.app import DataPath, Language, console, data_error, usage_error


def forms(
    year: Annotated[int, typer.Option("--year", "-y", help="The programme year the forms collect "
                                      "(2017-2021).", show_default=False)],
    path: DataPath = None,
    out: Annotated[Path | None, typer.Option(
        "--output", "-o", help="The folder to write the forms into (created if needed; forms of the "
        "same name are replaced). Default: ./forms-YEAR.", show_default=False)] = None,
    lang: Annotated[Language, typer.Option("--lang", "-l", help="Language of the forms: fr "
                                           "(default), nl or en.")] = Language.fr,
    reporter: Annotated[list[str] | None, typer.Option(
        "--reporter", "-r", help="Only this reporter's form (a commune, partnership or association id; "
        "repeat for several). Default: every reporter.", show_default=False)] = None,
) -> None:
    """Write one Excel workbook per reporter for a year: its indicators and spending to fill in,
    checked as they are typed, with what is already recorded filled in. Send them; read the
    replies back with `cic import`."""
    from cicmaroc import api

    try:
        written = api.forms(path, year, out, lang.value, reporter)
    except api.UsageError as exc:
        usage_error(str(exc))
    except api.DataError as exc:
        data_error(api.error_text(exc, None, "en", path))  # the officer's language, not the forms'
    out_console = console()
    for file in written:
        out_console.print(file, soft_wrap=True)
    console(stderr=True).print(f"Wrote {len(written)} form{'s' * (len(written) != 1)} for {year}. Send "
                               "each to its reporter; import the replies with `cic import`.", soft_wrap=True)
