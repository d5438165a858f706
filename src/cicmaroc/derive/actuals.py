"""What monitoring says happened: the checked figures, ready for progress and budget execution.

`derive.monitoring.read_monitoring` builds an `Actuals` from the year files, leaving out every
value it reported a finding for; `progress` and `execution` only ever see these clean values.
A figure that is absent here is *missing*, never zero: the difference is the point of the type.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import NamedTuple

#: The reporter id for indicators measured once for the whole programme.
PROGRAMME = "programme"


class Ratio(NamedTuple):
    """A reporter's share, kept as its two counts: `{part: 42, of: 97}` (42 women of 97)."""

    part: Decimal
    of: Decimal


#: A reported value: a yes/no (count roll-up), a number, or the two counts of a ratio.
Value = bool | Decimal | Ratio

MeasureKey = tuple[str, str]  # (indicator id, measure id)
SpendingKey = tuple[str, str, str]  # (budget line id, spender id, nature)


class YearFile(NamedTuple):
    """A monitoring file read for a year, with its note (the example marks itself fictional there)."""

    file: str
    note: str | None


class Actuals:
    """Every checked monitoring value and spent amount, by year."""

    __slots__ = ("evidence", "files", "received", "reports", "sources", "spenders", "spending",
                 "spending_evidence", "spending_sources", "values")

    def __init__(self) -> None:
        #: (indicator, measure) -> year -> reporter -> value
        self.values: dict[MeasureKey, dict[int, dict[str, Value]]] = {}
        #: year -> reporter -> indicator ids it reported (at least one value) that year
        self.reports: dict[int, dict[str, set[str]]] = {}
        #: (indicator, year, reporter) -> the entry's source of verification, as written
        self.sources: dict[tuple[str, int, str], str] = {}
        #: year -> (line, spender, nature) -> amount spent
        self.spending: dict[int, dict[SpendingKey, Decimal]] = {}
        #: year -> (line, spender) pairs with an entry (a nature left out is not reported, never zero:
        #: analysis/execution.py, natures_left_blank)
        self.spenders: dict[int, set[tuple[str, str]]] = {}
        #: (year, line, spender) -> the source of the spending, as written
        self.spending_sources: dict[tuple[int, str, str], str] = {}
        #: year -> files read for it
        self.files: dict[int, list[YearFile]] = {}
        #: year -> reporter -> when its latest reply with figures came in (`received:` of the year files)
        self.received: dict[int, dict[str, dt.date]] = {}
        #: (indicator, year, reporter) -> the evidence files its entry names, paths under data/evidence/
        self.evidence: dict[tuple[str, int, str], tuple[str, ...]] = {}
        #: (year, line, spender) -> the evidence files of the spending entry
        self.spending_evidence: dict[tuple[int, str, str], tuple[str, ...]] = {}

    def add_value(self, indicator: str, measure: str, year: int, reporter: str, value: Value) -> None:
        self.values.setdefault((indicator, measure), {}).setdefault(year, {})[reporter] = value
        self.reports.setdefault(year, {}).setdefault(reporter, set()).add(indicator)

    def add_source(self, indicator: str, year: int, reporter: str, source: str) -> None:
        """Keep the first source given (a second entry for the same figures is CIC707, ignored)."""
        self.sources.setdefault((indicator, year, reporter), source)

    def add_received(self, year: int, reporter: str, day: dt.date) -> None:
        """Keep the latest day a reply of `reporter` for `year` came in (one per year file)."""
        days = self.received.setdefault(year, {})
        if reporter not in days or day > days[reporter]:
            days[reporter] = day

    def source(self, indicator: str, year: int, reporter: str) -> str | None:
        """The source of verification a reporter gave for an indicator's figures of `year`."""
        return self.sources.get((indicator, year, reporter))

    def add_spending(self, year: int, line: str, spender: str, nature: str | None,
                     amount: Decimal) -> None:
        """Record an amount; `nature=None` records only that the spender reported for the line."""
        self.spenders.setdefault(year, set()).add((line, spender))
        if nature is not None:
            cells = self.spending.setdefault(year, {})
            cells[(line, spender, nature)] = cells.get((line, spender, nature), Decimal(0)) + amount

    def add_spending_source(self, year: int, line: str, spender: str, source: str) -> None:
        """Keep the first source given for a spender's line in a year (as add_source)."""
        self.spending_sources.setdefault((year, line, spender), source)

    def measure(self, indicator: str, measure: str) -> dict[int, dict[str, Value]]:
        """year -> reporter -> value for one measure (empty when nothing was reported)."""
        return self.values.get((indicator, measure), {})

    def years(self) -> list[int]:
        """Years with any monitoring value or spending, ascending."""
        return sorted(set(self.reports) | set(self.spenders))

    def reporters(self, year: int) -> set[str]:
        """Who reported at least one indicator value in `year`."""
        return set(self.reports.get(year, {}))

    def spending_reported(self, year: int) -> bool:
        return bool(self.spenders.get(year))
