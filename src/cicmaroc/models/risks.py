"""The risk table (section 5): source, probability, impact, level, measures, owners, timing."""

from __future__ import annotations

from pydantic import Field

from cicmaroc.models.common import Note, Slug, Strict


class Scales(Strict):
    """The legend printed above the table: each word and its number."""

    probability: dict[str, int] = Field(description="Probability words and their numbers (Possible: 2).")
    impact: dict[str, int] = Field(description="Impact words and their numbers (Petit: 2).")
    level: dict[str, int] = Field(description="Risk level words and their numbers (Moyen: 2).")
    note: Note = None


class Risk(Strict):
    """One row of the risk table."""

    id: Slug
    source: str = Field(description="'Source et nature du risque'.")
    probability: str = Field(description="The probability word (Possible, Probable, Presque sûr).")
    impact: str = Field(description="The impact word (Petit, Moyen, Grand, Sérieux).")
    impact_text: str | None = Field(default=None, description="The whole impact cell as printed.")
    level: str = Field(description="The stated risk level (Bas, Moyen, Haut, Extrême).")
    consequence: str | None = Field(default=None, description="What the risk would affect, as printed.")
    measures: str | None = Field(default=None, description="The management measures, as printed.")
    owner: str | None = Field(default=None, description="Who manages the risk, as printed.")
    timing: str | None = Field(default=None, description=(
        "When it is managed, as printed (a period of years)."))
    follow_up_owner: str | None = Field(default=None, description="Who follows the risk up, as printed.")
    follow_up_when: str | None = Field(default=None, description="When it is followed up, as printed.")
    note: Note = None


class Risks(Strict):
    """`data/risks.yaml`."""

    seed_lines: str | None = None
    scales: Scales
    risks: list[Risk]
    note: Note = None
