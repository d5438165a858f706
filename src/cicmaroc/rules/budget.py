"""Budget arithmetic on the T3 table (CIC101-CIC107), and the partners' budgets against it (CIC201).

The table is read in every direction an officer would check with a calculator: the years of a
row against its grand total, the natures of a line against the line's total, the lines against
"Total CO", the two associations against "Total CO", the totals stated on the country and
outcome sheets against the table, and the partnerships' Budget OS 1 against line 1. A difference
within the rounding tolerance is reported as CIC106 instead of the rule's own code.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from cicmaroc.cells import CellValue, add, amount, same
from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Finding, Items, Location, Money, Named, Severity, phrase
from cicmaroc.loading.programme import Doc, Programme
from cicmaroc.models.budget import Block, Budget, Row, RowKey
from cicmaroc.models.common import in_languages
from cicmaroc.rules import Check

if TYPE_CHECKING:
    from cicmaroc.config import Config

#: The sentence of every arithmetic rule: a stated total against what its parts add up to.
MISMATCH = "{what} is stated as {stated}, but {parts} add up to {computed} (difference {difference})."
_CHECK = ("Check this figure against the document: if the data matches the document, the document itself is "
          "inconsistent; report it and add a waiver with the reason.")
WAIVE_PRINTED = ("When the data matches the document, the document itself is inconsistent: report it, and "
                 "acknowledge it with the reason, `# cic: ignore[{code}] who decided, when, why` at the end "
                 "of the line it points at, or in data/waivers.yaml (`code: {code}`, the file, `reason:`). "
                 "Never correct a printed figure in data/.")


def _arithmetic(code: str, name: str, family: str, *, what: str, why: str, example: str) -> Code:
    """An arithmetic rule: one sentence, a stated figure against its parts (CIC106 if within rounding)."""
    return declare(code, name, Severity.ERROR, family, what=what, why=why, example=example,
                   waive=WAIVE_PRINTED, messages={"mismatch": Message(MISMATCH, _CHECK)})


CIC101 = _arithmetic(
    "CIC101", "row-total", "budget",
    what="Each row's grand total equals the sum of its years.",
    why="The grand total column is what the donor reads first; a row whose years do not add up means one of "
        "its cells was mistyped, in the document or in the transcription.",
    example="`personnel: {2017: 42988.77, ..., 2021: 47103.80, grand_total: 223438.19}` where the years add "
            "up to 223,438.20 (a one-cent rounding difference, reported as CIC106).")
CIC102 = _arithmetic(
    "CIC102", "line-total", "budget",
    what="A line's stated total equals the sum of its natures (investment, operating, staff), each year.",
    why="A line total that disagrees with its natures means the table was edited in one place and not the "
        "other.",
    example="`4. Siège` states 71,588.77 for 2017 while 28,600.00 + 42,988.77 = 71,588.77 (clean); changing "
            "the 2017 staff cost by one cent makes the line total disagree.")
CIC103 = _arithmetic(
    "CIC103", "grand-total", "budget",
    what="\"Total CO\" equals the sum of the lines, for each nature and for the total, each year.",
    why="Total CO is the programme's budget; if the lines do not add up to it, the programme asks for a "
        "different amount than it plans to spend.",
    example="The Total CO `fonctionnement` for 2019 (241,618.97) against 213,818.97 (Partenaires) + "
            "27,800.00 (Siège).")
CIC104 = _arithmetic(
    "CIC104", "association-split", "budget",
    what="The associations' shares add up to \"Total CO\", for each nature and the total, each year.",
    why="The split says which association carries which euro; a split that does not add up leaves money "
        "unassigned (or assigned twice).",
    example="AVCB investment 2019 (131,050.33) + UVCW investment 2019 (\"-\") against Total CO investment "
            "2019 (131,050.33).")
CIC105 = _arithmetic(
    "CIC105", "country-total", "budget",
    what="The country total and the outcome total, wherever stated, equal the T3 grand total.",
    why="The same budget is printed on the country sheet, the outcome sheet and in T3; the three must agree "
        "or the donor does not know which figure was approved.",
    example="\"Coûts opérationnels totaux pour le pays: 2.030.531,24 euros\" against the T3 \"Total CO\" "
            "grand total 2,030,531.24.")
CIC106 = declare(
    "CIC106", "rounding-difference", Severity.WARNING, "budget",
    what="A stated total differs from its parts by no more than the rounding tolerance (default 0.02 EUR).",
    why="The document's tables come from a spreadsheet that rounds each cell; a difference of a cent or two "
        "is not a real gap, but an officer should still see it once and acknowledge it. This code is emitted "
        "by the arithmetic rules (CIC101-CIC105, CIC201) in place of their own; set `rounding-tolerance` in "
        "`[tool.cic]` to change the threshold.",
    example="Siège personnel: the years add up to 223,438.20, the grand total says 223,438.19.",
    waive="Once the officers have seen the difference, acknowledge it with the reason: "
          "`# cic: ignore[CIC106] rounding in the approved document, seen by ... on ...` at the end of the "
          "line, or in data/waivers.yaml (`code: CIC106`, `file: budget.yaml`, a `contains:` naming the row, "
          "`reason:`).",
    messages={"rounding": Message(
        "{what} is stated as {stated}, but {parts} add up to {computed} (difference {difference}): a "
        "rounding difference, probably from the source spreadsheet.",
        "The approved document cannot change: acknowledge it with a waiver (# cic: ignore[CIC106] reason) "
        "once the officers have seen it.")})
_ROW_HINT = "Each row has a cell for each year of the programme and grand_total, as in the printed table."
CIC107 = declare(
    "CIC107", "table-shape", Severity.ERROR, "budget",
    what="The table has the programme's years (data/programme.yaml), every row has a cell for each year and "
         "a grand total, every row is a nature of the table's list, and at most one line is spent by the "
         "partnerships.",
    why="A missing cell would silently count as zero in every total above it; a row of an unknown nature, "
        "or two lines the partnerships spend, would be read wrongly.",
    example="`investissement: {2017: 119578.54, 2018: 131186.54, grand_total: 644971.41}` (three years "
            "missing).",
    waive="Add the missing cell as printed (a dash is written \"-\") rather than waive it. A waiver "
          "(`# cic: ignore[CIC107] reason` at the end of the row's line, or `code: CIC107`, "
          "`file: budget.yaml` and `reason:` in data/waivers.yaml) would leave the totals computed without "
          "that cell.",
    messages={
        "years": Message("The table's years are {years}; the programme runs {first}-{last}.",
                         "Write years: {expected}."),
        "natures": Message("{block} has no row for {natures}.",
                           "Add the row as printed (all \"-\" if the document prints dashes)."),
        "cells-missing": Message("In {block}, the {row} row has no cell for {missing}.", _ROW_HINT),
        "cells-extra": Message("In {block}, the {row} row has cells for {extra}, which is not a programme "
                               "year.", _ROW_HINT),
        "cells-missing-and-extra": Message("In {block}, the {row} row has no cell for {missing} and cells "
                                           "for {extra}, which is not a programme year.", _ROW_HINT),
        "unknown-nature": Message("In {block}, '{nature}' is not a nature of the table ({natures}).",
                                  "Use a nature id of the list `natures:`, or add the nature to it."),
        "unknown-nature-near": Message("In {block}, '{nature}' is not a nature of the table ({natures}).",
                                       "Did you mean '{suggestion}'?"),
        "spent-by": Message("{line} is spent by the partnerships too, after {first}; only one line is.",
                            "Keep `spent_by: partnerships` on the line whose total the partnerships' Budget "
                            "OS 1 make up."),
    })
CIC201 = _arithmetic(
    "CIC201", "partners-budget", "partners-budget",
    what="The partnerships' Budget OS 1 add up to the line of T3 they spend (`spent_by: partnerships`).",
    why="The partner sheets and the budget table are two statements of the same money; if the partnerships' "
        "budgets do not add up to the partner line, part of that line is not assigned to any partnership (or "
        "the sheets promise more than the table holds).",
    example="2 × 215,425.65 + 8 × 150,145.16 = 1,632,012.58 EUR against 1,697,293.05 EUR in T3.")


def compare_amounts(config: Config, code: Code, what: Any, stated: CellValue, computed: CellValue,
                    location: Location, related: tuple[Location, ...] = (), parts: Any = None
                    ) -> Finding | None:
    """A finding when a stated total differs from its parts; a cent or two is only rounding (CIC106).
    A dash counts for nothing: "-" stated over parts that are all "-" (or add up to 0) agree."""
    difference = amount(stated) - amount(computed)
    if difference == 0:
        return None
    figures = {"what": what, "stated": Money(stated), "parts": parts or phrase("its parts"),
               "computed": Money(computed), "difference": Money(difference)}
    if abs(difference) <= config.rounding_tolerance:
        return CIC106.finding("rounding", location, related, **figures)
    return code.finding("mismatch", location, related, **figures)


def _keys(budget: Budget) -> list[RowKey]:
    return [*budget.years, "grand_total"]


def _column(key: RowKey) -> Any:
    return phrase("the grand total") if key == "grand_total" else key


def _blocks(budget: Budget) -> Iterator[tuple[tuple[str | int, ...], Block, Any]]:
    """Every block with its path in the file and its name for messages."""
    for i, block in enumerate(budget.lines):
        yield ("lines", i), block, phrase("line {line}", line=block.label or block.id)
    yield ("total",), budget.total, "Total CO"
    for i, block in enumerate(budget.associations):
        yield ("associations", i), block, block.label or str(block.id)


#: The total row of a block, as a sentence names it.
TOTAL_ROW = phrase("total")


def row_names(programme: Programme) -> dict[str, Any]:
    """Each nature of the table as a sentence names it: its label as printed, or its translation in
    the reader's language when the data gives one (a Dutch sentence never shows a French word it has)."""
    assert programme.budget is not None
    primary = programme.text_language
    return {n.id: Named(in_languages(n, "label", primary)) for n in programme.budget.model.natures}


def _rows(block: Block, names: dict[str, Any]) -> Iterator[tuple[tuple[str, ...], Row, Any]]:
    for nature, row in block.natures.items():
        yield ("natures", nature), row, names.get(nature, nature)
    if block.total is not None:
        yield ("total",), block.total, TOTAL_ROW


def _natures_sum(block: Block, key: RowKey) -> CellValue:
    return add(row[key] for row in block.natures.values() if key in row)


def _years_sum(row: Row, budget: Budget) -> CellValue:
    return add(row[y] for y in budget.years if y in row)


def _line_total(block: Block, key: RowKey) -> CellValue:
    """A line's total: as stated where the table prints one, else the sum of its natures."""
    if block.total is not None and key in block.total:
        return block.total[key]
    return _natures_sum(block, key)


def row_totals(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.budget is None:
        return
    doc, budget = programme.budget, programme.budget.model
    names = row_names(programme)
    for path, block, label in _blocks(budget):
        for sub, row, row_label in _rows(block, names):
            if "grand_total" not in row:
                continue
            computed = _years_sum(row, budget)
            what = phrase("In {block}, the {row} row's grand total", block=label, row=row_label)
            finding = compare_amounts(config, CIC101, what, row["grand_total"], computed,
                                      doc.at(*path, *sub,
                                             "grand_total"), parts=phrase("the years of the row"))
            if finding:
                yield finding


def line_totals(programme: Programme, config: Config) -> Iterator[Finding]:
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
            what = phrase("The total of {block} for {column}", block=label, column=_column(key))
            finding = compare_amounts(config, CIC102, what, block.total[key], _natures_sum(block, key),
                                      doc.at(*path, "total", key), related, parts=phrase("its natures"))
            if finding:
                yield finding


def grand_totals(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.budget is None:
        return
    yield from _parts_against_total_co(config, CIC103, programme.budget, "lines", phrase("the lines"),
                                       row_names(programme))


def association_split(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.budget is None or not programme.budget.model.associations:
        return
    yield from _parts_against_total_co(config, CIC104, programme.budget, "associations",
                                       phrase("the associations' shares"), row_names(programme))


def _parts_against_total_co(config: Config, code: Code, doc: Doc[Budget], field: str,
                            parts: Any, names: dict[str, Any]) -> Iterator[Finding]:
    """Total CO against the sum of `field` (the lines, or the associations): natures and total."""
    budget = doc.model
    total, blocks = budget.total, getattr(budget, field)
    for key in _keys(budget):
        for nature in budget.nature_ids:
            if nature not in total.natures or key not in total.natures[nature]:
                continue
            computed = add(b.nature_amount(nature, key) for b in blocks)
            related = tuple(doc.at(field, i, "natures", nature, key) for i in range(len(blocks)))
            what = phrase("Total CO {nature} for {column}", nature=names[nature], column=_column(key))
            finding = compare_amounts(config, code, what, total.natures[nature][key], computed,
                                      doc.at("total", "natures", nature, key), related, parts=parts)
            if finding:
                yield finding
        if total.total is not None and key in total.total:
            computed = add(_line_total(b, key) for b in blocks)
            related = tuple(doc.at(field, i, "total", key) for i in range(len(blocks)))
            finding = compare_amounts(config, code, phrase("Total CO for {column}", column=_column(key)),
                                      total.total[key], computed, doc.at("total", "total", key), related,
                                      parts=phrase("{parts} (totals)", parts=parts))
            if finding:
                yield finding


def stated_totals(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.budget is None:
        return
    doc, budget = programme.budget, programme.budget.model
    table = budget.total.total.get("grand_total") if budget.total.total else None
    table_loc = doc.at("total", "total", "grand_total")
    if table is not None:
        for field, what in (("country_total", phrase("The country total")),
                            ("outcome_total", phrase("The outcome total"))):
            finding = _twice(config, what, getattr(budget, field), table, doc.at(field), table_loc,
                             phrase("the T3 grand total"))
            if finding:
                yield finding
    if programme.country is not None:
        country = programme.country
        sheet = country.model
        pairs = ((sheet.total_operational_cost, ("total_operational_cost",), budget.country_total,
                  "country_total", phrase("The country sheet's total operational cost")),
                 (sheet.outcome_sheet.operational_cost_total, ("outcome_sheet", "operational_cost_total"),
                  budget.outcome_total, "outcome_total", phrase("The OS 1 sheet's operational cost")))
        for stated, path, other, other_field, what in pairs:
            finding = _twice(config, what, stated, other, country.at(*path), doc.at(other_field),
                             phrase("budget.yaml's {field}", field=other_field))
            if finding:
                yield finding


def _twice(config: Config, what: Any, stated: Decimal, other: CellValue, here: Location, there: Location,
           other_name: Any) -> Finding | None:
    if same(stated, other):
        return None
    return compare_amounts(config, CIC105, what, stated, other, here, (there,), parts=other_name)


def table_shape(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.budget is None:
        return
    doc, budget = programme.budget, programme.budget.model
    expected = set(_keys(budget))
    calendar = programme.calendar
    if calendar is not None and tuple(budget.years) != calendar.years:
        yield CIC107.finding("years", doc.at("years"), years=budget.years, first=calendar.first,
                             last=calendar.last, expected=list(calendar.years))
    names = row_names(programme)
    known = budget.nature_ids
    spent = [(i, b) for i, b in enumerate(budget.lines) if b.by_partnerships]
    for i, line in spent[1:]:
        yield CIC107.finding("spent-by", doc.at("lines", i, "spent_by"),
                             (doc.at("lines", spent[0][0], "spent_by"),),
                             line=line.label or line.id, first=spent[0][1].label or spent[0][1].id)
    for path, block, label in _blocks(budget):
        missing_natures = [names[n] for n in known if n not in block.natures]
        if missing_natures:
            yield CIC107.finding("natures", doc.at(*path, "natures"), block=label,
                                 natures=Items(tuple(missing_natures)))
        for nature in block.natures:
            if nature not in known:
                yield CIC107.unknown(doc.source.key_at(*path, "natures", nature), nature, known,
                                     say="unknown-nature", block=label, nature=nature, natures=Items(known))
        for sub, row, row_label in _rows(block, names):
            cells: dict[str, Any] = {"missing": Items(tuple(sorted(str(k) for k in expected - set(row)))),
                     "extra": Items(tuple(sorted(str(k) for k in set(row) - expected)))}
            cells = {name: items for name, items in cells.items() if items.values}
            if cells:
                say = "cells-missing-and-extra" if len(cells) == 2 else f"cells-{next(iter(cells))}"
                yield CIC107.finding(say, doc.at(*path, *sub), block=label, row=row_label, **cells)


def partners_total(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.budget is None or not programme.partners or "partners" in programme.incomplete:
        return  # with a partner file unread, the sum would be short by its budget: no false gap
    total = _partners_sum(programme.budget.model, programme)
    if total is None:
        return
    index = next(i for i, b in enumerate(programme.budget.model.lines) if b.by_partnerships)
    related = tuple(p.at("budget_os1") for p in programme.partners)
    finding = compare_amounts(config, CIC201, total.what, total.stated, total.computed,
                              programme.budget.at("lines", index, "total", "grand_total"), related,
                              parts=total.parts)
    if finding:
        yield finding


class Sum(NamedTuple):
    """A stated total and what its parts add up to, named as the findings name them."""

    what: Any
    stated: CellValue
    parts: Any
    computed: CellValue

    @property
    def difference(self) -> Decimal:
        """Stated - computed, a dash counting for nothing (as `compare_amounts` compares them)."""
        return amount(self.stated) - amount(self.computed)


def _partners_sum(budget: Budget, programme: Programme) -> Sum | None:
    """The line the partnerships spend, as stated, against their Budget OS 1 (CIC201)."""
    line = budget.partnerships_line
    if line is None:
        return None
    computed = sum((p.model.budget_os1 for p in programme.partners), Decimal(0))
    return Sum(phrase("Line {line} of T3 (grand total)", line=line.label or line.id),
               _line_total(line, "grand_total"), phrase("the {count} partnerships' Budget OS 1",
                                                         count=len(programme.partners)), computed)


def totals_into(programme: Programme, kind: str, path: tuple[str | int, ...]) -> list[Sum]:
    """The stated totals the figure at `path` of a file of `kind` (a `Programme` attribute) adds
    into, or is, each with what its parts add up to, as the rules compute them: a cell of T3 (its
    row's grand total, its line's total, Total CO), or a partnership's Budget OS 1 (line 1). What
    `cic lsp` shows on a figure; [] for anything else."""
    if programme.budget is None:
        return []
    budget = programme.budget.model
    if kind == "partners" and path == ("budget_os1",):
        total = _partners_sum(budget, programme)
        return [] if total is None else [total]
    if kind != "budget":
        return []
    blocks = {place: (block, label) for place, block, label in _blocks(budget)}
    for size in (2, 1):
        place, rest = path[:size], path[size:]
        if place in blocks and rest:
            block, label = blocks[place]
            sums = _cell_sums(budget, place, block, label, rest, row_names(programme))
            partners = _partners_sum(budget, programme)
            if block.by_partnerships and rest == ("total", "grand_total") and partners is not None:
                sums.append(partners)  # the line's grand total is what the partnerships' budgets add up to
            return sums
    return []


def _cell_sums(budget: Budget, place: tuple[str | int, ...], block: Block, label: Any,
               rest: tuple[str | int, ...], names: dict[str, Any]) -> list[Sum]:
    nature: str | None = None
    if rest[:1] == ("natures",) and len(rest) == 3 and rest[1] in names:
        nature = str(rest[1])
        row = block.natures.get(nature)
    elif rest[:1] == ("total",) and len(rest) == 2:
        row = block.total
    else:
        return []
    key = cast("RowKey", rest[-1])
    if row is None or key not in row:
        return []
    row_label = names[nature] if nature else TOTAL_ROW
    years = _years_sum(row, budget)
    sums = [Sum(phrase("In {block}, the {row} row's grand total", block=label, row=row_label),
                row["grand_total"], phrase("the years of the row"), years)] if "grand_total" in row else []
    if nature is not None and block.total is not None and key in block.total:
        sums.append(Sum(phrase("The total of {block} for {column}", block=label, column=_column(key)),
                        block.total[key], phrase("its natures"), _natures_sum(block, key)))
    co_row = budget.total.natures.get(nature) if nature is not None else budget.total.total
    if co_row is None or key not in co_row:
        return sums
    what = (phrase("Total CO {nature} for {column}", nature=row_label, column=_column(key)) if nature
            else phrase("Total CO for {column}", column=_column(key)))
    sides = (("lines", phrase("the lines")), ("associations", phrase("the associations' shares")))
    for field, parts in sides:
        blocks: list[Block] = getattr(budget, field)
        if place[0] in (field, "total") and blocks:
            computed = add((b.nature_amount(nature, key) if nature else _line_total(b, key))
                           for b in blocks)
            sums.append(Sum(what, co_row[key], parts, computed))
    return sums


CODES: tuple[Code, ...] = (CIC101, CIC102, CIC103, CIC104, CIC105, CIC106, CIC107, CIC201)
CHECKS: tuple[Check, ...] = (
    Check((CIC101, CIC106), row_totals),
    Check((CIC102, CIC106), line_totals),
    Check((CIC103, CIC106), grand_totals),
    Check((CIC104, CIC106), association_split),
    Check((CIC105, CIC106), stated_totals),
    Check((CIC107,), table_shape),
)
#: CIC201 compares the partner files with the budget; it runs with the partner rules (registry).
PARTNERS_CHECK = Check((CIC201, CIC106), partners_total)
