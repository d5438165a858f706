"""Walking the logframe's indicators and measures with their place in logframe.yaml: the loop of the
indicator and reference rules."""

from __future__ import annotations

from collections.abc import Iterator

from cicmaroc.loading.programme import Programme
from cicmaroc.models.logframe import Indicator, Measure


def indicator_places(programme: Programme) -> Iterator[tuple[Indicator, tuple[str | int, ...], str | None]]:
    """(indicator, path in logframe.yaml, result number or None for the outcome)."""
    if programme.logframe is None:
        return
    frame = programme.logframe.model
    for i, ind in enumerate(frame.outcome.indicators):
        yield ind, ("outcome", "indicators", i), None
    for r, result in enumerate(frame.results):
        for i, ind in enumerate(result.indicators):
            yield ind, ("results", r, "indicators", i), result.id


def measure_places(programme: Programme) -> Iterator[tuple[Indicator, tuple[str | int, ...], Measure]]:
    """(indicator, its path in logframe.yaml, one of its measures): the indicator rules' loop."""
    for indicator, path, _ in indicator_places(programme):
        for measure in indicator.measures:
            yield indicator, path, measure
