"""What an output format lists: the findings of a run, what was loaded, and how to show them."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from cicmaroc.findings import Finding, Severity
from cicmaroc.yaml.document import SourceDoc

if TYPE_CHECKING:
    from cicmaroc.i18n.translator import Translator


class Listing(NamedTuple):
    """The findings of a run as an output lists them, with what was loaded and how to show it.

    `findings` includes waived ones; `verbose` shows them in text, `quiet` leaves out the text
    summary, `colour` is the terminal's colour system (rich's name: "standard", "256",
    "truecolor"), None for plain text. `lang` is the language of the sentences (the codes stay as
    they are). `links` are the settings' addresses of cic's documentation (`homepage`, `rules`),
    for the formats that link to it.
    """

    findings: list[Finding]
    stats: Mapping[str, int] = MappingProxyType({})
    sources: Mapping[str, SourceDoc] = MappingProxyType({})
    verbose: bool = False
    quiet: bool = False
    colour: str | None = None
    lang: str = "en"
    links: Mapping[str, str | None] = MappingProxyType({})

    @property
    def tr(self) -> Translator:
        """The sentences' language: each finding's message and hint are rendered through it."""
        from cicmaroc.i18n.translator import translator

        return translator(self.lang)

    def shown(self) -> list[Finding]:
        """Findings to show: waived ones only with --verbose."""
        items = sorted(self.findings, key=Finding.sort_key)
        return items if self.verbose else [f for f in items if f.waived is None]

    def active(self) -> list[Finding]:
        return [f for f in self.findings if f.waived is None]

    def failing(self) -> list[Finding]:
        """Active errors and warnings: these make a command exit 1 (information does not)."""
        return [f for f in self.active() if f.severity is not Severity.INFO]
