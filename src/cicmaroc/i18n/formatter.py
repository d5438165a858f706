"""Numbers, money, percentages and dates for one language, through Babel only.

Formatting a value for a language is part of saying it in that language: a finding's amount
(`i18n.translator`), a report's figures and the terminal's tables all format through here.
cic never formats a figure by hand: `417118.01` is `417 118,01 €` in French, `€ 417.118,01`
in Dutch and `€417,118.01` in English, and only CLDR (via Babel) knows that reliably.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from fractions import Fraction

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal, format_percent

from cicmaroc.cells import Dash
from cicmaroc.numeric import fraction_to_decimal

#: --lang value -> Babel locale
LOCALES = {"fr": "fr_BE", "nl": "nl_BE", "en": "en"}

Number = Decimal | Fraction | int


def _decimal(value: Number) -> Decimal:
    return fraction_to_decimal(value) if isinstance(value, Fraction) else Decimal(value)


class Formatter:
    """Babel formatting bound to one locale; its methods become the templates' filters."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.locale = Locale.parse(LOCALES[lang])
        pattern = self.locale.percent_formats[None].pattern
        # the locale's own percent pattern with one decimal: '#,##0 %' -> '#,##0.0 %'
        self.percent_pattern = re.sub(r"0(?=[^0#]*\Z)", "0.0", pattern, count=1)

    def money(self, value: Number | Dash) -> str:
        """An amount in euros, with cents; a cell T3 prints "-" as printed, "-" (never 0,00 €)."""
        if isinstance(value, Dash):
            return "-"
        return format_currency(_decimal(value), "EUR", locale=self.locale)

    def number(self, value: Number, decimals: int = 1) -> str:
        """A count or value: grouped digits, up to `decimals` decimals (none when whole)."""
        pattern = "#,##0" + ("." + "#" * decimals if decimals else "")
        return format_decimal(_decimal(value), format=pattern, locale=self.locale)

    def exact(self, value: Decimal) -> str:
        """A figure with exactly the decimals it was written with (75.00 -> 75,00 in French)."""
        exponent = value.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        return format_decimal(value, format=pattern, locale=self.locale, decimal_quantization=False)

    def percent(self, value: Number) -> str:
        """A share given as a fraction (0.875 -> 87,5 %), one decimal."""
        return format_percent(_decimal(value), format=self.percent_pattern, locale=self.locale)

    def printed_percent(self, value: Number) -> str:
        """A percentage as printed in the document (77 -> 77 %)."""
        return format_percent(_decimal(value) / 100, locale=self.locale)

    def date(self, value: dt.date) -> str:
        """A date in the language's long form (31 décembre 2019)."""
        return format_date(value, format="long", locale=self.locale)

    def plain(self, value: Number) -> str:
        """A number for a chart's data (Mermaid reads 1234.5): not for display."""
        return format(_decimal(value).quantize(Decimal("0.01")), "f")
