"""A data file that could not be read is never taken for one with nothing recorded.

Every command that computes from a run (report, progress, status, IATI export, forms, import,
diff) refuses, naming the file and its line, when a file its figures use could not be read; a
file it does not use (another year's narrative, a later year's monitoring) does not stop it.
On copies of the demo data (FICTIONAL figures).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.conftest import line_of
from tests.git_history import git
from tests.iati_fixture import ACKNOWLEDGED
from typer.testing import CliRunner

from cicmaroc import api
from cicmaroc.cli.main import app

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo" / "data"
runner = CliRunner()
REFUSED = "Could not read data/{file}:{line}"


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo data in tmp_path/data, run from tmp_path (files shown as data/...)."""
    shutil.copytree(DEMO, tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "data"


def break_line(path: Path, line: int = 12) -> int:
    """Replace `line` of a data file by a YAML syntax error (an unclosed flow mapping); its line."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[line - 1] = "    IOV 3: {women: {part: 4\n"
    path.write_text("".join(lines), encoding="utf-8")
    return line


def refused(result, file: str, line: int) -> bool:  # type: ignore[no-untyped-def]
    return (result.exit_code == 1 and REFUSED.format(file=file, line=line) in result.stderr
            and "cic validate" in result.stderr and "Traceback" not in result.stderr)


def test_the_report_refuses_an_unread_monitoring_file_of_its_year_or_before(demo: Path):
    line = break_line(demo / "monitoring" / "2019.yaml")
    for year in ("2019", "2020"):  # 2020's figures are cumulative: 2019's are a part of them
        result = runner.invoke(app, ["report", "--year", year, "-o", "r.md"])
        assert refused(result, "monitoring/2019.yaml", line), result.stderr
        assert not Path("r.md").exists()
    result = runner.invoke(app, ["report", "--year", "2018", "-o", "r.md"])  # 2019 is not used for 2018
    assert result.exit_code == 0 and Path("r.md").is_file()


@pytest.mark.parametrize("folder", ["narrative", "risk-follow-up"])
def test_the_report_refuses_an_unread_narrative_or_risk_follow_up_of_its_year(demo: Path, folder: str):
    path = demo / folder / "2019.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "broken: [\n", encoding="utf-8")
    line = len(path.read_text(encoding="utf-8").splitlines()) + 1  # libyaml: the end of the file
    result = runner.invoke(app, ["report", "--year", "2019", "-o", "r.md"])
    assert result.exit_code == 1 and not Path("r.md").exists()
    assert f"Could not read data/{folder}/2019.yaml:" in result.stderr, result.stderr
    assert api.validate(demo).programme.unread[f"data/{folder}/2019.yaml"].line == line
    shutil.copy(path, demo / folder / "2018.yaml")  # another year's narrative: not this report's
    (demo / folder / "2019.yaml").unlink()
    shutil.copy(DEMO / folder / "2019.yaml", demo / folder / "2019.yaml")
    assert runner.invoke(app, ["report", "--year", "2019", "-o", "r.md"]).exit_code == 0


def test_progress_refuses_in_the_run_s_language(demo: Path):
    line = break_line(demo / "monitoring" / "2019.yaml")
    assert refused(runner.invoke(app, ["progress", "--year", "2019"]), "monitoring/2019.yaml", line)
    # without --year, the latest year with monitoring is not known while a monitoring file is unread
    assert refused(runner.invoke(app, ["progress", "--format", "json"]), "monitoring/2019.yaml", line)
    result = runner.invoke(app, ["progress", "--year", "2019", "--lang", "nl"])
    assert result.exit_code == 1 and "Kan data/monitoring/2019.yaml:12 niet lezen" in result.stderr
    assert runner.invoke(app, ["progress", "--year", "2018"]).exit_code == 0


@pytest.mark.parametrize(("lang", "cannot_read", "refusal"), [
    ("fr", "erreur  CIC003 Le YAML ne peut pas être lu",
     "cic: Impossible de lire data/monitoring/2019.yaml:12 et data/partners/evere.yaml:2"),
    ("nl", "fout    CIC003 De YAML kan niet worden gelezen",
     "cic: Kan data/monitoring/2019.yaml:12 en data/partners/evere.yaml:2 niet lezen"),
])
@pytest.mark.parametrize("command", [["iati", "--as-of", "2019", "-o", "x.xml"],
                                     ["progress", "--year", "2019"],
                                     ["report", "--year", "2019", "-o", "r.md"]])
def test_a_refusal_shows_the_unread_file_s_own_findings_located(demo: Path, command: list[str], lang: str,
                                                                 cannot_read: str, refusal: str):
    (demo / "waivers.yaml").write_text(ACKNOWLEDGED, encoding="utf-8")  # the document's own errors
    line = break_line(demo / "monitoring" / "2019.yaml")
    (demo / "partners" / "evere.yaml").write_text("id: [\n", encoding="utf-8")  # read by every command
    result = runner.invoke(app, [*command, "--lang", lang])
    said = result.stderr
    assert result.exit_code == 1 and "Traceback" not in said and not Path(command[-1]).exists()
    # as `cic validate` shows them: under the file, at line:column, in the run's language; then the refusal
    assert said.index("data/monitoring/2019.yaml\n") < said.index(f"    {line}:10  {cannot_read}")
    partner = said.index(f"      2:1  {cannot_read}")
    assert said.index("data/partners/evere.yaml\n") < partner < said.index(refusal)
    assert "CIC402" not in said and "CIC604" not in said  # only the unread files' findings, not the run's


def test_status_refuses_rather_than_list_everyone_as_late(demo: Path):
    line = break_line(demo / "monitoring" / "2019.yaml")
    result = runner.invoke(app, ["status", "--year", "2019", "--format", "json"])
    assert refused(result, "monitoring/2019.yaml", line) and result.stdout == ""
    result = runner.invoke(app, ["status", "--year", "2018", "--format", "json"])  # 2019 not used
    assert result.exit_code == 1 and '"late"' in result.stdout  # the demo's 2018 has late reporters


def test_the_iati_export_refuses_while_an_ended_year_is_unread(demo: Path):
    (demo / "waivers.yaml").write_text(ACKNOWLEDGED, encoding="utf-8")  # the document's own errors
    line = break_line(demo / "monitoring" / "2019.yaml")
    result = runner.invoke(app, ["iati", "--as-of", "2019", "-o", "x.xml"])
    assert refused(result, "monitoring/2019.yaml", line) and not Path("x.xml").exists()
    # 2019 not ended: the file is not needed for the export, but it is an error of the data, and
    # `cic iati` writes nothing for data with errors (issue 23)
    result = runner.invoke(app, ["iati", "--as-of", "2019-06-30", "-o", "x.xml"])
    assert result.exit_code == 1 and "CIC" in result.output and not Path("x.xml").exists()


def test_forms_refuse_rather_than_send_forms_with_nothing_filled_in(demo: Path):
    line = break_line(demo / "monitoring" / "2019.yaml")
    result = runner.invoke(app, ["forms", "--year", "2019", "-o", "forms"])
    assert refused(result, "monitoring/2019.yaml", line) and not Path("forms").exists()
    partner = demo / "partners" / "evere.yaml"
    partner.write_text("id: [\n", encoding="utf-8")
    result = runner.invoke(app, ["forms", "--year", "2018", "-o", "forms"])  # who reports is unknown
    assert refused(result, "partners/evere.yaml", 2) and not Path("forms").exists()


@pytest.mark.parametrize("partial", [False, True])
def test_import_into_an_unread_year_file_is_refused_with_or_without_partial(demo: Path, partial: bool):
    api.forms(demo, 2019, Path("f"), "fr", ["ait-baha"])
    book = load_workbook("f/2019-ait-baha.xlsx")
    book.save("filled.xlsx")  # returned as sent: its figures are those recorded before the break
    target = demo / "monitoring" / "2019.yaml"
    line = break_line(target)
    before = target.read_bytes()
    result = runner.invoke(app, ["import", "filled.xlsx", *(["--partial"] if partial else [])])
    assert result.exit_code == 1 and target.read_bytes() == before
    assert f"{line}:" in result.stdout and "CIC734" in result.stdout
    assert "Nothing new to import" not in result.stderr and "Nothing was written" in result.stderr


def _broken_at_head(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A repository of the demo whose last commit breaks data/monitoring/2019.yaml; the test runs in it."""
    repo = tmp_path / "repo"
    shutil.copytree(DEMO, repo / "data")
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "demo")
    (repo / "data" / "monitoring" / "2019.yaml").write_text("year: 2019\nreports: [\n", encoding="utf-8")
    git(repo, "commit", "-qam", "broken")
    monkeypatch.chdir(repo)


def test_diff_says_a_file_unread_at_a_revision_once_and_does_not_compare_it(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch):
    _broken_at_head(tmp_path, monkeypatch)
    compared = api.diff(None, "HEAD~1", "HEAD")
    assert compared.diff.changes == []  # not hundreds of figures "removed"
    [unread] = compared.diff.unread
    assert (unread.side, unread.file) == ("new", "data/monitoring/2019.yaml")
    assert [f.code for f in compared.diff.introduced] == ["CIC003"] and compared.failing
    text = api.render_diff(compared, "text")
    assert text.count("data/monitoring/2019.yaml could not be read at HEAD (") == 1
    back = api.diff(None, "HEAD", "HEAD~1")  # the other way: unread at the older revision
    [unread] = back.diff.unread
    assert back.diff.changes == [] and (unread.side, unread.file) == ("old", "data/monitoring/2019.yaml")
    assert "could not be read at HEAD (" in api.render_diff(back, "markdown", "en")
    [shown] = json.loads(api.render_diff(back, "json"))["unread"]
    assert shown["file"] == "data/monitoring/2019.yaml"
    assert [f["code"] for f in shown["findings"]] == ["CIC003"]


@pytest.mark.parametrize(("lang", "stops"), [("en", "what stops it there:"),
                                             ("fr", "ce qui l’en empêche\u00a0:"),
                                             ("nl", "wat het daar tegenhoudt:")])
def test_diff_lists_the_findings_of_a_file_unread_at_a_revision(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lang: str, stops: str):
    """The unread file's own findings at that revision come with the sentence, located, in the
    reader's language: no second run of 'cic validate' at that revision to learn why."""
    _broken_at_head(tmp_path, monkeypatch)
    compared = api.diff(None, "HEAD~1", "HEAD")
    [finding] = compared.diff.unread[0].findings
    assert finding.code == "CIC003" and finding.location is not None and finding.location.line > 0
    where = f"data/monitoring/2019.yaml:{finding.location.line} CIC003"
    text = api.render_diff(compared, "text", lang)
    assert stops in text and f"\n  {where}" in text
    markdown = api.render_diff(compared, "markdown", lang)
    assert f"\n  - {where}" in markdown


@pytest.mark.parametrize("char", ["\\uFFFE", "\\uFFFF"])
def test_a_character_xml_forbids_is_a_finding_and_no_command_writes_half_its_outputs(demo: Path, char: str):
    """U+FFFE and U+FFFF (a double-quoted escape) are CIC012 at their line, like the other
    characters XML 1.0 forbids: the IATI file, the forms and the Word report are XML, and one such
    character used to stop them half-way (2 of 24 forms written, a Word error blamed on
    --reference-docx). Now each refuses before writing anything, naming the file and line."""
    partner = demo / "partners" / "etterbeek.yaml"
    text = partner.read_text(encoding="utf-8")
    partner.write_text(text.replace("    name: Commune d'Aït Baha", f'    name: "Commune d\'Aït{char} Baha"'),
                       encoding="utf-8")
    at = line_of(partner, "    name: \"Commune d'Aït")
    run = api.validate(demo)
    assert ("CIC012", "data/partners/etterbeek.yaml", at) in {
        (f.code, f.file, f.location.line if f.location else 0) for f in run.findings}
    for argv, written in ((["iati", "--as-of", "2019", "-o", "a.xml"], "a.xml"),
                          (["forms", "--year", "2019", "-o", "forms"], "forms"),
                          (["report", "--year", "2019", "--format", "docx", "-o", "r.docx"], "r.docx")):
        result = runner.invoke(app, argv)
        assert refused(result, "partners/etterbeek.yaml", at), (argv, result.stderr)
        assert not Path(written).exists()
