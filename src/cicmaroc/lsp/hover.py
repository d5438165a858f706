"""What the editor shows on hover: a rule's documentation, what an id is and where, what a figure adds into.

Markdown, in the language of the server. Three things are explained, in this order:

- a rule code (in a `# cic: ignore[...]` comment, in data/waivers.yaml, anywhere): `cic rules CODE`;
- an id (`lsp.ids`): what kind of thing it is, what it is (a commune's name, an indicator's
  text), where it is defined and how often it is used; or that it is defined nowhere;
- a figure of T3 or a partnership's Budget OS 1: each stated total it adds into (or is), with
  what its parts add up to, as the budget rules compute it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

from cicmaroc import api
from cicmaroc.findings import Money
from cicmaroc.i18n import N_
from cicmaroc.i18n.translator import Translator
from cicmaroc.lsp.ids import KINDS, Occurrence, what_it_is
from cicmaroc.lsp.index import FileIds, Index
from cicmaroc.lsp.ranges import token_span
from cicmaroc.yaml.document import YamlPath

_RULE_CODE = re.compile(r"CIC[0-9]{3}")
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>#|])")


class Hover(NamedTuple):
    """Markdown to show, over the 0-based line and characters [start, end) it explains."""

    markdown: str
    line: int
    start: int
    end: int


def escaped(text: str) -> str:
    """Text from a data file shown in Markdown as it is written, never as formatting."""
    return _MARKDOWN.sub(r"\\\1", " ".join(text.split()))


def rule_markdown(code: str, tr: Translator) -> str | None:
    """`cic rules CODE` as Markdown, in `tr`'s language; None for a code cic does not have."""
    declared = api.rule(code)
    if declared is None:
        return None
    title, kind, paragraphs = api.explain(declared, tr.lang)
    return "\n\n".join([f"**{escaped(title)}** {escaped(kind)}", *(escaped(p) for p in paragraphs)])


def hover(index: Index, run: api.Run | None, path: Path, line_text: str, line: int, character: int,
          tr: Translator) -> Hover | None:
    """The hover at a 0-based position of `path`, whose line reads `line_text`; None: nothing to say."""
    for match in _RULE_CODE.finditer(line_text):
        if match.start() <= character <= match.end():
            text = rule_markdown(match.group(), tr)
            return None if text is None else Hover(text, line, match.start(), match.end())
    found = index.at(path, line, character)
    if found is not None:
        ids, occurrence = found
        _, start, end = ids.span(occurrence)
        return Hover(_id_markdown(index, occurrence, tr), line, start, end)
    file_ids = index.files.get(path)
    if file_ids is None or run is None:
        return None
    return _figure(run, file_ids, line, character, tr)


def _id_markdown(index: Index, occurrence: Occurrence, tr: Translator) -> str:
    definitions = index.definitions(occurrence)
    uses = len(index.references(occurrence, with_definitions=False))
    if not definitions:
        kinds = tr(N_(", or ")).join(tr(KINDS[k].label) for k in occurrence.kinds)
        return tr.render(N_("`{id}` is not a known {kinds} of this programme."), {
            "id": escaped(occurrence.id), "kinds": kinds})
    parts = []
    for ids, definition in definitions:
        kind = next(k for k in definition.kinds if k in occurrence.kinds)
        head = tr.render(N_("{kind} `{id}`"), {"kind": tr(KINDS[kind].label), "id": escaped(definition.id)})
        says = what_it_is(ids.source, definition, kind)
        where = tr.render(N_("Defined in {file}, line {line}."), {"file": escaped(ids.shown),
                                                                  "line": definition.line})
        parts.append(f"**{head}**" + (f": {escaped(says)}" if says else "") + "\n\n" + where)
    parts.append(tr.count("Used in {n} place.", "Used in {n} places.", uses))
    return "\n\n".join(parts)


def _figure(run: api.Run, ids: FileIds, line: int, character: int, tr: Translator) -> Hover | None:
    path = _value_at(ids, line, character)
    if path is None:
        return None
    sums = api.figure_sums(run, ids.kind, path[0])
    if not sums:
        return None
    lines = [f"**{tr(N_('This figure adds into, or is, these stated totals:'))}**"]
    for total in sums:
        values = {"what": total.what, "stated": Money(total.stated), "parts": total.parts,
                  "computed": Money(total.computed), "difference": Money(total.difference)}
        sentence = (N_("{what} is stated as {stated}, and {parts} add up to {computed}.")
                    if total.difference == 0 else
                    N_("{what} is stated as {stated}, but {parts} add up to {computed} (difference "
                       "{difference})."))
        lines.append("- " + escaped(tr.render(sentence, values)))
    return Hover("\n".join(lines), line, path[1], path[2])


def _value_at(ids: FileIds, line: int, character: int) -> tuple[YamlPath, int, int] | None:
    """The path of the value whose token holds the 0-based position, with the token's span."""
    text = ids.source.line_text(line + 1)
    found = []
    for path, (at_line, column) in ids.source.values.items():
        if at_line == line + 1:
            start, end = token_span(text, column - 1)
            if start <= character <= end:
                found.append((end - start, path, start, end))
    if not found:
        return None
    _, path, start, end = min(found, key=lambda f: f[0])  # the innermost: a cell, not its row
    return path, start, end
