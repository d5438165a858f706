"""`cic import`: filled forms back into data/monitoring/<year>.yaml, every problem at its cell.

Each workbook is opened within bounds (`opening`), identified by its hidden `cic` sheet (who,
which year, which language, which layout), and read only at the cells its form has
(`form.form_for`): the locked cells that say which indicator, measure, budget line and nature a
row is are compared with the form, the answer cells are read as their measure needs, and
anything typed elsewhere is reported, never read. Then:

- nothing is written when any error was found, unless `partial` (the entries without error are
  written, the others left out);
- a figure that differs from one recorded for the year is refused (old and new shown) unless
  `replace`, and then the change is reported; a figure recorded in another file of the year is
  never replaced (only <year>.yaml is written);
- the same workbook imported twice changes nothing the second time;
- `dry_run` writes nothing and returns the change as a unified diff.

Each reporter whose entries are written is recorded as received (`received:` of the year's file)
on the day of the import, or the day given (the date of the e-mail that brought the form). The
files a form names as evidence are taken into data/evidence/ (`forms.dropped`), named by the
entry (`evidence:`), and their SHA-256 recorded in data/evidence.yaml (`forms.datafiles`); an
evidence file already there with other content is replaced only with `replace`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import os
import re
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, NamedTuple

from openpyxl.utils import coordinate_to_tuple, get_column_letter

from cicmaroc.analysis.reporters import Reporter, reporters
from cicmaroc.codes.collecting import (
    CIC722,
    CIC723,
    CIC724,
    CIC725,
    CIC726,
    CIC727,
    CIC729,
    CIC730,
    CIC731,
    CIC732,
    CIC733,
    CIC734,
    CIC735,
    CIC736,
    CIC737,
)
from cicmaroc.derive.monitoring import parse_amount, parse_value
from cicmaroc.errors import DataError, UsageError
from cicmaroc.escaping import BIDI
from cicmaroc.files.discovery import display_path
from cicmaroc.files.evidence_folder import DEFAULT_MAX_BYTES
from cicmaroc.files.reading import decode, read_bytes
from cicmaroc.files.writing import (
    AlreadyThere,
    ChangedMeanwhile,
    create_text,
    make_folder,
    take_back,
    write_text_atomic,
)
from cicmaroc.findings import (
    SEMICOLON,
    Count,
    Fields,
    Finding,
    Items,
    Location,
    Phrase,
    Severity,
    YesNo,
    phrase,
    preview,
)
from cicmaroc.fmt.canonical import FormatError
from cicmaroc.forms.datafiles import EVIDENCE_RECORD, planned, set_records
from cicmaroc.forms.datafiles import write as write_data_file
from cicmaroc.forms.dropped import Dropped, Finder, Refused, conflict, names_in, take_into_place
from cicmaroc.forms.form import (
    FORM_VERSION,
    ID_CELL,
    IDENTITY_SHEET,
    IND_EVIDENCE,
    IND_ID,
    IND_MEASURE,
    READ_VERSIONS,
    SP_EVIDENCE,
    SP_LINE,
    SP_NATURE,
    YEAR_CELL,
    FigureRow,
    Form,
    SpendingRow,
    form_for,
)
from cicmaroc.forms.making import form_wording, programme_wording
from cicmaroc.forms.opening import Opened, open_workbook
from cicmaroc.forms.yearfile import Blocks, merged_text
from cicmaroc.i18n import N_
from cicmaroc.loading.programme import Programme
from cicmaroc.models.logframe import Measure
from cicmaroc.models.monitoring import MonitoringYear
from cicmaroc.numeric import MAX_INTEGER_DIGITS, out_of_bounds
from cicmaroc.yaml.limits import Limits
from cicmaroc.yaml.scalars import CONTROL
from cicmaroc.years import Calendar

_YES = {"oui", "ja", "yes", "true", "vrai", "waar"}
_NO = {"non", "nee", "no", "false", "faux", "onwaar"}
_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)?")
#: A source of verification names a decision, a report or a file: a sentence, not a page.
MAX_TEXT = 1_000


class ImportOutcome(NamedTuple):
    """What an import did: its findings, the year file, whether it was written, and the change."""

    findings: list[Finding]
    target: str
    written: bool
    diff: str
    added: int  # entries added or replaced (or that would be, with --dry-run)
    raced: bool = False  # the year file changed under the import (nothing written): run it again
    evidence: tuple[str, ...] = ()  # evidence files taken into data/evidence/ (or that would be), as shown

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


class _Entry(NamedTuple):
    """One imported entry: where its figures are, the values, whether it is clean, and the evidence
    files it names (`values["evidence"]` their paths)."""

    where: Location  # the first cell of the entry
    values: dict[str, Any]
    clean: bool
    file: str
    files: tuple[Dropped, ...] = ()


def import_forms(programme: Programme, files: list[Path], year: int | None, *, dry_run: bool, replace: bool,
                 partial: bool, limits: Limits | None = None, received: dt.date | None = None,
                 evidence_limit: int = DEFAULT_MAX_BYTES) -> ImportOutcome:
    """Import `files` into the year's file (see the module); `received` is the day the replies came in
    (default: today), `evidence_limit` the largest evidence file taken (`max-evidence-size`)."""
    if not files:
        raise UsageError(N_("Give the filled forms to import (cic import FILE...)."))
    calendar = programme.calendar
    if calendar is None:
        raise UsageError(N_("data/programme.yaml is missing or could not be read, so the programme's years "
                            "are unknown: run 'cic validate' and fix what it reports first (a data folder "
                            "in cic's former format: run 'cic migrate')."))
    if year is not None and year not in calendar:
        raise UsageError(N_("{year} is not a year of the programme; give a year from {first} to {last}, "
                            "e.g. --year {first}."), year=year, first=calendar.first, last=calendar.last)
    absent = [display_path(f) for f in files if not os.path.lexists(f)]
    if absent:  # the caller's slip, before anything is read
        raise UsageError(N_("No such file: {files}. Nothing was imported."), files=", ".join(absent))
    known = {r.id: r for r in reporters(programme)}
    findings: list[Finding] = []
    reports: dict[tuple[str, str], _Entry] = {}
    spending: dict[tuple[str, str], _Entry] = {}
    firsts: dict[str, str] = {}
    years: dict[int, str] = {}
    for file in files:
        shown = display_path(file)
        opened, found = open_workbook(file, shown)
        findings.extend(found)
        if opened is None:
            continue
        identity = _identity(opened, shown, known, year, findings, calendar)
        if identity is None:
            continue
        reporter, form_year, lang = identity
        if reporter.id in firsts:
            findings.append(CIC732.finding("twice", Location(shown), reporter=reporter.id,
                                           first=firsts[reporter.id]))
            continue
        firsts[reporter.id] = shown
        years.setdefault(form_year, shown)
        finder = Finder(programme.root, file, form_year, reporter.id, evidence_limit)
        reader = _FormReader(opened, shown, form_for(programme, reporter, form_year),
                             programme_wording(programme, form_wording(programme.root, lang), lang), findings,
                             finder)
        reader.read()
        reports.update(reader.reports)
        spending.update(reader.spending)
    if year is None and len(years) > 1:
        findings.append(CIC723.finding("years-differ", None, years=Items(tuple(sorted(years)))))
        return ImportOutcome(findings, "", False, "", 0)
    year = year if year is not None else next(iter(years), None)
    if year is None:
        return ImportOutcome(findings, "", False, "", 0)
    return _merge(programme, year, reports, spending, findings, dry_run=dry_run, replace=replace,
                  partial=partial, limits=limits or Limits(), received=received or dt.date.today(),
                  evidence_limit=evidence_limit)


def _identity(opened: Opened, shown: str, known: dict[str, Reporter], year: int | None,
              findings: list[Finding], calendar: Calendar) -> tuple[Reporter, int, str] | None:
    book = opened.values
    where = Location(shown)
    if IDENTITY_SHEET not in book.sheetnames:
        findings.append(CIC722.finding("no-identity", where, sheet=IDENTITY_SHEET))
        return None
    sheet = book[IDENTITY_SHEET]
    fields = {str(sheet.cell(r, 1).value): sheet.cell(r, 2).value for r in range(1, 6)}
    if fields.get("form") != "cic-forms":
        findings.append(CIC722.finding("no-identity", where, sheet=IDENTITY_SHEET))
        return None
    if fields.get("version") not in READ_VERSIONS:
        findings.append(CIC722.finding("version", Location(shown, 2, 2, IDENTITY_SHEET, "B2"),
                                       version=preview(fields.get("version")), expected=FORM_VERSION))
        return None
    reporter = known.get(str(fields.get("reporter")))
    if reporter is None:
        findings.append(CIC722.finding("unknown-reporter", Location(shown, 3, 2, IDENTITY_SHEET, "B3"),
                                       reporter=fields.get("reporter")))
        return None
    form_year = fields.get("year")
    if not isinstance(form_year, int) or isinstance(form_year, bool) or form_year not in calendar:
        findings.append(CIC722.finding("no-identity", Location(shown, 4, 2, IDENTITY_SHEET, "B4"),
                                       sheet=IDENTITY_SHEET))
        return None
    if year is not None and form_year != year:
        findings.append(CIC723.finding("other-year", Location(shown, 4, 2, IDENTITY_SHEET, "B4"),
                                       found=form_year, year=year))
        return None
    lang = str(fields.get("lang"))
    if lang not in ("fr", "nl", "en"):
        lang = "fr"
    for name in book.sheetnames:  # the identity shown on each answer sheet is the hidden one
        if name == IDENTITY_SHEET:
            continue
        for cell, expected in ((ID_CELL, reporter.id), (YEAR_CELL, form_year)):
            found = book[name][cell].value
            if found != expected:
                row, column = coordinate_to_tuple(cell)
                findings.append(CIC722.finding("tampered", Location(shown, row, column, name, cell),
                                               shown=preview(found, yaml_booleans=False),
                                               reporter=f"{reporter.id} {form_year}"))
                return None
    return reporter, form_year, lang


class _FormReader:
    """Reads one identified form's answer cells into entries, reporting every problem at its cell."""

    def __init__(self, opened: Opened, shown: str, form: Form, wording: dict[str, Any],
                 findings: list[Finding], finder: Finder) -> None:
        self.opened = opened
        self.shown = shown
        self.finder = finder
        self.form = form
        self.wording = wording
        self.findings = findings
        self.reports: dict[tuple[str, str], _Entry] = {}
        self.spending: dict[tuple[str, str], _Entry] = {}
        self.merged: set[str] = set()

    def at(self, sheet: str, cell: str) -> Location:
        row, column = coordinate_to_tuple(cell)
        return Location(self.shown, row, column, sheet, cell)

    def read(self) -> None:
        indicators = str(self.wording["sheet_indicators"])
        spending = str(self.wording["sheet_spending"])
        if self.form.figures:
            self.read_sheet(indicators, [c for f in self.form.figures for c in f.answer_cells()],
                            [f.row for f in self.form.figures], IND_EVIDENCE)
            self.read_figures(indicators)
        if self.form.spending:
            self.read_sheet(spending, [c for s in self.form.spending for c in s.answer_cells()],
                            [s.row for s in self.form.spending], SP_EVIDENCE)
            self.read_spending(spending)
        if not self.reports and not self.spending and not any(
                f.location is not None and f.location.file == self.shown and f.severity is Severity.ERROR
                for f in self.findings):
            self.findings.append(CIC733.finding("empty", Location(self.shown),
                                                reporter=self.form.reporter.id))

    # -- the sheet: merged answer cells, cells outside the form ------------------------------

    def read_sheet(self, name: str, answers: list[str], rows: list[int], last_column: int) -> None:
        book = self.opened.formulas
        if name not in book.sheetnames:
            self.findings.append(CIC724.finding("changed", Location(self.shown, sheet=name, cell="A1"),
                                                expected=name, found=phrase("no such sheet")))
            return
        sheet = book[name]
        answer_set = set(answers)
        for merged in sheet.merged_cells.ranges:
            covered = {f"{get_column_letter(c)}{r}" for r, c in merged.cells}
            if covered & answer_set:
                self.merged |= covered
                first = min(covered & answer_set, key=coordinate_to_tuple)
                self.findings.append(CIC730.finding("merged", self.at(name, first), range=merged.coord))
        form_rows = set(rows)
        for (row, column), cell in sorted(sheet._cells.items()):
            value = cell.value
            if value is None or (isinstance(value, str) and not value.strip()):
                continue
            coordinate = f"{get_column_letter(column)}{row}"
            if coordinate in answer_set or row < rows[0] or (row in form_rows and column <= last_column):
                continue  # an answer, or a locked cell of the form (compared where it matters)
            self.findings.append(CIC729.finding("outside", self.at(name, coordinate),
                                                value=preview(value, yaml_booleans=False)))

    def cell(self, sheet: str, coordinate: str) -> Any:
        """The value of an answer cell as saved; a formula is reported and its saved value used."""
        if coordinate in self.merged:
            return None
        written = self.opened.formulas[sheet][coordinate].value
        saved = self.opened.values[sheet][coordinate].value
        if isinstance(written, str) and written.startswith("=") and self.opened.formulas[sheet][
                coordinate].data_type == "f":
            if saved is None:
                self.findings.append(CIC727.finding("no-cache", self.at(sheet, coordinate), formula=written))
            else:
                self.findings.append(CIC727.finding("cached", self.at(sheet, coordinate), formula=written,
                                                    value=preview(saved, yaml_booleans=False)))
        elif written is not None and not isinstance(written, (str, int, float, bool, dt.datetime, dt.date,
                                                               dt.time)):
            return str(written)  # an array formula or another object: text, refused as a value
        if isinstance(saved, str) and not saved.strip():
            return None
        if isinstance(saved, (int, float)) and not isinstance(saved, bool):
            text = self.opened.numbers.get(sheet, {}).get(coordinate)
            if text is not None:  # the number as saved, not openpyxl's float (1e999: inf; 0.001 lost)
                return _saved_number(text, saved)
        return saved

    def locked(self, sheet: str, row: int, column: int, expected: str) -> bool:
        """True when the locked cell at (row, column) reads `expected`; a CIC724 finding otherwise."""
        found = self.opened.values[sheet].cell(row, column).value
        if found == expected:
            return True
        coordinate = f"{get_column_letter(column)}{row}"
        self.findings.append(CIC724.finding("changed", self.at(sheet, coordinate), expected=expected,
                                            found=preview(found, yaml_booleans=False)))
        return False

    def intact(self, sheet: str, rows: list[tuple[int, tuple[tuple[int, str], ...]]]) -> bool:
        """True when every row's locked key cells read as the form wrote them (each one checked)."""
        results = [self.locked(sheet, row, column, expected) for row, cells in rows
                   for column, expected in cells]
        return all(results)

    def sourced(self, sheet: str, cell: str, values: dict[str, Any], what: Any, sources: Any) -> bool:
        """Put the source beside `values`; False (and CIC726 at the cell) when it is missing."""
        source = self.cell(sheet, cell)
        if source is None:
            self.findings.append(CIC726.finding("no-source", self.at(sheet, cell), what=what,
                                                sources=sources))
            return False
        text = " ".join(str(source).split())
        problem = _text_problem(text)
        if problem is not None:  # the year file takes nothing cic would refuse to read back
            self.wrong(sheet, cell, source, what, problem,
                       phrase("the reference of a decision, a report or a file, in a sentence"))
            return False
        values["source"] = text
        return True

    def evidence(self, sheet: str, cell: str, values: dict[str, Any]) -> tuple[tuple[Dropped, ...], bool]:
        """The files the evidence cell names, found (`forms.dropped`), their paths put beside
        `values`; False (and CIC735/CIC736 at the cell) when one cannot be taken."""
        found: list[Dropped] = []
        clean = True
        for name in names_in(self.cell(sheet, cell)):
            got = self.finder.find(name)
            if isinstance(got, Refused):
                code = CIC735 if got.code == "CIC735" else CIC736
                self.findings.append(code.finding(got.say, self.at(sheet, cell), **got.args))
                clean = False
            else:
                found.append(got)
        if found:
            values["evidence"] = [d.target for d in found]
        return tuple(found), clean

    # -- indicators --------------------------------------------------------------------------

    def read_figures(self, sheet: str) -> None:
        if sheet not in self.opened.values.sheetnames:
            return
        by_indicator: dict[str, list[FigureRow]] = {}
        for figure in self.form.figures:
            by_indicator.setdefault(figure.indicator.id, []).append(figure)
        for indicator_id, rows in by_indicator.items():
            if not self.intact(sheet, [(f.row, ((IND_ID, indicator_id), (IND_MEASURE, f.measure.id)))
                                       for f in rows]):
                continue
            values: dict[str, Any] = {}
            clean = True
            first_cell = None
            for figure in rows:
                value, ok, present = self.figure_value(sheet, figure)
                clean = clean and ok
                if present and first_cell is None:
                    first_cell = figure.value_cell()
                if value is not None:
                    values[figure.measure.id] = value
            if first_cell is None:
                continue
            clean = self.sourced(sheet, rows[0].source_cell(), values, indicator_id,
                                 Items(tuple(rows[0].indicator.sources), SEMICOLON)) and clean
            files, named = self.evidence(sheet, rows[0].evidence_cell(), values)
            self.reports[(self.form.reporter.id, indicator_id)] = _Entry(
                self.at(sheet, first_cell), values, clean and named, self.shown, files)

    def figure_value(self, sheet: str, figure: FigureRow) -> tuple[Any, bool, bool]:
        """(value for the YAML file or None, no error, something was typed)."""
        measure = figure.measure
        what = phrase("{indicator} '{measure}'", indicator=figure.indicator.id, measure=measure.id)
        raw = self.cell(sheet, figure.value_cell())
        if measure.rollup == "ratio":
            whole = self.cell(sheet, figure.of_cell())
            if raw is None and whole is None:
                return None, True, False
            part_value = self.whole_number(sheet, figure.value_cell(), raw, what)
            of_value = self.whole_number(sheet, figure.of_cell(), whole, what)
            if part_value is None or of_value is None:
                return None, False, True
            counts = {"part": part_value, "of": of_value}
            if not self.allowed(sheet, figure.value_cell(), raw, what, measure, counts,
                                phrase("a part at most the whole beside it")):
                return None, False, True
            return counts, True, True
        if raw is None:
            return None, True, False
        if measure.rollup in ("count", "latest"):
            answer = self.yes_no(raw)
            if answer is None:
                self.wrong(sheet, figure.value_cell(), raw, what, phrase("it should be yes or no"),
                           phrase("{yes} or {no}", yes=self.wording["yes"], no=self.wording["no"]))
                return None, False, True
            return answer, True, True
        number = self.whole_number(sheet, figure.value_cell(), raw, what)
        if number is None or not self.allowed(sheet, figure.value_cell(), raw, what, measure, number,
                                              phrase("a whole number, 0 or more")):
            return None, False, True
        return number, True, True

    def yes_no(self, raw: Any) -> bool | None:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, str):
            word = raw.strip().lower()
            return True if word in _YES else False if word in _NO else None
        return None

    def whole_number(self, sheet: str, cell: str, raw: Any, what: Any) -> int | None:
        if raw is None:
            self.wrong(sheet, cell, raw, what, phrase("the cell is empty"),
                       phrase("a whole number, 0 or more"))
            return None
        number = _number(raw)
        if number is None:
            self.wrong(sheet, cell, raw, what, _not_a_number(raw), phrase("a whole number, 0 or more"))
            return None
        if _too_large_number(number):
            self.wrong(sheet, cell, raw, what, _too_large(), phrase("a whole number, 0 or more"))
            return None
        if number != number.to_integral_value():
            self.wrong(sheet, cell, raw, what, phrase("it should be a whole number, 0 or more"),
                       phrase("a whole number, 0 or more"))
            return None
        return int(number)

    def allowed(self, sheet: str, cell: str, raw: Any, what: Any, measure: Measure, answer: Any,
                example: Any) -> bool:
        """Whether `answer` is a value the measure may take, by the monitoring pass's own rule
        (`derive.monitoring.parse_value`: not negative, a part at most its whole); CIC725 at the
        cell, with that rule's reason, when it is not."""
        _, problem = parse_value(measure, answer)
        if problem:
            self.wrong(sheet, cell, raw, what, problem, example)
        return not problem

    def wrong(self, sheet: str, cell: str, raw: Any, what: Any, problem: Any, example: Any) -> None:
        self.findings.append(CIC725.finding("value", self.at(sheet, cell),
                                            value=preview(raw, yaml_booleans=False),
                                            what=what, problem=problem, example=example))

    # -- spending ----------------------------------------------------------------------------

    def read_spending(self, sheet: str) -> None:
        if sheet not in self.opened.values.sheetnames:
            return
        by_line: dict[str, list[SpendingRow]] = {}
        for row in self.form.spending:
            by_line.setdefault(row.line, []).append(row)
        for line, rows in by_line.items():
            if not self.intact(sheet, [(r.row, ((SP_LINE, line), (SP_NATURE, r.nature))) for r in rows]):
                continue
            values: dict[str, Any] = {}
            clean = True
            first_cell = None
            for row in rows:
                raw = self.cell(sheet, row.amount_cell())
                if raw is None:
                    continue
                first_cell = first_cell or row.amount_cell()
                what = phrase("{line} ({nature})", line=line, nature=row.nature)
                amount = _number(raw)
                if amount is None:
                    self.wrong(sheet, row.amount_cell(), raw, what, _not_a_number(raw),
                               phrase("an amount such as 12500.50"))
                    clean = False
                elif _too_large_number(amount):
                    self.wrong(sheet, row.amount_cell(), raw, what, _too_large(),
                               phrase("an amount such as 12500.50"))
                    clean = False
                elif parse_amount(amount)[1]:  # the monitoring pass's rule of an amount
                    self.wrong(sheet, row.amount_cell(), raw, what, parse_amount(amount)[1],
                               phrase("an amount such as 12500.50"))
                    clean = False
                else:
                    values[row.nature] = amount.quantize(Decimal("0.01"))
            if first_cell is None:
                continue
            clean = self.sourced(sheet, rows[0].source_cell(), values,
                                 phrase("The spending on '{line}'", line=line),
                                 phrase("financial report, accounts")) and clean
            files, named = self.evidence(sheet, rows[0].evidence_cell(), values)
            self.spending[(line, self.form.reporter.id)] = _Entry(self.at(sheet, first_cell), values,
                                                                  clean and named, self.shown, files)


def _number(raw: Any) -> Decimal | None:
    """A number typed in a cell: a number, or text holding only digits and one decimal mark."""
    if isinstance(raw, (bool, dt.date, dt.time, dt.datetime)):
        return None
    if isinstance(raw, Decimal):  # the text the spreadsheet saved (`_saved_number`)
        return None if raw.is_nan() else raw
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        try:
            return Decimal(repr(raw))  # the shortest text of the double: 12688.57, not its binary expansion
        except InvalidOperation:
            return None
    if isinstance(raw, str) and _NUMBER.fullmatch(raw.strip()):
        return Decimal(raw.strip().replace(",", "."))
    return None


#: The significant digits that write any binary double out in full (Excel writes up to 17).
_DOUBLE_DIGITS = 17


def _saved_number(text: str, parsed: int | float) -> Decimal | int | float:
    """The number a cell saved, from its text (`1e999`, `100000000000000.001`) as the spreadsheet
    wrote it; openpyxl's value where the text is not a decimal number (never expected).

    A cell holds a binary double, and a writer may spell it out in full: 8843.55 typed (or
    prefilled by `cic forms`, through openpyxl) is saved as `8843.549999999999`, and Excel writes
    up to 17 digits. Such a text, at most 17 significant digits, whose double has a shorter text
    of its own, is that shorter text: what was typed. A text of more digits than any double holds
    (`100000000000000.001`) is what was written and is judged as written."""
    try:
        saved = Decimal(text)
    except InvalidOperation:
        return parsed
    if isinstance(parsed, float) and math.isfinite(parsed) and saved.is_finite():
        shortest = Decimal(repr(parsed))
        if len(shortest.as_tuple().digits) < len(saved.as_tuple().digits) <= _DOUBLE_DIGITS:
            return shortest
    return saved


def _too_large_number(number: Decimal) -> bool:
    """Out of cic's bounds by its size (`numeric.out_of_bounds`): too many decimals is said by the
    rule of the value instead (an amount's cents, a whole number), which is the reason to give."""
    if not out_of_bounds(number):
        return False
    exponent = number.as_tuple().exponent
    return not isinstance(exponent, int) or exponent > 0 or number.adjusted() >= MAX_INTEGER_DIGITS


def _too_large() -> Any:
    return phrase("it has more than {digits} digits before the decimal point, beyond any figure of a "
                  "programme", digits=MAX_INTEGER_DIGITS)


def _text_problem(text: str) -> Any:
    """Why a text from a form (a source) cannot go into the year file, or None."""
    if len(text) > MAX_TEXT:
        return phrase("it is {length} characters long, and a source takes at most {limit}",
                      length=Count(len(text)), limit=Count(MAX_TEXT))
    found = CONTROL.search(text) or BIDI.search(text)
    if found:
        return phrase("it holds the character U+{code}, invisible or invalid in a text",
                      code=f"{ord(found.group()):04X}")
    return None


def _not_a_number(raw: Any) -> Any:
    if isinstance(raw, (dt.date, dt.datetime)):
        return phrase("it is a date, not a number")
    return phrase("it is not a number")


# -- merging into the year's file --------------------------------------------------------------


def _merge(programme: Programme, year: int, reports: dict[tuple[str, str], _Entry],
           spending: dict[tuple[str, str], _Entry], findings: list[Finding], *, dry_run: bool, replace: bool,
           partial: bool, limits: Limits, received: dt.date, evidence_limit: int) -> ImportOutcome:
    folder = programme.root / "monitoring"
    target = folder / f"{year}.yaml"
    shown_target = display_path(target)
    unread = programme.unread.get(shown_target)
    if unread is not None:
        # a year file cic validate could not read: its figures are unknown, so none can be compared
        # and nothing is "already recorded" (with --partial too)
        findings.append(CIC734.finding("unusable", Location(shown_target, unread.line, unread.column),
                                       file=shown_target, problem=phrase("cic validate cannot read it")))
        return ImportOutcome(findings, shown_target, False, "", 0)
    loaded = programme.sources.get(shown_target)  # the year file as its figures were checked, if any
    recorded = _recorded(programme, year)
    blocks: tuple[Blocks, Blocks] = ({}, {})
    taken: list[Dropped] = []  # the evidence files of the entries written
    # the reporters whose entries are written, in the order their forms came (a dict: a set's order
    # would change from run to run with the hash seed, and so would the year file)
    replied: dict[str, None] = {}
    for kind, entries in ((0, reports), (1, spending)):
        for (outer_key, inner_key), entry in entries.items():
            key = ("reports" if kind == 0 else "spending", outer_key, inner_key)
            if not entry.clean:  # never written; without --partial, its error stops the import
                continue
            clashes = [(dropped, other) for dropped in entry.files
                       if (other := conflict(programme.root, dropped, evidence_limit)) is not None]
            for dropped, other in clashes:
                findings.append(CIC737.finding("replaced" if replace else "differs", entry.where,
                                               target=dropped.target, old=other, new=dropped.sha256))
            if clashes and not replace:
                continue
            old = recorded.get(key)
            values = dict(entry.values)
            if old is not None:
                old_file, old_values = old
                if _same(old_values, values, spending=kind == 1):
                    taken.extend(d for d, _ in clashes)  # the figures are there; the file is replaced
                    continue
                merged = {**old_values, **values} if kind == 0 else values
                if "evidence" in old_values and "evidence" not in merged:  # a form naming no file keeps them
                    merged = {**merged, "evidence": old_values["evidence"]}
                what = (phrase("{inner} of '{outer}'", inner=inner_key, outer=outer_key) if kind == 0 else
                        phrase("The spending on '{outer}' of '{inner}'", outer=outer_key, inner=inner_key))
                args: dict[str, Any] = {"what": what, "old": _show(old_values), "new": _show(values),
                                        "file": old_file}
                if old_file != shown_target:
                    findings.append(CIC731.finding("elsewhere", entry.where, target=shown_target, **args))
                    continue
                if not replace:
                    findings.append(CIC731.finding("differs", entry.where, **args))
                    continue
                findings.append(CIC731.finding("replaced", entry.where, **args))
                values = merged
            blocks[kind].setdefault(outer_key, {})[inner_key] = values
            taken.extend(entry.files)
            replied.setdefault(outer_key if kind == 0 else inner_key)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    added = sum(len(b) for block in blocks for b in block.values())
    if errors and not partial:
        return ImportOutcome(findings, shown_target, False, "", 0)
    if not added and not taken:
        return ImportOutcome(findings, shown_target, False, "", 0)
    current_raw: bytes | None = None
    current: str | None = None
    if os.path.lexists(target):
        current_raw, problems = read_bytes(target, shown_target, 10_000_000, inside=programme.root)
        text, more = decode(current_raw, shown_target) if current_raw is not None else (None, [])
        if current_raw is None or text is None:
            findings.append(CIC734.finding("unusable", Location(shown_target), file=shown_target,
                                           problem=(problems or more)[0].message))
            return ImportOutcome(findings, shown_target, False, "", 0)
        current = text
    if (current is None) != (loaded is None) or (loaded is not None and current != loaded.text):
        # created, changed or deleted since its figures were compared (another cic import, an
        # editor): what is recorded is not what was compared, so nothing is written from it
        return _raced(findings, shown_target)
    try:
        new_text = (merged_text(current, year, blocks[0], blocks[1], shown_target,
                                dict.fromkeys(replied, received)) if added else current or "")
    except FormatError as exc:
        findings.append(CIC734.finding("unusable", Location(shown_target, exc.line or 0), file=shown_target,
                                       problem=str(exc)))
        return ImportOutcome(findings, shown_target, False, "", 0)
    except Exception as exc:  # ruamel.yaml's errors on a broken file
        findings.append(CIC734.finding("unusable", Location(shown_target), file=shown_target,
                                       problem=f"{type(exc).__name__}: {exc}"))
        return ImportOutcome(findings, shown_target, False, "", 0)
    refusal = _refusal(new_text, current, shown_target, limits)
    if refusal is not None:  # never write a file cic would then refuse to read: it would block the year
        findings.append(CIC734.finding("refused", Location(shown_target), file=shown_target, problem=refusal))
        return ImportOutcome(findings, shown_target, False, "", 0)
    said = len(findings)
    record = _record_change(programme, taken, received, findings)
    if len(findings) > said:  # data/evidence.yaml cannot be changed: nothing is written
        return ImportOutcome(findings, shown_target, False, "", 0)
    diff = _diff(current, new_text, shown_target)
    if record is not None:
        diff += _diff(None if record.before is None else record.before.decode("utf-8-sig"), record.text,
                      record.shown)
    copied = tuple(display_path(programme.root / "evidence" / d.target) for d in _unique(taken) if d.data)
    if dry_run or (new_text == current and record is None and not copied):
        return ImportOutcome(findings, shown_target, False, diff, added, evidence=copied)
    created = take_into_place(programme.root, _unique(taken), evidence_limit)
    if new_text != current:
        make_folder(folder)
        try:
            if current_raw is None:  # a new file: created only if nothing is there (another run's file)
                create_text(target, new_text, inside=programme.root)
            else:  # replaced only if it still holds what was read
                write_text_atomic(target, new_text, expected=current_raw, inside=programme.root)
        except (AlreadyThere, ChangedMeanwhile):
            take_back(created)
            return _raced(findings, shown_target)
        except Exception:
            take_back(created)
            raise
    if record is not None:
        try:
            write_data_file(record, programme)
        except (AlreadyThere, ChangedMeanwhile):  # the figures are in; `cic evidence --record` finishes
            findings.append(CIC734.finding("changed", Location(record.shown), file=record.shown))
    return ImportOutcome(findings, shown_target, True, diff, added, evidence=copied)


def _unique(files: list[Dropped]) -> list[Dropped]:
    """Each file once (two entries may name the same one)."""
    return list({d.target: d for d in files}.values())


def _record_change(programme: Programme, taken: list[Dropped], day: dt.date, findings: list[Finding]) -> Any:
    """The change of data/evidence.yaml recording the files taken (sent, or in place but unrecorded),
    or None; a record that cannot be changed is a CIC734 finding (the import writes no file then)."""
    known = programme.evidence.model.files if programme.evidence is not None else {}
    records = {d.target: (d.sha256, d.size, day) for d in _unique(taken)
               if d.target not in known or known[d.target].sha256 != d.sha256}
    if not records:
        return None
    try:
        return planned(programme, EVIDENCE_RECORD, set_records(records))
    except (DataError, UsageError) as exc:
        shown = display_path(programme.root / EVIDENCE_RECORD)
        findings.append(CIC734.finding("unusable", Location(shown), file=shown, problem=str(exc)))
        return None


def _diff(before: str | None, after: str, shown: str) -> str:
    return "".join(difflib.unified_diff((before or "").splitlines(keepends=True),
                                        after.splitlines(keepends=True), f"{shown} (as it is)",
                                        f"{shown} (imported)"))


def _refusal(new_text: str, current: str | None, shown: str, limits: Limits) -> Any:
    """Why cic's own reading (the settings' limits, the reader, the model) would refuse the year file
    `new_text` where it reads `current`, or None: a problem the file has already is not the import's.
    """
    from cicmaroc.loading.validation_errors import validate_doc
    from cicmaroc.yaml.reader import parse_text

    size = len(new_text.encode("utf-8"))
    if size > limits.max_bytes:
        return phrase("it would be {size} bytes, over the limit of {limit} bytes for a data file",
                      size=Count(size), limit=Count(limits.max_bytes))

    def problems(text: str) -> list[Finding]:
        source, found = parse_text(text, shown, limits)
        if source is None:
            return found
        return [*found, *validate_doc(source, MonitoringYear)[1]]

    before = {(f.code, f.message) for f in problems(current)} if current is not None else set()
    new = [f for f in problems(new_text)
           if f.severity is Severity.ERROR and (f.code, f.message) not in before]
    return phrase(new[0].template, **new[0].args) if new else None


def _raced(findings: list[Finding], shown_target: str) -> ImportOutcome:
    """The year file changed under the import: nothing written; `api.import_forms` runs it again."""
    findings.append(CIC734.finding("changed", Location(shown_target), file=shown_target))
    return ImportOutcome(findings, shown_target, False, "", 0, raced=True)


def _recorded(programme: Programme, year: int) -> dict[tuple[str, str, str], tuple[str, dict[str, Any]]]:
    """Every entry recorded for `year`, by (reports|spending, outer, inner): its file and values."""
    found: dict[tuple[str, str, str], tuple[str, dict[str, Any]]] = {}
    for doc in programme.monitoring:
        if doc.model.year != year:
            continue
        for reporter, entries in doc.model.reports.items():
            for indicator, entry in (entries or {}).items():
                if entry is not None:
                    values = {**entry.values(), **({"source": entry.source} if entry.source else {}),
                              **({"evidence": list(entry.evidence)} if entry.evidence else {})}
                    found.setdefault(("reports", str(reporter), str(indicator)), (doc.file, values))
        for line, spenders in doc.model.spending.items():
            for spender, spent in (spenders or {}).items():
                if spent is not None:
                    values = {**spent.amounts(), **({"source": spent.source} if spent.source else {}),
                              **({"evidence": list(spent.evidence)} if spent.evidence else {})}
                    found.setdefault(("spending", str(line), str(spender)), (doc.file, values))
    return found


def _same(old: dict[str, Any], new: dict[str, Any], *, spending: bool) -> bool:
    """True when every figure (and the source) of `new` is already recorded in `old`."""
    for key, value in new.items():
        if key == "source":
            if " ".join(str(old.get("source") or "").split()) != value:
                return False
        elif key == "evidence":  # the files named, in order (a form naming none keeps those recorded)
            if list(old.get("evidence") or []) != value:
                return False
        elif _normal(old.get(key, 0 if spending else None)) != _normal(value):
            return False
    if spending:  # a nature recorded but left empty in the form: recorded as spent, now not
        return all(_normal(old[k]) == 0 or k in new for k in old if k not in ("source", "evidence", "note"))
    return True


def _normal(value: Any) -> Any:
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, dict):
        return {k: _normal(v) for k, v in value.items()}
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return value


def _show(values: dict[str, Any]) -> Phrase | Fields:
    """An entry's figures as CIC731 quotes them: a yes/no in the reader's words, a figure with the
    language's separators, a text quoted and cut like any finding's."""
    def shown(v: Any) -> Any:
        if isinstance(v, bool):
            return YesNo(v)
        return Decimal(v) if isinstance(v, (int, Decimal)) else preview(v)
    fields = Fields(tuple((k, shown(v)) for k, v in values.items() if k != "source"))
    if values.get("source"):
        return phrase("{fields} (source: {source})", fields=fields, source=values["source"])
    return fields


