"""The check every file named for a year shares (narrative, risk follow-up): a programme year, the
one its file name says. Each family declares its own code, with the sentences "outside" and
"differs"; this is the one place that decides which applies."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import Any

from cicmaroc.codes.declaration import Code
from cicmaroc.findings import Finding
from cicmaroc.loading.programme import Doc
from cicmaroc.years import Calendar


def year_findings(code: Code, docs: Iterable[Doc[Any]], calendar: Calendar | None) -> Iterator[Finding]:
    """`code`'s "outside" finding for a year outside the programme, else its "differs" finding for a
    year that is not the file's name, on the `year:` line (outside: said only when the programme's
    years are known)."""
    for doc in docs:
        year, stem = doc.model.year, PurePath(doc.file).stem
        if calendar is not None and year not in calendar:
            yield code.finding("outside", doc.at("year"), year=year, first=calendar.first, last=calendar.last)
        elif stem != str(year):
            yield code.finding("differs", doc.at("year"), stem=stem, year=year)
