"""`cic new partner`: every field, each empty one flagged by `cic validate` until filled; never overwrites."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from cicmaroc.cli.main import app
from cicmaroc.fmt.canonical import format_text, model_for
from cicmaroc.loading.validation_errors import validate_doc
from cicmaroc.models.partners import Partner
from cicmaroc.yaml.reader import parse_text

runner = CliRunner()

# Fictional values an officer would transcribe (not the programme's).
FILLED = {
    "title": "EXEMPLE/FICTIF",
    "name": "Commune fictive",
    "address": "Rue Fictive 1",
    "id": "fictive",
    "local_partner_name": "Fictive",
    "outcome_text": "Texte fictif.",
    "budget_os1": "1000.00",
    "partnership_start": "2010-01-31",
}
REQUIRED = {"title", "belgian_commune.name", "belgian_commune.address", "outcome_text", "budget_os1",
            "partnership_start", "local_communes.0.id", "local_communes.1.id"}
#: A local commune's details, required together: said once its id is valid (a block whose fields do
#: not read is not checked for completeness).
TOGETHER = {f"local_communes.{i}.{f}" for i in (0, 1) for f in ("name", "address", "local_partner_name")}


def _new(data: Path, *args: str):
    return runner.invoke(app, ["new", "partner", *args, "--data", str(data)])


def test_new_partner_has_every_field_and_a_comment_on_each_line(data_copy: Path):
    result = _new(data_copy, "ixelles", "--communes", "2")
    assert result.exit_code == 0, result.output
    text = (data_copy / "partners" / "ixelles.yaml").read_text(encoding="utf-8")
    assert "id: ixelles\n" in text
    keys = set(re.findall(r"^\s*(?:- )?(\w+):", text, flags=re.MULTILINE))
    expected = set(Partner.model_fields) | {"name", "address", "phones", "emails", "contacts", "lang",
                                             "local_partner_name", "areas"}
    assert keys == expected
    body = [line for line in text.splitlines() if not line.startswith("#")]
    commented = [line for line in body if not line.startswith("id:")]
    assert len(commented) > 10 and all("  # " in line for line in commented)
    assert text.count("  - id:") == 2


def test_each_required_field_left_empty_is_a_finding_on_its_line(data_copy: Path):
    _new(data_copy, "ixelles", "--communes", "2")
    path = data_copy / "partners" / "ixelles.yaml"
    doc, problems = parse_text(path.read_text(encoding="utf-8"), str(path))
    assert doc is not None and problems == []
    _model, findings = validate_doc(doc, Partner)
    where = {f.message.split("'")[1]: f.location.line for f in findings}
    assert set(where) == REQUIRED
    lines = path.read_text(encoding="utf-8").splitlines()
    for field, line in where.items():
        assert lines[line - 1].lstrip(" -").startswith(field.split(".")[-1] + ":"), (field, line)
    ids = iter(("fictive-a", "fictive-b"))
    text = re.sub(r"^(  - id:)  # TODO", lambda m: f"{m[1]} {next(ids)}  # TODO",
                  path.read_text(encoding="utf-8"), flags=re.MULTILINE)
    doc, _ = parse_text(text, str(path))
    assert doc is not None
    _model, findings = validate_doc(doc, Partner)
    where = {f.message.split("'")[1]: f.location.line for f in findings}
    assert set(where) == (REQUIRED - {"local_communes.0.id", "local_communes.1.id"}) | TOGETHER
    lines = text.splitlines()
    for field, line in where.items():
        assert lines[line - 1].lstrip(" -").startswith(field.split(".")[-1] + ":"), (field, line)


def test_filled_in_it_is_a_valid_partner_file(data_copy: Path):
    _new(data_copy, "ixelles")
    path = data_copy / "partners" / "ixelles.yaml"
    text = path.read_text(encoding="utf-8")
    for key, value in FILLED.items():
        text = re.sub(rf"^(\s*(?:- )?{key}:)  # TODO", rf"\1 {value}  # TODO", text, flags=re.MULTILINE)
    doc, problems = parse_text(text, str(path))
    assert doc is not None and problems == []
    model, findings = validate_doc(doc, Partner)
    assert findings == [] and model is not None
    assert model.id == "ixelles" and str(model.budget_os1) == "1000.00"


def test_the_new_file_is_already_in_the_canonical_layout(data_copy: Path):
    _new(data_copy, "ixelles", "--communes", "2")
    text = (data_copy / "partners" / "ixelles.yaml").read_text(encoding="utf-8")
    assert format_text(text, Partner) == text


def test_cic_validate_lists_the_new_file_until_it_is_filled(data_copy: Path):
    _new(data_copy, "ixelles")
    result = runner.invoke(app, ["validate", str(data_copy), "--format", "json"])
    assert result.exit_code == 1
    assert "ixelles.yaml" in result.output and "'partnership_start'" in result.output


def test_never_overwrites(data_copy: Path):
    path = data_copy / "partners" / "evere.yaml"
    before = path.read_bytes()
    result = _new(data_copy, "evere")
    assert result.exit_code == 2
    assert "already exists" in result.output and "never overwrites" in result.output
    assert path.read_bytes() == before


def test_a_bad_id_is_a_usage_error(data_copy: Path):
    for bad in ("La Hulpe", "ixelles.yaml", "../evere", "-x"):
        result = _new(data_copy, bad)
        assert result.exit_code == 2, bad
    assert not list((data_copy / "partners").glob("*La*"))


def test_a_name_windows_reserves_is_refused(data_copy: Path):
    """`con.yaml`, `nul.yaml`, `com1.yaml` ... cannot exist on Windows (the name is a device, whatever
    the extension): an officer on Windows could not check out or open the repository."""
    for reserved in ("con", "prn", "aux", "nul", "com1", "com9", "lpt1", "lpt9"):
        result = _new(data_copy, reserved)
        assert result.exit_code == 2, reserved
        assert "Windows reserves" in result.output and "Traceback" not in result.output, result.output
        assert not (data_copy / "partners" / f"{reserved}.yaml").exists()
    assert _new(data_copy, "console").exit_code == 0  # only the exact names are reserved


def test_creates_the_partners_folder_when_missing(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    result = _new(data, "ixelles", "--quiet")
    assert result.exit_code == 0 and result.output == ""
    assert (data / "partners" / "ixelles.yaml").is_file()


# --- cic new monitoring YEAR --------------------------------------------------------------------


def _new_monitoring(data: Path, *args: str):
    return runner.invoke(app, ["new", "monitoring", *args, "--data", str(data)])


def _findings_in(data: Path, name: str) -> list[dict]:
    import json

    result = runner.invoke(app, ["validate", str(data), "--format", "json"])
    return [f for f in json.loads(result.stdout)["findings"] if f["location"]["file"].endswith(name)]


def test_new_monitoring_lists_every_reporter_and_reports_nothing(data_copy: Path):
    from cicmaroc.api import validate

    result = _new_monitoring(data_copy, "2019")
    assert result.exit_code == 0, result.output
    path = data_copy / "monitoring" / "2019.yaml"
    text = path.read_text(encoding="utf-8")
    run = validate(data_copy)
    programme, _ = run.programme, run.findings
    communes = [ref.commune.id for ref in programme.communes()]
    assert len(communes) == 12
    for reporter in [*communes, "programme"]:
        assert f"\n  {reporter}:  # " in text
    assert "\n    # IOV 1: {sas: TODO, source: TODO}" in text
    assert "\n    # etterbeek: {investissement: TODO" in text
    assert _findings_in(data_copy, "monitoring/2019.yaml") == []  # valid, and nothing reported
    assert format_text(text, model_for(path)) == text


def test_an_uncommented_line_left_with_todo_is_a_finding(data_copy: Path):
    _new_monitoring(data_copy, "2020")
    path = data_copy / "monitoring" / "2020.yaml"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines, 1) if line.startswith("    # IOV 1: {sas: TODO"))
    lines[number - 1] = lines[number - 1].replace("# ", "", 1)  # uncommented, TODO left in
    path.write_text("".join(lines), encoding="utf-8")
    # each TODO (the value, the source) said as left to transcribe (CIC014, a warning in every file),
    # and the value, being reported, as an error of the monitoring file (CIC706)
    found = _findings_in(data_copy, "monitoring/2020.yaml")
    assert sorted((f["code"], f["severity"], f["location"]["line"]) for f in found) == [
        ("CIC014", "warning", number), ("CIC014", "warning", number), ("CIC706", "error", number)]


def test_new_monitoring_refuses_an_existing_year_and_a_year_outside_the_programme(data_copy: Path):
    assert _new_monitoring(data_copy, "2019").exit_code == 0
    before = (data_copy / "monitoring" / "2019.yaml").read_bytes()
    again = _new_monitoring(data_copy, "2019")
    assert again.exit_code == 2 and "already exists" in again.output
    assert (data_copy / "monitoring" / "2019.yaml").read_bytes() == before
    outside = _new_monitoring(data_copy, "2016")
    assert outside.exit_code == 2 and "2017" in outside.output
    assert not (data_copy / "monitoring" / "2016.yaml").exists()
