"""A new data file with every field of its model, empty, and a comment saying what goes there.

Why empty and not filled with examples: a made-up name or amount that looks plausible could
survive review and end up in a report as if the programme had said it. An empty value cannot:
`cic validate` reports each required field still empty, on its line, until it is filled in, and
the editor's schema underlines it. Optional fields stay empty too (that is valid), lists start
as `[]`. The file is generated from the model, so a field added to the model appears here too,
with its description, and the layout is already the one `cic fmt` keeps.

What goes into the file is built as data and serialised, never pasted as text: every key and
value is written by `yaml_scalar` (quoted and escaped when it must be), every comment by
`yaml_comment` (one line, whatever a name holds), and the text is read back before it is written:
it must hold exactly the data it was built from (`ScaffoldError` otherwise). So a commune name
holding a newline, a `#` or a quote can never plant a live figure in a new monitoring file.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from cicmaroc.escaping import visible
from cicmaroc.fmt.canonical import ANCHORED_KEYS, canonical_key_order
from cicmaroc.models.shapes import field_shape, is_amount, is_dict, list_item, model_of, options
from cicmaroc.yaml.reader import parse_text
from cicmaroc.yaml.scalars import resolve_plain

if TYPE_CHECKING:
    from cicmaroc.loading.programme import Programme

TODO = "TODO"
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._-]*")


class ScaffoldError(Exception):
    """The generated text does not read back as the data it was built from (a bug in cic)."""


def yaml_scalar(value: object) -> str:
    """A key or value as YAML text that reads back as exactly `value`.

    Plain when that is unambiguous (`ait-baha`, `IOV 1.2`, `2019`), else double-quoted with
    every character that YAML would read as a line break or a control written as an escape.
    """
    if isinstance(value, bool) or value is None:
        return {True: "true", False: "false", None: "null"}[value]
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and resolve_plain(text) == text:
        return text
    quoted = json.dumps(text, ensure_ascii=False)  # JSON's escapes are YAML's double-quoted ones
    return re.sub("[\x7f-\x9f\u2028\u2029]", lambda m: f"\\u{ord(m.group()):04x}", quoted)


def yaml_comment(text: str) -> str:
    """`text` as the body of a one-line comment: every line break and control made visible."""
    return visible(" ".join(text.splitlines()))


def checked(text: str, expected: Any) -> str:
    """`text`, after checking that it reads back as `expected` with no finding."""
    doc, findings = parse_text(text, "<new file>")
    if findings or doc is None or doc.data != expected:
        raise ScaffoldError("the new file would not read back as built; nothing was written "
                            "(this is a bug in cic: please report it)")
    return text


def scaffold_text(model: type[BaseModel], header: list[str], fixed: dict[str, str] | None = None,
                  items: dict[str, int] | None = None) -> str:
    """The YAML text of a new file for `model`.

    `fixed` gives top-level values already known (the `id` from the command line), written as
    given; `items` says how many entries to prepare in a list of blocks (two Moroccan communes).
    """
    lines = [f"# {yaml_comment(line)}".rstrip() for line in header]
    block, data = _block(model, 0, fixed or {}, items or {})
    return checked("\n".join(lines + block) + "\n", data)


def _block(model: type[BaseModel], indent: int, fixed: dict[str, str], items: dict[str, int]
           ) -> tuple[list[str], dict[str, Any]]:
    """The lines of a block of `model`'s fields, and the data they hold."""
    pad = " " * indent
    lines: list[str] = []
    data: dict[str, Any] = {}
    fields = [name for name in model.model_fields if name not in ANCHORED_KEYS]
    fields += [name for name in model.model_fields if name in ANCHORED_KEYS]  # a note comes last
    together = getattr(model, "required_together", ())
    for name in canonical_key_order(fields, model):
        info = model.model_fields[name]
        shape = field_shape(info)
        nested, listed = model_of(shape), list_item(shape)
        if name in fixed:
            lines.append(f"{pad}{name}: {yaml_scalar(fixed[name])}")
            data[name] = fixed[name]
        elif nested is not None:
            lines.append(f"{pad}{name}:  # {_describe(info, nested)}")
            block, data[name] = _block(nested, indent + 2, {}, {})
            lines += block
        elif listed is not None and model_of(listed) is not None:
            item_model = model_of(listed)
            assert item_model is not None
            lines.append(f"{pad}{name}:  # {_describe(info, item_model)} One block per item.")
            data[name] = []
            for _ in range(max(items.get(name, 1), 1)):
                block, item = _block(item_model, indent + 4, {}, {})
                lines.append(f"{pad}  - {block[0].lstrip()}")
                lines += block[1:]
                data[name].append(item)
        elif listed is not None:
            lines.append(f'{pad}{name}: []  # {_describe(info)} A list: ["...", "..."], or [] if none.')
            data[name] = []
        elif is_dict(shape):
            lines.append(f"{pad}{name}: {{}}  # {_describe(info)}")
            data[name] = {}
        else:
            described = _describe(info, required=name in together)
            lines.append(f"{pad}{name}:  # {described}{_how_to_write(shape)}")
            data[name] = None
    return lines, data


def _describe(info: FieldInfo, model: type[BaseModel] | None = None, required: bool = False) -> str:
    """`TODO: <description>` for a required field (or one of the fields the model requires together,
    `required`), `optional: <description>` for the others."""
    text = info.description or ""
    if not text and model is not None and model.__doc__:
        text = model.__doc__.strip().splitlines()[0]
    label = f"{TODO}:" if info.is_required() or required else "optional:"
    return yaml_comment(f"{label} {text}".rstrip())


def _how_to_write(shape: Any) -> str:
    if is_amount(shape):
        return " A plain number with cents, as printed: 150145.16."
    if any(option is dt.date for option in options(shape)):
        return " A date, YYYY-MM-DD."
    return ""


#: What to write for a measure, by its roll-up (docs/data-format.md, monitoring).
_PLACEHOLDERS = {"ratio": "{part: TODO, of: TODO}"}
_VALUE_HINTS = {
    "count": "true or false",
    "ratio": "the two counts, never a percentage",
    "latest": "a number, or true or false",
}


def _hint(rollup: str, kind: str) -> str:
    if rollup in _VALUE_HINTS:
        return _VALUE_HINTS[rollup]
    if kind == "cumulative":
        return "a number: this year's own figure (the years are added up)"
    return "a number: the state at the end of the year"


def monitoring_scaffold_text(programme: Programme, year: int, command: str) -> str:
    """A monitoring year with every reporter and every line it may report, commented out.

    The file is valid as it is and reports nothing: each line is a comment until an officer
    uncomments it and replaces its TODOs with what the reporter actually reported. A TODO left in
    an uncommented line is a value of the wrong kind, which `cic validate` reports.
    """
    assert programme.logframe is not None
    indicators = programme.logframe.model.indicators()
    lines = [
        f"# Monitoring {year}: new file made by `{yaml_comment(command)}`.",
        f"# What each reporter achieved in {year} and what was spent, as reported, never estimated.",
        "# Uncomment the lines a reporter reports and replace every TODO; leave out what is not",
        "# known (it is shown as missing, never read as zero). Format: docs/data-format.md.",
        f"year: {year}",
        "note:  # optional: who compiled these figures, and when",
        "reports:",
    ]
    data: dict[str, Any] = {"year": year, "note": None, "reports": {}}
    reporters: list[tuple[str, str, str]] = [  # (id, what it is, level)
        *((ref.id, f"{ref.name} (partnership {', '.join(p.model.id for p in ref.partners)})", "commune")
          for ref in programme.communes()),
        *((p.model.id, f"partnership {p.model.title}", "partnership") for p in programme.partners),
        ("programme", "the programme as a whole", "programme"),
    ]
    for reporter, what, level in reporters:
        own = [i for i in indicators if i.level == level]
        if not own or reporter in data["reports"]:
            continue
        lines.append(f"  {yaml_scalar(reporter)}:  # {yaml_comment(what)}")
        data["reports"][reporter] = None
        for indicator in own:
            values = ", ".join(f"{yaml_scalar(m.id)}: {_PLACEHOLDERS.get(m.rollup, TODO)}"
                               for m in indicator.measures)
            hints = "; ".join(f"{m.id}: {_hint(m.rollup, m.kind)}" for m in indicator.measures)
            lines.append(f"    # {yaml_comment(f'{yaml_scalar(indicator.id)}: {{{values}, source: TODO}}')}"
                         f"  # {yaml_comment(hints)}")
    if not data["reports"]:
        data["reports"] = None
    lines.append("spending:")
    spending, data["spending"] = _spending(programme)
    lines += spending
    return checked("\n".join(lines) + "\n", data)


def _spending(programme: Programme) -> tuple[list[str], dict[str, None] | None]:
    budget = programme.budget.model if programme.budget else None
    if budget is None:
        return [], None
    partnerships = [p.model.id for p in programme.partners]
    associations = [a.id for a in budget.associations if a.id]
    natures = ", ".join([*(f"{yaml_scalar(n)}: TODO" for n in budget.nature_ids), "source: TODO"])
    lines = []
    data: dict[str, None] = {}
    for line in budget.lines:
        if not line.id or line.id in data:
            continue
        spenders = partnerships if line.by_partnerships else associations
        lines.append(f"  {yaml_scalar(line.id)}:  # {yaml_comment(line.label or line.id)}: spent in the "
                     "year; leave out a nature with nothing spent")
        lines += [f"    # {yaml_comment(f'{yaml_scalar(spender)}: {{{natures}}}')}" for spender in spenders]
        data[line.id] = None
    return lines, data or None


def narrative_scaffold_text(programme: Programme, year: int, command: str) -> str:
    """A narrative year with a place for the summary and for every result and indicator, all empty.

    Valid as it is: an empty text is shown in the report as "nothing written", never invented.
    """
    assert programme.logframe is not None
    frame = programme.logframe.model
    lines = [
        f"# Narrative {year}: new file made by `{yaml_comment(command)}`.",
        "# Write each text in French (fr) and/or Dutch (nl); Markdown emphasis and lists are allowed.",
        "# A text left empty is shown in the report as \"nothing written\". Format: docs/data-format.md.",
        f"year: {year}",
        "summary:",
        "  fr:",
        "  nl:",
        "results:",
    ]
    empty = {"fr": None, "nl": None}
    data: dict[str, Any] = {"year": year, "summary": dict(empty), "results": {}}
    groups = [(frame.outcome.id, frame.outcome.indicators), *((r.id, r.indicators) for r in frame.results)]
    for group, indicators in groups:
        lines += [f"  {yaml_scalar(group)}:", "    text:", "      fr:", "      nl:", "    indicators:"]
        data["results"][group] = {"text": dict(empty), "indicators": {}}
        for indicator in indicators:
            lines += [f"      {yaml_scalar(indicator.id)}:", "        fr:", "        nl:"]
            data["results"][group]["indicators"][indicator.id] = dict(empty)
        if not indicators:
            data["results"][group]["indicators"] = None
    return checked("\n".join(lines) + "\n", data)


def risk_follow_up_scaffold_text(programme: Programme, year: int, command: str) -> str:
    """A year's risk follow-up with every risk of the table, commented out, as the table rates it."""
    assert programme.risks is not None
    lines = [
        f"# Risk follow-up {year}: new file made by `{yaml_comment(command)}`.",
        "# Uncomment each risk followed up and give its probability, impact and level for the year (words",
        "# of the legend; the level follows the matrix), whether it occurred and the measures taken.",
        "# Each entry starts as the risk table rates it. Format: docs/data-format.md.",
        f"year: {year}",
        "risks:",
    ]
    for risk in programme.risks.model.risks:
        lines += [f"  # - risk: {yaml_comment(yaml_scalar(risk.id))}",
                  f"  #   probability: {yaml_comment(yaml_scalar(risk.probability))}",
                  f"  #   impact: {yaml_comment(yaml_scalar(risk.impact))}",
                  f"  #   level: {yaml_comment(yaml_scalar(risk.level))}",
                  "  #   occurred: TODO  # true or false",
                  "  #   measures_taken: TODO"]
    return checked("\n".join(lines) + "\n", {"year": year, "risks": None})
