"""The `cic` process: its entry point, and what makes it start and end fast (bench/run.py).

`main` is the entry point of the `cic` script and of `python -m cicmaroc`: it makes the settings
of a process that runs one command and ends (never those of a program that imports cicmaroc as a
library), then imports the command line and runs it (`cli.main.command_line`).
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys
from typing import NoReturn


def main() -> None:
    """Run `cic` with the command in `sys.argv`, in a process that starts and ends fast."""
    quick_start()  # first: the collector is off while the command line is imported
    from cicmaroc.cli.main import command_line

    try:
        command_line()  # ends with SystemExit, always
    except SystemExit as end:
        leave(end.code if isinstance(end.code, int) else 0 if end.code is None else 1)


def quick_start() -> None:
    """Settings of the process, made before any command is imported.

    - The cyclic garbage collector is off: starting imports and builds a few hundred thousand
      long-lived objects (Pydantic's models above all) and no garbage worth a collection, and
      `cic validate` pauses the collector for its work anyway (`yaml.limits.paused_gc`). The one
      command whose work leaves cycles in proportion to its input, `cic fmt`, turns it back on
      for that work (`fmt.rewrite`).
    - Pydantic plugins are not loaded (PYDANTIC_DISABLE_PLUGINS, unless set otherwise): cic's
      models are its own, and nothing installed beside cic has business observing their
      validation of an officer's data. (Standing in for Pydantic's private plugin finder would
      save a further twentieth of start-up; measured, it was within the noise of bench/run.py,
      and a private module of a dependency is no place to patch.)
    """
    gc.disable()
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")


def leave(status: int) -> NoReturn:
    """End the process with `status` once the command is done: outputs flushed, the rest left to
    the operating system.

    The interpreter's own ending would take every object of the run apart one by one (a last
    collection, then each module's objects): a sixth of `cic validate` on the real data, for
    memory the system frees at once anyway. Nothing of cic needs it: a command writes its files
    whole and closes them before it returns (`files.writing`), reports its own output errors
    (`cli.main.command_line`, which flushes the output first), and registers no exit handler and
    starts no thread. A command that ever needs either must end through Python's exit instead.
    """
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # an output that failed was reported, and closed
            if stream is not None:
                stream.flush()
    os._exit(status)
