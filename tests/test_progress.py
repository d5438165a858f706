"""Indicator progress: roll-up, plan, progress and status, on the real logframe's indicators.

The monitoring values in this module are FICTIONAL test inputs. Expected figures are derived
from the logframe's own targets (read from data/), so a change of target changes the expectation.
"""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.calendars import BASELINE_YEAR, FIRST, YEAR3, YEAR5
from tests.calendars import MOROCCO as CAL
from tests.conftest import DATA

from cicmaroc.analysis.progress import (
    Status,
    Thresholds,
    expected_value,
    indicator_progress,
    measure_progress,
    milestones,
    overall,
    progress,
    reached,
    rollup,
    status,
)
from cicmaroc.derive.actuals import Actuals, Ratio
from cicmaroc.loading.loader import load_programme
from cicmaroc.models.logframe import Indicator


@pytest.fixture(scope="module")
def frame(real_programme):
    return real_programme.logframe.model


@pytest.fixture(scope="module")
def communes():
    programme, _ = load_programme(DATA)
    return [c.id for c in programme.communes()]


def test_the_calendar_is_the_frozen_programmes(real_programme):
    assert real_programme.calendar == CAL


def indicator(frame, code: str) -> Indicator:
    return next(i for i in frame.indicators() if i.id == code)


def actuals_for(code: str, measure: str, by_year: dict[int, dict[str, object]]) -> Actuals:
    actuals = Actuals()
    for year, values in by_year.items():
        for reporter, value in values.items():
            actuals.add_value(code, measure, year, reporter, value)
    return actuals


# -- the kinds of indicator ------------------------------------------------------------------


def test_level_count_indicator(frame, communes):
    """IOV 1: communes with a SAS, a level counted over communes where it is true."""
    iov = indicator(frame, "IOV 1")
    target = iov.targets["year3"].values["sas"]
    yes = {c: True for c in communes[: int(target) - 1]}  # one commune short of the An 3 target
    no = {c: False for c in communes[int(target) - 1:]}
    result = indicator_progress(iov, actuals_for("IOV 1", "sas", {2019: {**yes, **no}}), 2019, communes, CAL)
    [m] = result.measures
    assert m.actual == target - 1 and m.reported == len(communes) == m.reporters and m.complete
    assert m.milestone == target and m.milestone_year == YEAR3
    base = iov.baseline.values["sas"]
    assert m.progress == Fraction(int(target - 1 - base), int(target - base))
    # 2019 is the An 3 milestone: all of it is due; 2 of the 3 communes to add is 2/3 of the way,
    # at least the 50 % of "behind" and under the 90 % of "on track"
    assert (base, target) == (9, 12) and m.status == Status.BEHIND
    # a level is the state of the year: 2018's report does not count for 2019
    only_2018 = indicator_progress(iov, actuals_for("IOV 1", "sas", {2018: yes}), 2019, communes, CAL)
    assert only_2018.measures[0].actual is None and only_2018.status == Status.NO_DATA


def test_cumulative_sum_indicator(frame, communes):
    """IOV 2: innovative projects, added up over communes and over the years since 2017."""
    iov = indicator(frame, "IOV 2")
    by_year = {y: {c: Decimal(0) for c in communes} for y in (2017, 2018, 2019)}
    by_year[2017][communes[0]] = Decimal(1)
    by_year[2018] |= {communes[0]: Decimal(2), communes[1]: Decimal(1)}
    by_year[2019][communes[2]] = Decimal(3)
    m = indicator_progress(iov, actuals_for("IOV 2", "projets", by_year), 2019, communes, CAL).measures[0]
    assert m.actual == 7 and m.complete  # 1 + 2 + 1 + 3, every commune reported every year
    assert m.expected == iov.targets["year3"].values["projets"]
    assert m.status == Status.ON_TRACK  # 7 >= 6 expected, < 12 final
    assert m.progress == Fraction(7, int(iov.targets["year5"].values["projets"]))


def test_cumulative_sum_with_reports_missing_is_at_least_what_was_reported(frame, communes):
    """Only one commune reported 2019, two reported 2018: the sum is 7 or more, never 7 exactly."""
    iov = indicator(frame, "IOV 2")
    by_year = {2017: {communes[0]: Decimal(1)}, 2018: {communes[0]: Decimal(2), communes[1]: Decimal(1)},
               2019: {communes[2]: Decimal(3)}}
    m = indicator_progress(iov, actuals_for("IOV 2", "projets", by_year), 2019, communes, CAL).measures[0]
    assert m.actual is None and m.figure.low == 7 and m.figure.high is None
    assert m.reported == 1 and not m.complete and m.figure.years_open == (2017, 2018, 2019)
    assert m.status == Status.INCOMPLETE and m.possible == (Status.ON_TRACK, Status.ACHIEVED)
    assert m.progress is None and m.progress_low == Fraction(7, 12) and m.progress_high is None
    # once reports prove the final target, the missing ones cannot undo it
    by_year[2019][communes[3]] = Decimal(5)
    m = indicator_progress(iov, actuals_for("IOV 2", "projets", by_year), 2019, communes, CAL).measures[0]
    assert m.status == Status.ACHIEVED and m.figure.low == 12 and m.figure.high is None


def test_ratio_indicator(frame, communes):
    """IOV 3: share of women, a ratio of the summed counts, not an average of shares."""
    iov = indicator(frame, "IOV 3")
    by_year = {2019: {communes[0]: Ratio(Decimal(1), Decimal(4)),
                      communes[1]: Ratio(Decimal(30), Decimal(60))}}
    two = communes[:2]
    m = indicator_progress(iov, actuals_for("IOV 3", "women", by_year), 2019, two, CAL).measures[0]
    assert m.actual == Fraction(100 * 31, 64)  # not (25 % + 50 %) / 2
    assert m.milestone == iov.targets["year3"].values["women"]
    assert m.status == Status.ON_TRACK  # 48.4 % >= 30 % expected in 2019, < 50 % final
    # with the ten other communes silent, any share from 0 to 100 % is still possible
    m = indicator_progress(iov, actuals_for("IOV 3", "women", by_year), 2019, communes, CAL).measures[0]
    assert (m.figure.low, m.figure.high) == (0, 100) and m.figure.among_reported == Fraction(100 * 31, 64)
    assert m.status == Status.INCOMPLETE and m.possible == (Status.OFF_TRACK, Status.ACHIEVED)


def test_ratio_with_nobody_counted_is_missing():
    assert rollup("ratio", "level", {2019: {"a": Ratio(Decimal(0), Decimal(0))}}, 2019, ["a"], FIRST) is None


def test_compound_indicator(frame, communes):
    """IOV 1.2: programmes (count) and annual plans (cumulative sum); the worst measure decides."""
    iov = indicator(frame, "IOV 1.2")
    actuals = actuals_for("IOV 1.2", "programmes", {2019: {c: True for c in communes}})
    for year in (2017, 2018, 2019):
        for i, c in enumerate(communes):
            actuals.add_value("IOV 1.2", "plans", year, c, Decimal(1 if i < 3 and year > 2017 else 0))
    result = indicator_progress(iov, actuals, 2019, communes, CAL)
    programmes, plans = result.measures
    assert programmes.status == Status.ACHIEVED and programmes.actual == len(communes)
    assert plans.actual == 6 and not plans.baseline_printed and plans.baseline == 0
    assert plans.status == Status.OFF_TRACK  # 6 plans where 26 were due
    assert result.status == Status.OFF_TRACK


def test_a_measure_deadline_overrides_the_indicators(frame, communes):
    """IOV 1.2: programmes are due "en 2018", the 26 plans only for "2018 + 2019" (deadline 2019)."""
    iov = indicator(frame, "IOV 1.2")
    programmes, plans = indicator_progress(iov, Actuals(), 2018, communes, CAL).measures
    assert iov.deadline == 2018 and plans.measure.deadline == 2019
    assert programmes.deadline == 2018 and programmes.expected == iov.targets["year3"].values["programmes"]
    assert plans.deadline == 2019 and plans.expected < iov.targets["year3"].values["plans"]
    in_2019 = indicator_progress(iov, Actuals(), 2019, communes, CAL).measures[1]
    assert in_2019.expected == iov.targets["year3"].values["plans"]


def test_min_rollup_is_the_reporter_furthest_behind(frame, communes):
    """IOV 6.2 outils: a threshold every commune must reach; one commune with 3 tools is not enough."""
    iov = indicator(frame, "IOV 6.2")
    assert iov.measures[1].rollup == "min"
    by_year = {y: {c: Decimal(0) for c in communes} for y in (2017, 2018, 2019)}
    by_year[2019][communes[0]] = Decimal(3)
    m = indicator_progress(iov, actuals_for("IOV 6.2", "outils", by_year), 2019, communes, CAL).measures[1]
    assert m.actual == 0 and m.status == Status.OFF_TRACK  # max would have said 3, "achieved"
    for c in communes:
        by_year[2018][c] = Decimal(2)
    m = indicator_progress(iov, actuals_for("IOV 6.2", "outils", by_year), 2019, communes, CAL).measures[1]
    assert m.actual == 2 and m.status == Status.ACHIEVED
    # a silent commune could have fewer: at most 2, and the status waits for it
    del by_year[2019][communes[5]], by_year[2018][communes[5]]
    m = indicator_progress(iov, actuals_for("IOV 6.2", "outils", by_year), 2019, communes, CAL).measures[1]
    assert (m.figure.low, m.figure.high) == (0, 2) and m.status == Status.INCOMPLETE
    assert m.figure.open == (communes[5],)


def test_descending_indicator():
    """A fictional decreasing indicator: fewer is better, progress still 0 at baseline, 1 at target."""
    iov = Indicator.model_validate({
        "id": "IOV 9.9", "label": "IOV 9.9", "text": "Les dossiers en attente diminuent (fictif)",
        "level": "programme",
        "measures": [{"id": "attente", "unit": "dossiers en attente", "rollup": "latest",
                      "kind": "level", "direction": "decreasing"}],
        "baseline": {"text": "40", "values": {"attente": 40}},
        "targets": {"year3": {"text": "25", "values": {"attente": 25}},
                    "year5": {"text": "10", "values": {"attente": 10}}},
    })
    measure = iov.measures[0]

    def at(value: int, year: int = 2019):
        return measure_progress(iov, measure, {year: {"programme": Decimal(value)}}, year, ["programme"], CAL)

    assert at(40).progress == 0 and at(10).progress == 1
    assert at(25).status == Status.ON_TRACK and at(10).status == Status.ACHIEVED
    assert at(50).status == Status.OFF_TRACK and at(50).progress < 0
    assert at(29).status == Status.BEHIND  # 11 of the 15 due: 73 %
    assert at(26).status == Status.ON_TRACK  # 14 of 15: 93 %


def test_deadline_year(frame, communes):
    """IOV 1.1: "au plus tard en 2018": the An 3 target is due in 2018 already."""
    iov = indicator(frame, "IOV 1.1")
    assert iov.deadline == 2018
    m2018 = indicator_progress(iov, Actuals(), 2018, communes, CAL).measures[0]
    assert m2018.expected == iov.targets["year3"].values["pac"]
    m2017 = indicator_progress(iov, Actuals(), 2017, communes, CAL).measures[0]
    base, y3 = iov.baseline.values["pac"], iov.targets["year3"].values["pac"]
    assert m2017.expected == Fraction(base) + (Fraction(y3) - Fraction(base)) / 2
    # without the deadline, 2018 would only be two thirds of the way
    plain = milestones(Fraction(0), [(YEAR3, Fraction(12)), (YEAR5, Fraction(12))], BASELINE_YEAR)
    assert expected_value(plain, 2018) == 8


def test_percent_only_target_counts_communes(frame, communes):
    """IOV 2.1: "100 % des communes" is 100 % of the communes expected to report."""
    iov = indicator(frame, "IOV 2.1")
    m = indicator_progress(iov, Actuals(), 2019, communes, CAL).measures[0]
    assert m.milestone == Fraction(iov.targets["year3"].percents["agent"]) * len(communes) / 100


def test_year_with_no_data(frame, communes):
    """Nothing reported: every indicator says no data, never zero."""
    for iov in frame.indicators():
        result = indicator_progress(iov, Actuals(), 2019, communes, CAL)
        assert result.status == Status.NO_DATA
        for m in result.measures:
            assert m.actual is None and m.progress is None and m.reported == 0
            assert m.expected is not None  # the plan is still shown


def test_latest_carries_the_last_value_forward():
    rolled = rollup("latest", "level", {2017: {"programme": Decimal(1)}}, 2019, ["programme"], FIRST)
    assert rolled is not None and rolled.value == 1 and rolled.as_of == 2017 and rolled.reported == 0


def test_max_cumulative_takes_each_reporters_total():
    by_year = {2017: {"a": Decimal(0), "b": Decimal(0)}, 2018: {"a": Decimal(1), "b": Decimal(1)},
               2019: {"a": Decimal(1), "b": Decimal(0)}}
    assert rollup("max", "cumulative", by_year, 2019, ["a", "b"], FIRST).value == 2
    assert rollup("max", "level", by_year, 2019, ["a", "b"], FIRST).value == 1
    del by_year[2019]["b"]  # b could have done anything in 2019: at least 2, no upper bound
    rolled = rollup("max", "cumulative", by_year, 2019, ["a", "b"], FIRST)
    assert (rolled.low, rolled.high, rolled.open) == (2, None, ("b",))


def test_count_cumulative_counts_a_reporter_once():
    by_year = {2017: {"a": True, "b": False}, 2018: {"a": True, "b": False}, 2019: {"b": False}}
    rolled = rollup("count", "cumulative", by_year, 2019, ["a", "b"], FIRST)
    assert rolled.value == 1 and rolled.open == ()  # a's missing 2019 changes nothing: it counts
    del by_year[2017]["b"]  # b might have had it in 2017
    rolled = rollup("count", "cumulative", by_year, 2019, ["a", "b"], FIRST)
    assert (rolled.low, rolled.high, rolled.open) == (1, 2, ("b",))


def test_unexpected_reporters_are_ignored():
    assert rollup("sum", "level", {2019: {"x": Decimal(5)}}, 2019, ["a"], FIRST) is None


def test_thresholds_are_checked():
    with pytest.raises(ValueError):
        Thresholds(on_track=Fraction(1, 2), behind=Fraction(3, 4))


def test_thresholds_change_the_status():
    args = (Fraction(7), Fraction(10), Fraction(0), Fraction(20), "increasing")
    assert status(*args) == Status.BEHIND
    assert status(*args, Thresholds(on_track=Fraction(7, 10), behind=Fraction(1, 2))) == Status.ON_TRACK


# -- properties ------------------------------------------------------------------------------

fractions = st.fractions(min_value=-1000, max_value=1000, max_denominator=50)
directions = st.sampled_from(["increasing", "decreasing"])


@given(baseline=fractions, target=fractions, direction=directions)
def test_progress_is_0_at_baseline_and_1_at_target(baseline, target, direction):
    if reached(target, baseline, direction) and target != baseline:
        assert progress(baseline, baseline, target, direction) == 0
    assert progress(target, baseline, target, direction) == 1


@given(a=fractions, b=fractions, baseline=fractions, target=fractions, direction=directions)
def test_progress_never_rewards_moving_the_wrong_way(a, b, baseline, target, direction):
    better, worse = (a, b) if reached(a, b, direction) else (b, a)
    assert progress(better, baseline, target, direction) >= progress(worse, baseline, target, direction)


@given(a=fractions, b=fractions, expected=fractions, baseline=fractions, target=fractions,
       direction=directions)
def test_a_better_value_never_gets_a_worse_status(a, b, expected, baseline, target, direction):
    better, worse = (a, b) if reached(a, b, direction) else (b, a)
    rank = [Status.OFF_TRACK, Status.BEHIND, Status.ON_TRACK, Status.ACHIEVED]
    s_better = status(better, expected, baseline, target, direction)
    s_worse = status(worse, expected, baseline, target, direction)
    assert rank.index(s_better) >= rank.index(s_worse)


@given(actual=fractions, expected=fractions, baseline=fractions, target=fractions, direction=directions)
def test_achieved_exactly_when_the_final_target_is_reached(actual, expected, baseline, target, direction):
    result = status(actual, expected, baseline, target, direction)
    assert (result == Status.ACHIEVED) == reached(actual, target, direction)
    assert status(None, expected, baseline, target, direction) == Status.NO_DATA


@given(baseline=fractions, y3=fractions, y5=fractions,
       deadline=st.one_of(st.none(), st.integers(min_value=2017, max_value=2021)),
       year=st.integers(min_value=2017, max_value=2021))
def test_expected_value_meets_milestones_and_stays_between_them(baseline, y3, y5, deadline, year):
    points = milestones(baseline, [(YEAR3, y3), (YEAR5, y5)], BASELINE_YEAR, deadline)
    assert expected_value(points, BASELINE_YEAR) == baseline
    assert expected_value(points, YEAR3) == y3 and expected_value(points, YEAR5) == y5
    if deadline is not None and deadline < YEAR3:
        assert expected_value(points, deadline) == y3
    value = expected_value(points, year)
    before = max(y for y, _ in points if y <= year)
    after = min(y for y, _ in points if y >= year)
    low, high = sorted((dict(points)[before], dict(points)[after]))
    assert low <= value <= high


values = st.dictionaries(st.sampled_from(["a", "b", "c", "d"]),
                         st.integers(min_value=0, max_value=50).map(Decimal), max_size=4)
by_years = st.dictionaries(st.integers(min_value=2017, max_value=2021), values, max_size=5)


@given(by_year=by_years, year=st.integers(min_value=2017, max_value=2021))
def test_cumulative_sum_is_the_sum_of_the_levels(by_year, year):
    reporters = ["a", "b", "c", "d"]
    cumulative = rollup("sum", "cumulative", by_year, year, reporters, FIRST)
    if not any(by_year.get(y) for y in range(2017, year + 1)):
        assert cumulative is None  # nothing reported that counts: missing, not zero
        return
    levels = [rollup("sum", "level", by_year, y, reporters, FIRST) for y in range(2017, year + 1)]
    assert cumulative.low == sum((r.low for r in levels if r is not None), Fraction(0))
    complete = all(len(by_year.get(y, {})) == 4 for y in range(2017, year + 1))
    assert (cumulative.high == cumulative.low) if complete else cumulative.high is None
    assert cumulative.reported == len(by_year.get(year, {}))


@given(flags=st.dictionaries(st.sampled_from(["a", "b", "c", "d"]), st.booleans(), min_size=1))
def test_count_is_at_most_the_reporters(flags):
    rolled = rollup("count", "level", {2019: flags}, 2019, ["a", "b", "c", "d"], FIRST)
    assert rolled.low == sum(flags.values()) and rolled.high == rolled.low + 4 - len(flags) <= 4


@given(pairs=st.lists(st.tuples(st.integers(0, 100), st.integers(0, 100)), min_size=1, max_size=4))
def test_ratio_is_a_percentage_of_the_sums(pairs):
    ratios = {f"r{i}": Ratio(Decimal(min(p, o)), Decimal(max(p, o))) for i, (p, o) in enumerate(pairs)}
    rolled = rollup("ratio", "level", {2019: ratios}, 2019, list(ratios), FIRST)  # everyone reported
    whole = sum(r.of for r in ratios.values())
    if whole == 0:
        assert rolled is None
    else:
        assert 0 <= rolled.value <= 100
        assert rolled.value == 100 * Fraction(sum(r.part for r in ratios.values())) / Fraction(whole)


def test_overall_is_the_worst_measure_and_stays_open_while_one_is():
    achieved, behind = Status.ACHIEVED, Status.BEHIND
    both = overall([(achieved, (achieved, achieved)), (behind, (behind, behind))])
    assert both == (behind, (behind, behind))
    assert overall([(Status.NO_DATA, None), (Status.NO_TARGET, None)]) == (Status.NO_DATA, None)
    assert overall([(Status.NO_TARGET, None)]) == (Status.NO_TARGET, None)
    # a measure with no data could be anything: the indicator is not "achieved" on the other alone
    assert overall([(achieved, (achieved, achieved)), (Status.NO_DATA, None)]) == (
        Status.INCOMPLETE, (Status.OFF_TRACK, achieved))
    # ... unless another measure is already certainly off track
    off = Status.OFF_TRACK
    assert overall([(off, (off, off)), (Status.INCOMPLETE, (behind, achieved))]) == (off, (off, off))
    assert overall([(achieved, (achieved, achieved)), (Status.INCOMPLETE, (behind, achieved))]) == (
        Status.INCOMPLETE, (behind, achieved))
