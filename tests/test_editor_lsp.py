"""The editor promise, checked with the real YAML language server that VS Code's YAML extension runs.

The README promises completion, hover help and red underlines for mistakes while an officer types.
This module starts the npm package `yaml-language-server` (pinned in package.json, installed with
`npm ci` into ./node_modules by .ci/run) once per test session and speaks LSP to it over stdio
(tests/lsp_client.py), configured exactly as VS Code would be from this repository's
.vscode/settings.json: `yaml.schemas` and the other `yaml.*` settings go out through
workspace/didChangeConfiguration and the answers to the server's workspace/configuration
requests, with the repository as the workspace root. Then, for documents opened as editor tabs:

- every YAML file in data/ and examples/*/data/ gets no diagnostic at all;
- for each kind of data file, a planted mistake (a misspelt key, a wrongly typed value, a bad
  date, a missing required field) is underlined on its line, and nowhere else;
- hover on a key shows that field's description from the schema;
- completion inside a mapping offers the keys that mapping is still missing.

The kinds come from .vscode/settings.json: each `"./schemas/<kind>.schema.json": "<glob>"` entry
is a kind. To cover a new kind of data file (readings, narrative, ...):

1. register its model with the loader; `cic schema` writes schemas/<kind>.schema.json;
2. map the schema to its files in .vscode/settings.json (and in the README's editor section);
3. add tests/editor/<kind>.yaml, a fixture of mistakes, for example::

       path: data/readings/2019.yaml      # a valid file of the kind (or an inline `text: |`
                                          # with the path it would have), matched by the mapping
       hover: readings/0/value            # a key, as a path of keys and list positions: hover
                                          # shows its description; completion, on its line with
                                          # the rest of the file cut, offers its mapping's keys
       mistakes:                          # each is one text edit of the valid document
         misspelt key:           {replace: "value: 12", with: "valeu: 12", says: valeu, cic: CIC011}
         wrongly typed value:    {replace: "value: 12", with: "value: douze", says: Incorrect type,
                                  cic: CIC012}
         bad date:               {replace: "on: 2019-05-02", with: "on: 02/05/2019", says: date,
                                  cic: CIC012}
         missing required field: {replace: "  on: 2019-05-02\\n", with: "", at: "- id: r1",
                                  says: Missing property "on", cic: CIC010}
       beyond the schema:                 # optional: mistakes only cic sees, each with why
         unknown file:           {replace: "file: logframe.yaml", with: "file: logframe2.yaml",
                                  cic: CIC915, why: "the files of the data folder are not in the schema"}

   A diagnostic is expected on the first line the edit changes, and on no other line; when the
   edit removes lines, on the first line that starts with `at` (a missing field is reported where
   its mapping starts: the first key of the file or list item, or the mapping's key). `says` is a
   piece of the expected message. "misspelt key", "wrongly typed value" and "missing required
   field" are required for every kind; "bad date" is required exactly when the kind's schema has a
   date (today only partner files have one: `partnership_start`), so a kind that gains a date
   fails here until its fixture plants a bad one. More named mistakes may be added.

   `cic` is the code `cic validate` reports for the same mistake, on the same line (or on the first
   line starting with `cic_at`): tests/test_schema_agreement.py holds the editor and cic to
   agreeing on every mistake of every fixture. `beyond the schema:` lists mistakes JSON Schema
   cannot see (a reference to another file, a sum), each with `why` and the `cic` code that
   reports it: the agreement test checks that the schema passes them and cic reports them.

Outside CI the tests skip, with the reason shown, when node or the server is not installed
(`npm ci` at the repository root installs it); under CI=true they fail instead.
"""

from __future__ import annotations

import functools
import json
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from ruamel.yaml import YAML
from tests.conftest import DATA, REPO, external_tool_missing
from tests.lsp_client import LanguageServer

SETTINGS = REPO / ".vscode" / "settings.json"
FIXTURES = Path(__file__).parent / "editor"
SERVER = "yaml-language-server"
SERVER_DIR = REPO / "node_modules" / SERVER
REQUIRED_MISTAKES = {"misspelt key", "wrongly typed value", "missing required field"}
DATE_MISTAKE = "bad date"
DATE_FORMATS = {"date", "date-time"}


# -- what the repository says: the settings, the kinds, the valid files, the fixtures ---------------

def vscode_settings() -> dict[str, Any]:
    settings: dict[str, Any] = json.loads(SETTINGS.read_text(encoding="utf-8"))
    return settings


def schema_mapping() -> dict[str, tuple[Path, tuple[str, ...]]]:
    """Each kind of data file: its schema and the globs of its files, from .vscode/settings.json."""
    mapping = {}
    for schema, globs in vscode_settings()["yaml.schemas"].items():
        path = (REPO / schema).resolve()
        globs = [globs] if isinstance(globs, str) else globs
        mapping[path.name.removesuffix(".schema.json")] = (path, tuple(globs))
    return mapping


def valid_files() -> list[Path]:
    found = [p for root in [DATA, *sorted(REPO.glob("examples/*/data"))]
             for p in root.rglob("*") if p.suffix in (".yaml", ".yml")]
    return sorted(found)


def kind_of(relative: str) -> list[str]:
    """The kinds one of whose globs matches a path."""
    return [kind for kind, (_schema, globs) in schema_mapping().items()
            if any(PurePosixPath(relative).match(glob) for glob in globs)]


@dataclass(frozen=True)
class Mistake:
    kind: str
    name: str
    relative: str  # the path the document plays, relative to the workspace
    text: str
    line: int  # 0-based, as LSP counts
    says: str  # a piece of the editor's message ("" for a mistake the schema cannot see)
    cic: str  # the code `cic validate` reports for it (tests/test_schema_agreement.py)
    cic_line: int  # 0-based: where cic reports it (`cic_at`; the editor's line by default)
    why: str = ""  # for a mistake the schema cannot see: why JSON Schema cannot say it


@dataclass(frozen=True)
class KindFixture:
    kind: str
    relative: str
    text: str
    hover: tuple[str | int, ...]
    mistakes: dict[str, dict[str, str]]
    beyond: dict[str, dict[str, str]]  # `beyond the schema:` mistakes only cic sees

    def planted(self) -> Iterator[Mistake]:
        """The mistakes the schema underlines."""
        for name, edit in self.mistakes.items():
            yield self._plant(name, edit)

    def unseen(self) -> Iterator[Mistake]:
        """The mistakes JSON Schema cannot see (`beyond the schema:`), each with its reason."""
        for name, edit in self.beyond.items():
            where = f"tests/editor/{self.kind}.yaml, {name}"
            assert edit.get("why"), f"{where}: say `why` the schema cannot see it"
            yield self._plant(name, {**edit, "says": ""})

    def _plant(self, name: str, edit: dict[str, str]) -> Mistake:
        where = f"tests/editor/{self.kind}.yaml, {name}"
        assert self.text.count(edit["replace"]) == 1, f"{where}: `replace` must occur exactly once"
        assert edit.get("cic", "").startswith("CIC"), f"{where}: name the `cic` code that reports it"
        start = self.text.index(edit["replace"])
        text = self.text[:start] + edit["with"] + self.text[start + len(edit["replace"]):]
        if "at" in edit:
            line = line_starting(text, edit["at"], where)
        else:  # the first line the edit changed
            assert edit["with"].strip(), f"{where}: an edit that removes a line needs `at`"
            pairs = zip(self.text.splitlines(), text.splitlines(), strict=False)
            line = next(n for n, (old, new) in enumerate(pairs) if old != new)
        cic_line = line_starting(text, edit["cic_at"], where) if "cic_at" in edit else line
        return Mistake(self.kind, name, self.relative, text, line, edit["says"], edit["cic"], cic_line,
                       edit.get("why", ""))


def line_starting(text: str, start: str, where: str = "") -> int:
    """The first line (0-based) of `text` that starts with `start`."""
    lines = [n for n, line in enumerate(text.splitlines()) if line.startswith(start)]
    assert lines, f"{where}: no line starts with {start!r}"
    return lines[0]


@functools.cache
def load_fixture(kind: str) -> KindFixture:
    path = FIXTURES / f"{kind}.yaml"
    assert path.is_file(), f"kind {kind!r} has no fixture of mistakes: add {path.relative_to(REPO)}"
    raw = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    text = raw.get("text") or (REPO / raw["path"]).read_text(encoding="utf-8")
    hover = tuple(int(p) if p.isdigit() else p for p in str(raw["hover"]).split("/"))
    beyond = raw.get("beyond the schema") or {}
    return KindFixture(kind, raw["path"], text, hover, raw["mistakes"], beyond)


KINDS = sorted(schema_mapping())
MISTAKES = [m for kind in KINDS if (FIXTURES / f"{kind}.yaml").is_file()
            for m in load_fixture(kind).planted()]


@functools.cache
def schema_of(kind: str) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(schema_mapping()[kind][0].read_text(encoding="utf-8"))
    return schema


def has_date(node: Any) -> bool:
    if isinstance(node, dict):
        return node.get("format") in DATE_FORMATS or any(has_date(v) for v in node.values())
    return isinstance(node, list) and any(has_date(v) for v in node)


def subschema(schema: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
    """The schema of the value at `path` (keys and list positions), through $ref and nullable anyOf."""
    node = schema
    for step in path:
        node = _concrete(schema, node)
        node = node["items"] if isinstance(step, int) else node["properties"][step]
    return node


def _concrete(root: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while True:
        if "$ref" in node:
            node = root["$defs"][node["$ref"].removeprefix("#/$defs/")]
        elif "anyOf" in node and len(options := [o for o in node["anyOf"] if o.get("type") != "null"]) == 1:
            node = options[0]
        else:
            return node


def key_position(text: str, path: tuple[str | int, ...]) -> tuple[int, int, set[str]]:
    """Line and column (0-based) of the last key of `path` in a YAML text, and its mapping's keys above it."""
    mapping: Any = YAML(typ="rt").load(text)
    for step in path[:-1]:
        mapping = mapping[step]
    line, column = mapping.lc.key(path[-1])
    above = {str(key) for key in mapping if mapping.lc.key(key)[0] < line}
    return int(line), int(column), above


def document_uri(root: Path, label: str, relative: str, text: str) -> str:
    """Where a test document lives: a file under `root` whose path ends like the real one's."""
    path = root / re.sub(r"[^a-z0-9]+", "-", label.lower()) / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path.as_uri()


# -- the server -------------------------------------------------------------------------------------

def server_command() -> list[str]:
    """node + the pinned server from ./node_modules; skips (fails under CI=true) when either is missing."""
    node = shutil.which("node")
    if node is None:
        external_tool_missing("node is not installed: the editor tests run the npm package "
                              f"{SERVER} (apt-get install nodejs npm, then `npm ci`)")
    pinned = json.loads((REPO / "package.json").read_text(encoding="utf-8"))["devDependencies"][SERVER]
    manifest = SERVER_DIR / "package.json"
    installed = json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.is_file() else None
    if installed != pinned:
        external_tool_missing(f"{SERVER} {pinned} is not installed in node_modules/ (found "
                              f"{installed or 'none'}): run `npm ci` at the repository root")
    return [node, str(SERVER_DIR / "bin" / SERVER), "--stdio"]


def settings_section(section: str) -> Any:
    """What VS Code answers for one configuration section: `yaml` gathers the `yaml.*` settings."""
    settings = vscode_settings()
    if section in settings:
        return settings[section]
    nested: dict[str, Any] = {}
    for key, value in settings.items():
        if key.startswith(section + "."):
            *parents, leaf = key[len(section) + 1:].split(".")
            place = nested
            for parent in parents:
                place = place.setdefault(parent, {})
            place[leaf] = value
    return nested


def _configuration(params: Any) -> list[Any]:
    return [settings_section(item.get("section", "")) for item in params["items"]]


CAPABILITIES = {
    "workspace": {"configuration": True, "workspaceFolders": True,
                  "didChangeConfiguration": {"dynamicRegistration": True}},
    "textDocument": {
        "synchronization": {"dynamicRegistration": False},
        "publishDiagnostics": {"relatedInformation": True},
        "hover": {"contentFormat": ["markdown", "plaintext"]},
        "completion": {"completionItem": {"snippetSupport": True,
                                          "documentationFormat": ["markdown", "plaintext"]}},
    },
}


@pytest.fixture(scope="session")
def editor(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LanguageServer]:
    """One language server for the session, initialised on the repository and configured from its settings."""
    command = server_command()
    handlers = {"workspace/configuration": _configuration,
                "client/registerCapability": lambda _params: None,
                "client/unregisterCapability": lambda _params: None,
                "window/workDoneProgress/create": lambda _params: None}
    with LanguageServer(command, cwd=REPO, on_request=handlers) as server:
        result = server.request("initialize", {
            "processId": os.getpid(), "rootUri": REPO.as_uri(), "capabilities": CAPABILITIES,
            "workspaceFolders": [{"uri": REPO.as_uri(), "name": REPO.name}]})
        assert result["serverInfo"]["name"] == SERVER
        server.notify("initialized", {})
        server.notify("workspace/didChangeConfiguration", {"settings": {
            "yaml": settings_section("yaml"), "[yaml]": settings_section("[yaml]")}})
        _wait_until_configured(server, tmp_path_factory.mktemp("probe"))
        yield server
    assert server.handler_errors == []
    assert server.returncode == 0, "the server did not exit cleanly after shutdown and exit"


def _wait_until_configured(server: LanguageServer, root: Path) -> None:
    """Open a document with an unknown key under the first mapping until the server underlines it.

    The server applies settings asynchronously; a document validated before that would show no
    diagnostic and let every "no diagnostic" assertion pass for the wrong reason.
    """
    kind, (_schema, globs) = next(iter(schema_mapping().items()))
    uri = document_uri(root, kind, globs[0].replace("*", "probe"), "zz_no_such_key: 1\n")
    server.open(uri, "zz_no_such_key: 1\n")
    server.diagnostics(uri, until=lambda found: any("zz_no_such_key" in d["message"] for d in found))
    server.close(uri)


@pytest.fixture(scope="session")
def published(editor: LanguageServer, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Every document the tests look at, opened at once, with the diagnostics the server published."""
    root = tmp_path_factory.mktemp("documents")
    documents: dict[str, tuple[str, str]] = {}  # label -> (uri, text)
    for path in valid_files():
        documents[str(path.relative_to(REPO))] = (path.as_uri(), path.read_text(encoding="utf-8"))
    for kind in KINDS:
        fixture = load_fixture(kind)
        uri = document_uri(root, kind, fixture.relative, fixture.text)
        documents[f"{kind} fixture"] = (uri, fixture.text)
    for mistake in MISTAKES:
        label = f"{mistake.kind} {mistake.name}"
        documents[label] = (document_uri(root, label, mistake.relative, mistake.text), mistake.text)
    for uri, text in documents.values():
        editor.open(uri, text)
    return {label: {"uri": uri, "diagnostics": editor.diagnostics(uri)}
            for label, (uri, _text) in documents.items()}


def shown(diagnostics: list[dict[str, Any]]) -> list[str]:
    return [f"line {d['range']['start']['line'] + 1}: {d['message']}" for d in diagnostics]


# -- the settings and fixtures agree with the repository -----------------------------------------------

def test_every_kind_is_mapped_to_an_existing_schema_and_has_a_fixture():
    assert set(KINDS) >= {"partner", "logframe", "budget", "country", "risks", "monitoring", "waivers"}
    for kind, (schema, _glob) in schema_mapping().items():
        assert schema.is_file(), schema
        load_fixture(kind)
    strays = {p.stem for p in FIXTURES.glob("*.yaml")} - set(KINDS)
    assert strays == set(), f"fixtures for kinds that .vscode/settings.json does not map: {strays}"


def test_every_data_file_falls_under_exactly_one_mapping():
    files = valid_files()
    assert len(files) >= 31  # the frozen data/ (15) and examples/demo/data (17) today
    kinds_by_file = {str(p.relative_to(REPO)): kind_of(str(p.relative_to(REPO))) for p in files}
    assert {f: k for f, k in kinds_by_file.items() if len(k) != 1} == {}


@pytest.mark.parametrize("kind", KINDS)
def test_fixture_plants_every_mistake_its_kind_can_have(kind: str):
    fixture = load_fixture(kind)
    expected = REQUIRED_MISTAKES | ({DATE_MISTAKE} if has_date(schema_of(kind)) else set())
    missing = expected - set(fixture.mistakes)
    assert not missing, f"tests/editor/{kind}.yaml: plant a mistake for each of {sorted(missing)}"
    if DATE_MISTAKE in fixture.mistakes:
        assert has_date(schema_of(kind)), f"{kind} has no date field: remove the `{DATE_MISTAKE}` mistake"
    assert kind_of(fixture.relative) == [kind], f"{fixture.relative} is not under the mapping of {kind}"


def test_the_server_is_pinned_and_ci_installs_it_before_the_test_command():
    package = json.loads((REPO / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((REPO / "package-lock.json").read_text(encoding="utf-8"))
    pinned = package["devDependencies"][SERVER]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), "pin an exact version"
    assert lock["packages"][f"node_modules/{SERVER}"]["version"] == pinned
    commands = [ln for ln in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
                if ln.strip() and not ln.startswith("#")]
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pytest" in commands[-1] and f"\n{commands[-1]}\n" in readme, "last: the README test command"
    assert any(ln.startswith("npm ci") for ln in commands[:-1])


# -- what the officer sees ---------------------------------------------------------------------------

@pytest.mark.parametrize("relative", [str(p.relative_to(REPO)) for p in valid_files()])
def test_valid_data_file_has_no_diagnostic(published: dict[str, Any], relative: str):
    assert shown(published[relative]["diagnostics"]) == []


@pytest.mark.parametrize("kind", KINDS)
def test_fixture_document_itself_has_no_diagnostic(published: dict[str, Any], kind: str):
    assert shown(published[f"{kind} fixture"]["diagnostics"]) == []


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda m: f"{m.kind}: {m.name}")
def test_mistake_is_underlined_on_its_line_and_nowhere_else(published: dict[str, Any], mistake: Mistake):
    found = published[f"{mistake.kind} {mistake.name}"]["diagnostics"]
    assert found, f"{mistake.kind}: no diagnostic for the {mistake.name}"
    assert {d["range"]["start"]["line"] for d in found} == {mistake.line}, shown(found)
    assert any(mistake.says in d["message"] for d in found), shown(found)


@pytest.mark.parametrize("kind", KINDS)
def test_hover_on_a_key_shows_its_description(editor: LanguageServer, published: dict[str, Any], kind: str):
    fixture = load_fixture(kind)
    description = subschema(schema_of(kind), fixture.hover)["description"]
    line, column, _above = key_position(fixture.text, fixture.hover)
    hover = editor.request("textDocument/hover", {
        "textDocument": {"uri": published[f"{kind} fixture"]["uri"]},
        "position": {"line": line, "character": column + 1}})
    assert hover is not None, f"no hover on {'/'.join(map(str, fixture.hover))}"
    contents = hover["contents"]
    text = contents["value"] if isinstance(contents, dict) else str(contents)
    assert _words(description) in _words(text)


@pytest.mark.parametrize("kind", KINDS)
def test_an_examples_file_is_checked_against_its_schema(editor: LanguageServer, kind: str):
    """The mapping covers examples/*/data/ too: a mistake in an example's file is underlined (a file
    no schema covers would show no diagnostic at all, and the valid files' test could not tell)."""
    fixture = load_fixture(kind)
    relative = "examples/zz-planted/" + fixture.relative[fixture.relative.index("data/"):]
    assert kind_of(relative) == [kind]
    uri = (REPO / relative).as_uri()  # opened in memory only
    text = fixture.text + "zz_no_such_key: 1\n"
    editor.open(uri, text)
    try:
        found = editor.diagnostics(uri, until=lambda found: bool(found))
    finally:
        editor.close(uri)
    assert [d["range"]["start"]["line"] for d in found] == [len(text.splitlines()) - 1], shown(found)


def test_modeline_brings_the_schema_to_a_file_no_mapping_covers(editor: LanguageServer):
    """The README's one line for a data repository without these settings: `$schema=` a relative path."""
    partner = (DATA / "partners" / "evere.yaml").read_text(encoding="utf-8")
    text = "# yaml-language-server: $schema=../../schemas/partner.schema.json\n" + partner
    uri = (REPO / "examples" / "no-mapping" / "evere.yaml").as_uri()  # opened in memory only
    assert kind_of("examples/no-mapping/evere.yaml") == []
    editor.open(uri, text.replace("role: >-", "rôle: >-"))
    try:
        found = editor.diagnostics(uri)
    finally:
        editor.close(uri)
    assert shown(found) == [f"line {line_starting(text, 'role: >-') + 1}: Property rôle is not allowed."]


def _words(text: str) -> str:
    """Text without Markdown escapes and with one space between words, to compare hover contents."""
    return " ".join(re.sub(r"\\([\\`*_{}\[\]()#+\-.!<>|])", r"\1", text).split())


@pytest.mark.parametrize("kind", KINDS)
def test_completion_offers_the_keys_the_mapping_is_missing(editor: LanguageServer, kind: str,
                                                           tmp_path: Path):
    """The file typed up to the hover key's line: completion there offers the keys not yet written."""
    fixture = load_fixture(kind)
    line, column, written = key_position(fixture.text, fixture.hover)
    text = "\n".join([*fixture.text.splitlines()[:line], " " * column])
    schema = schema_of(kind)
    keys = set(_concrete(schema, subschema(schema, fixture.hover[:-1]))["properties"])
    uri = document_uri(tmp_path, kind, fixture.relative, text)
    editor.open(uri, text)
    try:
        result = editor.request("textDocument/completion", {
            "textDocument": {"uri": uri}, "position": {"line": line, "character": column}})
    finally:
        editor.close(uri)
    items = result["items"] if isinstance(result, dict) else result
    offered = {item["label"] for item in items}
    assert fixture.hover[-1] in keys - written
    assert keys - written <= offered, sorted(keys - written - offered)
    assert offered & written == set(), sorted(offered & written)
