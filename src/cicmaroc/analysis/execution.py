"""Budget execution: the T3 plan against what was spent, by year, line, nature and partnership.

Pure functions over the budget model and the checked spending (`Actuals`); money stays Decimal.
The plan is the T3 table *as printed*: a line's planned figure is its printed total, never a sum
computed here (checking the arithmetic is `cic validate`'s job).

Spending is only as complete as the reports behind it. Each line has *expected spenders* for a
year: the partnerships for the line they spend (`spent_by: partnerships`, whose total their
Budget OS 1 make up), the associations with a planned share for the other lines, and nobody for a
line with nothing
planned that year. A figure is stated plainly only when every expected spender reported for
every year it counts; otherwise what was reported is a lower bound of the spending (an upper
bound of what remains), shown with how many of the expected reports came in, and nothing
reported at all is "not recorded", never zero; a line nobody was asked about (nothing planned)
and nobody spent on is "not reported", never zero either. Formulas: docs/progress.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from cicmaroc.cells import CellValue, Dash, add, amount, nothing_planned
from cicmaroc.derive.actuals import Actuals
from cicmaroc.models.budget import Block, Budget, RowKey

ZERO = Decimal(0)
#: How a figure relates to the truth: it is it, or the truth is at least / at most it.
Bound = Literal["exact", "at_least", "at_most"]


@dataclass(frozen=True, slots=True)
class Estimate:
    """A money figure or rate, exact or a bound of the real one."""

    value: Decimal
    bound: Bound

    @property
    def exact(self) -> bool:
        return self.bound == "exact"


@dataclass(frozen=True, slots=True)
class Spent:
    """Spending over some years, as far as the expected spenders reported it."""

    known: Decimal | None  # what the reports received add up to; None: no report counts yet
    reported: int  # expected reports received (one per expected spender and year)
    expected: int  # expected reports
    unrecorded: tuple[int, ...]  # years counted without any spending recorded at all
    years: tuple[int, ...] = ()  # the years counted
    unasked: tuple[int, ...] = ()  # years recorded in which nobody was asked and nobody spent on it

    @property
    def not_recorded(self) -> bool:
        """Nothing known because no year counted has any spending recorded (not a missing report)."""
        return self.known is None and bool(self.years) and set(self.unrecorded) == set(self.years)

    @property
    def not_asked(self) -> bool:
        """Nothing known because, in every year counted, nobody was asked to report on it (nothing
        planned) and nobody did: "not reported", never a zero nobody stated."""
        return self.known is None and bool(self.years) and set(self.unasked) == set(self.years)

    @property
    def complete(self) -> bool:
        return self.known is not None and self.reported >= self.expected and not self.unrecorded

    @property
    def amount(self) -> Estimate | None:
        """The amount spent, or at least what was reported; None when nothing was reported."""
        if self.known is None:
            return None
        return Estimate(self.known, "exact" if self.complete else "at_least")

    def rate(self, planned: CellValue | None) -> Estimate | None:
        """spent / planned (at least, when reports are missing); None without plan or reports, and
        for a plan printed "-" or 0 (no share of nothing)."""
        amount = self.amount
        if amount is None or planned is None or isinstance(planned, Dash) or planned == 0:
            return None
        return Estimate(amount.value / planned, amount.bound)

    def remaining(self, planned: CellValue | None) -> Estimate | None:
        """What is left of `planned` (at most, when reports are missing); None for a plan printed
        "-": nothing is left of a dash, and a figure computed from a zero nobody printed would be
        no figure of the plan's."""
        amount = self.amount
        if amount is None or planned is None or isinstance(planned, Dash):
            return None
        return Estimate(planned - amount.value, "exact" if amount.exact else "at_most")

    def __add__(self, other: Spent) -> Spent:
        known = None if self.known is None and other.known is None else (
            (self.known or ZERO) + (other.known or ZERO))
        return Spent(known, self.reported + other.reported, self.expected + other.expected,
                     tuple(sorted(set(self.unrecorded) | set(other.unrecorded))),
                     tuple(sorted(set(self.years) | set(other.years))),
                     tuple(sorted(set(self.unasked) | set(other.unasked))))


NOTHING = Spent(None, 0, 0, ())


# -- who is expected to report spending ---------------------------------------------------------


def _planned(block: Block, year: int) -> CellValue:
    """A block's planned amount for the year: its printed total, else its natures' cells added
    (a dash when every one is a dash)."""
    if block.total is not None and year in block.total:
        return block.total[year]
    return add(row[year] for row in block.natures.values() if year in row)


def expected_spenders(budget: Budget, partnerships: Sequence[str], year: int) -> dict[str, tuple[str, ...]]:
    """Budget line id -> who must report spending on it for `year` before its figure is complete.

    The line with `spent_by: partnerships` is spent by the partnerships; the other lines by the
    associations that have a planned share of the year (T3's split: an association whose share is 0
    is asked for nothing). A line with nothing planned for the year expects nobody: once the year's
    spending is recorded, a line nobody wrote on is "not reported" (`Spent.not_asked`).
    """
    associations = tuple(b.id for b in budget.associations if b.id and not nothing_planned(_planned(b, year)))
    out: dict[str, tuple[str, ...]] = {}
    for block in budget.lines:
        if block.id is None:
            continue
        if nothing_planned(_planned(block, year)):
            out[block.id] = ()
        else:
            out[block.id] = tuple(partnerships) if block.by_partnerships else associations
    return out


def expected_natures(budget: Budget, line: str, year: int) -> tuple[str, ...]:
    """The natures a spender of `line` must fill for `year`: those with something planned (a
    nature printed "-" or 0 asks for nothing)."""
    block = budget.line(line)
    if block is None:
        return ()
    return tuple(n for n in budget.nature_ids if not nothing_planned(block.nature_amount(n, year)))


def natures_left_blank(actuals: Actuals, budget: Budget, year: int, line: str,
                       spender: str) -> tuple[str, ...]:
    """The natures planned on `line` that a spender's entry for `year` leaves blank: not reported,
    never zero (its entry is partial). Empty when it made no entry at all (then it is missing)."""
    if (line, spender) not in actuals.spenders.get(year, set()):
        return ()
    given = {n for (l_id, s_id, n) in actuals.spending.get(year, {}) if l_id == line and s_id == spender}
    return tuple(n for n in expected_natures(budget, line, year) if n not in given)


def _reported(actuals: Actuals, budget: Budget, year: int, line: str, spender: str,
              nature: str | None) -> bool:
    """Whether a spender reported `line` (or one nature of it) for `year`: an entry, with every
    planned nature asked filled in (a blank nature is not reported, never zero)."""
    if (line, spender) not in actuals.spenders.get(year, set()):
        return False
    blank = natures_left_blank(actuals, budget, year, line, spender)
    return nature not in blank if nature is not None else not blank


def missing_years(actuals: Actuals, years: Iterable[int]) -> list[int]:
    """The programme years `years` (up to the year) without any spending recorded: "not recorded",
    never zero."""
    return [y for y in years if not actuals.spending_reported(y)]


def _amount(actuals: Actuals, year: int, line: str | None, nature: str | None,
            spender: str | None) -> Decimal:
    return sum((amount for (l_id, s_id, n_id), amount in actuals.spending.get(year, {}).items()
                if (line is None or l_id == line) and (nature is None or n_id == nature)
                and (spender is None or s_id == spender)), ZERO)


def _spent_on_line(actuals: Actuals, budget: Budget, year: int, line: str, expected: Sequence[str],
                   nature: str | None = None) -> Spent:
    """One line (or one nature of it) in one year.

    A line nobody is asked about (nothing planned), or a nature of a line nobody is asked to fill
    (printed "-" or 0: the forms do not ask for it), on which nobody wrote anything is "not
    reported" once the year is recorded, never a zero nobody stated."""
    recorded = actuals.spending_reported(year)
    if nature is not None and nature not in expected_natures(budget, line, year) and not any(
            l_id == line and n_id == nature for (l_id, _s, n_id) in actuals.spending.get(year, {})):
        return Spent(None, 0, 0, () if recorded else (year,), (year,), (year,) if recorded else ())
    spenders = {s for l_id, s in actuals.spenders.get(year, set()) if l_id == line}
    reported = sum(1 for s in expected if _reported(actuals, budget, year, line, s, nature))
    known = _amount(actuals, year, line, nature, None) if spenders else None
    unasked = (year,) if recorded and not expected and not spenders else ()
    return Spent(known, reported, len(expected), () if recorded else (year,), (year,), unasked)


def spent_on(actuals: Actuals, budget: Budget, partnerships: Sequence[str], years: Iterable[int],
             line: str | None = None, nature: str | None = None) -> Spent:
    """Spending on a line (every line when None), or one nature of it, over `years`."""
    total = NOTHING
    for year in years:
        expected = expected_spenders(budget, partnerships, year)
        for line_id, spenders in expected.items():
            if line is None or line_id == line:
                total = total + _spent_on_line(actuals, budget, year, line_id, spenders, nature)
    return total


# -- the execution table ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ExecutionRow:
    """One row of the execution table, shaped like a row of T3."""

    label: str
    kind: str  # "line" (a line's total), "nature" (a line's nature), "total", "total-nature"
    line: str | None
    nature: str | None
    planned: CellValue | None  # the printed cell for the year (a dash where T3 prints "-"); None
    #                            where T3 prints no total
    spent: Spent  # in the year
    planned_to_date: CellValue | None  # printed cells from the first year to the year, added up
    spent_to_date: Spent  # from the first year to the year
    planned_total: CellValue | None  # the whole programme's plan: the sum of the printed years
    printed_total: CellValue | None = None  # T3's printed "Grand total", which may differ by a cent

    @property
    def rate(self) -> Estimate | None:
        return self.spent.rate(self.planned)

    @property
    def rate_to_date(self) -> Estimate | None:
        return self.spent_to_date.rate(self.planned_to_date)

    @property
    def remaining(self) -> Estimate | None:
        """What is left of the whole programme's plan after the spending to date: in the last year,
        planned to date - spent to date, to the cent."""
        return self.spent_to_date.remaining(self.planned_total)

    @property
    def total_differs(self) -> bool:
        """T3's printed grand total is not the sum of its years (a rounding of the source
        spreadsheet): the figures use the sum, and the report says so."""
        return (self.printed_total is not None and self.planned_total is not None
                and amount(self.printed_total) != amount(self.planned_total))


def _cell(row: Mapping[RowKey, CellValue] | None, key: RowKey) -> CellValue | None:
    return None if row is None else row.get(key)


def _to_date(row: Mapping[RowKey, CellValue] | None, years: Iterable[int]) -> CellValue | None:
    """A row's cells from the first year to the year added up: a dash when all are dashes."""
    if row is None:
        return None
    cells = [row.get(y) for y in years]
    if any(c is None for c in cells):
        return None
    return add(c for c in cells if c is not None)


def whole_plan(row: Mapping[RowKey, CellValue] | None) -> CellValue | None:
    """A T3 row's plan for the whole programme: the sum of its years, so that a table's planned,
    spent and remaining agree to the cent (a dash when every year is a dash); the printed grand
    total when a year is not printed."""
    if row is None:
        return None
    years = [v for k, v in row.items() if isinstance(k, int)]
    return add(years) if years else row.get("grand_total")


def execution_rows(budget: Budget, actuals: Actuals, year: int, partnerships: Sequence[str], first: int,
                   nature_labels: dict[str, str] | None = None,
                   total_label: str = "Total CO") -> list[ExecutionRow]:
    """T3 for `year`: each line (its printed total, then its natures), then Total CO and its natures;
    to date from the programme's `first` year."""
    labels = nature_labels or {}
    to_date = range(first, year + 1)

    def row(label: str, kind: str, line: str | None, nature: str | None,
            printed: Mapping[RowKey, CellValue] | None) -> ExecutionRow:
        return ExecutionRow(
            label=label, kind=kind, line=line, nature=nature, planned=_cell(printed, year),
            spent=spent_on(actuals, budget, partnerships, (year,), line, nature),
            planned_to_date=_to_date(printed, to_date),
            spent_to_date=spent_on(actuals, budget, partnerships, to_date, line, nature),
            planned_total=whole_plan(printed), printed_total=_cell(printed, "grand_total"))

    rows: list[ExecutionRow] = []
    blocks: list[tuple[Block, str, str | None, str]] = [
        (b, "line", b.id, b.label or b.id or "") for b in budget.lines]
    blocks.append((budget.total, "total", None, total_label))
    for block, kind, line, label in blocks:
        rows.append(row(label, kind, line, None, block.total))
        for nature in budget.nature_ids:
            if nature in block.natures:
                rows.append(row(labels.get(nature, nature), "total-nature" if kind == "total" else "nature",
                                line, nature, block.natures[nature]))
    return rows


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """A row of T3 that has a plan but no spending of its own (the split between associations)."""

    label: str
    kind: str  # "nature" or "total"
    planned: CellValue | None
    planned_total: CellValue | None


def association_rows(budget: Budget, year: int, nature_labels: dict[str, str] | None = None
                     ) -> list[tuple[str, str, list[PlannedRow]]]:
    """The printed split between the associations for `year`, in T3's order (natures, then total):
    (association id, its label as printed, rows)."""
    labels = nature_labels or {}
    out = []
    for block in budget.associations:
        rows = [PlannedRow(labels.get(n, n), "nature", _cell(block.natures[n], year),
                           _cell(block.natures[n], "grand_total"))
                for n in budget.nature_ids if n in block.natures]
        if block.total is not None:
            rows.append(PlannedRow(f"Total {(block.id or '').upper()}", "total", _cell(block.total, year),
                                   _cell(block.total, "grand_total")))
        out.append((block.id or "", block.label or block.id or "", rows))
    return out


# -- per partnership -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartnershipExecution:
    """A partnership's spending against its *Budget OS 1* (its plan for the whole programme)."""

    partnership: str
    planned_total: Decimal
    spent: Spent  # in the year
    spent_to_date: Spent
    years_reported: tuple[int, ...]
    years_missing: tuple[int, ...]  # years it was expected to report and did not

    @property
    def rate_to_date(self) -> Estimate | None:
        return self.spent_to_date.rate(self.planned_total)

    @property
    def remaining(self) -> Estimate | None:
        return self.spent_to_date.remaining(self.planned_total)


def _partnership_year(actuals: Actuals, budget: Budget, pid: str, year: int) -> Spent:
    line = budget.partnerships_line
    spent_by = line.id if line is not None and line.id else None
    expected = spent_by is not None and pid in expected_spenders(budget, [pid], year).get(spent_by, ())
    reported = spent_by is not None and _reported(actuals, budget, year, spent_by, pid, None)
    any_line = any(s == pid for _, s in actuals.spenders.get(year, set()))
    known = _amount(actuals, year, None, None, pid) if any_line or not expected else None
    recorded = actuals.spending_reported(year)
    if not expected and not recorded:
        known = None
    return Spent(known, int(expected and reported), int(expected), () if recorded else (year,), (year,))


def partnership_execution(partnerships: Sequence[tuple[str, Decimal]], actuals: Actuals, budget: Budget,
                          year: int, first: int) -> list[PartnershipExecution]:
    """For each (partnership id, Budget OS 1): spent in the year, to date (from the programme's
    `first` year), and what remains."""
    out = []
    for pid, budget_os1 in partnerships:
        years = {y: _partnership_year(actuals, budget, pid, y) for y in range(first, year + 1)}
        to_date = NOTHING
        for spent in years.values():
            to_date = to_date + spent
        out.append(PartnershipExecution(
            pid, budget_os1, years[year], to_date,
            tuple(y for y, s in years.items() if s.reported),
            tuple(y for y, s in years.items() if s.expected and not s.reported)))
    return out


# -- the chart -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class YearPoint:
    """Planned (Total CO as printed) and spent for one year, for the chart."""

    year: int
    planned: CellValue | None
    spent: Spent


def yearly(budget: Budget, actuals: Actuals, partnerships: Sequence[str], years: Iterable[int]
           ) -> list[YearPoint]:
    """Total CO planned and spent for each of `years`."""
    return [YearPoint(y, _cell(budget.total.total, y), spent_on(actuals, budget, partnerships, (y,)))
            for y in years]
