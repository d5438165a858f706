"""`cic progress`: every figure of the report for a year, as tables in the terminal or as JSON."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from cicmaroc.cli.app import DataPath, LangOption, console, data_error, usage_error


class Format(str, Enum):
    text = "text"
    json = "json"


def progress(
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help="The programme year (2017-2021). Default: the latest year with "
        "monitoring, or 2017 when there is none.", show_default=False)] = None,
    path: DataPath = None,
    output_format: Annotated[Format, typer.Option(
        "--format", "-f", help="text: tables for the terminal; json: every figure for scripts "
        "(schema: docs/output-json.md).")] = Format.text,
    lang: LangOption = None,
) -> None:
    """Show every indicator's values (or their range), progress and status, the budget execution,
    each partnership's spending and each reporter's values and sources for a year."""
    from cicmaroc import api

    try:
        figures = api.progress(path, year)
        language = api.language(lang.value if lang else None, "en", path=path)
    except api.UsageError as exc:
        usage_error(api.error_text(exc, lang.value if lang else None, "en", path))
    except api.DataError as exc:
        data_error(api.error_text(exc, lang.value if lang else None, "en", path))
    if output_format == Format.json:
        sys.stdout.write(api.progress_json(figures))
        return
    out = console()
    if not out.is_terminal:  # a pipe or a file: no terminal width to respect, keep every cell whole
        out = console(width=240)
    for part in api.progress_tables(figures, language):
        out.print(part)  # cic's console never reads markup: notes are printed as written
        out.print()
