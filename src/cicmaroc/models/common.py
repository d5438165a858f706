"""Types shared by every data file: exact money, identifiers, and the strict base model.

Money is `Decimal` end to end. The loader already turns `215425.65` into `Decimal("215425.65")`
from its text; the `Money` type refuses anything that is not such a number (a float from another
loader, a quoted string, true/false), so no amount can pass through binary floating point.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, NamedTuple

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
)
from pydantic import Strict as PydanticStrict
from pydantic_core import PydanticCustomError

from cicmaroc.cells import DASH, CellValue, Dash
from cicmaroc.numeric import beyond_cents, is_number


def empty_list() -> list[Any]:
    """A new empty list, the default of a list field.

    A function rather than `list`: Pydantic inspects a default factory's signature, and for a
    builtin that means parsing its text signature, which loads and compiles `tokenize` (tens of
    milliseconds of every `cic validate`).
    """
    return []


def empty_dict() -> dict[Any, Any]:
    """A new empty mapping, the default of a mapping field (see `empty_list`)."""
    return {}


class Strict(BaseModel):
    """Base of every data model: unknown keys are errors, values are not silently converted."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, defer_build=True)


class IatiCodelist(NamedTuple):
    """Marks a field whose values are codes of an IATI codelist (`Annotated[Literal[...], IatiCodelist(
    "OrganisationType")]`): a finding about it names each code with its name in that codelist."""

    name: str


class FieldsMissing(ValueError):
    """A model's own check found fields missing that it requires only together (a local commune's
    details): the loader says each as a missing field (CIC010), located at the block, not as an
    invalid value."""

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields) + " missing")
        self.fields = fields


def _exact_number(value: Any) -> Any:
    if isinstance(value, (bool, float)):
        raise ValueError("an amount must be written as a plain number such as 1234.56")
    if isinstance(value, str):
        raise ValueError("an amount must be a number, not text in quotes (write 1234.56)")
    return value


def _two_places(value: Decimal) -> Decimal:
    if beyond_cents(value):
        raise ValueError("an amount has at most two decimals (cents)")
    return value


def _dash_or_number(value: Any) -> Any:
    """A table cell printed as "-" in the document is a dash (`cells.DASH`), never zero; anything
    else is a number."""
    if value == "-" or isinstance(value, Dash):
        return DASH
    value = _exact_number(value)
    if not is_number(value):  # said as for any amount ("it should be a number"), not as two branches
        raise PydanticCustomError("decimal_type", "Decimal input should be an integer, float, string or "
                                                  "Decimal object")
    return value


def _cell_places(value: CellValue) -> CellValue:
    return value if isinstance(value, Dash) else _two_places(value)


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> dt.date:
    """A date written YYYY-MM-DD and nothing else: no number (Pydantic would read 0 as 1970-01-01,
    a Unix timestamp), no time, no time zone."""
    if isinstance(value, dt.datetime):
        raise ValueError("a date is written YYYY-MM-DD, without a time")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError("it is not a real date (the day or month is out of range); write it "
                             "YYYY-MM-DD") from None
    raise ValueError("a date is written YYYY-MM-DD, such as 2019-03-31")


#: A calendar date. The loader reads a plain YYYY-MM-DD as a date; anything else is refused here.
Date = Annotated[dt.date, BeforeValidator(_iso_date),
                 Field(description="A date written YYYY-MM-DD, such as 2019-03-31.")]
Money = Annotated[Decimal, BeforeValidator(_exact_number), AfterValidator(_two_places),
                  Field(description="An amount in euros, written as a plain number with cents (1234.56).")]
Cell = Annotated[CellValue, BeforeValidator(_dash_or_number), AfterValidator(_cell_places),
                 Field(description='An amount in euros as printed in the table, or "-" for a dash.')]
Number = Annotated[Decimal, BeforeValidator(_exact_number),
                   Field(description="A number as printed (a count, a percentage).")]
#: An identifier: lowercase letters and digits in words joined by hyphens (ait-baha).
SLUG_PATTERN = r"[a-z0-9]+(?:-[a-z0-9]+)*"
Slug = Annotated[str, StringConstraints(pattern=f"^{SLUG_PATTERN}$"),
                 Field(description="An identifier: lowercase letters, digits and hyphens (ait-baha).")]
#: A whole number, written as one: `"2019"` in quotes (or `true`, or `2019.0`) is refused, as the
#: schema's `"type": "integer"` refuses it in the editor, never converted in silence.
Whole = Annotated[int, PydanticStrict()]
Year = Annotated[Whole, Field(ge=2000, le=2100, description="A calendar year, such as 2019.")]
Note = Annotated[str | None, Field(description="Free text: a reading of an ambiguous passage, a remark.")]


def text_in(item: Any, field: str, primary: str, lang: str) -> str:
    """The document's text, or the officers' translation in `lang`; a text in another language than
    `lang` is marked `[fr]` (its language), as in the report and the forms (never passed off as
    translated)."""
    texts = dict(in_languages(item, field, primary))
    if texts.get(lang):
        return " ".join(texts[lang].split())
    return f"[{primary}] {' '.join(texts[primary].split())}"


def in_languages(item: Any, field: str, primary: str) -> tuple[tuple[str, str], ...]:
    """A transcribed text and its translations, by language, the programme's language first: the
    field `field` of `item` is in `primary`, `<field>_nl` and `<field>_fr` beside it translate it."""
    found = [(primary, getattr(item, field))]
    for lang in ("fr", "nl"):
        text = getattr(item, f"{field}_{lang}", None)
        if lang != primary and text:
            found.append((lang, text))
    return tuple((lang, text) for lang, text in found if text is not None)
