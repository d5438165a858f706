"""The programme's calendar: its years, milestones and baseline year, as data/programme.yaml declares them.

Nothing here names a year: a `Calendar` is built from the programme's identity
(`Programme.calendar`), and every rule, computation and message that names a programme year asks
it. The last milestone is the final target; a year's milestone is the first one due in or after it.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class Milestone(NamedTuple):
    """A target column of the logframe: its key in the targets, its year, its name by language."""

    id: str
    year: int
    label: tuple[tuple[str, str], ...]  # (language, name), the primary language first


class Calendar(NamedTuple):
    """The programme's years, first to last, its baseline year and its milestones in order."""

    first: int
    last: int
    baseline: int
    milestones: tuple[Milestone, ...]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(range(self.first, self.last + 1))

    @property
    def end(self) -> dt.date:
        """The last day of the programme."""
        return dt.date(self.last, 12, 31)

    def __contains__(self, year: object) -> bool:
        return isinstance(year, int) and self.first <= year <= self.last

    def up_to(self, year: int) -> range:
        """The programme years from the first to `year`."""
        return range(self.first, year + 1)

    def milestone(self, key: str) -> Milestone | None:
        return next((m for m in self.milestones if m.id == key), None)

    @property
    def final(self) -> Milestone:
        return self.milestones[-1]

    def due(self, year: int) -> Milestone:
        """The milestone of `year`: the first due in or after it (the final one after them all)."""
        return next((m for m in self.milestones if year <= m.year), self.milestones[-1])
