"""Indicator progress for a year: roll-up, expected value, progress and status. Pure functions.

Nothing here reads files or prints: the inputs are the logframe's indicators and the checked
monitoring values (`Actuals`), the outputs plain values that reports and the terminal format.
Arithmetic is exact (`Fraction`): a share of 1/3 stays 1/3 until it is formatted, so properties
such as "progress at the target is exactly 1" hold without tolerances.

Reports are often incomplete. A figure is therefore the *range* the roll-up could take over
every way the missing reports could still come in (their "completions"); it is exact only when
that range is a single value. A status is stated only when every value of the range gives the
same status; otherwise the measure is *incomplete*, with the best and worst status still
possible. The formulas are written out in docs/progress.md; keep the two in step.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import Enum
from fractions import Fraction
from itertools import pairwise

from cicmaroc.derive.actuals import PROGRAMME, Actuals, Ratio, Value
from cicmaroc.models.logframe import Indicator, Measure, Target, direction_sign
from cicmaroc.numeric import setting
from cicmaroc.years import Calendar


class Status(str, Enum):
    """Where a measure stands in a year. Declared from worst to best for the assessable ones.

    Up to a measure's last deadline it is on its way (off track ... on track) or already achieved;
    at and after it the verdict is final: achieved or not achieved, never "on track".
    """

    NOT_ACHIEVED = "not_achieved"  # final: the last deadline is past and the final target not reached
    OFF_TRACK = "off_track"
    BEHIND = "behind"
    ON_TRACK = "on_track"
    ACHIEVED = "achieved"
    INCOMPLETE = "incomplete"  # the missing reports could still change the status
    NO_DATA = "no_data"  # nothing reported that counts for the year: missing, never zero
    NO_TARGET = "no_target"  # the logframe gives no number to compare with

    @property
    def assessed(self) -> bool:
        """A status the data proves (achieved ... off track)."""
        return self in _RANK


_RANK = {Status.NOT_ACHIEVED: -1, Status.OFF_TRACK: 0, Status.BEHIND: 1, Status.ON_TRACK: 2,
         Status.ACHIEVED: 3}


class Verdict(str, Enum):
    """A milestone once its year has come: met or missed, or open while missing reports could
    still decide either way."""

    MET = "met"
    MISSED = "missed"
    OPEN = "open"


def worst(statuses: Iterable[Status]) -> Status:
    return min(statuses, key=_RANK.__getitem__)


def best(statuses: Iterable[Status]) -> Status:
    return max(statuses, key=_RANK.__getitem__)


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
    """A programme figure for a measure and year: the range every completion of the reports gives.

    `low` and `high` are the figure if every missing report came in as low, or as high, as it
    can; `high` is None when a missing report could add without limit (a sum of counts). The
    figure is exact when the two meet.
    """

    low: Fraction
    high: Fraction | None
    reported: int  # expected reporters with a value for the year itself
    open: tuple[str, ...]  # expected reporters whose missing values leave the figure open
    years_open: tuple[int, ...]  # the years counted in which some of those values are missing
    as_of: int  # the year of the most recent value used (earlier than the year only for `latest`)
    among_reported: Fraction | None = None  # ratio: the share over the reports received only

    @property
    def exact(self) -> bool:
        return self.high is not None and self.low == self.high

    @property
    def value(self) -> Fraction | None:
        """The figure, when the reports received decide it; None when it is only a range."""
        return self.low if self.exact else None


def _number(value: Value) -> Fraction:
    if isinstance(value, Ratio):
        raise TypeError("a ratio value where a number was expected")
    return Fraction(int(value)) if isinstance(value, bool) else Fraction(value)


def _counted_years(kind: str, year: int, first: int) -> range:
    """The years whose reports enter the figure of `year`: the year itself, or every year since the
    programme's `first`."""
    return range(year, year + 1) if kind == "level" else range(first, year + 1)


def rollup(rule: str, kind: str, by_year: Mapping[int, Mapping[str, Value]], year: int,
           reporters: Sequence[str], first: int) -> Rolled | None:
    """The programme figure of one measure in `year` as a range, or None when nothing counts yet.

    `by_year` maps year -> reporter -> value; only `reporters` (who is expected to report) count.
    A level is the state reported for the year; a cumulative measure adds up every year from the
    first programme year (`first`), and a year without a report is missing there too (never zero). `latest`
    is by definition the last value known, so only a reporter that never reported is missing.
    Values are never negative (the monitoring pass refuses them), which bounds every range below.
    """
    years = _counted_years(kind, year, first) if rule != "latest" else range(first, year + 1)
    known: dict[str, list[Value]] = {}
    missing: dict[str, list[int]] = {}
    last: dict[str, tuple[int, Value]] = {}
    for r in reporters:
        for y in years:
            cell = by_year.get(y, {})
            if r in cell:
                known.setdefault(r, []).append(cell[r])
                last[r] = (y, cell[r])
            else:
                missing.setdefault(r, []).append(y)
    if not known:
        return None
    reported = sum(1 for r in reporters if r in by_year.get(year, {}))
    if rule == "latest":
        never = tuple(r for r in reporters if r not in last)
        latest = sum((_number(v) for _, v in last.values()), Fraction(0))
        return Rolled(latest, None if never else latest, reported, never, (),
                      max(y for y, _ in last.values()))
    low, high, open_ = _range(rule, reporters, known, missing)
    among = _share([v for values in known.values() for v in values]) if rule == "ratio" else None
    if low is None:
        return None  # a ratio with nobody counted (every 'of' is 0) and nothing missing
    years_open = tuple(sorted({y for r in open_ for y in missing[r]}))
    return Rolled(low, high, reported, open_, years_open, year, among)


def _share(values: Iterable[Value]) -> Fraction | None:
    parts = [v for v in values if isinstance(v, Ratio)]
    whole = sum((Fraction(r.of) for r in parts), Fraction(0))
    if whole == 0:
        return None
    return 100 * sum((Fraction(r.part) for r in parts), Fraction(0)) / whole


def _range(rule: str, reporters: Sequence[str], known: Mapping[str, list[Value]],
           missing: Mapping[str, list[int]]
           ) -> tuple[Fraction | None, Fraction | None, tuple[str, ...]]:
    """(low, high, open reporters) of a count, sum, max, min or ratio over the counted years."""
    if rule == "count":
        yes = [r for r in reporters if any(v is True for v in known.get(r, []))]
        maybe = tuple(r for r in reporters if r not in yes and r in missing)
        return Fraction(len(yes)), Fraction(len(yes) + len(maybe)), maybe
    open_ = tuple(r for r in reporters if r in missing)
    if rule == "ratio":
        share = _share(v for values in known.values() for v in values)
        if open_:
            # a missing reporter may add any part of any whole: the share can come as close to
            # 0 % or to 100 % as one likes, so nothing narrower than 0-100 is certain
            return Fraction(0), Fraction(100), open_
        return share, share, ()
    totals = {r: sum((_number(v) for v in known.get(r, []) if not isinstance(v, Ratio)), Fraction(0))
              for r in reporters}  # what is known of each reporter's figure: its lowest value
    if rule == "max":
        low = max(totals.values(), default=Fraction(0))
        return low, None if open_ else low, open_
    if rule == "min":
        complete = [totals[r] for r in reporters if r not in missing]
        low = min(totals.values(), default=Fraction(0))
        high = min(complete) if complete else None
        # a reporter still open cannot pull the minimum above its known part, nor can it lower
        # it below the complete reporters' minimum once it is at that minimum already
        open_min = tuple(r for r in open_ if high is None or totals[r] < high)
        return low, high, open_min
    total = sum(totals.values(), Fraction(0))  # sum
    return total, None if open_ else total, open_


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


def due_years(targets: Sequence[tuple[int, Fraction | None]], baseline_year: int,
              deadline: int | None = None) -> dict[int, int]:
    """The year each milestone with a target is due, by the milestone's year (`targets`: (year,
    value or None), in order): its own year, or the deadline when the deadline falls between the
    milestone before it and it ("au plus tard en 2018" brings the 2019 milestone to 2018)."""
    due: dict[int, int] = {}
    before = baseline_year
    for year, value in targets:
        if value is not None:
            due[year] = deadline if deadline is not None and before < deadline < year else year
        before = year
    return due


def milestones(baseline: Fraction | None, targets: Sequence[tuple[int, Fraction | None]], baseline_year: int,
               deadline: int | None = None) -> list[tuple[int, Fraction]]:
    """The plan as (year, value) points: the baseline in its year, then each milestone's target in
    the milestone's year (`targets`: (year, value or None), in order).

    A deadline before a milestone brings that milestone forward ("au plus tard en 2018": the
    value of the milestone after it is due in 2018 and held until the milestone's year). A
    missing baseline counts from zero.
    """
    points: dict[int, Fraction] = {baseline_year: baseline if baseline is not None else Fraction(0)}
    values = dict(targets)
    for year, due in due_years(targets, baseline_year, deadline).items():
        value = values[year]
        assert value is not None  # due_years keeps the milestones with a target only
        points[year] = points[due] = value
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


def reached(value: Fraction, target: Fraction, direction: str) -> bool:
    """Whether `value` is at or beyond `target` in the indicator's direction."""
    return direction_sign(direction) * (value - target) >= 0


def progress(value: Fraction, baseline: Fraction, target: Fraction, direction: str) -> Fraction:
    """(value - baseline) / (target - baseline), measured in the indicator's direction.

    0 at the baseline, 1 at the target, above 1 beyond it, negative when the value moved the
    wrong way. When the target is not beyond the baseline in that direction there is no distance
    to cover: progress is 1 once the target is reached, else 0.
    """
    sign = direction_sign(direction)
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


def _status_without_bound(direction: str) -> Status:
    """The status of a figure larger than any number: the best if more is better, else the worst."""
    return Status.ACHIEVED if direction == "increasing" else Status.OFF_TRACK


def possible_statuses(low: Fraction, high: Fraction | None, expected: Fraction, baseline: Fraction,
                      final: Fraction, direction: str, thresholds: Thresholds = Thresholds()
                      ) -> tuple[Status, Status]:
    """(worst, best) status over every figure from `low` to `high` (None: no upper bound).

    The status never gets worse as the figure gets better (a property the tests check), so the
    two ends of the range give the worst and the best status of any completion.
    """
    ends = [status(low, expected, baseline, final, direction, thresholds),
            _status_without_bound(direction) if high is None
            else status(high, expected, baseline, final, direction, thresholds)]
    return worst(ends), best(ends)


def verdict(low: Fraction, high: Fraction | None, target: Fraction, direction: str) -> Verdict:
    """Whether a figure known to lie between `low` and `high` (None: no upper bound) reaches
    `target`: met when even its worst end does, missed when even its best end does not, open
    otherwise. "6 to 11" against 12 is missed: no completion of the reports reaches 12."""
    worst_end: Fraction | None
    best_end: Fraction | None
    if direction_sign(direction) > 0:
        worst_end, best_end = low, high
    else:
        worst_end, best_end = high, low
    if worst_end is not None and reached(worst_end, target, direction):
        return Verdict.MET
    if best_end is not None and not reached(best_end, target, direction):
        return Verdict.MISSED
    return Verdict.OPEN


#: The final statuses (worst, best) each verdict on the final target gives.
_FINAL = {Verdict.MET: (Status.ACHIEVED, Status.ACHIEVED),
          Verdict.MISSED: (Status.NOT_ACHIEVED, Status.NOT_ACHIEVED),
          Verdict.OPEN: (Status.NOT_ACHIEVED, Status.ACHIEVED)}


def overall(measures: Iterable[tuple[Status, tuple[Status, Status] | None]]
            ) -> tuple[Status, tuple[Status, Status] | None]:
    """An indicator's status: the worst of its measures (compound targets), and its range.

    A measure with no data could be anything (its `possible` says from what, when it has a
    target): beside assessed measures it keeps the indicator open unless another measure is
    already certainly at the worst it could be.
    """
    found = list(measures)
    ranges = [possible for s, possible in found
              if possible is not None and (s.assessed or s == Status.INCOMPLETE)]
    if not ranges:
        return (Status.NO_DATA if any(s == Status.NO_DATA for s, _ in found) or not found
                else Status.NO_TARGET), None
    ranges += [possible or (Status.OFF_TRACK, Status.ACHIEVED) for s, possible in found
               if s == Status.NO_DATA]
    low = worst(r[0] for r in ranges)
    high = worst(r[1] for r in ranges)
    return (low if low == high else Status.INCOMPLETE), (low, high)


# -- one indicator, one year --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MilestoneCheck:
    """A milestone whose due year has come: its target against the figure of that year."""

    id: str
    year: int  # the milestone's own year
    due: int  # the year it is due: its year, or earlier by a deadline
    target: Fraction
    figure: Rolled | None  # the figure of the due year; None: nothing reported that counts
    verdict: Verdict | None  # None: nothing reported, so neither met nor missed is known


@dataclass(frozen=True, slots=True)
class MeasureProgress:
    """Everything the report shows for one measure in one year."""

    indicator: str
    measure: Measure
    year: int
    baseline: Fraction  # zero when the logframe prints none (then baseline_printed is False)
    baseline_printed: bool
    deadline: int | None  # the measure's own deadline, else the indicator's
    milestone_id: str  # the milestone of the year: the first due at or after it
    milestone_year: int
    milestone: Fraction | None
    final_id: str | None  # the last milestone with a target for the measure (None: none has one)
    final: Fraction | None
    expected: Fraction | None
    figure: Rolled | None  # None: nothing reported that counts; never zero for missing
    reporters: int
    progress_low: Fraction | None  # towards the final target; None: no lower bound (or no data)
    progress_high: Fraction | None  # None: no upper bound (or no data)
    expected_progress: Fraction | None
    status: Status
    possible: tuple[Status, Status] | None  # (worst, best) status any completion can have
    final_due: int | None = None  # the year the final target is due (its deadline, else its year)
    checks: tuple[MilestoneCheck, ...] = ()  # every milestone due by the year, in order

    @property
    def final_stage(self) -> bool:
        """At or after the last deadline: the status is a verdict, achieved or not achieved."""
        return self.final_due is not None and self.year >= self.final_due

    @property
    def milestone_check(self) -> MilestoneCheck | None:
        """The year's milestone, met or missed, once it is due (None before)."""
        return next((c for c in self.checks if c.id == self.milestone_id), None)

    @property
    def shortfall(self) -> tuple[Fraction, Fraction | None] | None:
        """How far short of the final target a measure not achieved ended, as (least, most; None:
        no bound), in the measure's direction; None unless the status is not achieved."""
        if self.status != Status.NOT_ACHIEVED or self.figure is None or self.final is None:
            return None
        sign = direction_sign(self.measure.direction)
        at_low = sign * (self.final - self.figure.low)
        at_high = None if self.figure.high is None else sign * (self.final - self.figure.high)
        if sign > 0:
            assert at_high is not None  # not achieved for certain: the figure has an upper bound
            return at_high, at_low
        return at_low, at_high

    @property
    def actual(self) -> Fraction | None:
        """The achieved value when the reports decide it; None when missing or only a range."""
        return self.figure.value if self.figure else None

    @property
    def progress(self) -> Fraction | None:
        """Progress when the reports decide it exactly."""
        if self.actual is None or self.progress_low != self.progress_high:
            return None
        return self.progress_low

    @property
    def reported(self) -> int:
        return self.figure.reported if self.figure else 0

    @property
    def complete(self) -> bool:
        """Every expected report that counts for the figure came in."""
        return self.figure is not None and not self.figure.open


@dataclass(frozen=True, slots=True)
class IndicatorProgress:
    indicator: Indicator
    year: int
    measures: tuple[MeasureProgress, ...]

    @property
    def status(self) -> Status:
        return overall((m.status, m.possible) for m in self.measures)[0]

    @property
    def possible(self) -> tuple[Status, Status] | None:
        return overall((m.status, m.possible) for m in self.measures)[1]


def _progress_range(figure: Rolled, baseline: Fraction, final: Fraction, direction: str
                    ) -> tuple[Fraction | None, Fraction | None]:
    """(lowest, highest) progress over the figure's range; None where it has no bound."""
    at_low = progress(figure.low, baseline, final, direction)
    at_high = None if figure.high is None else progress(figure.high, baseline, final, direction)
    if figure.high is None and direction_sign(direction) * (final - baseline) <= 0:
        at_high = Fraction(1) if direction == "increasing" else Fraction(0)  # a step, not a slope
    if direction == "increasing":
        return at_low, at_high
    return at_high, at_low


def measure_progress(indicator: Indicator, measure: Measure, by_year: Mapping[int, Mapping[str, Value]],
                     year: int, reporters: Sequence[str], calendar: Calendar,
                     thresholds: Thresholds = Thresholds()) -> MeasureProgress:
    """Roll up, compare with the plan, and classify one measure of an indicator for `year`."""
    n = len(reporters)
    printed = target_value(indicator.baseline, measure, n)
    baseline = printed if printed is not None else Fraction(0)
    targets = [(m, target_value(indicator.targets[m.id], measure, n) if m.id in indicator.targets else None)
               for m in calendar.milestones]
    deadline = measure.deadline if measure.deadline is not None else indicator.deadline
    points = milestones(printed, [(m.year, value) for m, value in targets], calendar.baseline, deadline)
    given = [(m, value) for m, value in targets if value is not None]
    expected = expected_value(points, year) if given else None
    final_milestone, final = given[-1] if given else (None, None)
    due_in = due_years([(m.year, value) for m, value in targets], calendar.baseline, deadline)
    final_due = due_in[final_milestone.year] if final_milestone else None
    figure = rollup(measure.rollup, measure.kind, by_year, year, reporters, calendar.first)
    due = calendar.due(year)
    progress_low = progress_high = None
    possible = None
    at_end = final_due is not None and year >= final_due
    if figure is None:
        state = Status.NO_DATA
        if final is not None and expected is not None:  # anything is still possible
            possible = (Status.NOT_ACHIEVED if at_end else Status.OFF_TRACK, Status.ACHIEVED)
    elif final is None or expected is None:
        state = Status.NO_TARGET
    else:
        progress_low, progress_high = _progress_range(figure, baseline, final, measure.direction)
        possible = (_FINAL[verdict(figure.low, figure.high, final, measure.direction)] if at_end
                    else possible_statuses(figure.low, figure.high, expected, baseline, final,
                                           measure.direction, thresholds))
        state = possible[0] if possible[0] == possible[1] else Status.INCOMPLETE
    checks = []
    for m, value in given:
        if due_in[m.year] <= year:
            at = figure if due_in[m.year] == year else rollup(
                measure.rollup, measure.kind, by_year, due_in[m.year], reporters, calendar.first)
            checks.append(MilestoneCheck(m.id, m.year, due_in[m.year], value, at, None if at is None
                                         else verdict(at.low, at.high, value, measure.direction)))
    return MeasureProgress(
        indicator=indicator.id, measure=measure, year=year,
        baseline=baseline, baseline_printed=printed is not None, deadline=deadline,
        milestone_id=due.id, milestone_year=due.year,
        milestone=dict((m.id, v) for m, v in targets).get(due.id),
        final_id=final_milestone.id if final_milestone else None, final=final,
        expected=expected, figure=figure, reporters=n,
        progress_low=progress_low, progress_high=progress_high,
        expected_progress=None if expected is None or final is None
        else progress(expected, baseline, final, measure.direction),
        status=state, possible=possible, final_due=final_due, checks=tuple(checks),
    )


def indicator_progress(indicator: Indicator, actuals: Actuals, year: int, reporters: Sequence[str],
                       calendar: Calendar, thresholds: Thresholds = Thresholds()) -> IndicatorProgress:
    """Every measure of one indicator for `year`."""
    return IndicatorProgress(indicator, year, tuple(
        measure_progress(indicator, m, actuals.measure(indicator.id, m.id), year, reporters, calendar,
                         thresholds)
        for m in indicator.measures))


def reporters_by_level(commune_ids: Sequence[str], partnership_ids: Sequence[str]) -> dict[str, list[str]]:
    """Who is expected to report, for each indicator level."""
    return {"commune": list(commune_ids), "partnership": list(partnership_ids),
            "programme": [PROGRAMME]}


def all_progress(indicators: Sequence[Indicator], actuals: Actuals, year: int,
                 reporters: Mapping[str, Sequence[str]], calendar: Calendar,
                 thresholds: Thresholds = Thresholds()) -> list[IndicatorProgress]:
    """Every indicator for `year`, in logframe order."""
    if year not in calendar:
        raise ValueError(f"{year} is not a programme year ({calendar.first}-{calendar.last})")
    return [indicator_progress(i, actuals, year, reporters[i.level], calendar, thresholds)
            for i in indicators]


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
