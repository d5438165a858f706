"""The architecture holds: every module imports, the stages of docs/architecture.md import one
way (downwards), no import cycles, the CLI speaks only to `api`, every finding is built through
its code's declaration, and no two modules share a name for two jobs.

The import graph is read from the source (`ast`), every `import` counted wherever it stands: a
function's lazy import is a dependency too, and so is one under `if TYPE_CHECKING:` (a type
name only, never run, but a reader and mypy follow it all the same).
"""

from __future__ import annotations

import ast
import importlib
import keyword
import re
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


def imports_of(name: str) -> set[str]:
    """The cicmaroc modules `name` imports (a `from package import module` counts as the module)."""
    tree = ast.parse(MODULES[name].read_text(encoding="utf-8"))
    package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
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
    """The control: the graph sees known edges, lazy ones and annotation ones included."""
    assert "cicmaroc.findings" in GRAPH["cicmaroc.codes.declaration"]  # an import at the top
    assert "cicmaroc.loading.loader" in GRAPH["cicmaroc.api"]  # a lazy import inside a function
    assert "cicmaroc.report" in GRAPH["cicmaroc.api"]
    assert "cicmaroc.loading.programme" in GRAPH["cicmaroc.rules"]  # under TYPE_CHECKING


# -- the stages -----------------------------------------------------------------------------------

ARCHITECTURE = REPO / "docs" / "architecture.md"


def _section(title: str) -> str:
    text = ARCHITECTURE.read_text(encoding="utf-8")
    start = text.index(f"\n## {title}\n")
    end = text.find("\n## ", start + 1)
    return text[start:end if end != -1 else len(text)]


def _module(name: str) -> str:
    """`yaml/` -> cicmaroc.yaml, `config.py` -> cicmaroc.config, `i18n/update.py` -> cicmaroc.i18n.update."""
    path = name.removesuffix("/").removesuffix(".py").replace("/", ".")
    return "cicmaroc" if path == "__init__" else f"cicmaroc.{path}"


def documented_stages() -> list[tuple[str, list[str]]]:
    """The stages of docs/architecture.md ("The stages"), from the ground up: each row of its table
    gives the floor, the stage's name and, in backticks, the modules and packages it holds."""
    stages = []
    for row in _section("The stages").splitlines():
        cells = [c.strip() for c in row.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0].isdigit():
            stages.append((cells[1], [_module(n) for n in re.findall(r"`([^`]+)`", cells[2])]))
    return stages


STAGES = documented_stages()


def stage_of(module: str) -> int:
    """The floor of `module`: that of the stage naming its longest prefix (a module named on its own,
    such as `i18n/update.py`, stands where its row says, whatever its package's floor)."""
    found = [(len(prefix), floor) for floor, (_, prefixes) in enumerate(STAGES) for prefix in prefixes
             if module == prefix or module.startswith(prefix + ".")]
    assert found, f"{module} is in no stage of docs/architecture.md"
    return max(found)[1]


def documented_upward_imports() -> set[tuple[str, str]]:
    """The imports from a lower stage to a higher one that docs/architecture.md lists with the
    reason each stays ("Imports that run upwards": rows "`a.py` imports `b.py`")."""
    pairs = re.findall(r"`([^`]+)` imports `([^`]+)`", _section("Imports that run upwards"))
    return {(_module(a), _module(b)) for a, b in pairs}


def test_every_module_stands_on_a_documented_stage():
    assert len(STAGES) >= 10 and STAGES[0][0] == "ground"
    assert all(stage_of(name) >= 0 for name in MODULES)


def test_stages_import_downwards_but_for_the_documented_few():
    """Imports read one way: a stage imports its own and lower stages. Those that run upwards are
    listed in docs/architecture.md with the reason each stays; at most six (issue 22)."""
    upward = {(a, b) for a, targets in GRAPH.items() for b in targets if stage_of(a) < stage_of(b)}
    documented = documented_upward_imports()
    assert len(documented) <= 6
    assert upward == documented, (f"undocumented: {sorted(upward - documented)}; "
                                  f"no longer there: {sorted(documented - upward)}")


def test_the_stages_would_see_an_import_running_upwards():
    """The control: the floors order the modules as the document says."""
    assert stage_of("cicmaroc.findings") < stage_of("cicmaroc.codes.files")
    assert stage_of("cicmaroc.codes.files") < stage_of("cicmaroc.files.reading")
    assert stage_of("cicmaroc.derive.monitoring") < stage_of("cicmaroc.rules.registry")
    assert stage_of("cicmaroc.i18n.update") > stage_of("cicmaroc.cli.main") > stage_of("cicmaroc.i18n")


def test_no_import_cycles():
    """Depth-first search for a back edge, annotation imports included; the message shows the
    cycle found."""
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
    printing policy (`escaping`), the version, and the package of the other front-end, the
    language server (`cicmaroc.lsp`, built on api too), to which `cic lsp` hands the process."""
    allowed = {"cicmaroc", "cicmaroc.api", "cicmaroc.escaping", "cicmaroc.lsp"}
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
