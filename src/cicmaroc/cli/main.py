"""The `cic` command line: the commands, registered explicitly, and how a run ends (`command_line`).

Each command is declared with Typer in its own module under `cicmaroc.cli.commands` (parse the
options, call `cicmaroc.api`, print, set the exit code). `COMMANDS` below is the one list of
them, in the order `cic --help` shows them. The root group loads a command only when it runs, by
Click's lazy-group pattern (`CommandGroup`: `list_commands` names them all, `get_command` imports
the one asked for and builds it with Typer's `typer.main.get_command`): `cic validate` does not
pay for the options of the others, while `cic --help` and shell completion still list every
command with its help.

Exit codes, for CI: 0 clean, 1 findings, 2 usage or internal error (never a traceback). The
entry point of the `cic` script is `cli.process.main`.
"""

from __future__ import annotations

import contextlib
import difflib
import errno
import io
import sys
from collections.abc import Callable
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from cicmaroc.cli.app import EXIT_CLEAN, EXIT_USAGE, console, styled
from cicmaroc.escaping import visible


def _validate() -> Callable[..., Any]:
    from cicmaroc.cli.commands.validate import validate
    return validate


def _fmt() -> Callable[..., Any]:
    from cicmaroc.cli.commands.fmt import fmt
    return fmt


def _new() -> typer.Typer:
    from cicmaroc.cli.commands.new import new_app
    return new_app


def _report() -> Callable[..., Any]:
    from cicmaroc.cli.commands.report import report
    return report


def _progress() -> Callable[..., Any]:
    from cicmaroc.cli.commands.progress import progress
    return progress


def _rules() -> Callable[..., Any]:
    from cicmaroc.cli.commands.rules import rules
    return rules


def _schema() -> Callable[..., Any]:
    from cicmaroc.cli.commands.schema import schema
    return schema


def _diff() -> Callable[..., Any]:
    from cicmaroc.cli.commands.diff import diff
    return diff


def _iati() -> Callable[..., Any]:
    from cicmaroc.cli.commands.iati import iati
    return iati


def _forms() -> Callable[..., Any]:
    from cicmaroc.cli.commands.forms import forms
    return forms


def _import() -> Callable[..., Any]:
    from cicmaroc.cli.commands.import_ import import_forms
    return import_forms


def _status() -> Callable[..., Any]:
    from cicmaroc.cli.commands.status import status
    return status


def _remind() -> Callable[..., Any]:
    from cicmaroc.cli.commands.remind import remind
    return remind


def _evidence() -> Callable[..., Any]:
    from cicmaroc.cli.commands.evidence import evidence
    return evidence


def _migrate() -> Callable[..., Any]:
    from cicmaroc.cli.commands.migrate import migrate
    return migrate


def _init() -> Callable[..., Any]:
    from cicmaroc.cli.commands.init import init
    return init


def _lsp() -> Callable[..., Any]:
    from cicmaroc.cli.commands.lsp import lsp
    return lsp


#: A command as Typer builds it. Typer names Click's classes only in a private module (recent
#: versions carry their own copy of Click), so cic names them through Typer's public functions.
Command = Any

#: Every command of `cic`, by name, in the order of `cic --help`: the one place commands are
#: registered. Each loads its declaration: a function (one command) or a Typer app (a group).
COMMANDS: dict[str, Callable[[], Callable[..., Any] | typer.Typer]] = {
    "validate": _validate, "fmt": _fmt, "new": _new, "report": _report, "progress": _progress,
    "forms": _forms, "import": _import, "status": _status, "remind": _remind, "evidence": _evidence,
    "diff": _diff,
    "rules": _rules, "schema": _schema, "iati": _iati, "init": _init, "migrate": _migrate,
    "lsp": _lsp,
}


def build(name: str) -> Command:
    """The command `name`, built from its declaration with Typer's public `typer.main.get_command`."""
    declared = COMMANDS[name]()
    if not isinstance(declared, typer.Typer):  # one command: a Typer app of its own, of that name
        single = typer.Typer(add_completion=False)
        single.command(name)(declared)
        declared = single
    return typer.main.get_command(declared)


class CommandGroup(TyperGroup):
    """Typer's group, its commands loaded when used: Click's lazy-group pattern (see the module)."""

    def list_commands(self, ctx: Any) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: Any, cmd_name: str) -> Command | None:
        if cmd_name not in COMMANDS:
            return None
        if cmd_name not in self.commands:
            self.commands[cmd_name] = build(cmd_name)
        return self.commands[cmd_name]

    def resolve_command(self, ctx: Any, args: list[str]) -> tuple[str | None, Command | None, list[str]]:
        """Typer's, but a mistyped command is said here: Typer draws its "Did you mean ...?" from
        the commands already built, and these are built only when asked for."""
        name = args[0] if args else ""
        if name and name not in COMMANDS and not name.startswith("-") and not ctx.resilient_parsing:
            near = difflib.get_close_matches(name, list(COMMANDS))
            ctx.fail(f"No such command {name!r}. Did you mean {', '.join(map(repr, near))}?" if near
                     else f"No such command {name!r}.")
        return super().resolve_command(ctx, args)


app = typer.Typer(
    name="cic",
    help="Validate and report on a CIC programme (any country, any period) kept as YAML in git.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
    cls=CommandGroup,
)


def _version(value: bool) -> None:
    if value:
        from cicmaroc import __version__

        typer.echo(f"cic {__version__}")
        raise typer.Exit(EXIT_CLEAN)


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Print the version and exit.")] = False,
) -> None:
    """Validate and report on a CIC programme (any country, any period) kept as YAML in git."""


def command_line() -> None:
    """Run the command in `sys.argv` in this process; no traceback ever reaches an officer.

    Failures of the system cic runs on (a full disk, a read-only folder, a closed or non-UTF-8
    output) are said plainly with what to do, exit 2; only an unexpected exception is a bug.
    Ends with SystemExit, the exit code: 0 clean, 1 findings, 2 usage or internal error.
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
        from cicmaroc.api import system_problem

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
