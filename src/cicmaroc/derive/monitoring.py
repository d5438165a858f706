"""Monitoring (CIC701-CIC713): check the monitoring files against the programme, and keep only the
figures that pass.

One pass over `data/monitoring/*.yaml` does both jobs (`read_monitoring`): every problem becomes a
located finding, and every value that passed goes into an `Actuals`, so a typo in one commune's
line costs that line, not the year. `cicmaroc.api` runs it once per run; the report and `cic
progress` use its `Actuals`. The checks need the logframe (which measures exist, what kind of
value each takes), the partner files (who may report) and the budget (lines, natures).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from cicmaroc.cells import nothing_planned
from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.derive.actuals import PROGRAMME, Actuals, Ratio, Value, YearFile
from cicmaroc.findings import SEMICOLON, Finding, Items, Location, Money, Severity, phrase, preview
from cicmaroc.i18n import N_
from cicmaroc.loading.programme import Doc, Programme
from cicmaroc.models.logframe import Indicator, Measure
from cicmaroc.numeric import beyond_cents, is_number

if TYPE_CHECKING:
    from cicmaroc.models.monitoring import MonitoringYear

_NOT_COUNTED = "A figure that fails this check is not counted in progress or execution."
_WAIVE = ("A waiver does not make the figure count: correct the entry so that it is read. To keep the file "
          "as it is, acknowledge it with the reason, `# cic: ignore[{code}] reason` at the end of the line "
          "it points at, or in data/waivers.yaml (`code: {code}`, the monitoring file, `reason:`).")
_FORMAT_HINT = "See 'Monitoring' in docs/data-format.md."
_TWICE_HINT = "Keep one of the two: a figure is recorded once per year."


def _monitoring(code: str, name: str, severity: Severity, *, what: str, why: str, example: str,
                messages: dict[str, Message], waive: str = _WAIVE) -> Code:
    return declare(code, name, severity, "monitoring", what=what, why=why, example=example, waive=waive,
                   messages=messages)


CIC701 = _monitoring(
    "CIC701", "unknown-reporter", Severity.ERROR,
    what="A report comes from a local commune, a partnership or `programme`.",
    why=f"Figures are rolled up by who reported them. {_NOT_COUNTED}",
    example="`reports: {ait-bha: ...}` where the commune's id is `ait-baha`.",
    messages={"unknown": Message("'{reporter}' is not a local commune, a partnership or 'programme'; its "
                                 "figures are not counted.",
                                 "Use the commune's id from its partner file (e.g. ait-baha), the "
                                 "partnership's id (e.g. etterbeek), or 'programme'. Known communes: "
                                 "{communes}."),
              "unknown-near": Message("'{reporter}' is not a local commune, a partnership or 'programme'; "
                                      "its figures are not counted.",
                                      "Did you mean '{suggestion}'? Correct the id to the one in its partner "
                                      "file.")})
CIC702 = _monitoring(
    "CIC702", "unknown-indicator", Severity.ERROR,
    what="A reported indicator exists in the logframe.", why=_NOT_COUNTED,
    example="`IOV 1.9: {...}` when R1 has IOV 1.1 to IOV 1.3.",
    messages={"unknown": Message("'{indicator}' is not an indicator of the logframe.",
                                 "Use one of the indicator ids of data/logframe.yaml: {known}."),
              "unknown-near": Message("'{indicator}' is not an indicator of the logframe.",
                                      "Did you mean '{suggestion}'? Write the id as in data/logframe.yaml.")})
CIC703 = _monitoring(
    "CIC703", "unknown-measure", Severity.ERROR,
    what="A reported value belongs to one of the indicator's measures.", why=_NOT_COUNTED,
    example="`IOV 1.2: {programme: true}` where the measures are `programmes` and `plans`.",
    messages={"unknown": Message("{indicator} has no measure '{measure}' (it has: {measures}).",
                                 "Use the measure ids of the indicator in data/logframe.yaml."),
              "unknown-near": Message("{indicator} has no measure '{measure}' (it has: {measures}).",
                                      "Did you mean '{suggestion}'? Write the measure id as in "
                                      "data/logframe.yaml.")})
CIC704 = _monitoring(
    "CIC704", "year-outside-programme", Severity.ERROR,
    what="A monitoring file's year is within the programme's period (data/programme.yaml).",
    why="No report covers other years; nothing in such a file is counted.",
    example="`year: 2022` in a programme that ends in 2021.",
    messages={"outside": Message("The year {year} is outside the programme ({first}-{last}); nothing in this "
                                 "file is counted.",
                                 "Monitoring covers the programme years {first}-{last}.")})
CIC705 = _monitoring(
    "CIC705", "year-differs-from-file-name", Severity.ERROR,
    what="A monitoring file named for a year says that year.",
    why="Officers find a year's figures by the file name; the figures count for the year inside.",
    example="`data/monitoring/2019.yaml` containing `year: 2018`.",
    waive="Rename the file or correct the year rather than waive it. A waiver (`code: CIC705` in "
          "data/waivers.yaml, the file, `reason:`) leaves the figures counting for the year inside the file.",
    messages={"differs": Message("The file is named {stem} but says 'year: {year}'; its figures count for "
                                 "{year}.", "Rename the file to {year}.yaml, or correct the year.")})
CIC706 = _monitoring(
    "CIC706", "wrong-kind-of-value", Severity.ERROR,
    what="A value has the kind its measure takes: true/false for a count of communes, a number for a sum, a "
         "numerator and denominator for a ratio, an amount for spending.",
    why=_NOT_COUNTED, example="`sas: yes please` or `personnel: 12,500.50`.",
    messages={
        "value": Message("The value {value} of {indicator} '{measure}' for '{reporter}' is not valid: "
                         "{problem}.",
                         "Write it as {example}. " + _FORMAT_HINT),
        "amount": Message("The amount {value} spent by '{spender}' ({line}, {nature}) is not valid: "
                          "{problem}.",
                          "Write amounts as plain numbers with a dot for cents, e.g. 12500.50."),
    })
CIC707 = _monitoring(
    "CIC707", "duplicate-entry", Severity.ERROR,
    what="A figure is recorded once per reporter, indicator, measure and year.",
    why="Two different figures for one thing make the total depend on which is read; the second is ignored.",
    example="The same commune's IOV 1 for 2019 in `2019.yaml` and `2019-extra.yaml`.",
    messages={
        "value": Message("{indicator} '{measure}' of {year} is given twice for {reporter} (first at "
                         "{first}); this one is ignored.", _TWICE_HINT),
        "spending": Message("The spending on '{line}' of {year} is given twice for {reporter} (first at "
                            "{first}); this one is ignored.", _TWICE_HINT),
    })
_WRONG_LEVEL = ("{indicator} is reported by each {level}, but '{reporter}' is a {reporter_level}; this entry "
                "is not counted.")
CIC708 = _monitoring(
    "CIC708", "wrong-level", Severity.ERROR,
    what="An indicator is reported at its level: by each commune, each partnership, or the programme.",
    why=f"A commune-level indicator reported by a partnership would be counted twice or not at all. "
        f"{_NOT_COUNTED}",
    example="IOV 7.1 (platform meetings, programme level) reported by `berkane`.",
    messages={
        "commune": Message(_WRONG_LEVEL, "Record it under each local commune's id (e.g. ait-baha)."),
        "partnership": Message(_WRONG_LEVEL, "Record it under the partnership's id (e.g. etterbeek)."),
        "programme": Message(_WRONG_LEVEL, "Record it under 'programme'."),
    })
CIC709 = _monitoring(
    "CIC709", "missing-source", Severity.WARNING,
    what="Each reported entry names its source of verification.",
    why="The donor asks for the council decision, report or file behind every figure.",
    example="`IOV 1: {sas: true}` without `source:`.",
    waive="Add the source rather than waive it. While it is being found, acknowledge it: "
          "`# cic: ignore[CIC709] source asked from the commune on ...` at the end of the entry's line.",
    messages={"no-source": Message("{indicator} of '{reporter}' has no source of verification.",
                                   "Add 'source:' naming the council decision, report, link or file "
                                   "({sources}).")})
CIC710 = _monitoring(
    "CIC710", "no-value", Severity.WARNING,
    what="A reported entry holds at least one value.",
    why="An entry with only a source records nothing and looks like a report.",
    example="`IOV 1: {source: PV du conseil}`.",
    waive="Add the values, or delete the entry; to keep it as a reminder, acknowledge it: "
          "`# cic: ignore[CIC710] reason` at the end of the entry's line.",
    messages={"empty": Message("The entry for {indicator} of '{reporter}' has no value.",
                               "Add the value of each measure: {examples}.")})
CIC711 = _monitoring(
    "CIC711", "unknown-budget-line", Severity.ERROR,
    what="Spending is recorded under a line of the budget (T3).",
    why=f"Spending is compared with the plan line by line. {_NOT_COUNTED}",
    example="`spending: {partners: ...}` where the line is `partenaires`.",
    messages={"unknown": Message("'{line}' is not a line of the budget (T3); this spending is not counted.",
                                 "Use a line id from data/budget.yaml: {lines}."),
              "unknown-near": Message("'{line}' is not a line of the budget (T3); this spending is not "
                                      "counted.", "Did you mean '{suggestion}'? The line ids are: {lines}.")})
CIC712 = _monitoring(
    "CIC712", "unknown-spender", Severity.ERROR,
    what="Spending is recorded by a partnership or an association.", why=_NOT_COUNTED,
    example="`spending: {partenaires: {everre: ...}}`.",
    messages={"unknown": Message("'{spender}' is not a partnership or an association; its spending is not "
                                 "counted.",
                                 "Use the partnership's id (its file name in data/partners/) or an "
                                 "association id from data/budget.yaml ({associations})."),
              "unknown-near": Message("'{spender}' is not a partnership or an association; its spending is "
                                      "not counted.",
                                      "Did you mean '{suggestion}'? Use the partnership's id (its file name "
                                      "in data/partners/) or an association id from data/budget.yaml.")})
CIC713 = _monitoring(
    "CIC713", "unknown-nature", Severity.ERROR,
    what="Spending is split by the natures of cost of the budget (its list `natures:`).",
    why=_NOT_COUNTED, example="`salaires: 1200.00`.",
    messages={"unknown": Message("'{nature}' is not a nature of cost; this amount is not counted.",
                                 "Use one of: {natures}."),
              "unknown-near": Message("'{nature}' is not a nature of cost; this amount is not counted.",
                                      "Did you mean '{suggestion}'? Use one of: {natures}.")})
CIC714 = _monitoring(
    "CIC714", "spending-not-planned", Severity.WARNING,
    what='Spending goes to the natures the plan provides for on its line (not one T3 prints "-" every year).',
    why=("The amount is counted, as spent; but the plan holds nothing for it, so the line's left and rate "
         "go beyond the plan without the reader being told why, and the donor may refuse the expense."),
    example="`partenaires: {jette: {personnel: 1500.00}}` where T3 prints \"-\" for 1. Partenaires, "
            "Personnel.",
    waive=("Once the officers have checked the expense (an agreed reallocation between natures), acknowledge "
           "it with the reason: `# cic: ignore[CIC714] reason` at the end of the line."),
    messages={"not-planned": Message(
        "{spender} reports {amount} of {nature} on {line}, which the plan does not provide for (T3 prints "
        "nothing for it in {first}-{last}).",
        "Check the entry: if the expense belongs to another nature, move it there; if it is a reallocation "
        "the donor agreed, acknowledge it with the reason, and explain it in the year's narrative.")})

CODES: tuple[Code, ...] = (CIC701, CIC702, CIC703, CIC704, CIC705, CIC706, CIC707, CIC708, CIC709, CIC710,
                           CIC711, CIC712, CIC713, CIC714)


def read_monitoring(programme: Programme) -> tuple[Actuals, list[Finding]]:
    """The checked figures of every monitoring file, and the findings about the rest."""
    reader = _Reader(programme)
    for doc in programme.monitoring:
        reader.read(doc)
    return reader.actuals, reader.findings


class _Reader:
    def __init__(self, programme: Programme) -> None:
        self.actuals = Actuals()
        self.findings: list[Finding] = []
        frame = programme.logframe.model if programme.logframe else None
        self.indicators: dict[str, Indicator] = {i.id: i for i in frame.indicators()} if frame else {}
        self.has_logframe = frame is not None
        self.communes = {c.id: c for c in programme.communes()}
        self.partnerships = {p.model.id for p in programme.partners}
        # a partner file that failed to load hides its ids: unknown names cannot be told apart
        self.all_partners_known = "partners" not in programme.incomplete
        budget = programme.budget.model if programme.budget else None
        self.lines = {b.id for b in budget.lines if b.id} if budget else None
        self.associations = {b.id for b in budget.associations if b.id} if budget else None
        self.natures = budget.nature_ids if budget else None
        self.budget = budget
        self.calendar = programme.calendar
        self.seen: dict[tuple[Any, ...], Location] = {}

    def first_time(self, key: tuple[Any, ...], location: Location, say: str, **args: Any) -> bool:
        """False (and a CIC707 finding) when the same figure was already given elsewhere."""
        earlier = self.seen.get(key)
        if earlier is None:
            self.seen[key] = location
            return True
        self.findings.append(CIC707.finding(say, location, (earlier,), reporter=key[0], first=earlier,
                                            **args))
        return False

    # -- one file --------------------------------------------------------------------------

    def read(self, doc: Doc[MonitoringYear]) -> None:
        model = doc.model
        year = model.year
        usable = True
        if self.calendar is None:
            usable = False  # the programme's years are unknown: nothing counts, data/programme.yaml says why
        elif year not in self.calendar:
            self.findings.append(CIC704.finding("outside", doc.at("year"), year=year,
                                                first=self.calendar.first, last=self.calendar.last))
            usable = False
        stem = PurePath(doc.file).stem
        if re.fullmatch(r"\d{4}", stem) and int(stem) != year:
            self.findings.append(CIC705.finding("differs", doc.at("year"), stem=stem, year=year))
        if usable:
            self.actuals.files.setdefault(year, []).append(YearFile(doc.file, model.note))
        if usable:
            for reporter, day in model.received.items():  # who is known is rules/collection.py's
                self.actuals.add_received(year, str(reporter), day)
        for reporter, entries in model.reports.items():
            self.read_reporter(doc, year if usable else None, str(reporter), entries or {})
        for line, spenders in model.spending.items():
            self.read_line(doc, year if usable else None, str(line), spenders or {})

    # -- indicator values ------------------------------------------------------------------

    def reporter_level(self, reporter: str) -> str | None:
        if reporter == PROGRAMME:
            return "programme"
        if reporter in self.communes:
            return "commune"
        if reporter in self.partnerships:
            return "partnership"
        return None

    def read_reporter(self, doc: Doc[MonitoringYear], year: int | None, reporter: str,
                      entries: dict[str, Any]) -> None:
        level = self.reporter_level(reporter)
        if level is None and not self.all_partners_known:
            return  # perhaps a commune of the partner file that failed: not counted, not reported
        if level is None:
            self.findings.append(CIC701.unknown(doc.source.key_at("reports", reporter), reporter,
                                                [*self.communes, *self.partnerships, PROGRAMME],
                                                listed={"communes": Items(tuple(self.communes))},
                                                reporter=reporter))
            return
        for indicator_id, entry in entries.items():
            where = ("reports", reporter, indicator_id)
            indicator = self.indicators.get(str(indicator_id))
            if indicator is None:
                if self.has_logframe:
                    self.findings.append(CIC702.unknown(doc.source.key_at(*where), str(indicator_id),
                                                        self.indicators,
                                                        listed={"known": Items(tuple(self.indicators))},
                                                        indicator=indicator_id))
                continue
            if indicator.level != level:
                self.findings.append(CIC708.finding(indicator.level, doc.source.key_at(*where),
                                                    indicator=indicator.id, level=phrase(indicator.level),
                                                    reporter=reporter, reporter_level=phrase(level)))
                continue
            if entry is None:
                continue
            values = entry.values()
            if not values:
                examples = Items(tuple(phrase("{measure}: {example}", measure=m.id, example=_example(m))
                                       for m in indicator.measures))
                self.findings.append(CIC710.finding("empty", doc.source.key_at(*where),
                                                    indicator=indicator.id,
                                                    reporter=reporter, examples=examples))
                continue
            if not (entry.source or "").strip():
                sources = (Items(tuple(indicator.sources), SEMICOLON) if indicator.sources
                           else phrase("see the logframe"))
                self.findings.append(CIC709.finding("no-source", doc.source.key_at(*where),
                                                    indicator=indicator.id,
                                                    reporter=reporter, sources=sources))
            measures = {m.id: m for m in indicator.measures}
            for measure_id, raw in values.items():
                self.read_value(doc, year, reporter, indicator, measures, str(measure_id), raw)
            if year is not None and (entry.source or "").strip():
                self.actuals.add_source(indicator.id, year, reporter, " ".join(str(entry.source).split()))
            if year is not None and entry.evidence:  # the files themselves: rules/evidence.py
                self.actuals.evidence.setdefault((indicator.id, year, reporter), tuple(entry.evidence))

    def read_value(self, doc: Doc[MonitoringYear], year: int | None, reporter: str,
                   indicator: Indicator, measures: dict[str, Measure], measure_id: str,
                   raw: Any) -> None:
        where = ("reports", reporter, indicator.id, measure_id)
        measure = measures.get(measure_id)
        if measure is None:
            self.findings.append(CIC703.unknown(doc.source.key_at(*where), measure_id, measures,
                                                indicator=indicator.id, measure=measure_id,
                                                measures=Items(tuple(measures))))
            return
        value, problem = parse_value(measure, raw)
        if value is None:
            self.findings.append(CIC706.finding("value", doc.at(*where), value=_show(raw),
                                                indicator=indicator.id,
                                                measure=measure_id, reporter=reporter, problem=problem,
                                                example=_example(measure)))
            return
        if year is None:
            return
        location = doc.at(*where)
        if self.first_time((reporter, year, indicator.id, measure_id), location, "value",
                           indicator=indicator.id, measure=measure_id, year=year):
            self.actuals.add_value(indicator.id, measure_id, year, reporter, value)

    # -- spending --------------------------------------------------------------------------

    def read_line(self, doc: Doc[MonitoringYear], year: int | None, line: str,
                  spenders: dict[str, Any]) -> None:
        if self.lines is not None and line not in self.lines:
            self.findings.append(CIC711.unknown(doc.source.key_at("spending", line), line, self.lines,
                                                line=line, lines=Items(tuple(sorted(self.lines)))))
            return
        for spender, entry in spenders.items():
            spender = str(spender)
            if self.associations is None or not self.all_partners_known:
                if spender not in self.partnerships and spender not in (self.associations or ()):
                    continue  # cannot tell: the file that would name it failed to load
            elif spender not in self.partnerships and spender not in self.associations:
                self.findings.append(CIC712.unknown(
                    doc.source.key_at("spending", line, spender), spender,
                    [*self.partnerships, *self.associations],
                    listed={"associations": Items(tuple(sorted(self.associations)))}, spender=spender))
                continue
            if entry is None:
                continue
            counted = self.read_amounts(doc, year, line, spender, entry.amounts())
            if counted and year is not None and (entry.source or "").strip():
                self.actuals.add_spending_source(year, line, spender, " ".join(str(entry.source).split()))
            if counted and year is not None and entry.evidence:
                self.actuals.spending_evidence.setdefault((year, line, spender), tuple(entry.evidence))

    def read_amounts(self, doc: Doc[MonitoringYear], year: int | None, line: str, spender: str,
                     amounts: dict[str, Any]) -> bool:
        """Check and record one spender's amounts on a line; whether they were counted."""
        good: list[tuple[str, Decimal, Location]] = []
        for nature, raw in amounts.items():
            where = ("spending", line, spender, nature)
            if self.natures is not None and nature not in self.natures:
                self.findings.append(CIC713.unknown(doc.source.key_at(*where), nature, self.natures,
                                                    nature=nature, natures=Items(self.natures)))
                continue
            amount, problem = parse_amount(raw)
            if amount is None:
                self.findings.append(CIC706.finding("amount", doc.at(*where), value=_show(raw),
                                                    spender=spender,
                                                    line=line, nature=nature, problem=problem))
                continue
            good.append((str(nature), amount, doc.at(*where)))
        if year is None:
            return False
        if not self.first_time((spender, year, line), doc.at("spending", line, spender), "spending",
                               line=line,
                               year=year):
            return False
        self.actuals.add_spending(year, line, spender, None, Decimal(0))
        for nature, amount, at in good:
            self.actuals.add_spending(year, line, spender, nature, amount)
            self.unplanned(line, spender, nature, amount, at)
        return True

    def unplanned(self, line: str, spender: str, nature: str, amount: Decimal, where: Location) -> None:
        """A CIC714 finding for an amount on a nature the plan holds nothing for, in any year."""
        block = self.budget.line(line) if self.budget is not None else None
        if block is None or amount == 0 or self.calendar is None:
            return
        if not all(nothing_planned(block.nature_amount(nature, y)) for y in self.calendar.years):
            return
        self.findings.append(CIC714.finding("not-planned", where, spender=spender, amount=Money(amount),
                                            nature=nature, line=block.label or line,
                                            first=self.calendar.first, last=self.calendar.last))


# -- values ------------------------------------------------------------------------------------


def parse_value(measure: Measure, raw: Any) -> tuple[Value | None, Any]:
    """The value as the measure's roll-up needs it, or None and the reason it is not (a phrase)."""
    rollup = measure.rollup
    if rollup == "count":
        if isinstance(raw, bool):
            return raw, ""
        return None, phrase("it should be true or false (is it so for this reporter?)")
    if rollup == "ratio":
        if not isinstance(raw, dict) or set(raw) != {"part", "of"}:
            return None, phrase("it should give the two counts, as {{part: 42, of: 97}}")
        part, of = raw["part"], raw["of"]
        if not (is_number(part) and is_number(of)):
            return None, phrase("'part' and 'of' should both be numbers")
        if part < 0 or of < 0:
            return None, phrase("counts cannot be negative")
        if part > of:
            return None, phrase("the part ({part}) is larger than the whole ({of})", part=part, of=of)
        return Ratio(Decimal(part), Decimal(of)), ""
    if rollup == "latest" and isinstance(raw, bool):
        return raw, ""  # kept a yes/no, which it reads as (1/0 in the roll-up): the reports say "yes"
    if not is_number(raw):
        return None, phrase("it should be a number")
    if raw < 0:
        return None, phrase("it cannot be negative")
    return Decimal(raw), ""


def parse_amount(raw: Any) -> tuple[Decimal | None, Any]:
    """An amount in euros: a plain non-negative number with at most two decimals."""
    if not is_number(raw):
        return None, phrase("it should be a plain number such as 12500.50")
    amount = Decimal(raw)
    if amount < 0:
        return None, phrase("it cannot be negative")
    if beyond_cents(amount):
        return None, phrase("an amount has at most two decimals (cents)")
    return amount, ""


_EXAMPLES = {"count": N_("true or false"), "ratio": N_("{{part: 42, of: 97}}"),
             "latest": N_("a number (or true/false)")}
#: The levels an indicator is reported at, as a sentence names them.
_LEVELS = (N_("commune"), N_("partnership"), N_("programme"))


def _example(measure: Measure) -> Any:
    return phrase(_EXAMPLES.get(measure.rollup, "a number"))


def _show(raw: Any) -> Any:
    return phrase("a list") if isinstance(raw, list) else preview(raw)
