"""`cic evidence --record`: the SHA-256 of each evidence file recorded in data/evidence.yaml.

`cic import` records the files it takes into place; a file an officer put under data/evidence/ by
hand (and named in an entry) is recorded here. A file already recorded with other content is a
file changed after it was reported (CIC753): it is recorded again only with `replace`, the
officer's decision that the new file is the right one. A Git LFS pointer is recorded by the
SHA-256 it names, which is the file's.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from cicmaroc.files.evidence_folder import examine
from cicmaroc.forms.datafiles import EVIDENCE_RECORD, Change, planned, set_records, write
from cicmaroc.loading.programme import Programme
from cicmaroc.rules.evidence import Named


class Recording(NamedTuple):
    """What was recorded (paths under data/evidence/), what was recorded again, and what was left
    as it is because it changed (without `replace`)."""

    recorded: list[str]
    replaced: list[str]
    changed: list[str]


def record_evidence(programme: Programme, limit: int, replace: bool, day: dt.date) -> Recording:
    """Record every named evidence file not yet recorded (and, with `replace`, those changed)."""
    named = Named(programme)
    known = programme.evidence.model.files if programme.evidence is not None else {}
    records: dict[str, tuple[str, int, dt.date]] = {}
    outcome = Recording([], [], [])
    for path in named.places:
        found = examine(programme.root, path, limit)
        if found.state not in ("file", "pointer"):
            continue  # missing, refused: `cic validate` says so (CIC750-CIC752, CIC757)
        kept = known.get(path)
        if kept is not None and kept.sha256 == found.sha256:
            continue
        if kept is not None and not replace:
            outcome.changed.append(path)
            continue
        (outcome.replaced if kept is not None else outcome.recorded).append(path)
        records[path] = (found.sha256, found.size, day)
    if records:
        change: Change = planned(programme, EVIDENCE_RECORD, set_records(records))
        write(change, programme)
    return outcome
