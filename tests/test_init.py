"""`cic init`: a new programme's skeleton that `cic validate` accepts with only TODO findings.

Each test writes into its own temporary folder; nothing here is a programme's data.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.conftest import REPO
from typer.testing import CliRunner

from cicmaroc.cli.main import app
from cicmaroc.models.kinds import FOLDERS, SINGLE_FILES

runner = CliRunner()
FILES = ["budget.yaml", "country.yaml", "due-dates.yaml", "evidence.yaml", "iati.yaml", "logframe.yaml",
         "partners/todo.yaml", "programme.yaml", "readings.yaml", "risks.yaml", "waivers.yaml"]


def _todo_values(folder: Path) -> int:
    """How many values of the folder's files are TODO (keys and comments aside)."""
    count = 0
    for path in folder.rglob("*.yaml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            count += len(re.findall(r"\bTODO\b(?!:)", line.split("#", 1)[0]))
    return count


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_init_then_validate_gives_only_todo_findings(tmp_path: Path, lang: str):
    data = tmp_path / "new" / "data"
    done = runner.invoke(app, ["init", str(data), "--country", "sn", "--years", "2022-2026", "--lang", lang])
    assert done.exit_code == 0, done.output
    assert sorted(str(p.relative_to(data)) for p in data.rglob("*") if p.is_file()) == FILES
    found = json.loads(runner.invoke(app, ["validate", "-f", "json", str(data)]).output)["findings"]
    assert {f["code"] for f in found} == {"CIC014", "CIC810"}  # left to transcribe; IATI values TODO
    assert {f["severity"] for f in found} == {"warning"}
    assert len(found) == _todo_values(data)  # every TODO said, once, and nothing else
    assert runner.invoke(app, ["fmt", "--check", str(data)]).exit_code == 0  # already in cic fmt's layout
    programme = (data / "programme.yaml").read_text(encoding="utf-8")
    assert "code: SN\n" in programme and "period: {first: 2022, last: 2026}\n" in programme
    assert f"languages: [{lang}]\n" in programme and f"  {lang}: TODO\n" in programme
    assert "years: [2022, 2023, 2024, 2025, 2026]\n" in (data / "budget.yaml").read_text(encoding="utf-8")
    shown = {"fr": "Remplacez chaque TODO", "nl": "Vervang elke TODO"}[lang]
    assert shown in done.output


def test_new_year_files_follow_once_the_folder_exists(tmp_path: Path):
    data = tmp_path / "data"
    assert runner.invoke(app, ["init", str(data), "--country", "BJ", "--years", "2027-2031"]).exit_code == 0
    # the logframe is still TODO, so the monitoring file cannot be built from it yet: said, not a traceback
    made = runner.invoke(app, ["new", "monitoring", "2027", "--data", str(data)])
    assert made.exit_code == 2 and "logframe.yaml cannot be read" in made.output
    outside = runner.invoke(app, ["new", "narrative", "2026", "--data", str(data)])
    assert outside.exit_code == 2 and "2027 to 2031" in outside.output


@pytest.mark.parametrize(("args", "said"), [  # said in the programme's language (fr unless --lang nl)
    (["--country", "XX", "--years", "2022-2026"], "«\u00a0XX\u00a0» n’est pas un code de pays ISO 3166-1"),
    (["--country", "XX", "--years", "2022-2026", "--lang", "nl"], "'XX' is geen landcode van ISO 3166-1"),
    (["--country", "SN", "--years", "2026-2022"], "la première année précède la dernière"),
    (["--country", "SN", "--years", "2022", "--lang", "nl"], "'2022' is geen periode"),
    (["--country", "SN", "--years", "2022-2026", "--lang", "en"], "written in fr or nl, not 'en'"),
])
def test_a_bad_option_writes_nothing(tmp_path: Path, args: list[str], said: str):
    data = tmp_path / "data"
    done = runner.invoke(app, ["init", str(data), *args])
    assert done.exit_code == 2 and said in done.output and "Traceback" not in done.output
    assert not data.exists()


def test_a_folder_holding_only_empty_folders_is_empty(tmp_path: Path):
    (tmp_path / "data" / "partners").mkdir(parents=True)  # as a failed run may leave it
    done = runner.invoke(app, ["init", str(tmp_path / "data"), "--country", "SN", "--years", "2022-2026"])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "data" / "partners" / "todo.yaml").is_file()


def test_a_programme_is_never_written_over(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (data / "budget.yaml").write_text("# the officers' file\n", encoding="utf-8")
    done = runner.invoke(app, ["init", str(data), "--country", "SN", "--years", "2022-2026", "--lang", "nl"])
    assert done.exit_code == 2 and "cic init schrijft nooit over een programma heen" in done.output
    assert sorted(p.name for p in data.iterdir()) == ["budget.yaml"]
    assert (data / "budget.yaml").read_text(encoding="utf-8") == "# the officers' file\n"


def test_every_kind_of_file_is_written_by_init_and_documented(tmp_path: Path):
    """The skeleton holds every kind of file but the year files (made by `cic new` from the plan), and
    docs/data-format.md has a section for every kind."""
    data = tmp_path / "data"
    assert runner.invoke(app, ["init", str(data), "--country", "SN", "--years", "2022-2026"]).exit_code == 0
    written = {str(p.relative_to(data)) for p in data.rglob("*.yaml")}
    assert written == set(SINGLE_FILES) | {"partners/todo.yaml"}
    assert set(FOLDERS) == {"partners", "monitoring", "narrative", "risk-follow-up"}
    doc = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## `data/([^`]+)`", doc, flags=re.MULTILINE)
    assert {h for h in headings if "/" not in h} == set(SINGLE_FILES)
    assert {h.split("/")[0] for h in headings if "/" in h} == set(FOLDERS)
