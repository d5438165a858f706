"""The annual report: programme data -> context -> sandboxed Jinja2 template -> Markdown text.

`render_report` returns the whole text or raises `ReportError` with a sentence for the officer;
it writes nothing, so a broken template can never leave half a report behind.
"""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from cicmaroc.errors import DataError, UsageError
from cicmaroc.findings import Items
from cicmaroc.i18n import N_
from cicmaroc.years import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    from cicmaroc.analysis.actuals import Actuals
    from cicmaroc.analysis.progress import Thresholds
    from cicmaroc.findings import Findings
    from cicmaroc.loading.programme import Programme
    from cicmaroc.rules.readings import ReadProgramme

LANGUAGES = ("fr", "nl", "en")


class ReportError(UsageError):
    """The report cannot be made as asked (year, language, template): a usage error, exit 2."""


class ReportDataError(DataError):
    """The data is too broken to report on (no valid logframe or budget): exit 1, like findings."""


def check_request(year: int, lang: str) -> None:
    """Refuse a year outside the programme or an unknown language, before any work is done (`api`
    calls it once, first)."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ReportError(N_("{year} is not a year of the programme; give a year from {first} to {last}, "
                             "e.g. --year 2019."), year=year, first=FIRST_YEAR, last=LAST_YEAR)
    if lang not in LANGUAGES:
        raise ReportError(N_("'{lang}' is not a report language; use one of {languages}."), lang=lang,
                          languages=", ".join(LANGUAGES))


def unreadable_for_figures(programme: Programme) -> list[str]:
    """The files every figure needs (logframe, budget) that could not be read."""
    return [name for name, doc in (("logframe.yaml", programme.logframe), ("budget.yaml", programme.budget))
            if doc is None]


def render_report(read: ReadProgramme, actuals: Actuals, findings: Findings, year: int, lang: str = "fr",
                  template: Path | None = None, thresholds: Thresholds | None = None) -> str:
    """The report for `year` in `lang` (both checked by `check_request`), as Markdown.

    `read` is the programme as the officers agreed to read it, `actuals` the checked monitoring
    figures and `findings` the open findings of `cic validate`: one run's results (`api.report`).
    """
    from jinja2 import TemplateError

    from cicmaroc.analysis.collection import collection_status
    from cicmaroc.report.context import build_context
    from cicmaroc.report.environment import DEFAULT_TEMPLATE, make_environment, template_dirs
    from cicmaroc.report.figures import build_figures
    from cicmaroc.report.formatter import Formatter
    from cicmaroc.report.wording import CatalogueError, load_messages

    programme = read.programme
    missing = unreadable_for_figures(programme)
    if missing:
        raise ReportDataError(N_("The report needs {files}, which could not be read; run 'cic validate' "
                                 "and fix what it reports first."), files=Items(tuple(missing), N_(" and ")))
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
    context = build_context(build_figures(read, actuals, year, thresholds), findings, programme.root, lang)
    context["t"] = messages
    context["collection"] = collection_status(programme, actuals, year)
    env = make_environment(dirs, Formatter(lang))
    try:
        return env.get_template(name).render(context)
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
