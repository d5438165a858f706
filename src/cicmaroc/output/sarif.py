"""`--format sarif`: SARIF 2.1.0 for code-scanning tools (GitHub code scanning, GitLab, IDEs).

Each rule's descriptor carries its documentation (what it checks, why, an example, how to
waive), so a code-scanning service shows it without leaving the page. Links are absolute, as
SARIF asks (§3.19.2 `informationUri`, §3.49.12 `helpUri`): cic's home page and its rules page
(docs/rules.md as published) come from cic's package metadata (`[project.urls]` Homepage and
Rules in pyproject.toml), or from the settings `homepage-url` and `rules-url`; a link nobody gave
is left out, never made up.

Each result has a `partialFingerprints` entry, so that a service recognises the same finding
from one run to the next when lines move (SARIF §3.27.17; GitHub code scanning tracks alerts by
it): the code, the file and the English sentence, and the how-many-th such finding it is in the
file. Neither the line nor the reader's language changes it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from cicmaroc import __version__
from cicmaroc.escaping import json_text, uri
from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.i18n.translator import Translator
from cicmaroc.output.listing import Listing

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
#: The key of cic's fingerprint in `partialFingerprints`: its name and version (SARIF §3.27.17).
FINGERPRINT = "cicFinding/v1"
_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def project_links(settings: Mapping[str, str | None]) -> dict[str, str]:
    """cic's `homepage` and `rules` addresses: the settings' when given, else cic's package metadata
    (`Project-URL: Homepage, ...` and `Rules, ...`); absent when neither says."""
    from importlib import metadata

    try:
        declared = metadata.metadata("cicmaroc").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        declared = []
    links = {}
    for entry in declared:
        label, _, address = entry.partition(",")
        links[label.strip().lower()] = address.strip()
    found = {key: settings.get(key) or links.get(key) for key in ("homepage", "rules")}
    return {key: value for key, value in found.items() if value and value.startswith(("https://", "http://"))}


def _physical(loc: Location) -> dict[str, Any]:
    phys: dict[str, Any] = {"artifactLocation": {"uri": uri(loc.file)}}
    if loc.in_text:
        phys["region"] = {"startLine": loc.line, "startColumn": max(loc.column, 1)}
    place: dict[str, Any] = {"physicalLocation": phys}
    if loc.sheet:  # a workbook has no lines: the sheet and the cell are a logical location
        place["logicalLocations"] = [{"name": loc.cell or loc.sheet, "fullyQualifiedName": loc.where,
                                      "kind": "element"}]
    return place


def _rule_descriptors(findings: list[Finding], tr: Translator,
                      rules_page: str | None) -> list[dict[str, Any]]:
    """A descriptor per code reported, from the code's declaration (the table of `rules.registry`)."""
    from cicmaroc.rules.docs import explanation
    from cicmaroc.rules.registry import BY_CODE

    seen: dict[str, dict[str, Any]] = {}
    for f in findings:
        if f.code in seen:
            continue
        code = BY_CODE[f.code]
        title, kind, paragraphs = explanation(code, tr.lang)
        descriptor: dict[str, Any] = {
            "id": f.code,
            "name": code.name,
            "shortDescription": {"text": tr(code.summary)},
            "help": {"text": "\n\n".join([f"{title} {kind}", *paragraphs]),
                     "markdown": "\n\n".join([f"**{title}** {kind}", *paragraphs])},
            "defaultConfiguration": {"level": _LEVEL[code.severity]},
        }
        if rules_page:
            descriptor["helpUri"] = f"{rules_page}#{f.code.lower()}-{code.name}"
        seen[f.code] = descriptor
    return [seen[k] for k in sorted(seen)]


def _fingerprint(f: Finding, occurrence: int) -> str:
    """What stays the same while the finding does: code, file, the English sentence, its rank."""
    identity = "\0".join([f.code, f.file, f.message, str(occurrence)])
    return hashlib.sha256(identity.encode("utf-8")).hexdigest()[:32]


def _result(f: Finding, rule_index: dict[str, int], tr: Translator, occurrence: int) -> dict[str, Any]:
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
    result["partialFingerprints"] = {FINGERPRINT: _fingerprint(f, occurrence)}
    if f.waived is not None:
        result["suppressions"] = [{"kind": "inSource", "justification": f.waived}]
    return result


def render(report: Listing) -> str:
    findings = sorted(report.findings, key=Finding.sort_key)
    links = project_links(report.links)
    rules = _rule_descriptors(findings, report.tr, links.get("rules"))
    index = {r["id"]: i for i, r in enumerate(rules)}
    driver: dict[str, Any] = {"name": "cic", "version": __version__}
    if "homepage" in links:
        driver["informationUri"] = links["homepage"]
    driver["rules"] = rules
    results = []
    seen: dict[tuple[str, str, str], int] = {}
    for f in findings:
        same = (f.code, f.file, f.message)
        seen[same] = seen.get(same, 0) + 1
        results.append(_result(f, index, report.tr, seen[same]))
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": results}],
    }
    return json_text(doc) + "\n"
