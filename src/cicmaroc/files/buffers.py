"""The data files as an editor has them: its open buffers, unsaved, over the files on disk.

`cic lsp` checks what the officer is typing, not what was last saved, and re-checks on every
keystroke, so the loader reads through a `FileSource`: `DiskFiles` (every command: the files on
disk, through the one bounded reader) or `EditorFiles` (the language server: an open buffer
stands for its file, and a file on disk is read again only when its size, time or inode changed).

A buffer is bounded like a file: over the size limit it is refused unread with the same finding
(CIC007), a NUL or a bidi control in it is the same finding as in a file, and a buffer whose path
leads out of the data folder through a link is refused as the file would be (`confinement`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

from cicmaroc.codes.files import CIC007
from cicmaroc.files.confinement import confined
from cicmaroc.files.discovery import is_yaml_name, yaml_files
from cicmaroc.files.reading import read_bytes
from cicmaroc.findings import Count, Finding, Location


class FileSource(Protocol):
    """Where the loader lists and reads data files."""

    def exists(self, path: Path) -> bool:
        """Whether something stands at `path` (a link, even broken, counts: it is reported)."""

    def listing(self, folder: Path) -> list[Path]:
        """The YAML files of `folder`, sorted; raises OSError when it cannot be listed."""

    def read(self, path: Path, shown: str, max_bytes: int, inside: Path
             ) -> tuple[bytes | None, list[Finding]]:
        """The file's bytes, or the findings saying why it cannot be read (`files.reading.read_bytes`)."""


class DiskFiles:
    """The files on disk, read by `read_bytes`: what every command but `cic lsp` reads."""

    def exists(self, path: Path) -> bool:
        return os.path.lexists(path)

    def listing(self, folder: Path) -> list[Path]:
        return yaml_files(folder)

    def read(self, path: Path, shown: str, max_bytes: int, inside: Path
             ) -> tuple[bytes | None, list[Finding]]:
        return read_bytes(path, shown, max_bytes, inside)


#: What identifies a file's version on disk without reading it: device, inode, size, change time.
_Signature = tuple[int, int, int, int]


class EditorFiles(DiskFiles):
    """Open buffers (absolute path -> text) over the disk; a file read from disk is kept until its
    signature (`os.stat`) changes, so a re-check reads again only what changed."""

    def __init__(self, buffers: Mapping[Path, str] | None = None) -> None:
        self.buffers: dict[Path, str] = dict(buffers or {})
        self._disk: dict[Path, tuple[_Signature, bytes]] = {}

    def exists(self, path: Path) -> bool:
        return path in self.buffers or super().exists(path)

    def listing(self, folder: Path) -> list[Path]:
        on_disk = super().listing(folder)
        unsaved = [p for p in self.buffers if p.parent == folder and is_yaml_name(p.name)]
        return sorted({*on_disk, *unsaved})

    def text(self, path: Path) -> str | None:
        """The text an editor shows for `path`: its buffer, else the file as last read here."""
        if path in self.buffers:
            return self.buffers[path]
        kept = self._disk.get(path)
        return kept[1].decode("utf-8", "replace") if kept is not None else None

    def read(self, path: Path, shown: str, max_bytes: int, inside: Path
             ) -> tuple[bytes | None, list[Finding]]:
        text = self.buffers.get(path)
        if text is not None:
            return self._buffer(path, text, shown, max_bytes, inside)
        try:
            st = os.stat(path)
        except OSError:
            st = None
        if st is None or not os.path.isfile(path):  # absent, a folder, a FIFO...: the reader says which
            self._disk.pop(path, None)
            return super().read(path, shown, max_bytes, inside)
        signature = (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
        kept = self._disk.get(path)
        if kept is not None and kept[0] == signature and confined(path, inside):
            return kept[1], []
        raw, problems = super().read(path, shown, max_bytes, inside)
        if raw is None:
            self._disk.pop(path, None)
        else:
            self._disk[path] = (signature, raw)
        return raw, problems

    def forget(self, keep: set[Path]) -> None:
        """Drop what was kept of the files not in `keep` (deleted since, or no longer data files)."""
        for path in [p for p in self._disk if p not in keep]:
            del self._disk[path]

    @staticmethod
    def _buffer(path: Path, text: str, shown: str, max_bytes: int, inside: Path
                ) -> tuple[bytes | None, list[Finding]]:
        here = Location(shown)
        if os.path.lexists(path) and not confined(path, inside):  # the same rule as for the file
            return read_bytes(path, shown, max_bytes, inside)
        if len(text) > max_bytes:  # each character is at least one byte: refused before encoding
            return None, [CIC007.finding("grew", here, size=Count(len(text)), limit=Count(max_bytes))]
        raw = text.encode("utf-8", "surrogatepass")
        if len(raw) > max_bytes:
            return None, [CIC007.finding("too-large", here, size=Count(len(raw)), limit=Count(max_bytes))]
        return raw, []
