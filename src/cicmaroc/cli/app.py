"""What every command shares: exit codes, where it prints, how it says a refusal, common options.

Exit codes, for CI: 0 clean, 1 findings, 2 usage or internal error (never a traceback).

rich is imported only when something is printed through it (a terminal's colours, a table, an
error): `cic validate` piped into a file or a CI log prints plain text without loading it. The
choices of `--lang` and of each `--format` are the library's own registries (`api.Language`,
`api.FindingFormat` ...), never a second list here.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from cicmaroc import api
from cicmaroc.escaping import console as safe_console
from cicmaroc.escaping import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

#: --lang on every command that speaks to people; None: `lang` in cic.toml, else LANG, else the default.
LangOption = Annotated[api.Language | None, typer.Option(
    "--lang", "-l", help="Language of what cic says: fr, nl or en (default: `lang` in cic.toml, else "
    "the LANG of the environment, else English; the codes stay the same).", show_default=False)]

DataPath = Annotated[Path | None, typer.Argument(
    help="The data folder (or a repository holding data/). Default: ./data, looked for in the "
         "current folder and its parents.", show_default=False)]

Revision = Annotated[str | None, typer.Option(
    "--rev", help="Read the data as it was at this git revision (a tag, a branch or a commit "
    "hash), without a checkout: the working tree is not touched.", show_default=False)]


def option(lang: api.Language | None) -> str | None:
    """The --lang given, as the library takes it (None: not given)."""
    return lang.value if lang else None


@contextmanager
def refusals(lang: str | None, path: Path | None = None, default: str = "en") -> Iterator[None]:
    """End the command when the library refuses in the block: a usage error (exit 2) or data too
    broken for the command (exit 1), said in the command's language (`lang`, the --lang given,
    else as `api.language` finds it from the data folder at `path`)."""
    try:
        yield
    except api.UsageError as exc:
        usage_error(api.error_text(exc, lang, default, path))
    except api.DataError as exc:
        explained = api.error_findings(exc, lang, default, path)
        if explained:  # the file's own findings, located, before the refusal that names it
            sys.stderr.write(explained.rstrip("\n") + "\n\n")  # plain text, escaped by the emitter
        data_error(api.error_text(exc, lang, default, path))


def console(stderr: bool = False, **options: Any) -> Console:
    """Where cic prints for people: styled on a terminal, plain text when piped or with NO_COLOR.

    rich alone drops only the colours under NO_COLOR and keeps bold and dim; cic drops every
    escape code then, so that screen readers and copied text get plain text. Every string is
    printed as text, never as markup (`escaping.console`).
    """
    plain = bool(os.environ.get("NO_COLOR"))
    return safe_console(stderr=stderr, color_system=None if plain else "auto", **options)


def screen() -> tuple[int | None, str | None]:
    """The standard output's width (None when it is not a terminal) and colour system (None:
    plain), for a text the library lays out as tables (`api.render_progress`)."""
    out = console()
    return (out.width if out.is_terminal else None), out.color_system


def colour_system() -> str | None:
    """The colour system of the standard output for `console()`, None for plain text.

    Answered without rich when the answer is plain for sure (NO_COLOR, or not a terminal and
    nothing forcing one, as rich decides it); otherwise rich decides.
    """
    if os.environ.get("NO_COLOR") or os.environ.get("TTY_COMPATIBLE") == "0":
        return None
    forced = os.environ.get("TTY_COMPATIBLE") == "1" or "FORCE_COLOR" in os.environ
    isatty = getattr(sys.stdout, "isatty", None)
    try:
        terminal = bool(isatty and isatty())
    except ValueError:  # a closed output
        terminal = False
    if not forced and not terminal:
        return None
    return console().color_system


def styled(*parts: str | tuple[str, str]) -> Text:
    """One line from pieces, each plain or (text, style); every piece's text is escaped."""
    from rich.text import Text

    line = Text()
    for part in parts:
        text, style = (part, "") if isinstance(part, str) else part
        line.append(visible(text), style=style)
    return line


def print_out(content: str | bytes) -> None:
    """A command's output on standard output: text as text, a binary document (docx, pdf, xlsx) as
    bytes."""
    if isinstance(content, bytes):
        sys.stdout.buffer.write(content)
        sys.stdout.buffer.flush()
    else:
        sys.stdout.write(content)


def usage_error(message: str) -> NoReturn:
    """A problem with how cic was called (or where): say it plainly and exit 2."""
    console(stderr=True).print(styled(("cic:", "bold red"), " ", message), soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def data_error(message: str) -> NoReturn:
    """The data is too broken for the command: say which file, exit 1 like findings."""
    console(stderr=True).print(f"cic: {message}", soft_wrap=True)
    raise typer.Exit(EXIT_FINDINGS)
