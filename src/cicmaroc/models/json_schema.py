"""JSON Schemas of the data files, generated from the Pydantic models, for editors and other checkers.

An officer's editor (VS Code with the YAML extension) reads these schemas to complete keys, show
each field's description on hover, and underline a misspelt key while typing, long before
`cic validate` runs. So the schema must accept exactly what the loader accepts, in the shape an
independent YAML loader produces (check-jsonschema, yaml-language-server):

- amounts are YAML numbers (the loader refuses quoted amounts), and a T3 table cell may be "-";
- dates are unquoted `YYYY-MM-DD`, which those loaders hand over as strings (`format: date`);
- the budget rows' keys are years (`2017:`). A JSON tool (check-jsonschema) turns them into the
  strings "2017", but the YAML language server checks each key with its YAML type, an integer;
  so a key schema never demands `type: string` alone (see `_property_names`).

The schemas are generated, never edited: `cic schema` writes them and a test keeps the committed
copies in `schemas/` identical to what the models produce. The models stay the one definition.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from cicmaroc.files.writing import make_folder, write_text_atomic
from cicmaroc.models.common import _dash_or_number
from cicmaroc.models.kinds import FOLDERS, SINGLE_FILES

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_SUFFIX = ".schema.json"
#: Descriptions for fields that many models share and that need no model-specific wording.
_SHARED_DESCRIPTIONS = {
    "seed_lines": "Where this is printed in the source document (line numbers of the seed text, "
                  "e.g. \"52-118\"), so that a reviewer can check the transcription.",
}


class UnknownKind(KeyError):
    """A kind of data file that cic does not know (a usage error for `cic schema`)."""


def kinds() -> dict[str, tuple[type[BaseModel], str]]:
    """Each kind of data file: its model and the data files it describes (a glob under data/).

    Derived from the table of kinds (`models.kinds`), so a new kind of file registered there (monitoring)
    gets its schema without a change here: `logframe.yaml` is the kind `logframe`, the folder
    `partners/` holds files of the kind `partner` (a trailing "s" is dropped).
    """
    found: dict[str, tuple[type[BaseModel], str]] = {}
    for name, kind in SINGLE_FILES.items():
        found[Path(name).stem] = (kind.model, name)
    for folder, kind in FOLDERS.items():
        found[folder.removesuffix("s") or folder] = (kind.model, f"{folder}/*.yaml")
    return found


def schema_for(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one kind of data file, e.g. `schema_for("partner")`."""
    try:
        model, files = kinds()[kind]
    except KeyError:
        raise UnknownKind(kind) from None
    schema = model.model_json_schema(mode="validation", schema_generator=_CicSchemaGenerator)
    _fill_descriptions(schema)
    return {
        "$schema": JSON_SCHEMA_DIALECT,
        "title": f"CIC programme data file: data/{files}",
        **{k: v for k, v in schema.items() if k != "title"},
    }


def schema_text(kind: str) -> str:
    """The schema as it is written to disk: stable key order, UTF-8, a final newline."""
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"


def schema_filename(kind: str) -> str:
    return f"{kind}{SCHEMA_SUFFIX}"


def export_schemas(target_dir: Path) -> list[Path]:
    """Write `<kind>.schema.json` for every kind into `target_dir` (created if needed)."""
    make_folder(target_dir)
    written = []
    for kind in kinds():
        path = target_dir / schema_filename(kind)
        write_text_atomic(path, schema_text(kind))
        written.append(path)
    return written


def stale_schemas(target_dir: Path) -> list[Path]:
    """The schema files in `target_dir` that are missing or differ from what the models give."""
    stale = []
    for kind in kinds():
        path = target_dir / schema_filename(kind)
        try:
            current = path.read_text(encoding="utf-8")
        except OSError:
            current = None
        if current != schema_text(kind):
            stale.append(path)
    return stale


#: A number's bounds in Pydantic's core schema, and their JSON Schema keywords.
_BOUNDS = (("ge", "minimum"), ("gt", "exclusiveMinimum"), ("le", "maximum"), ("lt", "exclusiveMaximum"))


class _CicSchemaGenerator(GenerateJsonSchema):
    """Pydantic's generator, adjusted to what a YAML file holds rather than what JSON would."""

    def decimal_schema(self, schema: core_schema.DecimalSchema) -> JsonSchemaValue:
        # Amounts and counts are YAML numbers; the loader reads them exactly (Decimal) and
        # refuses them in quotes, so the schema does not offer Pydantic's "or a string". Its bounds
        # are the model's (a sector's share above 0 and at most 100), so the editor says what cic says.
        json_schema: JsonSchemaValue = {"type": "number"}
        for bound, keyword in _BOUNDS:
            value = schema.get(bound)
            if isinstance(value, (int, Decimal)):
                json_schema[keyword] = int(value) if value == int(value) else float(value)
        return json_schema

    def function_before_schema(self, schema: core_schema.BeforeValidatorFunctionSchema) -> JsonSchemaValue:
        function = schema.get("function", {}).get("function")
        if function is _dash_or_number:  # a T3 cell: a number, or "-" as printed
            return {"anyOf": [{"type": "number"}, {"const": "-"}]}
        json_schema = super().function_before_schema(schema)
        if _turns_null_into_a_value(schema) and json_schema.get("type") != "null":
            # `spending:` left empty is accepted by the model (a validator reads it as {}),
            # so the editor must accept it too.
            return {"anyOf": [json_schema, {"type": "null"}]}
        return json_schema

    def dict_schema(self, schema: core_schema.DictSchema) -> JsonSchemaValue:
        json_schema = super().dict_schema(schema)
        keys = schema.get("keys_schema")
        if keys is not None and "propertyNames" not in json_schema:
            names = _property_names(self.generate_inner(keys))
            if names is not None:
                json_schema["propertyNames"] = names
        return json_schema

    def field_title_should_be_set(self, schema: Any) -> bool:
        # "Budget Os1" as a hover title helps nobody; the description says what the field is.
        return False


def _turns_null_into_a_value(schema: core_schema.BeforeValidatorFunctionSchema) -> bool:
    """Whether a model's before-validator accepts an empty value (null) and makes something of it."""
    function: Any = schema.get("function", {})
    if function.get("type") != "no-info":
        return False
    try:
        return function["function"](None) is not None
    except Exception:  # the validator refuses null, as most do
        return False


def _property_names(keys: JsonSchemaValue) -> JsonSchemaValue | None:
    """A schema for mapping keys, from the schema of the model's dict keys, for JSON and YAML readers.

    An integer key (a budget year) is a YAML integer to the YAML language server, which checks
    keys with their YAML type, and the digits "2017" to a YAML-to-JSON tool. One schema serves
    both: the key's type is integer or string, and `pattern` (which constrains strings only)
    admits the digits and the other allowed names. `int | Literal["grand_total"]` (a budget row)
    becomes `{"type": ["integer", "string"], "pattern": "^(?:-?[0-9]+|grand_total)$"}`: 2017,
    "2017" and grand_total pass; 2017.5, "2O17" and grand_totl do not, and the editor's message
    names what is allowed. Plain text keys need no constraint and give None.
    """
    if "anyOf" not in keys and keys.get("type") != "integer":  # text keys: strings in YAML and JSON
        return keys if ("const" in keys or "enum" in keys or "pattern" in keys) else None
    parts = keys.get("anyOf", [keys])
    alternatives = []
    for part in parts:
        if part.get("type") == "integer":
            alternatives.append(r"-?[0-9]+")
        elif isinstance(part.get("const"), str):
            alternatives.append(re.escape(part["const"]))
        elif "enum" in part and all(isinstance(value, str) for value in part["enum"]):
            alternatives += [re.escape(value) for value in part["enum"]]
        elif re.fullmatch(r"\^.*\$", part.get("pattern", "")):
            alternatives.append(part["pattern"][1:-1])
        else:
            return None  # any text is a key
    types = ["integer", "string"] if any(part.get("type") == "integer" for part in parts) else "string"
    return {"type": types, "pattern": f"^(?:{'|'.join(alternatives)})$"}


def _fill_descriptions(schema: dict[str, Any]) -> None:
    """Give every property a description an editor can show on hover.

    A field typed by a model (or a list of them) borrows the model's docstring; `seed_lines`,
    present in many models, gets one shared sentence. Everything else comes from the models.
    """
    defs = schema.get("$defs", {})
    for properties in _property_tables(schema):
        for name, prop in properties.items():
            if "description" in prop:
                _lift_option_descriptions(prop)
                continue
            described = _described_by_ref(prop, defs)
            if described is None and name in _SHARED_DESCRIPTIONS:
                described = _SHARED_DESCRIPTIONS[name]
            if described is not None:
                prop["description"] = described


def _lift_option_descriptions(prop: dict[str, Any]) -> None:
    """Move a type's description (a `Year`, a `Slug`) from inside `anyOf` to after the field's own.

    The YAML language server's hover shows the first description among the schemas a value
    matches, innermost first: left inside the option, "A calendar year, such as 2019." would
    hide the field's "Year set by the text ...". After the move, hover shows both, field first.
    """
    for option in prop.get("anyOf", []):
        described = option.pop("description", None)
        if described and described not in prop["description"]:
            prop["description"] += "\n\n" + described


def _property_tables(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield schema.get("properties", {})
    for definition in schema.get("$defs", {}).values():
        yield definition.get("properties", {})


def _described_by_ref(prop: dict[str, Any], defs: dict[str, Any]) -> str | None:
    def target(node: dict[str, Any]) -> str | None:
        ref = node.get("$ref", "")
        return defs.get(ref.removeprefix("#/$defs/"), {}).get("description") if ref else None

    if "$ref" in prop:
        return target(prop)
    if prop.get("type") == "array" and isinstance(prop.get("items"), dict):
        item = target(prop["items"])
        return f"A list; each item is: {item}" if item else None
    for option in prop.get("anyOf", []):
        found = target(option)
        if found:
            return found
    return None
