"""The `cic` process (`cli.process`): it ends as soon as its command is done, and loses nothing.

The process leaves through `os._exit` (`cli.process.leave`), so these tests run real processes
and compare what they printed and wrote, byte for byte, with the same commands run in-process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import REPO
from typer.testing import CliRunner

from cicmaroc.cli.main import app

DEMO = REPO / "examples" / "demo" / "data"
ENV = {"NO_COLOR": "1", "COLUMNS": "120", "PATH": "/usr/bin:/bin"}


def cic(*argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "cicmaroc", *argv], capture_output=True, env=ENV)


@pytest.mark.parametrize("fmt", ["text", "json", "sarif"])
def test_the_process_prints_all_its_output_and_the_exit_code(fmt: str):
    done = cic("validate", str(DEMO), "--format", fmt, "--verbose")
    here = CliRunner().invoke(app, ["validate", str(DEMO), "--format", fmt, "--verbose"], env=ENV)
    assert (done.returncode, here.exit_code) == (1, 1)
    assert done.stdout.decode("utf-8") == here.stdout
    if fmt != "text":
        json.loads(done.stdout)  # whole


@pytest.mark.parametrize(("argv", "code"), [(["--version"], 0), (["validate", "--select", "NOPE"], 2),
                                            (["rules", "CIC201"], 0), (["schema", "--check"], 0)])
def test_the_process_exits_with_the_commands_code(argv: list[str], code: int):
    assert cic(*argv).returncode == code


def test_a_report_written_by_the_process_is_whole(tmp_path: Path):
    out = tmp_path / "report.md"
    done = cic("report", "--year", "2019", "--lang", "en", "-o", str(out), str(DEMO))
    assert done.returncode == 0, done.stderr
    here = CliRunner().invoke(app, ["report", "--year", "2019", "--lang", "en", str(DEMO)], env=ENV)
    assert out.read_text(encoding="utf-8") == here.stdout
