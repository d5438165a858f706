"""What a model expects at each place of a file, read from its type annotations.

Tools that rewrite files (`cic fmt`) or write new ones (`cic new`) need to know, at a given key
path, whether a block is a model (so its keys have an order), a list or a mapping, and whether a
number is an amount (Money: written with cents). The annotations say it; these helpers read them
through `Annotated`, `Optional` and unions.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator
from typing import Any

from pydantic import AfterValidator, BaseModel
from pydantic.fields import FieldInfo

from cicmaroc.models.common import Money
from cicmaroc.yaml.document import YamlPath

_AMOUNT_CHECK = next(m for m in typing.get_args(Money)[1:] if isinstance(m, AfterValidator))


def field_shape(info: FieldInfo) -> Any:
    """A field's type with its constraints (Pydantic keeps `Money`'s validators apart)."""
    if info.metadata:
        return typing.Annotated[(info.annotation, *info.metadata)]
    return info.annotation


def options(shape: Any) -> list[Any]:
    """The alternatives of a shape, without Annotated wrappers and without None."""
    if shape is None:
        return []
    if typing.get_origin(shape) is typing.Annotated:
        return options(typing.get_args(shape)[0])
    if typing.get_origin(shape) in (typing.Union, types.UnionType):
        return [o for arg in typing.get_args(shape) for o in options(arg)]
    return [] if shape is type(None) else [shape]


def model_of(shape: Any) -> type[BaseModel] | None:
    """The model a shape holds, if it is one (or an optional one)."""
    for option in options(shape):
        if isinstance(option, type) and issubclass(option, BaseModel):
            return option
    return None


def list_item(shape: Any) -> Any:
    """The shape of a list's items, or None when the shape is not a list."""
    for option in options(shape):
        if typing.get_origin(option) is list:
            return typing.get_args(option)[0]
    return None


def is_dict(shape: Any) -> bool:
    return any(typing.get_origin(option) is dict for option in options(shape))


def child_shape(shape: Any, key: Any, in_mapping: bool) -> Any:
    """The shape of the value under `key` (in a mapping) or at index `key` (in a list)."""
    for option in options(shape):
        if in_mapping and isinstance(option, type) and issubclass(option, BaseModel):
            info = option.model_fields.get(key) if isinstance(key, str) else None
            return field_shape(info) if info is not None else None
        origin = typing.get_origin(option)
        if in_mapping and origin is dict:
            return typing.get_args(option)[1]
        if not in_mapping and origin is list:
            return typing.get_args(option)[0]
    return None


def shape_at(model: type[BaseModel] | None, path: YamlPath) -> Any:
    """What the model expects at `path` (an int is a list index where a list is expected)."""
    shape: Any = model
    for part in path:
        in_list = isinstance(part, int) and list_item(shape) is not None
        shape = child_shape(shape, part, not in_list)
    return shape


def is_amount(shape: Any) -> bool:
    """Money (or a T3 cell): an amount in euros, written with cents."""
    def annotated(s: Any) -> Iterator[Any]:
        if typing.get_origin(s) is typing.Annotated:
            yield from typing.get_args(s)[1:]
            yield from annotated(typing.get_args(s)[0])
        elif typing.get_origin(s) in (typing.Union, types.UnionType):
            for arg in typing.get_args(s):
                yield from annotated(arg)

    return any(m == _AMOUNT_CHECK for m in annotated(shape))
