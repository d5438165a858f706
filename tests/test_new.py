"""`cic new partner`: every field, each empty one flagged by `cic validate` until filled; never overwrites."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from cicmaroc.cli import app
from cicmaroc.formatting import format_text
from cicmaroc.models import Partner
from cicmaroc.sources import parse_text
from cicmaroc.validation import validate_doc

runner = CliRunner()

# Fictional values an officer would transcribe (not the programme's).
FILLED = {
    "title": "EXEMPLE/FICTIF",
    "name": "Commune fictive",
    "address": "Rue Fictive 1",
    "id": "fictive",
    "local_partner_name": "Fictive",
    "province": "Province Fictive",
    "region": "Région Fictive",
    "outcome_text": "Texte fictif.",
    "budget_os1": "1000.00",
    "partnership_start": "2010-01-31",
}
REQUIRED = {"title", "belgian_commune.name", "belgian_commune.address", "outcome_text", "budget_os1",
            "partnership_start", *(f"moroccan_communes.{i}.{f}" for i in (0, 1) for f in
                                   ("id", "name", "address", "local_partner_name", "province", "region"))}


def _new(data: Path, *args: str):
    return runner.invoke(app, ["new", "partner", *args, "--data", str(data)])


def test_new_partner_has_every_field_and_a_comment_on_each_line(data_copy: Path):
    result = _new(data_copy, "ixelles", "--communes", "2")
    assert result.exit_code == 0, result.output
    text = (data_copy / "partners" / "ixelles.yaml").read_text(encoding="utf-8")
    assert "id: ixelles\n" in text
    keys = set(re.findall(r"^\s*(?:- )?(\w+):", text, flags=re.MULTILINE))
    expected = set(Partner.model_fields) | {"name", "address", "phones", "emails", "contacts",
                                             "local_partner_name", "province", "region"}
    assert keys == expected
    body = [line for line in text.splitlines() if not line.startswith("#")]
    assert all("  # " in line for line in body if not line.startswith("id:"))
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


def test_creates_the_partners_folder_when_missing(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    result = _new(data, "ixelles", "--quiet")
    assert result.exit_code == 0 and result.output == ""
    assert (data / "partners" / "ixelles.yaml").is_file()
