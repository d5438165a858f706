"""Output formats for findings: one emitter per format, all fed the same `Report`.

`emitters()` maps each format name to its renderer; `commands/validate.OutputFormat` lists the
same names for `--format` (a test in tests/test_output_formats.py keeps the two in step).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cicmaroc.findings import Finding, Severity
from cicmaroc.yaml.document import SourceDoc


@dataclass(frozen=True, slots=True)
class Report:
    """What a validation run produced: findings (waived ones included) and what was loaded."""

    findings: list[Finding]
    stats: dict[str, int] = field(default_factory=dict)
    sources: dict[str, SourceDoc] = field(default_factory=dict)
    verbose: bool = False

    def shown(self) -> list[Finding]:
        """Findings to show: waived ones only with --verbose."""
        items = sorted(self.findings, key=Finding.sort_key)
        return items if self.verbose else [f for f in items if f.waived is None]

    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.waived is None]

    def failing(self) -> list[Finding]:
        """Active errors and warnings: these make `cic validate` exit 1 (information does not)."""
        return [f for f in self.active() if f.severity is not Severity.INFO]


Emitter = Callable[[Report], str]


def emitters() -> dict[str, Emitter]:
    """Format name -> function rendering a report as text (imported lazily, on use)."""
    from cicmaroc.output import github, json, sarif

    return {
        "text": _text,
        "json": json.render,
        "github": github.render,
        "sarif": sarif.render,
    }



def _text(report: Report) -> str:
    from cicmaroc.output.text import render_plain

    return render_plain(report)
