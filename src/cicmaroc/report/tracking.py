"""Every year side by side: the indicator performance tracking table (IPTT), for `cic progress
--all-years`, the report's section and the spreadsheet officers pass on.

Per indicator and measure: the baseline, each year's programme figure from the first year to the
year asked (a value, a range where reports are missing, or missing: never zero), each milestone's
target with the figure of its due year and its verdict (met, missed, open, or not yet due), and the
status of the year asked (a final verdict once the last deadline is past). Every figure is the one
`cic progress --year` gives for that year (`analysis.progress.measure_progress`): the table only
lays them side by side. The JSON shape is docs/output-json.md ("--all-years"); the text and the
spreadsheet are `report.progress_output`'s.
"""

from __future__ import annotations

from typing import Any

from cicmaroc.analysis.progress import Status, Thresholds, all_progress, reporters_by_level, target_value
from cicmaroc.derive.actuals import Actuals
from cicmaroc.derive.readings import ReadProgramme
from cicmaroc.report.figures import as_decimal, check_entry, figure_entry, shown_as, texts_of


def build_tracking(read: ReadProgramme, actuals: Actuals, year: int,
                   thresholds: Thresholds | None = None) -> dict[str, Any]:
    """The IPTT from the programme's first year to `year`, with the agreed readings applied."""
    thresholds = thresholds or Thresholds()
    prog = read.programme
    calendar = prog.calendar
    assert prog.logframe is not None and calendar is not None and prog.identity is not None
    frame, primary = prog.logframe.model, prog.text_language
    reporters = reporters_by_level([c.id for c in prog.communes()], [p.model.id for p in prog.partners])
    years = list(calendar.up_to(year))
    by_year = {y: all_progress(frame.indicators(), actuals, y, reporters, calendar, thresholds)
               for y in years}
    indicators = []
    for index, indicator in enumerate(frame.indicators()):
        measures = []
        for k, measure in enumerate(indicator.measures):
            now = by_year[year][index].measures[k]
            n = now.reporters
            checks = {c.id: c for c in now.checks}
            milestones = []
            for m in calendar.milestones:
                cell = indicator.targets.get(m.id)
                target = target_value(cell, measure, n) if cell is not None else None
                if target is None:
                    continue
                check = checks.get(m.id)
                milestones.append(check_entry(check) if check is not None else {
                    "id": m.id, "year": m.year, "due": None, "target": as_decimal(target), "value": None,
                    "verdict": "not_due"})
            measures.append({
                "id": measure.id, "unit": measure.unit, "units": texts_of(measure, "unit", primary),
                "baseline": as_decimal(now.baseline) if now.baseline_printed else None,
                "baseline_percent": indicator.baseline.percents.get(measure.id),
                "values": [{"year": y, "value": figure_entry(by_year[y][index].measures[k].figure),
                            "reported": by_year[y][index].measures[k].reported, "reporters": n}
                           for y in years],
                "milestones": milestones,
                "status": now.status.value,
                "possible": [s.value for s in now.possible]
                if now.possible and now.status == Status.INCOMPLETE else None,
                "final_stage": now.final_stage,
                "milestone_id": now.milestone_id,
                "milestone_verdict": None,  # the milestones have their own columns here
                "shortfall": None if now.shortfall is None else {
                    "low": as_decimal(now.shortfall[0]), "high": as_decimal(now.shortfall[1])},
                **shown_as(indicator, measure, actuals),
            })
        indicators.append({"id": indicator.id, "text": " ".join(indicator.text.split()),
                           "texts": texts_of(indicator, "text", primary), "level": indicator.level,
                           "measures": measures})
    identity = prog.identity.model
    return {
        "all_years": True,
        "year": year,
        "years": years,
        "programme": {"name": dict(identity.name), "language": primary, "first_year": calendar.first,
                      "last_year": calendar.last, "baseline_year": calendar.baseline,
                      "milestones": [{"id": m.id, "year": m.year, "label": dict(m.label)}
                                     for m in calendar.milestones]},
        "indicators": indicators,
    }
