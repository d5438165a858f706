"""The CI files in docs/ci/ are valid YAML and every `cic ...` line in them is a command that exists.

Each command line is checked against the real Typer app: the subcommand is registered, every
option exists, options with a fixed set of values get one of them, and required options are
given. A renamed option or a removed command breaks this test, not the officers' CI.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import typer.main
from ruamel.yaml import YAML
from tests.conftest import REPO

from cicmaroc.cli.main import app

CI = REPO / "docs" / "ci"
WORKFLOWS = [CI / "github-workflow.yml", CI / "gitlab-ci.yml"]
SHELL_OPERATORS = {">", ">>", "|", "||", "&&", ";", "2>", "2>&1"}


def _load(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _shell_texts(node: Any) -> list[str]:
    """Every string of the file that a runner executes: `run:` (GitHub), `script:`-like lists (GitLab)."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("run", "script", "before_script", "after_script"):
                found += [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)]
            else:
                found += _shell_texts(value)
    elif isinstance(node, list):
        for item in node:
            found += _shell_texts(item)
    return found


def cic_command_lines(path: Path) -> list[list[str]]:
    """The `cic` invocations in a CI file, as argument lists (shell redirections cut off)."""
    lines = []
    for text in _shell_texts(_load(path)):
        for line in text.splitlines():
            words = shlex.split(line, comments=True)
            while "cic" in words:
                words = words[words.index("cic"):]
                end = next((i for i, w in enumerate(words) if w in SHELL_OPERATORS), len(words))
                lines.append(words[:end])
                words = words[end:]
    return lines


def check_cic_command(words: list[str]) -> None:
    group: Any = typer.main.get_command(app)
    assert words[0] == "cic" and len(words) > 1, words
    command = group.get_command(None, words[1])  # Click's lazy group: each command built when asked for
    assert command is not None, f"`cic {words[1]}` is not a command (known: {group.list_commands(None)})"
    options = {opt: param for param in command.params if param.param_type_name == "option"
               for opt in (*param.opts, *param.secondary_opts)}
    given: set[str] = set()
    args = iter(words[2:])
    for word in args:
        if not word.startswith("-"):
            continue
        name, _, inline = word.partition("=")
        assert name in options, f"`cic {words[1]}` has no option {name}"
        param = options[name]
        given.add(param.name or "")
        if param.is_flag:
            continue
        value = inline or next(args, None)
        assert value is not None, f"{name} needs a value"
        choices = _choices(param)
        if choices is not None and not value.startswith("$"):
            assert value in choices, f"{name} {value}: not one of {choices}"
    for param in command.params:
        if param.param_type_name == "option" and param.required:
            assert param.name in given, f"`cic {words[1]}` needs {param.opts[0]}"


def _choices(param: Any) -> list[str] | None:
    """The values an option accepts, when it has a fixed set (Typer's own or click's parameter)."""
    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None and getattr(descriptor, "is_choice", False):
        return [str(getattr(c, "value", c)) for c in descriptor.choices]  # Enum members: their value
    choices = getattr(getattr(param, "type", None), "choices", None)
    return [str(c) for c in choices] if choices else None


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_ci_file_is_valid_yaml_and_its_cic_commands_exist(path: Path):
    commands = cic_command_lines(path)
    assert {c[1] for c in commands} >= {"validate", "fmt", "report"}
    for words in commands:
        check_cic_command(words)


def test_github_workflow_annotates_and_publishes_the_report_as_job_summary():
    workflow = _load(CI / "github-workflow.yml")
    steps = workflow["jobs"]["check"]["steps"]
    runs = [step.get("run", "") for step in steps]
    assert any(run.strip() == "cic validate --format github" for run in runs)
    [report] = [run for run in runs if "cic report" in run]
    assert "$GITHUB_STEP_SUMMARY" in report
    assert "pull_request" in workflow["on"]  # every pull request, whatever its branch
    assert workflow["on"]["pull_request"] is None  # `pull_request:` with no filter


def test_gitlab_ci_runs_the_same_checks():
    pipeline = _load(CI / "gitlab-ci.yml")
    assert "cic validate" in pipeline["validate"]["script"]
    assert pipeline["report"]["artifacts"]["paths"] == ["report.md"]


def test_the_checker_catches_what_it_should():
    for bad in (["cic", "valdate"], ["cic", "validate", "--output-file", "x"],
                ["cic", "validate", "--format", "xml"], ["cic", "report"]):
        with pytest.raises(AssertionError):
            check_cic_command(bad)
    check_cic_command(["cic", "report", "--year", "$CIC_REPORT_YEAR", "--output", "r.md"])


def test_ci_doc_explains_both_files():
    doc = (REPO / "docs" / "ci.md").read_text(encoding="utf-8")
    assert "ci/github-workflow.yml" in doc and "ci/gitlab-ci.yml" in doc
    for words in cic_command_lines(CI / "github-workflow.yml"):
        if words[1] != "report":
            assert " ".join(words) in doc, " ".join(words)
    assert re.search(r"cic report --year \"\$CIC_REPORT_YEAR\"", doc)
