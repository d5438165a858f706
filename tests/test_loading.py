"""Loading a whole data folder: wrong types, missing and unknown fields, all reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import line_of, replace_in

from cicmaroc.loading.loader import load_programme


def by_code(findings, code):
    return [f for f in findings if f.code == code]


def test_real_data_copy_loads_clean(data_copy: Path):
    programme, findings = load_programme(data_copy)
    assert findings.items == []
    assert len(programme.partners) == 10


def test_wrong_type_points_at_the_value(data_copy: Path):
    path = data_copy / "partners" / "evere.yaml"
    replace_in(path, "budget_os1: 150145.16", "budget_os1: cent cinquante mille")
    _, findings = load_programme(data_copy)
    [f] = by_code(findings, "CIC012")
    assert f.location.file.endswith("evere.yaml")
    assert f.location.line == line_of(path, "budget_os1:")
    assert "budget_os1" in f.message and "number" in f.message


def test_quoted_amount_is_refused(data_copy: Path):
    path = data_copy / "partners" / "jette.yaml"
    replace_in(path, "budget_os1: 150145.16", 'budget_os1: "150145.16"')
    _, findings = load_programme(data_copy)
    [f] = by_code(findings, "CIC012")
    assert f.location.line == line_of(path, "budget_os1:")


def test_missing_field_points_at_its_block(data_copy: Path):
    path = data_copy / "partners" / "jette.yaml"
    replace_in(path, "budget_os1: 150145.16\n", "")
    _, findings = load_programme(data_copy)
    [f] = by_code(findings, "CIC010")
    assert "budget_os1" in f.message and f.location.file.endswith("jette.yaml")
    assert f.location.line == 2  # the file's top-level block, which starts after the header comment


def test_unknown_field_points_at_the_key(data_copy: Path):
    path = data_copy / "partners" / "schaerbeek.yaml"
    replace_in(path, "budget_os1:", "budjet_os1: 1\nbudget_os1:")
    _, findings = load_programme(data_copy)
    [f] = by_code(findings, "CIC011")
    assert f.location.line == line_of(path, "budjet_os1")
    assert f.location.column == 1


def test_impossible_date_is_refused(data_copy: Path):
    path = data_copy / "partners" / "evere.yaml"
    replace_in(path, "partnership_start: 2010-10-31", "partnership_start: 2010-02-30")
    _, findings = load_programme(data_copy)
    [f] = by_code(findings, "CIC012")
    assert f.location.line == line_of(path, "partnership_start")


def test_budget_cell_with_three_decimals_is_refused(data_copy: Path):
    path = data_copy / "budget.yaml"
    replace_in(path, "2019: 344869.30", "2019: 344869.305")
    _, findings = load_programme(data_copy)
    [f] = by_code(findings, "CIC012")
    assert f.location.line == line_of(path, "344869.305")
    assert "cents" in f.message


def test_all_problems_of_all_files_come_in_one_run(data_copy: Path):
    (data_copy / "partners" / "evere.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (data_copy / "partners" / "jette.yaml").write_bytes(b"id: \xe9\n")
    (data_copy / "partners" / "empty.yaml").write_text("", encoding="utf-8")
    replace_in(data_copy / "partners" / "schaerbeek.yaml", "id: schaerbeek", "id: schaerbeek\nid: x")
    (data_copy / "risks.yaml").unlink()
    programme, findings = load_programme(data_copy)
    assert sorted(f.code for f in findings) == ["CIC002", "CIC003", "CIC004", "CIC005"]
    assert len(programme.partners) == 8  # schaerbeek (duplicate key, first kept) still loads
    assert programme.risks is None  # optional file


def test_missing_required_file(data_copy: Path):
    (data_copy / "budget.yaml").unlink()
    programme, findings = load_programme(data_copy)
    [f] = findings.items
    assert f.code == "CIC001" and "budget.yaml" in f.message and programme.budget is None


def test_unknown_top_level_file_is_a_warning(data_copy: Path):
    (data_copy / "budjet.yaml").write_text("a: 1\n", encoding="utf-8")
    _, findings = load_programme(data_copy)
    [f] = findings.items
    assert f.code == "CIC009" and f.severity.value == "warning"


def test_unreadable_folder_is_a_finding(data_copy: Path, monkeypatch):
    real_iterdir = Path.iterdir

    def iterdir(self):
        if self.name == "partners":
            raise PermissionError(13, "Permission denied")
        return real_iterdir(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)  # root can read anything: simulate the refusal
    programme, findings = load_programme(data_copy)
    [f] = [f for f in findings if f.code == "CIC001"]
    assert f.location.file.endswith("partners") and "Permission denied" in f.message
    assert programme.partners == [] and programme.budget is not None


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "The YAML cannot be read: did not find expected node content."),
    ("fr", "contenu attendu est introuvable"),
    ("nl", "de verwachte inhoud ontbreekt"),
])
def test_the_parsers_reason_is_said_in_the_readers_language(lang: str, said: str):
    """libyaml's reason for a syntax error is one of its fixed sentences: translated like every
    other, so that a French or Dutch finding holds no English clause."""
    from cicmaroc.i18n.translator import translator
    from cicmaroc.yaml.reader import parse_text

    _doc, [finding] = parse_text("year: 2019\nreports: [\n", "data/monitoring/2019.yaml")
    assert finding.code == "CIC003"
    text = translator(lang).message(finding)
    assert said in text and (lang == "en" or "did not find" not in text)
