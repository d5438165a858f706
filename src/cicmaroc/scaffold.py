"""A new data file with every field of its model, empty, and a comment saying what goes there.

Why empty and not filled with examples: a made-up name or amount that looks plausible could
survive review and end up in a report as if the programme had said it. An empty value cannot:
`cic validate` reports each required field still empty, on its line, until it is filled in, and
the editor's schema underlines it. Optional fields stay empty too (that is valid), lists start
as `[]`. The file is generated from the model, so a field added to the model appears here too,
with its description, and the layout is already the one `cic fmt` keeps.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from cicmaroc.formatting import ANCHORED_KEYS, canonical_key_order
from cicmaroc.shapes import field_shape, is_amount, is_dict, list_item, model_of, options

if TYPE_CHECKING:
    from cicmaroc.programme import Programme

TODO = "TODO"


def scaffold_text(model: type[BaseModel], header: list[str], fixed: dict[str, str] | None = None,
                  items: dict[str, int] | None = None) -> str:
    """The YAML text of a new file for `model`.

    `fixed` gives top-level values already known (the `id` from the command line), written as
    given; `items` says how many entries to prepare in a list of blocks (two Moroccan communes).
    """
    lines = [f"# {line}".rstrip() for line in header]
    lines += _block(model, 0, fixed or {}, items or {})
    return "\n".join(lines) + "\n"


def _block(model: type[BaseModel], indent: int, fixed: dict[str, str], items: dict[str, int]) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    fields = [name for name in model.model_fields if name not in ANCHORED_KEYS]
    fields += [name for name in model.model_fields if name in ANCHORED_KEYS]  # a note comes last
    for name in canonical_key_order(fields, model):
        info = model.model_fields[name]
        shape = field_shape(info)
        nested, listed = model_of(shape), list_item(shape)
        if name in fixed:
            lines.append(f"{pad}{name}: {fixed[name]}")
        elif nested is not None:
            lines.append(f"{pad}{name}:  # {_describe(info, nested)}")
            lines += _block(nested, indent + 2, {}, {})
        elif listed is not None and model_of(listed) is not None:
            item_model = model_of(listed)
            assert item_model is not None
            lines.append(f"{pad}{name}:  # {_describe(info, item_model)} One block per item.")
            for _ in range(max(items.get(name, 1), 1)):
                block = _block(item_model, indent + 4, {}, {})
                lines.append(f"{pad}  - {block[0].lstrip()}")
                lines += block[1:]
        elif listed is not None:
            lines.append(f'{pad}{name}: []  # {_describe(info)} A list: ["...", "..."], or [] if none.')
        elif is_dict(shape):
            lines.append(f"{pad}{name}: {{}}  # {_describe(info)}")
        else:
            lines.append(f"{pad}{name}:  # {_describe(info)}{_how_to_write(shape)}")
    return lines


def _describe(info: FieldInfo, model: type[BaseModel] | None = None) -> str:
    """`TODO: <description>` for a required field, `optional: <description>` for the others."""
    text = info.description or ""
    if not text and model is not None and model.__doc__:
        text = model.__doc__.strip().splitlines()[0]
    label = f"{TODO}:" if info.is_required() else "optional:"
    return f"{label} {text}".rstrip()


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
        f"# Monitoring {year}: new file made by `{command}`.",
        f"# What each reporter achieved in {year} and what was spent, as reported, never estimated.",
        "# Uncomment the lines a reporter reports and replace every TODO; leave out what is not",
        "# known (it is shown as missing, never read as zero). Format: docs/data-format.md.",
        f"year: {year}",
        "note:  # optional: who compiled these figures, and when",
        "reports:",
    ]
    reporters: list[tuple[str, str, str]] = [  # (id, what it is, level)
        *((ref.commune.id, f"{ref.commune.name} (partnership {ref.partner.model.id})", "commune")
          for ref in programme.communes()),
        *((p.model.id, f"partnership {p.model.title}", "partnership") for p in programme.partners),
        ("programme", "the programme as a whole", "programme"),
    ]
    for reporter, what, level in reporters:
        own = [i for i in indicators if i.level == level]
        if not own:
            continue
        lines.append(f"  {reporter}:  # {what}")
        for indicator in own:
            values = ", ".join(f"{m.id}: {_PLACEHOLDERS.get(m.rollup, TODO)}" for m in indicator.measures)
            hints = "; ".join(f"{m.id}: {_hint(m.rollup, m.kind)}" for m in indicator.measures)
            lines.append(f"    # {indicator.id}: {{{values}, source: TODO}}  # {hints}")
    lines.append("spending:")
    lines += _spending(programme)
    return "\n".join(lines) + "\n"


def _spending(programme: Programme) -> list[str]:
    budget = programme.budget.model if programme.budget else None
    if budget is None:
        return []
    partnerships = [p.model.id for p in programme.partners]
    associations = [a.id for a in budget.associations if a.id]
    natures = "investissement: TODO, fonctionnement: TODO, personnel: TODO, source: TODO"
    lines = []
    for line in budget.lines:
        if not line.id:
            continue
        spenders = partnerships if line.id == "partenaires" else associations
        lines.append(f"  {line.id}:  # {line.label or line.id}: spent in the year; leave out a nature "
                     "with nothing spent")
        lines += [f"    # {spender}: {{{natures}}}" for spender in spenders]
    return lines
