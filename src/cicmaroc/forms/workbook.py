"""`cic forms`: one workbook (.xlsx) per reporter, checked as it is filled in, locked elsewhere.

openpyxl writes the workbooks (a well-kept library that Excel and LibreOffice Calc both read:
cell protection, data validation and hidden sheets are part of the file format, not of a macro).
Each form has:

- an indicator sheet: one row per measure of each indicator the reporter reports, with the
  question in plain words, the unit, last year's value for reference, and yellow answer cells:
  a yes/no list, a whole number >= 0, the part and the whole of a share (part <= whole), and a
  required source of verification beside each indicator;
- a spending sheet (partnerships and associations): one row per budget line and nature, an
  amount in euros with at most two decimals, and a required source per line;
- beside each source, the names of the files sent with the form as evidence (council minutes,
  attendance lists, invoices), which `cic import` takes into data/evidence/;
- the reporter, its id, the year and the date the form is due on both sheets, and in a hidden
  sheet (`cic`) that `cic import` reads; every cell but the answers is locked (sheet protection,
  no password: it prevents slips, and `cic import` compares the locked cells it relies on).

What is already recorded for the year is filled in, so a reporter who already sent figures sees
them and corrects them rather than starting again. Nothing is made up: a figure not recorded
is an empty cell.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import PurePosixPath
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from cicmaroc.derive.actuals import Actuals, Ratio, Value
from cicmaroc.forms.form import (
    DUE_COLUMN,
    DUE_LABEL_COLUMN,
    FIRST_ROW,
    FORM_VERSION,
    HEADER_ROW,
    ID_CELL,
    IDENTITY_ROW,
    IDENTITY_SHEET,
    IND_EVIDENCE,
    IND_ID,
    IND_MEASURE,
    IND_OF,
    IND_PREVIOUS,
    IND_QUESTION,
    IND_SOURCE,
    IND_UNIT,
    IND_VALUE,
    INTRO_ROW,
    SP_AMOUNT,
    SP_EVIDENCE,
    SP_LABEL,
    SP_LINE,
    SP_NATURE,
    SP_PREVIOUS,
    SP_SOURCE,
    TITLE_ROW,
    YEAR_CELL,
    FigureRow,
    Form,
    SpendingRow,
)
from cicmaroc.models.common import text_in

ANSWER = PatternFill("solid", start_color="FFF2CC")  # light yellow: the cells to fill in
HEADER = PatternFill("solid", start_color="D9E2F3")
LOCKED_TEXT = Font(color="595959")
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
MONEY_FORMAT = "#,##0.00"


def build_workbook(form: Form, wording: dict[str, Any], actuals: Actuals, lang: str,
                   due: dt.date | None = None) -> Workbook:
    """The form as an openpyxl workbook (the caller saves it); `due`, the day it is due back."""
    book = Workbook()
    first = book.active
    assert first is not None
    due_on = _due_text(due, lang)
    if form.figures or not form.spending:  # a sheet only for what the reporter reports
        _indicator_sheet(book.create_sheet(str(wording["sheet_indicators"])), form, wording, actuals, lang,
                         due_on)
    if form.spending:
        _spending_sheet(book.create_sheet(str(wording["sheet_spending"])), form, wording, actuals, due_on)
    book.remove(first)
    _identity_sheet(book.create_sheet(IDENTITY_SHEET), form, lang)
    book.security = WorkbookProtection(lockStructure=True)  # the hidden sheet stays hidden
    book.properties.creator = "cic forms"
    book.properties.title = f"{_title(wording, form)}: {form.reporter.name}"
    book.properties.keywords = f"cic-form reporter={form.reporter.id} year={form.year}"
    return book


def _due_text(due: dt.date | None, lang: str) -> str | None:
    """The due date as the form's reader writes dates (31 mars 2020), or None."""
    if due is None:
        return None
    from cicmaroc.i18n.formatter import Formatter

    return Formatter(lang).date(due)


def _title(wording: dict[str, Any], form: Form) -> str:
    return str(wording["title"]).format(year=form.year, programme=wording.get("programme", ""))


def _head(sheet: Worksheet, form: Form, wording: dict[str, Any], intro: str, headers: list[str],
          widths: list[int], due_on: str | None) -> None:
    sheet.cell(TITLE_ROW, 1, _title(wording, form)).font = Font(bold=True, size=14)
    reporter = form.reporter
    kind = wording["kinds"][reporter.kind]
    name = reporter.name  # an association is named by cic in the form's language, as in the report
    if reporter.kind == "association":
        name = wording["association_names"].get(reporter.id, name)
    shown = f"{kind}: {name}" + (f" ({reporter.partnership})" if reporter.partnership else "")
    sheet.cell(IDENTITY_ROW, 1, wording["reporter"]).font = BOLD
    _text(sheet, IDENTITY_ROW, 2, shown)
    sheet.cell(IDENTITY_ROW, 2).alignment = WRAP  # a long name wraps rather than hides under the next label
    sheet.row_dimensions[IDENTITY_ROW].height = 15 * max(1, -(-len(shown) // 26))
    sheet.cell(IDENTITY_ROW, 3, wording["identifier"]).font = BOLD
    _text(sheet, IDENTITY_ROW, 4, reporter.id)
    sheet.cell(IDENTITY_ROW, 5, wording["year"]).font = BOLD
    sheet[YEAR_CELL] = form.year
    assert sheet[ID_CELL].value == reporter.id
    if due_on is not None:
        sheet.cell(IDENTITY_ROW, DUE_LABEL_COLUMN, wording["due"]).font = BOLD
        _text(sheet, IDENTITY_ROW, DUE_COLUMN, due_on)
        sheet.cell(IDENTITY_ROW, DUE_COLUMN).font = BOLD
    _text(sheet, INTRO_ROW, 1, intro.format(year=form.year))
    sheet.merge_cells(start_row=INTRO_ROW, start_column=1, end_row=INTRO_ROW, end_column=len(headers))
    sheet.cell(INTRO_ROW, 1).alignment = WRAP
    sheet.row_dimensions[INTRO_ROW].height = 48
    for column, (header, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = sheet.cell(HEADER_ROW, column, header)
        cell.font = BOLD
        cell.fill = HEADER
        cell.alignment = WRAP
        sheet.column_dimensions[get_column_letter(column)].width = width
    sheet.row_dimensions[HEADER_ROW].height = 30
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.page_setup.orientation = "landscape"  # printed, the form is one page wide
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.protection.sheet = True  # every cell is locked unless made an answer cell


def _indicator_sheet(sheet: Worksheet, form: Form, wording: dict[str, Any], actuals: Actuals,
                     lang: str, due_on: str | None) -> None:
    year = form.year
    primary = str(wording["language"])  # the programme's: its texts are written in it
    headers = [wording["col_indicator"], wording["col_question"], wording["col_measure"], wording["col_unit"],
               wording["col_previous"].format(year=year - 1), wording["col_value"].format(year=year),
               wording["col_of"], wording["col_source"], wording["col_evidence"]]
    _head(sheet, form, wording, wording["intro_indicators"], headers, [10, 60, 14, 30, 14, 14, 12, 40, 30],
          due_on)
    checks = _Validations(sheet, wording)
    reporter = form.reporter.id
    for figure in form.figures:
        row, indicator, measure = figure.row, figure.indicator, figure.measure
        _text(sheet, row, IND_ID, indicator.id)
        if figure.first:
            _text(sheet, row, IND_QUESTION, text_in(indicator, "text", primary, lang))
        _text(sheet, row, IND_MEASURE, measure.id)
        unit = text_in(measure, "unit", primary, lang) + (
            f" ({wording['share']})" if measure.rollup == "ratio" else "")
        _text(sheet, row, IND_UNIT, unit)
        for column in (IND_QUESTION, IND_UNIT):
            sheet.cell(row, column).alignment = WRAP
        lines = max(_lines(sheet.cell(row, IND_QUESTION).value, 60), _lines(unit, 30))
        sheet.row_dimensions[row].height = 15 * lines  # a spreadsheet sizes no row itself on opening
        previous = actuals.measure(indicator.id, measure.id).get(year - 1, {}).get(reporter)
        _text(sheet, row, IND_PREVIOUS, _shown(previous, wording) if previous is not None else "")
        current = actuals.measure(indicator.id, measure.id).get(year, {}).get(reporter)
        _answer_figure(sheet, figure, current, checks, wording)
        if figure.first:
            source = _answer(sheet, row, IND_SOURCE)
            source.value = actuals.source(indicator.id, year, reporter)
            _keep_text(source)
            checks.source(source.coordinate)
            _evidence_cell(sheet, row, IND_EVIDENCE, actuals.evidence.get((indicator.id, year, reporter), ()),
                           form, checks)
        for column in (IND_ID, IND_QUESTION, IND_MEASURE, IND_UNIT, IND_PREVIOUS):
            sheet.cell(row, column).font = LOCKED_TEXT
        for column in range(IND_ID, IND_EVIDENCE + 1):
            sheet.cell(row, column).alignment = WRAP


def _answer_figure(sheet: Worksheet, figure: FigureRow, current: Value | None, checks: _Validations,
                   wording: dict[str, Any]) -> None:
    rollup = figure.measure.rollup
    value = _answer(sheet, figure.row, IND_VALUE)
    if rollup == "ratio":
        whole = _answer(sheet, figure.row, IND_OF)
        if isinstance(current, Ratio):
            value.value, whole.value = _number(current.part), _number(current.of)
        checks.part(value.coordinate, whole.coordinate)
        checks.whole(whole.coordinate, at_least=value.coordinate)
        return
    if rollup in ("count", "latest"):  # yes/no: a commune has it or not (latest: the programme's)
        if isinstance(current, (bool, Decimal)):  # a `latest` recorded as a number: 1 is yes, 0 no
            value.value = wording["yes"] if current else wording["no"]
        checks.yes_no(value.coordinate)
        return
    if isinstance(current, Decimal):
        value.value = _number(current)
    checks.whole(value.coordinate)


def _spending_sheet(sheet: Worksheet, form: Form, wording: dict[str, Any], actuals: Actuals,
                    due_on: str | None) -> None:
    year = form.year
    headers = [wording["col_line"], "", wording["col_nature"],
               wording["col_previous_amount"].format(year=year - 1),
               wording["col_amount"].format(year=year), wording["col_source"], wording["col_evidence"]]
    _head(sheet, form, wording, wording["intro_spending"], headers, [16, 28, 18, 16, 16, 40, 30], due_on)
    checks = _Validations(sheet, wording)
    spender = form.reporter.id
    for row in form.spending:
        _text(sheet, row.row, SP_LINE, row.line)
        _text(sheet, row.row, SP_LABEL, row.label if row.first else "")
        _text(sheet, row.row, SP_NATURE, row.nature)
        previous = _spent(actuals, year - 1, row, spender)
        sheet.cell(row.row, SP_PREVIOUS, _number(previous) if previous is not None else None)
        sheet.cell(row.row, SP_PREVIOUS).number_format = MONEY_FORMAT
        amount = _answer(sheet, row.row, SP_AMOUNT)
        current = _spent(actuals, year, row, spender)
        amount.value = _number(current) if current is not None else None
        amount.number_format = MONEY_FORMAT
        checks.money(amount.coordinate)
        if row.first:
            source = _answer(sheet, row.row, SP_SOURCE)
            source.value = actuals.spending_sources.get((year, row.line, spender))
            _keep_text(source)
            checks.source(source.coordinate)
            _evidence_cell(sheet, row.row, SP_EVIDENCE,
                           actuals.spending_evidence.get((year, row.line, spender), ()), form, checks)
        else:
            _text(sheet, row.row, SP_SOURCE, wording["same_source"])
        for column in (SP_LINE, SP_LABEL, SP_NATURE, SP_PREVIOUS):
            sheet.cell(row.row, column).font = LOCKED_TEXT


def _evidence_cell(sheet: Worksheet, row: int, column: int, recorded: tuple[str, ...], form: Form,
                   checks: _Validations) -> None:
    """The answer cell naming the files sent with the form, filled with those already recorded:
    by their name when `cic import` put them in the reporter's folder of the year, else by path."""
    cell = _answer(sheet, row, column)
    own = PurePosixPath(str(form.year), form.reporter.id)
    names = [PurePosixPath(path).name if PurePosixPath(path).parent == own else path for path in recorded]
    cell.value = "; ".join(names) or None
    _keep_text(cell)
    checks.evidence(cell.coordinate)


def _spent(actuals: Actuals, year: int, row: SpendingRow, spender: str) -> Decimal | None:
    """The amount recorded, or None when the spender did not report it: no entry for the line, or a
    nature left blank in it (missing, never zero: a form prefills only what somebody entered)."""
    return actuals.spending.get(year, {}).get((row.line, spender, row.nature))


def _identity_sheet(sheet: Worksheet, form: Form, lang: str) -> None:
    """Who the form is for, the year, the language and the layout's version: read by `cic import`."""
    fields: tuple[tuple[str, str | int], ...] = (("form", "cic-forms"), ("version", FORM_VERSION),
                                                 ("reporter", form.reporter.id), ("year", form.year),
                                                 ("lang", lang))
    for row, (key, value) in enumerate(fields, start=1):
        sheet.cell(row, 1, key)
        sheet.cell(row, 2, value)
        _keep_text(sheet.cell(row, 2))
    sheet.sheet_state = "veryHidden"
    sheet.protection.sheet = True


class _Validations:
    """The sheet's data validations: one per kind of answer, each with its help and error text."""

    def __init__(self, sheet: Worksheet, wording: dict[str, Any]) -> None:
        self.sheet = sheet
        self.wording = wording
        yes_no = f'"{wording["yes"]},{wording["no"]}"'
        self.lists = self._add(DataValidation(type="list", formula1=yes_no, allow_blank=True),
                               "help_yesno")
        self.counts = self._add(DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0",
                                               allow_blank=True), "help_whole")
        self.sources = self._add(DataValidation(type="textLength", operator="greaterThan", formula1="0",
                                                allow_blank=False), "help_source")
        self.files = self._add(DataValidation(type="textLength", operator="lessThanOrEqual", formula1="1000",
                                              allow_blank=True), "help_evidence")

    def _add(self, validation: DataValidation, help_key: str) -> DataValidation:
        validation.showInputMessage = True
        validation.showErrorMessage = True
        validation.errorStyle = "stop"
        validation.promptTitle = None
        validation.prompt = self.wording[help_key]
        validation.errorTitle = self.wording["refused"]
        validation.error = self.wording[help_key]
        self.sheet.add_data_validation(validation)
        return validation

    def yes_no(self, cell: str) -> None:
        self.lists.add(cell)

    def whole(self, cell: str, at_least: str | None = None) -> None:
        if at_least is None:
            self.counts.add(cell)
            return
        check = f"AND(ISNUMBER({cell}),INT({cell})={cell},{cell}>=0,{cell}>=N({at_least}))"
        self._add(DataValidation(type="custom", formula1=check, allow_blank=True), "help_of").add(cell)

    def part(self, cell: str, of: str) -> None:
        check = f"AND(ISNUMBER({cell}),INT({cell})={cell},{cell}>=0,OR(ISBLANK({of}),{cell}<={of}))"
        self._add(DataValidation(type="custom", formula1=check, allow_blank=True), "help_part").add(cell)

    def money(self, cell: str) -> None:
        check = f"AND(ISNUMBER({cell}),{cell}>=0,ROUND({cell},2)={cell})"
        self._add(DataValidation(type="custom", formula1=check, allow_blank=True), "help_money").add(cell)

    def source(self, cell: str) -> None:
        self.sources.add(cell)

    def evidence(self, cell: str) -> None:
        self.files.add(cell)


def _answer(sheet: Worksheet, row: int, column: int) -> Any:
    cell = sheet.cell(row, column)
    cell.protection = Protection(locked=False)
    cell.fill = ANSWER
    return cell


def _text(sheet: Worksheet, row: int, column: int, value: str) -> None:
    """A text cell that stays text: a value starting with '=' is never written as a formula."""
    cell = sheet.cell(row, column, value)
    _keep_text(cell)


def _keep_text(cell: Any) -> None:
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"


def _number(value: Decimal) -> int | float:
    """A figure as the spreadsheet stores it: a whole number as an integer, cents as a float.

    An xlsx cell holds a binary double; two-decimal amounts below 10^13 survive the round trip
    (the importer reads them back through their shortest decimal text).
    """
    return int(value) if value == value.to_integral_value() else float(value)


def _lines(text: object, width: int) -> int:
    """Roughly how many lines `text` wraps to in a column `width` characters wide."""
    if not isinstance(text, str) or not text:
        return 1
    return max(1, -(-len(text) * 11 // (width * 10)))


def _shown(value: Value, wording: dict[str, Any]) -> str:
    if isinstance(value, bool):
        return str(wording["yes"] if value else wording["no"])
    if isinstance(value, Ratio):
        return f"{value.part} / {value.of}"
    return str(value)
