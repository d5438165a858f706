"""`cic diff [REV_A] [REV_B] [PATH]`: what a change of the data does to the programme."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from cicmaroc import api
from cicmaroc.cli.app import EXIT_CLEAN, EXIT_FINDINGS, LangOption, option, refusals, usage_error


def diff(
    arguments: Annotated[list[str] | None, typer.Argument(
        metavar="[REV_A] [REV_B] [PATH]",
        help="The older revision (default: where HEAD left the main branch), the newer one "
             "(default: the working tree), and the data folder (default: ./data found upwards). "
             "A last argument naming a folder of the working tree is the data folder.",
        show_default=False)] = None,
    output_format: Annotated[api.DiffFormat, typer.Option(
        "--format", "-f", help="text for the terminal, markdown for a pull-request comment, json "
        "for scripts.")] = api.DiffFormat.text,
    max_file_size: Annotated[int | None, typer.Option(
        "--max-file-size", help="Refuse data files larger than this many bytes (default 2 MiB).",
        min=1)] = None,
    lang: LangOption = None,
) -> None:
    """Show what changed in the programme between two git revisions, in its own terms: budget
    cells and totals, targets, figures, waivers, and the findings introduced and resolved.

    Exit 1 when the change introduces a finding that fails cic validate, 0 otherwise.
    """
    given = list(arguments or [])
    path = None
    if given and (len(given) == 3 or Path(given[-1]).is_dir()):
        path = Path(given.pop())
    if len(given) > 2:
        usage_error("cic diff takes at most two revisions and a data folder: cic diff [REV_A] [REV_B] [PATH]")
    old = given[0] if given else None
    new = given[1] if len(given) > 1 else None
    said_in = option(lang)
    with refusals(said_in, path):  # two revisions, each read with its own settings (api.diff)
        language = api.language(said_in, "en", path=path)
        compared = api.diff(path, old, new, max_file_size=max_file_size)
    sys.stdout.write(api.render_diff(compared, output_format.value, language))
    raise typer.Exit(EXIT_FINDINGS if compared.failing else EXIT_CLEAN)
