"""docs/rules.md is generated from the registry; this keeps the committed page current."""

from __future__ import annotations

from tests.conftest import REPO
from typer.testing import CliRunner

from cicmaroc.cli.main import app
from cicmaroc.rules.docs import rules_markdown
from cicmaroc.rules.registry import all_rules


def test_rules_page_is_current():
    committed = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert committed == rules_markdown(), "run: cic rules --markdown > docs/rules.md"


def test_codes_are_unique_and_stable_shape():
    codes = [r.code for r in all_rules()]
    assert len(codes) == len(set(codes))
    assert all(len(c) == 6 and c.startswith("CIC") and c[3:].isdigit() for c in codes)


def test_cic_rules_lists_and_explains():
    runner = CliRunner()
    listing = runner.invoke(app, ["rules"])
    assert listing.exit_code == 0 and "CIC201" in listing.stdout and "partners-budget" in listing.stdout
    one = runner.invoke(app, ["rules", "cic201"])
    assert one.exit_code == 0 and "Why:" in one.stdout and "1,632,012.58" in one.stdout
    unknown = runner.invoke(app, ["rules", "CIC999"])
    assert unknown.exit_code == 2
