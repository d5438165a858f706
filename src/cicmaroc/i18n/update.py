"""Bring the catalogues in line with the code: `python -m cicmaroc.i18n.update`.

Every message id in use (`cicmaroc.i18n.msgids`) gets an entry in each catalogue, with the
places that use it as comments; translations already made are kept; entries no longer used are
dropped (listed on the way, so that a translator can reuse a sentence that was only reworded).
English entries carry the English text itself. New entries of French and Dutch stay empty until
they are translated, and the catalogue test fails until then.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Mapping

from cicmaroc.files.writing import write_text_atomic
from cicmaroc.i18n import LANGUAGES, SOURCE_LANGUAGE
from cicmaroc.i18n.catalogues import catalogue_path
from cicmaroc.i18n.msgids import Msgid, every_msgid

_HEADER = {
    "fr": "Messages de cic en français",
    "nl": "Berichten van cic in het Nederlands",
    "en": "Messages of cic in English (the message ids are the English texts)",
}


def _existing(lang: str) -> dict[Msgid, str | tuple[str, ...]]:
    from babel.messages.pofile import read_po

    path = catalogue_path(lang)
    if not path.is_file():
        return {}
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    out: dict[Msgid, str | tuple[str, ...]] = {}
    for message in catalogue:
        if message.id:
            key = message.id if isinstance(message.id, str) else (message.id[0], message.id[1])
            out[key] = message.string if isinstance(message.string, str) else tuple(message.string or ())
    return out


def write_catalogue(lang: str, used: Mapping[Msgid, list[str]],
                    extra: Mapping[Msgid, str | tuple[str, ...]] | None = None) -> list[Msgid]:
    """Write `lang`'s catalogue for the ids `used`; returns the ids it dropped."""
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import write_po

    old = {**_existing(lang), **(extra or {})}
    catalogue = Catalog(locale=lang, domain="cic", project="cic", header_comment=f"# {_HEADER[lang]}.",
                        fuzzy=False)
    for msgid, places in used.items():
        string: str | tuple[str, ...]
        if lang == SOURCE_LANGUAGE:
            string = msgid
        else:
            string = old.get(msgid, ("", "") if isinstance(msgid, tuple) else "")
        catalogue.add(msgid, string, auto_comments=sorted(set(places))[:3])
    buffer = io.BytesIO()
    write_po(buffer, catalogue, width=100, omit_header=False, sort_output=False)
    path = catalogue_path(lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text_atomic(path, buffer.getvalue().decode("utf-8"))
    return [m for m in old if m not in used]


def main() -> int:
    used = every_msgid()
    for lang in LANGUAGES:
        dropped = write_catalogue(lang, used)
        for msgid in dropped:
            print(f"{lang}: dropped {msgid!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
