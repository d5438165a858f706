"""`cic fmt`: rewrite data files into the one canonical layout (values and comments untouched)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cicmaroc import api
from cicmaroc.cli.app import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, LangOption, console, option, refusals

if TYPE_CHECKING:
    from rich.console import Console


def fmt(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Data files or folders to format. Default: the data folder (./data, looked for in "
             "the current folder and its parents).", show_default=False)] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 and list the files that would change (for CI and "
        "pre-commit).")] = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Show what would change, as a unified diff; write nothing.")] = False,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print only the files that change (or would), and problems; no "
        "summary.")] = False,
    lang: LangOption = None,
) -> None:
    """Rewrite data files into one canonical layout: key order, indentation, quotes, amounts."""
    out = console()
    err = console(stderr=True)
    said_in = option(lang)
    where = paths[0] if paths else None
    with refusals(said_in, where):
        language = api.language(said_in, "en", path=where)
        total, outcomes = api.format_files(paths, check=check, diff=diff)
    changed, problems, system_failed = 0, 0, False
    for outcome in outcomes:
        if outcome.problem is not None:
            err.print(outcome.problem, soft_wrap=True)
            problems += 1
            system_failed = system_failed or outcome.system
        elif outcome.changed:
            changed += 1
            if diff:
                sys.stdout.write(outcome.diff)
            else:
                said = (api.say(language, "would reformat {file}", file=outcome.shown) if check
                        else api.say(language, "reformatted {file}", file=outcome.shown))
                out.print(said, soft_wrap=True)
    if not quiet:
        _summary(err if diff else out, language, total, changed, problems, check or diff)
    if system_failed:  # the disk or the permissions, not the files: a usage error, as elsewhere
        raise typer.Exit(EXIT_USAGE)
    if problems or ((check or diff) and changed):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_CLEAN)


def _summary(printer: Console, lang: str, total: int, changed: int, problems: int, dry_run: bool) -> None:
    if not changed and not problems:
        printer.print(api.say(lang, "Files checked: {total}; all in the canonical layout.", total=total))
        return
    if dry_run and changed:
        said = api.say(lang, "Files that would be reformatted: {changed} of {total}; run `cic fmt` to apply.",
                       changed=changed, total=total)
    elif dry_run:
        said = api.say(lang, "Files that would be reformatted: {changed} of {total}.", changed=changed,
                       total=total)
    else:
        said = api.say(lang, "Files reformatted: {changed} of {total}.", changed=changed, total=total)
    if problems:
        said += " " + api.say(lang, "Files that could not be formatted: {problems} (run `cic validate` for "
                              "the details).", problems=problems)
    printer.print(said, soft_wrap=True)
