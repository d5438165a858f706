"""`cic fmt` never changes what `cic validate` reports, waivers included, and formats or refuses
(naming the right line) everything validate accepts.

The property test runs the whole pipeline: a real partner file reshuffled, with waiver comments
(`# cic: ignore[...]`) at random places and flow lists spread over lines, is validated, formatted,
and validated again; the findings, with what is waived and why, must be the same. A refusal is
allowed (the file is then left as it is); a silent change of what is waived is not. Reasons and
layouts are FICTIONAL test input.
"""

from __future__ import annotations

import random
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import DATA, line_of, replace_in
from tests.test_formatting import _reshuffled, _with_comments
from typer.testing import CliRunner

from cicmaroc import api
from cicmaroc.cli.main import app
from cicmaroc.fmt.canonical import FormatError, format_text, model_for

runner = CliRunner()
PARTNER = "partners/saint-josse-ten-noode.yaml"  # has CIC602, CIC604 and CIC605 findings
WAIVERS = ["cic: ignore[CIC602] printed so (fictional reason)", "cic: ignore[CIC605] as printed (fictional)",
           "cic: ignore[CIC604] agreed (fictional)", "cic: ignore[CIC602, CIC605] both (fictional)",
           "cic: ignore[CIC602 CIC604] spaces (fictional)", "an ordinary comment"]


def outcome(data_dir: Path) -> Counter[tuple[str, str, str | None]]:
    """What validate says, without positions (fmt moves lines): code, message, waived reason."""
    findings = api.validate(data_dir).findings
    return Counter((f.code, f.message, f.waived) for f in findings)


def spread_flow_lists(text: str, rnd: random.Random) -> str:
    """Write some phone lists over several lines, with a second (FICTIONAL, badly formed) number,
    and a waiver or a comment after some of the items."""
    def spread(match: re.Match[str]) -> str:
        if rnd.random() < 0.3:
            return match.group(0)
        head, items = match.group(1), [match.group(2)]
        items.insert(rnd.randint(0, 1), '"212 5 36 76 61 1"')  # 8 digits after 212: a CIC602
        pad = " " * (len(head) - len(head.lstrip()) + 2)
        lines = [f"{head}[{items[0]},", f"{pad}{items[1]}]"]
        return "\n".join(line + (f"  # {rnd.choice(WAIVERS)}" if rnd.random() < 0.6 else "")
                         for line in lines)

    return re.sub(r"^( *phones: )\[(\"[^\"]*\")\]$", spread, text, flags=re.MULTILINE)


@pytest.fixture(scope="module")
def programme(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("fmt-waivers") / "data"
    shutil.copytree(DATA, target)
    return target


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 2**32), words=st.lists(st.sampled_from(WAIVERS), min_size=1, max_size=4))
def test_property_fmt_never_changes_findings_or_waivers(programme: Path, seed: int, words: list[str]):
    rnd = random.Random(seed)
    path = programme / PARTNER
    original = (DATA / PARTNER).read_text(encoding="utf-8")
    text = _with_comments(spread_flow_lists(_reshuffled(original, rnd), rnd), rnd, words)
    try:
        path.write_text(text, encoding="utf-8")
        before = outcome(programme)
        try:
            formatted = format_text(text, model_for(path), PARTNER)
        except FormatError:
            return  # refused: the file is left exactly as it was, so nothing changes
        path.write_text(formatted, encoding="utf-8")
        assert outcome(programme) == before
    finally:
        path.write_text(original, encoding="utf-8")


def test_waivers_on_a_flow_list_spread_over_lines_are_not_moved(data_copy: Path):
    """Main joined the lines and put the first waiver alone above: CIC902 appeared (exit 1)."""
    path = data_copy / PARTNER
    replace_in(path, '    phones: ["212 6 67 97 72 001"]\n',
               '    phones: ["212 5 36 76 61 1",  # cic: ignore[CIC602] printed so too (fictional)\n'
               '      "212 6 67 97 72 001"]  # cic: ignore[CIC602] printed so (fictional)\n')
    before = outcome(data_copy)
    assert not [k for k in before if k[0] in ("CIC602", "CIC902") and k[2] is None]  # both waived
    text = path.read_text(encoding="utf-8")
    result = runner.invoke(app, ["fmt", str(path)])
    assert result.exit_code == 1 and "waiver" in result.output
    line = line_of(path, "printed so too")
    assert f"{PARTNER.split('/')[-1]}:{line}:" in result.output.replace("\n", "")  # the waiver's line
    assert path.read_text(encoding="utf-8") == text and outcome(data_copy) == before


def test_a_waiver_does_not_start_to_apply_after_fmt():
    """A waiver on a list item's line that fmt would join with another item's line: refused."""
    text = ('id: x\nphones: ["1",  # cic: ignore[CIC602] for the first one only (fictional)\n'
            '  "2"]\n')
    with pytest.raises(FormatError) as caught:
        format_text(text)
    assert caught.value.line == 2


def test_a_tab_inside_a_value_is_refused_on_its_own_line(data_copy: Path):
    """Validate accepts the tab; main's fmt failed naming line 11 (comments lifted out) for 16."""
    path = data_copy / "partners" / "evere.yaml"
    replace_in(path, "  contacts: [Sabine MAURY]\n", "  contacts: [Sabine\tMAURY]\n")
    line = path.read_text(encoding="utf-8").splitlines().index("  contacts: [Sabine\tMAURY]") + 1
    assert runner.invoke(app, ["validate", str(data_copy)]).exit_code == 1  # (the real data's findings)
    result = runner.invoke(app, ["fmt", str(path)])
    assert result.exit_code == 1
    assert f"evere.yaml:{line}:" in result.output.replace("\n", "") and "tab" in result.output


def test_fmt_honours_max_file_size_from_cic_toml(tmp_path: Path):
    data = tmp_path / "data"
    data.mkdir()
    (tmp_path / "cic.toml").write_text("max-file-size = 100\n", encoding="utf-8")
    big = data / "big.yaml"
    big.write_text("a:   1\n" * 50, encoding="utf-8")
    result = runner.invoke(app, ["fmt", str(data)])
    assert result.exit_code == 1 and "over the limit of 100 bytes" in result.output.replace("\n", " ")
    assert big.read_text(encoding="utf-8") == "a:   1\n" * 50


@pytest.mark.parametrize(("text", "expected"), [
    ("id: x\nnote: |+\n  kept\n\n", "id: x\nnote: |+\n  kept\n\n"),  # main added a `...` line
    ("- a\n-   b: 1\n    c: [1, 2]\n", "- a\n- b: 1\n  c: [1, 2]\n"),  # main indented a top-level list
    ("id: x\nnote: " + "w" * 5000 + "\n", "id: x\nnote: " + "w" * 5000 + "\n"),  # main: `note: ` + break
])
def test_small_layout_defects(text: str, expected: str):
    assert format_text(text) == expected
    assert format_text(expected) == expected
