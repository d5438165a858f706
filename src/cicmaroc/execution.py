"""Budget execution: the T3 plan against what was spent, by year, line, nature and partnership.

Pure functions over the budget model and the checked spending (`Actuals`); money stays Decimal.
The plan is the T3 table *as printed*: a line's planned figure is its printed total, never a sum
computed here (checking the arithmetic is `cic validate`'s job). Spending is missing (None) for a
year in which nobody reported any; once a year has spending, a line, spender or nature that is not
written down means nothing was spent there. Formulas: docs/progress.md.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from cicmaroc.actuals import Actuals
from cicmaroc.models.budget import NATURES, Block, Budget, RowKey
from cicmaroc.models.common import FIRST_YEAR

ZERO = Decimal(0)


def rate(spent: Decimal | None, planned: Decimal | None) -> Decimal | None:
    """spent / planned, or None when either is missing or nothing was planned."""
    if spent is None or planned is None or planned == 0:
        return None
    return spent / planned


@dataclass(frozen=True, slots=True)
class ExecutionRow:
    """One row of the execution table, shaped like a row of T3."""

    label: str
    kind: str  # "line" (a line's total), "nature" (a line's nature), "total", "total-nature"
    line: str | None
    nature: str | None
    planned: Decimal | None  # the printed cell for the year; None where T3 prints no total
    spent: Decimal | None  # None: no spending reported for the year
    planned_to_date: Decimal | None  # printed cells from 2017 to the year, added up
    spent_to_date: Decimal | None  # spending of every reported year up to the year
    planned_total: Decimal | None  # the printed 2017-2021 total ("Grand total")

    @property
    def rate(self) -> Decimal | None:
        return rate(self.spent, self.planned)

    @property
    def rate_to_date(self) -> Decimal | None:
        return rate(self.spent_to_date, self.planned_to_date)

    @property
    def remaining(self) -> Decimal | None:
        """What is left of the 2017-2021 plan after the spending to date."""
        if self.planned_total is None or self.spent_to_date is None:
            return None
        return self.planned_total - self.spent_to_date


def _cell(row: dict[RowKey, Decimal] | None, key: RowKey) -> Decimal | None:
    return None if row is None else row.get(key)


def _to_date(row: dict[RowKey, Decimal] | None, year: int) -> Decimal | None:
    if row is None:
        return None
    cells = [row.get(y) for y in range(FIRST_YEAR, year + 1)]
    if any(c is None for c in cells):
        return None
    return sum((c for c in cells if c is not None), ZERO)


def spent_in(actuals: Actuals, year: int, line: str | None = None, nature: str | None = None,
             spender: str | None = None) -> Decimal | None:
    """What was spent in `year` (filtered by line, nature, spender), or None if nothing reported."""
    if not actuals.spending_reported(year):
        return None
    return sum((amount for (l_id, s_id, n_id), amount in actuals.spending.get(year, {}).items()
                if (line is None or l_id == line) and (nature is None or n_id == nature)
                and (spender is None or s_id == spender)), ZERO)


def spent_to_date(actuals: Actuals, year: int, **where: str | None) -> Decimal | None:
    """Spending of every reported year from 2017 to `year`; None when no year was reported."""
    found = [s for y in range(FIRST_YEAR, year + 1) if (s := spent_in(actuals, y, **where)) is not None]
    return sum(found, ZERO) if found else None


def missing_years(actuals: Actuals, year: int) -> list[int]:
    """Programme years up to `year` without any spending reported."""
    return [y for y in range(FIRST_YEAR, year + 1) if not actuals.spending_reported(y)]


def _row(label: str, kind: str, line: str | None, nature: str | None,
         printed: dict[RowKey, Decimal] | None, actuals: Actuals, year: int) -> ExecutionRow:
    return ExecutionRow(
        label=label, kind=kind, line=line, nature=nature,
        planned=_cell(printed, year),
        spent=spent_in(actuals, year, line=line, nature=nature),
        planned_to_date=_to_date(printed, year),
        spent_to_date=spent_to_date(actuals, year, line=line, nature=nature),
        planned_total=_cell(printed, "grand_total"),
    )


def _block_rows(block: Block, kind: str, line: str | None, actuals: Actuals, year: int,
                labels: dict[str, str], label: str | None = None) -> Iterable[ExecutionRow]:
    yield _row(label or block.label or block.id or "", kind, line, None, block.total, actuals, year)
    for nature in NATURES:
        if nature in block.natures:
            yield _row(labels.get(nature, nature), f"{kind}-nature" if kind == "total" else "nature",
                       line, nature, block.natures[nature], actuals, year)


def execution_rows(budget: Budget, actuals: Actuals, year: int,
                   nature_labels: dict[str, str] | None = None,
                   total_label: str = "Total CO") -> list[ExecutionRow]:
    """T3 for `year`: each line (its printed total, then its natures), then Total CO and its natures."""
    labels = nature_labels or {}
    rows: list[ExecutionRow] = []
    for block in budget.lines:
        rows.extend(_block_rows(block, "line", block.id, actuals, year, labels))
    rows.extend(_block_rows(budget.total, "total", None, actuals, year, labels, total_label))
    return rows


@dataclass(frozen=True, slots=True)
class PlannedRow:
    """A row of T3 that has a plan but no spending of its own (the split between associations)."""

    label: str
    kind: str  # "nature" or "total"
    planned: Decimal | None
    planned_total: Decimal | None


def association_rows(budget: Budget, year: int, nature_labels: dict[str, str] | None = None
                     ) -> list[tuple[str, list[PlannedRow]]]:
    """The printed split between UVCW and AVCB for `year`, in T3's order (natures, then total)."""
    labels = nature_labels or {}
    out = []
    for block in budget.associations:
        rows = [PlannedRow(labels.get(n, n), "nature", _cell(block.natures[n], year),
                           _cell(block.natures[n], "grand_total"))
                for n in NATURES if n in block.natures]
        if block.total is not None:
            rows.append(PlannedRow(f"Total {(block.id or '').upper()}", "total", _cell(block.total, year),
                                   _cell(block.total, "grand_total")))
        out.append((block.label or block.id or "", rows))
    return out


@dataclass(frozen=True, slots=True)
class PartnershipExecution:
    """A partnership's spending against its *Budget OS 1* (its plan for 2017-2021)."""

    partnership: str
    planned_total: Decimal
    spent: Decimal | None  # in the year; None when the partnership reported no spending that year
    spent_to_date: Decimal | None
    years_reported: tuple[int, ...]

    @property
    def rate_to_date(self) -> Decimal | None:
        return rate(self.spent_to_date, self.planned_total)

    @property
    def remaining(self) -> Decimal | None:
        return None if self.spent_to_date is None else self.planned_total - self.spent_to_date


def _reported(actuals: Actuals, year: int, spender: str) -> bool:
    return any(s == spender for _, s in actuals.spenders.get(year, set()))


def partnership_execution(partnerships: Sequence[tuple[str, Decimal]], actuals: Actuals,
                          year: int) -> list[PartnershipExecution]:
    """For each (partnership id, Budget OS 1): spent in the year, to date, and what remains."""
    out = []
    for pid, budget_os1 in partnerships:
        years = tuple(y for y in range(FIRST_YEAR, year + 1) if _reported(actuals, y, pid))
        spent = spent_in(actuals, year, spender=pid) if year in years else None
        to_date = sum((spent_in(actuals, y, spender=pid) or ZERO for y in years), ZERO) if years else None
        out.append(PartnershipExecution(pid, budget_os1, spent, to_date, years))
    return out


@dataclass(frozen=True, slots=True)
class YearPoint:
    """Planned (Total CO as printed) and spent for one year, for the chart."""

    year: int
    planned: Decimal | None
    spent: Decimal | None


def yearly(budget: Budget, actuals: Actuals, years: Iterable[int]) -> list[YearPoint]:
    """Total CO planned and total spent for each of `years`."""
    return [YearPoint(y, _cell(budget.total.total, y), spent_in(actuals, y)) for y in years]
