"""`cic migrate`: convert a data folder written in cic's former format, in place."""

from __future__ import annotations

from cicmaroc import api
from cicmaroc.cli.app import DataPath, LangOption, console, option, refusals


def migrate(path: DataPath = None, lang: LangOption = None) -> None:
    """Convert a data folder from cic's former format (before data/programme.yaml), in place.

    Writes data/programme.yaml from what the former format implied (check it: TODO where it could
    not tell), renames the former keys and adds the budget's natures; every value and comment is
    kept, in `cic fmt`'s layout. A folder already current is left as it is.
    """
    said_in = option(lang)
    with refusals(said_in, path):
        language = api.language(said_in, "en", path=path)
        written = api.migrate(path)
    printer = console()
    for shown in written:
        printer.print(api.say(language, "converted {file}", file=shown), soft_wrap=True)
    if not written:
        printer.print(api.say(language, "Nothing to convert: the data folder is in the current format."),
                      soft_wrap=True)
