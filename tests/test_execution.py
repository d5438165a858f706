"""Budget execution against the real T3 plan; the spending here is FICTIONAL test input.

A figure is exact only when every expected spender reported for every year it counts; with
reports missing, what was reported is a lower bound of the spending and of the rate, an upper
bound of what remains, and a year without any spending recorded is "not recorded", never zero.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.calendars import FIRST

from cicmaroc.analysis.execution import (
    Estimate,
    association_rows,
    execution_rows,
    expected_spenders,
    missing_years,
    partnership_execution,
    spent_on,
    yearly,
)
from cicmaroc.cells import nothing_planned
from cicmaroc.derive.actuals import Actuals

#: The frozen copy's partnerships line (`spent_by: partnerships`) and natures, as its budget.yaml declares
#: them (test_the_constants_are_the_frozen_budgets checks they agree).
PARTNERS_LINE = "partenaires"
NATURES = ("investissement", "fonctionnement", "personnel")


@pytest.fixture(scope="module")
def programme(real_programme):
    return real_programme


@pytest.fixture(scope="module")
def partners(programme):
    return [p.model.id for p in programme.partners]


def spend(entries: dict[int, dict[tuple[str, str, str], Decimal]]) -> Actuals:
    actuals = Actuals()
    for year, cells in entries.items():
        for (line, spender, nature), amount in cells.items():
            actuals.add_spending(year, line, spender, None, Decimal(0))
            actuals.add_spending(year, line, spender, nature, amount)
    return actuals


def everyone(partners: list[str], year: int, amount: str = "100.00") -> dict[tuple[str, str, str], Decimal]:
    """Every expected spender of the real plan reports for `year` (FICTIONAL amounts), every nature
    planned on its line filled in: 0 where nothing was spent (a nature left blank is not reported)."""
    cells = {(PARTNERS_LINE, p, "fonctionnement"): Decimal(amount) for p in partners}
    cells |= {(PARTNERS_LINE, p, "investissement"): Decimal(0) for p in partners}
    cells[("siege", "avcb", "personnel")] = Decimal(amount)
    cells[("siege", "avcb", "fonctionnement")] = Decimal(0)
    return cells


def test_the_constants_are_the_frozen_budgets(programme):
    budget = programme.budget.model
    assert budget.partnerships_line is not None and budget.partnerships_line.id == PARTNERS_LINE
    assert budget.nature_ids == NATURES


def row(rows, line=None, nature=None, kind=None):
    return next(r for r in rows if r.line == line and r.nature == nature and (kind is None or r.kind == kind))


def test_expected_spenders_come_from_the_plan(programme, partners):
    """Line 1: every partnership; Siège: AVCB (UVCW's share is 0); lines planned at 0: nobody."""
    expected = expected_spenders(programme.budget.model, partners, 2019)
    assert expected[PARTNERS_LINE] == tuple(partners) and len(partners) == 10
    assert expected["siege"] == ("avcb",)
    assert expected["collaborations"] == () and expected["bureau-local"] == ()


def test_no_spending_is_not_recorded_not_zero(programme, partners):
    rows = execution_rows(programme.budget.model, Actuals(), 2019, partners, FIRST)
    for r in rows:
        assert r.spent.amount is None and r.spent_to_date.amount is None
        assert r.rate is None and r.rate_to_date is None and r.remaining is None
        assert r.spent.unrecorded == (2019,) and r.spent_to_date.unrecorded == (2017, 2018, 2019)
    assert missing_years(Actuals(), range(FIRST, 2020)) == [2017, 2018, 2019]


def test_plan_is_the_printed_t3_column(programme, partners):
    budget = programme.budget.model
    rows = execution_rows(budget, Actuals(), 2019, partners, FIRST)
    line1 = budget.line("partenaires")
    assert rows[0].planned == line1.total[2019] and rows[0].planned_total == line1.total["grand_total"]
    assert rows[1].planned == line1.natures["investissement"][2019]
    collaborations = row(rows, "collaborations", kind="line")
    assert collaborations.planned is None  # T3 prints no total for this line
    total = row(rows, kind="total")
    assert total.planned == budget.total.total[2019] and total.label == "Total CO"
    assert total.planned_to_date == sum(budget.total.total[y] for y in (2017, 2018, 2019))
    [(uvcw_id, uvcw, uvcw_rows), (avcb_id, avcb, avcb_rows)] = association_rows(budget, 2019)
    assert (uvcw_id, avcb_id) == ("uvcw", "avcb")
    assert (uvcw, avcb) == ("Programme commun - UVCW", "Programme commun - AVCB")
    assert uvcw_rows[-1].label == "Total UVCW" and uvcw_rows[-1].planned == 0
    assert avcb_rows[-1].planned == budget.associations[1].total[2019]


def test_complete_spending_is_stated_plainly(programme, partners):
    budget = programme.budget.model
    actuals = spend({y: everyone(partners, y) for y in (2017, 2018, 2019)})
    rows = execution_rows(budget, actuals, 2019, partners, FIRST)
    total = row(rows, kind="total")
    assert total.spent.complete and total.spent.amount.bound == "exact"
    assert total.spent.amount.value == Decimal("1100.00")  # 10 partnerships + AVCB
    assert total.spent_to_date.amount.value == Decimal("3300.00") and total.spent_to_date.complete
    assert total.rate.bound == "exact" and total.rate.value == Decimal("1100.00") / budget.total.total[2019]
    # what is left is of the row's plan, the sum of its years (T3 prints a grand total a cent off)
    assert total.planned_total == sum(v for k, v in budget.total.total.items() if isinstance(k, int))
    assert total.remaining.value == total.planned_total - Decimal("3300.00")
    assert total.remaining.bound == "exact"
    collaborations = row(rows, "collaborations", "personnel")
    # nobody expected, nobody spent: "not reported", never a zero nobody stated
    assert collaborations.spent.amount is None and collaborations.spent.not_asked
    assert collaborations.rate is None  # "-" planned


def test_three_of_ten_partnerships_give_bounds_never_zeros(programme, partners):
    """The issue's case: 3 of 10 partnerships report 2019, no file for 2017-2018."""
    budget = programme.budget.model
    cells = {(PARTNERS_LINE, p, "fonctionnement"): Decimal("34000.00") for p in partners[:3]}
    cells |= {(PARTNERS_LINE, p, "investissement"): Decimal(0) for p in partners[:3]}
    actuals = spend({2019: cells})
    rows = execution_rows(budget, actuals, 2019, partners, FIRST)
    line1 = row(rows, PARTNERS_LINE, kind="line")
    assert line1.spent.amount.bound == "at_least" and line1.spent.amount.value == Decimal("102000.00")
    assert (line1.spent.reported, line1.spent.expected) == (3, 10)
    assert line1.rate.bound == "at_least" and line1.rate.value == Decimal("102000.00") / line1.planned
    assert line1.spent_to_date.unrecorded == (2017, 2018)
    assert line1.rate_to_date.bound == "at_least" and line1.remaining.bound == "at_most"
    assert line1.remaining.value == line1.planned_total - Decimal("102000.00")
    siege = row(rows, "siege", kind="line")
    assert siege.spent.amount is None and (siege.spent.reported, siege.spent.expected) == (0, 1)
    assert siege.rate is None and siege.remaining is None  # withheld: nothing reported
    total = row(rows, kind="total")
    assert total.spent.amount.bound == "at_least" and (total.spent.reported, total.spent.expected) == (3, 11)
    assert not any(r.spent.complete or r.spent_to_date.complete
                   for r in rows if not nothing_planned(r.planned))


def test_partnership_execution(programme, partners):
    budget = programme.budget.model
    os1 = [(p.model.id, p.model.budget_os1) for p in programme.partners]
    actuals = spend({2018: {(PARTNERS_LINE, "jette", "fonctionnement"): Decimal("7.00"),
                            (PARTNERS_LINE, "jette", "investissement"): Decimal(0),
                            (PARTNERS_LINE, "etterbeek", "investissement"): Decimal("5.00"),
                            (PARTNERS_LINE, "etterbeek", "fonctionnement"): Decimal(0)},
                     2019: {(PARTNERS_LINE, "etterbeek", "investissement"): Decimal("100.00"),
                            (PARTNERS_LINE, "etterbeek", "fonctionnement"): Decimal(0)}})
    by_id = {e.partnership: e for e in partnership_execution(os1, actuals, budget, 2019, FIRST)}
    etterbeek, jette, evere = by_id["etterbeek"], by_id["jette"], by_id["evere"]
    assert etterbeek.spent.amount.value == Decimal("100.00") and etterbeek.spent.complete
    assert etterbeek.years_reported == (2018, 2019) and etterbeek.years_missing == (2017,)
    assert etterbeek.spent_to_date.unrecorded == (2017,)  # no spending file for 2017 at all
    assert etterbeek.rate_to_date.bound == "at_least" and etterbeek.remaining.bound == "at_most"
    assert jette.spent.amount is None and jette.years_missing == (2017, 2019)
    assert jette.spent_to_date.amount.value == Decimal("7.00")
    assert jette.remaining.value == dict(os1)["jette"] - 7 and jette.remaining.bound == "at_most"
    assert evere.spent_to_date.amount is None and evere.rate_to_date is None and evere.remaining is None


def test_a_nature_left_blank_leaves_the_entry_partial(programme, partners):
    """Etterbeek gives its investment and leaves its operating costs blank: not zero, not reported."""
    budget = programme.budget.model
    actuals = spend({2019: {(PARTNERS_LINE, "etterbeek", "investissement"): Decimal("100.00")}})
    rows = execution_rows(budget, actuals, 2019, partners, FIRST)
    invest = row(rows, PARTNERS_LINE, nature="investissement")
    operating = row(rows, PARTNERS_LINE, nature="fonctionnement")
    line1 = row(rows, PARTNERS_LINE, kind="line")
    assert (invest.spent.reported, operating.spent.reported, line1.spent.reported) == (1, 0, 0)
    assert operating.spent.amount == Estimate(Decimal(0), "at_least")  # at least nothing: a bound
    os1 = [(p.model.id, p.model.budget_os1) for p in programme.partners]
    by_id = {e.partnership: e for e in partnership_execution(os1, actuals, budget, 2019, FIRST)}
    assert by_id["etterbeek"].spent.amount == Estimate(Decimal("100.00"), "at_least")
    assert not by_id["etterbeek"].spent.complete


def test_a_partnership_that_reported_every_year_is_exact(programme, partners):
    budget = programme.budget.model
    os1 = [(p.model.id, p.model.budget_os1) for p in programme.partners]
    actuals = spend({y: everyone(partners, y, "10.00") for y in (2017, 2018, 2019)})
    for e in partnership_execution(os1, actuals, budget, 2019, FIRST):
        assert e.spent_to_date.complete and e.spent_to_date.amount.value == Decimal("30.00")
        assert e.rate_to_date.bound == "exact" and e.remaining.bound == "exact"


def test_yearly_points(programme, partners):
    actuals = spend({2018: {("siege", "avcb", "personnel"): Decimal(5)}})
    points = yearly(programme.budget.model, actuals, partners, range(2017, 2020))
    assert points[0].spent.amount is None and points[2].spent.amount is None
    assert points[1].spent.amount.value == 5 and points[1].spent.amount.bound == "at_least"
    assert points[2].planned == programme.budget.model.total.total[2019]


amounts = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
cells = st.dictionaries(
    st.tuples(st.sampled_from(["partenaires", "siege", "bureau-local"]),
              st.sampled_from(["etterbeek", "jette", "evere", "avcb"]), st.sampled_from(NATURES)),
    amounts, max_size=6)
spendings = st.dictionaries(st.integers(2017, 2021), cells, max_size=5)


@settings(max_examples=60)
@given(entries=spendings, year=st.integers(2017, 2021))
def test_execution_adds_up_and_bounds_hold(programme, partners, entries, year):
    budget = programme.budget.model
    actuals = spend(entries)
    rows = execution_rows(budget, actuals, year, partners, FIRST)
    total = row(rows, kind="total")
    lines = [r for r in rows if r.kind == "line"]
    natures = [r for r in rows if r.kind == "total-nature"]
    reported = sum((a for y, c in entries.items() if y <= year for a in c.values()), Decimal(0))
    if total.spent_to_date.amount is not None:
        known = total.spent_to_date.amount.value
        assert known == reported  # every amount reported counts, nothing else does
        assert known == sum(r.spent_to_date.amount.value for r in lines if r.spent_to_date.amount)
        assert known == sum(r.spent_to_date.amount.value for r in natures if r.spent_to_date.amount)
        assert total.remaining.value + known == total.planned_total
    # 3 of the 10 partnerships at most ever report here: the total is never stated as exact
    assert not total.spent_to_date.complete
    if total.spent_to_date.amount is not None:
        assert total.spent_to_date.amount.bound == "at_least" and total.remaining.bound == "at_most"
    assert spent_on(actuals, budget, partners, range(2017, year + 1)) == total.spent_to_date


@settings(max_examples=60)
@given(entries=spendings, extra=cells, year=st.integers(2017, 2021))
def test_a_new_report_never_lowers_what_is_known(programme, partners, entries, extra, year):
    """More reports: the lower bound of spending only rises, and a complete figure stays complete."""
    budget = programme.budget.model
    before = spent_on(spend(entries), budget, partners, range(2017, year + 1))
    merged = {y: dict(c) for y, c in entries.items()}
    merged.setdefault(year, {}).update({k: v for k, v in extra.items() if k not in merged.get(year, {})})
    after = spent_on(spend(merged), budget, partners, range(2017, year + 1))
    assert after.reported >= before.reported and after.expected == before.expected
    if before.known is not None:
        assert after.known is not None and after.known >= before.known
    if before.complete:
        assert after.complete
