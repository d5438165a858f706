"""The T3 operational-cost table (section 7.3): year × line × nature, totals as printed.

A row maps each programme year, and `grand_total`, to the amount printed in that cell, or a dash
where T3 prints "-" (`cells.DASH`: never read as 0,00 €). Rows are
kept exactly as printed, stated totals included, so that `cic validate` can check the arithmetic
(a total computed here would hide the document's own slips).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from cicmaroc.cells import ZERO, CellValue
from cicmaroc.models.common import Cell, Money, Note, Slug, Strict

RowKey = int | Literal["grand_total"]
Row = dict[RowKey, Cell]
#: Who spends a line: the partnerships (its total is what their Budget OS 1 add up to, CIC201), or
#: the associations that carry its planned budget.
SpentBy = Literal["partnerships", "associations"]


class Nature(Strict):
    """A nature of cost, a row of every line of the table (Investissement ...)."""

    id: Slug = Field(description="The key of its rows and of spending amounts (investissement).")
    label: str = Field(description="Its name as printed (Investissement).")
    label_nl: str | None = Field(default=None, description="Its name in Dutch, for Dutch readers.")
    label_fr: str | None = Field(default=None, description="Its name in French, for French readers.")
    note: Note = None


class Block(Strict):
    """A line of the table (1. Partenaires ...), the Total CO, or an association's share."""

    id: Slug | None = Field(default=None, description="Identifier of the line or association, as the "
                                                      "monitoring files name it.")
    label: str | None = Field(default=None, description="The heading as printed (1. Partenaires).")
    label_nl: str | None = Field(default=None, description="The heading in Dutch, for Dutch readers.")
    label_fr: str | None = Field(default=None, description="The heading in French, for French readers.")
    spent_by: SpentBy | None = Field(default=None, description=(
        "A line only: who spends it, partnerships or associations (left out: associations). At most "
        "one line is spent by the partnerships."))
    total: Row | None = Field(default=None, description="The line's stated total row, if printed.")
    natures: dict[str, Row] = Field(description="One row per nature of cost, by the nature's id.")
    note: Note = None

    def nature_amount(self, nature: str, key: RowKey) -> CellValue:
        """A nature's cell: as printed (a dash stays a dash); 0 when the line has no such cell (CIC107
        says so)."""
        return self.natures.get(nature, {}).get(key, ZERO)

    @property
    def by_partnerships(self) -> bool:
        return self.spent_by == "partnerships"


class Budget(Strict):
    """`data/budget.yaml`."""

    seed_lines: str | None = None
    currency: Literal["EUR"] = Field(default="EUR", description="Every amount is in euros.")
    years: list[int] = Field(min_length=1, description="The table's columns: the programme years.")
    country_total: Money = Field(description="Total operational cost on the country sheet.")
    outcome_total: Money = Field(description="Total operational cost on the OS 1 sheet.")
    natures: list[Nature] = Field(min_length=1, description="The table's natures of cost, in order.")
    lines: list[Block]
    total: Block = Field(description="'Total CO' and its split by nature.")
    associations: list[Block] = Field(description="The split between the associations that carry the budget.")
    note: Note = None

    def line(self, line_id: str) -> Block | None:
        return next((b for b in self.lines if b.id == line_id), None)

    @property
    def nature_ids(self) -> tuple[str, ...]:
        return tuple(n.id for n in self.natures)

    @property
    def partnerships_line(self) -> Block | None:
        """The line the partnerships spend (`spent_by: partnerships`), if any: the first one."""
        return next((b for b in self.lines if b.by_partnerships), None)
