"""The programme as loaded: each data file's model beside the source it came from.

Rules and reports work on models, but every finding must point back to a line; keeping each model
next to its `SourceDoc` lets a rule ask `doc.at("lines", 0, "total", 2019)` for a location.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from pydantic import BaseModel

from cicmaroc.findings import Location
from cicmaroc.years import Calendar, Milestone

#: The language of the programme's texts while data/programme.yaml cannot be read (`Programme.text_language`).
TEXT_LANGUAGE = "fr"

if TYPE_CHECKING:  # the models are imported as files of their kind are read (`models.kinds`)
    from cicmaroc.files.buffers import FileSource
    from cicmaroc.models.budget import Budget
    from cicmaroc.models.country import Country
    from cicmaroc.models.due_dates import DueDates
    from cicmaroc.models.evidence import EvidenceRecord
    from cicmaroc.models.identity import Identity
    from cicmaroc.models.logframe import Logframe
    from cicmaroc.models.monitoring import MonitoringYear
    from cicmaroc.models.narrative import Narrative
    from cicmaroc.models.partners import LocalCommune, Partner
    from cicmaroc.models.publisher import Publisher
    from cicmaroc.models.readings import Readings
    from cicmaroc.models.risk_follow_up import RiskFollowUp
    from cicmaroc.models.risks import Risks
    from cicmaroc.models.waivers import Waivers
    from cicmaroc.yaml.document import SourceDoc

M = TypeVar("M", bound=BaseModel)


class Doc(NamedTuple, Generic[M]):
    """A validated model and the file it was read from."""

    source: SourceDoc
    model: M

    @property
    def file(self) -> str:
        return self.source.file

    def at(self, *path: str | int) -> Location:
        return self.source.at(*path)


class Unread(NamedTuple):
    """A data file whose data is missing: its kind (the `Programme` attribute), its name within
    its folder (a year, a partnership; None for a file at the top or a whole folder) and the line
    and column of its first problem (0: the file as a whole)."""

    kind: str
    name: str | None
    line: int = 0
    column: int = 0


#: The kinds of file written one a year, named by it (data/monitoring/2019.yaml).
YEAR_KINDS = ("monitoring", "narrative", "risk_follow_up")


class CommuneRef:
    """A local commune with the partnership it belongs to and where it is defined: one mention of it
    in a partner file. `Programme.communes` gives one per commune, the mention that holds its details,
    with `partners`, every partnership it belongs to."""

    __slots__ = ("commune", "index", "partner", "partners")

    def __init__(self, partner: Doc[Partner], index: int, commune: LocalCommune) -> None:
        self.partner = partner
        self.index = index  # its position in the partnership's list
        self.commune = commune
        self.partners: tuple[Doc[Partner], ...] = (partner,)

    @property
    def id(self) -> str:
        return self.commune.id

    @property
    def name(self) -> str:
        """Its name as its partner sheet prints it (its id while no mention gives it)."""
        return self.commune.name or self.commune.id

    @property
    def local_name(self) -> str:
        """Its name as the outcome sheet's list prints it (its id while no mention gives it)."""
        return self.commune.local_partner_name or self.commune.id

    @property
    def partnership_names(self) -> str:
        """The Belgian communes it is twinned with, as their sheets name them."""
        return ", ".join(p.model.belgian_commune.name for p in self.partners)

    def at(self, *path: str | int) -> Location:
        return self.partner.at("local_communes", self.index, *path)


class Programme:
    """Everything loaded from one `data/` folder. Files that failed validation are absent."""

    __slots__ = (
        "budget",
        "country",
        "due_dates",
        "evidence",
        "evidence_on_disk",
        "files",
        "identity",
        "incomplete",
        "logframe",
        "monitoring",
        "narrative",
        "partners",
        "publisher",
        "readings",
        "risk_follow_up",
        "risks",
        "root",
        "sources",
        "unread",
        "waivers",
    )

    def __init__(self, root: Path, files: FileSource | None = None) -> None:
        self.root = root
        #: Where the files were read (None: the disk); a check that reads a file again reads it there.
        self.files = files
        self.identity: Doc[Identity] | None = None  # data/programme.yaml
        self.partners: list[Doc[Partner]] = []
        self.logframe: Doc[Logframe] | None = None
        self.budget: Doc[Budget] | None = None
        self.country: Doc[Country] | None = None
        self.risks: Doc[Risks] | None = None
        self.waivers: Doc[Waivers] | None = None
        self.readings: Doc[Readings] | None = None
        self.publisher: Doc[Publisher] | None = None  # data/iati.yaml, for `cic iati`
        self.due_dates: Doc[DueDates] | None = None  # data/due-dates.yaml
        self.evidence: Doc[EvidenceRecord] | None = None  # data/evidence.yaml: the recorded SHA-256s
        #: Whether the evidence files (data/evidence/) are on the disk beside the data files: not for
        #: a git revision, whose data files alone are copied out (`files.git`).
        self.evidence_on_disk = True
        self.monitoring: list[Doc[MonitoringYear]] = []  # one per year file
        self.narrative: list[Doc[Narrative]] = []  # one per year file
        self.risk_follow_up: list[Doc[RiskFollowUp]] = []  # one per year file
        self.sources: dict[str, SourceDoc] = {}
        #: Kinds (attribute names) with a file that could not be read or validated: checks that
        #: need the complete set (is this commune known?) stay silent rather than report false alarms.
        self.incomplete: set[str] = set()
        #: Files (as shown) whose data is missing: unreadable, refused, or not valid for their model.
        #: A finding about them cannot be waived (`rules.waivers`): the data would silently be gone.
        self.unread: dict[str, Unread] = {}

    def __repr__(self) -> str:
        return f"Programme({self.root!r})"

    def but(self, **changes: Any) -> Programme:
        """A shallow copy of the programme with `changes` (attribute: value) made."""
        changed = copy.copy(self)
        for attr, value in changes.items():
            setattr(changed, attr, value)
        return changed

    def unread_among(self, kinds: tuple[str, ...], year: int | None = None, *, earlier: bool = True
                     ) -> list[str]:
        """The files of `kinds` that could not be read, as 'file' or 'file:line', for a command
        that computes from them: it must refuse rather than count their data as not recorded.

        With `year`, only the year files that `year`'s figures use: the monitoring files of that
        year and (with `earlier`) of the years before, the narrative and risk follow-up of that
        year. A year file not named by a year, or a whole folder, counts for every year.
        """
        found = []
        for shown, unread in sorted(self.unread.items()):
            if unread.kind not in kinds:
                continue
            if year is not None and unread.kind in YEAR_KINDS and unread.name and unread.name.isdigit():
                named = int(unread.name)
                if named != year and not (earlier and unread.kind == "monitoring" and named < year):
                    continue
            found.append(f"{shown}:{unread.line}" if unread.line else shown)
        return found

    @property
    def text_language(self) -> str:
        """The language the programme's own texts are written in (data/programme.yaml's first
        language): a `text` field, its translations beside it (`text_nl`, `text_fr`). Reports mark a
        passage in it when the reader's language differs, and IATI narratives carry it."""
        return self.identity.model.languages[0] if self.identity is not None else TEXT_LANGUAGE

    @property
    def calendar(self) -> Calendar | None:
        """The programme's years and milestones (data/programme.yaml); None while it cannot be read."""
        if self.identity is None:
            return None
        model = self.identity.model
        primary = model.languages[0]
        milestones = tuple(
            Milestone(m.id, m.year, tuple(sorted(m.label.items(), key=lambda item: item[0] != primary)))
            for m in model.milestones)
        baseline = model.baseline_year if model.baseline_year is not None else model.period.first - 1
        return Calendar(model.period.first, model.period.last, baseline, milestones)

    def commune_mentions(self) -> Iterator[CommuneRef]:
        """Every mention of a local commune, in partnership-file order (a commune twinned with two
        Belgian communes is mentioned twice)."""
        for partner in self.partners:
            for i, commune in enumerate(partner.model.local_communes):
                yield CommuneRef(partner, i, commune)

    def communes(self) -> Iterator[CommuneRef]:
        """Every local commune once, in partnership-file order: the first mention that gives its
        details (else the first), with every partnership it belongs to."""
        found: dict[str, CommuneRef] = {}
        partners: dict[str, list[Doc[Partner]]] = {}
        for ref in self.commune_mentions():
            first = found.get(ref.id)
            if first is None or (not first.commune.detailed and ref.commune.detailed):
                found[ref.id] = ref  # a key assigned again keeps its place: the order of first mentions
            if ref.partner not in partners.setdefault(ref.id, []):
                partners[ref.id].append(ref.partner)
        for commune_id, ref in found.items():
            ref.partners = tuple(partners[commune_id])
            yield ref

