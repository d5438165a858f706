"""Who has reported for a year, and what is still missing: `cic status` and the report's section.

What each reporter is expected to send is `reporters.expected_of` (the indicators of its level, the
budget lines it is an expected spender of that year, by the budget execution's rule
`execution.expected_spenders`: nobody on a line with nothing planned, an association only on the
lines it has a planned share of), the same expectation its form lays out (`forms.form`); a
reporter expected for nothing is not listed. What came in
is what passed the monitoring checks (`Actuals`). A measure is received when it has a value,
an indicator's source when it was given, a spending line when the spender reported it. Nothing
is inferred: a reporter with nothing recorded is missing, never "zero".

When: each reporter's reply is due on its own date or the year's (data/due-dates.yaml), and was
received on the day `cic import` recorded (`received:` of the year's files). A reporter is
complete when everything expected came in, sources included; otherwise *late* once its due date
has passed as of the day asked (`as_of`: today, or `cic status --as-of`), and before that (or
with no due date at all) *partial* when something came in, *missing* when nothing did. Late is
never said without a date that has passed.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cicmaroc.analysis.execution import natures_left_blank
from cicmaroc.analysis.reporters import expected_of, reporters
from cicmaroc.derive.actuals import Actuals
from cicmaroc.loading.programme import Programme

#: The states of a reporter, in the order a reader meets them.
STATES = ("complete", "partial", "missing", "late")


def due_dates(programme: Programme, year: int) -> tuple[dt.date | None, dict[str, dt.date]]:
    """The day `year`'s replies are due, and the reporters' own days (data/due-dates.yaml)."""
    doc = programme.due_dates
    entry = doc.model.of(year) if doc is not None else None
    if entry is None:
        return None, {}
    return entry.due, {str(reporter): day for reporter, day in entry.reporters.items()}


def state_of(complete: bool, received: int, due: dt.date | None, as_of: dt.date) -> str:
    """complete; late once `due` has passed as of `as_of`; else partial or missing."""
    if complete:
        return "complete"
    if due is not None and as_of > due:
        return "late"
    return "missing" if received == 0 else "partial"


def collection_status(programme: Programme, actuals: Actuals, year: int, as_of: dt.date) -> dict[str, Any]:
    """Per reporter (grouped by partnership): due, received, expected, what came in and what is
    missing, and the state as of `as_of`; and a summary. Dates are ISO texts (the JSON's)."""
    year_due, own_due = due_dates(programme, year)
    arrived = actuals.received.get(year, {})
    rows = []
    totals = {"expected": 0, "received": 0, "reporters": 0, "complete": 0}
    budget = programme.budget.model if programme.budget is not None else None
    for reporter in reporters(programme):
        asked = expected_of(programme, reporter, year)
        measures = [(indicator.id, measure.id) for indicator, measure, _ in asked.measures]
        indicators = list(dict.fromkeys(indicator.id for indicator, _, _ in asked.measures))
        lines = list(dict.fromkeys(line for line, _ in asked.lines))
        if not measures and not lines:
            continue
        got_measures = [m for m in measures if reporter.id in actuals.measure(*m).get(year, {})]
        missing_measures = [f"{i} {m}" for i, m in measures if (i, m) not in got_measures]
        reported = {i for i, _ in got_measures}
        missing_sources = [i for i in indicators
                           if i in reported and actuals.source(i, year, reporter.id) is None]
        spenders = actuals.spenders.get(year, set())
        got_lines = [line for line in lines if (line, reporter.id) in spenders]
        missing_lines = [line for line in lines if line not in got_lines]
        blank = {line: natures_left_blank(actuals, budget, year, line, reporter.id) for line in got_lines} \
            if budget is not None else {}
        blank_natures = [{"line": line, "nature": nature}
                         for line, natures in blank.items() for nature in natures]
        missing_spending_sources = [line for line in got_lines
                                    if (year, line, reporter.id) not in actuals.spending_sources]
        expected = len(measures) + len(lines)
        received = len(got_measures) + len(got_lines)
        complete = (received == expected and not missing_sources and not missing_spending_sources
                    and not blank_natures)
        totals["expected"] += expected
        totals["received"] += received
        totals["reporters"] += 1
        totals["complete"] += complete
        due = own_due.get(reporter.id, year_due)
        day = arrived.get(reporter.id)
        rows.append({
            "reporter": reporter.id, "kind": reporter.kind, "name": reporter.name,
            "short_name": reporter.short_name,
            "partnership": reporter.partnership or (reporter.name if reporter.kind == "partnership" else ""),
            "due": due.isoformat() if due else None,
            "received_on": day.isoformat() if day else None,
            "expected": {"measures": len(measures), "spending_lines": len(lines)},
            "received": {"measures": len(got_measures), "spending_lines": len(got_lines)},
            "missing": {"measures": missing_measures, "sources": missing_sources,
                        "spending_lines": missing_lines, "spending_sources": missing_spending_sources,
                        "spending_natures": blank_natures},
            "state": state_of(complete, received, due, as_of),
        })
    rows.sort(key=lambda r: (not r["partnership"], r["partnership"]))  # by partnership; the others last
    states = {state: [r["reporter"] for r in rows if r["state"] == state] for state in STATES}
    return {"year": year, "as_of": as_of.isoformat(), "due": year_due.isoformat() if year_due else None,
            "reporters": rows,
            "summary": {**totals, "missing": totals["expected"] - totals["received"], "states": states,
                        "late": states["late"],
                        "incomplete": [r["reporter"] for r in rows if r["state"] != "complete"]}}

