"""`--format json`: a stable, documented schema (docs/output-json.md) for scripts and dashboards."""

from __future__ import annotations

from typing import Any

from cicmaroc import __version__
from cicmaroc.escaping import json_text
from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.i18n.translator import Translator, translator
from cicmaroc.output.listing import Listing

SCHEMA_VERSION = 1


def location_dict(loc: Location | None) -> dict[str, Any] | None:
    if loc is None:
        return None
    if loc.sheet:  # a workbook's cell: the sheet and the cell, first-class (line is the cell's row)
        return {"file": loc.file, "line": loc.line, "column": loc.column, "sheet": loc.sheet,
                "cell": loc.cell}
    return {"file": loc.file, "line": loc.line, "column": loc.column}


def finding_dict(f: Finding, tr: Translator | None = None) -> dict[str, Any]:
    """One finding; its message and hint in `tr`'s language (English by default), codes unchanged."""
    tr = tr or translator("en")
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity.value,
        "message": tr.message(f),
        "hint": tr.hint(f),
        "location": location_dict(f.location),
        "related": [location_dict(r) for r in f.related],
        "waived": f.waived,
    }


def render(report: Listing) -> str:
    active = report.active()
    doc = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "cic", "version": __version__},
        "summary": {
            "errors": sum(1 for f in active if f.severity is Severity.ERROR),
            "warnings": sum(1 for f in active if f.severity is Severity.WARNING),
            "infos": sum(1 for f in active if f.severity is Severity.INFO),
            "waived": len(report.findings) - len(active),
            "loaded": dict(report.stats),
        },
        # waived findings are always included, flagged by "waived": "<reason>"
        "findings": [finding_dict(f, report.tr) for f in sorted(report.findings, key=Finding.sort_key)],
    }
    return json_text(doc) + "\n"
