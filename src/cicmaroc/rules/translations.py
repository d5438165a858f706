"""Texts of the document that a report in the other language can only show as printed (CIC306, off
by default).

The approved document prints the results, the indicators, their targets and what they count in
its language (data/programme.yaml's first). A report in the other language shows the officers'
translation when data/ gives it (`text_nl`, `unit_nl` beside `text`, `unit`; `_fr` in a programme
written in Dutch), and otherwise the text as printed, marked with its language. CIC306 lists what
has no translation yet. It is information, and off unless selected (`--select CIC306`): the
document being in one language is not a problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Finding, Severity, phrase
from cicmaroc.i18n import N_
from cicmaroc.rules import Check

if TYPE_CHECKING:
    from cicmaroc.config import Config
    from cicmaroc.loading.programme import Doc, Programme
    from cicmaroc.models.logframe import Indicator, Logframe

CIC306 = declare(
    "CIC306", "untranslated-text", Severity.INFO, "translations",
    what="Each result, indicator, target and measure of the logframe has its translation beside the text, in "
         "the other language of reports (off by default: select it with --select CIC306).",
    why="A report in the other language shows the document's texts translated only when the officers give "
        "the translation; otherwise it shows them as printed, marked with their language. This list says "
        "what is left to translate.",
    example="R1's `text:` with no `text_nl:` beside it, in a programme written in French.",
    waive="Nothing to waive: it is information, off unless selected. Add the translation (`text_nl:`, "
          "`unit_nl:`, or `_fr` in a programme written in Dutch), or leave it out of the run.",
    messages={"missing": Message("{what} is printed in {language} only, and has no translation into {other} "
                                 "in data/: a report in {other} shows it as printed, marked [{lang}].",
                                 "Add its translation as '{field}_{other_lang}:' beside '{field}:' (the "
                                 "document's text stays as printed).")})

CODES: tuple[Code, ...] = (CIC306,)
_TARGET = N_("The target {milestone} of {id}")
_LANGUAGE_NAMES = {"fr": N_("French"), "nl": N_("Dutch")}


def untranslated(programme: Programme, config: Config) -> Iterator[Finding]:
    doc = programme.logframe
    if doc is None:
        return
    frame = doc.model
    primary = programme.text_language
    for other in ("fr", "nl"):
        if other != primary:
            yield from _untranslated(doc, frame, primary, other)


def _untranslated(doc: Doc[Logframe], frame: Logframe, primary: str, other: str) -> Iterator[Finding]:
    said: dict[str, Any] = {"language": phrase(_LANGUAGE_NAMES[primary]),
                            "other": phrase(_LANGUAGE_NAMES[other]), "lang": primary, "other_lang": other}
    translated = f"_{other}"
    places: list[tuple[tuple[str | int, ...], Indicator]] = [
        (("outcome", "indicators", j), ind) for j, ind in enumerate(frame.outcome.indicators)]
    for i, result in enumerate(frame.results):
        if not getattr(result, "text" + translated):
            yield CIC306.finding("missing", doc.at("results", i, "text"),
                                 what=phrase("The result {id}", id=result.id), field="text", **said)
        places += [(("results", i, "indicators", j), ind) for j, ind in enumerate(result.indicators)]
    for path, ind in places:
        if not getattr(ind, "text" + translated):
            yield CIC306.finding("missing", doc.at(*path, "text"),
                                 what=phrase("The indicator {id}", id=ind.id), field="text", **said)
        for key, cell in ind.targets.items():
            if not getattr(cell, "text" + translated):
                yield CIC306.finding("missing", doc.at(*path, "targets", key, "text"),
                                     what=phrase(_TARGET, milestone=key, id=ind.id), field="text", **said)
        for k, measure in enumerate(ind.measures):
            if not getattr(measure, "unit" + translated):
                yield CIC306.finding("missing", doc.at(*path, "measures", k, "unit"),
                                     what=phrase("What {id} counts ({measure})", id=ind.id,
                                                 measure=measure.id), field="unit", **said)


CHECKS: tuple[Check, ...] = (Check((CIC306,), untranslated),)
