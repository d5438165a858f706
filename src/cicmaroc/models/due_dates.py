"""`data/due-dates.yaml`: when each year's monitoring is due back, and the reporters given another date.

The officers set the date a year's replies are due (`cic forms --year 2019 --due 2020-03-31`
writes it here, and the forms print it); a reporter given more time gets its own date
(`cic forms --year 2019 -r ait-baha --due 2020-04-30`). `cic status` and `cic remind` call a
reporter late only once its date has passed; with no date, nobody is late, only missing.
"""

from __future__ import annotations

from pydantic import Field

from cicmaroc.models.common import Date, Note, Strict, Year, empty_dict, empty_list


class YearDue(Strict):
    """The dates one year's replies are due."""

    year: Year = Field(description="The programme year the replies report on (the figures of that year).")
    due: Date | None = Field(default=None, description="When every reporter's reply is due, unless it has "
                                                        "its own date below (YYYY-MM-DD).")
    reporters: dict[str, Date] = Field(
        default_factory=empty_dict,
        description="Reporter id (a commune, partnership or association id, or 'programme') -> its own "
                    "due date, replacing the year's for that reporter.")
    note: Note = None


class DueDates(Strict):
    """The due dates file: one entry per year."""

    years: list[YearDue] = Field(default_factory=empty_list,
                                 description="One entry per programme year whose replies have a due date.")
    note: Note = None

    def of(self, year: int) -> YearDue | None:
        """The entry of `year` (the first, when a year is listed twice: CIC741)."""
        return next((entry for entry in self.years if entry.year == year), None)
