"""A cell of the printed budget table: an amount, or a dash ("-"), and the arithmetic on cells.

T3 prints "-" where nothing is planned. A reader of a report must see "-" where the document
prints it, never "0,00 €": a dash is what the document says, a zero would be a figure it does
not give. So a cell is `Decimal | Dash` end to end (`CellValue`), and every reader of a cell says
what a dash is for it:

- in a sum a dash adds nothing (`amount`), and a sum whose every cell is a dash is itself a dash
  (`add`): T3's Personnel row of line 1, "-" every year, has "-" as its sum;
- a dash plans nothing (`nothing_planned`): no form asks for it, no spender is expected on it;
- a rate or "what is left" of a dash is no figure at all: the renderers show "—", not a share of 0.

A dash is no number: it equals no number (not even 0), and ordering it, adding to it or testing
its truth raises TypeError, so no code can read it as zero without saying so (`amount`).

This module imports nothing heavy: findings and the formatter name a dash too.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

ZERO = Decimal(0)
_NUMBERS = (int, float, Decimal, Fraction)


class Dash:
    """A cell the document prints "-": nothing planned, as printed. One value (`DASH`)."""

    __slots__ = ()
    _the: Dash | None = None

    def __new__(cls) -> Dash:
        if cls._the is None:
            cls._the = super().__new__(cls)
        return cls._the

    def __reduce__(self) -> tuple[type[Dash], tuple[()]]:
        return Dash, ()

    def __repr__(self) -> str:
        return "DASH"

    def __str__(self) -> str:
        return "-"

    def __eq__(self, other: object) -> bool:
        """A dash equals a dash only: never a number, not even 0 (what T3 prints differs). Equality
        stays total, since generic code compares whole models and dicts holding cells (`cic diff`)."""
        if isinstance(other, Dash):
            return True
        if isinstance(other, _NUMBERS):
            return False
        return NotImplemented

    def __hash__(self) -> int:
        return hash("-")

    def __bool__(self) -> bool:
        raise TypeError("a dash is neither true nor false: test `is DASH`, or nothing_planned()")

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: Any) -> Any:
        """In a model: the value itself (the model's before-validator turns "-" into it); written
        back as "-"."""
        from pydantic_core import core_schema

        return core_schema.is_instance_schema(
            cls, serialization=core_schema.plain_serializer_function_ser_schema(str))


DASH = Dash()
#: What a cell of T3 holds: the amount printed, or a dash.
CellValue = Decimal | Dash


def amount(cell: CellValue) -> Decimal:
    """What a cell adds to a sum: its amount; a dash adds nothing."""
    return ZERO if isinstance(cell, Dash) else cell


def add(cells: Iterable[CellValue]) -> CellValue:
    """The sum of cells: a dash when every cell is a dash, else the amounts added (a dash adds
    nothing). The sum of no cell is 0."""
    listed = list(cells)
    if listed and all(isinstance(c, Dash) for c in listed):
        return DASH
    return sum((amount(c) for c in listed), ZERO)


def nothing_planned(cell: CellValue | None) -> bool:
    """Whether a cell plans nothing: a dash, 0, or no cell at all."""
    return cell is None or isinstance(cell, Dash) or cell == 0


def same(a: CellValue | None, b: CellValue | None) -> bool:
    """Whether two cells say the same: both dashes, both absent, or the same amount."""
    if a is None or b is None or isinstance(a, Dash) or isinstance(b, Dash):
        return a is b
    return a == b
