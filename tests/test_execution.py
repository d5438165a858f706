"""Budget execution against the real T3 plan; the spending here is FICTIONAL test input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cicmaroc.actuals import Actuals
from cicmaroc.execution import (
    association_rows,
    execution_rows,
    missing_years,
    partnership_execution,
    spent_in,
    spent_to_date,
    yearly,
)
from cicmaroc.models.budget import NATURES


@pytest.fixture(scope="module")
def programme(real_programme):
    return real_programme


def spend(entries: dict[int, dict[tuple[str, str, str], Decimal]]) -> Actuals:
    actuals = Actuals()
    for year, cells in entries.items():
        for (line, spender, nature), amount in cells.items():
            actuals.add_spending(year, line, spender, nature, amount)
    return actuals


def test_no_spending_is_missing_not_zero(programme):
    rows = execution_rows(programme.budget.model, Actuals(), 2019)
    assert all(r.spent is None and r.spent_to_date is None and r.rate is None for r in rows)
    assert all(r.remaining is None for r in rows)
    assert missing_years(Actuals(), 2019) == [2017, 2018, 2019]


def test_plan_is_the_printed_t3_column(programme):
    budget = programme.budget.model
    rows = execution_rows(budget, Actuals(), 2019)
    line1 = budget.line("partenaires")
    assert rows[0].planned == line1.total[2019] and rows[0].planned_total == line1.total["grand_total"]
    assert rows[1].planned == line1.natures["investissement"][2019]
    collaborations = next(r for r in rows if r.line == "collaborations" and r.kind == "line")
    assert collaborations.planned is None  # T3 prints no total for this line
    total = next(r for r in rows if r.kind == "total")
    assert total.planned == budget.total.total[2019] and total.label == "Total CO"
    assert total.planned_to_date == sum(budget.total.total[y] for y in (2017, 2018, 2019))
    [(uvcw, uvcw_rows), (avcb, avcb_rows)] = association_rows(budget, 2019)
    assert (uvcw, avcb) == ("Programme commun - UVCW", "Programme commun - AVCB")
    assert uvcw_rows[-1].label == "Total UVCW" and uvcw_rows[-1].planned == 0
    assert avcb_rows[-1].planned == budget.associations[1].total[2019]


def test_execution_of_a_year(programme):
    budget = programme.budget.model
    actuals = spend({
        2018: {("partenaires", "etterbeek", "investissement"): Decimal("1000.00")},
        2019: {("partenaires", "etterbeek", "investissement"): Decimal("12000.00"),
               ("partenaires", "etterbeek", "fonctionnement"): Decimal("500.50"),
               ("siege", "avcb", "personnel"): Decimal("40000.00")},
    })
    rows = execution_rows(budget, actuals, 2019)
    total = next(r for r in rows if r.kind == "total")
    assert total.spent == Decimal("52500.50")
    assert total.spent_to_date == Decimal("53500.50")
    assert total.remaining == budget.total.total["grand_total"] - Decimal("53500.50")
    assert total.rate == Decimal("52500.50") / budget.total.total[2019]
    inv = next(r for r in rows if r.line == "partenaires" and r.nature == "investissement")
    assert inv.spent == Decimal("12000.00") and inv.spent_to_date == Decimal("13000.00")
    collab = next(r for r in rows if r.line == "collaborations" and r.nature == "personnel")
    assert collab.spent == 0 and collab.rate is None  # reported year, nothing spent; "-" planned
    assert missing_years(actuals, 2019) == [2017]


def test_partnership_execution(programme):
    partners = [(p.model.id, p.model.budget_os1) for p in programme.partners]
    actuals = spend({2019: {("partenaires", "etterbeek", "investissement"): Decimal("100.00")},
                     2018: {("partenaires", "jette", "fonctionnement"): Decimal("7.00")}})
    by_id = {e.partnership: e for e in partnership_execution(partners, actuals, 2019)}
    assert by_id["etterbeek"].spent == Decimal("100.00") and by_id["etterbeek"].years_reported == (2019,)
    assert by_id["jette"].spent is None and by_id["jette"].spent_to_date == Decimal("7.00")
    assert by_id["evere"].spent is None and by_id["evere"].spent_to_date is None
    os1 = dict(partners)["jette"]
    assert by_id["jette"].remaining == os1 - 7 and by_id["jette"].rate_to_date == Decimal(7) / os1


def test_yearly_points(programme):
    actuals = spend({2018: {("siege", "avcb", "personnel"): Decimal(5)}})
    points = yearly(programme.budget.model, actuals, range(2017, 2020))
    assert [p.spent for p in points] == [None, Decimal(5), None]
    assert points[2].planned == programme.budget.model.total.total[2019]


amounts = st.decimals(min_value=0, max_value=100000, places=2, allow_nan=False, allow_infinity=False)
cells = st.dictionaries(
    st.tuples(st.sampled_from(["partenaires", "siege", "bureau-local"]),
              st.sampled_from(["etterbeek", "jette", "avcb"]), st.sampled_from(NATURES)),
    amounts, max_size=6)
spendings = st.dictionaries(st.integers(2017, 2021), cells, max_size=5)


@settings(max_examples=60)
@given(entries=spendings, year=st.integers(2017, 2021))
def test_execution_adds_up(programme, entries, year):
    budget = programme.budget.model
    actuals = spend(entries)
    rows = execution_rows(budget, actuals, year)
    total = next(r for r in rows if r.kind == "total")
    lines = [r for r in rows if r.kind == "line"]
    natures = [r for r in rows if r.kind == "total-nature"]
    if total.spent is None:
        assert year not in entries or not entries[year]
    else:
        assert total.spent == sum(r.spent for r in lines) == sum(r.spent for r in natures)
    expected_to_date = [spent_in(actuals, y) for y in range(2017, year + 1)]
    known = [s for s in expected_to_date if s is not None]
    assert total.spent_to_date == (sum(known) if known else None)
    if total.spent_to_date is not None:
        assert total.remaining + total.spent_to_date == total.planned_total
    assert spent_to_date(actuals, year) == total.spent_to_date
