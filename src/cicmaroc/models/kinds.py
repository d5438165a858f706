"""The kinds of data file: where each lives in the data folder, its model, whether it is required.

The one table of them. The loader reads a data folder by it, `cic fmt` and `cic new` lay files out
by their model, `cic schema` writes one schema per kind, and an agreed reading names the kind of
the file it corrects. A kind's model is imported when it is first asked for (`Kind.model`): a
programme without monitoring files, readings or waivers never imports those models, which is a
part of what `cic validate` does not spend starting.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from pydantic import BaseModel


class Kind(NamedTuple):
    """A kind of data file: the `Programme` attribute that holds it, and its model."""

    attr: str
    model_path: str  # "module:Class", the file's top-level model
    required: bool = False

    @property
    def model(self) -> type[BaseModel]:
        module, _, name = self.model_path.partition(":")
        model: type[BaseModel] = getattr(importlib.import_module(module), name)
        return model


#: Files at the top of the data folder, by name.
SINGLE_FILES: dict[str, Kind] = {
    "programme.yaml": Kind("identity", "cicmaroc.models.identity:Identity", required=True),
    "logframe.yaml": Kind("logframe", "cicmaroc.models.logframe:Logframe", required=True),
    "budget.yaml": Kind("budget", "cicmaroc.models.budget:Budget", required=True),
    "country.yaml": Kind("country", "cicmaroc.models.country:Country"),
    "risks.yaml": Kind("risks", "cicmaroc.models.risks:Risks"),
    "waivers.yaml": Kind("waivers", "cicmaroc.models.waivers:Waivers"),
    "readings.yaml": Kind("readings", "cicmaroc.models.readings:Readings"),
    "iati.yaml": Kind("publisher", "cicmaroc.models.publisher:Publisher"),
    "due-dates.yaml": Kind("due_dates", "cicmaroc.models.due_dates:DueDates"),
    "evidence.yaml": Kind("evidence", "cicmaroc.models.evidence:EvidenceRecord"),
}
#: Folders holding one file per item (a partnership, a year of monitoring), by name.
FOLDERS: dict[str, Kind] = {
    "partners": Kind("partners", "cicmaroc.models.partners:Partner"),
    "monitoring": Kind("monitoring", "cicmaroc.models.monitoring:MonitoringYear"),
    "narrative": Kind("narrative", "cicmaroc.models.narrative:Narrative"),
    "risk-follow-up": Kind("risk_follow_up", "cicmaroc.models.risk_follow_up:RiskFollowUp"),
}
