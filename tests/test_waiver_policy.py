"""What a waiver can and cannot do, and how typos in codes are caught.

- a finding that means data was not read cannot be waived: the run still fails and says so;
- only real comments are waivers, never the same words inside a quoted value;
- `ignore[]`, unknown codes and unknown prefixes (in waivers, --select, --ignore, cic.toml) are a
  finding or a usage error, and codes may be separated by spaces as well as commas.

Reasons are FICTIONAL test text.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import line_of, replace_in
from typer.testing import CliRunner

from cicmaroc.api import validate
from cicmaroc.cli.main import app

runner = CliRunner()
PHONE = '    phones: ["212 6 67 97 72 001"]'
SJTN = "partners/saint-josse-ten-noode.yaml"


def said(result) -> str:
    return " ".join((result.output + (result.stderr or "")).split())


def test_a_syntax_error_cannot_be_waived_away(data_copy: Path, tmp_path: Path):
    """Main: exit 0, 'No problems found', and a report with 9 partnerships."""
    path = data_copy / "partners" / "evere.yaml"
    replace_in(path, "budget_os1: 150145.16", "budget_os1: [150145.16")
    (data_copy / "waivers.yaml").write_text(
        "waivers:\n  - {code: CIC003, file: partners/evere.yaml, reason: fictional test waiver}\n",
        encoding="utf-8")
    result = runner.invoke(app, ["validate", str(data_copy)])
    assert result.exit_code == 1
    assert "CIC003" in said(result) and "data it concerns was not read" in said(result)
    findings = validate(data_copy).findings
    [syntax] = [f for f in findings if f.code == "CIC003"]
    assert syntax.waived is None
    assert not [f for f in findings if f.code == "CIC902"]  # the waiver matched; it just cannot hide it


def test_a_finding_that_leaves_a_file_unread_cannot_be_waived_inline(data_copy: Path):
    path = data_copy / "partners" / "evere.yaml"
    replace_in(path, "budget_os1: 150145.16", "budget_os1: abc  # cic: ignore[CIC012] fictional reason")
    findings = validate(data_copy).findings
    [invalid] = [f for f in findings if f.code == "CIC012" and f.file.endswith("evere.yaml")]
    assert invalid.waived is None and "missing from every check" in invalid.hint


def test_waiver_words_inside_a_quoted_value_are_not_a_waiver(data_copy: Path):
    """Main read this as a waiver of CIC602 with the reason `ok"]`."""
    path = data_copy / SJTN
    replace_in(path, PHONE, '    phones: ["212 6 67 97 72 001 # cic: ignore[CIC602] ok"]')
    findings = validate(data_copy).findings
    [phone] = [f for f in findings if f.code == "CIC602" and f.file.endswith("noode.yaml")]
    assert phone.waived is None


def test_a_real_comment_after_such_a_value_still_waives(data_copy: Path):
    path = data_copy / SJTN
    replace_in(path, PHONE, '    phones: ["212 6 67 97 72 001 # not a comment"]  # cic: ignore[CIC602] real')
    findings = validate(data_copy).findings
    [phone] = [f for f in findings if f.code == "CIC602" and f.file.endswith("noode.yaml")]
    assert phone.waived == "real"


def test_an_empty_waiver_is_reported(data_copy: Path):
    path = data_copy / SJTN
    replace_in(path, PHONE, PHONE + "  # cic: ignore[] fictional reason")
    findings = validate(data_copy).findings
    [empty] = [f for f in findings if f.code == "CIC903"]
    assert empty.location.line == line_of(path, "ignore[]") and "names no rule code" in empty.message


def test_an_unknown_code_in_a_waiver_is_reported(data_copy: Path):
    path = data_copy / SJTN
    replace_in(path, PHONE, PHONE + "  # cic: ignore[CIC6O2] fictional reason")  # a letter O
    (data_copy / "waivers.yaml").write_text(
        "waivers:\n  - {code: CIC999, file: budget.yaml, reason: fictional}\n", encoding="utf-8")
    findings = validate(data_copy).findings
    unknown = sorted(f.message for f in findings if f.code == "CIC903")
    assert unknown == ["The waiver names 'CIC6O2', which is not a rule code, so it waives nothing.",
                       "The waiver names 'CIC999', which is not a rule code, so it waives nothing."]


def test_codes_separated_by_a_space_are_both_read(data_copy: Path):
    """Main read `CIC605 CIC602` as one unknown code and reported the waiver as stale."""
    path = data_copy / SJTN
    text = path.read_text(encoding="utf-8")
    assert "    name: Commune de Beni Mathar\n" in text
    path.write_text(text.replace(PHONE, PHONE + "  # cic: ignore[CIC602] fictional").replace(
        "    name: Commune de Beni Mathar\n",
        "    name: Commune de Beni Mathar  # cic: ignore[CIC605 CIC602] fictional reason\n"),
        encoding="utf-8")
    findings = validate(data_copy).findings
    [name] = [f for f in findings if f.code == "CIC605"]
    assert name.waived == "fictional reason"
    assert not [f for f in findings if f.code in ("CIC902", "CIC903")]


def test_unknown_codes_on_the_command_line_are_a_usage_error(data_copy: Path):
    for option in ("--select", "--ignore"):
        for code in ("x", "CIC9999", "CIC88"):
            result = runner.invoke(app, ["validate", str(data_copy), option, code])
            assert result.exit_code == 2 and "not a rule code" in said(result), (option, code)
    assert runner.invoke(app, ["validate", str(data_copy), "--select", "cic2"]).exit_code == 1  # a prefix


def test_unknown_codes_in_the_settings_are_a_usage_error(data_copy: Path):
    (data_copy.parent / "cic.toml").write_text('ignore = ["CIC602", "CIC6O5"]\n', encoding="utf-8")
    result = runner.invoke(app, ["validate", str(data_copy)])
    assert result.exit_code == 2 and "'CIC6O5' is not a rule code" in said(result)
