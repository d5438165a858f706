"""The report's two charts as images (SVG for the HTML report, PNG for Word), drawn by matplotlib.

The data is the Markdown report's (`report.charts`): the same series, the same colours, drawn the
same way (every bar from zero, back to front, so each colour shows one segment with one meaning),
so a chart in Word or HTML says exactly what the Mermaid chart says, and the legend under it in
the report's text holds for all three. Drawing is deterministic (no date, a fixed hash salt), so the
same data gives the same file.
"""

from __future__ import annotations

import html
import io
from decimal import Decimal
from typing import Any, Literal

#: Which chart a placeholder names: `progress` or `budget` (see `report/markdown_document.py`).
ChartName = Literal["progress", "budget"]


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # no display: the charts are files
    matplotlib.rcParams.update({"svg.hashsalt": "cic", "svg.fonttype": "none", "font.size": 9,
                                "font.family": "DejaVu Sans"})
    import matplotlib.pyplot as plt

    return plt


#: Each bar drawn with a white outline: two adjacent segments are told apart by a line against which
#: each colour is at least 3:1 (WCAG 1.4.11), not by their colours alone.
_SEPARATED = {"edgecolor": "#ffffff", "linewidth": 1.2}


def _floats(values: list[Decimal]) -> list[float]:
    return [float(v) for v in values]


def _figure(chart: dict[str, Any], name: ChartName, title: str) -> Any:
    """The chart drawn on a new matplotlib figure (the caller closes it)."""
    plt = _pyplot()
    colours = [c.strip() for c in chart["colours"].split(",")]
    # the last series is Mermaid's mask (zeros, in the background colour): not needed here
    series = chart["series"][:-1]
    if name == "progress":
        labels = chart["labels"]
        fig, ax = plt.subplots(figsize=(7.0, 0.9 + 0.26 * len(labels)))
        positions = list(range(len(labels)))[::-1]  # first measure at the top
        for values, colour in zip(series, colours, strict=False):
            ax.barh(positions, _floats(values), color=colour, height=0.7, **_SEPARATED)
        ax.set_yticks(positions, labels)
        ax.set_xlim(0, float(chart["max"]))
        ax.set_xlabel("%")
        ax.axvline(100, color=chart["ink"], linewidth=0.6, linestyle=":")
        cut = [p for p, over in zip(positions, chart.get("cut", []), strict=False) if over]
        if cut:  # the bar goes on past the axis: an arrowhead at its end, as its label says
            ax.plot([float(chart["max"])] * len(cut), cut, linestyle="none", marker=">", markersize=7,
                    color=chart["ink"], clip_on=False)
    else:
        years = [str(y) for y in chart["years"]]
        fig, ax = plt.subplots(figsize=(7.0, 3.2))
        for values, colour in zip(series, colours, strict=False):
            ax.bar(years, _floats(values), color=colour, width=0.6, **_SEPARATED)
        ax.set_ylim(0, float(chart["max"]))
        ax.set_ylabel("EUR")
        ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:,.0f}".replace(",", " ")))
    ax.set_title(title, color=chart["ink"])
    ax.spines[["top", "right"]].set_visible(False)
    ax.tick_params(colors=chart["ink"])
    fig.patch.set_facecolor(chart["background"])
    fig.tight_layout()
    return fig


def chart_texts(content: str) -> tuple[str, str]:
    """A chart placeholder's title (its first line) and text alternative (the lines after it; the
    title alone when there are none)."""
    lines = [line.strip() for line in content.strip().splitlines() if line.strip()]
    title = lines[0] if lines else ""
    return title, " ".join(lines[1:]) or title


def chart_svg(chart: dict[str, Any], name: ChartName, title: str, alternative: str = "") -> str:
    """The chart as an SVG element, to be placed inline in an HTML page: an image (`role="img"`)
    whose text alternative is `alternative` (the title when none is given)."""
    plt = _pyplot()
    fig = _figure(chart, name, title)
    out = io.StringIO()
    try:
        fig.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    finally:
        plt.close(fig)
    text = out.getvalue()
    svg = text[text.index("<svg"):]  # without the XML declaration and doctype
    label = html.escape(alternative or title, quote=True)
    return svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1)


def chart_png(chart: dict[str, Any], name: ChartName, title: str, dpi: int = 200) -> bytes:
    """The chart as a PNG image, for a Word document."""
    plt = _pyplot()
    fig = _figure(chart, name, title)
    out = io.BytesIO()
    try:
        fig.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    finally:
        plt.close(fig)
    return out.getvalue()
