"""Identifiers and references (CIC301-CIC305): each defined once, each reference resolvable, codes
numbered as their place says."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Finding, Items, Location, Severity, phrase
from cicmaroc.loading.programme import Programme
from cicmaroc.names import fold
from cicmaroc.rules import Check
from cicmaroc.rules.indicator_walk import indicator_places

if TYPE_CHECKING:
    from cicmaroc.config import Config

_WAIVE = ("Keep the text as printed and say in a `note:` what the document means. Then acknowledge it with "
          "the reason: `# cic: ignore[{code}] reason` at the end of the line the finding points at, or in "
          "data/waivers.yaml (`code: {code}`, `file: logframe.yaml`, `reason:`).")

CIC301 = declare(
    "CIC301", "duplicate-id", Severity.ERROR, "references",
    what="No identifier is defined twice: partnerships, communes, results, indicators, activities, risks.",
    why="Monitoring and reports refer to these identifiers; a duplicate makes a reference ambiguous and one "
        "of the two things invisible.",
    example="Two results both with `id: R3`; or one partner file listing the commune `ait-baha` twice (in "
            "two partner files, one id is one commune partnered twice).",
    waive="Rename one of the two rather than waive it: identifiers are cic's, not the document's, so "
          "renaming changes nothing printed. A waiver (`# cic: ignore[CIC301] reason` at the end of the "
          "line, or `code: CIC301`, the file and `reason:` in data/waivers.yaml) would leave every reference "
          "to the identifier ambiguous.",
    messages={"twice": Message("{what} '{id}' is defined twice.",
                               "Each identifier names one thing: rename one of them.")})
CIC302 = declare(
    "CIC302", "duplicate-text", Severity.WARNING, "references",
    what="No two activities, and no two indicators, have the same text.",
    why="Two entries with one text are either a copy-paste slip in the document or two things that need "
        "telling apart; either way an officer cannot report on them separately.",
    example="A.2.5 and A.2.6 both read \"Faire adopter les missions du SAS par le conseil communal.\"",
    waive=_WAIVE,
    messages={"same-text": Message("The {kind} {first} and {other} have the same text.",
                                   "Keep both as printed; say in a note what tells them apart, and waive "
                                   "this.")})
CIC303 = declare(
    "CIC303", "unknown-measure", Severity.ERROR, "references",
    what="Every number in a target belongs to a measure the indicator declares.",
    why="A target value under an unknown measure is never compared with anything: progress would silently "
        "ignore it.",
    example="`values: {programme: 12}` where the indicator's measure is called `programmes`.",
    waive="Use the measure's id, or declare the measure, rather than waive it: measure ids are cic's reading "
          "of the indicator, not printed text. A waiver (`# cic: ignore[CIC303] reason` at the end of the "
          "line, or `code: CIC303`, `file: logframe.yaml` and `reason:` in data/waivers.yaml) would leave "
          "the figure out of every progress computation.",
    messages={"unknown": Message("{indicator} {target} gives a figure for '{key}', which is not one of its "
                                 "measures ({known}).", "Use the measure's id, or declare the measure.")})
CIC304 = declare(
    "CIC304", "numbering", Severity.WARNING, "references",
    what="Activity and indicator codes follow the document's own numbering: within a result the activities' "
         "last numbers count up by one, and an indicator's code carries its result's number, when most codes "
         "do so. Codes that follow no sequence are not checked.",
    why="Codes are how reports and officers refer to activities; a gap or a stray number makes a reference "
        "point at the wrong line of the logframe.",
    example="Under R5, A.5.5 is followed by \"A.5.63\" where A.5.6 is expected.",
    waive=_WAIVE,
    messages={
        "activity": Message("Under {result}, the activity {activity} stands where {expected} is expected.",
                            "Keep the code as printed and note the likely reading; waive this."),
        "indicator": Message("The indicator {indicator} is listed under {result}.",
                             "Its code should start with {start}."),
    })
CIC305 = declare(
    "CIC305", "file-name", Severity.ERROR, "references",
    what="A partner file is named after its partnership's id: `data/partners/<id>.yaml`.",
    why="Officers find a partnership by its file name; a file named for another partnership is edited by "
        "mistake.",
    example="`data/partners/jette.yaml` containing `id: evere`.",
    waive="Rename the file or correct the id rather than waive it: neither is printed in the document. A "
          "waiver (`code: CIC305`, the partner file and `reason:` in data/waivers.yaml) would keep a file "
          "that officers will look for under another name.",
    messages={"other-id": Message("The file {file} holds the partnership '{id}'.",
                                  "Rename the file to {id}.yaml, or correct the id.")})


def _duplicates(items: list[tuple[str, Location]], what: Any) -> Iterator[Finding]:
    seen: dict[str, Location] = {}
    for key, loc in items:
        if key in seen:
            yield CIC301.finding("twice", loc, (seen[key],), what=what, id=key)
        else:
            seen[key] = loc


def duplicate_ids(programme: Programme, config: Config) -> Iterator[Finding]:
    yield from _duplicates([(p.model.id, p.at("id")) for p in programme.partners], phrase("The partnership"))
    for partner in programme.partners:  # one commune in two partner files is one commune, partnered twice
        yield from _duplicates([(c.id, partner.at("local_communes", i, "id"))
                                for i, c in enumerate(partner.model.local_communes)], phrase("The commune"))
    if programme.logframe is not None:
        frame, doc = programme.logframe.model, programme.logframe
        yield from _duplicates([(r.id, doc.at("results", i, "id")) for i, r in enumerate(frame.results)],
                               phrase("The result"))
        indicators = [(ind.id, doc.at(*path, "id")) for ind, path, _ in indicator_places(programme)]
        yield from _duplicates(indicators, phrase("The indicator"))
        yield from _duplicates([(a.id, doc.at("results", r, "activities", i, "id"))
                                for r, res in enumerate(frame.results)
                                for i, a in enumerate(res.activities)], phrase("The activity"))
        for ind, path, _ in indicator_places(programme):
            yield from _duplicates([(m.id, doc.at(*path, "measures", j, "id"))
                                    for j, m in enumerate(ind.measures)],
                                   phrase("In {indicator}, the measure", indicator=ind.id))
    if programme.risks is not None:
        doc_r = programme.risks
        yield from _duplicates([(r.id, doc_r.at("risks", i, "id"))
                                for i, r in enumerate(doc_r.model.risks)], phrase("The risk"))


def duplicate_texts(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.logframe is None:
        return
    frame, doc = programme.logframe.model, programme.logframe
    activities: dict[str, list[tuple[str, Location]]] = defaultdict(list)
    for r, result in enumerate(frame.results):
        for i, act in enumerate(result.activities):
            activities[fold(act.text)].append((act.id, doc.at("results", r, "activities", i, "text")))
    indicators: dict[str, list[tuple[str, Location]]] = defaultdict(list)
    for ind, path, _ in indicator_places(programme):
        indicators[fold(ind.text)].append((ind.id, doc.at(*path, "text")))
    for kind, groups in ((phrase("activities"), activities), (phrase("indicators"), indicators)):
        for entries in groups.values():
            if len(entries) > 1:
                (first_id, first_loc), *others = entries
                for other_id, other_loc in others:
                    yield CIC302.finding("same-text", other_loc, (first_loc,), kind=kind, first=first_id,
                                         other=other_id)


def unknown_measures(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.logframe is None:
        return
    doc = programme.logframe
    for ind, path, _ in indicator_places(programme):
        known = {m.id for m in ind.measures}
        cells = [(("baseline",), ind.baseline), *((("targets", k), cell) for k, cell in ind.targets.items())]
        for target, cell in cells:
            for field in ("values", "percents"):
                for key in getattr(cell, field):
                    if key not in known:
                        yield CIC303.finding("unknown", doc.source.key_at(*path, *target, field, key),
                                             indicator=ind.id, target=target[-1], key=key,
                                             known=Items(tuple(sorted(known))))


#: A code's last number and what stands before it: "A.5." and 63 in "A.5.63" (with fullmatch).
_TRAILING = re.compile(r"(.*?)(\d+)")
#: A code's first number and what stands before it: "IOV " and 4 in "IOV 4.3" (with match).
_LEADING = re.compile(r"(\D*)(\d+)")


def numbering(programme: Programme, config: Config) -> Iterator[Finding]:
    """The document's own scheme, inferred: the activities of a result carry a prefix and a number
    counting up from the first's, and an indicator's first number is its result's; a code against
    the scheme most codes follow is reported, and nothing when most codes follow none."""
    if programme.logframe is None:
        return
    frame, doc = programme.logframe.model, programme.logframe
    for r, result in enumerate(frame.results):
        parts = [_TRAILING.fullmatch(a.id) for a in result.activities]
        if len(parts) < 2 or parts[0] is None:
            continue
        prefix, start = parts[0].group(1), int(parts[0].group(2))
        wanted = [f"{prefix}{start + i}" for i in range(len(parts))]
        if 2 * sum(a.id == w for a, w in zip(result.activities, wanted, strict=True)) <= len(parts):
            continue  # most codes follow another scheme, or none: nothing to say
        for i, (act, want) in enumerate(zip(result.activities, wanted, strict=True)):
            if act.id != want:
                yield CIC304.finding("activity", doc.at("results", r, "activities", i, "id"),
                                     result=result.id, activity=act.id, expected=want)
    numbers = {res.id: m.group(2) for res in frame.results if (m := _TRAILING.fullmatch(res.id))}
    placed = [(ind, path, result_id, _LEADING.match(ind.id))
              for ind, path, result_id in indicator_places(programme) if result_id in numbers]
    following = [p for p in placed
                 if p[3] is not None and p[3].group(2).lstrip("0") == numbers[p[2]].lstrip("0")]
    if 2 * len(following) <= len(placed):
        return  # the indicators' codes do not carry their result's number
    prefix = Counter(p[3].group(1) for p in following if p[3] is not None).most_common(1)[0][0]
    for ind, path, result_id, m in placed:
        if m is None or m.group(2).lstrip("0") != numbers[result_id].lstrip("0"):
            yield CIC304.finding("indicator", doc.at(*path, "id"), indicator=ind.id, result=result_id,
                                 start=f"{prefix}{numbers[result_id]}")


def file_names(programme: Programme, config: Config) -> Iterator[Finding]:
    for partner in programme.partners:
        stem = PurePath(partner.file).stem
        if stem != partner.model.id:
            yield CIC305.finding("other-id", partner.at("id"), file=PurePath(partner.file).name,
                                 id=partner.model.id)


CODES: tuple[Code, ...] = (CIC301, CIC302, CIC303, CIC304, CIC305)
CHECKS: tuple[Check, ...] = (
    Check((CIC301,), duplicate_ids),
    Check((CIC302,), duplicate_texts),
    Check((CIC303,), unknown_measures),
    Check((CIC304,), numbering),
    Check((CIC305,), file_names),
)
