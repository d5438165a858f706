"""The IATI publisher file, data/iati.yaml (CIC810-CIC812): what the document does not give.

Publishing the programme in IATI needs identifiers and choices the approved document does not
hold (the associations' enterprise numbers, the activity identifier, the sectors, the public
contact). The officers write them in data/iati.yaml; a value they have not given yet is `TODO`,
and every TODO is a finding here, so `cic validate` says what is left to fill in and `cic iati`
refuses to publish (it reports the same findings). Nothing is ever made up in their place.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.files.discovery import display_path
from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.loading.programme import Programme
from cicmaroc.models.publisher import TODO
from cicmaroc.rules import Check

if TYPE_CHECKING:
    from cicmaroc.config import Config

_FILL = ("Fill the value in data/iati.yaml once the officers know it. It cannot be waived away from "
         "`cic iati`, which publishes nothing while a value is TODO; for `cic validate`, a waiver "
         "(`code: {code}`, `file: iati.yaml`, `reason:`) acknowledges that it is still being sought.")

CIC810 = declare(
    "CIC810", "iati-publisher-todo", Severity.WARNING, "iati-publisher",
    what="Every value of the IATI publisher file (data/iati.yaml) is given: no TODO is left.",
    why="The document does not give the organisations' IATI identifiers, the activity identifier, the "
        "sectors or the public contact; they are the officers' to give, and a published value that was "
        "guessed would be wrong in public. `cic iati` refuses to write the file while one is TODO.",
    example="`ref: TODO` for the AVCB, whose enterprise number is not in the document.",
    waive=_FILL,
    messages={
        "todo": Message("{field} is still TODO in the IATI publisher file.",
                        "Write the value the officers give; until then `cic iati` publishes nothing."),
        "no-file": Message("There is no IATI publisher file (data/iati.yaml): the identifiers, sectors and "
                           "contact the document does not give are needed to publish.",
                           "Create data/iati.yaml (docs/iati.md says what it holds), with TODO for each "
                           "value not known yet."),
        "unread": Message("{file} could not be read, so the programme cannot be published.",
                          "Correct the findings about that file first."),
    })
CIC811 = declare(
    "CIC811", "iati-enterprise-number", Severity.ERROR, "iati-publisher",
    what="A Belgian organisation identifier (BE-BCE_KBO-) holds a 10-digit enterprise number whose check "
         "digits are right.",
    why="The last two digits of a Belgian enterprise number are 97 minus the first eight modulo 97; a number "
        "that fails this is mistyped, and would name another organisation, or none, in public.",
    example="`ref: BE-BCE_KBO-0123456789` (its check digits would be 49, not 89).",
    waive="Correct the number from the Crossroads Bank for Enterprises (KBO/BCE) public search rather than "
          "waive it.",
    messages={
        "length": Message("{ref} is not BE-BCE_KBO- followed by the 10 digits of an enterprise number.",
                          "Write the enterprise number with its 10 digits, without dots: 0123.456.749 is "
                          "BE-BCE_KBO-0123456749."),
        "check-digits": Message("{ref}: the enterprise number's check digits are {found}, but its first "
                                "eight digits give {expected}; it is mistyped.",
                                "Copy the number again from the KBO/BCE public search."),
    })
CIC812 = declare(
    "CIC812", "iati-sector-shares", Severity.ERROR, "iati-publisher",
    what="The sectors of the IATI publisher file add up to 100 %.",
    why="IATI requires the percentages of an activity's sectors to add up to exactly 100 (rule 2.1.2); the "
        "file would be refused.",
    example="15112 at 60 and 16010 at 30.",
    waive="Correct the shares rather than waive it: `cic iati` would write a file the IATI Validator "
          "refuses.",
    messages={"total": Message("The sectors' percentages add up to {total}, not 100.",
                               "Correct the shares so that they add up to 100.")})

CODES: tuple[Code, ...] = (CIC810, CIC811, CIC812)

_BCE = "BE-BCE_KBO-"


def todos(programme: Programme, config: Config | None = None) -> Iterator[Finding]:
    """One CIC810 per TODO left in data/iati.yaml, on its line (nothing when there is no such file)."""
    doc = programme.publisher
    if doc is None:
        return
    for path in _todo_paths(doc.source.data, ()):
        yield CIC810.finding("todo", doc.at(*path), field=".".join(str(k) for k in path))


def _todo_paths(node: Any, path: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    if isinstance(node, str) and node.strip() == TODO:
        yield path
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _todo_paths(value, (*path, str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _todo_paths(value, (*path, i))


def enterprise_numbers(programme: Programme, config: Config | None = None) -> Iterator[Finding]:
    doc = programme.publisher
    if doc is None:
        return
    for key, org in doc.model.organisations.items():
        if org.ref is None or not org.ref.startswith(_BCE):
            continue
        number = org.ref.removeprefix(_BCE)
        where = doc.at("organisations", key, "ref")
        if len(number) != 10 or not number.isdigit():
            yield CIC811.finding("length", where, ref=org.ref)
            continue
        expected = 97 - int(number[:8]) % 97
        if int(number[8:]) != expected:
            yield CIC811.finding("check-digits", where, ref=org.ref, found=number[8:],
                                 expected=f"{expected:02d}")


def sector_shares(programme: Programme, config: Config | None = None) -> Iterator[Finding]:
    doc = programme.publisher
    if doc is None:
        return
    total = doc.model.sector_total()
    if total is not None and total != 100:
        yield CIC812.finding("total", doc.at("sectors"), total=total)


def unpublishable(programme: Programme) -> list[Finding]:
    """What stops `cic iati` from publishing: no publisher file, or a value still TODO or wrong."""
    if programme.publisher is None:
        unread = next((f for f in sorted(programme.unread) if f.endswith("iati.yaml")), None)
        if unread is not None:
            return [CIC810.finding("unread", Location(unread), file=unread)]
        return [CIC810.finding("no-file", Location(display_path(programme.root)))]
    return [*todos(programme), *enterprise_numbers(programme), *sector_shares(programme)]


CHECKS: tuple[Check, ...] = (Check((CIC810,), todos), Check((CIC811,), enterprise_numbers),
                             Check((CIC812,), sector_shares))
