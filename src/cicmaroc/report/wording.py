"""The report's wording: `templates/i18n/en.yaml` names each label, the catalogues translate it.

The templates say `{{ t.col_planned }}`; `i18n/en.yaml` beside them gives each key its English
text, which is the message id of the catalogues (`cicmaroc/locale/<lang>/LC_MESSAGES/cic.po`),
so the report's wording is translated by the one mechanism that translates everything cic says
(`cicmaroc.i18n`). A missing key stops the report with the key's name instead of printing a blank.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cicmaroc.files.confinement import confined
from cicmaroc.i18n.translator import Translator
from cicmaroc.yaml.reader import load_file

#: The file naming the report's labels, in the language of the message ids.
WORDING = "en.yaml"


class CatalogueError(Exception):
    """The report's wording is missing or unreadable: a usage error."""


def english_wording(search_dirs: list[Path]) -> dict[str, Any]:
    """The first `i18n/en.yaml` found in the template folders: key -> English text (or a table)."""
    for folder in search_dirs:
        path = folder / "i18n" / WORDING
        if path.is_file():
            if not confined(path, folder):  # a link to a credentials file would become `t.*`
                raise CatalogueError(f"The report's wording {path} is a link leading outside its "
                                     "template folder; it was not read.")
            source, problems = load_file(path, str(path))
            if source is None or problems or not isinstance(source.data, dict):
                detail = "; ".join(f"{p.location}: {p.message}" for p in problems) or "not a mapping"
                raise CatalogueError(f"The report's wording {path} cannot be read: {detail}")
            return source.data
    raise CatalogueError(f"No report wording i18n/{WORDING} in " + ", ".join(str(d) for d in search_dirs))


def load_messages(search_dirs: list[Path], lang: str) -> dict[str, Any]:
    """The report's labels in `lang`: the English wording, each text through the catalogue."""
    return translated(english_wording(search_dirs), Translator(lang))


def translated(tree: dict[str, Any], tr: Translator) -> dict[str, Any]:
    return {str(key): translated(value, tr) if isinstance(value, dict) else tr(str(value))
            for key, value in tree.items()}


def wording_texts(search_dirs: list[Path]) -> list[str]:
    """Every English text of the wording (the message ids the catalogues must hold)."""
    def leaves(tree: dict[str, Any]) -> list[str]:
        out: list[str] = []
        for value in tree.values():
            out.extend(leaves(value) if isinstance(value, dict) else [str(value)])
        return out

    return leaves(english_wording(search_dirs))
