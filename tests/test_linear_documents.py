"""Every document is linear in its input: Word and HTML in their tables, `cic iati --check` in a
file written as one line.

How long things take is measured by `bench/run.py` (its "linearity" section: input x10, time at
most x12, against a named baseline in the same session), never by a clock here. What these tests
hold is what made the time grow with the square of the input, counted exactly: the Python calls
the Word writer makes for a table ten times larger (python-docx's `Table.cell` built the list of
every cell of the table at each call: 33 s for 10 x 200 cells), the place each finding of a
one-line IATI file is given (found by searching the whole line again for every finding, and
wrong for every element but the first of its name on the line), and the size of the text
listing (which printed that whole line under each finding). Every figure here is FICTIONAL.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.iati_fixture import acknowledged_demo
from tests.linear_inputs import iati_copies, table_report

from cicmaroc import api
from cicmaroc.yaml.limits import MAX_FINDINGS_PER_FILE

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "examples" / "demo" / "data"


def calls(work: Callable[[], Any]) -> int:
    """How many Python and C functions `work` calls (sys.setprofile): the same input, the same count."""
    count = 0

    def profile(frame: Any, event: str, arg: Any) -> None:
        nonlocal count
        count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("layout", ["docx", "html"])
def test_a_table_ten_times_larger_costs_at_most_twelve_times_the_work(layout: str):
    from cicmaroc.report.html_document import to_html
    from cicmaroc.report.word_document import to_docx

    def lay_out(rows: int) -> Callable[[], Any]:
        text = table_report(rows)
        if layout == "docx":
            return lambda: to_docx(text, {})
        return lambda: to_html(text, {}, "fr", "FICTIF")

    lay_out(2)()  # imports and first-use caches out of the count
    small, large = calls(lay_out(20)), calls(lay_out(200))
    assert large <= 12 * small, f"{layout}: {small} calls for 200 cells, {large} for 2,000"


@pytest.fixture(scope="module")
def one_line_iati(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The demo's IATI file, 20 times its activity, with every French narrative's language code
    mistyped (a CIC802 finding each): as written (a line per element), and on one line."""
    folder = tmp_path_factory.mktemp("one-line-iati")
    exported = api.export_iati(acknowledged_demo(folder), dt.date(2019, 12, 31))
    assert exported.xml is not None
    pretty, one = folder / "lines.xml", folder / "one-line.xml"
    pretty.write_bytes(iati_copies(exported.xml, 20, one_line=False))
    one.write_bytes(iati_copies(exported.xml, 20, one_line=True))
    return pretty, one


def test_each_finding_of_a_one_line_file_is_at_its_own_attribute(one_line_iati: tuple[Path, Path]):
    from cicmaroc.iati.check import check_file

    _, one = one_line_iati
    text = one.read_text(encoding="utf-8")
    found = [f for f in check_file(one, dt.date(2019, 12, 31)).findings if f.code == "CIC802" and f.location
             and f.location.line == 1]
    assert len(re.findall(r'xml:lang="xx"', text)) > 500
    columns = [f.location.column for f in found if f.location]
    assert len(columns) == len(set(columns)) == MAX_FINDINGS_PER_FILE  # the ones shown, then a count
    assert [c for c in columns if not text[c - 1:].startswith('xml:lang="xx"')] == []


def test_the_listing_of_a_one_line_file_is_not_the_line_again_and_again(one_line_iati: tuple[Path, Path]):
    """The text output shows the part of the line around each finding, not the whole line: a file of
    one line of megabytes gave an output of its size times the findings shown."""
    pretty, one = one_line_iati
    sizes = [len(api.render_findings(api.check_iati(path, dt.date(2019, 12, 31)), "text"))
             for path in (pretty, one)]
    assert sizes[1] < 2 * sizes[0] and sizes[1] < one.stat().st_size, sizes
