"""What one reporter's form holds, and where: the one layout `cic forms` writes and `cic import` reads.

A form lays out what a reporter is expected to send for a year (`analysis.reporters.expected_of`:
the indicators of its level, the budget lines it is an expected spender of) as rows and cells;
the same function gives the writer the cells to fill and the importer the cells to read and the
locked cells to compare. Nothing else is read from a returned workbook, so a cell outside the
form can never become a figure. Who reports what is the analysis's (`cic status` and the report
count the same expectations without any workbook); where it goes on the sheet is the form's.
"""

from __future__ import annotations

from typing import NamedTuple

from cicmaroc.analysis.execution import expected_natures
from cicmaroc.analysis.reporters import Reporter, expected_of
from cicmaroc.loading.programme import Programme
from cicmaroc.models.logframe import Indicator, Measure

#: The version of the form's layout, in the form; `cic import` reads only the versions it knows.
#: Version 2 added the evidence column (the files sent with the form) and the due date; a form of
#: version 1 has the same cells without them, so it is read as one of version 2 with no files named.
FORM_VERSION = 2
READ_VERSIONS = (1, 2)
#: The hidden sheet holding who the form is for, the year and the language.
IDENTITY_SHEET = "cic"

#: Rows of the two answer sheets: title, identity, instructions, then headers and the rows.
TITLE_ROW, IDENTITY_ROW, INTRO_ROW, HEADER_ROW, FIRST_ROW = 1, 2, 3, 5, 6
#: Identity cells, on both answer sheets: the reporter's id and the year (locked, compared on import).
ID_CELL, YEAR_CELL = "D2", "F2"
#: Where the form says by when it is due (locked, read by nobody: the date is data/due-dates.yaml's).
DUE_LABEL_COLUMN, DUE_COLUMN = 7, 8

# Indicator sheet columns
(IND_ID, IND_QUESTION, IND_MEASURE, IND_UNIT, IND_PREVIOUS, IND_VALUE, IND_OF, IND_SOURCE,
 IND_EVIDENCE) = range(1, 10)
# Spending sheet columns
SP_LINE, SP_LABEL, SP_NATURE, SP_PREVIOUS, SP_AMOUNT, SP_SOURCE, SP_EVIDENCE = range(1, 8)


def get_column_letter(column: int) -> str:
    """A form's column as a spreadsheet names it (A-Z: a form has nine columns at most).

    Written here rather than taken from openpyxl, so that the layout (which `cic import` also
    reads cells by) needs no spreadsheet library.
    """
    assert 1 <= column <= 26
    return chr(ord("A") + column - 1)


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

    def evidence_cell(self) -> str:
        return f"{get_column_letter(IND_EVIDENCE)}{self.row}"

    def answer_cells(self) -> list[str]:
        cells = [self.value_cell()]
        if self.measure.rollup == "ratio":
            cells.append(self.of_cell())
        if self.first:
            cells += [self.source_cell(), self.evidence_cell()]
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

    def evidence_cell(self) -> str:
        return f"{get_column_letter(SP_EVIDENCE)}{self.row}"

    def answer_cells(self) -> list[str]:
        return [self.amount_cell(), *([self.source_cell(), self.evidence_cell()] if self.first else [])]


class Form(NamedTuple):
    """A reporter's form for a year: the indicator rows and the spending rows."""

    reporter: Reporter
    year: int
    figures: tuple[FigureRow, ...]
    spending: tuple[SpendingRow, ...]

    def source_row(self, figure: FigureRow) -> FigureRow:
        """The first row of `figure`'s indicator, which holds the indicator's source cell."""
        return next(f for f in self.figures if f.indicator.id == figure.indicator.id and f.first)


def form_for(programme: Programme, reporter: Reporter, year: int) -> Form:
    """The form of `reporter` for `year`: its indicators' measures, then its budget lines' planned
    natures."""
    asked = expected_of(programme, reporter, year)
    figures: list[FigureRow] = []
    row = FIRST_ROW
    for indicator, measure, first in asked.measures:
        figures.append(FigureRow(row, indicator, measure, first))
        row += 1
    spending: list[SpendingRow] = []
    row = FIRST_ROW
    budget = programme.budget.model if programme.budget is not None else None
    for line_id, label in asked.lines:
        # the natures planned on the line for the year: a nature T3 prints "-" is not asked for
        natures = expected_natures(budget, line_id, year) if budget is not None else ()
        for index, nature in enumerate(natures):
            spending.append(SpendingRow(row, line_id, label, nature, index == 0))
            row += 1
    return Form(reporter, year, tuple(figures), tuple(spending))


def file_name(reporter: Reporter, year: int) -> str:
    """The workbook's file name: `2019-ait-baha.xlsx` (ids are slugs: safe on every system)."""
    return f"{year}-{reporter.id}.xlsx"
