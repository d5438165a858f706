"""What a report template sees: the year's figures (`figures.build_figures`), the request and the findings.

Templates get values, never the models, so that renaming a model field cannot silently break a
template kept in a data repository, and the sandbox has nothing clever to reach into. Numbers
stay numbers (Decimal); the template formats them through the Babel filters. A value that is
missing is None, and templates print it as missing, never as zero.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from cicmaroc import __version__
from cicmaroc.findings import Finding, Findings
from cicmaroc.report.charts import budget_chart, progress_chart
from cicmaroc.report.figures import repository_path


def build_context(figures: dict[str, Any], findings: Findings, root: Path, lang: str) -> dict[str, Any]:
    """Everything the report for the figures' year shows: the figures, plus the request and the findings."""
    context = figures  # extended in place: the caller builds the figures for this report
    year = context["year"]
    outcome = context["programme"]
    outcome["outcome_text"] = outcome["outcome_text_nl"] if lang == "nl" else outcome["outcome_text_fr"]
    context["progress_chart"] = progress_chart(context["indicators"])
    context["budget"]["chart"] = budget_chart(context["budget"]["years"])
    context.update({
        "lang": lang,
        "as_of": dt.date(year, 12, 31),
        "version": __version__,
        "findings": _findings(findings, root, lang),
    })
    return context


# -- findings ----------------------------------------------------------------------------------


def _findings(findings: Findings, root: Path, lang: str) -> dict[str, Any]:
    """The open findings, each sentence in the report's language."""
    from cicmaroc.i18n.translator import translator

    tr = translator(lang)
    active: list[Finding] = sorted(findings.active(), key=Finding.sort_key)
    items = []
    for f in active:
        where = ""
        if f.location is not None:
            where = repository_path(f.location.file, root)
            if f.location.line:
                where += f":{f.location.line}"
        items.append({"code": f.code, "severity": f.severity.value, "location": where,
                      "message": tr.message(f)})
    items.sort(key=lambda i: (i["location"].split(":")[0], _line(i["location"]), i["code"]))
    return {
        "entries": items,
        "errors": sum(1 for f in active if f.severity.value == "error"),
        "warnings": sum(1 for f in active if f.severity.value == "warning"),
        "waived": len(findings.items) - len(active),
    }


def _line(location: str) -> int:
    tail = location.rsplit(":", 1)
    return int(tail[1]) if len(tail) == 2 and tail[1].isdigit() else 0
