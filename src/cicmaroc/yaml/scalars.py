"""Plain scalars as values: the YAML 1.2 core schema (no floats: numbers with a fraction are
Decimal, exactly as written), plus ISO dates; and the tags a value may carry."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Any

from cicmaroc.numeric import MAX_DECIMALS, MAX_INTEGER_DIGITS, out_of_bounds

_INT = re.compile(r"[-+]?[0-9]+\Z")
DECIMAL = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
NUMBER_START = frozenset("0123456789-+.")
_LONGEST_INT = 40  # longer digit strings are out of bounds whatever their value (no int() on them)


def resolve_plain(text: str) -> Any:
    """The value of an unquoted scalar. Fractions become Decimal, exactly as written.

    A number out of bounds (`numeric.out_of_bounds`) stays text; the loader reports it.
    """
    if text in _NULLS:
        return None
    first = text[0]
    if first in NUMBER_START:
        if _INT.match(text):
            if len(text) <= MAX_INTEGER_DIGITS:  # the usual case: fewer digits than the bound
                return int(text)
            if len(text) > _LONGEST_INT:
                return text
            integer = int(text)
            return text if out_of_bounds(integer) else integer
        if _DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return text  # "2019-02-30": left as text, the model says it is not a date
        if DECIMAL.match(text):
            number = Decimal(text)
            dot = text.find(".")
            if dot > 0 and len(text) - dot - 1 <= MAX_DECIMALS and dot <= MAX_INTEGER_DIGITS \
                    and "e" not in text and "E" not in text:
                return number  # the usual case (150145.16), within the bound by its text alone
            return text if out_of_bounds(number) else number
        return text
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return text


STR_TAGS = frozenset({"tag:yaml.org,2002:str", "!"})
MAP_TAGS = frozenset({None, "tag:yaml.org,2002:map"})
SEQ_TAGS = frozenset({None, "tag:yaml.org,2002:seq"})

#: C0 and C1 control characters other than tab, LF and CR, lone surrogates, and the two
#: non-characters U+FFFE and U+FFFF. libyaml refuses them written raw, but a double-quoted escape
#: ("\e", "\x1b", "\0", "\uFFFF", and "\ud800" for the pure-Python parser) produces them; in a
#: report or a terminal they could hide or rewrite text, a lone surrogate cannot even be written
#: out as UTF-8, XML 1.0 forbids every one of them (IATI, Word and the forms are XML: one such
#: character would stop the command half-way), and no programme text needs them.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
