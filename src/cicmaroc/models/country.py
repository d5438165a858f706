"""The country sheet and the outcome sheet (OS 1) of the programme document."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from cicmaroc.models.common import Money, Note, Strict, Whole, empty_list


class Contact(Strict):
    """The DGD's contact person in Belgium for the country."""

    name: str = Field(description="Name as printed.")
    organisation: str = Field(description="Organisation as printed (AVCB).")
    phone: str = Field(description="Phone number as printed, in quotes.")
    email: str = Field(description="E-mail address as printed.")
    note: Note = None


class LegendEntry(Strict):
    """One twinning as printed in the map legend: 'Oued Essafa (Evere)'."""

    local: str = Field(description="The local commune as printed in the legend.")
    belgian: str = Field(description="The Belgian commune printed in brackets after it.")


class LegendZone(Strict):
    """A numbered place on the map, with the twinnings located there."""

    number: Whole = Field(description="The number printed on the map.")
    entries: list[LegendEntry] = Field(description="The twinnings listed under that number.")


class Beneficiaries(Strict):
    """'Nombre de bénéficiaires': the printed sentence and its numbers."""

    text: str = Field(description="'Nombre de bénéficiaires' as printed.")
    communes: Whole | None = Field(default=None, description="The number of communes it states.")
    people: Whole | None = Field(default=None, description="The number of people it states.")


class OutcomeSheet(Strict):
    """Section 7.1, Fiche OS 1 (the local partners themselves are in the partner files)."""

    csc_covered: str = Field(description="Whether the outcome is covered by a CSC, as printed (Oui).")
    target_groups: str = Field(description="'Groupe-cible' as printed.")
    beneficiaries: Beneficiaries
    main_sector: str = Field(description="'Secteur principal' as printed (151 - ...).")
    applicant_interactions: str | None = Field(
        default=None, description="Interactions between the applicants, as printed.")
    stakeholders: list[str] = Field(default_factory=empty_list,
                                    description="'Autres organisations impliquées', one per bullet.")
    operational_cost_total: Money
    cad_markers: dict[str, Literal[0, 1, 2]] = Field(
        description="DAC policy markers: 0 not targeted, 1 significant, 2 principal objective.")
    note: Note = None


class Country(Strict):
    """`data/country.yaml`."""

    country: str = Field(description="The country as printed on its sheet.")
    seed_lines: str | None = None
    total_operational_cost: Money
    dgd_contact: Contact
    summary: str = Field(description="The summary as printed, up to its bullet points.")
    summary_points: list[str] = Field(default_factory=empty_list,
                                      description="The summary's bullet points, one per item.")
    map_legend: list[LegendZone] = Field(default_factory=empty_list)
    outcome_sheet: OutcomeSheet
    note: Note = None
