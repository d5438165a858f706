"""The country sheet (Fiche Maroc, section 1) and the OS 1 sheet (section 7.1)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from cicmaroc.models.common import Money, Note, Strict


class Contact(Strict):
    """The DGD's contact person in Belgium for the country."""

    name: str
    organisation: str
    phone: str
    email: str
    note: Note = None


class LegendEntry(Strict):
    """One twinning as printed in the map legend: 'Oued Essafa (Evere)'."""

    moroccan: str
    belgian: str


class LegendZone(Strict):
    """A numbered place on the map, with the twinnings located there."""

    number: int
    entries: list[LegendEntry]


class Beneficiaries(Strict):
    """'Nombre de bénéficiaires': the printed sentence and its numbers."""

    text: str
    communes: int | None = None
    people: int | None = None


class OutcomeSheet(Strict):
    """Section 7.1, Fiche OS 1 (the local partners themselves are in the partner files)."""

    csc_covered: str
    target_groups: str
    beneficiaries: Beneficiaries
    main_sector: str
    applicant_interactions: str | None = None
    stakeholders: list[str] = Field(default_factory=list)
    operational_cost_total: Money
    cad_markers: dict[str, Literal[0, 1, 2]] = Field(
        description="DAC policy markers: 0 not targeted, 1 significant, 2 principal objective.")
    note: Note = None


class Country(Strict):
    """`data/country.yaml`."""

    country: str
    seed_lines: str | None = None
    total_operational_cost: Money
    dgd_contact: Contact
    summary: str
    summary_points: list[str] = Field(default_factory=list)
    map_legend: list[LegendZone] = Field(default_factory=list)
    outcome_sheet: OutcomeSheet
    note: Note = None
