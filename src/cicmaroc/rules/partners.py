"""Partner sheets (CIC601-CIC605), and what they state that the country sheet states too (CIC202, CIC203).

Contact formats, start dates and names on each partner sheet; the country map's legend and the
OS 1 sheet's count of communes against the partner files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Finding, Severity
from cicmaroc.loading.programme import Programme
from cicmaroc.models.partners import EMAIL_PATTERN, Contactable
from cicmaroc.names import fold, name_key, word_diff
from cicmaroc.rules import Check
from cicmaroc.years import PROGRAMME_END

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
        "unknown-commune": Message("The map legend names '{moroccan}' ({belgian}), but no partner sheet has "
                                   "a Moroccan commune of that name.",
                                   "Keep the legend as printed; waive this once it is clear which commune it "
                                   "means."),
        "other-partner": Message("The map legend twins '{moroccan}' with {belgian}, but its partner sheet is "
                                 "{partner}'s."),
        "not-on-map": Message("The commune '{commune}' is not on the country map's legend."),
    })
CIC203 = declare(
    "CIC203", "beneficiary-communes", Severity.ERROR, "partners-budget",
    what="The number of communes stated on the OS 1 sheet equals the Moroccan communes of the partner files.",
    why="Beneficiaries are counted per commune; a different count means a commune is missing from the data "
        "or from the document.",
    example="\"L'ensemble des citoyens de ces 12 communes\" with 11 communes in data/partners/.",
    waive="First look for a missing or extra partner file. If the document itself counts differently, "
          "acknowledge it in data/waivers.yaml (`code: CIC203`, `file: country.yaml`, `reason:`).",
    messages={"count": Message("The OS 1 sheet counts {stated} communes among the beneficiaries, but the "
                               "partner files hold {actual} Moroccan communes.",
                               "Check for a missing or extra partner file.")})
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
    what="Phone numbers have the number of digits of a Belgian or Moroccan number.",
    why="A number with a digit too many or too few cannot be dialled; the officers need to know before they "
        "need it.",
    example="Bni Mathar's \"212 6 67 97 72 001\" has 13 digits, one more than a Moroccan number.",
    waive="Keep the number as printed, and check it with the commune. Then acknowledge it: "
          "`# cic: ignore[CIC602] printed so in the proposal; checked with the commune on ...` at the end of "
          "the phone's line, or in data/waivers.yaml (`code: CIC602`, the file, `reason:`).",
    messages={
        "not-digits": Message("The phone number '{phone}' of {commune} contains characters that are not "
                              "digits.", _DIAL),
        "moroccan": Message("The phone number '{phone}' of {commune} has {digits} digits; a Moroccan number "
                            "is 212 followed by 9 digits (212 5 28 25 40 53).", _DIAL),
        "belgian": Message("The phone number '{phone}' of {commune} has {digits} digits; a Belgian number is "
                           "0 followed by 8 or 9 digits (02 850 80 06).", _DIAL),
    })
CIC603 = declare(
    "CIC603", "partnership-start", Severity.INFO, "partners",
    what="The start of each partnership is a date before the programme's end, or is noted as pending.",
    why="The start date shows how long the communes have worked together; a partnership still \"en cours de "
        "signature\" should get its date once signed, and a date after 2021 is a typo.",
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
    what="A Moroccan commune's name on its partner sheet matches its name on the OS 1 sheet.",
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
        sides: list[tuple[tuple[str | int, ...], Contactable]] = [
            (("belgian_commune",), model.belgian_commune)]
        sides += [(("moroccan_communes", i), c) for i, c in enumerate(model.moroccan_communes)]
        for side, commune in sides:
            for j, email in enumerate(commune.emails):
                if not _EMAIL.fullmatch(email):
                    yield CIC601.finding("invalid", partner.at(*side, "emails", j), email=email,
                                         commune=commune.name)


def _phone_problem(phone: str, moroccan: bool) -> tuple[str, dict[str, Any]] | None:
    """Which CIC602 sentence fits the number (with how many digits it has), or None."""
    digits = re.sub(r"\D", "", phone)
    if re.search(r"[^\d\s+/().-]", phone):
        return "not-digits", {}
    if moroccan:
        if digits.startswith("212") and len(digits) == 12:
            return None
        if digits.startswith("0") and len(digits) == 10:
            return None
        return "moroccan", {"digits": len(digits)}
    if digits.startswith("0") and len(digits) in (9, 10):
        return None
    if digits.startswith("32") and len(digits) in (10, 11):
        return None
    return "belgian", {"digits": len(digits)}


def phone_format(programme: Programme, config: Config) -> Iterator[Finding]:
    for partner in programme.partners:
        model = partner.model
        phones: list[tuple[Contactable, tuple[str | int, ...], bool]] = [
            (model.belgian_commune, ("belgian_commune",), False)]
        phones += [(c, ("moroccan_communes", i), True) for i, c in enumerate(model.moroccan_communes)]
        for commune, side, moroccan in phones:
            for j, phone in enumerate(commune.phones):
                problem = _phone_problem(phone, moroccan)
                if problem:
                    say, counted = problem
                    yield CIC602.finding(say, partner.at(*side, "phones", j), phone=phone,
                                         commune=commune.name, **counted)


def partnership_start(programme: Programme, config: Config) -> Iterator[Finding]:
    for partner in programme.partners:
        start = partner.model.partnership_start
        if isinstance(start, dt.date):
            if start > PROGRAMME_END:
                yield CIC603.finding("after-end", partner.at("partnership_start"),
                                     partnership=partner.model.id,
                                     start=start.isoformat(), end=PROGRAMME_END.isoformat())
        else:
            yield CIC603.finding("being-signed", partner.at("partnership_start"),
                                 partnership=partner.model.id)


def outcome_text(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.logframe is None:
        return
    reference = programme.logframe.model.outcome.text_fr
    where = programme.logframe.at("outcome", "text_fr")
    for partner in programme.partners:
        text = partner.model.outcome_text
        if fold(text).replace(" ,", ",") != fold(reference).replace(" ,", ","):
            yield CIC604.finding("differs", partner.at("outcome_text"), (where,),
                                 partnership=partner.model.id,
                                 differences=word_diff(reference, text))


def commune_names(programme: Programme, config: Config) -> Iterator[Finding]:
    for ref in programme.communes():
        commune = ref.commune
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
                     if name_key(entry.moroccan) in (name_key(c.commune.name),
                                                     name_key(c.commune.local_partner_name))]
            if not match:
                yield CIC202.finding("unknown-commune", country.at("map_legend", z, "entries", e, "moroccan"),
                                     moroccan=entry.moroccan, belgian=entry.belgian)
                continue
            ref = match[0]
            seen.add(ref.id)
            belgian = name_key(entry.belgian)
            partner_names = (name_key(ref.partner.model.belgian_commune.name),
                             name_key(ref.partner.model.title.split("/")[0]))
            if not any(p.startswith(belgian) for p in partner_names):
                yield CIC202.finding("other-partner", country.at("map_legend", z, "entries", e, "belgian"),
                                     (ref.at("name"),), moroccan=entry.moroccan, belgian=entry.belgian,
                                     partner=ref.partner.model.belgian_commune.name)
    for ref in communes:
        if ref.id not in seen and country.model.map_legend:
            yield CIC202.finding("not-on-map", ref.at("name"), (country.at("map_legend"),),
                                 commune=ref.commune.name)


def beneficiary_communes(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.country is None or not programme.partners or "partners" in programme.incomplete:
        return
    stated = programme.country.model.outcome_sheet.beneficiaries.communes
    actual = sum(1 for _ in programme.communes())
    if stated is not None and stated != actual:
        yield CIC203.finding("count", programme.country.at("outcome_sheet", "beneficiaries", "communes"),
                             stated=stated, actual=actual)


CODES: tuple[Code, ...] = (CIC202, CIC203, CIC601, CIC602, CIC603, CIC604, CIC605)
#: The partners against the budget and the country sheet (run after CIC201, see the registry).
COUNTRY_CHECKS: tuple[Check, ...] = (Check((CIC202,), map_legend), Check((CIC203,), beneficiary_communes))
CHECKS: tuple[Check, ...] = (
    Check((CIC601,), email_format),
    Check((CIC602,), phone_format),
    Check((CIC603,), partnership_start),
    Check((CIC604,), outcome_text),
    Check((CIC605,), commune_names),
)
