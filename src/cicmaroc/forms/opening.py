"""Open a returned workbook within bounds, whatever it holds.

A form comes back from outside the programme's office, by e-mail: it may be another file with an
.xlsx name, a zip bomb, a workbook with macros or links to other files, or simply huge. Before
openpyxl parses anything, the file's size, its number of parts and their unpacked size are
bounded, macros are refused and external links noted, and its XML is scanned (`scanning`: no
document type, the ranges and cells of each sheet bounded, the text of each number kept);
openpyxl then reads it twice, once for the formulas (so that the import can say a cell was
computed) and once for the values the spreadsheet saved (a formula is never evaluated, and links
are never followed: `keep_links=False`).
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
from pathlib import Path
from typing import Any, NamedTuple

from cicmaroc.codes.collecting import CIC720, CIC721, CIC728
from cicmaroc.findings import Count, Finding, Location
from cicmaroc.forms.scanning import scan

#: A form is a few dozen kilobytes; these bounds leave a wide margin and keep time and memory small.
MAX_BYTES = 5_000_000
MAX_UNPACKED = 40_000_000
MAX_PARTS = 300


class Opened(NamedTuple):
    """A workbook read twice: `formulas` (cells as written) and `values` (the values saved), and
    `numbers`: sheet -> cell -> the text of the number saved there (`scanning.Scanned`)."""

    formulas: Any
    values: Any
    numbers: dict[str, dict[str, str]]


def open_workbook(path: Path, shown: str) -> tuple[Opened | None, list[Finding]]:
    """The workbook at `path`, or None and the finding saying why it was not read."""
    where = Location(shown)
    try:
        info = os.stat(path)
    except OSError as exc:
        return None, [CIC720.finding("not-xlsx", where, detail=exc.strerror or type(exc).__name__)]
    if not stat.S_ISREG(info.st_mode):
        return None, [CIC720.finding("not-xlsx", where, detail="it is not a regular file")]
    if info.st_size > MAX_BYTES:
        return None, [CIC720.finding("too-big", where, size=Count(info.st_size), limit=Count(MAX_BYTES))]
    with open(path, "rb") as handle:
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        return None, [CIC720.finding("too-big", where, size=Count(len(raw)), limit=Count(MAX_BYTES))]
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        return None, [CIC720.finding("not-xlsx", where, detail=f"it is not a zip archive ({exc})")]
    unpacked = sum(p.file_size for p in parts)
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED:
        return None, [CIC720.finding("expanded", where, size=Count(unpacked), members=Count(len(parts)),
                                     limit=Count(MAX_UNPACKED))]
    names = {p.filename for p in parts}
    findings: list[Finding] = []
    macros = sorted(n for n in names if n.lower().endswith("vbaproject.bin"))
    if macros or path.suffix.lower() in (".xlsm", ".xltm"):
        return None, [CIC721.finding("macros", where, detail=", ".join(macros) or path.suffix)]
    if "xl/workbook.xml" not in names:
        return None, [CIC720.finding("not-xlsx", where,
                                     detail="it holds no Excel workbook (xl/workbook.xml)")]
    links = [n for n in names if n.startswith("xl/externalLinks/") and n.endswith(".xml")]
    if links:
        findings.append(CIC728.finding("links", where, count=Count(len(links))))
    scanned, refusal = scan(archive, shown)
    if scanned is None:
        return None, [refusal] if refusal is not None else []
    try:
        formulas, values = (_load(raw, data_only) for data_only in (False, True))
    except Exception as exc:  # openpyxl raises many kinds on a damaged file: each is "not readable"
        return None, [CIC720.finding("not-xlsx", where, detail=f"{type(exc).__name__}: {exc}")]
    return Opened(formulas, values, scanned.numbers), findings


def _load(raw: bytes, data_only: bool) -> Any:
    import warnings

    from openpyxl import load_workbook

    with warnings.catch_warnings():  # openpyxl warns about extensions it drops (validation lists...)
        warnings.simplefilter("ignore")
        return load_workbook(io.BytesIO(raw), data_only=data_only, keep_links=False, keep_vba=False,
                             rich_text=False)
