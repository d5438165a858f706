"""What a report template sees: the year's figures (`figures.build_figures`), the request and the findings.

Templates get values, never the models, so that renaming a model field cannot silently break a
template kept in a data repository, and the sandbox has nothing clever to reach into. Numbers
stay numbers (Decimal); the template formats them through the Babel filters. A value that is
missing is None, and templates print it as missing, never as zero.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from markupsafe import Markup

from cicmaroc import __version__
from cicmaroc.derive.actuals import PROGRAMME
from cicmaroc.files.evidence_folder import EVIDENCE_FOLDER
from cicmaroc.findings import Finding, Findings
from cicmaroc.report.charts import budget_chart, progress_chart
from cicmaroc.report.figures import repository_path
from cicmaroc.report.markdown import link, md_escape


def build_context(figures: dict[str, Any], findings: Findings, root: Path, lang: str,
                  text_language: str, links_from: Path | None = None) -> dict[str, Any]:
    """Everything the report for the figures' year shows: the figures, plus the request and the findings.

    `text_language` is the language the programme's texts are written in (`Programme.text_language`):
    a passage in it, in a report in another language, is marked as such. With `links_from` (the HTML
    page: the folder it is written to), each evidence file is a link from there; elsewhere it is
    named by its path under data/evidence/.
    """
    context = figures  # extended in place: the caller builds the figures for this report
    year = context["year"]
    outcome = context["programme"]
    context["progress_chart"] = progress_chart(context["indicators"])
    pick = _TextPicker(lang, text_language)
    outcome["outcome_text"] = pick(outcome["outcome_text"], outcome["outcome_texts"])
    outcome["title"] = pick.named(outcome["name"])
    outcome["milestone_labels"] = {m["id"]: pick.named(m["label"]) for m in outcome["milestones"]}
    labels = context["labels"]
    context["label"] = {kind: {key: pick(texts[text_language], texts) for key, texts in named.items()}
                        for kind, named in labels.items()}
    for group in context["indicators"]:
        group["text"] = pick(group["text"], group["texts"])
        for i in group["indicators"]:
            i["text"] = pick(i["text"], i["texts"])
            for cell in i["targets"].values():
                cell["text"] = pick(cell["text"], cell["texts"])
            for x in i["measures"]:
                x["unit"] = pick(x["unit"], x["units"])
            for r in i["reports"]:  # the programme reports as itself: a word of cic, not a name
                r["name"] = pick.tr("Programme") if r["name"] == PROGRAMME else r["name"]
                r["source"] = pick.passage(r["source"])  # the reporters write in the programme's language
                r["evidence_links"] = _evidence(r["evidence"], root, links_from)
    for i in context.get("tracking", {}).get("indicators", []):
        for x in i["measures"]:
            x["unit"] = pick(x["unit"], x["units"])
    for s in context.get("spending_sources", []):
        s["source"] = pick.passage(s["source"])
        s["evidence_links"] = _evidence(s["evidence"], root, links_from)
    for risk in context["risks"]["rows"]:  # the risk table is printed in the programme's language only
        for key in ("source", "measures"):
            if risk[key]:
                risk[key] = pick(risk[key], {})
        for rating in (risk, risk["follow_up"] or {}):  # the legend's words, and the officers' text
            for key in ("probability", "impact", "level", "measures_taken"):
                if rating.get(key):
                    rating[key] = pick.passage(rating[key])
    context["french_only"] = pick.marked
    context["text_language"] = text_language
    context["budget"]["chart"] = budget_chart(context["budget"]["years"])
    context.update({
        "lang": lang,
        "as_of": dt.date(year, 12, 31),
        "version": __version__,
        "generated_on": generation_date(),
        "findings": _findings(findings, root, lang),
    })
    return context


def _evidence(paths: list[str], root: Path, links_from: Path | None) -> list[Any]:
    """Each evidence file by its path under data/evidence/; with `links_from` (the HTML page), a link
    relative to that folder, where the page is written, so that the page opens the file while it
    stays beside the data. Never a link in Markdown, Word or PDF: a PDF would turn it into a file://
    address of this machine, which means nothing to the donor who reads it."""
    if links_from is None:
        return [md_escape(path) for path in paths]
    folder = os.path.relpath(root / EVIDENCE_FOLDER, links_from).replace(os.sep, "/")
    return [link(path, f"{folder}/{path}") for path in paths]


def generation_date() -> dt.date:
    """The day the report is made, for its colophon; SOURCE_DATE_EPOCH (the reproducible-builds
    convention, seconds since 1970) fixes it, so that the same data gives the same report."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return dt.date.today()


class _TextPicker:
    """The document's texts in the report's language, never silently in another, and each passage in
    another language said to be so.

    The approved document prints most texts in its own language (`primary`, data/programme.yaml's
    first). A report in that language shows them as printed; a report in another shows the officers'
    translation (`text_nl`, `text_fr` beside `text` in data/) when given; otherwise, and in English,
    the text as printed, marked `[fr]` (the programme's language) for a
    reader's eye (the report says once what the mark means: `french_only`), and in its language for
    a screen reader's voice (`<span lang="fr">`, which every format carries). Texts the programme
    writes without a translation (the risk legend's words, sources, measures taken) are marked for
    the voice only (`passage`).
    """

    def __init__(self, lang: str, primary: str) -> None:
        from cicmaroc.i18n.translator import translator

        self.lang = lang
        self.primary = primary
        self.tr = translator(lang)
        self.marked = False

    def __call__(self, text: str, translations: dict[str, str]) -> str:
        if self.lang == self.primary:
            return text
        if translations.get(self.lang):
            return translations[self.lang]
        self.marked = True
        return Markup(f"{self.passage(text)} {md_escape(f'[{self.primary}]')}")

    def named(self, names: dict[str, str]) -> str:
        """A name the officers declare by language (the programme's, a milestone's): the reader's,
        else the programme's language, in it for a screen reader."""
        if names.get(self.lang):
            return names[self.lang]
        return str(self.passage(names.get(self.primary) or next(iter(names.values()), "")))

    def passage(self, text: Any) -> Any:
        """`text`, written in the programme's language, marked so when the report's is another."""
        if not isinstance(text, str) or not text or self.lang == self.primary:
            return text
        return Markup(f'<span lang="{self.primary}">{md_escape(text)}</span>')


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
