"""Final verdicts and milestones met or missed, checked against every completion of the reports.

At and after a measure's last deadline its status is a verdict (achieved or not achieved, never
on track, behind or off track); a milestone whose year has come is met or missed. Either is
stated only when every *completion* (every missing report filled with a value it could have had)
gives it, issue 9's meaning of "certain" (docs/progress.md). The calendar here is a FICTIONAL
four-year programme (2031-2034, milestones in 2032 and 2034): nothing names the real programme's
years, and the rules must hold for any calendar. Every indicator and value is FICTIONAL.
"""

from __future__ import annotations

import itertools
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from cicmaroc.analysis.progress import MeasureProgress, Status, Verdict, measure_progress, reached
from cicmaroc.derive.actuals import Value
from cicmaroc.models.logframe import Indicator
from cicmaroc.years import Calendar, Milestone

CALENDAR = Calendar(2031, 2034, 2030, (Milestone("mid", 2032, (("fr", "Mi-parcours"),)),
                                       Milestone("end", 2034, (("fr", "Fin"),))))
REPORTERS = ("a", "b", "c")
DOMAINS: dict[str, tuple[Value, ...]] = {
    "count": (False, True),
    "sum": (Decimal(0), Decimal(1), Decimal(4)),
    "max": (Decimal(0), Decimal(2), Decimal(9)),
    "min": (Decimal(0), Decimal(2), Decimal(9)),
}
MAX_MISSING = 4
FINAL_STATUSES = {Status.ACHIEVED, Status.NOT_ACHIEVED, Status.INCOMPLETE, Status.NO_DATA}


def indicator(rule: str, kind: str, direction: str, base: int, mid: int, end: int,
              deadline: int | None = None) -> Indicator:
    return Indicator.model_validate({
        "id": "IOV 9.9", "label": "IOV 9.9", "text": "Un indicateur inventé pour les tests (FICTIF)",
        "level": "commune", "deadline": deadline,
        "measures": [{"id": "x", "unit": "choses", "rollup": rule, "kind": kind, "direction": direction}],
        "baseline": {"text": str(base), "values": {"x": base}},
        "targets": {"mid": {"text": str(mid), "values": {"x": mid}},
                    "end": {"text": str(end), "values": {"x": end}}},
    })


def by_year(cells: dict[tuple[str, int], Value]) -> dict[int, dict[str, Value]]:
    out: dict[int, dict[str, Value]] = {}
    for (reporter, year), value in cells.items():
        out.setdefault(year, {})[reporter] = value
    return out


def evaluate(ind: Indicator, year: int, cells: dict[tuple[str, int], Value]) -> MeasureProgress:
    return measure_progress(ind, ind.measures[0], by_year(cells), year, list(REPORTERS), CALENDAR)


def completions(rule: str, known: dict[tuple[str, int], Value], missing: list[tuple[str, int]]):
    for filling in itertools.product(DOMAINS[rule], repeat=len(missing)):
        yield {**known, **dict(zip(missing, filling, strict=True))}


@st.composite
def cases(draw):
    rule = draw(st.sampled_from(sorted(DOMAINS)))
    kind = draw(st.sampled_from(["level", "cumulative"]))
    direction = draw(st.sampled_from(["increasing", "decreasing"]))
    top = len(REPORTERS) if rule == "count" else 12
    base, mid, end = (draw(st.integers(0, top)) for _ in range(3))
    deadline = draw(st.sampled_from([None, 2031, 2033]))
    year = draw(st.sampled_from(CALENDAR.years))
    years = range(CALENDAR.first, year + 1)  # every year up to the report's: milestones look back
    cells = [(r, y) for r in REPORTERS for y in years]
    missing = draw(st.lists(st.sampled_from(cells), max_size=MAX_MISSING, unique=True))
    values = draw(st.lists(st.sampled_from(DOMAINS[rule]), min_size=len(cells), max_size=len(cells)))
    known = {cell: v for cell, v in zip(cells, values, strict=True) if cell not in missing}
    return indicator(rule, kind, direction, base, mid, end, deadline), rule, year, known, missing


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_the_status_is_a_verdict_exactly_from_the_last_deadline(case):
    ind, _, year, known, _ = case
    m = evaluate(ind, year, known)
    assert m.final_due is not None
    if year >= m.final_due:
        assert m.status in FINAL_STATUSES, m
    else:
        assert m.status != Status.NOT_ACHIEVED, m


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_a_certain_verdict_is_the_verdict_of_every_completion(case):
    ind, rule, year, known, missing = case
    partial = evaluate(ind, year, known)
    checks = {c.id: c for c in partial.checks}
    outcomes = set()
    for completed in completions(rule, known, missing):
        full = evaluate(ind, year, completed)
        if partial.status in (Status.ACHIEVED, Status.NOT_ACHIEVED):
            assert full.status == partial.status, (partial, full)
        outcomes.add(full.status)
        for c in full.checks:
            assert c.figure is not None and c.figure.exact and c.verdict in (Verdict.MET, Verdict.MISSED)
            stated = checks[c.id].verdict
            if stated in (Verdict.MET, Verdict.MISSED):
                assert c.verdict == stated, (checks[c.id], c)
    if rule == "count" and partial.status == Status.INCOMPLETE and partial.final_stage:
        assert outcomes == {Status.ACHIEVED, Status.NOT_ACHIEVED}  # booleans are the whole domain


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_a_verdict_left_open_is_open_for_a_reason(case):
    """On counts (booleans are the whole domain) "open" means some completion meets the
    milestone and some misses it."""
    ind, rule, year, known, missing = case
    assume(rule == "count")
    partial = evaluate(ind, year, known)
    for check in partial.checks:
        if check.verdict != Verdict.OPEN:
            continue
        seen = {next(c for c in evaluate(ind, year, completed).checks if c.id == check.id).verdict
                for completed in completions(rule, known, missing)}
        assert seen == {Verdict.MET, Verdict.MISSED}


@settings(max_examples=200, deadline=None)
@given(case=cases())
def test_the_shortfall_is_the_distance_to_the_final_target(case):
    ind, rule, year, known, missing = case
    partial = evaluate(ind, year, known)
    if partial.status != Status.NOT_ACHIEVED:
        assert partial.shortfall is None
        return
    least, most = partial.shortfall
    assert least > 0
    sign = 1 if partial.measure.direction == "increasing" else -1
    for completed in completions(rule, known, missing):
        full = evaluate(ind, year, completed)
        gap = sign * (full.final - full.actual)
        assert least <= gap and (most is None or gap <= most)
        assert not reached(full.actual, full.final, full.measure.direction)


def test_eleven_of_twelve_at_the_end_is_not_achieved_by_one():
    """The issue's IOV 1: 12 communes with a SAS at the end, 11 have one."""
    communes = [f"c{i}" for i in range(12)]
    ind = indicator("count", "level", "increasing", 9, 12, 12)
    cells = {2034: {c: c != "c0" for c in communes}}
    m = measure_progress(ind, ind.measures[0], cells, 2034, communes, CALENDAR)
    assert m.status == Status.NOT_ACHIEVED and m.shortfall == (1, 1)
    assert [(c.id, c.verdict) for c in m.checks] == [("mid", None), ("end", Verdict.MISSED)]


def test_six_to_eleven_against_twelve_is_a_missed_milestone():
    """The issue's partial case: 6 communes say yes, 1 says no, 5 are silent: "6 to 11" can never
    reach the milestone of 12, whatever the silent communes send."""
    communes = [f"c{i}" for i in range(12)]
    ind = indicator("count", "level", "increasing", 9, 12, 12)
    cells = {2032: {**{f"c{i}": True for i in range(6)}, "c6": False}}
    m = measure_progress(ind, ind.measures[0], cells, 2032, communes, CALENDAR)
    assert (m.figure.low, m.figure.high) == (6, 11)
    assert m.milestone_check is not None and m.milestone_check.verdict == Verdict.MISSED
    assert m.status == Status.INCOMPLETE and not m.final_stage  # on its way: not a verdict yet


@pytest.mark.parametrize(("deadline", "final_due"), [(None, 2034), (2033, 2033), (2031, 2034)])
def test_a_deadline_brings_the_final_verdict_forward_only_past_the_milestone_before(deadline, final_due):
    ind = indicator("sum", "cumulative", "increasing", 0, 4, 8, deadline)
    cells = {y: {"a": Decimal(1), "b": Decimal(1), "c": Decimal(0)} for y in CALENDAR.years}
    m = measure_progress(ind, ind.measures[0], cells, 2033, list(REPORTERS), CALENDAR)
    assert m.actual == 6 and m.final_due == final_due
    assert m.final_stage == (final_due <= 2033)
    # 6 of 8: exactly the expected value on the way, but short of the target once it is due
    assert m.status == (Status.NOT_ACHIEVED if m.final_stage else Status.ON_TRACK)
    assert m.shortfall == ((2, 2) if m.final_stage else None)
    assert m.expected == (8 if deadline == 2033 else Fraction(6))
