"""Every output format, snapshot-tested on one shared list of findings.

The findings below are fictional (made up for the test, not the programme's). Golden files live
in tests/golden/output/; after an intended change, regenerate them with
`CIC_UPDATE_GOLDEN=1 python -m pytest tests/test_output_formats.py` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from tests.conftest import matches_golden
from tests.test_ci_docs import _choices

from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.output import EMITTERS, emitter
from cicmaroc.output.listing import Listing
from cicmaroc.yaml.reader import parse_text

GOLDEN = Path(__file__).parent / "golden" / "output"

BUDGET_TEXT = (
    "# fictional test file\n"
    "lines:\n"
    "  - id: partenaires\n"
    "    total: {2017: 100.00, grand_total: 100.01}\n"
    "country_total: 2030531.24\n"
)
SOURCE, _ = parse_text(BUDGET_TEXT, "data/budget.yaml")

FINDINGS = [
    Finding("CIC201", Severity.ERROR,
            "Line 1. Partenaires of T3 (grand total) is stated as 1,697,293.05 EUR, but the 10 "
            "partnerships' Budget OS 1 add up to 1,632,012.58 EUR (difference 65,280.47 EUR).",
            Location("data/budget.yaml", 4, 44),
            (Location("data/partners/evere.yaml", 30, 13), Location("data/partners/jette.yaml", 28, 13)),
            hints=("Check this figure against the document.",), name="partners-budget"),
    Finding("CIC106", Severity.WARNING,
            "A rounding difference of 0.01 EUR, with a pipe | and a comma, and a colon: here.",
            Location("data/budget.yaml", 4, 44), name="rounding-difference",
            waived="Seen by the officers on 2019-03-04 (fictional reason)."),
    Finding("CIC602", Severity.WARNING, "The phone number '212 6 67 97 72 001' of Aït Baha has 13 digits.",
            Location("data/partners/saint-josse-ten-noode.yaml", 30, 14), name="phone-format",
            hints=("Check it.\nWith the commune.",)),
    Finding("CIC603", Severity.INFO, "The partnership etterbeek was still being signed (100% sure).",
            Location("data/partners/etterbeek.yaml", 45, 20), name="partnership-start"),
    Finding("CIC001", Severity.ERROR, "The file budget.yaml is missing.", Location("data/other.yaml"),
            name="unreadable-file"),
]
STATS = {"files": 3, "partnerships": 10, "communes": 12, "results": 7, "indicators": 23,
         "activities": 55, "budget_cells": 156, "risks": 10}


def render(fmt: str, verbose: bool = False) -> str:
    return emitter(fmt)(Listing(FINDINGS, STATS, {"data/budget.yaml": SOURCE}, verbose=verbose))


@pytest.mark.parametrize(("fmt", "suffix", "verbose"), [
    ("text", "txt", False), ("text", "verbose.txt", True), ("json", "json", False),
    ("github", "github.txt", False), ("sarif", "sarif.json", False)])
def test_snapshot(fmt, suffix, verbose):
    out = render(fmt, verbose)
    matches_golden(GOLDEN / f"findings.{suffix}", out)


def test_json_keeps_waived_findings_flagged():
    doc = json.loads(render("json"))
    assert doc["schema_version"] == 1
    assert doc["summary"] == {"errors": 2, "warnings": 1, "infos": 1, "waived": 1, "loaded": STATS}
    waived = [f for f in doc["findings"] if f["waived"]]
    assert [f["code"] for f in waived] == ["CIC106"]
    assert "Aït Baha" in json.dumps(doc, ensure_ascii=False)


def test_github_annotations_escape_properties_and_data():
    lines = render("github").splitlines()
    assert len(lines) == 4  # the waived finding is not annotated
    phone = next(line for line in lines if "CIC602" in line)
    assert phone.startswith("::warning file=data/partners/saint-josse-ten-noode.yaml,line=30,col=14,")
    assert "%0A" in phone and "\n" not in phone
    assert next(line for line in lines if "CIC603" in line).startswith("::notice ")


# The parts of the SARIF 2.1.0 schema (sarif-schema-2.1.0.json, OASIS) that this output uses,
# written out here because the schema file cannot be fetched in CI.
SARIF_SUBSET = {
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"const": "2.1.0"},
        "$schema": {"type": "string", "format": "uri"},
        "runs": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {"driver": {
                    "type": "object", "required": ["name"],
                    "properties": {
                        "name": {"type": "string"}, "version": {"type": "string"},
                        "informationUri": {"type": "string", "format": "uri"},
                        "rules": {"type": "array", "items": {
                            "type": "object", "required": ["id"],
                            "properties": {
                                "id": {"type": "string"}, "name": {"type": "string"},
                                "shortDescription": {"$ref": "#/$defs/message"},
                                "helpUri": {"type": "string", "format": "uri-reference"},
                                "defaultConfiguration": {"type": "object", "properties": {
                                    "level": {"$ref": "#/$defs/level"}}}},
                            "additionalProperties": False}}},
                    "additionalProperties": False}}},
                "results": {"type": "array", "items": {
                    "type": "object", "required": ["message"],
                    "properties": {
                        "ruleId": {"type": "string"}, "ruleIndex": {"type": "integer", "minimum": -1},
                        "level": {"$ref": "#/$defs/level"}, "message": {"$ref": "#/$defs/message"},
                        "locations": {"type": "array", "items": {"$ref": "#/$defs/location"}},
                        "relatedLocations": {"type": "array", "items": {"$ref": "#/$defs/location"}},
                        "suppressions": {"type": "array", "items": {
                            "type": "object", "required": ["kind"],
                            "properties": {"kind": {"enum": ["inSource", "external"]},
                                           "justification": {"type": "string"}}}}},
                    "additionalProperties": False}}}}}},
    "$defs": {
        "level": {"enum": ["none", "note", "warning", "error"]},
        "message": {"type": "object", "required": ["text"], "properties": {"text": {"type": "string"}}},
        "location": {"type": "object", "properties": {
            "id": {"type": "integer", "minimum": -1},
            "physicalLocation": {"type": "object", "required": ["artifactLocation"], "properties": {
                "artifactLocation": {"type": "object", "required": ["uri"], "properties": {
                    "uri": {"type": "string", "format": "uri-reference"}}},
                "region": {"type": "object", "properties": {
                    "startLine": {"type": "integer", "minimum": 1},
                    "startColumn": {"type": "integer", "minimum": 1}}}},
                "additionalProperties": False}},
            "additionalProperties": False},
    },
}


def test_sarif_structure():
    doc = json.loads(render("sarif"))
    jsonschema.Draft202012Validator(SARIF_SUBSET).validate(doc)
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    [suppressed] = [r for r in run["results"] if "suppressions" in r]
    assert suppressed["ruleId"] == "CIC106"


def test_every_format_has_an_emitter_and_is_a_choice_of_the_command_line():
    from cicmaroc import api
    from cicmaroc.output import Format

    assert set(EMITTERS) == set(Format) and len(Format) == 4
    assert api.FindingFormat is Format  # the command line's --format choices are this registry


def test_every_format_option_offers_its_registry():
    """`--format` of each command is its registry's enum, and each member has its renderer."""
    from cicmaroc import api
    from cicmaroc.cli.main import build
    from cicmaroc.report import progress_output, status_output
    from cicmaroc.review import render

    assert set(progress_output.FORMATS) == set(api.ProgressFormat) == {progress_output.Format.text,
                                                                        progress_output.Format.json}
    assert set(status_output.FORMATS) == set(api.StatusFormat)
    assert set(render.FORMATS) == set(api.DiffFormat) and len(render.FORMATS) == 3
    offered = {"validate": api.FindingFormat, "import": api.FindingFormat, "iati": api.FindingFormat,
               "report": api.ReportFormat, "progress": api.ProgressFormat, "status": api.StatusFormat,
               "diff": api.DiffFormat}
    for command, registry in offered.items():
        [option] = [p for p in build(command).params if "--format" in p.opts]
        assert _choices(option) == [f.value for f in registry], command
