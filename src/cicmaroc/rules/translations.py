"""Texts of the document that a Dutch report can only show in French (CIC306, off by default).

The approved document prints the results, the indicators, their targets and what they count in
French only. A Dutch report shows the officers' Dutch when data/ gives it (`text_nl`, `unit_nl`
beside `text`, `unit`), and otherwise the French marked `[fr]`. CIC306 lists what has no Dutch
yet, so the officers can see how much a Dutch report still shows in French. It is information,
and off unless selected (`--select CIC306`): the document being in French is not a problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Finding, Severity, phrase
from cicmaroc.i18n import N_
from cicmaroc.rules import Check

if TYPE_CHECKING:
    from cicmaroc.config import Config
    from cicmaroc.loading.programme import Programme
    from cicmaroc.models.logframe import Indicator

CIC306 = declare(
    "CIC306", "untranslated-text", Severity.INFO, "translations",
    what="Each result, indicator, target and measure of the logframe has its Dutch beside the French "
         "(off by default: select it with --select CIC306).",
    why="A Dutch report shows the document's texts in Dutch only when the officers give the translation; "
        "otherwise it shows the French, marked [fr]. This list says what is left to translate.",
    example="R1's `text:` with no `text_nl:` beside it.",
    waive="Nothing to waive: it is information, off unless selected. Add the Dutch (`text_nl:` or "
          "`unit_nl:`), or leave it out of the run.",
    messages={"missing": Message("{what} is printed in French only, and has no Dutch in data/: a Dutch "
                                 "report shows it in French, marked [fr].",
                                 "Add its Dutch as '{field}_nl:' beside '{field}:' (the document's text "
                                 "stays as printed).")})

CODES: tuple[Code, ...] = (CIC306,)
_TARGETS = {"year3": N_("The year-3 target of {id}"), "year5": N_("The year-5 target of {id}")}


def untranslated(programme: Programme, config: Config) -> Iterator[Finding]:
    doc = programme.logframe
    if doc is None:
        return
    frame = doc.model
    places: list[tuple[tuple[str | int, ...], Indicator]] = [
        (("outcome", "indicators", j), ind) for j, ind in enumerate(frame.outcome.indicators)]
    for i, result in enumerate(frame.results):
        if not result.text_nl:
            yield CIC306.finding("missing", doc.at("results", i, "text"),
                                 what=phrase("The result {id}", id=result.id), field="text")
        places += [(("results", i, "indicators", j), ind) for j, ind in enumerate(result.indicators)]
    for path, ind in places:
        if not ind.text_nl:
            yield CIC306.finding("missing", doc.at(*path, "text"),
                                 what=phrase("The indicator {id}", id=ind.id), field="text")
        for cell, name in _TARGETS.items():
            if not getattr(ind, cell).text_nl:
                yield CIC306.finding("missing", doc.at(*path, cell, "text"), what=phrase(name, id=ind.id),
                                     field="text")
        for k, measure in enumerate(ind.measures):
            if not measure.unit_nl:
                yield CIC306.finding("missing", doc.at(*path, "measures", k, "unit"),
                                     what=phrase("What {id} counts ({measure})", id=ind.id,
                                                 measure=measure.id), field="unit")


CHECKS: tuple[Check, ...] = (Check((CIC306,), untranslated),)
