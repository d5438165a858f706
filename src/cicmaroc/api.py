"""The library surface: everything the CLI does is a call here, so tests and tools can too."""

from __future__ import annotations

from pathlib import Path

from cicmaroc.config import Config, settings
from cicmaroc.findings import Findings
from cicmaroc.loading import find_data_dir, load_programme
from cicmaroc.models.common import FIRST_YEAR
from cicmaroc.numeric import exact_arithmetic
from cicmaroc.programme import Programme
from cicmaroc.progress import IndicatorProgress, Thresholds, thresholds_from_table
from cicmaroc.rules.registry import run_rules
from cicmaroc.rules.waivers import apply_waivers
from cicmaroc.sources import Limits, paused_gc

__all__ = ["Config", "Findings", "Limits", "Programme", "find_data_dir", "load_programme", "progress",
           "report", "validate"]


def validate(path: Path | None = None, limits: Limits | None = None,
             config: Config | None = None) -> tuple[Programme, Findings]:
    """Load the programme at `path` (default: ./data found upwards) and check everything.

    Settings come from `config`, else from cic.toml / [tool.cic] found from the data folder up.
    """
    data_dir = find_data_dir(path)
    config = config or settings(data_dir)
    limits = limits or config.limits()
    with paused_gc(), exact_arithmetic():  # time linear in the programme's size (sources.paused_gc)
        programme, loaded = load_programme(data_dir, limits)
        found = [*loaded.items, *run_rules(programme, config)]
        waived = apply_waivers(found, programme, config)
        # one filter, last: --select/--ignore apply to every code, waiver findings included
        return programme, Findings([f for f in waived if config.enabled(f.code)])


def report(path: Path | None, year: int, lang: str = "fr", template: Path | None = None) -> str:
    """The annual report for `year` as Markdown, with the open findings of `validate(path)`.

    Raises `reporting.ReportError` (bad year, language or template) and `ReportDataError`.
    """
    from cicmaroc.reporting import check_request, render_report

    check_request(year, lang)
    programme, findings = validate(path)
    thresholds = progress_thresholds(programme.root)
    with exact_arithmetic():
        return render_report(programme, findings, year, lang, template, thresholds)


def progress(path: Path | None, year: int | None = None) -> tuple[int, list[IndicatorProgress]]:
    """Every indicator's progress for `year` (default: the latest year with monitoring)."""
    from cicmaroc.monitoring_checks import read_monitoring
    from cicmaroc.progress import all_progress, reporters_by_level
    from cicmaroc.reporting import ReportDataError, check_request

    data_dir = find_data_dir(path)
    programme, _ = load_programme(data_dir, settings(data_dir).limits())  # findings: cic validate
    if programme.logframe is None:
        raise ReportDataError("logframe.yaml could not be read; run 'cic validate' first.")
    actuals, _ = read_monitoring(programme)
    year = year if year is not None else max(actuals.years(), default=FIRST_YEAR)
    check_request(year, "fr")
    reporters = reporters_by_level([c.id for c in programme.communes()],
                                   [p.model.id for p in programme.partners])
    with exact_arithmetic():
        return year, all_progress(programme.logframe.model.indicators(), actuals, year, reporters,
                                  progress_thresholds(data_dir))


def progress_thresholds(data_dir: Path) -> Thresholds:
    """Status thresholds from `[tool.cic.progress]` (on-track, behind), else the defaults."""
    from cicmaroc.config import ConfigError

    table = settings(data_dir).extra.get("progress", {})
    try:
        return thresholds_from_table(table)
    except ValueError as exc:
        raise ConfigError(f"[tool.cic.progress]: {exc}") from None

