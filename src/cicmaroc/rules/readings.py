"""Reading rules CIC911-CIC915: each agreed reading still names a printed figure that holds.

The readings are resolved in one pass (`cicmaroc.rules.readings_pass.read_programme`, which also builds the
programme the reports compute with), so one rule, CIC910, runs it and emits the codes below;
each code keeps its own documentation so that `cic rules CIC912` explains it.

A reading never silences a finding: the rule that reports the printed figure (CIC401 for IOV
4.3's 13 communes) keeps reporting it until a waiver acknowledges it.
"""

from __future__ import annotations

from collections.abc import Iterable

from cicmaroc.config import Config
from cicmaroc.findings import Finding, Severity
from cicmaroc.loading.programme import Programme
from cicmaroc.rules.registry import Rule, documented


def readings_file(programme: Programme, config: Config) -> Iterable[Finding]:
    """Each agreed reading in data/readings.yaml names a printed figure that still holds its value.

    Why: progress and budget execution compute with the reading instead of the printed figure;
    a reading that no longer matches the data would silently change a figure the officers never
    agreed to change.

    Example: a reading of IOV 4.3's year-5 target, printed 13, after the data was edited to 12.
    """
    from cicmaroc.rules.readings_pass import read_programme

    return read_programme(programme).findings


_NOT_APPLIED = "a reading with this problem is not applied: the outputs compute with the printed figure"
CODES = (
    ("CIC911", "reading-figure-not-found", Severity.ERROR,
     documented("A reading names a figure that exists: a data file transcribing the document, and "
                "a path in it that leads to one figure.",
                f"a reading whose figure is gone (renamed indicator, moved file) reads nothing; "
                f"{_NOT_APPLIED}.",
                "`path: [results, R4, indicators, IOV 4.9, year5, values, formations]` when R4 has "
                "IOV 4.1 to IOV 4.3.")),
    ("CIC912", "reading-printed-differs", Severity.ERROR,
     documented("A reading's `printed` value is the value data/ holds for the figure.",
                f"the officers agreed how to read one printed figure; if data/ now holds another, "
                f"the agreement may not fit it; {_NOT_APPLIED}.",
                "`printed: 13` for IOV 4.3's year-5 target after the file was changed to 12.")),
    ("CIC913", "reading-value-invalid", Severity.ERROR,
     documented("A reading's `read_as` value is a value the figure can take.",
                f"the programme must still make sense as read; {_NOT_APPLIED}.",
                "`read_as: douze` for a count, or `read_as: 12.345` for an amount.")),
    ("CIC914", "duplicate-reading", Severity.ERROR,
     documented("A figure has one reading.",
                "two readings of one figure make the outputs depend on which is applied; the second "
                "is not applied.",
                "two entries for IOV 4.3's year-5 target, one reading 12, the other 11.")),
    ("CIC915", "reading-changes-nothing", Severity.WARNING,
     documented("A reading reads the printed figure as something else.",
                "a reading equal to the printed figure changes nothing and suggests a mistake.",
                "`printed: 13` and `read_as: 13`.")),
)

RULES: tuple[Rule, ...] = (
    Rule("CIC910", "readings-file", Severity.ERROR, "readings", readings_file,
         emits=tuple(code for code, *_ in CODES)),
    *(Rule(code, name, severity, "readings", doc) for code, name, severity, doc in CODES),
)
