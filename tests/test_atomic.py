"""Atomic writes: a failure half-way leaves the previous file intact and no debris behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from cicmaroc.files import writing as atomic
from cicmaroc.files.writing import write_text_atomic


def test_writes_and_replaces(tmp_path: Path):
    target = tmp_path / "report.md"
    write_text_atomic(target, "first Aït Baha\n")
    write_text_atomic(target, "second\n")
    assert target.read_text(encoding="utf-8") == "second\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_failure_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "report.md"
    target.write_text("previous\n", encoding="utf-8")

    def broken_replace(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", broken_replace)
    with pytest.raises(atomic.WriteError, match="disk full"):
        write_text_atomic(target, "new\n")
    assert target.read_text(encoding="utf-8") == "previous\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
