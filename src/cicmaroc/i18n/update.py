"""Bring the catalogues in line with the code: `python -m cicmaroc.i18n.update`.

Every message id in use (`cicmaroc.i18n.msgids`) gets an entry in each catalogue, with the
places that use it as comments; translations already made are kept; entries no longer used are
dropped (listed on the way, so that a translator can reuse a sentence that was only reworded).
English entries carry the English text itself. New entries of French and Dutch stay empty until
they are translated, and the catalogue test fails until then.

The header says what a translation tool and `msgfmt -c` expect, never a template's placeholder:
the version of cic; when the message ids last changed (POT-Creation-Date) and when the catalogue's
translations last changed (PO-Revision-Date), each kept as it was when nothing changed, so that
running the update twice changes nothing; who translated, honestly: the maintainers, without a
native speaker's review so far.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
from collections.abc import Mapping

from cicmaroc import __version__
from cicmaroc.files.writing import write_text_atomic
from cicmaroc.i18n import LANGUAGES, SOURCE_LANGUAGE
from cicmaroc.i18n.catalogues import catalogue_path
from cicmaroc.i18n.msgids import Msgid, every_msgid

_HEADER = {
    "fr": "Messages de cic en français",
    "nl": "Berichten van cic in het Nederlands",
    "en": "Messages of cic in English (the message ids are the English texts)",
}
_TEAM = {"fr": "French", "nl": "Dutch", "en": "English"}
#: Where a wrong translation is reported: no address of its own, the project's issue tracker.
_BUGS = "the issue tracker of the cic repository"
_TRANSLATOR = {
    "fr": "cic maintainers (not yet reviewed by a native speaker)",
    "nl": "cic maintainers (not yet reviewed by a native speaker)",
    "en": "cic maintainers (the English text is the message ids)",
}


def _dates(lang: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The catalogue's POT-Creation-Date and PO-Revision-Date as written (None: absent or a placeholder)."""
    from babel.messages.pofile import read_po

    path = catalogue_path(lang)
    if not path.is_file():
        return None, None
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=lang)
    created, revised = catalogue.creation_date, catalogue.revision_date
    return (created if isinstance(created, dt.datetime) else None,
            revised if isinstance(revised, dt.datetime) else None)


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

    before = _existing(lang)
    old = {**before, **(extra or {})}
    created, revised = _dates(lang)
    now = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0)
    if created is None or set(before) != set(used):  # the message ids changed
        created = now
    strings = {m: (m if lang == SOURCE_LANGUAGE else old.get(m)) for m in used}
    if revised is None or strings != {m: before.get(m) for m in used}:  # a translation changed
        revised = now
    catalogue = Catalog(locale=lang, domain="cic", project="cic", version=__version__,
                        header_comment=f"# {_HEADER[lang]}.", msgid_bugs_address=_BUGS,
                        creation_date=created, revision_date=revised, last_translator=_TRANSLATOR[lang],
                        language_team=_TEAM[lang], fuzzy=False)
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
