"""What cic reports: a finding names a rule, a sentence for an officer, and where.

Findings are plain immutable values so that rules, output formats and tests can share one list
(named tuples: a run makes thousands of them, and a class of this kind is cheap to define, which
matters to the start-up of `cic validate`). Locations are 1-based (line and column), as editors
and CI annotations count them.

A finding's sentences are kept as their English *templates* (whole sentences with named
placeholders, `"The file is {size} bytes, over the limit of {limit} bytes; it was not read."`)
and the *raw values* of those placeholders (`args`). The English text is rendered when it is
shown (`message`, `hint`), so that a renderer for another language can translate the template
(the English template is the msgid of the message catalogues) and format each value for its
language: an amount is a `Money`, a grouped count a `Count`, a list `Items` or `Alternatives`,
a nested translatable piece a `Phrase`. Templates are declared once per rule code
(`cicmaroc.codes.declaration.Code`), and every finding is built through its code's declaration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from enum import Enum
from types import MappingProxyType
from typing import Any, NamedTuple

from cicmaroc.cells import CellValue, Dash
from cicmaroc.i18n import N_


class Severity(str, Enum):
    """How bad a finding is. Errors fail `cic validate`; warnings do too unless filtered out."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class Location(NamedTuple):
    """A place in a data file: the path as given on the command line (relative), line, column.

    In a workbook (`cic import`), the place is a sheet and a cell (`sheet`, `cell` = "F7"); `line`
    and `column` then hold the cell's row and column numbers, so that findings sort in the order
    of the sheet, but every output names the cell, never a line of a binary file.
    """

    file: str
    line: int = 0
    column: int = 0
    sheet: str = ""
    cell: str = ""

    def __str__(self) -> str:
        if self.sheet:
            return f"{self.file}:{self.where}"
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"

    @property
    def where(self) -> str:
        """The place inside the file as a reader names it: `2:7` (line:column), or `Sheet!F7`."""
        if self.sheet:
            quoted = self.sheet if self.sheet.replace("_", "").isalnum() else "'" + self.sheet.replace(
                "'", "''") + "'"
            return f"{quoted}!{self.cell}" if self.cell else quoted
        return f"{self.line}:{self.column}" if self.line > 0 else ""

    @property
    def in_text(self) -> bool:
        """True for a line of a text file (a YAML or XML line an editor can show)."""
        return self.line > 0 and not self.sheet


# -- the values of placeholders: kept raw, shown when the sentence is rendered -----------------

_NO_ARGS: Mapping[str, Any] = MappingProxyType({})



class Money(NamedTuple):
    """An amount in euros: `1,697,293.05 EUR` in English; a cell T3 prints "-" is said "-"."""

    amount: CellValue

    def __format__(self, spec: str) -> str:
        return "-" if isinstance(self.amount, Dash) else f"{self.amount:,.2f} EUR"


class Share(NamedTuple):
    """A share given as a fraction, shown as a percentage with one decimal: `101.9%` in English."""

    value: Decimal

    def __format__(self, spec: str) -> str:
        return f"{self.value:.1%}"


class Count(NamedTuple):
    """A number shown with its digits grouped: `2,097,152` in English."""

    value: int

    def __format__(self, spec: str) -> str:
        return f"{self.value:,}"


class Items(NamedTuple):
    """A list of values, each shown as it is, joined: `a, b, c` in English."""

    values: tuple[Any, ...]
    separator: str = ", "

    def __format__(self, spec: str) -> str:
        return self.separator.join(format(v) for v in self.values)


class Named(NamedTuple):
    """A name the programme gives in several languages (a nature of cost, a milestone, the country):
    shown in the reader's language when the data gives it, else in the first (the programme's own).
    English shows its own name if given, else the first."""

    texts: tuple[tuple[str, str], ...]  # (language, text), the programme's language first

    def __format__(self, spec: str) -> str:
        return self.said("en")

    def said(self, lang: str) -> str:
        return dict(self.texts).get(lang) or (self.texts[0][1] if self.texts else "")


#: The separator of a list whose items hold commas: "; " in English, "\u00a0; " in French.
SEMICOLON = N_("; ")


def alternatives(values: Iterable[Any]) -> Items:
    """Values of which one is wanted: `a, or b` in English."""
    return Items(tuple(values), N_(", or "))


class YesNo(NamedTuple):
    """A yes/no measure's value: `yes` or `no` in the reader's language (never `True`/`false`)."""

    value: bool

    def __format__(self, spec: str) -> str:
        return N_("yes") if self.value else N_("no")

    def __str__(self) -> str:
        return format(self)


class Fields(NamedTuple):
    """Named values (a form's or an entry's figures), each shown as its language shows it:
    `{sas: yes, nombre: 3}` with `braces`, `sas yes, nombre 3` without."""

    pairs: tuple[tuple[str, Any], ...]
    braces: bool = True

    def __format__(self, spec: str) -> str:
        return self.joined(_english)

    def __str__(self) -> str:
        return format(self)

    def joined(self, shown: Callable[[Any], Any]) -> str:
        """The fields with each value as `shown` says it (English, or a translator's)."""
        if self.braces:
            return "{" + ", ".join(f"{k}: {shown(v)}" for k, v in self.pairs) + "}"
        return ", ".join(f"{k} {shown(v)}" for k, v in self.pairs) or "—"


def _english(value: Any) -> str:
    """A field's value in English: a figure with its digits grouped (`30,845.75`)."""
    if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
        return f"{value:,}"
    return format(value)


class Phrase(NamedTuple):
    """A piece of a sentence that is itself translatable: a template and its values.

    Used where a sentence names something in words (`In {block}, the {row} row's grand total`),
    so that the piece is translated as a whole, never assembled from English fragments.
    """

    template: str
    args: Mapping[str, Any] = _NO_ARGS

    def __format__(self, spec: str) -> str:
        return render(self.template, self.args)


def phrase(template: str, /, **args: Any) -> Phrase:
    return Phrase(template, MappingProxyType(args))


def render(template: str, args: Mapping[str, Any]) -> str:
    """A template with its values, in English (the language templates are written in)."""
    return template.format_map(args)


def preview(value: Any, *, yaml_booleans: bool = True) -> str:
    """A value as a finding quotes it: text in quotes, a mapping as `{key: value}`, anything else
    as written (`true`, or Python's `True` with `yaml_booleans=False`), cut at 60 characters."""
    if isinstance(value, dict):
        text = "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
    elif isinstance(value, str):
        text = repr(value)
    elif isinstance(value, bool) and yaml_booleans:
        text = str(value).lower()
    else:
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "..."


class Finding(NamedTuple):
    """One problem found in the data.

    `template` is the sentence for a programme officer (what is wrong, with the figures
    involved), `hints` the sentences saying what to do, `args` the values of their placeholders.
    `related` holds the other places involved when two files (or two cells) disagree. `waived`
    carries the reason when an officer acknowledged it.
    """

    code: str
    severity: Severity
    template: str
    location: Location | None = None
    related: tuple[Location, ...] = ()
    hints: tuple[str, ...] = ()
    name: str = ""
    waived: str | None = None
    args: Mapping[str, Any] = _NO_ARGS

    @property
    def message(self) -> str:
        """The sentence in English."""
        return render(self.template, self.args)

    @property
    def hint(self) -> str:
        """What to do, in English ("" when the finding says it all)."""
        return " ".join(render(h, self.args) for h in self.hints)

    def waive(self, reason: str) -> Finding:
        return self._replace(waived=reason)

    @property
    def file(self) -> str:
        return self.location.file if self.location else ""

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location or Location("")
        return (loc.file, loc.line, loc.column, self.code)


class Findings:
    """An ordered collection of findings with the counts the CLI and reports need."""

    __slots__ = ("items",)

    def __init__(self, items: list[Finding] | None = None) -> None:
        self.items: list[Finding] = [] if items is None else items

    def __repr__(self) -> str:
        return f"Findings({self.items!r})"

    def add(self, finding: Finding) -> None:
        self.items.append(finding)

    def extend(self, findings: Iterable[Finding]) -> None:
        self.items.extend(findings)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def active(self) -> list[Finding]:
        """Findings that are not waived: these decide the exit code."""
        return [f for f in self.items if f.waived is None]

    def failing(self) -> list[Finding]:
        """Active errors and warnings: these make a command exit 1 (information does not)."""
        return [f for f in self.active() if f.severity is not Severity.INFO]
