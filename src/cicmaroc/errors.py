"""The two kinds of error a command reports without a finding: the caller's, and the data's.

Everything wrong *in* the data is a finding. What is left is either a problem with how or where
cic was called (`UsageError`: a missing data folder, a bad setting, a year outside the programme,
a file that cannot be written; exit 2), or data too broken for the command to work at all
(`DataError`: a report without a readable logframe; exit 1, like findings). Each part of cic
raises its own subclass; the command line catches these two.
"""

from __future__ import annotations


class UsageError(Exception):
    """cic was called wrongly, or where it cannot work; the message says what to do (exit 2)."""


class DataError(Exception):
    """The data is too broken for this command; the message says which file to fix (exit 1)."""
