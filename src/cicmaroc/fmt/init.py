"""`cic init`: a new programme's data folder, every file kind, with TODO wherever the officers transcribe.

Why TODO and not empty or an example: a new programme starts from its approved document, and until
a value is transcribed nothing may stand in for it. `TODO` is one warning of its own (CIC014, and
CIC810 in the IATI publisher file), located on its line, so `cic validate` on a fresh skeleton lists
exactly what is left to transcribe and nothing else; a made-up name or amount could be taken for the
programme's. What `cic init` knows from its options (the country's code, the period, the language)
is written; nothing else is.

The files are text templates (each with the comments an officer needs to fill it in, pointing to
docs/data-format.md), filled with values checked here first (a two-letter code of the IATI Country
codelist, whole years, fr or nl), then laid out as `cic fmt` keeps them. The year files
(monitoring, narrative, risk follow-up) are not written: they are made per year by `cic new` from
the transcribed logframe, budget and risks.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from string import Template

from cicmaroc.errors import UsageError
from cicmaroc.files.discovery import display_path
from cicmaroc.files.writing import make_folder, write_all
from cicmaroc.i18n import N_

#: The languages a programme's texts can be written in (English is a reader's language only).
TEXT_LANGUAGES = ("fr", "nl")
_YEARS = re.compile(r"(\d{4})-(\d{4})")
_HEAD = ("# {what}.\n"
         "# Made by `cic init`: replace every TODO with the value the approved document prints (transcribe,\n"
         "# never correct); `cic validate` lists each TODO left. The format: docs/data-format.md.\n")


class InitError(UsageError):
    """The skeleton cannot be made as asked; nothing was written."""


def country_codes() -> frozenset[str]:
    """The codes of the IATI Country codelist (recipient-country/@code), the list CIC020 checks
    programme.yaml's code against."""
    from cicmaroc.rules.identity import COUNTRY_CODELIST

    return frozenset(re.findall(r"<code>([A-Z]{2})</code>", COUNTRY_CODELIST.read_text(encoding="utf-8")))


def period(text: str) -> tuple[int, int]:
    """`2022-2026` as (2022, 2026); InitError when it is not two years, first to last, 2000-2100."""
    found = _YEARS.fullmatch(text.strip())
    if not found:
        raise InitError(N_("'{years}' is not a period: write the first and the last year, e.g. 2022-2026."),
                        years=text)
    first, last = int(found.group(1)), int(found.group(2))
    if not 2000 <= first <= last <= 2100:
        raise InitError(N_("'{years}' is not a period: the first year comes before the last, both between "
                           "2000 and 2100, e.g. 2022-2026."), years=text)
    return first, last


def init(folder: Path, country: str, years: str, lang: str) -> list[str]:
    """Write the skeleton of a programme of `country` (ISO code) over `years` (FIRST-LAST) written in
    `lang` into the data folder `folder`, which must not exist or be empty; the files written, as
    shown. Raises `InitError` (nothing written) on a bad option or a folder in use."""
    code = country.strip().upper()
    if code not in country_codes():
        raise InitError(N_("'{code}' is not a country code of ISO 3166-1 (IATI's Country codelist): give "
                           "the partner country's two letters, e.g. SN for Senegal."), code=country)
    first, last = period(years)
    if lang not in TEXT_LANGUAGES:
        raise InitError(N_("A programme's texts are written in fr or nl, not '{lang}'."), lang=lang)
    if os.path.lexists(folder) and (not folder.is_dir() or _holds_a_file(folder)):
        raise InitError(N_("{folder} already exists and is not an empty folder; cic init never writes over "
                           "a programme. Give a new folder."), folder=display_path(folder))
    texts = skeleton(code, first, last, lang)
    # the files appear all or none (write_all); a folder made here and left empty by a failure is
    # harmless: cic init accepts an empty folder, so the same command can simply be run again
    for each in sorted({(folder / name).parent for name in texts}, key=lambda f: len(f.parts)):
        make_folder(each)
    write_all([(folder / name, text.encode("utf-8")) for name, text in texts.items()])
    return [display_path(folder / name) for name in texts]


def _holds_a_file(folder: Path) -> bool:
    """Whether anything but folders is in `folder`, at any depth (a link counts as a file)."""
    return any(not p.is_dir() or p.is_symlink() for p in folder.rglob("*"))


def skeleton(code: str, first: int, last: int, lang: str) -> dict[str, str]:
    """The text of each file, by its path in the data folder, in `cic fmt`'s layout."""
    from cicmaroc.fmt.canonical import format_text, model_for

    cells = ", ".join([f"{year}: TODO" for year in range(first, last + 1)] + ["grand_total: TODO"])
    values = {"code": code, "first": str(first), "last": str(last), "lang": lang, "cells": "{" + cells + "}",
              "years": "[" + ", ".join(str(y) for y in range(first, last + 1)) + "]",
              "title": "{fr: TODO}" if lang == "fr" else "{fr: TODO, nl: TODO}"}
    made: dict[str, str] = {}
    for name, (what, body) in FILES.items():
        text = _HEAD.format(what=what) + Template(body).substitute(values)
        made[name] = format_text(text, model_for(Path(name)), name)
    return made


#: Every file of the skeleton: its path in the data folder, what it is, and its template.
FILES: dict[str, tuple[str, str]] = {
    "programme.yaml": ("The programme's identity", """\
# Every year, country, milestone and language in every output comes from this file.
# The programme's name as the document prints it (translations beside it: fr: ..., nl: ...).
name:
  $lang: TODO
# The country: its ISO 3166-1 alpha-2 code; its name is CLDR's unless given (name: {fr: ..., nl: ...});
# its telephone calling code, in quotes ("221").
country:
  code: $code
  calling_code: TODO
period: {first: $first, last: $last}
# The logframe's target columns, in order, each with its year; the last one is the final target.
milestones:
  - {id: final, year: $last, label: {$lang: TODO}}
# The languages the programme's texts are written in, the primary one first.
languages: [$lang]
"""),
    "country.yaml": ("The country sheet and the outcome sheet", """\
country: TODO
total_operational_cost: TODO
dgd_contact: {name: TODO, organisation: TODO, phone: TODO, email: TODO}
summary: TODO
summary_points: []
map_legend: []                # [{number: 1, entries: [{local: ..., belgian: ...}]}]
outcome_sheet:
  csc_covered: TODO
  target_groups: TODO
  beneficiaries: {text: TODO}
  main_sector: TODO
  stakeholders: []
  operational_cost_total: TODO
  cad_markers: {}             # each DAC policy marker as printed, with 0, 1 or 2
"""),
    "budget.yaml": ("The operational-cost table (T3): year x line x nature, totals as printed", """\
currency: EUR
years: $years
country_total: TODO
outcome_total: TODO
natures:                      # the table's natures of cost, in order
  - {id: TODO, label: TODO}
lines:                        # one block per line; at most one is spent by the partnerships
  - id: TODO
    label: TODO
    spent_by: partnerships
    total: $cells
    natures:
      TODO: $cells
total:                        # "Total CO" and its split by nature
  total: $cells
  natures:
    TODO: $cells
associations:                 # the split between the associations that carry the budget
  - id: TODO
    label: TODO
    total: $cells
    natures:
      TODO: $cells
"""),
    "logframe.yaml": ("The logical framework: the outcome, its results, indicators and activities", """\
outcome:
  id: TODO
  text: TODO
  indicators: []
results:
  - id: TODO
    text: TODO
    indicators:
      - id: TODO
        label: TODO
        text: TODO
        level: TODO           # commune, partnership or programme: who reports a value
        measures:
          - {id: TODO, unit: TODO, rollup: TODO, kind: TODO}
        baseline: {text: TODO}
        targets:              # by milestone id of programme.yaml
          final: {text: TODO}
        sources: []
    activities:
      - {id: TODO, text: TODO}
"""),
    "risks.yaml": ("The risk table: its legend and its risks", """\
scales:                       # the legend: each word and its number
  probability: {}
  impact: {}
  level: {}
risks:
  - {id: TODO, source: TODO, probability: TODO, impact: TODO, level: TODO}
"""),
    "partners/todo.yaml": ("A partnership (rename the file after the Belgian commune's id, or start each "
                           "with `cic new partner ID`)", """\
id: TODO
title: TODO
belgian_commune: {name: TODO, address: TODO}
local_communes:
  - {id: TODO, name: TODO, address: TODO, local_partner_name: TODO}
outcome_text: TODO
budget_os1: TODO
partnership_start: TODO
"""),
    "iati.yaml": ("What publishing in IATI needs and the document does not give (docs/iati.md)", """\
reporting_org: TODO           # the key, below, of the organisation that publishes
activity_id: TODO
title: $title
organisations:
  dgd: {ref: XM-DAC-2-10, type: "10", name: {fr: DGD}, roles: [funding]}
  TODO: {ref: TODO, type: TODO, name: {fr: TODO}, roles: [accountable, implementing]}
sectors: TODO
contact: TODO
"""),
    "readings.yaml": ("How the officers agreed to read a figure the document printed wrong", """\
readings: []
"""),
    "waivers.yaml": ("Known discrepancies of the approved document, acknowledged with a reason", """\
waivers: []
"""),
    "due-dates.yaml": ("When each year's monitoring replies are due: `cic forms --year YEAR --due DATE` "
                       "writes here", """\
years: []
"""),
    "evidence.yaml": ("The SHA-256 of each evidence file (data/evidence/) as it was reported: written by "
                      "cic import and cic evidence --record", """\
files: {}
"""),
}
