"""The editor's schemas and `cic validate` agree on a documented set of planted mistakes.

The mistakes are the editor fixtures' (tests/editor/<kind>.yaml), FICTIONAL edits of valid files:
a misspelt key, a wrongly typed value, a bad date, a missing field, and what an officer gets wrong
in practice (`year: "2019"` in quotes, a misspelt `source` inside a monitoring entry, `sas: "non"`,
a negative count, an e-mail address with a space, a sector at 160 %). For each:

- the JSON Schema, read by the `jsonschema` package as check-jsonschema reads it, finds an error
  (tests/test_editor_lsp.py checks that the YAML language server underlines it on its line);
- `cic validate` reports the fixture's `cic` code on the same line, or on the line `cic_at` names
  (a missing field: the editor marks the mapping's key, cic its first field).

`beyond the schema:` lists mistakes JSON Schema cannot see, each with the reason (`why`): another
file holds the answer (the partner files' communes, the logframe's measures, the file's name), or a
sum is involved, or the finding may be acknowledged by a waiver. For those the schema must pass the
file (so the documentation is true) and cic must report them: `cic lsp` shows them in the editor.
"""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from tests.conftest import REPO
from tests.test_editor_lsp import KINDS, MISTAKES, Mistake, load_fixture
from tests.test_schemas import _errors, _json_like

from cicmaroc import api

BEYOND = [m for kind in KINDS for m in load_fixture(kind).unseen()]
#: The mistakes the issue named: each must be among the planted ones.
NAMED = {("monitoring", "wrongly typed value"), ("monitoring", "misspelt key in an entry"),
         ("monitoring", "text for a yes or no"), ("monitoring", "negative count"),
         ("partner", "bad e-mail address"), ("iati", "sector over 100 %")}


def _load(text: str) -> Any:
    from ruamel.yaml import YAML

    return _json_like(YAML(typ="safe", pure=True).load(text))


def _cic_findings(mistake: Mistake, tmp_path: Path) -> list[tuple[str, int]]:
    """`cic validate` on the fixture's data folder with the planted file: (code, 0-based line) in it."""
    relative = PurePosixPath(mistake.relative)
    parts = relative.parts
    root = parts.index("data") + 1
    source = REPO.joinpath(*parts[:root])
    data = tmp_path / "data"
    shutil.copytree(source, data)
    planted = data.joinpath(*parts[root:])
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text(mistake.text, encoding="utf-8")
    run = api.validate(data)
    inside = parts[root:]
    return [(f.code, f.location.line - 1) for f in run.findings.items
            if f.location is not None and PurePosixPath(f.location.file).parts[-len(inside):] == inside]


def test_every_named_mistake_is_planted():
    planted = {(m.kind, m.name) for m in MISTAKES}
    assert planted >= NAMED


@pytest.mark.parametrize("kind", KINDS)
def test_the_valid_fixture_passes_the_schema(kind: str):
    assert _errors(kind, _load(load_fixture(kind).text)) == []


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: f"{m.kind}: {m.name}")
def test_schema_and_cic_both_report_the_mistake(mistake: Mistake, tmp_path: Path):
    assert _errors(mistake.kind, _load(mistake.text)), "the schema lets it pass"
    found = _cic_findings(mistake, tmp_path)
    assert (mistake.cic, mistake.cic_line) in found, f"cic reports {found}, not {mistake.cic} on line " \
                                                     f"{mistake.cic_line + 1}"


@pytest.mark.parametrize("mistake", BEYOND, ids=lambda m: f"{m.kind}: {m.name}")
def test_what_the_schema_cannot_see_cic_reports(mistake: Mistake, tmp_path: Path):
    assert _errors(mistake.kind, _load(mistake.text)) == [], f"the schema sees it after all: {mistake.why}"
    found = _cic_findings(mistake, tmp_path)
    assert (mistake.cic, mistake.cic_line) in found, f"cic reports {found}, not {mistake.cic} on line " \
                                                     f"{mistake.cic_line + 1}"
