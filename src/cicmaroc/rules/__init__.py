"""The checks of `cic validate`, one module per family, and what a check is (`Check`).

A check is a function over the whole programme and the settings of the run, and the codes it
reports. The codes are declared on the catalogue's floor (`cicmaroc.codes.declaration`); a
family's checks and their codes' declarations live together in the family's module here
(`budget.py`, `partners.py`, ...), and `rules.registry` lists every check in the order it runs.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, NamedTuple

from cicmaroc.codes.declaration import Code
from cicmaroc.findings import Finding

if TYPE_CHECKING:
    from cicmaroc.config import Config
    from cicmaroc.loading.programme import Programme

#: A check: the findings of one rule over the whole programme, with the settings of the run.
CheckFunction = Callable[["Programme", "Config"], Iterable[Finding]]


class Check(NamedTuple):
    """A check and the codes it reports; it runs when any of them is enabled."""

    codes: tuple[Code, ...]
    run: CheckFunction

    @property
    def code(self) -> Code:
        """The code the check is known by (the first it reports)."""
        return self.codes[0]
