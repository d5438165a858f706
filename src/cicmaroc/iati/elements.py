"""Writing IATI elements with lxml: narratives in their languages, amounts and numbers as IATI writes them."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from lxml import etree

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def leaf(parent: etree._Element, tag: str, content: str, **attrs: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attrs)
    element.text = content
    return element


def narratives(parent: etree._Element, tag: str, texts: Iterable[tuple[str, str | None]],
               **attrs: str) -> etree._Element | None:
    """`<tag>` holding one `<narrative xml:lang>` per (language, text) given; None when none is."""
    given = [(lang, text) for lang, text in texts if text]
    if not given:
        return None
    element = etree.SubElement(parent, tag, attrs)
    for lang, text in given:
        leaf(element, "narrative", text, **{XML_LANG: lang})
    return element


def amount(value: Decimal) -> str:
    """An amount as IATI writes it: a plain decimal, cents kept (never a float, never an exponent)."""
    return f"{value:f}"


def number(value: Fraction) -> str:
    """A count or a share: whole numbers as they are, others to two decimals (half to even)."""
    if value.denominator == 1:
        return str(value.numerator)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return f"{exact.quantize(Decimal('0.01'), rounding=ROUND_HALF_EVEN):f}"
