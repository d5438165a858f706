"""The annual report: programme data -> context -> sandboxed Jinja2 template -> Markdown text.

`render_report` returns the whole text or raises `ReportError` with a sentence for the officer;
it writes nothing, so a broken template can never leave half a report behind. `render_document`
lays the same Markdown out as an HTML page, a Word file or a PDF (FORMATS), so that the four
formats never disagree on a figure.
"""

from __future__ import annotations

import traceback
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cicmaroc.errors import UsageError
from cicmaroc.i18n import LANGUAGES, N_
from cicmaroc.years import Calendar

if TYPE_CHECKING:
    import datetime as dt

    from cicmaroc.analysis.progress import Thresholds
    from cicmaroc.derive.actuals import Actuals
    from cicmaroc.derive.readings import ReadProgramme
    from cicmaroc.findings import Findings



class Format(str, Enum):
    """The report's formats: Markdown (the templates' own), and the documents made from it (`cic
    report --format`, through `api.ReportFormat`)."""

    md = "md"
    html = "html"
    docx = "docx"
    pdf = "pdf"


FORMATS = tuple(f.value for f in Format)


class ReportError(UsageError):
    """The report cannot be made as asked (year, language, template): a usage error, exit 2."""


def check_year(year: int, calendar: Calendar) -> None:
    """Refuse a year outside the programme (data/programme.yaml's period)."""
    if year not in calendar:
        raise ReportError(N_("{year} is not a year of the programme; give a year from {first} to {last}, "
                             "e.g. --year {first}."), year=year, first=calendar.first, last=calendar.last)


def check_request(lang: str) -> None:
    """Refuse an unknown language, before any work is done (`api` calls it once, first)."""
    if lang not in LANGUAGES:
        raise ReportError(N_("'{lang}' is not a report language; use one of {languages}."), lang=lang,
                          languages=", ".join(LANGUAGES))


def render_report(read: ReadProgramme, actuals: Actuals, findings: Findings, year: int, lang: str = "fr",
                  template: Path | None = None, thresholds: Thresholds | None = None,
                  revision: str | None = None, *, internal: bool = False,
                  since: dict[str, Any] | None = None) -> str:
    """The report for `year` in `lang` (both checked by `check_request`), as Markdown.

    `read` is the programme as the officers agreed to read it, `actuals` the checked monitoring
    figures and `findings` the open findings of `cic validate`: one run's results (`api.report`).
    `revision` names the git revision the data was read from (`--rev`), said in the colophon.
    """
    return _render(read, actuals, findings, year, lang, template, thresholds, "md", revision,
                   internal=internal, since=since)[0]


def render_document(read: ReadProgramme, actuals: Actuals, findings: Findings, year: int, fmt: str,
                    lang: str = "fr", template: Path | None = None, thresholds: Thresholds | None = None,
                    reference_docx: Path | None = None, revision: str | None = None,
                    written_to: Path | None = None, *, internal: bool = False,
                    since: dict[str, Any] | None = None) -> str | bytes:
    """The report as `fmt` (one of FORMATS): Markdown or an HTML page (text), a Word file or a PDF (bytes).

    `written_to` is the folder the page is written to (default: where cic runs): the HTML page's
    links to the evidence files start from there.

    The documents are the Markdown report laid out (`report/markdown_tree.py`), its charts drawn as
    images from the same chart data. Raises `ReportError`, also when PDF cannot be printed.
    """
    if fmt == "md":
        return render_report(read, actuals, findings, year, lang, template, thresholds, revision,
                             internal=internal, since=since)
    if fmt not in FORMATS:
        raise ReportError(N_("'{fmt}' is not a report format; use one of {formats}."), fmt=fmt,
                          formats=", ".join(FORMATS))
    if reference_docx is not None and (fmt != "docx" or not reference_docx.is_file()):
        if fmt != "docx":
            raise ReportError(N_("--reference-docx {file}: a reference document sets the look of a Word "
                                 "report; use it with --format docx."), file=str(reference_docx))
        raise ReportError(N_("--reference-docx {file}: the file does not exist (or is not a file)."),
                          file=str(reference_docx))
    text, context = _render(read, actuals, findings, year, lang, template, thresholds, "document", revision,
                            links_from=(written_to or Path.cwd()) if fmt == "html" else None,
                            internal=internal, since=since)
    charts = {"progress": context.get("progress_chart"), "budget": context["budget"].get("chart")}
    try:
        return _lay_out(text, charts, fmt, lang, f"{context['t'].get('report_title', '')} {year}".strip(),
                        reference_docx, context["generated_on"])
    except ImportError as exc:
        raise ReportError(N_("The {fmt} report needs the Python package '{package}', which is not "
                             "installed: pip install 'cicmaroc[documents]'."), fmt=fmt,
                          package=str(exc.name)) from None


def _lay_out(text: str, charts: dict[str, Any], fmt: str, lang: str, title: str,
             reference_docx: Path | None, generated: dt.date) -> str | bytes:
    from cicmaroc.report.html_document import to_html

    if fmt == "docx":
        from cicmaroc.report.word_document import UnusableReference, to_docx

        try:
            return to_docx(text, charts, reference_docx, lang=lang, title=title, generated=generated)
        except UnusableReference as exc:
            raise ReportError(N_("--reference-docx {file}: not a Word document that can be used as a "
                                 "reference ({problem})."), file=str(reference_docx),
                              problem=str(exc)) from None
    html = to_html(text, charts, lang, title)
    if fmt == "html":
        return html
    from cicmaroc.report.pdf_document import to_pdf

    # raises PdfUnavailable, a usage error, when it cannot print
    return to_pdf(html, generated, title=title, lang=lang)


def _render(read: ReadProgramme, actuals: Actuals, findings: Findings, year: int, lang: str,
            template: Path | None, thresholds: Thresholds | None, output: str,
            revision: str | None = None, links_from: Path | None = None, *, internal: bool = False,
            since: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    """The Markdown text and the context it was made from; `output` is "md" (charts in Mermaid)
    or "document" (charts as placeholders that a document draws); `links_from` for the HTML page.
    The donor's edition by default; `internal`, the team's: the open findings and the hints that
    name commands and ids."""
    from jinja2 import TemplateError

    from cicmaroc.analysis.collection import collection_status
    from cicmaroc.i18n.formatter import Formatter
    from cicmaroc.report.context import build_context
    from cicmaroc.report.environment import DEFAULT_TEMPLATE, make_environment, template_dirs
    from cicmaroc.report.figures import build_figures
    from cicmaroc.report.tracking import build_tracking
    from cicmaroc.report.wording import CatalogueError, load_messages

    programme = read.programme
    dirs = template_dirs(programme.root)
    name = DEFAULT_TEMPLATE
    if template is not None:
        if not template.is_file():
            raise ReportError(N_("The template {template} does not exist (or is not a file)."),
                              template=str(template))
        dirs = [template.resolve().parent, *[d for d in dirs if d != template.resolve().parent]]
        name = template.name
    if not dirs:
        raise ReportError("No report templates found: expected templates/report.md.j2 beside the "
                          "data folder or in cic's installation. Give one with --template.")
    try:
        messages = load_messages(dirs, lang)
    except CatalogueError as exc:
        raise ReportError(str(exc)) from None
    figures = build_figures(read, actuals, year, thresholds)
    figures["tracking"] = build_tracking(read, actuals, year, thresholds)
    context = build_context(figures, findings, programme.root, lang, programme.text_language, links_from)
    context["t"] = messages
    context["revision"] = revision
    context["output"] = output
    context["internal"] = internal
    context["since"] = since  # what changed since the revision the donor received (--since), or None
    context["collection"] = collection_status(programme, actuals, year, context["generated_on"])
    env = make_environment(dirs, Formatter(lang))
    try:
        return env.get_template(name).render(context), context
    except TemplateError as exc:
        raise ReportError(_explain(exc, name)) from None
    except Exception as exc:  # the context is built: anything raised here is the template's
        raise ReportError(_explain(exc, name)) from None


def _explain(exc: Exception, name: str) -> str:
    """A template error as 'file:line: what', for an officer editing the template."""
    from jinja2 import TemplateNotFound, TemplateSyntaxError, UndefinedError
    from jinja2.exceptions import SecurityError

    where = name
    if isinstance(exc, TemplateSyntaxError):
        where = f"{exc.filename or exc.name or name}:{exc.lineno}"
        return f"{where}: the template has a syntax error: {exc.message}."
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(".j2"):
            where = f"{frame.filename}:{frame.lineno}"
            break
    if isinstance(exc, TemplateNotFound):
        return f"{where}: the template '{exc.name}' was not found in the template folders."
    if isinstance(exc, UndefinedError):
        return (f"{where}: {exc.message}. The template uses a name the report does not provide; "
                "see docs/progress.md for what a template can use.")
    if isinstance(exc, SecurityError):
        return f"{where}: not allowed in a report template (sandbox): {exc}."
    return f"{where}: the template failed: {exc}."
