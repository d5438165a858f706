"""`cic iati`: the programme as an IATI 2.03 activity file (to come), and `--check FILE` (done).

Two modes on one command, so that officers find both where the IATI work is:
- `cic iati [PATH] [--as-of YEAR] [-o FILE]` writes the programme's activity file. Not built
  yet (issue 14, second part): it says so and exits 2, writing nothing.
- `cic iati --check FILE [--as-of YEAR|DATE]` checks any IATI activity file, this programme's or
  another publisher's, and prints located findings in the formats of `cic validate`.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from cicmaroc.cli.app import (
    EXIT_CLEAN,
    EXIT_FINDINGS,
    DataPath,
    OutputFormat,
    colour_system,
    console,
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
             "day (2019 is 2019-12-31). Default with --check: today.")] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", show_default=False,
        help="Where to write the programme's IATI file (the writing mode, not available yet).")] = None,
    output_format: Annotated[OutputFormat, typer.Option(
        "--format", "-f", help="With --check: text for people, json for scripts, github for Actions "
        "annotations, sarif for code-scanning tools.")] = OutputFormat.text,
    quiet: Annotated[bool, typer.Option("--quiet", "-q",
                                        help="Text format: print findings only, no summary.")] = False,
    max_file_size: Annotated[int | None, typer.Option(
        "--max-file-size", min=1, show_default=False,
        help="With --check: refuse files larger than this many bytes (default 50 MiB), unread.")] = None,
) -> None:
    """Check an IATI 2.03 activity file (--check FILE); writing the programme's comes later."""
    from cicmaroc import api

    try:
        day = api.as_of_date(as_of) if as_of is not None else None
    except ValueError as exc:
        usage_error(str(exc))
    if check is None:
        _write(path, day, output)
        return
    if path is not None or output is not None:
        usage_error("--check reads FILE and writes nothing: give it no data folder and no -o.")
    _check(check, day or dt.date.today(), output_format, quiet, max_file_size)


def _write(path: Path | None, as_of: dt.date | None, output: Path | None) -> None:
    """TODO(issue 14, second part): export the programme at `path` as IATI 2.03 to `output`.

    To come after the architecture refactor and the indicator-status work: read the programme
    and data/iati.yaml, refuse (exit 1, one finding per missing publisher value) while a value
    is TODO, build the file, run `iati.check.check_bytes` on it, write it atomically.
    """
    usage_error("Writing the programme as an IATI file is not available yet. "
                "`cic iati --check FILE` checks an IATI activity file.")


def _check(file: Path, as_of: dt.date, output_format: OutputFormat, quiet: bool,
           max_file_size: int | None) -> None:
    from cicmaroc import api

    if not file.exists() and not file.is_symlink():
        usage_error(f"There is no file {file}.")
    if file.is_dir():
        usage_error(f"{file} is a folder; --check takes an IATI activity file.")
    result = api.check_iati(file, as_of, max_file_size)
    colour = None
    if output_format is OutputFormat.text:
        colour = colour_system()
        if not quiet and result.source is not None:  # it was read
            activities = f"{result.activities} activit{'y' if result.activities == 1 else 'ies'}"
            console().print(f"Checked {result.file} ({activities}) against IATI 2.03 (schema, codelists, "
                            f"the Standard's rules) as of {result.as_of.isoformat()}.", soft_wrap=True)
    sys.stdout.write(api.render_findings(result, output_format.value, quiet=quiet, colour=colour))
    raise typer.Exit(EXIT_FINDINGS if result.failing() else EXIT_CLEAN)
