"""Indicators (CIC401-CIC406): targets that can exist, percentages that match their counts, milestones
in order."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Finding, Named, Severity, phrase
from cicmaroc.loading.programme import Programme
from cicmaroc.models.logframe import Indicator, Target, direction_sign
from cicmaroc.rules import Check
from cicmaroc.rules.indicator_walk import indicator_places, measure_places

if TYPE_CHECKING:
    from cicmaroc.config import Config

def targets(programme: Programme, indicator: Indicator) -> list[tuple[tuple[str, ...], Target, Any]]:
    """An indicator's baseline and targets, in the milestones' order: (path in the indicator, the cell,
    its name for a sentence: "the baseline", "the target An 3 (2019)")."""
    cells: list[tuple[tuple[str, ...], Target, Any]] = [(("baseline",), indicator.baseline,
                                                        phrase("the baseline"))]
    calendar = programme.calendar
    if calendar is None:
        return cells
    for milestone in calendar.milestones:
        cell = indicator.targets.get(milestone.id)
        if cell is not None:
            cells.append((("targets", milestone.id), cell,
                          phrase("the target {milestone} ({year})", milestone=Named(milestone.label),
                                 year=milestone.year)))
    return cells

_WAIVE = ("Keep the figures as printed. Once the officers agree how to read them, acknowledge it with the "
          "reason (and record the agreed figure in data/readings.yaml if the report should compute with it): "
          "`# cic: ignore[{code}] who decided, when, why` at the end of the line, or in data/waivers.yaml "
          "(`code: {code}`, `file: logframe.yaml`, `reason:`).")

CIC401 = declare(
    "CIC401", "target-too-high", Severity.ERROR, "indicators",
    what="A target counting communes does not exceed the number of communes in the programme.",
    why="A target that cannot be reached cannot be reported on honestly.",
    example="IOV 4.3 at year 5: \"13 communes ont organisé 1 formation par an\" with 12 communes.",
    waive=_WAIVE,
    messages={"too-high": Message("{indicator}: {target} counts {value} communes, but the programme has "
                                  "{communes} local communes.",
                                  "Keep the figure as printed; report it and waive it with the agreed "
                                  "reading.")})
CIC402 = declare(
    "CIC402", "percent-mismatch", Severity.ERROR, "indicators",
    what="A percentage printed beside a count of communes is that count's share of the communes.",
    why="The percentage and the count are two statements of one figure; if they disagree one of them is "
        "wrong, and the report would show either. A difference under `percent-tolerance` (default 1 point) "
        "is a rounding slip, CIC406.",
    example="IOV 1 baseline \"9 communes disposent d’un SAS (77 %)\": 9 of 12 is 75 %.",
    waive=_WAIVE,
    messages={"mismatch": Message("{indicator}: {target} prints {stated} % beside {count} communes, but "
                                  "{count} of {communes} communes is {computed} %.",
                                  "Either the count or the percentage is wrong in the document: report it, "
                                  "and waive this with the agreed reading.")})
CIC403 = declare(
    "CIC403", "cumulative-decrease", Severity.ERROR, "indicators",
    what="On a cumulative measure, no target is below the one before it (nor the first below the baseline).",
    why="What is counted since the programme's first year can only grow; a lower later target is a slip.",
    example="\"6 projets innovants ... mis en œuvre\" at year 3 and \"4 projets\" at year 5.",
    waive=_WAIVE,
    messages={
        "below": Message("{indicator} ({unit}) is cumulative, yet {later} ({later_value}) is below {earlier} "
                         "({earlier_value}).", "Check both figures against the document."),
        "above": Message("{indicator} ({unit}) is cumulative, yet {later} ({later_value}) is above {earlier} "
                         "({earlier_value}).", "Check both figures against the document."),
    })
CIC404 = declare(
    "CIC404", "baseline-side", Severity.ERROR, "indicators",
    what="The baseline is on the near side of each target: below it when the indicator should rise.",
    why="Progress is measured from the baseline towards the target; a baseline already past the target makes "
        "every progress figure meaningless.",
    example="\"12 communes disposent d'un SAS\" as the baseline and \"9 communes\" as the target.",
    waive=_WAIVE,
    messages={
        "rise": Message("{indicator} ({unit}) should rise, but its baseline ({baseline}) is already past "
                        "{target} ({value}).", "Check the figures, or the measure's direction."),
        "fall": Message("{indicator} ({unit}) should fall, but its baseline ({baseline}) is already past "
                        "{target} ({value}).", "Check the figures, or the measure's direction."),
    })
CIC405 = declare(
    "CIC405", "deadline-period", Severity.ERROR, "indicators",
    what="An indicator's deadline, and a measure's own deadline, fall within the programme's period "
         "(data/programme.yaml).",
    why="A deadline outside the programme cannot be reported on in any annual report.",
    example="`deadline: 2022` in a programme that ends in 2021, or 2108 for 2018.",
    waive=_WAIVE,
    messages={"outside": Message("{what} has the deadline {deadline}, outside the programme "
                                 "({first}-{last}).",
                                 "Check the year against the document.")})
CIC406 = declare(
    "CIC406", "percent-rounding", Severity.WARNING, "indicators",
    what="A printed percentage is off its count's share by less than one point, but not rounded right.",
    why="Harmless for the targets, but a reader comparing the figures will stop at it. Emitted by CIC402 in "
        "its place when the difference is below `percent-tolerance`.",
    example="IOV 2.2 baseline \"8 communes ont un SAS équipés (66%)\": 8 of 12 is 66.67 %, which rounds to "
            "67 %.",
    waive="Once seen, acknowledge the rounding slip: "
          "`# cic: ignore[CIC406] printed so, rounding slip seen by ... on ...` at the end of the "
          "percentage's line, or in data/waivers.yaml (`code: CIC406`, `file: logframe.yaml`, `reason:`).",
    messages={"rounding": Message("{indicator}: {target} prints {stated} % beside {count} communes; {count} "
                                  "of {communes} is {computed} %, which rounds to {rounded} %.",
                                  "A rounding slip in the document; waive it once seen.")})


def _commune_count(programme: Programme) -> int:
    """The programme's communes; 0 (nothing to compare with) when a partner file is unread."""
    if "partners" in programme.incomplete:
        return 0
    return sum(1 for _ in programme.communes())


def too_many_communes(programme: Programme, config: Config) -> Iterator[Finding]:
    communes = _commune_count(programme)
    if programme.logframe is None or communes == 0:
        return
    doc = programme.logframe
    for ind, path, measure in measure_places(programme):
        if ind.level != "commune" or measure.rollup != "count":
            continue
        for target, cell, label in targets(programme, ind):
            value = cell.values.get(measure.id)
            if value is not None and value > communes:
                yield CIC401.finding("too-high", doc.at(*path, *target, "values", measure.id),
                                     indicator=ind.id,
                                     target=label, value=value, communes=communes)


def _percent(value: Decimal, total: int) -> Decimal:
    return value * 100 / total


def percent_mismatch(programme: Programme, config: Config) -> Iterator[Finding]:
    communes = _commune_count(programme)
    if programme.logframe is None or communes == 0:
        return
    doc = programme.logframe
    for ind, path, measure in measure_places(programme):
        if measure.rollup != "count":
            continue
        for target, cell, label in targets(programme, ind):
            stated, count = cell.percents.get(measure.id), cell.values.get(measure.id)
            if stated is None or count is None:
                continue
            computed = _percent(count, communes)
            exponent = stated.as_tuple().exponent
            places = Decimal(1).scaleb(exponent if isinstance(exponent, int) else 0)
            if computed.quantize(places, rounding=ROUND_HALF_UP) == stated:
                continue
            figures = {"indicator": ind.id, "target": label, "stated": stated, "count": count,
                       "communes": communes, "computed": computed.quantize(Decimal("0.01"))}
            where = doc.at(*path, *target, "percents", measure.id)
            if abs(computed - stated) < config.percent_tolerance:
                yield CIC406.finding("rounding", where, rounded=computed.quantize(places,
                                                                                  rounding=ROUND_HALF_UP),
                                     **figures)
            else:
                yield CIC402.finding("mismatch", where, (doc.at(*path, *target, "values", measure.id),),
                                     **figures)


def cumulative_decrease(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.logframe is None:
        return
    doc = programme.logframe
    for ind, path, measure in measure_places(programme):
        if measure.kind != "cumulative":
            continue
        sign = direction_sign(measure.direction)
        steps = [(t, label, cell.values.get(measure.id)) for t, cell, label in targets(programme, ind)]
        known = [(t, label, v) for t, label, v in steps if v is not None]
        for (t1, l1, v1), (t2, l2, v2) in pairwise(known):
            if sign * (v2 - v1) < 0:
                yield CIC403.finding("below" if sign > 0 else "above", doc.at(*path, *t2, "values",
                                                                              measure.id),
                                     (doc.at(*path, *t1, "values", measure.id),), indicator=ind.id,
                                     unit=measure.unit, later=l2, later_value=v2, earlier=l1,
                                     earlier_value=v1)


def baseline_side(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.logframe is None:
        return
    doc = programme.logframe
    for ind, path, measure in measure_places(programme):
        base = ind.baseline.values.get(measure.id)
        if base is None:
            continue
        sign = direction_sign(measure.direction)
        for target, cell, label in targets(programme, ind)[1:]:
            value = cell.values.get(measure.id)
            if value is not None and sign * (value - base) < 0:
                yield CIC404.finding("rise" if sign > 0 else "fall", doc.at(*path, "baseline", "values",
                                                                            measure.id),
                                     (doc.at(*path, *target, "values", measure.id),), indicator=ind.id,
                                     unit=measure.unit, baseline=base, target=label, value=value)


def deadline_period(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.logframe is None:
        return
    doc, calendar = programme.logframe, programme.calendar
    if calendar is None:
        return
    for ind, path, _ in indicator_places(programme):
        dated = [(ind.id, ind.deadline, (*path, "deadline"))]
        dated += [(f"{ind.id} ({m.id})", m.deadline, (*path, "measures", i, "deadline"))
                  for i, m in enumerate(ind.measures)]
        for what, deadline, where in dated:
            if deadline is not None and deadline not in calendar:
                yield CIC405.finding("outside", doc.at(*where), what=what, deadline=deadline,
                                     first=calendar.first, last=calendar.last)


CODES: tuple[Code, ...] = (CIC401, CIC402, CIC403, CIC404, CIC405, CIC406)
CHECKS: tuple[Check, ...] = (
    Check((CIC401,), too_many_communes),
    Check((CIC402, CIC406), percent_mismatch),
    Check((CIC403,), cumulative_decrease),
    Check((CIC404,), baseline_side),
    Check((CIC405,), deadline_period),
)
