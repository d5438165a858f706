"""Turn a parsed file into a model, and Pydantic's errors into findings an officer can act on.

Pydantic reports each error with a `loc` (the path of keys and list indexes down to the value);
the source document maps that same path to a line and column, so every finding points at the
exact place in the file. Messages are rewritten as sentences, not Pydantic's developer wording:
each reason is a translatable phrase (`REASONS`), and the reasons of a union's branches become
one list of alternatives.
"""

from __future__ import annotations

import re
from types import MappingProxyType
from typing import Any, TypeVar, get_args

from pydantic import BaseModel, ValidationError

from cicmaroc.codes.files import CIC010, CIC011, CIC012
from cicmaroc.findings import Finding, Location, Phrase, alternatives, phrase, preview
from cicmaroc.i18n import N_
from cicmaroc.models.common import FieldsMissing, IatiCodelist
from cicmaroc.yaml.document import SourceDoc, YamlPath

M = TypeVar("M", bound=BaseModel)

#: "it should be {expected}": the reason of most errors, the expected thing a phrase of its own
#: (a union's second branch adds its expected thing to the first's: "it should be a, or b").
SHOULD_BE = N_("it should be {expected}")
#: What a value should be, by Pydantic's error type.
EXPECTED = {
    "decimal_parsing": N_("a number"),
    "decimal_type": N_("a number"),
    "int_parsing": N_("a whole number"),
    "int_type": N_("a whole number"),
    "int_from_float": N_("a whole number"),
    "string_type": N_("text"),
    "bool_type": N_("true or false"),
    "bool_parsing": N_("true or false"),
    "date_type": N_("a date written YYYY-MM-DD"),
    "date_from_datetime_parsing": N_("a real date written YYYY-MM-DD"),
    "date_parsing": N_("a real date written YYYY-MM-DD"),
    "list_type": N_("a list (lines starting with '- ')"),
    "dict_type": N_("a block of 'key: value' lines"),
    "model_type": N_("a block of 'key: value' lines"),
    "model_attributes_type": N_("a block of 'key: value' lines"),
}
#: Other reasons, whole.
REASONS = {
    "too_short": N_("the list is too short"),
    "too_long": N_("the list is too long"),
    "string_pattern_mismatch": N_("it does not have the expected form"),
}
#: What a file holds at the top instead of 'key: value' entries.
_KINDS = {"list": N_("a list"), "str": N_("a single text"), "int": N_("a single number"),
          "nothing": N_("nothing")}


def validate_doc(doc: SourceDoc, model: type[M], *, todo_allowed: bool = False
                 ) -> tuple[M | None, list[Finding]]:
    """Validate one document against its model; every error becomes a located finding.

    A value left `TODO` where the model wants a number, a date or a year is not an error of its
    own: it is left to transcribe, which the loader says of every TODO (CIC014); the file is still
    not read into its model. `todo_allowed`: the model says itself where TODO may stand (the
    publisher file), so such an error is said."""
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__ if doc.data is not None else "nothing"
        shown = phrase(_KINDS[kind]) if kind in _KINDS else kind
        return None, [CIC012.finding("not-a-mapping", doc.at(), kind=shown)]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        findings: list[Finding] = []
        by_place: dict[tuple[str, YamlPath], int] = {}
        for err in exc.errors(include_url=False):
            loc = _yaml_path(err["loc"])
            if any(loc[: len(r)] == r for r in doc.refused):
                continue  # already reported by the loader (an alias, a tag...)
            given = err.get("input")
            if not todo_allowed and isinstance(given, str) and given.lstrip().startswith("TODO"):
                continue  # left to transcribe: CIC014
            missing = err.get("ctx", {}).get("error") if err["type"] == "value_error" else None
            if isinstance(missing, FieldsMissing):
                if not any(r[: len(loc)] == loc for r in doc.refused):  # not a value the loader refused
                    findings.extend(_missing(doc, loc, missing.fields))
                continue
            finding = _finding(doc, err, loc, _codelist_of(model, err["loc"]))
            place = (finding.code, loc)
            if place in by_place:  # the branches of a union: one finding, the reasons joined
                i = by_place[place]
                findings[i] = _merge(findings[i], finding)
                continue
            by_place[place] = len(findings)
            findings.append(finding)
        return None, findings


def _missing(doc: SourceDoc, path: YamlPath, fields: list[str]) -> list[Finding]:
    """Fields a model requires together: one left empty (`name:`) is said on its line, one absent at
    the block."""
    block: Any = doc.data
    for part in path:
        block = block[part]
    return [CIC012.finding("empty", doc.at(*path, f), where=_where((*path, f)),
                           reason=phrase(SHOULD_BE, expected=phrase(EXPECTED["string_type"])))
            if isinstance(block, dict) and f in block
            else CIC010.finding("missing", doc.at(*path), field=f, where=_where(path)) for f in fields]


def _merge(first: Finding, second: Finding) -> Finding:
    """The first finding, its reason followed by the second's: "it should be a date, or one of ...".

    A second "it should be ..." adds only what it expects.
    """
    if "reason" not in first.args or "reason" not in second.args:
        return first
    reasons = first.args["reason"]
    listed = list(reasons.values) if getattr(reasons, "separator", None) == ", or " else [reasons]
    added = second.args["reason"]
    if isinstance(added, Phrase) and added.template == SHOULD_BE:
        added = added.args["expected"]
    return first._replace(args=MappingProxyType({**first.args, "reason": alternatives([*listed, added])}))


def _yaml_path(loc: tuple[Any, ...]) -> YamlPath:
    """Pydantic's loc without the parts that are not keys in the file ('[key]', union tags)."""
    path: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and (part == "[key]" or "[" in part or part.startswith("function-")):
            continue
        if isinstance(part, str) and part in {"int", "str", "date", "decimal", "constrained-str"}:
            continue
        path.append(part)
    return tuple(path)


def _field_name(path: YamlPath) -> str:
    names = [p for p in path if isinstance(p, str)]
    return names[-1] if names else "the file"


def _where(path: YamlPath) -> str:
    return ".".join(str(p) for p in path)


def _codelist_of(model: type[BaseModel], loc: tuple[Any, ...]) -> str | None:
    """The IATI codelist the field at `loc` takes its codes from (`IatiCodelist`), if any: walked down
    the model's fields, through a dict's or a list's values."""
    current: Any = model
    for part in loc:
        if isinstance(current, type) and issubclass(current, BaseModel):
            info = current.model_fields.get(part) if isinstance(part, str) else None
            if info is None:
                return None
            marks = [m for m in info.metadata if isinstance(m, IatiCodelist)]
            if marks and part == loc[-1]:
                return marks[0].name
            current = info.annotation
        else:  # a dict's or a list's values (an Optional's first type)
            args = [a for a in get_args(current) if a is not type(None)]
            current = args[-1] if args else None
    return None


def _finding(doc: SourceDoc, err: Any, path: YamlPath, codelist: str | None = None) -> Finding:
    etype: str = err["type"]
    field = _field_name(path)
    if etype == "missing":
        parent = path[:-1]
        if not parent:
            return CIC010.finding("missing-at-top", doc.at(), field=field)
        return CIC010.finding("missing", doc.at(*parent), field=field, where=_where(parent))
    if etype == "extra_forbidden":
        if not path[:-1]:
            return CIC011.finding("unknown-at-top", doc.key_at(*path), field=field)
        return CIC011.finding("unknown", doc.key_at(*path), field=field, where=_where(path[:-1]))
    reason = _reason(err, codelist)
    say = _hint(etype, reason)
    where = _where(path) or phrase("the top of the file")
    hint: dict[str, Any] = {"field": field} if say in ("invalid", "invalid-form") else {}  # they name it
    if err.get("input", 0) is None:  # a field left empty (`title:`): said so, not as Python's None
        return CIC012.finding("empty", _locate_value(doc, path, err), where=where, reason=reason)
    return CIC012.finding(say, _locate_value(doc, path, err), value=_show(err.get("input")), where=where,
                          reason=reason, **hint)


def _locate_value(doc: SourceDoc, path: YamlPath, err: Any) -> Location:
    if "[key]" in err["loc"]:
        return doc.key_at(*path)
    return doc.at(*path)


def _show(value: Any) -> Any:
    """The value as a finding shows it: a block or a list named, text quoted, shortened."""
    if isinstance(value, list):
        return phrase("a list")
    if isinstance(value, dict):
        return phrase("a block of fields")
    return preview(value, yaml_booleans=False)  # as Pydantic saw it: True, not true


def _reason(err: Any, codelist: str | None = None) -> Any:
    """Why the value is not valid, as a phrase (or, for Pydantic's own wording, its text). A code of
    an IATI `codelist` is named with its name there: '15' (Other Public Sector)."""
    etype = err["type"]
    if etype == "value_error":
        return str(err.get("ctx", {}).get("error", err["msg"]))  # cic's own validators' sentences
    if etype in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        if codelist is not None:
            from cicmaroc.iati.standard import named_codes

            choices = re.findall(r"'([^']*)'", expected)
            return phrase(SHOULD_BE, expected=phrase("one of {choices}",
                                                     choices=alternatives(named_codes(codelist, choices))))
        return phrase(SHOULD_BE, expected=phrase("one of {choices}", choices=expected))
    if etype in EXPECTED:
        return phrase(SHOULD_BE, expected=phrase(EXPECTED[etype]))
    if etype in REASONS:
        return phrase(REASONS[etype])
    message = str(err["msg"])
    if etype in ("union_tag_invalid", "union_tag_not_found"):
        return message
    return message.lower()


def _hint(etype: str, reason: Any) -> str:
    """Which CIC012 message (they differ by their hint) fits the error."""
    if "YYYY-MM-DD" in format(reason) or etype.startswith("date"):
        return "invalid-date"
    if etype.startswith("decimal") or etype == "value_error":
        return "invalid-amount"
    if etype == "string_pattern_mismatch":
        return "invalid-form"
    return "invalid"
