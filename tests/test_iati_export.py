"""`cic iati`: the programme as one IATI 2.03 activity, and the publisher file's findings (CIC810-CIC812).

The demo programme (examples/demo, FICTIONAL monitoring and a FICTIONAL publisher file) is
exported as of 2019 and compared byte for byte with tests/golden/iati-demo-2019.xml. To
regenerate it after a deliberate change:

    CIC_UPDATE_GOLDEN=1 python -m pytest tests/test_iati_export.py

then read its diff before committing.
"""

from __future__ import annotations

import atexit
import datetime as dt
import re
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from lxml import etree
from tests.conftest import DATA, REPO, matches_golden
from tests.iati_fixture import acknowledged_demo
from typer.testing import CliRunner

from cicmaroc import api
from cicmaroc.cli.main import app
from cicmaroc.iati.check import check_bytes
from cicmaroc.iati.export import POLICY_MARKERS, spending_by_spender

#: The demo with its document's errors acknowledged (`iati_fixture.ACKNOWLEDGED`): published.
DEMO = acknowledged_demo(Path(tempfile.mkdtemp(prefix="cic-iati-demo-")))
atexit.register(shutil.rmtree, DEMO.parent, True)
GOLDEN = REPO / "tests" / "golden" / "iati-demo-2019.xml"
AS_OF = dt.date(2019, 12, 31)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def export(data: Path, as_of: dt.date = AS_OF) -> etree._Element:
    result = api.export_iati(data, as_of)
    assert result.xml is not None, [f"{f.code} {f.location} {f.message}" for f in result.findings]
    return etree.fromstring(result.xml)


@pytest.fixture(scope="module")
def demo_xml() -> bytes:
    result = api.export_iati(DEMO, AS_OF)
    assert result.xml is not None
    return result.xml


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    return data


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    (line,) = [i for i, text in enumerate(lines, start=1) if needle in text]
    return line


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} is in {path.name} {text.count(old)} times"
    path.write_text(text.replace(old, new), encoding="utf-8")


# -- the demo's export ------------------------------------------------------------------------


def test_demo_export_matches_the_golden_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # the file must not depend on the current folder
    out = tmp_path / "demo.xml"
    result = CliRunner().invoke(app, ["iati", "--as-of", "2019", str(DEMO), "-o", str(out)])
    assert result.exit_code == 0, result.output
    produced = out.read_bytes()
    matches_golden(GOLDEN, produced)
    assert b"FICTIF" in produced  # the demo's identifiers and figures are invented, and the file says so


def test_the_golden_file_passes_schema_codelists_and_rules_with_no_finding():
    checked = check_bytes(GOLDEN.read_bytes(), "iati-demo-2019.xml", AS_OF)
    assert checked.activities == 1
    assert [f"{f.code} {f.location} {f.message}" for f in checked.findings] == []


def test_cli_check_accepts_the_export(tmp_path: Path):
    out = tmp_path / "demo.xml"
    assert CliRunner().invoke(app, ["iati", "--as-of", "2019", str(DEMO), "-o", str(out)]).exit_code == 0
    result = CliRunner().invoke(app, ["iati", "--check", str(out), "--as-of", "2019"])
    assert result.exit_code == 0 and "No problems found" in result.stdout


def test_without_o_the_file_goes_to_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["iati", "--as-of", "2019", str(DEMO)])
    assert result.exit_code == 0
    assert result.stdout.encode("utf-8") == GOLDEN.read_bytes()
    assert list(tmp_path.iterdir()) == []


def test_identifiers_status_dates_country_and_languages(demo_xml: bytes):
    root = etree.fromstring(demo_xml)
    activity = root.find("iati-activity")
    assert root.get("version") == "2.03"
    assert activity.findtext("iati-identifier") == "BE-BCE_KBO-0000000097-CIC-MAROC-2017-2021-FICTIF"
    assert activity.find("reporting-org").get("ref") == "BE-BCE_KBO-0000000097"
    assert activity.find("activity-status").get("code") == "2"
    dates = {d.get("type"): d.get("iso-date") for d in activity.findall("activity-date")}
    assert dates == {"1": "2017-01-01", "2": "2017-01-01", "3": "2021-12-31"}  # no actual end yet in 2019
    assert activity.find("recipient-country").get("code") == "MA"
    assert {n.get(XML_LANG) for n in activity.find("title")} == {"fr", "nl"}
    assert {n.get(XML_LANG) for n in activity.find("description[@type='2']")} == {"fr", "nl"}
    narratives = list(root.iter("narrative"))
    assert narratives and all(n.get(XML_LANG) in ("fr", "nl") for n in narratives)


def test_participating_organisations_and_their_roles(demo_xml: bytes):
    activity = etree.fromstring(demo_xml).find("iati-activity")
    orgs = [(o.get("role"), o.get("ref"), o.get("type"), o.findtext("narrative"))
            for o in activity.findall("participating-org")]
    assert ("1", "XM-DAC-2-10", "10", "DGD") in orgs
    for ref in ("BE-BCE_KBO-0000000097", "BE-BCE_KBO-0000000196"):
        assert {role for role, r, _, _ in orgs if r == ref} == {"2", "4"}
    communes = [name for role, ref, kind, name in orgs if ref is None]
    assert len(communes) == 22
    assert all(kind == "11" and role == "4" for role, ref, kind, _ in orgs if ref is None)
    assert "Commune d'Aït Baha" in communes and "Commune de Schaerbeek" in communes


def test_one_location_per_moroccan_commune_without_invented_coordinates(demo_xml: bytes):
    activity = etree.fromstring(demo_xml).find("iati-activity")
    locations = activity.findall("location")
    assert len(locations) == 12 and len({loc.get("ref") for loc in locations}) == 12
    assert activity.find("location/point") is None
    amerzgane = activity.find("location[@ref='amerzgane']")
    assert amerzgane.findtext("description/narrative") == "Province Ouarzazate, Région Souss Massa"


def test_sectors_sum_to_100_and_policy_markers_come_from_the_cad_markers(demo_xml: bytes):
    activity = etree.fromstring(demo_xml).find("iati-activity")
    assert sum(Decimal(s.get("percentage")) for s in activity.findall("sector")) == 100
    markers = {m.get("code"): m.get("significance") for m in activity.findall("policy-marker")}
    assert markers["1"] == "2" and markers["3"] == "2"  # Genre, Bonne gouvernance: principal objective
    assert len(markers) == len(POLICY_MARKERS)  # "HIV/Aids" and "Droits des enfants" have no IATI code


def test_yearly_budgets_are_t3_total_co_exactly(demo_xml: bytes):
    run = api.validate(DEMO)
    assert run.programme.budget is not None
    printed = run.programme.budget.model.total.total
    assert printed is not None
    budgets = etree.fromstring(demo_xml).findall("iati-activity/budget")
    got = {b.find("period-start").get("iso-date")[:4]: Decimal(b.findtext("value")) for b in budgets}
    assert got == {str(year): printed[year] for year in run.programme.budget.model.years}
    # (their sum is 2030531.25 where T3 prints a grand total of 2030531.24: the budget rules report it)


def test_transactions_are_the_monitoring_spending_one_per_spender_and_year(demo_xml: bytes):
    run = api.validate(DEMO)
    transactions = etree.fromstring(demo_xml).findall("iati-activity/transaction")
    assert {t.find("transaction-type").get("code") for t in transactions} == {"4"}
    for year in (2017, 2018, 2019):
        those = [t for t in transactions if t.find("transaction-date").get("iso-date") == f"{year}-12-31"]
        spent = spending_by_spender(run.actuals, year)
        assert len(those) == len(spent)
        assert sum(Decimal(t.findtext("value")) for t in those) == sum(
            v for cells in [run.actuals.spending[year]] for v in cells.values())
    assert not [t for t in transactions if t.find("transaction-date").get("iso-date") > "2019-12-31"]


def _indicator(root: etree._Element, code: str) -> list[etree._Element]:
    return [i for i in root.iter("indicator") if i.find("reference").get("code") == code]


def test_indicators_carry_baseline_targets_and_printed_texts(demo_xml: bytes):
    root = etree.fromstring(demo_xml)
    assert [r.get("type") for r in root.iter("result")] == ["2", *["1"] * 7]
    (iov1,) = _indicator(root, "IOV 1")
    assert iov1.get("measure") == "1" and iov1.get("ascending") == "1"
    baseline = iov1.find("baseline")
    assert (baseline.get("year"), baseline.get("value")) == ("2016", "9")
    assert baseline.findtext("comment/narrative") == "9 communes disposent d’un SAS (77 %)"
    periods = iov1.findall("period")
    spans = [(p.find("period-start").get("iso-date"), p.find("period-end").get("iso-date")) for p in periods]
    assert spans == [("2017-01-01", "2019-12-31"), ("2020-01-01", "2021-12-31")]
    assert periods[0].find("target").get("value") == "12"
    (iov3,) = _indicator(root, "IOV 3")
    assert iov3.get("measure") == "2"  # a share of women: a percentage
    assert len(_indicator(root, "IOV 1.2")) == 2  # two measures, two IATI indicators


def test_a_range_is_never_published_as_the_actual(demo_xml: bytes):
    """Gourrama has not reported 2019: IOV 1 is only known to be 9 or 10, IOV 3 (a share of women)
    anything from 0 to 100. No value is published for such a period (a bound is not a figure, and
    the Standard's rule 8.10.1 refuses an actual without one); the indicator's description gives
    the range and who reported. Nothing reported for 2020-2021 yet: no actual either."""
    root = etree.fromstring(demo_xml)
    (iov1,) = _indicator(root, "IOV 1")
    assert [p.find("actual") for p in iov1.findall("period")] == [None, None]
    assert iov1.findall("period")[0].find("target").get("value") == "12"  # the plan is still published
    said = {n.get(XML_LANG): n.text for n in iov1.find("description")}
    assert ("Réalisé 2017-2019\u00a0: aucune valeur publiée, des rapports manquent au 31/12/2019\u00a0; "
            "la valeur est entre 9 et 10.") in said["fr"]
    assert "(11 sur 12). Sans rapport\u00a0: Gourrama." in said["fr"]
    assert "de waarde ligt tussen 9 en 10." in said["nl"] and "Geen rapport: Gourrama." in said["nl"]
    (iov3,) = _indicator(root, "IOV 3")
    assert iov3.find("period/actual") is None
    assert "la valeur est entre 0 et 100." in iov3.find("description/narrative").text
    (iov2,) = _indicator(root, "IOV 2")
    assert "la valeur est d’au moins 14." in iov2.find("description/narrative").text
    for actual in root.iter("actual"):  # what is published is proven: every expected report came in
        comment = {n.get(XML_LANG): n.text for n in actual.find("comment")}
        assert actual.get("value") is not None and comment["fr"].startswith("Valeur au 31/12/2019 (")
    assert check_bytes(demo_xml, "demo.xml", AS_OF).findings == []


def test_counts_in_the_comments_agree_in_number(demo_xml: bytes):
    """One report expected and received: "1 rapport reçu sur 1 attendu", never "1 rapports reçus"."""
    comments = [n.text for n in etree.fromstring(demo_xml).iter("narrative")]
    assert "Valeur au 31/12/2019 (1 rapport reçu sur 1 attendu)." in comments
    assert "Waarde op 31/12/2019 (1 van 1 verwacht rapport ontvangen)." in comments
    assert not [c for c in comments if re.search(r"\b1 (rapports|attendus|verwachte)", c)]


def test_agreed_readings_are_used_and_stated(demo_xml: bytes):
    (iov43,) = _indicator(etree.fromstring(demo_xml), "IOV 4.3")
    target = iov43.findall("period")[1].find("target")
    assert target.get("value") == "12"  # printed 13, read as 12 (examples/demo/data/readings.yaml)
    comments = {n.get(XML_LANG): n.text for n in target.find("comment")}
    assert comments["fr"].startswith("13 communes")  # the printed text, exact
    assert "Lecture convenue\u00a0: imprimé 13, lu 12" in comments["fr"]
    assert "Afgesproken lezing: gedrukt 13, gelezen als 12" in comments["nl"]


def test_each_narrative_holds_only_its_own_language(demo_xml: bytes):
    """The programme's texts are French (its measures, sources, indicator texts, the readings'
    reasons): they are in French narratives only, never inside a Dutch one beside cic's Dutch words,
    which a reader (or a screen reader) would take for Dutch."""
    programme = api.validate(DEMO).programme
    assert programme.text_language == "fr" and programme.logframe is not None
    frame = programme.logframe.model
    french = {m.unit for r in frame.results for i in r.indicators for m in i.measures}
    french |= {s for r in frame.results for i in r.indicators for s in i.sources}
    french |= {i.text for r in frame.results for i in r.indicators} | {r.text for r in frame.results}
    assert programme.readings is not None
    french |= {" ".join(r.reason.split()).rstrip(".") for r in programme.readings.model.readings}
    root = etree.fromstring(demo_xml)
    dutch = [n.text for n in root.iter("narrative") if n.get(XML_LANG) == "nl"]
    mixed = [(text, n) for text in french for n in dutch if text in n]
    assert mixed == []
    written = " ".join(n.text for n in root.iter("narrative") if n.get(XML_LANG) == "fr")
    assert all(text in written for text in french)  # nothing lost: each is in a French narrative
    (iov1,) = _indicator(root, "IOV 1")
    said = {n.get(XML_LANG): n.text for n in iov1.find("description")}
    assert said["fr"].startswith("Mesure\u00a0: communes disposant d’un SAS. Sources de vérification\u00a0: ")
    assert said["nl"].startswith("Gerealiseerd 2017-2019: ")  # no Dutch unit given: no "Meting: " sentence


def test_a_dutch_translation_of_a_measure_is_published_in_dutch(demo_copy: Path):
    edit(demo_copy / "logframe.yaml", "unit: communes disposant d’un SAS",
         "unit: communes disposant d’un SAS\n          unit_nl: gemeenten met een SAS")
    (iov1,) = _indicator(export(demo_copy), "IOV 1")
    said = {n.get(XML_LANG): n.text for n in iov1.find("description")}
    assert said["nl"].startswith("Meting: gemeenten met een SAS. Gerealiseerd 2017-2019: ")
    assert "gemeenten met een SAS" not in said["fr"]


def test_as_of_cuts_actuals_transactions_and_dates():
    before = export(DEMO, dt.date(2018, 12, 31))
    dates = {t.find("transaction-date").get("iso-date") for t in before.iter("transaction")}
    assert dates == {"2017-12-31", "2018-12-31"}
    (iov1,) = _indicator(before, "IOV 1")
    assert "31/12/2018" in iov1.find("period/actual/comment/narrative").text  # all 12 reported 2018
    mid_year = export(DEMO, dt.date(2019, 6, 30))  # 2019 has not ended: its figures do not count yet
    last = max(t.find("transaction-date").get("iso-date") for t in mid_year.iter("transaction"))
    assert last == "2018-12-31"
    early = export(DEMO, dt.date(2016, 12, 31))
    assert not list(early.iter("transaction")) and not list(early.iter("actual"))
    assert early.find("iati-activity/activity-status").get("code") == "1"
    assert {d.get("type") for d in early.iter("activity-date")} == {"1", "3"}
    late = export(DEMO, dt.date(2022, 6, 30))
    assert late.find("iati-activity/activity-status").get("code") == "3"
    assert {d.get("type") for d in late.iter("activity-date")} == {"1", "2", "3", "4"}


def test_status_agrees_with_the_dates_on_the_last_day():
    """As of the programme's last day its end date is actual (type 4): it is in finalisation (3), never
    still "implementation" (2) beside an actual end, which d-portal and the registry read as a
    contradiction (IATI guidance, Activity dates; CIC804 would refuse the file)."""
    last = export(DEMO, dt.date(2021, 12, 31))
    assert last.find("iati-activity/activity-status").get("code") == "3"
    assert [d.get("iso-date") for d in last.iter("activity-date") if d.get("type") == "4"] == ["2021-12-31"]
    day_before = export(DEMO, dt.date(2021, 12, 30))
    assert day_before.find("iati-activity/activity-status").get("code") == "2"
    assert {d.get("type") for d in day_before.iter("activity-date")} == {"1", "2", "3"}


def test_no_monitoring_means_no_actual_and_no_transaction(demo_copy: Path):
    shutil.rmtree(demo_copy / "monitoring")
    root = export(demo_copy)
    assert not list(root.iter("actual")) and not list(root.iter("transaction"))
    assert list(root.iter("target"))  # the plan is still published


def test_accents_and_arabic_survive(demo_copy: Path):
    edit(demo_copy / "partners" / "etterbeek.yaml", "local_partner_name: Ait Baha",
         "local_partner_name: Aït Baha – آيت باها")
    root = export(demo_copy)
    names = [n.text for n in root.iter("narrative")]
    assert "Aït Baha – آيت باها" in names
    assert any("Aït Baha – آيت باها" in n for n in names if "Ont rapporté" in n)  # in who reported
    assert "Commune rurale d'Aït Zineb" in names


# -- refusing: TODO values, a missing or wrong publisher file, a file that would not pass -----


def test_real_data_names_each_todo_and_writes_nothing(tmp_path: Path):
    out = tmp_path / "programme.xml"
    result = CliRunner().invoke(app, ["iati", str(DATA), "-o", str(out)])
    assert result.exit_code == 1
    assert not out.exists() and list(tmp_path.iterdir()) == []
    said = result.stdout
    for field in ("activity_id", "title.nl", "organisations.avcb.ref", "organisations.avcb.type",
                  "organisations.uvcw.ref", "organisations.uvcw.type", "sectors", "contact"):
        assert f"CIC810 {field} is still TODO" in said, field
    assert "XM-DAC-2-10" not in said  # the one identifier given is not reported
    assert "Nothing was written" in result.stderr


def test_real_data_todos_are_validate_findings_on_their_lines():
    run = api.validate(DATA)
    todo = [f for f in run.findings.items if f.code == "CIC810"]
    assert len(todo) == 8
    assert all(f.location is not None and f.location.file.endswith("iati.yaml") for f in todo)
    text = (DATA / "iati.yaml").read_text(encoding="utf-8").splitlines()
    assert all("TODO" in text[f.location.line - 1] for f in todo if f.location is not None)


def test_a_todo_left_in_the_demo_refuses_the_export(demo_copy: Path, tmp_path: Path):
    edit(demo_copy / "iati.yaml", "ref: BE-BCE_KBO-0000000196", "ref: TODO")
    result = api.export_iati(demo_copy, AS_OF)
    assert result.xml is None
    assert [(f.code, f.location.line if f.location else 0) for f in result.findings] == [
        ("CIC810", line_of(demo_copy / "iati.yaml", "ref: TODO"))]


def test_no_publisher_file_refuses_the_export(demo_copy: Path, tmp_path: Path):
    (demo_copy / "iati.yaml").unlink()
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(app, ["iati", str(demo_copy), "-o", str(out), "--format", "json"])
    assert result.exit_code == 1 and not out.exists()
    assert '"CIC810"' in result.stdout and "no IATI publisher file" in result.stdout


def test_enterprise_number_check_digits(demo_copy: Path):
    edit(demo_copy / "iati.yaml", "ref: BE-BCE_KBO-0000000196", "ref: BE-BCE_KBO-0000000195")
    edit(demo_copy / "iati.yaml", "ref: BE-BCE_KBO-0000000097", "ref: BE-BCE_KBO-00000097")
    found = [f for f in api.validate(demo_copy).findings.items if f.code == "CIC811"]
    publisher = demo_copy / "iati.yaml"
    assert [(f.location.line if f.location else 0, f.message) for f in found] == [
        (line_of(publisher, "ref: BE-BCE_KBO-00000097"),
         "BE-BCE_KBO-00000097 is not BE-BCE_KBO- followed by the 10 digits of an enterprise number."),
        (line_of(publisher, "0000000195"),
         "BE-BCE_KBO-0000000195: the enterprise number's check digits are 95, but its first eight digits "
         "give 96; it is mistyped.")]
    assert api.export_iati(demo_copy, AS_OF).xml is None


def test_sector_shares_must_add_up_to_100(demo_copy: Path):
    edit(demo_copy / "iati.yaml", 'percentage: 40}', 'percentage: 30}')
    found = [f for f in api.validate(demo_copy).findings.items if f.code == "CIC812"]
    assert [(f.location.line if f.location else 0, f.message) for f in found] == [
        (line_of(demo_copy / "iati.yaml", 'code: "15112"'),
         "The sectors' percentages add up to 90, not 100.")]
    assert api.export_iati(demo_copy, AS_OF).xml is None


def test_the_demo_publisher_file_has_no_finding():
    codes = {f.code for f in api.validate(DEMO).findings.items}
    assert not codes & {"CIC810", "CIC811", "CIC812"}


def test_a_file_that_fails_its_own_check_is_not_written(demo_copy: Path, tmp_path: Path):
    edit(demo_copy / "iati.yaml", 'code: "16010"', 'code: "16099"')  # not a DAC 5-digit code
    out = tmp_path / "out.xml"
    result = CliRunner().invoke(app, ["iati", "--as-of", "2019", str(demo_copy), "-o", str(out)])
    assert result.exit_code == 1 and not out.exists()
    assert "CIC802" in result.stdout and "16099" in result.stdout


def test_an_unreadable_logframe_is_a_data_error(demo_copy: Path):
    (demo_copy / "logframe.yaml").write_text("outcome: [\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["iati", str(demo_copy)])
    assert result.exit_code == 1 and "Could not read " in result.stderr and "logframe.yaml:2" in result.stderr


def test_refusal_in_dutch(tmp_path: Path):
    out = tmp_path / "x.xml"
    result = CliRunner().invoke(app, ["iati", str(DATA), "--lang", "nl", "-o", str(out)])
    assert result.exit_code == 1 and list(tmp_path.iterdir()) == []
    assert "activity_id staat nog op TODO in het IATI-publicatiebestand." in result.stdout


def test_rev_exports_the_programme_as_it_was_at_a_tag(tmp_path: Path):
    """`cic iati --rev TAG` exports the tagged data, whatever the working tree holds now: the
    demo committed and tagged, then its activity identifier put back to TODO in the working tree.
    The export at the tag is the golden file; without --rev the export is refused (CIC810)."""
    import subprocess

    repo = tmp_path / "repo"
    shutil.copytree(DEMO, repo / "data")

    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.invalid",
                        *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "demo (FICTIONAL)")
    git("tag", "soumis")
    publisher = repo / "data" / "iati.yaml"
    publisher.write_text(publisher.read_text(encoding="utf-8").replace(
        "activity_id: CIC-MAROC-2017-2021-FICTIF", "activity_id: TODO"), encoding="utf-8")
    out = tmp_path / "at-tag.xml"
    data, day = str(repo / "data"), AS_OF.isoformat()
    at_tag = CliRunner().invoke(app, ["iati", data, "--as-of", day, "--rev", "soumis", "-o", str(out), "-q"])
    assert at_tag.exit_code == 0, at_tag.output
    assert out.read_bytes() == GOLDEN.read_bytes()
    now = CliRunner().invoke(app, ["iati", data, "--as-of", day, "--format", "json"])
    assert now.exit_code == 1
    assert '"CIC810"' in now.stdout
    assert "TODO" in publisher.read_text(encoding="utf-8")  # the working tree is untouched


OPTIONAL = """defaults:
  collaboration_type: "1"
  flow_type: "10"
  finance_type: "110"
  aid_type: C01
  tied_status: "5"
humanitarian: false
donor_activity_id: XM-DAC-2-10-FICTIF-3005123
incoming_funds:
  - {date: 2017-03-15, amount: 350000.00}
  - {date: 2020-03-15, amount: 400000.00}
"""


def test_optional_publisher_fields_are_published_only_when_given(demo_copy: Path):
    """The defaults, the humanitarian flag and the incoming funds from the donor's activity: the
    document gives none of them, so the export writes each only when data/iati.yaml states it
    (FICTIONAL values here), and never invents one."""
    plain = export(demo_copy)
    tags = {e.tag for e in plain.find("iati-activity")}
    assert not tags & {"collaboration-type", "default-flow-type", "default-finance-type", "default-aid-type",
                       "default-tied-status"}
    assert plain.find("iati-activity").get("humanitarian") is None
    assert not [t for t in plain.iter("transaction") if t.find("transaction-type").get("code") == "12"]
    publisher = demo_copy / "iati.yaml"
    publisher.write_text(publisher.read_text(encoding="utf-8").replace("fictional: true\n",
                                                                       OPTIONAL + "fictional: true\n"),
                         encoding="utf-8")
    activity = export(demo_copy).find("iati-activity")  # checked whole before it is returned
    assert activity.get("humanitarian") == "0"
    codes = {tag: activity.find(tag).get("code") for tag in (
        "collaboration-type", "default-flow-type", "default-finance-type", "default-aid-type",
        "default-tied-status")}
    assert codes == {"collaboration-type": "1", "default-flow-type": "10", "default-finance-type": "110",
                     "default-aid-type": "C01", "default-tied-status": "5"}
    incoming = [t for t in activity.iter("transaction") if t.find("transaction-type").get("code") == "12"]
    assert len(incoming) == 1  # the 2020 one had not been received by the end of 2019
    [fund] = incoming
    assert fund.find("transaction-date").get("iso-date") == "2017-03-15"
    assert fund.find("value").text == "350000.00"
    provider = fund.find("provider-org")
    assert (provider.get("ref"), provider.get("provider-activity-id")) == ("XM-DAC-2-10",
                                                                           "XM-DAC-2-10-FICTIF-3005123")
    assert fund.find("receiver-org").get("receiver-activity-id") == activity.findtext("iati-identifier")


def test_a_default_not_on_its_codelist_stops_the_export(demo_copy: Path):
    publisher = demo_copy / "iati.yaml"
    publisher.write_text(publisher.read_text(encoding="utf-8").replace(
        "fictional: true\n", 'defaults: {flow_type: "99"}\nfictional: true\n'), encoding="utf-8")
    result = api.export_iati(demo_copy, AS_OF)
    assert result.xml is None
    assert [(f.code, "default-flow-type" in f.message) for f in result.failing()] == [("CIC802", True)]


# -- data with errors is never published (issue 23) ------------------------------------------------


def test_data_with_an_error_is_never_published(tmp_path: Path):
    """The demo as it is keeps its document's errors unwaived: `cic iati` prints them, writes
    nothing and exits 1, even with a complete publisher file; acknowledged, the same data publishes."""
    out = tmp_path / "out" / "demo.xml"
    out.parent.mkdir()
    plain = REPO / "examples" / "demo" / "data"
    result = CliRunner().invoke(app, ["iati", "--as-of", "2019", str(plain), "-o", str(out)])
    assert result.exit_code == 1, result.output
    assert list(out.parent.iterdir()) == []
    assert "CIC201" in result.stdout and "CIC401" in result.stdout and "Nothing was written" in result.stderr
    refused = api.export_iati(plain, AS_OF)
    assert refused.xml is None and {f.severity.value for f in refused.findings} == {"error"}
    assert api.export_iati(DEMO, AS_OF).xml is not None  # the same data, its errors acknowledged


def test_an_error_of_the_data_is_said_with_the_publisher_file_s_todos(demo_copy: Path):
    edit(demo_copy / "programme.yaml", "{id: year3, year: 2019,", "{id: year3, year: 2025,")
    edit(demo_copy / "iati.yaml", "ref: BE-BCE_KBO-0000000196", "ref: TODO")
    codes = [f.code for f in api.export_iati(demo_copy, AS_OF).findings]
    assert "CIC020" in codes and "CIC810" in codes


@pytest.mark.parametrize(("lang", "named", "national"), [
    ("fr", "'10' (Gouvernement), ou '11' (Local Government), ou '15' (Autre secteur public)",
     "'22' (ONG nationale)"),
    ("nl", "'10' (Government), of '11' (Local Government), of '15' (Other Public Sector)",
     "'22' (National NGO)"),
])
def test_an_organisation_type_not_on_the_codelist_is_told_the_codes_with_their_names(demo_copy: Path,
                                                                                   lang: str, named: str,
                                                                                   national: str):
    # the names come from the vendored OrganisationType codelist: French where it gives French, else its
    # own English (it has no Dutch); never the bare codes '10', '11', '15'
    edit(demo_copy / "iati.yaml", 'type: "10"', 'type: "99"')
    result = CliRunner().invoke(app, ["validate", str(demo_copy), "--lang", lang, "--select", "CIC012"])
    assert result.exit_code == 1 and named in result.stdout, result.stdout
    assert national in result.stdout and "'TODO', " in result.stdout  # TODO is no code: as it is
