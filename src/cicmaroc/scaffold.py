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
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from cicmaroc.formatting import ANCHORED_KEYS, canonical_key_order
from cicmaroc.shapes import field_shape, is_amount, is_dict, list_item, model_of, options

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
