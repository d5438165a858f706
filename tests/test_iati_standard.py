"""The vendored IATI standard: unchanged (sha256), packaged, and complete for the checker."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from pathlib import Path

import jsonschema
from lxml import etree
from tests.conftest import REPO

from cicmaroc.iati import codelists
from cicmaroc.iati.standard import STANDARD, codelist, ruleset, schema, vendored_codelists

PROVENANCE = STANDARD / "README.md"
XS = "{http://www.w3.org/2001/XMLSchema}"


def recorded_digests() -> dict[str, str]:
    rows = re.findall(r"^\| `([^`]+)` \| (\d+) \| `([0-9a-f]{64})` \|$",
                      PROVENANCE.read_text(encoding="utf-8"), re.MULTILINE)
    return {name: digest for name, _, digest in rows}


def test_every_vendored_file_is_unchanged_and_recorded():
    on_disk = {p.relative_to(STANDARD).as_posix(): p for p in STANDARD.rglob("*")
               if p.is_file() and p.name != "README.md" and "__pycache__" not in p.parts}
    recorded = recorded_digests()
    assert sorted(recorded) == sorted(on_disk)
    changed = [name for name, path in on_disk.items()
               if hashlib.sha256(path.read_bytes()).hexdigest() != recorded[name]]
    assert changed == []


def test_provenance_names_repository_branch_and_commit_of_each_folder():
    text = PROVENANCE.read_text(encoding="utf-8")
    for repository, branch, commit in [("IATI/IATI-Schemas", "version-2.03", "4c9ba1e84815"),
                                       ("IATI/IATI-Codelists", "version-2.03", "75e827bacd29"),
                                       ("IATI/IATI-Codelists-NonEmbedded", "master", "7aeece773c60"),
                                       ("IATI/IATI-Rulesets", "version-2.03", "a88f835ba9a8")]:
        assert re.search(rf"\[{repository}\]\([^)]+\) \| `{branch}` \| `{commit}` \|", text), repository
    for licence in ("LICENSE-IATI-Standard.rst", "codelists/LICENSE.IATI-Codelists",
                    "codelists/LICENSE.IATI-Codelists-NonEmbedded", "rulesets/LICENSE.IATI-Rulesets",
                    "schemas/LICENSE.IATI-Schemas"):
        assert (STANDARD / licence).is_file()


def test_package_data_globs_ship_every_vendored_file():
    """`pip install .` (not editable) must carry the standard: pyproject's globs cover it all."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    package = REPO / "src" / "cicmaroc"
    shipped = {p for pattern in config["tool"]["setuptools"]["package-data"]["cicmaroc"]
               for p in package.glob(pattern) if p.is_file()}
    vendored = {p for p in STANDARD.rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert vendored - shipped == set()


def test_the_rule_set_follows_its_own_json_schema():
    spec = json.loads((STANDARD / "rulesets" / "schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(ruleset(), spec)


def test_the_schema_loads_from_the_package_alone():
    """The activity schema and its includes load with the network off (the parser forbids it)."""
    valid = etree.parse(str(Path(__file__).parent / "iati" / "activity-fictional.xml"))
    assert schema().validate(valid)


def test_vendored_codelists_are_exactly_those_the_checker_uses():
    """Each mapped codelist is here, and nothing is here that no check reads."""
    rule_1_14_8 = {"OrganisationRegistrationAgency"}
    assert vendored_codelists() == codelists.used_codelists() | rule_1_14_8
    for name in vendored_codelists():
        assert codelist(name).codes, name


def test_codelist_loading_reads_completeness_and_withdrawals():
    sector = codelist("Sector")
    assert sector.complete and {"15112", "16010"} <= sector.codes
    assert sector.withdrawn["15120"].isoformat() == "2020-02-28"
    language = codelist("Language")
    assert not language.complete and {"fr", "nl", "en", "ar"} <= language.codes


# --- every coded attribute of the 2.03 schema is mapped, or named as outside IATI's codelists -

CODED_NAMES = {"code", "type", "role", "vocabulary", "measure", "significance", "status", "currency",
               "default-currency", "format", "version", "budget-not-provided", "crs-channel-code"}


def schema_attribute_paths() -> dict[str, str]:
    """Every attribute of the activity schema, 'iati-activities/iati-activity/.../@name' -> type."""
    docs = [etree.parse(str(STANDARD / "schemas" / name))
            for name in ("iati-activities-schema.xsd", "iati-common.xsd")]
    elements, types, groups = {}, {}, {}
    for doc in docs:
        for node in doc.getroot():
            table = {f"{XS}element": elements, f"{XS}complexType": types,
                     f"{XS}attributeGroup": groups}.get(node.tag)
            if table is not None:
                table[node.get("name")] = node
    found: dict[str, str] = {}

    def content(node, attributes: list[tuple[str, str]], children: list) -> None:
        for child in node:
            if child.tag == f"{XS}element":
                children.append(child)
            elif child.tag == f"{XS}attribute":
                attributes.append((child.get("name") or child.get("ref"), child.get("type") or ""))
            elif child.tag == f"{XS}attributeGroup" and child.get("ref") in groups:
                content(groups[child.get("ref")], attributes, children)
            elif child.tag == f"{XS}extension" and child.get("base") in types:
                content(types[child.get("base")], attributes, children)
                content(child, attributes, children)
            elif child.tag != f"{XS}annotation":
                content(child, attributes, children)

    def visit(declaration, path: str) -> None:
        element = elements[declaration.get("ref")] if declaration.get("ref") else declaration
        here = f"{path}/{element.get('name')}" if path else element.get("name")
        if here.count("/") > 12:
            return
        complex_type = element.find(f"{XS}complexType")
        if complex_type is None:
            complex_type = types.get(element.get("type"))
        if complex_type is None:
            return
        attributes: list[tuple[str, str]] = []
        children: list = []
        content(complex_type, attributes, children)
        found.update((f"{here}/@{name}", kind) for name, kind in attributes)
        for child in children:
            visit(child, here)

    visit(elements["iati-activities"], "")
    return found


def test_every_coded_attribute_of_the_schema_is_checked_or_named_as_external():
    paths = schema_attribute_paths()
    assert "iati-activities/iati-activity/result/indicator/period/target/document-link/@format" in paths
    mapped = {f"iati-activities/{c.path}" for c in codelists.CODED if not c.path.startswith("//")}
    everywhere = {c.path[3:] for c in codelists.CODED if c.path.startswith("//@")}
    external = {f"iati-activities/{p}" for p in codelists.NOT_ON_AN_IATI_CODELIST}
    coded = {p for p, kind in paths.items() if p.rsplit("/@", 1)[1] in CODED_NAMES
             and kind != "xsd:boolean"}  # crs-add/other-flags/@significance is true or false
    unmapped = sorted(p for p in coded if p not in mapped | external
                      and p.rsplit("/@", 1)[1] not in everywhere)
    assert unmapped == []
    assert sorted((mapped | external) - set(paths)) == []  # no path in the table the schema lacks
