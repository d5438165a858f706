"""Read one YAML data file into plain Python values, remembering where each value came from.

Why not a stock loader: officers need every finding to point at a line, and CI needs speed.
ruamel.yaml's round-trip loader keeps positions but is pure Python and slow; its safe C loader is
fast but forgets positions. So we take the *events* of the C parser (libyaml, each event carries
its line and column) and build the values ourselves in one flat loop. The parts, one job each:

- `cicmaroc.files.reading`: the file's bytes (bounded, never blocking) and its UTF-8 text;
- `events`: the parser (libyaml's C parser, or ruamel.yaml's pure-Python one);
- `builder`: events to values and positions, where the file is made safe;
- `scalars`: what a plain scalar means (YAML 1.2 core schema, Decimal, ISO dates);
- `positions`: editors' lines and libyaml's; `syntax_errors`: a parser error as a finding;
- `limits`: what bounds the work; `document`: the result, `SourceDoc`;
- this module: the whole reading of one file or text, and the direction controls in it.

Hostile input, and what bounds its cost (each case is in tests/corpus/):
- size: `read_bytes` refuses a file over `Limits.max_bytes` from its size alone, and never reads
  more than that many bytes even if the file grows meanwhile; a FIFO, a device or a folder is
  refused from `fstat` on a non-blocking handle, so nothing can make the run wait.
- work: libyaml's cost grows with the square of the *flow* nesting depth (``[[[[...``: about 40 s
  for 100,000 levels), so past `Limits.max_depth` the deeper part is skipped, and past four times
  that the file is given up at once. `Limits.max_nodes` caps the number of values, whatever the
  byte count (``[1,1,1,...`` is one value per two bytes).
- noise: at most `MAX_FINDINGS_PER_FILE` loader findings per file, then one that counts the rest.
- positions: libyaml counts U+0085, U+2028 and U+2029 as line breaks, editors and CI do not;
  positions are translated back to the lines an editor shows.

Scalars follow the YAML 1.2 core schema (``yes``/``no`` stay text), plus ISO dates.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cicmaroc.codes.files import CIC005, CIC013
from cicmaroc.escaping import BIDI
from cicmaroc.files.reading import decode, read_bytes
from cicmaroc.findings import Finding, Location
from cicmaroc.yaml.builder import Builder, GiveUp
from cicmaroc.yaml.document import SourceDoc
from cicmaroc.yaml.events import event_source
from cicmaroc.yaml.limits import MAX_FINDINGS_PER_FILE, Limits, paused_gc
from cicmaroc.yaml.positions import EDITOR_BREAK
from cicmaroc.yaml.syntax_errors import syntax_finding


def load_file(path: Path, display: str | None = None, limits: Limits | None = None,
              inside: Path | None = None) -> tuple[SourceDoc | None, list[Finding]]:
    """Read, decode and parse one file. Never raises for bad content: problems become findings."""
    display = display or str(path)
    limits = limits or Limits()
    raw, findings = read_bytes(path, display, limits.max_bytes, inside)
    if raw is None:
        return None, findings
    return parse_bytes(raw, display, limits)


def parse_bytes(raw: bytes, display: str, limits: Limits) -> tuple[SourceDoc | None, list[Finding]]:
    """A file's bytes, decoded and parsed (`load_file` once the bytes are read)."""
    text, findings = decode(raw, display)
    if text is None:
        return None, findings
    return parse_text(text, display, limits)


def parse_text(text: str, display: str, limits: Limits | None = None, *, fast: bool = True
               ) -> tuple[SourceDoc | None, list[Finding]]:
    """Parse YAML text. Returns no document when the text cannot be trusted (syntax errors).

    `fast=False` builds every value through the builder's plain `place` instead of its inlined
    copy (the two must agree: tests/test_yaml_reader.py).
    """
    limits = limits or Limits()
    builder = Builder(display, limits, text, fast=fast)
    get_event, dispose = event_source(text)
    with paused_gc():
        return _parse(text, display, builder, get_event, dispose)


def _parse(text: str, display: str, builder: Builder, get_event: Callable[[], Any],
           dispose: Callable[[], None]) -> tuple[SourceDoc | None, list[Finding]]:
    try:
        builder.run(get_event)
    except GiveUp as stop:
        return None, [*builder.close(), stop.finding]
    except Exception as exc:  # the C parser's errors carry a mark; anything else is a bug here
        return None, [*builder.close(), syntax_finding(exc, display, text, builder)]
    finally:
        dispose()
    findings = builder.close()
    if builder.documents == 0 or (builder.root is None and builder.empty_document):
        return None, [CIC005.finding("empty", Location(display, 1, 1))]
    if BIDI.search(text):
        findings = [*findings, *_direction_controls(text, display)]
    return SourceDoc(display, builder.root, text, builder.values, builder.keys, builder.refused), findings


def _direction_controls(text: str, display: str) -> list[Finding]:
    """A finding for each bidi control (U+202A-E, U+2066-9), in a value, a key or a comment.

    They make a line display in another order than it is stored ("Trojan Source"): a reviewer
    would approve a figure or a waiver that is not what cic reads. The value is kept (it is read
    as stored); every output shows the control escaped (`escaping`).
    """
    breaks = [m.end() for m in EDITOR_BREAK.finditer(text)]
    found = []
    for match in BIDI.finditer(text):
        line = bisect.bisect_right(breaks, match.start())
        column = match.start() - (breaks[line - 1] if line else 0) + 1
        found.append(CIC013.finding("control", Location(display, line + 1, column),
                                    char=f"U+{ord(match.group()):04X}"))
        if len(found) == MAX_FINDINGS_PER_FILE:
            break
    return found

