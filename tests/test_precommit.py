"""The pre-commit hooks: their entries are real cic commands, and run as pre-commit runs them.

pre-commit runs a hook as `entry` split like a shell would, then `args`, then (unless
`pass_filenames: false`) the staged files that match `files`, from the repository's root. These
tests do exactly that in a copy of the repository's data, with the installed `cic` script.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import typer.main
from ruamel.yaml import YAML
from tests.conftest import DATA, REPO, replace_in

from cicmaroc.cli.main import app

HOOKS = YAML(typ="safe").load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
CONFIG = YAML(typ="safe").load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
LOCAL = [hook for repo in CONFIG["repos"] if repo["repo"] == "local" for hook in repo["hooks"]]


def _cic() -> list[str]:
    """The `cic` console script of this environment, as pre-commit would find it on its PATH."""
    script = shutil.which("cic", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "cicmaroc"]


def _check_command_line(words: list[str]) -> None:
    """`cic SUB [--option ...]`: the subcommand exists and takes every option given."""
    assert words[0] == "cic", words
    group = typer.main.get_command(app)
    command = group.get_command(None, words[1])  # type: ignore[attr-defined]
    assert command is not None, f"cic {words[1]} is not a command"
    known = {opt for param in command.params for opt in (*param.opts, *param.secondary_opts)}
    for word in words[2:]:
        if word.startswith("-"):
            assert word.split("=")[0] in known, f"{word} is not an option of cic {words[1]}"


STAGED = ["README.md", "data/partners/evere.yaml", "data/budget.yaml", "data/partners/jette.yaml"]


def _run(hook: dict[str, Any], root: Path, staged: list[str] = STAGED) -> subprocess.CompletedProcess[str]:
    """Run a hook the way pre-commit does: on the staged files its `files` pattern selects."""
    pattern = re.compile(hook.get("files", ""))
    selected = [f for f in staged if pattern.search(f)]
    assert selected, "pre-commit would not run this hook for these files"
    words = shlex.split(hook["entry"])
    command = [*_cic(), *words[1:], *hook.get("args", [])]
    if hook.get("pass_filenames", True):
        command += selected
    return subprocess.run(command, cwd=root, capture_output=True, text=True, encoding="utf-8",
                          env={**_clean_env(), "NO_COLOR": "1"}, timeout=120)


def _clean_env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "PY_COLORS")}


@pytest.fixture
def repo_copy(tmp_path: Path) -> Path:
    """A data repository: data/ copied from this one, nothing else."""
    shutil.copytree(DATA, tmp_path / "data")
    return tmp_path


def _hook(hook_id: str) -> dict[str, Any]:
    [hook] = [h for h in HOOKS if h["id"] == hook_id]
    return hook  # type: ignore[no-any-return]


def test_hooks_file_declares_validate_and_fmt_with_real_commands():
    assert {h["id"] for h in HOOKS} >= {"cic-validate", "cic-fmt"}
    for hook in HOOKS:
        assert {"id", "name", "entry", "language"} <= set(hook)
        assert hook["language"] == "python"  # pre-commit installs cic from this repository
        _check_command_line(shlex.split(hook["entry"]) + hook.get("args", []))
    assert _hook("cic-validate")["pass_filenames"] is False
    assert re.search(_hook("cic-fmt")["files"], "data/partners/evere.yaml")
    assert not re.search(_hook("cic-fmt")["files"], "src/cicmaroc/cli.py")


def test_hooks_given_files_run_once_over_all_of_them():
    """pre-commit splits the staged files into batches run in parallel unless a hook asks for one run:
    `cic fmt --check` would print one contradictory summary per batch ("1 of 3", "2 of 4")."""
    for hook in [*HOOKS, *LOCAL]:
        if hook.get("pass_filenames", True) and hook["entry"].startswith("cic "):
            assert hook.get("require_serial") is True, hook["id"]


def test_this_repository_uses_the_same_hooks():
    ids = {hook["id"] for hook in LOCAL}
    assert {"cic-validate", "cic-fmt"} <= ids
    for hook in LOCAL:
        if hook["entry"].startswith("cic "):
            _check_command_line(shlex.split(hook["entry"]))
    for hook_id in ("cic-validate", "cic-fmt"):
        [mine] = [h for h in LOCAL if h["id"] == hook_id]
        assert mine["entry"] == _hook(hook_id)["entry"] and mine["files"] == _hook(hook_id)["files"]


def test_fmt_hook_passes_on_the_data_and_fails_on_a_file_out_of_layout(repo_copy: Path):
    hook = _hook("cic-fmt")
    assert _run(hook, repo_copy).returncode == 0
    replace_in(repo_copy / "data" / "partners" / "evere.yaml", "budget_os1: 150145.16",
               "budget_os1:    150145.16")
    result = _run(hook, repo_copy)
    assert result.returncode == 1
    assert "data/partners/evere.yaml" in result.stdout
    assert "budget_os1:    150145.16" in (repo_copy / "data/partners/evere.yaml").read_text(encoding="utf-8")


EXAMPLES = sorted(p.name for p in (REPO / "examples").iterdir() if (p / "data").is_dir())


@pytest.mark.parametrize("example", EXAMPLES)
def test_a_repository_started_from_an_example_passes_the_fmt_hook(tmp_path: Path, example: str):
    """Whoever copies an example's data/ to start a repository passes the hook at once."""
    shutil.copytree(REPO / "examples" / example / "data", tmp_path / "data")
    staged = sorted(str(p.relative_to(tmp_path)) for p in (tmp_path / "data").rglob("*.yaml"))
    result = _run(_hook("cic-fmt"), tmp_path, staged)
    assert result.returncode == 0, result.stdout
    assert f"Files checked: {len(staged)}; all in the canonical layout." in result.stdout


def test_fmt_fix_hook_rewrites_and_then_the_check_passes(repo_copy: Path):
    replace_in(repo_copy / "data" / "partners" / "evere.yaml", "budget_os1: 150145.16",
               "budget_os1:    150145.16")
    assert _run(_hook("cic-fmt-fix"), repo_copy).returncode == 0
    assert _run(_hook("cic-fmt"), repo_copy).returncode == 0
    fixed = (repo_copy / "data/partners/evere.yaml").read_bytes()
    assert fixed == (DATA / "partners/evere.yaml").read_bytes()


def test_validate_hook_exits_as_cic_validate_and_names_a_broken_file(repo_copy: Path):
    from cicmaroc import api

    hook = _hook("cic-validate")
    findings = api.validate(repo_copy / "data").findings
    expected = 1 if findings.active() else 0  # the approved document's own slips, while not waived
    assert _run(hook, repo_copy).returncode == expected
    replace_in(repo_copy / "data" / "partners" / "evere.yaml", "budget_os1: 150145.16", "budget_os1: x")
    result = _run(hook, repo_copy)
    assert result.returncode == 1
    assert "data/partners/evere.yaml" in result.stdout and "budget_os1: x" in result.stdout
    assert "\x1b[" not in result.stdout
