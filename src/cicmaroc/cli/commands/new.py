"""`cic new partner ID`, `cic new monitoring|narrative|risk-follow-up YEAR`: start a new data file
with every field and what goes in it."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from cicmaroc import api
from cicmaroc.cli.app import EXIT_CLEAN, LangOption, console, option, refusals

new_app = typer.Typer(
    name="new",
    help="Create a new data file with every field, empty, and a comment saying what goes there.",
    no_args_is_help=True,
    add_completion=False,
)


_YEAR_HELP = "The programme year (of data/programme.yaml's period); the file is data/{folder}/YEAR.yaml."
DataOption = Annotated[Path | None, typer.Option(
    "--data", help="The data folder (or a repository holding data/). Default: ./data, looked for in the "
    "current folder and its parents.", show_default=False)]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="Print nothing on success.")]


def _start(kind: str, name: str | int, data: Path | None, lang: LangOption, communes: int = 1
           ) -> tuple[str, str]:
    """Make the file of `kind` (`api.new_file`); its path as shown, and the language to say it in.
    A refusal (the file exists, a bad id or year) ends the command as a usage error."""
    said_in = option(lang)
    with refusals(said_in, data), api.context(data, lang=said_in) as ctx:
        return api.new_file(ctx, kind, name, communes=communes), ctx.lang


@new_app.command("partner")
def new_partner(
    partner_id: Annotated[str, typer.Argument(
        metavar="ID", help="The partnership's id: the Belgian commune in lowercase with hyphens "
        "(la-hulpe); the file is data/partners/ID.yaml.", show_default=False)],
    data: DataOption = None,
    communes: Annotated[int, typer.Option(
        "--communes", min=1, max=9, help="How many local communes the partnership has (1 to 9).")] = 1,
    quiet: QuietOption = False,
    lang: LangOption = None,
) -> None:
    """Start data/partners/ID.yaml: every field empty, with a comment saying what goes there."""
    shown, language = _start("partner", partner_id, data, lang, communes)
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
    shown, language = _start("monitoring", year, data, lang)
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
    shown, language = _start("narrative", year, data, lang)
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
    shown, language = _start("risk-follow-up", year, data, lang)
    if not quiet:
        console().print(api.say(language, "created {file}: uncomment each risk followed up, replace the "
                                "TODOs, then run `cic validate`.", file=shown), soft_wrap=True)
    raise typer.Exit(EXIT_CLEAN)
