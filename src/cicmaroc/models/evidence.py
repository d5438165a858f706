"""`data/evidence.yaml`: the SHA-256 of each evidence file as it was reported.

A monitoring entry names its means of verification (`evidence: [2019/ait-baha/pv-sas.pdf]`, paths
under `data/evidence/`); `cic import` (which takes the files into place) and `cic evidence
--record` write here what each file was when it was reported: its SHA-256, its size and the day.
`cic validate` then reports a file that changed afterwards (CIC753), so an auditor's bundle holds
what was reported, and Git LFS's pointer of a file not pulled is checked by its own SHA-256.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, StringConstraints

from cicmaroc.models.common import Date, Note, Strict, Whole, empty_dict

#: A SHA-256 as 64 lowercase hexadecimal digits (what `sha256sum` and Git LFS write).
SHA256_PATTERN = r"^[0-9a-f]{64}$"
Sha256 = Annotated[str, StringConstraints(pattern=SHA256_PATTERN),
                   Field(description="The file's SHA-256, 64 lowercase hexadecimal digits.")]


class Recorded(Strict):
    """One evidence file as it was when it was reported."""

    sha256: Sha256
    size: Annotated[Whole, Field(ge=0, description="Its size in bytes.")]
    recorded: Date = Field(description="When it was recorded (YYYY-MM-DD).")
    note: Note = None


class EvidenceRecord(Strict):
    """The record of the evidence files, by path under data/evidence/."""

    files: dict[str, Recorded] = Field(
        default_factory=empty_dict,
        description="Path under data/evidence/ (<year>/<reporter id>/pv-sas.pdf) -> its SHA-256, size and "
                    "the day it was recorded. Written by cic import and cic evidence --record.")
    note: Note = None
