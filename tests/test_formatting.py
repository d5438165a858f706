"""`cic fmt`: the canonical layout keeps every value and every comment, and is stable.

The property tests write YAML in many layouts (indentation, quoting, flow or block style, comments
anywhere) and check that formatting reads back to the same data as `cic validate` reads it, keeps
the comments, and changes nothing the second time. All generated content is fictional.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from tests.conftest import DATA
from typer.testing import CliRunner

from cicmaroc.cli.main import app
from cicmaroc.fmt.canonical import (
    FormatError,
    canonical_key_order,
    comments_of,
    format_text,
    model_for,
)
from cicmaroc.models.logframe import Activity
from cicmaroc.models.partners import Partner
from cicmaroc.yaml.reader import parse_text
from cicmaroc.yaml.scalars import resolve_plain

GOLDEN = Path(__file__).parent / "golden" / "fmt"
DATA_FILES = sorted(p for p in DATA.rglob("*") if p.suffix in (".yaml", ".yml"))
runner = CliRunner()


def data_of(text: str) -> Any:
    doc, findings = parse_text(text, "test.yaml")
    assert doc is not None and not findings, findings
    return doc.data


def same(a: Any, b: Any) -> bool:
    """Same values and kinds; an amount may gain its cents (1000 and 1000.00 are one amount)."""
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(map(same, a, b))
    if isinstance(a, (int, Decimal)) and not isinstance(a, bool):
        return isinstance(b, (int, Decimal)) and not isinstance(b, bool) and a == b
    return type(a) is type(b) and a == b


# --- the real data and the golden file ----------------------------------------------------------


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: str(p.relative_to(DATA)))
def test_real_data_is_already_in_the_canonical_layout(path: Path):
    text = path.read_text(encoding="utf-8")
    assert format_text(text, model_for(path), str(path)) == text


def test_cic_fmt_check_passes_on_data():
    result = runner.invoke(app, ["fmt", "--check", str(DATA)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.output.split())
    assert f"Files checked: {len(DATA_FILES)}; all in the canonical layout." in said


def test_golden_file_keeps_every_comment_in_every_position():
    source = (GOLDEN / "partner.input.yaml").read_text(encoding="utf-8")
    expected = (GOLDEN / "partner.expected.yaml").read_text(encoding="utf-8")
    formatted = format_text(source, Partner)
    assert formatted == expected
    assert sorted(comments_of(formatted)) == sorted(comments_of(source))
    # every line holding a "#" is a comment, except one line of the address's text
    assert len(comments_of(source)) == source.count("#") - 1 == 24
    assert "# not a comment: text of the address" not in comments_of(source)
    assert "    # not a comment: text of the address\n" in formatted
    assert same(data_of(source), data_of(formatted))
    assert format_text(formatted, Partner) == formatted


def test_golden_file_through_the_command(tmp_path: Path):
    folder = tmp_path / "partners"
    folder.mkdir()
    target = folder / "exemple.yaml"
    target.write_bytes((GOLDEN / "partner.input.yaml").read_bytes())
    assert runner.invoke(app, ["fmt", "--check", str(target)]).exit_code == 1
    assert target.read_bytes() == (GOLDEN / "partner.input.yaml").read_bytes()  # --check writes nothing
    result = runner.invoke(app, ["fmt", str(target)])
    assert result.exit_code == 0, result.output
    expected = (GOLDEN / "partner.expected.yaml").read_text(encoding="utf-8")
    assert target.read_text(encoding="utf-8") == expected
    assert runner.invoke(app, ["fmt", "--check", str(target)]).exit_code == 0


# --- the rules, one by one ----------------------------------------------------------------------


def test_key_order_id_first_then_model_order_note_stays_after_its_key():
    keys = ["text", "note", "common", "id", "details"]
    assert canonical_key_order(keys, Activity) == ["id", "text", "note", "details", "common"]
    assert canonical_key_order(["note", "text", "id"], Activity) == ["note", "id", "text"]
    unknown = ["text", "colour", "id"]
    assert canonical_key_order(unknown, Activity) == ["id", "text", "colour"]


def test_amounts_get_two_decimals_other_numbers_do_not():
    text = ("id: x\ntitle: X\nbelgian_commune: {name: a, address: b}\n"
            "moroccan_communes: [{id: m, name: n, address: a, local_partner_name: l, province: p, "
            "region: r}]\noutcome_text: t\nbudget_os1: 1000\npartnership_start: 2010-01-31\n")
    formatted = format_text(text, Partner)
    assert "budget_os1: 1000.00\n" in formatted
    assert "budget_os1: 12.5\n" not in format_text(text.replace("1000", "12.5"), Partner)
    assert "budget_os1: 12.50\n" in format_text(text.replace("1000", "12.5"), Partner)
    assert "budget_os1: 1.234\n" in format_text(text.replace("1000", "1.234"), Partner)  # never rounded


def test_flow_rows_stay_as_written_spacing_and_amounts_included():
    text = (DATA / "budget.yaml").read_text(encoding="utf-8")
    assert "    total:          {2017: 0, 2018: 0," in text  # the UVCW row, printed 0, stays 0
    lines = text.splitlines(keepends=True)
    at = lines.index("  - id: siege\n") + 3  # past label, label_nl: its total row
    assert lines[at].startswith("    total:          {") and lines[at + 1] == "    natures:\n"
    moved = lines[:at] + lines[at + 1: at + 5] + [lines[at]] + lines[at + 5:]
    assert same(data_of("".join(moved)), data_of(text))
    assert format_text("".join(moved), model_for(DATA / "budget.yaml")) == text
    narrow = text.replace("    total:          {2017: 0,", "    total: {2017: 0,")
    assert "    total: {2017: 0," in format_text(narrow, model_for(DATA / "budget.yaml"))



def test_quotes_become_double_and_plain_text_stays_plain():
    formatted = format_text("a: 'it''s'\nb: \"02 238 51 64\"\nc: plain text\n")
    assert formatted == "a: \"it's\"\nb: \"02 238 51 64\"\nc: plain text\n"


def test_indentation_and_document_markers_become_canonical():
    text = "---\na:\n    b:\n    - x\n    -   y\n    c: 1\n...\n"
    assert format_text(text) == "a:\n  b:\n    - x\n    - y\n  c: 1\n"


@pytest.mark.parametrize(("text", "expected"), [
    ("a: [1,\n  # inside a list\n  2]\nb: 1\n", "# inside a list\na: [1, 2]\nb: 1\n"),
    ("a: [1,  # end of a line in a list\n  2]\n", "a: [1, 2]  # end of a line in a list\n"),
    ("a:\n  # before a value on its own line\n  b\n", "# before a value on its own line\na: b\n"),
    ("# top\n--- # on the document marker\na: 1\n...\n", "# top\n# on the document marker\na: 1\n"),
    ("a: one\n  two\nb: 1\n", "a: one two\nb: 1\n"),
    ("a: >\n  folded\n  as written\n\n  kept\nb: 1\n", "a: >\n  folded\n  as written\n\n  kept\nb: 1\n"),
    ("a: |+\n  keep\n\n# c\nb: 1\n", "a: |+\n  keep\n\n# c\nb: 1\n"),
    ("a: 1\r\nb: 'x'\r\n", 'a: 1\nb: "x"\n'),
    ("a: 1 # one space\nbb: 2       # aligned\n", "a: 1  # one space\nbb: 2       # aligned\n"),
    ("r:\n  x:\n      # inside a block still empty\n  y: 1\n",
     "r:\n  x:\n    # inside a block still empty\n  y: 1\n"),
])
def test_comments_in_odd_places_are_kept_beside_their_value(text: str, expected: str):
    assert format_text(text) == expected
    assert format_text(expected) == expected


def test_what_ruamel_cannot_read_is_refused_with_the_line():
    with pytest.raises(FormatError) as caught:
        format_text("a: 1\nb:\tx\n")  # libyaml accepts the tab, ruamel's reader does not
    assert caught.value.line == 2


def test_files_the_loader_objects_to_are_refused_not_guessed():
    with pytest.raises(FormatError) as caught:
        format_text("a: 1\na: 2\n")
    assert caught.value.line == 2
    with pytest.raises(FormatError):
        format_text("a: &x 1\nb: *x\n")
    with pytest.raises(FormatError):
        format_text("a: [1, 2\n")


def test_cic_fmt_reports_a_broken_file_and_formats_the_others(tmp_path: Path):
    (tmp_path / "bad.yaml").write_text("a: [1, 2\n", encoding="utf-8")
    (tmp_path / "good.yaml").write_text("a:   'x'\n", encoding="utf-8")
    result = runner.invoke(app, ["fmt", str(tmp_path)])
    assert result.exit_code == 1
    assert "bad.yaml:2" in result.output
    assert (tmp_path / "good.yaml").read_text(encoding="utf-8") == 'a: "x"\n'
    assert (tmp_path / "bad.yaml").read_text(encoding="utf-8") == "a: [1, 2\n"


def test_cic_fmt_diff_shows_the_change_and_writes_nothing(tmp_path: Path):
    path = tmp_path / "x.yaml"
    path.write_text("a:   'x'\n", encoding="utf-8")
    result = runner.invoke(app, ["fmt", "--diff", "--quiet", str(path)])
    assert result.exit_code == 1
    assert "-a:   'x'\n+a: \"x\"\n" in result.output
    assert path.read_text(encoding="utf-8") == "a:   'x'\n"


def test_cic_fmt_quiet_prints_nothing_when_all_is_formatted():
    result = runner.invoke(app, ["fmt", "--check", "--quiet", str(DATA / "partners")])
    assert result.exit_code == 0 and result.output == ""


def test_cic_fmt_missing_path_is_a_usage_error(tmp_path: Path):
    result = runner.invoke(app, ["fmt", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2 and "does not exist" in result.output


# --- property tests -----------------------------------------------------------------------------

_KEYS = st.sampled_from(["id", "name", "text", "note", "a", "b", "Aït Baha", "2017", "RIO: x",
                         "grand_total", "phones", "x y"])
_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                              include_characters="\n"), max_size=30)
_SCALARS = st.one_of(
    _TEXT,
    st.sampled_from(["-", "2017-2021", "52-118", "02 850 80 06", "yes", "null", "true", "0123",
                     "a # b", "a: b", "'q'", '"d"', "Saïd", "1e3", " lead", "trail ", ""]),
    st.integers(-10**6, 10**12),
    st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)),
    st.booleans(),
    st.none(),
)
_TREES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(_KEYS, inner, max_size=5)),
    max_leaves=16,
)


class _Writer:
    """Writes a value as YAML text with randomly chosen, valid layout choices."""

    def __init__(self, rnd: random.Random) -> None:
        self.rnd = rnd
        self.indent = rnd.choice([2, 3, 4])
        self.indent_sequences = rnd.random() < 0.7

    def scalar(self, value: Any) -> str:
        if value is None:
            return self.rnd.choice(["", "null", "~"])
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, (int, Decimal)):
            return str(value)
        if isinstance(value, dt.date):
            return value.isoformat()
        assert isinstance(value, str)
        if self._plain_ok(value) and self.rnd.random() < 0.6:
            return value
        if "\n" not in value and self.rnd.random() < 0.5:
            return "'" + value.replace("'", "''") + "'"
        return json.dumps(value, ensure_ascii=self.rnd.random() < 0.3)

    @staticmethod
    def _plain_ok(value: str) -> bool:
        return (value.strip() == value and value != "" and "\n" not in value
                and value[0] not in "-?:,[]{}#&*!|>'\"%@`" and ": " not in value and " #" not in value
                and not value.endswith(":") and resolve_plain(value) == value
                and all(c.isprintable() for c in value))

    def key(self, key: str) -> str:
        return key if self._plain_ok(key) and key != "2017" else json.dumps(key, ensure_ascii=False)

    def flow(self, value: Any) -> str | None:
        """A one-line flow rendering, when the value is simple enough."""
        if isinstance(value, list):
            items = [self.flow(v) for v in value]
            return None if None in items else "[" + ", ".join(items) + "]"  # type: ignore[arg-type]
        if isinstance(value, dict):
            items = [self.flow(v) for v in value.values()]
            if None in items:
                return None
            return "{" + ", ".join(f"{self.key(k)}: {v}" for k, v in zip(value, items, strict=True)) + "}"
        if isinstance(value, str) and (not self._plain_ok(value) or any(c in value for c in ",[]{}")):
            return json.dumps(value, ensure_ascii=False)
        text = self.scalar(value)
        return text if text else "null"

    def block(self, value: Any, level: int) -> list[str]:
        pad = " " * (self.indent * level)
        lines: list[str] = []
        if isinstance(value, dict):
            for key, item in value.items():
                lines.extend(self._entry(f"{pad}{self.key(key)}:", item, level))
        else:
            for item in value:
                lines.extend(self._entry(f"{pad}-", item, level, in_list=True))
        return lines

    def _entry(self, head: str, item: Any, level: int, in_list: bool = False) -> list[str]:
        inner = level + 1 if (not in_list and self.indent_sequences) or in_list or isinstance(item, dict) \
            else level
        if isinstance(item, (dict, list)) and item:
            flow = self.flow(item) if self.rnd.random() < 0.3 else None
            if flow is not None:
                return [f"{head} {flow}"]
            return [head, *self.block(item, inner)]
        if isinstance(item, (dict, list)):
            return [f"{head} {'{}' if isinstance(item, dict) else '[]'}"]
        if isinstance(item, str) and "\n" in item and item.strip() == item and self.rnd.random() < 0.5 \
                and all(line.strip() == line and line for line in item.split("\n")) \
                and all(c.isprintable() for c in item.replace("\n", "")):
            pad = " " * (self.indent * (level + 1))
            return [f"{head} |-", *(pad + line for line in item.split("\n"))]
        text = self.scalar(item)
        return [f"{head} {text}".rstrip()]


def _with_comments(text: str, rnd: random.Random, words: list[str]) -> str:
    """Add full-line and end-of-line comments where they do not change the data."""
    data = data_of(text)
    lines = text.split("\n")[:-1]
    for _ in range(rnd.randint(0, 6)):
        at = rnd.randint(0, len(lines))
        comment = " " * rnd.choice([0, 2, 4, 6]) + "# " + rnd.choice(words)
        candidate = [*lines[:at], comment, *lines[at:]]
        if _still(candidate, data):
            lines = candidate
    for _ in range(rnd.randint(0, 4)):
        if not lines:
            break
        at = rnd.randrange(len(lines))
        candidate = list(lines)
        candidate[at] += " " * rnd.choice([1, 2, 3]) + "# " + rnd.choice(words)
        if _still(candidate, data):
            lines = candidate
    return "\n".join(lines) + "\n"


def _still(lines: list[str], data: Any) -> bool:
    doc, findings = parse_text("\n".join(lines) + "\n", "test.yaml")
    return doc is not None and not findings and same(data, doc.data) and same(doc.data, data)


_COMMENT_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp"))
_COMMENT_WORDS = st.lists(st.text(_COMMENT_CHARS, min_size=1, max_size=12).map(str.strip).filter(bool),
                          min_size=1, max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=st.dictionaries(_KEYS, _TREES, min_size=1, max_size=6), seed=st.integers(0, 2**32),
       words=_COMMENT_WORDS)
def test_property_formatting_keeps_data_and_comments_and_is_stable(tree, seed, words):
    rnd = random.Random(seed)
    text = "\n".join(_Writer(rnd).block(tree, 0)) + "\n"
    doc, findings = parse_text(text, "test.yaml")
    assume(doc is not None and not findings)
    text = _with_comments(text, rnd, words)
    formatted = format_text(text)
    assert same(data_of(text), data_of(formatted))
    assert sorted(comments_of(formatted)) == sorted(comments_of(text))
    assert format_text(formatted) == formatted


# logframe.yaml (1000 lines) is left out to keep the suite fast; its shapes are the same kinds.
SMALL_FILES = [p for p in DATA_FILES if p.name != "logframe.yaml"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(path=st.sampled_from(SMALL_FILES), seed=st.integers(0, 2**32), words=_COMMENT_WORDS)
def test_property_real_files_reshuffled_come_back_to_the_same_data(path, seed, words):
    """Real files with their keys shuffled, reindented and commented: same data, stable layout."""
    rnd = random.Random(seed)
    text = _reshuffled(path.read_text(encoding="utf-8"), rnd)
    text = _with_comments(text, rnd, words)
    model = model_for(path)
    formatted = format_text(text, model)
    assert same(data_of(text), data_of(formatted))
    assert sorted(comments_of(formatted)) == sorted(comments_of(text))
    assert format_text(formatted, model) == formatted


def _reshuffled(text: str, rnd: random.Random) -> str:
    """The same data with the keys of some block mappings in another order and another indentation."""
    import io

    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    step = rnd.choice([2, 4])
    yaml.indent(mapping=step, sequence=step + 2 if rnd.random() < 0.5 else step, offset=step if
                rnd.random() < 0.5 else 0)
    tree = yaml.load(text)

    def shuffle(node: Any) -> None:
        if isinstance(node, CommentedMap) and not node.fa.flow_style():
            if rnd.random() < 0.5 and not node.ca.items and not node.ca.comment:
                items = list(node.items())
                rnd.shuffle(items)
                node.clear()
                node.update(items)
            for value in node.values():
                shuffle(value)
        elif isinstance(node, list):
            for value in node:
                shuffle(value)

    shuffle(tree)
    out = io.StringIO()
    yaml.dump(tree, out)
    shuffled = out.getvalue()
    assume(parse_text(shuffled, "x.yaml")[0] is not None and not parse_text(shuffled, "x.yaml")[1])
    return shuffled


def test_cic_fmt_writes_through_a_link_and_keeps_it(tmp_path: Path):
    """A link inside the data folder is followed (the file it names is rewritten, the link stays)."""
    real = tmp_path / "data" / "shared" / "real.yaml"
    real.parent.mkdir(parents=True)
    real.write_text("a:   'x'\n", encoding="utf-8")
    link = tmp_path / "data" / "link.yaml"
    link.symlink_to(real)
    assert runner.invoke(app, ["fmt", str(link)]).exit_code == 0
    assert link.is_symlink() and real.read_text(encoding="utf-8") == 'a: "x"\n'
