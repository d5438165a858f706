"""The narrative of a year, `data/narrative/<year>.yaml`: what the officers write to explain it.

A summary, a text per result and per indicator, an explanation per budget line or partnership whose
spending differs from the plan, each in French and/or Dutch, with Markdown
emphasis and lists. The report shows what was written, in the reader's language when it is
there, and says where nothing was; it never makes a text up. Result and indicator ids are the
logframe's (checked by CIC760-CIC769, `rules/narrative.py`).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from cicmaroc.models.common import Note, Strict, Year, empty_dict


class Text(Strict):
    """One text, in French and/or Dutch (Markdown emphasis and lists allowed)."""

    fr: str | None = Field(default=None, description="The text in French.")
    nl: str | None = Field(default=None, description="The text in Dutch.")


class ResultNarrative(Strict):
    """What is written about one result and its indicators."""

    text: Text | None = Field(default=None, description="The result's narrative for the year.")
    indicators: dict[str, Text] = Field(default_factory=empty_dict, description=(
        "A text per indicator of this result, by the indicator's id in the logframe (IOV 1.1)."))

    @field_validator("indicators", mode="before")
    @classmethod
    def _empty_block(cls, value: Any) -> Any:
        """`indicators:` with nothing under it means no text yet."""
        return {} if value is None else value


class Narrative(Strict):
    """`data/narrative/<year>.yaml`."""

    year: Year
    summary: Text | None = Field(default=None, description="The summary at the head of the report.")
    results: dict[str, ResultNarrative] = Field(default_factory=empty_dict, description=(
        "A narrative per result, by the result's id in the logframe (R1)."))
    variances: dict[str, Text] = Field(default_factory=empty_dict, description=(
        "Why spending differs from the plan, by the id of a budget line (data/budget.yaml) or of a "
        "partnership (its file name in data/partners/): shown beside the figures of the whole "
        "programme's budget."))
    note: Note = None

    @field_validator("results", "variances", mode="before")
    @classmethod
    def _empty_block(cls, value: Any) -> Any:
        """`results:` with nothing under it means no text yet."""
        return {} if value is None else value
