"""`cic migrate`: a data folder in cic's former format converted in place, values and comments kept.

The former format (`loading/old_format.py`) named Morocco in its keys and left the programme's
identity to the code. Converting a folder:

- writes data/programme.yaml from what the former format implied: the period is the budget's
  years, the milestones "An 3" and "An 5" its 3rd and 5th years, the country's ISO code found
  from the country sheet's name in the standard country names (CLDR, by Babel), its calling code
  and the digits of a national number read from the local communes' phone numbers when they
  agree (else TODO), the name the former version gave every programme, languages [fr], the
  administrative levels province and region;
- renames the keys (`moroccan_communes` to `local_communes`, the outcome's `text_fr` to `text`,
  the legend's `moroccan` to `local`), puts `year3`/`year5` under `targets` and `province`/`region`
  under `areas`, adds the budget's `natures`, `spent_by: partnerships` on the line the former
  version had the partnerships spend, and the Dutch labels the former version gave the lines,
  natures and associations (`FORMER_LABELS`), so that a report reads as before.

The edits are made on the text, at the positions the reader gives, so every comment, blank line
and flow-style row stays where it was; then `cic fmt`'s layout. A file is written only when it
reads back to exactly the data the conversion means and holds the same comments; otherwise
nothing of the folder is written (`MigrationError`).
"""

from __future__ import annotations

import copy
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cicmaroc.errors import UsageError
from cicmaroc.files.discovery import display_path
from cicmaroc.files.writing import create_text, write_text_atomic
from cicmaroc.fmt.canonical import FormatError, format_text, model_for
from cicmaroc.i18n import N_
from cicmaroc.loading.old_format import former_keys, former_target
from cicmaroc.models.kinds import FOLDERS, SINGLE_FILES
from cicmaroc.yaml.document import SourceDoc, YamlPath
from cicmaroc.yaml.layout import is_comment_line
from cicmaroc.yaml.reader import parse_text

#: What the former version said of the ids it knew (its report's labels, in French and Dutch): the
#: lines, natures and associations of the budget get them as `label_nl` (and the natures their
#: label), and the line it had the partnerships spend gets `spent_by: partnerships`. The one place
#: these ids are named in code: the former version's own table, read only to convert its folders.
FORMER_PARTNERSHIPS_LINE = "partenaires"
FORMER_LABELS: dict[str, tuple[str, str]] = {
    "partenaires": ("1. Partenaires", "1. Partners"),
    "collaborations": ("2. Collaborations", "2. Samenwerkingen"),
    "bureau-local": ("3. Bureau local", "3. Lokaal kantoor"),
    "siege": ("4. Siège", "4. Hoofdzetel"),
    "uvcw": ("Programme commun - UVCW", "Gemeenschappelijk programma - UVCW"),
    "avcb": ("Programme commun - AVCB", "Gemeenschappelijk programma - AVCB"),
    "investissement": ("Investissement", "Investering"),
    "fonctionnement": ("Fonctionnement", "Werking"),
    "personnel": ("Personnel", "Personeel"),
}
#: The name the former version gave every programme, by language (its report's title).
FORMER_NAME = {"fr": "Programme de Coopération internationale communale (CIC) {country} {first}-{last}",
               "nl": "Programma Internationale Gemeentelijke Samenwerking (IGS) {country} {first}-{last}",
               "en": "Municipal International Cooperation Programme (CIC) {country} {first}-{last}"}
_MILESTONES = ((3, {"fr": "An 3", "nl": "Jaar 3", "en": "Year 3"}),
               (5, {"fr": "An 5", "nl": "Jaar 5", "en": "Year 5"}))
_LEVELS = (("province", {"fr": "Province", "nl": "Provincie", "en": "Province"}),
           ("region", {"fr": "Région", "nl": "Regio", "en": "Region"}))


class MigrationError(UsageError):
    """The folder cannot be converted safely; nothing was written."""


@dataclass
class Converted:
    """One file of the folder, as it will be written."""

    path: Path
    text: str
    new: bool = False


def migrate(data_dir: Path) -> list[str]:
    """Convert the data folder in place; the files written, as shown ([] when it is current)."""
    files = _data_files(data_dir)
    docs = {path: _parse(path) for path in files}
    converted: list[Converted] = []
    for path, (kind, doc) in docs.items():
        if not former_keys(kind, doc.data):
            continue
        expected = _expected(kind, copy.deepcopy(doc.data))
        converted.append(Converted(path, _verified(path, doc, _convert(kind, doc), expected)))
    identity = data_dir / "programme.yaml"
    if not os.path.lexists(identity) and (converted or not files):
        if not converted:
            return []
        converted.append(Converted(identity, _identity_text(docs), new=True))
    for item in converted:
        if item.new:
            create_text(item.path, item.text)
        else:
            write_text_atomic(item.path, item.text, inside=data_dir)
    return [display_path(item.path) for item in converted]


def _data_files(data_dir: Path) -> list[Path]:
    if not data_dir.is_dir():
        raise MigrationError(N_("{folder} is not a data folder."), folder=display_path(data_dir))
    found = [data_dir / name for name in SINGLE_FILES if (data_dir / name).is_file()]
    for folder in FOLDERS:
        if (data_dir / folder).is_dir():
            found += sorted(p for p in (data_dir / folder).iterdir() if p.suffix in (".yaml", ".yml"))
    return found


def _kind(path: Path) -> str:
    if path.name in SINGLE_FILES:
        return SINGLE_FILES[path.name].attr
    return FOLDERS[path.parent.name].attr


def _parse(path: Path) -> tuple[str, SourceDoc]:
    text = path.read_text(encoding="utf-8")
    doc, problems = parse_text(text, display_path(path))
    if doc is None or problems:
        raise MigrationError(N_("{file} cannot be read ({problem}): fix it with `cic validate` first; "
                                "nothing was converted."), file=display_path(path),
                             problem=problems[0].message if problems else "")
    return _kind(path), doc


# -- the conversion, on the text -------------------------------------------------------------------


class _Text:
    """A file's lines, edited at the reader's positions (edits made from the end of the file up)."""

    def __init__(self, doc: SourceDoc) -> None:
        self.doc = doc
        self.lines = doc.text.splitlines(keepends=True)
        self.edits: list[tuple[int, int, Any]] = []  # (line index, order, edit)

    def key_line(self, path: YamlPath) -> tuple[int, int]:
        """The 0-based line and column of the key at `path`."""
        line, column = self.doc.keys[path]
        return line - 1, column - 1

    def rename(self, path: YamlPath, new: str) -> None:
        line, column = self.key_line(path)
        old = str(path[-1])
        text = self.lines[line]
        if text[column:column + len(old)] != old:
            raise MigrationError(N_("{file}, line {line}: the key '{key}' is not written plainly; rename it "
                                    "by hand."), file=self.doc.file, line=line + 1, key=old)
        self.lines[line] = text[:column] + new + text[column + len(old):]

    def block_end(self, line: int, column: int) -> int:
        """The line after the block of the key at (line, column): the next line indented at most
        as much that is not blank nor a comment, less the blank and comment lines before it."""
        end = line + 1
        while end < len(self.lines):
            text = self.lines[end]
            stripped = text.strip()
            if stripped and not stripped.startswith("#") and len(text) - len(text.lstrip(" ")) <= column:
                break
            end += 1
        while end > line + 1 and (not self.lines[end - 1].strip() or is_comment_line(self.lines[end - 1])):
            end -= 1
        return end

    def wrap(self, parent: YamlPath, keys: tuple[str, ...], new: str) -> None:
        """Put the entries `keys` of the block mapping at `parent` under a new key `new`, where the
        first of them stands; the others are moved after it."""
        present = [k for k in keys if (*parent, k) in self.doc.keys]
        if not present:
            return
        places = sorted((self.key_line((*parent, k)), k) for k in present)
        (first, column), key = places[0]
        if self.lines[first][:column].strip():  # in a one-line block, or first in a list item
            raise MigrationError(N_("{file}, line {line}: '{key}' does not start its line; put it on a line "
                                    "of its own, then run `cic migrate` again."), file=self.doc.file,
                                 line=first + 1, key=key)
        blocks: list[list[str]] = []
        for (line, col), _key in sorted(places, reverse=True):
            end = self.block_end(line, col)
            blocks.insert(0, self.lines[line:end])
            del self.lines[line:end]
        moved = [" " * column + new + ":\n"]
        moved += [("  " + row) if row.strip() else row for block in blocks for row in block]
        self.lines[first:first] = moved

    def insert_after(self, path: YamlPath, rows: list[str]) -> None:
        """Insert `rows` (`key: value`, at the key's indentation) after the entry at `path`."""
        line, column = self.key_line(path)
        end = self.block_end(line, column)
        self.lines[end:end] = [" " * column + row + "\n" for row in rows]

    def insert_before(self, path: YamlPath, rows: list[str]) -> None:
        line, column = self.key_line(path)
        while line > 0 and is_comment_line(self.lines[line - 1]):
            line -= 1  # a comment above a key introduces it: the new rows go above the comment
        self.lines[line:line] = [" " * column + row + "\n" for row in rows]

    def text(self) -> str:
        return "".join(self.lines)


def _convert(kind: str, doc: SourceDoc) -> str:
    data = doc.data
    if kind == "budget":
        return _budget(doc)
    edit = _Text(doc)
    if kind == "logframe":
        places = [path for path, _ in _indicator_paths(data)]
        for path in sorted(places, key=lambda p: doc.keys.get((*p, "id"), (0, 0)), reverse=True):
            edit.wrap(path, ("year3", "year5"), "targets")
        if {"text_fr"} == {"text", "text_fr"} & set(data.get("outcome") or {}):  # see old_format
            edit.rename(("outcome", "text_fr"), "text")
    elif kind == "partners":
        communes = data.get("moroccan_communes") or []
        for i in reversed(range(len(communes))):
            edit.wrap(("moroccan_communes", i), ("province", "region"), "areas")
        edit.rename(("moroccan_communes",), "local_communes")
    elif kind == "readings":
        for former in reversed(former_keys(kind, data)):
            line, column = doc.values[former.path]
            text = edit.lines[line - 1]
            edit.lines[line - 1] = text[:column - 1] + "targets, " + text[column - 1:]
    elif kind == "country":
        for z, zone in reversed(list(enumerate(data.get("map_legend") or []))):
            for e, entry in reversed(list(enumerate(zone.get("entries") or []))):
                if isinstance(entry, dict) and "moroccan" in entry:
                    edit.rename(("map_legend", z, "entries", e, "moroccan"), "local")
    return edit.text()


def _indicator_paths(data: dict[str, Any]) -> list[tuple[YamlPath, dict[str, Any]]]:
    found: list[tuple[YamlPath, dict[str, Any]]] = []
    outcome = data.get("outcome") or {}
    found += [(("outcome", "indicators", j), ind) for j, ind in enumerate(outcome.get("indicators") or [])]
    for i, result in enumerate(data.get("results") or []):
        found += [(("results", i, "indicators", j), ind)
                  for j, ind in enumerate(result.get("indicators") or [])]
    return [(path, ind) for path, ind in found if isinstance(ind, dict)]


def _budget(doc: SourceDoc) -> str:
    data = doc.data
    edit = _Text(doc)
    blocks = [(("associations", i), b) for i, b in enumerate(data.get("associations") or [])]
    blocks = [(("lines", i), b) for i, b in enumerate(data.get("lines") or [])] + blocks
    for path, block in reversed(blocks):
        if not isinstance(block, dict) or "label" not in block:
            continue
        rows = []
        label = FORMER_LABELS.get(str(block.get("id")))
        if label is not None and "label_nl" not in block:
            rows.append(f"label_nl: {_scalar(label[1])}")
        if block.get("id") == FORMER_PARTNERSHIPS_LINE and path[0] == "lines":
            rows.append("spent_by: partnerships")
        if rows:
            edit.insert_after((*path, "label"), rows)
    rows = ["natures:"]
    for nature in _natures(data):
        printed, dutch = FORMER_LABELS.get(nature, (nature, ""))
        flow = f"id: {_scalar(nature)}, label: {_scalar(printed)}"
        if dutch:
            flow += f", label_nl: {_scalar(dutch)}"
        rows.append(f"  - {{{flow}}}")
    edit.insert_before(("lines",), rows)
    return edit.text()


def _natures(data: dict[str, Any]) -> list[str]:
    """The natures the rows hold, in the order they first appear (lines, total, associations)."""
    found: list[str] = []
    blocks = [*(data.get("lines") or []), data.get("total") or {}, *(data.get("associations") or [])]
    for block in blocks:
        for nature in (block.get("natures") or {}) if isinstance(block, dict) else {}:
            if nature not in found:
                found.append(str(nature))
    return found


def _scalar(text: str) -> str:
    from cicmaroc.fmt.scaffold import yaml_scalar

    return yaml_scalar(text)


# -- what the conversion must give, on the data ----------------------------------------------------


def _expected(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The data of the converted file, computed on the data (the check of the text's edits)."""
    if kind == "budget":
        natures = []
        for nature in _natures(data):
            printed, dutch = FORMER_LABELS.get(nature, (nature, ""))
            natures.append({"id": nature, "label": printed, **({"label_nl": dutch} if dutch else {})})
        for block in [*(data.get("lines") or []), *(data.get("associations") or [])]:
            label = FORMER_LABELS.get(str(block.get("id")))
            if "label" in block and label is not None and "label_nl" not in block:
                block["label_nl"] = label[1]
            if "label" in block and block.get("id") == FORMER_PARTNERSHIPS_LINE and block in data["lines"]:
                block["spent_by"] = "partnerships"
        data["natures"] = natures
    elif kind == "logframe":
        for _, indicator in _indicator_paths(data):
            targets = {k: indicator.pop(k) for k in ("year3", "year5") if k in indicator}
            if targets:
                indicator["targets"] = targets
        outcome = data.get("outcome") or {}
        if "text_fr" in outcome and "text" not in outcome:  # see old_format
            outcome["text"] = outcome.pop("text_fr")
    elif kind == "partners":
        communes = data.pop("moroccan_communes")
        for commune in communes:
            areas = {k: commune.pop(k) for k in ("province", "region") if k in commune}
            if areas:
                commune["areas"] = areas
        data["local_communes"] = communes
    elif kind == "readings":
        for reading in data.get("readings") or []:
            at = former_target(reading.get("path"))
            if at is not None:
                reading["path"].insert(at, "targets")
    elif kind == "country":
        for zone in data.get("map_legend") or []:
            for entry in zone.get("entries") or []:
                if "moroccan" in entry:
                    entry["local"] = entry.pop("moroccan")
    return data


def _verified(path: Path, before: SourceDoc, text: str, expected: dict[str, Any]) -> str:
    """The converted text laid out as `cic fmt` does, checked to hold the data and the comments."""
    shown = display_path(path)
    try:
        text = format_text(text, model_for(path), shown)
    except FormatError as exc:
        raise MigrationError(N_("{file} could not be converted safely ({reason}); nothing was written."),
                             file=shown, reason=str(exc)) from None
    after, problems = parse_text(text, shown)
    if after is None or problems or _plain(after.data) != _plain(expected) \
            or _comments(before.text) != _comments(text):
        raise MigrationError(N_("{file} could not be converted safely (the converted file would not hold "
                                "the same values and comments); nothing was written. Convert it by hand "
                                "(docs/data-format.md)."), file=shown)
    return text


def _plain(value: Any) -> Any:
    """Data compared without the order of mapping keys."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _comments(text: str) -> Counter[str]:
    return Counter(line.strip() for line in text.splitlines() if line.strip().startswith("#"))


# -- data/programme.yaml ---------------------------------------------------------------------------


def _identity_text(docs: dict[Path, tuple[str, SourceDoc]]) -> str:
    by_kind: dict[str, list[Any]] = {}
    for kind, doc in docs.values():
        by_kind.setdefault(kind, []).append(doc.data)
    budget = (by_kind.get("budget") or [{}])[0]
    years = [y for y in budget.get("years") or [] if isinstance(y, int)]
    first, last = (min(years), max(years)) if years else (None, None)
    country = (by_kind.get("country") or [{}])[0].get("country")
    code = _country_code(country) if isinstance(country, str) else None
    phones = [phone for partner in by_kind.get("partners", [])
              for commune in partner.get("moroccan_communes") or []
              for phone in commune.get("phones") or [] if isinstance(phone, str)]
    calling, digits = _calling_code(phones)
    lines = [
        "# The programme's identity: every year, country, milestone and language in every output comes",
        "# from this file. Written by `cic migrate` from what cic's former format implied; check it.",
        "name:",
    ]
    for lang, template in FORMER_NAME.items():
        name = _country_name(code, lang) if code else None
        if name and first is not None:
            lines.append(f"  {lang}: {_scalar(template.format(country=name, first=first, last=last))}")
        elif lang == "fr":
            lines.append("  fr: TODO")
    lines += ["country:", f"  code: {code or 'TODO'}"]
    names = {lang: _country_name(code, lang) for lang in FORMER_NAME} if code else {}
    if all(names.values()) and names:
        shown = ", ".join(f"{lang}: {_scalar(str(name))}" for lang, name in names.items())
        lines.append(f"  name: {{{shown}}}")
    lines.append(f"  calling_code: \"{calling}\"" if calling else "  calling_code: TODO")
    if digits:
        lines.append(f"  phone_digits: [{digits}]")
    shown_first = first if first is not None else "TODO"
    shown_last = last if last is not None else "TODO"
    lines += [f"period: {{first: {shown_first}, last: {shown_last}}}", "milestones:"]
    for number, label in _MILESTONES:
        year = years[number - 1] if len(years) >= number else (last if last is not None else "TODO")
        shown = ", ".join(f"{lang}: {_scalar(text)}" for lang, text in label.items())
        lines.append(f"  - {{id: year{number}, year: {year}, label: {{{shown}}}}}")
    lines += ["languages: [fr]", "admin_levels:"]
    for level, label in _LEVELS:
        shown = ", ".join(f"{lang}: {_scalar(text)}" for lang, text in label.items())
        lines.append(f"  - {{id: {level}, label: {{{shown}}}}}")
    return "\n".join(lines) + "\n"


def _country_code(name: str) -> str | None:
    """The ISO 3166 code whose standard name (CLDR) is `name` in French, Dutch or English; None if none
    or several."""
    from babel import Locale

    wanted = " ".join(name.split()).casefold()
    codes = {code for lang in ("fr", "nl", "en")
             for code, shown in Locale.parse(lang).territories.items()
             if len(code) == 2 and code.isalpha() and shown.casefold() == wanted}
    return codes.pop() if len(codes) == 1 else None


def _country_name(code: str, lang: str) -> str | None:
    from babel import Locale

    return Locale.parse(lang).territories.get(code)


def _calling_code(phones: list[str]) -> tuple[str | None, int | None]:
    """The calling code the international numbers share (at most three digits), and the digits most
    of them have after it; (None, None) when they do not agree."""
    numbers = ["".join(ch for ch in phone if ch.isdigit()) for phone in phones]
    international = [n for n in numbers if n and not n.startswith("0")]
    if not international:
        return None, None
    prefix = ""
    for digit in international[0][:3]:  # the longest start they share, at most a calling code's 3 digits
        if not all(n.startswith(prefix + digit) for n in international):
            break
        prefix += digit
    if not prefix:
        return None, None
    lengths = Counter(len(n) - len(prefix) for n in international)
    return prefix, lengths.most_common(1)[0][0]
