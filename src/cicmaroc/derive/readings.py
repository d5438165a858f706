"""Agreed readings (CIC911-CIC915): find each reading's figure in the data, check it, compute with it.

`data/readings.yaml` (models/readings.py) names a printed figure by file and path. One pass
(`read_programme`, run once per run by `cicmaroc.api`) resolves that path in the file as loaded,
checks that the file still holds the printed value, and builds a copy of the programme whose
models hold the agreed value instead: progress and budget execution run on that copy, while
`cic validate` keeps checking the printed programme. Every problem is a finding.

A reading never silences a finding: the rule that reports the printed figure (CIC401 for IOV
4.3's 13 communes) keeps reporting it until a waiver acknowledges it.

`subject` says what a figure is in terms the outputs know (an indicator's target cell, a T3
cell, a partnership's Budget OS 1), so each output can put the footnote beside the figure.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from pydantic import BaseModel, ValidationError

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.files.discovery import display_path
from cicmaroc.findings import Finding, Items, Location, Severity, phrase
from cicmaroc.loading.programme import Doc, Programme
from cicmaroc.models.kinds import FOLDERS, SINGLE_FILES
from cicmaroc.yaml.document import YamlPath

if TYPE_CHECKING:
    from cicmaroc.models.readings import Reading

_NOT_APPLIED = ("A reading with this problem is not applied: the outputs compute with the printed figure.")
_WAIVE = ("Correct the reading in data/readings.yaml rather than waive this: while the finding stands, the "
          "outputs compute with the printed figure. A waiver (`code: {code}`, `file: readings.yaml`, "
          "`reason:` in data/waivers.yaml) only hides the finding.")

CIC911 = declare(
    "CIC911", "reading-figure-not-found", Severity.ERROR, "readings",
    what="A reading names a figure that exists: a data file transcribing the document, and a path in it that "
         "leads to one figure.",
    why=f"A reading whose figure is gone (renamed indicator, moved file) reads nothing. {_NOT_APPLIED}",
    example="`path: [results, R4, indicators, IOV 4.9, targets, year5, values, formations]` when R4 has "
            "IOV 4.1 to "
            "IOV 4.3.",
    waive=_WAIVE,
    messages={
        "not-printed": Message("The reading names '{file}', which is not a data file transcribing the "
                               "document; it is not applied.", "Name one of: {files}."),
        "no-file": Message("The reading names '{file}', which is not in the data folder; it is not applied.",
                           "Correct the file name, or remove the reading if the file is gone."),
        "no-figure": Message("The reading's figure {figure} does not exist in {file} ({problem}); it is not "
                             "applied.",
                             "Correct the path, key by key as in the file (list items by id), or remove the "
                             "reading if the figure is gone."),
    })
CIC912 = declare(
    "CIC912", "reading-printed-differs", Severity.ERROR, "readings",
    what="A reading's `printed` value is the value data/ holds for the figure.",
    why=f"The officers agreed how to read one printed figure; if data/ now holds another, the agreement may "
        f"not fit it. {_NOT_APPLIED}",
    example="`printed: 13` for IOV 4.3's year-5 target after the file was changed to 12.",
    waive=_WAIVE,
    messages={"differs": Message("The reading says {figure} of {file} is printed {printed}, but the file "
                                 "holds {found}; it is not applied.",
                                 "If the data was corrected to the printed figure, correct 'printed'; if the "
                                 "figure was changed on purpose, review the reading with the officers who "
                                 "agreed it.")})
CIC913 = declare(
    "CIC913", "reading-value-invalid", Severity.ERROR, "readings",
    what="A reading's `read_as` value is a value the figure can take.",
    why=f"The programme must still make sense as read. {_NOT_APPLIED}",
    example="`read_as: douze` for a count, or `read_as: 12.345` for an amount.",
    waive=_WAIVE,
    messages={"invalid": Message("The reading's value {value} cannot stand for {figure} of {file}: {reason}; "
                                 "it is not applied.",
                                 "Write 'read_as' as the figure would be written in that file.")})
CIC914 = declare(
    "CIC914", "duplicate-reading", Severity.ERROR, "readings",
    what="A figure has one reading.",
    why="Two readings of one figure make the outputs depend on which is applied; the second is not applied.",
    example="Two entries for IOV 4.3's year-5 target, one reading 12, the other 11.",
    waive=_WAIVE,
    messages={"twice": Message("The figure {figure} of {file} already has a reading (at {first}); this one "
                               "is not applied.", "Keep one reading per figure.")})
CIC915 = declare(
    "CIC915", "reading-changes-nothing", Severity.WARNING, "readings",
    what="A reading reads the printed figure as something else.",
    why="A reading equal to the printed figure changes nothing and suggests a mistake.",
    example="`printed: 13` and `read_as: 13`.",
    waive="Remove the reading, or correct `read_as`. A waiver (`code: CIC915` in data/waivers.yaml, "
          "`file: readings.yaml`, `reason:`) would keep a reading that reads nothing.",
    messages={"itself": Message("The reading of {figure} of {file} reads {found} as itself; it changes "
                                "nothing.",
                                "Remove it, or correct 'read_as'.")})

CODES: tuple[Code, ...] = (CIC911, CIC912, CIC913, CIC914, CIC915)

#: Files that transcribe the document, and so may hold a printed figure to read otherwise.
_PRINTED_FILES = ("logframe.yaml", "budget.yaml", "country.yaml", "risks.yaml")
_PRINTED_FOLDERS = ("partners",)
#: What a figure is, for the outputs: ("target", indicator, cell, "values"|"percents", measure),
#: ("budget", block, row, column) or ("budget_os1", partnership); None for any other figure.
Subject = tuple[str, ...]


class AppliedReading(NamedTuple):
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


class ReadProgramme(NamedTuple):
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

        shown = display_path(programme.root / reading.file)
        kind = _kind(reading.file)
        source = programme.sources.get(shown)
        if kind is None:
            findings.append(CIC911.finding("not-printed", where, file=reading.file,
                                           files=Items((*_PRINTED_FILES, "partners/<id>.yaml"))))
            continue
        if source is None or _model_doc(programme, shown) is None:
            if kind in programme.incomplete or source is not None:
                continue  # the file could not be read: its own finding says why
            findings.append(CIC911.finding("no-file", where, file=reading.file))
            continue
        path, found, wrong = _resolve(source.data, reading.path)
        label = _show_path(reading.path)
        if path is None:
            findings.append(CIC911.finding("no-figure", doc.at("readings", i, "path"),
                                           (source.at(*_partial(source.data, reading.path)),), figure=label,
                                           file=reading.file, problem=wrong))
            continue
        location = source.at(*path)
        if (shown, path) in seen:
            findings.append(CIC914.finding("twice", where, (seen[(shown, path)],), figure=label,
                                           file=reading.file, first=seen[(shown, path)]))
            continue
        seen[(shown, path)] = where
        if not _same(found, reading.printed):
            findings.append(CIC912.finding("differs", doc.at("readings", i, "printed"), (location,),
                                           figure=label, file=reading.file, printed=_show(reading.printed),
                                           found=_show(found)))
            continue
        if _same(found, reading.read_as):
            findings.append(CIC915.finding("itself", doc.at("readings", i, "read_as"), (location,),
                                           figure=label,
                                           file=reading.file, found=_show(found)))
            continue
        trial = copy.deepcopy(data.get(shown, source.data))
        _set(trial, path, reading.read_as)
        model = _model_doc(programme, shown)
        assert model is not None
        try:
            models[shown] = type(model.model).model_validate(trial)
        except ValidationError as exc:
            reason = str(exc.errors(include_url=False)[0]["msg"]).removeprefix("Value error, ")
            findings.append(CIC913.finding("invalid", doc.at("readings", i, "read_as"), (location,),
                                           value=_show(reading.read_as), figure=label, file=reading.file,
                                           reason=reason))
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
        return SINGLE_FILES[name].attr
    folder, _, rest = name.partition("/")
    if folder in _PRINTED_FOLDERS and rest and "/" not in rest:
        return FOLDERS[folder].attr
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


def _resolve(data: Any, path: list[str | int]) -> tuple[YamlPath | None, Any, Any]:
    """(the path with list items by position, the value there, "") or (None, None, what is wrong)."""
    node, found = data, []
    for key in path:
        ok, step = _step(node, key)
        if not ok:
            return None, None, phrase("there is no '{key}' there", key=key)
        found.append(step)
        node = node[step]
    if isinstance(node, (dict, list)):
        return None, None, phrase("it leads to a block of figures, not to one figure")
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
        if rest[:1] == ["targets"]:
            rest = rest[1:]  # a milestone's target: named by the milestone's id
        elif rest[:1] != ["baseline"]:
            return None
        if len(rest) == 3 and rest[1] in ("values", "percents"):
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
    return programme.but(**changes)

