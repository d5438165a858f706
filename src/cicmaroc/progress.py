"""Indicator progress for a year: roll-up, expected value, progress and status. Pure functions.

Nothing here reads files or prints: the inputs are the logframe's indicators and the checked
monitoring values (`Actuals`), the outputs plain values that reports and the terminal format.
Arithmetic is exact (`Fraction`): a share of 1/3 stays 1/3 until it is formatted, so properties
such as "progress at the target is exactly 1" hold without tolerances. The formulas are written
out in docs/progress.md; keep the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from itertools import pairwise

from cicmaroc.actuals import PROGRAMME, Actuals, Ratio, Value
from cicmaroc.models.common import FIRST_YEAR, LAST_YEAR
from cicmaroc.models.logframe import Indicator, Measure, Target
from cicmaroc.numeric import setting

#: The baseline describes the situation before the first programme year.
BASELINE_YEAR = FIRST_YEAR - 1
#: "An 3" and "An 5" of the logframe.
YEAR3, YEAR5 = FIRST_YEAR + 2, FIRST_YEAR + 4


class Status(str, Enum):
    """Where a measure stands in a year. Declared from worst to best for the assessable ones."""

    OFF_TRACK = "off_track"
    BEHIND = "behind"
    ON_TRACK = "on_track"
    ACHIEVED = "achieved"
    NO_DATA = "no_data"  # nothing reported for the year: missing, never zero
    NO_TARGET = "no_target"  # the logframe gives no number to compare with

    @property
    def assessed(self) -> bool:
        return self not in (Status.NO_DATA, Status.NO_TARGET)


_RANK = {Status.OFF_TRACK: 0, Status.BEHIND: 1, Status.ON_TRACK: 2, Status.ACHIEVED: 3}


@dataclass(frozen=True, slots=True)
class Thresholds:
    """How much of the progress due by a year counts as on track, and as behind.

    A measure that made at least `on_track` of the progress expected by the year is on track, at
    least `behind` of it is behind, less is off track. Defaults: 90 % and 50 %.
    """

    on_track: Fraction = Fraction(9, 10)
    behind: Fraction = Fraction(1, 2)

    def __post_init__(self) -> None:
        if not 0 <= self.behind <= self.on_track <= 1:
            raise ValueError("thresholds must satisfy 0 <= behind <= on_track <= 1 "
                             f"(got behind={self.behind}, on_track={self.on_track})")


# -- roll-up ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Rolled:
    """A programme figure for a measure and year, with how many reporters it rests on."""

    value: Fraction
    reported: int  # expected reporters with a value for the year itself
    as_of: int  # the year of the most recent value used (earlier than the year only for `latest`)


def _number(value: Value) -> Fraction:
    if isinstance(value, Ratio):
        raise TypeError("a ratio value where a number was expected")
    return Fraction(int(value)) if isinstance(value, bool) else Fraction(value)


def _share(ratios: Iterable[Value]) -> Fraction | None:
    parts = [v for v in ratios if isinstance(v, Ratio)]
    whole = sum((Fraction(r.of) for r in parts), Fraction(0))
    if whole == 0:
        return None
    return 100 * sum((Fraction(r.part) for r in parts), Fraction(0)) / whole


def rollup(rule: str, kind: str, by_year: Mapping[int, Mapping[str, Value]], year: int,
           reporters: Sequence[str]) -> Rolled | None:
    """The programme figure of one measure in `year`, or None when it is missing.

    `by_year` maps year -> reporter -> value; only `reporters` (who is expected to report) count.
    A level is the state reported for the year; a cumulative measure adds up every year from the
    first programme year. The figure is missing when no reporter gave a value for the year
    itself, except for `latest`, which is by definition the last value known.
    """
    expected = set(reporters)
    years = sorted(y for y in by_year if y <= year)
    this_year = {r: v for r, v in by_year.get(year, {}).items() if r in expected}
    if rule == "latest":
        last: dict[str, tuple[int, Value]] = {}
        for y in years:
            for r, v in by_year[y].items():
                if r in expected:
                    last[r] = (y, v)
        if not last:
            return None
        total = sum((_number(v) for _, v in last.values()), Fraction(0))
        return Rolled(total, len(this_year), max(y for y, _ in last.values()))
    if not this_year:
        return None
    if kind == "level":
        values = list(this_year.values())
        value = _aggregate(rule, values)
    else:
        per_reporter: dict[str, list[Value]] = {}
        for y in years:
            for r, v in by_year[y].items():
                if r in expected:
                    per_reporter.setdefault(r, []).append(v)
        value = _accumulate(rule, per_reporter)
    return None if value is None else Rolled(value, len(this_year), year)


def _aggregate(rule: str, values: list[Value]) -> Fraction | None:
    """Level roll-up over the reporters' values of one year."""
    if rule == "count":
        return Fraction(sum(1 for v in values if v is True))
    if rule == "ratio":
        return _share(values)
    numbers = [_number(v) for v in values if not isinstance(v, Ratio)]
    if rule == "max":
        return max(numbers) if numbers else None
    return sum(numbers, Fraction(0))  # sum


def _accumulate(rule: str, per_reporter: Mapping[str, list[Value]]) -> Fraction | None:
    """Cumulative roll-up: each reporter's years first, then across reporters."""
    if rule == "count":
        return Fraction(sum(1 for values in per_reporter.values() if any(v is True for v in values)))
    if rule == "ratio":
        return _share(v for values in per_reporter.values() for v in values)
    totals = [sum((_number(v) for v in values if not isinstance(v, Ratio)), Fraction(0))
              for values in per_reporter.values()]
    if rule == "max":
        return max(totals) if totals else None
    return sum(totals, Fraction(0))  # sum


# -- the plan: targets, milestones, expected value ----------------------------------------------


def target_value(target: Target, measure: Measure, reporters: int) -> Fraction | None:
    """The number a target cell sets for a measure, or None when it sets none.

    A cell that prints only a percentage of communes ("100 % des communes") sets that share of
    the reporters for a count: 100 % of 12 communes is 12.
    """
    if measure.id in target.values:
        return Fraction(target.values[measure.id])
    if measure.id in target.percents and measure.rollup == "count":
        return Fraction(target.percents[measure.id]) * reporters / 100
    if measure.id in target.percents and measure.rollup == "ratio":
        return Fraction(target.percents[measure.id])
    return None


def milestones(baseline: Fraction | None, year3: Fraction | None, year5: Fraction | None,
               deadline: int | None = None) -> list[tuple[int, Fraction]]:
    """The plan as (year, value) points: baseline before 2017, An 3 in 2019, An 5 in 2021.

    A deadline before a milestone brings that milestone forward ("au plus tard en 2018": the
    An 3 value is due in 2018 and held until 2019). A missing baseline counts from zero.
    """
    points: dict[int, Fraction] = {BASELINE_YEAR: baseline if baseline is not None else Fraction(0)}
    if year3 is not None:
        points[YEAR3] = year3
        if deadline is not None and BASELINE_YEAR < deadline < YEAR3:
            points[deadline] = year3
    if year5 is not None:
        points[YEAR5] = year5
        if deadline is not None and YEAR3 < deadline < YEAR5:
            points[deadline] = year5
    return sorted(points.items())


def expected_value(points: Sequence[tuple[int, Fraction]], year: int) -> Fraction | None:
    """The value the plan expects in `year`: linear between milestones, held after the last."""
    if not points:
        return None
    if year <= points[0][0]:
        return points[0][1]
    for (y0, v0), (y1, v1) in pairwise(points):
        if y0 <= year <= y1:
            return v0 + (v1 - v0) * Fraction(year - y0, y1 - y0)
    return points[-1][1]


# -- progress and status ------------------------------------------------------------------------


def _sign(direction: str) -> int:
    return -1 if direction == "decreasing" else 1


def reached(value: Fraction, target: Fraction, direction: str) -> bool:
    """Whether `value` is at or beyond `target` in the indicator's direction."""
    return _sign(direction) * (value - target) >= 0


def progress(value: Fraction, baseline: Fraction, target: Fraction, direction: str) -> Fraction:
    """(value - baseline) / (target - baseline), measured in the indicator's direction.

    0 at the baseline, 1 at the target, above 1 beyond it, negative when the value moved the
    wrong way. When the target is not beyond the baseline in that direction there is no distance
    to cover: progress is 1 once the target is reached, else 0.
    """
    sign = _sign(direction)
    span = sign * (target - baseline)
    if span <= 0:
        return Fraction(1) if reached(value, target, direction) else Fraction(0)
    return sign * (value - baseline) / span


def status(actual: Fraction | None, expected: Fraction | None, baseline: Fraction,
           final: Fraction | None, direction: str, thresholds: Thresholds = Thresholds()) -> Status:
    """achieved / on track / behind / off track / no data, as docs/progress.md defines them."""
    if actual is None:
        return Status.NO_DATA
    if final is None or expected is None:
        return Status.NO_TARGET
    if reached(actual, final, direction):
        return Status.ACHIEVED
    if reached(actual, expected, direction):
        return Status.ON_TRACK
    due = progress(expected, baseline, final, direction)
    if due <= 0:
        return Status.OFF_TRACK  # nothing beyond the baseline was due, and the value fell short
    score = progress(actual, baseline, final, direction) / due
    if score >= thresholds.on_track:
        return Status.ON_TRACK
    if score >= thresholds.behind:
        return Status.BEHIND
    return Status.OFF_TRACK


def overall(statuses: Iterable[Status]) -> Status:
    """An indicator's status: the worst of its assessed measures (compound targets)."""
    found = list(statuses)
    assessed = [s for s in found if s.assessed]
    if assessed:
        return min(assessed, key=_RANK.__getitem__)
    return Status.NO_DATA if Status.NO_DATA in found or not found else Status.NO_TARGET


# -- one indicator, one year --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MeasureProgress:
    """Everything the report shows for one measure in one year."""

    indicator: str
    measure: Measure
    year: int
    baseline: Fraction  # zero when the logframe prints none (then baseline_printed is False)
    baseline_printed: bool
    milestone_year: int  # the next milestone at or after the year: 2019 (An 3) or 2021 (An 5)
    milestone: Fraction | None
    final: Fraction | None  # An 5
    expected: Fraction | None
    actual: Fraction | None  # None: nobody reported; never zero for missing
    as_of: int | None
    reported: int
    reporters: int
    progress: Fraction | None  # towards the An 5 target
    expected_progress: Fraction | None
    status: Status

    @property
    def partial(self) -> bool:
        """Some expected reporters gave no value for the year: a count or sum may be too low."""
        return self.actual is not None and self.reported < self.reporters


@dataclass(frozen=True, slots=True)
class IndicatorProgress:
    indicator: Indicator
    year: int
    measures: tuple[MeasureProgress, ...]

    @property
    def status(self) -> Status:
        return overall(m.status for m in self.measures)


def measure_progress(indicator: Indicator, measure: Measure, by_year: Mapping[int, Mapping[str, Value]],
                     year: int, reporters: Sequence[str],
                     thresholds: Thresholds = Thresholds()) -> MeasureProgress:
    """Roll up, compare with the plan, and classify one measure of an indicator for `year`."""
    n = len(reporters)
    printed = target_value(indicator.baseline, measure, n)
    baseline = printed if printed is not None else Fraction(0)
    year3 = target_value(indicator.year3, measure, n)
    year5 = target_value(indicator.year5, measure, n)
    points = milestones(printed, year3, year5, indicator.deadline)
    has_target = year3 is not None or year5 is not None
    expected = expected_value(points, year) if has_target else None
    final = year5 if year5 is not None else year3
    rolled = rollup(measure.rollup, measure.kind, by_year, year, reporters)
    actual = rolled.value if rolled else None
    milestone_year = YEAR3 if year <= YEAR3 else YEAR5
    return MeasureProgress(
        indicator=indicator.id, measure=measure, year=year,
        baseline=baseline, baseline_printed=printed is not None,
        milestone_year=milestone_year, milestone=year3 if milestone_year == YEAR3 else year5,
        final=final, expected=expected, actual=actual,
        as_of=rolled.as_of if rolled else None,
        reported=rolled.reported if rolled else 0,
        reporters=n,
        progress=None if actual is None or final is None
        else progress(actual, baseline, final, measure.direction),
        expected_progress=None if expected is None or final is None
        else progress(expected, baseline, final, measure.direction),
        status=status(actual, expected, baseline, final, measure.direction, thresholds),
    )


def indicator_progress(indicator: Indicator, actuals: Actuals, year: int, reporters: Sequence[str],
                       thresholds: Thresholds = Thresholds()) -> IndicatorProgress:
    """Every measure of one indicator for `year`."""
    return IndicatorProgress(indicator, year, tuple(
        measure_progress(indicator, m, actuals.measure(indicator.id, m.id), year, reporters, thresholds)
        for m in indicator.measures))


def reporters_by_level(commune_ids: Sequence[str], partnership_ids: Sequence[str]) -> dict[str, list[str]]:
    """Who is expected to report, for each indicator level."""
    return {"commune": list(commune_ids), "partnership": list(partnership_ids),
            "programme": [PROGRAMME]}


def all_progress(indicators: Sequence[Indicator], actuals: Actuals, year: int,
                 reporters: Mapping[str, Sequence[str]],
                 thresholds: Thresholds = Thresholds()) -> list[IndicatorProgress]:
    """Every indicator for `year`, in logframe order."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"{year} is not a programme year ({FIRST_YEAR}-{LAST_YEAR})")
    return [indicator_progress(i, actuals, year, reporters[i.level], thresholds) for i in indicators]


def thresholds_from_table(table: Mapping[str, object]) -> Thresholds:
    """Thresholds from a settings table: `on-track = "0.9"`, `behind = "0.5"` (shares of the due)."""
    unknown = set(table) - {"on-track", "behind"}
    if unknown:
        raise ValueError(f"unknown setting(s) {', '.join(sorted(unknown))}; known: on-track, behind")
    values = {}
    for key, attr in (("on-track", "on_track"), ("behind", "behind")):
        if key in table:  # bounded before any conversion (numeric.setting): "1e-99999999" hung
            values[attr] = Fraction(setting(table[key], key, Decimal(0), Decimal(1), '"0.9"'))
    return Thresholds(**values)
