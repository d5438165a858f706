"""Monitoring rules CIC701-CIC713, registered here; the pass itself is `monitoring_checks`.

The monitoring files are checked in one pass (which also builds the actuals the reports use),
so one rule, CIC700, runs it and emits the codes below; each code keeps its own documentation
so that `cic rules CIC706` explains it.
"""

from __future__ import annotations

from collections.abc import Iterable

from cicmaroc.config import Config
from cicmaroc.findings import Finding, Severity
from cicmaroc.loading.programme import Programme
from cicmaroc.rules.registry import Rule, documented


def monitoring_files(programme: Programme, config: Config) -> Iterable[Finding]:
    """The monitoring files (data/monitoring/<year>.yaml) refer to what the programme has.

    Why: a figure recorded under an unknown commune, indicator, measure, budget line or year is
    never counted in the report; the officer must see it was not.

    Example: `reports: {ait-bha: {IOV 1: {sas: true}}}` (a misspelt commune).
    """
    from cicmaroc.rules.monitoring_checks import check_monitoring

    return check_monitoring(programme)


_NOT_COUNTED = "a figure that fails this check is not counted in progress or execution"
CODES = (
    ("CIC701", "unknown-reporter", Severity.ERROR,
     documented("A report comes from a Moroccan commune, a partnership or `programme`.",
          f"figures are rolled up by who reported them; {_NOT_COUNTED}.",
          "`reports: {ait-bha: ...}` where the commune's id is `ait-baha`.")),
    ("CIC702", "unknown-indicator", Severity.ERROR,
     documented("A reported indicator exists in the logframe.", f"{_NOT_COUNTED}.",
          "`IOV 1.9: {...}` when R1 has IOV 1.1 to IOV 1.3.")),
    ("CIC703", "unknown-measure", Severity.ERROR,
     documented("A reported value belongs to one of the indicator's measures.", f"{_NOT_COUNTED}.",
          "`IOV 1.2: {programme: true}` where the measures are `programmes` and `plans`.")),
    ("CIC704", "year-outside-programme", Severity.ERROR,
     documented("A monitoring file's year is within the programme, 2017 to 2021.",
          "no report covers other years; nothing in such a file is counted.", "`year: 2022`.")),
    ("CIC705", "year-differs-from-file-name", Severity.ERROR,
     documented("A monitoring file named for a year says that year.",
          "officers find a year's figures by the file name; the figures count for the year inside.",
          "`data/monitoring/2019.yaml` containing `year: 2018`.")),
    ("CIC706", "wrong-kind-of-value", Severity.ERROR,
     documented("A value has the kind its measure takes: true/false for a count of communes, a number "
          "for a sum, a numerator and denominator for a ratio, an amount for spending.",
          f"{_NOT_COUNTED}.", "`sas: yes please` or `personnel: 12,500.50`.")),
    ("CIC707", "duplicate-entry", Severity.ERROR,
     documented("A figure is recorded once per reporter, indicator, measure and year.",
          "two different figures for one thing make the total depend on which is read; the second "
          "is ignored.", "the same commune's IOV 1 for 2019 in `2019.yaml` and `2019-extra.yaml`.")),
    ("CIC708", "wrong-level", Severity.ERROR,
     documented("An indicator is reported at its level: by each commune, each partnership, or the "
          "programme.", f"a commune-level indicator reported by a partnership would be counted "
                        f"twice or not at all; {_NOT_COUNTED}.",
          "IOV 7.1 (platform meetings, programme level) reported by `berkane`.")),
    ("CIC709", "missing-source", Severity.WARNING,
     documented("Each reported entry names its source of verification.",
          "the donor asks for the council decision, report or file behind every figure.",
          "`IOV 1: {sas: true}` without `source:`.")),
    ("CIC710", "no-value", Severity.WARNING,
     documented("A reported entry holds at least one value.",
          "an entry with only a source records nothing and looks like a report.",
          "`IOV 1: {source: PV du conseil}`.")),
    ("CIC711", "unknown-budget-line", Severity.ERROR,
     documented("Spending is recorded under a line of the budget (T3).",
          f"spending is compared with the plan line by line; {_NOT_COUNTED}.",
          "`spending: {partners: ...}` where the line is `partenaires`.")),
    ("CIC712", "unknown-spender", Severity.ERROR,
     documented("Spending is recorded by a partnership or an association.", f"{_NOT_COUNTED}.",
          "`spending: {partenaires: {everre: ...}}`.")),
    ("CIC713", "unknown-nature", Severity.ERROR,
     documented("Spending is split by the natures of the budget: investissement, fonctionnement, "
          "personnel.", f"{_NOT_COUNTED}.", "`salaires: 1200.00`.")),
)

RULES: tuple[Rule, ...] = (
    Rule("CIC700", "monitoring-files", Severity.ERROR, "monitoring", monitoring_files,
         emits=tuple(code for code, *_ in CODES)),
    *(Rule(code, name, severity, "monitoring", doc) for code, name, severity, doc in CODES),
)
