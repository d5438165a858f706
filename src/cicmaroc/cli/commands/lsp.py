"""`cic lsp`: the language server an editor starts, speaking LSP over stdin and stdout.

The command hands the process to the other front-end, `cicmaroc.lsp`, built like this one on
`cicmaroc.api`."""

from __future__ import annotations

from typing import Annotated

import typer

from cicmaroc.cli.app import EXIT_CLEAN, DataPath, LangOption, usage_error


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
    """Serve every rule of cic validate live in an editor (Language Server Protocol over stdio).

    Diagnostics for every data file as the officer types, hover help on ids, rule codes and budget
    figures, go to definition and references, completion of ids, waivers and cic fmt as code
    actions. Needs the lsp extra: python -m pip install 'cicmaroc[lsp]'. Editors start it
    themselves (see the README's editor section); it writes nothing unless the editor applies an edit.
    """
    from cicmaroc import api
    from cicmaroc import lsp as language_server

    option = lang.value if lang else None
    try:
        language_server.serve(path, option, max_file_size)
    except api.UsageError as exc:
        usage_error(api.error_text(exc, option, "en", path))
    raise typer.Exit(EXIT_CLEAN)
