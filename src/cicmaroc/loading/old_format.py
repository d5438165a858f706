"""Files written in cic's former format (before data/programme.yaml), told apart from today's.

When cic learned to hold any programme, some keys were renamed (`moroccan_communes` is
`local_communes`, `text_fr` is the outcome's `text`, `year3`/`year5` are under `targets`) and the
budget got its list of natures. A file with a former key is not read, with one finding naming the
key and `cic migrate` (CIC015), rather than read wrongly; `cic migrate` converts it
(`fmt/migrate.py`), reading the same table.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from cicmaroc.yaml.document import YamlPath


class Former(NamedTuple):
    """A former key in a file: where it is, and what it is now (`old` None: a key added since)."""

    path: YamlPath
    old: str | None
    new: str


def former_keys(kind: str, data: Any) -> list[Former]:
    """The former keys of a file of `kind` (a `Programme` attribute), in file order."""
    if not isinstance(data, dict):
        return []
    found: list[Former] = []
    if kind == "budget" and "natures" not in data and isinstance(data.get("lines"), list):
        found.append(Former(("lines",), None, "natures"))
    elif kind == "logframe":
        outcome = data.get("outcome")
        # A programme written first in Dutch gives its outcome's French as `text_fr` beside `text`:
        # only a `text_fr` with no `text` is the former format.
        if isinstance(outcome, dict) and "text_fr" in outcome and "text" not in outcome:
            found.append(Former(("outcome", "text_fr"), "text_fr", "text"))
        for path, indicator in _indicators(data):
            for key in ("year3", "year5"):
                if key in indicator:
                    found.append(Former((*path, key), key, f"targets: {{{key}: ...}}"))
    elif kind == "partners" and "moroccan_communes" in data:
        found.append(Former(("moroccan_communes",), "moroccan_communes", "local_communes"))
        for i, commune in enumerate(_list(data["moroccan_communes"])):
            for key in ("province", "region"):
                if isinstance(commune, dict) and key in commune:
                    found.append(Former(("moroccan_communes", i, key), key, f"areas: {{{key}: ...}}"))
    elif kind == "readings":
        for i, reading in enumerate(_list(data.get("readings"))):
            given = reading.get("path") if isinstance(reading, dict) else None
            at = former_target(given)
            if at is not None and isinstance(given, list):
                found.append(Former(("readings", i, "path", at), str(given[at]), f"targets, {given[at]}"))
    elif kind == "country":
        for z, zone in enumerate(_list(data.get("map_legend"))):
            entries = zone.get("entries") if isinstance(zone, dict) else None
            for e, entry in enumerate(_list(entries)):
                if isinstance(entry, dict) and "moroccan" in entry:
                    found.append(Former(("map_legend", z, "entries", e, "moroccan"), "moroccan", "local"))
    return found


def former_target(path: Any) -> int | None:
    """Where a reading's path names a target the former way (`IOV 4.3, year5`, now `IOV 4.3, targets,
    year5`): the index of `year3`/`year5`, else None."""
    if not isinstance(path, list) or "indicators" not in path:
        return None
    at = path.index("indicators") + 2
    return at if at < len(path) and path[at] in ("year3", "year5") else None


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _indicators(data: dict[str, Any]) -> list[tuple[YamlPath, dict[str, Any]]]:
    """Every indicator block of a logframe, with its path."""
    found: list[tuple[YamlPath, dict[str, Any]]] = []
    outcome = data.get("outcome")
    if isinstance(outcome, dict):
        found += [(("outcome", "indicators", j), ind)
                  for j, ind in enumerate(_list(outcome.get("indicators"))) if isinstance(ind, dict)]
    for i, result in enumerate(_list(data.get("results"))):
        if isinstance(result, dict):
            found += [(("results", i, "indicators", j), ind)
                      for j, ind in enumerate(_list(result.get("indicators"))) if isinstance(ind, dict)]
    return found
