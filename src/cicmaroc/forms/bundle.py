"""`cic evidence --year YEAR -o FILE.zip`: the evidence of a year, bundled for an auditor.

The zip holds each evidence file the year's entries name (under `files/`, at its path under
data/evidence/) and a manifest of them twice, `manifest.csv` for a person (headers in the
officer's language, UTF-8 with a byte order mark so that a spreadsheet reads the accents) and
`manifest.json` for a program: for every entry naming a file, the reporter, the indicator or the
spending line, the source of verification as written, the file's path, size and SHA-256, and the
day its SHA-256 was recorded. The SHA-256 is computed from the bytes put in the zip, so the
manifest is true of the bundle by construction.

A bundle is made only of files that are there and as reported: a file missing, refused, not
pulled from Git LFS, or changed since its SHA-256 was recorded stops it (the reasons are the
findings of `cic validate`, CIC750-CIC757), and nothing is written. The zip is the same bytes for
the same files on the same day (entries sorted and dated the day it is made; SOURCE_DATE_EPOCH
fixes that day, as for the report).
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import zipfile
from typing import Any, NamedTuple

from cicmaroc.analysis.reporters import reporters
from cicmaroc.derive.actuals import Actuals
from cicmaroc.errors import DataError
from cicmaroc.escaping import json_text
from cicmaroc.files.evidence_folder import evidence_folder, examine, read_evidence
from cicmaroc.findings import Finding
from cicmaroc.i18n import N_
from cicmaroc.i18n.translator import translator
from cicmaroc.loading.programme import Programme

#: The manifest's columns: the JSON's keys, and the CSV's headers in English (msgids).
COLUMNS: tuple[tuple[str, str], ...] = (
    ("reporter", N_("Reporter")), ("reporter_name", N_("Reporter's name")), ("kind", N_("Kind")),
    ("item", N_("Indicator or budget line")), ("source", N_("Source of verification")),
    ("path", N_("File")), ("size", N_("Size (bytes)")), ("sha256", N_("SHA-256")),
    ("recorded", N_("SHA-256 recorded on")),
)
#: What the `kind` column says, in the officer's language in the CSV.
KINDS = {"indicator": N_("indicator"), "spending": N_("spending")}
#: Characters a spreadsheet reads as the start of a formula: such a cell of the CSV gets a `'`.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Bundle(NamedTuple):
    """The zip's bytes (None: refused), its manifest rows, and the findings that refused it."""

    data: bytes | None
    rows: list[dict[str, Any]]
    refused: list[Finding]


def bundle(programme: Programme, actuals: Actuals, year: int, findings: list[Finding], limit: int,
           lang: str, day: dt.date) -> Bundle:
    """The bundle of `year`'s evidence, or its refusal: `findings` are the run's, those about a file
    the year names (CIC750-CIC753, CIC757, and CIC755 for a file not pulled) refuse it."""
    names = {r.id: r.name for r in reporters(programme)}
    known = programme.evidence.model.files if programme.evidence is not None else {}
    entries: list[tuple[str, str, str, str | None, str]] = []  # reporter, kind, item, source, path
    for (indicator, entry_year, reporter), paths in sorted(actuals.evidence.items()):
        if entry_year == year:
            entries += [(reporter, "indicator", indicator, actuals.source(indicator, year, reporter), p)
                        for p in paths]
    for (entry_year, line, spender), paths in sorted(actuals.spending_evidence.items()):
        if entry_year == year:
            entries += [(spender, "spending", line, actuals.spending_sources.get((year, line, spender)), p)
                        for p in paths]
    wanted = {path for *_, path in entries}
    refused = [f for f in findings if f.code in ("CIC750", "CIC751", "CIC752", "CIC753", "CIC755", "CIC757")
               and f.args.get("path") in wanted]
    if refused:
        return Bundle(None, [], refused)
    contents: dict[str, bytes] = {}
    for path in sorted(wanted):
        found = examine(programme.root, path, limit)  # no link on the way, as `cic validate` checks
        if found.state == "pointer":  # its finding (CIC755) ignored by the settings
            raise DataError(N_("{file} is a Git LFS pointer, not the file: run git lfs pull, then make the "
                               "bundle again; nothing was written."), file=path)
        data, read = read_evidence(evidence_folder(programme.root).joinpath(*path.split("/")), limit)
        if found.state != "file" or data is None or read.sha256 != found.sha256:  # ignored, or a race
            raise DataError(N_("{file} cannot be put in the bundle as it was checked ({state}); nothing was "
                               "written. Run cic validate, then the command again."), file=path,
                            state=read.state if data is None else found.state)
        contents[path] = data
    rows = [{"reporter": reporter, "reporter_name": names.get(reporter, reporter), "kind": kind, "item": item,
             "source": source, "path": path, "size": len(contents[path]),
             "sha256": hashlib.sha256(contents[path]).hexdigest(),
             "recorded": known[path].recorded.isoformat() if path in known else None}
            for reporter, kind, item, source, path in entries]
    return Bundle(_zip(year, contents, rows, lang, day), rows, [])


def _zip(year: int, contents: dict[str, bytes], rows: list[dict[str, Any]], lang: str, day: dt.date) -> bytes:
    stamp = (max(day.year, 1980), day.month, day.day, 0, 0, 0)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        def add(name: str, data: bytes) -> None:
            info = zipfile.ZipInfo(f"evidence-{year}/{name}", stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)

        add("manifest.csv", manifest_csv(rows, lang).encode("utf-8-sig"))
        add("manifest.json", manifest_json(year, rows, day).encode("utf-8"))
        for path, data in sorted(contents.items()):
            add(f"files/{path}", data)
    return buffer.getvalue()


def manifest_csv(rows: list[dict[str, Any]], lang: str) -> str:
    """The manifest for a person: headers and kinds in `lang`, no cell a spreadsheet runs as a formula."""
    tr = translator(lang)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([tr(header) for _, header in COLUMNS])
    for row in rows:
        shown = {**row, "kind": tr(KINDS[row["kind"]])}
        writer.writerow([_cell(shown[key]) for key, _ in COLUMNS])
    return out.getvalue()


def manifest_json(year: int, rows: list[dict[str, Any]], day: dt.date) -> str:
    """The manifest for a program (docs/output-json.md, "cic evidence")."""
    return json_text({"year": year, "made_on": day.isoformat(), "files": rows}) + "\n"


def _cell(value: Any) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text
