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

from cicmaroc.cells import Dash, amount
from cicmaroc.escaping import rendered, visible
from cicmaroc.i18n.translator import translator

if TYPE_CHECKING:  # rich and Babel are imported when the text is made, not with the registry
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from cicmaroc.i18n.formatter import Formatter

#: Changes only when a field is removed or changes meaning; fields may be added at any time.
SCHEMA_VERSION = 1

_STYLE = {"achieved": "bold green", "not_achieved": "bold red", "on_track": "green", "behind": "yellow",
          "off_track": "bold red",
          "incomplete": "cyan", "no_data": "dim", "no_target": "dim"}


class Format(str, Enum):
    """The formats of `cic progress`."""

    text = "text"
    json = "json"
    xlsx = "xlsx"  # the all-years table as a spreadsheet (implies --all-years)


#: The width of the tables when they are not shown on a terminal: no width to respect, every
#: cell kept whole.
FILE_WIDTH = 240


def render(figures: dict[str, Any], fmt: str, lang: str = "en", *, width: int | None = None,
           colour: str | None = None) -> str | bytes:
    """The figures in format `fmt`; the text `width` columns wide (a terminal's; None: a file's)
    and styled for the colour system `colour` (None: plain)."""
    return FORMATS[Format(fmt)](figures, lang, width or FILE_WIDTH, colour)


def as_json(figures: dict[str, Any]) -> str:
    """The figures as a JSON document: decimals as exact strings, dates as YYYY-MM-DD."""
    from cicmaroc import __version__

    document = {"schema_version": SCHEMA_VERSION, "tool": {"name": "cic", "version": __version__},
                **_dashes_listed(figures)}
    return json.dumps(document, ensure_ascii=False, indent=2, default=_plain) + "\n"


def _dashes_listed(value: Any) -> Any:
    """The figures with, in each object that holds a cell T3 prints "-", the list `dashes` of those
    fields: the amount itself stays the decimal string it always was ("0", what a dash adds to a
    sum), so a reader that adds amounts is not broken, and one that shows them can show "-"."""
    if isinstance(value, dict):
        out = {key: _dashes_listed(item) for key, item in value.items()}
        dashes = [key for key, item in value.items() if isinstance(item, Dash)]
        return {**out, "dashes": dashes} if dashes else out
    if isinstance(value, list):
        return [_dashes_listed(item) for item in value]
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, Dash):
        return format(amount(value), "f")
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
        self.milestones: dict[str, str] = {}  # each milestone's name, once the figures are known

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

    def number_of(self, value: Decimal | None, x: dict[str, Any] | None) -> str:
        """A number of the measure `x`: yes/no for a programme's yes/no, "%" after a share."""
        if value is None or x is None:
            return self.number(value)
        if x.get("yes_no") and value in (0, 1):
            return self.tr("yes") if value == 1 else self.tr("no")
        return self.number(value) + ("\u00a0%" if x.get("share") else "")

    def target(self, value: Decimal | None, percent: Decimal | None, x: dict[str, Any] | None = None) -> str:
        if percent is not None:
            shown = self.fmt.printed_percent(percent)
            return shown + (f" ({self.fmt.number(value)})" if value is not None else "")
        return self.number_of(value, x)

    def figure(self, value: dict[str, Any] | None, x: dict[str, Any] | None = None) -> str:
        tr = self.tr
        if value is None:
            return tr("missing")
        if value["exact"]:
            text = self.number_of(value["low"], x)
        elif value["high"] is None:
            text = f">= {self.number_of(value['low'], x)}"
        else:
            text = tr("{low} to {high}").format(low=self.number_of(value["low"], x),
                                                high=self.number_of(value["high"], x))
        if not value["exact"] and value["among_reported"] is not None:
            text += " " + tr("({value} among reports received)").format(
                value=self.number_of(value["among_reported"], x))
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
        short = x.get("shortfall")
        if short:
            gap = self.number(short["low"]) if short["high"] == short["low"] else (
                f">= {self.number(short['low'])}" if short["high"] is None
                else self.tr("{low} to {high}").format(low=self.number(short["low"]),
                                                        high=self.number(short["high"])))
            name += f" ({self.t['shortfall']} {gap})"
        if x.get("milestone_verdict") and not x.get("final_stage"):
            name += ", " + self.t["milestone_verdicts"][x["milestone_verdict"]].format(
                milestone=self.milestones.get(x["milestone_id"], x["milestone_id"]))
        return Text(name, style=_STYLE[x["status"]])

    @staticmethod
    def counts(x: dict[str, Any]) -> str:
        return f" ({x['reported']}/{x['expected']})" if x.get("expected") else ""

    def spent(self, s: dict[str, Any]) -> str:
        if s["value"] is None:
            return (self.tr("not recorded") if s["not_recorded"] else self.tr("not reported")
                    if s.get("not_asked") else self.tr("missing")) + self.counts(s)
        text = (">= " if s["bound"] == "at_least" else "") + self.fmt.money(s["value"])
        return text + ("" if s["complete"] else self.counts(s))

    def estimate(self, e: dict[str, Any] | None, money: bool = False) -> str:
        """A rate or what is left; "—" when none is computed (nothing reported, or a plan of 0 or
        "-"), as in the report: "-" is what T3 prints, never a figure left out."""
        if e is None:
            return "—"
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
    if figures.get("all_years"):
        parts: list[Table | str | tuple[str, ...]] = [tracking_table(figures, lang)]
    else:
        parts = tables(figures, lang)

    def show(out: Console) -> None:
        for part in parts:
            # the console prints text as written: notes are never read as markup, and a line
            # break inside a note's value is shown escaped, so each line of notes is its own
            for line in part if isinstance(part, tuple) else (part,):
                out.print(line)
            out.print()

    return rendered(show, width=width, colour=colour)


def _json(figures: dict[str, Any], lang: str, width: int, colour: str | None) -> str:
    return as_json(figures)


def _xlsx(figures: dict[str, Any], lang: str, width: int, colour: str | None) -> bytes:
    if not figures.get("all_years"):
        raise ValueError("the spreadsheet is the all-years table: compute it with all_years=True")
    return tracking_spreadsheet(figures, lang)


#: Each format's renderer: the one registry of `cic progress --format`.
FORMATS: dict[Format, Callable[[dict[str, Any], str, int, str | None], str | bytes]] = {
    Format.text: _text, Format.json: _json, Format.xlsx: _xlsx}


def tables(figures: dict[str, Any], lang: str = "en") -> list[Table | str | tuple[str, ...]]:
    """The indicator, budget, partnership and per-reporter tables, and the readings' notes (a
    line each), in `lang`."""
    text = _Text(lang)
    text.milestones = {m["id"]: text.named(m["label"]) for m in figures["programme"]["milestones"]}
    tr = text.tr
    year = figures["year"]
    out: list[Table | str | tuple[str, ...]] = [_indicators(figures, text), _budget(figures, text),
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
                        else text.target(x["baseline"], x["baseline_percent"], x))
                milestone = (f"{x['milestone_year']}: "
                             + text.target(x["milestone"], x["milestone_percent"], x)
                             + text.note(x["milestone_reading"]))
                _add(table,
                     item["id"] if i == 0 else "", x["id"], base + text.note(x["baseline_reading"]),
                     milestone,
                     text.target(x["final"], x["final_percent"], x) + text.note(x["final_reading"]),
                     text.number_of(x["expected"], x), text.figure(x["value"], x),
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


def _readings(figures: dict[str, Any], text: _Text) -> tuple[str, ...]:
    lines = []
    for r in figures["readings"]:
        shown = [v if isinstance(v, str) else (text.fmt.money(v) if r["money"] else text.fmt.number(v, 2))
                 for v in (r["printed"], r["read_as"])]
        said = text.tr("[{number}] {printed} printed, read as {read_as}: {reason} ({decided_by}, "
                       "{decided_on}; {place}).")
        lines.append(said.format(number=r["number"], printed=shown[0], read_as=shown[1], reason=r["reason"],
                                 decided_by=r["decided_by"], decided_on=text.fmt.date(r["decided_on"]),
                                 place=f"{r['file']}:{r['line']}"))
    return tuple(lines)


# -- every year side by side (report/tracking.py): as text and as a spreadsheet ---------------


def _tracking_cells(figures: dict[str, Any], text: _Text) -> tuple[list[str], list[list[str]]]:
    """The table as plain cells in the reader's language: the header and one row per measure."""
    t, tr = text.t, text.tr
    labels = {m["id"]: text.named(m["label"]) for m in figures["programme"]["milestones"]}
    header = [tr("Indicator"), tr("Measure"), tr("Baseline"), *(str(y) for y in figures["years"])]
    shown = [m for m in figures["programme"]["milestones"]]
    header += [f"{labels[m['id']]} ({m['year']})" for m in shown]
    header.append(f"{tr('Status')} {figures['year']}")
    rows = []
    for item in figures["indicators"]:
        for i, x in enumerate(item["measures"]):
            row = [item["id"] if i == 0 else "", x["id"],
                   tr("not printed") if x["baseline"] is None and x["baseline_percent"] is None
                   else text.target(x["baseline"], x["baseline_percent"], x)]
            row += [text.figure(v["value"], x) for v in x["values"]]
            by_id = {m["id"]: m for m in x["milestones"]}
            for m in shown:
                check = by_id.get(m["id"])
                if check is None:
                    row.append("-")
                    continue
                said = text.number_of(check["target"], x)
                if check["verdict"] == "not_due":
                    row.append(said)
                else:
                    verdict = (t["verdict_names"][check["verdict"]] if check["verdict"]
                               else tr("missing"))
                    row.append(f"{said}: {text.figure(check['value'], x) if check['value'] else '-'} "
                               f"({verdict})")
            row.append(text.status(x).plain)
            rows.append(row)
    return header, rows


def tracking_table(figures: dict[str, Any], lang: str) -> Table:
    """The IPTT as a rich table for the terminal."""
    text = _Text(lang)
    header, rows = _tracking_cells(figures, text)
    out = _table(text.tr("Every year side by side, {first}-{year}: each year's value (a range where "
                         "reports are missing), each milestone's target, value and verdict").format(
                             first=figures["years"][0], year=figures["year"]),
                 [(h, "left" if i < 2 else "right") for i, h in enumerate(header)])
    for row in rows:
        _add(out, *row)
    return out


def tracking_spreadsheet(figures: dict[str, Any], lang: str) -> bytes:
    """The IPTT as an xlsx workbook (openpyxl): one sheet, a title row, the header frozen, the
    values as the text the terminal shows (a range is not a number), in the reader's language."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    text = _Text(lang)
    header, rows = _tracking_cells(figures, text)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "IPTT"
    name = text.named(figures["programme"]["name"])
    sheet.append([f"{name}: {text.tr('indicator performance tracking table')} "
                  f"{figures['years'][0]}-{figures['year']}"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(header)
    for cell in sheet[2]:  # each heading aligned as its column
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="bottom",
                                   horizontal="left" if (cell.column or 0) <= 2 else "right")
    for row in rows:
        sheet.append(row)
    sheet.freeze_panes = "C3"
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    for i, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 42)
    for line in sheet.iter_rows(min_row=3):
        for cell in line:
            cell.alignment = Alignment(wrap_text=True, vertical="top",
                                       horizontal="left" if (cell.column or 0) <= 2 else "right")
    sheet.page_setup.orientation = "landscape"  # printed or passed on as PDF: one page wide
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = "2:2"
    book.properties.title = sheet["A1"].value
    book.properties.language = lang
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
