"""One canonical layout for the data files, so that a pull request shows what changed, not who typed it.

`format_text` rewrites a file's *layout* and never its content:

- keys in the model's order: `id` first, then the fields as the model declares them; a `note`
  (or a key the model does not know) stays right after the key it follows, because officers put
  a note beside what it explains. A comment above a key moves with the key;
- two-space indentation, list items indented under their key (`  - id: ...`);
- amounts (Money fields) with exactly two decimals, as plain numbers: `1000` becomes `1000.00`;
- quoted text in double quotes (`'x'` becomes `"x"`); plain text stays plain;
- a comment on its own line is indented like the line it introduces; a comment after a value
  keeps its column, at least two spaces after the value (yamllint's rule);
- no `---` line, one newline at the end.

It keeps what `cic validate` sees: the data, every comment, and what every waiver waives (an
inline `# cic: ignore[...]` applies to the values on its line: a layout that would put it on a
line with other values, or take it off its own, is refused). It keeps blank lines between
entries, block scalars (`>-`, `|-`) and their line breaks, and flow-style collections
(`{2017: 314680.21, ...}`, `[a, b]`) exactly as written, spacing before them included: the
budget rows mirror the printed T3 table, amounts as printed.

How: keys are put in order on the text (so that comments travel with their keys); comments and
blank lines are then lifted out, each remembering the node it belongs to; ruamel.yaml's
round-trip mode rewrites what is left (it keeps quoting and scalar styles); the comments go back
beside their nodes. Whatever the code does, a file is only rewritten when it reads back to
exactly the same data and holds exactly the same comments; otherwise `FormatError` says so and
the file is left alone.
"""

from __future__ import annotations

import bisect
import functools
import io
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from cicmaroc.models.kinds import FOLDERS, SINGLE_FILES
from cicmaroc.models.shapes import child_shape, is_amount, model_of, shape_at
from cicmaroc.yaml.document import SourceDoc, YamlPath
from cicmaroc.yaml.layout import Entry, Layout, has_break, indent_of, is_comment_line, lines_of
from cicmaroc.yaml.reader import parse_text

#: Keys that stay after the key they follow instead of taking a place of their own.
ANCHORED_KEYS = frozenset({"note"})
_BUG = "the file was left as it is (this is a bug in cic fmt: please report it with the file)"


class FormatError(Exception):
    """The file cannot be formatted safely; it is left exactly as it was."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def model_for(path: Path) -> type[BaseModel] | None:
    """The model of a data file, from its name or its folder (as the loader files them)."""
    if path.name in SINGLE_FILES:
        return SINGLE_FILES[path.name].model
    if path.parent.name in FOLDERS:
        return FOLDERS[path.parent.name].model
    return None


def format_text(text: str, model: type[BaseModel] | None = None, display: str = "<text>") -> str:
    """The canonical layout of `text`; raises FormatError when that cannot be done safely.

    Formatting is stable: the layout it returns formats to itself (the property tests check it
    on generated layouts and on the real files reshuffled).
    """
    before = _trusted_data(text, display)
    result = _format_once(text, before.data, model)
    if result == text:  # already canonical: the usual case in CI and pre-commit
        return text
    after = _trusted_data(result, display)
    if not _same_data(before.data, after.data):
        raise FormatError(f"formatting would change a value; {_BUG}")
    if sorted(comments_of(text)) != sorted(comments_of(result)):
        raise FormatError(f"formatting would lose or change a comment; {_BUG}")
    _check_waivers(before, after)
    return result


Waiver = tuple[tuple[str, ...], str]  # (codes, reason) of an inline waiver


Places = dict[tuple[str, YamlPath], tuple[Waiver, ...]]


def _waived_places(doc: SourceDoc) -> tuple[Places, dict[Waiver, int]]:
    """Each value and key an inline waiver applies to (it is on the waiver's line), with its
    waivers; and the first line of each waiver."""
    from cicmaroc.rules.waivers import inline_waivers

    by_line: dict[int, list[Waiver]] = {}
    first: dict[Waiver, int] = {}
    for line, _column, codes, reason in inline_waivers(doc.text):
        by_line.setdefault(line, []).append((codes, reason))
        first.setdefault((codes, reason), line)
    places = {}
    for kind, positions in (("value", doc.values), ("key", doc.keys)):
        for path, (line, _) in positions.items():
            if line in by_line:
                places[(kind, path)] = tuple(sorted(by_line[line]))
    return places, first


def _check_waivers(before: SourceDoc, after: SourceDoc) -> None:
    """Refuse a layout that changes what an inline waiver waives (the findings would change)."""
    if "cic:" not in before.text:
        return
    (old, lines), (new, _) = _waived_places(before), _waived_places(after)
    if old == new:
        return
    moved = {w for place in set(old) | set(new) if old.get(place) != new.get(place)
             for w in set(old.get(place, ())) ^ set(new.get(place, ()))}
    line = min((lines[w] for w in moved if w in lines), default=None)
    raise FormatError("formatting would move a waiver (# cic: ignore[...]) onto a line with other values, "
                      "or off the value it waives, and so change what cic validate reports; the file "
                      "was not formatted. Write one value per line with its waiver after it, or move "
                      "the waiver to data/waivers.yaml", line)


def comments_of(text: str) -> list[str]:
    """Every comment of a YAML text, as written from its `#`, in order (text inside values excluded)."""
    return _layout(text).comments()


def _format_once(text: str, data: Any, model: type[BaseModel] | None) -> str:
    reordered = _reorder_keys(text, model)
    detached = _detach_comments(reordered)
    bare = _canonical_dump(detached.bare, data, model, text)
    bare = _restore_flow_spacing(reordered, bare)
    return _single_final_newline(_reattach_comments(bare, detached), data)


@functools.lru_cache(maxsize=16)
def _layout(text: str) -> Layout:
    """The layout of a text, computed once: a pass asks for it several times. Treat it as read-only."""
    return Layout(text)


# --- safety -----------------------------------------------------------------------------------


def _trusted_data(text: str, display: str) -> Any:
    """The data as `cic validate` reads it; files the loader has objections to are not touched."""
    doc, findings = parse_text(text, display)
    if findings:
        first = findings[0]
        raise FormatError(f"{first.message} Fix this first (`cic validate` shows every such "
                          "problem); the file was not formatted.",
                          first.location.line if first.location else None)
    assert doc is not None
    return doc


def _same_data(a: Any, b: Any) -> bool:
    """Equal values and equal kinds of values: `1` and `1.00` are the same amount, `"1"` is not."""
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same_data(a[k], b[k]) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same_data(x, y) for x, y in zip(a, b, strict=True))
    numeric = (int, Decimal)
    if isinstance(a, numeric) and isinstance(b, numeric) and not isinstance(a, bool) \
            and not isinstance(b, bool):
        return bool(a == b)
    return type(a) is type(b) and bool(a == b)


def _single_final_newline(text: str, data: Any) -> str:
    """One newline at the end, and no `...` (ruamel ends a document with it after a `|+` block)."""
    for step in ("document end", "newlines"):
        if not text.endswith("\n"):
            trimmed = text + "\n"
        elif step == "document end":
            trimmed = text.removesuffix("\n...\n") + "\n"
        else:
            trimmed = text.rstrip("\n") + "\n"
        if trimmed == text:
            continue
        doc, _ = parse_text(trimmed, "<text>")
        # a `|+` block scalar at the very end keeps its trailing newlines as text: leave those
        if doc is not None and _same_data(doc.data, data):
            text = trimmed
    return text


def canonical_key_order(keys: list[Any], model: type[BaseModel]) -> list[Any]:
    """`id` first, then the model's fields in order; anchored and unknown keys after their predecessor."""
    fields = [name for name in model.model_fields if name not in ANCHORED_KEYS]
    rank = {name: i for i, name in enumerate(sorted(fields, key=lambda name: name != "id"))}
    ordered = sorted((k for k in keys if k in rank), key=lambda k: rank[k])
    for i, key in enumerate(keys):
        if key in rank:
            continue
        if i == 0:
            ordered.insert(0, key)
        else:
            ordered.insert(ordered.index(keys[i - 1]) + 1, key)
    return ordered


# --- step 1: keys in order, on the text, comments travelling with their keys -------------------


def _reorder_keys(text: str, model: type[BaseModel] | None) -> str:
    if model is None:
        return text
    layout = _layout(text)
    lines = list(layout.lines)
    if lines and not has_break(lines[-1]):
        lines[-1] += "\n"
    for mapping in sorted(layout.mappings, key=lambda m: -m.depth):
        mapping_model = model_of(shape_at(model, mapping.path))
        if mapping.flow or mapping_model is None or len(mapping.entries) < 2:
            continue
        keys = [e.key for e in mapping.entries]
        order = canonical_key_order(keys, mapping_model)
        if order != keys:
            _permute(lines, mapping.entries, [keys.index(k) for k in order])
    return "".join(lines)


def _permute(lines: list[str], entries: list[Entry], order: list[int]) -> None:
    """Reorder the entries of one block mapping in `lines`, in place (same number of lines).

    An entry takes along the comment lines right above its key that are not indented deeper than
    the key (they introduce it), and the comment lines after its value that are indented deeper
    (they close its block). Other lines between entries (blank lines, comments set apart by a
    blank line) stay where they are. So no comment ever lands inside a block scalar.
    """
    first = entries[0]
    column = first.key_col
    prefix = lines[first.key_line][:column]
    if prefix.strip(" -") or any(e.key_line <= p.last_line for p, e in itertools.pairwise(entries)):
        return  # not a plain block mapping laid out one entry per line: leave it as it is
    ends = []
    for i, entry in enumerate(entries):
        end, limit = entry.last_line, entries[i + 1].key_line if i + 1 < len(entries) else len(lines)
        for j in range(entry.last_line + 1, limit):
            if is_comment_line(lines[j]) and indent_of(lines[j]) > column:
                end = j
            elif lines[j].strip():
                break
        ends.append(end)
    starts = [first.key_line]
    for i in range(1, len(entries)):
        start = entries[i].key_line
        while start - 1 > ends[i - 1] and is_comment_line(lines[start - 1]) \
                and indent_of(lines[start - 1]) <= column:
            start -= 1
        starts.append(start)
    chunks = [lines[start: end + 1] for start, end in zip(starts, ends, strict=True)]
    separators = [lines[end + 1: start] for end, start in zip(ends, starts[1:], strict=False)]
    chunks[0] = [" " * len(prefix) + chunks[0][0][len(prefix):], *chunks[0][1:]]
    new: list[str] = []
    for position, index in enumerate(order):
        if position:
            new.extend(separators[position - 1])
        chunk = list(chunks[index])
        if position == 0:  # the first entry takes the "- " of a list item; its comments go above
            key_at = next(i for i, line in enumerate(chunk) if not is_comment_line(line))
            chunk[key_at] = prefix + chunk[key_at][len(prefix):]
            dash = " " * indent_of(prefix)
            chunk[:key_at] = [dash + line.lstrip(" ") for line in chunk[:key_at]]
        new.extend(chunk)
    lines[first.key_line: ends[-1] + 1] = new


# --- step 2: comments and blank lines lifted out, each tied to a node ---------------------------


@dataclass
class _Detached:
    """A text without comments or blank lines, and where each of them belongs."""

    bare: str
    #: node (None: the end of the file) -> the lines just above it: (comment or "", where to indent it)
    above: dict[YamlPath | None, list[tuple[str, Target | None]]] = field(default_factory=dict)
    #: node -> the comments at the end of its line: (comment, column it was written at)
    after: dict[YamlPath, list[tuple[str, int]]] = field(default_factory=dict)


def _detach_comments(text: str) -> _Detached:
    layout = _layout(text)
    lines = layout.lines
    eol_at: dict[int, int] = {}
    offsets = list(itertools.accumulate((len(line) for line in lines), initial=0))
    for start in layout.comment_starts():
        number = bisect.bisect_right(offsets, start) - 1
        eol_at[number] = start - offsets[number]
    starts = sorted(layout.paths_on_line)
    detached = _Detached("")
    bare: list[str] = []
    pending: list[tuple[str, Target | None]] = []
    owner: YamlPath | None = None  # the node of the last line that starts one
    for i, line in enumerate(lines):
        if i not in layout.inside and (not line.strip() or is_comment_line(line)):
            pending.append((line.strip(), _comment_target(layout, starts, i) if line.strip() else None))
            continue
        if i in layout.inside and eol_at.get(i) == indent_of(line) and owner is not None:
            # a comment inside a multi-line [list] or {mapping}: it goes on its own line above
            detached.above.setdefault(owner, []).append((line.strip(), (owner, 0)))
            continue
        here = layout.outermost(i)
        if here is not None:
            owner = here
        if pending and (here is not None or (owner is not None and i not in layout.inside)):
            # above the node starting here; or, above a value written on its own line, its key
            detached.above.setdefault(here if here is not None else owner, []).extend(pending)
            pending = []
        if i in eol_at:
            column = eol_at[i]
            if owner is None:  # a comment before any node (after `---`): keep it above the first
                pending.append((line[column:].strip(), None))
            else:
                detached.after.setdefault(owner, []).append((line[column:].rstrip(), column))
            line = line[:column].rstrip() + "\n"
        bare.append(line)
    if pending:
        detached.above.setdefault(None, []).extend(pending)
    detached.bare = "".join(bare)
    return detached


#: Where a full-line comment goes: indented like the line of that node, plus so many spaces.
Target = tuple[YamlPath, int]


def _comment_target(layout: Layout, starts: list[int], line: int) -> Target | None:
    """The node whose indentation a full-line comment takes.

    The line after it, which it introduces; unless the comment is indented deeper than that
    line: then it belongs to the block above it. Right under a key with no value yet (`ait-baha:`)
    it stays one level deeper than that key, inside its block; otherwise it goes with the nearest
    line above that is not deeper than the comment.
    """
    column = indent_of(layout.lines[line])
    at = bisect.bisect_left(starts, line)
    after = starts[at] if at < len(starts) else None
    after_indent = indent_of(layout.lines[after]) if after is not None else -1
    target, offset = after, 0
    if column > after_indent and at > 0:
        previous = starts[at - 1]
        if previous in layout.empty_values and column > indent_of(layout.lines[previous]):
            target, offset = previous, 2
        else:
            above = next((s for s in reversed(starts[:at]) if indent_of(layout.lines[s]) <= column), None)
            if above is not None and indent_of(layout.lines[above]) > after_indent:
                target = above
    path = layout.outermost(target) if target is not None else None
    return (path, offset) if path is not None else None


def _reattach_comments(bare: str, detached: _Detached) -> str:
    layout = _layout(bare)
    line_of = layout.line_of()
    lines = list(layout.lines)
    if lines and not has_break(lines[-1]):
        lines[-1] += "\n"
    missing = [p for p in [*detached.above, *detached.after] if p is not None and p not in line_of]
    if missing:
        raise FormatError(f"a comment's place was lost; {_BUG}")

    def comment_line(text: str, like: Target | None) -> str:
        if not text:
            return "\n"
        target = line_of.get(like[0]) if like is not None else None
        indent = indent_of(lines[target]) + like[1] if target is not None and like is not None else 0
        return " " * indent + text + "\n"

    out: list[str] = []
    for i, line in enumerate(lines):
        for path in layout.paths_on_line.get(i, []):
            out.extend(comment_line(text, like) for text, like in detached.above.get(path, []))
        comments = [c for path in layout.paths_on_line.get(i, []) for c in detached.after.get(path, [])]
        if comments:
            content = line.rstrip()
            for text, _column in comments[:-1]:  # two values now on one line: the others go above
                out.append(" " * indent_of(line) + text + "\n")
            text, column = comments[-1]
            line = content + " " * max(column - len(content), 2) + text + "\n"
        out.append(line)
    for text, like in detached.above.get(None, []):
        out.append(comment_line(text, like))
    return _settle_comment_indents("".join(out))


def _settle_comment_indents(text: str) -> str:
    """Indent each full-line comment like its target, by the rule of `_comment_target`."""
    layout = _layout(text)
    starts = sorted(layout.paths_on_line)
    line_of = layout.line_of()
    lines = list(layout.lines)
    for line in layout.full_line_comments():
        like = _comment_target(layout, starts, line)
        target = line_of.get(like[0]) if like is not None else None
        if like is not None and target is not None:
            lines[line] = " " * (indent_of(lines[target]) + like[1]) + lines[line].lstrip(" ")
    return "".join(lines)


# --- step 3: ruamel round trip, amounts and quotes made canonical -------------------------------


def _yaml() -> Any:
    yaml = round_trip_yaml()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 1 << 30  # never re-wrap a line (nor leave `key: ` before a long value on the next)
    yaml.allow_unicode = True
    return yaml


def round_trip_yaml() -> Any:
    """ruamel.yaml's round-trip mode, every number with a fraction kept exactly as written.

    ruamel reads `99999999999999.99` as a binary float and writes it back from the float:
    `99999999999999.98`. A rewrite (`cic fmt`, `cic import` adding to a year file) must never
    change a figure, so such a number is read as its text (`_Amount`) and written back as is.
    """
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import RoundTripConstructor

    class ExactConstructor(RoundTripConstructor):
        """Numbers with a fraction as their text."""

    ExactConstructor.add_constructor("tag:yaml.org,2002:float", _float_as_written)
    yaml = YAML(typ="rt")
    yaml.Constructor = ExactConstructor
    yaml.representer.add_representer(_Amount, _represent_amount)
    return yaml


class _Amount(str):
    """A number's text (an amount's canonical text, or a number as written), written as a plain
    YAML number."""


def _float_as_written(constructor: Any, node: Any) -> _Amount:
    return _Amount(node.value)


def _represent_amount(representer: Any, value: _Amount) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:float", str(value))


def _canonical_dump(text: str, data: Any, model: type[BaseModel] | None, original: str) -> str:
    from ruamel.yaml.comments import CommentedSeq
    from ruamel.yaml.error import YAMLError

    yaml = _yaml()
    try:
        tree = yaml.load(text)
    except YAMLError as exc:  # what libyaml accepts and ruamel's own reader does not (a tab)
        raise _unreadable_layout(exc, original) from None
    _canonicalise(tree, data, model)
    out = io.StringIO()
    yaml.dump(tree, out)
    dumped = out.getvalue()
    if isinstance(tree, CommentedSeq) and not tree.fa.flow_style():  # a top-level list: not indented
        dumped = "".join(line[2:] if line.startswith("  ") else line for line in lines_of(dumped))
    return dumped


def _unreadable_layout(exc: Exception, original: str) -> FormatError:
    """What ruamel's reader refuses (libyaml accepts it): said at the line of the file as written.

    The text ruamel read had its comments lifted out and its keys reordered, so its line numbers
    are not the file's: the file as written is read again to find the line.
    """
    from ruamel.yaml.error import YAMLError

    try:
        _yaml().load(original)
    except YAMLError as again:
        exc = again
    mark = getattr(exc, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    lines = lines_of(original)
    tab = line is not None and line <= len(lines) and "\t" in lines[line - 1]
    advice = ("a tab inside a value: write the value in double quotes (\"a\\tb\" keeps the tab) or "
              "use spaces" if tab else getattr(exc, "problem", None) or str(exc).splitlines()[0])
    return FormatError(f"the formatter cannot read this layout ({advice}); the file was left as it is",
                       line)


def _canonicalise(node: Any, data: Any, shape: Any) -> None:
    """Amounts to two decimals and single quotes to double, outside flow collections."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString

    if isinstance(node, (CommentedMap, CommentedSeq)) and node.fa.flow_style():
        return
    if isinstance(node, CommentedMap):
        items = [(k, child_shape(shape, k, True)) for k in node]
    elif isinstance(node, CommentedSeq):
        items = [(i, child_shape(shape, i, False)) for i in range(len(node))]
    else:
        return
    for key, inner in items:
        value = node[key]
        child_data = _item(data, key)
        if isinstance(value, SingleQuotedScalarString):
            node[key] = DoubleQuotedScalarString(str(value))
        elif is_amount(inner) and _needs_cents(child_data):
            node[key] = _Amount(format(Decimal(child_data), ".2f"))
        else:
            _canonicalise(value, child_data, inner)


def _item(data: Any, key: Any) -> Any:
    """The loader's value at the same place as ruamel's (None if the two disagree on the key)."""
    if isinstance(data, dict):
        return data.get(key)
    if isinstance(data, list) and isinstance(key, int) and key < len(data):
        return data[key]
    return None


def _needs_cents(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return False
    exponent = Decimal(value).as_tuple().exponent
    return isinstance(exponent, int) and exponent > -2


# --- step 4: spacing before flow collections, as written ----------------------------------------


def _restore_flow_spacing(original: str, formatted: str) -> str:
    """Put back the spaces between `key:` and a one-line flow collection (`total:    {2017: ...}`)."""
    def gaps(text: str) -> dict[YamlPath, Entry]:
        found = {}
        for mapping in _layout(text).mappings:
            if mapping.flow:
                continue
            for entry in mapping.entries:
                if entry.value_is_flow and entry.value_start[0] == entry.key_end[0] == entry.value_end[0]:
                    found[(*mapping.path, entry.key)] = entry
        return found

    wanted = {path: e.value_start[1] - e.key_end[1] for path, e in gaps(original).items()}
    lines = lines_of(formatted)
    for path, entry in gaps(formatted).items():
        width = wanted.get(path)
        line = lines[entry.key_line]
        key_end, value_col = entry.key_end[1], entry.value_start[1]
        if width is None or width == value_col - key_end or line[key_end] != ":":
            continue
        lines[entry.key_line] = line[:key_end] + ":" + " " * (width - 1) + line[value_col:]
    return "".join(lines)
