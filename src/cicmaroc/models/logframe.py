"""The logical framework (section 7.2): the outcome, results R1-R7, indicators and activities.

The document states targets as sentences ("12 programmes d'AS et 26 plans d'action annuels");
each target keeps that sentence in `text` and the numbers printed in it in `values` (per measure)
and `percents` (a percentage printed beside a count). How commune reports roll up to a
programme figure (`measures[].rollup`, `kind`, `direction`, `level`) is the tool's reading of the
indicator, recorded beside it so that officers can review and change it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from cicmaroc.models.common import Note, Number, Strict, Year, empty_dict, empty_list

Rollup = Literal["count", "sum", "ratio", "latest", "max", "min"]


def direction_sign(direction: str) -> int:
    """+1 for a measure that should rise ("increasing"), -1 for one that should fall ("decreasing")."""
    return -1 if direction == "decreasing" else 1


class Measure(Strict):
    """One quantity an indicator tracks; compound targets have two."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$", description="Short name used in targets and monitoring.")
    unit: str = Field(description="What is counted, in the document's words.")
    unit_nl: str | None = Field(default=None, description=(
        "What is counted, in Dutch: the officers' translation for Dutch reports (the document gives "
        "French only)."))
    rollup: Rollup = Field(description=(
        "How reports roll up to the programme figure: count (reporters where it is true), sum, "
        "ratio (of summed numerators and denominators), latest (the last value), max (the best "
        "reporter), min (the worst reporter: a threshold each reporter must reach)."))
    kind: Literal["level", "cumulative"] = Field(description=(
        "level: a state at a date (12 communes have a SAS); cumulative: counted since 2017."))
    direction: Literal["increasing", "decreasing"] = Field(
        default="increasing", description="increasing: more is better; decreasing: less is better.")
    deadline: Year | None = Field(default=None, description=(
        "Year by which this measure's target is due, when it differs from the indicator's deadline "
        "(a compound target that gives one measure a later date)."))
    note: Note = None


class Target(Strict):
    """A baseline or target cell: the printed sentence and the numbers in it."""

    text: str = Field(description="The cell as printed.")
    text_nl: str | None = Field(default=None, description="The cell in Dutch, for Dutch reports: the "
                                "officers' translation (the document prints it in French only).")
    values: dict[str, Number] = Field(default_factory=empty_dict,
                                      description="Numbers printed, by measure id.")
    percents: dict[str, Number] = Field(default_factory=empty_dict,
                                        description="Percentages printed beside a count, by measure id.")
    note: Note = None


class Indicator(Strict):
    """An objectively verifiable indicator (IOV)."""

    id: str = Field(pattern=r"^IOV \d+(\.\d+)?$", description="Unique code, e.g. 'IOV 1.2'.")
    label: str = Field(description="The code exactly as printed.")
    seed_lines: str | None = None
    text: str = Field(description="The indicator as printed.")
    text_nl: str | None = Field(default=None, description="The indicator in Dutch, for Dutch reports: the "
                                "officers' translation (the document prints it in French only).")
    deadline: Year | None = Field(default=None, description="Year set by the text ('au plus tard en 2018').")
    level: Literal["commune", "partnership", "programme"] = Field(
        description="Who reports a value: each Moroccan commune, each partnership, or the programme.")
    measures: list[Measure] = Field(min_length=1, max_length=3)
    baseline: Target
    year3: Target = Field(description="Target for An 3 (2019).")
    year5: Target = Field(description="Target for An 5 (2021).")
    sources: list[str] = Field(default_factory=empty_list, description="Sources of verification.")
    note: Note = None


class Activity(Strict):
    """An activity type; `common` is the document's * mark (may be run in common)."""

    id: str = Field(pattern=r"^A\.\d+\.\d+$", description="Code as printed, e.g. 'A.1.1'.")
    text: str = Field(description="The activity as printed, its * mark included.")
    details: list[str] = Field(default_factory=empty_list,
                               description="Sub-items printed under the activity.")
    common: bool = Field(default=False, description="true when the text carries the * mark "
                         "(an activity the partners may run in common).")
    note: Note = None


class Result(Strict):
    """A result (output) R1-R7."""

    id: str = Field(pattern=r"^R\d+$", description="The result's code as printed: R1 ... R7.")
    seed_lines: str | None = None
    text: str = Field(description="The result as printed.")
    text_nl: str | None = Field(default=None, description="The result in Dutch, for Dutch reports: the "
                                "officers' translation (the document prints it in French only).")
    hypotheses: list[str] = Field(default_factory=empty_list, description="Hypotheses, one per bullet.")
    indicators: list[Indicator] = Field(default_factory=empty_list)
    activities: list[Activity] = Field(default_factory=empty_list)
    note: Note = None


class Outcome(Strict):
    """The specific objective OS 1."""

    id: str = Field(description="The outcome's code: OS1.")
    seed_lines: str | None = None
    text_fr: str = Field(description="The outcome in French, as printed.")
    text_nl: str = Field(description="The outcome in Dutch, as printed.")
    actors: str | None = Field(default=None, description="'Acteurs' as printed (AVCB-UVCW).")
    hypotheses: list[str] = Field(default_factory=empty_list, description="Hypotheses, one per bullet.")
    preconditions: str | None = Field(default=None, description="'Conditions préalables' as printed.")
    indicators: list[Indicator] = Field(default_factory=empty_list)
    note: Note = None


class Logframe(Strict):
    """`data/logframe.yaml`."""

    seed_lines: str | None = None
    outcome: Outcome
    results: list[Result]
    note: Note = None

    def indicators(self) -> list[Indicator]:
        """Every indicator, the outcome's first, in document order."""
        found = list(self.outcome.indicators)
        for result in self.results:
            found.extend(result.indicators)
        return found
