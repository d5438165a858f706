"""`--format github`: GitHub Actions workflow commands, shown as annotations on the pull request.

Format: ``::error file=F,line=L,col=C,title=CODE name::message``. The runner reads a command
from any line of the log, so nothing may end a line early: properties and message are %-encoded
as the runner decodes them (%, CR, LF, and in properties ':' and ','), and every other
unprintable character is made visible first (`escaping.visible`), line breaks of a message aside
(the runner shows them as line breaks of the annotation).
"""

from __future__ import annotations

import re

from cicmaroc.escaping import visible
from cicmaroc.findings import Severity
from cicmaroc.output.listing import Listing

_BREAKS = re.compile(r"\r\n|\r|\n")
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    lines = _BREAKS.split(text)
    return "%0A".join(visible(line).replace("%", "%25") for line in lines)


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Listing) -> str:
    lines = []
    tr = report.tr
    for f in report.active():
        props = []
        if f.location is not None:
            props.append(f"file={_escape_property(f.location.file)}")
            if f.location.in_text:
                props.append(f"line={f.location.line}")
                props.append(f"col={f.location.column}")
        props.append(f"title={_escape_property(f'{f.code} {f.name}'.strip())}")
        hint = tr.hint(f)
        message = tr.message(f) + (f" {hint}" if hint else "")
        if f.location is not None and f.location.sheet:  # no line in a workbook: the cell leads the text
            message = f"{f.location.where}: {message}"
        lines.append(f"::{_LEVEL[f.severity]} {','.join(props)}::{_escape_data(message)}")
    return "".join(line + "\n" for line in sorted(lines))
