"""Monitoring: what was achieved and spent in one year, `data/monitoring/<year>.yaml`.

The file is organised the way figures arrive: one block per reporter (a Moroccan commune, a
partnership, or `programme`), one line per indicator with the value of each measure and its
source of verification, then what each partnership (or association) spent, by budget line and
nature. Adding a commune's figures is one contiguous block, and a git diff reads as such.

The model keeps values loosely typed on purpose: whether `sas: true` or `projets: 2` is right
depends on the indicator's roll-up in the logframe, which this file cannot know. Those checks are
`cicmaroc.derive.monitoring` (codes CIC7xx), so one wrong value is one located finding and the rest
of the year's figures still count, instead of the whole file being refused.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from cicmaroc.models.common import Date, Note, Strict, Whole, empty_dict

#: Evidence files named by an entry: paths under data/evidence/ (rules/evidence.py checks them).
Evidence = list[str] | None
_EVIDENCE = ("Evidence files: paths under data/evidence/, such as [<year>/<reporter id>/pv-sas.pdf] (the "
             "council minutes, attendance lists or invoices the source names).")

#: What a measure's value can be, whatever the measure: true/false, a number from 0, or the two counts
#: of a share. The editor's schema says it of every key of an entry but `source`, `evidence` and `note`
#: (so a misspelt `sorce: ...`, text, is underlined); the model keeps any value, and the monitoring checks
#: (CIC703, CIC706) say which one is wrong and why, one located finding each.
#: One schema rather than `anyOf`, each keyword applying to its own type (a minimum to a number, the
#: properties to a share): the editor then says "below the minimum of 0" of a negative count, where
#: `anyOf` would only say which types it expected.
MEASURE_VALUE_SCHEMA: dict[str, Any] = {
    "type": ["boolean", "number", "object"], "minimum": 0,
    "properties": {"part": {"type": "number", "minimum": 0}, "of": {"type": "number", "minimum": 0}},
    "required": ["part", "of"], "additionalProperties": False,
}
#: What a spending amount can be: a number from 0 (CIC706 also asks at most two decimals).
AMOUNT_SCHEMA: dict[str, Any] = {"type": "number", "minimum": 0}


class Entry(BaseModel):
    """One reporter's figures for one indicator: `{sas: true, source: Décision du conseil ...}`.

    Every key other than `source`, `evidence` and `note` is a measure id of the indicator, with its
    value: true/false (count), a number (sum, latest, max), or `{part: 42, of: 97}` (ratio).
    """

    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True,
                              json_schema_extra={"additionalProperties": MEASURE_VALUE_SCHEMA})

    source: str | None = Field(default=None, description="Source of verification: a decision, a "
                                                         "report, a link or a file path.")
    evidence: Evidence = Field(default=None, description=_EVIDENCE)
    note: Note = None

    def values(self) -> dict[str, Any]:
        """The measure values, by measure id, in file order."""
        return dict(self.model_extra or {})


class SpendingEntry(BaseModel):
    """What one spender spent on one budget line: `{investissement: 1200.00, fonctionnement: 80.50}`.

    Keys other than `source`, `evidence` and `note` are natures of cost (investissement,
    fonctionnement, personnel) with an amount in euros; a nature left out means nothing was spent
    on it.
    """

    model_config = ConfigDict(extra="allow", frozen=True, defer_build=True,
                              json_schema_extra={"additionalProperties": AMOUNT_SCHEMA})

    source: str | None = Field(default=None, description="Where the amount comes from (financial "
                                                         "report, accounts).")
    evidence: Evidence = Field(default=None, description=_EVIDENCE)
    note: Note = None

    def amounts(self) -> dict[str, Any]:
        """The amounts, by nature, in file order."""
        return dict(self.model_extra or {})


class MonitoringYear(Strict):
    """`data/monitoring/<year>.yaml`: the year's figures, by reporter, and its spending."""

    year: Whole = Field(description=(
        "The programme year these figures are for (within data/programme.yaml's period)."))
    received: dict[str, Date] = Field(
        default_factory=empty_dict,
        description="Reporter id -> when its reply with these figures came in (YYYY-MM-DD): written by "
                    "cic import (the day of the import, or --received), the latest reply that brought "
                    "figures.")
    reports: dict[str, dict[str, Entry | None] | None] = Field(
        default_factory=empty_dict,
        description="Reporter (local commune id, partnership id, or 'programme') -> indicator "
                    "id -> entry. An empty block is allowed and reports nothing.")
    spending: dict[str, dict[str, SpendingEntry | None] | None] = Field(
        default_factory=empty_dict,
        description="Budget line id (data/budget.yaml's lines) -> spender (partnership id, or "
                    "association id for the lines an association runs) -> amounts by nature.")
    note: Note = None

    @field_validator("reports", "spending", "received", mode="before")
    @classmethod
    def _empty_block(cls, value: Any) -> Any:
        """`spending:` with nothing under it (while the officer fills it in) means none yet."""
        return {} if value is None else value
