"""The rule registry: one explicit table of every check `cic validate` runs.

A rule is a function `check(programme, config) -> Iterable[Finding]` with a stable code, a short
name, a default severity and a docstring in three parts (what it checks, why it matters, an
example). The docstring *is* the documentation: `cic rules CODE` prints it and docs/rules.md is
generated from it. A rule that raises does not stop the run: it becomes a CIC000 finding.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from cicmaroc.config import Config
from cicmaroc.findings import Finding, Severity
from cicmaroc.loading.programme import Programme

Check = Callable[[Programme, Config], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered check and its metadata."""

    code: str
    name: str
    severity: Severity
    family: str
    check: Check | None  # None for the loader's codes, which are found while reading files
    emits: tuple[str, ...] = ()  # other codes this check reports (CIC106 for rounding, CIC7xx)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code the check may report: it runs when any of them is enabled."""
        return (self.code, *self.emits)

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "") if self.check else LOADER_DOCS[self.code]

    @property
    def summary(self) -> str:
        return self.doc.split("\n\n", 1)[0].replace("\n", " ")


LOADER_DOCS = {
    "CIC000": "A rule failed while checking the data.\n\nThis is a bug in cic, not in the data; the "
              "other rules still ran. Report it with the command you ran.",
    "CIC001": "A data file cannot be read: missing, a folder, a broken link, not permitted.\n\n"
              "Nothing in it can be checked until it can be read.\n\nExample: `data/budget.yaml` was "
              "deleted.",
    "CIC002": "A data file is not UTF-8 text (or is binary).\n\nAccented names (Aït Baha, Saïd) "
              "only survive in UTF-8.\n\nExample: a file saved as Latin-1 from an old editor.",
    "CIC003": "A data file is not valid YAML.\n\nThe file cannot be read at all until the syntax "
              "is fixed.\n\nExample: a tab used for indentation, an unclosed quote.",
    "CIC004": "The same key appears twice in one block.\n\nYAML keeps only one of them, so a figure "
              "would silently disappear.\n\nExample: two `budget_os1:` lines in a partner file.",
    "CIC005": "A data file is empty.\n\nAn empty file is usually a failed save or a copy gone "
              "wrong.\n\nExample: `data/partners/new.yaml` with no content.",
    "CIC006": "A YAML feature that programme files do not use: tags, anchors and aliases, merge keys, "
              "several documents.\n\nThey hide values from reviewers and can be abused (billion "
              "laughs, object construction); nothing they hold is read.\n\nExample: `!!python/object`.",
    "CIC007": "A file over the size limit, or nested too deep.\n\nData files are a few kilobytes "
              "and a few levels deep; anything else is a mistake or an attack and is not read."
              "\n\nExample: a 50 MB export saved into `data/`.",
    "CIC013": "A text holds an invisible bidirectional control character (U+202A-U+202E, "
              "U+2066-U+2069).\n\nThese make a line display in another order than it is stored "
              "(\"Trojan Source\"): a reviewer would approve a figure or a waiver that is not what cic "
              "reads. cic shows them escaped everywhere and reports each one.\n\nExample: a "
              "U+202E RIGHT-TO-LEFT OVERRIDE inside a commune's name.",
    "CIC009": "A YAML file in `data/` that cic does not know.\n\nIt is not checked, which is "
              "probably not what you meant.\n\nExample: `data/budjet.yaml`.",
    "CIC010": "A required field is missing.\n\nEvery field of a file is needed by a check or a "
              "report.\n\nExample: a partner file without `budget_os1`.",
    "CIC011": "A field that the file's format does not have.\n\nUsually a misspelt key, whose value "
              "would otherwise be ignored.\n\nExample: `budjet_os1: 150145.16`.",
    "CIC012": "A value of the wrong kind: text where a number is expected, an impossible date, an "
              "amount with more than two decimals.\n\nThe value cannot be used.\n\nExample: "
              "`partnership_start: 2010-02-30`.",
}
_LOADER_META = {
    "CIC000": ("rule-crashed", Severity.ERROR), "CIC001": ("unreadable-file", Severity.ERROR),
    "CIC002": ("not-utf8", Severity.ERROR), "CIC003": ("yaml-syntax", Severity.ERROR),
    "CIC004": ("duplicate-key", Severity.ERROR), "CIC005": ("empty-file", Severity.ERROR),
    "CIC006": ("unsupported-yaml", Severity.ERROR), "CIC007": ("file-too-large", Severity.ERROR),
    "CIC009": ("unknown-file", Severity.WARNING), "CIC010": ("missing-field", Severity.ERROR),
    "CIC011": ("unknown-field", Severity.ERROR), "CIC012": ("invalid-value", Severity.ERROR),
    "CIC013": ("direction-control", Severity.ERROR),
}


def _rules() -> tuple[Rule, ...]:
    from cicmaroc.rules import budget, indicators, partners, references, risks, waivers

    loader = tuple(Rule(code, name, sev, "files", None) for code, (name, sev) in _LOADER_META.items())
    ROUNDING = ("CIC106",)  # the arithmetic rules report rounding gaps as CIC106
    checks = (
        # budget arithmetic
        Rule("CIC101", "row-total", Severity.ERROR, "budget", budget.row_totals, ROUNDING),
        Rule("CIC102", "line-total", Severity.ERROR, "budget", budget.line_totals, ROUNDING),
        Rule("CIC103", "grand-total", Severity.ERROR, "budget", budget.grand_totals, ROUNDING),
        Rule("CIC104", "association-split", Severity.ERROR, "budget", budget.association_split, ROUNDING),
        Rule("CIC105", "country-total", Severity.ERROR, "budget", budget.stated_totals, ROUNDING),
        Rule("CIC106", "rounding-difference", Severity.WARNING, "budget", budget.rounding_doc),
        Rule("CIC107", "table-shape", Severity.ERROR, "budget", budget.table_shape),
        # partners against the budget and the country sheet
        Rule("CIC201", "partners-budget", Severity.ERROR, "partners-budget", budget.partners_total,
             ROUNDING),
        Rule("CIC202", "map-legend", Severity.WARNING, "partners-budget", partners.map_legend),
        Rule("CIC203", "beneficiary-communes", Severity.ERROR, "partners-budget",
             partners.beneficiary_communes),
        # references
        Rule("CIC301", "duplicate-id", Severity.ERROR, "references", references.duplicate_ids),
        Rule("CIC302", "duplicate-text", Severity.WARNING, "references", references.duplicate_texts),
        Rule("CIC303", "unknown-measure", Severity.ERROR, "references", references.unknown_measures),
        Rule("CIC304", "numbering", Severity.WARNING, "references", references.numbering),
        Rule("CIC305", "file-name", Severity.ERROR, "references", references.file_names),
        # indicators
        Rule("CIC401", "target-too-high", Severity.ERROR, "indicators", indicators.too_many_communes),
        Rule("CIC402", "percent-mismatch", Severity.ERROR, "indicators", indicators.percent_mismatch,
             ("CIC406",)),
        Rule("CIC403", "cumulative-decrease", Severity.ERROR, "indicators", indicators.cumulative_decrease),
        Rule("CIC404", "baseline-side", Severity.ERROR, "indicators", indicators.baseline_side),
        Rule("CIC405", "deadline-period", Severity.ERROR, "indicators", indicators.deadline_period),
        Rule("CIC406", "percent-rounding", Severity.WARNING, "indicators", indicators.percent_rounding_doc),
        # risks
        Rule("CIC501", "risk-scale", Severity.ERROR, "risks", risks.scale_words),
        Rule("CIC502", "risk-matrix-monotone", Severity.ERROR, "risks", risks.monotone),
        Rule("CIC503", "risk-level-consistent", Severity.ERROR, "risks", risks.same_cell_same_level),
        # partner sheets
        Rule("CIC601", "email-format", Severity.ERROR, "partners", partners.email_format),
        Rule("CIC602", "phone-format", Severity.WARNING, "partners", partners.phone_format),
        Rule("CIC603", "partnership-start", Severity.INFO, "partners", partners.partnership_start),
        Rule("CIC604", "outcome-text", Severity.ERROR, "partners", partners.outcome_text),
        Rule("CIC605", "commune-name", Severity.WARNING, "partners", partners.commune_names),
        # waivers
        Rule("CIC901", "waiver-without-reason", Severity.ERROR, "waivers", waivers.reason_doc),
        Rule("CIC902", "unused-waiver", Severity.WARNING, "waivers", waivers.unused_doc),
        Rule("CIC903", "unknown-waiver-code", Severity.ERROR, "waivers", waivers.unknown_code_doc),
    )
    return loader + checks + _extra_rules()


def _extra_rules() -> tuple[Rule, ...]:
    """The monitoring and readings families, whose documentation lives beside their one-pass
    check, and the IATI codes, which `cic iati --check` reports (documented here, checked in
    `cicmaroc.iati`)."""
    from cicmaroc.rules import iati, monitoring, readings

    return monitoring.RULES + iati.RULES + readings.RULES


def documented(summary: str, why: str, example: str) -> Check:
    """A check that finds nothing itself, carrying the documentation of a code another check emits."""
    def check(programme: Programme, config: Config) -> Iterable[Finding]:
        return iter(())

    check.__doc__ = f"{summary}\n\nWhy: {why}\n\nExample: {example}"
    return check


_CACHE: tuple[Rule, ...] | None = None


def all_rules() -> tuple[Rule, ...]:
    """Every rule, loader codes first, in code order within each family."""
    global _CACHE
    if _CACHE is None:
        _CACHE = _rules()
    return _CACHE


def get(code: str) -> Rule | None:
    return next((r for r in all_rules() if r.code == code.upper()), None)


def describe_code(code: str, fallback_name: str = "") -> tuple[str, str, Severity]:
    """Name, one-line summary and default severity of a code (for SARIF rule descriptors)."""
    rule = get(code)
    if rule is None:
        return fallback_name or code, fallback_name or code, Severity.ERROR
    return rule.name, rule.summary, rule.severity


def run_rules(programme: Programme, config: Config) -> list[Finding]:
    """Run every rule with an enabled code; a rule that raises becomes one CIC000 finding.

    The caller filters the findings by code (`api.validate` does it once, after the waivers).
    """
    findings: list[Finding] = []
    for rule in all_rules():
        if rule.check is None or not any(config.enabled(c) for c in rule.codes):
            continue
        try:
            for finding in rule.check(programme, config):
                findings.append(finding if finding.name else _named(finding, rule))
        except Exception as exc:
            findings.append(Finding(
                "CIC000", Severity.ERROR,
                f"The rule {rule.code} ({rule.name}) failed: {type(exc).__name__}: {exc}. "
                "The other rules still ran.",
                hint="This is a bug in cic, not in your data: please report it.",
                name="rule-crashed"))
    return findings


def _named(finding: Finding, rule: Rule) -> Finding:
    """Fill in the rule name; a rule may emit a sibling code (CIC106 for rounding)."""
    from dataclasses import replace

    emitted = get(finding.code) if finding.code != rule.code else rule
    return replace(finding, name=emitted.name if emitted else rule.name)
