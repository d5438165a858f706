"""Agreed readings (data/readings.yaml): applied to the computations, shown beside the printed
figure in every output, never a waiver, and reported when they no longer fit the data.

Every reading and monitoring value written here is FICTIONAL test input, in a copy of data/.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.conftest import line_of
from typer.testing import CliRunner

from cicmaroc import api
from cicmaroc.cli.main import app
from cicmaroc.derive.readings import read_programme
from cicmaroc.loading.loader import load_programme

runner = CliRunner()

IOV43 = """  - file: logframe.yaml
    path: [results, R4, indicators, IOV 4.3, targets, year5, values, formations]
    printed: 13
    read_as: 12
    decided_by: FICTIONAL test committee
    decided_on: 2020-01-15
    reason: FICTIONAL, the programme has 12 communes.
"""


def write_readings(data: Path, *entries: str) -> Path:
    path = data / "readings.yaml"
    path.write_text("# FICTIONAL test readings\nreadings:\n" + "".join(entries), encoding="utf-8")
    return path


def all_communes_trained(data: Path) -> None:
    """FICTIONAL 2019 monitoring: every commune organised a training (IOV 4.3)."""
    programme, _ = load_programme(data)
    lines = ["# FICTIONAL test monitoring", "year: 2019", "reports:"]
    for commune in programme.communes():
        lines += [f"  {commune.id}:", "    IOV 4.3: {formations: true, source: Listes (FICTIF)}"]
    (data / "monitoring" / "2019.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def iov43(figures: dict) -> dict:
    return next(m for g in figures["indicators"] for i in g["indicators"] if i["id"] == "IOV 4.3"
                for m in i["measures"])


def codes(data: Path) -> list[str]:
    findings = api.validate(data).findings
    return [f.code for f in findings.active()]


def test_computations_use_the_reading_and_validate_still_reports_the_print(data_copy: Path):
    all_communes_trained(data_copy)
    printed = iov43(api.progress(data_copy, 2019))
    assert printed["final"] == 13 and printed["status"] != "achieved"  # 12 of a printed 13
    write_readings(data_copy, IOV43)
    read = iov43(api.progress(data_copy, 2019))
    assert read["final"] == 12 and read["status"] == "achieved" and read["progress"]["high"] == 1
    assert read["final_reading"]["printed"] == 13 and read["final_reading"]["number"] == 1
    found = codes(data_copy)
    assert "CIC401" in found  # a reading is not a waiver: the printed 13 is still reported
    assert not [c for c in found if c.startswith("CIC91")]


def test_a_waiver_and_a_reading_together(data_copy: Path):
    write_readings(data_copy, IOV43)
    (data_copy / "waivers.yaml").write_text(
        "waivers:\n  - code: CIC401\n    file: logframe.yaml\n    contains: IOV 4.3\n"
        "    reason: FICTIONAL, read as 12 (see readings.yaml).\n", encoding="utf-8")
    findings = api.validate(data_copy).findings
    assert "CIC401" not in [f.code for f in findings.active()]
    waived = [f.waived for f in findings.items if f.code == "CIC401"]
    assert waived == ["FICTIONAL, read as 12 (see readings.yaml)."]
    programme, _ = load_programme(data_copy)
    indicator = next(i for i in read_programme(programme).programme.logframe.model.indicators()
                     if i.id == "IOV 4.3")
    assert indicator.targets["year5"].values["formations"] == 12
    assert next(i for i in programme.logframe.model.indicators()
                if i.id == "IOV 4.3").targets["year5"].values["formations"] == 13  # the printed programme


def test_every_output_shows_both_figures_and_the_reason(data_copy: Path):
    all_communes_trained(data_copy)
    write_readings(data_copy, IOV43)
    report = api.report(data_copy, 2019, "fr")
    assert "| 12 (imprimé 13)[^r1] |" in report
    assert ("[^r1]: 13 imprimé, lu 12\u00a0: FICTIONAL, the programme has 12 communes (décision\u00a0: "
            "FICTIONAL test committee, 15 janvier 2020).") in report
    assert "## Lectures convenues" in report
    dutch = api.report(data_copy, 2019, "nl")
    assert "12 (gedrukt 13)[^r1]" in dutch and "[^r1]: 13 gedrukt, gelezen als 12:" in dutch
    text = runner.invoke(app, ["progress", "--year", "2019", str(data_copy)]).stdout
    assert "12 (printed 13) [1]" in text
    assert "[1] 13 printed, read as 12: FICTIONAL, the programme has 12 communes" in " ".join(text.split())
    figures = json.loads(runner.invoke(app, ["progress", "--year", "2019", "--format", "json",
                                             str(data_copy)]).stdout)
    assert figures["readings"][0]["printed"] == "13" and figures["readings"][0]["read_as"] == "12"
    assert iov43(figures)["final_reading"]["reason"] == "FICTIONAL, the programme has 12 communes"


def test_money_readings_in_the_budget_and_a_partnership(data_copy: Path):
    write_readings(data_copy, """  - file: budget.yaml
    path: [lines, siege, total, 2019]
    printed: 72248.71
    read_as: 72248.70
    decided_by: FICTIONAL test
    decided_on: 2020-01-15
    reason: FICTIONAL.
  - file: partners/evere.yaml
    path: [budget_os1]
    printed: 150145.16
    read_as: 150000.00
    decided_by: FICTIONAL test
    decided_on: 2020-01-15
    reason: FICTIONAL.
""")
    figures = api.progress(data_copy, 2019)
    siege = next(r for r in figures["budget"]["rows"] if r["line"] == "siege" and r["nature"] is None)
    assert str(siege["planned"]) == "72248.70" and siege["planned_reading"]["number"] == 1
    evere = next(p for p in figures["partnerships"] if p["id"] == "evere")
    assert str(evere["budget_os1"]) == "150000.00" and evere["budget_os1_reading"]["number"] == 2
    report = api.report(data_copy, 2019, "fr").replace("\u202f", " ").replace("\xa0", " ")
    assert "72 248,70 € (imprimé 72 248,71 €)[^r1]" in report
    assert "150 000,00 € (imprimé 150 145,16 €)[^r2]" in report
    assert "[^r1]: 72 248,71 € imprimé, lu 72 248,70 €" in report


@pytest.mark.parametrize(("entry", "code", "field"), [
    (IOV43.replace("IOV 4.3, targets, year5", "IOV 4.9, targets, year5"), "CIC911", "path"),
    (IOV43.replace("logframe.yaml", "monitoring/2019.yaml"), "CIC911", None),
    (IOV43.replace("logframe.yaml", "logfram.yaml"), "CIC911", None),
    (IOV43.replace("values, formations]", "values]"), "CIC911", "path"),
    (IOV43.replace("printed: 13", "printed: 14"), "CIC912", "printed"),
    (IOV43.replace("read_as: 12", "read_as: douze"), "CIC913", "read_as"),
    (IOV43.replace("read_as: 12", "read_as: 13"), "CIC915", "read_as"),
])
def test_a_reading_that_does_not_fit_is_reported_where_it_is(data_copy: Path, entry, code, field):
    path = write_readings(data_copy, entry)
    findings = api.validate(data_copy).findings
    [finding] = [f for f in findings.active() if f.code.startswith("CIC91")]
    assert finding.code == code
    assert finding.location.file.endswith("readings.yaml")
    expected_line = line_of(path, f"{field}:") if field else line_of(path, "- file:")
    assert finding.location.line == expected_line
    programme, _ = load_programme(data_copy)
    assert read_programme(programme).readings == ()  # not applied


def test_two_readings_of_one_figure(data_copy: Path):
    path = write_readings(data_copy, IOV43, IOV43.replace("read_as: 12", "read_as: 11"))
    findings = api.validate(data_copy).findings
    [finding] = [f for f in findings.active() if f.code.startswith("CIC91")]
    assert finding.code == "CIC914" and finding.location.line == 10
    assert finding.related and finding.related[0].line == line_of(path, "- file:")
    programme, _ = load_programme(data_copy)
    [applied] = read_programme(programme).readings
    assert applied.read_as == 12  # the first one stands


def test_a_reading_stale_after_the_data_changed(data_copy: Path):
    """The officers corrected data/ by mistake to 12: the reading's printed 13 no longer holds."""
    write_readings(data_copy, IOV43)
    logframe = data_copy / "logframe.yaml"
    text = logframe.read_text(encoding="utf-8")
    assert "values: {formations: 13}" in text
    logframe.write_text(text.replace("values: {formations: 13}", "values: {formations: 12}"),
                        encoding="utf-8")
    assert "CIC912" in codes(data_copy) and "CIC401" not in codes(data_copy)


def test_a_reading_of_a_file_that_failed_to_load_stays_silent(data_copy: Path):
    write_readings(data_copy, IOV43)
    (data_copy / "logframe.yaml").write_text("outcome: [broken\n", encoding="utf-8")
    assert not [c for c in codes(data_copy) if c.startswith("CIC91")]


def test_the_real_data_has_no_reading():
    """Agreeing on a reading is the officers' decision: the programme's data/ holds none."""
    from tests.conftest import DATA

    assert not (DATA / "readings.yaml").exists()


def test_each_reading_note_of_cic_progress_is_a_line_of_its_own():
    """The notes under `cic progress`'s tables were joined by a line break that the terminal's
    safety rule then showed as a literal backslash-n: one note per line, and none shown escaped."""
    demo = Path(__file__).resolve().parents[1] / "examples" / "demo" / "data"
    text = runner.invoke(app, ["progress", "--year", "2019", str(demo)], env={"COLUMNS": "400"}).stdout
    notes = [line for line in text.splitlines() if line.startswith(("[1] ", "[2] "))]
    assert [note[:4] for note in notes] == ["[1] ", "[2] "] and "\\n" not in text
