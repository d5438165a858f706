"""One bound for every number cic reads, and one Decimal context for the arithmetic on them.

Why a bound: a figure such as `projets: 1e29` or a 30-digit amount is no programme's, yet each
passes a type check, and further down the arithmetic (a sum quantized to cents, a progress
share) runs out of the Decimal context's 28 digits and stops the report. So every number in
every data file is checked when it is read (`sources.resolve_plain`, a located CIC012 finding
when it is out of bounds, the value not read), and so is every number in the settings
(`setting`): at most `MAX_INTEGER_DIGITS` digits before the decimal point and `MAX_DECIMALS`
after it. The whole programme is 2,030,531.24 EUR; 15 digits also keep every figure exact for
the JSON and SARIF readers that parse numbers as binary doubles.

Why a context: with figures so bounded (21 significant digits at most), sums of millions of
them, quantizing and division need fewer digits than `ARITHMETIC` keeps, so no operation can
raise InvalidOperation or Overflow; `exact_arithmetic()` runs a block in it (the `api` entry
points and the report's number formatting use it).
"""

from __future__ import annotations

import contextlib
import decimal
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from typing import Any

MAX_INTEGER_DIGITS = 15
MAX_DECIMALS = 6
LIMIT = Decimal(10) ** MAX_INTEGER_DIGITS

#: Wide enough for any sum, product or quotient of bounded figures; errors still raise.
ARITHMETIC = decimal.Context(prec=60, rounding=decimal.ROUND_HALF_EVEN, Emin=-9999, Emax=9999,
                             traps=[InvalidOperation, decimal.DivisionByZero, decimal.Overflow])
BOUNDS = (f"at most {MAX_INTEGER_DIGITS} digits before the decimal point and {MAX_DECIMALS} after "
          "it")


def out_of_bounds(number: int | Decimal) -> bool:
    """Whether a number read from a file or a setting is beyond the bound (see the module)."""
    if isinstance(number, int):
        return abs(number) >= LIMIT
    if not number.is_finite():
        return True
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    return -exponent > MAX_DECIMALS or (not number.is_zero() and number.adjusted() >= MAX_INTEGER_DIGITS) \
        or exponent > MAX_INTEGER_DIGITS


def is_number(value: Any) -> bool:
    """A number as the loader reads one: an int or a Decimal, never true/false (bool is an int)."""
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def beyond_cents(amount: Decimal) -> bool:
    """Whether an amount has more than two decimals (an amount is whole cents)."""
    exponent = amount.as_tuple().exponent
    return amount.is_finite() and isinstance(exponent, int) and exponent < -2


#: Six places: what a share or a progress figure keeps when an exact fraction becomes a decimal.
SIX_PLACES = Decimal("0.000001")


def fraction_to_decimal(value: Fraction) -> Decimal:
    """An exact fraction as a decimal of six places (a share of large bounded figures needs more
    than Decimal's default 28 digits on the way, hence the `ARITHMETIC` context)."""
    with exact_arithmetic():
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(SIX_PLACES)


@contextlib.contextmanager
def exact_arithmetic() -> Iterator[None]:
    """Run a block with the `ARITHMETIC` context (nested uses are fine)."""
    with decimal.localcontext(ARITHMETIC):
        yield


class SettingError(ValueError):
    """A setting is not a number within its bounds; the message says what is expected."""


def setting(value: object, key: str, low: Decimal, high: Decimal, example: str) -> Decimal:
    """A number from a settings file (`"0.02"`, `0.02`, `1`), checked and bounded.

    The text is looked at before it is converted, so `"1e-99999999"` is refused at once instead
    of becoming a fraction with a hundred-million-digit denominator.
    """
    expected = f"'{key}' must be a number from {low} to {high}, such as {example}"
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        raise SettingError(expected)
    text = repr(value) if isinstance(value, float) else str(value)  # TOML floats: the written digits
    if len(text) > MAX_INTEGER_DIGITS + MAX_DECIMALS + 8:
        raise SettingError(expected)
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        raise SettingError(expected) from None
    if out_of_bounds(number) or not low <= number <= high:
        raise SettingError(expected)
    return number
