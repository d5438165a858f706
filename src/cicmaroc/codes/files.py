"""Reading the files, CIC000-CIC013: the codes the loader reports while it reads each data file.

These findings are made while the files are read (`cicmaroc.yaml`, `cicmaroc.loading`), before
any rule runs; CIC000 is the one a rule reports when it fails. A finding of CIC001-CIC007 means
data was not read, and no waiver can hide that (`rules.waivers`).
"""

from __future__ import annotations

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING
FAMILY = "files"

#: The how-to-waive of the codes that mean data was not read.
_UNREAD = ("It cannot be waived: the data it concerns was not read, so it is missing from every check and "
           "from the report until the file is fixed. Fix the file, then run `cic validate` again.")
#: The same, for a value the model refused (the whole file is then unread).
_UNREAD_VALUE = ("It cannot be waived while the file cannot be read into its model: the file's data is "
                 "missing from every check and from the report. Correct the value as printed in the "
                 "document, then run `cic validate` again.")

CIC000 = declare(
    "CIC000", "rule-crashed", ERROR, FAMILY,
    what="A rule failed while checking the data.",
    why="This is a bug in cic, not in the data; the other rules still ran.",
    example="A rule stopping on a value it did not expect.",
    waive="It cannot be waived (it points at no line of a file): report it with the command you ran; it goes "
          "away with the fix in cic.",
    messages={"crashed": Message("The rule {rule} ({name}) failed: {error}. The other rules still ran.",
                                 "This is a bug in cic, not in your data: please report it."),
              "pass-crashed": Message("Checking {what} failed: {error}. The other rules still ran.",
                                      "This is a bug in cic, not in your data: please report it.")})

CIC001 = declare(
    "CIC001", "unreadable-file", ERROR, FAMILY,
    what="A data file cannot be read: missing, a folder, a broken link, not permitted.",
    why="Nothing in it can be checked until it can be read.",
    example="`data/budget.yaml` was deleted.",
    waive=_UNREAD,
    messages={
        "missing": Message("The file does not exist.", "Create it, or remove what refers to it."),
        "broken-link": Message("This is a link to '{target}', which does not exist.",
                               "Restore the file it points to, or replace the link by the file itself."),
        "cannot-open": Message("The file cannot be opened: {reason}.",
                               "Check the file's permissions (it must be readable by you and CI)."),
        "cannot-read": Message("The file cannot be read: {reason}.",
                               "Check the file's permissions and the disk."),
        "not-regular": Message("This is not a regular file (a pipe, a device or a socket); it was not read.",
                               "Replace it by a plain YAML file."),
        "folder": Message("A folder stands where a YAML file is expected.",
                          "Move the folder away or rename it without the .yaml ending."),
        "outside": Message("This is a link leading outside the data folder (to '{target}'); it was not read.",
                           "Data files must be inside the data folder: replace the link by the file itself."),
        "required": Message("The file {name} is missing.",
                            "Every programme has a {name}; restore it from git."),
        "folder-is-a-file": Message("'{name}' should be a folder of YAML files, but it is a file (or a "
                                    "broken link); nothing in it was checked.",
                                    "Make {name}/ a folder holding one YAML file per item."),
        "folder-unreadable": Message("The folder cannot be read: {reason}; nothing in it was checked.",
                                     "Check the folder's permissions."),
    })

CIC002 = declare(
    "CIC002", "not-utf8", ERROR, FAMILY,
    what="A data file is not UTF-8 text (or is binary).",
    why="Accented names (Aït Baha, Saïd) only survive in UTF-8.",
    example="A file saved as Latin-1 from an old editor.",
    waive=_UNREAD,
    messages={
        "binary": Message("This looks like a binary file, not YAML text (it contains a NUL byte).",
                          "Replace it by the YAML text file it should be."),
        "not-utf8": Message("The file is not valid UTF-8 text (byte {byte}); it was probably saved as "
                            "Latin-1 or Windows-1252.",
                            "Save it again as UTF-8 (in most editors: 'Save with encoding')."),
    })

_CANNOT_READ = "The YAML cannot be read: {problem}."
CIC003 = declare(
    "CIC003", "yaml-syntax", ERROR, FAMILY,
    what="A data file is not valid YAML.",
    why="The file cannot be read at all until the syntax is fixed.",
    example="A tab used for indentation, an unclosed quote.",
    waive=_UNREAD,
    messages={
        "syntax": Message(_CANNOT_READ, "Fix the YAML syntax on this line (or the line just above it)."),
        "tab": Message(_CANNOT_READ,
                       "A tab character is used for indentation: YAML needs spaces. Replace the tab by "
                       "spaces."),
        "colon-in-value": Message(_CANNOT_READ,
                                  "A value contains ': ' (colon and space): put the whole value in quotes, "
                                  "or check the indentation of this line."),
        "missing-colon": Message(_CANNOT_READ,
                                 "A line is missing its 'key: value' colon, or a quote is not closed."),
        "indentation": Message(_CANNOT_READ, "A line is indented differently from the lines around it."),
        "unclosed": Message(_CANNOT_READ, "A quote or bracket is opened and never closed."),
        "alias": Message(_CANNOT_READ,
                         "Anchors and aliases (&name / *name) are not used in these files: write the value "
                         "out."),
        "long-key": Message(_CANNOT_READ,
                            "A key is longer than 1024 characters, which YAML does not allow (or a very long "
                            "line lacks its colon): keys are short names; long text goes after 'key: '."),
        "line-separator": Message(_CANNOT_READ,
                                  "This line, or the one above, holds an invisible {char} line separator "
                                  "(often pasted from a PDF), which YAML reads as a line break: delete it."),
        "unclosed-bracket": Message(_CANNOT_READ,
                                    "The bracket opened on line {line} is not closed before this line: close "
                                    "it, or check the commas between its items."),
        "unclosed-quote": Message("The YAML cannot be read: the quoted text that starts here is never closed "
                                  "(the file ends on line {line} still inside it).",
                                  "Add the closing quote at the end of the text, or remove the opening one."),
        "character": Message("The YAML cannot be read: the character {char} is not allowed in a YAML file.",
                             "Delete this invisible character (a control character, often from a "
                             "copy-paste); if it is needed, the file is not a YAML text file."),
        "reader-failed": Message("cic could not read this file past this point ({error}). This is a bug in "
                                 "cic, not in your data.", "Please report it with the file attached."),
    })

CIC004 = declare(
    "CIC004", "duplicate-key", ERROR, FAMILY,
    what="The same key appears twice in one block.",
    why="YAML keeps only one of them, so a figure would silently disappear.",
    example="Two `budget_os1:` lines in a partner file.",
    waive=_UNREAD,
    messages={"twice": Message("The key '{key}' appears twice in the same block (first on line {line}); the "
                               "first value is kept.", "Delete one of the two entries, or merge them.")})

CIC005 = declare(
    "CIC005", "empty-file", ERROR, FAMILY,
    what="A data file is empty.",
    why="An empty file is usually a failed save or a copy gone wrong.",
    example="`data/partners/new.yaml` with no content.",
    waive=_UNREAD,
    messages={"empty": Message("The file is empty.",
                               "Fill it in (see `cic new` for a template), or delete it.")})

_NO_TAG = "Remove the tag (the text starting with '!')."
CIC006 = declare(
    "CIC006", "unsupported-yaml", ERROR, FAMILY,
    what="A YAML feature that programme files do not use: tags, anchors and aliases, merge keys, several "
         "documents.",
    why="They hide values from reviewers and can be abused (billion laughs, object construction); nothing "
        "they hold is read.",
    example="`!!python/object`.",
    waive=_UNREAD,
    messages={
        "tag": Message("The tag '{tag}' is not allowed; it was ignored and the value not read.", _NO_TAG),
        "tag-on-block": Message("The tag '{tag}' is not allowed; this block was not read.", _NO_TAG),
        "alias": Message("The alias '*{anchor}' is not allowed in programme files; its value was not read.",
                         "Write the value out in full instead of using &anchors and *aliases."),
        "anchor": Message("The anchor '&{anchor}' is not used in programme files.",
                          "Remove the '&' anchor and write every value out in full."),
        "documents": Message("The file holds more than one YAML document ('---'); only the first is read.",
                             "Keep one document per file: remove the '---' line and what follows, or move it "
                             "to its own file."),
        "complex-key": Message("A list or mapping is used as a key; this entry was not read.",
                               "Keys are simple words or years: write 'key: value'."),
        "merge-key": Message("Merge keys ('<<') are not used in programme files; this entry was not read.",
                             "Write out the keys you wanted to merge."),
    })

_TOO_LARGE_HINT = ("Data files are a few kilobytes: check that the right file is here, or raise the limit "
                   "with --max-file-size.")
CIC007 = declare(
    "CIC007", "file-too-large", ERROR, FAMILY,
    what="A file over the size limit, or nested too deep.",
    why="Data files are a few kilobytes and a few levels deep; anything else is a mistake or an attack and "
        "is not read.",
    example="A 50 MB export saved into `data/`.",
    waive=_UNREAD,
    messages={
        "too-large": Message("The file is {size} bytes, over the limit of {limit} bytes; it was not read.",
                             _TOO_LARGE_HINT),
        "grew": Message("The file is at least {size} bytes, over the limit of {limit} bytes; it was not "
                        "read.",
                        _TOO_LARGE_HINT),
        "too-deep": Message("The data is nested more than {depth} levels deep; the deeper part was not read.",
                            "Programme files are a few levels deep: check the indentation."),
        "far-too-deep": Message("The data is nested more than {depth} levels deep; the file was not read.",
                                "Programme files are a few levels deep: look for brackets '[' or "
                                "'{{' that are opened and never closed."),
        "too-many-values": Message("The file holds more than {count} values; it was not read.",
                                   "Data files hold a few thousand values: check that the right file is "
                                   "here."),
        "too-many-problems": Message("{count} more problems of the kinds above were found after this one and "
                                     "are not listed.", "Fix the ones listed and run cic validate again."),
    })

CIC009 = declare(
    "CIC009", "unknown-file", WARNING, FAMILY,
    what="A YAML file in `data/` that cic does not know.",
    why="It is not checked, which is probably not what you meant.",
    example="`data/budjet.yaml`.",
    waive="Usually the file is misnamed: rename it. To keep a file cic does not read, add to "
          "data/waivers.yaml `code: CIC009`, `file:` the file's name and a reason saying why it is there.",
    messages={"unknown": Message("{name} is not a file cic knows; it was not read.",
                                 "Known files: {known}; partners go in partners/.")})

_FIELD_HINT = ("Check the spelling against docs/data-format.md, or move the text into a 'note:' field.")
CIC010 = declare(
    "CIC010", "missing-field", ERROR, FAMILY,
    what="A required field is missing.",
    why="Every field of a file is needed by a check or a report.",
    example="A partner file without `budget_os1`.",
    waive="It cannot be waived while the file cannot be read into its model: the file's data is missing from "
          "every check and from the report. Add the field as printed in the document (`cic new` shows every "
          "field), then run `cic validate` again.",
    messages={
        "missing": Message("The field '{field}' is missing (in {where}).", "Add a line '{field}: ...' here."),
        "missing-at-top": Message("The field '{field}' is missing (in the top of the file).",
                                  "Add a line '{field}: ...' here."),
    })

CIC011 = declare(
    "CIC011", "unknown-field", ERROR, FAMILY,
    what="A field that the file's format does not have.",
    why="Usually a misspelt key, whose value would otherwise be ignored.",
    example="`budjet_os1: 150145.16`.",
    waive="It cannot be waived while the file cannot be read into its model: the file's data is missing from "
          "every check and from the report. Correct the key's spelling, or move the text into a `note:` "
          "field, then run `cic validate` again.",
    messages={
        "unknown": Message("'{field}' is not a field this file knows (in {where}).", _FIELD_HINT),
        "unknown-at-top": Message("'{field}' is not a field this file knows (in the top of the file).",
                                  _FIELD_HINT),
    })

_NOT_VALID = "The value {value} of '{where}' is not valid: {reason}."
CIC012 = declare(
    "CIC012", "invalid-value", ERROR, FAMILY,
    what="A value of the wrong kind: text where a number is expected, an impossible date, an amount with "
         "more than two decimals.",
    why="The value cannot be used.",
    example="`partnership_start: 2010-02-30`.",
    waive=_UNREAD_VALUE,
    messages={
        "invalid": Message(_NOT_VALID, "See docs/data-format.md for what '{field}' holds."),
        "invalid-date": Message(_NOT_VALID, "Write dates as YYYY-MM-DD, e.g. 2019-03-31."),
        "invalid-amount": Message(_NOT_VALID,
                                  "Write amounts as plain numbers with a dot for cents, e.g. 150145.16."),
        "invalid-form": Message(_NOT_VALID, "See docs/data-format.md for the form of '{field}'."),
        "not-a-mapping": Message("The file should hold 'key: value' entries at the top, but holds {kind}.",
                                 "Start each top-level line with a field name and a colon."),
        "out-of-bounds": Message("The number {number} is beyond what cic reads (at most {digits} digits "
                                 "before the decimal point and {decimals} after it); it was not read.",
                                 "Write the figure as printed in the document; if it is text, put it in "
                                 "quotes."),
        "control": Message("The text holds the character {char}, invisible or invalid in text; it was not "
                           "read.",
                           "Delete the escape sequence (a backslash code such as \\e or \\x1b) from the "
                           "text."),
        "key": Message("'{key}' cannot be used as a key.", "Keys are words, identifiers or years."),
        "empty": Message("'{where}' is left empty, but {reason}.",
                         "Fill it in as the document prints it; `cic new` shows what each field holds."),
    })

CIC013 = declare(
    "CIC013", "direction-control", ERROR, FAMILY,
    what="A text holds an invisible bidirectional control character (U+202A-U+202E, U+2066-U+2069).",
    why="These make a line display in another order than it is stored (\"Trojan Source\"): a reviewer would "
        "approve a figure or a waiver that is not what cic reads. cic shows them escaped everywhere and "
        "reports each one.",
    example="A U+202E RIGHT-TO-LEFT OVERRIDE inside a commune's name.",
    waive="Delete the character rather than waive it: programme text never needs it. A waiver is possible "
          "(in data/waivers.yaml: code CIC013, the file and a reason), but the line would still not read as "
          "it is displayed.",
    messages={"control": Message("The text holds the invisible direction control {char}, which makes it "
                                 "display in another order than it is read (\"Trojan Source\").",
                                 "Delete it: programme text, Arabic names included, never needs it. Most "
                                 "editors show it only with 'show invisible characters'.")})

CIC014 = declare(
    "CIC014", "left-to-transcribe", WARNING, FAMILY,
    what="A value is still `TODO` (or starts with TODO): left to transcribe or to decide.",
    why="`cic init` writes TODO wherever the officers must transcribe the document; each one left is a "
        "value that no check or report can use yet. Until then, a TODO where a number, a date or a year "
        "is expected keeps its file out of the reports.",
    example="`budget_os1: TODO` in a partner file made by `cic init`.",
    waive="Transcribe the value as printed rather than waive it. A value the document does not give stays "
          "TODO and keeps this warning, so that nobody takes it for the programme's; a waiver "
          "(`# cic: ignore[CIC014] reason` at the end of the line) only says it is known.",
    messages={"todo": Message("'{where}' is left to transcribe: {value}.",
                              "Write the value as the document prints it.")})

CIC015 = declare(
    "CIC015", "former-format", ERROR, FAMILY,
    what="A data file is written in cic's former format, before data/programme.yaml.",
    why="The keys were renamed when cic learned to hold any programme (another country, period, shape); a "
        "file with the old keys is not read rather than read wrongly.",
    example="A partner file with `moroccan_communes:`, now `local_communes:`.",
    waive="Convert the data folder with `cic migrate` (it keeps every value and comment) rather than waive "
          "it: the file is not read until then.",
    messages={"renamed": Message("This file is written in cic's former format: '{old}' is now '{new}'; it "
                                 "was not read.", "Run `cic migrate` to convert the data folder."),
              "added": Message("This file is written in cic's former format: it has no '{new}'; it was not "
                               "read.", "Run `cic migrate` to convert the data folder.")})

CODES: tuple[Code, ...] = (CIC000, CIC001, CIC002, CIC003, CIC004, CIC005, CIC006, CIC007, CIC009, CIC010,
                           CIC011, CIC012, CIC013, CIC014, CIC015)
#: The codes whose finding means the file, or a value in it, was not read: never waived.
UNREAD: frozenset[str] = frozenset({"CIC001", "CIC002", "CIC003", "CIC004", "CIC005", "CIC006", "CIC007",
                                    "CIC015"})
