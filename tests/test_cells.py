"""A cell of T3 is an amount or a dash (cicmaroc/cells.py): its arithmetic, the model that reads it,
and the places it ends up (findings, the IATI budget, fmt). FICTIONAL figures only; nothing here
reads data/."""

from __future__ import annotations

import copy
import json
import pickle
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.conftest import REPO

from cicmaroc.cells import DASH, CellValue, Dash, add, amount, nothing_planned, same
from cicmaroc.findings import Money
from cicmaroc.models.budget import Block

EXAMPLE = REPO / "examples" / "demo" / "data"

amounts = st.decimals(min_value=-10**9, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)
cells = st.one_of(st.just(DASH), amounts)


def test_a_dash_is_one_value_that_survives_copies() -> None:
    assert Dash() is DASH
    assert copy.deepcopy(DASH) is DASH and pickle.loads(pickle.dumps(DASH)) is DASH
    assert str(DASH) == "-" and DASH == DASH and same(DASH, Dash())


@pytest.mark.parametrize("number", [0, Decimal(0), Decimal("0.00"), 1.5])
def test_a_dash_is_no_number_neither_equal_nor_ordered_nor_true(number: object) -> None:
    # equal to no number, not even 0, and equality stays total (whole models are compared)
    assert (number == DASH, number == DASH, number != DASH) == (False, False, True)
    assert {"planned": number} != {"planned": DASH}
    with pytest.raises(TypeError):
        _ = number > DASH  # type: ignore[operator]
    with pytest.raises(TypeError):
        bool(DASH)
    with pytest.raises(TypeError):
        _ = DASH + Decimal(1)  # type: ignore[operator]


def test_sums_of_cells() -> None:
    assert add([DASH, DASH, DASH]) is DASH  # T3's Personnel row of line 1: "-" every year
    assert add([DASH, Decimal("42988.77"), DASH]) == Decimal("42988.77")
    assert add([]) == 0
    assert amount(DASH) == 0 and amount(Decimal("1.50")) == Decimal("1.50")
    assert nothing_planned(DASH) and nothing_planned(Decimal(0)) and nothing_planned(None)
    assert not nothing_planned(Decimal("0.01"))
    assert not same(DASH, Decimal(0)) and not same(None, DASH) and same(Decimal("1.0"), Decimal("1.00"))


@given(st.lists(cells, max_size=8))
def test_a_sum_is_a_dash_exactly_when_every_cell_is_one(row: list[CellValue]) -> None:
    total = add(row)
    assert isinstance(total, Dash) == (bool(row) and all(isinstance(c, Dash) for c in row))
    assert amount(total) == sum((c for c in row if not isinstance(c, Dash)), Decimal(0))


@given(st.lists(cells, max_size=5), st.lists(cells, max_size=5))
def test_sums_of_cells_add_up_by_parts(left: list[CellValue], right: list[CellValue]) -> None:
    whole = add(left + right)
    assert amount(whole) == amount(add(left)) + amount(add(right))
    if left and right:
        assert isinstance(whole, Dash) == (isinstance(add(left), Dash) and isinstance(add(right), Dash))


def test_the_model_reads_a_dash_and_writes_it_back() -> None:
    block = Block.model_validate({"natures": {"personnel": {2017: "-", 2018: Decimal("1.50"),
                                                            "grand_total": "-"}}})
    row = block.natures["personnel"]
    assert row[2017] is DASH and row["grand_total"] is DASH and row[2018] == Decimal("1.50")
    assert block.nature_amount("personnel", 2017) is DASH
    assert block.model_dump(mode="json")["natures"]["personnel"] == {"2017": "-", "2018": "1.50",
                                                                       "grand_total": "-"}


def test_a_finding_says_a_dash_as_printed() -> None:
    from cicmaroc.i18n.translator import translator

    assert format(Money(DASH)) == "-"
    for lang in ("fr", "nl", "en"):
        assert translator(lang).value(Money(DASH)) == "-"


def _copy(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    return data


def test_a_stated_dash_over_numbers_is_said_with_its_dash(tmp_path: Path) -> None:
    from cicmaroc import api

    data = _copy(tmp_path)
    budget = data / "budget.yaml"
    text = budget.read_text(encoding="utf-8")
    # FICTIONAL slip: line 1's Personnel 2017 gets an amount while its grand total stays "-"
    printed = 'personnel:      {2017: "-", 2018: "-", 2019: "-", 2020: "-", 2021: "-", grand_total: "-"}'
    assert printed in text
    slip = printed.replace('2017: "-"', "2017: 100.00")
    budget.write_text(text.replace(printed, slip, 1), encoding="utf-8")
    before = {f.message for f in api.validate(_copy(tmp_path / "before")).findings if f.code == "CIC101"}
    added = [f.message for f in api.validate(data).findings if f.code == "CIC101" and f.message not in before]
    assert len(added) == 1 and "is stated as -, but the years of the row add up to 100.00 EUR" in added[0]


def test_the_iati_budget_leaves_out_a_year_printed_dash() -> None:
    from types import SimpleNamespace

    from lxml import etree

    from cicmaroc.iati.export import _budgets

    total = {2017: DASH, 2018: Decimal("401825.75"), "grand_total": Decimal("401825.75")}
    budget = SimpleNamespace(model=SimpleNamespace(years=[2017, 2018], total=SimpleNamespace(total=total)))
    activity = etree.Element("iati-activity")
    _budgets(activity, SimpleNamespace(budget=budget))  # type: ignore[arg-type]
    years = [(b.find("period-start").get("iso-date"), b.findtext("value")) for b in activity.iter("budget")]
    assert years == [("2018-01-01", "401825.75")]  # a dash is no budget value (it was a budget of 0)


def test_fmt_writes_a_dash_back_as_written() -> None:
    from cicmaroc import api

    budget = EXAMPLE / "budget.yaml"
    original = budget.read_text(encoding="utf-8")
    assert api.format_text(budget, original) == original
    quoted = original.replace('2017: "-"', "2017: '-'")
    assert api.format_text(budget, quoted) == quoted


def test_what_a_dash_adds_into_as_the_editor_shows_it() -> None:
    from cicmaroc import api
    from cicmaroc.i18n.translator import translator

    run = api.validate(EXAMPLE)
    sums = api.figure_sums(run, "budget", ("lines", 0, "natures", "personnel", "grand_total"))
    row = sums[0]  # its row: "-" stated, and the years, all "-", add up to "-"
    assert row.stated is DASH and row.computed is DASH and row.difference == 0
    co = sums[-1]  # Total CO's Personnel: the lines' cells, "-" on three lines, add up to Siège's
    assert not isinstance(co.computed, Dash) and co.difference == 0
    said = translator("fr").value(Money(row.computed))
    assert said == "-"


@pytest.mark.parametrize(("old", "new"), [('"-"', "100.00"), ("100.00", '"-"')])
def test_cic_diff_says_a_cell_filled_in_or_emptied_to_a_dash(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             old: str, new: str) -> None:
    """Filling in a cell T3 printed "-" (or the reverse) is an ordinary pull request: `cic diff`
    compares whole models holding dashes, shows the dash as "-" (not a quoted text), and computes no
    difference from it."""
    from tests.git_history import git

    from cicmaroc import api

    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    budget = data / "budget.yaml"
    siege = '      investissement: {2017: "-", 2018: "-", 2019: "-", 2020: "-", 2021: "-", grand_total: "-"}'
    assert siege in budget.read_text(encoding="utf-8")

    def write(cell: str) -> None:
        text = budget.read_text(encoding="utf-8")
        start = text.index("  - id: siege")
        line = text.index("      investissement:", start)
        end = text.index("\n", line)
        filled = siege.replace('2019: "-"', f"2019: {cell}")
        budget.write_text(text[:line] + filled + text[end:], encoding="utf-8")

    write(old)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "before (FICTIONAL)")
    write(new)
    monkeypatch.chdir(tmp_path)
    compared = api.diff(None, "HEAD", None)
    [change] = [c for c in compared.diff.changes if c.section == "budget"]
    assert "2019" in change.what and change.difference is None
    shown = {"100.00": "100,00", '"-"': "-"}
    assert f"{shown[old]} → {shown[new]}" in api.render_diff(compared, "text", "fr")
    changes = json.loads(api.render_diff(compared, "json"))["changes"]
    [entry] = [c for c in changes if c["section"] == "budget"]
    assert (entry["old"], entry["new"]) == tuple("-" if v == '"-"' else v for v in (old, new))


def test_a_dash_over_a_zero_is_no_rounding_of_the_total(tmp_path: Path) -> None:
    """T3 printing "-" as the grand total of years 0 and "-" agrees with itself for `cic validate`
    (CIC101 compares amounts); the report must not list it among the totals that differ from the
    sum of their years (a rounding of the source spreadsheet)."""
    from cicmaroc import api

    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    budget = data / "budget.yaml"
    siege = '      investissement: {2017: "-", 2018: "-", 2019: "-", 2020: "-", 2021: "-", grand_total: "-"}'
    text = budget.read_text(encoding="utf-8")
    at = text.index(siege, text.index("  - id: siege"))  # Siège's investissement row
    text = text[:at] + siege.replace('2017: "-"', "2017: 0") + text[at + len(siege):]
    budget.write_text(text, encoding="utf-8")
    assert not [f for f in api.validate(data).findings.active() if f.code == "CIC101"]
    report = api.report(data, 2019, "fr")
    assert "Siège, Investissement\u00a0: - imprimé" not in report
    assert "Siège\u00a0: 333\u202f238,19\u00a0€ imprimé" in report  # a real difference is still said
