"""Property tests: whatever an officer (or an attacker) does to a data file, cic never crashes.

Random mutations of the real files (and of the demo's FICTIONAL monitoring files): bytes flipped,
lines cut, duplicated or swapped, hostile fragments inserted, the file truncated; values swapped
for values of other types, keys dropped or duplicated. After any of them:
- nothing raises, neither the loader nor the full `api.validate` with every rule;
- every finding is located: a file, and where the file could be read a line (and column) that
  exist in that file;
- a file is either read into its model or the reason why not is a finding about that file.

The default run is a few thousand examples, derandomized so CI always runs the same ones.
`python -m pytest -m slow tests/test_mutations.py` runs the marked variants with many more.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import REPO

from cicmaroc import api
from cicmaroc.files.reading import decode
from cicmaroc.findings import Finding
from cicmaroc.loading.validation_errors import validate_doc
from cicmaroc.models.kinds import FOLDERS, SINGLE_FILES
from cicmaroc.yaml.document import SourceDoc
from cicmaroc.yaml.reader import parse_text

#: The demo holds the real plan plus FICTIONAL monitoring, so every rule family has data to see.
DEMO = REPO / "examples" / "demo" / "data"
FILES = {p.relative_to(DEMO).as_posix(): p.read_bytes() for p in sorted(DEMO.rglob("*.yaml"))}
NAMES = sorted(FILES)
#: Findings about a file as a whole, located by file only (line 0): it could not be read at all.
WHOLE_FILE = {"CIC001", "CIC007", "CIC009"}

FAST = settings(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def model_of(name: str) -> type[Any]:
    folder, _, file = name.rpartition("/")
    return FOLDERS[folder].model if folder else SINGLE_FILES[file].model


# --- mutations of the bytes ------------------------------------------------------------------

#: Fragments that break YAML in the ways officers and attackers do.
HOSTILE = [b"\t", b": ", b"- ", b"[", b"]", b"{", b"}", b",", b"&a ", b"*a", b"!!python/object:os.system ",
           b"!!binary ", b"\"", b"'", b"#", b"\xff", b"\xc3", b"\x00", b"\x07", b"\xe2\x80\xa8",
           b"\xc2\x85", b"\r", b"\xef\xbb\xbf", b"---\n", b"...\n", b"<<: ", b"? ", b"|", b">-",
           b"%YAML 1.1\n", b"\\", b"\"\\e\"", b"\"\\ud800\"", b"9" * 50, b"1e999999", b"-", b"~",
           b"  ", b"\n", b"2019-02-30", b"'-'", b"[" * 200]


def lines_of(raw: bytes) -> list[bytes]:
    return raw.splitlines(keepends=True) or [b""]


@st.composite
def byte_mutation(draw: st.DrawFn) -> tuple[str, bytes, str]:
    name = draw(st.sampled_from(NAMES))
    raw = bytearray(FILES[name])
    op = draw(st.sampled_from(["flip", "byte", "insert", "cut-line", "dup-line", "swap-lines",
                               "truncate", "indent", "several"]))
    rounds = draw(st.integers(2, 6)) if op == "several" else 1
    for _ in range(rounds):
        kind = draw(st.sampled_from(["flip", "byte", "insert", "cut-line", "dup-line", "swap-lines",
                                     "truncate", "indent"])) if op == "several" else op
        i = draw(st.integers(0, max(len(raw) - 1, 0)))
        lines = lines_of(bytes(raw))
        k, m = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
        if kind == "flip" and raw:
            raw[i] ^= 1 << draw(st.integers(0, 7))
        elif kind == "byte" and raw:
            raw[i] = draw(st.integers(0, 255))
        elif kind == "insert":
            raw[i:i] = draw(st.sampled_from(HOSTILE))
        elif kind == "cut-line":
            del lines[k]
            raw = bytearray(b"".join(lines))
        elif kind == "dup-line":
            lines.insert(k, lines[k])
            raw = bytearray(b"".join(lines))
        elif kind == "swap-lines":
            lines[k], lines[m] = lines[m], lines[k]
            raw = bytearray(b"".join(lines))
        elif kind == "truncate":
            raw = raw[:i]
        elif kind == "indent":
            lines[k] = (b"   " + lines[k]) if draw(st.booleans()) else lines[k].lstrip(b" ")
            raw = bytearray(b"".join(lines))
    return name, bytes(raw), op


# --- mutations of the values (re-emitted as YAML) --------------------------------------------


@dataclass(frozen=True)
class Pairs:
    """A mapping as a list of (key, value): lets the emitter write a key twice."""

    items: tuple[tuple[Any, Any], ...]


def emit(value: Any) -> str:
    """Plain data as YAML flow text, one item per line: strings quoted, numbers and dates plain."""
    if isinstance(value, (dict, Pairs)):
        items = value.items if isinstance(value, Pairs) else tuple(value.items())
        return "{\n" + ",\n".join(f"{emit(k)}: {emit(v)}" for k, v in items) + "\n}" if items else "{}"
    if isinstance(value, list):
        return "[\n" + ",\n".join(emit(v) for v in value) + "\n]" if value else "[]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, Decimal)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(str(value))  # JSON's escapes are YAML's double-quoted escapes


OTHER_VALUES = st.one_of(
    st.integers(-10**6, 10**40), st.decimals(allow_nan=False, allow_infinity=False),
    st.text(max_size=30), st.booleans(), st.none(), st.dates(),
    st.sampled_from(["-", "", "2019-02-30", "en cours de signature", "IOV 1.1", "R1", "auderghem",
                     "<script>alert(1)</script>", "[x](javascript:alert(1))", "a | b\nc", "{{ 7*7 }}"]),
    st.lists(st.integers(0, 3000), max_size=3),
    st.dictionaries(st.sampled_from(["id", "text", "values", "pac", "source", "2019"]),
                    st.integers(0, 20), max_size=2))


def paths_of(doc: SourceDoc) -> list[tuple[Any, ...]]:
    return sorted((p for p in doc.values if p), key=repr)


def replace_at(data: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(data, dict):
        return {k: (replace_at(v, rest, new) if k == head else v) for k, v in data.items()}
    return [replace_at(v, rest, new) if i == head else v for i, v in enumerate(data)]


def drop_at(data: Any, path: tuple[Any, ...]) -> Any:
    if len(path) == 1:
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if k != path[0]}
        return [v for i, v in enumerate(data) if i != path[0]]
    return replace_at(data, path[:-1], drop_at(_get(data, path[:-1]), path[-1:]))


def duplicate_at(data: Any, path: tuple[Any, ...], second: Any) -> Any:
    parent = _get(data, path[:-1])
    if not isinstance(parent, dict):
        return replace_at(data, path[:-1], [*parent, second])
    pairs = Pairs((*parent.items(), (path[-1], second)))
    return replace_at(data, path[:-1], pairs)


def _get(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


PARSED = {name: parse_text(decode(raw, name)[0] or "", name)[0] for name, raw in FILES.items()}


@st.composite
def value_mutation(draw: st.DrawFn) -> tuple[str, bytes, str]:
    name = draw(st.sampled_from(NAMES))
    doc = PARSED[name]
    assert doc is not None
    path = draw(st.sampled_from(paths_of(doc)))
    op = draw(st.sampled_from(["swap-type", "drop-key", "duplicate-key"]))
    if op == "swap-type":
        data = replace_at(doc.data, path, draw(OTHER_VALUES))
    elif op == "drop-key":
        data = drop_at(doc.data, path)
    else:
        data = duplicate_at(doc.data, path, draw(OTHER_VALUES))
    return name, emit(data).encode(), op


# --- the properties --------------------------------------------------------------------------


def check_located(findings: list[Finding], texts: dict[str, bytes]) -> None:
    """Every finding names a file; a readable file's finding names a line and column inside it."""
    for f in findings:
        assert f.location is not None and f.location.file, f
        if f.code in WHOLE_FILE and f.location.line == 0:
            continue
        raw = texts.get(f.location.file)
        assert f.location.line >= 1 and f.location.column >= 1, f
        if raw is not None:
            text = raw.decode("utf-8", "replace")
            n_lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
            assert f.location.line <= n_lines, (f, n_lines)


def load_one(name: str, raw: bytes) -> None:
    """The loader on one mutated file: the model is built, or a finding says why not."""
    text, findings = decode(raw, name)
    model = None
    if text is not None:
        doc, findings = parse_text(text, name)
        if doc is not None:
            model, problems = validate_doc(doc, model_of(name))
            findings = findings + problems
    assert model is not None or findings, "the file was refused without a finding"
    check_located(findings, {name: raw})


@settings(FAST, max_examples=2000)
@given(byte_mutation())
def test_byte_mutations_never_crash_the_loader(mutation: tuple[str, bytes, str]):
    load_one(*mutation[:2])


@settings(FAST, max_examples=800)
@given(value_mutation())
def test_value_mutations_never_crash_the_loader(mutation: tuple[str, bytes, str]):
    load_one(*mutation[:2])


def test_the_emitter_is_faithful_so_value_mutations_test_something():
    """Re-emitted unmutated files load to the same data, with no finding."""
    for name, doc in PARSED.items():
        assert doc is not None
        again, findings = parse_text(emit(doc.data), name)
        assert findings == [] and again is not None and again.data == doc.data, name
        assert validate_doc(again, model_of(name))[1] == [], name


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("mutations") / "data"
    shutil.copytree(DEMO, target)
    return target


def validate_mutated(demo_copy: Path, name: str, raw: bytes) -> None:
    """The full pipeline, every rule included, with one file mutated (restored afterwards)."""
    path = demo_copy / name
    path.write_bytes(raw)
    try:
        findings = api.validate(demo_copy).findings
    finally:
        path.write_bytes(FILES[name])
    shown = {f.location.file for f in findings if f.location}
    texts = {s: (demo_copy / n).read_bytes() if n != name else raw
             for n in FILES for s in shown if s.endswith(n)}
    check_located(list(findings), texts)
    crashed = [f.message for f in findings if f.code == "CIC000"]  # a rule that raised
    assert not crashed, crashed


@settings(FAST, max_examples=120)
@given(st.one_of(byte_mutation(), value_mutation()))
def test_mutations_never_crash_validate(demo_copy: Path, mutation: tuple[str, bytes, str]):
    validate_mutated(demo_copy, *mutation[:2])


@pytest.mark.slow
@settings(FAST, max_examples=20_000)
@given(st.one_of(byte_mutation(), value_mutation()))
def test_many_mutations_never_crash_the_loader(mutation: tuple[str, bytes, str]):
    load_one(*mutation[:2])


@pytest.mark.slow
@settings(FAST, derandomize=False, max_examples=3_000)
@given(st.one_of(byte_mutation(), value_mutation()))
def test_many_mutations_never_crash_validate(demo_copy: Path, mutation: tuple[str, bytes, str]):
    validate_mutated(demo_copy, *mutation[:2])
