"""`cic validate`: check every data file, report every problem at once."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cicmaroc import api
from cicmaroc.cli.app import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    DataPath,
    LangOption,
    Revision,
    colour_system,
    console,
    option,
    refusals,
)


def validate(
    path: DataPath = None,
    output_format: Annotated[api.FindingFormat, typer.Option(
        "--format", "-f", help="text for people, json for scripts, github for Actions "
        "annotations, sarif for code-scanning tools.")] = api.FindingFormat.text,
    verbose: Annotated[bool, typer.Option("--verbose", "-v",
                                          help="Also show waived findings.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q",
                                        help="Text format: print findings only, no summary.")] = False,
    select: Annotated[list[str] | None, typer.Option(
        "--select", help="Only these rule codes or prefixes (repeatable): --select CIC1 --select CIC201."
    )] = None,
    ignore: Annotated[list[str] | None, typer.Option(
        "--ignore", help="Leave out these rule codes or prefixes (repeatable): --ignore CIC6.")] = None,
    max_file_size: Annotated[int | None, typer.Option(
        "--max-file-size", help="Refuse data files larger than this many bytes (default 2 MiB), "
        "without reading them.", min=1)] = None,
    rev: Revision = None,
    lang: LangOption = None,
    write_waivers: Annotated[str | None, typer.Option(
        "--write-waivers", metavar="REASON",
        help="Append to data/waivers.yaml one waiver per open error or warning, each with this reason "
        "(never one twice), then check again. Edit each reason afterwards.", show_default=False)] = None,
) -> None:
    """Check every data file and report every problem at once, with file and line."""
    said_in = option(lang)
    with refusals(said_in, path), api.context(path, lang=said_in, rev=rev, max_file_size=max_file_size,
                                              select=select, ignore=ignore) as ctx:
        run = api.validate(ctx)
        if write_waivers is not None and rev is not None:
            raise api.UsageError("--write-waivers writes to the working tree: it cannot be used with --rev.")
        if write_waivers is not None:
            written = api.write_waivers(run, write_waivers)
            where = api.display_path(run.data_dir / "waivers.yaml")
            said = api.say(ctx.lang, "Waivers added to {file}: {count}. Edit each reason, then review.",
                           count=written, file=where)
            console(stderr=True).print(said)
            if written:
                run = api.validate(ctx)
    colour = colour_system() if output_format is api.FindingFormat.text else None
    sys.stdout.write(api.render_findings(run, output_format.value, verbose=verbose, quiet=quiet,
                                         colour=colour, lang=ctx.lang))
    raise typer.Exit(EXIT_FINDINGS if run.failing else EXIT_CLEAN)
