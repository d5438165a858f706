"""The command line: exit codes, help everywhere, and output on the real data."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import DATA, replace_in
from typer.testing import CliRunner

from cicmaroc import __version__
from cicmaroc.cli.main import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args))


def test_version():
    result = run("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"cic {__version__}"


def test_validate_real_data_summary():
    result = run("validate", str(DATA))
    assert "10 partnerships, 12 local communes, 7 results, 23 indicators, 55 activities" \
        in " ".join(result.stdout.split())
    assert result.exit_code == 1  # the approved document's own inconsistencies (README)


def test_validate_bad_data_exits_1_and_names_file_and_line(data_copy: Path):
    replace_in(data_copy / "partners" / "evere.yaml", "budget_os1: 150145.16", "budget_os1: x")
    result = run("validate", str(data_copy), "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)
    [finding] = [f for f in doc["findings"] if f["code"] == "CIC012"]
    assert finding["location"]["file"].endswith("partners/evere.yaml")
    assert finding["location"]["line"] > 1


def test_missing_folder_is_a_usage_error(tmp_path: Path):
    result = run("validate", str(tmp_path / "nope"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_unknown_option_is_a_usage_error():
    assert run("validate", "--frobnicate").exit_code == 2


@pytest.mark.parametrize("command", [[], ["validate"]])
def test_help_on_every_command(command):
    result = run(*command, "--help")
    assert result.exit_code == 0 and "Usage" in result.stdout


def test_every_command_and_option_has_help_text():
    import typer.main

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        assert command.help, f"{name} has no help"
        for param in command.params:
            if param.param_type_name == "option":
                assert param.help, f"{name} {param.opts} has no help"


def test_text_output_has_no_colour_codes_when_piped(data_copy: Path):
    replace_in(data_copy / "partners" / "evere.yaml", "budget_os1: 150145.16", "budget_os1: x")
    proc = subprocess.run([sys.executable, "-m", "cicmaroc", "validate", str(data_copy)],
                          capture_output=True, text=True, encoding="utf-8")
    assert proc.returncode == 1
    assert "\x1b[" not in proc.stdout
    assert "evere.yaml" in proc.stdout and "budget_os1: x" in proc.stdout


def test_ctrl_c_exits_2_and_says_nothing_was_written(monkeypatch, capsys):
    from cicmaroc import api
    from cicmaroc.cli import main as cli

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "validate", interrupted)
    monkeypatch.setattr(sys, "argv", ["cic", "validate", str(DATA)])
    with pytest.raises(SystemExit) as exit_info:
        cli.command_line()
    assert exit_info.value.code == 2
    assert "interrupted" in capsys.readouterr().err
