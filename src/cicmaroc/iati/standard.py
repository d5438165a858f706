"""The vendored IATI 2.03 files (schema, codelists, rule set) and loading them, once per run.

The files in `standard/` are copies, unchanged, of the IATI Standard's repositories (sources,
commits, sha256 and licences in standard/README.md; a test checks every digest). They are
package data, so an installed `cic` finds them beside this module, without a network.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from lxml import etree

from cicmaroc.findings import Named

STANDARD = Path(__file__).parent / "standard"
SCHEMA = STANDARD / "schemas" / "iati-activities-schema.xsd"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
RULESET = STANDARD / "rulesets" / "standard.json"
CODELISTS = STANDARD / "codelists"
VERSION = "2.03"
#: The Standard's reference pages, where a finding's hint sends the reader.
REFERENCE = "https://iatistandard.org/en/iati-standard/203/"


def safe_parser() -> etree.XMLParser:
    """The one XML parser configuration cic uses: no network, no DTD, no entity expansion.

    `cic iati --check` reads files from anywhere; this parser never fetches a URL, never reads a
    file an entity names (XXE), never expands entities (billion laughs) and keeps libxml2's
    limits on text size and depth (huge_tree off).
    """
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           dtd_validation=False, huge_tree=False, collect_ids=False)


@cache
def schema() -> etree.XMLSchema:
    """The 2.03 activity schema; its includes (iati-common.xsd, xml.xsd) sit beside it."""
    return etree.XMLSchema(etree.parse(str(SCHEMA), safe_parser()))


@cache
def ruleset() -> dict[str, Any]:
    """rulesets/standard.json as it is: context XPath -> rule kind -> {"cases": [...]}."""
    data: dict[str, Any] = json.loads(RULESET.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True, slots=True)
class Codelist:
    """One IATI codelist: its codes, whether it is closed, and which codes were withdrawn when.

    `complete` is the codelist's own attribute: on a complete list only its codes may be used;
    on an open one (Language, Country) other codes are allowed.
    """

    name: str
    complete: bool
    codes: frozenset[str]
    withdrawn: dict[str, dt.date | None]
    #: Each code's name, (language, name) pairs, English (the list's own language) first.
    names: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"{REFERENCE}codelists/{self.name.lower()}/"


def codelist_path(name: str) -> Path | None:
    """Where the codelist file is (embedded and non-embedded lists live in two folders)."""
    for folder in ("embedded", "non-embedded"):
        path = CODELISTS / folder / f"{name}.xml"
        if path.is_file():
            return path
    return None


def vendored_codelists() -> set[str]:
    """The names of every codelist in the package."""
    return {p.stem for p in CODELISTS.glob("*/*.xml")}


@cache
def codelist(name: str) -> Codelist:
    """Load one codelist by name (KeyError if it is not vendored: a bug the tests catch)."""
    path = codelist_path(name)
    if path is None:
        raise KeyError(f"the IATI codelist {name} is not in {CODELISTS}")
    root = etree.parse(str(path), safe_parser()).getroot()
    codes: set[str] = set()
    withdrawn: dict[str, dt.date | None] = {}
    names: dict[str, tuple[tuple[str, str], ...]] = {}
    for item in root.iter("codelist-item"):
        code = (item.findtext("code") or "").strip()
        codes.add(code)
        names[code] = tuple((n.get(XML_LANG) or root.get(XML_LANG) or "en", " ".join((n.text or "").split()))
                            for n in item.findall("name/narrative") if (n.text or "").strip())
        if item.get("status") == "withdrawn":
            withdrawn[code] = iso_day(item.get("withdrawal-date"))
    return Codelist(name, root.get("complete") == "1", frozenset(codes), withdrawn, names)


def named_code(name: str, code: str, quote: str = "") -> str | Named:
    """`code` of the codelist `name` as a reader is shown it: 15 (Other Public Sector), the name in
    the reader's language where the codelist gives it, else in its own (English); a value not on
    the list (TODO) as it is. `quote` surrounds the code ("'": '15' (Other Public Sector))."""
    names = codelist(name).names.get(code)
    shown = f"{quote}{code}{quote}"
    return Named(tuple((lang, f"{shown} ({text})") for lang, text in names)) if names else shown


def named_codes(name: str, codes: Iterable[str]) -> list[str | Named]:
    """`codes` of the codelist `name`, each quoted and named (`named_code`)."""
    return [named_code(name, code, "'") for code in codes]


def iso_day(text: str | None) -> dt.date | None:
    """The day of an xsd:date or xsd:dateTime ('2019-12-15T10:00:00Z' is 2019-12-15), else None."""
    try:
        return dt.date.fromisoformat(text.strip()[:10]) if text else None
    except ValueError:
        return None
