"""The house rules that tools can check: ruff (lint) and mypy --strict, on every test run.

They run in the suite rather than as separate CI steps so that `.ci/run` stays exactly the
README's test command, and a developer's `pytest` catches what CI would.
"""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True,
                          check=False)


def test_ruff_is_clean():
    result = run("ruff", "check", "src", "tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_strict_is_clean(tmp_path):
    result = run("mypy", "--cache-dir", str(tmp_path / "mypy-cache"))
    assert result.returncode == 0, result.stdout + result.stderr
