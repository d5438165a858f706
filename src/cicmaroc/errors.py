"""The two kinds of error a command reports without a finding: the caller's, and the data's.

Everything wrong *in* the data is a finding. What is left is either a problem with how or where
cic was called (`UsageError`: a missing data folder, a bad setting, a year outside the programme,
a file that cannot be written; exit 2), or data too broken for the command to work at all
(`DataError`: a report without a readable logframe; exit 1, like findings). Each part of cic
raises its own subclass; the command line catches these two.

Like a finding, an error can keep its sentence as an English template with named values
(`raise ReportError(N_("{year} is not a year ..."), year=year)`): the command line then says it
in the language of the run (`cicmaroc.i18n`). `str(error)` is the English sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class _Said(Exception):
    """An error whose message is a template and its values (or a plain English sentence).

    `findings` are the data's own findings that explain it (an unread file's, located), said
    before the sentence; `sources` the files' texts they quote (`Programme.sources`)."""

    def __init__(self, message: str, /, **values: Any) -> None:
        super().__init__(message.format_map(values) if values else message)
        self.template = message
        self.values = values
        self.findings: tuple[Any, ...] = ()
        self.sources: Mapping[str, Any] = {}


class UsageError(_Said):
    """cic was called wrongly, or where it cannot work; the message says what to do (exit 2)."""


class DataError(_Said):
    """The data is too broken for this command; the message says which file to fix (exit 1)."""
