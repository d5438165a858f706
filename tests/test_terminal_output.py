"""Colour only on a terminal, and never with NO_COLOR: output that CI logs or files keep is plain text.

Each command is run as a real process: with its output piped (as in CI or `> file`), with and
without NO_COLOR; and on a pseudo-terminal, where colour is expected unless NO_COLOR is set.
"""

from __future__ import annotations

import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import replace_in

ANSI = "\x1b["


def _env(no_color: bool) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR", "PY_COLORS")}
    env.update({"TERM": "xterm-256color", "COLUMNS": "100"})
    if no_color:
        env["NO_COLOR"] = "1"
    return env


def _cic(*args: str) -> list[str]:
    return [sys.executable, "-m", "cicmaroc", *args]


def _on_a_terminal(command: list[str], env: dict[str, str], cwd: Path) -> str:
    """Run with stdout and stderr on a pseudo-terminal, as in an officer's terminal window."""
    master, slave = pty.openpty()
    proc = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd)
    os.close(slave)
    chunks = []
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal is closed when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(master)
    return b"".join(chunks).decode("utf-8", errors="replace")


@pytest.fixture
def broken(data_copy: Path) -> Path:
    """A data copy with one invalid amount and one file out of layout (fictional edits)."""
    replace_in(data_copy / "partners" / "evere.yaml", "budget_os1: 150145.16", "budget_os1: x")
    replace_in(data_copy / "partners" / "jette.yaml", "id: jette", "id:   jette")
    return data_copy


def _commands(data: Path) -> dict[str, list[str]]:
    """Commands whose output is styled on a terminal: findings, file lists, errors, help."""
    return {
        "validate": _cic("validate", str(data)),
        "fmt --check": _cic("fmt", "--check", str(data / "partners" / "jette.yaml")),
        "new partner (bad id)": _cic("new", "partner", "Bad Id", "--data", str(data)),
        "help": _cic("fmt", "--help"),
        "unknown option": _cic("fmt", "--frobnicate"),
    }


#: Where each command says what it has to say (stdout: findings, lists, help; stderr: errors).
SPEAKS_ON = {"validate": "out", "fmt --check": "out", "new partner (bad id)": "err", "help": "out",
             "unknown option": "err"}
#: What each shows on a terminal.
SHOWS = {"validate": "evere.yaml", "new partner (bad id)": "Bad Id"}


def test_piped_output_has_no_colour_codes(broken: Path):
    commands = _commands(broken)
    with_no_color = ("validate", "new partner (bad id)")  # the terminal test covers NO_COLOR further
    runs = {(name, no_color): subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env(no_color),
                cwd=broken.parent)
            for name, command in commands.items() for no_color in (False, True)
            if not no_color or name in with_no_color}
    for (name, no_color), proc in runs.items():
        out, err = proc.communicate(timeout=60)
        assert {"out": out, "err": err}[SPEAKS_ON[name]].strip(), name
        assert b"\x1b[" not in out and b"\x1b[" not in err, (name, "NO_COLOR" if no_color else "")


def test_terminal_gets_colour_unless_no_color(broken: Path):
    for name in ("validate", "new partner (bad id)"):
        command = _commands(broken)[name]
        coloured = _on_a_terminal(command, _env(no_color=False), broken.parent)
        assert ANSI in coloured, f"{name}: expected colour on a terminal (the test would prove nothing)"
        plain = _on_a_terminal(command, _env(no_color=True), broken.parent)
        assert ANSI not in plain, name
        assert SHOWS[name] in plain


def test_shell_completion_completes_commands_and_options(tmp_path: Path):
    """What `cic --install-completion` wires into the shell: the script answers completions."""
    env = {**_env(no_color=True), "_CIC_COMPLETE": "complete_bash"}
    found = shutil.which("cic", path=str(Path(sys.executable).parent)) or shutil.which("cic")
    assert found, "the cic script is not installed (python -m pip install -e .)"
    script = [found]
    commands = subprocess.run(script, env={**env, "COMP_WORDS": "cic fm", "COMP_CWORD": "1"},
                              capture_output=True, text=True, cwd=tmp_path, timeout=60)
    options = subprocess.run(script, env={**env, "COMP_WORDS": "cic fmt --ch", "COMP_CWORD": "2"},
                             capture_output=True, text=True, cwd=tmp_path, timeout=60)
    assert commands.stdout.split() == ["fmt"] and options.stdout.split() == ["--check"]
