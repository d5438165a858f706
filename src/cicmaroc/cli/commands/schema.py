"""`cic schema`: write the JSON Schemas that editors use to check data files while typing."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cicmaroc.cli.main import EXIT_CLEAN, EXIT_FINDINGS, app, console, usage_error


@app.command()
def schema(
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="The folder to write <kind>.schema.json files into (created if needed).",
        file_okay=False)] = Path("schemas"),
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 and list the schema files that are missing or out "
        "of date with the models (for CI).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing when all is well.")] = False,
) -> None:
    """Write a JSON Schema per kind of data file, for editors (VS Code's YAML extension) and CI."""
    from cicmaroc.loading.loader import display_path
    from cicmaroc.models.schema import export_schemas, kinds, schema_filename, stale_schemas

    printer = console()
    if check:
        stale = stale_schemas(out)
        for path in stale:
            printer.print(f"{display_path(path)} is out of date or missing.", soft_wrap=True)
        if stale:
            printer.print("Run `cic schema` to regenerate the schemas from the models, and commit them.")
            raise typer.Exit(EXIT_FINDINGS)
        if not quiet:
            printer.print(f"The schemas in {display_path(out)} are up to date.", soft_wrap=True)
        raise typer.Exit(EXIT_CLEAN)
    from cicmaroc.files.writing import WriteError

    try:
        written = export_schemas(out)
    except WriteError as exc:
        usage_error(str(exc))
    if not quiet:
        files = {schema_filename(kind): glob for kind, (_model, glob) in kinds().items()}
        for path in written:
            printer.print(f"wrote {display_path(path)}  (for data/{files[path.name]})",
                          soft_wrap=True)
