"""`cic lsp`: every rule of `cic validate` live in an editor, over the Language Server Protocol.

A second front-end beside the command line, built like it on `cicmaroc.api` (and the loaded
models, the findings, the translator): `checking` (one data folder checked again at each change,
from the editor's buffers), `ids` (the one table of which fields define and use which ids) and
`index`, `ranges`, `hover`, `completion`, `actions`, and `server` (the protocol, with pygls).
pygls is the optional `lsp` extra: nothing here but `server` imports it, and `cic validate`
imports nothing of this package.
"""

from __future__ import annotations

from pathlib import Path

from cicmaroc.errors import UsageError
from cicmaroc.i18n import N_


def serve(path: Path | None = None, lang: str | None = None, max_file_size: int | None = None) -> None:
    """Serve the Language Server Protocol over stdin and stdout until the editor ends it.

    `path` is the data folder to check from the start (default: the workspace's data/; a file an
    editor opens brings its own data folder). Raises `UsageError` when pygls (the `lsp` extra) is
    not installed.
    """
    try:
        from cicmaroc.lsp.server import serve as run
    except ModuleNotFoundError as exc:
        if str(exc.name).partition(".")[0] not in ("pygls", "lsprotocol", "cattrs"):
            raise
        raise UsageError(N_("cic lsp needs the pygls library, which is not installed. Install it with: "
                            "python -m pip install 'cicmaroc[lsp]'")) from None
    run(path, lang, max_file_size)
