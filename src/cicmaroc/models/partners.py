"""A partnership: one Belgian commune twinned with one or two Moroccan communes (section 2)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from cicmaroc.models.common import Date, Money, Note, Slug, Strict, empty_list

#: What an e-mail address looks like: one place, read by CIC601 and written into the editor's schema
#: (a pattern that Python and the editor's JavaScript read alike). The model keeps any text, so that a
#: slip is one located finding (CIC601), not a partner file refused whole.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"
Email = Annotated[str, Field(json_schema_extra={"pattern": EMAIL_PATTERN})]


class Contactable(Strict):
    """Name and contact details of a commune, as printed on the partner sheet."""

    name: str = Field(description="Full name as printed ('Nom complet et abréviation').")
    address: str = Field(description="Postal address, line breaks kept.")
    phones: list[str] = Field(default_factory=empty_list, description="Phone numbers as printed.")
    emails: list[Email] = Field(default_factory=empty_list, description="E-mail addresses as printed.")
    contacts: list[str] = Field(default_factory=empty_list, description="Contact persons as printed.")
    lang: Literal["fr", "nl", "en"] | None = Field(
        default=None, description="The language the commune reads (fr, nl or en): the forms and reminders "
                                  "cic drafts for it are in it. Default: the programme's language.")
    note: Note = None


class BelgianCommune(Contactable):
    """The Belgian side of a partnership."""


class MoroccanCommune(Contactable):
    """A Moroccan local partner; province and region come from the OS 1 sheet (section 7.1)."""

    id: Slug = Field(description="Identifier used by monitoring files, e.g. 'ait-baha'.")
    local_partner_name: str = Field(description="The name as printed in the OS 1 sheet's list.")
    province: str = Field(description="Province as printed in the OS 1 sheet.")
    region: str = Field(description="Region as printed in the OS 1 sheet.")


class Partner(Strict):
    """One partnership file, `data/partners/<belgian-commune>.yaml`."""

    id: Slug = Field(description="Identifier of the partnership: the Belgian commune's slug.")
    title: str = Field(description="The partnership's heading as printed.")
    seed_lines: str | None = Field(default=None, description="Where the sheet is printed in the seed.")
    belgian_commune: BelgianCommune
    moroccan_communes: list[MoroccanCommune] = Field(min_length=1)
    outcome_text: str = Field(description="The outcome (OS) text as printed on the partner sheet.")
    budget_os1: Money = Field(description="'Budget OS 1' of the partnership, in euros.")
    role: str | None = Field(default=None, description="Role of the partner for the outcome.")
    partnership_start: Date | Literal["en cours de signature"] = Field(
        description="Start of the partnership with the applicant: a date, or 'en cours de signature'.")
    note: Note = None
