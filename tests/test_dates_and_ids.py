"""Dates are YYYY-MM-DD and nothing else; identifiers are matched whole (no trailing newline).

Pydantic alone reads `0` as 1970-01-01 (a Unix timestamp), accepts a datetime with a zone, and
says "zero time" for `20190101`. Python's `$` matches before a final newline, so `re.match` with
`^...$` accepted `zzz\\n` as an id. FICTIONAL test values.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from tests.conftest import REPO, line_of, replace_in
from typer.testing import CliRunner

from cicmaroc.api import validate
from cicmaroc.cli.main import app

runner = CliRunner()
START = "partnership_start: 2010-10-31"


@pytest.mark.parametrize("value", ["0", "20190101", "2019-01-01T00:00:00+00:00", "2019-01-01 10:00:00",
                                   "'2019-1-1'", "1262304000"])
def test_a_date_is_written_yyyy_mm_dd_only(value: str, data_copy: Path):
    path = data_copy / "partners" / "evere.yaml"
    replace_in(path, START, f"partnership_start: {value}")
    findings = validate(data_copy).findings
    [bad] = [f for f in findings if f.code == "CIC012" and f.file.endswith("evere.yaml")]
    assert bad.location.line == line_of(path, "partnership_start")
    assert "YYYY-MM-DD" in bad.message and "zero time" not in bad.message
    assert "2019-03-31" in bad.hint  # the date hint, not the one about amounts


def test_a_real_date_still_reads(data_copy: Path):
    path = data_copy / "partners" / "evere.yaml"
    replace_in(path, START, "partnership_start: 2019-02-28")
    run = validate(data_copy)
    programme, findings = run.programme, run.findings
    assert not [f for f in findings if f.file.endswith("evere.yaml") and f.code.startswith("CIC01")]
    assert any(str(p.model.partnership_start) == "2019-02-28" for p in programme.partners)


def test_new_partner_refuses_an_id_with_a_trailing_newline(data_copy: Path):
    result = runner.invoke(app, ["new", "partner", "zzz\n", "--data", str(data_copy)])
    assert result.exit_code == 2
    assert not [p for p in (data_copy / "partners").iterdir() if p.name.startswith("zzz")]


def _python_patterns() -> list[tuple[str, int, str]]:
    """Every literal pattern given to the `re` module in the package: (file, line, pattern)."""
    found = []
    for path in sorted((REPO / "src" / "cicmaroc").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "re" \
                    and node.args and isinstance(node.args[0], ast.Constant) \
                    and isinstance(node.args[0].value, str):
                found.append((path.name, node.lineno, node.args[0].value))
    return found


def test_no_python_pattern_ends_with_a_dollar():
    """`$` matches before a trailing newline: anchors are `\\Z` or `fullmatch`. (Pydantic's
    `pattern=` uses Rust's regex, where `$` is the end of the text; a test below checks it.)"""
    patterns = _python_patterns()
    assert len(patterns) > 5  # the scan sees the package's patterns
    assert [p for p in patterns if re.search(r"(?<!\\)\$", p[2])] == []


@pytest.mark.parametrize(("model", "field", "good"), [
    ("cicmaroc.models.waivers:Waiver", "code", "CIC201"),
    ("cicmaroc.models.logframe:Indicator", "id", "IOV 1.2"),
    ("cicmaroc.models.logframe:Activity", "id", "A.1.1"),
    ("cicmaroc.models.logframe:Result", "id", "R1"),
    ("cicmaroc.models.logframe:Measure", "id", "sas"),
])
def test_model_patterns_refuse_a_trailing_newline(model: str, field: str, good: str):
    import importlib

    from pydantic import ValidationError, create_model

    module, name = model.split(":")
    info = getattr(importlib.import_module(module), name).model_fields[field]
    probe = create_model("Probe", value=(info.annotation, info))
    assert probe(value=good)
    with pytest.raises(ValidationError):
        probe(value=good + "\n")
