"""Comparing names and sentences the way a reader would: accents, case, hyphens and spacing aside."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from cicmaroc.findings import SEMICOLON, Items, phrase

_QUOTES = str.maketrans({"’": "'", "‘": "'", "`": "'", "–": "-", "—": "-", "\u00a0": " "})
_NOTHING: Any = phrase("(nothing)")
_NAME_NOISE = frozenset({"commune", "rurale", "urbaine", "de", "d", "du", "la", "le", "ville"})


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """Lowercase, no accents, typographic quotes made plain, spacing collapsed (cached: rules
    compare the same names and sentences many times)."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    if not text.isascii():
        text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.split()).lower()


@functools.lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A place name reduced to its words: "Commune d'Aït Baha" and "Ait Baha" give "ait baha"."""
    words = re.split(r"[^a-z0-9]+", fold(name).replace("st-", "saint-"))
    return " ".join(w for w in words if w and w not in _NAME_NOISE)


def _id_key(text: str) -> str:
    """An identifier as a reader would type it: case, accents, spaces, dots and dashes aside."""
    return re.sub(r"[\s._-]+", "", fold(text))


def nearest(value: str, candidates: Iterable[str]) -> str | None:
    """The candidate the officer most likely meant by `value` (`IOV1.1` -> `IOV 1.1`, `belfa` ->
    `belfaa`), or None when none is close enough to suggest."""
    keyed: dict[str, str] = {}
    for candidate in candidates:
        keyed.setdefault(_id_key(str(candidate)), str(candidate))
    key = _id_key(str(value))
    if key in keyed:
        return keyed[key]
    close = difflib.get_close_matches(key, list(keyed), n=1, cutoff=0.75)
    return keyed[close[0]] if close else None


def word_diff(expected: str, found: str, limit: int = 3) -> Items:
    """The first few word-level differences, each "'2' where the other says '1'", joined by "; "."""
    a, b = fold(expected).split(), fold(found).split()
    shown_a, shown_b = expected.translate(_QUOTES).split(), found.translate(_QUOTES).split()
    if len(shown_a) != len(a) or len(shown_b) != len(b):  # unusual spacing: show the folded words
        shown_a, shown_b = a, b
    parts = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        mine = " ".join(shown_b[j1:j2]) or _NOTHING
        theirs = " ".join(shown_a[i1:i2]) or _NOTHING
        parts.append(phrase("'{mine}' where the other says '{theirs}'", mine=mine, theirs=theirs))
        if len(parts) == limit:
            break
    return Items(tuple(parts), SEMICOLON)
