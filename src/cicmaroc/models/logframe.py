"""The logical framework: the outcome, its results, their indicators and activities.

The document states targets as sentences ("12 programmes d'AS et 26 plans d'action annuels");
each target keeps that sentence in `text` and the numbers printed in it in `values` (per measure)
and `percents` (a percentage printed beside a count). How commune reports roll up to a
programme figure (`measures[].rollup`, `kind`, `direction`, `level`) is the tool's reading of the
indicator, recorded beside it so that officers can review and change it.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from cicmaroc.models.common import Note, Number, Strict, Year, empty_dict, empty_list

#: A code as the document prints it: letters (accented too), digits, spaces and . - _ /, starting with a
#: letter or a digit (IOV 1.2, R1, A.1.1, I1.1).
#: (Latin letters written out: an editor reads a JSON Schema's pattern in JavaScript, where `\w` is ASCII.)
_LETTER = "0-9A-Za-zÀ-ÖØ-öø-ÿ"
Code = Annotated[str, StringConstraints(pattern=f"^[{_LETTER}][{_LETTER} .\\-_/]{{0,39}}$")]
_NL = ("{what} in Dutch, for Dutch readers: the officers' translation, when the programme's language "
       "is not Dutch.")
_FR = ("{what} in French, for French readers: the officers' translation, when the programme's language "
       "is not French.")
Rollup = Literal["count", "sum", "ratio", "latest", "max", "min"]


def direction_sign(direction: str) -> int:
    """+1 for a measure that should rise ("increasing"), -1 for one that should fall ("decreasing")."""
    return -1 if direction == "decreasing" else 1


class Measure(Strict):
    """One quantity an indicator tracks; compound targets have two."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$", description="Short name used in targets and monitoring.")
    unit: str = Field(description="What is counted, in the document's words.")
    unit_nl: str | None = Field(default=None, description=(
        "What is counted, in Dutch: the officers' translation, when the programme's language is not Dutch."))
    unit_fr: str | None = Field(default=None, description=(
        "What is counted, in French: the officers' translation, when the programme's language is not "
        "French."))
    rollup: Rollup = Field(description=(
        "How reports roll up to the programme figure: count (reporters where it is true), sum, "
        "ratio (of summed numerators and denominators), latest (the last value), max (the best "
        "reporter), min (the worst reporter: a threshold each reporter must reach)."))
    kind: Literal["level", "cumulative"] = Field(description=(
        "level: a state at a date (12 communes have a SAS); cumulative: counted since the first year."))
    direction: Literal["increasing", "decreasing"] = Field(
        default="increasing", description="increasing: more is better; decreasing: less is better.")
    deadline: Year | None = Field(default=None, description=(
        "Year by which this measure's target is due, when it differs from the indicator's deadline "
        "(a compound target that gives one measure a later date)."))
    note: Note = None


class Target(Strict):
    """A baseline or target cell: the printed sentence and the numbers in it."""

    text: str = Field(description="The cell as printed.")
    text_nl: str | None = Field(default=None, description=_NL.format(what="The cell"))
    text_fr: str | None = Field(default=None, description=_FR.format(what="The cell"))
    values: dict[str, Number] = Field(default_factory=empty_dict,
                                      description="Numbers printed, by measure id.")
    percents: dict[str, Number] = Field(default_factory=empty_dict,
                                        description="Percentages printed beside a count, by measure id.")
    note: Note = None


class Indicator(Strict):
    """An objectively verifiable indicator (IOV)."""

    id: Code = Field(description="Unique code, as the document prints it (IOV 1.2).")
    label: str = Field(description="The code exactly as printed.")
    seed_lines: str | None = None
    text: str = Field(description="The indicator as printed.")
    text_nl: str | None = Field(default=None, description=_NL.format(what="The indicator"))
    text_fr: str | None = Field(default=None, description=_FR.format(what="The indicator"))
    deadline: Year | None = Field(default=None, description="Year set by the text ('au plus tard en 2018').")
    level: Literal["commune", "partnership", "programme"] = Field(
        description="Who reports a value: each local commune, each partnership, or the programme.")
    measures: list[Measure] = Field(min_length=1, max_length=3)
    baseline: Target
    targets: dict[str, Target] = Field(default_factory=empty_dict, description=(
        "The targets by milestone, keyed by the milestone ids of data/programme.yaml (year3, year5)."))
    sources: list[str] = Field(default_factory=empty_list, description="Sources of verification.")
    note: Note = None


class Activity(Strict):
    """An activity type; `common` is the document's * mark (may be run in common)."""

    id: Code = Field(description="Code as printed (A.1.1).")
    text: str = Field(description="The activity as printed, its * mark included.")
    details: list[str] = Field(default_factory=empty_list,
                               description="Sub-items printed under the activity.")
    common: bool = Field(default=False, description="true when the text carries the * mark "
                         "(an activity the partners may run in common).")
    note: Note = None


class Result(Strict):
    """A result (an output of the outcome)."""

    id: Code = Field(description="The result's code as printed (R1).")
    seed_lines: str | None = None
    text: str = Field(description="The result as printed.")
    text_nl: str | None = Field(default=None, description=_NL.format(what="The result"))
    text_fr: str | None = Field(default=None, description=_FR.format(what="The result"))
    hypotheses: list[str] = Field(default_factory=empty_list, description="Hypotheses, one per bullet.")
    indicators: list[Indicator] = Field(default_factory=empty_list)
    activities: list[Activity] = Field(default_factory=empty_list)
    note: Note = None


class Outcome(Strict):
    """The specific objective OS 1."""

    id: Code = Field(description="The outcome's code: OS1.")
    seed_lines: str | None = None
    text: str = Field(description="The outcome as printed, in the programme's language.")
    text_nl: str | None = Field(default=None, description=_NL.format(what="The outcome"))
    text_fr: str | None = Field(default=None, description=_FR.format(what="The outcome"))
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
