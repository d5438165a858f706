"""The `cic` command: a thin layer that parses options, calls `cicmaroc.api`, sets the exit code.

Exit codes, for CI: 0 clean, 1 findings, 2 usage or internal error (never a traceback).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console

from cicmaroc import __version__

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2

app = typer.Typer(
    name="cic",
    help="Validate and report on the CIC Morocco programme (2017-2021) kept as YAML in git.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cic {__version__}")
        raise typer.Exit(EXIT_CLEAN)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Validate and report on the CIC Morocco programme (2017-2021) kept as YAML in git."""


def console(stderr: bool = False, **options: Any) -> Console:
    """Where cic prints for people: styled on a terminal, plain text when piped or with NO_COLOR.

    rich alone drops only the colours under NO_COLOR and keeps bold and dim; cic drops every
    escape code then, so that screen readers and copied text get plain text.
    """
    plain = bool(os.environ.get("NO_COLOR"))
    return Console(stderr=stderr, highlight=False, color_system=None if plain else "auto", **options)


def usage_error(message: str) -> NoReturn:
    """A problem with how cic was called (or where): say it plainly and exit 2."""
    console(stderr=True).print(f"[bold red]cic:[/bold red] {message}")
    raise typer.Exit(EXIT_USAGE)


DataPath = Annotated[Path | None, typer.Argument(
    help="The data folder (or a repository holding data/). Default: ./data, looked for in the "
         "current folder and its parents.", show_default=False)]


def _register_commands() -> None:
    """Each command lives in its own module under `cicmaroc.commands` and registers itself."""
    from cicmaroc.commands import fmt, iati, new, progress, report, rules, schema, validate  # noqa: F401


def main() -> None:
    """Entry point of the `cic` script: no traceback ever reaches an officer."""
    try:
        app()
    except SystemExit as exc:
        if exc.code == 130:  # Typer turns Ctrl-C into exit 130 before we see the KeyboardInterrupt
            console(stderr=True).print("cic: interrupted; nothing was written.")
            sys.exit(EXIT_USAGE)
        raise
    except KeyboardInterrupt:
        console(stderr=True).print("cic: interrupted; nothing was written.")
        sys.exit(EXIT_USAGE)
    except Exception as exc:  # a bug in cic itself: say so, exit 2, keep the details short
        console(stderr=True).print(
            f"[bold red]cic: internal error:[/bold red] {type(exc).__name__}: {exc}\n"
            "This is a bug in cic, not in your data. Please report it with the command you ran.")
        sys.exit(EXIT_USAGE)


_register_commands()  # at the end: the command modules import `app` from here
