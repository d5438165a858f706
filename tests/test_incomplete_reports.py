"""Statuses that rest only on what was reported, checked against every completion of the reports.

A *completion* fills every missing report (a reporter that did not report a year that counts)
with a value it could have sent. On small cases the tests enumerate all completions over a few
values per kind and check that:

- a status stated as certain is the status of every completion;
- the completions' figures lie in the stated range, and a count's range is exactly theirs;
- adding one report never changes a status that was certain;
- a negative progress is stated only when every completion has one.

Every indicator and value here is FICTIONAL test input.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.calendars import MOROCCO

from cicmaroc.analysis.progress import MeasureProgress, Status, measure_progress
from cicmaroc.derive.actuals import Ratio, Value
from cicmaroc.models.logframe import Indicator
from cicmaroc.report.figures import _progress_shown

REPORTERS = ("a", "b", "c")
#: A few values each roll-up can take, spanning its range (ratios never 0 of 0: "nobody counted").
DOMAINS: dict[str, tuple[Value, ...]] = {
    "count": (False, True),
    "sum": (Decimal(0), Decimal(1), Decimal(3), Decimal(40)),
    "max": (Decimal(0), Decimal(1), Decimal(3), Decimal(40)),
    "min": (Decimal(0), Decimal(1), Decimal(3), Decimal(40)),
    "ratio": (Ratio(Decimal(0), Decimal(5)), Ratio(Decimal(1), Decimal(5)), Ratio(Decimal(5), Decimal(5)),
              Ratio(Decimal(0), Decimal(500)), Ratio(Decimal(500), Decimal(500))),
}
MAX_MISSING = 4


def fictional_indicator(rule: str, kind: str, direction: str, base: int, y3: int, y5: int) -> Indicator:
    return Indicator.model_validate({
        "id": "IOV 9.9", "label": "IOV 9.9", "text": "Un indicateur inventé pour les tests (fictif)",
        "level": "commune",
        "measures": [{"id": "x", "unit": "choses", "rollup": rule, "kind": kind, "direction": direction}],
        "baseline": {"text": str(base), "values": {"x": base}},
        "targets": {"year3": {"text": str(y3), "values": {"x": y3}},
                    "year5": {"text": str(y5), "values": {"x": y5}}},
    })


@st.composite
def cases(draw):
    rule = draw(st.sampled_from(sorted(DOMAINS)))
    kind = "level" if rule == "ratio" and draw(st.booleans()) else draw(st.sampled_from(["level",
                                                                                        "cumulative"]))
    direction = draw(st.sampled_from(["increasing", "decreasing"]))
    top = 100 if rule == "ratio" else (len(REPORTERS) if rule == "count" else 12)
    base, y3, y5 = (draw(st.integers(0, top)) for _ in range(3))
    year = draw(st.sampled_from([2017, 2018, 2019, 2020]))
    years = range(2017, year + 1) if kind == "cumulative" else range(year, year + 1)
    cells = [(r, y) for r in REPORTERS for y in years]
    values = draw(st.lists(st.one_of(st.none(), st.sampled_from(DOMAINS[rule])),
                           min_size=len(cells), max_size=len(cells)))
    known = {cell: v for cell, v in zip(cells, values, strict=True) if v is not None}
    missing = [cell for cell in cells if cell not in known]
    assume(len(missing) <= MAX_MISSING)
    return fictional_indicator(rule, kind, direction, base, y3, y5), rule, year, known, missing


def by_year(cells: dict[tuple[str, int], Value]) -> dict[int, dict[str, Value]]:
    out: dict[int, dict[str, Value]] = {}
    for (reporter, year), value in cells.items():
        out.setdefault(year, {})[reporter] = value
    return out


def evaluate(indicator: Indicator, year: int, cells: dict[tuple[str, int], Value]) -> MeasureProgress:
    return measure_progress(indicator, indicator.measures[0], by_year(cells), year, list(REPORTERS), MOROCCO)


def completions(rule: str, known, missing):
    for filling in itertools.product(DOMAINS[rule], repeat=len(missing)):
        yield {**known, **dict(zip(missing, filling, strict=True))}


@settings(max_examples=150, deadline=None)
@given(case=cases())
def test_a_certain_status_is_the_status_of_every_completion(case):
    indicator, rule, year, known, missing = case
    partial = evaluate(indicator, year, known)
    statuses = set()
    for completed in completions(rule, known, missing):
        full = evaluate(indicator, year, completed)
        assert full.figure is not None and full.figure.exact  # nothing missing: an exact figure
        value = full.figure.low
        if partial.figure is not None:
            assert partial.figure.low <= value
            assert partial.figure.high is None or value <= partial.figure.high
        statuses.add(full.status)
        if partial.status.assessed:
            assert full.status == partial.status, (partial, full)
        if partial.possible is not None and full.status.assessed:
            worst, best = partial.possible
            rank = [Status.OFF_TRACK, Status.BEHIND, Status.ON_TRACK, Status.ACHIEVED]
            assert rank.index(worst) <= rank.index(full.status) <= rank.index(best)
    if rule == "count" and partial.figure is not None:
        # booleans are the whole domain: the range's ends are completions, so it is exact
        values = {evaluate(indicator, year, c).figure.low for c in completions(rule, known, missing)}
        assert (min(values), max(values)) == (partial.figure.low, partial.figure.high)
        if partial.status == Status.INCOMPLETE:
            assert len(statuses) > 1  # "incomplete" is never said of a status the data decides


@settings(max_examples=150, deadline=None)
@given(case=cases(), data=st.data())
def test_adding_a_report_never_changes_a_certain_status(case, data):
    indicator, rule, year, known, missing = case
    assume(missing)
    before = evaluate(indicator, year, known)
    assume(before.status.assessed)
    cell = data.draw(st.sampled_from(missing))
    value = data.draw(st.sampled_from(DOMAINS[rule]))
    after = evaluate(indicator, year, {**known, cell: value})
    assert after.status == before.status


@settings(max_examples=150, deadline=None)
@given(case=cases())
def test_missing_reports_never_make_progress_negative(case):
    """A negative progress is stated only if every completion is negative: the data proves it."""
    indicator, rule, year, known, missing = case
    partial = evaluate(indicator, year, known)
    shown = _progress_shown(partial)
    if shown is None or shown["low"] is None or shown["low"] >= 0:
        return
    for completed in completions(rule, known, missing):
        full = evaluate(indicator, year, completed)
        assert full.progress is not None and full.progress < 0


def test_three_of_twelve_communes_with_a_sas_is_not_off_track():
    """The issue's IOV 1: 3 communes report a SAS, 9 are silent; baseline 9, target 12."""
    sas = fictional_indicator("count", "level", "increasing", 9, 12, 12)
    reporters = [f"c{i}" for i in range(12)]
    m = measure_progress(sas, sas.measures[0], {2019: {r: True for r in reporters[:3]}}, 2019, reporters,
                         MOROCCO)
    assert (m.figure.low, m.figure.high) == (3, 12)
    assert m.status == Status.INCOMPLETE and m.possible == (Status.OFF_TRACK, Status.ACHIEVED)
    shown = _progress_shown(m)
    assert shown["low"] is None and shown["high"] == 1  # "at most 100 %", never -200 %
    assert m.progress_low == Fraction(-2)  # what reading the silent nine as "no" would have said
