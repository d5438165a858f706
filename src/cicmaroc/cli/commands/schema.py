"""`cic schema`: write the JSON Schemas that editors use to check data files while typing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cicmaroc import api
from cicmaroc.cli.app import EXIT_CLEAN, EXIT_FINDINGS, LangOption, console, option, refusals


def schema(
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="The folder to write <kind>.schema.json files into (created if needed).",
        file_okay=False)] = Path("schemas"),
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 and list the schema files that are missing or out "
        "of date with the models (for CI).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing when all is well.")] = False,
    lang: LangOption = None,
) -> None:
    """Write a JSON Schema per kind of data file, for editors (VS Code's YAML extension) and CI."""
    said_in = option(lang)
    with refusals(said_in):
        language = api.language(said_in, "en")
    printer = console()
    if check:
        stale = api.stale_schemas(out)
        for shown in stale:
            printer.print(api.say(language, "{file} is out of date or missing.", file=shown), soft_wrap=True)
        if stale:
            printer.print(api.say(language, "Run `cic schema` to regenerate the schemas from the models, and "
                                  "commit them."), soft_wrap=True)
            raise typer.Exit(EXIT_FINDINGS)
        if not quiet:
            printer.print(api.say(language, "The schemas in {folder} are up to date.",
                                  folder=api.display_path(out)), soft_wrap=True)
        raise typer.Exit(EXIT_CLEAN)
    with refusals(said_in):
        written = api.write_schemas(out)
    if not quiet:
        for shown, files in written:
            printer.print(api.say(language, "wrote {file}  (for data/{files})", file=shown, files=files),
                          soft_wrap=True)
