"""IATI files (CIC800-CIC804): what `cic iati --check` reports.

The checks themselves live in `cicmaroc.iati` (with lxml, loaded only by `cic iati`); `cic
validate` never reports these codes. Their declarations live here with every other code's, so
that `cic rules CIC803`, docs/rules.md and the SARIF rule descriptors explain them.
"""

from __future__ import annotations

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Severity
from cicmaroc.i18n import N_

_WAIVE = ("An IATI file has no waivers: `cic iati --check` reports every finding, and the file is corrected "
          "in the tool that exports it (or the finding is explained to the file's publisher).")
#: When a check has found too many findings of one code, the one that counts the others.
_MORE = Message("{count} more {code} findings in this file are not shown.",
                "Fix the ones shown and check again.")
#: Hints of a reading problem (the data files' reader) reported for an IATI file.
HINT_RAISE_LIMIT = N_("Raise the limit with --max-file-size if this really is the file to check.")
HINT_IATI_FILE = N_("Give the path of an IATI activity file (XML).")
_NOT_ACTIVITIES = "cic iati --check checks activity files, whose root element is <iati-activities>."
_GUIDANCE = "Guidance: {guidance}"
_CODES_AT = "The codes: {url}"
_CURRENT = "Use a current code instead. The codes: {url}"

CIC800 = declare(
    "CIC800", "iati-unreadable", Severity.ERROR, "iati",
    what="An IATI file that cannot be checked: missing, too large, not XML, or not an activity file.",
    why="Nothing in it can be checked until it can be read. A file with a DOCTYPE is refused too: IATI files "
        "have none, and entities are how XML files read other files (XXE) or grow without end (billion "
        "laughs).",
    example="An HTML error page saved as `activities.xml`; a `<!DOCTYPE ...>` declaration.",
    waive="It cannot be waived: nothing in the file was checked. Give the right file, or export it again.",
    messages={
        "folder": Message("This is a folder, not an IATI file; nothing was checked.", HINT_IATI_FILE),
        "not-xml": Message("This is not well-formed XML: {reason}.",
                           "An IATI file is XML: check that this is the right file, and that it was saved "
                           "whole."),
        "organisation-file": Message("This is an IATI organisation file, not an IATI activity file "
                                     "(<iati-activities>); it was not checked.", _NOT_ACTIVITIES),
        "other-root": Message("This is an XML file whose root element is <{root}>, not an IATI activity file "
                              "(<iati-activities>); it was not checked.", _NOT_ACTIVITIES),
        "doctype": Message("The file declares a DOCTYPE (a DTD or entities); IATI files have none, and cic "
                           "does not read files that do, since entities can read other files or expand "
                           "without end.",
                           "Remove the <!DOCTYPE ...> declaration, or export the file again from its tool."),
    })
CIC801 = declare(
    "CIC801", "iati-schema", Severity.ERROR, "iati",
    what="The file is valid against the official IATI 2.03 activity schema (XSD).",
    why="The IATI Registry and every IATI tool reject or misread a file that is not; the message is the "
        "schema validator's own, placed on the element. A file declaring another version than 2.03 gets a "
        "warning under this code, since it is checked against 2.03 regardless.",
    example="`<activity-status/>` without its `code` attribute; elements in the wrong order.",
    waive=_WAIVE,
    messages={
        "version": Message("The file says it follows IATI version {version}; cic checks it against "
                           "{standard}, so some findings may come from the difference.",
                           "Publish with version=\"{standard}\".", Severity.WARNING),
        "invalid": Message("Not valid against the IATI {standard} schema: {detail}.",
                           "The schema's reference, element by element: {reference}activity-standard/"),
        "more": _MORE,
    })
CIC802 = declare(
    "CIC802", "iati-codelist", Severity.ERROR, "iati",
    what="Every coded value is a code of its IATI codelist (for sectors and others, of its vocabulary).",
    why="A code outside its list means nothing to the readers of the data. A code missing from a complete "
        "codelist is an error; from an open one (Language, Country) a warning, as other codes are allowed "
        "there; a code withdrawn before the as-of date is a warning.",
    example="`<participating-org role=\"9\">`, `<sector vocabulary=\"1\" code=\"15199\">`.",
    waive=_WAIVE,
    messages={
        "not-a-code": Message("{attribute} is '{value}': not a code of the IATI codelist {codelist}.",
                              _CODES_AT),
        "not-a-code-of-vocabulary": Message("{attribute} is '{value}': not a code of the IATI codelist "
                                            "{codelist} (vocabulary {vocabulary}).", _CODES_AT),
        "open-list": Message("{attribute} is '{value}': not on the IATI codelist {codelist}, an open list: "
                             "other "
                             "codes are allowed, so check that this is not a typing mistake.", _CODES_AT,
                             Severity.WARNING),
        "open-list-of-vocabulary": Message("{attribute} is '{value}': not on the IATI codelist {codelist} "
                                           "(vocabulary {vocabulary}), an open list: other codes are "
                                           "allowed, so check that this is not a typing mistake.", _CODES_AT,
                                           Severity.WARNING),
        "withdrawn": Message("{attribute} is {value}: this code was withdrawn from the IATI codelist "
                             "{codelist}.", _CURRENT, Severity.WARNING),
        "withdrawn-of-vocabulary": Message("{attribute} is {value}: this code was withdrawn from the IATI "
                                           "codelist {codelist} (vocabulary {vocabulary}).", _CURRENT,
                                           Severity.WARNING),
        "withdrawn-on": Message("{attribute} is {value}: this code was withdrawn from the IATI codelist "
                                "{codelist} on {date}.", _CURRENT, Severity.WARNING),
        "withdrawn-on-of-vocabulary": Message("{attribute} is {value}: this code was withdrawn from the "
                                              "IATI codelist {codelist} (vocabulary {vocabulary}) on {date}.",
                                              _CURRENT,
                                              Severity.WARNING),
        "more": _MORE,
    })
CIC803 = declare(
    "CIC803", "iati-rule", Severity.ERROR, "iati",
    what="A rule of the IATI Standard's rule set (rulesets/standard.json) holds; the finding names it.",
    why="These are the rules the IATI Validator applies: the identifier starts with the reporting "
        "organisation's, a budget period is at most a year, percentages add up to 100, nothing is dated "
        "after the as-of date. The severity is the rule set's own (error or warning); the message starts "
        "with the rule's id (`IATI rule 7.5.3: ...`) and its text.",
    example="A `<budget>` from 2018-01-01 to 2019-06-30 (rule 7.5.3).",
    waive=_WAIVE,
    messages={
        "failed": Message("IATI rule {rule}: {text}", _GUIDANCE),
        "failed-detail": Message("IATI rule {rule}: {text} {detail}", _GUIDANCE),
        "failed-unguided": Message("IATI rule {rule}: {text}"),
        "failed-detail-unguided": Message("IATI rule {rule}: {text} {detail}"),
        "not-applied": Message("IATI rule {rule} ({kind}) was not applied: {reason}.",
                               severity=Severity.INFO),
        "not-evaluated": Message("IATI rule {rule} ({kind}) could not be evaluated: {error}.",
                                 "This is a fault in cic or in its copy of the rule set: please report it."),
        "more": _MORE,
    })

CIC804 = declare(
    "CIC804", "iati-guidance", Severity.WARNING, "iati",
    what="What the IATI guidance asks and neither the schema nor the rule set checks: budget periods that "
         "do not overlap, a budget's value date within its period, no spending before the actual start, "
         "a status that agrees with the actual dates.",
    why="The IATI Registry's readers (d-portal, the donor's own tools) add up budgets by period and read the "
        "status beside the dates: overlapping budgets are counted twice, and an activity \"being "
        "implemented\" that has ended confuses every list of current activities. Each finding names the "
        "guidance it comes from (`IATI guidance, Activity budgets: ...`), never a rule of the rule set.",
    example="Two original budgets for 2019-01-01 to 2019-12-31 and 2019-07-01 to 2020-06-30; activity "
            "status 2 (implementation) with an actual end date.",
    waive=_WAIVE,
    messages={
        "budgets-overlap": Message("IATI guidance, {source}: the budget of type {type} for {start} to {end} "
                                   "overlaps the one for {other_start} to {other_end}; an activity's budget "
                                   "periods should not overlap.", _GUIDANCE),
        "budget-value-date": Message("IATI guidance, {source}: the budget's value date {date} is outside its "
                                     "period, {start} to {end}.", _GUIDANCE),
        "spend-before-start": Message("IATI guidance, {source}: this spending is dated {date}, before the "
                                      "activity's actual start, {start} (the actual start is the date of the "
                                      "first disbursement).", _GUIDANCE),
        "ended-but-open": Message("IATI guidance, {source}: the activity has ended (actual end date {date}) "
                                  "but its status is {status}, an activity still in its pipeline or being "
                                  "implemented; an ended activity is in finalisation (3) or closed (4).",
                                  _GUIDANCE),
        "started-in-pipeline": Message("IATI guidance, {source}: the activity has started (actual start date "
                                       "{date}) but its status is 1, pipeline or identification.", _GUIDANCE),
        "more": _MORE,
    })

CODES: tuple[Code, ...] = (CIC800, CIC801, CIC802, CIC803, CIC804)
