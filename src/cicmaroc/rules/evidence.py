"""Evidence files (CIC750-CIC757): the means of verification a monitoring entry names, in data/evidence/.

An entry names its files beside its source (`evidence: [2019/ait-baha/pv-sas.pdf]`). Each named
file must be there, under data/evidence/ and through no link, within `max-evidence-size`, and
still be the file that was reported: its SHA-256 is compared with the one data/evidence.yaml
recorded (`cic import`, `cic evidence --record`). A Git LFS pointer (the file kept out of git's
history and not pulled) is compared by the SHA-256 it names. A file found under another folder
with the recorded content is named as where the file was moved to.

One finding per file, at the first entry that names it, the other entries as related places. For
a git revision (`--rev`, `cic diff`) only the data files are read, not the evidence files: the
paths are checked, not the files (`Programme.evidence_on_disk`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.files.evidence_folder import Examined, evidence_folder, examine, path_problem
from cicmaroc.findings import Count, Finding, Location, Severity
from cicmaroc.loading.programme import Programme
from cicmaroc.rules import Check

if TYPE_CHECKING:
    from cicmaroc.config import Config
    from cicmaroc.models.evidence import Recorded

_WAIVE = ("Put the file right rather than waive it: an auditor asks for the file, not for the waiver. While "
          "it is being sorted out, `# cic: ignore[{code}] reason` at the end of the line, or in "
          "data/waivers.yaml (`code: {code}`, the file, `reason:`).")
_PUT = ("Put the file under data/evidence/ and name it by its path there, such as "
        "<year>/<reporter id>/pv-sas.pdf.")


def _declare(code: str, name: str, severity: Severity, *, what: str, why: str, example: str,
             messages: dict[str, Message]) -> Code:
    return declare(code, name, severity, "evidence", what=what, why=why, example=example, waive=_WAIVE,
                   messages=messages)


CIC750 = _declare(
    "CIC750", "evidence-path-refused", Severity.ERROR,
    what="An evidence path leads to a file under data/evidence/, and through no link.",
    why="The evidence an auditor receives comes from the programme's own folder: a path out of it (or a "
        "link, which git keeps) could bundle any file of the machine.",
    example="`evidence: [../../.ssh/id_rsa]`; `data/evidence/2019` a link to `/home`.",
    messages={
        "empty": Message("An evidence path is empty.", _PUT),
        "absolute": Message("The evidence path {path} is absolute; it was not read.", _PUT),
        "parent": Message("The evidence path {path} has an empty, '.' or '..' part; it was not read.", _PUT),
        "backslash": Message("The evidence path {path} holds a backslash; it was not read.",
                             "Separate the folders with '/', such as <year>/<reporter id>/pv-sas.pdf."),
        "character": Message("The evidence path {path} holds an invisible or control character; it was not "
                             "read.", "Rename the file with visible characters only."),
        "too-long": Message("The evidence path {path} is longer than a file system takes; it was not read.",
                            "Give the file a shorter name."),
        "link": Message("The evidence path {path} goes through a link ({link}); it was not read.",
                        "Replace the link by the file (or folder) itself."),
        "not-a-file": Message("The evidence path {path} is not a regular file (a folder, a pipe or a "
                              "device); it was not read.", "Name the file itself."),
    })
CIC751 = _declare(
    "CIC751", "evidence-missing", Severity.ERROR,
    what="An evidence file an entry names is in data/evidence/.",
    why="The entry's figure is proven by that file; the bundle an auditor asks for would lack it.",
    example="`evidence: [2019/ait-baha/pv-sas.pdf]` with no such file.",
    messages={
        "missing": Message("The evidence file {path} is not in data/evidence/ (missing, or moved).",
                           "Put the file at data/evidence/{path}, or correct the path."),
        "moved": Message("The evidence file {path} is not in data/evidence/, but {found} holds the file "
                         "as it was recorded: was it moved?", "Correct the path to {found}."),
    })
CIC752 = _declare(
    "CIC752", "evidence-too-large", Severity.ERROR,
    what="An evidence file is within the size limit (`max-evidence-size`, 100 MiB by default).",
    why="Every check and every bundle reads the file whole; a huge file is a video or a mistake, and "
        "git's history keeps it forever (docs/collecting.md: Git LFS).",
    example="A 2 GB scan named as `2019/ait-baha/pv.pdf`.",
    messages={"too-large": Message("The evidence file {path} is {size} bytes, over the limit of {limit} "
                                   "bytes; it was not read.",
                                   "Reduce the file (a scan at 200 dpi is enough), or raise "
                                   "max-evidence-size in cic.toml.")})
CIC753 = _declare(
    "CIC753", "evidence-changed", Severity.ERROR,
    what="An evidence file is still the file that was reported: its SHA-256 is the one recorded in "
         "data/evidence.yaml.",
    why="A means of verification changed after the report was sent no longer proves what was reported.",
    example="`2019/ait-baha/pv-sas.pdf` replaced by another scan after the 2019 report.",
    messages={"changed": Message("The evidence file {path} changed after it was reported: its SHA-256 is "
                                 "{found}, recorded as {recorded} on {day}.",
                                 "Put back the file as it was reported (git log, git checkout). If the new "
                                 "file is the right one, record it again (cic evidence --record --replace) "
                                 "and say why in the commit.")})
CIC754 = _declare(
    "CIC754", "evidence-not-recorded", Severity.WARNING,
    what="Each evidence file has its SHA-256 recorded in data/evidence.yaml.",
    why="Without it, a file changed after it was reported would go unseen.",
    example="A file put under data/evidence/ by hand and named in an entry.",
    messages={"unrecorded": Message("The evidence file {path} has no SHA-256 recorded in data/evidence.yaml.",
                                    "Run cic evidence --record, and commit data/evidence.yaml with the "
                                    "file.")})
CIC755 = _declare(
    "CIC755", "evidence-not-pulled", Severity.INFO,
    what="An evidence file kept with Git LFS is checked by its pointer when it was not pulled.",
    why="A checkout without the large files (CI, a quick clone) still proves the files are those "
        "reported: the pointer names the file's SHA-256.",
    example="`git clone` without `git lfs pull`.",
    messages={"pointer": Message("The evidence file {path} is a Git LFS pointer (the file was not pulled); "
                                 "the SHA-256 it names is the one recorded.",
                                 "Run git lfs pull to have the file itself (cic evidence needs it).")})
CIC756 = _declare(
    "CIC756", "evidence-record-unused", Severity.INFO,
    what="Each file recorded in data/evidence.yaml is named by a monitoring entry.",
    why="A record no entry uses proves nothing; it is usually left over from a path corrected since.",
    example="`files: {2019/ait-baha/old.pdf: ...}` when no entry names it.",
    messages={"unused": Message("data/evidence.yaml records {path}, which no monitoring entry names.",
                                "Remove its record, or name the file in the entry it proves.")})
CIC757 = _declare(
    "CIC757", "evidence-unreadable", Severity.ERROR,
    what="An evidence file can be read.",
    why="A file cic cannot read cannot be compared with its record, nor given to an auditor.",
    example="A file without read permission.",
    messages={"unreadable": Message("The evidence file {path} cannot be read: {reason}.",
                                    "Check the file's permissions.")})

CODES: tuple[Code, ...] = (CIC750, CIC751, CIC752, CIC753, CIC754, CIC755, CIC756, CIC757)


class Named:
    """The evidence files the monitoring entries name, each with every place naming it (in order)."""

    def __init__(self, programme: Programme) -> None:
        self.places: dict[str, list[Location]] = {}
        self.refused: list[tuple[str, str, Location]] = []  # (path as written, why, where)
        for doc in programme.monitoring:
            for reporter, entries in doc.model.reports.items():
                for indicator, entry in (entries or {}).items():
                    if entry is not None and entry.evidence:
                        self._add(entry.evidence, doc.at, ("reports", reporter, indicator))
            for line, spenders in doc.model.spending.items():
                for spender, spent in (spenders or {}).items():
                    if spent is not None and spent.evidence:
                        self._add(spent.evidence, doc.at, ("spending", line, spender))

    def _add(self, paths: list[str], at: Any, where: tuple[str, ...]) -> None:
        for index, path in enumerate(paths):
            location = at(*where, "evidence", index)
            problem = path_problem(path)
            if problem is not None:
                self.refused.append((path, problem, location))
            else:
                self.places.setdefault(path, []).append(location)


def evidence_paths(programme: Programme, config: Config) -> Iterator[Finding]:
    """CIC750 for a path that cannot lead under data/evidence/ (what a revision checks too)."""
    named = Named(programme)
    for written, why, where in named.refused:
        yield _refused(why, where, written)
    record = programme.evidence
    if record is None:
        return
    for path in record.model.files:
        problem = path_problem(path)
        if problem is not None:
            yield _refused(problem, record.source.key_at("files", path), path)
        elif path not in named.places and "monitoring" not in programme.incomplete:
            # (a monitoring file that could not be read may be the one naming it: no false alarm)
            yield CIC756.finding("unused", record.source.key_at("files", path), path=path)


def _refused(problem: str, where: Location, path: str) -> Finding:
    if problem == "empty":
        return CIC750.finding(problem, where)
    return CIC750.finding(problem, where, path=path)


def evidence_files(programme: Programme, config: Config) -> Iterator[Finding]:
    """Each named file there, readable, within the limit, and as recorded (CIC751-CIC755, CIC757)."""
    if not programme.evidence_on_disk:
        return
    named = Named(programme)
    record = programme.evidence
    recorded: dict[str, Recorded] = dict(record.model.files) if record is not None else {}
    limit = config.evidence_limit()
    moved = _Elsewhere(programme, limit)
    for path, places in named.places.items():
        where, others = places[0], tuple(places[1:])
        found = examine(programme.root, path, limit)
        kept = recorded.get(path)
        if found.state == "missing":
            elsewhere = moved.holding(path, kept)
            yield (CIC751.finding("moved", where, others, path=path, found=elsewhere) if elsewhere else
                   CIC751.finding("missing", where, others, path=path))
        elif found.state == "link":
            yield CIC750.finding("link", where, others, path=path, link=found.detail)
        elif found.state == "not-a-file":
            yield CIC750.finding("not-a-file", where, others, path=path)
        elif found.state == "too-large":
            yield CIC752.finding("too-large", where, others, path=path, size=Count(found.size),
                                 limit=Count(limit))
        elif found.state == "unreadable":
            yield CIC757.finding("unreadable", where, others, path=path, reason=found.detail)
        elif kept is None:
            yield CIC754.finding("unrecorded", where, others, path=path)
        elif kept.sha256 != found.sha256:
            assert record is not None
            yield CIC753.finding("changed", where, (*others, record.at("files", path, "sha256")), path=path,
                                 found=found.sha256, recorded=kept.sha256, day=kept.recorded.isoformat())
        elif found.state == "pointer":
            yield CIC755.finding("pointer", where, others, path=path)


class _Elsewhere:
    """Where a missing file went: a file of the same name elsewhere under data/evidence/ holding the
    recorded content (the folder is listed once, and only when a file is missing)."""

    def __init__(self, programme: Programme, limit: int) -> None:
        self.root = programme.root
        self.limit = limit
        self.by_name: dict[str, list[str]] | None = None

    def holding(self, path: str, kept: Recorded | None) -> str | None:
        if kept is None:
            return None
        if self.by_name is None:
            self.by_name = _names(self.root)
        for candidate in self.by_name.get(path.rsplit("/", 1)[-1], []):
            found: Examined = examine(self.root, candidate, self.limit)
            if found.state in ("file", "pointer") and found.sha256 == kept.sha256:
                return candidate
        return None


def _names(data_dir: Path) -> dict[str, list[str]]:
    """Every file under data/evidence/ by its name (links not followed)."""
    folder = evidence_folder(data_dir)
    found: dict[str, list[str]] = {}
    if os.path.islink(folder) or not folder.is_dir():
        return found
    for top, _folders, files in os.walk(folder):
        relative = os.path.relpath(top, folder)
        for name in sorted(files):
            path = name if relative == "." else f"{relative.replace(os.sep, '/')}/{name}"
            found.setdefault(name, []).append(path)
    return found


CHECKS: tuple[Check, ...] = (Check((CIC750, CIC756), evidence_paths),
                             Check((CIC751, CIC752, CIC753, CIC754, CIC755, CIC757, CIC750), evidence_files))
