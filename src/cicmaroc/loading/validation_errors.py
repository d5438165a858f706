"""Turn a parsed file into a model, and Pydantic's errors into findings an officer can act on.

Pydantic reports each error with a `loc` (the path of keys and list indexes down to the value);
the source document maps that same path to a line and column, so every finding points at the
exact place in the file. Messages are rewritten as sentences, not Pydantic's developer wording.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.yaml.document import SourceDoc, YamlPath

M = TypeVar("M", bound=BaseModel)


def validate_doc(doc: SourceDoc, model: type[M]) -> tuple[M | None, list[Finding]]:
    """Validate one document against its model; every error becomes a located finding."""
    if not isinstance(doc.data, dict):
        kind = type(doc.data).__name__ if doc.data is not None else "nothing"
        return None, [Finding("CIC012", Severity.ERROR,
                              "The file should hold 'key: value' entries at the top, "
                              f"but holds {_kind(kind)}.",
                              doc.at(), hint="Start each top-level line with a field name and a colon.",
                              name="invalid-value")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        findings: list[Finding] = []
        by_place: dict[tuple[str, YamlPath], int] = {}
        for err in exc.errors(include_url=False):
            loc = _yaml_path(err["loc"])
            if any(loc[: len(r)] == r for r in doc.refused):
                continue  # already reported by the loader (an alias, a tag...)
            finding = _finding(doc, err, loc)
            place = (finding.code, loc)
            if place in by_place:  # the branches of a union: one finding, the reasons joined
                i = by_place[place]
                findings[i] = _merge(findings[i], finding)
                continue
            by_place[place] = len(findings)
            findings.append(finding)
        return None, findings


def _merge(first: Finding, second: Finding) -> Finding:
    reason = second.message.rsplit(": ", 1)[-1].removeprefix("it should be ").rstrip(".")
    return replace(first, message=f"{first.message.rstrip('.')}, or {reason}.")


def _kind(name: str) -> str:
    return {"list": "a list", "str": "a single text", "int": "a single number"}.get(name, name)


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
    return ".".join(str(p) for p in path) or "the top of the file"


def _finding(doc: SourceDoc, err: Any, path: YamlPath) -> Finding:
    etype: str = err["type"]
    field = _field_name(path)
    value = err.get("input")
    if etype == "missing":
        parent = path[:-1]
        return Finding("CIC010", Severity.ERROR,
                       f"The field '{field}' is missing (in {_where(parent)}).",
                       doc.at(*parent), hint=f"Add a line '{field}: ...' here.", name="missing-field")
    if etype == "extra_forbidden":
        return Finding("CIC011", Severity.ERROR,
                       f"'{field}' is not a field this file knows (in {_where(path[:-1])}).",
                       doc.key_at(*path),
                       hint="Check the spelling against docs/data-format.md, or move the text into "
                            "a 'note:' field.", name="unknown-field")
    shown = _show(value)
    reason = _reason(err)
    hint = _hint("date" if "YYYY-MM-DD" in reason else etype, field)
    return Finding("CIC012", Severity.ERROR,
                   f"The value {shown} of '{_where(path)}' is not valid: {reason}.",
                   _locate_value(doc, path, err), hint=hint, name="invalid-value")


def _locate_value(doc: SourceDoc, path: YamlPath, err: Any) -> Location:
    if "[key]" in err["loc"]:
        return doc.key_at(*path)
    return doc.at(*path)


def _show(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return "a list" if isinstance(value, list) else "a block of fields"
    text = repr(value) if isinstance(value, str) else str(value)
    return text if len(text) <= 60 else text[:57] + "..."


_REASONS = {
    "decimal_parsing": "it should be a number",
    "decimal_type": "it should be a number",
    "int_parsing": "it should be a whole number",
    "int_type": "it should be a whole number",
    "int_from_float": "it should be a whole number",
    "string_type": "it should be text",
    "bool_type": "it should be true or false",
    "bool_parsing": "it should be true or false",
    "date_type": "it should be a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "it should be a real date written YYYY-MM-DD",
    "date_parsing": "it should be a real date written YYYY-MM-DD",
    "list_type": "it should be a list (lines starting with '- ')",
    "dict_type": "it should be a block of 'key: value' lines",
    "model_type": "it should be a block of 'key: value' lines",
    "model_attributes_type": "it should be a block of 'key: value' lines",
    "too_short": "the list is too short",
    "too_long": "the list is too long",
}


def _reason(err: Any) -> str:
    etype = err["type"]
    if etype == "value_error":
        return str(err.get("ctx", {}).get("error", err["msg"]))
    if etype in ("literal_error", "enum"):
        expected = err.get("ctx", {}).get("expected", "")
        return f"it should be one of {expected}"
    if etype == "string_pattern_mismatch":
        return "it does not have the expected form"
    message = str(err["msg"])
    if etype in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        return message.lower()
    if etype in ("union_tag_invalid", "union_tag_not_found"):
        return message
    return _REASONS.get(etype, message.lower())


def _hint(etype: str, field: str) -> str:
    if etype.startswith("date"):
        return "Write dates as YYYY-MM-DD, e.g. 2019-03-31."
    if etype.startswith("decimal") or etype == "value_error":
        return "Write amounts as plain numbers with a dot for cents, e.g. 150145.16."
    if etype == "string_pattern_mismatch":
        return f"See docs/data-format.md for the form of '{field}'."
    return f"See docs/data-format.md for what '{field}' holds."
