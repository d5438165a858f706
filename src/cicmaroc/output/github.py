"""`--format github`: GitHub Actions workflow commands, shown as annotations on the pull request.

Format: ``::error file=F,line=L,col=C,title=CODE name::message``. Properties and message are
escaped as the runner expects (%, CR, LF, and in properties ':' and ',').
"""

from __future__ import annotations

from cicmaroc.findings import Severity
from cicmaroc.output import Report

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report) -> str:
    lines = []
    for f in report.active():
        props = []
        if f.location is not None:
            props.append(f"file={_escape_property(f.location.file)}")
            if f.location.line:
                props.append(f"line={f.location.line}")
                props.append(f"col={f.location.column}")
        props.append(f"title={_escape_property(f'{f.code} {f.name}'.strip())}")
        message = f.message + (f" {f.hint}" if f.hint else "")
        lines.append(f"::{_LEVEL[f.severity]} {','.join(props)}::{_escape_data(message)}")
    return "".join(line + "\n" for line in sorted(lines))
