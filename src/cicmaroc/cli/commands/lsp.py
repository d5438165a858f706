"""`cic lsp`: the language server an editor starts, speaking LSP over stdin and stdout.

The command hands the process to the other front-end, `cicmaroc.lsp`, built like this one on
`cicmaroc.api`."""

from __future__ import annotations

from typing import Annotated

import typer

from cicmaroc.cli.app import EXIT_CLEAN, DataPath, LangOption, option, refusals


def lsp(
    path: DataPath = None,
    stdio: Annotated[bool, typer.Option(
        "--stdio", help="Speak over stdin and stdout (the only way it speaks; accepted because "
        "editors' clients pass it).")] = True,
    max_file_size: Annotated[int | None, typer.Option(
        "--max-file-size", help="Refuse data files and buffers larger than this many bytes (default "
        "2 MiB, or max-file-size in cic.toml), without reading them.", min=1)] = None,
    lang: LangOption = None,
) -> None:
    """Serve every rule of cic validate live in an editor: the Language Server Protocol over stdio.

    Editors start it themselves (see the README's editor section); it needs the lsp extra of cicmaroc.
    """
    from cicmaroc import lsp as language_server

    said_in = option(lang)
    with refusals(said_in, path):
        language_server.serve(path, said_in, max_file_size)
    raise typer.Exit(EXIT_CLEAN)
