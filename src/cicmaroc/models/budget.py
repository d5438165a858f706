"""The T3 operational-cost table (section 7.3): year × line × nature, totals as printed.

A row maps each programme year, and `grand_total`, to the amount printed in that cell. Rows are
kept exactly as printed, stated totals included, so that `cic validate` can check the arithmetic
(a total computed here would hide the document's own slips).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field

from cicmaroc.models.common import Cell, Money, Note, Slug, Strict

Nature = Literal["investissement", "fonctionnement", "personnel"]
NATURES: tuple[Nature, ...] = ("investissement", "fonctionnement", "personnel")
RowKey = int | Literal["grand_total"]
#: The line the partnerships spend: "1. Partenaires", whose total their Budget OS 1 make up (CIC201).
PARTNERS_LINE = "partenaires"
Row = dict[RowKey, Cell]


class Block(Strict):
    """A line of the table (1. Partenaires ...), the Total CO, or an association's share."""

    id: Slug | None = Field(default=None, description="Identifier of the line: partenaires, siege, avcb ...")
    label: str | None = Field(default=None, description="The line's heading as printed (1. Partenaires).")
    total: Row | None = Field(default=None, description="The line's stated total row, if printed.")
    natures: dict[Nature, Row] = Field(description="One row per nature of cost.")
    note: Note = None

    def nature_amount(self, nature: Nature, key: RowKey) -> Decimal:
        return self.natures.get(nature, {}).get(key, Decimal(0))


class Budget(Strict):
    """`data/budget.yaml`."""

    seed_lines: str | None = None
    currency: Literal["EUR"] = Field(default="EUR", description="Every amount is in euros.")
    years: list[int] = Field(min_length=1, description="The table's columns: the programme years.")
    country_total: Money = Field(description="Total operational cost on the country sheet.")
    outcome_total: Money = Field(description="Total operational cost on the OS 1 sheet.")
    lines: list[Block]
    total: Block = Field(description="'Total CO' and its split by nature.")
    associations: list[Block] = Field(description="The split between UVCW and AVCB.")
    note: Note = None

    def line(self, line_id: str) -> Block | None:
        return next((b for b in self.lines if b.id == line_id), None)
