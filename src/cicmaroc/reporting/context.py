"""What a report template sees: plain dicts and lists, built from the programme for one year.

Templates get values, never the models, so that renaming a model field cannot silently break a
template kept in a data repository, and the sandbox has nothing clever to reach into. Numbers
stay numbers (Decimal); the template formats them through the Babel filters. A value that is
missing is None, and templates print it as missing, never as zero.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from cicmaroc import __version__
from cicmaroc.actuals import Actuals
from cicmaroc.execution import (
    association_rows,
    execution_rows,
    missing_years,
    partnership_execution,
    yearly,
)
from cicmaroc.findings import Finding, Findings
from cicmaroc.models.common import FIRST_YEAR
from cicmaroc.models.logframe import Indicator, Logframe
from cicmaroc.programme import Programme
from cicmaroc.progress import (
    IndicatorProgress,
    MeasureProgress,
    Status,
    Thresholds,
    all_progress,
    reporters_by_level,
)


def _dec(value: Fraction | None) -> Decimal | None:
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.000001"))


def build_context(programme: Programme, findings: Findings, actuals: Actuals, year: int, lang: str,
                  thresholds: Thresholds | None = None) -> dict[str, Any]:
    """Everything the report for `year` shows. Needs a valid logframe and budget."""
    thresholds = thresholds or Thresholds()
    assert programme.logframe is not None and programme.budget is not None
    frame, budget = programme.logframe.model, programme.budget.model
    communes = list(programme.communes())
    partnership_ids = [p.model.id for p in programme.partners]
    reporters = reporters_by_level([c.id for c in communes], partnership_ids)
    progress = all_progress(frame.indicators(), actuals, year, reporters, thresholds)
    reported = actuals.reporters(year)
    spenders = {s for _, s in actuals.spenders.get(year, set())}
    country = programme.country.model if programme.country else None

    return {
        "year": year,
        "lang": lang,
        "as_of": dt.date(year, 12, 31),
        "version": __version__,
        "thresholds": {"on_track": _dec(thresholds.on_track), "behind": _dec(thresholds.behind)},
        "programme": {
            "country": country.country if country else None,
            "outcome_id": frame.outcome.id,
            "outcome_text": frame.outcome.text_nl if lang == "nl" else frame.outcome.text_fr,
            "partnerships": len(programme.partners),
            "communes": len(communes),
            "results": len(frame.results),
            "indicators": len(frame.indicators()),
            "country_total": budget.country_total,
            "planned_year": budget.total.total.get(year) if budget.total.total else None,
        },
        "monitoring": {
            "files": [{"file": _shown(f.file, programme.root), "note": f.note}
                      for f in actuals.files.get(year, [])],
            "communes_reported": sum(1 for c in communes if c.id in reported),
            "partnerships_spending": sum(1 for pid in partnership_ids if pid in spenders),
            "has_values": bool(reported),
            "has_spending": actuals.spending_reported(year),
        },
        "budget": _budget(programme, actuals, year),
        "partnerships": _partnerships(programme, actuals, year, reported, spenders),
        "indicators": _indicators(frame, progress),
        "status_counts": _status_counts(progress),
        "progress_chart": _progress_chart(progress),
        "findings": _findings(findings, programme.root),
    }


# -- budget ------------------------------------------------------------------------------------


def _budget(programme: Programme, actuals: Actuals, year: int) -> dict[str, Any]:
    assert programme.budget is not None
    budget = programme.budget.model
    rows = [{
        "label": r.label, "kind": r.kind, "line": r.line, "nature": r.nature,
        "planned": r.planned, "spent": r.spent, "rate": r.rate,
        "planned_to_date": r.planned_to_date, "spent_to_date": r.spent_to_date,
        "rate_to_date": r.rate_to_date, "planned_total": r.planned_total, "remaining": r.remaining,
    } for r in execution_rows(budget, actuals, year)]
    associations = [{"label": label, "rows": [
        {"label": r.label, "kind": r.kind, "nature": r.label if r.kind == "nature" else None,
         "planned": r.planned, "planned_total": r.planned_total}
        for r in planned]} for label, planned in association_rows(budget, year)]
    points = yearly(budget, actuals, range(FIRST_YEAR, year + 1))
    return {
        "rows": rows,
        "associations": associations,
        "missing_years": missing_years(actuals, year),
        "chart": {
            "years": [p.year for p in points],
            "planned": [p.planned for p in points],
            # a line needs a value for every year: drawn only when no year is missing
            "spent": [p.spent for p in points] if all(p.spent is not None for p in points) else None,
        },
    }


def _partnerships(programme: Programme, actuals: Actuals, year: int, reported: set[str],
                  spenders: set[str]) -> list[dict[str, Any]]:
    execution = {e.partnership: e for e in partnership_execution(
        [(p.model.id, p.model.budget_os1) for p in programme.partners], actuals, year)}
    out = []
    for partner in programme.partners:
        model = partner.model
        e = execution[model.id]
        communes = [{"id": c.id, "name": c.local_partner_name, "reported": c.id in reported}
                    for c in model.moroccan_communes]
        out.append({
            "id": model.id,
            "belgian": model.belgian_commune.name,
            "title": model.title,
            "communes": communes,
            "communes_reported": sum(1 for c in communes if c["reported"]),
            "not_reported": [c["name"] for c in communes if not c["reported"]],
            "spending_reported": model.id in spenders,
            "budget_os1": e.planned_total,
            "spent": e.spent,
            "spent_to_date": e.spent_to_date,
            "rate_to_date": e.rate_to_date,
            "remaining": e.remaining,
            "years_reported": list(e.years_reported),
        })
    return out


# -- indicators --------------------------------------------------------------------------------


def _measure(m: MeasureProgress, indicator: Indicator) -> dict[str, Any]:
    mid = m.measure.id
    milestone_cell = indicator.year3 if m.milestone_year == 2019 else indicator.year5
    return {
        "id": mid,
        "unit": m.measure.unit,
        "rollup": m.measure.rollup,
        "kind": m.measure.kind,
        "direction": m.measure.direction,
        "baseline": _dec(m.baseline) if m.baseline_printed else None,
        "baseline_percent": indicator.baseline.percents.get(mid),
        "milestone_year": m.milestone_year,
        "milestone": _dec(m.milestone),
        "milestone_percent": milestone_cell.percents.get(mid),
        "final": _dec(m.final),
        "final_percent": indicator.year5.percents.get(mid),
        "expected": _dec(m.expected),
        "actual": _dec(m.actual),
        "as_of": m.as_of if m.as_of != m.year else None,
        "progress": _dec(m.progress),
        "expected_progress": _dec(m.expected_progress),
        "status": m.status.value,
        "partial": m.partial,
        "reported": m.reported,
        "reporters": m.reporters,
    }


def _indicator(p: IndicatorProgress) -> dict[str, Any]:
    i = p.indicator
    return {
        "id": i.id,
        "label": i.label,
        "text": " ".join(i.text.split()),
        "level": i.level,
        "deadline": i.deadline,
        "year3_text": i.year3.text,
        "year5_text": i.year5.text,
        "status": p.status.value,
        "measures": [_measure(m, i) for m in p.measures],
    }


def _indicators(frame: Logframe, progress: list[IndicatorProgress]) -> list[dict[str, Any]]:
    """The outcome and each result, with the progress of their indicators, in logframe order."""
    by_id = {p.indicator.id: p for p in progress}
    groups: list[tuple[str, str, list[Indicator]]] = [
        (frame.outcome.id, frame.outcome.text_fr, frame.outcome.indicators)]
    groups += [(r.id, r.text, r.indicators) for r in frame.results]
    return [{"id": gid, "text": " ".join(text.split()),
             "indicators": [_indicator(by_id[i.id]) for i in indicators]}
            for gid, text, indicators in groups]


def _status_counts(progress: list[IndicatorProgress]) -> list[dict[str, Any]]:
    counts = Counter(p.status for p in progress)
    order = [Status.ACHIEVED, Status.ON_TRACK, Status.BEHIND, Status.OFF_TRACK, Status.NO_DATA,
             Status.NO_TARGET]
    return [{"status": s.value, "count": counts[s]} for s in order if counts[s]]


def _progress_chart(progress: list[IndicatorProgress]) -> dict[str, Any] | None:
    """Progress towards An 5 of every measure with data, against the progress due by the year."""
    bars = [(f"{p.indicator.id}" + (f" {m.measure.id}" if len(p.measures) > 1 else ""), m)
            for p in progress for m in p.measures
            if m.progress is not None and m.expected_progress is not None]
    if not bars:
        return None
    return {
        "labels": [label for label, _ in bars],
        "actual": [_dec(100 * m.progress) for _, m in bars if m.progress is not None],
        "expected": [_dec(100 * m.expected_progress) for _, m in bars if m.expected_progress is not None],
    }


# -- findings ----------------------------------------------------------------------------------


def _shown(file: str, root: Path) -> str:
    """A file as the repository shows it (data/partners/x.yaml), whatever the current folder."""
    if not file:
        return ""
    try:
        return Path(os.path.relpath(Path(file).resolve(), root.resolve().parent)).as_posix()
    except ValueError:
        return file


def _findings(findings: Findings, root: Path) -> dict[str, Any]:
    active: list[Finding] = sorted(findings.active(), key=Finding.sort_key)
    items = []
    for f in active:
        where = ""
        if f.location is not None:
            where = _shown(f.location.file, root)
            if f.location.line:
                where += f":{f.location.line}"
        items.append({"code": f.code, "severity": f.severity.value, "location": where,
                      "message": f.message})
    items.sort(key=lambda i: (i["location"].split(":")[0], _line(i["location"]), i["code"]))
    return {
        "entries": items,
        "errors": sum(1 for f in active if f.severity.value == "error"),
        "warnings": sum(1 for f in active if f.severity.value == "warning"),
        "waived": len(findings.items) - len(active),
    }


def _line(location: str) -> int:
    tail = location.rsplit(":", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else 0
