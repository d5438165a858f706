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

    On a terminal the lines go through rich for colour, in one call (rich's cost is per call);
    piped or without colour they are written as they are, which is what rich would print, but
    without parsing thousands of lines of markup that carry no style.
    """
    styled = console.color_system is not None
    lines = report_lines(report, quiet, styled)
    if not lines:
        return
    if styled:
        console.print("\n".join(lines), highlight=False, soft_wrap=True)
    else:
        console.file.write("\n".join(lines) + "\n")


def report_lines(report: Report, quiet: bool, styled: bool) -> list[str]:
    """The report as lines: rich markup when `styled`, plain text otherwise."""
    mark = _Markup(styled)
    lines: list[str] = []
    for file, group in groupby(report.shown(), key=lambda f: f.file):
        lines.append(mark("bold", file or "(programme)"))
        for f in group:
            lines.extend(_finding_lines(f, report, mark))
        lines.append("")
    if not quiet:
        lines.append(_summary(report, mark))
    return lines


class _Markup:
    """Wraps text in a rich style (escaping it) when styled; leaves it as it is otherwise."""

    def __init__(self, styled: bool) -> None:
        self.styled = styled

    def __call__(self, style: str, text: str) -> str:
        return f"[{style}]{escape(text)}[/{style}]" if self.styled else text

    def text(self, text: str) -> str:
        return escape(text) if self.styled else text


def _finding_lines(f: Finding, report: Report, mark: _Markup) -> list[str]:
    where = f"{f.location.line}:{f.location.column}" if f.location and f.location.line else "-"
    sev = f.severity.value if f.waived is None else "waived"
    style = _STYLE[f.severity] if f.waived is None else "dim"
    lines = [f"  {where:>7}  {mark(style, f'{sev:<7}')} {mark('bold', f.code)} "
             f"{mark.text(_one_line(f.message))}"]
    source = report.sources.get(f.file)
    if source is not None and f.location and f.location.line:
        line = source.line_text(f.location.line).rstrip()
        if line:
            lines.append(f"           {mark('dim', f'{f.location.line:>4} |')} {mark.text(line)}")
    lines.extend(f"           {mark('dim', f'see also {rel}')}" for rel in f.related)
    if f.hint:
        lines.append(f"           {mark('dim', '→ ' + _one_line(f.hint))}")
    if f.waived is not None:
        lines.append(f"           {mark('dim', 'waived: ' + _one_line(f.waived))}")
    return lines


def _one_line(text: str) -> str:
    """Keep each finding's lines aligned even when a message or hint holds a line break."""
    return " ".join(text.split())


def _summary(report: Report, mark: _Markup) -> str:
    active = report.active()
    errors = sum(1 for f in active if f.severity is Severity.ERROR)
    warnings = sum(1 for f in active if f.severity is Severity.WARNING)
    waived = len(report.findings) - len(active)
    files = len({f.file for f in active})
    loaded = describe(report.stats) if report.stats else ""
    if not active:
        head = mark("green", "No problems found")
    else:
        counts = f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
        head = f"{mark('bold', counts)} in {files} file{'s' * (files != 1)}"
    tail = f" ({waived} waived, shown with --verbose)" if waived and not report.verbose else (
        f" ({waived} waived)" if waived else "")
    return f"{head}{tail}. Loaded {mark.text(loaded)}." if loaded else f"{head}{tail}."


def render_plain(report: Report, width: int = 120) -> str:
    """The text format without colour, as written to a file or a pipe (used by snapshot tests)."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, no_color=True, highlight=False,
                      force_terminal=False, color_system=None, soft_wrap=True)
    print_report(report, console)
    return buffer.getvalue()
