"""`cic forms`: every reporter's form for a year, written into one folder."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from cicmaroc.analysis.reporters import reporters
from cicmaroc.derive.actuals import Actuals
from cicmaroc.errors import UsageError
from cicmaroc.files.discovery import display_path
from cicmaroc.files.writing import make_folder, write_all
from cicmaroc.forms.form import file_name, form_for
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


def make_forms(programme: Programme, actuals: Actuals, year: int, out: Path, lang: str,
               only: list[str] | None = None) -> list[str]:
    """Write the forms of `year` into `out` (one per reporter who is expected to report something,
    or those in `only`); the files as shown."""
    calendar = programme.calendar
    if calendar is None or programme.logframe is None or programme.budget is None:
        raise FormsError(N_("data/programme.yaml, data/logframe.yaml and data/budget.yaml are needed to "
                            "know who reports what; run 'cic validate' and fix what it reports first."))
    if year not in calendar:
        raise FormsError(N_("{year} is not a year of the programme; give a year from {first} to {last}, "
                         "e.g. --year {first}."), year=year, first=calendar.first, last=calendar.last)
    wording = programme_wording(programme, form_wording(programme.root, lang), lang)
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
    # Every workbook is built before the first is written: a form that cannot be built stops the
    # command with none written, never with some reporters' forms in the folder and not others'.
    books: list[tuple[Path, bytes]] = []
    for form in forms:
        buffer = io.BytesIO()
        build_workbook(form, wording, actuals, lang).save(buffer)
        books.append((out / file_name(form.reporter, year), buffer.getvalue()))
    make_folder(out)
    write_all(books)  # a full disk half-way: the forms this run created are taken back
    return [display_path(target) for target, _ in books]
