"""The programme as one IATI 2.03 activity (`cic iati`), built with lxml from the programme as read.

One activity for the whole programme (docs/iati.md, "The model", says why): its identifiers come
from the publisher file (data/iati.yaml), everything else from data/ as the officers agreed to
read it (the agreed readings applied) and from the checked monitoring figures. Elements are
written in the order the 2.03 schema requires. Nothing here reads the clock or the disk: "now"
is the `as_of` date the caller gives, and only years that ended by then count.

Missing is never zero: a year nobody reported for has no actual and no transaction; a partial
actual is the value of the reports received, with a comment naming who reported and who not.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from lxml import etree

from cicmaroc.cells import Dash
from cicmaroc.derive.actuals import Actuals
from cicmaroc.derive.readings import ReadProgramme
from cicmaroc.findings import Finding, Findings
from cicmaroc.iati import results
from cicmaroc.iati.check import IatiCheck, check_bytes
from cicmaroc.iati.elements import XML_LANG, amount, leaf, narratives
from cicmaroc.iati.sentences import FICTIONAL, LANGUAGES, SPENDING, sentence
from cicmaroc.loading.programme import Programme
from cicmaroc.models.common import in_languages
from cicmaroc.models.publisher import Organisation, Publisher
from cicmaroc.names import name_key
from cicmaroc.rules.publisher import unpublishable
from cicmaroc.yaml.document import SourceDoc
from cicmaroc.years import Calendar

__all__ = ["IatiExport", "build", "counted_years", "export_checked"]

VERSION = "2.03"
#: How findings on the file built name it (the export checks itself before anything is written).
DISPLAY = "iati-activities.xml"
#: IATI OrganisationRole codes of the publisher file's role words.
ROLES = {"funding": "1", "accountable": "2", "extending": "3", "implementing": "4"}
#: IATI OrganisationType "Local Government": the Belgian and the local communes.
LOCAL_GOVERNMENT = "11"
#: The DAC policy markers of the IATI PolicyMarker codelist, by the words the DGD's forms print them
#: with (in French, Dutch or English; compared as names are, accents and case aside). A printed
#: marker with no IATI code ("HIV/Aids", "Droits des enfants") is not published.
POLICY_MARKERS = {
    "1": ("Genre", "Gender", "Gender Equality", "Gender equality"),
    "2": ("Environnement", "Milieu", "Aid to Environment", "Environment"),
    "3": ("Bonne gouvernance", "Goed bestuur", "Participatory Development/Good Governance",
          "Good governance"),
    "4": ("Trade development", "Développement du commerce", "Handelsontwikkeling"),
    "5": ("RIO: biodiversité", "RIO: biodiversiteit", "Biodiversity", "RIO: biodiversity"),
    "6": ("RIO: CC mitigation", "Climate Change - Mitigation", "RIO: climate change mitigation"),
    "7": ("RIO: CC adaptation", "Climate Change - Adaptation", "RIO: climate change adaptation"),
    "8": ("RIO: désertification", "RIO: woestijnvorming", "Desertification", "RIO: desertification"),
    "9": ("Santé génésique, maternelle, néonatale et infantile (SGMNI)",
          "Reproductive, Maternal, Newborn and Child Health (RMNCH)"),
}
#: IATI codes the export uses: activity status, date types, budget type and status, transaction type.
PIPELINE, IMPLEMENTATION, FINALISATION = "1", "2", "3"
PLANNED_START, ACTUAL_START, PLANNED_END, ACTUAL_END = "1", "2", "3", "4"
BUDGET_ORIGINAL, BUDGET_COMMITTED = "1", "2"
EXPENDITURE, INCOMING_FUNDS = "4", "12"


@dataclass(frozen=True, slots=True)
class IatiExport:
    """The programme's activity file (`xml`), or why it was not written (`findings`, `xml` None).

    `check` is what checking the file built found (None when the export was refused before it).
    """

    xml: bytes | None
    findings: list[Finding]
    check: IatiCheck | None = None
    #: The files the findings are on, to show each finding's line: the data files, or the file built.
    sources: Mapping[str, SourceDoc] = field(default_factory=dict)

    def failing(self) -> list[Finding]:
        return Findings(self.findings).failing()


def export_checked(read: ReadProgramme, actuals: Actuals, as_of: dt.date) -> IatiExport:
    """Build the programme's activity file and check it; refuse (no `xml`) at the first problem.

    The publisher file comes first: while a value is TODO (or it is missing or wrong) nothing is
    built, so no made-up identifier is ever written. Then the file built must pass the three
    layers of `check_bytes`, the same checks as `cic iati --check`: a finding there is a fault of
    the export or of the data, and the file is not written either.
    """
    refused = unpublishable(read.programme)
    if refused:
        return IatiExport(None, refused, None, read.programme.sources)
    xml = build(read, actuals, as_of)
    checked = check_bytes(xml, DISPLAY, as_of)
    return IatiExport(None if checked.failing() else xml, checked.findings, checked, checked.sources)


def counted_years(calendar: Calendar, as_of: dt.date) -> list[int]:
    """The programme years that ended on or before `as_of`: their figures are published."""
    return [y for y in calendar.years if dt.date(y, 12, 31) <= as_of]


def build(read: ReadProgramme, actuals: Actuals, as_of: dt.date) -> bytes:
    """The iati-activities document of the programme as of `as_of`, as UTF-8 bytes.

    Needs the logframe, the budget and the publisher file (the caller checks they were read and
    that no publisher value is TODO).
    """
    prog = read.programme
    calendar = prog.calendar
    assert prog.logframe is not None and prog.budget is not None and prog.publisher is not None
    assert calendar is not None and prog.identity is not None
    pub = prog.publisher.model
    stamp = f"{as_of.isoformat()}T00:00:00Z"
    root = etree.Element("iati-activities", {"version": VERSION, "generated-datetime": stamp})
    if pub.fictional:
        said = " / ".join(sentence(FICTIONAL, lang) for lang in LANGUAGES)
        root.append(etree.Comment(f" {said} "))
    activity = etree.SubElement(root, "iati-activity", {
        "last-updated-datetime": stamp, XML_LANG: prog.text_language,
        "default-currency": prog.budget.model.currency})
    if pub.humanitarian is not None:  # the officers' statement; never assumed
        activity.set("humanitarian", "1" if pub.humanitarian else "0")
    reporter = pub.organisations[pub.reporting_org]
    identifier = f"{reporter.ref}-{pub.activity_id}"
    leaf(activity, "iati-identifier", identifier)
    _org(activity, "reporting-org", reporter)
    narratives(activity, "title", [("fr", pub.title.fr), ("nl", pub.title.nl)])
    _descriptions(activity, prog, pub)
    _participants(activity, prog, pub)
    _status_and_dates(activity, calendar, as_of)
    _contact(activity, pub, prog.text_language)
    etree.SubElement(activity, "recipient-country", code=prog.identity.model.country.code, percentage="100")
    _locations(activity, prog)
    _sectors(activity, pub)
    _policy_markers(activity, prog)
    _defaults(activity, pub)
    _budgets(activity, prog)
    _incoming_funds(activity, pub, identifier, as_of)
    _transactions(activity, prog, pub, actuals, counted_years(calendar, as_of))
    results.write(activity, read, actuals, counted_years(calendar, as_of))
    document: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    return document


# -- helpers ----------------------------------------------------------------------------------


def _org(parent: etree._Element, tag: str, org: Organisation, **attrs: str) -> etree._Element:
    if org.ref is not None:
        attrs["ref"] = org.ref
    attrs["type"] = org.type
    element = etree.SubElement(parent, tag, attrs)
    for lang, text in (("fr", org.name.fr), ("nl", org.name.nl)):
        if text:
            leaf(element, "narrative", text, **{XML_LANG: lang})
    return element


# -- the activity's elements, in schema order --------------------------------------------------


def _descriptions(activity: etree._Element, prog: Programme, pub: Publisher) -> None:
    assert prog.logframe is not None
    country = prog.country.model if prog.country is not None else None
    if country is not None:
        general = "\n".join([country.summary, *country.summary_points])
        narratives(activity, "description", [(prog.text_language, general), ("nl", pub.description_nl)],
                   type="1")
    outcome = prog.logframe.model.outcome
    narratives(activity, "description", list(in_languages(outcome, "text", prog.text_language)), type="2")
    if country is not None:
        narratives(activity, "description", [(prog.text_language, country.outcome_sheet.target_groups)],
                   type="3")


def _participants(activity: etree._Element, prog: Programme, pub: Publisher) -> None:
    for role in ("funding", "accountable", "extending", "implementing"):
        for org in pub.organisations.values():
            if role in org.roles:
                _org(activity, "participating-org", org, role=ROLES[role])
    for partner in prog.partners:
        narratives(activity, "participating-org", [(prog.text_language, partner.model.belgian_commune.name)],
                   role=ROLES["implementing"], type=LOCAL_GOVERNMENT)
    for ref in prog.communes():
        narratives(activity, "participating-org", [(prog.text_language, ref.name)],
                   role=ROLES["implementing"], type=LOCAL_GOVERNMENT)


def _status_and_dates(activity: etree._Element, calendar: Calendar, as_of: dt.date) -> None:
    start, end = dt.date(calendar.first, 1, 1), calendar.end
    # the status agrees with the actual dates: ended (an actual end date published) is finalisation
    status = PIPELINE if as_of < start else IMPLEMENTATION if as_of < end else FINALISATION
    etree.SubElement(activity, "activity-status", code=status)
    dates = [(PLANNED_START, start), (ACTUAL_START, start) if start <= as_of else None, (PLANNED_END, end),
             (ACTUAL_END, end) if end <= as_of else None]  # an actual date only once it has passed
    for kind, day in filter(None, dates):
        etree.SubElement(activity, "activity-date", {"type": kind, "iso-date": day.isoformat()})


def _contact(activity: etree._Element, pub: Publisher, lang: str) -> None:
    contact = pub.contact
    if isinstance(contact, str):
        return  # TODO: the caller refused to export already
    info = etree.SubElement(activity, "contact-info", type="1")
    narratives(info, "organisation", [(lang, contact.organisation)])
    narratives(info, "person-name", [(lang, contact.person)])
    for tag, value in (("telephone", contact.phone), ("email", contact.email), ("website", contact.website)):
        if value:
            leaf(info, tag, value)
    narratives(info, "mailing-address", [(lang, contact.address)])


def _locations(activity: etree._Element, prog: Programme) -> None:
    levels = [level.id for level in prog.identity.model.admin_levels] if prog.identity is not None else []
    for ref in prog.communes():
        commune = ref.commune
        location = etree.SubElement(activity, "location", ref=commune.id)
        etree.SubElement(location, "location-reach", code="1")  # where the activity happens
        narratives(location, "name", [(prog.text_language, ref.local_name)])
        areas = [commune.areas[level] for level in levels if level in commune.areas]  # in the levels' order
        narratives(location, "description", [(prog.text_language, ", ".join(areas) or None)])
        etree.SubElement(location, "location-class", code="1")  # an administrative region


def _sectors(activity: etree._Element, pub: Publisher) -> None:
    if isinstance(pub.sectors, str):
        return
    for sector in pub.sectors:
        etree.SubElement(activity, "sector", vocabulary="1", code=sector.code,
                         percentage=amount(sector.percentage))


def _policy_markers(activity: etree._Element, prog: Programme) -> None:
    if prog.country is None:
        return
    codes = {name_key(name): code for code, names in POLICY_MARKERS.items() for name in names}
    for printed, significance in prog.country.model.outcome_sheet.cad_markers.items():
        code = codes.get(name_key(printed))
        if code is not None:
            etree.SubElement(activity, "policy-marker", vocabulary="1", code=code,
                             significance=str(significance))


def _defaults(activity: etree._Element, pub: Publisher) -> None:
    """The defaults the publisher file gives (collaboration, flow, finance, aid type, tied status)."""
    given = pub.defaults
    if given is None:
        return
    for tag, code, extra in (("collaboration-type", given.collaboration_type, {}),
                             ("default-flow-type", given.flow_type, {}),
                             ("default-finance-type", given.finance_type, {}),
                             ("default-aid-type", given.aid_type, {"vocabulary": "1"}),
                             ("default-tied-status", given.tied_status, {})):
        if code is not None:
            etree.SubElement(activity, tag, {"code": code, **extra})


def _budgets(activity: etree._Element, prog: Programme) -> None:
    assert prog.budget is not None
    totals = prog.budget.model.total.total or {}
    for year in prog.budget.model.years:
        cell = totals.get(year)
        if cell is None or isinstance(cell, Dash):  # not printed, or printed "-": no budget value
            continue
        budget = etree.SubElement(activity, "budget", type=BUDGET_ORIGINAL, status=BUDGET_COMMITTED)
        etree.SubElement(budget, "period-start", {"iso-date": f"{year}-01-01"})
        etree.SubElement(budget, "period-end", {"iso-date": f"{year}-12-31"})
        leaf(budget, "value", amount(cell), **{"value-date": f"{year}-01-01"})


def _incoming_funds(activity: etree._Element, pub: Publisher, identifier: str, as_of: dt.date) -> None:
    """The money received from the funding organisation (type 12), from it and its own activity when
    the publisher file names them, to this activity; only what was received by `as_of`."""
    funder = next((org for org in pub.organisations.values() if "funding" in org.roles), None)
    reporter = pub.organisations[pub.reporting_org]
    for number, fund in enumerate(pub.incoming_funds, start=1):
        if fund.date > as_of:
            continue
        day = fund.date.isoformat()
        tx = etree.SubElement(activity, "transaction", ref=f"incoming-{number}")
        etree.SubElement(tx, "transaction-type", code=INCOMING_FUNDS)
        etree.SubElement(tx, "transaction-date", {"iso-date": day})
        leaf(tx, "value", amount(fund.amount), **{"value-date": day})
        if funder is not None:
            provider = _org(tx, "provider-org", funder)
            if pub.donor_activity_id is not None:
                provider.set("provider-activity-id", pub.donor_activity_id)
        _org(tx, "receiver-org", reporter).set("receiver-activity-id", identifier)


def spending_by_spender(actuals: Actuals, year: int) -> dict[str, Decimal]:
    """What each spender that reported for `year` spent, every line and nature added up."""
    spent: dict[str, Decimal] = {}
    for _line, spender in sorted(actuals.spenders.get(year, set())):
        spent.setdefault(spender, Decimal(0))
    for (_line, spender, _nature), value in actuals.spending.get(year, {}).items():
        spent[spender] = spent.get(spender, Decimal(0)) + value
    return spent


def _transactions(activity: etree._Element, prog: Programme, pub: Publisher, actuals: Actuals,
                  years: Sequence[int]) -> None:
    partners = {p.model.id: p.model for p in prog.partners}
    for year in years:
        for spender, value in spending_by_spender(actuals, year).items():
            day = f"{year}-12-31"
            tx = etree.SubElement(activity, "transaction", ref=f"{spender}-{year}")
            etree.SubElement(tx, "transaction-type", code=EXPENDITURE)
            etree.SubElement(tx, "transaction-date", {"iso-date": day})
            leaf(tx, "value", amount(value), **{"value-date": day})
            org = pub.organisations.get(spender)
            partner = partners.get(spender)
            name = partner.title if partner is not None else spender
            # each narrative names the organisation in its own language when the publisher file does
            names = {"fr": org.name.fr, "nl": org.name.nl or org.name.fr} if org is not None else {}
            narratives(tx, "description", [(lang, sentence(SPENDING, lang, year=year,
                                                           spender=names.get(lang, name)))
                                           for lang in LANGUAGES])
            if org is not None:
                _org(tx, "provider-org", org)
            else:
                narratives(tx, "provider-org", [(prog.text_language, name)], type=LOCAL_GOVERNMENT)
