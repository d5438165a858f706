"""Waivers that fit the work: globs in `file:`, a broken entry that does not switch the others
off, no "delete the waiver" while a data file could not be read, and `--write-waivers`.

The reasons written here are FICTIONAL test reasons.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import line_of
from typer.testing import CliRunner

from cicmaroc.api import validate
from cicmaroc.cli.main import app
from cicmaroc.config import Config

REASON = "printed so in the approved document (fictional test reason)"


def findings(data: Path):
    return validate(data, config=Config()).findings.items


def write_waivers(data: Path, text: str) -> Path:
    path = data / "waivers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_glob_in_file_waives_every_partner_sheet(data_copy: Path):
    write_waivers(data_copy, f"waivers:\n  - code: CIC604\n    file: partners/*.yaml\n    reason: {REASON}\n")
    found = [f for f in findings(data_copy) if f.code == "CIC604"]
    assert len(found) == 10 and all(f.waived == REASON for f in found)
    assert not [f for f in findings(data_copy) if f.code == "CIC902"]


def test_a_broken_entry_is_a_finding_on_its_line_and_the_others_still_waive(data_copy: Path):
    path = write_waivers(data_copy, (
        "waivers:\n"
        f"  - code: CIC604\n    file: partners/*.yaml\n    reason: {REASON}\n"
        "  - code: CIC201\n    file: budget.yaml\n    reason: Decided: the table stays as printed.\n"
        f"  - code: CIC605\n    file: partners/saint-josse-ten-noode.yaml\n    reason: {REASON}\n"))
    found = findings(data_copy)
    [broken] = [f for f in found if f.file.endswith("waivers.yaml") and f.code.startswith("CIC0")]
    assert broken.location.line == line_of(path, "Decided:")
    waived = [f for f in found if f.code in ("CIC604", "CIC605")]
    assert {f.code for f in waived} == {"CIC604", "CIC605"} and all(f.waived for f in waived)
    assert [f.waived for f in found if f.code == "CIC201"] == [None]  # its own waiver was the broken one


def test_an_invalid_entry_leaves_the_others_working(data_copy: Path):
    write_waivers(data_copy, (
        "waivers:\n"
        f"  - code: CIC604\n    file: partners/*.yaml\n    reason: {REASON}\n"
        f"  - code: CIC201\n    fiel: budget.yaml\n    reason: {REASON}\n"))
    found = findings(data_copy)
    assert sorted(f.code for f in found if f.file.endswith("waivers.yaml")) == ["CIC010", "CIC011"]
    outcome_texts = [f for f in found if f.code == "CIC604"]
    assert outcome_texts and all(f.waived for f in outcome_texts)


def test_a_waiver_is_not_called_stale_while_a_file_could_not_be_read(data_copy: Path):
    write_waivers(data_copy, f"waivers:\n  - code: CIC201\n    file: budget.yaml\n    reason: {REASON}\n")
    (data_copy / "partners" / "ixelles.yaml").write_text("id: ixelles\n", encoding="utf-8")  # half-filled
    found = findings(data_copy)
    assert not [f for f in found if f.code == "CIC902" and f.severity.value == "warning"]
    [unchecked] = [f for f in found if f.code == "CIC902"]
    assert unchecked.severity.value == "info" and "ixelles.yaml" in unchecked.message
    assert "Do not delete it yet" in unchecked.hint


def test_write_waivers_acknowledges_every_open_finding_once(data_copy: Path):
    runner = CliRunner()
    before = runner.invoke(app, ["validate", str(data_copy)])
    assert before.exit_code == 1
    first = runner.invoke(app, ["validate", "--write-waivers", REASON, str(data_copy)])
    assert first.exit_code == 0, first.output
    text = (data_copy / "waivers.yaml").read_text(encoding="utf-8")
    count = text.count("  - code: ")
    assert count == text.count(f'reason: "{REASON}"') and count >= 25
    second = runner.invoke(app, ["validate", "--write-waivers", REASON, str(data_copy)])
    assert second.exit_code == 0
    assert (data_copy / "waivers.yaml").read_text(encoding="utf-8") == text  # nothing twice
    said = " ".join(second.stderr.split())
    assert said.startswith("Waivers added to") and said.endswith(": 0. Edit each reason, then review.")


def test_write_waivers_appends_and_keeps_what_is_there(data_copy: Path):
    kept = ("# Our decisions (fictional)\nwaivers:\n"
            f"  - code: CIC604\n    file: partners/*.yaml\n    reason: {REASON}\n")
    write_waivers(data_copy, kept)
    result = CliRunner().invoke(app, ["validate", "--write-waivers", "to be confirmed", str(data_copy)])
    assert result.exit_code == 0
    text = (data_copy / "waivers.yaml").read_text(encoding="utf-8")
    assert text.startswith(kept) and "code: CIC604" not in text[len(kept):]


def test_write_waivers_needs_a_reason(data_copy: Path):
    result = CliRunner().invoke(app, ["validate", "--write-waivers", "  ", str(data_copy)])
    assert result.exit_code == 2 and "needs a reason" in result.output
    assert not (data_copy / "waivers.yaml").exists()
