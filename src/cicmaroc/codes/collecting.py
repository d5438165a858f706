"""Collecting (CIC720-CIC737): what `cic import` reports about a filled form, at its sheet and cell.

The figures of the communes, partnerships and associations come back as the workbooks `cic forms`
sent out (`cicmaroc.forms`). Every problem with one is a finding located as the file, the sheet
and the cell (`findings.Location.sheet`/`cell`), so the officer can open the workbook at the
place and ask the commune the right question. These findings belong to an import, not to the
data folder: they are not waived; the workbook is corrected and imported again.
"""

from __future__ import annotations

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Severity

_NO_WAIVER = ("An import's findings are not waived: correct the workbook (or ask the reporter for a "
              "corrected one) and import it again. `--partial` imports what is right and leaves the rest.")
_AGAIN = "Ask the reporter to fill in the form cic sent (cic forms), and import that."


def _collecting(code: str, name: str, severity: Severity, *, what: str, why: str, example: str,
                messages: dict[str, Message]) -> Code:
    return declare(code, name, severity, "collecting", what=what, why=why, example=example,
                   waive=_NO_WAIVER, messages=messages)


CIC720 = _collecting(
    "CIC720", "workbook-unreadable", Severity.ERROR,
    what="A file given to `cic import` is an Excel workbook (.xlsx) of reasonable size.",
    why="A file that is not a workbook, or that would unpack to far more than a form holds (in bytes, "
        "in cells, or in the cells its ranges cover), is not read at all: nothing in it is imported.",
    example="A PDF renamed `ait-baha.xlsx`; a 2 GB zip bomb; a 9 KB workbook merging the cells "
            "AA100:XFD1048576 (a billion cells to build).",
    messages={
        "not-xlsx": Message("The file is not an Excel workbook (.xlsx): {detail}; nothing was imported "
                            "from it.", "Save the form from Excel or LibreOffice as .xlsx. " + _AGAIN),
        "too-big": Message("The file is {size} bytes, over the limit of {limit} bytes for a form; it was "
                           "not read.", "A form is a few dozen kilobytes. " + _AGAIN),
        "expanded": Message("The workbook unpacks to {size} bytes ({members} parts), over the limit of "
                            "{limit} bytes for a form; it was not read.",
                            "A form is a few dozen kilobytes. " + _AGAIN),
        "too-many-cells": Message("The sheet holds more than {limit} filled cells; it was not read.",
                                  "A form is a few hundred cells. " + _AGAIN),
        "ranges": Message("The ranges the sheet declares cover more than {limit} cells together, "
                          "{what} {range} among them; it was not read.",
                          "A form's merged cells, links, validations and formats cover a few hundred "
                          "cells. " + _AGAIN),
        "too-much-xml": Message("The workbook is made of more than {limit} XML elements; it was not read.",
                                "A form is a few thousand. " + _AGAIN),
        "doctype": Message("The part {part} of the workbook declares a document type (DTD) or is not "
                           "UTF-8 XML, which no spreadsheet application writes; it was not read.",
                           "Save the form from Excel or LibreOffice as .xlsx. " + _AGAIN),
    })
CIC721 = _collecting(
    "CIC721", "workbook-macros", Severity.ERROR,
    what="A form holds no macros.",
    why="A workbook with macros (.xlsm, a VBA project) is not what cic sent; cic never runs them, and "
        "refuses the file rather than guess what they changed.",
    example="`ait-baha.xlsm`, or an .xlsx holding `xl/vbaProject.bin`.",
    messages={"macros": Message("The workbook holds macros ({detail}); it was not imported.",
                                "Save it again as a plain Excel workbook (.xlsx), without macros.")})
CIC722 = _collecting(
    "CIC722", "not-a-form", Severity.ERROR,
    what="A workbook is a form made by `cic forms`, for a reporter of the programme, unchanged in who "
         "it is for.",
    why="The figures are filed under the reporter the form names; a workbook that names no reporter, "
        "an unknown one, or two different ones cannot be filed.",
    example="A spreadsheet typed from scratch; a form whose hidden `cic` sheet names `ait-bha`.",
    messages={
        "no-identity": Message("The workbook is not a form made by cic forms (it has no '{sheet}' sheet "
                               "naming its reporter and year); nothing was imported.", _AGAIN),
        "unknown-reporter": Message("The form is for '{reporter}', who is not a reporter of the programme; "
                                    "nothing was imported.",
                                    "Make the forms again with cic forms from the current data."),
        "tampered": Message("The form names '{shown}' here, but it was made for '{reporter}'; nothing was "
                            "imported.", "Use one form per reporter, as sent. " + _AGAIN),
        "version": Message("The form is of version {version}, which this cic does not read (it reads "
                           "version {expected}); nothing was imported.",
                           "Make the forms again with this cic (cic forms)."),
    })
CIC723 = _collecting(
    "CIC723", "form-of-another-year", Severity.ERROR,
    what="A form is imported into the year it was made for.",
    why="A form of 2018 imported as 2019 would file last year's figures as this year's.",
    example="`cic import --year 2019 ait-baha-2018.xlsx`.",
    messages={"other-year": Message("The form is for {found}, not {year}; nothing was imported from it.",
                                    "Import it with --year {found}, or use the form of {year}."),
              "years-differ": Message("The forms are for different years ({years}); nothing was imported.",
                                      "Import the forms of one year at a time, with --year.")})
CIC724 = _collecting(
    "CIC724", "form-changed", Severity.ERROR,
    what="The locked cells of a form (which indicator, which measure, which budget line) are as cic "
         "made them.",
    why="The value beside a changed label would be filed under the wrong indicator or line.",
    example="Cell A7 changed from `IOV 1.2` to `IOV 1.3`.",
    messages={"changed": Message("This cell should read '{expected}' but reads '{found}': the form was "
                                 "changed, and this row was not imported.",
                                 "Use the form as sent, without changing its locked cells.")})
CIC725 = _collecting(
    "CIC725", "wrong-kind-in-form", Severity.ERROR,
    what="A figure in a form has the kind its measure takes: yes or no, a whole number, the part and "
         "the whole of a share, an amount with at most two decimals, each within the bounds of any "
         "figure cic reads (15 digits before the decimal point); a source is a text of at most 1,000 "
         "characters, with no control character.",
    why="A figure that cannot be read as its measure is not imported, nor one or a text that would make "
        "the year's file one cic refuses to read (which would stop every report of the year).",
    example="`beaucoup` in a count; `42` women of `30` beneficiaries; `12,500.505` euros; `1e16` "
            "projects; a source pasted from a whole report.",
    messages={"value": Message("The value {value} is not valid for {what}: {problem}.",
                               "Write {example}.")})
CIC726 = _collecting(
    "CIC726", "form-missing-source", Severity.ERROR,
    what="Each figure in a form has its source of verification beside it.",
    why="The donor asks for the council decision, report or file behind every figure; the form makes "
        "the source required.",
    example="IOV 1 answered `oui` with the source cell empty.",
    messages={"no-source": Message("{what} has a figure but no source of verification; it was not "
                                    "imported.", "Fill in the source cell beside the figure ({sources}).")})
CIC727 = _collecting(
    "CIC727", "formula-in-form", Severity.WARNING,
    what="A figure in a form is typed, not computed by a formula.",
    why="cic never evaluates a formula: it reads the value the spreadsheet saved with it, which may be "
        "stale; a formula with no saved value gives nothing.",
    example="`=A1+A2` in the cell of a count.",
    messages={
        "cached": Message("The cell holds the formula {formula}; cic read the value saved with it, {value}, "
                          "without evaluating it.", "Type the figure itself rather than a formula."),
        "no-cache": Message("The cell holds the formula {formula} and no saved value; it was read as empty.",
                            "Type the figure itself rather than a formula."),
    })
CIC728 = _collecting(
    "CIC728", "external-links", Severity.WARNING,
    what="A form does not link to other files.",
    why="cic never opens what a workbook links to; a figure taken from another file is read as saved.",
    example="A form whose cells refer to `[budget.xlsx]Feuil1!A1`.",
    messages={"links": Message("The workbook links to {count} other file(s); cic did not follow them.",
                               "Type the figures themselves in the form.")})
CIC729 = _collecting(
    "CIC729", "outside-the-form", Severity.WARNING,
    what="Everything filled in a form is in its answer cells.",
    why="A figure typed beside the form (a note, a second value) is not imported; the officer should "
        "know it is there.",
    example="`voir annexe` typed in cell K12.",
    messages={"outside": Message("The cell holds {value}, outside the cells of the form; it was not "
                                 "imported.", "Move the figure to its answer cell, or ask the reporter "
                                 "what it means.")})
CIC730 = _collecting(
    "CIC730", "merged-cells", Severity.ERROR,
    what="The answer cells of a form are not merged with other cells.",
    why="A merged range holds one value where the form expects several: which figure was meant cannot "
        "be told.",
    example="F7:G7 merged over a share's part and whole.",
    messages={"merged": Message("The cells {range} are merged over answer cells; they were not imported.",
                                "Unmerge the cells and fill in each one.")})
CIC731 = _collecting(
    "CIC731", "figure-differs", Severity.ERROR,
    what="An import never changes a figure already recorded unless asked to (`--replace`).",
    why="A figure already in data/monitoring was reviewed; replacing it silently would lose that.",
    example="IOV 2 `projets` is 2 in 2019.yaml, the form says 3.",
    messages={
        "differs": Message("{what} is {old} in {file}, the form says {new}; not imported.",
                           "If the form is right, import again with --replace (the change is shown)."),
        "replaced": Message("{what} was {old} in {file}, now {new} (--replace).", "",
                            Severity.INFO),
        "elsewhere": Message("{what} is {old} in {file}, the form says {new}; cic import writes only "
                             "{target}, so it cannot replace it there.",
                             "Correct it in {file} by hand, or delete it there and import again."),
    })
CIC732 = _collecting(
    "CIC732", "reporter-twice", Severity.ERROR,
    what="One import holds one form per reporter.",
    why="Two forms of one reporter may disagree; which one is right cannot be told.",
    example="`ait-baha.xlsx` and `ait-baha (2).xlsx` imported together.",
    messages={"twice": Message("This is a second form for '{reporter}' (the first is {first}); it was not "
                               "imported.", "Import one form per reporter.")})
CIC733 = _collecting(
    "CIC733", "empty-form", Severity.WARNING,
    what="A form returned holds at least one figure.",
    why="An empty form imports nothing: the reporter stays missing in `cic status`.",
    example="The form sent back as it was sent.",
    messages={"empty": Message("The form for '{reporter}' holds no figure that was not already recorded; "
                               "nothing to import from it.", "Check that this is the filled form.")})
CIC734 = _collecting(
    "CIC734", "year-file-unusable", Severity.ERROR,
    what="The year's monitoring file can be read and rewritten by the import.",
    why="The import adds to data/monitoring/<year>.yaml in cic fmt's layout; if that file cannot be "
        "read or laid out, nothing is written.",
    example="2019.yaml with a syntax error.",
    messages={"unusable": Message("{file} cannot be updated: {problem}; nothing was written.",
                                  "Run cic validate and cic fmt, fix what they report, and import again."),
              "refused": Message("With these entries, {file} would become a file cic refuses to read "
                                 "({problem}); nothing was written.",
                                 "Look for what the forms bring that no data file holds (a source of "
                                 "verification pages long), correct the workbook and import again."),
              "changed": Message("{file} was changed by another program (another cic import, an editor) "
                                 "while this import was working, again and again; nothing was written.",
                                 "Import again once the other program is done: the import reads the file "
                                 "as it is then.")})

_SEND = ("Ask the reporter to send the file with the form, and put it beside the form (or in a folder "
         "named like the form, without .xlsx) before importing.")
CIC735 = _collecting(
    "CIC735", "evidence-not-sent", Severity.ERROR,
    what="Each file a form names as evidence was sent with it: it is beside the form (or in a folder "
         "named like the form), or already in data/evidence/.",
    why="The entry would name a means of verification that nobody has; it is not imported without it.",
    example="`pv-sas.pdf` in the evidence cell, and no such file beside `2019-ait-baha.xlsx`.",
    messages={"not-sent": Message("The form names {name} as evidence, but no such file is beside it "
                                  "({looked}) nor in data/evidence/; this entry was not imported.", _SEND)})
CIC736 = _collecting(
    "CIC736", "evidence-refused", Severity.ERROR,
    what="A file a form names as evidence is a plain file name, and the file is a regular file within "
         "the size limit (`max-evidence-size`).",
    why="cic copies the file into data/evidence/: a name that is a path could lead anywhere, and a link, "
        "a folder or a huge file is not a means of verification.",
    example="`../../secrets.txt` in the evidence cell; `pv.pdf` a link to another file.",
    messages={"name": Message("The form names {name} as evidence, which is not a file name cic can take "
                              "({reason}); this entry was not imported.",
                              "Write the file's name alone (pv-sas.pdf), names separated by ';'."),
              "file": Message("The file {name} the form names as evidence {reason}; this entry was not "
                              "imported.", "Ask the reporter for the file itself, of at most {limit} "
                              "bytes.")})
CIC737 = _collecting(
    "CIC737", "evidence-differs", Severity.ERROR,
    what="An import never replaces an evidence file already in data/evidence/ with another unless asked "
         "to (`--replace`).",
    why="A file already reported is what the auditor will ask for; replacing it silently would change "
        "what the report was based on.",
    example="A second `pv-sas.pdf`, another scan, sent for 2019 by Aït Baha.",
    messages={"differs": Message("{target} is already in data/evidence/ with other content (SHA-256 {old}); "
                                 "the file sent is {new}. This entry was not imported.",
                                 "If the new file is the right one, import again with --replace."),
              "replaced": Message("{target} was replaced by the file sent (SHA-256 {old}, now {new}; "
                                  "--replace).", "", Severity.INFO)})

CODES: tuple[Code, ...] = (CIC720, CIC721, CIC722, CIC723, CIC724, CIC725, CIC726, CIC727, CIC728, CIC729,
                           CIC730, CIC731, CIC732, CIC733, CIC734, CIC735, CIC736, CIC737)
