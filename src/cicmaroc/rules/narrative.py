"""The narrative files (CIC760-CIC769): each text is about a result and an indicator of the logframe,
or a variance of a budget line or partnership, for the year its file is named for.

A text filed under an id the logframe does not have would silently be left out of the report, so
every unknown id is a finding on its line. The outcome (OS1) counts as a result here: the report
groups its indicators the same way.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Finding, Items, Severity
from cicmaroc.loading.programme import Programme
from cicmaroc.rules import Check
from cicmaroc.rules.year_files import year_findings

if TYPE_CHECKING:
    from cicmaroc.config import Config

_WAIVE = ("Correct the id rather than waive it: a waived text is still left out of the report. To keep the "
          "file as it is, `# cic: ignore[{code}] reason` at the end of the line, or in data/waivers.yaml "
          "(`code: {code}`, the narrative file, `reason:`).")

CIC760 = declare(
    "CIC760", "narrative-unknown-result", Severity.ERROR, "narrative",
    what="A narrative is written under a result (or the outcome) of the logframe.",
    why="The report places each text under its result; a text under an unknown id is shown nowhere.",
    example="`results: {R8: ...}` when the logframe has R1 to R7.",
    waive=_WAIVE,
    messages={"unknown": Message("'{result}' is not a result of the logframe; its narrative is not shown.",
                                 "Use one of {known}.")})
CIC761 = declare(
    "CIC761", "narrative-unknown-indicator", Severity.ERROR, "narrative",
    what="A narrative of an indicator is written under the result the indicator belongs to.",
    why="The report shows an indicator's text with its result's table; elsewhere it is shown nowhere.",
    example="`R1: {indicators: {IOV 2.1: ...}}`: IOV 2.1 is an indicator of R2.",
    waive=_WAIVE,
    messages={"unknown": Message("'{indicator}' is not an indicator of {result}; its narrative is not shown.",
                                 "Indicators of {result}: {known}."),
              "elsewhere": Message("'{indicator}' is an indicator of {owner}, not of {result}; its narrative "
                                   "is not shown.", "Move it under {owner}.")})
CIC762 = declare(
    "CIC762", "narrative-year", Severity.ERROR, "narrative",
    what="A narrative file's year is a programme year and the one its file is named for.",
    why="The report of a year shows the narrative of that year only.",
    example="`data/narrative/2019.yaml` containing `year: 2018`.",
    waive="Rename the file or correct the year rather than waive it.",
    messages={"outside": Message("The year {year} is outside the programme ({first}-{last}); this narrative "
                                 "is shown in no report.", "Correct the year."),
              "differs": Message("The file is named {stem} but says 'year: {year}'; it is shown in the "
                                 "report of {year}.", "Rename the file to {year}.yaml, or correct the "
                                 "year.")})
CIC763 = declare(
    "CIC763", "narrative-unknown-variance", Severity.ERROR, "narrative",
    what="An explanation of a variance is written under a budget line or a partnership of the programme.",
    why="The report shows each explanation beside the figures of its line or partnership; under an "
        "unknown id it is shown nowhere.",
    example="`variances: {etterbek: ...}` where the partnership's id is `etterbeek`.",
    waive=_WAIVE,
    messages={"unknown": Message("'{key}' is not a budget line or a partnership; this explanation is not "
                                 "shown.", "Use one of {known}.")})


def known_ids(programme: Programme) -> dict[str, list[str]]:
    """The ids a narrative may use: each result (and the outcome) and its indicators' ids."""
    if programme.logframe is None:
        return {}
    frame = programme.logframe.model
    groups = {frame.outcome.id: [i.id for i in frame.outcome.indicators]}
    groups.update({r.id: [i.id for i in r.indicators] for r in frame.results})
    return groups


def narrative_ids(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.logframe is None:
        return
    groups = known_ids(programme)
    owner = {i: g for g, ids in groups.items() for i in ids}
    for doc in programme.narrative:
        for result, text in doc.model.results.items():
            if result not in groups:
                yield CIC760.finding("unknown", doc.source.key_at("results", result), result=result,
                                     known=Items(tuple(groups)))
                continue
            for indicator in text.indicators:
                where = doc.source.key_at("results", result, "indicators", indicator)
                if indicator in groups[result]:
                    continue
                if indicator in owner:
                    yield CIC761.finding("elsewhere", where, indicator=indicator, result=result,
                                         owner=owner[indicator])
                else:
                    yield CIC761.finding("unknown", where, indicator=indicator, result=result,
                                         known=Items(tuple(groups[result])))


def narrative_variances(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.budget is None:
        return
    known = [b.id for b in programme.budget.model.lines if b.id] + [p.model.id for p in programme.partners]
    if "partners" in programme.incomplete:  # an unread partner file hides its id
        return
    for doc in programme.narrative:
        for key in doc.model.variances:
            if key not in known:
                yield CIC763.finding("unknown", doc.source.key_at("variances", key), key=key,
                                     known=Items(tuple(known)))


def narrative_year(programme: Programme, config: Config) -> Iterator[Finding]:
    return year_findings(CIC762, programme.narrative, programme.calendar)


CODES: tuple[Code, ...] = (CIC760, CIC761, CIC762, CIC763)
CHECKS: tuple[Check, ...] = (
    Check((CIC760, CIC761), narrative_ids),
    Check((CIC763,), narrative_variances),
    Check((CIC762,), narrative_year),
)
