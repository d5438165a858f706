"""Partner sheets: contact formats, start dates, names, and what they state that other files state too."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from cicmaroc.config import Config
from cicmaroc.findings import Finding, Severity
from cicmaroc.loading.programme import Programme
from cicmaroc.models.partners import Contactable
from cicmaroc.rules.names import fold, name_key, word_diff

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}")  # fullmatch: no trailing newline
PROGRAMME_END = dt.date(2021, 12, 31)


def email_format(programme: Programme, config: Config) -> Iterator[Finding]:
    """Every e-mail address has the form name@domain.tld, with no spaces.

    Why: these addresses are used to reach the communes; a malformed one bounces silently.

    Example: `emails: [sbenallel@auderghem irisnet.be]` (a space instead of a dot).
    """
    for partner in programme.partners:
        model = partner.model
        sides: list[tuple[tuple[str | int, ...], Contactable]] = [
            (("belgian_commune",), model.belgian_commune)]
        sides += [(("moroccan_communes", i), c) for i, c in enumerate(model.moroccan_communes)]
        for side, commune in sides:
            for j, email in enumerate(commune.emails):
                if not _EMAIL.fullmatch(email):
                    yield Finding("CIC601", Severity.ERROR,
                                  f"'{email}' ({commune.name}) is not a valid e-mail address.",
                                  partner.at(*side, "emails", j),
                                  hint="Check it against the document; an address is name@domain.tld.")


def _phone_problem(phone: str, moroccan: bool) -> str | None:
    digits = re.sub(r"\D", "", phone)
    if re.search(r"[^\d\s+/().-]", phone):
        return "contains characters that are not digits"
    if moroccan:
        if digits.startswith("212") and len(digits) == 12:
            return None
        if digits.startswith("0") and len(digits) == 10:
            return None
        return (f"has {len(digits)} digits; a Moroccan number is 212 followed by 9 digits "
                "(212 5 28 25 40 53)")
    if digits.startswith("0") and len(digits) in (9, 10):
        return None
    if digits.startswith("32") and len(digits) in (10, 11):
        return None
    return f"has {len(digits)} digits; a Belgian number is 0 followed by 8 or 9 digits (02 850 80 06)"


def phone_format(programme: Programme, config: Config) -> Iterator[Finding]:
    """Phone numbers have the number of digits of a Belgian or Moroccan number.

    Why: a number with a digit too many or too few cannot be dialled; the officers need to know
    before they need it.

    Example: Bni Mathar's "212 6 67 97 72 001" has 13 digits, one more than a Moroccan number.
    """
    for partner in programme.partners:
        model = partner.model
        for j, phone in enumerate(model.belgian_commune.phones):
            problem = _phone_problem(phone, moroccan=False)
            if problem:
                yield Finding("CIC602", Severity.WARNING,
                              f"The phone number '{phone}' of {model.belgian_commune.name} {problem}.",
                              partner.at("belgian_commune", "phones", j),
                              hint="Check it against the document and with the commune.")
        for i, commune in enumerate(model.moroccan_communes):
            for j, phone in enumerate(commune.phones):
                problem = _phone_problem(phone, moroccan=True)
                if problem:
                    yield Finding("CIC602", Severity.WARNING,
                                  f"The phone number '{phone}' of {commune.name} {problem}.",
                                  partner.at("moroccan_communes", i, "phones", j),
                                  hint="Check it against the document and with the commune.")


def partnership_start(programme: Programme, config: Config) -> Iterator[Finding]:
    """The start of each partnership is a date before the programme's end, or is noted as pending.

    Why: the start date shows how long the communes have worked together; a partnership still
    "en cours de signature" should get its date once signed, and a date after 2021 is a typo.

    Example: `partnership_start: en cours de signature` (Etterbeek) is an information finding;
    `partnership_start: 2107-11-29` is a warning.
    """
    for partner in programme.partners:
        start = partner.model.partnership_start
        if isinstance(start, dt.date):
            if start > PROGRAMME_END:
                yield Finding("CIC603", Severity.WARNING,
                              f"The partnership {partner.model.id} starts on {start.isoformat()}, "
                              "after the programme ends (2021-12-31).",
                              partner.at("partnership_start"), hint="Check the year.")
        else:
            yield Finding("CIC603", Severity.INFO,
                          f"The partnership {partner.model.id} was still being signed when the "
                          "document was written ('en cours de signature').",
                          partner.at("partnership_start"),
                          hint="Once signed, record the date in a note (the document's text stays).")


def outcome_text(programme: Programme, config: Config) -> Iterator[Finding]:
    """The outcome printed on each partner sheet is the outcome of the logframe.

    Why: there is one outcome (OS 1); if a partner sheet words it differently, the partnership
    may be held to a different target than the programme.

    Example: partner sheets say "au travers d’au moins 2 projets intégrés", the OS 1 sheet and
    the logframe "au moins 1 projets".
    """
    if programme.logframe is None:
        return
    reference = programme.logframe.model.outcome.text_fr
    where = programme.logframe.at("outcome", "text_fr")
    for partner in programme.partners:
        text = partner.model.outcome_text
        if fold(text).replace(" ,", ",") != fold(reference).replace(" ,", ","):
            yield Finding("CIC604", Severity.ERROR,
                          f"The outcome on the partner sheet of {partner.model.id} differs from the "
                          f"logframe's outcome: {word_diff(reference, text)}.",
                          partner.at("outcome_text"), (where,),
                          hint="If both are as printed, the document states the outcome in two "
                               "ways: ask which one was approved, and waive this with the answer.")


def commune_names(programme: Programme, config: Config) -> Iterator[Finding]:
    """A Moroccan commune's name on its partner sheet matches its name on the OS 1 sheet.

    Why: monitoring and reports name communes; two spellings of one commune in the approved
    document make it unclear whether they are one commune or two.

    Example: "Commune de Beni Mathar" on the partner sheet, "Bni Mathar" on the OS 1 sheet.
    Accents, hyphens and "Commune (rurale) de" are ignored: "Ait Baha" matches "Commune d'Aït Baha".
    """
    for ref in programme.communes():
        commune = ref.commune
        if name_key(commune.name) != name_key(commune.local_partner_name):
            yield Finding("CIC605", Severity.WARNING,
                          f"The commune '{commune.id}' is called '{commune.name}' on its partner sheet "
                          f"but '{commune.local_partner_name}' on the OS 1 sheet.",
                          ref.at("name"), (ref.at("local_partner_name"),),
                          hint="Keep both as printed; waive this once the right spelling is known.")


def map_legend(programme: Programme, config: Config) -> Iterator[Finding]:
    """Each twinning in the country map's legend is a partnership, and each commune is on the map.

    Why: the legend is the donor's picture of who works with whom; it must match the partner
    sheets.

    Example: the legend says "Beni Mathar (Saint-Josse)" while no partner sheet of Saint-Josse
    has a commune of that name (accents, hyphens and "Commune de" are ignored).
    """
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
                yield Finding("CIC202", Severity.WARNING,
                              f"The map legend names '{entry.moroccan}' ({entry.belgian}), but no "
                              "partner sheet has a Moroccan commune of that name.",
                              country.at("map_legend", z, "entries", e, "moroccan"),
                              hint="Keep the legend as printed; waive this once it is clear which "
                                   "commune it means.")
                continue
            ref = match[0]
            seen.add(ref.id)
            belgian = name_key(entry.belgian)
            partner_names = (name_key(ref.partner.model.belgian_commune.name),
                             name_key(ref.partner.model.title.split("/")[0]))
            if not any(p.startswith(belgian) for p in partner_names):
                yield Finding("CIC202", Severity.WARNING,
                              f"The map legend twins '{entry.moroccan}' with {entry.belgian}, but its "
                              f"partner sheet is {ref.partner.model.belgian_commune.name}'s.",
                              country.at("map_legend", z, "entries", e, "belgian"), (ref.at("name"),))
    for ref in communes:
        if ref.id not in seen and country.model.map_legend:
            yield Finding("CIC202", Severity.WARNING,
                          f"The commune '{ref.commune.name}' is not on the country map's legend.",
                          ref.at("name"), (country.at("map_legend"),))


def beneficiary_communes(programme: Programme, config: Config) -> Iterator[Finding]:
    """The number of communes stated on the OS 1 sheet equals the Moroccan communes of the partner files.

    Why: beneficiaries are counted per commune; a different count means a commune is missing
    from the data or from the document.

    Example: "L'ensemble des citoyens de ces 12 communes" with 11 communes in data/partners/.
    """
    if programme.country is None or not programme.partners or "partners" in programme.incomplete:
        return
    stated = programme.country.model.outcome_sheet.beneficiaries.communes
    actual = sum(1 for _ in programme.communes())
    if stated is not None and stated != actual:
        yield Finding("CIC203", Severity.ERROR,
                      f"The OS 1 sheet counts {stated} communes among the beneficiaries, but the "
                      f"partner files hold {actual} Moroccan communes.",
                      programme.country.at("outcome_sheet", "beneficiaries", "communes"),
                      hint="Check for a missing or extra partner file.")
