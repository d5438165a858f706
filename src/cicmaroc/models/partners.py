"""A partnership: one Belgian commune twinned with one or more local communes of the partner country."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator

from cicmaroc.models.common import Date, FieldsMissing, Money, Note, Slug, Strict, empty_dict, empty_list

#: What an e-mail address looks like: one place, read by CIC601 and written into the editor's schema
#: (a pattern that Python and the editor's JavaScript read alike). The model keeps any text, so that a
#: slip is one located finding (CIC601), not a partner file refused whole.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[A-Za-z]{2,}$"
Email = Annotated[str, Field(json_schema_extra={"pattern": EMAIL_PATTERN})]

# The contact fields both sides of a partnership have, declared once (a local commune's name and
# address are optional, so the two classes share these fields rather than a base class, whose fields
# would come first and change the files' key order).
Phones = Annotated[list[str], Field(description="Phone numbers as printed.")]
Emails = Annotated[list[Email], Field(description="E-mail addresses as printed.")]
Contacts = Annotated[list[str], Field(description="Contact persons as printed.")]
ReaderLanguage = Annotated[Literal["fr", "nl", "en"] | None, Field(
    description="The language the commune reads (fr, nl or en): the forms and reminders cic drafts for it "
                "are in it. Default: the programme's language.")]


class Contactable(Strict):
    """Name and contact details of a commune, as printed on the partner sheet."""

    name: str = Field(description="Full name as printed ('Nom complet et abréviation').")
    address: str = Field(description="Postal address, line breaks kept.")
    phones: Phones = Field(default_factory=empty_list)
    emails: Emails = Field(default_factory=empty_list)
    contacts: Contacts = Field(default_factory=empty_list)
    lang: ReaderLanguage = None
    note: Note = None


class BelgianCommune(Contactable):
    """The Belgian side of a partnership."""


class LocalCommune(Strict):
    """A local partner commune. One commune partnered with several Belgian communes is written in each
    of their files with the same id: it is one commune. Its details are given in full in at least one
    of them; another may give only `{id: ...}`, or repeat them (they must then agree, CIC606)."""

    id: Slug = Field(description="Identifier used by monitoring files, e.g. 'ait-baha'.")
    name: str | None = Field(default=None, description="Full name as printed ('Nom complet et abréviation').")
    address: str | None = Field(default=None, description="Postal address, line breaks kept.")
    phones: Phones = Field(default_factory=empty_list)
    emails: Emails = Field(default_factory=empty_list)
    contacts: Contacts = Field(default_factory=empty_list)
    lang: ReaderLanguage = None
    local_partner_name: str | None = Field(default=None, description=(
        "The name as printed in the outcome sheet's list of local partners."))
    areas: dict[str, str] = Field(default_factory=empty_dict, description=(
        "Where the commune lies, by administrative level of data/programme.yaml "
        "({province: ..., region: ...}), as printed."))
    note: Note = None

    #: The details a commune is given with, all or none (`cic new partner` asks for them: TODO).
    required_together: ClassVar[tuple[str, ...]] = ("name", "address", "local_partner_name")

    @model_validator(mode="after")
    def _details_whole(self) -> LocalCommune:
        given = self.model_fields_set - {"id", "note"}
        missing = [f for f in self.required_together if getattr(self, f) is None]
        if given and missing:  # either by its id alone (details in another file) or with its details
            raise FieldsMissing(missing)
        return self

    @property
    def detailed(self) -> bool:
        return self.name is not None


class Partner(Strict):
    """One partnership file, `data/partners/<belgian-commune>.yaml`."""

    id: Slug = Field(description="Identifier of the partnership: the Belgian commune's slug.")
    title: str = Field(description="The partnership's heading as printed.")
    seed_lines: str | None = Field(default=None, description="Where the sheet is printed in the seed.")
    belgian_commune: BelgianCommune
    local_communes: list[LocalCommune] = Field(min_length=1, description=(
        "The local communes of the partner country twinned with the Belgian commune."))
    outcome_text: str = Field(description="The outcome (OS) text as printed on the partner sheet.")
    budget_os1: Money = Field(description="'Budget OS 1' of the partnership, in euros.")
    role: str | None = Field(default=None, description="Role of the partner for the outcome.")
    partnership_start: Date | Literal["en cours de signature"] = Field(
        description="Start of the partnership with the applicant: a date, or 'en cours de signature'.")
    note: Note = None
