"""`cic migrate`: a data folder of cic's former format becomes today's, with nothing lost.

The input is the real transcription as it stood before the format changed
(tests/fixtures/morocco-2017-2021-former); the expected output is today's frozen copy, which issue
23 made with this same command. So the test says what an officer's own folder goes through.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from tests.conftest import DATA, REPO
from typer.testing import CliRunner

from cicmaroc.cli.main import app

FORMER = REPO / "tests" / "fixtures" / "morocco-2017-2021-former" / "data"
runner = CliRunner()


@pytest.fixture()
def former(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(FORMER, data)
    return data


def files_of(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


def test_a_former_folder_is_not_read_and_each_file_says_to_migrate(former: Path):
    result = runner.invoke(app, ["validate", str(former), "--format", "json"])
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["findings"]
    former_files = {f["location"]["file"].rsplit("data/", 1)[1] for f in findings if f["code"] == "CIC015"}
    # every file holding a former key, and only those
    partners = {f"partners/{p.name}" for p in (former / "partners").iterdir()}
    assert former_files == {"logframe.yaml", "budget.yaml", "country.yaml", *partners}


def test_migrate_gives_today_s_frozen_copy_byte_for_byte(former: Path):
    result = runner.invoke(app, ["migrate", str(former)])
    assert result.exit_code == 0, result.output
    assert "converted" in result.output
    assert files_of(former) == files_of(DATA)
    again = runner.invoke(app, ["migrate", str(former), "--lang", "fr"])
    assert again.exit_code == 0
    assert files_of(former) == files_of(DATA)
    assert "converted" not in again.output and "format actuel" in again.output


def test_an_outcome_with_its_text_and_a_french_translation_is_today_s_format(tmp_path: Path):
    """A programme written first in Dutch keeps its outcome's French as `text_fr` beside `text`:
    that is today's format, never mistaken for the former `text_fr` alone."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    logframe = data / "logframe.yaml"
    text = logframe.read_text(encoding="utf-8")
    head, sep, rest = text.partition("\noutcome:\n")
    assert sep
    added = "  text_fr: FICTIONAL translation kept as written\n"
    logframe.write_text(f"{head}{sep}{added}{rest}", encoding="utf-8")
    before = logframe.read_bytes()
    checked = runner.invoke(app, ["validate", str(data), "--format", "json"])
    assert "CIC015" not in {f["code"] for f in json.loads(checked.stdout)["findings"]}
    migrated = runner.invoke(app, ["migrate", str(data)])
    assert migrated.exit_code == 0 and "converted" not in migrated.output
    assert logframe.read_bytes() == before
