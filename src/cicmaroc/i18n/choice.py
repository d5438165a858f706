"""Which language a run speaks: `--lang`, else `lang` in cic.toml, else the environment's locale.

The environment is read as gettext reads it (LC_ALL, then LC_MESSAGES, then LANG): `nl_BE.UTF-8`
is Dutch, `fr_BE` French; a locale of another language (or `C`) says nothing, and the command's
own default applies (the report is French, the document's language; the other commands speak
English, the language of CI logs).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from cicmaroc.i18n import LANGUAGES

_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


def from_environment(environ: Mapping[str, str] | None = None) -> str | None:
    """The language the first locale variable set names, if it is one cic speaks."""
    env = os.environ if environ is None else environ
    for name in _LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:  # the first one set decides, as in gettext
            lang = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return lang if lang in LANGUAGES else None
    return None


def choose(option: str | None, setting: str | None, default: str,
           environ: Mapping[str, str] | None = None) -> str:
    """The language of a run: the option, the setting, the environment, then `default`."""
    return option or setting or from_environment(environ) or default
