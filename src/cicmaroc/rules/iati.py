"""IATI codes CIC800-CIC803: what `cic iati --check` reports, declared here for the registry.

The checks themselves live in `cicmaroc.iati` (with lxml, loaded only by `cic iati`); `cic
validate` never emits these codes. Each function below only carries its code's documentation,
so that `cic rules CIC803`, docs/rules.md and the SARIF rule descriptors explain it.
"""

from __future__ import annotations

from collections.abc import Iterable

from cicmaroc.config import Config
from cicmaroc.findings import Finding, Severity
from cicmaroc.loading.programme import Programme
from cicmaroc.rules.registry import Rule


def unreadable(programme: Programme, config: Config) -> Iterable[Finding]:
    """An IATI file that cannot be checked: missing, too large, not XML, or not an activity file.

    Why: nothing in it can be checked until it can be read. A file with a DOCTYPE is refused too:
    IATI files have none, and entities are how XML files read other files (XXE) or grow without
    end (billion laughs).

    Example: an HTML error page saved as `activities.xml`; a `<!DOCTYPE ...>` declaration.
    """
    return ()


def schema(programme: Programme, config: Config) -> Iterable[Finding]:
    """The file is valid against the official IATI 2.03 activity schema (XSD).

    Why: the IATI Registry and every IATI tool reject or misread a file that is not; the message
    is the schema validator's own, placed on the element. A file declaring another version than
    2.03 gets a warning under this code, since it is checked against 2.03 regardless.

    Example: `<activity-status/>` without its `code` attribute; elements in the wrong order.
    """
    return ()


def codelist(programme: Programme, config: Config) -> Iterable[Finding]:
    """Every coded value is a code of its IATI codelist (for sectors and others, of its vocabulary).

    Why: a code outside its list means nothing to the readers of the data. A code missing from a
    complete codelist is an error; from an open one (Language, Country) a warning, as other codes
    are allowed there; a code withdrawn before the as-of date is a warning.

    Example: `<participating-org role="9">`, `<sector vocabulary="1" code="15199">`.
    """
    return ()


def rule(programme: Programme, config: Config) -> Iterable[Finding]:
    """A rule of the IATI Standard's rule set (rulesets/standard.json) holds; the finding names it.

    Why: these are the rules the IATI Validator applies: the identifier starts with the reporting
    organisation's, a budget period is at most a year, percentages add up to 100, nothing is
    dated after the as-of date. The severity is the rule set's own (error or warning); the
    message starts with the rule's id (`IATI rule 7.5.3: ...`) and its text.

    Example: a `<budget>` from 2018-01-01 to 2019-06-30 (rule 7.5.3).
    """
    return ()


RULES: tuple[Rule, ...] = (
    Rule("CIC800", "iati-unreadable", Severity.ERROR, "iati", unreadable),
    Rule("CIC801", "iati-schema", Severity.ERROR, "iati", schema),
    Rule("CIC802", "iati-codelist", Severity.ERROR, "iati", codelist),
    Rule("CIC803", "iati-rule", Severity.ERROR, "iati", rule),
)
