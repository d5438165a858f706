"""Shared fixtures. The real data is copied before any test changes it; test data is fictional."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"
SEED = REPO / "source" / "000_f52165ab902bcf67.txt"


@pytest.fixture(scope="session")
def real_programme():
    """The real data/, loaded once for the tests that only read it (models are frozen)."""
    from cicmaroc.loading.loader import load_programme

    loaded, _ = load_programme(DATA)
    return loaded


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of the real data/ that a test may edit."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a data file in place; fails loudly if `old` is not there, so tests stay honest."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """The 1-based line number of the first line containing `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def external_tool_missing(reason: str) -> NoReturn:
    """A test needs a tool from outside Python (node, chromium ...) that is not installed.

    Outside CI it skips, and the reason is printed in the summary (`-rs` in pytest's addopts);
    under CI=true it fails, because .ci/run must have installed the tool.
    """
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: .ci/run installs it, so this must not be skipped)", pytrace=False)
    pytest.skip(reason)
