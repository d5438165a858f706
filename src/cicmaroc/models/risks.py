"""The risk table (section 5): source, probability, impact, level, measures, owners, timing."""

from __future__ import annotations

from pydantic import Field

from cicmaroc.models.common import Note, Slug, Strict


class Scales(Strict):
    """The legend printed above the table: each word and its number."""

    probability: dict[str, int]
    impact: dict[str, int]
    level: dict[str, int]
    note: Note = None


class Risk(Strict):
    """One row of the risk table."""

    id: Slug
    source: str = Field(description="'Source et nature du risque'.")
    probability: str
    impact: str = Field(description="The impact word (Petit, Moyen, Grand, Sérieux).")
    impact_text: str | None = Field(default=None, description="The whole impact cell as printed.")
    level: str = Field(description="The stated risk level (Bas, Moyen, Haut, Extrême).")
    consequence: str | None = None
    measures: str | None = None
    owner: str | None = None
    timing: str | None = None
    follow_up_owner: str | None = None
    follow_up_when: str | None = None
    note: Note = None


class Risks(Strict):
    """`data/risks.yaml`."""

    seed_lines: str | None = None
    scales: Scales
    risks: list[Risk]
    note: Note = None
