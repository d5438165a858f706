"""Layer 4: what the IATI guidance asks of an activity and neither the schema nor the rule set checks.

The Standard's rule set (layer 3, `ruleset.py`) holds the rules a machine was given; the IATI
guidance and the Standard's reference pages say more, in words, and some of it can be checked:
each check below names the sentence it comes from (`Guidance`: a title, the words, an address),
and every finding says it comes from the guidance, never from the rule set (code CIC804). They
are warnings: the guidance says "should".

- **budgets-overlap**: "An activity's budget periods should not overlap" (guidance, Activity
  budgets), among the budgets of one type (an original and its revision cover the same period).
- **budget-value-date**: a budget's value date outside its period. The rule set asks it of an
  organisation's budget lines (rule 11.3.1, "The budget line value date must be within the budget
  period"); the value date is the day whose exchange rate converts the period's amount (Activity
  dates), so cic asks the same of an activity's budgets.
- **spend-before-start**: a disbursement or an expenditure dated before the activity's actual
  start, which the Standard defines as "e.g. the date of the first disbursement" (Activity dates).
- **status-and-dates**: an actual end date on an activity whose status says it is still in its
  pipeline or being implemented (ActivityStatus 1, 2: an actual end date "should reflect the
  ending of physical activity", Activity dates), or an actual start date on one in its pipeline.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, NamedTuple

from cicmaroc.codes.iati import CIC804
from cicmaroc.findings import Finding, phrase
from cicmaroc.i18n import N_
from cicmaroc.iati.standard import REFERENCE, iso_day, named_code
from cicmaroc.iati.xmlfile import XmlFile, xpath

BUDGETS_PAGE = "https://iatistandard.org/en/guidance/standard-guidance/activity-budgets/"
DATES_PAGE = f"{REFERENCE}activity-standard/overview/dates/"
STATUS_PAGE = f"{REFERENCE}codelists/activitystatus/"
#: TransactionType codes of spending: 3 Disbursement, 4 Expenditure.
SPENDING = ("3", "4")
#: ActivityStatus codes of an activity not yet over: 1 Pipeline/identification, 2 Implementation.
PIPELINE, IMPLEMENTATION = "1", "2"


class Guidance(NamedTuple):
    """Where a check comes from: the page's title and address, and its words."""

    title: str
    url: str


BUDGETS = Guidance(N_("Activity budgets"), BUDGETS_PAGE)
RULE_11_3_1 = Guidance(N_("rule 11.3.1 of the rule set (an organisation's budget lines), applied to an "
                          "activity's budgets"), DATES_PAGE)
DATES = Guidance(N_("Activity dates"), DATES_PAGE)
STATUS = Guidance(N_("Activity dates, and the ActivityStatus codelist"), STATUS_PAGE)


def check(doc: XmlFile) -> Iterator[Finding]:
    """Every guidance check on every activity of the file, each finding on the node it is about."""
    for activity in doc.root.iterfind("iati-activity"):
        yield from _overlapping_budgets(doc, activity)
        yield from _budget_value_dates(doc, activity)
        yield from _spend_before_start(doc, activity)
        yield from _status_and_dates(doc, activity)


def _say(doc: XmlFile, node: Any, say: str, source: Guidance, **values: Any) -> Finding:
    return CIC804.finding(say, doc.at(node), source=phrase(source.title), guidance=source.url, **values)


def _period(budget: Any) -> tuple[Any, Any] | None:
    start = xpath("period-start/@iso-date")(budget)
    end = xpath("period-end/@iso-date")(budget)
    if not start or not end:
        return None
    first, last = iso_day(start[0]), iso_day(end[0])
    return None if first is None or last is None or last < first else (first, last)


def _overlapping_budgets(doc: XmlFile, activity: Any) -> Iterator[Finding]:
    by_type: dict[str, list[tuple[Any, Any, Any]]] = {}
    for budget in activity.iterfind("budget"):
        period = _period(budget)
        if period is not None:
            by_type.setdefault(budget.get("type", "1"), []).append((period[0], period[1], budget))
    for kind, budgets in by_type.items():
        budgets.sort(key=lambda b: (b[0], b[1]))
        reaching: tuple[Any, Any] | None = None  # the period seen so far that ends last
        for start, end, budget in budgets:
            if reaching is not None and start <= reaching[1]:
                yield _say(doc, budget, "budgets-overlap", BUDGETS,
                           type=named_code("BudgetType", kind), start=start.isoformat(),
                           end=end.isoformat(), other_start=reaching[0].isoformat(),
                           other_end=reaching[1].isoformat())
            if reaching is None or end > reaching[1]:
                reaching = (start, end)


def _budget_value_dates(doc: XmlFile, activity: Any) -> Iterator[Finding]:
    for budget in activity.iterfind("budget"):
        period = _period(budget)
        for attribute in xpath("value/@value-date")(budget):
            day = iso_day(attribute)
            if period is not None and day is not None and not period[0] <= day <= period[1]:
                yield _say(doc, attribute, "budget-value-date", RULE_11_3_1, date=day.isoformat(),
                           start=period[0].isoformat(), end=period[1].isoformat())


def _actual(activity: Any, kind: str) -> Any:
    found = xpath(f"activity-date[@type='{kind}']/@iso-date")(activity)
    return iso_day(found[0]) if found else None


def _spend_before_start(doc: XmlFile, activity: Any) -> Iterator[Finding]:
    start = _actual(activity, "2")
    if start is None:
        return
    for transaction in activity.iterfind("transaction"):
        if xpath("string(transaction-type/@code)")(transaction) not in SPENDING:
            continue
        for attribute in xpath("transaction-date/@iso-date")(transaction):
            day = iso_day(attribute)
            if day is not None and day < start:
                yield _say(doc, attribute, "spend-before-start", DATES, date=day.isoformat(),
                           start=start.isoformat())


def _status_and_dates(doc: XmlFile, activity: Any) -> Iterator[Finding]:
    status = xpath("activity-status/@code")(activity)
    if not status:
        return
    code = str(status[0])
    ended = xpath("activity-date[@type='4']/@iso-date")(activity)
    started = xpath("activity-date[@type='2']/@iso-date")(activity)
    if code in (PIPELINE, IMPLEMENTATION) and ended:
        yield _say(doc, status[0], "ended-but-open", STATUS,
                   status=named_code("ActivityStatus", code), date=str(ended[0]))
    elif code == PIPELINE and started:
        yield _say(doc, status[0], "started-in-pipeline", STATUS, date=str(started[0]))
