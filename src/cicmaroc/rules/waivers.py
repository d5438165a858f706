"""Waivers: acknowledge a known discrepancy of the approved document, with a written reason.

Two ways, both keeping the finding visible with `--verbose` and in JSON (flagged "waived"):

- inline, on the YAML line the finding points at: ``# cic: ignore[CIC106] reason``;
- in `data/waivers.yaml`, by code, file (a glob pattern: `partners/*.yaml`) and optionally a
  piece of the message.

A waiver without a reason waives nothing and is itself a finding (CIC901); a waiver that no
longer matches any finding is reported too (CIC902), so stale waivers do not pile up, and so is
one naming no rule code or an unknown one (CIC903). Only real comments are waivers: the same words
inside a quoted value are text. A finding that means data was not read cannot be waived.

One broken entry of data/waivers.yaml (a colon in a reason, a misspelt key) is a finding on its
line, and every other entry still waives: the file is read entry by entry when it cannot be read
whole. A waiver is called stale only when every data file was read: when one could not be, the
findings it would match may simply not have been computed, and the waiver is said to be unchecked.
"""

from __future__ import annotations

import bisect
import fnmatch
import re
from collections.abc import Collection, Iterator
from typing import TYPE_CHECKING, Any

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.codes.files import UNREAD
from cicmaroc.files.discovery import display_path
from cicmaroc.findings import Finding, Items, Location, Severity
from cicmaroc.loading.programme import Programme

if TYPE_CHECKING:
    from cicmaroc.config import Config

#: A waiver inside a comment; codes separated by commas or spaces.
_INLINE = re.compile(r"#\s*cic:\s*ignore\[([^\]]*)\]\s*(.*?)\s*\Z")
_CODE = re.compile(r"CIC[0-9]{3}")
_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")
#: The hint added to a finding a waiver tried to hide although its data was not read.
UNREAD_HINT = ("A waiver cannot hide this: the data it concerns was not read, so it is missing from every "
               "check and from the report until the file is fixed.")

CIC901 = declare(
    "CIC901", "waiver-without-reason", Severity.ERROR, "waivers",
    what="A waiver (inline `# cic: ignore[CODE] reason` or in data/waivers.yaml) gives a reason.",
    why="A waiver is a decision that the document stays as approved; without a reason the next officer "
        "cannot tell a decision from a shortcut. A waiver without a reason waives nothing.",
    example="`2019: 344869.30  # cic: ignore[CIC101]` (nothing after the bracket).",
    waive="It cannot be waived: write the reason after the bracket (or under `reason:`), saying who decided, "
          "when, and why the document stays as it is.",
    messages={"no-reason": Message("The waiver for {codes} gives no reason, so it waives nothing.",
                                   "Say why the finding is acknowledged: who decided, when, why the document "
                                   "stays as it is.")})
CIC902 = declare(
    "CIC902", "unused-waiver", Severity.WARNING, "waivers",
    what="Every waiver still matches a finding.",
    why="Once the data changes, a waiver may point at nothing, or worse at a line where a new, different "
        "problem will appear; stale waivers are removed.",
    example="`# cic: ignore[CIC602] ...` on a phone number that has since been corrected.",
    waive="Delete the waiver, or move it to the line the finding now points at; a stale waiver is never "
          "waived itself.",
    messages={"unused": Message("The waiver for {codes} no longer matches any finding.",
                                "The problem is gone or moved: delete the waiver, or move it to the line the "
                                "finding now points at."),
              "unchecked": Message("The waiver for {codes} matches no finding, but {files} could not be "
                                   "read, so the findings it acknowledges may not have been computed; it is "
                                   "kept.",
                                   "Fix what is reported about {files} first; then cic can tell whether the "
                                   "waiver is still needed. Do not delete it yet.", Severity.INFO)})
CIC903 = declare(
    "CIC903", "unknown-waiver-code", Severity.ERROR, "waivers",
    what="A waiver names the codes of real rules.",
    why="A waiver with a misspelt code (`ignore[CIC62]`), or none at all (`ignore[]`), waives nothing, and "
        "the finding it was meant for stays open while the waiver looks like it did its job. Codes are "
        "separated by commas (spaces are accepted too).",
    example="`# cic: ignore[] printed so` or `code: CIC999` in data/waivers.yaml.",
    waive="It cannot be waived: write the codes of the findings the waiver acknowledges (`cic rules` lists "
          "them).",
    messages={
        "no-code": Message("The waiver names no rule code, so it waives nothing.",
                           "Write the codes of the findings it acknowledges, separated by commas: # cic: "
                           "ignore[CIC602, CIC605] reason. `cic rules` lists the codes."),
        "unknown": Message("The waiver names {codes}, which is not a rule code, so it waives nothing.",
                           "Write the codes of the findings it acknowledges, separated by commas: # cic: "
                           "ignore[CIC602, CIC605] reason. `cic rules` lists the codes."),
        "unknowns": Message("The waiver names {codes}, which are not a rule code, so it waives nothing.",
                            "Write the codes of the findings it acknowledges, separated by commas: # cic: "
                            "ignore[CIC602, CIC605] reason. `cic rules` lists the codes."),
    })

CODES: tuple[Code, ...] = (CIC901, CIC902, CIC903)


class _Waiver:
    __slots__ = ("codes", "contains", "file", "line", "location", "reason", "used")

    def __init__(self, codes: tuple[str, ...], file: str, line: int | None, contains: str | None,
                 reason: str, location: Location) -> None:
        self.codes = codes
        self.file = file
        self.line = line  # inline waivers match their own line only
        self.contains = contains
        self.reason = reason
        self.location = location
        self.used = False

    def matches(self, finding: Finding) -> bool:
        loc = finding.location
        if loc is None or finding.code not in self.codes:
            return False
        if loc.file != self.file and not (self.line is None and fnmatch.fnmatchcase(loc.file, self.file)):
            return False
        if self.line is not None and loc.line != self.line:
            return False
        return self.contains is None or self.contains in finding.message


def inline_waivers(text: str) -> Iterator[tuple[int, int, tuple[str, ...], str]]:
    """(line, column, codes, reason) of each `# cic: ignore[...]` in a real comment of `text`.

    Only comments count: the same words inside a quoted value are text (`layout.Layout` tells a
    comment's `#` from a `#` inside a value, as `cic fmt` does). Lines and columns are counted as
    editors count them, like findings.
    """
    if "cic:" not in text:
        return
    from cicmaroc.yaml.layout import Layout

    breaks = [m.end() for m in _EDITOR_BREAK.finditer(text)]
    try:
        starts = Layout(text).comment_starts()
    except Exception:  # a text the layout parser reads differently: no waiver is safer than a wrong one
        return
    for start in starts:
        end = text.find("\n", start)
        comment = text[start: end if end >= 0 else len(text)].rstrip("\r")
        m = _INLINE.search(comment)
        if m is None:
            continue
        line = bisect.bisect_right(breaks, start)
        column = start - (breaks[line - 1] if line else 0) + m.start() + 1
        codes = tuple(c.upper() for c in re.split(r"[,\s]+", m.group(1)) if c)
        yield line + 1, column, codes, m.group(2)


def _inline(programme: Programme) -> Iterator[_Waiver]:
    for file, source in programme.sources.items():
        for line, column, codes, reason in inline_waivers(source.text):
            yield _Waiver(codes, file, line, None, reason, Location(file, line, column))


WAIVER_FILE = "waivers.yaml"


def _from_file(programme: Programme) -> Iterator[_Waiver]:
    """The waivers of data/waivers.yaml; when the file is broken, each entry that can be read."""
    if programme.waivers is not None:
        doc = programme.waivers
        entries = [(w, doc.at("waivers", i)) for i, w in enumerate(doc.model.waivers)]
    else:
        entries = list(salvaged_entries(programme))
    for w, location in entries:
        yield _Waiver((w.code,), display_path(programme.root / w.file), None, w.contains, w.reason.strip(),
                      location)


def salvaged_entries(programme: Programme) -> Iterator[tuple[Any, Location]]:
    """The entries of a waivers.yaml that cannot be read whole, each read on its own.

    A file that parses but holds one invalid entry: every valid entry. A file with a YAML syntax
    error (a colon in a reason): each list item parsed alone, the other lines blanked so that line
    numbers stay the file's. What cannot be read is already reported on its line by the loader.
    """
    path = programme.root / WAIVER_FILE
    shown = display_path(path)
    if shown not in programme.unread:
        return  # no file, or read whole: nothing to salvage (and no model to import)
    from pydantic import ValidationError

    from cicmaroc.models.waivers import Waiver

    source = programme.sources.get(shown)
    texts = [source.text] if source is not None else []
    if source is None:
        texts = _entry_texts(path, shown, programme)
    for text in texts:
        from cicmaroc.yaml.reader import parse_text

        doc, _ = parse_text(text, shown)
        if doc is None or not isinstance(doc.data, dict) or not isinstance(doc.data.get("waivers"), list):
            continue
        for i, entry in enumerate(doc.data["waivers"]):
            try:
                yield Waiver.model_validate(entry), doc.at("waivers", i)
            except ValidationError:
                continue


def _entry_texts(path: Any, shown: str, programme: Programme) -> list[str]:
    """The file once per list item: that item's lines and the `waivers:` line, the rest blank.

    Read where the programme was read (`Programme.files`: an editor's buffer, under `cic lsp`)."""
    from cicmaroc.files.buffers import DiskFiles
    from cicmaroc.files.reading import decode
    from cicmaroc.yaml.limits import Limits

    raw, _ = (programme.files or DiskFiles()).read(path, shown, Limits().max_bytes, path.parent)
    text, _ = decode(raw, shown) if raw is not None else (None, [])
    if text is None:
        return []
    lines = text.split("\n")
    starts = [i for i, line in enumerate(lines) if re.match(r"\s*- ", line) and not line.startswith("#")]
    head = [i for i, line in enumerate(lines) if line.startswith("waivers:")][:1]
    chunks = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        keep = set(range(start, end)) | set(head)
        chunks.append("\n".join(line if i in keep else "" for i, line in enumerate(lines)))
    return chunks


def apply_waivers(findings: list[Finding], programme: Programme, config: Config,
                  known: Collection[str]) -> list[Finding]:
    """Mark waived findings, and add a finding for each waiver without reason, use or `known` code.

    A finding that means data was not read (a loader code, or any finding about a file that could
    not be read into its model) is never waived: a waiver would hide that a partnership or a year
    of figures is missing from every check and from the report. It stays open and says so.
    """
    waivers = [*_inline(programme), *_from_file(programme)]
    result = []
    for finding in findings:
        for waiver in waivers:
            if waiver.matches(finding):
                waiver.used = True
                if finding.code in UNREAD or finding.file in programme.unread:
                    finding = finding._replace(hints=(*finding.hints, UNREAD_HINT))
                    break
                if waiver.reason:
                    finding = finding.waive(waiver.reason)
                    break
        result.append(finding)
    for waiver in waivers:
        codes = Items(waiver.codes)
        unknown = [c for c in waiver.codes if not (_CODE.fullmatch(c) and c in known)]
        if not waiver.codes:
            result.append(CIC903.finding("no-code", waiver.location))
        elif unknown:
            result.append(CIC903.finding("unknown" if len(unknown) == 1 else "unknowns", waiver.location,
                                         codes=Items(tuple(repr(c) for c in unknown))))
        elif not waiver.reason:
            result.append(CIC901.finding("no-reason", waiver.location, codes=codes))
        elif not waiver.used and any(config.enabled(c) for c in waiver.codes):
            unread = sorted(f for f in programme.unread if not f.endswith(WAIVER_FILE))
            if unread:
                result.append(CIC902.finding("unchecked", waiver.location, codes=codes,
                                             files=Items(tuple(unread))))
            else:
                result.append(CIC902.finding("unused", waiver.location, codes=codes))
    return result
