"""The library surface: everything the CLI does is a call here, so tests and tools can too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cicmaroc.analysis.progress import Thresholds, thresholds_from_table
from cicmaroc.config import Config, settings
from cicmaroc.findings import Findings
from cicmaroc.loading.loader import find_data_dir, load_programme
from cicmaroc.loading.programme import Programme
from cicmaroc.models.common import FIRST_YEAR
from cicmaroc.numeric import exact_arithmetic
from cicmaroc.rules.registry import run_rules
from cicmaroc.rules.waivers import apply_waivers
from cicmaroc.yaml.limits import Limits, paused_gc

if TYPE_CHECKING:  # the IATI checker (and lxml) load only when cic iati runs
    from cicmaroc.iati.check import IatiCheck

__all__ = ["Config", "Findings", "Limits", "Programme", "check_iati", "find_data_dir", "load_programme",
           "progress", "report", "validate"]


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
    from cicmaroc.report import check_request, render_report

    check_request(year, lang)
    programme, findings = validate(path)
    thresholds = progress_thresholds(programme.root)
    with exact_arithmetic():
        return render_report(programme, findings, year, lang, template, thresholds)


def progress(path: Path | None, year: int | None = None) -> dict[str, Any]:
    """Every figure of the report for `year` (default: the latest year with monitoring).

    Indicators (values or ranges, expected, progress, status, each reporter's value and source),
    budget execution, the partnerships' spending and the agreed readings, computed as the report
    computes them; the shape is documented in docs/output-json.md.
    """
    from cicmaroc.report import ReportDataError, check_request
    from cicmaroc.report.context import build_figures
    from cicmaroc.rules.monitoring_checks import read_monitoring

    data_dir = find_data_dir(path)
    programme, _ = load_programme(data_dir, settings(data_dir).limits())  # findings: cic validate
    missing = [name for name, doc in (("logframe.yaml", programme.logframe),
                                      ("budget.yaml", programme.budget)) if doc is None]
    if missing:
        raise ReportDataError(f"{' and '.join(missing)} could not be read; run 'cic validate' first.")
    actuals, _ = read_monitoring(programme)
    year = year if year is not None else max(actuals.years(), default=FIRST_YEAR)
    check_request(year, "fr")
    with exact_arithmetic():
        return build_figures(programme, actuals, year, progress_thresholds(data_dir))


def progress_thresholds(data_dir: Path) -> Thresholds:
    """Status thresholds from `[tool.cic.progress]` (on-track, behind), else the defaults."""
    from cicmaroc.config import ConfigError

    table = settings(data_dir).extra.get("progress", {})
    try:
        return thresholds_from_table(table)
    except ValueError as exc:
        raise ConfigError(f"[tool.cic.progress]: {exc}") from None


def check_iati(file: Path, as_of: dt.date, max_bytes: int | None = None) -> IatiCheck:
    """Check an IATI 2.03 activity file against the schema, the codelists and the Standard's rules.

    Dates are judged as of `as_of` (nothing may be dated after it); the file is refused unread
    above `max_bytes` (default `iati.xmlfile.DEFAULT_MAX_BYTES`). lxml loads only here.
    """
    from cicmaroc.iati.check import DEFAULT_MAX_BYTES, check_file

    return check_file(file, as_of, str(file), max_bytes or DEFAULT_MAX_BYTES)
