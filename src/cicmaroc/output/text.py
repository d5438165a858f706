"""`--format text`: findings grouped by file, each with the YAML line it points at.

Printed through rich, which colours only when writing to a terminal and honours NO_COLOR.
"""

from __future__ import annotations

import io
from itertools import groupby

from rich.console import Console
from rich.markup import escape

from cicmaroc.findings import Finding, Severity
from cicmaroc.output import Report
from cicmaroc.stats import describe

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def print_report(report: Report, console: Console, quiet: bool = False) -> None:
    """Write the report to `console`; with `quiet`, only the findings, no summary.

    The lines are built first and printed in one call: rich's cost is per call, and a large
    programme can have thousands of findings.
    """
    lines: list[str] = []
    for file, group in groupby(report.shown(), key=lambda f: f.file):
        lines.append(f"[bold]{escape(file or '(programme)')}[/bold]")
        for f in group:
            lines.extend(_finding_lines(f, report))
        lines.append("")
    if not quiet:
        lines.append(_summary(report))
    if lines:
        console.print("\n".join(lines), highlight=False, soft_wrap=True)


def _finding_lines(f: Finding, report: Report) -> list[str]:
    where = f"{f.location.line}:{f.location.column}" if f.location and f.location.line else "-"
    sev = f.severity.value if f.waived is None else "waived"
    style = _STYLE[f.severity] if f.waived is None else "dim"
    lines = [f"  {where:>7}  [{style}]{sev:<7}[/{style}] [bold]{f.code}[/bold] "
             f"{escape(_one_line(f.message))}"]
    source = report.sources.get(f.file)
    if source is not None and f.location and f.location.line:
        line = source.line_text(f.location.line).rstrip()
        if line:
            lines.append(f"           [dim]{f.location.line:>4} |[/dim] {escape(line)}")
    lines.extend(f"           [dim]see also {escape(str(rel))}[/dim]" for rel in f.related)
    if f.hint:
        lines.append(f"           [dim]→ {escape(_one_line(f.hint))}[/dim]")
    if f.waived is not None:
        lines.append(f"           [dim]waived: {escape(_one_line(f.waived))}[/dim]")
    return lines


def _one_line(text: str) -> str:
    """Keep each finding's lines aligned even when a message or hint holds a line break."""
    return " ".join(text.split())


def _summary(report: Report) -> str:
    active = report.active()
    errors = sum(1 for f in active if f.severity is Severity.ERROR)
    warnings = sum(1 for f in active if f.severity is Severity.WARNING)
    waived = len(report.findings) - len(active)
    files = len({f.file for f in active})
    loaded = describe(report.stats) if report.stats else ""
    if not active:
        head = "[green]No problems found[/green]"
    else:
        head = (f"[bold]{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
                f"[/bold] in {files} file{'s' * (files != 1)}")
    tail = f" ({waived} waived, shown with --verbose)" if waived and not report.verbose else (
        f" ({waived} waived)" if waived else "")
    return f"{head}{tail}. Loaded {loaded}." if loaded else f"{head}{tail}."


def render_plain(report: Report, width: int = 120) -> str:
    """The text format without colour, as written to a file or a pipe (used by snapshot tests)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False,
                      force_terminal=False, color_system=None, soft_wrap=True)
    print_report(report, console)
    return buffer.getvalue()
