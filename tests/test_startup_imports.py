"""`cic validate` loads only what it needs: no Jinja2, Babel or report stack, no unasked format.

Start-up is most of `cic validate`'s time on the real data (bench/run.py), so what the command
imports is checked here, in a fresh interpreter, as a correctness property (not a timing).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import DATA, REPO

PROBE = """
import json, sys
from cicmaroc.cli import process
out, sys.argv = sys.argv[1], ["cic", *sys.argv[2:]]
process.leave = lambda status: None  # the probe goes on after the command, to list the modules
process.main()
with open(out, "w", encoding="utf-8") as handle:
    json.dump(sorted(sys.modules), handle)
"""

REPORT_STACK = ("jinja2", "babel", "markupsafe", "cicmaroc.report")


def modules_after(tmp_path: Path, *argv: str) -> set[str]:
    out = tmp_path / "modules.json"
    subprocess.run([sys.executable, "-c", PROBE, str(out), *argv], check=True, capture_output=True)
    return set(json.loads(out.read_text(encoding="utf-8")))


def loaded(modules: set[str], prefixes: tuple[str, ...]) -> list[str]:
    return sorted(m for m in modules if m.startswith(prefixes) and (
        m in prefixes or any(m.startswith(p + ".") for p in prefixes)))


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_validate_does_not_import_the_report_stack(fmt: str, tmp_path: Path):
    modules = modules_after(tmp_path, "validate", str(DATA), "--format", fmt)
    assert "cicmaroc.rules.registry" in modules  # the probe really ran the validation
    assert loaded(modules, REPORT_STACK) == []


def test_validate_in_text_imports_no_other_output_format(tmp_path: Path):
    modules = modules_after(tmp_path, "validate", str(DATA))
    assert "cicmaroc.output.text" in modules
    assert loaded(modules, ("cicmaroc.output.json", "cicmaroc.output.github",
                            "cicmaroc.output.sarif")) == []


def test_the_probe_would_see_the_report_stack(tmp_path: Path):
    """The control: `cic report` does load Jinja2 and Babel, so the check above can fail."""
    modules = modules_after(tmp_path, "report", "--year", "2019", str(DATA))
    assert {"jinja2", "babel", "cicmaroc.report"} <= modules


def test_validate_builds_only_its_own_command(tmp_path: Path):
    """The command group builds the invoked command alone (cli.main.CommandGroup)."""
    modules = modules_after(tmp_path, "validate", str(DATA), "--quiet")
    assert loaded(modules, ("cicmaroc.cli.commands",)) == ["cicmaroc.cli.commands",
                                                           "cicmaroc.cli.commands.validate"]


def test_plain_validate_does_not_load_rich(tmp_path: Path):
    """Piped (as here) or with NO_COLOR, the text is written without rich."""
    modules = modules_after(tmp_path, "validate", str(DATA), "--quiet")
    assert loaded(modules, ("rich",)) == []


def test_the_probe_would_see_rich_and_every_command(tmp_path: Path):
    """The controls: help builds every command, and a table is printed with rich."""
    modules = modules_after(tmp_path, "--help")
    assert {"rich", "cicmaroc.cli.commands.fmt", "cicmaroc.cli.commands.iati"} <= modules


def test_validate_imports_only_the_models_of_the_files_there(tmp_path: Path):
    """The real data has no monitoring, readings or waivers file: their models are not imported
    (`models.kinds`); the demo has monitoring and readings files, and the control sees them."""
    kinds = ("cicmaroc.models.monitoring", "cicmaroc.models.readings", "cicmaroc.models.waivers")
    real = modules_after(tmp_path, "validate", str(DATA), "--quiet")
    assert "cicmaroc.models.logframe" in real
    assert loaded(real, kinds) == []
    demo = modules_after(tmp_path, "validate", str(REPO / "examples" / "demo" / "data"), "--quiet")
    assert loaded(demo, kinds) == ["cicmaroc.models.monitoring", "cicmaroc.models.readings"]


def test_validate_does_not_import_the_language_server(tmp_path: Path):
    """`cic lsp`'s pygls and cic's own lsp package load only for `cic lsp`; the control: `cic lsp --help`
    builds that command, which imports neither either (pygls loads when the server starts)."""
    stack = ("pygls", "lsprotocol", "cattrs", "cicmaroc.lsp")
    assert loaded(modules_after(tmp_path, "validate", str(DATA), "--quiet"), stack) == []
    assert "cicmaroc.cli.commands.lsp" in modules_after(tmp_path, "lsp", "--help")
