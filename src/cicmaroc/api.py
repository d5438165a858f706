"""The library surface: everything the CLI does is a call here, so tests and tools can too."""

from __future__ import annotations

from pathlib import Path

from cicmaroc.findings import Findings
from cicmaroc.loading import find_data_dir, load_programme
from cicmaroc.programme import Programme
from cicmaroc.sources import Limits

__all__ = ["Findings", "Limits", "Programme", "find_data_dir", "load_programme", "validate"]


def validate(path: Path | None = None, limits: Limits | None = None) -> tuple[Programme, Findings]:
    """Load the programme at `path` (default: ./data found upwards) and check everything."""
    data_dir = find_data_dir(path)
    programme, findings = load_programme(data_dir, limits)
    return programme, findings
