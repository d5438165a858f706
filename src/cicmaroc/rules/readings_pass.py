"""Agreed readings: find each reading's figure in the data, check it, and compute with it.

`data/readings.yaml` (models/readings.py) names a printed figure by file and path. This module
resolves that path in the file as loaded, checks that the file still holds the printed value,
and builds a copy of the programme whose models hold the agreed value instead: progress and
budget execution run on that copy, while `cic validate` keeps checking the printed programme
(a reading is not a waiver). Every problem is a finding (CIC911-CIC915, rules/readings.py).

`subject` says what a figure is in terms the outputs know (an indicator's target cell, a T3
cell, a partnership's Budget OS 1), so each output can put the footnote beside the figure.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ValidationError

from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.loading.loader import FOLDERS, SINGLE_FILES, display_path
from cicmaroc.loading.programme import Doc, Programme
from cicmaroc.models.readings import Reading
from cicmaroc.yaml.document import YamlPath

_ERR, _WARN = Severity.ERROR, Severity.WARNING
#: Files that transcribe the document, and so may hold a printed figure to read otherwise.
_PRINTED_FILES = ("logframe.yaml", "budget.yaml", "country.yaml", "risks.yaml")
_PRINTED_FOLDERS = ("partners",)
#: What a figure is, for the outputs: ("target", indicator, cell, "values"|"percents", measure),
#: ("budget", block, row, column) or ("budget_os1", partnership); None for any other figure.
Subject = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AppliedReading:
    """A reading in force: its figure found, its printed value checked, computations use it."""

    number: int  # 1, 2 ... in the order of readings.yaml: the footnote's number
    reading: Reading
    file: str  # the data file as the findings name it (data/logframe.yaml)
    path: YamlPath  # the figure's path in the file, list items by position
    location: Location  # where the printed figure is
    subject: Subject | None

    @property
    def printed(self) -> Decimal | str:
        return self.reading.printed

    @property
    def read_as(self) -> Decimal | str:
        return self.reading.read_as


@dataclass(frozen=True, slots=True)
class ReadProgramme:
    """The programme as the officers agreed to read it, the readings in force, and the problems."""

    programme: Programme
    readings: tuple[AppliedReading, ...]
    findings: tuple[Finding, ...]

    def reading_for(self, *subject: str) -> AppliedReading | None:
        return next((r for r in self.readings if r.subject == subject), None)


def read_programme(programme: Programme) -> ReadProgramme:
    """Apply every valid reading of `programme.readings`; the original programme is not changed."""
    if programme.readings is None:
        return ReadProgramme(programme, (), ())
    doc = programme.readings
    findings: list[Finding] = []
    applied: list[AppliedReading] = []
    data: dict[str, Any] = {}  # file -> its data with the readings applied so far
    models: dict[str, BaseModel] = {}
    seen: dict[tuple[str, YamlPath], Location] = {}
    for i, reading in enumerate(doc.model.readings):
        where = doc.at("readings", i)

        def problem(code: str, name: str, message: str, hint: str, related: tuple[Location, ...] = (),
                    severity: Severity = _ERR, where: Location = where) -> None:
            findings.append(Finding(code, severity, message, where, related, hint, name))

        shown = display_path(programme.root / reading.file)
        kind = _kind(reading.file)
        source = programme.sources.get(shown)
        if kind is None:
            problem("CIC911", "reading-figure-not-found",
                    f"The reading names '{reading.file}', which is not a data file transcribing the "
                    "document; it is not applied.",
                    "Name one of: " + ", ".join((*_PRINTED_FILES, "partners/<id>.yaml")) + ".")
            continue
        if source is None or _model_doc(programme, shown) is None:
            if kind in programme.incomplete or source is not None:
                continue  # the file could not be read: its own finding says why
            problem("CIC911", "reading-figure-not-found",
                    f"The reading names '{reading.file}', which is not in the data folder; it is not "
                    "applied.", "Correct the file name, or remove the reading if the file is gone.")
            continue
        path, found, wrong = _resolve(source.data, reading.path)
        label = _show_path(reading.path)
        if path is None:
            problem("CIC911", "reading-figure-not-found",
                    f"The reading's figure {label} does not exist in {reading.file} ({wrong}); "
                    "it is not applied.",
                    "Correct the path, key by key as in the file (list items by id), or remove the "
                    "reading if the figure is gone.", (source.at(*_partial(source.data, reading.path)),),
                    where=doc.at("readings", i, "path"))
            continue
        location = source.at(*path)
        if (shown, path) in seen:
            problem("CIC914", "duplicate-reading",
                    f"The figure {label} of {reading.file} already has a reading (at "
                    f"{seen[(shown, path)]}); this one is not applied.",
                    "Keep one reading per figure.", (seen[(shown, path)],))
            continue
        seen[(shown, path)] = where
        if not _same(found, reading.printed):
            problem("CIC912", "reading-printed-differs",
                    f"The reading says {label} of {reading.file} is printed {_show(reading.printed)}, "
                    f"but the file holds {_show(found)}; it is not applied.",
                    "If the data was corrected to the printed figure, correct 'printed'; if the figure "
                    "was changed on purpose, review the reading with the officers who agreed it.",
                    (location,), where=doc.at("readings", i, "printed"))
            continue
        if _same(found, reading.read_as):
            problem("CIC915", "reading-changes-nothing",
                    f"The reading of {label} of {reading.file} reads {_show(found)} as itself; it "
                    "changes nothing.", "Remove it, or correct 'read_as'.", (location,),
                    severity=_WARN, where=doc.at("readings", i, "read_as"))
            continue
        trial = copy.deepcopy(data.get(shown, source.data))
        _set(trial, path, reading.read_as)
        model = _model_doc(programme, shown)
        assert model is not None
        try:
            models[shown] = type(model.model).model_validate(trial)
        except ValidationError as exc:
            reason = str(exc.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")
            problem("CIC913", "reading-value-invalid",
                    f"The reading's value {_show(reading.read_as)} cannot stand for {label} of "
                    f"{reading.file}: {reason}; it is not applied.",
                    "Write 'read_as' as the figure would be written in that file.",
                    (location,), where=doc.at("readings", i, "read_as"))
            continue
        data[shown] = trial
        applied.append(AppliedReading(len(applied) + 1, reading, shown, path, location,
                                      _subject(reading.file, trial, path)))
    return ReadProgramme(_with_models(programme, models), tuple(applied), tuple(findings))


# -- finding the figure ------------------------------------------------------------------------


def _kind(file: str) -> str | None:
    """The Programme attribute of a data file that may hold printed figures, or None."""
    name = file.replace("\\", "/").removeprefix("./")
    if name in _PRINTED_FILES:
        return SINGLE_FILES[name][0]
    folder, _, rest = name.partition("/")
    if folder in _PRINTED_FOLDERS and rest and "/" not in rest:
        return FOLDERS[folder][0]
    return None


def _model_doc(programme: Programme, shown: str) -> Doc[Any] | None:
    for attr in ("logframe", "budget", "country", "risks"):
        doc = getattr(programme, attr)
        if doc is not None and doc.file == shown:
            return doc  # type: ignore[no-any-return]
    return next((p for p in programme.partners if p.file == shown), None)


def _step(node: Any, key: str | int) -> tuple[bool, str | int]:
    """The key of `key` in `node`: a list item by id or position, a mapping key (years as numbers)."""
    if isinstance(node, list):
        if isinstance(key, int) and not isinstance(key, bool):
            return 0 <= key < len(node), key
        for i, item in enumerate(node):
            if isinstance(item, dict) and item.get("id") == key:
                return True, i
        return False, key
    if isinstance(node, dict):
        if key in node:
            return True, key
        if isinstance(key, str) and key.isdigit() and int(key) in node:
            return True, int(key)
    return False, key


def _resolve(data: Any, path: list[str | int]) -> tuple[YamlPath | None, Any, str]:
    """(the path with list items by position, the value there, "") or (None, None, what is wrong)."""
    node, found = data, []
    for key in path:
        ok, step = _step(node, key)
        if not ok:
            return None, None, f"there is no '{key}' there"
        found.append(step)
        node = node[step]
    if isinstance(node, (dict, list)):
        return None, None, "it leads to a block of figures, not to one figure"
    return tuple(found), node, ""


def _partial(data: Any, path: list[str | int]) -> YamlPath:
    """The longest prefix of `path` that exists, for pointing at the place that lacks the rest."""
    node, found = data, []
    for key in path:
        ok, step = _step(node, key)
        if not ok:
            break
        found.append(step)
        node = node[step]
    return tuple(found)


def _set(data: Any, path: YamlPath, value: Any) -> None:
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value


def _same(found: Any, figure: Decimal | str) -> bool:
    if isinstance(found, bool):
        return False
    if isinstance(found, (int, Decimal)) and isinstance(figure, Decimal):
        return Decimal(found) == figure
    return isinstance(found, str) and isinstance(figure, str) and found == figure


def _show(value: Any) -> str:
    return f'"{value}"' if isinstance(value, str) else str(value)


def _show_path(path: list[str | int]) -> str:
    return "[" + ", ".join(str(k) for k in path) + "]"


# -- what the figure is ------------------------------------------------------------------------


def _subject(file: str, data: Any, path: YamlPath) -> Subject | None:
    name = file.replace("\\", "/").removeprefix("./")
    keys = [str(k) for k in path]
    if name == "logframe.yaml" and "indicators" in keys:
        k = keys.index("indicators")
        rest = keys[k + 2:]
        if (len(rest) == 3 and rest[0] in ("baseline", "year3", "year5")
                and rest[1] in ("values", "percents")):
            indicator = _at(data, path[: k + 2])
            return ("target", str(indicator.get("id")), rest[0], rest[1], rest[2])
        return None
    if name == "budget.yaml" and len(path) >= 3:
        if path[0] == "total":
            block, rest = "total", keys[1:]
        elif path[0] in ("lines", "associations"):
            block, rest = str(_at(data, path[:2]).get("id")), keys[2:]
        else:
            return None
        if rest[0] == "total" and len(rest) == 2:
            return ("budget", block, "total", rest[1])
        if rest[0] == "natures" and len(rest) == 3:
            return ("budget", block, rest[1], rest[2])
        return None
    if name.startswith("partners/") and keys == ["budget_os1"]:
        return ("budget_os1", str(data.get("id")))
    return None


def _at(data: Any, path: YamlPath) -> Any:
    node = data
    for key in path:
        node = node[key]
    return node


# -- the programme as read ---------------------------------------------------------------------


def _with_models(programme: Programme, models: dict[str, BaseModel]) -> Programme:
    """A shallow copy of `programme` whose documents in `models` hold the read model."""
    if not models:
        return programme
    changes: dict[str, Any] = {}
    for attr in ("logframe", "budget", "country", "risks"):
        doc = getattr(programme, attr)
        if doc is not None and doc.file in models:
            changes[attr] = Doc(doc.source, models[doc.file])
    changes["partners"] = [Doc(p.source, models[p.file]) if p.file in models else p
                           for p in programme.partners]
    return replace(programme, **changes)

