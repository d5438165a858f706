"""The exported JSON Schemas: current with the models, and accepting the real data when read by
independent tools (the `jsonschema` package, and check-jsonschema as the docs tell officers to run it).
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from tests.conftest import DATA, REPO
from typer.testing import CliRunner

from cicmaroc.cli.main import app
from cicmaroc.models.json_schema import kinds, schema_filename, schema_for, schema_text

SCHEMAS = REPO / "schemas"
runner = CliRunner()


def _json_like(value: Any) -> Any:
    """What a YAML-to-JSON tool (an editor, check-jsonschema) makes of YAML: string keys, ISO dates."""
    if isinstance(value, dict):
        return {str(k): _json_like(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_json_like(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _independent_load(path: Path) -> Any:
    """Read a data file with ruamel's stock safe loader, not with cic's own loader."""
    from ruamel.yaml import YAML

    return _json_like(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))


def _files_of(kind: str) -> list[Path]:
    return sorted(DATA.glob(kinds()[kind][1]))


def _validator(kind: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((SCHEMAS / schema_filename(kind)).read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator
    validator.check_schema(schema)
    return validator(schema, format_checker=validator.FORMAT_CHECKER)


def _errors(kind: str, instance: Any) -> list[str]:
    errors = _validator(kind).iter_errors(instance)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors]


def test_kinds_follow_the_loader_registries():
    assert {"partner", "logframe", "budget", "country", "risks"} <= set(kinds())
    assert kinds()["partner"][1] == "partners/*.yaml"
    assert kinds()["budget"][1] == "budget.yaml"


@pytest.mark.parametrize("kind", sorted(kinds()))
def test_committed_schema_is_current_with_the_models(kind: str):
    path = SCHEMAS / schema_filename(kind)
    assert path.is_file(), f"{path} is missing: run `cic schema` and commit schemas/"
    assert path.read_text(encoding="utf-8") == schema_text(kind), \
        f"{path} is out of date with the models: run `cic schema` and commit schemas/"


def test_no_stray_schema_files():
    expected = {schema_filename(kind) for kind in kinds()}
    assert {p.name for p in SCHEMAS.glob("*.json")} == expected


def test_every_data_file_has_a_kind():
    covered = {path for kind in kinds() for path in _files_of(kind)}
    every = {p for p in DATA.rglob("*") if p.suffix in (".yaml", ".yml")}
    assert every and every == covered


@pytest.mark.parametrize("kind", sorted(kinds()))
def test_real_data_validates_with_the_jsonschema_package(kind: str):
    for path in _files_of(kind):
        assert _errors(kind, _independent_load(path)) == [], path


def test_real_data_validates_with_check_jsonschema_as_documented():
    """The command the README gives, run in-process (the same code as the `check-jsonschema` script)."""
    from check_jsonschema.cli.main_command import main as check_jsonschema
    from click.testing import CliRunner as ClickRunner

    checked = 0
    for kind in sorted(kinds()):
        files = _files_of(kind)
        if not files:
            continue
        result = ClickRunner().invoke(check_jsonschema, [
            "--schemafile", str(SCHEMAS / schema_filename(kind)), *map(str, files)])
        assert result.exit_code == 0, result.output
        assert "ok -- validation done" in result.output
        checked += len(files)
    assert checked >= 14  # 4 single files and 10 partners at least


def _partner() -> dict[str, Any]:
    return _independent_load(DATA / "partners" / "evere.yaml")


def _budget() -> dict[str, Any]:
    return _independent_load(DATA / "budget.yaml")


def test_schema_refuses_what_the_loader_refuses():
    partner = _partner()
    for change, where in [
        (lambda d: d.update(budget_os1="150145.16"), "budget_os1"),      # an amount in quotes
        (lambda d: d.update(budget_os1="-"), "budget_os1"),              # a dash is only for T3 cells
        (lambda d: d.update(budget_os1=True), "budget_os1"),
        (lambda d: d.update(partnership_start="29/11/2007"), "partnership_start"),
        (lambda d: d.update(partnership_start="2019-02-30"), "partnership_start"),
        (lambda d: d.update(budjet_os1=1), ""),                          # a misspelt key
        (lambda d: d["local_communes"][0].update(id="Aït Baha"), "local_communes/0/id"),
        (lambda d: d.update(local_communes=[]), "local_communes"),
    ]:
        broken = copy.deepcopy(partner)
        change(broken)
        errors = _errors("partner", broken)
        assert errors and any(e.split(":")[0] == where for e in errors), (where, errors)


def test_budget_rows_accept_years_dashes_and_grand_total_only():
    budget = _budget()
    assert _errors("budget", budget) == []
    row = budget["lines"][0]["natures"]["personnel"]
    assert row["2017"] == "-"
    for key, value in [("2017", "0"), ("2017", "x"), ("2017x", 1), ("total", 1)]:
        broken = copy.deepcopy(budget)
        broken["lines"][0]["natures"]["personnel"][key] = value
        assert _errors("budget", broken), (key, value)


def test_every_property_has_a_description_for_hover_help():
    missing = []
    for kind in kinds():
        schema = schema_for(kind)
        tables = [("", schema), *schema.get("$defs", {}).items()]
        for name, table in tables:
            missing += [f"{kind}: {name}.{prop}" for prop, body in table.get("properties", {}).items()
                        if not body.get("description")]
    assert missing == [], "add Field(description=...) to these model fields: " + ", ".join(missing)


def test_cic_schema_writes_then_check_passes(tmp_path: Path):
    out = tmp_path / "schemas"
    result = runner.invoke(app, ["schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(schema_filename(k) for k in kinds())
    assert "partner.schema.json" in result.output and "partners/*.yaml" in result.output
    assert runner.invoke(app, ["schema", "--out", str(out), "--check", "--quiet"]).output == ""
    assert runner.invoke(app, ["schema", "--out", str(out), "--check"]).exit_code == 0


def test_cic_schema_check_lists_stale_files_and_exits_1(tmp_path: Path):
    runner.invoke(app, ["schema", "--out", str(tmp_path)])
    (tmp_path / "budget.schema.json").write_text("{}\n", encoding="utf-8")
    (tmp_path / "risks.schema.json").unlink()
    result = runner.invoke(app, ["schema", "--out", str(tmp_path), "--check"])
    assert result.exit_code == 1
    assert "budget.schema.json" in result.output and "risks.schema.json" in result.output
    assert "partner.schema.json" not in result.output
    assert (tmp_path / "budget.schema.json").read_text(encoding="utf-8") == "{}\n"  # --check writes nothing


def test_committed_schemas_pass_cic_schema_check():
    result = runner.invoke(app, ["schema", "--out", str(SCHEMAS), "--check"])
    assert result.exit_code == 0, result.output


def test_vscode_settings_map_every_schema_to_its_files():
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    assert mapping == {f"./schemas/{schema_filename(kind)}": [f"data/{glob}", f"examples/*/data/{glob}"]
                       for kind, (_model, glob) in kinds().items()}


def test_readme_editor_section_shows_the_same_settings():
    import re

    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## In the editor"):]
    shown = json.loads(re.search(r"```json\n(.*?)```", section, flags=re.DOTALL).group(1))
    settings = json.loads((REPO / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    assert shown == {key: settings[key] for key in shown}
    assert shown["yaml.schemas"] == settings["yaml.schemas"]


def test_budget_rows_accept_year_keys_typed_as_yaml_and_as_json():
    """The YAML language server checks `2017:` as the integer 2017, check-jsonschema as "2017"."""
    from ruamel.yaml import YAML

    as_yaml = YAML(typ="safe", pure=True).load((DATA / "budget.yaml").read_text(encoding="utf-8"))
    row = as_yaml["lines"][0]["natures"]["personnel"]
    assert 2017 in row and "2017" not in row
    assert _errors("budget", as_yaml) == []
    assert _errors("budget", _json_like(as_yaml)) == []
    for key in [2017.5, True, "2O17", "grand_totl", "2017x"]:
        broken = copy.deepcopy(as_yaml)
        broken["lines"][0]["natures"]["personnel"][key] = 1
        assert _errors("budget", broken), key


def test_schema_accepts_what_the_model_accepts_in_a_monitoring_file_being_filled():
    """An empty `spending:` or reporter block is fine for the loader, so for the editor too."""
    from cicmaroc.models.monitoring import MonitoringYear

    for instance in [{"year": 2019, "reports": None, "spending": None},
                     {"year": 2019, "reports": {"ait-baha": None}, "spending": {"partenaires": None}}]:
        MonitoringYear.model_validate(instance)
        assert _errors("monitoring", instance) == []
    assert _errors("monitoring", {"year": 2019, "reprots": {}})


def test_the_documented_monitoring_example_validates():
    import re

    doc = (REPO / "docs" / "data-format.md").read_text(encoding="utf-8")
    section = doc[doc.index("## `data/monitoring/"):]
    example = re.search(r"```yaml\n(.*?)```", section, flags=re.DOTALL)
    assert example is not None
    from ruamel.yaml import YAML

    instance = _json_like(YAML(typ="safe", pure=True).load(example.group(1)))
    assert instance["year"] == 2019 and _errors("monitoring", instance) == []
