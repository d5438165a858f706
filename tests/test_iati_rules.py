"""Every rule of standard.json that applies to activity files, each caught on a mutated file.

MUTATIONS holds, for each rule case (by `RuleCase.key`), the edits that break it in the
FICTIONAL fixture and where the finding must point (the first line holding `anchor`, plus an
offset). A test keeps MUTATIONS and the rule set's activity cases equal, so a rule added to a
future standard.json fails here until it has its mutation.
"""

from __future__ import annotations

import pytest
from tests.iati_fixture import TEXT, check_text, describe, line_in, mutated

from cicmaroc.findings import Severity
from cicmaroc.iati import ruleset
from cicmaroc.iati.standard import ruleset as standard_ruleset

SECTORS = ('    <sector vocabulary="1" code="15112" percentage="60"/>\n'
           '    <sector vocabulary="1" code="16010" percentage="40"/>\n')
TAG = '    <tag vocabulary="2" code="16"/>\n'
COUNTRY = '    <recipient-country code="MA"/>\n'
STATUS = '    <activity-status code="2"/>\n'
AID_TYPE = '    <default-aid-type vocabulary="1" code="C01"/>\n'
TX_AID_TYPE = '      <aid-type vocabulary="1" code="C01"/>\n'
IDENTIFIER = "<iati-identifier>XI-IATI-EXAMPLE-CIC-FICTIONAL-1</iati-identifier>"
REPORTING = '<reporting-org ref="XI-IATI-EXAMPLE" type="22">'
FUNDER = '<participating-org ref="XM-EXAMPLE-FUNDER" role="1" type="10">'
TX_PROVIDER = '<provider-org ref="XI-IATI-EXAMPLE" provider-activity-id="XI-IATI-EXAMPLE-CIC-FICTIONAL-1">'
TX_RECEIVER = '<receiver-org receiver-activity-id="XI-IATI-EXAMPLE-CIC-FICTIONAL-1">'
ACTIVITY = "<iati-activity "


def before(anchor: str, added: str) -> tuple[str, str]:
    """An edit that inserts `added` (whole lines) just before the line `anchor` starts."""
    return anchor, added + anchor


def budget_items(*items: str) -> tuple[str, str]:
    lines = "".join(f'      <budget-item code="{code}"{pct}/>\n' for code, pct in (
        i.split("|") for i in items))
    return before('    <policy-marker vocabulary="1" code="3"',
                  f'    <country-budget-items vocabulary="2">\n{lines}    </country-budget-items>\n')


def owner_org(element: str) -> tuple[str, str]:
    return before(STATUS, f'    <other-identifier ref="OLD-1" type="A3">\n      {element}\n'
                          "    </other-identifier>\n")


# key -> (edits, anchor, line offset from the anchor's line)
MUTATIONS: dict[str, tuple[list[tuple[str, str]], str, int]] = {
    # identifiers
    "1.1.3 unique on iati-activity": (
        [(IDENTIFIER, "<iati-identifier>XI-IATI-EXAMPLE</iati-identifier>")], "<iati-identifier>", 0),
    "1.1.21 startswith on iati-activity": (
        [(IDENTIFIER, "<iati-identifier>XX-FICTIONAL-1</iati-identifier>")], "<iati-identifier>", 0),
    "1.14.8 startswith on iati-activity": (
        [(IDENTIFIER + "\n    " + REPORTING, "<iati-identifier>ZZ-NOWHERE-1-CIC</iati-identifier>\n"
          '    <reporting-org ref="ZZ-NOWHERE-1" type="22">')], "<reporting-org", 0),
    "1.3.13 regex_matches on iati-activity": (
        [(IDENTIFIER, "<iati-identifier>XI-IATI-EXAMPLE-CIC/FICTIONAL-1</iati-identifier>")],
        "<iati-identifier>", 0),
    "1.14.13 regex_matches on iati-activity": (
        [(IDENTIFIER + "\n    " + REPORTING, "<iati-identifier>XI-IATI-EXAMPLE?-1</iati-identifier>\n"
          '    <reporting-org ref="XI-IATI-EXAMPLE?" type="22">')], "<reporting-org", 0),
    "1.3.1 no_spaces on iati-activity": (
        [(IDENTIFIER, "<iati-identifier>XI-IATI-EXAMPLE-CIC-FICTIONAL-1 </iati-identifier>")],
        "<iati-identifier>", 0),
    "1.14.1 no_spaces on iati-activity": (
        [(REPORTING, '<reporting-org ref="XI-IATI-EXAMPLE " type="22">')], "<reporting-org", 0),
    "1.16.1 no_spaces on iati-activity": (
        [before(STATUS, '    <other-identifier ref=" XI-IATI-OLD" type="B1"/>\n')], "<other-identifier", 0),
    "1.6.1 no_spaces on iati-activity": (
        [before(STATUS, '    <other-identifier ref="OLD-1 " type="A3"/>\n')], "<other-identifier", 0),
    "1.7.1 no_spaces on iati-activity": (
        [('ref="XI-IATI-EXAMPLE-CIC-FICTIONAL-2"', 'ref="XI-IATI-EXAMPLE-CIC-FICTIONAL-2 "')],
        "<related-activity", 0),
    # dates and language, currency, sector presence
    "6.11.1 atleast_one on iati-activity": (
        [('    <activity-date type="1" iso-date="2017-01-01"/>\n'
          '    <activity-date type="2" iso-date="2017-01-01"/>\n', "")], ACTIVITY, 0),
    "6.2.2 atleast_one on iati-activity": ([(SECTORS, "")], ACTIVITY, 0),
    "4.1.1 one_or_all on iati-activity": (
        [(' xml:lang="fr" default-currency', " default-currency")],
        "<narrative>Association fictive des villes jumelées</narrative>", 0),
    "6.7.2 one_or_all on iati-activity": (
        [(SECTORS, ""), ("</receiver-org>\n    </transaction>",
                         '</receiver-org>\n      <sector vocabulary="1" code="15112"/>\n    </transaction>')],
        "    <transaction>\n", 0),
    "7.8.1 one_or_all on iati-activity": (
        [(' default-currency="EUR"', "")], '<value value-date="2017-01-01">1000.00</value>', 0),
    "11.1.1 date_now on iati-activity": (
        [('<iati-activity last-updated-datetime="2019-12-15T10:00:00Z"',
          '<iati-activity last-updated-datetime="2020-01-05T10:00:00Z"')], ACTIVITY, 0),
    "11.1.2 date_order on iati-activity": (
        [('<activity-date type="3" iso-date="2021-12-31"/>',
          '<activity-date type="3" iso-date="2016-06-30"/>')],
        '<activity-date type="1"', 0),
    "11.1.3 date_order on iati-activity": (
        [before("    <contact-info", '    <activity-date type="4" iso-date="2016-06-30"/>\n')],
        '<activity-date type="2"', 0),
    "11.1.4 date_order on iati-activity": (
        [('<activity-date type="2" iso-date="2017-01-01"/>',
          '<activity-date type="2" iso-date="2020-01-01"/>')],
        '<activity-date type="2"', 0),
    "11.1.5 date_order on iati-activity": (
        [before("    <contact-info", '    <activity-date type="4" iso-date="2020-06-30"/>\n')],
        '<activity-date type="4"', 0),
    "11.2.1 date_order on iati-activity": (
        [('<transaction-date iso-date="2018-12-31"/>', '<transaction-date iso-date="2020-02-01"/>')],
        '<transaction-date iso-date="2020-02-01"/>', 0),
    "11.2.2 date_order on iati-activity": (
        [('<value value-date="2018-12-31">1500</value>', '<value value-date="2020-02-01">1500</value>')],
        '<value value-date="2020-02-01">', 0),
    # sectors, countries, regions, budget items, aid types (loops: vocabularies other than 1)
    "2.1.2 strict_sum in a loop on iati-activity": (
        [before(TAG, '    <sector vocabulary="2" code="151" percentage="50"/>\n'
                     '    <sector vocabulary="2" code="160" percentage="40"/>\n')],
        '<sector vocabulary="2" code="151"', 0),
    "2.1.1 if_then in a loop on iati-activity": (
        [before(TAG, '    <sector vocabulary="2" code="151" percentage="100"/>\n'
                     '    <sector vocabulary="2" code="160"/>\n')], '<sector vocabulary="2" code="151"', 0),
    "2.1.4 if_then in a loop on iati-activity": (
        [before(TAG, '    <sector vocabulary="2" code="151" percentage="50"/>\n')],
        '<sector vocabulary="2" code="151"', 0),
    "3.4.1 if_then in a loop on iati-activity": (
        [(COUNTRY, '    <recipient-region code="189" vocabulary="1" percentage="50"/>\n'
                   '    <recipient-region code="298" vocabulary="1"/>\n')],
        '<recipient-region code="189"', 0),
    "3.4.4 if_then in a loop on iati-activity": (
        [(COUNTRY, '    <recipient-region code="189" vocabulary="1" percentage="50"/>\n')],
        "<recipient-region", 0),
    "3.4.2 strict_sum in a loop on iati-activity": (
        [(COUNTRY, '    <recipient-country code="MA" percentage="60"/>\n'
                   '    <recipient-region code="189" vocabulary="1" percentage="30"/>\n')],
        "<recipient-region", 0),
    "7.9.2 strict_sum in a loop on iati-activity": (
        [budget_items('1.1.1| percentage="50"', '1.2.1| percentage="40"')], "<budget-item", 0),
    "7.9.1 atleast_one in a loop on iati-activity": ([budget_items("1.1.1|", "1.2.1|")], ACTIVITY, 0),
    "7.9.4 if_then in a loop on iati-activity": ([budget_items('1.1.1| percentage="50"')], "<budget-item", 0),
    "107.1.2 no_more_than_one in a loop on iati-activity": (
        [(AID_TYPE, AID_TYPE + '    <default-aid-type vocabulary="2" code="1"/>\n'
                               '    <default-aid-type vocabulary="2" code="2"/>\n')],
        '<default-aid-type vocabulary="2" code="2"', 0),
    "107.1.2 no_more_than_one on iati-activity": (
        [(AID_TYPE, AID_TYPE + '    <default-aid-type vocabulary="1" code="D02"/>\n')],
        '<default-aid-type vocabulary="1" code="D02"', 0),
    "2.1.2 strict_sum on iati-activity": (
        [('code="16010" percentage="40"', 'code="16010" percentage="30"')], 'code="15112"', 0),
    "3.1.2 strict_sum on iati-activity": (
        [(COUNTRY, '    <recipient-country code="MA" percentage="50"/>\n'
                   '    <recipient-country code="TN" percentage="40"/>\n')],
        '<recipient-country code="MA"', 0),
    "12.1.1 range on iati-activity #1": (
        [(COUNTRY, '    <recipient-country code="MA" percentage="150"/>\n')], "<recipient-country", 0),
    "12.1.1 range on iati-activity #2": (
        [(COUNTRY, COUNTRY + '    <recipient-region code="189" vocabulary="1" percentage="120"/>\n')],
        "<recipient-region", 0),
    "12.3.1 range on iati-activity": (
        [('code="15112" percentage="60"', 'code="15112" percentage="120"')], 'code="15112"', 0),
    "12.2.1 range on iati-activity #1": (
        [before("    <transaction ref=", '    <capital-spend percentage="150"/>\n')], "<capital-spend", 0),
    "12.2.1 range on iati-activity #2": ([budget_items('1.1.1| percentage="150"')], "<budget-item", 0),
    "2.2.1 if_then on iati-activity": (
        [before(TAG, '    <sector vocabulary="98" code="FICTIONAL-1"/>\n')], '<sector vocabulary="98"', 0),
    "102.1.1 if_then on iati-activity": (
        [(SECTORS, '    <sector vocabulary="2" code="151" percentage="60"/>\n'
                   '    <sector vocabulary="2" code="160" percentage="40"/>\n')],
        '<sector vocabulary="2"', 0),
    "2.1.1 if_then on iati-activity": (
        [('code="16010" percentage="40"', 'code="16010"')], 'code="15112"', 0),
    "2.1.4 if_then on iati-activity": (
        [('    <sector vocabulary="1" code="16010" percentage="40"/>\n', "")], 'code="15112"', 0),
    "107.1.1 if_then on iati-activity": (
        [(AID_TYPE, '    <default-aid-type vocabulary="2" code="1"/>\n')], "<default-aid-type", 0),
    "107.2.1 if_then on iati-activity": (
        [(TX_AID_TYPE, '      <aid-type vocabulary="2" code="1"/>\n')], "<aid-type", 0),
    "6.6.2 if_then on iati-activity": (
        [before(TX_AID_TYPE, '      <sector vocabulary="1" code="15112"/>\n')], 'code="15112"', 0),
    "3.6.2 if_then on iati-activity": (
        [before(TX_AID_TYPE, '      <recipient-country code="MA"/>\n')], "<recipient-country", 0),
    "3.7.1 if_then on iati-activity": ([(COUNTRY, "")], ACTIVITY, 0),
    "3.7.2 if_then on iati-activity": (
        [(COUNTRY, ""), before(TX_AID_TYPE, '      <recipient-country code="MA"/>\n')],
        "<transaction ref=", 0),
    "3.1.1 if_then on iati-activity": (
        [(COUNTRY, '    <recipient-country code="MA" percentage="100"/>\n'
                   '    <recipient-country code="TN"/>\n')], '<recipient-country code="MA"', 0),
    "3.1.4 if_then on iati-activity": (
        [(COUNTRY, '    <recipient-country code="MA" percentage="50"/>\n')], "<recipient-country", 0),
    "107.2.2 no_more_than_one on transaction": (
        [(TX_AID_TYPE, TX_AID_TYPE + '      <aid-type vocabulary="1" code="D02"/>\n')], 'code="D02"', 0),
    "107.2.2 no_more_than_one in a loop on transaction": (
        [(TX_AID_TYPE, TX_AID_TYPE + '      <aid-type vocabulary="2" code="1"/>\n'
                                     '      <aid-type vocabulary="2" code="2"/>\n')],
        '<aid-type vocabulary="2" code="2"', 0),
    # organisations
    "6.8.1 atleast_one on owner-org": ([owner_org("<owner-org/>")], "<owner-org", 0),
    "1.11.1 no_spaces on owner-org": ([owner_org('<owner-org ref=" XI-IATI-OLD"/>')], "<owner-org", 0),
    "1.11.13 regex_matches on owner-org": ([owner_org('<owner-org ref="XI-IATI/OLD"/>')], "<owner-org", 0),
    "6.9.1 atleast_one on provider-org": (
        [('<provider-org ref="XM-EXAMPLE-FUNDER" type="10">\n        <narrative>Bailleur fictif</narrative>\n'
          "      </provider-org>", '<provider-org type="10"/>')], '<provider-org type="10"/>', 0),
    "1.10.13 regex_matches on provider-org": (
        [(TX_PROVIDER, TX_PROVIDER.replace('ref="XI-IATI-EXAMPLE"', 'ref="XI-IATI|EXAMPLE"'))],
        '<provider-org ref="XI-IATI|EXAMPLE"', 0),
    "1.10.1 no_spaces on provider-org": (
        [(TX_PROVIDER, TX_PROVIDER.replace('ref="XI-IATI-EXAMPLE"', 'ref="XI-IATI-EXAMPLE "'))],
        '<provider-org ref="XI-IATI-EXAMPLE "', 0),
    "1.4.1 no_spaces on provider-org": (
        [(TX_PROVIDER, TX_PROVIDER.replace('FICTIONAL-1"', 'FICTIONAL-1 "'))], "<provider-org ref=\"XI", 0),
    "6.9.2 atleast_one on receiver-org": (
        [('<receiver-org ref="XI-IATI-EXAMPLE" type="22">\n        <narrative>Association fictive des villes '
          "jumelées</narrative>\n      </receiver-org>", '<receiver-org type="22"/>')],
        '<receiver-org type="22"/>', 0),
    "1.15.1 no_spaces on receiver-org": (
        [(TX_RECEIVER, TX_RECEIVER.replace("<receiver-org ", '<receiver-org ref=" XI-FICTIF" '))],
        '<receiver-org ref=" XI-FICTIF"', 0),
    "1.5.1 no_spaces on receiver-org": (
        [(TX_RECEIVER, TX_RECEIVER.replace('FICTIONAL-1"', 'FICTIONAL-1 "'))],
        "<receiver-org receiver-activity-id", 0),
    "1.15.13 regex_matches on receiver-org": (
        [(TX_RECEIVER, TX_RECEIVER.replace("<receiver-org ", '<receiver-org ref="XI-FICTIF?1" '))],
        '<receiver-org ref="XI-FICTIF?1"', 0),
    "6.14.1 atleast_one on policy-marker": (
        [('<policy-marker vocabulary="1" code="1" significance="1"/>',
          '<policy-marker vocabulary="1" code="1"/>')],
        '<policy-marker vocabulary="1" code="1"', 0),
    "6.13.1 atleast_one on policy-marker": (
        [before("    <collaboration-type", '    <policy-marker vocabulary="99" code="FICTIONAL-1"/>\n')],
        '<policy-marker vocabulary="99"', 0),
    "6.10.1 atleast_one on participating-org": (
        [('<participating-org role="4" type="11">\n'
          "      <narrative>Commune fictive d'Aït Fictif</narrative>\n    </participating-org>",
          '<participating-org role="4" type="11"/>')],
        '<participating-org role="4"', 0),
    "1.8.13 regex_matches on participating-org": (
        [(FUNDER, FUNDER.replace("XM-EXAMPLE-FUNDER", "XM-EXAMPLE/FUNDER"))], "<participating-org", 0),
    "1.8.1 no_spaces on participating-org": (
        [(FUNDER, FUNDER.replace("XM-EXAMPLE-FUNDER", "XM-EXAMPLE-FUNDER "))], "<participating-org", 0),
    "1.9.1 no_spaces on participating-org": (
        [(FUNDER, FUNDER.replace(' role="1"', ' role="1" activity-id=" XM-EXAMPLE-FUNDER-1"'))],
        "<participating-org", 0),
    # periods
    "8.6.3 date_order on planned-disbursement": (
        [('<period-end iso-date="2018-12-31"/>\n      <value currency="EUR"',
          '<period-end iso-date="2017-12-31"/>\n      <value currency="EUR"')],
        '<period-end iso-date="2017-12-31"/>\n      <value currency', -1),
    "8.6.3 date_order on budget": (
        [('<period-end iso-date="2017-12-31"/>\n      <value value-date="2017-01-01">',
          '<period-end iso-date="2016-12-31"/>\n      <value value-date="2017-01-01">')],
        '<period-end iso-date="2016-12-31"/>', -1),
    "7.5.3 time_limit on budget": (
        [('<period-end iso-date="2018-12-31"/>\n      <value value-date="2018-01-01">2000.50',
          '<period-end iso-date="2019-06-30"/>\n      <value value-date="2018-01-01">2000.50')],
        '<period-end iso-date="2019-06-30"/>', 0),
    "8.6.1 date_order on period": (
        [('<period-end iso-date="2019-12-31"/>', '<period-end iso-date="2016-12-31"/>')],
        '<period-end iso-date="2016-12-31"/>', -1),
    # results and indicators
    "8.11.1 no_more_than_one on indicator": (
        [("</narrative>\n      </title>\n      <indicator measure=\"1\"",
          "</narrative>\n      </title>\n      <reference vocabulary=\"99\" code=\"R1\"/>\n"
          "      <indicator measure=\"1\""),
         ("d'agents formés</narrative>\n        </title>",
          "d'agents formés</narrative>\n        </title>\n"
          "        <reference vocabulary=\"1\" code=\"I1\"/>")],
        '<reference vocabulary="99"', 0),
    "8.8.1 atleast_one on baseline": (
        [('<baseline year="2016" value="0"/>', '<baseline year="2016"/>')], '<baseline year="2016"/>', 0),
    "8.8.2 if_then on baseline": (
        [('<baseline year="2016" value="0"/>', '<baseline year="2016" value="zéro"/>')],
        'value="zéro"', 0),
    "8.8.3 if_then on baseline": (
        [('<baseline year="2016">', '<baseline year="2016" value="1">')],
        '<baseline year="2016" value="1">', 0),
    "8.9.1 atleast_one on target": ([('<target value="12"/>', "<target/>")], "<target/>", 0),
    "8.9.2 if_then on target": ([('<target value="12"/>', '<target value="douze"/>')], 'value="douze"', 0),
    "8.9.3 if_then on target": ([("<target>", '<target value="1">')], '<target value="1">', 0),
    "8.10.1 atleast_one on actual": ([('<actual value="10"/>', "<actual/>")], "<actual/>", 0),
    "8.10.2 if_then on actual": ([('<actual value="10"/>', '<actual value="dix"/>')], 'value="dix"', 0),
    "8.10.3 if_then on actual": ([("<actual>", '<actual value="1">')], '<actual value="1">', 0),
    "4.3.1 atleast_one on title": (
        [("<narrative>Proposition fictive</narrative>", "<narrative/>")], "<narrative/>", -1),
    "4.4.1 atleast_one on description": (
        [("<narrative>Dépenses fictives de 2017</narrative>", "<narrative></narrative>")],
        "<narrative></narrative>", -1),
}

ACTIVITY_CASES = {rc.key: rc for rc in ruleset.activity_cases(standard_ruleset())}


def test_every_activity_rule_has_a_mutation():
    assert sorted(MUTATIONS) == sorted(ACTIVITY_CASES)


def test_the_fixture_breaks_no_rule():
    result = check_text(TEXT)
    assert result.findings == [], describe(result.findings)
    assert result.activities == 1


@pytest.mark.parametrize("key", sorted(MUTATIONS))
def test_rule_caught_on_its_line(key: str):
    rc = ACTIVITY_CASES[key]
    edits, anchor, offset = MUTATIONS[key]
    text = mutated(*edits)
    expected_line = line_in(text, anchor, offset)
    findings = check_text(text).findings
    caught = [f for f in findings if f.code == "CIC803" and f.message.startswith(f"IATI rule {rc.id}: ")]
    assert caught, f"{key} not caught:\n{describe(findings)}"
    assert expected_line in {f.location.line for f in caught if f.location}, describe(caught)
    assert {f.severity for f in caught} == {rc.severity}
    assert all(f.message.startswith(f"IATI rule {rc.id}: {rc.message}") for f in caught)
    assert all(f.name == "iati-rule" for f in caught)


def test_loop_values_are_xpath_variables_not_pasted_text():
    """A vocabulary holding quotes would break an XPath built by pasting; the rule still runs."""
    text = mutated(before(TAG, "    <sector vocabulary=\"x'y&quot;\" code=\"A\" percentage=\"50\"/>\n"
                               "    <sector vocabulary=\"x'y&quot;\" code=\"B\" percentage=\"40\"/>\n"))
    findings = check_text(text).findings
    sums = [f for f in findings if f.message.startswith("IATI rule 2.1.2:")]
    assert [f.location.line for f in sums if f.location] == [line_in(text, 'code="A"')]
    assert "They add up to 90, not 100." in sums[0].message
    assert not [f for f in findings if "could not be evaluated" in f.message]


def test_dates_are_judged_as_of_the_given_day_not_the_clock():
    import datetime as dt

    # last-updated-datetime is 2019-12-15: fine as of that day, in the future the day before
    assert check_text(TEXT, dt.date(2019, 12, 15)).findings == []
    before_update = check_text(TEXT, dt.date(2019, 12, 14)).findings
    assert [f.message.split(":")[0] for f in before_update] == ["IATI rule 11.1.1"]
    assert "2019-12-15 is after the as-of date, 2019-12-14." in before_update[0].message


def test_budget_of_exactly_a_year_passes_and_one_day_more_fails():
    leap = ('<period-start iso-date="2018-01-01"/>\n      <period-end iso-date="2018-12-31"/>\n'
            '      <value value-date="2018-01-01">2000.50</value>')
    a_year = mutated((leap, leap.replace("2018-12-31", "2019-01-01")))
    assert check_text(a_year).findings == []  # 365 days, as the Standard's validator counts
    longer = mutated((leap, leap.replace("2018-12-31", "2019-01-02")))
    [finding] = check_text(longer).findings
    assert finding.message.endswith("2018-01-01 to 2019-01-02 is 366 days, more than 365.")


def test_sector_percentages_are_summed_exactly():
    thirds = mutated((SECTORS, '    <sector vocabulary="1" code="15112" percentage="33.33"/>\n'
                               '    <sector vocabulary="1" code="16010" percentage="33.33"/>\n'
                               '    <sector vocabulary="1" code="15110" percentage="33.34"/>\n'))
    assert check_text(thirds).findings == []


def test_rules_cic_cannot_apply_are_listed_never_skipped_silently():
    assert ruleset.not_applied(standard_ruleset()) == []
    invented = {"/iati-activities/iati-activity": {
        "frobnicate": {"cases": [{"paths": ["title"], "ruleInfo": {"id": "99.1.1", "severity": "error"}}]},
        "one_or_all": {"cases": [{"one": "@xml:lang", "all": "colour",
                                  "ruleInfo": {"id": "99.2.1", "severity": "error"}}]}}}
    listed = [(rc.id, reason) for rc, reason in ruleset.not_applied(invented)]
    assert listed == [("99.1.1", "cic does not know the rule kind 'frobnicate'"),
                      ("99.2.1", "cic does not know what one_or_all's \"all\": \"colour\" requires")]
    from tests.iati_fixture import AS_OF, NAME

    from cicmaroc.iati.xmlfile import parse_bytes

    doc, _ = parse_bytes(TEXT.encode(), NAME)
    assert doc is not None
    reported = list(ruleset.check(doc, AS_OF, invented))
    assert [(f.severity, f.message) for f in reported] == [
        (Severity.INFO, "IATI rule 99.1.1 (frobnicate) was not applied: cic does not know the rule "
                        "kind 'frobnicate'."),
        (Severity.INFO, "IATI rule 99.2.1 (one_or_all) was not applied: cic does not know what "
                        "one_or_all's \"all\": \"colour\" requires.")]


def test_rules_applied_without_the_registry_exemption():
    """idCondition rules exempt identifiers the IATI Registry knows; cic, offline, applies them."""
    assert ruleset.registry_exempt_ids(standard_ruleset()) == [
        "1.3.13", "1.8.13", "1.10.13", "1.11.13", "1.14.8", "1.14.13", "1.15.13"]


def test_organisation_file_rules_are_not_activity_rules():
    organisation = sorted({rc.id for rc in ruleset.cases(standard_ruleset())
                           if not ruleset.applies_to_activities(rc.context)})
    assert organisation == ["1.12.1", "1.12.13", "1.17.1", "1.18.1", "1.18.13", "1.18.8", "11.3.1",
                            "11.4.1", "4.5.1", "7.5.3", "7.8.2", "8.6.3"]
    assert len(ACTIVITY_CASES) == 87


ACTIVITY_CONTEXT = "/iati-activities/iati-activity"
BUDGET_CONTEXT = "/iati-activities/iati-activity/budget"
# Rule kinds of the format (rulesets/SPEC.rst) that standard.json's activity rules do not use
# today: each on an invented case that holds on the fixture and one that fails, with where.
OTHER_KINDS = [
    ("only_one_of", ACTIVITY_CONTEXT, {"excluded": ["recipient-region"], "paths": ["recipient-country"]},
     {"excluded": ["humanitarian-scope"], "paths": ["participating-org"]}, '<participating-org ref="XI', 0),
    ("dependent", ACTIVITY_CONTEXT, {"paths": ["recipient-country", "sector"]},
     {"paths": ["recipient-country", "humanitarian-scope"]}, ACTIVITY, 0),
    ("sum", ACTIVITY_CONTEXT, {"paths": ["capital-spend/@percentage"], "sum": 50},
     {"paths": ["sector/@percentage"], "sum": 50}, 'code="15112"', 0),
    ("between_dates", BUDGET_CONTEXT,
     {"date": "value/@value-date", "start": "period-start/@iso-date", "end": "period-end/@iso-date"},
     {"date": "period-end/@iso-date", "start": "period-start/@iso-date", "end": "period-start/@iso-date"},
     '<period-end iso-date="2017-12-31"/>', 0),
    ("regex_no_matches", ACTIVITY_CONTEXT, {"paths": ["iati-identifier"], "regex": "^ZZ"},
     {"paths": ["iati-identifier"], "regex": "FICTIONAL"}, "<iati-identifier>", 0),
]


@pytest.mark.parametrize(("kind", "context", "holds", "fails", "anchor", "offset"), OTHER_KINDS,
                         ids=[k[0] for k in OTHER_KINDS])
def test_rule_kinds_standard_json_does_not_use_yet(kind, context, holds, fails, anchor, offset):
    from tests.iati_fixture import AS_OF, NAME

    from cicmaroc.iati.xmlfile import parse_bytes

    doc, _ = parse_bytes(TEXT.encode(), NAME)
    assert doc is not None
    info = {"ruleInfo": {"id": "99.9.9", "severity": "warning", "message": f"An invented {kind} rule"}}
    assert list(ruleset.check(doc, AS_OF, {context: {kind: {"cases": [{**holds, **info}]}}})) == []
    found = list(ruleset.check(doc, AS_OF, {context: {kind: {"cases": [{**fails, **info}]}}}))
    assert found and {f.severity for f in found} == {Severity.WARNING}
    assert all(f.message.startswith(f"IATI rule 99.9.9: An invented {kind} rule.") for f in found)
    assert next(f.location.line for f in found if f.location) == line_in(TEXT, anchor, offset)


def test_docs_list_every_activity_rule_as_applied_with_its_severity_and_kind():
    import re
    from collections import Counter

    from tests.conftest import REPO

    doc = (REPO / "docs" / "iati.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| ([\d.]+) \| (error|warning) \| ([a-z_]+)( \(for each vocabulary\))? \|", doc,
                      re.MULTILINE)
    documented = Counter((rule_id, severity, kind, bool(loop)) for rule_id, severity, kind, loop in rows)
    expected = Counter((rc.id, rc.severity.value, rc.kind, rc.loop is not None)
                       for rc in ACTIVITY_CASES.values())
    assert documented == expected
    exempt = ", ".join(ruleset.registry_exempt_ids(standard_ruleset()))
    assert f"**{exempt}**" in doc
    assert "**Not applied: none.**" in doc and ruleset.not_applied(standard_ruleset()) == []
