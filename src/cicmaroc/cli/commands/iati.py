"""`cic iati`: the programme as an IATI 2.03 activity file, and `--check FILE`.

Two modes on one command, so that officers find both where the IATI work is:
- `cic iati [PATH] [--as-of YEAR] [-o FILE]` writes the programme's activity file (docs/iati.md).
  While a value of data/iati.yaml is TODO, or if the file built fails its own check, it prints
  the findings, writes nothing and exits 1.
- `cic iati --check FILE [--as-of YEAR|DATE]` checks any IATI activity file, this programme's or
  another publisher's, and prints located findings in the formats of `cic validate`.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
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
    usage_error,
)


def iati(
    path: DataPath = None,
    check: Annotated[Path | None, typer.Option(
        "--check", metavar="FILE", show_default=False,
        help="Check this IATI activity file (any publisher's) against the official 2.03 schema, "
             "codelists and rules, and print what is wrong, with line numbers. Writes nothing.")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", metavar="YEAR|DATE", show_default=False,
        help="The date the file is judged at: nothing may be dated after it. A year means its last "
             "day (2019 is 2019-12-31); the export counts only the years ended by then. "
             "Default: today.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", show_default=False,
        help="Write the programme's IATI file here (replaced in one step; a pipe or a terminal is "
             "written into) instead of printing it.")] = None,
    output_format: Annotated[api.FindingFormat, typer.Option(
        "--format", "-f", help="How findings are printed (of --check, or why the export was refused): text "
        "for people, json for scripts, github for Actions annotations, sarif for code-scanning "
        "tools.")] = api.FindingFormat.text,
    quiet: Annotated[bool, typer.Option("--quiet", "-q",
                                        help="Text format: print findings only, no summary.")] = False,
    max_file_size: Annotated[int | None, typer.Option(
        "--max-file-size", min=1, show_default=False,
        help="With --check: refuse files larger than this many bytes (default 50 MiB), unread.")] = None,
    lang: LangOption = None,
    rev: Revision = None,
) -> None:
    """Write the programme as an IATI 2.03 activity file, or check any IATI file (--check FILE).

    The export is as of --as-of (default: today): only years ended by then count, for actuals
    and spending. Identifiers come from data/iati.yaml; while one is TODO nothing is written.
    """
    said_in = option(lang)
    try:
        day = api.as_of_date(as_of) if as_of is not None else None
    except ValueError as exc:
        usage_error(str(exc))
    if check is None:
        with refusals(said_in, path), api.context(path, lang=said_in, rev=rev) as ctx:
            _write(ctx, day or dt.date.today(), output, output_format, quiet)
        return
    with refusals(said_in):
        language = api.language(said_in, "en")
    if path is not None or output is not None or rev is not None:
        usage_error(api.say(language, "--check reads FILE and writes nothing: give it no data folder, no -o "
                            "and no --rev."))
    _check(check, day or dt.date.today(), output_format, quiet, max_file_size, language)


def _write(ctx: api.Context, as_of: dt.date, output: Path | None, output_format: api.FindingFormat,
           quiet: bool) -> None:
    result = api.export_iati(ctx, as_of)
    if result.xml is None:  # refused: say why, write nothing
        if output_format is api.FindingFormat.text and not quiet:
            console(stderr=True).print(api.say(ctx.lang, "Nothing was written: the programme cannot be "
                                                         "published in IATI until these are resolved."),
                                       soft_wrap=True)
        colour = colour_system() if output_format is api.FindingFormat.text else None
        sys.stdout.write(api.render_findings(result, output_format.value, quiet=quiet, colour=colour,
                                             lang=ctx.lang, config=ctx.config))
        raise typer.Exit(EXIT_FINDINGS)
    if output is None:
        sys.stdout.write(result.xml.decode("utf-8"))
        return
    api.write_output(output, result.xml.decode("utf-8"))
    if not quiet:
        wrote = api.say(ctx.lang, "Wrote the programme's IATI 2.03 activity file, as of {day}, to {file}; it "
                        "passes `cic iati --check`.", day=as_of.isoformat(), file=str(output))
        console(stderr=True).print(wrote, soft_wrap=True)


def _check(file: Path, as_of: dt.date, output_format: api.FindingFormat, quiet: bool,
           max_file_size: int | None, lang: str) -> None:
    if not file.exists() and not file.is_symlink():
        usage_error(api.say(lang, "There is no file {file}.", file=str(file)))
    if file.is_dir():
        usage_error(api.say(lang, "{file} is a folder; --check takes an IATI activity file.",
                            file=str(file)))
    result = api.check_iati(file, as_of, max_file_size)
    colour = None
    if output_format is api.FindingFormat.text:
        colour = colour_system()
        if not quiet and result.source is not None:  # it was read
            checked = api.say(lang, "Checked {file} against IATI 2.03 (schema, codelists, the Standard's "
                              "rules, its guidance) as of {day}; activities in the file: {activities}.",
                              file=result.file, day=result.as_of.isoformat(), activities=result.activities)
            console().print(checked, soft_wrap=True)
    sys.stdout.write(api.render_findings(result, output_format.value, quiet=quiet, colour=colour, lang=lang))
    raise typer.Exit(EXIT_FINDINGS if result.failing() else EXIT_CLEAN)
