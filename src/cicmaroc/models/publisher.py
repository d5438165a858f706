"""`data/iati.yaml`: what publishing the programme in IATI needs and the document does not give.

The document names the donor and the two associations, but not their IATI organisation
identifiers (a Belgian association's is `BE-BCE_KBO-` + its 10-digit enterprise number, the DGD's
is `XM-DAC-2-10`), nor the activity identifier, the DAC sectors, nor who answers the public. These
are the officers' to give. A value not yet known is written `TODO`: `cic validate` reports each
one (CIC810) and `cic iati` refuses to publish while one is left, so nothing is ever invented.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from cicmaroc.models.common import Date, IatiCodelist, Money, Note, Number, Strict, empty_dict, empty_list

#: The marker of a value the officers have not given yet.
TODO = "TODO"
Todo = Literal["TODO"]

#: An IATI organisation identifier: an agency prefix (`BE-BCE_KBO`, `XM-DAC`), a hyphen and the
#: agency's number; none of the characters / & | ? and no spaces (IATI rules 1.14.13, 1.3.1).
OrgRef = Annotated[str, StringConstraints(pattern=r"^(TODO|[A-Z]{2}-[A-Za-z0-9_]+-[^\s/&|?]+)$"),
                   Field(description="The organisation's IATI identifier: BE-BCE_KBO- and the 10-digit "
                                     "enterprise number for a Belgian association, XM-DAC-2-10 for the DGD; "
                                     "TODO until it is known.")]
#: Organisation types of the IATI OrganisationType codelist (10 government, 11 local government,
#: 15 other public sector, 21-24 NGOs, 30 public-private partnership, 40 multilateral, 60
#: foundation, 70-73 private sector, 80 academic, 90 other).
OrgType = Annotated[Literal["TODO", "10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71",
                          "72", "73", "80", "90"], IatiCodelist("OrganisationType")]
Role = Literal["funding", "accountable", "extending", "implementing"]


class Texts(Strict):
    """A text in French and in Dutch; `TODO` where it is not written yet."""

    fr: str = Field(min_length=1, description="The text in French (TODO until written).")
    nl: str | None = Field(default=None, min_length=1,
                           description="The text in Dutch (TODO until written; left out: none).")


class Organisation(Strict):
    """An organisation named in the file: its identifier, type, name and roles in the activity."""

    ref: OrgRef | None = Field(default=None, description=(
        "The IATI organisation identifier (TODO until known; left out: the organisation has none)."))
    type: OrgType = Field(description="Its code in the IATI OrganisationType codelist, in quotes (\"22\"); "
                                      "TODO until the officers choose.")
    name: Texts = Field(description="Its name as the document prints it.")
    roles: list[Role] = Field(default_factory=empty_list, description=(
        "Its roles in the activity: funding (the donor), accountable, extending, implementing."))
    note: Note = None


class Sector(Strict):
    """A DAC 5-digit sector (IATI vocabulary 1) and its share of the activity."""

    code: str = Field(pattern=r"^[0-9]{5}$", description="The DAC 5-digit code, in quotes (\"15112\").")
    percentage: Number = Field(gt=0, le=100,
                               description="Its share of the activity; the shares add up to 100.")
    note: Note = None


class Contact(Strict):
    """Who answers questions about the published activity (IATI contact-info, type 1: general)."""

    organisation: str = Field(min_length=1, description="The organisation (TODO until known).")
    person: str | None = Field(default=None, description="A person or a function, if published.")
    email: str = Field(min_length=1, description="The e-mail address to publish (TODO until known).")
    phone: str | None = Field(default=None, description="The phone number to publish, if any.")
    website: str | None = Field(default=None, description="The website to publish, if any.")
    address: str | None = Field(default=None, description="The postal address to publish, if any.")
    note: Note = None


class Defaults(Strict):
    """The activity's defaults, each a code of its IATI codelist (in quotes), each published only when
    the officers give it: the document states none of them, and cic never guesses one. A code that is
    not on its codelist stops `cic iati` (CIC802, on the file it would have written)."""

    collaboration_type: str | None = Field(default=None, pattern=r"^[0-9]$", description=(
        "CollaborationType: 1 bilateral, 2 multilateral (inflows), 3 bilateral, core contributions to "
        "NGOs..., in quotes (\"1\"). Left out: not published."))
    flow_type: str | None = Field(default=None, pattern=r"^[0-9]{2}$", description=(
        "FlowType: 10 ODA, 30 private development finance..., in quotes (\"10\"). Left out: not published."))
    finance_type: str | None = Field(default=None, pattern=r"^[0-9]{3,4}$", description=(
        "FinanceType: 110 standard grant..., in quotes (\"110\"). Left out: not published."))
    aid_type: str | None = Field(default=None, pattern=r"^[A-H][0-9]{2}[a-z]?$", description=(
        "AidType (vocabulary 1, OECD DAC): C01 project-type interventions, B03 contributions to "
        "pooled programmes... Left out: not published."))
    tied_status: str | None = Field(default=None, pattern=r"^[0-9]$", description=(
        "TiedStatus: 3 partially tied, 4 tied, 5 untied, in quotes (\"5\"). Left out: not published."))
    note: Note = None


class IncomingFund(Strict):
    """Money received from the funding organisation (an IATI transaction of type 12, Incoming Funds)."""

    date: Date = Field(description="The day it was received (YYYY-MM-DD).")
    amount: Money = Field(description="The amount received, in the budget's currency.")
    note: Note = None


class Publisher(Strict):
    """`data/iati.yaml`."""

    reporting_org: str = Field(description="The key (in `organisations`) of the organisation that "
                                           "publishes the file.")
    activity_id: Annotated[str, StringConstraints(pattern=r"^(TODO|[^\s/&|?]+)$")] = Field(description=(
        "The activity identifier's own part, after the reporting organisation's identifier and a "
        "hyphen; no spaces nor / & | ?. TODO until the officers choose it."))
    title: Texts = Field(description="The activity's title (TODO where not yet written).")
    description_nl: str | None = Field(default=None, description=(
        "The general description in Dutch, if the officers wrote one (the French is the document's "
        "summary)."))
    organisations: dict[str, Organisation] = Field(default_factory=empty_dict, description=(
        "The donor and the associations, each by a short key (the donor's, each association's). The "
        "communes come from data/partners and are published as implementing local governments."))
    sectors: list[Sector] | Todo = Field(description="The DAC 5-digit sectors (IATI vocabulary 1) with "
                                                     "their shares, or TODO until the officers choose.")
    contact: Contact | Todo = Field(description="The public contact of the activity, or TODO.")
    defaults: Defaults | None = Field(default=None, description=(
        "Optional: the activity's default collaboration, flow, finance and aid types and tied status "
        "(IATI codes), published only when given."))
    humanitarian: bool | None = Field(default=None, description=(
        "Optional: true if the activity is humanitarian, false if not (IATI's humanitarian flag); left "
        "out: not published."))
    donor_activity_id: Annotated[str, StringConstraints(pattern=r"^[^\s/&|?]+$")] | None = Field(
        default=None, description=(
            "Optional: the IATI identifier of the funding organisation's own activity this programme is "
            "funded under (the DGD's); each incoming fund links to it."))
    incoming_funds: list[IncomingFund] = Field(default_factory=empty_list, description=(
        "Optional: the money received from the funding organisation, each published as an incoming "
        "funds transaction from it once its date has passed."))
    fictional: bool = Field(default=False, description=(
        "true in an example or test file: every value in it is invented."))
    note: Note = None

    @model_validator(mode="after")
    def _reporting_org_known(self) -> Publisher:
        if self.reporting_org not in self.organisations:
            raise ValueError(f"reporting_org '{self.reporting_org}' is not a key of organisations "
                             f"({', '.join(self.organisations) or 'none'})")
        return self

    def sector_total(self) -> Decimal | None:
        """The shares of the sectors added up (None while the sectors are TODO)."""
        if isinstance(self.sectors, str):
            return None
        return sum((s.percentage for s in self.sectors), Decimal(0))
