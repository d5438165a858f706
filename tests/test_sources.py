"""The YAML reader: every kind of bad input becomes a located finding, never an exception."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from cicmaroc.yaml.limits import Limits
from cicmaroc.yaml.reader import load_file, parse_text


def codes(findings):
    return [(f.code, f.location.line, f.location.column) for f in findings]


def test_numbers_with_cents_are_exact_decimals_and_dates_are_dates():
    doc, findings = parse_text("a: 150145.16\nb: 2007-11-29\nc: 12\nd: yes\ne: '12.50'\n", "t.yaml")
    assert findings == []
    assert doc.data == {"a": Decimal("150145.16"), "b": dt.date(2007, 11, 29), "c": 12,
                        "d": "yes", "e": "12.50"}
    assert isinstance(doc.data["a"], Decimal) and str(doc.data["a"]) == "150145.16"


def test_every_value_knows_its_line_and_column():
    doc, _ = parse_text("top:\n  list:\n    - {x: 1, y: 2}\n", "t.yaml")
    assert doc.values[("top", "list", 0, "y")] == (3, 17)
    assert doc.keys[("top", "list")] == (2, 3)
    assert str(doc.at("top", "list", 0, "missing")) == "t.yaml:3:7"


def test_syntax_error_is_a_finding_at_its_line():
    doc, findings = parse_text("a: 1\nb: [1, 2\nc: 3\n", "t.yaml")
    assert doc is None
    assert findings[0].code == "CIC003"
    [finding] = findings
    assert finding.location.file == "t.yaml" and finding.location.line == 3  # where the `]` is missed
    assert [r.line for r in finding.related] == [2]  # and where the bracket was opened


def test_tab_indentation_gets_a_plain_hint():
    _, findings = parse_text("a:\n\t- b\n", "t.yaml")
    assert codes(findings) == [("CIC003", 2, 1)]
    assert "tab" in findings[0].hint.lower()


def test_duplicate_key_points_at_the_second_and_names_the_first():
    doc, findings = parse_text("id: x\nname: a\nname: b\n", "t.yaml")
    assert codes(findings) == [("CIC004", 3, 1)]
    assert findings[0].related[0].line == 2
    assert doc.data["name"] == "a"


@pytest.mark.parametrize("text", ["", "   \n", "# only a comment\n", "---\n"])
def test_empty_file(text):
    doc, findings = parse_text(text, "t.yaml")
    assert doc is None and codes(findings) == [("CIC005", 1, 1)]


def test_not_utf8_points_at_the_bad_byte(tmp_path: Path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("id: x\nname: Aït Baha\n".encode("latin-1"))
    doc, findings = load_file(path, "latin1.yaml")
    assert doc is None
    assert codes(findings) == [("CIC002", 2, 8)]  # the ï of Aït


def test_bom_and_crlf_read_like_plain_utf8(tmp_path: Path):
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufeffname: Saïd\r\nx: 1\r\n".encode())
    doc, findings = load_file(path, "bom.yaml")
    assert findings == [] and doc.data == {"name": "Saïd", "x": 1}
    assert doc.values[("x",)] == (2, 4)


def test_python_tags_never_construct_anything():
    doc, findings = parse_text("a: !!python/object/apply:os.system ['touch /tmp/pwned']\nb: 1\n", "t.yaml")
    assert codes(findings) == [("CIC006", 1, 4)]
    assert doc.data == {"a": None, "b": 1}
    assert not Path("/tmp/pwned").exists()


def test_aliases_are_refused_so_billion_laughs_costs_nothing():
    bomb = "a: &a ['lol','lol']\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)}]\n"
        for i in range(9))
    doc, findings = parse_text(bomb, "bomb.yaml")
    assert {f.code for f in findings} == {"CIC006"}
    assert doc is not None


def test_deep_nesting_is_cut_at_the_limit():
    text = "a: " + "[" * 30 + "]" * 30 + "\nb: 1\n"
    doc, findings = parse_text(text, "deep.yaml", Limits(max_depth=10))
    assert [f.code for f in findings] == ["CIC007"]
    assert doc.data["b"] == 1


def test_very_deep_flow_nesting_gives_up_on_the_file_at_once():
    # libyaml is quadratic in flow depth: a million '[' would take hours if read to the end
    text = "a: 1\nb: " + "[" * 1_000_000 + "\n"
    doc, findings = parse_text(text, "deep.yaml")
    assert doc is None
    assert [(f.code, f.name, f.location.line) for f in findings] == [
        ("CIC007", "file-too-large", 2), ("CIC007", "file-too-large", 2)]
    assert "the deeper part was not read" in findings[0].message
    assert "the file was not read" in findings[1].message


def test_oversized_file_is_refused_without_reading(tmp_path: Path):
    path = tmp_path / "big.yaml"
    path.write_text("a: 1\n" * 1000)
    doc, findings = load_file(path, "big.yaml", Limits(max_bytes=100))
    assert doc is None and findings[0].code == "CIC007" and "5,000 bytes" in findings[0].message


def test_directory_and_broken_link_are_findings(tmp_path: Path):
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "link.yaml").symlink_to(tmp_path / "nowhere.yaml")
    for name in ("folder.yaml", "link.yaml"):
        doc, findings = load_file(tmp_path / name, name)
        assert doc is None and findings[0].code == "CIC001", name


def test_merge_keys_and_second_documents_are_refused():
    _, findings = parse_text("<<: {a: 1}\nb: 2\n---\nc: 3\n", "t.yaml")
    assert [f.code for f in findings] == ["CIC006", "CIC006"]


def test_the_garbage_collector_is_paused_only_while_reading():
    import gc

    assert gc.isenabled()
    parse_text("a: 1\n", "t.yaml")
    parse_text("a: [\n", "t.yaml")  # a syntax error too
    assert gc.isenabled()
    gc.disable()
    try:
        parse_text("a: 1\n", "t.yaml")
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()


def test_line_text_counts_lines_as_editors_do():
    doc, _ = parse_text("a: 1\r\nb: 'x\u2028y'\nc: 3\n", "t.yaml")
    assert doc.line_text(3) == "c: 3" and doc.values[("c",)] == (3, 4)
