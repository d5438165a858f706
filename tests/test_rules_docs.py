"""The one declaration table: every code declared once, documented under fixed headings, and the
documentation (`cic rules`, docs/rules.md) generated from it; docs/rules.md is kept current."""

from __future__ import annotations

import importlib
import pkgutil

from tests.conftest import REPO
from typer.testing import CliRunner

import cicmaroc
from cicmaroc.cli.main import app
from cicmaroc.codes.declaration import Code
from cicmaroc.rules.docs import FAMILIES, rules_markdown
from cicmaroc.rules.registry import BY_CODE, CODES


def test_rules_page_is_current():
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "run: cic rules --markdown > docs/rules.md"


def test_codes_are_unique_and_stable_shape():
    codes = [c.code for c in CODES]
    assert len(codes) == len(set(codes)) and codes == sorted(codes)
    assert all(len(c) == 6 and c.startswith("CIC") and c[3:].isdigit() for c in codes)
    assert {c.family for c in CODES} == set(FAMILIES)


def test_every_code_declared_anywhere_is_in_the_one_table():
    """A `Code` made anywhere in cicmaroc (the catalogue's floor, a check's family, a pass) and left
    out of the table would go undocumented."""
    declared = {}
    for info in pkgutil.walk_packages(cicmaroc.__path__, "cicmaroc."):
        if info.name == "cicmaroc.__main__":  # runs cic when imported
            continue
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if isinstance(value, Code):
                assert name == value.code or name.startswith("_"), (info.name, name)
                declared.setdefault(value.code, value)
                assert declared[value.code] is value, f"{value.code} is declared twice"
    assert set(declared) == set(BY_CODE)
    assert all(BY_CODE[code] is value for code, value in declared.items())


def test_cic_rules_lists_and_explains():
    runner = CliRunner()
    listing = runner.invoke(app, ["rules"])
    assert listing.exit_code == 0
    assert [line.split()[0] for line in listing.stdout.splitlines()] == [c.code for c in CODES]
    one = runner.invoke(app, ["rules", "cic201"], env={"COLUMNS": "2000"})
    assert one.exit_code == 0
    text = one.stdout
    assert text.startswith("CIC201 partners-budget (error, Partners against the budget and the country "
                           "sheet)")
    for heading in ("Why: ", "Example: ", "How to waive: "):
        assert f"\n{heading}" in text, heading
    assert "1,632,012.58" in text and "# cic: ignore[CIC201]" in text  # the waive text's {code} is filled in
    unknown = runner.invoke(app, ["rules", "CIC999"])
    assert unknown.exit_code == 2
