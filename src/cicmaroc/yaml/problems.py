"""libyaml's own words for what stops a file, said in the reader's language.

A syntax finding (CIC003) quotes the parser's reason ("did not find expected node content"). That
reason is English text from libyaml's C code; inside a French or Dutch sentence it would be the
one English clause. libyaml has a fixed set of such reasons (its scanner's and parser's messages,
as compiled into ruamel.yaml.clib), so each one an officer can meet in a hand-edited data file is
a message id here and is translated like every other sentence. A reason not listed (ruamel.yaml's
pure-Python parser, used only where the C parser is missing, words them differently) is quoted as
the parser gives it.
"""

from __future__ import annotations

from cicmaroc.findings import Phrase, phrase
from cicmaroc.i18n import N_

#: libyaml's problems, exactly as it words them, each a message id of its own (a template: a brace
#: is doubled).
_PROBLEMS: frozenset[str] = frozenset({
    N_("block sequence entries are not allowed in this context"),
    N_("control characters are not allowed"),
    N_("could not find expected ':'"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}}'"),  # a template: its brace doubled
    N_("did not find expected '-' indicator"),
    N_("did not find expected <document start>"),
    N_("did not find expected alphabetic or numeric character"),
    N_("did not find expected comment or line break"),
    N_("did not find expected hexdecimal number"),
    N_("did not find expected key"),
    N_("did not find expected node content"),
    N_("did not find expected whitespace or line break"),
    N_("found a tab character that violates indentation"),
    N_("found a tab character where an indentation space is expected"),
    N_("found an incorrect leading UTF-8 octet"),
    N_("found an incorrect trailing UTF-8 octet"),
    N_("found character that cannot start any token"),
    N_("found undefined alias"),
    N_("found unexpected ':'"),
    N_("found unexpected document indicator"),
    N_("found unexpected end of stream"),
    N_("found unknown escape character"),
    N_("invalid Unicode character"),
    N_("mapping values are not allowed in this context"),
})


def said(problem: str) -> str | Phrase:
    """The parser's reason as a finding quotes it: translatable when it is one of libyaml's own
    (`_PROBLEMS`), else the parser's text as it is."""
    template = problem.replace("{", "{{").replace("}", "}}")
    return phrase(template) if template in _PROBLEMS else problem
