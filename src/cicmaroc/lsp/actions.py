"""Code actions: acknowledge a finding with a waiver, or lay the file out as `cic fmt` would.

Each action is an edit the editor applies to its buffers (and saves when the officer does): the
server itself never writes a file. A waiver is drafted with its reason left for the officer to
write, so that nothing is acknowledged without one (until it is written, CIC901 says so), and
only where `cic validate` would read it: an inline waiver only on a line that can end with a
comment, an entry in data/waivers.yaml only for a finding a waiver may acknowledge (never one
meaning that data was not read).
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from cicmaroc import api
from cicmaroc.findings import Finding
from cicmaroc.i18n import N_
from cicmaroc.i18n.translator import Translator

WAIVERS = "waivers.yaml"


class FileEdit(NamedTuple):
    """A file's whole new text; `create`: the file does not exist yet."""

    path: Path
    text: str
    create: bool = False


class Action(NamedTuple):
    """One action as the editor lists it: its title, kind (LSP's `quickfix`, `source`), the
    findings it acknowledges, and its edits."""

    title: str
    kind: str
    findings: tuple[Finding, ...]
    edits: tuple[FileEdit, ...]


def waiver_actions(run: api.Run, path: Path, text: str, findings: list[Finding], waivers: Path,
                   waivers_text: str | None, tr: Translator) -> list[Action]:
    """For each finding (on `path`, whose buffer reads `text`): a waiver on its line, and an entry
    in data/waivers.yaml (`waivers`, whose text is `waivers_text`, None: no such file)."""
    actions = []
    for finding in findings:
        if finding.location is None or finding.location.line <= 0:
            continue
        code = finding.code
        if not api.can_waive(run, finding):
            continue
        drafted = api.inline_waiver(text, finding.location.line, code)
        if drafted is not None:
            actions.append(Action(
                tr.render(N_("Acknowledge {code} with a waiver on this line (then write the reason)"),
                          {"code": code}), "quickfix", (finding,), (FileEdit(path, drafted),)))
        entry = api.waiver_entry(run, finding, waivers_text)
        if entry is not None:
            actions.append(Action(
                tr.render(N_("Acknowledge {code} in {file} (then write the reason)"),
                          {"code": code, "file": WAIVERS}), "quickfix", (finding,),
                (FileEdit(waivers, entry, create=waivers_text is None),)))
    return actions


def format_action(path: Path, text: str, tr: Translator) -> Action | None:
    """The file laid out as `cic fmt` would; None when it already is, or cannot be safely."""
    try:
        laid_out = api.format_text(path, text)
    except api.UsageError:
        return None
    if laid_out == text:
        return None
    return Action(tr(N_("Lay the file out as cic fmt would")), "source", (), (FileEdit(path, laid_out),))
