"""`cic progress`'s two outputs, from the figures the report uses (`context.build_figures`).

`Format` is the one list of them (`--format`, through `api.ProgressFormat`), `render` makes each
as text to write:
- JSON (`--format json`): the figures dict itself, with exact decimals written as strings so no
  cent or share goes through binary floating point; the schema is docs/output-json.md.
- text: rich tables for the terminal, in the language of the run (`--lang`), with the same
  conventions and words as the report: a range where reports are missing ("3 to 12", ">= 14"),
  "missing" and "not recorded" for what nobody reported, never zero, "not printed" for a baseline
  the document does not give, and the agreed readings as numbered notes.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

from cicmaroc.escaping import rendered, visible
from cicmaroc.i18n.translator import translator

if TYPE_CHECKING:  # rich and Babel are imported when the text is made, not with the registry
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from cicmaroc.i18n.formatter import Formatter

#: Changes only when a field is removed or changes meaning; fields may be added at any time.
SCHEMA_VERSION = 1

_STYLE = {"achieved": "bold green", "on_track": "green", "behind": "yellow", "off_track": "bold red",
          "incomplete": "cyan", "no_data": "dim", "no_target": "dim"}


class Format(str, Enum):
    """The formats of `cic progress`."""

    text = "text"
    json = "json"


#: The width of the tables when they are not shown on a terminal: no width to respect, every
#: cell kept whole.
FILE_WIDTH = 240


def render(figures: dict[str, Any], fmt: str, lang: str = "en", *, width: int | None = None,
           colour: str | None = None) -> str:
    """The figures in format `fmt`; the text `width` columns wide (a terminal's; None: a file's)
    and styled for the colour system `colour` (None: plain)."""
    return FORMATS[Format(fmt)](figures, lang, width or FILE_WIDTH, colour)


def as_json(figures: dict[str, Any]) -> str:
    """The figures as a JSON document: decimals as exact strings, dates as YYYY-MM-DD."""
    from cicmaroc import __version__

    document = {"schema_version": SCHEMA_VERSION, "tool": {"name": "cic", "version": __version__},
                **figures}
    return json.dumps(document, ensure_ascii=False, indent=2, default=_plain) + "\n"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (set, frozenset, tuple)):
        return sorted(value)
    raise TypeError(f"{type(value).__name__} is not JSON")


class _Text:
    """Formats the figures' values for the terminal, with the report's conventions."""

    def __init__(self, lang: str = "en") -> None:
        from cicmaroc.i18n.formatter import Formatter
        from cicmaroc.report.environment import template_dirs
        from cicmaroc.report.wording import load_messages

        self.fmt: Formatter = Formatter(lang)
        self.lang = lang
        self.tr = translator(lang)
        self.t = load_messages(template_dirs(None), lang)  # the report's words: statuses

    def number(self, value: Decimal | None) -> str:
        return "-" if value is None else self.fmt.number(value)

    def named(self, names: dict[str, str] | None) -> str:
        """A label the data gives by language (the first is the programme's): the reader's, else the
        programme's; "" when the data gives none."""
        if not names:
            return ""
        return names.get(self.lang) or next(iter(names.values()))

    def money(self, value: Decimal | None) -> str:
        return "" if value is None else self.fmt.money(value)

    def note(self, reading: dict[str, Any] | None, money: bool = False) -> str:
        if not reading:
            return ""
        printed = reading["printed"]
        shown = printed if isinstance(printed, str) else (self.fmt.money(printed) if money
                                                          else self.fmt.number(printed, 2))
        return " " + self.tr("(printed {shown}) [{number}]").format(shown=shown, number=reading["number"])

    def target(self, value: Decimal | None, percent: Decimal | None) -> str:
        if percent is not None:
            shown = self.fmt.printed_percent(percent)
            return shown + (f" ({self.fmt.number(value)})" if value is not None else "")
        return self.number(value)

    def figure(self, value: dict[str, Any] | None) -> str:
        tr = self.tr
        if value is None:
            return tr("missing")
        if value["exact"]:
            text = self.number(value["low"])
        elif value["high"] is None:
            text = f">= {self.number(value['low'])}"
        else:
            text = tr("{low} to {high}").format(low=self.number(value["low"]),
                                                high=self.number(value["high"]))
        if not value["exact"] and value["among_reported"] is not None:
            text += " " + tr("({value} among reports received)").format(
                value=self.number(value["among_reported"]))
        return text

    def progress(self, p: dict[str, Any] | None) -> str:
        if p is None or (p["low"] is None and p["high"] is None):
            return "-"
        if p["exact"]:
            return self.fmt.percent(p["low"])
        if p["low"] is None:
            return f"<= {self.fmt.percent(p['high'])}"
        if p["high"] is None:
            return f">= {self.fmt.percent(p['low'])}"
        return self.tr("{low} to {high}").format(low=self.fmt.percent(p["low"]),
                                                 high=self.fmt.percent(p["high"]))

    def status(self, x: dict[str, Any]) -> Text:
        from rich.text import Text

        names = self.t["status_names"]
        name = names[x["status"]]
        if x["possible"]:
            worst, best = (names[s] for s in x["possible"])
            name = self.tr("{status}: {worst} to {best}").format(status=name, worst=worst, best=best)
        return Text(name, style=_STYLE[x["status"]])

    @staticmethod
    def counts(x: dict[str, Any]) -> str:
        return f" ({x['reported']}/{x['expected']})" if x.get("expected") else ""

    def spent(self, s: dict[str, Any]) -> str:
        if s["value"] is None:
            return (self.tr("not recorded") if s["not_recorded"] else self.tr("missing")) + self.counts(s)
        text = (">= " if s["bound"] == "at_least" else "") + self.fmt.money(s["value"])
        return text + ("" if s["complete"] else self.counts(s))

    def estimate(self, e: dict[str, Any] | None, money: bool = False) -> str:
        if e is None:
            return "-"
        sign = {"at_least": ">= ", "at_most": "<= "}.get(e["bound"], "")
        value = self.fmt.money(e["value"]) if money else self.fmt.percent(e["value"])
        return sign + value + ("" if e["bound"] == "exact" else self.counts(e))

    def reported_value(self, value: Any) -> str:
        if value is None:
            return self.tr("missing")
        if value is True or value is False:
            return self.tr("yes") if value else self.tr("no")
        if isinstance(value, dict):
            return f"{value['part']} / {value['of']}"
        return str(value)


def _text(figures: dict[str, Any], lang: str, width: int, colour: str | None) -> str:
    def show(out: Console) -> None:
        for part in tables(figures, lang):
            out.print(part)  # the console prints text as written: notes are never read as markup
            out.print()

    return rendered(show, width=width, colour=colour)


def _json(figures: dict[str, Any], lang: str, width: int, colour: str | None) -> str:
    return as_json(figures)


#: Each format's renderer: the one registry of `cic progress --format`.
FORMATS: dict[Format, Callable[[dict[str, Any], str, int, str | None], str]] = {
    Format.text: _text, Format.json: _json}


def tables(figures: dict[str, Any], lang: str = "en") -> list[Table | str]:
    """The indicator, budget, partnership and per-reporter tables, and the readings' notes, in `lang`."""
    text = _Text(lang)
    tr = text.tr
    year = figures["year"]
    out: list[Table | str] = [_indicators(figures, text), _budget(figures, text),
                              _partnerships(figures, text), _reporters(figures, text)]
    notes = _readings(figures, text)
    if notes:
        out.append(notes)
    missing = figures["budget"]["missing_years"]
    if missing:
        out.append(tr("Spending not recorded for {years} (up to {year}).").format(
            years=", ".join(str(y) for y in missing), year=year))
    return out


def _table(title: str, columns: list[tuple[str, str]]) -> Table:
    from rich.table import Table
    from rich.text import Text

    table = Table(title=Text(visible(title)), title_justify="left")
    for name, justify in columns:
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    return table


def _add(table: Table, *cells: str | Text) -> None:
    """A row; text from the data is shown as text (a '[' in a name is printed, not read as a style)."""
    from rich.text import Text

    table.add_row(*(cell if isinstance(cell, Text) else Text(visible(cell)) for cell in cells))


def _indicators(figures: dict[str, Any], text: _Text) -> Table:
    tr = text.tr
    final = figures["programme"]["milestones"][-1]["year"]
    table = _table(tr("Indicators in {year}: expected and actual values (a range where reports are missing), "
                      "progress from the baseline towards the {final} target").format(year=figures["year"],
                                                                                     final=final),
                   [(tr("Indicator"), "left"), (tr("Measure"), "left"), (tr("Baseline"), "right"),
                    (tr("Milestone"), "right"), (tr("Target"), "right"), (tr("Expected"), "right"),
                    (tr("Achieved"), "right"), (tr("Progress"), "right"), (tr("Status"), "left"),
                    (tr("Reports"), "right")])
    for group in figures["indicators"]:
        for item in group["indicators"]:
            for i, x in enumerate(item["measures"]):
                base = (tr("not printed") if x["baseline"] is None and x["baseline_percent"] is None
                        else text.target(x["baseline"], x["baseline_percent"]))
                milestone = (f"{x['milestone_year']}: "
                             + text.target(x["milestone"], x["milestone_percent"])
                             + text.note(x["milestone_reading"]))
                _add(table,
                     item["id"] if i == 0 else "", x["id"], base + text.note(x["baseline_reading"]),
                     milestone, text.target(x["final"], x["final_percent"]) + text.note(x["final_reading"]),
                     text.number(x["expected"]), text.figure(x["value"]),
                     text.progress(x["progress"]), text.status(x), f"{x['reported']}/{x['reporters']}")
    return table


def _budget(figures: dict[str, Any], text: _Text) -> Table:
    year, tr = figures["year"], text.tr
    first, last = figures["programme"]["first_year"], figures["programme"]["last_year"]
    title = tr("Budget execution in {year} and {first}-{year} (>= at least, <= at most: spending "
               "reports missing; in brackets, reports received/expected)")
    table = _table(title.format(year=year, first=first),
                   [(tr("Budget line"), "left"), (f"{tr('Planned')} {year}", "right"),
                    (f"{tr('Spent')} {year}", "right"), (f"{tr('Rate')} {year}", "right"),
                    (f"{tr('Planned')} {first}-{year}", "right"), (f"{tr('Spent')} {first}-{year}", "right"),
                    (f"{tr('Rate')} {first}-{year}", "right"),
                    (tr("Left of {first}-{last}").format(first=first, last=last), "right")])
    labels = figures["labels"]
    for r in figures["budget"]["rows"]:
        if r["nature"] is None:
            label = text.named(labels["lines"].get(r["line"])) or r["label"]
        else:
            label = "  " + (text.named(labels["natures"].get(r["nature"])) or r["nature"])
        _add(table, label, text.money(r["planned"]) + text.note(r["planned_reading"], money=True),
                      text.spent(r["spent"]), text.estimate(r["rate"]), text.money(r["planned_to_date"]),
                      text.spent(r["spent_to_date"]),
                      text.estimate(r["rate_to_date"]), text.estimate(r["remaining"], money=True))
    return table


def _partnerships(figures: dict[str, Any], text: _Text) -> Table:
    year, tr = figures["year"], text.tr
    table = _table(tr("Partnerships in {year}: monitoring and spending against Budget OS 1").format(
                       year=year),
                   [(tr("Partnership"), "left"), (tr("Monitoring"), "right"), ("Budget OS 1", "right"),
                    (f"{tr('Spent')} {year}", "right"), (tr("Spent to date"), "right"),
                    (tr("Rate to date"), "right"), (tr("Remaining"), "right")])
    for p in figures["partnerships"]:
        _add(table, p["belgian"], f"{p['communes_reported']}/{len(p['communes'])}",
                      text.money(p["budget_os1"]) + text.note(p["budget_os1_reading"], money=True),
                      text.spent(p["spent"]), text.spent(p["spent_to_date"]),
                      text.estimate(p["rate_to_date"]), text.estimate(p["remaining"], money=True))
    return table


def _reporters(figures: dict[str, Any], text: _Text) -> Table:
    tr = text.tr
    table = _table(tr("Values reported for {year}, per reporter, with their sources").format(
                       year=figures["year"]),
                   [(tr("Indicator"), "left"), (tr("Reporter"), "left"), (tr("Values"), "left"),
                    (tr("Source of verification"), "left")])
    for group in figures["indicators"]:
        for item in group["indicators"]:
            for i, r in enumerate(item["reports"]):
                values = ", ".join(f"{mid}: {text.reported_value(v)}" for mid, v in r["values"].items())
                _add(table, item["id"] if i == 0 else "", r["name"], values, r["source"] or "-")
    return table


def _readings(figures: dict[str, Any], text: _Text) -> str:
    lines = []
    for r in figures["readings"]:
        shown = [v if isinstance(v, str) else (text.fmt.money(v) if r["money"] else text.fmt.number(v, 2))
                 for v in (r["printed"], r["read_as"])]
        said = text.tr("[{number}] {printed} printed, read as {read_as}: {reason} ({decided_by}, "
                       "{decided_on}; {place}).")
        lines.append(said.format(number=r["number"], printed=shown[0], read_as=shown[1], reason=r["reason"],
                                 decided_by=r["decided_by"], decided_on=text.fmt.date(r["decided_on"]),
                                 place=f"{r['file']}:{r['line']}"))
    return "\n".join(lines)
