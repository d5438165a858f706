"""`cic progress`: the indicator table for a year, in the terminal."""

from __future__ import annotations

from typing import Annotated

import typer

from cicmaroc.cli import DataPath, app, console, styled, usage_error

_STYLE = {"achieved": "bold green", "on_track": "green", "behind": "yellow", "off_track": "bold red",
          "no_data": "dim", "no_target": "dim"}


@app.command()
def progress(
    year: Annotated[int | None, typer.Option(
        "--year", "-y", help="The programme year (2017-2021). Default: the latest year with "
        "monitoring, or 2017 when there is none.", show_default=False)] = None,
    path: DataPath = None,
) -> None:
    """Show every indicator's baseline, expected and achieved value, progress and status."""
    from rich.table import Table

    from cicmaroc import api
    from cicmaroc.config import ConfigError
    from cicmaroc.loading import DataFolderNotFound
    from cicmaroc.reporting import ReportDataError, ReportError
    from cicmaroc.reporting.formatting import Formatter

    try:
        year, rows = api.progress(path, year)
    except (ReportError, DataFolderNotFound, ConfigError, ReportDataError) as exc:
        usage_error(str(exc))
    fmt = Formatter("en")

    def num(value: object) -> str:
        return "-" if value is None else fmt.number(value)  # type: ignore[arg-type]

    table = Table(title=f"Indicators in {year}: expected and actual values, progress from the baseline "
                        "towards the 2021 target", title_justify="left")
    for name, justify in (("Indicator", "left"), ("Measure", "left"), ("Base", "right"),
                          ("Expected", "right"), ("Actual", "right"), ("Target", "right"),
                          ("Progress", "right"), ("Status", "left"), ("Reports", "right")):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    for item in rows:
        for i, m in enumerate(item.measures):
            status = m.status.value
            table.add_row(
                item.indicator.id if i == 0 else "", m.measure.id,
                num(m.baseline) if m.baseline_printed else "none",
                num(m.expected), "missing" if m.actual is None else num(m.actual),
                num(m.final), "-" if m.progress is None else fmt.percent(m.progress),
                styled((f"{status.replace('_', ' ')}{' (partial)' if m.partial else ''}", _STYLE[status])),
                f"{m.reported}/{m.reporters}")
    out = console()
    if not out.is_terminal:  # a pipe or a file: no terminal width to respect, keep every cell whole
        out = console(width=160)
    out.print(table)
