"""The one table of every rule code, and the checks `cic validate` runs, in order.

Each family module declares its codes (`codes.declaration.Code`) and its checks; this module lists the
families explicitly, so the table is complete by construction and nothing depends on the order
of imports. `cic rules`, docs/rules.md, the SARIF rule descriptors, the GitHub annotation titles,
`--select`/`--ignore` and the waivers all read `CODES`.

The monitoring and readings passes are not checks here: they build what the reports use as well
as their findings, so `cicmaroc.api` runs each once per run (`derive.monitoring.read_monitoring`,
`derive.readings.read_programme`). A check that raises does not stop the run: it becomes CIC000.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from cicmaroc.codes import collecting, files, iati
from cicmaroc.codes.declaration import Code
from cicmaroc.codes.files import CIC000
from cicmaroc.derive import monitoring, readings
from cicmaroc.findings import Finding
from cicmaroc.rules import (
    Check,
    budget,
    due_dates,
    evidence,
    identity,
    indicators,
    narrative,
    overspend,
    partners,
    publisher,
    references,
    risk_follow_up,
    risks,
    translations,
    waivers,
)

if TYPE_CHECKING:
    from cicmaroc.config import Config
    from cicmaroc.loading.programme import Programme

#: Every code, in code order: the one table.
CODES: tuple[Code, ...] = tuple(sorted(
    (*files.CODES, *identity.CODES, *budget.CODES, *partners.CODES, *references.CODES, *indicators.CODES,
     *risks.CODES, *risk_follow_up.CODES, *narrative.CODES, *monitoring.CODES, *collecting.CODES, *iati.CODES,
     *publisher.CODES, *waivers.CODES, *readings.CODES, *translations.CODES, *due_dates.CODES,
     *evidence.CODES, *overspend.CODES), key=lambda c: c.code))
BY_CODE: dict[str, Code] = {c.code: c for c in CODES}
#: The checks, in the order they run (the order of findings that share a place).
CHECKS: tuple[Check, ...] = (*identity.CHECKS, *budget.CHECKS, budget.PARTNERS_CHECK,
                             *partners.COUNTRY_CHECKS, *references.CHECKS,
                             *indicators.CHECKS, *risks.CHECKS, *risk_follow_up.CHECKS, *narrative.CHECKS,
                             *partners.CHECKS, *translations.CHECKS,
                             *publisher.CHECKS, *due_dates.CHECKS, *evidence.CHECKS)


def code(name: str) -> Code | None:
    """The declaration of a code (`CIC201`, any case), or None."""
    return BY_CODE.get(name.upper())


def run_checks(programme: Programme, config: Config) -> list[Finding]:
    """Run every check with an enabled code; a check that raises becomes one CIC000 finding.

    The caller filters the findings by code (`api.validate` does it once, after the waivers).
    """
    findings: list[Finding] = []
    for check in CHECKS:
        if not any(config.enabled(c.code) for c in check.codes):
            continue
        findings.extend(guarded(check.code, lambda check=check: list(check.run(programme, config))))  # type: ignore[misc]
    return findings


def guarded(code: Code, run: Callable[[], list[Finding]]) -> list[Finding]:
    """The findings of `run()`, or, if it raises, one CIC000 finding naming `code`'s rule."""
    try:
        return run()
    except Exception as exc:
        return [CIC000.finding("crashed", None, rule=code.code, name=code.name, error=_error(exc))]


def crashed(what: Any, exc: Exception) -> Finding:
    """The CIC000 finding of a pass (the monitoring files, the readings) that failed."""
    return CIC000.finding("pass-crashed", None, what=what, error=_error(exc))


def _error(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"
