"""What every command shares: exit codes, where it prints, how it says a usage error, common options.

Exit codes, for CI: 0 clean, 1 findings, 2 usage or internal error (never a traceback).

rich is imported only when something is printed through it (a terminal's colours, a table, an
error): `cic validate` piped into a file or a CI log prints plain text without loading it.
"""

from __future__ import annotations

import functools
import os
import sys
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from cicmaroc.escaping import visible

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


class OutputFormat(str, Enum):
    """The formats of findings (`cicmaroc.output`): `--format` of validate and iati --check."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


class Language(str, Enum):
    """The languages of `--lang` (`cicmaroc.i18n.LANGUAGES`)."""

    fr = "fr"
    nl = "nl"
    en = "en"


#: --lang on every command that speaks to people; None: `lang` in cic.toml, else LANG, else the default.
LangOption = Annotated[Language | None, typer.Option(
    "--lang", "-l", help="Language of what cic says: fr, nl or en (default: `lang` in cic.toml, else "
    "the LANG of the environment, else English; the codes stay the same).", show_default=False)]

DataPath = Annotated[Path | None, typer.Argument(
    help="The data folder (or a repository holding data/). Default: ./data, looked for in the "
         "current folder and its parents.", show_default=False)]


@functools.cache
def _safe_console() -> type[Console]:
    from rich.console import Console

    class SafeConsole(Console):
        """rich's Console, with one rule for every string it prints: it is text, never instructions.

        Strings are never read as rich markup (`[/]` in a file name is text) or emoji codes, and
        every unprintable character in them is shown escaped (`cicmaroc.escaping.visible`), so no
        file name, value or argument can move the cursor, colour the terminal, or start a new line
        of a CI log. Styled output is built as `rich.text.Text` from escaped pieces (see `styled`).
        """

        def render_str(self, text: str, **options: Any) -> Text:
            options.update(markup=False, emoji=False)
            return super().render_str(visible(text), **options)

    return SafeConsole


def console(stderr: bool = False, **options: Any) -> Console:
    """Where cic prints for people: styled on a terminal, plain text when piped or with NO_COLOR.

    rich alone drops only the colours under NO_COLOR and keeps bold and dim; cic drops every
    escape code then, so that screen readers and copied text get plain text.
    """
    plain = bool(os.environ.get("NO_COLOR"))
    return _safe_console()(stderr=stderr, highlight=False, markup=False, emoji=False,
                           color_system=None if plain else "auto", **options)


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


def usage_error(message: str) -> NoReturn:
    """A problem with how cic was called (or where): say it plainly and exit 2."""
    console(stderr=True).print(styled(("cic:", "bold red"), " ", message), soft_wrap=True)
    raise typer.Exit(EXIT_USAGE)


def data_error(message: str) -> NoReturn:
    """The data is too broken for the command: say which file, exit 1 like findings."""
    console(stderr=True).print(f"cic: {message}", soft_wrap=True)
    raise typer.Exit(EXIT_FINDINGS)
