"""The report's wording in French, Dutch and English: `templates/i18n/<lang>.yaml`.

Kept beside the templates, as data, so an officer can change a label without touching Python.
Every language must have the same keys (a test checks it); a missing key stops the report with
the key's name instead of printing a blank.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from cicmaroc.files.confinement import confined
from cicmaroc.yaml.reader import load_file


class CatalogueError(Exception):
    """The message catalogue is missing or unreadable: a usage error."""


def load_messages(search_dirs: list[Path], lang: str) -> dict[str, Any]:
    """The first `i18n/<lang>.yaml` found in the template folders, as a plain dict."""
    for folder in search_dirs:
        path = folder / "i18n" / f"{lang}.yaml"
        if path.is_file():
            if not confined(path, folder):  # a link to a credentials file would become `t.*`
                raise CatalogueError(f"The message catalogue {path} is a link leading outside its "
                                     "template folder; it was not read.")
            source, problems = load_file(path, str(path))
            if source is None or problems or not isinstance(source.data, dict):
                detail = "; ".join(f"{p.location}: {p.message}" for p in problems) or "not a mapping"
                raise CatalogueError(f"The message catalogue {path} cannot be read: {detail}")
            return source.data
    raise CatalogueError(f"No message catalogue i18n/{lang}.yaml in "
                         + ", ".join(str(d) for d in search_dirs))
