"""The architecture holds: every module imports, no import cycles, the CLI speaks only to `api`,
every finding is built through its code's declaration, and no two modules share a name for two jobs.

The import graph is read from the source (`ast`), every `import` counted wherever it stands (a
function's lazy import is a dependency too), except those under `if TYPE_CHECKING:` (type names
only, never run).
"""

from __future__ import annotations

import ast
import importlib
import keyword
from collections import defaultdict
from pathlib import Path

import pytest
from tests.conftest import REPO

PACKAGE = REPO / "src" / "cicmaroc"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}
SCRIPTS = {"cicmaroc.__main__"}  # runs `cic` when imported


def _under_type_checking(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    while node in parents:
        node = parents[node]
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            return True
    return False


def imports_of(name: str) -> set[str]:
    """The cicmaroc modules `name` imports (a `from package import module` counts as the module)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if _under_type_checking(node, parents):
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                base = ".".join([*parts[: len(parts) - node.level + 1], *([base] if base else [])])
            found.add(base)
            found |= {f"{base}.{alias.name}" for alias in node.names}
    return {m for m in found if m in MODULES and m != name}


GRAPH = {name: imports_of(name) for name in MODULES}


@pytest.mark.parametrize("name", sorted(set(MODULES) - SCRIPTS))
def test_every_module_imports(name: str):
    importlib.import_module(name)


def test_the_import_graph_is_read_from_the_source():
    """The control: the graph sees known edges, lazy ones included, and not TYPE_CHECKING ones."""
    assert "cicmaroc.rules.registry" in GRAPH["cicmaroc.api"]
    assert "cicmaroc.report" in GRAPH["cicmaroc.api"]  # a lazy import inside a function
    assert "cicmaroc.loading.programme" not in GRAPH["cicmaroc.codes.declaration"]  # under TYPE_CHECKING


def test_no_import_cycles():
    """Depth-first search for a back edge; the message shows the cycle found."""
    state: dict[str, int] = defaultdict(int)  # 0 new, 1 on the path, 2 done
    path: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(GRAPH[node]):
            if state[nxt] == 1:
                cycle = [*path[path.index(nxt):], nxt]
                pytest.fail("import cycle: " + " -> ".join(cycle))
            if state[nxt] == 0:
                visit(nxt)
        path.pop()
        state[node] = 2

    for node in sorted(GRAPH):
        if state[node] == 0:
            visit(node)


def test_the_command_line_speaks_only_to_api():
    """cli/ parses, calls `cicmaroc.api` and prints; it uses nothing else of cicmaroc but the
    printing policy (`escaping`) and the version."""
    allowed = {"cicmaroc", "cicmaroc.api", "cicmaroc.escaping"}
    for name in MODULES:
        if name.startswith("cicmaroc.cli"):
            other = {m for m in GRAPH[name] if not m.startswith("cicmaroc.cli")} - allowed
            assert other == set(), (name, sorted(other))


def test_every_command_is_registered_in_the_one_table():
    from cicmaroc.cli.main import COMMANDS

    modules = {p.stem for p in (PACKAGE / "cli" / "commands").glob("*.py") if p.stem != "__init__"}
    # a command named by a Python keyword (`cic import`) lives in `<name>_.py`, as PEP 8 advises
    assert {f"{c}_" if keyword.iskeyword(c) else c for c in COMMANDS} == modules
    assert all(f"cicmaroc.cli.commands.{name}" in GRAPH["cicmaroc.cli.main"] for name in modules)
    for name in modules:  # no command registers itself on the application (no side effect on import)
        assert "cicmaroc.cli.main" not in GRAPH[f"cicmaroc.cli.commands.{name}"]


def test_findings_are_built_only_through_their_code():
    """`Finding(...)` appears only where findings are defined and declared (findings.py,
    codes/declaration.py)."""
    makers = {"cicmaroc.findings", "cicmaroc.codes.declaration"}
    for name, path in MODULES.items():
        if name in makers:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func).split(".")[-1] == "Finding":
                pytest.fail(f"{path.relative_to(REPO)}:{node.lineno} builds a Finding itself")


def test_no_two_modules_share_a_name_for_two_jobs():
    """A module name appears once, except the map of parallel names: a data file's model, its rules
    and what is derived from it (models/budget.py, rules/budget.py; models/monitoring.py,
    derive/monitoring.py), and a command beside what it runs (cli/commands/)."""
    places: dict[str, list[str]] = defaultdict(list)
    for path in MODULES.values():
        if path.name != "__init__.py":
            places[path.stem].append(str(path.parent.relative_to(PACKAGE)))
    for stem, folders in places.items():
        outside_cli = [f for f in folders if f != "cli/commands"]
        parallel = set(outside_cli) <= {"models", "rules", "derive"}
        assert len(outside_cli) <= 1 or parallel, (stem, folders)
