"""The `cic lsp` exchange in a real editor: headless Neovim, its built-in LSP client, and the Neovim
configuration the README documents (editors/neovim/cic.lua), scripted in tests/nvim/lsp_exchange.lua.

The same exchange as tests/test_lsp_server.py drives with our own client: open a partner file,
change its Budget OS 1 in the buffer only, CIC201 moves on budget.yaml (never opened); hover,
definition and completion on a commune of the monitoring; the waiver action applied by Neovim.
Outside CI the test skips, with the reason shown, when `nvim` is not installed (.ci/run installs
it); under CI=true it fails instead.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, external_tool_missing
from tests.test_lsp_server import DEMO, budgets


def test_the_exchange_in_headless_neovim(tmp_path: Path):
    nvim = shutil.which("nvim")
    if nvim is None:
        external_tool_missing("nvim is not installed (apt install neovim)")
    workspace = tmp_path / "programme"
    shutil.copytree(DEMO, workspace / "data")
    data = workspace / "data"
    monitoring = (data / "monitoring" / "2019.yaml").read_text(encoding="utf-8")
    commune = re.search(r"^  ([a-z-]+):$", monitoring, re.MULTILINE)
    assert commune
    sums = budgets(data)
    before, after = sum(sums.values()), sum(sums.values()) - sums["evere"] + 100000
    result = tmp_path / "result.json"
    env = {**os.environ, "CIC_CONFIG": str(REPO / "editors" / "neovim" / "cic.lua"),
           "CIC_PYTHON": sys.executable, "CIC_WORKSPACE": str(workspace), "CIC_COMMUNE": commune.group(1),
           "CIC_RESULT": str(result),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_DATA_HOME": str(tmp_path / "share"), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    script = REPO / "tests" / "nvim" / "lsp_exchange.lua"
    done = subprocess.run([nvim, "--headless", "--clean", "-c", f"luafile {script}"], cwd=workspace, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=300)
    assert result.exists(), done.stderr[-3000:]
    found = json.loads(result.read_text(encoding="utf-8"))
    assert all("timed out" not in s for s in found["steps"]), (found["steps"], done.stderr[-3000:])

    assert f"{before:,.2f} EUR" in found["before"][0]["message"]
    (moved,) = found["after"]
    assert f"add up to {after:,.2f} EUR" in moved["message"]
    assert found["modified"] is True  # changed in the buffer only, never saved
    assert (data / "partners" / "evere.yaml").read_bytes() == (DEMO / "partners" / "evere.yaml").read_bytes()

    defining = next(p for p in sorted((data / "partners").glob("*.yaml"))
                    if f"- id: {commune.group(1)}\n" in p.read_text(encoding="utf-8"))
    assert f"partner commune `{commune.group(1)}`" in found["hover"]
    assert f"partners/{defining.name}" in found["hover"]
    assert found["definition"]["uri"] == defining.as_uri()
    logframe = (data / "logframe.yaml").read_text(encoding="utf-8")
    measure = re.search(r"measures:\n\s+- id: ([a-z_-]+)", logframe[logframe.index("- id: IOV 1\n"):])
    assert measure and measure.group(1) in found["completion"]

    assert any("waivers.yaml" in title for title in found["actions"])
    assert found["waiver_line"].endswith("  # cic: ignore[CIC201]")
    assert [d["line"] for d in found["cic901"]] == [found["cic201_line"]]
