"""Every text cic may show, as the English message ids of the catalogues, and where each is.

Read from the code, never listed by hand: the declarations of the rule codes (their sentences,
hints and documentation, `cicmaroc.rules.registry`), every literal passed to `phrase(...)` or
`N_(...)` in the package, every `_("...")` of the report templates and every label of the
report's wording (templates/i18n/en.yaml). The catalogue test keeps
the `.po` files equal to this set, and `python -m cicmaroc.i18n.update` brings them in line.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parent.parent
#: Calls whose first argument is a translatable text.
_MARKERS = {"phrase", "N_", "_", "gettext", "tr"}


def from_declarations() -> Iterator[tuple[str, str]]:
    """(msgid, where) of every rule code's sentences, hints and documentation."""
    from cicmaroc.rules.registry import CODES

    for code in CODES:
        for key, message in code.messages.items():
            yield message.text, f"{code.code} {key}"
            if message.hint:
                yield message.hint, f"{code.code} {key} (hint)"
        for field in ("what", "why", "example", "waive"):
            yield getattr(code, field), f"{code.code} {field}"


Msgid = str | tuple[str, str]  # a text, or a singular and plural pair (`ngettext`)


def from_source(package: Path = PACKAGE) -> Iterator[tuple[Msgid, str]]:
    """(msgid, file:line) of every literal marked in the package's Python code."""
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            texts = [a.value for a in node.args[:2]
                     if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            where = f"{path.relative_to(package.parent)}:{node.lineno}"
            if name in ("ngettext", "count") and len(texts) == 2:
                yield (texts[0], texts[1]), where
            elif name in _MARKERS and isinstance(node.args[0], ast.Constant) and texts:
                yield texts[0], where
            elif name == "say" and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant) and texts:
                yield texts[0], where  # api.say(lang, "English sentence", ...)


def from_templates(folders: list[Path]) -> Iterator[tuple[str, str]]:
    """(msgid, template:line) of every `_("...")` in the report templates."""
    from jinja2 import Environment

    env: Any = Environment(extensions=["jinja2.ext.i18n"])  # extract_translations comes with the extension
    for folder in folders:
        for path in sorted(folder.rglob("*.j2")):
            source = path.read_text(encoding="utf-8")
            for lineno, _function, message in env.extract_translations(source):
                if isinstance(message, str):
                    yield message, f"{path.relative_to(folder.parent)}:{lineno}"


def from_report_wording(folders: list[Path]) -> Iterator[tuple[str, str]]:
    """(msgid, i18n/en.yaml) of every label of the report's wording (`cicmaroc.report.wording`)."""
    from cicmaroc.report.wording import wording_texts

    if folders:
        for text in wording_texts(folders):
            yield text, "templates/i18n/en.yaml"


def template_folders() -> list[Path]:
    """The report templates of this source tree (`templates/` at the top of the repository)."""
    folder = PACKAGE.parent.parent / "templates"
    return [folder] if folder.is_dir() else []


def every_msgid() -> dict[Msgid, list[str]]:
    """msgid -> the places that use it, in a stable order."""
    found: dict[Msgid, list[str]] = {}
    folders = template_folders()
    for msgid, where in (*from_declarations(), *from_source(), *from_templates(folders),
                         *from_report_wording(folders)):
        if msgid:
            found.setdefault(msgid, []).append(where)
    return found
