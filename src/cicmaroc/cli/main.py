"""The `cic` command: a thin layer that parses options, calls `cicmaroc.api`, sets the exit code.

Exit codes, for CI: 0 clean, 1 findings, 2 usage or internal error (never a traceback).
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from cicmaroc import __version__
from cicmaroc.escaping import visible

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


class SafeConsole(Console):
    """rich's Console, with one rule for every string it prints: it is text, never instructions.

    Strings are never read as rich markup (`[/]` in a file name is text) or emoji codes, and every
    unprintable character in them is shown escaped (`cicmaroc.escaping.visible`), so no file name,
    value or argument can move the cursor, colour the terminal, or start a new line of a CI log.
    Styled output is built as `rich.text.Text` from escaped pieces (see `styled`).
    """

    def render_str(self, text: str, **options: Any) -> Text:
        options.update(markup=False, emoji=False)
        return super().render_str(visible(text), **options)


def console(stderr: bool = False, **options: Any) -> SafeConsole:
    """Where cic prints for people: styled on a terminal, plain text when piped or with NO_COLOR.

    rich alone drops only the colours under NO_COLOR and keeps bold and dim; cic drops every
    escape code then, so that screen readers and copied text get plain text.
    """
    plain = bool(os.environ.get("NO_COLOR"))
    return SafeConsole(stderr=stderr, highlight=False, markup=False, emoji=False,
                       color_system=None if plain else "auto", **options)


def styled(*parts: str | tuple[str, str]) -> Text:
    """One line from pieces, each plain or (text, style); every piece's text is escaped."""
    line = Text()
    for part in parts:
        text, style = (part, "") if isinstance(part, str) else part
        line.append(visible(text), style=style)
    return line


def usage_error(message: str) -> NoReturn:
    """A problem with how cic was called (or where): say it plainly and exit 2."""
    console(stderr=True).print(styled(("cic:", "bold red"), " ", message), soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


DataPath = Annotated[Path | None, typer.Argument(
    help="The data folder (or a repository holding data/). Default: ./data, looked for in the "
         "current folder and its parents.", show_default=False)]


def _register_commands() -> None:
    """Each command lives in its own module under `cicmaroc.cli.commands` and registers itself."""
    from cicmaroc.cli.commands import fmt, iati, new, progress, report, rules, schema, validate  # noqa: F401


def main() -> None:
    """Entry point of the `cic` script: no traceback ever reaches an officer.

    Failures of the system cic runs on (a full disk, a read-only folder, a closed or non-UTF-8
    output) are said plainly with what to do, exit 2; only an unexpected exception is a bug.
    """
    if sys.stdout is None:  # started with its output closed (`>&-`): writing it must fail, loudly
        sys.stdout = _ClosedOutput()
    try:
        code = _run()
        sys.stdout.flush()  # here, not at exit, so that a full disk or a closed pipe is reported
    except KeyboardInterrupt:
        console(stderr=True).print("cic: interrupted; nothing was written.")
        code = EXIT_USAGE
    except UnicodeEncodeError as exc:
        encoding = getattr(sys.stdout, "encoding", None) or "unknown"
        code = _fail(f"cic: the output's character encoding ({encoding}) cannot show "
                     f"{exc.object[exc.start:exc.end]!a}, so the output is incomplete. Set "
                     "PYTHONIOENCODING=utf-8 (or a UTF-8 locale, such as LANG=C.UTF-8) and run the "
                     "command again.")
    except OSError as exc:  # the system, not cic
        from cicmaroc.files.writing import system_problem

        target = "write the output" if exc.filename is None else f"use {exc.filename}"
        code = _fail(f"cic: {system_problem(exc, target)} (This is a problem of the system cic runs "
                     "on, not a bug in cic.)")
    except Exception as exc:  # a bug in cic itself: say so, exit 2, keep the details short
        err = console(stderr=True)
        err.print(styled(("cic: internal error:", "bold red"), f" {type(exc).__name__}: {exc}"))
        err.print("This is a bug in cic, not in your data. Please report it with the command you ran.")
        code = EXIT_USAGE
    sys.exit(code)


def _run() -> int:
    """Run the command line; its exit code (Typer ends every run with SystemExit)."""
    try:
        app()
    except SystemExit as exc:
        if exc.code == 130:  # Typer turns Ctrl-C into exit 130 before we see the KeyboardInterrupt
            raise KeyboardInterrupt from None
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else EXIT_USAGE)
    return EXIT_CLEAN


def _fail(message: str) -> int:
    """Say what failed on stderr (whatever its encoding); the exit code of a usage error.

    The output that could not be written is dropped (the output is closed here): Python would
    otherwise try to write it again on the way out and print a traceback-like warning.
    """
    for stream in (sys.stdout, sys.__stdout__):
        with contextlib.suppress(Exception):
            if stream is not None:
                stream.close()
    err = sys.__stderr__
    if err is not None:
        with contextlib.suppress(Exception):
            err.flush()
            err.buffer.write((visible(message) + "\n").encode(err.encoding or "utf-8",
                                                               "backslashreplace"))
            err.flush()
    return EXIT_USAGE


class _ClosedOutput(io.TextIOBase):
    """Stands for an output that was closed before cic started: any write fails with EBADF."""

    encoding = "utf-8"

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "the standard output is closed")

    def flush(self) -> None:
        return None


_register_commands()  # at the end: the command modules import `app` from here
