"""Identifiers: each defined once, each reference resolvable, codes numbered as their place says."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import PurePath

from cicmaroc.config import Config
from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.loading.programme import Programme
from cicmaroc.rules.common import indicator_places
from cicmaroc.rules.names import fold


def _duplicates(items: list[tuple[str, Location]], what: str, code: str,
                severity: Severity = Severity.ERROR) -> Iterator[Finding]:
    seen: dict[str, Location] = {}
    for key, loc in items:
        if key in seen:
            yield Finding(code, severity, f"{what} '{key}' is defined twice.", loc, (seen[key],),
                          hint="Each identifier names one thing: rename one of them.")
        else:
            seen[key] = loc


def duplicate_ids(programme: Programme, config: Config) -> Iterator[Finding]:
    """No identifier is defined twice: partnerships, communes, results, indicators, activities, risks.

    Why: monitoring and reports refer to these identifiers; a duplicate makes a reference
    ambiguous and one of the two things invisible.

    Example: two partner files both containing a commune `id: ait-baha`.
    """
    yield from _duplicates([(p.model.id, p.at("id")) for p in programme.partners], "The partnership",
                           "CIC301")
    yield from _duplicates([(c.id, c.at("id")) for c in programme.communes()], "The commune", "CIC301")
    if programme.logframe is not None:
        frame, doc = programme.logframe.model, programme.logframe
        yield from _duplicates([(r.id, doc.at("results", i, "id")) for i, r in enumerate(frame.results)],
                               "The result", "CIC301")
        indicators = [(ind.id, doc.at(*path, "id")) for ind, path, _ in indicator_places(programme)]
        yield from _duplicates(indicators, "The indicator", "CIC301")
        yield from _duplicates([(a.id, doc.at("results", r, "activities", i, "id"))
                                for r, res in enumerate(frame.results)
                                for i, a in enumerate(res.activities)], "The activity", "CIC301")
        for ind, path, _ in indicator_places(programme):
            yield from _duplicates([(m.id, doc.at(*path, "measures", j, "id"))
                                    for j, m in enumerate(ind.measures)], f"In {ind.id}, the measure",
                                   "CIC301")
    if programme.risks is not None:
        doc_r = programme.risks
        yield from _duplicates([(r.id, doc_r.at("risks", i, "id"))
                                for i, r in enumerate(doc_r.model.risks)], "The risk", "CIC301")


def duplicate_texts(programme: Programme, config: Config) -> Iterator[Finding]:
    """No two activities, and no two indicators, have the same text.

    Why: two entries with one text are either a copy-paste slip in the document or two things
    that need telling apart; either way an officer cannot report on them separately.

    Example: A.2.5 and A.2.6 both read "Faire adopter les missions du SAS par le conseil communal."
    """
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
    for kind, groups in (("activities", activities), ("indicators", indicators)):
        for entries in groups.values():
            if len(entries) > 1:
                (first_id, first_loc), *others = entries
                for other_id, other_loc in others:
                    yield Finding("CIC302", Severity.WARNING,
                                  f"The {kind} {first_id} and {other_id} have the same text.",
                                  other_loc, (first_loc,),
                                  hint="Keep both as printed; say in a note what tells them apart, "
                                       "and waive this.")


def unknown_measures(programme: Programme, config: Config) -> Iterator[Finding]:
    """Every number in a target belongs to a measure the indicator declares.

    Why: a target value under an unknown measure is never compared with anything: progress
    would silently ignore it.

    Example: `values: {programme: 12}` where the indicator's measure is called `programmes`.
    """
    if programme.logframe is None:
        return
    doc = programme.logframe
    for ind, path, _ in indicator_places(programme):
        known = {m.id for m in ind.measures}
        for target in ("baseline", "year3", "year5"):
            cell = getattr(ind, target)
            for field in ("values", "percents"):
                for key in getattr(cell, field):
                    if key not in known:
                        yield Finding("CIC303", Severity.ERROR,
                                      f"{ind.id} {target} gives a figure for '{key}', which is not one "
                                      f"of its measures ({', '.join(sorted(known))}).",
                                      doc.source.key_at(*path, target, field, key),
                                      hint="Use the measure's id, or declare the measure.")


_ACTIVITY = re.compile(r"A\.(\d+)\.(\d+)")  # with fullmatch
_INDICATOR = re.compile(r"IOV (\d+)(?:\.(\d+))?")  # with fullmatch


def numbering(programme: Programme, config: Config) -> Iterator[Finding]:
    """Activity and indicator codes follow their result and count up by one.

    Why: codes are how reports and officers refer to activities; a gap or a stray number makes
    a reference point at the wrong line of the logframe.

    Example: under R5, A.5.5 is followed by "A.5.63" where A.5.6 is expected.
    """
    if programme.logframe is None:
        return
    frame, doc = programme.logframe.model, programme.logframe
    for r, result in enumerate(frame.results):
        number = result.id[1:]
        for i, act in enumerate(result.activities):
            want = f"A.{number}.{i + 1}"  # the i-th activity of R5 is A.5.i
            if _ACTIVITY.fullmatch(act.id) and act.id != want:
                yield Finding("CIC304", Severity.WARNING,
                              f"Under {result.id}, the activity {act.id} stands where {want} is expected.",
                              doc.at("results", r, "activities", i, "id"),
                              hint="Keep the code as printed and note the likely reading; waive this.")
    for ind, path, result_id in indicator_places(programme):
        m = _INDICATOR.fullmatch(ind.id)
        if m is None:
            continue
        if result_id is not None and m.group(1) != result_id[1:]:
            yield Finding("CIC304", Severity.WARNING,
                          f"The indicator {ind.id} is listed under {result_id}.",
                          doc.at(*path, "id"), hint=f"Its code should start with IOV {result_id[1:]}.")


def file_names(programme: Programme, config: Config) -> Iterator[Finding]:
    """A partner file is named after its partnership's id: `data/partners/<id>.yaml`.

    Why: officers find a partnership by its file name; a file named for another partnership is
    edited by mistake.

    Example: `data/partners/jette.yaml` containing `id: evere`.
    """
    for partner in programme.partners:
        stem = PurePath(partner.file).stem
        if stem != partner.model.id:
            yield Finding("CIC305", Severity.ERROR,
                          f"The file {PurePath(partner.file).name} holds the partnership "
                          f"'{partner.model.id}'.", partner.at("id"),
                          hint=f"Rename the file to {partner.model.id}.yaml, or correct the id.")
