"""`cic lsp` driven by a real LSP client over stdio (tests/lsp_client.py), as an editor drives it.

The programme is a private copy of the demo (examples/demo/data: the real plan with FICTIONAL
monitoring), so no test depends on what data/ holds. Every expectation is computed from the copy's
own files (the partnerships' Budget OS 1, an id's line), never written down here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import REPO
from tests.lsp_client import LanguageServer

DEMO = REPO / "examples" / "demo" / "data"
HANDLERS = {"workspace/configuration": lambda params: [None] * len(params["items"]),
            "client/registerCapability": lambda params: None,
            "window/workDoneProgress/create": lambda params: None}


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "data")
    return tmp_path


def start(workspace: Path, *args: str) -> LanguageServer:
    server = LanguageServer([sys.executable, "-m", "cicmaroc", "lsp", *args], cwd=workspace,
                            on_request=HANDLERS, timeout=60)
    server.request("initialize", {"processId": os.getpid(), "rootUri": workspace.as_uri(),
                                  "capabilities": {}, "initializationOptions": {"lang": "en"},
                                  "workspaceFolders": [{"uri": workspace.as_uri(), "name": "programme"}]})
    server.notify("initialized", {})
    return server


def position(text: str, needle: str, offset: int = 0) -> dict[str, int]:
    """The 0-based line and character of `needle` in `text` (+ `offset` characters)."""
    before = text[: text.index(needle) + offset]
    return {"line": before.count("\n"), "character": len(before) - (before.rfind("\n") + 1)}


def change(server: LanguageServer, uri: str, version: int, text: str, old: str, new: str) -> str:
    """Replace `old` by `new` in the open buffer, as an editor's incremental change; the new text."""
    start = position(text, old)
    end = position(text, old, len(old))
    server.notify("textDocument/didChange", {
        "textDocument": {"uri": uri, "version": version},
        "contentChanges": [{"range": {"start": start, "end": end}, "text": new}]})
    return text.replace(old, new, 1)


def budgets(data: Path) -> dict[str, Decimal]:
    found = {}
    for path in sorted((data / "partners").glob("*.yaml")):
        match = re.search(r"^budget_os1: ([0-9.]+)$", path.read_text(encoding="utf-8"), re.MULTILINE)
        assert match, path
        found[path.stem] = Decimal(match.group(1))
    return found


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


def codes(diagnostics: list[dict[str, Any]]) -> list[str]:
    return [d["code"] for d in diagnostics]


def test_a_changed_budget_os1_in_an_unsaved_buffer_moves_cic201_on_budget_yaml(workspace: Path):
    data = workspace / "data"
    partner, budget = data / "partners" / "evere.yaml", data / "budget.yaml"
    sums = budgets(data)
    before, after = sum(sums.values()), sum(sums.values()) - sums["evere"] + Decimal("100000.00")
    files = snapshot(data)
    with start(workspace) as server:
        published = server.diagnostics(budget.as_uri())  # a file never opened gets its diagnostics
        assert any(f"add up to {before:,.2f} EUR" in d["message"] for d in published if d["code"] == "CIC201")
        text = partner.read_text(encoding="utf-8")
        server.open(partner.as_uri(), text)
        change(server, partner.as_uri(), 2, text, f"budget_os1: {sums['evere']}", "budget_os1: 100000.00")
        moved = server.diagnostics(budget.as_uri(), until=lambda ds: any(
            f"add up to {after:,.2f} EUR" in d["message"] for d in ds))
        cic201 = [d for d in moved if d["code"] == "CIC201"]
        assert len(cic201) == 1 and cic201[0]["severity"] == 1 and cic201[0]["source"] == "cic"
        grand_total = position(budget.read_text(encoding="utf-8"), "grand_total: 1697293.05", 13)
        assert cic201[0]["range"]["start"] == grand_total  # on the stated figure, underlined whole
        assert cic201[0]["range"]["end"]["character"] == grand_total["character"] + len("1697293.05")
        related = {r["location"]["uri"] for r in cic201[0]["relatedInformation"]}
        assert partner.as_uri() in related and len(related) == len(sums)
    assert snapshot(data) == files  # the buffer only: nothing saved, nothing written


def test_hover_definition_references_completion_and_the_waiver_action(workspace: Path):
    data = workspace / "data"
    monitoring, budget = data / "monitoring" / "2019.yaml", data / "budget.yaml"
    text = monitoring.read_text(encoding="utf-8")
    commune = re.search(r"^  ([a-z-]+):$", text, re.MULTILINE)
    assert commune
    defining = next(p for p in sorted((data / "partners").glob("*.yaml"))
                    if f"- id: {commune.group(1)}\n" in p.read_text(encoding="utf-8"))
    defined_at = position(defining.read_text(encoding="utf-8"), f"- id: {commune.group(1)}\n", 6)
    files = snapshot(data)
    with start(workspace) as server:
        server.diagnostics(budget.as_uri())
        server.open(monitoring.as_uri(), text)
        server.diagnostics(monitoring.as_uri())
        where = {"textDocument": {"uri": monitoring.as_uri()},
                 "position": position(text, f"  {commune.group(1)}:", 3)}

        hover = server.request("textDocument/hover", where)["contents"]["value"]
        assert f"partner commune `{commune.group(1)}`" in hover
        assert f"data/partners/{defining.name}, line {defined_at['line'] + 1}" in hover

        definition = server.request("textDocument/definition", where)
        assert [(d["uri"], d["range"]["start"]) for d in definition] == [(defining.as_uri(), defined_at)]

        references = server.request("textDocument/references",
                                    {**where, "context": {"includeDeclaration": True}})
        uris = {r["uri"] for r in references}
        assert defining.as_uri() in uris and monitoring.as_uri() in uris
        assert len(references) >= 2

        # completion: the measures of IOV 1 (from the logframe) inside a monitoring entry being typed
        typed = change(server, monitoring.as_uri(), 2, text, f"  {commune.group(1)}:\n",
                       f"  {commune.group(1)}:\n    IOV 1: {{\n")
        cursor = position(typed, "    IOV 1: {\n", len("    IOV 1: {"))
        offered = server.request("textDocument/completion", {"textDocument": {"uri": monitoring.as_uri()},
                                                             "position": cursor})
        logframe = (data / "logframe.yaml").read_text(encoding="utf-8")
        iov1 = logframe[logframe.index("- id: IOV 1\n"):]
        first_measure = re.search(r"measures:\n\s+- id: ([a-z_-]+)", iov1)
        assert first_measure
        assert first_measure.group(1) in [item["label"] for item in offered["items"]]
        server.notify("textDocument/didChange", {"textDocument": {"uri": monitoring.as_uri(), "version": 3},
                                                 "contentChanges": [{"text": text}]})

        # hover on a T3 figure: what it adds into and the stated total
        budget_text = budget.read_text(encoding="utf-8")
        server.open(budget.as_uri(), budget_text)
        on_figure = position(budget_text, "grand_total: 1697293.05", 15)
        figure = server.request("textDocument/hover", {"textDocument": {"uri": budget.as_uri()},
                                                       "position": on_figure})
        assert "1,697,293.05 EUR" in figure["contents"]["value"]
        assert "Budget OS 1" in figure["contents"]["value"]

        # the waiver action on CIC201, applied by the client: CIC901 asks for the reason left to
        # write; once the officer writes it, CIC201 is acknowledged
        published = server.diagnostics(budget.as_uri())
        cic201 = next(d for d in published if d["code"] == "CIC201")
        actions = server.request("textDocument/codeAction", {
            "textDocument": {"uri": budget.as_uri()}, "range": cic201["range"],
            "context": {"diagnostics": [cic201]}})
        inline = next(a for a in actions if "on this line" in a["title"] and "CIC201" in a["title"])
        assert inline["diagnostics"][0]["code"] == "CIC201"
        (edit,) = inline["edit"]["documentChanges"]
        assert edit["textDocument"]["uri"] == budget.as_uri()
        (text_edit,) = edit["edits"]
        assert text_edit["newText"] == "  # cic: ignore[CIC201]"
        line = text_edit["range"]["start"]["line"]
        assert line == cic201["range"]["start"]["line"]
        server.notify("textDocument/didChange", {"textDocument": {"uri": budget.as_uri(), "version": 2},
                                                 "contentChanges": [{"range": text_edit["range"],
                                                                     "text": text_edit["newText"]}]})
        asked = server.diagnostics(budget.as_uri(), until=lambda ds: "CIC901" in codes(ds))
        assert [d["range"]["start"]["line"] for d in asked if d["code"] == "CIC901"] == [line]
        assert "CIC201" in codes(asked)  # a waiver without a reason waives nothing
        end = {"line": line,
               "character": text_edit["range"]["start"]["character"] + len(text_edit["newText"])}
        reason = {"range": {"start": end, "end": end}, "text": " printed so; seen by the officers"}
        server.notify("textDocument/didChange", {"textDocument": {"uri": budget.as_uri(), "version": 3},
                                                 "contentChanges": [reason]})
        server.diagnostics(budget.as_uri(), until=lambda ds: not {"CIC201", "CIC901"} & set(codes(ds)))
        in_file = next(a for a in actions if "waivers.yaml" in a["title"] and "CIC201" in a["title"])
        created = in_file["edit"]["documentChanges"]
        assert created[0]["kind"] == "create" and created[0]["uri"] == (data / "waivers.yaml").as_uri()
        assert "code: CIC201" in created[1]["edits"][0]["newText"]
        assert 'reason: ""' in created[1]["edits"][0]["newText"]
    assert snapshot(data) == files  # actions are edits the editor applies: the server wrote nothing


def test_an_unreadable_or_huge_buffer_is_a_finding_and_the_server_goes_on(workspace: Path):
    data = workspace / "data"
    (workspace / "cic.toml").write_text("max-file-size = 20000\n", encoding="utf-8")
    partner, other = data / "partners" / "evere.yaml", data / "partners" / "jette.yaml"
    with start(workspace) as server:
        server.diagnostics((data / "budget.yaml").as_uri())
        server.open(partner.as_uri(), "id: evere\x00\n")
        assert "CIC002" in codes(server.diagnostics(partner.as_uri(), until=lambda ds: "CIC002" in codes(ds)))
        server.notify("textDocument/didChange", {"textDocument": {"uri": partner.as_uri(), "version": 2},
                                                 "contentChanges": [{"text": "id: [evere\n"}]})
        assert "CIC003" in codes(server.diagnostics(partner.as_uri(), until=lambda ds: "CIC003" in codes(ds)))
        server.notify("textDocument/didChange", {"textDocument": {"uri": partner.as_uri(), "version": 3},
                                                 "contentChanges": [{"text": "# x\n" * 10000}]})
        huge = server.diagnostics(partner.as_uri(), until=lambda ds: "CIC007" in codes(ds))
        assert huge[0]["range"]["start"]["line"] == 0
        server.open(other.as_uri(), "id: jette\ntitle: [" * 3000)  # deep and broken, under the limit
        server.diagnostics(other.as_uri(), until=lambda ds: bool(ds))
        text = (data / "budget.yaml").read_text(encoding="utf-8")
        server.open((data / "budget.yaml").as_uri(), text)
        assert server.request("textDocument/hover", {"textDocument": {"uri": (data / "budget.yaml").as_uri()},
                                                     "position": position(text, "grand_total", 14)})
        assert server.returncode is None


def test_a_file_of_another_data_folder_brings_its_folder(tmp_path: Path):
    """Opening examples/demo/data/... in a repository whose own data/ is elsewhere checks that folder too."""
    repo = tmp_path / "repo"
    shutil.copytree(DEMO, repo / "examples" / "demo" / "data")
    partner = repo / "examples" / "demo" / "data" / "partners" / "evere.yaml"
    with start(repo) as server:
        server.open(partner.as_uri(), partner.read_text(encoding="utf-8"))
        budget = repo / "examples" / "demo" / "data" / "budget.yaml"
        assert "CIC201" in codes(server.diagnostics(budget.as_uri()))


def test_without_pygls_cic_lsp_says_how_to_install_it(tmp_path: Path):
    probe = ("import sys; sys.modules['pygls'] = None; sys.argv = ['cic', 'lsp']\n"
             "from cicmaroc.cli import process; process.main()")
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=60)
    assert done.returncode == 2
    assert "pip install 'cicmaroc[lsp]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_the_collection_files_are_checked_and_their_reporters_known(workspace: Path):
    """Issue 26's files: data/due-dates.yaml and data/evidence.yaml are checked as typed (their kinds
    come from the loader's list, nothing in the server names them), and a reporter's id under
    `received:` or a due date's `reporters:` is an id like any other (hover names the commune)."""
    data = workspace / "data"
    due, record = data / "due-dates.yaml", data / "evidence.yaml"
    monitoring = data / "monitoring" / "2019.yaml"
    misspelt = due.read_text(encoding="utf-8").replace("      gourrama:", "      gourama:")
    unnamed = record.read_text(encoding="utf-8").replace("  2019/etterbeek/rapport-financier-2019.pdf:",
                                                         "  2019/etterbeek/rapport-2019.pdf:")
    text = monitoring.read_text(encoding="utf-8")
    with start(workspace) as server:
        server.open(due.as_uri(), misspelt)
        found = server.diagnostics(due.as_uri(), until=lambda d: any(x.get("code") == "CIC742" for x in d))
        [(line, said)] = [(d["range"]["start"]["line"], d["message"]) for d in found
                          if d.get("code") == "CIC742"]
        lines = misspelt.splitlines()
        assert line == next(n for n, row in enumerate(lines) if row.startswith("      gourama:"))
        assert "gourrama" in said  # the nearest id suggested
        server.open(record.as_uri(), unnamed)
        found = server.diagnostics(record.as_uri(),
                                   until=lambda d: any(x.get("code") == "CIC756" for x in d))
        assert [d["range"]["start"]["line"] for d in found if d.get("code") == "CIC756"] == [
            next(n for n, row in enumerate(unnamed.splitlines()) if row.startswith("  2019/etterbeek/"))]
        server.open(monitoring.as_uri(), text)
        server.diagnostics(monitoring.as_uri())
        received = next(n for n, row in enumerate(text.splitlines()) if row.startswith("received:")) + 1
        reporter = text.splitlines()[received].split(":")[0].strip()
        hover = server.request("textDocument/hover", {"textDocument": {"uri": monitoring.as_uri()},
                                                      "position": {"line": received, "character": 3}})
        assert f"`{reporter}`" in hover["contents"]["value"]
