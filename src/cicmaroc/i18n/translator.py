"""A sentence in one language: its template translated, each value formatted for the language.

Findings keep their English template and raw values (`cicmaroc.findings`); a `Translator` looks
the template up in the language's catalogue and formats each value with Babel: an amount
(`Money`) is `417 118,01 €` in French and `€ 417.118,01` in Dutch, a count (`Count`) has its
digits grouped as the language does, a list (`Items`) is joined with the language's words, a
nested piece (`Phrase`) is translated as a whole. English keeps the forms the templates were
written with, and reads no catalogue.

A text missing from a catalogue is shown in English rather than not at all; the tests run with
`strict` set, so that a missing translation fails them instead of reaching a reader.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from cicmaroc.findings import Count, Fields, Finding, Items, Money, Named, Phrase, Share, YesNo
from cicmaroc.i18n import LANGUAGES, SOURCE_LANGUAGE

if TYPE_CHECKING:
    from cicmaroc.i18n.formatter import Formatter


#: The order of plural forms in a gettext catalogue written by Babel (`babel.plural.to_gettext`).
_PLURAL_ORDER = ("zero", "one", "two", "few", "many", "other")


class MissingTranslation(LookupError):
    """A text has no translation in the catalogue (raised only in strict mode, by the tests)."""


#: Set by the test suite: a text without a translation raises instead of falling back to English.
STRICT = False


class Translator:
    """Texts and sentences in `lang` (one of `LANGUAGES`)."""

    def __init__(self, lang: str = SOURCE_LANGUAGE) -> None:
        if lang not in LANGUAGES:
            raise ValueError(f"'{lang}' is not a language of cic; use one of {', '.join(LANGUAGES)}")
        self.lang = lang
        self.english = lang == SOURCE_LANGUAGE
        self._table: Mapping[str, str | tuple[str, ...]] | None = None
        self._formatter: Formatter | None = None

    def __repr__(self) -> str:
        return f"Translator({self.lang!r})"

    @property
    def table(self) -> Mapping[str, str | tuple[str, ...]]:
        if self._table is None:
            from cicmaroc.i18n.catalogues import translations

            self._table = translations(self.lang)
        return self._table

    @property
    def formatter(self) -> Formatter:
        if self._formatter is None:
            from cicmaroc.i18n.formatter import Formatter

            self._formatter = Formatter(self.lang)
        return self._formatter

    def gettext(self, text: str) -> str:
        """`text` (an English msgid) in this language."""
        if self.english or not text:
            return text
        found = self.table.get(text)
        if not isinstance(found, str):
            if STRICT:
                raise MissingTranslation(f"no {self.lang} translation of {text!r}")
            return text
        return found

    __call__ = gettext

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of a text for the count `n`, by the language's CLDR plural rule (French: 0 and 1
        singular; Dutch, English: only 1), in the order of the catalogue's Plural-Forms."""
        if self.english:
            return singular if n == 1 else plural
        found = self.table.get(singular)
        if not isinstance(found, tuple):
            if STRICT:
                raise MissingTranslation(f"no {self.lang} plural translation of {singular!r}")
            return singular if n == 1 else plural
        rule = self.formatter.locale.plural_form
        tags = [tag for tag in _PLURAL_ORDER if tag in rule.tags or tag == "other"]
        index = tags.index(rule(n))
        return found[min(index, len(found) - 1)]

    def count(self, singular: str, plural: str, n: int) -> str:
        """`{n} thing(s)` with the number formatted for the language."""
        shown = f"{n:,}" if self.english else self.formatter.number(n, 0)
        return self.ngettext(singular, plural, n).format(n=shown)

    def render(self, template: str, args: Mapping[str, Any]) -> str:
        """The template in this language with its values formatted for it."""
        if self.english:
            return template.format_map(args)
        return self.gettext(template).format_map({k: self.value(v) for k, v in args.items()})

    def said(self, template: str, values: Mapping[str, Any]) -> str:
        """An error's sentence: translated when the catalogue has it, else as written (errors made
        from English text, without a template, are shown as they are; never strict)."""
        if self.english:
            return template.format_map(values) if values else template
        found = self.table.get(template)
        text = found if isinstance(found, str) else template
        return text.format_map({k: self.value(v) for k, v in values.items()}) if values else text

    def value(self, value: Any) -> Any:
        """A placeholder's value as this language shows it."""
        if isinstance(value, Money):
            return self.formatter.money(value.amount)
        if isinstance(value, Count):
            return self.formatter.number(value.value, 0)
        if isinstance(value, Share):
            return self.formatter.percent(value.value)
        if isinstance(value, Decimal) and value.is_finite():  # a figure: its digits as written, the
            return self.formatter.exact(value)                # language's separators
        if isinstance(value, Phrase):
            return self.render(value.template, value.args)
        if isinstance(value, YesNo):
            return self.gettext(format(value))
        if isinstance(value, Fields):
            return value.joined(self.value)
        if isinstance(value, Named):
            return value.said(self.lang)
        if isinstance(value, Items):
            # a separator with words or a semicolon is the language's ("; " is "\u00a0; " in French)
            separator = self.gettext(value.separator) if value.separator.strip(" ,") else value.separator
            return separator.join(str(self.value(v)) for v in value.values)
        return value

    def message(self, finding: Finding) -> str:
        """The finding's sentence."""
        return self.render(finding.template, finding.args)

    def hint(self, finding: Finding) -> str:
        """What to do about the finding ("" when it says it all)."""
        return " ".join(self.render(h, finding.args) for h in finding.hints)


@functools.cache
def translator(lang: str) -> Translator:
    """The one translator of `lang` in this process."""
    return Translator(lang)
