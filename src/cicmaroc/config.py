"""Settings of a run: which rules, what tolerance, from `[tool.cic]` or `cic.toml`.

Looked for from the data folder upwards: the first `cic.toml`, or `pyproject.toml` holding a
`[tool.cic]` table, wins. Command-line options override the file. Codes are selected and ignored
by prefix, and the longest matching prefix decides (as in ruff): `ignore = ["CIC6"]` with
`select = ["CIC602"]` keeps the phone check and drops the other partner-sheet checks.

    [tool.cic]
    select = ["CIC"]              # default: everything
    ignore = ["CIC602"]
    rounding-tolerance = "0.02"   # euros; differences up to this are CIC106 warnings
    percent-tolerance = "1"       # percentage points; below this a percent mismatch is CIC406
    max-file-size = 2097152       # bytes
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """The configuration file is wrong: a usage error (exit 2), reported with its file."""


@dataclass(frozen=True, slots=True)
class Config:
    """Effective settings. The defaults are what a programme without configuration gets."""

    select: tuple[str, ...] = ("CIC",)
    ignore: tuple[str, ...] = ()
    rounding_tolerance: Decimal = Decimal("0.02")
    percent_tolerance: Decimal = Decimal("1")
    max_file_size: int | None = None
    source: str | None = None  # the file the settings came from, for messages
    extra: dict[str, Any] = field(default_factory=dict)  # other tables, e.g. progress thresholds

    def enabled(self, code: str) -> bool:
        """Longest matching prefix wins; a tie goes to ignore."""
        best_select = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        best_ignore = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return best_select > best_ignore

    def with_codes(self, select: list[str] | None, ignore: list[str] | None) -> Config:
        """Command-line --select/--ignore: --select replaces, --ignore adds."""
        new = self
        if select:
            new = replace(new, select=tuple(c.upper() for c in select))
        if ignore:
            new = replace(new, ignore=(*new.ignore, *(c.upper() for c in ignore)))
        return new


def find_config_file(start: Path) -> Path | None:
    """The first cic.toml, or pyproject.toml with [tool.cic], from `start` upwards."""
    for folder in (start.resolve(), *start.resolve().parents):
        candidate = folder / "cic.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.cic" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
    return None


def load_config(start: Path) -> Config:
    """Settings for a data folder; defaults when there is no configuration file."""
    path = find_config_file(start)
    if path is None:
        return Config()
    try:
        with path.open("rb") as handle:
            doc = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the settings: {exc}") from exc
    table = doc.get("tool", {}).get("cic", {}) if path.name == "pyproject.toml" else doc
    return parse_table(table, str(path))


_KNOWN = {"select", "ignore", "rounding-tolerance", "percent-tolerance", "max-file-size"}
_KNOWN_TABLES = {"progress"}  # [tool.cic.progress]: status thresholds, read by cicmaroc.progress


def parse_table(table: dict[str, Any], source: str) -> Config:
    """Check and convert a `[tool.cic]` table; unknown keys are errors (a typo would be silent)."""
    scalars = {k: v for k, v in table.items() if not isinstance(v, dict)}
    unknown = set(scalars) - _KNOWN
    if unknown:
        raise ConfigError(f"{source}: unknown setting(s) {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(sorted(_KNOWN))}.")
    tables = {k for k, v in table.items() if isinstance(v, dict)}
    if tables - _KNOWN_TABLES:
        raise ConfigError(f"{source}: unknown table(s) {', '.join(sorted(tables - _KNOWN_TABLES))}; "
                          f"known: {', '.join(sorted(_KNOWN_TABLES))}.")
    config = Config(source=source, extra={k: v for k, v in table.items() if isinstance(v, dict)})
    if "select" in table:
        config = replace(config, select=_codes(table["select"], "select", source))
    if "ignore" in table:
        config = replace(config, ignore=_codes(table["ignore"], "ignore", source))
    if "rounding-tolerance" in table:
        config = replace(config, rounding_tolerance=_decimal(table["rounding-tolerance"],
                                                             "rounding-tolerance", source))
    if "percent-tolerance" in table:
        config = replace(config, percent_tolerance=_decimal(table["percent-tolerance"],
                                                            "percent-tolerance", source))
    if "max-file-size" in table:
        size = table["max-file-size"]
        if isinstance(size, bool) or not isinstance(size, int) or size <= 0:
            raise ConfigError(f"{source}: 'max-file-size' must be a positive number of bytes.")
        config = replace(config, max_file_size=size)
    return config


def _codes(value: Any, key: str, source: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: '{key}' must be a list of rule codes or prefixes.")
    return tuple(v.upper() for v in value)


def _decimal(value: Any, key: str, source: str) -> Decimal:
    if isinstance(value, float):
        value = repr(value)  # TOML floats: take the written digits, not the binary value
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        raise ConfigError(f"{source}: '{key}' must be a number, such as \"0.02\".") from None
    if not result.is_finite() or result < 0:
        raise ConfigError(f"{source}: '{key}' must be a number of zero or more, such as \"0.02\".")
    return result
