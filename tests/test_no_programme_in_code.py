"""A programme is data: no programme year, country, budget line or association is code (issue 23).

The code (src/, templates/) is scanned as Python's parser and the templates' text show it, comments
and docstrings left out: what remains is what runs or what a reader sees. What may still name the
first programme, and why, is listed here, so that a new literal is a decision, not a slip:

- `fmt/migrate.py` and `loading/old_format.py` read and convert the former data format, whose keys
  (`moroccan_communes`, `map_legend: moroccan`) and line ids were Morocco's: they name what they convert.
- A rule's documentation (`why=`, `example=`: docs/rules.md, `cic rules`) is illustrated with
  the first programme's figures, as the catalogue's reader knows them.
- `ALLOWED` below: examples of how to write a year or a date in help and field descriptions, and
  the JSON Schema dialect's URL, each with the text it stands in.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.conftest import REPO

#: Programme years, the country's code and names, the line ids and association ids of the first
#: programme (data/), as whole words.
LITERALS = re.compile(
    r"(?<![\d.,])(?:201[6-9]|202[01])(?!\d)|\bMA\b|\bMaroc\b|\bMarokk\w*|\b[Mm]orocc\w*|\b[Mm]arocain\w*"
    r"|\bpartenaires\b|\bcollaborations\b|\bbureau-local\b|\bsiege\b|\bavcb\b|\buvcw\b")
SRC = REPO / "src" / "cicmaroc"
CONVERTERS = {SRC / "fmt" / "migrate.py", SRC / "loading" / "old_format.py"}
DOCUMENTATION = {"why", "example"}
#: (file, the literal's text as written) allowed, with the reason.
ALLOWED = {
    ("cli/commands/iati.py", "2019"): "how --as-of reads a year: '2019 is 2019-12-31'",
    ("iati/check.py", "2019"): "how --as-of is written: 'a year (2019) or a date (2019-06-30)'",
    ("codes/files.py", "2019"): "how a date is written: 'e.g. 2019-03-31'",
    ("models/common.py", "2019"): "how a date or a year is written: 'such as 2019-03-31', 'such as 2019'",
    ("models/json_schema.py", "2020"): "the JSON Schema dialect, draft 2020-12",
    ("models/identity.py", "MA"): "what an ISO 3166-1 code looks like, in programme.yaml's description",
    ("models/identity.py", "Maroc"): "what a country's names look like, in programme.yaml's description",
    ("models/identity.py", "Marokko"): "what a country's names look like, in programme.yaml's description",
    ("rules/identity.py", "MA"): "what a country code looks like, in the finding that refuses one",
    ("models/logframe.py", "2018"): "a deadline as the document words it ('au plus tard en 2018')",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _documentation(tree: ast.AST) -> set[int]:
    return {id(sub) for node in ast.walk(tree) if isinstance(node, ast.keyword) and node.arg in DOCUMENTATION
            for sub in ast.walk(node.value)}


def literals_in_code(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _docstrings(tree) | _documentation(tree)
    found = []
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Constant) and type(node.value) in (str, int):
            found += [(node.lineno, m.group(0)) for m in LITERALS.finditer(str(node.value))]
        elif isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            found += [(node.lineno, m.group(0)) for m in LITERALS.finditer(name)]
    return sorted(found)


def test_no_programme_literal_in_the_code():
    found = []
    for path in sorted(SRC.rglob("*.py")):
        if path in CONVERTERS:
            continue
        where = path.relative_to(SRC).as_posix()
        found += [f"{where}:{line}: {text}" for line, text in literals_in_code(path)
                  if (where, text) not in ALLOWED]
    assert found == []


def test_no_programme_literal_in_the_templates():
    found = []
    for path in sorted((REPO / "templates").rglob("*")):
        if path.is_file() and path.suffix in {".j2", ".md", ".html", ".css", ".tex", ".yaml", ".txt"}:
            text = path.read_text(encoding="utf-8")
            text = re.sub(r"\{#.*?#\}", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.DOTALL)
            found += [f"{path.relative_to(REPO)}:{text.count(chr(10), 0, m.start()) + 1}: {m.group(0)}"
                      for m in LITERALS.finditer(text)]
    assert found == []


def test_the_scan_finds_what_it_looks_for(tmp_path: Path):
    """The scan is not blind: a year, a line id and a country name in code are found, the same words
    in a docstring, a comment or a rule's example are not."""
    planted = tmp_path / "planted.py"
    planted.write_text('"""Morocco 2017-2021."""\n# siege 2019\nYEARS = range(2017, 2022)\n'
                       'LINE = "partenaires"\nrule(example="avcb 2019", what="the Moroccan communes")\n',
                       encoding="utf-8")
    assert literals_in_code(planted) == [(3, "2017"), (4, "partenaires"), (5, "Moroccan")]


def test_every_allowed_literal_is_still_there():
    """An allowance the code no longer needs is removed, so that the list stays the truth."""
    present = {(path.relative_to(SRC).as_posix(), text) for path in SRC.rglob("*.py")
               if path not in CONVERTERS for _, text in literals_in_code(path)}
    assert set(ALLOWED) - present == set()
