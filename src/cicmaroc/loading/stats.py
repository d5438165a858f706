"""What was loaded, counted: the summary line of `cic validate` and the JSON `summary`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from cicmaroc.loading.programme import Programme

if TYPE_CHECKING:
    from cicmaroc.i18n.translator import Translator


def programme_stats(programme: Programme) -> dict[str, int]:
    """Counts of what the run loaded, so an officer sees nothing was silently skipped."""
    stats = {
        "files": len(programme.sources),
        "partnerships": len(programme.partners),
        "communes": sum(1 for _ in programme.communes()),
        "results": 0,
        "indicators": 0,
        "activities": 0,
        "budget_cells": 0,
        "risks": 0,
    }
    if programme.logframe:
        frame = programme.logframe.model
        stats["results"] = len(frame.results)
        stats["indicators"] = len(frame.indicators())
        stats["activities"] = sum(len(r.activities) for r in frame.results)
    if programme.budget:
        budget = programme.budget.model
        blocks = [*budget.lines, budget.total, *budget.associations]
        stats["budget_cells"] = sum(
            len(row) for b in blocks for row in [*b.natures.values(), *([b.total] if b.total else [])])
    if programme.risks:
        stats["risks"] = len(programme.risks.model.risks)
    return stats


def describe(stats: Mapping[str, int], tr: Translator | None = None) -> str:
    """One line: '10 partnerships, 12 local communes, 7 results, ...', in `tr`'s language."""
    if tr is None:
        from cicmaroc.i18n.translator import translator

        tr = translator("en")
    counted = ", ".join([
        tr.count("{n} partnership", "{n} partnerships", stats["partnerships"]),
        tr.count("{n} local commune", "{n} local communes", stats["communes"]),
        tr.count("{n} result", "{n} results", stats["results"]),
        tr.count("{n} indicator", "{n} indicators", stats["indicators"]),
        tr.count("{n} activity", "{n} activities", stats["activities"]),
        tr.count("{n} budget cell", "{n} budget cells", stats["budget_cells"]),
        tr.count("{n} risk", "{n} risks", stats["risks"])])
    return tr("{counted}, from {files}").format(
        counted=counted, files=tr.count("{n} file", "{n} files", stats["files"]))
