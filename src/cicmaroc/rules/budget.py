"""Budget arithmetic on the T3 table, and the figures other files state twice.

The table is read in every direction an officer would check with a calculator: the years of a
row against its grand total, the natures of a line against the line's total, the lines against
"Total CO", the two associations against "Total CO", and the totals stated on the country and
outcome sheets against the table.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from cicmaroc.config import Config
from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.loading.programme import Doc, Programme
from cicmaroc.models.budget import NATURES, PARTNERS_LINE, Block, Budget, Row, RowKey
from cicmaroc.rules.common import compare_amounts


def _keys(budget: Budget) -> list[RowKey]:
    return [*budget.years, "grand_total"]


def _label(key: RowKey) -> str:
    return "the grand total" if key == "grand_total" else str(key)


def _blocks(budget: Budget) -> Iterator[tuple[tuple[str | int, ...], Block, str]]:
    """Every block with its path in the file and a label for messages."""
    for i, block in enumerate(budget.lines):
        yield ("lines", i), block, f"line {block.label or block.id}"
    yield ("total",), budget.total, "Total CO"
    for i, block in enumerate(budget.associations):
        yield ("associations", i), block, block.label or str(block.id)


def _rows(block: Block) -> Iterator[tuple[tuple[str, ...], Row, str]]:
    for nature, row in block.natures.items():
        yield ("natures", nature), row, nature
    if block.total is not None:
        yield ("total",), block.total, "total"


def _natures_sum(block: Block, key: RowKey) -> Decimal:
    return sum((row.get(key, Decimal(0)) for row in block.natures.values()), Decimal(0))


def _line_total(block: Block, key: RowKey) -> Decimal:
    """A line's total: as stated where the table prints one, else the sum of its natures."""
    if block.total is not None and key in block.total:
        return block.total[key]
    return _natures_sum(block, key)


def row_totals(programme: Programme, config: Config) -> Iterator[Finding]:
    """Each row's grand total equals the sum of its five years.

    Why: the grand total column is what the donor reads first; a row whose years do not add up
    means one of its cells was mistyped, in the document or in the transcription.

    Example: `personnel: {2017: 42988.77, ..., 2021: 47103.80, grand_total: 223438.19}` where the
    years add up to 223,438.20 (a one-cent rounding difference, reported as CIC106).
    """
    if programme.budget is None:
        return
    doc, budget = programme.budget, programme.budget.model
    for path, block, label in _blocks(budget):
        for sub, row, row_label in _rows(block):
            if "grand_total" not in row:
                continue
            computed = sum((row.get(y, Decimal(0)) for y in budget.years), Decimal(0))
            finding = compare_amounts(config, "CIC101", f"In {label}, the {row_label} row's grand total",
                                      row["grand_total"], computed, doc.at(*path, *sub, "grand_total"),
                                      parts="the years of the row")
            if finding:
                yield finding


def line_totals(programme: Programme, config: Config) -> Iterator[Finding]:
    """A line's stated total equals the sum of its natures (investment, operating, staff), each year.

    Why: a line total that disagrees with its natures means the table was edited in one place
    and not the other.

    Example: `4. Siège` states 71,588.77 for 2017 while 28,600.00 + 42,988.77 = 71,588.77 (clean);
    changing the 2017 staff cost by one cent makes the line total disagree.
    """
    if programme.budget is None:
        return
    doc, budget = programme.budget, programme.budget.model
    for path, block, label in _blocks(budget):
        if block.total is None:
            continue
        for key in _keys(budget):
            if key not in block.total:
                continue
            related = tuple(doc.at(*path, "natures", n, key) for n in block.natures)
            finding = compare_amounts(config, "CIC102", f"The total of {label} for {_label(key)}",
                                      block.total[key], _natures_sum(block, key),
                                      doc.at(*path, "total", key), related, parts="its natures")
            if finding:
                yield finding


def grand_totals(programme: Programme, config: Config) -> Iterator[Finding]:
    """"Total CO" equals the sum of the lines, for each nature and for the total, each year.

    Why: Total CO is the programme's budget; if the lines do not add up to it, the programme
    asks for a different amount than it plans to spend.

    Example: the Total CO `fonctionnement` for 2019 (241,618.97) against 213,818.97 (Partenaires)
    + 27,800.00 (Siège).
    """
    if programme.budget is None:
        return
    yield from _parts_against_total_co(config, "CIC103", programme.budget, "lines", "the lines")


def association_split(programme: Programme, config: Config) -> Iterator[Finding]:
    """The UVCW and AVCB shares add up to "Total CO", for each nature and the total, each year.

    Why: the split says which association carries which euro; a split that does not add up
    leaves money unassigned (or assigned twice).

    Example: AVCB investment 2019 (131,050.33) + UVCW investment 2019 ("-") against Total CO
    investment 2019 (131,050.33).
    """
    if programme.budget is None or not programme.budget.model.associations:
        return
    yield from _parts_against_total_co(config, "CIC104", programme.budget, "associations",
                                       "the associations' shares")


def _parts_against_total_co(config: Config, code: str, doc: Doc[Budget], field: str,
                            parts: str) -> Iterator[Finding]:
    """Total CO against the sum of `field` (the lines, or the associations): natures and total."""
    budget = doc.model
    total, blocks = budget.total, getattr(budget, field)
    for key in _keys(budget):
        for nature in NATURES:
            if nature not in total.natures or key not in total.natures[nature]:
                continue
            computed = sum((b.nature_amount(nature, key) for b in blocks), Decimal(0))
            related = tuple(doc.at(field, i, "natures", nature, key) for i in range(len(blocks)))
            finding = compare_amounts(config, code, f"Total CO {nature} for {_label(key)}",
                                      total.natures[nature][key], computed,
                                      doc.at("total", "natures", nature, key), related, parts=parts)
            if finding:
                yield finding
        if total.total is not None and key in total.total:
            computed = sum((_line_total(b, key) for b in blocks), Decimal(0))
            related = tuple(doc.at(field, i, "total", key) for i in range(len(blocks)))
            finding = compare_amounts(config, code, f"Total CO for {_label(key)}", total.total[key],
                                      computed, doc.at("total", "total", key), related,
                                      parts=f"{parts} (totals)")
            if finding:
                yield finding


def stated_totals(programme: Programme, config: Config) -> Iterator[Finding]:
    """The country total and the outcome total, wherever stated, equal the T3 grand total.

    Why: the same budget is printed on the country sheet, the outcome sheet and in T3; the
    three must agree or the donor does not know which figure was approved.

    Example: "Coûts opérationnels totaux pour le pays: 2.030.531,24 euros" against the T3
    "Total CO" grand total 2,030,531.24.
    """
    if programme.budget is None:
        return
    doc, budget = programme.budget, programme.budget.model
    table = budget.total.total.get("grand_total") if budget.total.total else None
    table_loc = doc.at("total", "total", "grand_total")
    if table is not None:
        for field, what in (("country_total", "The country total"),
                            ("outcome_total", "The outcome total")):
            finding = _twice(config, what, getattr(budget, field), table, doc.at(field), table_loc,
                             "the T3 grand total")
            if finding:
                yield finding
    if programme.country is not None:
        country = programme.country
        sheet = country.model
        pairs = ((sheet.total_operational_cost, ("total_operational_cost",), budget.country_total,
                  "country_total", "The country sheet's total operational cost"),
                 (sheet.outcome_sheet.operational_cost_total, ("outcome_sheet", "operational_cost_total"),
                  budget.outcome_total, "outcome_total", "The OS 1 sheet's operational cost"))
        for stated, path, other, other_field, what in pairs:
            finding = _twice(config, what, stated, other, country.at(*path), doc.at(other_field),
                             f"budget.yaml's {other_field}")
            if finding:
                yield finding


def _twice(config: Config, what: str, stated: Decimal, other: Decimal, here: Location, there: Location,
           other_name: str) -> Finding | None:
    if stated == other:
        return None
    return compare_amounts(config, "CIC105", what, stated, other, here, (there,), parts=other_name)


def rounding_doc(programme: Programme, config: Config) -> Iterator[Finding]:
    """A stated total differs from its parts by no more than the rounding tolerance (default 0.02 EUR).

    Why: the document's tables come from a spreadsheet that rounds each cell; a difference of a
    cent or two is not a real gap, but an officer should still see it once and acknowledge it.
    This code is emitted by the arithmetic rules (CIC101-CIC105, CIC201) in place of their own;
    set `rounding-tolerance` in `[tool.cic]` to change the threshold.

    Example: Siège personnel: the years add up to 223,438.20, the grand total says 223,438.19.
    """
    return iter(())


def table_shape(programme: Programme, config: Config) -> Iterator[Finding]:
    """The table has the programme's five years, every row has a cell for each year and a grand total.

    Why: a missing cell would silently count as zero in every total above it.

    Example: `investissement: {2017: 119578.54, 2018: 131186.54, grand_total: 644971.41}` (three
    years missing).
    """
    if programme.budget is None:
        return
    doc, budget = programme.budget, programme.budget.model
    expected = set(_keys(budget))
    if tuple(budget.years) != (2017, 2018, 2019, 2020, 2021):
        yield Finding("CIC107", Severity.ERROR,
                      f"The table's years are {budget.years}; the programme runs 2017-2021.",
                      doc.at("years"), hint="Write years: [2017, 2018, 2019, 2020, 2021].")
    for path, block, label in _blocks(budget):
        missing_natures = [n for n in NATURES if n not in block.natures]
        if missing_natures:
            yield Finding("CIC107", Severity.ERROR,
                          f"{label} has no row for {', '.join(missing_natures)}.",
                          doc.at(*path, "natures"),
                          hint='Add the row as printed (all "-" if the document prints dashes).')
        for sub, row, row_label in _rows(block):
            missing = sorted(str(k) for k in expected - set(row))
            extra = sorted(str(k) for k in set(row) - expected)
            if missing or extra:
                parts = []
                if missing:
                    parts.append(f"no cell for {', '.join(missing)}")
                if extra:
                    parts.append(f"cells for {', '.join(extra)}, which is not a programme year")
                yield Finding("CIC107", Severity.ERROR, f"In {label}, the {row_label} row has "
                              + " and ".join(parts) + ".", doc.at(*path, *sub),
                              hint="Each row has 2017 to 2021 and grand_total, as in the printed table.")


def partners_total(programme: Programme, config: Config) -> Iterator[Finding]:
    """The partnerships' Budget OS 1 add up to line 1 (Partenaires) of T3.

    Why: the partner sheets and the budget table are two statements of the same money; if the
    partnerships' budgets do not add up to the partner line, part of that line is not assigned
    to any partnership (or the sheets promise more than the table holds).

    Example: 2 × 215,425.65 + 8 × 150,145.16 = 1,632,012.58 EUR against 1,697,293.05 EUR in T3.
    """
    if programme.budget is None or not programme.partners or "partners" in programme.incomplete:
        return  # with a partner file unread, the sum would be short by its budget: no false gap
    doc, budget = programme.budget, programme.budget.model
    index = next((i for i, b in enumerate(budget.lines) if b.id == PARTNERS_LINE), None)
    if index is None:
        return
    line = budget.lines[index]
    stated = _line_total(line, "grand_total")
    computed = sum((p.model.budget_os1 for p in programme.partners), Decimal(0))
    related = tuple(p.at("budget_os1") for p in programme.partners)
    finding = compare_amounts(
        config, "CIC201", f"Line {line.label or line.id} of T3 (grand total)", stated, computed,
        doc.at("lines", index, "total", "grand_total"), related,
        parts=f"the {len(programme.partners)} partnerships' Budget OS 1")
    if finding:
        yield finding

