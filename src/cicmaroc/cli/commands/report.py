"""`cic report --year YEAR`: the annual report as Markdown, HTML, Word or PDF, from the data and the
templates."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cicmaroc import api
from cicmaroc.cli.app import DataPath, Revision, console, option, print_out, refusals, usage_error


def report(
    year: Annotated[int, typer.Option("--year", "-y", help="The programme year to report on "
                                      "(a year of data/programme.yaml's period).", show_default=False)],
    path: DataPath = None,
    lang: Annotated[api.Language | None, typer.Option(
        "--lang", "-l", help="Language of the report: fr, nl or en (default: `lang` in cic.toml, else the "
        "LANG of the environment, else fr).", show_default=False)] = None,
    fmt: Annotated[api.ReportFormat, typer.Option(
        "--format", "-f", help="md: Markdown (default); html: one self-contained page that prints on "
        "A4; docx: a Word document; pdf: A4, printed by Chromium (needs chromium installed). "
        "docx and pdf need --output when printing to a terminal.")] = api.ReportFormat.md,
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
    since: Annotated[str | None, typer.Option(
        "--since", help="A git revision (tag, branch, commit): the data the donor received. Adds a section "
        "of what changed in the programme since then (figures, targets, readings), as cic diff compares "
        "them.", show_default=False)] = None,
    internal: Annotated[bool, typer.Option(
        "--internal", help="The team's edition: adds the open validation findings and the hints that "
        "name commands and ids. Without it, the donor's edition, which holds none.")] = False,
) -> None:
    """Write the annual report for a year: summary, results, budget execution, risks, annexes."""
    said_in = option(lang)
    with refusals(said_in, path), api.context(path, lang=said_in, rev=rev) as ctx:
        if output is None and fmt in (api.ReportFormat.docx, api.ReportFormat.pdf) and sys.stdout.isatty():
            usage_error(api.say(ctx.lang, "A {fmt} report is a binary file; write it with --output FILE "
                                "(e.g. -o report-{year}.{fmt}).", fmt=fmt.value, year=year))
        content = api.report(ctx, year, said_in, template, fmt=fmt.value, reference_docx=reference_docx,
                             internal=internal, since=since,
                             written_to=None if output is None else output.absolute().parent)
        if output is not None:
            api.write_output(output, content)
            said = api.say(ctx.lang, "Wrote the {year} report to {file}.", year=year, file=str(output))
            console(stderr=True).print(said, soft_wrap=True)
            return
    print_out(content)
