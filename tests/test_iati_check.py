"""`cic iati --check`: codelists and schema on mutated files, hostile input, the command itself.

The rules of standard.json have their own file (tests/test_iati_rules.py). Everything here runs
on the FICTIONAL fixture tests/iati/activity-fictional.xml or on files written in tmp_path.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import time
from pathlib import Path

import pytest
from tests.iati_fixture import AS_OF, FIXTURE, NAME, TEXT, check_text, describe, line_in, mutated
from tests.test_startup_imports import loaded, modules_after
from typer.testing import CliRunner

from cicmaroc import api
from cicmaroc.cli.main import app
from cicmaroc.findings import Severity
from cicmaroc.i18n.translator import translator
from cicmaroc.iati.check import as_of_date, check_file

# --- layer 2: codelists ----------------------------------------------------------------------

# (edit, anchor, severity, words the message must hold)
CODELIST_CASES = {
    "role not on OrganisationRole": (
        ('role="1" type="10"', 'role="9" type="10"'), 'role="9"', Severity.ERROR,
        "iati-activity/participating-org/@role is '9': not a code of the IATI codelist OrganisationRole."),
    "activity status": (
        ('<activity-status code="2"/>', '<activity-status code="9"/>'), "<activity-status", Severity.ERROR,
        "codelist ActivityStatus."),
    "DAC 5-digit sector under vocabulary 1": (
        ('code="16010"', 'code="16099"'), 'code="16099"', Severity.ERROR,
        "iati-activity/sector/@code is '16099': not a code of the IATI codelist Sector (vocabulary 1)."),
    "sector without vocabulary is vocabulary 1": (
        ('vocabulary="1" code="16010"', 'code="99999"'), 'code="99999"', Severity.ERROR,
        "codelist Sector (vocabulary 1)."),
    "DAC 3-digit sector under vocabulary 2": (
        ('<tag vocabulary="2" code="16"/>',
         '<sector vocabulary="2" code="999"/>\n    <tag vocabulary="2" code="16"/>'),
        'code="999"', Severity.ERROR, "codelist SectorCategory (vocabulary 2)."),
    "indicator measure": (
        ('<indicator measure="1"', '<indicator measure="7"'), 'measure="7"', Severity.ERROR,
        "result/indicator/@measure is '7'"),
    "result type": (('<result type="1">', '<result type="0">'), '<result type="0">', Severity.ERROR,
                    "codelist ResultType."),
    "budget type and status": (
        ('<budget type="1" status="2">\n      <period-start iso-date="2017-01-01"/>',
         '<budget type="1" status="3">\n      <period-start iso-date="2017-01-01"/>'),
        'status="3"', Severity.ERROR, "iati-activity/budget/@status is '3'"),
    "transaction type": (
        ('<transaction-type code="4"/>\n      <transaction-date iso-date="2018-12-31"/>',
         '<transaction-type code="44"/>\n      <transaction-date iso-date="2018-12-31"/>'),
        'code="44"', Severity.ERROR, "codelist TransactionType."),
    "policy marker under vocabulary 1": (
        ('code="3" significance="2"', 'code="33" significance="2"'), 'code="33"', Severity.ERROR,
        "codelist PolicyMarker (vocabulary 1)."),
    "policy significance": (
        ('code="3" significance="2"', 'code="3" significance="7"'), 'significance="7"', Severity.ERROR,
        "codelist PolicySignificance."),
    "currency of a value": (
        ('<value currency="EUR" value-date="2018-01-01">', '<value currency="EUX" value-date="2018-01-01">'),
        'currency="EUX"', Severity.ERROR, "planned-disbursement/value/@currency is 'EUX'"),
    "default currency": ((' default-currency="EUR"', ' default-currency="eur"'), "<iati-activity ",
                         Severity.ERROR, "codelist Currency."),
    "recipient country (an open list)": (
        ('<recipient-country code="MA"/>', '<recipient-country code="QZ"/>'), "<recipient-country",
        Severity.WARNING, "an open list"),
    "language of a narrative (an open list)": (
        ('<narrative xml:lang="nl">Een verzonnen', '<narrative xml:lang="zz">Een verzonnen'),
        'xml:lang="zz"', Severity.WARNING, "description/narrative/@xml:lang is 'zz'"),
    "document category in a document-link": (
        ('<category code="A02"/>', '<category code="Z99"/>'), "<category", Severity.ERROR,
        "document-link/category/@code is 'Z99'"),
    "location type": (('<feature-designation code="ADM4"/>', '<feature-designation code="ADM9"/>'),
                      "<feature-designation", Severity.ERROR, "codelist LocationType."),
    "organisation type": (('role="4" type="11"', 'role="4" type="12"'), 'type="12"', Severity.ERROR,
                          "codelist OrganisationType."),
    "SDG goal tag": (('<tag vocabulary="2" code="16"/>', '<tag vocabulary="2" code="18"/>'), "<tag",
                     Severity.ERROR, "codelist UNSDG-Goals (vocabulary 2)."),
    "version": (('<iati-activities version="2.03"', '<iati-activities version="9.99"'),
                "<iati-activities", Severity.ERROR, "iati-activities/@version is '9.99'"),
}


@pytest.mark.parametrize("case", sorted(CODELIST_CASES))
def test_code_not_on_its_codelist(case: str):
    edit, anchor, severity, words = CODELIST_CASES[case]
    text = mutated(edit)
    found = [f for f in check_text(text).findings if f.code == "CIC802"]
    assert len(found) == 1, describe(found)
    assert found[0].severity is severity
    assert words in found[0].message
    assert found[0].location is not None and found[0].location.line == line_in(text, anchor)
    assert found[0].hint.startswith("The codes: https://iatistandard.org/en/iati-standard/203/codelists/")


def test_codes_of_vocabularies_outside_iati_are_not_checked():
    text = mutated(('<tag vocabulary="2" code="16"/>',
                    '<sector vocabulary="99" code="MY-OWN" percentage="100"/>\n'
                    '    <tag vocabulary="99" code="MY-TAG"/>\n    <tag vocabulary="2" code="16"/>'),
                   ('<policy-marker vocabulary="1" code="1" significance="1"/>',
                    '<policy-marker vocabulary="1" code="1" significance="1"/>\n'
                    '    <policy-marker vocabulary="99" code="MY-MARKER"><narrative>Le nôtre</narrative>'
                    "</policy-marker>"))
    assert [f for f in check_text(text).findings if f.code == "CIC802"] == []


def test_withdrawn_code_warns_only_after_its_withdrawal_date():
    text = mutated(('code="15112" percentage="60"', 'code="15120" percentage="60"'))  # withdrawn 2020-02-28
    assert check_text(text, dt.date(2019, 12, 31)).findings == []
    later = [f for f in check_text(text, dt.date(2020, 12, 31)).findings if f.code == "CIC802"]
    assert [(f.severity, f.location.line if f.location else 0) for f in later] == [
        (Severity.WARNING, line_in(text, 'code="15120"'))]
    assert "withdrawn from the IATI codelist Sector (vocabulary 1) on 2020-02-28" in later[0].message


@pytest.mark.parametrize(("lang", "said"), [
    ("en", "is '15120' (Public sector financial management): this code was withdrawn"),
    ("fr", "vaut '15120' (Public sector financial management)\u00a0: ce code a été retiré"),
    ("nl", "is '15120' (Public sector financial management): deze code werd op 2020-02-28"),
])
def test_a_withdrawn_code_is_said_with_its_name(lang, said):
    """A withdrawn code is named with its codelist name, like every other code a message quotes
    (the Sector list names it in English only)."""
    text = mutated(('code="15112" percentage="60"', 'code="15120" percentage="60"'))
    [finding] = [f for f in check_text(text, dt.date(2020, 12, 31)).findings if f.code == "CIC802"]
    assert said in translator(lang).message(finding)


def test_attribute_findings_point_at_the_attribute_column():
    text = mutated(('role="1" type="10"', 'role="9" type="10"'))
    [finding] = [f for f in check_text(text).findings if f.code == "CIC802"]
    line = text.splitlines()[finding.location.line - 1]
    assert line[finding.location.column - 1:].startswith('role="9"')


# --- layer 1: the schema -----------------------------------------------------------------------

def test_schema_error_on_its_element():
    text = mutated(('<activity-status code="2"/>', "<activity-status/>"))
    [finding] = [f for f in check_text(text).findings if f.code == "CIC801"]
    assert finding.severity is Severity.ERROR and finding.name == "iati-schema"
    assert finding.message == ("Not valid against the IATI 2.03 schema: Element 'activity-status': "
                               "The attribute 'code' is required but missing.")
    assert (finding.location.line, finding.location.column) == (line_in(text, "<activity-status/>"), 5)


def test_schema_error_on_an_attribute_value():
    text = mutated(('code="15112" percentage="60"', 'code="15112" percentage="sixty"'))
    schema_errors = [f for f in check_text(text).findings if f.code == "CIC801"]
    assert len(schema_errors) == 1 and "'sixty' is not a valid value of the atomic type 'xs:decimal'" in (
        schema_errors[0].message)
    line = text.splitlines()[schema_errors[0].location.line - 1]
    assert line[schema_errors[0].location.column - 1:].startswith('percentage="sixty"')


def test_schema_error_for_an_element_out_of_place():
    text = mutated(("    <activity-scope code=\"4\"/>\n", ""),
                   ("    <collaboration-type", "    <activity-scope code=\"4\"/>\n    <collaboration-type"))
    [finding] = [f for f in check_text(text).findings if f.code == "CIC801"]
    assert "Element 'activity-scope': This element is not expected." in finding.message
    assert finding.location.line == line_in(text, "<activity-scope")


def test_another_version_is_a_warning_and_still_checked_against_2_03():
    text = mutated(('<iati-activities version="2.03"', '<iati-activities version="2.02"'))
    findings = check_text(text).findings
    assert [(f.code, f.severity) for f in findings] == [("CIC801", Severity.WARNING)]
    assert "version 2.02; cic checks it against 2.03" in findings[0].message


# --- hostile and broken input: a located finding, never a traceback, never a hang ------------

def only(findings):
    assert len(findings) == 1, describe(findings)
    return findings[0]


def test_external_entity_is_refused_and_never_read(tmp_path: Path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-MARKER", encoding="utf-8")
    evil = tmp_path / "xxe.xml"
    evil.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE iati-activities [\n  <!ENTITY x SYSTEM '
                    f'"{secret.as_uri()}">\n]>\n<iati-activities version="2.03">&x;</iati-activities>\n',
                    encoding="utf-8")
    result = check_file(evil, AS_OF)
    finding = only(result.findings)
    assert finding.code == "CIC800" and "DOCTYPE" in finding.message
    assert (finding.location.line, finding.location.column) == (2, 1)
    assert "TOP-SECRET-MARKER" not in json.dumps([f.message + f.hint for f in result.findings])


@pytest.mark.parametrize("where", ["element", "attribute"])
def test_billion_laughs_is_refused_at_once(tmp_path: Path, where: str):
    entities = '<!ENTITY l0 "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    body = '<iati-activities version="&l9;"/>' if where == "attribute" else (
        "<iati-activities>&l9;</iati-activities>")
    bomb = tmp_path / "lol.xml"
    bomb.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE iati-activities [{entities}]>\n{body}\n',
                    encoding="utf-8")
    started = time.perf_counter()
    finding = only(check_file(bomb, AS_OF).findings)
    assert time.perf_counter() - started < 5  # a guard against a hang, not a speed measurement
    assert finding.code == "CIC800" and finding.location is not None and finding.location.line >= 1


def test_external_dtd_is_refused_without_the_network(tmp_path: Path):
    remote = tmp_path / "dtd.xml"
    remote.write_text('<?xml version="1.0"?>\n<!DOCTYPE iati-activities SYSTEM '
                      '"http://example.invalid/iati.dtd">\n<iati-activities version="2.03"/>\n',
                      encoding="utf-8")
    finding = only(check_file(remote, AS_OF).findings)
    assert finding.code == "CIC800" and "DOCTYPE" in finding.message


@pytest.mark.parametrize(("content", "line", "words"), [
    (b"", 1, "not well-formed XML"),
    (b"hello, this is not XML\n", 1, "Start tag expected"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", 1, "not well-formed XML"),
    (b'<?xml version="1.0"?>\n<iati-activities version="2.03">\n  <iati-activity>\n'
     b"</iati-activities>\n", 4, "not well-formed XML"),
    (b'<?xml version="1.0"?>\n<iati-organisations version="2.03"/>\n', 2, "an IATI organisation file"),
    (b'<?xml version="1.0"?>\n<html><body>Not found</body></html>\n', 2, "root element is <html>"),
])
def test_not_an_activity_file(tmp_path: Path, content: bytes, line: int, words: str):
    path = tmp_path / "file.xml"
    path.write_bytes(content)
    finding = only(check_file(path, AS_OF, "file.xml").findings)
    assert finding.code == "CIC800" and finding.severity is Severity.ERROR
    assert words in finding.message
    assert finding.location is not None
    assert (finding.location.file, finding.location.line) == ("file.xml", line)


def test_nesting_beyond_the_parser_limit_is_refused(tmp_path: Path):
    deep = tmp_path / "deep.xml"
    deep.write_text("<iati-activities>" + "<a>" * 5000 + "</a>" * 5000 + "</iati-activities>",
                    encoding="utf-8")
    finding = only(check_file(deep, AS_OF).findings)
    assert finding.code == "CIC800" and "depth" in finding.message.lower()


def test_file_over_the_size_limit_is_refused_unread(tmp_path: Path):
    big = tmp_path / "big.xml"
    with big.open("wb") as handle:  # sparse: 60 MB on paper, nothing written, refused from its size
        handle.truncate(60 * 1024 * 1024)
    finding = only(check_file(big, AS_OF).findings)
    assert finding.code == "CIC800"
    assert "62,914,560 bytes, over the limit of 52,428,800 bytes" in finding.message
    assert "--max-file-size" in finding.hint
    small = only(api.check_iati(FIXTURE, AS_OF, max_bytes=1000).findings)
    assert small.code == "CIC800" and "over the limit of 1,000 bytes" in small.message


def test_a_fifo_is_refused_without_waiting(tmp_path: Path):
    fifo = tmp_path / "pipe.xml"
    os.mkfifo(fifo)
    finding = only(check_file(fifo, AS_OF).findings)
    assert finding.code == "CIC800" and "not a regular file" in finding.message


def test_many_findings_are_capped_per_layer():
    many = TEXT.replace('<activity-status code="2"/>', "".join(
        f'<other-identifier ref="R{i}" type="Z{i}"/>' for i in range(250)) + '<activity-status code="2"/>')
    findings = [f for f in check_text(many).findings if f.code == "CIC802"]
    assert len(findings) == 101
    assert findings[-1].message == "150 more CIC802 findings in this file are not shown."


def test_activity_file_with_several_activities_checks_each():
    activity = TEXT[TEXT.index("  <iati-activity "):TEXT.index("</iati-activities>")]
    second = activity.replace("CIC-FICTIONAL-1</iati-identifier>", "CIC-FICTIONAL-3</iati-identifier>")
    second = second.replace('<activity-status code="2"/>', '<activity-status code="8"/>')
    text = TEXT.replace("</iati-activities>", second + "</iati-activities>")
    result = check_text(text)
    assert result.activities == 2
    [finding] = result.findings
    assert finding.code == "CIC802" and finding.location.line == line_in(text, '<activity-status code="8"/>')


# --- as-of --------------------------------------------------------------------------------------

def test_as_of_takes_a_year_or_a_day():
    assert as_of_date("2019") == dt.date(2019, 12, 31)
    assert as_of_date(" 2020-02-29 ") == dt.date(2020, 2, 29)
    for bad in ("19", "2019-13-01", "next year", ""):
        with pytest.raises(ValueError, match="--as-of takes a year"):
            as_of_date(bad)


# --- the command -----------------------------------------------------------------------------

def run(*args: str):
    return CliRunner().invoke(app, list(args))


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / NAME
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_clean_file_exits_0(tmp_path: Path):
    result = run("iati", "--check", str(write(tmp_path, TEXT)), "--as-of", "2019")
    assert result.exit_code == 0, result.stdout
    assert "against IATI 2.03" in result.stdout and "as of 2019-12-31" in result.stdout
    assert "activities in the file: 1." in result.stdout
    assert "No problems found." in result.stdout


def test_cli_findings_exit_1_with_file_line_and_the_offending_line(tmp_path: Path):
    text = mutated(('code="16010" percentage="40"', 'code="16010" percentage="30"'))
    path = write(tmp_path, text)
    result = run("iati", "--check", str(path), "--as-of", "2019")
    assert result.exit_code == 1
    line = line_in(text, 'code="15112"')
    assert f"{line}:41  error   CIC803 IATI rule 2.1.2:" in result.stdout
    assert f"{line} |     <sector vocabulary=\"1\" code=\"15112\" percentage=\"60\"/>" in result.stdout
    assert "1 error, 0 warnings in 1 file." in result.stdout


def test_cli_without_as_of_judges_as_of_today(tmp_path: Path):
    text = mutated(('<transaction-date iso-date="2018-12-31"/>', '<transaction-date iso-date="2999-01-01"/>'))
    result = run("iati", "--check", str(write(tmp_path, text)))
    assert result.exit_code == 1
    assert f"as of {dt.date.today().isoformat()}" in result.stdout and "IATI rule 11.2.1" in result.stdout


@pytest.mark.parametrize("fmt", ["json", "github", "sarif"])
def test_cli_machine_formats(tmp_path: Path, fmt: str):
    text = mutated(('role="1" type="10"', 'role="9" type="10"'))
    result = run("iati", "--check", str(write(tmp_path, text)), "--as-of", "2019", "--format", fmt)
    assert result.exit_code == 1
    line = line_in(text, 'role="9"')
    if fmt == "json":
        [finding] = json.loads(result.stdout)["findings"]
        assert (finding["code"], finding["name"]) == ("CIC802", "iati-codelist")
        assert finding["location"]["line"] == line
    elif fmt == "github":
        assert result.stdout.startswith(f"::error file={tmp_path / NAME},line={line},col=")
        assert "title=CIC802 iati-codelist::" in result.stdout
    else:
        run_ = json.loads(result.stdout)["runs"][0]
        assert run_["tool"]["driver"]["rules"][0]["id"] == "CIC802"
        assert run_["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] == line


def test_cli_unreadable_file_is_a_finding_exit_1(tmp_path: Path):
    path = tmp_path / "page.xml"
    path.write_text("<html>\n<p>oops</html>\n", encoding="utf-8")
    result = run("iati", "--check", str(path))
    assert result.exit_code == 1 and "CIC800 This is not well-formed XML" in result.stdout
    assert "Checked" not in result.stdout  # nothing was checked, so no such line


@pytest.mark.parametrize("args", [
    ["iati"],  # no data folder here
    ["iati", "data", "-o", "programme.xml"],
    ["iati", "--check", "missing.xml"],
    ["iati", "--check", "."],
    ["iati", "--check", str(FIXTURE), "--as-of", "2019-13-01"],
    ["iati", "--check", str(FIXTURE), "-o", "out.xml"],
    ["iati", "data", "--check", str(FIXTURE)],
])
def test_cli_usage_errors_exit_2_and_write_nothing(tmp_path: Path, monkeypatch, args: list[str]):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 2
    assert list(tmp_path.iterdir()) == []


def test_iati_codes_are_documented_in_the_registry():
    from cicmaroc.rules.registry import code as declared

    for code, name in [("CIC800", "iati-unreadable"), ("CIC801", "iati-schema"), ("CIC802", "iati-codelist"),
                       ("CIC803", "iati-rule")]:
        rule = declared(code)
        assert rule is not None and rule.name == name and rule.family == "iati"
        assert rule.why and rule.example and rule.waive


# --- start-up: cic validate never loads lxml or the IATI package ------------------------------

def test_validate_does_not_import_lxml_or_the_iati_checker(tmp_path: Path):
    from tests.conftest import DATA

    modules = modules_after(tmp_path, "validate", str(DATA))
    assert "cicmaroc.rules.registry" in modules  # the probe really ran the validation
    assert loaded(modules, ("lxml", "cicmaroc.iati")) == []


def test_the_probe_would_see_lxml(tmp_path: Path):
    """The control: `cic iati --check` does load lxml and the checker, so the check above can fail."""
    modules = modules_after(tmp_path, "iati", "--check", str(FIXTURE), "--as-of", "2019")
    assert {"lxml.etree", "cicmaroc.iati.check"} <= modules
