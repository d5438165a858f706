"""`cic report` and `cic progress`: the real data, wrong requests, broken templates, escaping.

Monitoring written by these tests is FICTIONAL test input.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.numbers import parse_decimal
from tests.conftest import DATA, REPO, SEED
from tests.test_real_data import said, t3_rows
from typer.testing import CliRunner

from cicmaroc import api
from cicmaroc.cells import DASH, CellValue
from cicmaroc.cli.main import app
from cicmaroc.loading.loader import load_programme
from cicmaroc.report.markdown import md_escape

runner = CliRunner()
EXAMPLE = REPO / "examples" / "demo" / "data"


def run(*args: str):
    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def real_report() -> str:
    result = run("report", "--year", "2019", str(DATA))
    assert result.exit_code == 0, result.output
    return result.stdout


def table_rows(text: str, header_start: str) -> list[list[str]]:
    """The cells of the Markdown table whose header row starts with `header_start`."""
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header_start))
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip()[1:-1])])
    return rows


def amount(cell: str) -> CellValue:
    """A report's money cell: its amount, or a dash where it shows "-"."""
    if cell.strip() == "-":
        return DASH
    return parse_decimal(cell.replace("€", "").strip(), locale="fr_BE")


# -- the real data -------------------------------------------------------------------------------


def test_real_2019_budget_is_the_seeds_t3_column(real_report: str):
    """Every printed amount of the T3 2019 column, in T3's order, is the report's 'Prévu 2019'."""
    seed_column = [amounts[2] for _, amounts in t3_rows(SEED.read_text(encoding="utf-8").splitlines())]
    planned = [row[1] for row in table_rows(real_report, "| Poste | Prévu 2019 | Dépensé 2019")]
    planned += [row[1] for row in table_rows(real_report, "| Poste | Prévu 2019 | Prévu 2017-2021")]
    printed = [amount(cell) for cell in planned if cell]  # lines 2 and 3 print no total in T3
    assert [said(c) for c in printed] == [said(c) for c in seed_column]  # "-" where T3 prints "-"


def test_real_2019_budget_is_the_models_2019_cells(real_report: str):
    programme, _ = load_programme(DATA)
    budget = programme.budget.model
    cells = []
    for block in [*budget.lines, budget.total]:
        if block.total is not None:
            cells.append(block.total[2019])
        cells.extend(row[2019] for row in block.natures.values())
    planned = [row[1] for row in table_rows(real_report, "| Poste | Prévu 2019 | Dépensé 2019")]
    assert [said(amount(c)) for c in planned if c] == [said(c) for c in cells]


def test_real_2019_shows_every_milestone_and_missing_monitoring(real_report: str):
    programme, _ = load_programme(DATA)
    frame = programme.logframe.model
    rows = [r for group in ["OS1", *[r.id for r in frame.results]]
            for r in table_rows(real_report.split(f"### {group}\u00a0:", 1)[1],
                                "| Indicateur | Mesure | Base | Jalon 2019")]
    assert len(rows) == sum(len(i.measures) for i in frame.indicators())
    for indicator in frame.indicators():
        assert f"- **{indicator.id}**" in real_report
        assert md_escape(" ".join(indicator.targets["year3"].text.split())) in real_report  # the An 3 cell
    by_id = {r[0].strip("*"): r for r in rows if r[0]}
    assert by_id["IOV 2"][3] == "6" and by_id["IOV 1.1"][3] == "12"  # year-3 values
    assert by_id["IOV 2.1"][3] == "100\xa0% (12)"  # percent-only target, read for 12 communes
    for row in rows:
        assert row[6] == "**manquant**" and row[8] == "pas de données" and row[9].startswith("0 / ")
    assert "0,00 €" not in " ".join(r[6] for r in rows)
    assert "manquant" in real_report and "Aucune donnée de suivi" in real_report


def test_real_report_lists_the_open_findings_in_the_teams_edition(real_report: str):
    findings = api.validate(DATA).findings
    codes = {f.code for f in findings.active()}
    assert "Constats de validation ouverts" not in real_report  # the donor's edition: none
    internal = run("report", "--year", "2019", "--internal", str(DATA))
    assert internal.exit_code == 0, internal.output
    section = internal.stdout.split("## Constats de validation ouverts", 1)[1]
    for code in codes:
        assert f"| {code} |" in section
    if not codes:
        assert "Aucun constat ouvert." in section


def test_real_report_in_every_language():
    for lang, title in (("nl", "# Jaarverslag 2019"), ("en", "# Annual report 2019")):
        result = run("report", "--year", "2019", "--lang", lang, str(DATA))
        assert result.exit_code == 0 and result.stdout.startswith(title)


# -- wrong requests: exit 2, nothing written -----------------------------------------------------


@pytest.mark.parametrize("args", [
    ["--year", "2016"], ["--year", "2022"], ["--year", "2019", "--lang", "de"],
])
def test_bad_year_or_language_exits_2_and_writes_nothing(tmp_path: Path, args):
    out = tmp_path / "report.md"
    result = run("report", *args, str(DATA), "-o", str(out))
    assert result.exit_code == 2
    assert not out.exists() and list(tmp_path.iterdir()) == []
    assert "Traceback" not in result.output


def test_year_message_is_clear():
    result = run("report", "--year", "2023", str(DATA))
    assert result.exit_code == 2
    assert "2023 is not a year of the programme" in " ".join(result.output.split())


@pytest.mark.parametrize(("body", "expected"), [
    ("{% for x in %}", "syntax error"),
    ("{{ no_such_thing }}", "no_such_thing"),
    ("{{ t.no_such_label }}", "no_such_label"),
    ("{{ year.__class__.__mro__ }}", "sandbox"),
    ("{{ ''.__class__.__subclasses__() }}", "sandbox"),
    ("{% include 'nope.md.j2' %}", "not found"),
])
def test_broken_template_exits_2_and_keeps_the_old_file(tmp_path: Path, body: str, expected: str):
    template = tmp_path / "broken.md.j2"
    template.write_text("# Report\n\n" + body + "\n", encoding="utf-8")
    out = tmp_path / "report.md"
    out.write_text("the previous report\n", encoding="utf-8")
    result = run("report", "--year", "2019", str(DATA), "--template", str(template), "-o", str(out))
    assert result.exit_code == 2, result.output
    message = " ".join(result.output.split())
    assert expected in message and "broken.md.j2" in message
    assert out.read_text(encoding="utf-8") == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.md.j2", "report.md"]


def test_missing_template_file_exits_2(tmp_path: Path):
    result = run("report", "--year", "2019", str(DATA), "--template", str(tmp_path / "none.j2"))
    assert result.exit_code == 2 and "does not exist" in " ".join(result.output.split())


def test_custom_template_can_reuse_the_default_includes(tmp_path: Path):
    template = tmp_path / "short.md.j2"
    template.write_text("# {{ t.report_title }} {{ year }}\n\n{% include 'report/findings.md.j2' %}",
                        encoding="utf-8")
    result = run("report", "--year", "2019", str(DATA), "--template", str(template), "--lang", "en")
    assert result.exit_code == 0 and result.stdout.startswith("# Annual report 2019")
    assert "## Open validation findings" in result.stdout


def test_output_file_is_written(tmp_path: Path):
    out = tmp_path / "r.md"
    result = run("report", "--year", "2018", str(EXAMPLE), "-o", str(out), "--lang", "en")
    assert result.exit_code == 0 and out.read_text(encoding="utf-8").startswith("# Annual report 2018")
    assert result.stdout == ""


# -- escaping: values from YAML never break a table ----------------------------------------------


def test_markdown_escaping():
    assert md_escape("a | b") == "a \\| b"
    assert md_escape("line 1\nline 2") == "line 1<br>line 2"
    assert md_escape("<script>*x*_y_ [l](u) `c` $m$ #1 ~s~") == (
        "&lt;script&gt;\\*x\\*\\_y\\_ \\[l\\](u) \\`c\\` \\$m\\$ \\#1 \\~s\\~")
    assert md_escape("Aït Baha & Saïd") == "Aït Baha &amp; Saïd"


def test_a_pipe_and_a_newline_in_the_data_keep_the_table_whole(data_copy: Path):
    partner = data_copy / "partners" / "jette.yaml"
    text = partner.read_text(encoding="utf-8")
    partner.write_text(text.replace("name: Commune de Jette", 'name: "Commune | de\\nJette *B*"'),
                       encoding="utf-8")
    result = run("report", "--year", "2019", str(data_copy))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    # the partnerships' table, then the reporting status (the donor's edition: no id after the name)
    [line, status] = [x for x in lines if "Belfaa |" in x and x.startswith("| Commune")]
    assert "Commune \\| de<br>Jette \\*B\\*" in line and status.startswith("| Commune \\| de<br>Jette")
    header = next(x for x in lines if x.startswith("| Partenariat |"))
    assert len(re.findall(r"(?<!\\)\|", line)) == len(re.findall(r"(?<!\\)\|", header))
    annex = [x for x in lines if x.startswith("| Belfaa | Commune")]  # the per-reporter annex
    assert len(annex) == 23 - 5  # every commune-level indicator
    for row in annex:
        assert "Commune \\| de<br>Jette \\*B\\*" in row and len(re.findall(r"(?<!\\)\|", row)) >= 4


# -- the example, with monitoring ----------------------------------------------------------------


def test_example_report_shows_who_has_not_reported():
    result = run("report", "--year", "2019", str(EXAMPLE), "--lang", "en")
    assert result.exit_code == 0
    text = result.stdout
    assert "No indicator monitoring from: Gourrama (Commune de La Hulpe)." in text
    assert "No spending from: Commune de La Hulpe." in text
    assert "xychart-beta" in text and "FICTIONAL" in text


def test_progress_command(tmp_path: Path):
    result = run("progress", "--year", "2019", str(EXAMPLE))
    assert result.exit_code == 0
    assert "IOV 7.5" in result.stdout and "11/12" in result.stdout
    empty = run("progress", "--year", "2019", str(DATA))
    assert empty.exit_code == 0 and "missing" in empty.stdout and "no data" in empty.stdout
    assert run("progress", "--year", "2030", str(DATA)).exit_code == 2


def test_progress_json_gives_every_figure_in_the_documented_schema():
    result = run("progress", "--year", "2019", "--format", "json", str(EXAMPLE))
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    documented = (REPO / "docs" / "output-json.md").read_text(encoding="utf-8").split(
        "# `cic progress --format json`", 1)[1]
    assert figures["schema_version"] == 1 and figures["year"] == 2019
    for key in figures:
        assert f"`{key}" in documented or f'"{key}"' in documented, key
    measure = figures["indicators"][0]["indicators"][0]["measures"][0]
    for key in measure:
        assert f"`{key}" in documented or f'"{key}"' in documented, key
    # exact decimals as strings, never floats; what is missing is null
    assert figures["programme"]["planned_year"] == "417118.01"
    gourrama = next(r for r in figures["indicators"][0]["indicators"][0]["reports"] if r["id"] == "gourrama")
    assert gourrama["values"] == {"sas": None} and gourrama["source"] is None


def test_progress_text_has_the_reports_tables():
    result = run("progress", "--year", "2019", str(EXAMPLE))
    assert result.exit_code == 0
    text = result.stdout
    for title in ("Indicators in 2019", "Budget execution in 2019", "Partnerships in 2019",
                  "Values reported for 2019, per reporter"):
        assert title in text
    assert ">= €243,181.65 (9/10)" in text and "12 (printed 13) [1]" in text
    assert "incomplete: behind to on track" in text  # IOV 1.1 with Gourrama silent
    assert run("progress", "--year", "2019", "--format", "xml", str(EXAMPLE)).exit_code == 2


def test_progress_thresholds_from_settings(tmp_path: Path, data_copy: Path):
    (data_copy.parent / "cic.toml").write_text('[progress]\non-track = "0.95"\nbehind = "0.2"\n',
                                               encoding="utf-8")
    assert api.validate(data_copy).config.progress_thresholds().on_track == Decimal("0.95")
    (data_copy.parent / "cic.toml").write_text('[progress]\non-track = "2"\n', encoding="utf-8")
    assert run("progress", "--year", "2019", str(data_copy)).exit_code == 2
