"""Spending against the plan over the whole programme: a partnership or a budget line spent beyond
its plan (CIC780).

Not a check of the data's shape: it compares the monitoring's spending (`Actuals`, from the
monitoring pass) with the plan, so `cicmaroc.api` runs it after that pass, once per run. A figure
is flagged only when the reports received already prove it: spending is a lower bound when
reports are missing, so "at least 101.9 %" is an overspend whatever the silent spenders send,
and a figure that could still stay within the plan is never flagged. The donor allows some
variance between lines: `budget-tolerance` (percent, default 0) is how far beyond its plan a line
or a partnership may go before it is flagged.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from cicmaroc.analysis.execution import execution_rows, partnership_execution
from cicmaroc.cells import Dash
from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.derive.actuals import Actuals
from cicmaroc.findings import Finding, Money, Severity, Share
from cicmaroc.loading.programme import Programme

_PARTNERSHIP_HINT = ("Check the partnership's spending; if the overspend stands, explain it in the year's "
                     "narrative (variances:) and have it agreed.")
_LINE_HINT = ("Check the spending on the line; if the overspend stands, explain it in the year's narrative "
              "(variances:) and have the reallocation agreed.")

CIC780 = declare(
    "CIC780", "overspend", Severity.WARNING, "execution",
    what="What a partnership spent to date stays within its Budget OS 1, and what a budget line (or a "
         "nature of it) spent stays within its plan for the whole programme, give or take "
         "`budget-tolerance` percent.",
    why="An overspend the donor has not agreed may be refused at the final report; the officers need to "
        "see it, and explain it, before the donor does. Only an overspend the reports received already "
        "prove is flagged (spending is a lower bound while reports are missing).",
    example="Saint-Josse-ten-Noode has spent 220,000.00 EUR against a Budget OS 1 of 215,425.65 EUR "
            "(102.1 %).",
    waive="Once the variance is agreed (or explained in the narrative, `variances:`), acknowledge it with "
          "the reason: `# cic: ignore[CIC780] reason` on the Budget OS 1's line of the partner file, or "
          "on the line's total in data/budget.yaml; or raise `budget-tolerance` in cic.toml.",
    messages={
        "partnership": Message(
            "{partnership} has spent {spent} to date against its Budget OS 1 of {planned} ({share}), "
            "beyond the tolerance of {tolerance}.", _PARTNERSHIP_HINT),
        "partnership-at-least": Message(
            "{partnership} has spent at least {spent} to date (reports are missing) against its Budget "
            "OS 1 of {planned} ({share}), beyond the tolerance of {tolerance}.", _PARTNERSHIP_HINT),
        "line": Message(
            "{line} has spent {spent} to date against its plan of {planned} for the whole programme "
            "({share}), beyond the tolerance of {tolerance}.", _LINE_HINT),
        "line-at-least": Message(
            "{line} has spent at least {spent} to date (reports are missing) against its plan of "
            "{planned} for the whole programme ({share}), beyond the tolerance of {tolerance}.",
            _LINE_HINT),
    })

CODES: tuple[Code, ...] = (CIC780,)


def overspending(programme: Programme, actuals: Actuals, tolerance: Decimal) -> Iterator[Finding]:
    """CIC780 for every partnership and budget line (and nature) whose spending to date, as far as
    it is proven, goes beyond its plan by more than `tolerance` percent."""
    calendar = programme.calendar
    if programme.budget is None or calendar is None or not actuals.years():
        return
    budget = programme.budget.model
    year = min(max(actuals.years()), calendar.last)
    if year < calendar.first:
        return
    allowed = 1 + tolerance / 100
    shown = Share(tolerance / 100)
    partners = {p.model.id: p for p in programme.partners}
    for e in partnership_execution([(pid, p.model.budget_os1) for pid, p in partners.items()], actuals,
                                   budget, year, calendar.first):
        spent = e.spent_to_date.amount
        if spent is None or e.planned_total <= 0 or spent.value <= e.planned_total * allowed:
            continue
        partner = partners[e.partnership]
        yield CIC780.finding("partnership" if spent.exact else "partnership-at-least",
                             partner.at("budget_os1"), partnership=partner.model.belgian_commune.name,
                             spent=Money(spent.value), planned=Money(e.planned_total),
                             share=Share(spent.value / e.planned_total), tolerance=shown)
    lines = {b.id: (i, b) for i, b in enumerate(budget.lines) if b.id}
    for row in execution_rows(budget, actuals, year, list(partners), calendar.first):
        spent = row.spent_to_date.amount
        planned = row.planned_total
        if row.kind not in ("line", "nature") or row.line not in lines or spent is None or planned is None \
                or isinstance(planned, Dash) or planned == 0:  # spending on a "-": CIC714 says it
            continue
        if spent.value <= planned * allowed:
            continue
        index, block = lines[row.line]
        where = ("lines", index, "total") if row.nature is None else ("lines", index, "natures", row.nature)
        label = block.label or row.line
        yield CIC780.finding("line" if spent.exact else "line-at-least", programme.budget.at(*where),
                             line=label if row.nature is None else f"{label}, {row.label}",
                             spent=Money(spent.value), planned=Money(planned),
                             share=Share(spent.value / planned), tolerance=shown)
