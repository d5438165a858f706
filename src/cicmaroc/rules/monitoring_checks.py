"""Check the monitoring files against the programme, and keep only the figures that pass.

One pass over `data/monitoring/*.yaml` does both jobs: every problem becomes a located finding
(CIC701-CIC713), and every value that passed goes into an `Actuals`, so a typo in one commune's
line costs that line, not the year. The checks need the logframe (which measures exist, what
kind of value each takes), the partner files (who may report) and the budget (lines, natures).

Codes:
  CIC701 unknown reporter       CIC706 value of the wrong kind   CIC711 unknown budget line
  CIC702 unknown indicator      CIC707 duplicated entry          CIC712 unknown spender
  CIC703 unknown measure        CIC708 reported at wrong level   CIC713 unknown nature of cost
  CIC704 year outside 2017-2021 CIC709 no source (warning)
  CIC705 year differs from file CIC710 no value (warning)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import PurePath
from typing import Any

from cicmaroc.analysis.actuals import PROGRAMME, Actuals, Ratio, Value, YearFile
from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.loading.programme import Doc, Programme
from cicmaroc.models.budget import NATURES
from cicmaroc.models.common import FIRST_YEAR, LAST_YEAR
from cicmaroc.models.logframe import Indicator, Measure
from cicmaroc.models.monitoring import MonitoringYear

_ERR, _WARN = Severity.ERROR, Severity.WARNING
_FORMAT_HINT = "See 'Monitoring' in docs/data-format.md."


def check_monitoring(programme: Programme) -> list[Finding]:
    """Every problem in the monitoring files, each with its file, line and column."""
    return read_monitoring(programme)[1]


def read_monitoring(programme: Programme) -> tuple[Actuals, list[Finding]]:
    """The checked figures of every monitoring file, and the findings about the rest."""
    reader = _Reader(programme)
    for doc in programme.monitoring:
        reader.read(doc)
    return reader.actuals, reader.findings


@dataclass(frozen=True, slots=True)
class _Seen:
    location: Location


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
        self.seen: dict[tuple[Any, ...], _Seen] = {}

    # -- helpers ---------------------------------------------------------------------------

    def add(self, code: str, name: str, message: str, location: Location, hint: str,
            severity: Severity = _ERR, related: tuple[Location, ...] = ()) -> None:
        self.findings.append(Finding(code, severity, message, location, related, hint, name))

    def first_time(self, key: tuple[Any, ...], location: Location, what: str) -> bool:
        """False (and a CIC707 finding) when the same figure was already given elsewhere."""
        earlier = self.seen.get(key)
        if earlier is None:
            self.seen[key] = _Seen(location)
            return True
        self.add("CIC707", "duplicate-entry",
                 f"{what} is given twice for {key[0]} (first at {earlier.location}); this one is ignored.",
                 location, "Keep one of the two: a figure is recorded once per year.",
                 related=(earlier.location,))
        return False

    # -- one file --------------------------------------------------------------------------

    def read(self, doc: Doc[MonitoringYear]) -> None:
        model = doc.model
        year = model.year
        usable = True
        if not FIRST_YEAR <= year <= LAST_YEAR:
            self.add("CIC704", "year-outside-programme",
                     f"The year {year} is outside the programme ({FIRST_YEAR}-{LAST_YEAR}); "
                     "nothing in this file is counted.",
                     doc.at("year"), f"Monitoring covers the programme years {FIRST_YEAR}-{LAST_YEAR}.")
            usable = False
        stem = PurePath(doc.file).stem
        if re.fullmatch(r"\d{4}", stem) and int(stem) != year:
            self.add("CIC705", "year-differs-from-file-name",
                     f"The file is named {stem} but says 'year: {year}'; its figures count for {year}.",
                     doc.at("year"), f"Rename the file to {year}.yaml, or correct the year.")
        if usable:
            self.actuals.files.setdefault(year, []).append(YearFile(doc.file, model.note))
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
            self.add("CIC701", "unknown-reporter",
                     f"'{reporter}' is not a Moroccan commune, a partnership or 'programme'; "
                     "its figures are not counted.",
                     doc.source.key_at("reports", reporter),
                     "Use the commune's id from its partner file (e.g. ait-baha), the partnership's "
                     f"id (e.g. etterbeek), or 'programme'. Known communes: {', '.join(self.communes)}.")
            return
        for indicator_id, entry in entries.items():
            where = ("reports", reporter, indicator_id)
            indicator = self.indicators.get(str(indicator_id))
            if indicator is None:
                if self.has_logframe:
                    self.add("CIC702", "unknown-indicator",
                             f"'{indicator_id}' is not an indicator of the logframe.",
                             doc.source.key_at(*where),
                             "Use the indicator's id as in data/logframe.yaml, e.g. 'IOV 1.2'.")
                continue
            if indicator.level != level:
                self.add("CIC708", "wrong-level",
                         f"{indicator.id} is reported by each {indicator.level}, but '{reporter}' is "
                         f"a {level}; this entry is not counted.",
                         doc.source.key_at(*where), _level_hint(indicator.level))
                continue
            if entry is None:
                continue
            values = entry.values()
            if not values:
                self.add("CIC710", "no-value",
                         f"The entry for {indicator.id} of '{reporter}' has no value.",
                         doc.source.key_at(*where),
                         "Add the value of each measure: "
                         + ", ".join(f"{m.id}: {_example(m)}" for m in indicator.measures) + ".",
                         severity=_WARN)
                continue
            if not (entry.source or "").strip():
                self.add("CIC709", "missing-source",
                         f"{indicator.id} of '{reporter}' has no source of verification.",
                         doc.source.key_at(*where),
                         "Add 'source:' naming the council decision, report, link or file "
                         f"({'; '.join(indicator.sources) or 'see the logframe'}).", severity=_WARN)
            measures = {m.id: m for m in indicator.measures}
            for measure_id, raw in values.items():
                self.read_value(doc, year, reporter, indicator, measures, str(measure_id), raw)
            if year is not None and (entry.source or "").strip():
                self.actuals.add_source(indicator.id, year, reporter, " ".join(str(entry.source).split()))

    def read_value(self, doc: Doc[MonitoringYear], year: int | None, reporter: str,
                   indicator: Indicator, measures: dict[str, Measure], measure_id: str,
                   raw: Any) -> None:
        where = ("reports", reporter, indicator.id, measure_id)
        measure = measures.get(measure_id)
        if measure is None:
            self.add("CIC703", "unknown-measure",
                     f"{indicator.id} has no measure '{measure_id}' (it has: {', '.join(measures)}).",
                     doc.source.key_at(*where), "Use the measure ids of the indicator in data/logframe.yaml.")
            return
        value, problem = parse_value(measure, raw)
        if value is None:
            self.add("CIC706", "wrong-kind-of-value",
                     f"The value {_show(raw)} of {indicator.id} '{measure_id}' for '{reporter}' is not "
                     f"valid: {problem}.",
                     doc.at(*where), f"Write it as {_example(measure)}. {_FORMAT_HINT}")
            return
        if year is None:
            return
        location = doc.at(*where)
        if self.first_time((reporter, year, indicator.id, measure_id), location,
                           f"{indicator.id} '{measure_id}' of {year}"):
            self.actuals.add_value(indicator.id, measure_id, year, reporter, value)

    # -- spending --------------------------------------------------------------------------

    def read_line(self, doc: Doc[MonitoringYear], year: int | None, line: str,
                  spenders: dict[str, Any]) -> None:
        if self.lines is not None and line not in self.lines:
            self.add("CIC711", "unknown-budget-line",
                     f"'{line}' is not a line of the budget (T3); this spending is not counted.",
                     doc.source.key_at("spending", line),
                     f"Use a line id from data/budget.yaml: {', '.join(sorted(self.lines))}.")
            return
        for spender, entry in spenders.items():
            spender = str(spender)
            if self.associations is None or not self.all_partners_known:
                if spender not in self.partnerships and spender not in (self.associations or ()):
                    continue  # cannot tell: the file that would name it failed to load
            elif spender not in self.partnerships and spender not in self.associations:
                self.add("CIC712", "unknown-spender",
                         f"'{spender}' is not a partnership or an association; its spending is not "
                         "counted.",
                         doc.source.key_at("spending", line, spender),
                         "Use the partnership's id (its file name in data/partners/) or an association "
                         f"id from data/budget.yaml ({', '.join(sorted(self.associations))}).")
                continue
            if entry is None:
                continue
            self.read_amounts(doc, year, line, spender, entry.amounts())

    def read_amounts(self, doc: Doc[MonitoringYear], year: int | None, line: str, spender: str,
                     amounts: dict[str, Any]) -> None:
        good: list[tuple[str, Decimal, Location]] = []
        for nature, raw in amounts.items():
            where = ("spending", line, spender, nature)
            if nature not in NATURES:
                self.add("CIC713", "unknown-nature",
                         f"'{nature}' is not a nature of cost; this amount is not counted.",
                         doc.source.key_at(*where), f"Use one of: {', '.join(NATURES)}.")
                continue
            amount, problem = parse_amount(raw)
            if amount is None:
                self.add("CIC706", "wrong-kind-of-value",
                         f"The amount {_show(raw)} spent by '{spender}' ({line}, {nature}) is not "
                         f"valid: {problem}.",
                         doc.at(*where), "Write amounts as plain numbers with a dot for cents, "
                                         "e.g. 12500.50.")
                continue
            good.append((str(nature), amount, doc.at(*where)))
        if year is None:
            return
        if not self.first_time((spender, year, line), doc.at("spending", line, spender),
                               f"The spending on '{line}' of {year}"):
            return
        self.actuals.add_spending(year, line, spender, None, Decimal(0))
        for nature, amount, _ in good:
            self.actuals.add_spending(year, line, spender, nature, amount)


# -- values ------------------------------------------------------------------------------------


def _is_number(raw: Any) -> bool:
    return isinstance(raw, (int, Decimal)) and not isinstance(raw, bool)


def parse_value(measure: Measure, raw: Any) -> tuple[Value | None, str]:
    """The value as the measure's roll-up needs it, or None and the reason it is not."""
    rollup = measure.rollup
    if rollup == "count":
        if isinstance(raw, bool):
            return raw, ""
        return None, "it should be true or false (is it so for this reporter?)"
    if rollup == "ratio":
        if not isinstance(raw, dict) or set(raw) != {"part", "of"}:
            return None, "it should give the two counts, as {part: 42, of: 97}"
        part, of = raw["part"], raw["of"]
        if not (_is_number(part) and _is_number(of)):
            return None, "'part' and 'of' should both be numbers"
        if part < 0 or of < 0:
            return None, "counts cannot be negative"
        if part > of:
            return None, f"the part ({part}) is larger than the whole ({of})"
        return Ratio(Decimal(part), Decimal(of)), ""
    if rollup == "latest" and isinstance(raw, bool):
        return Decimal(int(raw)), ""
    if not _is_number(raw):
        return None, "it should be a number"
    if raw < 0:
        return None, "it cannot be negative"
    return Decimal(raw), ""


def parse_amount(raw: Any) -> tuple[Decimal | None, str]:
    """An amount in euros: a plain non-negative number with at most two decimals."""
    if not _is_number(raw):
        return None, "it should be a plain number such as 12500.50"
    amount = Decimal(raw)
    if amount < 0:
        return None, "it cannot be negative"
    exponent = amount.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        return None, "an amount has at most two decimals (cents)"
    return amount, ""


def _example(measure: Measure) -> str:
    return {"count": "true or false", "ratio": "{part: 42, of: 97}",
            "latest": "a number (or true/false)"}.get(measure.rollup, "a number")


def _level_hint(level: str) -> str:
    return {
        "commune": "Record it under each Moroccan commune's id (e.g. ait-baha).",
        "partnership": "Record it under the partnership's id (e.g. etterbeek).",
        "programme": "Record it under 'programme'.",
    }[level]


def _show(raw: Any) -> str:
    if isinstance(raw, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in raw.items()) + "}"
    if isinstance(raw, list):
        return "a list"
    text = repr(raw) if isinstance(raw, str) else str(raw).lower() if isinstance(raw, bool) else str(raw)
    return text if len(text) <= 60 else text[:57] + "..."

