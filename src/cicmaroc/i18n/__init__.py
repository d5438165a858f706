"""Everything cic says, in the reader's language: French, Dutch or English.

One mechanism for findings, hints, rule documentation, command-line messages and the report:
gettext catalogues (`cicmaroc/locale/<lang>/LC_MESSAGES/cic.po`, package data) read through
Babel, whose message ids are the English texts. English is the language the texts are written
in, so an English run reads no catalogue at all (and costs `cic validate` nothing).

`N_` marks a text as translatable where it is written but translated later, when it is shown
(a table of labels, a sentence kept as a template): it returns the text unchanged, and the
extraction (`cicmaroc.i18n.msgids`) finds it.
"""

from __future__ import annotations

from enum import Enum


class Language(str, Enum):
    """The languages cic speaks (`--lang` of every command, through `api.Language`)."""

    fr = "fr"
    nl = "nl"
    en = "en"


#: The languages cic speaks, the first the default when nothing says otherwise.
LANGUAGES = tuple(lang.value for lang in Language)
#: The language the message ids are written in.
SOURCE_LANGUAGE = "en"


def N_(text: str) -> str:
    """`text`, marked for the catalogues, translated where it is shown."""
    return text
