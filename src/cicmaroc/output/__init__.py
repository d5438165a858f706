"""Output formats for findings: one emitter per format, each `render(listing) -> str`.

`EMITTERS` names each format's module; `cli/commands/validate.OutputFormat` lists the same names
for `--format` (a test keeps the two in step). Every emitter takes the same `Listing` and
returns the whole text to write, the text format included (styled for a terminal when the
listing asks for colour).
"""

from __future__ import annotations

from collections.abc import Callable

from cicmaroc.output.listing import Listing

Emitter = Callable[[Listing], str]


def _text() -> Emitter:
    from cicmaroc.output.text import render
    return render


def _json() -> Emitter:
    from cicmaroc.output.json import render
    return render


def _github() -> Emitter:
    from cicmaroc.output.github import render
    return render


def _sarif() -> Emitter:
    from cicmaroc.output.sarif import render
    return render


#: Format name -> its emitter, imported when used (a run loads the one format it writes).
EMITTERS: dict[str, Callable[[], Emitter]] = {"text": _text, "json": _json, "github": _github,
                                              "sarif": _sarif}


def emitter(name: str) -> Emitter:
    """The `render` of format `name`."""
    return EMITTERS[name]()
