"""The programme as loaded: each data file's model beside the source it came from.

Rules and reports work on models, but every finding must point back to a line; keeping each model
next to its `SourceDoc` lets a rule ask `doc.at("lines", 0, "total", 2019)` for a location.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

from pydantic import BaseModel

from cicmaroc.findings import Location
from cicmaroc.models import Budget, Country, Logframe, MonitoringYear, Partner, Risks
from cicmaroc.models.partners import MoroccanCommune
from cicmaroc.models.readings import Readings
from cicmaroc.models.waivers import Waivers
from cicmaroc.yaml.document import SourceDoc

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Doc(Generic[M]):
    """A validated model and the file it was read from."""

    source: SourceDoc
    model: M

    @property
    def file(self) -> str:
        return self.source.file

    def at(self, *path: str | int) -> Location:
        return self.source.at(*path)


@dataclass(frozen=True, slots=True)
class CommuneRef:
    """A Moroccan commune with the partnership it belongs to and where it is defined."""

    partner: Doc[Partner]
    index: int
    commune: MoroccanCommune

    @property
    def id(self) -> str:
        return self.commune.id

    def at(self, *path: str | int) -> Location:
        return self.partner.at("moroccan_communes", self.index, *path)


@dataclass(slots=True)
class Programme:
    """Everything loaded from one `data/` folder. Files that failed validation are absent."""

    root: Path
    partners: list[Doc[Partner]] = field(default_factory=list)
    logframe: Doc[Logframe] | None = None
    budget: Doc[Budget] | None = None
    country: Doc[Country] | None = None
    risks: Doc[Risks] | None = None
    waivers: Doc[Waivers] | None = None
    readings: Doc[Readings] | None = None
    monitoring: list[Doc[MonitoringYear]] = field(default_factory=list)  # one per year file
    sources: dict[str, SourceDoc] = field(default_factory=dict)
    #: Kinds (attribute names) with a file that could not be read or validated: checks that
    #: need the complete set (is this commune known?) stay silent rather than report false alarms.
    incomplete: set[str] = field(default_factory=set)
    #: Files (as shown) whose data is missing: unreadable, refused, or not valid for their model.
    #: A finding about them cannot be waived (`rules.waivers`): the data would silently be gone.
    unread: set[str] = field(default_factory=set)

    def communes(self) -> Iterator[CommuneRef]:
        """Every Moroccan commune, in partnership-file order."""
        for partner in self.partners:
            for i, commune in enumerate(partner.model.moroccan_communes):
                yield CommuneRef(partner, i, commune)

