"""Waivers: inline and in data/waivers.yaml; a reason is required; stale waivers are reported."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import line_of, replace_in

from cicmaroc.api import validate
from cicmaroc.config import Config

PHONE = '    phones: ["212 6 67 97 72 001"]'


def run(data: Path, config: Config | None = None):
    return validate(data, config=config or Config()).findings.items


def test_inline_waiver_with_reason_waives_the_finding(data_copy: Path):
    path = data_copy / "partners" / "saint-josse-ten-noode.yaml"
    reason = "printed so in the document (fictional test reason)"
    replace_in(path, PHONE, PHONE + f"  # cic: ignore[CIC602] {reason}")
    findings = run(data_copy)
    [phone] = [f for f in findings if f.code == "CIC602"]
    assert phone.waived == "printed so in the document (fictional test reason)"
    assert not [f for f in findings if f.code in ("CIC901", "CIC902")]


def test_inline_waiver_without_reason_waives_nothing(data_copy: Path):
    path = data_copy / "partners" / "saint-josse-ten-noode.yaml"
    replace_in(path, PHONE, PHONE + "  # cic: ignore[CIC602]")
    findings = run(data_copy)
    [phone] = [f for f in findings if f.code == "CIC602"]
    assert phone.waived is None
    [missing] = [f for f in findings if f.code == "CIC901"]
    assert missing.location.line == line_of(path, "cic: ignore")


def test_stale_inline_waiver_is_reported(data_copy: Path):
    path = data_copy / "partners" / "evere.yaml"
    replace_in(path, "budget_os1: 150145.16", "budget_os1: 150145.16  # cic: ignore[CIC602] no longer true")
    [stale] = [f for f in run(data_copy) if f.code == "CIC902"]
    assert stale.location.line == line_of(path, "budget_os1")


def test_waiver_file_by_code_file_and_message(data_copy: Path):
    (data_copy / "waivers.yaml").write_text(
        "# Test fixture: fictional decisions, not the programme's.\n"
        "waivers:\n"
        "  - code: CIC201\n"
        "    file: budget.yaml\n"
        "    reason: Fictional test reason - line 1 also funds shared activities.\n"
        "  - code: CIC604\n"
        "    file: partners/evere.yaml\n"
        "    contains: \"'2' where the other says '1'\"\n"
        "    reason: Fictional test reason.\n"
        "  - code: CIC605\n"
        "    file: partners/evere.yaml\n"
        "    reason: Matches nothing in this file.\n"
        "  - code: CIC402\n"
        "    file: logframe.yaml\n",
        encoding="utf-8")
    findings = run(data_copy)
    waived = {(f.code, Path(f.file).name) for f in findings if f.waived}
    assert waived == {("CIC201", "budget.yaml"), ("CIC604", "evere.yaml")}
    assert [f.location.line for f in findings if f.code == "CIC902"] == [10]
    assert [f.location.line for f in findings if f.code == "CIC901"] == [13]
    assert [f.waived for f in findings if f.code == "CIC402"] == [None]


def test_waived_findings_do_not_fail_the_run_but_show_with_verbose(data_copy: Path):
    from typer.testing import CliRunner

    from cicmaroc.cli.main import app

    (data_copy / "cic.toml").write_text('select = ["CIC602"]\n', encoding="utf-8")
    path = data_copy / "partners" / "saint-josse-ten-noode.yaml"
    replace_in(path, PHONE, PHONE + "  # cic: ignore[CIC602] fictional test reason")
    runner = CliRunner()
    quiet = runner.invoke(app, ["validate", str(data_copy)])
    assert quiet.exit_code == 0, quiet.stdout
    assert "212 6 67" not in quiet.stdout and "1 waived" in quiet.stdout
    verbose = runner.invoke(app, ["validate", str(data_copy), "--verbose"])
    assert verbose.exit_code == 0 and "waived: fictional test reason" in verbose.stdout


def test_waiver_findings_obey_select_and_ignore(data_copy: Path):
    path = data_copy / "partners" / "evere.yaml"
    replace_in(path, "budget_os1: 150145.16", "budget_os1: 150145.16  # cic: ignore[CIC602]")
    assert [f.code for f in run(data_copy) if f.code.startswith("CIC9")] == ["CIC901"]
    assert not [f for f in run(data_copy, Config(ignore=("CIC9",))) if f.code.startswith("CIC9")]


def test_inline_waiver_counts_lines_as_editors_do(data_copy: Path):
    path = data_copy / "partners" / "saint-josse-ten-noode.yaml"
    # a Unicode line separator inside a quoted value is not a line break for an editor
    replace_in(path, "title: ", 'title: "x\u2028y" # ')
    replace_in(path, PHONE, PHONE + "  # cic: ignore[CIC602] fictional test reason")
    findings = run(data_copy)
    assert [f.waived for f in findings if f.code == "CIC602"] == ["fictional test reason"]
    assert not [f for f in findings if f.code == "CIC902"]
