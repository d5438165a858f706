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

from cicmaroc.escaping import path_text
from cicmaroc.files.confinement import confined
from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.yaml.limits import Limits


def _finding(code: str, name: str, message: str, loc: Location, hint: str) -> Finding:
    return Finding(code, Severity.ERROR, message, loc, hint=hint, name=name)


def read_bytes(path: Path, display: str, limits: Limits, inside: Path | None = None
               ) -> tuple[bytes | None, list[Finding]]:
    """The file's bytes, or a finding saying why it cannot be read.

    The file is opened without blocking and checked on the open handle (`fstat`), so a FIFO or a
    device put where a file should be is refused instead of hanging the run, and a file swapped
    between the check and the read cannot slip through. At most `limits.max_bytes` are read.
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
            target = path_text(os.readlink(path))
            return None, [_finding("CIC001", "unreadable-file",
                                   f"This is a link to '{target}', which does not exist.", here,
                                   "Restore the file it points to, or replace the link by the file itself.")]
        return None, [_finding("CIC001", "unreadable-file", "The file does not exist.", here,
                               "Create it, or remove what refers to it.")]
    except IsADirectoryError:  # Windows opens no folders; POSIX opens them and fstat says so
        return None, [_folder_finding(here)]
    except OSError as exc:
        return None, [_finding("CIC001", "unreadable-file", f"The file cannot be opened: {exc.strerror}.",
                               here, "Check the file's permissions (it must be readable by you and CI).")]
    try:
        st = os.fstat(fd)
        if inside is not None and not _same_file(st, real):  # the link was changed meanwhile
            return None, [_outside(path, inside, here)]
        if stat.S_ISDIR(st.st_mode):
            return None, [_folder_finding(here)]
        if not stat.S_ISREG(st.st_mode):
            return None, [_finding("CIC001", "unreadable-file",
                                   "This is not a regular file (a pipe, a device or a socket); "
                                   "it was not read.", here, "Replace it by a plain YAML file.")]
        if st.st_size > limits.max_bytes:
            return None, [_too_large(st.st_size, limits, here)]
        raw = _read_at_most(fd, limits.max_bytes + 1)
    except OSError as exc:
        return None, [_finding("CIC001", "unreadable-file", f"The file cannot be read: {exc.strerror}.",
                               here, "Check the file's permissions and the disk.")]
    finally:
        os.close(fd)
    if len(raw) > limits.max_bytes:  # it grew after fstat
        return None, [_too_large(len(raw), limits, here, at_least=True)]
    return raw, []


def _same_file(st: os.stat_result, real: str) -> bool:
    try:
        return os.path.samestat(st, os.stat(real))
    except OSError:
        return False


def _outside(path: Path, inside: Path, here: Location) -> Finding:
    target = os.readlink(path) if os.path.islink(path) else os.path.realpath(path)
    return _finding("CIC001", "unreadable-file",
                    f"This is a link leading outside the data folder (to '{path_text(target)}'); "
                    "it was not read.", here,
                    "Data files must be inside the data folder: replace the link by the file itself.")


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
    return _finding("CIC001", "unreadable-file", "A folder stands where a YAML file is expected.", here,
                    "Move the folder away or rename it without the .yaml ending.")


def _too_large(size: int, limits: Limits, here: Location, at_least: bool = False) -> Finding:
    return _finding("CIC007", "file-too-large",
                    f"The file is {'at least ' if at_least else ''}{size:,} bytes, over the limit of "
                    f"{limits.max_bytes:,} bytes; it was not read.", here,
                    "Data files are a few kilobytes: check that the right file is here, "
                    "or raise the limit with --max-file-size.")


def decode(raw: bytes, display: str) -> tuple[str | None, list[Finding]]:
    """UTF-8 text (a BOM is accepted and dropped), or a finding at the first bad byte."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        col = nul - (raw.rfind(b"\n", 0, nul) + 1) + 1
        return None, [_finding("CIC002", "not-utf8", "This looks like a binary file, not YAML text "
                               "(it contains a NUL byte).", Location(display, line, col),
                               "Replace it by the YAML text file it should be.")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [_finding("CIC002", "not-utf8",
                               f"The file is not valid UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                               "it was probably saved as Latin-1 or Windows-1252.",
                               Location(display, line, col),
                               "Save it again as UTF-8 (in most editors: 'Save with encoding').")]
    return text, []

