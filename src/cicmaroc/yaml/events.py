"""Where the parser's events come from: libyaml's C parser when installed, else ruamel.yaml's own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

try:  # the C extension ships as a separate wheel (ruamel.yaml.clib)
    from _ruamel_yaml import CParser as CParser
except ImportError:  # pragma: no cover - depends on the platform
    CParser = None


def event_source(text: str) -> tuple[Callable[[], Any], Callable[[], None]]:
    """`(get_event, dispose)` for `text`: get_event() returns parser events, then None.

    libyaml's C parser (ruamel.yaml.clib) is used when it is installed, and called directly:
    ruamel.yaml's per-event generator wrapper costs about as much as the parsing itself.
    Without the C extension (PyPy, an exotic platform) ruamel.yaml's pure-Python parser gives the
    same events with the same marks and the same refusals (the builder below does all the safety
    work, not the parser), several times slower; the limits still bound the work, since the
    builder gives up as early on either parser. tests/test_corpus.py runs part of the corpus on
    both.
    """
    if CParser is not None:
        parser = CParser(text)
        return parser.get_event, parser.dispose
    from ruamel.yaml import YAML

    events = YAML(typ="safe", pure=True).parse(text)
    return (lambda: next(events, None)), events.close

