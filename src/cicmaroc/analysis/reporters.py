"""Who reports what for a year: every reporter of the programme, and what each is expected to send.

Reporters: each local commune (commune-level indicators), each partnership (partnership-level
indicators, and its spending on the line the partnerships spend), `programme` (programme-level indicators)
and each association of the budget (its spending on the other lines). Which budget lines a
reporter is asked for in a year is the budget execution's rule, `execution.expected_spenders`
(nothing planned on a line that year: nobody is asked; an association with no planned share:
asked for nothing), so that nobody is asked what the execution table would not wait for.

`cic status` and the report's section count these expectations (`collection`); `cic forms` and
`cic import` lay the same expectations out as a workbook's rows (`forms.form`).
"""

from __future__ import annotations

from typing import NamedTuple

from cicmaroc.analysis.execution import expected_spenders
from cicmaroc.derive.actuals import PROGRAMME
from cicmaroc.loading.programme import Programme
from cicmaroc.models.budget import Budget
from cicmaroc.models.logframe import Indicator, Measure


class Reporter(NamedTuple):
    """Who reports: `kind` is commune, partnership, programme or association; where to write to
    them (the partner file's addresses) and in which language (its `lang`, None: the programme's)."""

    id: str
    kind: str
    name: str
    partnership: str = ""  # a commune's partnership
    emails: tuple[str, ...] = ()
    lang: str | None = None
    short: str = ""  # the name a table gives it (a commune's, as the outcome sheet lists it); "": `name`

    @property
    def short_name(self) -> str:
        """The name a document's tables give it, so that it is named one way throughout."""
        return self.short or self.name


class Expected(NamedTuple):
    """What a reporter is expected to send for a year, in the logframe's and T3's order."""

    reporter: Reporter
    year: int
    #: (indicator, measure, whether it is the indicator's first measure, which carries its source)
    measures: tuple[tuple[Indicator, Measure, bool], ...]
    #: (budget line id, its label as printed): the lines it reports spending on
    lines: tuple[tuple[str, str], ...]


def reporters(programme: Programme) -> list[Reporter]:
    """Everyone who reports something, in the order of the partner files, then programme, associations."""
    found: list[Reporter] = []
    levels = _levels(programme)
    for ref in programme.communes():
        if "commune" in levels:
            found.append(Reporter(ref.id, "commune", ref.name, ref.partnership_names,
                                  tuple(ref.commune.emails), ref.commune.lang, ref.local_name))
    for partner in programme.partners:
        belgian = partner.model.belgian_commune
        found.append(Reporter(partner.model.id, "partnership", belgian.name, "", tuple(belgian.emails),
                              belgian.lang))
    if "programme" in levels:
        found.append(Reporter(PROGRAMME, "programme", PROGRAMME))
    budget = programme.budget.model if programme.budget else None
    if budget is not None and any(b.id and not b.by_partnerships for b in budget.lines):
        found.extend(Reporter(a.id, "association", a.label or a.id) for a in budget.associations if a.id)
    seen: set[str] = set()
    unique = []
    for reporter in found:  # an id twice (a commune and a partnership) is CIC3xx's to report
        if reporter.id not in seen:
            seen.add(reporter.id)
            unique.append(reporter)
    return unique


def _levels(programme: Programme) -> set[str]:
    frame = programme.logframe.model if programme.logframe else None
    return {i.level for i in frame.indicators()} if frame else set()


def expected_of(programme: Programme, reporter: Reporter, year: int) -> Expected:
    """What `reporter` is asked for `year`: its indicators' measures, then its budget lines."""
    frame = programme.logframe.model if programme.logframe else None
    indicators = [i for i in (frame.indicators() if frame else []) if i.level == reporter.kind]
    measures = tuple((indicator, measure, index == 0)
                     for indicator in indicators for index, measure in enumerate(indicator.measures))
    budget = programme.budget.model if programme.budget else None
    return Expected(reporter, year, measures, tuple(_lines_of(reporter, budget, year)))


def _lines_of(reporter: Reporter, budget: Budget | None, year: int) -> list[tuple[str, str]]:
    """The budget lines `reporter` is expected to report spending on in `year`, in T3's order.

    The execution's rule, not a copy of it: a partnership is among the expected spenders of the
    line the partnerships spend,
    an association among those of a line it has a planned share of, when the line has a plan.
    """
    if budget is None or reporter.kind not in ("partnership", "association"):
        return []
    partnerships = [reporter.id] if reporter.kind == "partnership" else []
    spenders = expected_spenders(budget, partnerships, year)
    return [(b.id, b.label or b.id) for b in budget.lines
            if b.id and reporter.id in spenders.get(b.id, ())]
