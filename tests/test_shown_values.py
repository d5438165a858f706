"""One way to show a value (issue 24, item 8): what a reader sees for a line nobody was asked about,
for a commune's name, and for a cell T3 prints "-".

Read from the FICTIONAL demo (examples/demo) and from small FICTIONAL copies of it in temporary
folders; nothing here reads data/.
"""

from __future__ import annotations

import json

import pytest
from tests.conftest import REPO
from typer.testing import CliRunner

from cicmaroc.cli.main import app

EXAMPLE = REPO / "examples" / "demo" / "data"


def run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout.replace("\u202f", " ").replace("\u00a0", " ")  # Babel's no-break spaces


def row(report: str, label: str, after: str) -> list[str]:
    """The cells of the first table row labelled `label` after the heading line `after`."""
    lines = report.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(after))
    found = next(line for line in lines[start:] if line.startswith(f"| {label} |"))
    return [cell.strip() for cell in found.strip("|").split("|")]


@pytest.mark.parametrize(("lang", "heading", "line", "said"), [
    ("fr", "## Budget prévu et dépensé, 2021", "**2. Collaborations**", "non transmis"),
    ("nl", "## Gepland en uitgegeven budget, 2021", "**2. Samenwerkingen**", "niet bezorgd"),
])
def test_a_line_nobody_was_asked_about_is_not_reported_never_zero(lang: str, heading: str, line: str,
                                                                   said: str) -> None:
    # nothing is planned on the collaborations line in any year: nobody is asked to report on it
    report = run("report", "--year", "2021", "--lang", lang, str(EXAMPLE))
    cells = row(report, line, heading)
    assert cells[2] == said and cells[5] == said  # spent in 2021, spent to date
    assert "0,00 €" not in cells
    figures = json.loads(run("progress", "--year", "2021", "--format", "json", str(EXAMPLE)))
    collaborations = next(r for r in figures["budget"]["rows"]
                          if r["kind"] == "line" and r["line"] == "collaborations")
    assert collaborations["spent"]["value"] is None and collaborations["spent"]["not_asked"]
    siege = next(r for r in figures["budget"]["rows"] if r["kind"] == "line" and r["line"] == "siege")
    assert siege["spent"]["value"] is not None and not siege["spent"]["not_asked"]  # asked, reported


@pytest.mark.parametrize(("lang", "full_names"), [
    ("fr", "Noms complets des communes que les tableaux désignent par leur nom court"),
    ("nl", "Volledige namen van de gemeenten die de tabellen met hun korte naam aanduiden"),
])
def test_a_commune_is_named_one_way_its_full_name_once(lang: str, full_names: str) -> None:
    # the demo's Aït Baha: "Ait Baha" in the outcome sheet's list, "Commune d'Aït Baha" on its sheet
    report = run("report", "--year", "2021", "--lang", lang, str(EXAMPLE))
    tables = "\n".join(line for line in report.splitlines() if line.startswith("|"))
    assert "| Ait Baha |" in tables and "Commune d'Aït Baha" not in tables
    assert "Commune rurale d'Amerzgane" not in tables and "Al Hoceima" not in tables
    assert report.count("Commune d'Aït Baha") == 1 and report.count("Commune d'Al Hoceima") == 1
    key = next(line for line in report.splitlines() if line.startswith(full_names))
    assert "Ait Baha (Commune d'Aït Baha)" in key and "Al-Hoceima (Commune d'Al Hoceima)" in key
    assert "Auderghem" not in key  # named one way already: its sheet gives no other name
