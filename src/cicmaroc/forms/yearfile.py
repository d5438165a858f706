"""The year's monitoring file with imported entries merged in, in `cic fmt`'s layout, comments kept.

ruamel.yaml's round-trip mode keeps the comments and the entries already there; each imported
entry is one flow mapping (`IOV 1: {sas: true, source: ...}`), as officers write them, added
after the reporter's other entries (a new reporter after the others); `fmt.canonical.format_text`
then lays the whole file out as `cic fmt` would, and refuses (FormatError) rather than change a
value or lose a comment.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

from cicmaroc.fmt.canonical import format_text, round_trip_yaml
from cicmaroc.models.monitoring import MonitoringYear

#: reporter (or budget line) -> indicator (or spender) -> the entry's keys and values
Blocks = dict[str, dict[str, dict[str, Any]]]


def merged_text(current: str | None, year: int, reports: Blocks, spending: Blocks, shown: str,
                received: dict[str, dt.date] | None = None) -> str:
    """The year file's text with `reports` and `spending` entries set (added, or replacing), and the
    day each reporter of `received` replied (kept when the file already has a later one)."""
    from ruamel.yaml.comments import CommentedMap

    yaml = round_trip_yaml()  # the figures already in the file kept exactly as written
    yaml.width = 4096
    yaml.representer.ignore_aliases = lambda data: True  # one day given to many: no anchor
    yaml.representer.add_representer(Decimal, _represent_amount)
    data = yaml.load(current) if current and current.strip() else None
    if data is None:
        data = CommentedMap([("year", year)])
    if received:
        if data.get("received") is None:
            keys = list(data)  # before the figures, after the year and its note
            data.insert(keys.index("reports") if "reports" in keys else len(keys), "received", CommentedMap())
        for reporter, day in received.items():
            earlier = data["received"].get(reporter)
            if not isinstance(earlier, dt.date) or earlier < day:
                data["received"][reporter] = day
    for key, blocks in (("reports", reports), ("spending", spending)):
        if not blocks:
            continue
        if data.get(key) is None:
            data[key] = CommentedMap()
        for outer, entries in blocks.items():
            if data[key].get(outer) is None:
                data[key][outer] = CommentedMap()
            for inner, values in entries.items():
                data[key][outer][inner] = _flow(values)
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return format_text(buffer.getvalue(), MonitoringYear, shown)


def _flow(values: dict[str, Any]) -> Any:
    from ruamel.yaml.comments import CommentedMap

    entry = CommentedMap()
    for key, value in values.items():
        entry[key] = _flow(value) if isinstance(value, dict) else value
    entry.fa.set_flow_style()
    return entry


def _represent_amount(representer: Any, value: Decimal) -> Any:
    """An amount as a plain number with its cents (12500.50), never through a float."""
    return representer.represent_scalar("tag:yaml.org,2002:float", f"{value:.2f}")
