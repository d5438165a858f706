"""What bounds the work of reading a file: the limits of one file, and the collector paused.

A partner file is a few KB and the logframe about 40 KB; the limits leave room for a programme a
hundred times this one while refusing, from their size or shape alone, files that would make a
run slow or big (tests/corpus/ holds the hostile cases).
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator
from typing import NamedTuple

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_DEPTH = 24
DEFAULT_MAX_NODES = 250_000
MAX_FINDINGS_PER_FILE = 100


class Limits(NamedTuple):
    """Safety limits for one file.

    A partner file is a few KB and the logframe about 40 KB; 2 MiB and 250,000 values leave room
    for a year of monitoring of a programme a hundred times this one. Nesting deeper than 24
    levels is never real data (the deepest file uses 7).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_nodes: int = DEFAULT_MAX_NODES


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a block (nested uses are fine).

    Reading a programme makes millions of dicts, lists and models and no reference cycle; while
    they are alive, every full collection scans them all again, so with the collector on the
    time per megabyte grows with the size of the programme (+15 to +55 % from 10 to 100 times
    the real one, bench/run.py). Reference counting still frees everything as usual; a cycle
    made meanwhile waits for the next collection after the block.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()
