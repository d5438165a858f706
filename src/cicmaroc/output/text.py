"""`--format text`: findings grouped by file, each with the YAML line it points at.

Plain text when written to a file or a pipe (or with NO_COLOR); styled through rich, which is
imported only then, when the listing asks for a terminal's colours.
"""

from __future__ import annotations

import re
from itertools import groupby
from typing import TYPE_CHECKING

from cicmaroc.escaping import visible
from cicmaroc.findings import Finding, Severity
from cicmaroc.i18n import N_
from cicmaroc.loading.stats import describe
from cicmaroc.output.listing import Listing

if TYPE_CHECKING:
    from rich.text import Text

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
#: The word a listing shows for each severity (the JSON and SARIF formats keep the codes).
SEVERITY_WORDS = {Severity.ERROR: N_("error"), Severity.WARNING: N_("warning"), Severity.INFO: N_("info")}


def render(report: Listing) -> str:
    """The findings as text; with `quiet`, only the findings, no summary.

    Every piece of text from the data (file names, messages, the YAML line, reasons) is passed
    through `escaping.visible` first, so one finding is one block of lines whatever a value or a
    file name holds, and nothing in it drives the terminal. With a colour system the lines are
    rendered by rich as `Text` (styles, never markup), in one call (rich's cost is per call);
    without, they are the same lines, which is what rich would print without colour.
    """
    lines = report_lines(report, report.quiet, report.colour is not None)
    if not lines:
        return ""
    if report.colour is None:
        return "\n".join(str(line) for line in lines) + "\n"
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system=report.colour,  # type: ignore[arg-type]
                      highlight=False, markup=False, emoji=False, soft_wrap=True, width=10_000)
    console.print(Text("\n").join(line for line in lines if isinstance(line, Text)), highlight=False,
                  soft_wrap=True)
    return buffer.getvalue()


def report_lines(report: Listing, quiet: bool, styled: bool) -> list[Text] | list[str]:
    """The report as lines: styled `Text` when `styled`, plain strings otherwise."""
    mark = _Pieces(styled)
    lines: list[list[tuple[str, str]]] = []
    for file, group in groupby(report.shown(), key=lambda f: f.file):
        lines.append([(file or "(programme)", "bold")])
        for f in group:
            lines.extend(_finding_lines(f, report, mark))
        lines.append([])
    if not quiet:
        lines.append(_summary(report, mark))
    return mark.join(lines)


class _Pieces:
    """A line is a list of (text, style) pieces; each piece's text is escaped once, here."""

    def __init__(self, styled: bool) -> None:
        self.styled = styled

    def join(self, lines: list[list[tuple[str, str]]]) -> list[Text] | list[str]:
        if not self.styled:
            return ["".join(visible(text) for text, _ in line) for line in lines]
        from rich.text import Text

        result = []
        for line in lines:
            text = Text()
            for piece, style in line:
                text.append(visible(piece), style=style or None)
            result.append(text)
        return result


Line = list[tuple[str, str]]


def _finding_lines(f: Finding, report: Listing, mark: _Pieces) -> list[Line]:
    tr = report.tr
    where = (f.location.where if f.location else "") or "-"
    sev = tr(SEVERITY_WORDS[f.severity]) if f.waived is None else tr(N_("waived"))
    style = _STYLE[f.severity] if f.waived is None else "dim"
    lines: list[Line] = [[(f"  {where:>7}  ", ""), (f"{sev:<7}", style), (" ", ""), (f.code, "bold"),
                          (" ", ""), (_one_line(tr.message(f)), "")]]
    source = report.sources.get(f.file)
    if source is not None and f.location and f.location.in_text:
        line = _excerpt(source.line_text(f.location.line), f.location.column).rstrip()
        if line:
            lines.append([("           ", ""), (f"{f.location.line:>4} |", "dim"), (" ", ""), (line, "")])
    lines.extend([("           ", ""), (tr("see also {place}").format(place=rel), "dim")]
                 for rel in f.related)
    hint = tr.hint(f)
    if hint:
        lines.append([("           ", ""), ("→ " + _one_line(hint), "dim")])
    if f.waived is not None:
        waived = tr("waived: {reason}").format(reason=_one_line(f.waived))
        lines.append([("           ", ""), (waived, "dim")])
    return lines


#: The most of a line shown under a finding: a file written as one line of megabytes (many IATI
#: files are) would otherwise be printed whole under each of its findings.
EXCERPT = 160


def _excerpt(line: str, column: int) -> str:
    """The line, or the part of it around `column` when it is longer than `EXCERPT` ("…" marks a cut)."""
    if len(line) <= EXCERPT:
        return line
    start = max(0, min(column - 1 - EXCERPT // 4, len(line) - EXCERPT))
    end = start + EXCERPT
    return ("…" if start > 0 else "") + line[start:end] + ("…" if end < len(line) else "")


_BREAKS = re.compile(r"[ \t\n\r\f\v]+")  # not str.split(): it would break at a no-break space


def _one_line(text: str) -> str:
    """Keep each finding's lines aligned even when a message or hint holds a line break; a no-break
    space (French 'dire ?') is kept, not taken for a break."""
    return _BREAKS.sub(" ", text).strip()


def _summary(report: Listing, mark: _Pieces) -> Line:
    active = report.active()
    errors = sum(1 for f in active if f.severity is Severity.ERROR)
    warnings = sum(1 for f in active if f.severity is Severity.WARNING)
    waived = len(report.findings) - len(active)
    files = len({f.file for f in active})
    tr = report.tr
    loaded = describe(report.stats, tr) if report.stats else ""
    if not active:
        head: Line = [(tr("No problems found"), "green")]
    else:
        counts = tr("{errors}, {warnings}").format(
            errors=tr.count("{n} error", "{n} errors", errors),
            warnings=tr.count("{n} warning", "{n} warnings", warnings))
        where = tr(" in {files}").format(files=tr.count("{n} file", "{n} files", files))
        head = [(counts, "bold"), (where, "")]
    tail = ""
    if waived:
        said = tr(" ({n} waived, shown with --verbose)") if not report.verbose else tr(" ({n} waived)")
        tail = said.format(n=waived)
    return [*head, (tr("{tail}. Loaded {loaded}.").format(tail=tail, loaded=loaded) if loaded
                    else f"{tail}.", "")]
