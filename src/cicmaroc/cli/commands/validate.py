"""`cic validate`: check every data file, report every problem at once."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from cicmaroc.cli.app import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    DataPath,
    LangOption,
    OutputFormat,
    colour_system,
    console,
    usage_error,
)


def validate(
    path: DataPath = None,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="text for people, json for scripts, github for Actions "
        "annotations, sarif for code-scanning tools.")] = OutputFormat.text,
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
    lang: LangOption = None,
    write_waivers: Annotated[str | None, typer.Option(
        "--write-waivers", metavar="REASON",
        help="Append to data/waivers.yaml one waiver per open error or warning, each with this reason "
        "(never one twice), then check again. Edit each reason afterwards.", show_default=False)] = None,
) -> None:
    """Check every data file and report every problem at once, with file and line."""
    from cicmaroc import api

    try:
        run = api.validate(path, select=select, ignore=ignore, max_file_size=max_file_size)
        language = api.language(lang.value if lang else None, "en", run)
        if write_waivers is not None:
            written = api.write_waivers(run, write_waivers)
            where = api.display_path(run.data_dir / "waivers.yaml")
            said = api.say(language, "Waivers added to {file}: {count}. Edit each reason, then review.",
                           count=written, file=where)
            console(stderr=True).print(said)
            if written:
                run = api.validate(path, select=select, ignore=ignore, max_file_size=max_file_size)
    except api.UsageError as exc:
        usage_error(api.error_text(exc, lang.value if lang else None, "en", path))
    colour = colour_system() if output_format is OutputFormat.text else None
    sys.stdout.write(api.render_findings(run, output_format.value, verbose=verbose, quiet=quiet,
                                         colour=colour, lang=language))
    raise typer.Exit(EXIT_FINDINGS if run.failing else EXIT_CLEAN)
