"""The programme's years, declared once: 2017 to 2021, An 3 and An 5, the baseline before them.

Every rule, computation and message that names a programme year reads it here, so the years
are stated in one place (the approved document's T3 table has these five columns).
"""

from __future__ import annotations

import datetime as dt

PROGRAMME_YEARS: tuple[int, ...] = (2017, 2018, 2019, 2020, 2021)
FIRST_YEAR, LAST_YEAR = PROGRAMME_YEARS[0], PROGRAMME_YEARS[-1]
#: The baseline describes the situation before the first programme year.
BASELINE_YEAR = FIRST_YEAR - 1
#: "An 3" and "An 5" of the logframe: the year-3 and year-5 targets.
YEAR3, YEAR5 = PROGRAMME_YEARS[2], PROGRAMME_YEARS[4]
#: The last day of the programme.
PROGRAMME_END = dt.date(LAST_YEAR, 12, 31)


def is_programme_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR
