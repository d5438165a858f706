"""What was loaded, counted: the summary line of `cic validate` and the JSON `summary`."""

from __future__ import annotations

from collections.abc import Mapping

from cicmaroc.loading.programme import Programme


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


def describe(stats: Mapping[str, int]) -> str:
    """One line: '10 partnerships, 12 Moroccan communes, 7 results, ...'."""
    return (f"{stats['partnerships']} partnerships, {stats['communes']} Moroccan communes, "
            f"{stats['results']} results, {stats['indicators']} indicators, "
            f"{stats['activities']} activities, {stats['budget_cells']} budget cells, "
            f"{stats['risks']} risks, from {stats['files']} files")
