"""The library surface: everything the CLI does is a call here, so tests and tools can too."""

from __future__ import annotations

from pathlib import Path

from cicmaroc.config import Config, load_config
from cicmaroc.findings import Findings
from cicmaroc.loading import find_data_dir, load_programme
from cicmaroc.monitoring_checks import check_monitoring
from cicmaroc.programme import Programme
from cicmaroc.rules.registry import run_rules
from cicmaroc.rules.waivers import apply_waivers
from cicmaroc.sources import Limits

__all__ = ["Config", "Findings", "Limits", "Programme", "find_data_dir", "load_programme", "validate"]


def validate(path: Path | None = None, limits: Limits | None = None,
             config: Config | None = None) -> tuple[Programme, Findings]:
    """Load the programme at `path` (default: ./data found upwards) and check everything.

    Settings come from `config`, else from cic.toml / [tool.cic] found from the data folder up.
    """
    data_dir = find_data_dir(path)
    config = config or load_config(data_dir)
    if limits is None and config.max_file_size:
        limits = Limits(max_bytes=config.max_file_size)
    programme, loaded = load_programme(data_dir, limits)
    found = [f for f in loaded.items if config.enabled(f.code)]
    found.extend(run_rules(programme, config))
    found.extend(f for f in check_monitoring(programme) if config.enabled(f.code))  # CIC7xx
    return programme, Findings(apply_waivers(found, programme, config))
