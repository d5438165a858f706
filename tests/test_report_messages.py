"""The report's wording: every label the templates use is named in i18n/en.yaml and translated."""

from __future__ import annotations

import re

from tests.conftest import REPO

from cicmaroc.i18n import LANGUAGES
from cicmaroc.report.wording import load_messages

TEMPLATES = REPO / "templates"


def keys(tree: dict, prefix: str = "") -> set[str]:
    out = set()
    for key, value in tree.items():
        out.add(prefix + key)
        if isinstance(value, dict):
            out |= keys(value, f"{prefix}{key}.")
    return out


def test_every_language_has_the_same_labels_each_translated():
    """Run strict (tests/conftest.py): a label without its translation raises here."""
    catalogues = {lang: load_messages([TEMPLATES], lang) for lang in LANGUAGES}
    english = keys(catalogues["en"])
    for lang, catalogue in catalogues.items():
        assert keys(catalogue) == english, lang
        assert all(isinstance(v, str) and v.strip() for k, v in _leaves(catalogue))
    assert catalogues["nl"]["col_remaining"] == "Saldo {first}-{last}"
    assert catalogues["fr"]["col_planned"] == "Prévu"


def test_the_dutch_labels_the_officers_found_wrong_are_gone():
    dutch = {v for _, v in _leaves(load_messages([TEMPLATES], "nl"))}
    for wrong in ("kwijtgescholden", "Graad", "Rest van 2017-2021"):
        assert wrong not in dutch


def test_every_label_used_by_the_templates_exists():
    used = set()
    for template in TEMPLATES.rglob("*.j2"):
        used |= set(re.findall(r"\bt\.([a-z_0-9]+)", template.read_text(encoding="utf-8")))
    assert used, "the templates use no labels?"
    assert used <= set(load_messages([TEMPLATES], "fr"))


def test_monitoring_codes_are_documented():
    from cicmaroc.derive.monitoring import CODES

    doc = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
    assert len(CODES) == 14
    for code in CODES:
        assert f"| {code.code} |" in doc


def _leaves(tree: dict, prefix: str = ""):
    for key, value in tree.items():
        if isinstance(value, dict):
            yield from _leaves(value, f"{prefix}{key}.")
        else:
            yield prefix + key, value
