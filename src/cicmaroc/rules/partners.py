"""Partner sheets (CIC601-CIC605), and what they state that the country sheet states too (CIC202, CIC203).

Contact formats, start dates and names on each partner sheet; the country map's legend and the
OS 1 sheet's count of communes against the partner files.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Finding, Named, Severity, alternatives, preview
from cicmaroc.loading.programme import Programme
from cicmaroc.models.partners import EMAIL_PATTERN, Contactable, LocalCommune
from cicmaroc.names import fold, name_key, word_diff
from cicmaroc.rules import Check

if TYPE_CHECKING:
    from cicmaroc.config import Config

_EMAIL = re.compile(EMAIL_PATTERN.removeprefix("^").removesuffix("$"))  # fullmatch: no trailing newline
_WAIVE = ("Keep the value as printed. Once the officers know the right reading, acknowledge it with the "
          "reason: `# cic: ignore[{code}] who decided, when, why` at the end of the line the finding points "
          "at, or in data/waivers.yaml (`code: {code}`, the file, `reason:`).")

CIC202 = declare(
    "CIC202", "map-legend", Severity.WARNING, "partners-budget",
    what="Each twinning in the country map's legend is a partnership, and each commune is on the map.",
    why="The legend is the donor's picture of who works with whom; it must match the partner sheets.",
    example="The legend says \"Beni Mathar (Saint-Josse)\" while no partner sheet of Saint-Josse has a "
            "commune of that name (accents, hyphens and \"Commune de\" are ignored).",
    waive=_WAIVE,
    messages={
        "unknown-commune": Message("The map legend names '{local}' ({belgian}), but no partner sheet has "
                                   "a local commune of that name.",
                                   "Keep the legend as printed; waive this once it is clear which commune it "
                                   "means."),
        "other-partner": Message("The map legend twins '{local}' with {belgian}, but its partner sheet is "
                                 "{partner}'s."),
        "not-on-map": Message("The commune '{commune}' is not on the country map's legend."),
    })
CIC203 = declare(
    "CIC203", "beneficiary-communes", Severity.ERROR, "partners-budget",
    what="The number of communes stated on the OS 1 sheet equals the local communes of the partner files.",
    why="Beneficiaries are counted per commune; a different count means a commune is missing from the data "
        "or from the document.",
    example="\"L'ensemble des citoyens de ces 12 communes\" with 11 communes in data/partners/.",
    waive="First look for a missing or extra partner file. If the document itself counts differently, "
          "acknowledge it in data/waivers.yaml (`code: CIC203`, `file: country.yaml`, `reason:`).",
    messages={"count": Message("The OS 1 sheet counts {stated} communes among the beneficiaries, but the "
                               "partner files hold {actual} local communes.",
                               "Check for a missing or extra partner file.")})
CIC606 = declare(
    "CIC606", "commune-mentions", Severity.ERROR, "partners",
    what="A local commune partnered with several Belgian communes is one commune: its details, given in at "
         "least one partner file, agree wherever they are repeated.",
    why="Reports, forms and monitoring know the commune by its id; two versions of its name or address "
        "would leave the officers unsure which is right, and a commune with no details cannot be named.",
    example="`{id: belfaa, name: Commune de Belfaa, ...}` in jette.yaml and `name: Belfaa` for the same id "
            "in evere.yaml.",
    waive=_WAIVE,
    messages={"differs": Message("The commune '{commune}' has {field} {value} here, but {other} in {file}.",
                                 "Give the details once (the other mention may be `{{id: {commune}}}` "
                                 "alone), or the same in both."),
              "no-details": Message("The commune '{commune}' is given by its id alone in every partner file: "
                                    "its name and address are nowhere.",
                                    "Give its details in one of its partner files.")})
CIC601 = declare(
    "CIC601", "email-format", Severity.ERROR, "partners",
    what="Every e-mail address has the form name@domain.tld, with no spaces.",
    why="These addresses are used to reach the communes; a malformed one bounces silently.",
    example="`emails: [sbenallel@auderghem irisnet.be]` (a space instead of a dot).",
    waive=_WAIVE,
    messages={"invalid": Message("'{email}' ({commune}) is not a valid e-mail address.",
                                 "Check it against the document; an address is name@domain.tld.")})
_DIAL = "Check it against the document and with the commune."
CIC602 = declare(
    "CIC602", "phone-format", Severity.WARNING, "partners",
    what="Phone numbers have the number of digits of a Belgian number, or of a number of the programme's "
         "country (its calling code and digits in data/programme.yaml).",
    why="A number with a digit too many or too few cannot be dialled; the officers need to know before they "
        "need it.",
    example="\"212 6 67 97 72 001\" has 13 digits where the country's calling code 212 is followed by 9.",
    waive="Keep the number as printed, and check it with the commune. Then acknowledge it: "
          "`# cic: ignore[CIC602] printed so in the proposal; checked with the commune on ...` at the end of "
          "the phone's line, or in data/waivers.yaml (`code: CIC602`, the file, `reason:`).",
    messages={
        "not-digits": Message("The phone number '{phone}' of {commune} contains characters that are not "
                              "digits.", _DIAL),
        "local": Message("The phone number '{phone}' of {commune} has {digits} digits; a number from "
                         "{country} is {calling_code} followed by {national} digits, or 0 and them.", _DIAL),
        "local-any": Message("The phone number '{phone}' of {commune} has {digits} digits; a number from "
                             "{country} starts with {calling_code} (or 0), at most 15 digits in all.", _DIAL),
        "belgian": Message("The phone number '{phone}' of {commune} has {digits} digits; a Belgian number is "
                           "0 followed by 8 or 9 digits (02 850 80 06).", _DIAL),
    })
CIC603 = declare(
    "CIC603", "partnership-start", Severity.INFO, "partners",
    what="The start of each partnership is a date before the programme's end, or is noted as pending.",
    why="The start date shows how long the communes have worked together; a partnership still \"en cours de "
        "signature\" should get its date once signed, and a date after the programme's end is a typo.",
    example="`partnership_start: en cours de signature` (Etterbeek) is an information finding; "
            "`partnership_start: 2107-11-29` is a warning.",
    waive="Information findings do not fail the run; a partnership being signed needs no waiver. For a date "
          "after the programme, correct a transcription slip, or acknowledge the printed date: "
          "`# cic: ignore[CIC603] reason` at the end of the line.",
    messages={
        "after-end": Message("The partnership {partnership} starts on {start}, after the programme ends "
                             "({end}).", "Check the year.", Severity.WARNING),
        "being-signed": Message("The partnership {partnership} was still being signed when the document was "
                                "written ('en cours de signature').",
                                "Once signed, record the date in a note (the document's text stays)."),
    })
CIC604 = declare(
    "CIC604", "outcome-text", Severity.ERROR, "partners",
    what="The outcome printed on each partner sheet is the outcome of the logframe.",
    why="There is one outcome (OS 1); if a partner sheet words it differently, the partnership may be held "
        "to a different target than the programme.",
    example="Partner sheets say \"au travers d’au moins 2 projets intégrés\", the OS 1 sheet and the "
            "logframe \"au moins 1 projets\".",
    waive="Ask which wording was approved, then acknowledge the other with the answer: "
          "`# cic: ignore[CIC604] reason` on the `outcome_text:` line, or in data/waivers.yaml "
          "(`code: CIC604`, the partner file, `reason:`).",
    messages={"differs": Message("The outcome on the partner sheet of {partnership} differs from the "
                                 "logframe's outcome: {differences}.",
                                 "If both are as printed, the document states the outcome in two ways: ask "
                                 "which one was approved, and waive this with the answer.")})
CIC605 = declare(
    "CIC605", "commune-name", Severity.WARNING, "partners",
    what="A local commune's name on its partner sheet matches its name on the OS 1 sheet.",
    why="Monitoring and reports name communes; two spellings of one commune in the approved document make it "
        "unclear whether they are one commune or two. Accents, hyphens and \"Commune (rurale) de\" are "
        "ignored: \"Ait Baha\" matches \"Commune d'Aït Baha\".",
    example="\"Commune de Beni Mathar\" on the partner sheet, \"Bni Mathar\" on the OS 1 sheet.",
    waive=_WAIVE,
    messages={"two-names": Message("The commune '{commune}' is called '{name}' on its partner sheet but "
                                   "'{other}' on the OS 1 sheet.",
                                   "Keep both as printed; waive this once the right spelling is known.")})


def email_format(programme: Programme, config: Config) -> Iterator[Finding]:
    for partner in programme.partners:
        model = partner.model
        sides: list[tuple[tuple[str | int, ...], Contactable | LocalCommune]] = [
            (("belgian_commune",), model.belgian_commune)]
        sides += [(("local_communes", i), c) for i, c in enumerate(model.local_communes)]
        for side, commune in sides:
            for j, email in enumerate(commune.emails):
                if not _EMAIL.fullmatch(email):
                    yield CIC601.finding("invalid", partner.at(*side, "emails", j), email=email,
                                         commune=commune.name or getattr(commune, "id", ""))


class _Country:
    """The programme's country as the phone check needs it: its calling code, the digits after it
    (() when not declared), and its name in every language (read from CLDR only when said)."""

    def __init__(self, programme: Programme, calling_code: str, national: tuple[int, ...]) -> None:
        self.programme = programme
        self.calling_code = calling_code
        self.national = national

    @functools.cached_property
    def name(self) -> Any:
        assert self.programme.identity is not None
        country = self.programme.identity.model.country
        names = dict(country.name or {}) or (country_names(country.code) if country.code.isalpha() else {})
        primary = self.programme.text_language
        if not names:
            return country.code
        return Named(tuple(sorted(names.items(), key=lambda item: item[0] != primary)))


def _country(programme: Programme) -> _Country | None:
    """The country whose numbers the local communes have; None while its calling code is unknown."""
    if programme.identity is None:
        return None
    country = programme.identity.model.country
    if country.calling_code is None or not country.calling_code.isdigit():
        return None
    return _Country(programme, country.calling_code, tuple(country.phone_digits))


def country_names(code: str) -> dict[str, str]:
    """The standard names (CLDR) of the country `code` in French, Dutch and English."""
    from babel import Locale

    found = {lang: Locale.parse(lang).territories.get(code) for lang in ("fr", "nl", "en")}
    return {lang: name for lang, name in found.items() if name}


def _phone_problem(phone: str, country: _Country | None) -> tuple[str, dict[str, Any]] | None:
    """Which CIC602 sentence fits the number (with how many digits it has), or None; a number of the
    programme's country (`country`; None: a Belgian number) against its calling code and digits."""
    digits = re.sub(r"\D", "", phone)
    if re.search(r"[^\d\s+/().-]", phone):
        return "not-digits", {}
    if country is not None:
        code = country.calling_code
        said = {"digits": len(digits), "country": country.name, "calling_code": code}
        if not country.national:
            if (digits.startswith(code) or digits.startswith("0")) and len(digits) <= 15:
                return None
            return "local-any", said
        if digits.startswith(code) and len(digits) - len(code) in country.national:
            return None
        if digits.startswith("0") and len(digits) - 1 in country.national:
            return None
        return "local", {**said, "national": alternatives(country.national)}
    if digits.startswith("0") and len(digits) in (9, 10):
        return None
    if digits.startswith("32") and len(digits) in (10, 11):
        return None
    return "belgian", {"digits": len(digits)}


def phone_format(programme: Programme, config: Config) -> Iterator[Finding]:
    country = _country(programme)
    for partner in programme.partners:
        model = partner.model
        phones: list[tuple[Contactable | LocalCommune, tuple[str | int, ...], bool]] = [
            (model.belgian_commune, ("belgian_commune",), False)]
        phones += [(c, ("local_communes", i), True) for i, c in enumerate(model.local_communes)]
        for commune, side, local in phones:
            if local and country is None:
                continue  # the country's calling code is not known yet: nothing to check against
            for j, phone in enumerate(commune.phones):
                problem = _phone_problem(phone, country if local else None)
                if problem:
                    say, counted = problem
                    yield CIC602.finding(say, partner.at(*side, "phones", j), phone=phone,
                                         commune=commune.name or getattr(commune, "id", ""), **counted)


def partnership_start(programme: Programme, config: Config) -> Iterator[Finding]:
    for partner in programme.partners:
        start = partner.model.partnership_start
        if isinstance(start, dt.date):
            calendar = programme.calendar
            if calendar is not None and start > calendar.end:
                yield CIC603.finding("after-end", partner.at("partnership_start"),
                                     partnership=partner.model.id,
                                     start=start.isoformat(), end=calendar.end.isoformat())
        else:
            yield CIC603.finding("being-signed", partner.at("partnership_start"),
                                 partnership=partner.model.id)


def outcome_text(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.logframe is None:
        return
    reference = programme.logframe.model.outcome.text
    where = programme.logframe.at("outcome", "text")
    for partner in programme.partners:
        text = partner.model.outcome_text
        if fold(text).replace(" ,", ",") != fold(reference).replace(" ,", ","):
            yield CIC604.finding("differs", partner.at("outcome_text"), (where,),
                                 partnership=partner.model.id,
                                 differences=word_diff(reference, text))


def commune_names(programme: Programme, config: Config) -> Iterator[Finding]:
    for ref in programme.commune_mentions():
        commune = ref.commune
        if commune.name is None or commune.local_partner_name is None:
            continue
        if name_key(commune.name) != name_key(commune.local_partner_name):
            yield CIC605.finding("two-names", ref.at("name"), (ref.at("local_partner_name"),),
                                 commune=commune.id,
                                 name=commune.name, other=commune.local_partner_name)


def map_legend(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.country is None or "partners" in programme.incomplete:
        return
    country = programme.country
    communes = list(programme.communes())
    seen: set[str] = set()
    for z, zone in enumerate(country.model.map_legend):
        for e, entry in enumerate(zone.entries):
            match = [c for c in communes
                     if name_key(entry.local) in (name_key(c.name), name_key(c.local_name))]
            if not match:
                yield CIC202.finding("unknown-commune", country.at("map_legend", z, "entries", e, "local"),
                                     local=entry.local, belgian=entry.belgian)
                continue
            ref = match[0]
            seen.add(ref.id)
            belgian = name_key(entry.belgian)
            partner_names = [name for p in ref.partners for name in (
                name_key(p.model.belgian_commune.name), name_key(p.model.title.split("/")[0]))]
            if not any(p.startswith(belgian) for p in partner_names):
                yield CIC202.finding("other-partner", country.at("map_legend", z, "entries", e, "belgian"),
                                     (ref.at("name"),), local=entry.local, belgian=entry.belgian,
                                     partner=ref.partnership_names)
    for ref in communes:
        if ref.id not in seen and country.model.map_legend:
            yield CIC202.finding("not-on-map", ref.at("name"), (country.at("map_legend"),),
                                 commune=ref.name)


def commune_mentions(programme: Programme, config: Config) -> Iterator[Finding]:
    if "partners" in programme.incomplete:
        return
    first: dict[str, Any] = {}
    for ref in programme.commune_mentions():
        if not ref.commune.detailed:
            continue
        earlier = first.setdefault(ref.id, ref)
        if earlier is ref:
            continue
        for field in ("name", "address", "local_partner_name", "phones", "emails", "contacts", "lang",
                      "areas"):
            value, other = getattr(ref.commune, field), getattr(earlier.commune, field)
            if value != other:
                yield CIC606.finding("differs", ref.at(field), (earlier.at(field),), commune=ref.id,
                                     field=field, value=preview(value), other=preview(other),
                                     file=earlier.partner.file)
    for ref in programme.communes():
        if not ref.commune.detailed:
            yield CIC606.finding("no-details", ref.at("id"), commune=ref.id)


def beneficiary_communes(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.country is None or not programme.partners or "partners" in programme.incomplete:
        return
    stated = programme.country.model.outcome_sheet.beneficiaries.communes
    actual = sum(1 for _ in programme.communes())
    if stated is not None and stated != actual:
        yield CIC203.finding("count", programme.country.at("outcome_sheet", "beneficiaries", "communes"),
                             stated=stated, actual=actual)


CODES: tuple[Code, ...] = (CIC202, CIC203, CIC601, CIC602, CIC603, CIC604, CIC605, CIC606)
#: The partners against the budget and the country sheet (run after CIC201, see the registry).
COUNTRY_CHECKS: tuple[Check, ...] = (Check((CIC202,), map_legend), Check((CIC203,), beneficiary_communes))
CHECKS: tuple[Check, ...] = (
    Check((CIC601,), email_format),
    Check((CIC602,), phone_format),
    Check((CIC603,), partnership_start),
    Check((CIC604,), outcome_text),
    Check((CIC605,), commune_names),
    Check((CIC606,), commune_mentions),
)
