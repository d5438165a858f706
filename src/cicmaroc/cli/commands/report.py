"""`cic report --year YEAR`: the annual report in Markdown, from the data and the templates."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cicmaroc.cli.app import DataPath, Language, console, data_error, usage_error


def report(
    year: Annotated[int, typer.Option("--year", "-y", help="The programme year to report on "
                                      "(2017-2021).", show_default=False)],
    path: DataPath = None,
    lang: Annotated[Language | None, typer.Option(
        "--lang", "-l", help="Language of the report: fr, nl or en (default: `lang` in cic.toml, else the "
        "LANG of the environment, else fr).", show_default=False)] = None,
    template: Annotated[Path | None, typer.Option(
        "--template", "-t", help="Use this Jinja2 template instead of templates/report.md.j2 "
        "(its folder is searched first for included files).", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the report to this file (replaced in one step; a pipe or a "
        "terminal is written into) instead of printing it.", show_default=False)] = None,
) -> None:
    """Write the annual report for a year: plan, budget execution, indicators, findings."""
    from cicmaroc import api

    try:
        text = api.report(path, year, lang.value if lang else None, template)
    except api.UsageError as exc:
        usage_error(api.error_text(exc, lang.value if lang else None, "en", path))
    except api.DataError as exc:
        data_error(api.error_text(exc, lang.value if lang else None, "en", path))
    if output is None:
        sys.stdout.write(text)
        return
    try:
        api.write_output(output, text)
    except api.UsageError as exc:
        usage_error(api.error_text(exc, lang.value if lang else None, "en", path))
    language = api.language(lang.value if lang else None, "en", path=path)
    said = api.say(language, "Wrote the {year} report to {file}.", year=year, file=str(output))
    console(stderr=True).print(said, soft_wrap=True)
