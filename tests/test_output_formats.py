"""Every output format, snapshot-tested on one shared list of findings.

The findings below are fictional (made up for the test, not the programme's). Golden files live
in tests/golden/output/; after an intended change, regenerate them with
`CIC_UPDATE_GOLDEN=1 python -m pytest tests/test_output_formats.py` and review the diff.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from tests.conftest import matches_golden
from tests.test_ci_docs import _choices

from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.output import EMITTERS, emitter
from cicmaroc.output.listing import Listing
from cicmaroc.yaml.reader import parse_text

GOLDEN = Path(__file__).parent / "golden" / "output"

BUDGET_TEXT = (
    "# fictional test file\n"
    "lines:\n"
    "  - id: partenaires\n"
    "    total: {2017: 100.00, grand_total: 100.01}\n"
    "country_total: 2030531.24\n"
)
SOURCE, _ = parse_text(BUDGET_TEXT, "data/budget.yaml")

FINDINGS = [
    Finding("CIC201", Severity.ERROR,
            "Line 1. Partenaires of T3 (grand total) is stated as 1,697,293.05 EUR, but the 10 "
            "partnerships' Budget OS 1 add up to 1,632,012.58 EUR (difference 65,280.47 EUR).",
            Location("data/budget.yaml", 4, 44),
            (Location("data/partners/evere.yaml", 30, 13), Location("data/partners/jette.yaml", 28, 13)),
            hints=("Check this figure against the document.",), name="partners-budget"),
    Finding("CIC106", Severity.WARNING,
            "A rounding difference of 0.01 EUR, with a pipe | and a comma, and a colon: here.",
            Location("data/budget.yaml", 4, 44), name="rounding-difference",
            waived="Seen by the officers on 2019-03-04 (fictional reason)."),
    Finding("CIC602", Severity.WARNING, "The phone number '212 6 67 97 72 001' of Aït Baha has 13 digits.",
            Location("data/partners/saint-josse-ten-noode.yaml", 30, 14), name="phone-format",
            hints=("Check it.\nWith the commune.",)),
    Finding("CIC603", Severity.INFO, "The partnership etterbeek was still being signed (100% sure).",
            Location("data/partners/etterbeek.yaml", 45, 20), name="partnership-start"),
    Finding("CIC001", Severity.ERROR, "The file budget.yaml is missing.", Location("data/other.yaml"),
            name="unreadable-file"),
]
STATS = {"files": 3, "partnerships": 10, "communes": 12, "results": 7, "indicators": 23,
         "activities": 55, "budget_cells": 156, "risks": 10}


def render(fmt: str, verbose: bool = False) -> str:
    return emitter(fmt)(Listing(FINDINGS, STATS, {"data/budget.yaml": SOURCE}, verbose=verbose))


@pytest.mark.parametrize(("fmt", "suffix", "verbose"), [
    ("text", "txt", False), ("text", "verbose.txt", True), ("json", "json", False),
    ("github", "github.txt", False), ("sarif", "sarif.json", False)])
def test_snapshot(fmt, suffix, verbose):
    out = render(fmt, verbose)
    matches_golden(GOLDEN / f"findings.{suffix}", out)


def test_json_keeps_waived_findings_flagged():
    doc = json.loads(render("json"))
    assert doc["schema_version"] == 1
    assert doc["summary"] == {"errors": 2, "warnings": 1, "infos": 1, "waived": 1, "loaded": STATS}
    waived = [f for f in doc["findings"] if f["waived"]]
    assert [f["code"] for f in waived] == ["CIC106"]
    assert "Aït Baha" in json.dumps(doc, ensure_ascii=False)


def test_github_annotations_escape_properties_and_data():
    lines = render("github").splitlines()
    assert len(lines) == 4  # the waived finding is not annotated
    phone = next(line for line in lines if "CIC602" in line)
    assert phone.startswith("::warning file=data/partners/saint-josse-ten-noode.yaml,line=30,col=14,")
    assert "%0A" in phone and "\n" not in phone
    assert next(line for line in lines if "CIC603" in line).startswith("::notice ")


#: The SARIF 2.1.0 schema of the OASIS SARIF TC, vendored with its provenance (tests/standards/sarif/).
SARIF_SCHEMA = json.loads((Path(__file__).parent / "standards" / "sarif" / "sarif-2.1.0-rtm.5.json")
                          .read_text(encoding="utf-8"))


def sarif_errors(doc: dict[str, object]) -> list[str]:
    """What the SARIF schema says of `doc`, its formats checked (an absolute `uri` where it asks one)."""
    validator = jsonschema.Draft4Validator(SARIF_SCHEMA,
                                           format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(doc)]


def test_the_schema_checks_absolute_uris():
    """The format checker that judges `uri` must be installed (rfc3986-validator), or a relative
    helpUri would pass unseen."""
    assert jsonschema.Draft4Validator.FORMAT_CHECKER.conforms("https://example.org/rules.md#cic201", "uri")
    assert not jsonschema.Draft4Validator.FORMAT_CHECKER.conforms("docs/rules.md#cic201", "uri")


@pytest.fixture
def metadata_urls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """cic's package metadata with the Project-URL entries the test puts in the list (none at first)."""
    from email.message import Message
    from importlib import metadata

    urls: list[str] = []
    real = metadata.metadata

    def fake(name: str) -> Message:
        if name != "cicmaroc":
            return real(name)  # type: ignore[return-value]
        message = Message()
        for url in urls:
            message["Project-URL"] = url
        return message

    monkeypatch.setattr(metadata, "metadata", fake)
    return urls


def test_sarif_passes_the_oasis_schema_without_links(metadata_urls: list[str]):
    doc = json.loads(render("sarif"))
    assert sarif_errors(doc) == []
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    [suppressed] = [r for r in run["results"] if "suppressions" in r]
    assert suppressed["ruleId"] == "CIC106"
    # no address given, none made up: each rule's help is in the file
    assert "informationUri" not in run["tool"]["driver"]
    assert all("helpUri" not in rule for rule in rules)
    [cic201] = [rule for rule in rules if rule["id"] == "CIC201"]
    assert cic201["help"]["text"].startswith("CIC201 partners-budget (error, ")
    assert "How to waive: " in cic201["help"]["text"]


def test_sarif_links_come_from_cic_metadata(metadata_urls: list[str]):
    """pyproject.toml's [project.urls] Homepage and Rules, as the installed package declares them."""
    metadata_urls += ["Homepage, https://cic.example.org/", "Rules, https://cic.example.org/rules.md"]
    doc = json.loads(render("sarif"))
    assert sarif_errors(doc) == []
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://cic.example.org/"
    helps = {rule["helpUri"] for rule in driver["rules"]}
    assert "https://cic.example.org/rules.md#cic201-partners-budget" in helps


def test_sarif_links_are_absolute_from_the_settings(metadata_urls: list[str]):
    """The settings `homepage-url` and `rules-url` (read absolute, tests/test_config.py) win."""
    metadata_urls += ["Homepage, https://elsewhere.example.org/"]
    links = {"homepage": "https://cic.example.org/", "rules": "https://cic.example.org/docs/rules.md"}
    doc = json.loads(emitter("sarif")(Listing(FINDINGS, STATS, {"data/budget.yaml": SOURCE}, links=links)))
    assert sarif_errors(doc) == []
    driver = doc["runs"][0]["tool"]["driver"]
    assert driver["informationUri"] == "https://cic.example.org/"
    [cic201] = [rule for rule in driver["rules"] if rule["id"] == "CIC201"]
    assert cic201["helpUri"] == "https://cic.example.org/docs/rules.md#cic201-partners-budget"
    # the same document with a relative helpUri fails the schema: the check above can fail
    cic201["helpUri"] = "docs/rules.md#cic201-partners-budget"
    assert sarif_errors(doc) == [f"runs/0/tool/driver/rules/{driver['rules'].index(cic201)}/helpUri: "
                                 "'docs/rules.md#cic201-partners-budget' is not a 'uri'"]


def test_sarif_fingerprints_follow_a_finding_not_its_line_nor_language():
    def prints(findings: list[Finding], lang: str = "en") -> list[str]:
        doc = json.loads(emitter("sarif")(Listing(findings, lang=lang)))
        return [r["partialFingerprints"]["cicFinding/v1"] for r in doc["runs"][0]["results"]]

    from cicmaroc.findings import Named, alternatives
    from cicmaroc.rules.partners import CIC602

    first = prints(FINDINGS)
    assert len(set(first)) == len(FINDINGS)
    moved = [f._replace(location=f.location._replace(line=f.location.line + 7)) if f.location else f
             for f in FINDINGS]
    assert prints(moved) == first
    country = Named((("fr", "Maroc"), ("nl", "Marokko"), ("en", "Morocco")))
    declared = [CIC602.finding("local", Location("data/partners/x.yaml", 30, 14), phone="212 6 67 97 72 001",
                               commune="Aït Baha", digits=13, country=country, calling_code="212",
                               national=alternatives([9]))]
    assert prints(declared, "fr") == prints(declared, "nl") == prints(declared)
    changed = [FINDINGS[0]._replace(template=FINDINGS[0].template.replace("65,280.47", "65,280.48"))]
    assert prints(changed) != prints(FINDINGS[:1])
    again = Location("data/partners/saint-josse-ten-noode.yaml", 31, 14)
    twice = [FINDINGS[2], FINDINGS[2]._replace(location=again)]
    assert len(set(prints(twice))) == 2  # two equal findings in one file: each its own


def test_every_format_has_an_emitter_and_is_a_choice_of_the_command_line():
    from cicmaroc import api
    from cicmaroc.output import Format

    assert set(EMITTERS) == set(Format) and len(Format) == 4
    assert api.FindingFormat is Format  # the command line's --format choices are this registry


def test_every_format_option_offers_its_registry():
    """`--format` of each command is its registry's enum, and each member has its renderer."""
    from cicmaroc import api
    from cicmaroc.cli.main import build
    from cicmaroc.report import progress_output, status_output
    from cicmaroc.review import render

    assert set(progress_output.FORMATS) == set(api.ProgressFormat) == {progress_output.Format.text,
                                                                        progress_output.Format.json,
                                                                        progress_output.Format.xlsx}
    assert set(status_output.FORMATS) == set(api.StatusFormat)
    assert set(render.FORMATS) == set(api.DiffFormat) and len(render.FORMATS) == 3
    offered = {"validate": api.FindingFormat, "import": api.FindingFormat, "iati": api.FindingFormat,
               "report": api.ReportFormat, "progress": api.ProgressFormat, "status": api.StatusFormat,
               "diff": api.DiffFormat}
    for command, registry in offered.items():
        [option] = [p for p in build(command).params if "--format" in p.opts]
        assert _choices(option) == [f.value for f in registry], command
