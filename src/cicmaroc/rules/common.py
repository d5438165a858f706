"""Small helpers shared by the rules: money in messages, and stated-versus-computed comparison."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from cicmaroc.config import Config
from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.loading.programme import Programme
from cicmaroc.models.logframe import Indicator, Measure


def eur(amount: Decimal) -> str:
    """An amount for a message: 1,697,293.05 EUR (messages are English; reports use Babel)."""
    return f"{amount:,.2f} EUR"


def compare_amounts(config: Config, code: str, what: str, stated: Decimal, computed: Decimal,
                    location: Location, related: tuple[Location, ...] = (),
                    parts: str = "its parts") -> Finding | None:
    """A finding when a stated total differs from its parts; a cent or two is only rounding (CIC106)."""
    difference = stated - computed
    if difference == 0:
        return None
    figures = (f"{what} is stated as {eur(stated)}, but {parts} add up to {eur(computed)} "
               f"(difference {eur(difference)})")
    if abs(difference) <= config.rounding_tolerance:
        return Finding("CIC106", Severity.WARNING,
                       f"{figures}: a rounding difference, probably from the source spreadsheet.",
                       location, related,
                       hint="The approved document cannot change: acknowledge it with a waiver "
                            "(# cic: ignore[CIC106] reason) once the officers have seen it.")
    return Finding(code, Severity.ERROR, f"{figures}.", location, related,
                   hint="Check this figure against the document: if the data matches the document, "
                        "the document itself is inconsistent; report it and add a waiver with the "
                        "reason.")


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
