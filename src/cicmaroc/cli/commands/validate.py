"""`cic validate`: check every data file, report every problem at once."""

from __future__ import annotations

import sys
from enum import Enum
from typing import Annotated

import typer

from cicmaroc.cli.main import EXIT_CLEAN, EXIT_FINDINGS, DataPath, app, console, usage_error


class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


@app.command()
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
) -> None:
    """Check every data file and report every problem at once, with file and line."""
    from cicmaroc import api
    from cicmaroc.config import ConfigError, settings
    from cicmaroc.loading.loader import DataFolderNotFound, find_data_dir
    from cicmaroc.loading.stats import programme_stats
    from cicmaroc.output import Report, emitters

    try:
        data_dir = find_data_dir(path)
        config = settings(data_dir, max_file_size=max_file_size, select=select, ignore=ignore)
    except (DataFolderNotFound, ConfigError) as exc:
        usage_error(str(exc))
    programme, findings = api.validate(data_dir, config.limits(), config)
    report = Report(findings.items, programme_stats(programme), programme.sources, verbose)
    if output_format is OutputFormat.text:
        from cicmaroc.output.text import print_report

        print_report(report, console(), quiet=quiet)
    else:
        sys.stdout.write(emitters()[output_format.value](report))
    raise typer.Exit(EXIT_FINDINGS if report.failing() else EXIT_CLEAN)


