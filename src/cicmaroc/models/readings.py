"""`data/readings.yaml`: how the officers agreed to read a figure the document printed wrong.

`data/` keeps every figure as printed ("transcribe, never correct"). When the officers agree
that a printed figure cannot be meant as printed (IOV 4.3's year-5 target of 13 communes, in a
programme of 12), they record the reading here: which figure, what is printed, what to compute
with, and who decided, when and why. Progress and budget execution then compute with the
reading, and every output shows both figures with the reason. A reading is not a waiver:
`cic validate` still reports the printed inconsistency until a waiver acknowledges it.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from cicmaroc.models.common import Note, Strict, empty_list


def _number_or_text(value: Any) -> Any:
    """A count or amount (read exactly, as Decimal) or a text; never a float or a yes/no."""
    if isinstance(value, (bool, float)):
        raise ValueError("a figure is a plain number such as 12 or 1234.56, or a text such as \"-\"")
    if isinstance(value, int):
        return Decimal(value)
    return value


#: A figure as it stands in a data file: a number (count, amount, percentage) or a text ("-").
Figure = Annotated[Decimal | str, BeforeValidator(_number_or_text)]


class Reading(Strict):
    """One agreed reading of one printed figure."""

    file: str = Field(description="The data file holding the figure, relative to the data folder: "
                                  "logframe.yaml, budget.yaml, partners/evere.yaml.")
    path: list[str | int] = Field(min_length=1, description=(
        "Where the figure is in that file, key by key: [results, R4, indicators, IOV 4.3, targets, year5, "
        "values, "
        "formations]. In a list, an item is named by its id (R4, IOV 4.3) or its position from 0."))
    printed: Figure = Field(description="The figure as printed, exactly as data/ holds it; if data/ no "
                                        "longer holds it, the reading is reported (CIC912).")
    read_as: Figure = Field(description="The figure to compute with.")
    decided_by: str = Field(min_length=1, description="Who agreed on the reading (names, body).")
    decided_on: dt.date = Field(description="When it was agreed (YYYY-MM-DD).")
    reason: str = Field(min_length=1, description="Why the printed figure is read this way; shown as the "
                                                  "footnote beside the figure in every output.")
    note: Note = None


class Readings(Strict):
    """The readings file."""

    readings: list[Reading] = Field(default_factory=empty_list)
