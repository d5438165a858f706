"""The one declaration of a rule code: `Code`, its sentences (`Message`), and `declare`.

Every code cic reports is declared once, as a `Code`, in the module of its family (`files.py`
for the codes of reading the files, `budget.py` for CIC1xx and CIC201, ...): its name, default
severity, family, documentation under fixed headings (what it checks, why, an example, how to
waive it) and the sentences it reports (`Message`: English templates with named placeholders,
and the hint saying what to do). Every finding is built through its code (`Code.finding`), so
the sentence, the name and the severity cannot drift from the declaration; `cic rules`,
docs/rules.md, the SARIF rule descriptors and the GitHub annotation titles all read the same
declarations (`cicmaroc.rules.registry` collects them into one table).

This is the ground floor of the catalogue: it imports only `findings`, so that every stage that
reports a finding (the reader in `files`, `yaml` and `loading`, the checks in `rules`, `cic
import` and `cic iati --check`) imports its codes downwards. The codes that no check owns (those
of reading the files, of an import, of an IATI file) are declared beside this module; a check's
codes are declared beside the check.

Templates are written for translation: a whole sentence, placeholders named, values formatted
when the sentence is shown (`cicmaroc.findings`). The English template is the msgid.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from cicmaroc.findings import Finding, Location, Severity


class Message(NamedTuple):
    """One sentence a code reports, and the sentence saying what to do about it (English templates).

    `severity`, when given, replaces the code's default for this sentence (CIC603 is information
    for a partnership still being signed, a warning for a start date after the programme).
    """

    text: str
    hint: str = ""
    severity: Severity | None = None


class Code:
    """The one declaration of a rule code: metadata, documentation and the sentences it reports.

    Made by `declare`, never changed afterwards; two declarations are the same only if they are
    the same object.
    """

    __slots__ = ("code", "example", "family", "messages", "name", "severity", "waive", "what", "why")

    def __init__(self, code: str, name: str, severity: Severity, family: str, what: str, why: str,
                 example: str, waive: str, messages: Mapping[str, Message]) -> None:
        self.code = code
        self.name = name
        self.severity = severity
        self.family = family
        self.what = what  # what it checks: one sentence, also the summary in lists
        self.why = why  # why it matters
        self.example = example  # an example of what it reports
        self.waive = waive  # how to waive it, in an officer's words (or why it cannot be waived)
        self.messages = messages

    def __repr__(self) -> str:
        return f"Code({self.code!r}, {self.name!r})"

    def finding(self, say: str, location: Location | None, related: Iterable[Location] = (), /, *,
                severity: Severity | None = None, **args: Any) -> Finding:
        """A finding of this code: the sentence `say` with `args` for its placeholders, at `location`.

        `severity` replaces the declared one where the data decides it (an IATI rule's own).
        """
        message = self.messages[say]
        return Finding(self.code, severity or message.severity or self.severity, message.text,
                       location, tuple(related), (message.hint,) if message.hint else (), self.name,
                       None, MappingProxyType(args))

    def unknown(self, location: Location | None, value: str, candidates: Iterable[str], /, *,
                listed: Mapping[str, Any] | None = None, say: str = "unknown", **args: Any) -> Finding:
        """The finding for a name that is none of `candidates` (a misspelt id): the sentence
        `say`-near with the nearest candidate as `suggestion` when one is close, else `say` with
        `listed` (the names it could be, which that sentence lists). `args` go to both."""
        from cicmaroc.names import nearest

        near = nearest(value, candidates)
        if near:
            return self.finding(f"{say}-near", location, suggestion=near, **args)
        return self.finding(say, location, **args, **(listed or {}))

    def recode(self, finding: Finding, hint: str) -> Finding:
        """Another code's finding reported under this code, with the hint template `hint`.

        For a check that reuses another layer's reading (`cic iati --check` reads files with the
        data files' reader): the sentence stays the reader's, the code, name and hint are this one's.
        """
        return Finding(self.code, finding.severity, finding.template, finding.location, finding.related,
                       (hint,), self.name, finding.waived, finding.args)

    @property
    def summary(self) -> str:
        return self.what


def declare(code: str, name: str, severity: Severity, family: str, *, what: str, why: str, example: str,
            waive: str, messages: Mapping[str, Message] | None = None) -> Code:
    """A `Code`, its messages frozen (a declaration is never changed after it is made)."""
    return Code(code, name, severity, family, what, why, example, waive,
                MappingProxyType(dict(messages or {})))
