"""`cic new partner ID`, `cic new monitoring|narrative|risk-follow-up YEAR`: start a new data file
with every field and what goes in it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer

from cicmaroc.cli.app import EXIT_CLEAN, LangOption, console, usage_error

new_app = typer.Typer(
    name="new",
    help="Create a new data file with every field, empty, and a comment saying what goes there.",
    no_args_is_help=True,
)


_YEAR_HELP = "The programme year (2017-2021); the file is data/{folder}/YEAR.yaml."
DataOption = Annotated[Path | None, typer.Option(
    "--data", help="The data folder (or a repository holding data/). Default: ./data, looked for in the "
    "current folder and its parents.", show_default=False)]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")]


def _start(make: Callable[[], str], data: Path | None, lang: LangOption) -> tuple[str, str]:
    """Make the file (`make`, one api function); its path as shown, and the language to say it in.
    A refusal (the file exists, a bad id or year) ends the command as a usage error."""
    from cicmaroc import api

    option = lang.value if lang else None
    try:
        shown = make()
    except api.UsageError as exc:
        usage_error(api.error_text(exc, option, "en", data))
    return shown, api.language(option, "en", path=data)


@new_app.command("partner")
def new_partner(
    partner_id: Annotated[str, typer.Argument(
        metavar="ID", help="The partnership's id: the Belgian commune in lowercase with hyphens "
        "(la-hulpe); the file is data/partners/ID.yaml.", show_default=False)],
    data: DataOption = None,
    communes: Annotated[int, typer.Option(
        "--communes", min=1, max=2, help="How many Moroccan communes the partnership has (1 or 2).")] = 1,
    quiet: QuietOption = False,
    lang: LangOption = None,
) -> None:
    """Start data/partners/ID.yaml: every field empty, with a comment saying what goes there."""
    from cicmaroc import api

    shown, language = _start(lambda: api.new_partner(data, partner_id, communes), data, lang)
    if not quiet:
        console().print(api.say(language, "created {file}: fill in each TODO, then run `cic validate`.",
                                file=shown), soft_wrap=True)
    raise typer.Exit(EXIT_CLEAN)


@new_app.command("monitoring")
def new_monitoring(
    year: Annotated[int, typer.Argument(metavar="YEAR", help=_YEAR_HELP.format(folder="monitoring"),
                                        show_default=False)],
    data: DataOption = None,
    quiet: QuietOption = False,
    lang: LangOption = None,
) -> None:
    """Start data/monitoring/YEAR.yaml: every reporter, and each line it may report, commented out."""
    from cicmaroc import api

    shown, language = _start(lambda: api.new_monitoring(data, year), data, lang)
    if not quiet:
        console().print(api.say(language, "created {file}: uncomment what each reporter reports, replace the "
                                "TODOs, then run `cic validate`.", file=shown), soft_wrap=True)
    raise typer.Exit(EXIT_CLEAN)


@new_app.command("narrative")
def new_narrative(
    year: Annotated[int, typer.Argument(metavar="YEAR", help=_YEAR_HELP.format(folder="narrative"),
                                        show_default=False)],
    data: DataOption = None,
    quiet: QuietOption = False,
    lang: LangOption = None,
) -> None:
    """Start data/narrative/YEAR.yaml: an empty text (fr, nl) for the summary, each result and indicator."""
    from cicmaroc import api

    shown, language = _start(lambda: api.new_narrative(data, year), data, lang)
    if not quiet:
        console().print(api.say(language, "created {file}: write the texts (fr and/or nl), then run "
                                "`cic validate`.", file=shown), soft_wrap=True)
    raise typer.Exit(EXIT_CLEAN)


@new_app.command("risk-follow-up")
def new_risk_follow_up(
    year: Annotated[int, typer.Argument(metavar="YEAR", help=_YEAR_HELP.format(folder="risk-follow-up"),
                                        show_default=False)],
    data: DataOption = None,
    quiet: QuietOption = False,
    lang: LangOption = None,
) -> None:
    """Start data/risk-follow-up/YEAR.yaml: every risk of the table, commented out, to assess for the year."""
    from cicmaroc import api

    shown, language = _start(lambda: api.new_risk_follow_up(data, year), data, lang)
    if not quiet:
        console().print(api.say(language, "created {file}: uncomment each risk followed up, replace the "
                                "TODOs, then run `cic validate`.", file=shown), soft_wrap=True)
    raise typer.Exit(EXIT_CLEAN)
