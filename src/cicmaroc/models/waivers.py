"""`data/waivers.yaml`: known discrepancies of the approved document, acknowledged with a reason.

The document cannot be changed, so a finding that reflects it (not a transcription slip) is
waived rather than "fixed". A waiver names the rule, the file, optionally a piece of the
message to match, and always the reason; a waiver that no longer matches anything is reported.
"""

from __future__ import annotations

from pydantic import Field

from cicmaroc.models.common import Note, Strict, empty_list


class Waiver(Strict):
    """One acknowledged finding (or family of findings)."""

    code: str = Field(pattern=r"^CIC\d{3}$", description="The rule code, e.g. CIC201.")
    file: str = Field(description="The data file, relative to the data folder: budget.yaml, "
                                  "partners/evere.yaml; or a glob pattern of files: partners/*.yaml.")
    contains: str | None = Field(default=None, description="Only findings whose message contains this.")
    reason: str = Field(default="", description="Why it is acknowledged: who decided, when, on what basis.")
    note: Note = None


class Waivers(Strict):
    """The waiver file."""

    waivers: list[Waiver] = Field(default_factory=empty_list)
