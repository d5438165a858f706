"""The YAML reader's inlined fast path gives exactly what its plain path gives.

`yaml.builder.Builder.run` handles the common cases (a key, a new key's value, a list item) in
line, for speed, and everything else through `Builder.place`. Both paths must build the same
values (same types: 1 is not 1.0 is not True), the same positions of every value and key, the
same refused paths and the same findings, on every hostile file of the corpus, on the generated
cases, and on every real and example data file.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import DATA, REPO
from tests.corpus_cases import CORPUS, all_cases

from cicmaroc.files.reading import decode
from cicmaroc.yaml.reader import parse_text

DATA_FILES = sorted([*DATA.rglob("*.yaml"), *(REPO / "examples").rglob("data/**/*.yaml")])
CORPUS_FILES = sorted(p for p in CORPUS.glob("*.yaml") if p.name != "expected.yaml")


def typed(value: Any) -> Any:
    """A value with its type spelled out, so that 1, Decimal('1') and True compare unequal."""
    if isinstance(value, dict):
        return ("dict", [(typed(k), typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [typed(v) for v in value])
    return (type(value).__name__, str(value) if isinstance(value, Decimal) else value)


def both_paths(text: str, name: str) -> list[tuple[Any, ...]]:
    results = []
    for fast in (True, False):
        doc, findings = parse_text(text, name, fast=fast)
        results.append((
            None if doc is None else (typed(doc.data), doc.values, doc.keys, doc.refused),
            [(f.code, f.location, f.related, f.message, f.hint) for f in findings],
        ))
    return results


def text_of(path: Path) -> str | None:
    text, _ = decode(path.read_bytes(), path.name)
    return text


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(REPO)))
def test_real_and_example_data_read_the_same_on_both_paths(path: Path):
    text = text_of(path)
    assert text is not None
    fast, plain = both_paths(text, path.name)
    assert fast[0] is not None and fast[0][1], "the file was read, with positions"
    assert fast == plain


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_hostile_corpus_reads_the_same_on_both_paths(path: Path):
    text = text_of(path)
    if text is None:  # not UTF-8 (latin1, NUL, UTF-16): refused before any parsing, on any path
        return
    fast, plain = both_paths(text, path.name)
    assert fast == plain


GENERATED = [c for c in all_cases() if c.name.endswith(".yaml") and c.make.__name__ == "<lambda>"
             and c.name not in {p.name for p in CORPUS_FILES}]


@pytest.mark.parametrize("case", GENERATED, ids=lambda c: c.name.encode("unicode_escape").decode())
def test_generated_cases_read_the_same_on_both_paths(case, tmp_path: Path):
    path = tmp_path / "case.yaml"
    case.make(path)
    fast, plain = both_paths(path.read_text(encoding="utf-8"), "case.yaml")
    assert fast == plain


def test_the_comparison_can_tell_the_paths_apart(monkeypatch: pytest.MonkeyPatch):
    """The control: a plain path that placed list items one position off would be caught."""
    from cicmaroc.yaml import builder

    real_place = builder.Builder.place

    def shifted(self, stack, value, pos):  # type: ignore[no-untyped-def]
        return real_place(self, stack, value, (pos[0], pos[1] + 1))

    monkeypatch.setattr(builder.Builder, "place", shifted)
    fast, plain = both_paths("a:\n  - 1\n  - [2, 3]\n", "t.yaml")
    assert fast != plain
