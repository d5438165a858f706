"""Indicators: targets that can exist, percentages that match their counts, milestones in order."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise

from cicmaroc.config import Config
from cicmaroc.findings import Finding, Severity
from cicmaroc.loading.programme import Programme
from cicmaroc.models.common import FIRST_YEAR, LAST_YEAR
from cicmaroc.rules.common import indicator_places, measure_places

TARGETS = (("baseline", "the baseline"), ("year3", "the year-3 target (2019)"),
           ("year5", "the year-5 target (2021)"))


def _commune_count(programme: Programme) -> int:
    """The programme's communes; 0 (nothing to compare with) when a partner file is unread."""
    if "partners" in programme.incomplete:
        return 0
    return sum(1 for _ in programme.communes())


def too_many_communes(programme: Programme, config: Config) -> Iterator[Finding]:
    """A target counting communes does not exceed the number of communes in the programme.

    Why: a target that cannot be reached cannot be reported on honestly.

    Example: IOV 4.3 at year 5: "13 communes ont organisé 1 formation par an" with 12 communes.
    """
    communes = _commune_count(programme)
    if programme.logframe is None or communes == 0:
        return
    doc = programme.logframe
    for ind, path, measure in measure_places(programme):
        if ind.level != "commune" or measure.rollup != "count":
            continue
        for target, label in TARGETS:
            value = getattr(ind, target).values.get(measure.id)
            if value is not None and value > communes:
                yield Finding("CIC401", Severity.ERROR,
                              f"{ind.id}: {label} counts {value} communes, but the programme has "
                              f"{communes} Moroccan communes.",
                              doc.at(*path, target, "values", measure.id),
                              hint="Keep the figure as printed; report it and waive it with the "
                                   "agreed reading.")


def _percent(value: Decimal, total: int) -> Decimal:
    return value * 100 / total


def percent_mismatch(programme: Programme, config: Config) -> Iterator[Finding]:
    """A percentage printed beside a count of communes is that count's share of the communes.

    Why: the percentage and the count are two statements of one figure; if they disagree one of
    them is wrong, and the report would show either.
    A difference under `percent-tolerance` (default 1 point) is a rounding slip, CIC406.

    Example: IOV 1 baseline "9 communes disposent d’un SAS (77 %)": 9 of 12 is 75 %.
    """
    communes = _commune_count(programme)
    if programme.logframe is None or communes == 0:
        return
    doc = programme.logframe
    for ind, path, measure in measure_places(programme):
        if measure.rollup != "count":
            continue
        for target, label in TARGETS:
            cell = getattr(ind, target)
            stated, count = cell.percents.get(measure.id), cell.values.get(measure.id)
            if stated is None or count is None:
                continue
            computed = _percent(count, communes)
            exponent = stated.as_tuple().exponent
            places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
            if computed.quantize(places, rounding=ROUND_HALF_UP) == stated:
                continue
            shown = computed.quantize(Decimal("0.01"))
            where = doc.at(*path, target, "percents", measure.id)
            if abs(computed - stated) < config.percent_tolerance:
                yield Finding("CIC406", Severity.WARNING,
                              f"{ind.id}: {label} prints {stated} % beside {count} communes; "
                              f"{count} of {communes} is {shown} %, which rounds to "
                              f"{computed.quantize(places, rounding=ROUND_HALF_UP)} %.",
                              where, hint="A rounding slip in the document; waive it once seen.")
            else:
                yield Finding("CIC402", Severity.ERROR,
                              f"{ind.id}: {label} prints {stated} % beside {count} communes, but "
                              f"{count} of {communes} communes is {shown} %.",
                              where, (doc.at(*path, target, "values", measure.id),),
                              hint="Either the count or the percentage is wrong in the document: "
                                   "report it, and waive this with the agreed reading.")


def percent_rounding_doc(programme: Programme, config: Config) -> Iterator[Finding]:
    """A printed percentage is off its count's share by less than one point, but not rounded right.

    Why: harmless for the targets, but a reader comparing the figures will stop at it. Emitted
    by CIC402 in its place when the difference is below `percent-tolerance`.

    Example: IOV 2.2 baseline "8 communes ont un SAS équipés (66%)": 8 of 12 is 66.67 %, which
    rounds to 67 %.
    """
    return iter(())


def _direction_sign(direction: str) -> int:
    return 1 if direction == "increasing" else -1


def cumulative_decrease(programme: Programme, config: Config) -> Iterator[Finding]:
    """On a cumulative measure, the year-5 target is not below the year-3 target (nor year 3 below baseline).

    Why: what is counted since 2017 can only grow; a lower later target is a slip.

    Example: "6 projets innovants ... mis en œuvre" at year 3 and "4 projets" at year 5.
    """
    if programme.logframe is None:
        return
    doc = programme.logframe
    for ind, path, measure in measure_places(programme):
        if measure.kind != "cumulative":
            continue
        sign = _direction_sign(measure.direction)
        steps = [(t, label, getattr(ind, t).values.get(measure.id)) for t, label in TARGETS]
        known = [(t, label, v) for t, label, v in steps if v is not None]
        for (t1, l1, v1), (t2, l2, v2) in pairwise(known):
            if sign * (v2 - v1) < 0:
                yield Finding("CIC403", Severity.ERROR,
                              f"{ind.id} ({measure.unit}) is cumulative, yet {l2} ({v2}) is "
                              f"{'below' if sign > 0 else 'above'} {l1} ({v1}).",
                              doc.at(*path, t2, "values", measure.id),
                              (doc.at(*path, t1, "values", measure.id),),
                              hint="Check both figures against the document.")


def baseline_side(programme: Programme, config: Config) -> Iterator[Finding]:
    """The baseline is on the near side of each target: below it when the indicator should rise.

    Why: progress is measured from the baseline towards the target; a baseline already past the
    target makes every progress figure meaningless.

    Example: "12 communes disposent d'un SAS" as the baseline and "9 communes" as the target.
    """
    if programme.logframe is None:
        return
    doc = programme.logframe
    for ind, path, measure in measure_places(programme):
        base = ind.baseline.values.get(measure.id)
        if base is None:
            continue
        sign = _direction_sign(measure.direction)
        for target, label in TARGETS[1:]:
            value = getattr(ind, target).values.get(measure.id)
            if value is not None and sign * (value - base) < 0:
                yield Finding("CIC404", Severity.ERROR,
                              f"{ind.id} ({measure.unit}) should {'rise' if sign > 0 else 'fall'}, "
                              f"but its baseline ({base}) is already past {label} ({value}).",
                              doc.at(*path, "baseline", "values", measure.id),
                              (doc.at(*path, target, "values", measure.id),),
                              hint="Check the figures, or the measure's direction.")


def deadline_period(programme: Programme, config: Config) -> Iterator[Finding]:
    """An indicator's deadline, and a measure's own deadline, fall within the programme, 2017 to 2021.

    Why: a deadline outside the programme cannot be reported on in any annual report.

    Example: `deadline: 2022`, or 2108 for 2018.
    """
    if programme.logframe is None:
        return
    doc = programme.logframe
    for ind, path, _ in indicator_places(programme):
        dated = [(ind.id, ind.deadline, (*path, "deadline"))]
        dated += [(f"{ind.id} ({m.id})", m.deadline, (*path, "measures", i, "deadline"))
                  for i, m in enumerate(ind.measures)]
        for what, deadline, where in dated:
            if deadline is not None and not FIRST_YEAR <= deadline <= LAST_YEAR:
                yield Finding("CIC405", Severity.ERROR,
                              f"{what} has the deadline {deadline}, outside the programme "
                              f"({FIRST_YEAR}-{LAST_YEAR}).",
                              doc.at(*where), hint="Check the year against the document.")
