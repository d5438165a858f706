"""`cic validate --write-waivers REASON`: one waiver per open finding, appended to data/waivers.yaml.

Acknowledging the approved document's known discrepancies is one command and one review: every
open error and warning that a waiver can acknowledge gets an entry carrying the same reason, which
the officers then edit finding by finding. A finding already matched by a waiver gets none, so
running it twice adds nothing. Entries are appended as text: the file's comments and layout stay.
A finding that cannot be waived (data not read, a broken waiver) gets no entry.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from cicmaroc.codes.files import UNREAD
from cicmaroc.findings import Finding, Severity
from cicmaroc.loading.programme import Programme
from cicmaroc.rules.waivers import WAIVER_FILE

#: Codes whose findings no waiver acknowledges: a failing rule, and broken waivers themselves.
_NOT_WAIVABLE = frozenset({"CIC000", "CIC901", "CIC902", "CIC903"})


def waivable(findings: list[Finding], programme: Programme) -> list[Finding]:
    """The open errors and warnings a waiver in data/waivers.yaml can acknowledge."""
    return [f for f in findings
            if f.waived is None and f.severity is not Severity.INFO and f.location is not None
            and f.code not in UNREAD and f.code not in _NOT_WAIVABLE and f.file not in programme.unread
            and _relative(f.file, programme.root) is not None]


def _relative(shown: str, root: Path) -> str | None:
    """A finding's file as waivers.yaml names it: relative to the data folder, with '/'."""
    try:
        return Path(shown).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def entries(findings: list[Finding], programme: Programme, reason: str) -> str:
    """The YAML of the new entries: one per finding; `contains:` (its message) when one file has
    several findings of one code, so that each entry acknowledges exactly one of them."""
    by_place: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in waivable(findings, programme):
        file = _relative(f.file, programme.root)
        assert file is not None
        by_place[(f.code, file)].append(f)
    return "".join(_entry(f.code, file, f.message if len(group) > 1 else None, reason)
                   for (_code, file), group in by_place.items() for f in group)


def entry_for(finding: Finding, findings: list[Finding], programme: Programme, reason: str) -> str | None:
    """The YAML of one entry acknowledging `finding` alone (`contains:` its message when `findings`
    hold another of its code in its file); None when no waiver can acknowledge it."""
    if not waivable([finding], programme):
        return None
    file = _relative(finding.file, programme.root)
    assert file is not None
    others = [f for f in findings if f.code == finding.code and f.file == finding.file and f != finding]
    return _entry(finding.code, file, finding.message if others else None, reason)


def _entry(code: str, file: str, contains: str | None, reason: str) -> str:
    quoted = json.dumps  # a JSON string is a YAML double-quoted scalar
    lines = [f"  - code: {code}", f"    file: {quoted(file, ensure_ascii=False)}"]
    if contains is not None:
        lines.append(f"    contains: {quoted(contains, ensure_ascii=False)}")
    lines.append(f"    reason: {quoted(reason, ensure_ascii=False)}")
    return "".join(line + "\n" for line in lines)


def appended(current: str | None, new_entries: str) -> str:
    """data/waivers.yaml with `new_entries` at the end of its list (a new file when there is none).

    Raises ValueError when the file's list cannot be appended to as text (`waivers: []`, or no
    `waivers:` line): the officer then adds the entries by hand.
    """
    if current is None or not current.strip():
        return "# Acknowledged discrepancies of the approved document (cic validate --write-waivers).\n" \
               "waivers:\n" + new_entries
    lines = current.splitlines()
    heads = [line for line in lines if line.startswith("waivers:")]
    if len(heads) != 1 or heads[0].split("#")[0].strip() != "waivers:":
        raise ValueError(f"{WAIVER_FILE} has no block list under 'waivers:' to append to")
    return current + ("" if current.endswith("\n") else "\n") + new_entries


def inline_draft(text: str, line: int, code: str) -> str | None:
    """`text` with `code` acknowledged by an inline waiver at the end of `line` (1-based), the reason
    left for the officer to write (until then CIC901 says it gives none); added to the codes of a
    waiver already on the line. None where a comment cannot stand at the end of that line (inside
    a text block, an unfinished quoted value) or the file does not read: the waiver must be what
    `cic validate` reads, and change no value."""
    import re

    from cicmaroc.rules.waivers import inline_waivers
    from cicmaroc.yaml.reader import parse_text

    before, _ = parse_text(text, "<text>")
    pieces = re.split(r"(\r\n|\r|\n)", text)  # lines and their breaks, alternately
    if before is None or not 0 < line <= (len(pieces) + 1) // 2:
        return None
    here = [(column, codes) for at, column, codes, _reason in inline_waivers(text) if at == line]
    body = pieces[2 * (line - 1)]
    if here:
        column, codes = here[0]
        if code in codes:
            return None
        close = body.index("]", column - 1)
        body = body[:close] + f", {code}" + body[close:]
    else:
        body = body.rstrip() + f"  # cic: ignore[{code}]"
    pieces[2 * (line - 1)] = body
    drafted = "".join(pieces)
    after, _ = parse_text(drafted, "<text>")
    if after is None or repr(after.data) != repr(before.data):
        return None
    if not any(at == line and code in codes for at, _c, codes, _r in inline_waivers(drafted)):
        return None
    return drafted
