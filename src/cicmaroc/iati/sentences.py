"""The sentences the IATI export writes itself, in French and in Dutch (never English).

Everything else in the file is the document's own text, transcribed. These are the few
sentences cic adds: the comments that say which year an actual is for, who reported, and what
agreed reading a figure was computed with. Their French and Dutch are in the catalogues
(src/cicmaroc/locale), like every sentence cic says; the English is only the message id, since
cic publishes the programme's narratives in French and in Dutch.
"""

from __future__ import annotations

from cicmaroc.i18n import N_
from cicmaroc.i18n.translator import translator

#: The languages of the narratives cic writes, in the order they are written.
LANGUAGES: tuple[str, ...] = ("fr", "nl")

COMPLETE = N_("Value at 31/12/{year} ({received} of {expected}).")
SILENT = N_("Not reported, which would not change the value: {missing}.")
UNPROVEN = N_("Achieved {start}-{end}: no value published, reports are missing at 31/12/{year}; the value "
              "is {bound}. Reported: {reporters} ({count} of {expected}). Not reported: {missing}.")
AT_LEAST = N_("at least {low}")
BETWEEN = N_("between {low} and {high}")
NOBODY = N_("nobody")
THE_PROGRAMME = N_("the programme")
READING = N_("Agreed reading: printed {printed}, read as {read_as} ({decided_by}, {decided_on}: {reason}).")
#: The same in a narrative of another language than the reason's: the reason is in the other narrative.
READING_UNEXPLAINED = N_("Agreed reading: printed {printed}, read as {read_as} ({decided_by}, {decided_on}); "
                         "the reason is given in the narrative of the programme's language.")
MEASURE = N_("Measure: {unit}.")
SOURCES = N_("Sources of verification: {sources}.")
SPENDING = N_("Spending {year} of {spender}, according to the monitoring of {year}.")
FICTIONAL = N_("FICTIONAL: this file describes the demonstration programme; its identifiers and monitoring "
               "figures are invented.")


def sentence(template: str, lang: str, **values: object) -> str:
    """The sentence `template` (one of the above) in `lang`, its placeholders filled as given:
    the values are already written as IATI writes them (numbers with a point)."""
    return translator(lang).gettext(template).format(**values)


def reports_received(lang: str, n: int) -> str:
    """`n` reports received, in `lang` ("1 rapport reçu", "11 rapports reçus"; Dutch: the number)."""
    return translator(lang).ngettext("{n} report received", "{n} reports received", n).format(n=n)


def reports_expected(lang: str, n: int) -> str:
    """`n` reports expected, in `lang` ("1 attendu", "12 verwachte rapporten")."""
    return translator(lang).ngettext("{n} report expected", "{n} reports expected", n).format(n=n)
