"""cic forms, cic import and cic status: the round trip, every mistake at its cell, hostile workbooks.

The forms are filled programmatically as a commune would (openpyxl); every figure typed here is
FICTIONAL test data.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.conftest import DATA

from cicmaroc import api
from cicmaroc.forms import opening, scanning
from cicmaroc.i18n.translator import translator

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo" / "data"


@pytest.fixture()
def demo(tmp_path: Path) -> Path:
    """The demo with 2021 not yet collected: these tests send and read back that year's forms."""
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    (data / "monitoring" / "2021.yaml").unlink()
    return data


@pytest.fixture()
def real(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    return data


def make(data: Path, year: int, lang: str = "fr", who: list[str] | None = None) -> Path:
    out = data.parent / f"forms-{year}-{lang}"
    api.forms(data, year, out, lang, who)
    return out


def fill(src: Path, dst: Path, cells: dict[str, object], sheet: str = "Indicateurs") -> Path:
    book = load_workbook(src)
    for cell, value in cells.items():
        book[sheet][cell] = value
    book.save(dst)
    return dst


def codes_at(outcome: api.ImportOutcome) -> set[tuple[str, str]]:
    return {(f.code, f.location.where if f.location else "") for f in outcome.findings}


# -- forms ------------------------------------------------------------------------------------


def test_a_form_per_reporter_with_its_checks_and_locks(demo: Path):
    out = make(demo, 2019)
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 12 + 10 + 1 + 1  # communes, partnerships, programme, AVCB (UVCW's share is 0)
    book = load_workbook(out / "2019-ait-baha.xlsx")
    assert book.sheetnames == ["Indicateurs", "cic"]
    assert book["cic"].sheet_state == "veryHidden"
    sheet = book["Indicateurs"]
    assert sheet.protection.sheet
    assert (sheet["D2"].value, sheet["F2"].value) == ("ait-baha", 2019)
    assert (sheet["A6"].value, sheet["C6"].value) == ("IOV 1", "sas")
    assert sheet["F6"].value == "oui"  # prefilled from the demo's 2019 figures
    assert sheet["F6"].protection.locked is False and sheet["A6"].protection.locked is True
    kinds = {v.type: str(v.sqref) for v in sheet.data_validations.dataValidation}
    assert "list" in kinds and "whole" in kinds and "textLength" in kinds and "custom" in kinds
    assert any("F8<=G8" in (v.formula1 or "") for v in sheet.data_validations.dataValidation)  # part <= of
    spending = load_workbook(out / "2019-etterbeek.xlsx")
    assert spending.sheetnames == ["Dépenses", "cic"]
    assert spending["Dépenses"]["E6"].value == pytest.approx(10030.30)
    assert spending["Dépenses"]["E6"].number_format == "#,##0.00"
    dutch = load_workbook(make(demo, 2019, "nl", ["gourrama"]) / "2019-gourrama.xlsx")
    assert dutch.sheetnames == ["Indicatoren", "cic"]
    assert dutch["Indicatoren"]["F6"].value is None  # Gourrama sent nothing in 2019: empty, not zero


def test_nobody_is_asked_for_a_line_with_nothing_planned(real: Path):
    """The execution's rule (`expected_spenders`) decides the spending forms and the status: in T3
    UVCW's share is 0 every year and lines 2 and 3 are "-" throughout, so UVCW is asked for
    nothing and AVCB only for 4. Siège; the partnerships for 1. Partenaires."""
    out = make(real, 2019)
    assert not (out / "2019-uvcw.xlsx").exists()
    avcb = load_workbook(out / "2019-avcb.xlsx")["Dépenses"]
    assert {avcb.cell(row, 1).value for row in range(6, avcb.max_row + 1)} - {None} == {"siege"}
    partner = load_workbook(out / "2019-etterbeek.xlsx")["Dépenses"]
    assert {partner.cell(row, 1).value for row in range(6, partner.max_row + 1)} - {None} == {"partenaires"}
    with pytest.raises(api.UsageError, match="Nothing is expected from uvcw for 2019"):
        api.forms(real, 2019, real.parent / "none", "fr", ["uvcw"])
    assert not (real.parent / "none").exists()
    status = api.status(real, 2019)
    rows = {r["reporter"]: r for r in status["reporters"]}
    assert "uvcw" not in rows and "uvcw" not in status["summary"]["late"]
    assert rows["avcb"]["expected"] == {"measures": 0, "spending_lines": 1}
    assert rows["avcb"]["missing"]["spending_lines"] == ["siege"]
    report = api.report(real, 2019, lang="en", internal=True)  # the team's edition names the ids
    assert isinstance(report, str)
    section = report.split("## Reporting status, 2019")[1].split("\n## ")[0]
    # the association's label is the data's (fr, label_nl): an English reader sees it in French, marked
    avcb = '<span lang="fr">Programme commun - AVCB</span> \\[fr\\] (avcb)'
    # no due date recorded (the real data has none) and nothing received: dashes, never a made-up day
    assert f"| {avcb} | — | — | 0 / 0 | 0 / 1 | not reported |" in section
    assert "(uvcw)" not in section


def test_forms_refuse_a_bad_year_and_an_unknown_reporter(demo: Path):
    with pytest.raises(api.UsageError, match="2030 is not a year of the programme"):
        api.forms(demo, 2030, demo.parent / "x")
    with pytest.raises(api.UsageError, match="Not a reporter"):
        api.forms(demo, 2019, demo.parent / "x", "fr", ["nowhere"])


def test_forms_are_all_written_or_none(demo: Path, monkeypatch: pytest.MonkeyPatch):
    """A form that cannot be built (the third here) stops `cic forms` before any is written: never
    2 of 24 reporters' forms in the folder and the others missing."""
    from cicmaroc.forms import making

    build = making.build_workbook
    built: list[str] = []

    def third_fails(form, *args):  # type: ignore[no-untyped-def]
        built.append(form.reporter.id)
        if len(built) == 3:
            raise ValueError("All strings must be XML compatible")
        return build(form, *args)

    monkeypatch.setattr(making, "build_workbook", third_fails)
    out = demo.parent / "forms"
    with pytest.raises(ValueError, match="XML compatible"):
        api.forms(demo, 2021, out)
    assert len(built) == 3 and (not out.exists() or list(out.iterdir()) == [])


def test_a_disk_full_half_way_takes_back_the_forms_written(demo: Path, monkeypatch: pytest.MonkeyPatch):
    from cicmaroc.files import writing

    write = writing.write_bytes_atomic
    written: list[Path] = []

    def full_at_the_third(path: Path, data: bytes, **kwargs: object) -> None:
        if len(written) == 2:
            raise writing.SystemWriteError("Could not write it: No space left on device.")
        write(path, data)
        written.append(path)

    monkeypatch.setattr(writing, "write_bytes_atomic", full_at_the_third)
    out = demo.parent / "forms"
    with pytest.raises(api.UsageError, match="No space left"):
        api.forms(demo, 2021, out)
    assert len(written) == 2 and list(out.iterdir()) == []


# -- the round trip ---------------------------------------------------------------------------


def test_round_trip_on_the_demo_shows_exactly_the_figures_entered(demo: Path):
    out = make(demo, 2021)
    commune = fill(out / "2021-ait-baha.xlsx", demo.parent / "ait-baha.xlsx", {
        "F6": "oui", "H6": "Délibération n° 7 (FICTIF)", "F7": 3, "H7": "Rapport d’activités 2021 (FICTIF)",
        "F8": 40, "G8": 90, "H8": "Statistiques 2021 (FICTIF)"})
    partner = fill(out / "2021-etterbeek.xlsx", demo.parent / "etterbeek.xlsx",
                   {"E6": 1234.5, "E7": 20000.05, "F6": "Rapport financier 2021 (FICTIF)"}, "Dépenses")
    outcome = api.import_forms(demo, [commune, partner], 2021)
    assert outcome.findings == [] and outcome.written
    text = (demo / "monitoring" / "2021.yaml").read_text(encoding="utf-8")
    assert "IOV 3: {women: {part: 40, of: 90}, source: Statistiques 2021 (FICTIF)}" in text
    assert "etterbeek: {investissement: 1234.50, fonctionnement: 20000.05, source: Rapport financier" in text
    run = api.validate(demo)
    assert [f for f in run.findings if f.file.endswith("2021.yaml")] == []
    assert run.actuals.spending[2021][("partenaires", "etterbeek", "fonctionnement")] == Decimal("20000.05")
    figures = api.progress(demo, 2021)
    annex = json.dumps(figures, default=str, ensure_ascii=False)
    assert "Délibération n° 7 (FICTIF)" in annex
    report = api.report(demo, 2021)
    assert "Statistiques 2021 (FICTIF)" in report
    status = api.status(demo, 2021)
    row = next(r for r in status["reporters"] if r["reporter"] == "ait-baha")
    assert row["received"]["measures"] == 3 and row["state"] == "partial"
    assert "IOV 1.1 pac" in row["missing"]["measures"]
    again = api.import_forms(demo, [commune, partner], 2021)  # idempotent
    assert not again.written and again.added == 0
    assert (demo / "monitoring" / "2021.yaml").read_text(encoding="utf-8") == text


def test_round_trip_on_the_real_data(real: Path):
    out = make(real, 2019, "nl", ["ait-baha"])
    filled = fill(out / "2019-ait-baha.xlsx", real.parent / "r.xlsx",
                  {"F6": "ja", "H6": "Besluit (FICTIEF, test)"}, "Indicatoren")
    dry = api.import_forms(real, [filled], 2019, dry_run=True)
    assert not dry.written and "+    IOV 1: {sas: true, source: 'Besluit (FICTIEF, test)'}" in dry.diff
    assert not (real / "monitoring" / "2019.yaml").exists()
    outcome = api.import_forms(real, [filled])
    assert outcome.written and outcome.findings == []
    assert api.status(real, 2019)["summary"]["received"] == 1
    total, formatted = api.format_files([real / "monitoring" / "2019.yaml"], check=True)
    assert total == 1 and [o.changed for o in formatted] == [False]  # already in cic fmt's layout


def test_comments_kept_and_a_differing_figure_refused_then_replaced(demo: Path):
    out = make(demo, 2019, who=["ait-baha"])
    year_file = demo / "monitoring" / "2019.yaml"
    before = year_file.read_text(encoding="utf-8")
    changed = fill(out / "2019-ait-baha.xlsx", demo.parent / "c.xlsx", {"F7": 9})
    refused = api.import_forms(demo, [changed], 2019)
    assert codes_at(refused) == {("CIC731", "Indicateurs!F7")}
    assert "is {projets: 0}" in refused.findings[0].message and "{projets: 9}" in refused.findings[0].message
    assert year_file.read_text(encoding="utf-8") == before
    replaced = api.import_forms(demo, [changed], 2019, replace=True)
    assert replaced.written and [f.severity.value for f in replaced.findings] == ["info"]
    after = year_file.read_text(encoding="utf-8")
    assert after.splitlines()[:3] == before.splitlines()[:3]  # the FICTIONAL header comment is kept
    assert "IOV 2: {projets: 9," in after


@pytest.mark.parametrize(("lang", "old", "new"), [("fr", "{sas: oui", "{sas: non"),
                                                    ("nl", "{sas: ja", "{sas: nee")])
def test_a_differing_yes_no_is_quoted_in_the_readers_words(demo: Path, lang: str, old: str, new: str):
    out = make(demo, 2019, who=["ait-baha"])
    changed = fill(out / "2019-ait-baha.xlsx", demo.parent / "c.xlsx", {"F6": "non"})
    refused = api.import_forms(demo, [changed], 2019)
    [finding] = [f for f in refused.findings if f.code == "CIC731"]
    said = translator(lang).message(finding)
    assert old in said and new in said and "True" not in said and "False" not in said
    assert "{sas: yes" in finding.message  # English: yes/no too


def test_a_figure_in_another_file_of_the_year_is_never_replaced(demo: Path):
    out = make(demo, 2019, who=["ait-baha"])
    (demo / "monitoring" / "2019.yaml").rename(demo / "monitoring" / "2019-all.yaml")
    changed = fill(out / "2019-ait-baha.xlsx", demo.parent / "c.xlsx", {"F7": 9})
    outcome = api.import_forms(demo, [changed], 2019, replace=True)
    assert ("CIC731", "Indicateurs!F7") in codes_at(outcome) and not outcome.written
    assert "2019-all.yaml" in outcome.findings[0].message


# -- every mistake at its cell ----------------------------------------------------------------


@pytest.mark.parametrize(("cells", "expected"), [
    ({"F6": "peut-être", "H6": "x"}, {("CIC725", "Indicateurs!F6")}),
    ({"F7": 2.5, "H7": "x"}, {("CIC725", "Indicateurs!F7")}),
    ({"F7": -1, "H7": "x"}, {("CIC725", "Indicateurs!F7")}),
    ({"F8": 50, "G8": 20, "H8": "x"}, {("CIC725", "Indicateurs!F8")}),
    ({"F7": "2019-03-01", "H7": "x"}, {("CIC725", "Indicateurs!F7")}),
    ({"F6": "oui"}, {("CIC726", "Indicateurs!H6")}),
    ({"A7": "IOV 1.3", "F7": 1, "H7": "x"}, {("CIC724", "Indicateurs!A7")}),
    ({"K40": "voir annexe"}, {("CIC729", "Indicateurs!K40"), ("CIC733", "")}),
    ({"F7": "=1+1", "H7": "x"}, {("CIC727", "Indicateurs!F7"), ("CIC733", "")}),  # no saved value: empty
    ({"D2": "belfaa"}, {("CIC722", "Indicateurs!D2")}),
])
def test_each_mistake_is_found_at_its_cell_and_nothing_is_written(demo: Path, cells: dict[str, object],
                                                                   expected: set[tuple[str, str]]):
    out = make(demo, 2021, who=["ait-baha"])
    outcome = api.import_forms(demo, [fill(out / "2021-ait-baha.xlsx", demo.parent / "m.xlsx", cells)], 2021)
    assert codes_at(outcome) == expected
    assert not (demo / "monitoring" / "2021.yaml").exists()


def test_a_date_cell_and_a_merged_range(demo: Path):
    import datetime as dt

    out = make(demo, 2021, who=["ait-baha"])
    book = load_workbook(out / "2021-ait-baha.xlsx")
    sheet = book["Indicateurs"]
    sheet["F7"] = dt.datetime(2021, 3, 1)
    sheet["H7"] = "x"
    sheet.merge_cells("F8:G8")
    book.save(demo.parent / "d.xlsx")
    outcome = api.import_forms(demo, [demo.parent / "d.xlsx"], 2021)
    assert codes_at(outcome) == {("CIC725", "Indicateurs!F7"), ("CIC730", "Indicateurs!F8")}
    assert "a date" in outcome.findings[0].message or "a date" in outcome.findings[1].message


def test_a_value_in_a_hidden_column_is_reported_not_read(demo: Path):
    out = make(demo, 2021, who=["ait-baha"])
    book = load_workbook(out / "2021-ait-baha.xlsx")
    sheet = book["Indicateurs"]
    sheet["M7"] = 5
    sheet.column_dimensions["M"].hidden = True
    sheet.row_dimensions[60].hidden = True
    sheet["B60"] = "caché"
    book.save(demo.parent / "h.xlsx")
    outcome = api.import_forms(demo, [demo.parent / "h.xlsx"], 2021)
    assert codes_at(outcome) == {("CIC729", "Indicateurs!M7"), ("CIC729", "Indicateurs!B60"), ("CIC733", "")}


def test_partial_imports_the_clean_entries_only(demo: Path):
    out = make(demo, 2021, who=["ait-baha"])
    filled = fill(out / "2021-ait-baha.xlsx", demo.parent / "p.xlsx",
                  {"F6": "oui", "H6": "Source (FICTIF)", "F7": "beaucoup", "H7": "x"})
    outcome = api.import_forms(demo, [filled], 2021, partial=True)
    assert outcome.written and outcome.added == 1
    text = (demo / "monitoring" / "2021.yaml").read_text(encoding="utf-8")
    assert "IOV 1: {sas: true" in text and "IOV 2" not in text


def test_a_cached_formula_is_read_as_saved_and_said(demo: Path):
    out = make(demo, 2021, who=["ait-baha"])
    source = out / "2021-ait-baha.xlsx"
    filled = fill(source, demo.parent / "f.xlsx", {"F7": "=1+1", "H7": "x"})
    _with_cached_value(filled, "F7", "2")
    outcome = api.import_forms(demo, [filled], 2021)
    assert codes_at(outcome) == {("CIC727", "Indicateurs!F7")} and outcome.written
    assert outcome.findings[0].severity.value == "warning"
    assert "IOV 2: {projets: 2" in (demo / "monitoring" / "2021.yaml").read_text(encoding="utf-8")


def _with_cached_value(path: Path, cell: str, value: str) -> None:
    """Give a formula cell the saved value a spreadsheet application would (openpyxl writes none)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"].decode()
    start = sheet.index(f'<c r="{cell}"')
    end = sheet.index("</c>", start)
    cell_xml = sheet[start:end].replace("<v></v>", "").replace("<v/>", "")
    parts["xl/worksheets/sheet1.xml"] = (sheet[:start] + cell_xml + f"<v>{value}</v>" + sheet[end:]).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


def test_identity_year_and_duplicates(demo: Path):
    out = make(demo, 2021, who=["ait-baha", "belfaa"])
    form = out / "2021-ait-baha.xlsx"
    assert codes_at(api.import_forms(demo, [form], 2020)) == {("CIC723", "cic!B4")}
    other = make(demo, 2020, who=["belfaa"]) / "2020-belfaa.xlsx"
    assert codes_at(api.import_forms(demo, [form, other])) >= {("CIC723", "")}
    twice = api.import_forms(demo, [form, shutil.copy(form, demo.parent / "copy.xlsx")], 2021)
    assert ("CIC732", "") in codes_at(twice)
    assert codes_at(api.import_forms(demo, [form], 2021)) == {("CIC733", "")}
    for key, value, code, reason in (("B3", "ait-bha", "CIC722", "unknown-reporter"),
                                     ("B2", 9, "CIC722", "version"),
                                     ("B1", "other", "CIC722", "no-identity")):
        book = load_workbook(form)
        book["cic"][key] = value
        book.save(demo.parent / "t.xlsx")
        found = api.import_forms(demo, [demo.parent / "t.xlsx"], 2021).findings
        assert [f.code for f in found] == [code], reason
    plain = demo.parent / "plain.xlsx"
    book = load_workbook(form)
    del book["cic"]
    book.save(plain)
    assert [f.code for f in api.import_forms(demo, [plain], 2021).findings] == ["CIC722"]


def test_a_broken_year_file_stops_the_import(demo: Path):
    out = make(demo, 2021, who=["ait-baha"])
    (demo / "monitoring" / "2021.yaml").write_text("year: 2021\nreports: [unclosed\n", encoding="utf-8")
    filled = fill(out / "2021-ait-baha.xlsx", demo.parent / "b.xlsx", {"F6": "oui", "H6": "x"})
    outcome = api.import_forms(demo, [filled], 2021)
    assert [f.code for f in outcome.findings] == ["CIC734"] and not outcome.written
    (demo / "monitoring" / "2021.yaml").write_text("year: 2021\nreports:\n  ait-baha: 5\n", encoding="utf-8")
    outcome = api.import_forms(demo, [filled], 2021)  # readable YAML, but not a monitoring file
    assert [f.code for f in outcome.findings] == ["CIC734"] and not outcome.written
    assert (demo / "monitoring" / "2021.yaml").read_text(encoding="utf-8").endswith("ait-baha: 5\n")


# -- hostile workbooks ------------------------------------------------------------------------


def test_hostile_workbooks_are_refused_without_a_traceback(demo: Path, monkeypatch: pytest.MonkeyPatch):
    tmp = demo.parent
    out = make(demo, 2021, who=["ait-baha"])
    form = out / "2021-ait-baha.xlsx"
    (tmp / "pdf.xlsx").write_bytes(b"%PDF-1.4 not a workbook")
    assert [f.code for f in api.import_forms(demo, [tmp / "pdf.xlsx"], 2021).findings] == ["CIC720"]
    macro = shutil.copy(form, tmp / "m.xlsm")
    assert [f.code for f in api.import_forms(demo, [Path(macro)], 2021).findings] == ["CIC721"]
    with zipfile.ZipFile(tmp / "bomb.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"0" * (opening.MAX_UNPACKED + 1))
    assert (tmp / "bomb.xlsx").stat().st_size < 1_000_000
    found = api.import_forms(demo, [tmp / "bomb.xlsx"], 2021).findings
    assert [(f.code, "unpacks" in f.message) for f in found] == [("CIC720", True)]
    linked = tmp / "linked.xlsx"
    shutil.copy(form, linked)
    with zipfile.ZipFile(linked, "a") as archive:
        archive.writestr("xl/externalLinks/externalLink1.xml", "<externalLink/>")
    assert [f.code for f in api.import_forms(demo, [linked], 2021).findings] == ["CIC728", "CIC733"]
    monkeypatch.setattr(opening, "MAX_BYTES", 100)
    assert [f.code for f in api.import_forms(demo, [form], 2021).findings] == ["CIC720"]
    monkeypatch.setattr(opening, "MAX_BYTES", 5_000_000)
    monkeypatch.setattr(scanning, "MAX_CELLS", 10)
    assert [f.code for f in api.import_forms(demo, [form], 2021).findings] == ["CIC720"]
    fifo = tmp / "fifo.xlsx"
    os.mkfifo(fifo)
    assert [f.code for f in api.import_forms(demo, [fifo], 2021).findings] == ["CIC720"]


# -- every output format names the sheet and the cell ----------------------------------------


def test_every_format_locates_the_cell(demo: Path):
    out = make(demo, 2021, who=["ait-baha"])
    outcome = api.import_forms(demo, [fill(out / "2021-ait-baha.xlsx", demo.parent / "x.xlsx",
                                           {"F6": "peut-être", "H6": "x"})], 2021)
    text = api.render_import(outcome, "text")
    assert "Indicateurs!F6" in text and "CIC725" in text
    doc = json.loads(api.render_import(outcome, "json"))
    location = doc["findings"][0]["location"]
    assert location["file"].endswith("x.xlsx")
    assert {k: v for k, v in location.items() if k != "file"} == {
        "line": 6, "column": 6, "sheet": "Indicateurs", "cell": "F6"}
    github = api.render_import(outcome, "github")
    assert "::error file=" in github and "line=" not in github and "::Indicateurs!F6: " in github
    sarif = json.loads(api.render_import(outcome, "sarif"))
    location = sarif["runs"][0]["results"][0]["locations"][0]
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "Indicateurs!F6"
    assert "region" not in location["physicalLocation"]


def test_the_command_line(demo: Path, tmp_path: Path):
    cic = shutil.which("cic", path=str(Path(os.sys.executable).parent))
    assert cic
    run = subprocess.run([cic, "forms", "--year", "2021", str(demo), "-o", str(tmp_path / "f"), "-r",
                          "ait-baha"], capture_output=True, text=True)
    assert run.returncode == 0 and "2021-ait-baha.xlsx" in run.stdout
    bad = fill(tmp_path / "f" / "2021-ait-baha.xlsx", tmp_path / "bad.xlsx", {"F6": "??", "H6": "x"})
    run = subprocess.run([cic, "import", "--data", str(demo), str(bad)], capture_output=True, text=True)
    assert run.returncode == 1 and "Indicateurs!F6" in run.stdout and "Nothing was written" in run.stderr
    run = subprocess.run([cic, "import", "--data", str(demo), str(tmp_path / "absent.xlsx")],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "No such file" in run.stderr and "Traceback" not in run.stderr
    run = subprocess.run([cic, "status", "--year", "2019", "--format", "json", str(demo)],
                         capture_output=True, text=True)
    assert run.returncode == 1  # Gourrama and La Hulpe are late in the demo's 2019
    late = json.loads(run.stdout)["summary"]["late"]
    assert "gourrama" in late and "la-hulpe" in late and "ait-baha" not in late


# -- LibreOffice ------------------------------------------------------------------------------


def test_libreoffice_opens_a_form_saves_it_and_the_import_reads_it(demo: Path, tmp_path: Path):
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI") == "true":
            pytest.fail("soffice (LibreOffice) is required in CI: .ci/run installs libreoffice-calc-nogui")
        pytest.skip("soffice (LibreOffice Calc) is not installed: the LibreOffice round trip is not tested")
    out = make(demo, 2021, who=["ait-baha"])
    filled = fill(out / "2021-ait-baha.xlsx", tmp_path / "ait-baha.xlsx",
                  {"F6": "oui", "H6": "Délibération (FICTIF)", "F8": 12, "G8": 30, "H8": "Stats (FICTIF)"})
    resaved = tmp_path / "resaved"
    profile = tmp_path / "profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to",
                    "xlsx:Calc MS Excel 2007 XML", "--outdir", str(resaved), str(filled)],
                   check=True, capture_output=True, timeout=180)
    again = resaved / "ait-baha.xlsx"
    assert again.read_bytes() != filled.read_bytes()  # written by LibreOffice, not a copy
    outcome = api.import_forms(demo, [again], 2021)
    assert outcome.findings == [] and outcome.written
    text = (demo / "monitoring" / "2021.yaml").read_text(encoding="utf-8")
    assert "IOV 1: {sas: true, source: Délibération (FICTIF)}" in text
    assert "IOV 3: {women: {part: 12, of: 30}, source: Stats (FICTIF)}" in text


def test_io_stays_bounded(demo: Path):
    """The reader never builds more than MAX_CELLS cells: a sheet of 60 000 filled cells is refused."""
    out = make(demo, 2021, who=["ait-baha"])
    book = load_workbook(out / "2021-ait-baha.xlsx")
    sheet = book["Indicateurs"]
    for row in range(100, 100 + 6000):
        for column in range(10, 20):
            sheet.cell(row, column, 1)
    buffer = io.BytesIO()
    book.save(buffer)
    (demo.parent / "huge.xlsx").write_bytes(buffer.getvalue())
    assert [f.code for f in api.import_forms(demo, [demo.parent / "huge.xlsx"], 2021).findings] == ["CIC720"]


def test_every_form_sent_and_returned_makes_status_report_and_validate_agree(demo: Path):
    """The whole cycle for 2021 (no figures yet in the demo): every form filled, imported at once."""
    from cicmaroc.analysis.reporters import reporters
    from cicmaroc.forms.form import form_for
    from cicmaroc.loading.loader import load_programme

    out = make(demo, 2021)
    programme = api.validate(demo).programme
    filled = []
    entries = 0
    for number, reporter in enumerate(reporters(programme)):
        form = form_for(programme, reporter, 2021)
        if not form.figures and not form.spending:
            assert reporter.id == "uvcw" and not (out / f"2021-{reporter.id}.xlsx").exists()
            continue
        entries += sum(r.first for r in form.figures) + sum(r.first for r in form.spending)
        book = load_workbook(out / f"2021-{reporter.id}.xlsx")
        for row in form.figures:
            sheet = book["Indicateurs"]
            if row.measure.rollup == "ratio":
                sheet[row.value_cell()], sheet[row.of_cell()] = number, number + 10
            elif row.measure.rollup in ("count", "latest"):
                sheet[row.value_cell()] = "oui" if number % 2 else "non"
            else:
                sheet[row.value_cell()] = number
            if row.first:
                sheet[row.source_cell()] = f"Source {reporter.id} (FICTIF)"
        for spent in form.spending:
            sheet = book["Dépenses"]
            sheet[spent.amount_cell()] = 1000 + number + 0.25
            if spent.first:
                sheet[spent.source_cell()] = f"Comptes {reporter.id} (FICTIF)"
        book.save(demo.parent / f"reply-{reporter.id}.xlsx")
        filled.append(demo.parent / f"reply-{reporter.id}.xlsx")
    outcome = api.import_forms(demo, filled)
    assert outcome.findings == [] and outcome.written and outcome.added == entries == 12 * 18 + 5 + 10 + 1
    status = api.status(demo, 2021)
    assert status["summary"]["late"] == [] and status["summary"]["missing"] == 0
    assert status["summary"]["complete"] == len(filled) == 24
    run = api.validate(demo)
    assert [f for f in run.findings if "2021" in f.file] == []
    assert len(run.actuals.reporters(2021)) == 13  # 12 communes and the programme
    report = api.report(demo, 2021)
    assert "Source ait-baha (FICTIF)" in report and "Source programme (FICTIF)" in report
    programme_again, _ = load_programme(demo, api.validate(demo).config.limits())
    assert len(programme_again.monitoring) == 5  # 2017-2020 and the new 2021.yaml


def test_an_answer_is_judged_by_the_monitoring_pass_own_rule(demo: Path):
    """One rule per value: a negative count, a part above its whole and an amount with a fraction
    of a cent are refused by the import with the very reason the monitoring pass gives for the
    same value in a year file (`derive.monitoring.parse_value`, `parse_amount`)."""
    from cicmaroc.analysis.reporters import reporters
    from cicmaroc.derive.monitoring import parse_amount, parse_value
    from cicmaroc.forms.form import form_for

    programme = api.validate(demo).programme
    out = make(demo, 2021, who=["ait-baha", "evere"])
    commune = form_for(programme, next(r for r in reporters(programme) if r.id == "ait-baha"), 2021)
    sum_row = next(f for f in commune.figures if f.measure.rollup not in ("count", "ratio", "latest"))
    ratio_row = next(f for f in commune.figures if f.measure.rollup == "ratio")
    cells = {sum_row.value_cell(): -3, commune.source_row(sum_row).source_cell(): "x",
             ratio_row.value_cell(): 50, ratio_row.of_cell(): 20,
             commune.source_row(ratio_row).source_cell(): "x"}
    outcome = api.import_forms(demo, [fill(out / "2021-ait-baha.xlsx", demo.parent / "a.xlsx", cells)], 2021)
    said = {f.location.cell: f.args["problem"] for f in outcome.findings if f.code == "CIC725"}
    assert said == {sum_row.value_cell(): parse_value(sum_row.measure, -3)[1],
                    ratio_row.value_cell(): parse_value(ratio_row.measure, {"part": 50, "of": 20})[1]}
    assert all(said.values())

    partnership = form_for(programme, next(r for r in reporters(programme) if r.id == "evere"), 2021)
    row = partnership.spending[0]
    book = load_workbook(out / "2021-evere.xlsx")
    sheet = next(name for name in book.sheetnames if name not in ("cic", "Indicateurs"))
    spent = fill(out / "2021-evere.xlsx", demo.parent / "e.xlsx",
                 {row.amount_cell(): "12.345", row.source_cell(): "x"}, sheet)
    [finding] = [f for f in api.import_forms(demo, [spent], 2021).findings if f.code == "CIC725"]
    assert finding.location.cell == row.amount_cell()
    assert finding.args["problem"] == parse_amount(Decimal("12.345"))[1]
    assert str(finding.args["problem"].template) == "an amount has at most two decimals (cents)"
