"""One parsed YAML file: its plain data, its text, and where each value and key is."""

from __future__ import annotations

from typing import Any

from cicmaroc.findings import Location
from cicmaroc.yaml.positions import EDITOR_BREAK

YamlPath = tuple[str | int, ...]


class SourceDoc:
    """One parsed file: its plain data and the position of every value and key in it.

    `values` and `keys` map a path to the (line, column) of its value and of its key; `refused`
    holds the paths of values the reader refused (their findings are said already).
    """

    __slots__ = ("_lines", "data", "file", "keys", "refused", "text", "values")

    def __init__(self, file: str, data: Any, text: str, values: dict[YamlPath, tuple[int, int]] | None = None,
                 keys: dict[YamlPath, tuple[int, int]] | None = None,
                 refused: set[YamlPath] | None = None) -> None:
        self.file = file
        self.data = data
        self.text = text
        self.values = {} if values is None else values
        self.keys = {} if keys is None else keys
        self.refused = set() if refused is None else refused
        self._lines: list[str] | None = None

    def __repr__(self) -> str:
        return f"SourceDoc({self.file!r})"

    def at(self, *path: str | int) -> Location:
        """Where the value at `path` is; falls back to the closest enclosing value that exists."""
        p: YamlPath = tuple(path)
        while p:
            pos = self.values.get(p)
            if pos is not None:
                return Location(self.file, pos[0], pos[1])
            p = p[:-1]
        pos = self.values.get((), (1, 1))
        return Location(self.file, pos[0], pos[1])

    def key_at(self, *path: str | int) -> Location:
        """Where the key of the entry at `path` is (for unknown or duplicated keys)."""
        pos = self.keys.get(tuple(path))
        if pos is None:
            return self.at(*path)
        return Location(self.file, pos[0], pos[1])

    def lines(self) -> list[str]:
        """The file's lines as editors count them (LF, CRLF, CR), split once.

        Not `str.splitlines`, which also breaks at form feeds and Unicode separators and would
        shift every line number after one of them.
        """
        if self._lines is None:  # split once: a big file can have thousands of findings
            self._lines = EDITOR_BREAK.split(self.text)
        return self._lines

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, for showing the offending line under a finding."""
        lines = self.lines()
        return lines[line - 1] if 0 < line <= len(lines) else ""

