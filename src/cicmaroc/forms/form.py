"""What one reporter's form holds, and where: the one layout `cic forms` writes and `cic import` reads.

A form is computed from the programme (who reports what: the logframe's indicator levels, the
budget's lines and associations) and the reporter; the same function gives the writer the cells
to fill and the importer the cells to read and the locked cells to compare. Nothing else is
read from a returned workbook, so a cell outside the form can never become a figure.

Reporters: each Moroccan commune (commune-level indicators), each partnership (partnership-level
indicators, and its spending on line 1. Partenaires), `programme` (programme-level indicators)
and each association of the budget (its spending on the other lines). Which budget lines a
reporter is asked for in a year is the budget execution's rule, `analysis.execution.
expected_spenders` (nothing planned on a line that year: nobody is asked; an association with
no planned share: asked for nothing), so that a form never asks what the execution table
would not wait for.
"""

from __future__ import annotations

from typing import NamedTuple

from cicmaroc.analysis.execution import expected_spenders
from cicmaroc.derive.actuals import PROGRAMME
from cicmaroc.loading.programme import Programme
from cicmaroc.models.budget import NATURES, PARTNERS_LINE, Budget
from cicmaroc.models.logframe import Indicator, Measure

#: The version of the form's layout, in the form; `cic import` reads only its own.
FORM_VERSION = 1
#: The hidden sheet holding who the form is for, the year and the language.
IDENTITY_SHEET = "cic"
LANGUAGES = ("fr", "nl", "en")

#: Rows of the two answer sheets: title, identity, instructions, then headers and the rows.
TITLE_ROW, IDENTITY_ROW, INTRO_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 5, 6
#: Identity cells, on both answer sheets: the reporter's id and the year (locked, compared on import).
ID_CELL, YEAR_CELL = "D2", "F2"

# Indicator sheet columns
IND_ID, IND_QUESTION, IND_MEASURE, IND_UNIT, IND_PREVIOUS, IND_VALUE, IND_OF, IND_SOURCE = range(1, 9)
# Spending sheet columns
SP_LINE, SP_LABEL, SP_NATURE, SP_PREVIOUS, SP_AMOUNT, SP_SOURCE = range(1, 7)


def get_column_letter(column: int) -> str:
    """A form's column as a spreadsheet names it (A-Z: a form has eight columns at most).

    Written here rather than taken from openpyxl, so that `cic status` and the report, which
    use the layout, do not load the spreadsheet library.
    """
    assert 1 <= column <= 26
    return chr(ord("A") + column - 1)


class Reporter(NamedTuple):
    """Who fills in a form: `kind` is commune, partnership, programme or association."""

    id: str
    kind: str
    name: str
    partnership: str = ""  # a commune's partnership


class FigureRow(NamedTuple):
    """One measure of one indicator; the first row of an indicator holds its source cell."""

    row: int
    indicator: Indicator
    measure: Measure
    first: bool

    def value_cell(self) -> str:
        return f"{get_column_letter(IND_VALUE)}{self.row}"

    def of_cell(self) -> str:
        return f"{get_column_letter(IND_OF)}{self.row}"

    def source_cell(self) -> str:
        return f"{get_column_letter(IND_SOURCE)}{self.row}"

    def answer_cells(self) -> list[str]:
        cells = [self.value_cell()]
        if self.measure.rollup == "ratio":
            cells.append(self.of_cell())
        if self.first:
            cells.append(self.source_cell())
        return cells


class SpendingRow(NamedTuple):
    """One nature of one budget line; the first row of a line holds its source cell."""

    row: int
    line: str
    label: str
    nature: str
    first: bool

    def amount_cell(self) -> str:
        return f"{get_column_letter(SP_AMOUNT)}{self.row}"

    def source_cell(self) -> str:
        return f"{get_column_letter(SP_SOURCE)}{self.row}"

    def answer_cells(self) -> list[str]:
        return [self.amount_cell(), *([self.source_cell()] if self.first else [])]


class Form(NamedTuple):
    """A reporter's form for a year: the indicator rows and the spending rows."""

    reporter: Reporter
    year: int
    figures: tuple[FigureRow, ...]
    spending: tuple[SpendingRow, ...]

    def source_row(self, figure: FigureRow) -> FigureRow:
        """The first row of `figure`'s indicator, which holds the indicator's source cell."""
        return next(f for f in self.figures if f.indicator.id == figure.indicator.id and f.first)


def reporters(programme: Programme) -> list[Reporter]:
    """Everyone who reports something, in the order of the partner files, then programme, associations."""
    found: list[Reporter] = []
    levels = _levels(programme)
    for ref in programme.communes():
        if "commune" in levels:
            partnership = ref.partner.model.belgian_commune.name
            found.append(Reporter(ref.id, "commune", ref.commune.name, partnership))
    for partner in programme.partners:
        found.append(Reporter(partner.model.id, "partnership", partner.model.belgian_commune.name))
    if "programme" in levels:
        found.append(Reporter(PROGRAMME, "programme", PROGRAMME))
    budget = programme.budget.model if programme.budget else None
    if budget is not None and any(b.id and b.id != PARTNERS_LINE for b in budget.lines):
        found.extend(Reporter(a.id, "association", a.label or a.id) for a in budget.associations if a.id)
    seen: set[str] = set()
    unique = []
    for reporter in found:  # an id twice (a commune in two partnerships) is CIC3xx's to report
        if reporter.id not in seen:
            seen.add(reporter.id)
            unique.append(reporter)
    return unique


def _levels(programme: Programme) -> set[str]:
    frame = programme.logframe.model if programme.logframe else None
    return {i.level for i in frame.indicators()} if frame else set()


def form_for(programme: Programme, reporter: Reporter, year: int) -> Form:
    """The form of `reporter` for `year`: its indicators' measures, then its budget lines' natures."""
    frame = programme.logframe.model if programme.logframe else None
    level = "commune" if reporter.kind == "commune" else reporter.kind
    figures: list[FigureRow] = []
    row = FIRST_ROW
    for indicator in frame.indicators() if frame else []:
        if indicator.level != level:
            continue
        for index, measure in enumerate(indicator.measures):
            figures.append(FigureRow(row, indicator, measure, index == 0))
            row += 1
    spending: list[SpendingRow] = []
    budget = programme.budget.model if programme.budget else None
    row = FIRST_ROW
    for line_id, label in _lines_of(reporter, budget, year):
        for index, nature in enumerate(NATURES):
            spending.append(SpendingRow(row, line_id, label, nature, index == 0))
            row += 1
    return Form(reporter, year, tuple(figures), tuple(spending))


def _lines_of(reporter: Reporter, budget: Budget | None, year: int) -> list[tuple[str, str]]:
    """The budget lines `reporter` is expected to report spending on in `year`, in T3's order.

    The execution's rule, not a copy of it: a partnership is among line 1's expected spenders,
    an association among those of a line it has a planned share of, when the line has a plan.
    """
    if budget is None or reporter.kind not in ("partnership", "association"):
        return []
    partnerships = [reporter.id] if reporter.kind == "partnership" else []
    expected = expected_spenders(budget, partnerships, year)
    return [(b.id, b.label or b.id) for b in budget.lines
            if b.id and reporter.id in expected.get(b.id, ())]


def file_name(reporter: Reporter, year: int) -> str:
    """The workbook's file name: `2019-ait-baha.xlsx` (ids are slugs: safe on every system)."""
    return f"{year}-{reporter.id}.xlsx"
