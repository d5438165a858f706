"""A returned workbook's XML, read before openpyxl builds anything from it: its bombs refused.

openpyxl builds a Python object for every cell a sheet names, and for every cell inside some of
the ranges it declares: one `<mergeCell ref="AA100:XFD1048576"/>` or `<hyperlink ref=...>` over
that range, in a workbook of 9 KB, makes it build a billion cells (3.5 GB, then MemoryError)
inside `load_workbook`, before any bound of cic's could count them. An entity declared in a DTD
(which no spreadsheet application writes) can likewise turn a few lines into megabytes of text.
So each XML part is read here first, with lxml (no DTD, no entity, no network), streaming:

- a part that declares a document type, or that is not UTF-8 XML, is refused;
- every range a sheet declares (merged cells, hyperlinks, data validations, conditional formats,
  its dimension, and the print area the workbook gives it) is measured in cells: together at most
  `MAX_RANGE_CELLS`, as a form's are a few hundred;
- the cells a sheet fills are counted: at most `MAX_CELLS`;
- the text of each number as the spreadsheet saved it is kept (`Scanned.numbers`): openpyxl
  reads `100000000000000.001` as a binary float, 100000000000000.0, and `1e999` as infinity; the
  import reads the text.
"""

from __future__ import annotations

import contextlib
import posixpath
import re
import zipfile
from typing import NamedTuple

from cicmaroc.codes.collecting import CIC720
from cicmaroc.findings import Count, Finding, Location, phrase
from cicmaroc.i18n import N_

#: A form's sheet fills a few hundred cells.
MAX_CELLS = 50_000
#: The cells a sheet's ranges cover, together (a form's: a few hundred).
MAX_RANGE_CELLS = 50_000
#: The XML elements of all the workbook's parts together (a form's: a few thousand): what any
#: part may make openpyxl build is bounded too, whatever part it is.
MAX_ELEMENTS = 1_000_000
#: Text kept of a number's value, and of a print area's definition (a form's: a few characters).
MAX_NUMBER_TEXT, MAX_NAME_TEXT = 400, 4_000
#: The largest sheet a spreadsheet can have (Excel's; LibreOffice's is smaller).
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main "
_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships id"
#: The elements of a sheet whose range openpyxl reads, the attribute holding it, and what it is.
_RANGES = {f"{_MAIN}mergeCell": ("ref", N_("merged cells")), f"{_MAIN}hyperlink": ("ref", N_("a link")),
           f"{_MAIN}dataValidation": ("sqref", N_("a data validation")),
           f"{_MAIN}conditionalFormatting": ("sqref", N_("a conditional format")),
           f"{_MAIN}dimension": ("ref", N_("the sheet's dimension"))}
_PRINT_AREA = N_("the print area")
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})?\$?([0-9]{1,7})?")
_COORDINATE = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")
_QUOTED_SHEET = re.compile(r"'(?:[^']|'')*'")


class Scanned(NamedTuple):
    """What the scan keeps: sheet name -> cell (`F7`) -> the text of the number saved there."""

    numbers: dict[str, dict[str, str]]


class Refused(Exception):
    """The workbook is refused; `finding` says why."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


def scan(archive: zipfile.ZipFile, shown: str) -> tuple[Scanned | None, Finding | None]:
    """The workbook's numbers as saved, or the finding that refuses it (see the module)."""
    try:
        return _Scan(archive, shown).run(), None
    except Refused as refused:
        return None, refused.finding


class _Scan:
    """One pass over every XML part of one workbook, with expat: no tree is built, whatever the size."""

    def __init__(self, archive: zipfile.ZipFile, shown: str) -> None:
        self.archive = archive
        self.shown = shown
        self.elements = 0

    def run(self) -> Scanned:
        parts = [info for info in self.archive.infolist()
                 if info.filename.lower().endswith((".xml", ".rels", ".vml"))]
        names = {info.filename for info in parts}
        workbook = _Workbook()
        for name in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
            if name in names:
                self.walk(name, workbook)
        sheets = workbook.sheet_parts()
        numbers: dict[str, dict[str, str]] = {}
        for info in parts:
            name = info.filename
            if name in sheets or (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                title = sheets.get(name, name)
                sheet = _Sheet(self.shown, title)
                for reference in workbook.print_areas.get(title, []):
                    sheet.measure(reference, _PRINT_AREA)
                self.walk(name, sheet)
                numbers[title] = sheet.numbers
            elif name not in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
                self.walk(name, _Handler())
        return Scanned(numbers)

    def walk(self, part: str, handler: _Handler) -> None:
        """Feed one part to `handler`, counting its elements; Refused as the bounds say."""
        from xml.parsers import expat

        data = self.archive.read(part)
        if not _plain_xml(data):
            raise Refused(CIC720.finding("doctype", Location(self.shown), part=part))
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)

        def start(name: str, attributes: dict[str, str]) -> None:
            self.elements += 1
            if self.elements > MAX_ELEMENTS:
                raise Refused(CIC720.finding("too-much-xml", Location(self.shown), limit=Count(MAX_ELEMENTS)))
            handler.start(name, attributes)

        parser.StartElementHandler = start
        parser.EndElementHandler = handler.end
        parser.CharacterDataHandler = handler.text
        with contextlib.suppress(expat.ExpatError):  # damaged: openpyxl says so when it reads it
            parser.Parse(data, True)


class _Handler:
    """What a part's elements mean to the scan: nothing, unless a subclass says otherwise."""

    def start(self, name: str, attributes: dict[str, str]) -> None:
        pass

    def end(self, name: str) -> None:
        pass

    def text(self, data: str) -> None:
        pass


class _Workbook(_Handler):
    """The sheets' names and parts (xl/workbook.xml and its relations), and their print areas."""

    def __init__(self) -> None:
        self.sheets: list[tuple[str, str]] = []  # (name, relation id), in order
        self.targets: dict[str, str] = {}  # relation id -> part
        self.defined: tuple[str, str] | None = None  # the print area being read: (local sheet, text)
        self.areas: list[tuple[str, str]] = []

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == f"{_MAIN}sheet":
            self.sheets.append((attributes.get("name", ""), attributes.get(_RELATIONSHIP, "")))
        elif name.endswith(" Relationship") or name == "Relationship":
            target = attributes.get("Target", "")
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
            self.targets[attributes.get("Id", "")] = posixpath.normpath(part)
        elif name == f"{_MAIN}definedName" and attributes.get("name") == "_xlnm.Print_Area":
            self.defined = (attributes.get("localSheetId", ""), "")

    def text(self, data: str) -> None:
        if self.defined is not None and len(self.defined[1]) < MAX_NAME_TEXT:
            self.defined = (self.defined[0], self.defined[1] + data)

    def end(self, name: str) -> None:
        if name == f"{_MAIN}definedName" and self.defined is not None:
            self.areas.append(self.defined)
            self.defined = None

    def sheet_parts(self) -> dict[str, str]:
        """Each worksheet's part (`xl/worksheets/sheet1.xml`) -> the sheet's name."""
        return {self.targets[relation]: name for name, relation in self.sheets if relation in self.targets}

    @property
    def print_areas(self) -> dict[str, list[str]]:
        """Each sheet's print area (`_xlnm.Print_Area`), as its ranges."""
        areas: dict[str, list[str]] = {}
        for sheet, text in self.areas:
            if not sheet.isdigit() or int(sheet) >= len(self.sheets):
                continue
            bare = _QUOTED_SHEET.sub("S", text)  # a quoted sheet name may hold ! and ,
            areas.setdefault(self.sheets[int(sheet)][0], []).extend(
                item.rsplit("!", 1)[-1].strip() for item in bare.split(","))
        return areas


class _Sheet(_Handler):
    """One worksheet: its ranges measured, its cells counted, the text of its numbers kept."""

    def __init__(self, shown: str, title: str) -> None:
        self.shown = shown
        self.title = title
        self.numbers: dict[str, str] = {}
        self.covered = self.cells = self.row = self.column = 0
        self.number: str | None = None  # the cell whose number is being read
        self.reading = False
        self.saved = ""

    def measure(self, ranges: str, what: str) -> None:
        for reference in ranges.split():
            self.covered += _cells_in(reference)
            if self.covered > MAX_RANGE_CELLS:
                raise Refused(CIC720.finding("ranges", Location(self.shown, sheet=self.title),
                                             range=reference[:40], what=phrase(what),
                                             limit=Count(MAX_RANGE_CELLS)))

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == f"{_MAIN}row":
            number = attributes.get("r", "")
            self.row, self.column = (int(number) if number.isdigit() else self.row + 1), 0
        elif name == f"{_MAIN}c":
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise Refused(CIC720.finding("too-many-cells", Location(self.shown, sheet=self.title),
                                             limit=Count(MAX_CELLS)))
            found = _COORDINATE.fullmatch(attributes.get("r", ""))
            self.column = _column_number(found.group(1)) if found else self.column + 1
            numeric = attributes.get("t", "n") == "n"
            self.number = f"{_column_letters(self.column)}{int(found.group(2)) if found else self.row}" \
                if numeric else None
        elif name == f"{_MAIN}v" and self.number is not None:
            self.reading, self.saved = True, ""
        elif name in _RANGES:
            attribute, what = _RANGES[name]
            self.measure(attributes.get(attribute, ""), what)

    def text(self, data: str) -> None:
        if self.reading and len(self.saved) < MAX_NUMBER_TEXT:
            self.saved += data

    def end(self, name: str) -> None:
        if name == f"{_MAIN}v" and self.reading:
            self.reading = False
            if self.number is not None and self.saved.strip():
                self.numbers[self.number] = self.saved.strip()[:MAX_NUMBER_TEXT]
        elif name == f"{_MAIN}c":
            self.number = None


def _plain_xml(data: bytes) -> bool:
    """UTF-8 (or ASCII) XML with no document type declaration, as spreadsheets write it.

    XML forbids the NUL character, so UTF-16 and UTF-32 (where ASCII letters come with NULs, and
    `<!DOCTYPE` would not be seen as bytes) are refused with it.
    """
    return b"\x00" not in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")) and \
        b"<!DOCTYPE" not in data and b"<!ENTITY" not in data


def _cells_in(reference: str) -> int:
    """How many cells `A1`, `A1:C3`, `A:C` or `2:5` covers (a range beyond the sheet: the sheet)."""
    ends = reference.split(":")
    if len(ends) > 2:
        return MAX_ROW * MAX_COLUMN
    matched = [_REFERENCE.fullmatch(end) for end in ends]
    if not all(matched):
        return MAX_ROW * MAX_COLUMN  # not a range openpyxl would take: counted as the whole sheet
    (first_column, first_row), (last_column, last_row) = matched[0].groups(), matched[-1].groups()  # type: ignore[union-attr]
    columns = (1, MAX_COLUMN) if first_column is None or last_column is None else (
        _column_number(first_column), _column_number(last_column))
    rows = (1, MAX_ROW) if first_row is None or last_row is None else (int(first_row), int(last_row))
    return (abs(columns[1] - columns[0]) + 1) * (abs(rows[1] - rows[0]) + 1)


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - 64
    return number


def _column_letters(number: int) -> str:
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
