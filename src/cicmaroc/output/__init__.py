"""Output formats for findings: one emitter per format, each `render(listing) -> str`.

`Format` is the one list of them: `EMITTERS` gives each its module, and `--format` of `cic
validate`, `cic import` and `cic iati` offers the same members (the command line takes its
choices from here, through `api.FindingFormat`). Every emitter takes the same `Listing` and
returns the whole text to write, the text format included (styled for a terminal when the
listing asks for colour).
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum

from cicmaroc.output.listing import Listing


class Format(str, Enum):
    """The formats of findings."""

    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"


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


#: Each format's emitter, imported when used (a run loads the one format it writes).
EMITTERS: dict[Format, Callable[[], Emitter]] = {Format.text: _text, Format.json: _json,
                                                 Format.github: _github, Format.sarif: _sarif}


def emitter(name: str) -> Emitter:
    """The `render` of format `name`."""
    return EMITTERS[Format(name)]()
