"""`cic forms`: every reporter's form for a year, written into one folder, each in its reporter's
language, saying by when it is due (and `--due` recorded in data/due-dates.yaml)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

from cicmaroc.analysis.collection import due_dates
from cicmaroc.analysis.reporters import Reporter, reporters
from cicmaroc.derive.actuals import Actuals
from cicmaroc.errors import UsageError
from cicmaroc.files.discovery import display_path
from cicmaroc.files.writing import make_folder, write_all
from cicmaroc.forms.datafiles import DUE_DATES, planned, set_due, write
from cicmaroc.forms.form import Form, file_name, form_for
from cicmaroc.forms.workbook import build_workbook
from cicmaroc.i18n import LANGUAGES, N_
from cicmaroc.loading.programme import Programme
from cicmaroc.models.common import in_languages


class FormsError(UsageError):
    """The forms cannot be made as asked (year, language, data): nothing was written."""


def form_wording(root: Path | None, lang: str) -> dict[str, Any]:
    """The forms' wording in `lang`, from the report's message catalogues (templates/i18n)."""
    from cicmaroc.report.environment import template_dirs
    from cicmaroc.report.wording import CatalogueError, load_messages

    if lang not in LANGUAGES:
        raise FormsError(f"'{lang}' is not a language of the forms; use one of {', '.join(LANGUAGES)}.")
    try:
        messages = load_messages(template_dirs(root), lang)
    except CatalogueError as exc:
        raise FormsError(str(exc)) from None
    wording = messages.get("form")
    if not isinstance(wording, dict):
        raise FormsError(f"The message catalogue i18n/{lang}.yaml has no 'form' section.")
    return dict(wording)


def programme_wording(programme: Programme, wording: dict[str, Any], lang: str) -> dict[str, Any]:
    """The forms' wording with the programme's own names in `lang` (else its language): its name,
    and the associations' labels (data/programme.yaml, data/budget.yaml)."""
    primary = programme.text_language
    names = programme.identity.model.name if programme.identity is not None else {}
    associations = {}
    if programme.budget is not None:
        for block in programme.budget.model.associations:
            if block.id and block.label:
                said = dict(in_languages(block, "label", primary))
                associations[block.id] = said.get(lang) or said[primary]
    return {**wording, "programme": names.get(lang) or names.get(primary, ""),  # type: ignore[call-overload]
            "association_names": associations, "language": primary}


def make_forms(programme: Programme, actuals: Actuals, year: int, out: Path, lang: str | None,
               only: list[str] | None = None, due: dt.date | None = None) -> list[str]:
    """Write the forms of `year` into `out` (one per reporter who is expected to report something,
    or those in `only`), each in `lang` (None: its reporter's language, `language_of`); the files as
    shown. With `due`, the forms' due date is recorded first in data/due-dates.yaml: the year's, or
    with `only`, those reporters' own."""
    forms = forms_of(programme, year, only)
    if due is not None:  # checked and planned before any form is written
        change = planned(programme, DUE_DATES, set_due(year, due, only))
    year_due, own_due = due_dates(programme, year)
    if due is not None and only:
        own_due = {**own_due, **dict.fromkeys(only, due)}
    elif due is not None:
        year_due = due
    # Every workbook is built before the first is written: a form that cannot be built stops the
    # command with none written, never with some reporters' forms in the folder and not others'.
    books: list[tuple[Path, bytes]] = []
    wordings: dict[str, dict[str, Any]] = {}
    for form in forms:
        books.append((out / file_name(form.reporter, year),
                      workbook_bytes(programme, actuals, form, lang, own_due.get(form.reporter.id, year_due),
                                     wordings)))
    if due is not None:
        write(change, programme)
    make_folder(out)
    write_all(books)  # a full disk half-way: the forms this run created are taken back
    return [display_path(target) for target, _ in books]


def forms_of(programme: Programme, year: int, only: list[str] | None = None) -> list[Form]:
    """The forms of `year`: every reporter expected to send something (or those in `only`, each
    of whom must be). Raises `FormsError`."""
    calendar = programme.calendar
    if calendar is None or programme.logframe is None or programme.budget is None:
        raise FormsError(N_("data/programme.yaml, data/logframe.yaml and data/budget.yaml are needed to "
                            "know who reports what; run 'cic validate' and fix what it reports first."))
    if year not in calendar:
        raise FormsError(N_("{year} is not a year of the programme; give a year from {first} to {last}, "
                         "e.g. --year {first}."), year=year, first=calendar.first, last=calendar.last)
    everyone = reporters(programme)
    if only:
        unknown = sorted(set(only) - {r.id for r in everyone})
        if unknown:
            raise FormsError(N_("Not a reporter of the programme: {unknown}. Reporters: {reporters}."),
                             unknown=", ".join(unknown), reporters=", ".join(r.id for r in everyone))
        everyone = [r for r in everyone if r.id in only]
    # A reporter asked for nothing this year (an association without a planned share) gets no form.
    forms = [form for form in (form_for(programme, reporter, year) for reporter in everyone)
             if form.figures or form.spending]
    if only and len(forms) < len(everyone):
        idle = [r.id for r in everyone if r.id not in {f.reporter.id for f in forms}]
        raise FormsError(N_("Nothing is expected from {reporters} for {year}: no indicator of theirs "
                            "and no budget line planned for them that year (data/budget.yaml). No form "
                            "was written."),
                         reporters=", ".join(idle), year=year)
    return forms


def language_of(programme: Programme, reporter: Reporter) -> str:
    """The language a reporter reads: its `lang` in the partner files, else the programme's."""
    return reporter.lang or programme.text_language


def workbook_bytes(programme: Programme, actuals: Actuals, form: Form, lang: str | None,
                   due: dt.date | None, wordings: dict[str, dict[str, Any]] | None = None) -> bytes:
    """The form as the bytes of an .xlsx file, in `lang` (None: its reporter's language); `wordings`
    keeps each language's wording read once for many forms."""
    language = lang or language_of(programme, form.reporter)
    known = wordings if wordings is not None else {}
    if language not in known:
        known[language] = programme_wording(programme, form_wording(programme.root, language), language)
    buffer = io.BytesIO()
    build_workbook(form, known[language], actuals, language, due).save(buffer)
    return buffer.getvalue()
