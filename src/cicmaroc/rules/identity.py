"""The programme's identity (CIC020), and the data against it (CIC021).

data/programme.yaml declares the period, the milestones, the languages and the administrative
levels; every other file names them (a target by its milestone, a commune's area by its level, a
translation by its language). CIC020 checks the file is coherent on its own, CIC021 that the
other files name only what it declares.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Finding, Items, Severity, phrase
from cicmaroc.loading.programme import Programme
from cicmaroc.rules import Check
from cicmaroc.rules.indicator_walk import indicator_places

if TYPE_CHECKING:
    from cicmaroc.config import Config
    from cicmaroc.yaml.document import SourceDoc

_FIX = "Correct data/programme.yaml: every output takes the programme's years and names from it."
CIC020 = declare(
    "CIC020", "programme-identity", Severity.ERROR, "programme",
    what="data/programme.yaml is coherent: a period that runs forwards, milestones inside it and in order, "
         "ids used once, a known country code, the programme's language in every name it gives.",
    why="Every year, milestone and name in every output comes from this file; a slip there is repeated in "
        "every report, form and IATI file.",
    example="`milestones: [{id: year3, year: 2022, ...}]` in a programme of 2017-2021.",
    waive="Correct the file rather than waive it: it is the officers' declaration, not the document's "
          "text. A waiver (`# cic: ignore[CIC020] reason` at the end of the line) leaves every output "
          "built on the slip.",
    messages={
        "period": Message("The period runs from {first} to {last}: the first year is after the last.", _FIX),
        "milestone-outside": Message("The milestone {milestone} is due in {year}, outside the programme "
                                     "({first}-{last}).", _FIX),
        "milestone-order": Message("The milestone {milestone} ({year}) is listed after {previous} "
                                   "({previous_year}) but is not later.", "List the milestones in their "
                                   "order, each in a later year."),
        "twice": Message("'{id}' is used twice in {field}.", "Give each its own id."),
        "country-code": Message("'{code}' is not a country code (ISO 3166-1 alpha-2, such as MA).", _FIX),
        "no-primary": Message("{where} gives no text in the programme's language ({lang}).",
                              "Add '{lang}:' to it: the programme's language is its first in `languages`."),
    })
CIC021 = declare(
    "CIC021", "undeclared-name", Severity.ERROR, "programme",
    what="The data names only what data/programme.yaml declares: targets by its milestones, a commune's "
         "areas by its administrative levels, translations into a language other than the text's; every "
         "indicator has a target.",
    why="A target under a milestone the programme does not have is never compared with anything, and an "
        "indicator without any target cannot be assessed.",
    example="`targets: {year4: ...}` where the milestones are year3 and year5.",
    waive="Correct the key rather than waive it (or declare the milestone or level in "
          "data/programme.yaml). A waiver (`# cic: ignore[CIC021] reason` at the end of the line) leaves "
          "the value out of every computation.",
    messages={
        "unknown-milestone": Message("{indicator} has a target for '{key}', which is not a milestone of "
                                     "data/programme.yaml ({milestones}).",
                                     "Use a milestone id of data/programme.yaml."),
        "no-target": Message("{indicator} has no target for any milestone.",
                             "Add its targets as printed, under `targets:`, by milestone."),
        "unknown-area": Message("The commune '{commune}' is located by '{key}', which is not an "
                                "administrative level of data/programme.yaml ({levels}).",
                                "Use a level id of `admin_levels`, or declare the level there."),
        "same-language": Message("'{field}' translates the text into {lang}, the language it is written in.",
                                 "Delete the translation, or correct the programme's languages in "
                                 "data/programme.yaml."),
    })


def identity_file(programme: Programme, config: Config) -> Iterator[Finding]:
    doc = programme.identity
    if doc is None:
        return
    model = doc.model
    first, last = model.period.first, model.period.last
    if first > last:
        yield CIC020.finding("period", doc.at("period", "first"), (doc.at("period", "last"),), first=first,
                             last=last)
    for i, milestone in enumerate(model.milestones):
        if first <= last and not first <= milestone.year <= last:
            yield CIC020.finding("milestone-outside", doc.at("milestones", i, "year"), milestone=milestone.id,
                                 year=milestone.year, first=first, last=last)
    for (i, before), (j, after) in pairwise(enumerate(model.milestones)):
        if after.year <= before.year:
            yield CIC020.finding("milestone-order", doc.at("milestones", j, "year"),
                                 (doc.at("milestones", i, "year"),), milestone=after.id, year=after.year,
                                 previous=before.id, previous_year=before.year)
    lists: tuple[tuple[str, list[str]], ...] = (("milestones", [m.id for m in model.milestones]),
                                                 ("admin_levels", [a.id for a in model.admin_levels]),
                                                 ("languages", [str(lang) for lang in model.languages]))
    for field, ids in lists:
        seen: set[str] = set()
        for i, key in enumerate(ids):
            if key in seen:
                yield CIC020.finding("twice", doc.at(field, i), id=key, field=field)
            seen.add(key)
    code = model.country.code
    if code != "TODO" and code not in _country_codes():
        yield CIC020.finding("country-code", doc.at("country", "code"), code=code)
    primary = model.languages[0]
    maps: list[tuple[tuple[str | int, ...], Any]] = [(("name",), model.name),
                                                    (("country", "name"), model.country.name)]
    maps += [(("milestones", i, "label"), m.label) for i, m in enumerate(model.milestones)]
    maps += [(("admin_levels", i, "label"), a.label) for i, a in enumerate(model.admin_levels)]
    for path, names in maps:
        if names is not None and primary not in names:
            yield CIC020.finding("no-primary", doc.at(*path), where=".".join(map(str, path)), lang=primary)


#: The IATI Country codelist (ISO 3166-1 alpha-2), vendored with the IATI Standard: read as a file, with
#: a pattern, so that `cic validate` loads no XML library for it.
COUNTRY_CODELIST = (Path(__file__).parents[1] / "iati" / "standard" / "codelists" / "non-embedded"
                    / "Country.xml")


@functools.cache
def _country_codes() -> frozenset[str]:
    """The codes of the IATI Country codelist (recipient-country/@code)."""
    text = COUNTRY_CODELIST.read_text(encoding="utf-8")
    return frozenset(re.findall(r"<code>([A-Z]{2})</code>", text))


def declared_names(programme: Programme, config: Config) -> Iterator[Finding]:
    calendar = programme.calendar
    if calendar is None or programme.identity is None:
        return
    yield from _targets(programme, calendar.milestones)
    levels = [a.id for a in programme.identity.model.admin_levels]
    for ref in programme.commune_mentions():
        for key in ref.commune.areas:
            if key not in levels:
                yield CIC021.finding("unknown-area", ref.partner.source.key_at("local_communes", ref.index,
                                                                                "areas", key),
                                     commune=ref.id, key=key, levels=Items(tuple(levels)) if levels
                                     else phrase("none declared"))
    yield from _same_language(programme)


def _targets(programme: Programme, milestones: tuple[Any, ...]) -> Iterator[Finding]:
    if programme.logframe is None:
        return
    doc = programme.logframe
    known = [m.id for m in milestones]
    for ind, path, _ in indicator_places(programme):
        for key in ind.targets:
            if key not in known:
                yield CIC021.finding("unknown-milestone", doc.source.key_at(*path, "targets", key),
                                     indicator=ind.id, key=key, milestones=Items(tuple(known)))
        if not any(key in known for key in ind.targets):
            yield CIC021.finding("no-target", doc.at(*path, "id"), indicator=ind.id)


def _same_language(programme: Programme) -> Iterator[Finding]:
    """A translation (`<field>_<lang>`) into the very language its text is written in."""
    primary = programme.text_language
    suffix = f"_{primary}"
    for doc in (programme.logframe, programme.budget):
        if doc is not None:
            yield from _walk(doc.source, doc.source.data, (), suffix, primary)


def _walk(source: SourceDoc, value: Any, path: tuple[str | int, ...], suffix: str, primary: str
          ) -> Iterator[Finding]:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str) and key.endswith(suffix) and key[: -len(suffix)] in value:
                yield CIC021.finding("same-language", source.key_at(*path, key), field=key, lang=primary)
            yield from _walk(source, item, (*path, key), suffix, primary)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(source, item, (*path, i), suffix, primary)


CODES: tuple[Code, ...] = (CIC020, CIC021)
CHECKS: tuple[Check, ...] = (Check((CIC020,), identity_file), Check((CIC021,), declared_names))
