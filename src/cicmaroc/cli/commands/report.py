"""`cic report --year YEAR`: the annual report as Markdown, HTML, Word or PDF, from the data and the
templates."""

from __future__ import annotations

import sys
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from cicmaroc.cli.app import DataPath, Language, Revision, console, data_error, usage_error


class ReportFormat(str, Enum):
    md = "md"
    html = "html"
    docx = "docx"
    pdf = "pdf"


def report(
    year: Annotated[int, typer.Option("--year", "-y", help="The programme year to report on "
                                      "(2017-2021).", show_default=False)],
    path: DataPath = None,
    lang: Annotated[Language | None, typer.Option(
        "--lang", "-l", help="Language of the report: fr, nl or en (default: `lang` in cic.toml, else the "
        "LANG of the environment, else fr).", show_default=False)] = None,
    fmt: Annotated[ReportFormat, typer.Option(
        "--format", "-f", help="md: Markdown (default); html: one self-contained page that prints on "
        "A4; docx: a Word document; pdf: A4, printed by Chromium (needs chromium installed). "
        "docx and pdf need --output when printing to a terminal.")] = ReportFormat.md,
    template: Annotated[Path | None, typer.Option(
        "--template", "-t", help="Use this Jinja2 template instead of templates/report.md.j2 "
        "(its folder is searched first for included files).", show_default=False)] = None,
    reference_docx: Annotated[Path | None, typer.Option(
        "--reference-docx", help="With --format docx: take the styles, page size and margins from "
        "this Word document, the way a Word template is used.", show_default=False)] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="Write the report to this file (replaced in one step; a pipe or a "
        "terminal is written into) instead of printing it.", show_default=False)] = None,
    rev: Revision = None,
) -> None:
    """Write the annual report for a year: summary, results, budget execution, risks, annexes."""
    from cicmaroc import api

    if output is None and fmt in (ReportFormat.docx, ReportFormat.pdf) and sys.stdout.isatty():
        language = api.language(lang.value if lang else None, "en", path=path)
        usage_error(api.say(language, "A {fmt} report is a binary file; write it with --output FILE "
                            "(e.g. -o report-{year}.{fmt}).", fmt=fmt.value, year=year))
    try:
        content = api.report(path, year, lang.value if lang else None, template, rev=rev, fmt=fmt.value,
                             reference_docx=reference_docx)
    except api.UsageError as exc:
        usage_error(api.error_text(exc, lang.value if lang else None, "en", path))
    except api.DataError as exc:
        data_error(api.error_text(exc, lang.value if lang else None, "en", path))
    if output is None:
        if isinstance(content, bytes):
            sys.stdout.buffer.write(content)
            sys.stdout.buffer.flush()
        else:
            sys.stdout.write(content)
        return
    try:
        api.write_output(output, content)
    except api.UsageError as exc:
        usage_error(api.error_text(exc, lang.value if lang else None, "en", path))
    language = api.language(lang.value if lang else None, "en", path=path)
    said = api.say(language, "Wrote the {year} report to {file}.", year=year, file=str(output))
    console(stderr=True).print(said, soft_wrap=True)
