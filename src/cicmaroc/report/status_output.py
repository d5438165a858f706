"""`cic status`'s outputs: the text, in the language of the run (`--lang`), and the JSON.

`Format` is the one list of them (`--format`, through `api.StatusFormat`). The text is the table
and its one-line summary; its heads and states are the report's own words for the same table
(`t.collection` of templates/i18n/en.yaml), so the terminal and the annual report say the same
thing. The JSON keeps its English keys for scripts.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING, Any

from cicmaroc.escaping import json_text, rendered
from cicmaroc.findings import Count, Items
from cicmaroc.i18n import N_
from cicmaroc.i18n.translator import translator

if TYPE_CHECKING:  # rich is imported when the text is made, not with the registry
    from rich.console import Console
    from rich.table import Table


class Format(str, Enum):
    """The formats of `cic status`."""

    text = "text"
    json = "json"


#: The width of the table when it is not shown on a terminal: every cell kept whole.
FILE_WIDTH = 200


def render(found: dict[str, Any], fmt: str, lang: str = "en", *, width: int | None = None,
           colour: str | None = None) -> str:
    """The status in format `fmt`; the text `width` columns wide (a terminal's; None: a file's)
    and styled for the colour system `colour` (None: plain)."""
    return FORMATS[Format(fmt)](found, lang, width or FILE_WIDTH, colour)


def _text(found: dict[str, Any], lang: str, width: int, colour: str | None) -> str:
    def show(out: Console) -> None:
        out.print(status_table(found, lang))
        out.print(summary_line(found, lang), soft_wrap=True)

    return rendered(show, width=width, colour=colour)


def _json(found: dict[str, Any], lang: str, width: int, colour: str | None) -> str:
    return json_text(found) + "\n"


#: Each format's renderer: the one registry of `cic status --format`.
FORMATS: dict[Format, Callable[[dict[str, Any], str, int, str | None], str]] = {
    Format.text: _text, Format.json: _json}


def status_table(found: dict[str, Any], lang: str = "en") -> Table:
    """One row per reporter, grouped by partnership: due, received (ISO dates, as typed in the data
    and in --as-of), what came in, what is missing named in `lang`, and the state."""
    from rich.table import Table

    from cicmaroc.report.environment import template_dirs
    from cicmaroc.report.wording import load_messages

    tr = translator(lang)
    words = load_messages(template_dirs(None), lang)["collection"]
    table = Table(title=f"{words['title']} {found['year']}")
    for head in (words["col_partnership"], words["col_reporter"], words["col_due"], words["col_received_on"],
                 words["col_figures"], words["col_spending"], tr(N_("Missing")), words["col_state"]):
        table.add_column(head)
    for row in found["reporters"]:
        missing = row["missing"]
        said = [*missing["measures"],
                *(tr.render(N_("source of {indicator}"), {"indicator": i}) for i in missing["sources"]),
                *(tr.render(N_("spending on {line}"), {"line": line}) for line in missing["spending_lines"]),
                *(tr.render(N_("source of the spending on {line}"), {"line": line})
                  for line in missing["spending_sources"]),
                *(tr.render(N_("{nature} on {line}, left blank"), blank)
                  for blank in missing.get("spending_natures", ()))]
        table.add_row(row["partnership"], row["reporter"], row["due"] or "-", row["received_on"] or "-",
                      f"{row['received']['measures']} / {row['expected']['measures']}",
                      f"{row['received']['spending_lines']} / {row['expected']['spending_lines']}",
                      ", ".join(said) or "-", words["states"][row["state"]])
    return table


def summary_line(found: dict[str, Any], lang: str = "en") -> str:
    """`2019: reporters complete: 22 of 25; ... Late (due date passed as of 2020-04-15): gourrama.`
    in `lang`: the counts, then who is late, incomplete and silent, each a sentence of its own."""
    s = found["summary"]
    states = s["states"]
    values = {"year": found["year"], "complete": Count(s["complete"]), "reporters": Count(s["reporters"]),
              "received": Count(s["received"]), "expected": Count(s["expected"]), "as_of": found["as_of"],
              "late": Items(tuple(states["late"])), "partial": Items(tuple(states["partial"])),
              "missing": Items(tuple(states["missing"]))}
    tr = translator(lang)
    said = [tr.render(N_("{year}: reporters complete: {complete} of {reporters}; figures and spending lines "
                         "received: {received} of {expected}."), values)]
    if states["late"]:
        said.append(tr.render(N_("Late (due date passed as of {as_of}): {late}."), values))
    if states["partial"]:
        said.append(tr.render(N_("Incomplete, not yet late: {partial}."), values))
    if states["missing"]:
        said.append(tr.render(N_("Nothing received yet, not yet late: {missing}."), values))
    if not found["due"] and not any(row["due"] for row in found["reporters"]):
        said.append(tr.render(N_("No due date is recorded for {year}, so nobody is late yet: set one with "
                                 "cic forms --year {year} --due DATE."), values))
    elif not s["incomplete"]:
        said.append(tr(N_("Nobody is late.")))
    return " ".join(said)
