"""The VS Code extension (editors/vscode/) builds into a .vsix that holds what VS Code loads.

`npm run package` (vsce, pinned in editors/vscode/package-lock.json and installed by .ci/run with
`npm ci`) is run on a copy of the folder, and the package is opened as VS Code opens it: the
manifest, the client and the language client library it requires. VS Code itself is not run:
it is no package of any registry CI may use (its test runner downloads it from elsewhere), so
the client's behaviour is the server's, tested through an LSP client and Neovim instead
(tests/test_lsp_server.py, tests/test_lsp_neovim.py). Outside CI the test skips, with the reason
shown, when node or the folder's npm packages are missing; under CI=true it fails instead.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

from tests.conftest import REPO, external_tool_missing

EXTENSION = REPO / "editors" / "vscode"


def test_npm_run_package_builds_an_installable_vsix(tmp_path: Path):
    npm = shutil.which("npm")
    if npm is None or shutil.which("node") is None:
        external_tool_missing("node and npm are not installed")
    if not (EXTENSION / "node_modules" / ".bin" / "vsce").exists():
        external_tool_missing("the extension's npm packages are not installed (cd editors/vscode && npm ci)")
    copy = tmp_path / "vscode"
    copy.mkdir()
    for name in ("package.json", "package-lock.json", "extension.js", ".vscodeignore", "README.md"):
        shutil.copy2(EXTENSION / name, copy / name)
    (copy / "node_modules").symlink_to(EXTENSION / "node_modules")
    done = subprocess.run([npm, "run", "package"], cwd=copy, capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    with zipfile.ZipFile(copy / "cic-lsp.vsix") as vsix:
        names = set(vsix.namelist())
        manifest = json.loads(vsix.read("extension/package.json"))
        client = vsix.read("extension/extension.js").decode("utf-8")
    assert {"extension.vsixmanifest", "extension/extension.js",
            "extension/node_modules/vscode-languageclient/node.js"} <= names
    assert not any(n.startswith("extension/node_modules/@vscode/vsce/") for n in names)  # build tool left out
    assert manifest["main"] == "./extension.js" and manifest["contributes"]["configuration"]["properties"][
        "cic.command"]["default"] == ["cic", "lsp"]
    assert "vscode-languageclient/node" in client and "TransportKind.stdio" in client
    checked = subprocess.run(["node", "--check", str(copy / "extension.js")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
