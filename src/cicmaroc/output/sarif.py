"""`--format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub code scanning, GitLab, IDEs)."""

from __future__ import annotations

from typing import Any

from cicmaroc import __version__
from cicmaroc.escaping import json_text, uri
from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.i18n.translator import Translator
from cicmaroc.output.listing import Listing

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _physical(loc: Location) -> dict[str, Any]:
    phys: dict[str, Any] = {"artifactLocation": {"uri": uri(loc.file)}}
    if loc.in_text:
        phys["region"] = {"startLine": loc.line, "startColumn": max(loc.column, 1)}
    place: dict[str, Any] = {"physicalLocation": phys}
    if loc.sheet:  # a workbook has no lines: the sheet and the cell are a logical location
        place["logicalLocations"] = [{"name": loc.cell or loc.sheet, "fullyQualifiedName": loc.where,
                                      "kind": "element"}]
    return place


def _rule_descriptors(findings: list[Finding], tr: Translator) -> list[dict[str, Any]]:
    """A descriptor per code reported, from the code's declaration (the table of `rules.registry`)."""
    from cicmaroc.rules.registry import BY_CODE

    seen: dict[str, dict[str, Any]] = {}
    for f in findings:
        if f.code in seen:
            continue
        code = BY_CODE[f.code]
        seen[f.code] = {
            "id": f.code,
            "name": code.name,
            "shortDescription": {"text": tr(code.summary)},
            "helpUri": f"docs/rules.md#{f.code.lower()}-{code.name}",
            "defaultConfiguration": {"level": _LEVEL[code.severity]},
        }
    return [seen[k] for k in sorted(seen)]


def _result(f: Finding, rule_index: dict[str, int], tr: Translator) -> dict[str, Any]:
    hint = tr.hint(f)
    text = tr.message(f) + (f" {hint}" if hint else "")
    if f.location is not None and f.location.sheet:  # the cell, for viewers that show no logical location
        text = f"{f.location.where}: {text}"
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": rule_index[f.code],
        "level": _LEVEL[f.severity],
        "message": {"text": text},
    }
    if f.location is not None:
        result["locations"] = [_physical(f.location)]
    if f.related:
        result["relatedLocations"] = [
            {"id": i, **_physical(loc)} for i, loc in enumerate(f.related, start=1)]
    if f.waived is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": f.waived}]
    return result


def render(report: Listing) -> str:
    findings = sorted(report.findings, key=Finding.sort_key)
    rules = _rule_descriptors(findings, report.tr)
    index = {r["id"]: i for i, r in enumerate(rules)}
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "cic",
                "version": __version__,
                "informationUri": "https://example.invalid/cic",
                "rules": rules,
            }},
            "results": [_result(f, index, report.tr) for f in findings],
        }],
    }
    return json_text(doc) + "\n"
