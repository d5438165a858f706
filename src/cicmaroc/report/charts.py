"""The data of the report's two Mermaid charts, shaped so that GitHub and GitLab draw them legibly.

Mermaid's xychart draws every bar series of a category on the same spot, one over the other,
and has no legend. Each chart therefore stacks bars that all start at zero, longest at the back:
a series is the end of its colour's segment, or 0 when that segment is empty, so what shows of
each colour is one segment with one meaning (the template's legend names them). No line is
drawn: a line would join measures (or years) that have nothing in common.

- Progress, one horizontal bar per measure, in % of the way from the baseline to the final
  target: achieved (certain), achieved beyond what was due, due but not achieved, and what only
  the missing reports could still add.
- Budget, one bar per year on an axis from zero: spent within the plan, spent beyond it, planned
  and not spent, and planned but not known yet (spending not recorded, or reports missing).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, Decimal
from typing import Any

from cicmaroc.cells import amount

#: The chart's own background and ink, so it reads the same in a light or a dark page.
BACKGROUND, INK = "#ffffff", "#222222"
#: The bars' colours, each at least 3:1 against the white background (WCAG 1.4.11, graphics), named
#: as the legends name them: dark blue 8.4:1, green 5.1:1, grey 4.5:1, light blue 3.3:1, orange
#: 4.7:1. Two adjacent segments differ in hue and lightness; the drawn charts (HTML, Word, PDF)
#: also separate them with a white line, against which each is at least 3:1.
DARK_BLUE, GREEN, GREY, LIGHT_BLUE, ORANGE = "#0b4f8a", "#2e7d4f", "#767676", "#6b8fc4", "#b35c00"
#: Bar colours, back to front (Mermaid's plotColorPalette); the last, in the background colour,
#: is a series of zeros: Mermaid starts every bar a few pixels before the axis' 0, and this mask
#: hides that stub, which would otherwise show a sliver of "achieved" on a bar with nothing.
PROGRESS_COLOURS = (LIGHT_BLUE, GREEN, GREY, LIGHT_BLUE, DARK_BLUE, BACKGROUND)
BUDGET_COLOURS = (ORANGE, GREY, LIGHT_BLUE, DARK_BLUE, BACKGROUND)
#: Progress beyond this (in %) is drawn to the edge of the chart, and the measure's label says so
#: ("IOV 2 (> 200 %)"): the table gives the figure.
PROGRESS_AXIS_CAP = 200
_BAR_HEIGHT = 26  # pixels per measure: labels 14 px high stay apart
ZERO = Decimal(0)


def _nice_ceiling(value: Decimal, step: Decimal) -> Decimal:
    return (value / step).to_integral_value(rounding=ROUND_CEILING) * step


def _pct(share: Decimal | None) -> Decimal | None:
    return None if share is None else (share * 100).quantize(Decimal("0.01"))


def progress_chart(groups: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """One bar per measure with a target and something reported, against the progress due.

    `groups` are the figures' indicator groups (context.build_figures): each measure's progress
    range (a bound only missing reports could make negative is already left out) and the
    progress due by the year, as shares (1 = the final target).
    """
    rows = []
    for group in groups:
        for indicator in group["indicators"]:
            several = len(indicator["measures"]) > 1
            for m in indicator["measures"]:
                shown = m["progress"]
                if shown is None or m["expected_progress"] is None or m["final"] is None:
                    continue
                label = indicator["id"] + (f" {m['id']}" if several else "")
                due = max(_pct(m["expected_progress"]) or ZERO, ZERO)
                low = max(_pct(shown["low"]) or ZERO, ZERO)
                high = _pct(shown["high"])  # None: no upper bound
                rows.append((label, due, low, None if high is None else max(high, low)))
    if not rows:
        return None
    largest = max(max(due, low, high or Decimal(0)) for _, due, low, high in rows)
    top = min(max(_nice_ceiling(largest, Decimal(50)), Decimal(100)), Decimal(PROGRESS_AXIS_CAP))
    # a bar whose certain part (or what was due) goes past the axis is cut: its label says so
    cut = [max(low, due) > top for _, due, low, _high in rows]
    rows = [(f"{label} (> {top:f} %)" if over else label, due, low, high)
            for (label, due, low, high), over in zip(rows, cut, strict=True)]
    series: list[list[Decimal]] = [[], [], [], [], [], []]
    for _, due, low, high in rows:
        due, low = min(due, top), min(low, top)
        high = top if high is None else min(high, top)
        ends = (high if high > max(low, due) else ZERO,  # possible beyond what was due
                low if low > due else ZERO,  # achieved beyond what was due
                due if high < due else ZERO,  # due and certainly not achieved
                min(high, due) if min(high, due) > low else ZERO,  # due, possible
                min(low, due),  # achieved, certain
                ZERO)  # the mask
        for i, value in enumerate(ends):
            series[i].append(value)
    return {
        "labels": [label for label, *_ in rows],
        "cut": cut,
        "series": series,
        "max": top,
        "colours": ", ".join(PROGRESS_COLOURS), "background": BACKGROUND, "ink": INK,
        "height": 90 + _BAR_HEIGHT * len(rows),
        "open": any(high is None or high > low for _, _, low, high in rows),
    }


def budget_chart(years: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """Total CO planned and spent per year (the figures' `budget.years`), on an axis from zero."""
    series: list[list[Decimal]] = [[], [], [], [], []]
    partial, unrecorded, shown = [], [], []
    for point in years:
        planned = ZERO if point["planned"] is None else amount(point["planned"])  # "-": no bar
        spent = point["spent"]
        known = spent["value"] if spent["value"] is not None else ZERO
        complete = spent["complete"]
        if spent["unrecorded"]:
            unrecorded.append(point["year"])
        elif not complete:
            partial.append({"year": point["year"], "reported": spent["reported"],
                            "expected": spent["expected"]})
        ends = (known if known > planned else ZERO,  # spent beyond the plan
                planned if complete and planned > known else ZERO,  # planned, not spent
                planned if not complete and planned > known else ZERO,  # planned, spending not known
                min(planned, known),  # spent within the plan
                ZERO)  # the mask
        for i, value in enumerate(ends):
            series[i].append(value)
        shown.append(point["year"])
    largest = max((max(s) for s in series if s), default=ZERO)
    return {
        "years": shown,
        "series": series,
        "max": _nice_ceiling(largest, Decimal(50000)) if largest > 0 else Decimal(50000),
        "colours": ", ".join(BUDGET_COLOURS), "background": BACKGROUND, "ink": INK,
        "partial": partial,
        "unrecorded": unrecorded,
    }
