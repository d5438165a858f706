"""The message catalogues: `cicmaroc/locale/<lang>/LC_MESSAGES/cic.po`, read through Babel.

The `.po` files are the source and what is installed (package data), read directly: a fresh
clone's `pip install -e .` needs no compile step, and translators' tools (Poedit, Weblate,
Lokalize) open them as they are. Each catalogue is read once a process, only when a language
other than English is asked for.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

#: Where the catalogues are: one folder per language, gettext's layout.
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "cic"


class CatalogueError(Exception):
    """A catalogue is missing or cannot be read: an installation problem, said plainly."""


def catalogue_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@functools.cache
def translations(lang: str) -> Mapping[str, str | tuple[str, ...]]:
    """msgid -> translated text of `lang`'s catalogue (entries without a translation left out).

    A text with plural forms is keyed by its singular msgid, its forms in the catalogue's order.
    """
    from babel.messages.pofile import PoFileError, read_po

    path = catalogue_path(lang)
    try:
        with path.open("rb") as handle:
            catalogue = read_po(handle, locale=lang, abort_invalid=True)
    except (OSError, PoFileError, ValueError) as exc:
        raise CatalogueError(f"The message catalogue {path} cannot be read: {exc}") from None
    table: dict[str, str | tuple[str, ...]] = {}
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        if isinstance(message.id, str) and isinstance(message.string, str) and message.string:
            table[message.id] = message.string
        elif isinstance(message.id, (tuple, list)) and isinstance(message.string, (tuple, list)) \
                and all(message.string):
            table[message.id[0]] = tuple(message.string)
    return MappingProxyType(table)
