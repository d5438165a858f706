"""Every figure of a year, as plain dicts and lists: what `cic progress` shows and the report uses.

Templates get values, never the models, so that renaming a model field cannot silently break a
template kept in a data repository, and the sandbox has nothing clever to reach into. Numbers
stay numbers (Decimal); the template formats them through the Babel filters. A value that is
missing is None, and templates print it as missing, never as zero.

`build_figures` computes every figure once, with the agreed readings applied (derive/readings.py);
the report adds its wording and findings to it (`report.context.build_context`), and `cic
progress` prints or serialises the same dict, so the two can never disagree. Its shape is
docs/output-json.md.
"""

from __future__ import annotations

import os
from collections import Counter
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from cicmaroc.analysis.execution import (
    Estimate,
    ExecutionRow,
    Spent,
    association_rows,
    execution_rows,
    expected_spenders,
    missing_years,
    natures_left_blank,
    partnership_execution,
    whole_plan,
    yearly,
)
from cicmaroc.analysis.progress import (
    IndicatorProgress,
    MeasureProgress,
    MilestoneCheck,
    Rolled,
    Status,
    Thresholds,
    all_progress,
    reporters_by_level,
)
from cicmaroc.cells import CellValue, Dash, amount
from cicmaroc.derive.actuals import PROGRAMME, Actuals, Ratio, Value
from cicmaroc.derive.readings import AppliedReading, ReadProgramme
from cicmaroc.files.discovery import apparent
from cicmaroc.loading.programme import Programme
from cicmaroc.models.budget import Budget
from cicmaroc.models.common import in_languages
from cicmaroc.models.logframe import Indicator, Logframe, Measure
from cicmaroc.numeric import SIX_PLACES, fraction_to_decimal
from cicmaroc.years import Calendar

#: Statuses in the order the summaries list them.
STATUS_ORDER = (Status.ACHIEVED, Status.NOT_ACHIEVED, Status.ON_TRACK, Status.BEHIND, Status.OFF_TRACK,
                Status.INCOMPLETE, Status.NO_DATA, Status.NO_TARGET)


def as_decimal(value: Fraction | None) -> Decimal | None:
    """An exact fraction as a decimal of at most 6 places, without trailing zeros (3, 0.758065)."""
    return None if value is None else fraction_to_decimal(value).normalize()


def build_figures(read: ReadProgramme, actuals: Actuals, year: int,
                  thresholds: Thresholds | None = None) -> dict[str, Any]:
    """Every figure of the year, computed with the agreed readings (`read`: the programme as read, from
    `derive.readings.read_programme`). Needs a logframe and a budget."""
    thresholds = thresholds or Thresholds()
    prog = read.programme
    calendar = prog.calendar
    assert prog.logframe is not None and prog.budget is not None and calendar is not None
    assert prog.identity is not None
    frame, budget = prog.logframe.model, prog.budget.model
    primary = prog.text_language
    communes = list(prog.communes())
    partnership_ids = [p.model.id for p in prog.partners]
    reporters = reporters_by_level([c.id for c in communes], partnership_ids)
    progress = all_progress(frame.indicators(), actuals, year, reporters, calendar, thresholds)
    reported = actuals.reporters(year)
    spenders = {s for _, s in actuals.spenders.get(year, set())}
    country = prog.country.model if prog.country else None
    names = {c.id: c.local_name for c in communes}
    names |= {p.model.id: p.model.belgian_commune.name for p in prog.partners}
    names[PROGRAMME] = PROGRAMME
    partner_of = {c.id: c.partnership_names for c in communes}
    budget_figures = _budget(prog, read, actuals, year, partnership_ids, calendar)
    planned_total = whole_plan(budget.total.total)
    printed_total = budget.total.total.get("grand_total") if budget.total.total else None
    identity = prog.identity.model
    return {
        "year": year,
        "thresholds": {"on_track": as_decimal(thresholds.on_track), "behind": as_decimal(thresholds.behind)},
        "programme": {
            "name": dict(identity.name),
            "language": primary,
            "first_year": calendar.first,
            "last_year": calendar.last,
            "baseline_year": calendar.baseline,
            "milestones": [{"id": m.id, "year": m.year, "label": dict(m.label)} for m in calendar.milestones],
            "country": country.country if country else None,
            "country_code": identity.country.code,
            "outcome_id": frame.outcome.id,
            "outcome_text": " ".join(frame.outcome.text.split()),
            "outcome_texts": texts_of(frame.outcome, "text", primary),
            "partnerships": len(prog.partners),
            "communes": len(communes),
            "results": len(frame.results),
            "indicators": len(frame.indicators()),
            "country_total": budget.country_total,
            "planned_total": planned_total,
            "printed_total": printed_total,
            "total_differs": planned_total is not None and printed_total is not None
            and amount(planned_total) != amount(printed_total),
            "planned_year": budget.total.total.get(year) if budget.total.total else None,
            "planned_year_reading": _reading(read, "budget", "total", "total", str(year)),
        },
        "labels": _labels(budget, primary),
        "monitoring": {
            "files": [{"file": repository_path(f.file, prog.root), "note": f.note}
                      for f in actuals.files.get(year, [])],
            "communes_reported": sum(1 for c in communes if c.id in reported),
            "partnerships_spending": sum(1 for pid in partnership_ids if pid in spenders
                                         and not _blank(prog, actuals, year, pid)),
            "has_values": bool(reported),
            "has_spending": actuals.spending_reported(year),
        },
        "readings": [_reading_entry(r, prog.root) for r in read.readings],
        "budget": budget_figures,
        "partnerships": _partnerships(prog, read, actuals, year, reported, spenders),
        "programme_budget": _programme_budget(prog, actuals, year, partnership_ids, calendar),
        "indicators": _indicators(frame, progress, read, actuals, reporters, names, partner_of, primary),
        "status_counts": _status_counts(progress),
        "narrative": _narrative(prog, year),
        "risks": _risks(prog, year),
        "spending_sources": _spending_sources(budget, actuals, year, names),
        "files_read": {
            "monitoring": [repository_path(f.file, prog.root) for f in actuals.files.get(year, [])],
            "narrative": [repository_path(d.file, prog.root) for d in prog.narrative if d.model.year == year],
            "risk_follow_up": [repository_path(d.file, prog.root) for d in prog.risk_follow_up
                               if d.model.year == year],
        },
    }


def texts_of(item: Any, field: str, primary: str) -> dict[str, str]:
    """A transcribed text's translations beside it, by language (`text_nl`, `text_fr`), one line each."""
    return {lang: " ".join(text.split()) for lang, text in in_languages(item, field, primary)[1:]}


def _labels(budget: Budget, primary: str) -> dict[str, Any]:
    """The budget's lines, natures and associations as a reader names them: the label as printed
    and its translations, by id."""
    def named(items: list[Any]) -> dict[str, Any]:
        return {item.id: dict(in_languages(item, "label", primary)) for item in items
                if item.id and item.label}
    return {"lines": named(budget.lines), "natures": named(budget.natures),
            "associations": named(budget.associations)}


def _spending_sources(budget: Budget, actuals: Actuals, year: int,
                      names: dict[str, str]) -> list[dict[str, Any]]:
    """The source of verification (and evidence files) of each spending report of the year, by budget
    line and spender."""
    labels = {b.id: b.label or b.id for b in [*budget.lines, *budget.associations] if b.id}
    order = {line_id: i for i, line_id in enumerate(labels)}
    reported = sorted(actuals.spenders.get(year, set()), key=lambda p: (order.get(p[0], len(order)), p[1]))
    return [{"line_id": line, "line": labels.get(line, line), "spender_id": spender,
             "spender": names.get(spender, labels.get(spender, spender)),
             "source": actuals.spending_sources.get((year, line, spender)),
             "evidence": list(actuals.spending_evidence.get((year, line, spender), ()))}
            for line, spender in reported]


# -- narrative and risks -------------------------------------------------------------------------


def _text(text: Any) -> dict[str, str | None] | None:
    """A text in fr and/or nl, or None when nothing is written in either."""
    if text is None or not (text.fr or text.nl):
        return None
    return {"fr": text.fr or None, "nl": text.nl or None}


def _narrative(prog: Programme, year: int) -> dict[str, Any]:
    """What the officers wrote for the year (data/narrative/<year>.yaml): summary, per result (and
    the outcome) and per indicator; a text nobody wrote is None, and the report says so."""
    docs = [d.model for d in prog.narrative if d.model.year == year]
    if not docs:
        return {"file": False, "summary": None, "results": {}, "indicators": {}}
    model = docs[0]
    return {
        "file": True,
        "summary": _text(model.summary),
        "results": {rid: _text(r.text) for rid, r in model.results.items()},
        "indicators": {iid: _text(t) for r in model.results.values() for iid, t in r.indicators.items()},
    }


def _risks(prog: Programme, year: int) -> dict[str, Any]:
    """The risk table, each risk with its follow-up for the year (data/risk-follow-up/<year>.yaml) or None."""
    if prog.risks is None:
        return {"table": False, "follow_up_file": False, "rows": []}
    docs = [d.model for d in prog.risk_follow_up if d.model.year == year]
    follow: dict[str, Any] = {}
    for status in docs[0].risks if docs else []:
        follow.setdefault(status.risk, {"probability": status.probability, "impact": status.impact,
                                        "level": status.level, "occurred": status.occurred,
                                        "measures_taken": status.measures_taken})
    return {
        "table": True,
        "follow_up_file": bool(docs),
        "rows": [{"id": r.id, "source": r.source, "probability": r.probability, "impact": r.impact,
                  "level": r.level, "measures": r.measures, "owner": r.owner, "follow_up": follow.get(r.id)}
                 for r in prog.risks.model.risks],
    }


# -- readings ----------------------------------------------------------------------------------


def _reading(read: ReadProgramme, *subject: str) -> dict[str, Any] | None:
    """The footnote of a figure computed with an agreed reading, or None (printed as is)."""
    reading = read.reading_for(*subject)
    if reading is None:
        return None
    return {"number": reading.number, "printed": reading.printed, "read_as": reading.read_as,
            "reason": _reason(reading)}


def _reason(r: AppliedReading) -> str:
    """The reason on one line, without a final full stop (the footnote adds the decision after it)."""
    return " ".join(r.reading.reason.split()).rstrip(".")


def _reading_entry(r: AppliedReading, root: Path) -> dict[str, Any]:
    return {
        "number": r.number,
        "money": r.subject is not None and r.subject[0] in ("budget", "budget_os1"),
        "file": repository_path(r.file, root),
        "line": r.location.line,
        "path": [str(k) for k in r.reading.path],
        "printed": r.printed,
        "read_as": r.read_as,
        "reason": _reason(r),
        "decided_by": r.reading.decided_by,
        "decided_on": r.reading.decided_on,
    }


# -- money ---------------------------------------------------------------------------------------


def _estimate(e: Estimate | None, spent: Spent | None = None) -> dict[str, Any] | None:
    """A money figure or rate: its value and whether it is exact, at least or at most the truth.
    Rates come through `_rate`, with six decimal places."""
    if e is None:
        return None
    out: dict[str, Any] = {"value": e.value, "bound": e.bound}
    if spent is not None:
        out |= {"reported": spent.reported, "expected": spent.expected}
    return out


def _spent(spent: Spent) -> dict[str, Any]:
    """Spending with who reported: `value` None when nothing counted yet ("not recorded", or "not
    reported" where nobody was asked)."""
    amount = spent.amount
    return {"value": amount.value if amount else None, "bound": amount.bound if amount else None,
            "reported": spent.reported, "expected": spent.expected,
            "unrecorded": list(spent.unrecorded), "not_recorded": spent.not_recorded,
            "not_asked": spent.not_asked,
            "complete": spent.complete}


def _row(r: ExecutionRow, read: ReadProgramme, year: int, calendar: Calendar) -> dict[str, Any]:
    block = r.line or "total"
    row = r.nature or "total"
    to_date = [_reading(read, "budget", block, row, str(y)) for y in calendar.up_to(year)]
    return {
        "label": r.label, "kind": r.kind, "line": r.line, "nature": r.nature,
        "planned": r.planned, "planned_reading": _reading(read, "budget", block, row, str(year)),
        "spent": _spent(r.spent), "rate": _rate(r.rate, r.spent),
        "planned_to_date": r.planned_to_date,
        "planned_to_date_readings": [x for x in to_date if x is not None],
        "spent_to_date": _spent(r.spent_to_date), "rate_to_date": _rate(r.rate_to_date, r.spent_to_date),
        "planned_total": r.planned_total,
        "printed_total": r.printed_total,
        "total_differs": r.total_differs,
        "planned_total_reading": None if r.total_differs
        else _reading(read, "budget", block, row, "grand_total"),
        "remaining": _estimate(r.remaining, r.spent_to_date),
    }


def _budget(prog: Programme, read: ReadProgramme, actuals: Actuals, year: int,
            partnerships: list[str], calendar: Calendar) -> dict[str, Any]:
    assert prog.budget is not None
    budget = prog.budget.model
    rows = [_row(r, read, year, calendar)
            for r in execution_rows(budget, actuals, year, partnerships, calendar.first)]
    associations = [{"id": aid, "label": label, "rows": [
        {"label": r.label, "kind": r.kind, "nature": r.label if r.kind == "nature" else None,
         "planned": r.planned, "planned_total": r.planned_total}
        for r in planned]} for aid, label, planned in association_rows(budget, year)]
    expected = expected_spenders(budget, partnerships, year)
    points = yearly(budget, actuals, partnerships, calendar.up_to(year))
    return {
        "rows": rows,
        "associations": associations,
        "expected_spenders": {line: list(who) for line, who in expected.items()},
        "missing_years": missing_years(actuals, calendar.up_to(year)),
        "complete": all(r["spent"]["complete"] and r["spent_to_date"]["complete"] for r in rows),
        "years": [{"year": p.year, "planned": p.planned, "spent": _spent(p.spent)} for p in points],
    }


def _rate(e: Estimate | None, spent: Spent) -> dict[str, Any] | None:
    """A rate (spent / planned) with six decimal places, the precision of every share in the JSON:
    a lower bound is rounded down, so that "at least" stays true."""
    if e is None:
        return None
    places = e.value.quantize(SIX_PLACES, rounding=ROUND_FLOOR if e.bound == "at_least" else ROUND_HALF_EVEN)
    return _estimate(Estimate(places, e.bound), spent)


def _blank(prog: Programme, actuals: Actuals, year: int, partnership: str) -> tuple[str, ...]:
    """The natures a partnership's spending entry for `year` leaves blank (its entry is partial)."""
    assert prog.budget is not None
    line = prog.budget.model.partnerships_line
    if line is None or line.id is None:
        return ()
    return natures_left_blank(actuals, prog.budget.model, year, line.id, partnership)


def _variance(spent: Spent, planned: CellValue | None) -> dict[str, Any] | None:
    """Spent - planned, in euros and as a share of the plan: exact, or at least (reports missing);
    None when nothing was reported or nothing planned, and for a plan printed "-" (a variance from
    a zero nobody printed would be no figure of the plan's: CIC714 says such spending)."""
    amount = spent.amount
    if amount is None or planned is None or isinstance(planned, Dash):
        return None
    difference = amount.value - planned
    return {"value": difference, "bound": amount.bound,
            "share": None if planned == 0 else fraction_to_decimal(Fraction(difference) / Fraction(planned)),
            "reported": spent.reported, "expected": spent.expected}


def _programme_budget(prog: Programme, actuals: Actuals, year: int, partnership_ids: list[str],
                      calendar: Calendar) -> dict[str, Any]:
    """The whole programme's budget up to `year`: per line, nature and partnership, planned and spent
    each year and for the period, the variance against the plan to date, and the year's narrative
    explanation of it (`variances:`) beside the figures."""
    assert prog.budget is not None
    budget = prog.budget.model
    years = list(calendar.up_to(year))
    by_year = {y: execution_rows(budget, actuals, y, partnership_ids, calendar.first) for y in years}
    docs = [d.model for d in prog.narrative if d.model.year == year]
    explained = {key: _text(text) for key, text in docs[0].variances.items()} if docs else {}
    rows = []
    for i, last in enumerate(by_year[year]):
        if last.kind not in ("line", "nature", "total", "total-nature"):
            continue
        rows.append({
            "label": last.label, "kind": last.kind, "line": last.line, "nature": last.nature,
            "years": [{"year": y, "planned": by_year[y][i].planned, "spent": _spent(by_year[y][i].spent)}
                      for y in years],
            "planned_total": last.planned_total, "planned_to_date": last.planned_to_date,
            "spent_to_date": _spent(last.spent_to_date),
            "variance": _variance(last.spent_to_date, last.planned_to_date),
            "explanation": explained.get(last.line) if last.kind == "line" and last.line else None,
        })
    execution = {y: {e.partnership: e for e in partnership_execution(
        [(p.model.id, p.model.budget_os1) for p in prog.partners], actuals, budget, y, calendar.first)}
        for y in years}
    partnerships = [{
        "id": p.model.id, "belgian": p.model.belgian_commune.name, "budget_os1": p.model.budget_os1,
        "years": [{"year": y, "spent": _spent(execution[y][p.model.id].spent)} for y in years],
        "spent_to_date": _spent(execution[year][p.model.id].spent_to_date),
        "variance": _variance(execution[year][p.model.id].spent_to_date, p.model.budget_os1),
        "explanation": explained.get(p.model.id),
    } for p in prog.partners]
    return {"years": years, "rows": rows, "partnerships": partnerships}


def _partnerships(prog: Programme, read: ReadProgramme, actuals: Actuals, year: int, reported: set[str],
                  spenders: set[str]) -> list[dict[str, Any]]:
    assert prog.budget is not None
    assert prog.calendar is not None
    execution = {e.partnership: e for e in partnership_execution(
        [(p.model.id, p.model.budget_os1) for p in prog.partners], actuals, prog.budget.model, year,
        prog.calendar.first)}
    out = []
    for partner in prog.partners:
        model = partner.model
        e = execution[model.id]
        named = {c.id: c.local_name for c in prog.communes()}
        communes = [{"id": c.id, "name": named.get(c.id, c.id), "reported": c.id in reported}
                    for c in model.local_communes]
        out.append({
            "id": model.id,
            "belgian": model.belgian_commune.name,
            "title": model.title,
            "communes": communes,
            "communes_reported": sum(1 for c in communes if c["reported"]),
            "not_reported": [c["name"] for c in communes if not c["reported"]],
            "spending_reported": model.id in spenders,
            "natures_left_blank": list(_blank(prog, actuals, year, model.id)),
            "budget_os1": e.planned_total,
            "budget_os1_reading": _reading(read, "budget_os1", model.id),
            "spent": _spent(e.spent),
            "spent_to_date": _spent(e.spent_to_date),
            "rate_to_date": _rate(e.rate_to_date, e.spent_to_date),
            "remaining": _estimate(e.remaining, e.spent_to_date),
            "years_reported": list(e.years_reported),
            "years_missing": list(e.years_missing),
        })
    return out


# -- indicators --------------------------------------------------------------------------------


def _progress_shown(m: MeasureProgress) -> dict[str, Any] | None:
    """Progress, exact or as a range; a negative bound only missing reports could cause is left out.

    With 3 of 12 communes reporting a SAS against a baseline of 9, the count could be anything
    from 3 to 12: progress from -200 % to 100 %. The -200 % would only come from reading the
    silent communes as "no", so it is not stated: the range shows as "at most 100 %".
    """
    low, high = m.progress_low, m.progress_high
    if m.figure is None or (low is None and high is None):
        return None
    if low is not None and low < 0 and (high is None or high >= 0):
        low = None
    return {"low": as_decimal(low), "high": as_decimal(high), "exact": low is not None and low == high}


def _cell_reading(read: ReadProgramme, indicator: str, cell: str, measure: str) -> dict[str, Any] | None:
    return (_reading(read, "target", indicator, cell, "values", measure)
            or _reading(read, "target", indicator, cell, "percents", measure))


def _measure(m: MeasureProgress, indicator: Indicator, read: ReadProgramme,
             names: dict[str, str], primary: str) -> dict[str, Any]:
    mid = m.measure.id
    milestone = indicator.targets.get(m.milestone_id)
    final_id = m.final_id or m.milestone_id
    final = indicator.targets.get(final_id)
    fig = m.figure
    return {
        "id": mid,
        "unit": m.measure.unit,
        "units": texts_of(m.measure, "unit", primary),
        "rollup": m.measure.rollup,
        "kind": m.measure.kind,
        "direction": m.measure.direction,
        "deadline": m.deadline,
        "baseline": as_decimal(m.baseline) if m.baseline_printed else None,
        "baseline_percent": indicator.baseline.percents.get(mid),
        "baseline_reading": _cell_reading(read, indicator.id, "baseline", mid),
        "milestone_id": m.milestone_id,
        "milestone_year": m.milestone_year,
        "milestone": as_decimal(m.milestone),
        "milestone_percent": milestone.percents.get(mid) if milestone else None,
        "milestone_reading": _cell_reading(read, indicator.id, m.milestone_id, mid),
        "final_id": m.final_id,
        "final": as_decimal(m.final),
        "final_percent": final.percents.get(mid) if final else None,
        "final_reading": _cell_reading(read, indicator.id, final_id, mid),
        "expected": as_decimal(m.expected),
        "value": figure_entry(fig),
        "actual": as_decimal(m.actual),
        "as_of": fig.as_of if fig is not None and fig.as_of != m.year else None,
        "progress": _progress_shown(m),
        "expected_progress": as_decimal(m.expected_progress),
        "status": m.status.value,
        "possible": [s.value for s in m.possible] if m.possible and m.status == Status.INCOMPLETE else None,
        "final_due": m.final_due,
        "final_stage": m.final_stage,
        "shortfall": None if m.shortfall is None
        else {"low": as_decimal(m.shortfall[0]), "high": as_decimal(m.shortfall[1])},
        "milestone_verdict": m.milestone_check.verdict.value
        if m.milestone_check and m.milestone_check.verdict else None,
        "milestones_due": [check_entry(c) for c in m.checks],
        "complete": m.complete,
        "reported": m.reported,
        "reporters": m.reporters,
        "open": [names.get(r, r) for r in fig.open] if fig else [],
        "years_open": list(fig.years_open) if fig else [],
    }


def check_entry(c: MilestoneCheck) -> dict[str, Any]:
    """A milestone whose year has come: its target, the figure of its due year and the verdict."""
    return {"id": c.id, "year": c.year, "due": c.due, "target": as_decimal(c.target),
            "value": figure_entry(c.figure), "verdict": c.verdict.value if c.verdict else None}


def figure_entry(fig: Rolled | None) -> dict[str, Any] | None:
    """A programme figure: exact, or the range of every completion (high None: no upper bound)."""
    return None if fig is None else {"low": as_decimal(fig.low), "high": as_decimal(fig.high),
                                     "exact": fig.exact,
                                     "among_reported": as_decimal(fig.among_reported)}


def shown_as(indicator: Indicator, measure: Measure, actuals: Actuals) -> dict[str, bool]:
    """How a measure's numbers read: `share` (a ratio, shown with "%"), `yes_no` (a programme's
    yes/no, whose 1 and 0 read "yes" and "no": one reporter, every value reported a true or false)."""
    values = [v for year in actuals.measure(indicator.id, measure.id).values() for v in year.values()]
    return {"share": measure.rollup == "ratio",
            "yes_no": indicator.level == "programme" and bool(values)
            and all(isinstance(v, bool) for v in values)}


def _value(value: Value | None) -> Any:
    """A reporter's value for the annex: true/false, a number, or {part, of}."""
    if isinstance(value, Ratio):
        return {"part": value.part, "of": value.of}
    return value


def _reports(indicator: Indicator, actuals: Actuals, year: int, reporters: list[str],
             names: dict[str, str], partner_of: dict[str, str]) -> list[dict[str, Any]]:
    """Each expected reporter's values, source and evidence files for the year; missing values are None."""
    out = []
    for r in reporters:
        values = {m.id: _value(actuals.measure(indicator.id, m.id).get(year, {}).get(r))
                  for m in indicator.measures}
        out.append({
            "id": r, "name": names.get(r, r), "partnership": partner_of.get(r),
            "values": values,
            "reported": any(v is not None for v in values.values()),
            "source": actuals.source(indicator.id, year, r),
            "evidence": list(actuals.evidence.get((indicator.id, year, r), ())),
        })
    return out


def _indicator(p: IndicatorProgress, read: ReadProgramme, actuals: Actuals, reporters: list[str],
               names: dict[str, str], partner_of: dict[str, str], primary: str) -> dict[str, Any]:
    i = p.indicator
    possible = p.possible
    return {
        "id": i.id,
        "label": i.label,
        "text": " ".join(i.text.split()),
        "texts": texts_of(i, "text", primary),
        "level": i.level,
        "deadline": i.deadline,
        "targets": {key: {"text": cell.text, "texts": dict(in_languages(cell, "text", primary)[1:])}
                    for key, cell in i.targets.items()},
        "sources": list(i.sources),
        "status": p.status.value,
        "possible": [s.value for s in possible] if possible and p.status == Status.INCOMPLETE else None,
        "measures": [_measure(m, i, read, names, primary) | shown_as(i, m.measure, actuals)
                     for m in p.measures],
        "reports": _reports(i, actuals, p.year, reporters, names, partner_of),
    }


def _indicators(frame: Logframe, progress: list[IndicatorProgress], read: ReadProgramme, actuals: Actuals,
                reporters: dict[str, list[str]], names: dict[str, str], partner_of: dict[str, str],
                primary: str) -> list[dict[str, Any]]:
    """The outcome and each result, with the progress of their indicators, in logframe order."""
    by_id = {p.indicator.id: p for p in progress}
    groups: list[tuple[Any, list[Indicator]]] = [(frame.outcome, frame.outcome.indicators)]
    groups += [(r, r.indicators) for r in frame.results]
    return [{"id": group.id, "text": " ".join(group.text.split()), "texts": texts_of(group, "text", primary),
             "indicators": [_indicator(by_id[i.id], read, actuals, reporters[i.level], names, partner_of,
                                       primary)
                            for i in indicators]}
            for group, indicators in groups]


def _status_counts(progress: list[IndicatorProgress]) -> list[dict[str, Any]]:
    """Indicators and measures by status; incomplete ones are counted apart, never as a status."""
    indicators = Counter(p.status for p in progress)
    measures = Counter(m.status for p in progress for m in p.measures)
    return [{"status": s.value, "count": indicators[s], "measures": measures[s]}
            for s in STATUS_ORDER if indicators[s] or measures[s]]


# -- files ---------------------------------------------------------------------------------------


def repository_path(file: str, root: Path) -> str:
    """A file as the repository shows it (data/partners/x.yaml), whatever the current folder."""
    if not file:
        return ""
    try:
        return Path(os.path.relpath(Path(file).resolve(), apparent(root.resolve()).parent)).as_posix()
    except ValueError:
        return file
