"""The follow-up of the risk table for a year, `data/risk-follow-up/<year>.yaml`.

For each risk of data/risks.yaml: its probability, impact and level as assessed that year (in
the legend's words), whether it occurred, and the measures taken. Checked against the risk table
(CIC510-CIC519, `rules/risk_follow_up.py`): a known risk, the legend's words, and a level that
follows the table's matrix (CIC502's logic). The report shows it beside the risk table.
"""

from __future__ import annotations

from typing import Any

from pydantic import Field, field_validator

from cicmaroc.models.common import Note, Slug, Strict, Year, empty_list


class RiskStatus(Strict):
    """One risk, as followed up in the year."""

    risk: Slug = Field(description="The risk's id in data/risks.yaml (programme-interrompu).")
    probability: str = Field(description="The probability word of the legend (Possible, Probable, "
                                         "Presque sûr).")
    impact: str = Field(description="The impact word of the legend (Petit, Moyen, Grand, Sérieux).")
    level: str = Field(description="The level word (Bas, Moyen, Haut, Extrême): it follows the matrix.")
    occurred: bool = Field(description="Whether the risk occurred during the year.")
    measures_taken: str | None = Field(default=None, description="The measures taken in the year.")
    note: Note = None


class RiskFollowUp(Strict):
    """`data/risk-follow-up/<year>.yaml`."""

    year: Year
    risks: list[RiskStatus] = Field(default_factory=empty_list, description="One entry per risk followed up.")
    note: Note = None

    @field_validator("risks", mode="before")
    @classmethod
    def _empty_block(cls, value: Any) -> Any:
        """`risks:` with only commented entries under it (a new file) means none yet."""
        return [] if value is None else value
