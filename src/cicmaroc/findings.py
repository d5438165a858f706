"""What `cic validate` reports: a finding names a rule, a sentence for an officer, and where.

Findings are plain immutable values so that rules, output formats and tests can share one list.
Locations are 1-based (line and column), as editors and CI annotations count them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import Enum


class Severity(str, Enum):
    """How bad a finding is. Errors fail `cic validate`; warnings do too unless filtered out."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a data file: the path as given on the command line (relative), line, column."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the data.

    `message` is written for a programme officer: what is wrong, with the figures involved.
    `hint` says what to do about it. `related` holds the other places involved when two files
    (or two cells) disagree. `waived` carries the reason when an officer acknowledged it.
    """

    code: str
    severity: Severity
    message: str
    location: Location | None = None
    related: tuple[Location, ...] = ()
    hint: str = ""
    name: str = ""
    waived: str | None = None

    def waive(self, reason: str) -> Finding:
        return replace(self, waived=reason)

    @property
    def file(self) -> str:
        return self.location.file if self.location else ""

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location or Location("")
        return (loc.file, loc.line, loc.column, self.code)


@dataclass(slots=True)
class Findings:
    """An ordered collection of findings with the counts the CLI and reports need."""

    items: list[Finding] = field(default_factory=list)

    def add(self, finding: Finding) -> None:
        self.items.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.items.extend(findings)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def active(self) -> list[Finding]:
        """Findings that are not waived: these decide the exit code."""
        return [f for f in self.items if f.waived is None]

