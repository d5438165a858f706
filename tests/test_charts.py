"""The report's charts read right: one horizontal bar per measure against what was due, money on
an axis from zero, no line joining unrelated categories, labels that fit. Rendering itself is
tests/test_charts_render.py; the monitoring here is FICTIONAL (examples/demo, tests/partial_year.py).
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from tests.conftest import REPO
from tests.partial_year import partial_year_copy

from cicmaroc import api

EXAMPLE = REPO / "examples" / "demo" / "data"
MERMAID = re.compile(r"```mermaid\n(.*?)```", re.S)
SERIES = re.compile(r"^\s*bar \[(.*)\]$", re.M)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, str]:
    partial = partial_year_copy(tmp_path_factory.mktemp("partial"))
    return {f"{name}-{lang}": api.report(data, 2019, lang)
            for name, data in (("demo", EXAMPLE), ("partial", partial)) for lang in ("fr", "nl", "en")}


def blocks(text: str) -> tuple[str, str]:
    progress, budget = MERMAID.findall(text)  # results come before the budget
    return budget, progress


def values(block: str) -> list[list[Decimal]]:
    return [[Decimal(v) for v in line.split(", ")] for line in SERIES.findall(block)]


def axis_max(block: str) -> Decimal:
    match = re.search(r'^\s*y-axis "[^"]*" 0 --> ([\d.]+)$', block, re.M)
    assert match, "the value axis must be given, starting at 0"
    return Decimal(match.group(1))


def test_no_chart_draws_a_line_and_every_value_axis_starts_at_zero(reports):
    for name, text in reports.items():
        for block in blocks(text):
            assert "line [" not in block, name
            top = axis_max(block)
            for series in values(block):
                assert all(0 <= v <= top for v in series), name


def test_progress_is_one_horizontal_bar_per_measure(reports):
    for name, text in reports.items():
        _, progress = blocks(text)
        assert "xychart-beta horizontal" in progress
        labels = re.findall(r'"([^"]+)"', re.search(r"x-axis \[(.*)\]", progress).group(1))
        assert all(len(label) <= 20 for label in labels)  # fits beside the bars at the default width
        series = values(progress)
        assert len(series) == 6 and all(len(s) == len(labels) for s in series)
        height = int(re.search(r'"height": (\d+)', progress).group(1))
        assert height >= 26 * len(labels)  # room for each label, at any number of measures
        assert not any(series[-1])  # the mask that hides Mermaid's stub before 0
        for i in range(len(labels)):
            drawn = [s[i] for s in series[:-1] if s[i]]
            assert drawn == sorted(drawn, reverse=True), (name, labels[i])  # longest at the back


def segments(series: list[list[Decimal]], i: int) -> list[tuple[int, Decimal, Decimal]]:
    """What shows of each series in category i, painted back to front: (series, from, to)."""
    painted: list[tuple[int, Decimal, Decimal]] = []
    for k in range(len(series) - 2, -1, -1):  # front to back, the mask left out
        end = series[k][i]
        start = max((e for _, _, e in painted), default=Decimal(0))
        if end > start:
            painted.append((k, start, end))
    return sorted(painted, key=lambda s: s[1])


def test_progress_bars_show_what_was_due_and_what_is_only_possible(reports):
    achieved, possible_within, not_achieved, beyond_due, possible_beyond = 4, 3, 2, 1, 0
    _, progress = blocks(reports["partial-fr"])
    labels = re.findall(r'"([^"]+)"', re.search(r"x-axis \[(.*)\]", progress).group(1))
    series = values(progress)
    # IOV 1, 3 of 12 communes with a SAS, baseline 9: nothing certain, all of the due still possible
    assert segments(series, labels.index("IOV 1")) == [(possible_within, 0, 100)]
    # IOV 2.2, 3 communes not equipped: at most 25 % possible, the rest of the due is lost
    assert segments(series, labels.index("IOV 2.2")) == [(possible_within, 0, 25), (not_achieved, 25, 100)]
    demo = blocks(reports["demo-fr"])[1]
    labels = re.findall(r'"([^"]+)"', re.search(r"x-axis \[(.*)\]", demo).group(1))
    series = values(demo)
    assert segments(series, labels.index("IOV 7.2")) == [(achieved, 0, 100)]  # the ROI exists, as due
    iov2 = segments(series, labels.index("IOV 2"))  # 14 projects of 12, 6 due, Gourrama silent
    assert [k for k, *_ in iov2] == [achieved, beyond_due, possible_beyond] and iov2[0][2] == 50


def test_budget_bars_start_at_zero_and_mark_years_not_known(reports):
    budget, _ = blocks(reports["partial-fr"])
    assert re.search(r"x-axis \[2017, 2018, 2019\]", budget)
    series = values(budget)
    over, unspent, unknown, spent, mask = series
    assert axis_max(budget) >= max(unknown) and not any(mask) and not any(over) and not any(unspent)
    assert spent[:2] == [0, 0] and segments(series, 0) == [(2, 0, Decimal("386268.98"))]  # 2017: unknown
    assert segments(series, 2) == [(3, 0, Decimal("102000.00")), (2, Decimal("102000.00"),
                                                                  Decimal("417118.01"))]
    assert "2017, 2018\u00a0: non enregistré." in reports["partial-fr"]
    partial = "2019\u00a0: dépenses partielles, seuls les rapports reçus sont comptés (3/11)."
    assert partial in reports["partial-fr"]


def test_the_charts_speak_the_reports_language(reports):
    assert 'title "Vooruitgang naar het einddoel, in %"' in reports["demo-nl"]
    assert 'title "Operational costs per year, in EUR"' in reports["demo-en"]
    for name, text in reports.items():
        assert "plotColorPalette" in text and "\\#" not in text.split("```mermaid", 1)[1], name


def test_partial_year_fixture_is_marked_fictional(tmp_path: Path):
    data = partial_year_copy(tmp_path)
    assert "FICTIONAL" in (data / "monitoring" / "2019.yaml").read_text(encoding="utf-8")


def _contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two sRGB colours (#rrggbb)."""
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_bar_colour_stands_out_from_the_background():
    """WCAG 1.4.11: a graphic needed to understand the chart has 3:1 against what is next to it: the
    chart's white background, and in the drawn charts the white line between two segments."""
    from cicmaroc.report.charts import BACKGROUND, BUDGET_COLOURS, PROGRESS_COLOURS

    for colour in {*PROGRESS_COLOURS[:-1], *BUDGET_COLOURS[:-1]}:  # the last is the background mask
        assert _contrast(colour, BACKGROUND) >= 3, colour
    assert _contrast("#b9d3ee", BACKGROUND) < 3  # the old light blue would have failed: the check can


def test_a_bar_cut_at_the_edge_says_so():
    from cicmaroc.report.charts import progress_chart

    def measure(low: str) -> dict[str, object]:
        return {"id": "m", "progress": {"low": Decimal(low), "high": Decimal(low)},
                "expected_progress": Decimal("0.5"), "final": Decimal(10)}

    groups = [{"indicators": [{"id": "IOV 9", "measures": [measure("3.5")]},
                              {"id": "IOV 8", "measures": [measure("0.5")]}]}]
    chart = progress_chart(groups)
    assert chart is not None and chart["max"] == 200
    assert chart["labels"] == ["IOV 9 (> 200 %)", "IOV 8"] and chart["cut"] == [True, False]
