"""`cic evidence`: the evidence files of the monitoring: their SHA-256 recorded (`--record`), or a
year's files bundled for an auditor (`--year YEAR -o FILE.zip`)."""

from __future__ import annotations

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
    colour_system,
    console,
    option,
    refusals,
    usage_error,
)


def evidence(
    path: DataPath = None,
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help="Bundle this programme year's evidence files into the zip given with -o.",
        show_default=False)] = None,
    out: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE.zip", help="The zip to write (replaced in one step): the files and "
        "their manifest (manifest.csv, manifest.json).", show_default=False)] = None,
    record: Annotated[bool, typer.Option(
        "--record", help="Record in data/evidence.yaml the SHA-256 of each evidence file an entry names "
        "that has none yet.")] = False,
    replace: Annotated[bool, typer.Option(
        "--replace", help="With --record: record again the files changed since they were recorded (the new "
        "file is the right one; say why in the commit).")] = False,
    output_format: Annotated[api.FindingFormat, typer.Option(
        "--format", "-f", help="How the problems that stop a bundle are listed: text, json, github or sarif.")
    ] = api.FindingFormat.text,
    lang: LangOption = None,
) -> None:
    """Record the SHA-256 of the evidence files (--record), or bundle a year's evidence files for an
    auditor (--year YEAR -o FILE.zip): the files and a manifest (CSV and JSON) with the reporter,
    the indicator or spending line, the source, the path, the size and the SHA-256 of each. A
    missing, refused or changed file stops the bundle: nothing is written, exit 1."""
    said_in = option(lang)
    with refusals(said_in, path), api.context(path, lang=said_in) as ctx:
        language = ctx.lang
        bundling = year is not None
        if record == bundling or bundling != (out is not None) or (replace and not record):
            usage_error(api.say(language, "Give either --record (with --replace, if asked) or --year YEAR "
                                "with -o FILE.zip."))
        if record:
            done = api.record_evidence(ctx, replace=replace)
            err = console(stderr=True)
            for path_list, said in ((done.recorded, "Recorded: {files}."),
                                    (done.replaced, "Recorded again (--replace): {files}."),
                                    (done.changed, "Changed since they were recorded, left as they are "
                                                   "(see cic validate, CIC753; --replace records them "
                                                   "again): {files}.")):
                if path_list:
                    err.print(api.say(language, said, files=", ".join(path_list)), soft_wrap=True)
            if not (done.recorded or done.replaced or done.changed):
                err.print(api.say(language, "Every evidence file is recorded already."), soft_wrap=True)
            raise typer.Exit(EXIT_FINDINGS if done.changed else EXIT_CLEAN)
        assert year is not None and out is not None
        made = api.evidence_bundle(ctx, year, language)
    if made.data is None:
        colour = colour_system() if output_format is api.FindingFormat.text else None
        sys.stdout.write(api.render_listed(made.refused, output_format.value, colour=colour, lang=language,
                                           config=ctx.config))
        console(stderr=True).print(api.say(language, "No bundle was written: put the files right (above), "
                                           "then make it again."), soft_wrap=True)
        raise typer.Exit(EXIT_FINDINGS)
    with refusals(said_in, path):
        api.write_output(out, made.data)
    console(stderr=True).print(api.say(language, "Bundle written: {file}, {count} evidence files of {year} "
                                       "and their manifest.", file=str(out), year=year,
                                       count=len({row["path"] for row in made.rows})), soft_wrap=True)
