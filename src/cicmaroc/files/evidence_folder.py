"""An evidence file under data/evidence/: where a path may lead, and what the file holds (SHA-256).

Monitoring entries name their means of verification by a path under `data/evidence/`
(`2019/ait-baha/pv-sas.pdf`). A path is taken only if it stays there: relative, `/`-separated, no
`..`, and no link anywhere on the way (`data/evidence` itself included): git keeps links, and a
link in a pull request would make the auditor's bundle carry `~/.ssh/id_rsa` or `/proc/self/environ`.
A file is read the way every file cic reads is read (`files.reading`): opened without blocking and
checked on the open handle (a FIFO or a device is refused instead of hanging the run), never past
its size limit (`max-evidence-size`).

A file kept with Git LFS but not pulled is a pointer of a few lines naming the file's SHA-256 and
size: `examine` says so and gives that SHA-256, which the recorded one is compared with, so a
CI checkout without the large files still proves the files are those that were reported.

`cic lsp` checks again at each change: a file is hashed again only when its stat changes.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from cicmaroc.escaping import BIDI_CONTROLS

#: The folder of the data folder that holds the evidence files.
EVIDENCE_FOLDER = "evidence"
#: Default of the `max-evidence-size` setting: a scanned council decision is a few megabytes.
DEFAULT_MAX_BYTES = 100 * 1024 * 1024
#: The longest path and name an evidence path may have (every file system takes these).
MAX_PATH_CHARS, MAX_NAME_BYTES = 400, 255
#: What a Git LFS pointer file starts with, and its lines (https://git-lfs.com/spec/v1).
LFS_HEADER = b"version https://git-lfs.github.com/spec/v1\n"
_LFS_OID = re.compile(rb"^oid sha256:([0-9a-f]{64})$", re.MULTILINE)
_LFS_SIZE = re.compile(rb"^size ([0-9]{1,20})$", re.MULTILINE)
#: A pointer is small: anything larger that starts like one is a file that happens to.
_LFS_MAX = 1024
_CHUNK = 1 << 20
#: Characters no file name of evidence holds: controls, line separators, bidi controls, non-characters.
_UNSAFE = re.compile(f"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff{BIDI_CONTROLS}]")


def path_problem(relative: object) -> str | None:
    """Why `relative` (as written in an entry) is not a path under data/evidence/, or None.

    The reasons are the keys of CIC750's sentences: "empty", "absolute", "parent", "backslash",
    "character", "too-long".
    """
    if not isinstance(relative, str) or not relative.strip():
        return "empty"
    if "\\" in relative:
        return "backslash"
    if _UNSAFE.search(relative):
        return "character"
    if relative.startswith("/") or re.match(r"[A-Za-z]:", relative):
        return "absolute"
    parts = relative.split("/")
    if any(part in ("", ".", "..") for part in parts):
        return "parent"
    if len(relative) > MAX_PATH_CHARS or any(len(part.encode("utf-8")) > MAX_NAME_BYTES for part in parts):
        return "too-long"
    return None


class Examined(NamedTuple):
    """What stands at an evidence path: `state` is "file" (with its size and SHA-256), "pointer" (a
    Git LFS pointer: the SHA-256 and size of the file it stands for), "missing", "link" (a link on
    the way: `detail` is the part that is one), "not-a-file", "too-large" (with its size) or
    "unreadable" (`detail`: the system's reason)."""

    state: str
    size: int = 0
    sha256: str = ""
    detail: str = ""


#: Files already hashed, by where they are and their stat (`cic lsp` checks again at each change).
_HASHED: dict[tuple[str, int, int, int, int, int], Examined] = {}
_HASHED_LIMIT = 10_000


def evidence_folder(data_dir: Path) -> Path:
    return data_dir / EVIDENCE_FOLDER


def examine(data_dir: Path, relative: str, max_bytes: int) -> Examined:
    """The evidence file at `relative` under `data_dir`/evidence/ (a path `path_problem` takes)."""
    current = evidence_folder(data_dir)
    steps = [EVIDENCE_FOLDER, *relative.split("/")]
    for index, part in enumerate(steps):
        if index:
            current = current / part
        try:
            mode = os.lstat(current).st_mode
        except FileNotFoundError:
            return Examined("missing")
        except NotADirectoryError:
            return Examined("missing")
        except OSError as exc:
            return Examined("unreadable", detail=exc.strerror or str(exc))
        if stat.S_ISLNK(mode):
            return Examined("link", detail="/".join(steps[:index + 1]))
        if index < len(steps) - 1 and not stat.S_ISDIR(mode):
            return Examined("missing")
    return examine_file(current, max_bytes)


def examine_file(path: Path, max_bytes: int) -> Examined:
    """The file at `path` itself (a link is refused, not followed): its size and SHA-256."""
    try:
        before = os.lstat(path)
    except FileNotFoundError:
        return Examined("missing")
    except OSError as exc:
        return Examined("unreadable", detail=exc.strerror or str(exc))
    if stat.S_ISLNK(before.st_mode):
        return Examined("link", detail=path.name)
    if not stat.S_ISREG(before.st_mode):
        return Examined("not-a-file")
    if before.st_size > max_bytes:
        return Examined("too-large", size=before.st_size)
    key = (str(path), before.st_dev, before.st_ino, before.st_size, before.st_mtime_ns, before.st_ctime_ns)
    known = _HASHED.get(key)
    if known is not None:
        return known
    found = _hash(path, before, max_bytes)
    if found.state in ("file", "pointer"):
        if len(_HASHED) >= _HASHED_LIMIT:
            _HASHED.clear()
        _HASHED[key] = found
    return found


def read_evidence(path: Path, max_bytes: int) -> tuple[bytes | None, Examined]:
    """The bytes of the regular file at `path` (no link, at most `max_bytes`), and what it is; None
    when it cannot be read. For the files `cic import` and `cic evidence` copy."""
    found = examine_file(path, max_bytes)
    if found.state != "file":
        return None, found
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        return None, Examined("unreadable", detail=exc.strerror or str(exc))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            return None, Examined("not-a-file")
        chunks = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, _CHUNK))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        return None, Examined("unreadable", detail=exc.strerror or str(exc))
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        return None, Examined("too-large", size=len(data))
    return data, Examined("file", len(data), hashlib.sha256(data).hexdigest())


def _hash(path: Path, before: os.stat_result, max_bytes: int) -> Examined:
    """Open without following a link or blocking, check the handle is the file looked at, hash."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
                     | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        if os.path.islink(path):
            return Examined("link", detail=path.name)
        return Examined("unreadable", detail=exc.strerror or str(exc))
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or not os.path.samestat(st, before):
            return Examined("not-a-file")
        digest = hashlib.sha256()
        size = 0
        head = b""
        while True:
            chunk = os.read(fd, _CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:  # it grew after it was looked at
                return Examined("too-large", size=size)
            if len(head) < _LFS_MAX + 1:
                head += chunk[:_LFS_MAX + 1 - len(head)]
            digest.update(chunk)
    except OSError as exc:
        return Examined("unreadable", detail=exc.strerror or str(exc))
    finally:
        os.close(fd)
    pointer = lfs_pointer(head) if size <= _LFS_MAX else None
    if pointer is not None:
        return Examined("pointer", pointer[1], pointer[0])
    return Examined("file", size, digest.hexdigest())


def lfs_pointer(content: bytes) -> tuple[str, int] | None:
    """The SHA-256 and size a Git LFS pointer names, or None when `content` is not one."""
    if not content.startswith(LFS_HEADER) or len(content) > _LFS_MAX:
        return None
    oid, size = _LFS_OID.search(content), _LFS_SIZE.search(content)
    if oid is None or size is None:
        return None
    return oid.group(1).decode("ascii"), int(size.group(1))


def under(year: int, reporter: str, name: str) -> str:
    """Where `cic import` puts a file a reporter sent for a year: `2019/ait-baha/pv-sas.pdf`."""
    return str(PurePosixPath(str(year), reporter, name))
