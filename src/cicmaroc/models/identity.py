"""`data/programme.yaml`: the programme's identity, declared once by the officers.

Every year, country, milestone and language an output names comes from this file: the period
(first and last year), the baseline year, the logframe's milestones ("An 3", "An 5": named, each
with its year, any number of them), the country (its ISO code, its name, its calling code), the
languages its texts are written in (the primary one first) and the administrative levels of the
local communes. What the officers declare in several languages is a language map (`{fr: ...,
nl: ...}`); the document's own texts stay as printed in the other files.

The model holds the shape; whether the file is coherent (a period that runs forwards, milestones
inside it and in order, the primary language in every map, a known country code) is
`rules/identity.py`'s to say, one located finding each, so that one slip never hides the file.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from cicmaroc.models.common import Note, Slug, Strict, Year, empty_list

#: The languages a programme's texts can be written in (English is a reader's language only).
TextLanguage = Literal["fr", "nl"]
#: A language a declared name may be given in: the text languages, and English for its readers.
NameLanguage = Literal["fr", "nl", "en"]
#: A name the officers declare, by language: `{fr: An 3, nl: Jaar 3}`.
Names = dict[NameLanguage, Annotated[str, StringConstraints(min_length=1)]]


class Country(Strict):
    """The partner country."""

    code: Annotated[str, StringConstraints(pattern=r"^(TODO|[A-Z]{2})$")] = Field(description=(
        "The country's ISO 3166-1 alpha-2 code (MA), the IATI recipient country; TODO until known."))
    name: Names | None = Field(default=None, description=(
        "The country's name by language ({fr: Maroc, nl: Marokko}); left out: the standard name of the "
        "code (CLDR)."))
    calling_code: Annotated[str, StringConstraints(pattern=r"^(TODO|[1-9][0-9]{0,2})$")] | None = Field(
        default=None, description=(
            "The country's telephone calling code, in quotes (\"212\"): phone numbers of the local "
            "communes are checked against it. Left out or TODO: they are not checked."))
    phone_digits: list[Annotated[int, Field(ge=4, le=14)]] = Field(default_factory=empty_list, description=(
        "How many digits a national number has after the calling code ([9]); left out: only the "
        "calling code and the longest possible number (15 digits) are checked."))
    note: Note = None


class Period(Strict):
    """The programme's years, first to last, both included."""

    first: Year = Field(description="The first year of the programme, as the document states its period.")
    last: Year = Field(description="The last year of the programme, as the document states its period.")


class Milestone(Strict):
    """A target column of the logframe: 'An 3' (2019)."""

    id: Slug = Field(description="The key of its targets in logframe.yaml (year3).")
    year: Year = Field(description="The year its targets are due.")
    label: Names = Field(description="Its name by language ({fr: An 3, nl: Jaar 3}).")
    note: Note = None


class AdminLevel(Strict):
    """An administrative level the local communes are located in (a province, a region)."""

    id: Slug = Field(description="The key of the level in a commune's `areas` (province).")
    label: Names = Field(description="Its name by language ({fr: Province, nl: Provincie}).")


class Identity(Strict):
    """`data/programme.yaml`."""

    name: Names = Field(description="The programme's name by language; the primary language required.")
    country: Country
    period: Period
    baseline_year: Year | None = Field(default=None, description=(
        "The year the baselines describe; left out: the year before the first."))
    milestones: list[Milestone] = Field(min_length=1, description=(
        "The logframe's target columns, in order; the last one is the final target."))
    languages: list[TextLanguage] = Field(min_length=1, description=(
        "The languages the programme's texts are written in, the primary one first ([fr])."))
    admin_levels: list[AdminLevel] = Field(default_factory=empty_list, description=(
        "Optional: the administrative levels of the local communes' `areas`, in order."))
    note: Note = None
