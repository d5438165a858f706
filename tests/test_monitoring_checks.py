"""Monitoring files: each kind of mistake is one located finding; good figures still count.

The monitoring written here is FICTIONAL (test input), on a copy of the real data/.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import line_of

from cicmaroc.derive.actuals import Ratio
from cicmaroc.derive.monitoring import read_monitoring
from cicmaroc.loading.loader import load_programme

GOOD = """\
# FICTIONAL test figures
year: 2019
reports:
  ait-baha:
    IOV 1: {sas: true, source: Délibération du conseil du 2018-03-05}
    IOV 2: {projets: 2, source: Rapport d’activités 2019}
    IOV 3: {women: {part: 42, of: 97}, source: Statistiques 2019}
  programme:
    IOV 7.2: {roi: true, source: ROI approuvé}
spending:
  partenaires:
    etterbeek: {investissement: 12000.00, fonctionnement: 18500.50, source: Rapport financier 2019}
  siege:
    avcb: {personnel: 44000}
"""


def write(data: Path, text: str, name: str = "2019.yaml") -> Path:
    folder = data / "monitoring"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def check(data: Path):
    programme, findings = load_programme(data)
    assert findings.items == [], [str(f) for f in findings]
    return read_monitoring(programme)


def codes(findings):
    return sorted(f.code for f in findings)


def test_no_monitoring_folder_is_no_data(data_copy: Path):
    actuals, findings = check(data_copy)
    assert findings == [] and actuals.values == {} and actuals.years() == []


def test_good_file_is_read_clean(data_copy: Path):
    write(data_copy, GOOD)
    actuals, findings = check(data_copy)
    assert findings == []
    assert actuals.measure("IOV 1", "sas") == {2019: {"ait-baha": True}}
    assert actuals.measure("IOV 2", "projets")[2019]["ait-baha"] == Decimal(2)
    assert actuals.measure("IOV 3", "women")[2019]["ait-baha"] == Ratio(Decimal(42), Decimal(97))
    assert actuals.measure("IOV 7.2", "roi")[2019]["programme"] == Decimal(1)
    assert actuals.spending[2019][("partenaires", "etterbeek", "fonctionnement")] == Decimal("18500.50")
    assert actuals.spending[2019][("siege", "avcb", "personnel")] == Decimal(44000)
    assert ("partenaires", "etterbeek") in actuals.spenders[2019]
    assert actuals.reporters(2019) == {"ait-baha", "programme"}


@pytest.mark.parametrize(("old", "new", "code", "needle"), [
    ("  ait-baha:\n", "  ait-bahaa:\n", "CIC701", "ait-bahaa:"),
    ("    IOV 2: {projets", "    IOV 9.9: {projets", "CIC702", "IOV 9.9"),
    ("{sas: true,", "{sass: true,", "CIC703", "sass"),
    ("{sas: true,", "{sas: 1,", "CIC706", "sas: 1"),
    ("{projets: 2,", "{projets: deux,", "CIC706", "projets: deux"),
    ("{projets: 2,", "{projets: -1,", "CIC706", "projets: -1"),
    ("{part: 42, of: 97}", "{part: 98, of: 97}", "CIC706", "part: 98"),
    ("{part: 42, of: 97}", "42", "CIC706", "women: 42"),
    ("  programme:\n    IOV 7.2", "  etterbeek:\n    IOV 7.2", "CIC708", "IOV 7.2"),
    ("    IOV 1: {sas: true, source: Délibération du conseil du 2018-03-05}",
     "    IOV 1: {sas: true}", "CIC709", "IOV 1:"),
    ("{roi: true, source: ROI approuvé}", "{source: ROI approuvé}", "CIC710", "IOV 7.2"),
    ("  siege:\n", "  sieges:\n", "CIC711", "sieges:"),
    ("    avcb:", "    avbc:", "CIC712", "avbc:"),
    ("{personnel: 44000}", "{personel: 44000}", "CIC713", "personel"),
    ("{personnel: 44000}", "{personnel: 44000.001}", "CIC706", "personnel: 44000.001"),
])
def test_each_mistake_is_one_located_finding(data_copy: Path, old, new, code, needle):
    path = write(data_copy, GOOD.replace(old, new))
    actuals, findings = check(data_copy)
    [finding] = findings
    assert finding.code == code
    assert finding.location.file.endswith("monitoring/2019.yaml")
    assert finding.location.line == line_of(path, needle)
    assert finding.hint
    # the rest of the year still counts: IOV 7.2's figure, unless the mistake is on its own line
    roi_line_changed = code in ("CIC708", "CIC710")
    assert bool(actuals.measure("IOV 7.2", "roi")) is not roi_line_changed


def test_year_outside_the_programme(data_copy: Path):
    path = write(data_copy, GOOD.replace("year: 2019", "year: 2023"), "2023.yaml")
    actuals, findings = check(data_copy)
    [finding] = findings
    assert finding.code == "CIC704" and finding.location.line == line_of(path, "year:")
    assert actuals.values == {} and actuals.spending == {}


def test_year_differs_from_file_name(data_copy: Path):
    write(data_copy, GOOD.replace("year: 2019", "year: 2018"))
    actuals, findings = check(data_copy)
    assert codes(findings) == ["CIC705"]
    assert 2018 in actuals.measure("IOV 1", "sas")


def test_duplicate_across_two_files_of_a_year(data_copy: Path):
    write(data_copy, GOOD)
    write(data_copy, "year: 2019\nreports:\n  ait-baha:\n    IOV 1: {sas: false, source: x}\n"
                             "spending:\n  siege:\n    avcb: {personnel: 1}\n", "2019-extra.yaml")
    actuals, findings = check(data_copy)
    assert codes(findings) == ["CIC707", "CIC707"]
    # files are read in name order: 2019-extra.yaml first, so 2019.yaml holds the repeats
    for finding in findings:
        assert finding.location.file.endswith("/2019.yaml")
        assert finding.related[0].file.endswith("/2019-extra.yaml")
    assert actuals.measure("IOV 1", "sas")[2019]["ait-baha"] is False
    assert actuals.spending[2019][("siege", "avcb", "personnel")] == Decimal(1)


def test_empty_blocks_report_nothing(data_copy: Path):
    write(data_copy, "year: 2019\nreports:\n  ait-baha:\nspending:\n")
    actuals, findings = check(data_copy)
    assert findings == [] and actuals.values == {}


def test_the_monitoring_pass_runs_once_in_a_run_and_its_findings_are_the_run_s(data_copy: Path):
    from cicmaroc import api

    write(data_copy, GOOD.replace("{sas: true,", "{sas: 1,"))
    programme, _ = load_programme(data_copy)
    assert codes(read_monitoring(programme)[1]) == ["CIC706"]
    run = api.validate(data_copy)
    assert [f.code for f in run.findings if f.code.startswith("CIC7")] == ["CIC706"]
    assert run.actuals.measure("IOV 7.2", "roi")  # the run keeps the figures that passed


def test_accented_source_survives(data_copy: Path):
    write(data_copy, GOOD)
    programme, _ = load_programme(data_copy)
    [doc] = programme.monitoring
    assert doc.model.reports["ait-baha"]["IOV 2"].source == "Rapport d’activités 2019"


def test_a_broken_partner_or_budget_file_raises_no_false_alarms_in_monitoring(tmp_path: Path):
    """One failed file must give its own finding only, not 'unknown commune' all over the years."""
    import shutil

    from cicmaroc.api import validate
    from cicmaroc.config import Config

    demo = Path(__file__).resolve().parent.parent / "examples" / "demo" / "data"
    data = tmp_path / "data"
    shutil.copytree(demo, data)
    evere = data / "partners" / "evere.yaml"
    evere.write_text(evere.read_text(encoding="utf-8").replace("budget_os1: 150145.16",
                                                               'budget_os1: "150145.16"'),
                     encoding="utf-8")
    budget = data / "budget.yaml"
    budget.write_text(budget.read_text(encoding="utf-8").replace("currency: EUR", "currency: [EUR"),
                      encoding="utf-8")
    codes = [f.code for f in validate(data, config=Config()).findings.items]
    assert "CIC012" in codes and "CIC003" in codes
    assert not {"CIC701", "CIC711", "CIC712"} & set(codes)
