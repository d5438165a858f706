"""Due dates and receipts (CIC740-CIC745): data/due-dates.yaml, and `received:` in the year files.

`cic status` calls a reporter late by these dates and shows when each reply came in; a date filed
under a year the programme does not have, or under an id that is no reporter's, would silently
make nobody late, so each is a finding on its line. A due date before the year it collects is
over, or a reply recorded before its year began, is a slip of the year (2019 for 2020).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicmaroc.analysis.reporters import reporters
from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Finding, Items, Location, Severity
from cicmaroc.loading.programme import Programme
from cicmaroc.rules import Check

if TYPE_CHECKING:
    from cicmaroc.config import Config

_WAIVE = ("Correct the date or the id rather than waive it: a waived date is still not used. To keep the "
          "file as it is, `# cic: ignore[{code}] reason` at the end of the line, or in data/waivers.yaml "
          "(`code: {code}`, the file, `reason:`).")
_REPORTERS = "Reporters: {known}."


def _declare(code: str, name: str, severity: Severity, *, what: str, why: str, example: str,
             messages: dict[str, Message]) -> Code:
    return declare(code, name, severity, "due-dates", what=what, why=why, example=example,
                   waive=_WAIVE, messages=messages)


CIC740 = _declare(
    "CIC740", "due-date-year-outside", Severity.ERROR,
    what="A year of data/due-dates.yaml is a year of the programme.",
    why="Replies are due for the programme's years only; the dates of another year are never used.",
    example="`- year: 2022` in a programme of 2017-2021.",
    messages={"outside": Message("The year {year} is outside the programme ({first}-{last}); its due dates "
                                 "are not used.", "Give a year from {first} to {last}.")})
CIC741 = _declare(
    "CIC741", "due-date-year-twice", Severity.ERROR,
    what="Each year is listed once in data/due-dates.yaml.",
    why="Two entries for a year would make a reporter late by one date or the other; the first is used.",
    example="Two entries `- year: 2019`.",
    messages={"twice": Message("{year} is listed twice (first at {first}); this entry is not used.",
                               "Keep one entry for {year}, with every reporter's date in it.")})
CIC742 = _declare(
    "CIC742", "due-date-unknown-reporter", Severity.ERROR,
    what="A reporter given its own due date is a reporter of the programme.",
    why="A date filed under a misspelt id is never used: the reporter stays due on the year's date.",
    example="`reporters: {ait-bha: 2020-04-30}` where the commune's id is `ait-baha`.",
    messages={"unknown": Message("'{reporter}' is not a reporter of the programme; its due date is not "
                                 "used.", _REPORTERS),
              "unknown-near": Message("'{reporter}' is not a reporter of the programme; its due date is not "
                                      "used.", "Did you mean '{suggestion}'?")})
CIC743 = _declare(
    "CIC743", "due-before-year-ends", Severity.WARNING,
    what="The replies of a year are due after that year is over.",
    why="A reporter cannot send a whole year's figures before the year ends: such a date is most "
        "likely the year mistyped, and would make every reporter late.",
    example="`- {year: 2019, due: 2019-03-31}` (meant: 2020-03-31).",
    messages={"early": Message("The replies on {year} are due on {due}, before {year} is over.",
                               "Give a date after {year}, such as {example}.")})
CIC744 = _declare(
    "CIC744", "received-unknown-reporter", Severity.ERROR,
    what="A reply recorded under `received:` of a monitoring file is a reporter's.",
    why="When a reply came in is shown beside its reporter; a date under a misspelt id is shown nowhere.",
    example="`received: {ait-bha: 2020-03-12}`.",
    messages={"unknown": Message("'{reporter}' is not a reporter of the programme; when its reply came in "
                                 "is not used.", _REPORTERS),
              "unknown-near": Message("'{reporter}' is not a reporter of the programme; when its reply came "
                                      "in is not used.", "Did you mean '{suggestion}'?")})
CIC745 = _declare(
    "CIC745", "received-before-year", Severity.WARNING,
    what="A reply on a year's figures came in after that year began.",
    why="A reply dated before the year it reports on is most likely a year mistyped.",
    example="`year: 2019` with `received: {ait-baha: 2018-03-12}`.",
    messages={"early": Message("The reply of '{reporter}' on {year} is recorded as received on {day}, before "
                               "{year} began.", "Correct the date (YYYY-MM-DD).")})

CODES: tuple[Code, ...] = (CIC740, CIC741, CIC742, CIC743, CIC744, CIC745)


def _known(programme: Programme) -> list[str] | None:
    """The reporters' ids, or None when a file that names some could not be read (stay silent)."""
    if programme.incomplete & {"partners", "logframe", "budget"}:
        return None
    return [r.id for r in reporters(programme)]


def _unknown(code: Code, where: Location, reporter: str, known: list[str]) -> Finding:
    return code.unknown(where, reporter, known, listed={"known": Items(tuple(known))}, reporter=reporter)


def due_dates(programme: Programme, config: Config) -> Iterator[Finding]:
    doc = programme.due_dates
    if doc is None:
        return
    known = _known(programme)
    calendar = programme.calendar  # None: data/programme.yaml is unusable, and reported as such
    first: dict[int, Location] = {}
    for index, entry in enumerate(doc.model.years):
        year = entry.year
        where = doc.at("years", index, "year")
        if calendar is not None and year not in calendar:
            yield CIC740.finding("outside", where, year=year, first=calendar.first, last=calendar.last)
            continue
        if year in first:
            yield CIC741.finding("twice", where, (first[year],), year=year, first=first[year])
            continue
        first[year] = where
        dates: list[tuple[Location, dt.date]] = []
        if entry.due is not None:
            dates.append((doc.at("years", index, "due"), entry.due))
        for reporter, day in entry.reporters.items():
            if known is not None and str(reporter) not in known:
                yield _unknown(CIC742, doc.source.key_at("years", index, "reporters", reporter),
                               str(reporter), known)
                continue
            dates.append((doc.at("years", index, "reporters", reporter), day))
        for place, day in dates:
            if day <= dt.date(year, 12, 31):
                yield CIC743.finding("early", place, year=year, due=day.isoformat(),
                                     example=_a_year_later(day).isoformat())


def _a_year_later(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def receipts(programme: Programme, config: Config) -> Iterator[Finding]:
    known = _known(programme)
    calendar = programme.calendar
    for doc in programme.monitoring:
        year = doc.model.year
        for reporter, day in doc.model.received.items():
            if known is not None and str(reporter) not in known:
                yield _unknown(CIC744, doc.source.key_at("received", reporter), str(reporter), known)
            elif calendar is not None and year in calendar and day < dt.date(year, 1, 1):
                yield CIC745.finding("early", doc.at("received", reporter), reporter=str(reporter), year=year,
                                     day=day.isoformat())


CHECKS: tuple[Check, ...] = (Check((CIC740, CIC741, CIC742, CIC743), due_dates),
                             Check((CIC744, CIC745), receipts))
