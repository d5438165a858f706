"""Every rule: a failing case (code and location asserted) and a passing case.

Failing cases edit a copy of the real data; the passing case is the real data itself (for rules
it does not trigger) or the same copy without the edit.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import DATA, line_of, replace_in

from cicmaroc.api import validate
from cicmaroc.config import Config
from cicmaroc.rules.registry import BY_CODE, CODES


def run(data: Path, config: Config | None = None):
    findings = validate(data, config=config or Config()).findings
    return findings.items


def codes_at(findings, code):
    return [(Path(f.location.file).name, f.location.line) for f in findings if f.code == code]


@pytest.fixture(scope="module")
def real():
    return run(DATA)


# Rules the real document triggers (the inconsistencies it contains) ---------------------------

def test_real_data_reports_the_documents_own_inconsistencies(real):
    found = {f.code for f in real}
    assert found == {"CIC106", "CIC201", "CIC302", "CIC304", "CIC401", "CIC402", "CIC406", "CIC501",
                     "CIC502", "CIC602", "CIC603", "CIC604", "CIC605",
                     "CIC810"}  # not the document's: the IATI values it does not give, TODO in data/iati.yaml


def test_partner_budgets_against_t3_line(real):
    [f] = [f for f in real if f.code == "CIC201"]
    assert "1,697,293.05" in f.message and "1,632,012.58" in f.message and "65,280.47" in f.message
    assert f.location.line == line_of(DATA / "budget.yaml", "total:          {2017: 314680.21")
    assert len(f.related) == 10  # every partner's budget_os1


def test_one_cent_rounding_rows_are_warnings(real):
    rounding = [f for f in real if f.code == "CIC106"]
    assert len(rounding) == 6 and all(f.severity.value == "warning" for f in rounding)
    assert all("0.01" in f.message for f in rounding)


# budget arithmetic ------------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "code"), [
    ("2019: 131050.33, 2020: 131072.04, 2021: 132083.96, grand_total: 644971.41}",
     "2019: 131050.33, 2020: 131072.04, 2021: 132083.96, grand_total: 644000.00}", "CIC101"),
])
def test_row_total(data_copy, old, new, code):
    replace_in(data_copy / "budget.yaml", old, new)
    findings = run(data_copy)
    assert ("budget.yaml", line_of(data_copy / "budget.yaml", "644000.00")) in codes_at(findings, code)


def test_line_total_and_grand_total(data_copy):
    path = data_copy / "budget.yaml"
    # a line total that disagrees with its natures, for one year
    replace_in(path, "total:          {2017: 71588.77", "total:          {2017: 71000.00")
    findings = run(data_copy)
    assert ("budget.yaml", line_of(path, "{2017: 71000.00")) in codes_at(findings, "CIC102")
    assert ("budget.yaml", line_of(path, "{2017: 386268.98")) in codes_at(findings, "CIC103")


def test_total_co_nature_against_lines_and_association_split(data_copy):
    path = data_copy / "budget.yaml"
    text = path.read_text(encoding="utf-8")
    total_co_row = "fonctionnement: {2017: 223701.67"
    first = text.index(total_co_row)  # the Total CO row; the AVCB row comes after it
    path.write_text(text[:first] + "fonctionnement: {2017: 223000.00" + text[first + len(total_co_row):],
                    encoding="utf-8")
    findings = run(data_copy)
    line = line_of(path, "{2017: 223000.00")
    assert ("budget.yaml", line) in codes_at(findings, "CIC103")
    assert ("budget.yaml", line) in codes_at(findings, "CIC104")


def test_country_total_stated_twice(data_copy):
    replace_in(data_copy / "country.yaml", "total_operational_cost: 2030531.24",
               "total_operational_cost: 2030000.00")
    findings = run(data_copy)
    [where] = codes_at(findings, "CIC105")
    assert where == ("country.yaml", line_of(data_copy / "country.yaml", "total_operational_cost:"))


def test_rounding_tolerance_is_configurable(data_copy):
    strict = run(data_copy, Config(rounding_tolerance=__import__("decimal").Decimal("0")))
    assert not codes_at(strict, "CIC106") and len(codes_at(strict, "CIC101")) == 6


def test_table_shape(data_copy):
    replace_in(data_copy / "budget.yaml", "2021: 47103.80, grand_total: 223438.19}",
               "grand_total: 223438.19}")
    assert codes_at(run(data_copy), "CIC107")


def amount_lines(path: Path):
    """(line number, amount text) for every amount written in budget.yaml."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        for m in re.finditer(r"(?<![\d.])(\d+\.\d\d)(?![\d.])", line):
            yield number, m.group(1)


@pytest.mark.parametrize(("line", "amount"), list(amount_lines(DATA / "budget.yaml")))
def test_any_stated_amount_changed_by_one_cent_is_found_on_its_line(tmp_path, line, amount):
    import shutil
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    path = data / "budget.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = f"{__import__('decimal').Decimal(amount) + __import__('decimal').Decimal('0.01')}"
    lines[line - 1] = re.sub(rf"(?<![\d.]){re.escape(amount)}(?![\d.])", changed, lines[line - 1], count=1)
    path.write_text("".join(lines), encoding="utf-8")
    findings = run(data)
    places = {(Path(loc.file).name, loc.line) for f in findings
              for loc in (f.location, *f.related) if loc is not None}
    assert ("budget.yaml", line) in places


# partners against budget and country sheet -------------------------------------------------------

def test_partner_budget_fixed_passes(data_copy):
    # give the two missing 65,280.47 EUR to Evere: the sum then matches line 1
    replace_in(data_copy / "partners" / "evere.yaml", "budget_os1: 150145.16", "budget_os1: 215425.63")
    assert not codes_at(run(data_copy), "CIC201")


def test_beneficiary_communes(data_copy):
    replace_in(data_copy / "country.yaml", "communes: 12", "communes: 13")
    assert codes_at(run(data_copy), "CIC203") == [
        ("country.yaml", line_of(data_copy / "country.yaml", "communes: 13"))]


def test_map_legend_names_a_missing_commune(data_copy):
    replace_in(data_copy / "country.yaml", "{local: Gourrama, belgian: La Hulpe}",
               "{local: Errachidia, belgian: La Hulpe}")
    findings = codes_at(run(data_copy), "CIC202")
    assert ("country.yaml", line_of(data_copy / "country.yaml", "Errachidia")) in findings
    assert ("la-hulpe.yaml", line_of(data_copy / "partners" / "la-hulpe.yaml", "name: Commune de Gourrama")) \
        in findings


# references ------------------------------------------------------------------------------------

def test_duplicate_commune_id(data_copy):
    """Twice in one partner file is a duplicate; in two partner files, one commune partnered twice,
    whose details must then agree (CIC606)."""
    replace_in(data_copy / "partners" / "auderghem.yaml", "id: ait-zineb", "id: amerzgane")
    assert ("auderghem.yaml", line_of(data_copy / "partners" / "auderghem.yaml", "name: Commune rurale d")) \
        not in codes_at(run(data_copy), "CIC301")
    assert [place for place in codes_at(run(data_copy), "CIC301") if place[0] == "auderghem.yaml"]


def test_a_commune_with_two_belgian_partners_is_one_commune(data_copy):
    """A local commune in two partner files: counted once, one reporter, its details given once."""
    evere = data_copy / "partners" / "evere.yaml"
    replace_in(evere, "local_communes:\n", "local_communes:\n  - {id: belfaa}\n")
    result = run(data_copy)
    assert not codes_at(result, "CIC301") and not codes_at(result, "CIC606")
    assert not codes_at(result, "CIC203")  # still 12 communes, as the OS 1 sheet says
    from cicmaroc.api import validate
    programme = validate(data_copy).programme
    [belfaa] = [c for c in programme.communes() if c.id == "belfaa"]
    assert [p.model.id for p in belfaa.partners] == ["evere", "jette"] and belfaa.name == "Commune de Belfaa"
    replace_in(evere, "  - {id: belfaa}\n",
               "  - {id: belfaa, name: Belfa, address: x, local_partner_name: Belfaa}\n")
    assert ("jette.yaml", line_of(data_copy / "partners" / "jette.yaml", "name: Commune de Belfaa")) in \
        codes_at(run(data_copy), "CIC606")


def test_duplicate_activity_text_is_the_documents(real):
    [f] = [f for f in real if f.code == "CIC302"]
    assert "A.2.5 and A.2.6" in f.message


def test_unknown_measure(data_copy):
    replace_in(data_copy / "logframe.yaml", "values: {projets: 6}", "values: {projet: 6}")
    assert ("logframe.yaml", line_of(data_copy / "logframe.yaml", "{projet: 6}")) in \
        codes_at(run(data_copy), "CIC303")


def test_numbering_flags_a5_63_only(real):
    assert [f.message for f in real if f.code == "CIC304"] == [
        "Under R5, the activity A.5.63 stands where A.5.6 is expected."]


def test_file_name(data_copy):
    (data_copy / "partners" / "jette.yaml").rename(data_copy / "partners" / "jete.yaml")
    assert codes_at(run(data_copy), "CIC305") == [("jete.yaml", 2)]


# indicators ------------------------------------------------------------------------------------

def test_target_above_commune_count(real):
    [f] = [f for f in real if f.code == "CIC401"]
    assert f.message.startswith("IOV 4.3") and "13 communes" in f.message


def test_percent_mismatch_and_rounding(real):
    [mismatch] = [f for f in real if f.code == "CIC402"]
    assert mismatch.message.startswith("IOV 1:") and "77" in mismatch.message and "75.00" in mismatch.message
    [rounding] = [f for f in real if f.code == "CIC406"]
    assert rounding.message.startswith("IOV 2.2") and "66.67" in rounding.message


def test_cumulative_decrease(data_copy):
    replace_in(data_copy / "logframe.yaml", "values: {projets: 12}", "values: {projets: 4}")
    assert ("logframe.yaml", line_of(data_copy / "logframe.yaml", "{projets: 4}")) in \
        codes_at(run(data_copy), "CIC403")


def test_baseline_past_target(data_copy):
    replace_in(data_copy / "logframe.yaml", "values: {projets: 0}", "values: {projets: 20}")
    assert ("logframe.yaml", line_of(data_copy / "logframe.yaml", "{projets: 20}")) in \
        codes_at(run(data_copy), "CIC404")


def test_deadline_outside_programme(data_copy):
    replace_in(data_copy / "logframe.yaml", "deadline: 2018", "deadline: 2022")
    assert codes_at(run(data_copy), "CIC405") == [
        ("logframe.yaml", line_of(data_copy / "logframe.yaml", "deadline: 2022"))]


# risks -----------------------------------------------------------------------------------------

def test_risk_scale_and_matrix(real):
    assert len([f for f in real if f.code == "CIC501"]) == 2  # "Bas", twice
    monotone = [f for f in real if f.code == "CIC502"]
    assert {f.location.line for f in monotone} == {25, 130, 154, 196}


def test_same_cell_same_level(data_copy):
    path = data_copy / "risks.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    assert lines[39].strip() == "level: Moyen"  # conflits-politiques-internes, Possible × Petit
    lines[39] = lines[39].replace("Moyen", "Haut")
    path.write_text("".join(lines), encoding="utf-8")
    findings = [f for f in run(data_copy) if f.code == "CIC503"]
    # the first risk of a cell is the reference: the other Possible × Petit risks disagree with it
    assert {f.location.line for f in findings} == {58, 96, 113}
    assert all(f.related[0].line == 40 for f in findings)


# partner sheets ----------------------------------------------------------------------------------

def test_email_format(data_copy):
    replace_in(data_copy / "partners" / "auderghem.yaml", "sbenallel@auderghem.irisnet.be",
               "sbenallel@auderghem irisnet.be")
    assert codes_at(run(data_copy), "CIC601") == [("auderghem.yaml", 11)]


def test_phone_format_flags_only_the_13_digit_number(real):
    [f] = [f for f in real if f.code == "CIC602"]
    assert "212 6 67 97 72 001" in f.message


def test_partnership_start(data_copy, real):
    assert [f.severity.value for f in real if f.code == "CIC603"] == ["info", "info"]
    replace_in(data_copy / "partners" / "auderghem.yaml", "2007-11-29", "2107-11-29")
    assert ("auderghem.yaml", line_of(data_copy / "partners" / "auderghem.yaml", "2107-11-29")) in \
        codes_at(run(data_copy), "CIC603")


def test_outcome_text_names_the_difference(real):
    texts = [f for f in real if f.code == "CIC604"]
    assert len(texts) == 10
    assert all("'2' where the other says '1'" in f.message for f in texts)
    assert all(Path(f.related[0].file).name == "logframe.yaml" for f in texts)


def test_commune_name(real):
    [f] = [f for f in real if f.code == "CIC605"]
    assert "Beni Mathar" in f.message and "Bni Mathar" in f.message


# engine ----------------------------------------------------------------------------------------

def test_every_code_is_documented_under_the_four_headings():
    for code in CODES:
        for heading in (code.what, code.why, code.example, code.waive):
            assert heading.strip() and heading.strip()[-1] in ".)`\"", (code.code, heading)
        assert code.messages, code.code  # and every finding is built from one of them


def test_a_crashing_rule_becomes_a_finding(monkeypatch):
    from cicmaroc.rules import budget

    def boom(programme, config):
        raise ZeroDivisionError("division by zero")

    from cicmaroc.rules import Check, registry

    monkeypatch.setattr(registry, "CHECKS", tuple(Check(c.codes, boom) if c.run is budget.row_totals else c
                                                  for c in registry.CHECKS))
    findings = run(DATA)
    [crash] = [f for f in findings if f.code == "CIC000"]
    assert "CIC101" in crash.message and "ZeroDivisionError" in crash.message
    assert codes_at(findings, "CIC201")  # the other rules still ran


def test_select_and_ignore_by_longest_prefix():
    config = Config(select=("CIC",), ignore=("CIC6",)).with_codes(None, None, BY_CODE)
    assert not config.enabled("CIC604") and config.enabled("CIC201")
    config = Config(select=("CIC602",), ignore=("CIC6",))
    assert config.enabled("CIC602") and not config.enabled("CIC604")
    findings = run(DATA, Config(ignore=("CIC6", "CIC5")))
    assert not {f.code[:4] for f in findings} & {"CIC6", "CIC5"}


def test_an_unreadable_partner_file_raises_no_false_alarms_elsewhere(data_copy):
    (data_copy / "partners" / "evere.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    codes = {f.code for f in run(data_copy)}
    assert "CIC003" in codes
    assert not codes & {"CIC201", "CIC202", "CIC203"}  # sums and counts over partners stay silent
