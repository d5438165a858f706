"""Reading a file's bytes safely, and its text: the one reader of every file cic reads.

The file is opened without blocking and checked on the open handle (`fstat`), so a FIFO or a
device put where a file should be is refused instead of hanging the run, and a file swapped
between the check and the read cannot slip through. At most the limit is read, even if the file
grows meanwhile. A file leading out of its folder through a link is not read (`confinement`).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from cicmaroc.codes.files import CIC001, CIC002, CIC007
from cicmaroc.escaping import path_text
from cicmaroc.files.confinement import confined
from cicmaroc.findings import Count, Finding, Location


def read_bytes(path: Path, display: str, max_bytes: int, inside: Path | None = None
               ) -> tuple[bytes | None, list[Finding]]:
    """The file's bytes, or a finding saying why it cannot be read.

    The file is opened without blocking and checked on the open handle (`fstat`), so a FIFO or a
    device put where a file should be is refused instead of hanging the run, and a file swapped
    between the check and the read cannot slip through. At most `max_bytes` are read.
    With `inside` (the data folder), a file that leads out of it through a link is not read
    (`confinement`): the one rule for every data file cic reads or writes.
    """
    here = Location(display)
    real = os.path.realpath(path)
    if inside is not None and not confined(Path(real), inside):
        return None, [_outside(path, inside, here)]
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            return None, [CIC001.finding("broken-link", here, target=path_text(os.readlink(path)))]
        return None, [CIC001.finding("missing", here)]
    except IsADirectoryError:  # Windows opens no folders; POSIX opens them and fstat says so
        return None, [_folder_finding(here)]
    except OSError as exc:
        return None, [CIC001.finding("cannot-open", here, reason=exc.strerror)]
    try:
        st = os.fstat(fd)
        if inside is not None and not _same_file(st, real):  # the link was changed meanwhile
            return None, [_outside(path, inside, here)]
        if stat.S_ISDIR(st.st_mode):
            return None, [_folder_finding(here)]
        if not stat.S_ISREG(st.st_mode):
            return None, [CIC001.finding("not-regular", here)]
        if st.st_size > max_bytes:
            return None, [CIC007.finding("too-large", here, size=Count(st.st_size), limit=Count(max_bytes))]
        raw = _read_at_most(fd, max_bytes + 1)
    except OSError as exc:
        return None, [CIC001.finding("cannot-read", here, reason=exc.strerror)]
    finally:
        os.close(fd)
    if len(raw) > max_bytes:  # it grew after fstat
        return None, [CIC007.finding("grew", here, size=Count(len(raw)), limit=Count(max_bytes))]
    return raw, []


def _same_file(st: os.stat_result, real: str) -> bool:
    try:
        return os.path.samestat(st, os.stat(real))
    except OSError:
        return False


def _outside(path: Path, inside: Path, here: Location) -> Finding:
    target = os.readlink(path) if os.path.islink(path) else os.path.realpath(path)
    return CIC001.finding("outside", here, target=path_text(target))


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    while limit > 0:
        chunk = os.read(fd, min(limit, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        limit -= len(chunk)
    return b"".join(chunks)


def _folder_finding(here: Location) -> Finding:
    return CIC001.finding("folder", here)


def decode(raw: bytes, display: str) -> tuple[str | None, list[Finding]]:
    """UTF-8 text (a BOM is accepted and dropped), or a finding at the first bad byte."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        col = nul - (raw.rfind(b"\n", 0, nul) + 1) + 1
        return None, [CIC002.finding("binary", Location(display, line, col))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [CIC002.finding("not-utf8", Location(display, line, col),
                                     byte=f"0x{raw[exc.start]:02x}")]
    return text, []

