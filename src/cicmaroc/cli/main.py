"""The `cic` command line: the commands, registered explicitly, and how a run ends (`command_line`).

Each command is declared with Typer in its own module under `cicmaroc.cli.commands` (parse the
options, call `cicmaroc.api`, print, set the exit code). `COMMANDS` below is the one list of
them, in the order `cic --help` shows them. The root group builds a command's click parameters
only when that command runs (`CommandGroup`): `cic validate` does not pay for the parameters of
the seven others, while `cic --help` and shell completion still list every command with its help.

Exit codes, for CI: 0 clean, 1 findings, 2 usage or internal error (never a traceback). The
entry point of the `cic` script is `cli.process.main`.
"""

from __future__ import annotations

import contextlib
import errno
import io
import sys
from collections.abc import Callable, Iterator, MutableMapping
from typing import Annotated, Any

import typer
from typer.core import TyperGroup
from typer.models import CommandInfo, TyperInfo

from cicmaroc.cli.app import EXIT_CLEAN, EXIT_USAGE, console, styled
from cicmaroc.escaping import visible


def _validate() -> CommandInfo:
    from cicmaroc.cli.commands.validate import validate
    return CommandInfo(name="validate", callback=validate)


def _fmt() -> CommandInfo:
    from cicmaroc.cli.commands.fmt import fmt
    return CommandInfo(name="fmt", callback=fmt)


def _new() -> TyperInfo:
    from cicmaroc.cli.commands.new import new_app
    return TyperInfo(new_app)


def _report() -> CommandInfo:
    from cicmaroc.cli.commands.report import report
    return CommandInfo(name="report", callback=report)


def _progress() -> CommandInfo:
    from cicmaroc.cli.commands.progress import progress
    return CommandInfo(name="progress", callback=progress)


def _rules() -> CommandInfo:
    from cicmaroc.cli.commands.rules import rules
    return CommandInfo(name="rules", callback=rules)


def _schema() -> CommandInfo:
    from cicmaroc.cli.commands.schema import schema
    return CommandInfo(name="schema", callback=schema)


def _diff() -> CommandInfo:
    from cicmaroc.cli.commands.diff import diff
    return CommandInfo(name="diff", callback=diff)


def _iati() -> CommandInfo:
    from cicmaroc.cli.commands.iati import iati
    return CommandInfo(name="iati", callback=iati)


def _forms() -> CommandInfo:
    from cicmaroc.cli.commands.forms import forms
    return CommandInfo(name="forms", callback=forms)


def _import() -> CommandInfo:
    from cicmaroc.cli.commands.import_ import import_forms
    return CommandInfo(name="import", callback=import_forms)


def _status() -> CommandInfo:
    from cicmaroc.cli.commands.status import status
    return CommandInfo(name="status", callback=status)


def _lsp() -> CommandInfo:
    from cicmaroc.cli.commands.lsp import lsp
    return CommandInfo(name="lsp", callback=lsp)


#: Every command of `cic`, by name, in the order of `cic --help`: the one place commands are registered.
COMMANDS: dict[str, Callable[[], CommandInfo | TyperInfo]] = {
    "validate": _validate, "fmt": _fmt, "new": _new, "report": _report, "progress": _progress,
    "forms": _forms, "import": _import, "status": _status, "diff": _diff,
    "rules": _rules, "schema": _schema, "iati": _iati, "lsp": _lsp,
}


class _LazyCommands(MutableMapping[str, Any]):
    """The root group's commands: each built from its declaration the first time it is asked for."""

    def __init__(self, group: TyperGroup) -> None:
        self.group = group
        self.built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self.built:
            declared = COMMANDS[name]()  # KeyError: no such command
            markup = self.group.rich_markup_mode
            if isinstance(declared, TyperInfo):
                self.built[name] = typer.main.get_group_from_info(
                    declared, pretty_exceptions_short=True, rich_markup_mode=markup,
                    suggest_commands=self.group.suggest_commands)
            else:
                self.built[name] = typer.main.get_command_from_info(
                    declared, pretty_exceptions_short=True, rich_markup_mode=markup)
        return self.built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.built[name] = command

    def __delitem__(self, name: str) -> None:
        raise TypeError("cic's commands are fixed")

    def __iter__(self) -> Iterator[str]:
        return iter(COMMANDS)

    def __len__(self) -> int:
        return len(COMMANDS)


class CommandGroup(TyperGroup):
    """Typer's group, its commands built when used (see the module's docstring)."""

    def __init__(self, **attrs: Any) -> None:
        attrs.pop("commands", None)
        super().__init__(**attrs)
        self.commands = _LazyCommands(self)


app = typer.Typer(
    name="cic",
    help="Validate and report on the CIC Morocco programme (2017-2021) kept as YAML in git.",
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
    """Validate and report on the CIC Morocco programme (2017-2021) kept as YAML in git."""


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
