"""Layer 2: every coded value of an activity file is a code of its IATI codelist.

`CODED` is the one table of which attribute takes codes from which codelist, written from the
2.03 activity schema's documentation and the Standard's codelist mapping; a test walks the XSD
and fails on any coded attribute that is neither in the table nor in `NOT_ON_AN_IATI_CODELIST`.
Some codes depend on a vocabulary: a sector's code is a DAC 5-digit code under vocabulary 1 (or
none), a 3-digit one under 2, an SDG goal under 7; codes of vocabularies kept outside IATI
(COFOG, a national chart of accounts, the reporting organisation's own) are not checked.

Severity follows the codelist: a code missing from a complete list is an error; from an open
list (Language, Country) it is a warning, since other codes are allowed there; a code withdrawn
before the as-of date is a warning.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from lxml import etree

from cicmaroc.codes.iati import CIC802
from cicmaroc.findings import Finding, Location
from cicmaroc.iati.standard import Codelist, codelist, named_code
from cicmaroc.iati.xmlfile import XML_NS, XmlFile, attribute_name


@dataclass(frozen=True, slots=True)
class Coded:
    """One coded attribute: its path from <iati-activities> ('//@name': anywhere), its codelist.

    With `vocabularies`, the codelist depends on the coded element's @vocabulary (its parent's
    with `vocabulary_on_parent`; `default_vocabulary` when absent or empty): vocabulary code ->
    codelist. Codes under any other vocabulary come from lists outside IATI: not checked.
    """

    path: str
    codelist: str = ""
    vocabularies: tuple[tuple[str, str], ...] = ()
    vocabulary_on_parent: bool = False
    default_vocabulary: str = ""

    def codelist_for(self, vocabulary: str) -> str:
        return self.codelist or dict(self.vocabularies).get(vocabulary, "")

    @property
    def attribute(self) -> str:
        """The attribute's name as lxml gives it ('{...XML namespace}lang' for xml:lang)."""
        name = self.path.rsplit("@", 1)[1]
        return XML_NS + name[4:] if name.startswith("xml:") else name


A = "iati-activity"
_SECTOR = (("1", "Sector"), ("2", "SectorCategory"), ("7", "UNSDG-Goals"), ("8", "UNSDG-Targets"))
_REGION = (("1", "Region"),)
_AID_TYPE = (("1", "AidType"), ("2", "EarmarkingCategory"), ("4", "CashandVoucherModalities"))
#: Where document-link may stand in an activity: the activity, a result, an indicator, and an
#: indicator's baseline, target and actual.
DOCUMENT_LINKS = (f"{A}/document-link", f"{A}/result/document-link", f"{A}/result/indicator/document-link",
                  f"{A}/result/indicator/baseline/document-link",
                  f"{A}/result/indicator/period/target/document-link",
                  f"{A}/result/indicator/period/actual/document-link")



def _shared(at: str, prefix: str) -> tuple[Coded, ...]:
    """Classifications an activity declares once (`default-` terms) or each transaction declares."""
    return (
        Coded(f"{at}/recipient-country/@code", "Country"),
        Coded(f"{at}/recipient-region/@vocabulary", "RegionVocabulary"),
        Coded(f"{at}/recipient-region/@code", vocabularies=_REGION, default_vocabulary="1"),
        Coded(f"{at}/sector/@vocabulary", "SectorVocabulary"),
        Coded(f"{at}/sector/@code", vocabularies=_SECTOR, default_vocabulary="1"),
        Coded(f"{at}/{prefix}flow-type/@code", "FlowType"),
        Coded(f"{at}/{prefix}finance-type/@code", "FinanceType"),
        Coded(f"{at}/{prefix}aid-type/@vocabulary", "AidTypeVocabulary"),
        Coded(f"{at}/{prefix}aid-type/@code", vocabularies=_AID_TYPE, default_vocabulary="1"),
        Coded(f"{at}/{prefix}tied-status/@code", "TiedStatus"),
    )


CODED: tuple[Coded, ...] = (
    *_shared(A, "default-"),
    *_shared(f"{A}/transaction", ""),
    Coded("@version", "Version"),
    Coded("//@xml:lang", "Language"),
    Coded(f"{A}/@default-currency", "Currency"),
    Coded("//@currency", "Currency"),
    Coded(f"{A}/@budget-not-provided", "BudgetNotProvided"),
    Coded(f"{A}/reporting-org/@type", "OrganisationType"),
    Coded(f"{A}/participating-org/@role", "OrganisationRole"),
    Coded(f"{A}/participating-org/@type", "OrganisationType"),
    Coded(f"{A}/participating-org/@crs-channel-code", "CRSChannelCode"),
    Coded(f"{A}/other-identifier/@type", "OtherIdentifierType"),
    Coded(f"{A}/activity-status/@code", "ActivityStatus"),
    Coded(f"{A}/activity-date/@type", "ActivityDateType"),
    Coded(f"{A}/contact-info/@type", "ContactType"),
    Coded(f"{A}/activity-scope/@code", "ActivityScope"),
    Coded(f"{A}/location/location-reach/@code", "GeographicLocationReach"),
    Coded(f"{A}/location/location-id/@vocabulary", "GeographicVocabulary"),
    Coded(f"{A}/location/administrative/@vocabulary", "GeographicVocabulary"),
    Coded(f"{A}/location/exactness/@code", "GeographicExactness"),
    Coded(f"{A}/location/location-class/@code", "GeographicLocationClass"),
    Coded(f"{A}/location/feature-designation/@code", "LocationType"),
    Coded(f"{A}/tag/@vocabulary", "TagVocabulary"),
    Coded(f"{A}/tag/@code", vocabularies=(("2", "UNSDG-Goals"), ("3", "UNSDG-Targets"))),
    Coded(f"{A}/country-budget-items/@vocabulary", "BudgetIdentifierVocabulary"),
    Coded(f"{A}/country-budget-items/budget-item/@code", vocabularies=(("1", "BudgetIdentifier"),),
          vocabulary_on_parent=True),
    Coded(f"{A}/humanitarian-scope/@type", "HumanitarianScopeType"),
    Coded(f"{A}/humanitarian-scope/@vocabulary", "HumanitarianScopeVocabulary"),
    Coded(f"{A}/policy-marker/@vocabulary", "PolicyMarkerVocabulary"),
    Coded(f"{A}/policy-marker/@code", vocabularies=(("1", "PolicyMarker"),), default_vocabulary="1"),
    Coded(f"{A}/policy-marker/@significance", "PolicySignificance"),
    Coded(f"{A}/collaboration-type/@code", "CollaborationType"),
    Coded(f"{A}/budget/@type", "BudgetType"),
    Coded(f"{A}/budget/@status", "BudgetStatus"),
    Coded(f"{A}/planned-disbursement/@type", "BudgetType"),
    Coded(f"{A}/planned-disbursement/provider-org/@type", "OrganisationType"),
    Coded(f"{A}/planned-disbursement/receiver-org/@type", "OrganisationType"),
    Coded(f"{A}/transaction/transaction-type/@code", "TransactionType"),
    Coded(f"{A}/transaction/provider-org/@type", "OrganisationType"),
    Coded(f"{A}/transaction/receiver-org/@type", "OrganisationType"),
    Coded(f"{A}/transaction/disbursement-channel/@code", "DisbursementChannel"),
    *(Coded(f"{link}/@format", "FileFormat") for link in DOCUMENT_LINKS),
    *(Coded(f"{link}/category/@code", "DocumentCategory") for link in DOCUMENT_LINKS),
    *(Coded(f"{link}/language/@code", "Language") for link in DOCUMENT_LINKS),
    Coded(f"{A}/related-activity/@type", "RelatedActivityType"),
    Coded(f"{A}/conditions/condition/@type", "ConditionType"),
    Coded(f"{A}/description/@type", "DescriptionType"),
    Coded(f"{A}/result/@type", "ResultType"),
    Coded(f"{A}/result/reference/@vocabulary", "ResultVocabulary"),
    Coded(f"{A}/result/indicator/@measure", "IndicatorMeasure"),
    Coded(f"{A}/result/indicator/reference/@vocabulary", "IndicatorVocabulary"),
    Coded(f"{A}/crs-add/other-flags/@code", "CRSAddOtherFlags"),
    Coded(f"{A}/crs-add/loan-terms/repayment-type/@code", "LoanRepaymentType"),
    Coded(f"{A}/crs-add/loan-terms/repayment-plan/@code", "LoanRepaymentPeriod"),
)

#: Coded-looking attributes whose codes come from lists kept outside IATI: not checked.
NOT_ON_AN_IATI_CODELIST = {
    f"{A}/location/location-id/@code": "a gazetteer's code (GeoNames, OpenStreetMap ...), by @vocabulary",
    f"{A}/location/administrative/@code": "an administrative area's code in the gazetteer @vocabulary names",
    f"{A}/humanitarian-scope/@code": "an emergency or appeal code (GLIDE, Humanitarian Plan) by @vocabulary",
    f"{A}/result/reference/@code": "a results framework's own code, by @vocabulary",
    f"{A}/result/indicator/reference/@code": "an indicator register's own code, by @vocabulary",
}


def used_codelists() -> set[str]:
    """Every codelist the table names (the package vendors exactly these, and one for the rules)."""
    return {name for c in CODED for name in ([c.codelist] if c.codelist else [n for _, n in c.vocabularies])}


def check(doc: XmlFile, as_of: dt.date) -> Iterator[Finding]:
    """A finding for every coded value that is not (or no longer) on its codelist.

    One walk over the file, looking each element's path up in the table (a file of a thousand
    activities is read once, not once per table entry).
    """
    by_element, anywhere = _index()
    stack: list[tuple[Any, str]] = [(doc.root, "")]
    while stack:
        element, path = stack.pop()
        if element.attrib:
            for coded in by_element.get(path, ()):
                yield from _judged(doc, element, coded, as_of)
            for coded in anywhere:
                yield from _judged(doc, element, coded, as_of)
        prefix = f"{path}/" if path else ""
        # an element in another namespace (an extension) has a '{ns}' tag that no path matches
        stack.extend((c, prefix + c.tag) for c in reversed(element) if isinstance(c.tag, str))


def _judged(doc: XmlFile, element: Any, coded: Coded, as_of: dt.date) -> Iterator[Finding]:
    value = element.get(coded.attribute)
    if value is None:
        return
    vocabulary = ""
    if coded.vocabularies:
        holder = element.getparent() if coded.vocabulary_on_parent else element
        vocabulary = (holder.get("vocabulary") or "").strip() or coded.default_vocabulary
    name = coded.codelist_for(vocabulary)
    judged = _judge(value, codelist(name), vocabulary, as_of) if name else None
    if judged is not None:
        say, args = judged
        line, column = doc.positions.attribute(element, coded.attribute)
        said = {"attribute": _attribute_path(element, coded.attribute), "value": value} | args
        yield CIC802.finding(say, Location(doc.display, line, column), **said)


@cache
def _index() -> tuple[dict[str, list[Coded]], tuple[Coded, ...]]:
    """CODED by element path ('iati-activity/sector'), and the entries that hold anywhere."""
    by_element: dict[str, list[Coded]] = {}
    for coded in CODED:
        if not coded.path.startswith("//"):
            element = coded.path.rsplit("/@", 1)[0] if "/@" in coded.path else ""  # "@version": the root
            by_element.setdefault(element, []).append(coded)
    return by_element, tuple(c for c in CODED if c.path.startswith("//@"))


def _judge(value: str, codes: Codelist, vocabulary: str, as_of: dt.date
           ) -> tuple[str, dict[str, Any]] | None:
    """Which CIC802 sentence fits the value (None: it is a current code), and its values."""
    args: dict[str, Any] = {"codelist": codes.name, "url": codes.url}
    of_vocabulary = "-of-vocabulary" if vocabulary else ""
    if vocabulary:
        args["vocabulary"] = vocabulary
    if value not in codes.codes:
        return ("not-a-code" if codes.complete else "open-list") + of_vocabulary, args
    if value in codes.withdrawn:
        when = codes.withdrawn[value]
        if when is None or when <= as_of:
            args["value"] = named_code(codes.name, value, "'")  # a code the reader may not know by heart
            if when is None:
                return "withdrawn" + of_vocabulary, args
            return "withdrawn-on" + of_vocabulary, {**args, "date": when.isoformat()}
    return None


def _attribute_path(element: Any, attribute: str) -> str:
    """'transaction/value/@currency': the attribute with its element and that element's parent."""
    names = [etree.QName(e).localname for e in (element.getparent(), element) if e is not None]
    return "/".join(names) + "/@" + attribute_name(attribute)
