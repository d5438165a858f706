"""How cic writes a file: the one write policy, used by every command that writes.

What is at the path decides how it is written:

- nothing, or a regular file: the text goes to a temporary file in the same folder, which is
  then renamed over the path (`os.replace`, atomic on POSIX and Windows). An interrupted or
  failing run (Ctrl-C, a full disk, a template error) leaves the previous file exactly as it was,
  with its permissions.
- a pipe, a terminal or another character device (`-o /dev/stdout`, a FIFO a reader waits on):
  written through, in place, like the shell's `>` would; never replaced by a regular file. A
  pipe that nobody reads is refused instead of waiting forever.
- a folder, a block device (a disk), a socket: refused.
- a link: followed, by every command alike. The file it names is written (a regular file by
  temporary file and rename *beside that file*, so the link stays a link); a link to nothing is
  refused, since cic never creates a file through a link. Callers that write data files pass
  `inside=` the data folder: a link leading out of it is refused (`confinement.confined`).
- `create_text` (for `cic new`) never replaces anything: a file, a folder or a dangling link at
  the path is refused, atomically (the temporary file is hard-linked into place, which fails if
  anything is there).
- `expected=` (for `cic fmt`): the bytes the caller read; if the file holds something else just
  before the rename (an editor saved it meanwhile), nothing is written.
- `scratch_folder` and `write_scratch` (for `--rev` and `cic diff`): cic's own files in a private
  temporary folder (a git revision's data), never an officer's; the folder and everything in it
  is removed when the work is done, and nothing is written outside it.

Every refusal and every error of the system (read-only folder, full disk, name too long) is a
`WriteError` carrying a sentence for the officer; commands print it and exit 2.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from cicmaroc.errors import UsageError
from cicmaroc.escaping import path_text
from cicmaroc.files.confinement import confined
from cicmaroc.i18n import N_

try:
    import fcntl
except ImportError:  # Windows: no advisory locks; see _sweep
    fcntl = None  # type: ignore[assignment]


class WriteError(UsageError):
    """cic did not write the file, and says why in a sentence for the officer (exit 2)."""


class SystemWriteError(WriteError):
    """The system refused the write (permissions, a full or read-only disk, a name too long)."""


class ChangedMeanwhile(WriteError):
    """The file changed between the caller's reading and cic's writing (`expected=`): not written."""


class AlreadyThere(WriteError):
    """`create_text` found something at the path: nothing was written, nothing replaced."""


def write_text_atomic(path: Path, text: str, encoding: str = "utf-8", *, expected: bytes | None = None,
                      inside: Path | None = None) -> None:
    """Write `text` to `path` by the policy above; on any error the old file is left untouched."""
    write_bytes_atomic(path, text.encode(encoding), expected=expected, inside=inside)


def write_bytes_atomic(path: Path, data: bytes, *, expected: bytes | None = None,
                       inside: Path | None = None) -> None:
    """Write `data` to `path` by the policy above (see the module's docstring)."""
    path = Path(path)
    shown = path_text(path)
    kind, real = _target(path, shown)
    if inside is not None and not confined(real if kind != "missing" else real.parent, inside):
        raise WriteError(f"{shown} is a link leading outside {path_text(inside)}; cic does not write "
                         "there. Replace the link by the file itself.")
    if kind == "stream":
        if expected is not None:
            raise WriteError(f"{shown} is not a regular file; it was not rewritten.")
        _write_through(path, data, shown)
        return
    if expected is not None and kind == "missing":
        raise ChangedMeanwhile(_changed(shown))
    _replace(real, data, shown, expected)


def write_all(files: list[tuple[Path, bytes]]) -> None:
    """Write several files as one output (`cic forms`): each by the policy above, and when one
    fails (a full disk half-way), the files this call created are removed again, so that the
    folder never holds some of the output and not the rest (a file it replaced stays replaced)."""
    created: list[Path] = []
    try:
        for path, data in files:
            new = not os.path.lexists(path)
            write_bytes_atomic(path, data)
            if new:
                created.append(path)
    except WriteError:
        take_back(created)
        raise


def take_back(created: list[Path]) -> None:
    """Remove the files an output created, when it could not finish (`write_all`, the evidence files
    `cic import` took into place before the year file could not be written)."""
    for path in created:
        with contextlib.suppress(OSError):
            path.unlink()


def create_text(path: Path, text: str, encoding: str = "utf-8", *, inside: Path | None = None) -> None:
    """Create `path` holding `text`, never replacing anything (a dangling link included).

    The folder is created if needed. The file appears complete or not at all. With `inside`, a
    folder reached through a link leading out of it is refused, as for `write_bytes_atomic`.
    """
    create_bytes(path, text.encode(encoding), inside=inside)


def create_bytes(path: Path, data: bytes, *, inside: Path | None = None) -> None:
    """Create `path` holding `data`, never replacing anything: `create_text` for any bytes (an
    evidence file `cic import` takes into place)."""
    path = Path(path)
    shown = path_text(path)
    make_folder(path.parent)
    if inside is not None and not confined(path.parent, inside):
        raise WriteError(f"{shown} is in a folder linked outside {path_text(inside)}; cic does not write "
                         "there. Replace the link by the folder itself.")
    if os.path.lexists(path):
        raise AlreadyThere(f"{shown} already exists{_what_is_there(path)}; cic never overwrites a file.")
    with _temporary(path.parent, shown) as (fd, tmp):
        _fill(fd, tmp, data, shown, mode=0o666 & ~_umask())
        try:
            os.link(tmp, path)  # atomic, and refused when anything is at the path
        except FileExistsError:
            raise AlreadyThere(f"{shown} already exists{_what_is_there(path)}; cic never overwrites "
                               "a file.") from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
                raise SystemWriteError(system_problem(exc, f"create {shown}")) from None
            _create_exclusive(path, data, shown)  # a file system without hard links


def make_folder(folder: Path) -> None:
    """Create `folder` (and its parents) unless it exists; a file in its place is refused."""
    if folder.is_dir():
        return
    shown = path_text(folder)
    if os.path.lexists(folder):
        raise WriteError(f"{shown} is a file{_what_is_there(folder)}, but cic needs a folder there. "
                         "Move the file away, or give another data folder.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SystemWriteError(system_problem(exc, f"create the folder {shown}")) from None


@contextlib.contextmanager
def scratch_folder(prefix: str) -> Iterator[Path]:
    """A new private temporary folder, removed with all it holds when the block ends."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_scratch(folder: Path, relative: str, data: bytes) -> None:
    """Write `data` at `relative` (a POSIX path) inside a `scratch_folder`, making its folders.

    A path that would lead out of the folder (`..`, an absolute path) is refused.
    """
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise WriteError(f"{path_text(relative)} is not a path inside cic's temporary folder.")
    target = folder.joinpath(*parts)
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "xb") as handle:
        handle.write(data)


def system_problem(exc: OSError, action: str) -> str:
    """A sentence for an error of the system (disk, permissions, names): what failed, what to do."""
    reason = exc.strerror or str(exc)
    advice = {
        errno.ENOSPC: "Free some space on the disk, or write somewhere else.",
        errno.EDQUOT: "Free some space on the disk, or write somewhere else.",
        errno.EACCES: "Check the permissions of the folder (and that you may write there).",
        errno.EPERM: "Check the permissions of the folder (and that you may write there).",
        errno.EROFS: "The disk is read-only: write somewhere else.",
        errno.ENAMETOOLONG: "Use a shorter name.",
        errno.ENOTDIR: "A file stands where a folder is expected in that path.",
        errno.ENOENT: "Check that the folder exists.",
        errno.EISDIR: "A folder stands there: give the path of a file.",
        errno.EBADF: "Run the command with its output going to a terminal, a file or a pipe.",
        errno.EPIPE: "Whatever was reading the output stopped reading.",
    }.get(exc.errno or 0, "Check the disk, the folder and its permissions, then run the command again.")
    return f"Could not {action}: {reason}. {advice}"


# --- the policy -------------------------------------------------------------------------------


def _target(path: Path, shown: str) -> tuple[str, Path]:
    """("missing" | "file" | "stream", the path to write) for what is at `path`, or refused."""
    try:
        st = os.stat(path)  # follows links: what matters is what the path names
    except FileNotFoundError:
        if os.path.islink(path):
            raise WriteError(f"{shown} is a link to '{path_text(os.readlink(path))}', which does not "
                             "exist; cic does not create files through a link. Remove the link or "
                             "give another path.") from None
        return "missing", path
    except OSError as exc:
        raise SystemWriteError(system_problem(exc, f"write {shown}")) from None
    if stat.S_ISREG(st.st_mode):
        return "file", Path(os.path.realpath(path))
    if stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode):
        return "stream", path
    if stat.S_ISDIR(st.st_mode):
        raise WriteError(f"{shown} is a folder; give the path of a file.")
    raise WriteError(f"{shown} is {_kind(st.st_mode)}; cic writes only to files, pipes and terminals.")


def _kind(mode: int) -> str:
    if stat.S_ISBLK(mode):
        return "a disk (block device)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def _what_is_there(path: Path) -> str:
    if os.path.islink(path):
        target = path_text(os.readlink(path))
        return f" (a link to '{target}'{'' if os.path.exists(path) else ', which does not exist'})"
    if path.is_dir():
        return " (a folder)"
    return ""


def _replace(real: Path, data: bytes, shown: str, expected: bytes | None) -> None:
    """Temporary file beside `real`, then rename over it; permissions kept."""
    folder = real.parent if str(real.parent) else Path(".")
    if not folder.is_dir():
        raise WriteError(f"Could not write {shown}: the folder {path_text(folder)} does not exist. "
                         "Create it first, or give another path.")
    try:
        mode = real.stat().st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~_umask()
    except OSError as exc:
        raise SystemWriteError(system_problem(exc, f"write {shown}")) from None
    with _temporary(folder, shown) as (fd, tmp):
        try:
            _fill(fd, tmp, data, shown, mode)
            if expected is None:
                os.replace(tmp, real)
                return
            with _folder_locked(folder):  # two runs of cic: one compares and renames, then the other
                if _current(real) != expected:
                    raise ChangedMeanwhile(_changed(shown))
                os.replace(tmp, real)
        except OSError as exc:
            raise SystemWriteError(system_problem(exc, f"write {shown}")) from None


@contextlib.contextmanager
def _folder_locked(folder: Path) -> Iterator[None]:
    """An exclusive lock on `folder` for a block, against the other runs of cic taking it too.

    `expected=` compares the file with what the caller read, then renames the new one over it:
    without the lock, another run could rename its own file in between, and one of the two would
    be lost. (An editor takes no such lock: against it, the comparison alone is the guard.) Where
    the system has no such locks, or the folder cannot be opened, the block runs unlocked.
    """
    handle = None
    if fcntl is not None:
        with contextlib.suppress(OSError):
            handle = os.open(folder, os.O_RDONLY)
            fcntl.flock(handle, fcntl.LOCK_EX)  # held for a comparison and a rename: microseconds
    try:
        yield
    finally:
        if handle is not None:
            os.close(handle)


def _changed(shown: str) -> str:
    return (f"{shown} changed while cic was working on it (saved in an editor?); it was not "
            "rewritten, so nothing is lost. Run the command again.")


def _current(path: Path) -> bytes | None:
    """What the file holds now, or None if it is gone or not a regular file."""
    try:
        with path.open("rb") as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                return None
            return handle.read()
    except OSError:
        return None


@contextlib.contextmanager
def _temporary(folder: Path, shown: str) -> Iterator[tuple[int, Path]]:
    """A new temporary file in `folder` (its open descriptor and path), removed when the block ends
    unless it was renamed into place.

    A run killed meanwhile (kill -9, a power cut) cannot remove it: `.cic-*.tmp` files would pile
    up beside the data, untracked in git. So the file is locked while its run lives (a lock the
    system drops when the process ends, however it ends), and every write into a folder first
    removes the temporary files there that no living run holds (`_sweep`).
    """
    _sweep(folder)
    for _attempt in range(3):
        try:
            fd, name = tempfile.mkstemp(prefix=TEMPORARY_PREFIX, suffix=TEMPORARY_SUFFIX, dir=folder)
        except OSError as exc:
            raise SystemWriteError(system_problem(exc, f"write {shown}")) from None
        tmp = Path(name)
        lock = None
        try:
            lock = _lock(tmp, fd)
        except OSError:  # another run's sweep took the new file before it was locked: make another
            continue
        else:
            try:
                yield fd, tmp
            finally:
                with contextlib.suppress(OSError):
                    tmp.unlink()
            return
        finally:
            if lock is not None:
                os.close(lock)
            os.close(fd)
    raise SystemWriteError(N_("Could not write {file}: another program keeps removing cic's temporary "
                              "files in its folder. Run the command again."), file=shown)


TEMPORARY_PREFIX, TEMPORARY_SUFFIX = ".cic-", ".tmp"
#: Without locks (Windows), a temporary file is taken as left behind once it is this old.
_ABANDONED_SECONDS = 24 * 3600
#: The folders this process has swept (`_sweep`).
_SWEPT: set[str] = set()


def _lock(tmp: Path, fd: int) -> int | None:
    """An exclusive lock on the new temporary file `tmp` (open as `fd`), held by a descriptor of its
    own so that it lasts until the file is renamed; None where the system has no such locks.

    Raises OSError when a sweep removed the file, or holds it, before it could be locked.
    """
    if fcntl is None:
        return None
    lock = os.open(tmp, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        if os.stat(tmp).st_ino != os.fstat(fd).st_ino:
            raise FileNotFoundError(tmp)
    except OSError:
        os.close(lock)
        raise
    return lock


def _sweep(folder: Path) -> None:
    """Remove the temporary files a killed run of cic left in `folder` (never a living run's).

    Once per folder and process: `cic fmt` rewriting a thousand partner files lists their folder
    once, not a thousand times.
    """
    key = os.path.realpath(folder)
    if key in _SWEPT:
        return
    _SWEPT.add(key)
    try:
        names = [n for n in os.listdir(folder)
                 if n.startswith(TEMPORARY_PREFIX) and n.endswith(TEMPORARY_SUFFIX)]
    except OSError:
        return
    for name in names:
        path = folder / name
        with contextlib.suppress(OSError):
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
            try:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    continue
                if fcntl is not None:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # refused while its run lives
                elif time.time() - os.fstat(fd).st_mtime < _ABANDONED_SECONDS:
                    continue
                os.unlink(path)
            finally:
                os.close(fd)


def _fill(fd: int, tmp: Path, data: bytes, shown: str, mode: int) -> None:
    """Write `data` into the open temporary file `fd` (`_temporary` closes it), durably, with `mode`."""
    try:
        with os.fdopen(os.dup(fd), "wb") as handle:  # a copy: `fd` itself stays open until the rename
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
    except OSError as exc:
        raise SystemWriteError(system_problem(exc, f"write {shown}")) from None


def _write_through(path: Path, data: bytes, shown: str) -> None:
    """Write into a pipe or a character device in place: no truncation, no rename, no creation."""
    flags = os.O_WRONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)  # non-blocking: a pipe without a reader fails at once (ENXIO)
    except OSError as exc:
        if exc.errno == errno.ENXIO:
            raise WriteError(f"{shown} is a pipe that nobody reads; start the program that reads "
                             "it first.") from None
        raise SystemWriteError(system_problem(exc, f"write {shown}")) from None
    try:
        st = os.fstat(fd)
        if not (stat.S_ISFIFO(st.st_mode) or stat.S_ISCHR(st.st_mode)):  # swapped meanwhile
            raise WriteError(f"{shown} changed while cic was writing; nothing was written.")
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as exc:
        raise SystemWriteError(system_problem(exc, f"write {shown}")) from None
    finally:
        os.close(fd)


def _create_exclusive(path: Path, data: bytes, shown: str) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags, 0o666)
    except FileExistsError:
        raise WriteError(f"{shown} already exists; cic never overwrites a file.") from None
    except OSError as exc:
        raise SystemWriteError(system_problem(exc, f"create {shown}")) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        with contextlib.suppress(OSError):
            path.unlink()
        raise SystemWriteError(system_problem(exc, f"create {shown}")) from None


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current
