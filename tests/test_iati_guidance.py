"""Layer 4 of `cic iati --check`: what the IATI guidance asks, each case caught on the FICTIONAL fixture.

Each mutation breaks one guidance check (overlapping budgets, a budget's value date outside its
period, spending before the actual start, a status that contradicts the actual dates); the finding
must be CIC804, a warning, on the node it is about, name the guidance it comes from and send the
reader to its page; and the other layers must not report it (they do not check it).
"""

from __future__ import annotations

import pytest
from tests.iati_fixture import TEXT, check_text, describe, line_in, mutated

from cicmaroc.findings import Severity
from cicmaroc.i18n.translator import translator

BUDGET_2018 = ('    <budget type="1" status="2">\n      <period-start iso-date="2018-01-01"/>\n'
               '      <period-end iso-date="2018-12-31"/>\n'
               '      <value value-date="2018-01-01">2000.50</value>\n    </budget>\n')
BUDGETS = "https://iatistandard.org/en/guidance/standard-guidance/activity-budgets/"
DATES = "https://iatistandard.org/en/iati-standard/203/activity-standard/overview/dates/"
STATUS = "https://iatistandard.org/en/iati-standard/203/codelists/activitystatus/"

# name -> (edits, the line of the finding (anchor, offset), a piece of its sentence, the guidance page)
CASES = {
    "overlapping budgets of one type": (
        [(BUDGET_2018, BUDGET_2018.replace('"2018-01-01"/>', '"2018-07-01"/>', 1)
          .replace('"2018-12-31"', '"2019-06-30"')
          .replace('value-date="2018-01-01"', 'value-date="2018-07-01"') + BUDGET_2018)],
        '<period-start iso-date="2018-07-01"/>', -1,
        "IATI guidance, Activity budgets: the budget of type 1 (Original) for 2018-07-01 to 2019-06-30 "
        "overlaps the one for 2018-01-01 to 2018-12-31", BUDGETS),
    "a budget's value date outside its period": (
        [('<value value-date="2018-01-01">2000.50</value>',
          '<value value-date="2017-12-15">2000.50</value>')],
        'value-date="2017-12-15"', 0,
        "the budget's value date 2017-12-15 is outside its period, 2018-01-01 to 2018-12-31", DATES),
    "spending before the actual start": (
        [('<activity-date type="2" iso-date="2017-01-01"/>',
          '<activity-date type="2" iso-date="2018-01-01"/>')],
        '<transaction-date iso-date="2017-12-31"/>', 0,
        "this spending is dated 2017-12-31, before the activity's actual start, 2018-01-01", DATES),
    "an ended activity being implemented": (
        [('<activity-date type="3" iso-date="2021-12-31"/>',
          '<activity-date type="3" iso-date="2019-06-30"/>\n'
          '    <activity-date type="4" iso-date="2019-06-30"/>')],
        '<activity-status code="2"/>', 0,
        "the activity has ended (actual end date 2019-06-30) but its status is 2 (Implementation),", STATUS),
    "a started activity in its pipeline": (
        [('<activity-status code="2"/>', '<activity-status code="1"/>')],
        '<activity-status code="1"/>', 0,
        "the activity has started (actual start date 2017-01-01) but its status is 1", STATUS),
}


def test_the_fixture_follows_the_guidance():
    assert [f for f in check_text(TEXT).findings if f.code == "CIC804"] == []


@pytest.mark.parametrize("name", list(CASES))
def test_guidance_case_is_caught_on_its_node_with_its_reference(name: str):
    edits, anchor, offset, says, page = CASES[name]
    text = mutated(*edits)
    found = check_text(text).findings
    guided = [f for f in found if f.code == "CIC804"]
    assert len(guided) == 1, describe(found)
    [finding] = guided
    assert finding.severity is Severity.WARNING
    assert finding.location is not None, describe(found)
    assert finding.location.line == line_in(text, anchor, offset), describe(found)
    assert says in finding.message, finding.message
    assert finding.message.startswith("IATI guidance, ")
    assert translator("en").hint(finding) == f"Guidance: {page}"
    # French and Dutch say where it comes from too
    assert translator("fr").message(finding).startswith("Guide IATI, ")
    assert translator("nl").message(finding).startswith("IATI-richtlijn, ")


@pytest.mark.parametrize(("lang", "status", "budget"), [
    ("fr", "2 (Actif)", "1 (Original)"),
    ("nl", "2 (Implementation)", "1 (Original)"),
])
def test_a_code_is_said_with_its_name_in_the_codelist(lang: str, status: str, budget: str):
    """The status and the budget type are named from the vendored codelists (French where the list
    gives it, else its English: it has no Dutch), never bare codes."""
    for name, code in (("an ended activity being implemented", status),
                       ("overlapping budgets of one type", budget)):
        [finding] = [f for f in check_text(mutated(*CASES[name][0])).findings if f.code == "CIC804"]
        assert f" {code}" in translator(lang).message(finding), translator(lang).message(finding)


def test_an_original_and_its_revision_for_one_period_do_not_overlap():
    revised = BUDGET_2018.replace('<budget type="1"', '<budget type="2"')
    found = check_text(mutated((BUDGET_2018, BUDGET_2018 + revised))).findings
    assert [f for f in found if f.code == "CIC804"] == [], describe(found)


def test_commitments_before_the_start_are_not_spending():
    text = mutated(('<transaction-type code="4"/>\n      <transaction-date iso-date="2017-12-31"/>',
                    '<transaction-type code="2"/>\n      <transaction-date iso-date="2016-06-30"/>'))
    assert [f for f in check_text(text).findings if f.code == "CIC804"] == []
