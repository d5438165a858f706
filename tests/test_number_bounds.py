"""One bound for every number (`cicmaroc.numeric`), checked where files and settings are read.

A number past the bound is a located CIC012 finding from `cic validate`, never a crash of `cic
report` or `cic progress` later; figures up to the bound go through every computation; a setting
such as `behind = "1e-99999999"` is refused at once instead of running for minutes. The figures
are FICTIONAL (the demo programme's monitoring is fictional too).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from tests.conftest import REPO, line_of, replace_in
from tests.test_corpus import hang_guard
from typer.testing import CliRunner

from cicmaroc.cli.main import app

DEMO = REPO / "examples" / "demo" / "data"
runner = CliRunner()
IOV2 = "IOV 2: {projets: 1, source: Rapport d’activités 2019 (fictif)}"


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    target = tmp_path / "repo" / "data"
    shutil.copytree(DEMO, target)
    return target


def said(result) -> str:
    return " ".join((result.output + (result.stderr or "")).split())


@pytest.mark.parametrize("figure", ["1e29", "1e15", "1000000000000000", "0.0000001", "12.1234567"])
def test_a_monitoring_figure_beyond_the_bound_is_a_located_finding(figure: str, demo: Path):
    path = demo / "monitoring" / "2019.yaml"
    replace_in(path, IOV2, IOV2.replace("projets: 1,", f"projets: {figure},"))
    line = line_of(path, f"projets: {figure},")
    result = runner.invoke(app, ["validate", str(demo)])
    assert result.exit_code == 1
    assert f"{line}:" in said(result) and "CIC012" in said(result) and "beyond what cic reads" in said(result)
    for command in (["report", "--year", "2019"], ["progress", "--year", "2019"]):
        done = runner.invoke(app, [*command, str(demo)])
        assert "InvalidOperation" not in said(done) and "internal error" not in said(done), command


def test_an_amount_of_thirty_digits_is_a_located_finding(data_copy: Path):
    path = data_copy / "partners" / "evere.yaml"
    replace_in(path, "budget_os1: 150145.16", "budget_os1: 100000000000000000000000000000.00")
    result = runner.invoke(app, ["validate", str(data_copy)])
    assert result.exit_code == 1
    assert f"{line_of(path, 'budget_os1')}:13" in said(result) and "CIC012" in said(result)


def test_figures_at_the_bound_go_through_every_computation(demo: Path):
    """Fifteen-digit figures in every commune: sums, shares and formatting stay exact."""
    path = demo / "monitoring" / "2019.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.count("projets: 1,") > 3
    path.write_text(text.replace("projets: 1,", "projets: 999999999999999.999999,"), encoding="utf-8")
    assert "CIC012" not in said(runner.invoke(app, ["validate", str(demo)]))
    for command in (["report", "--year", "2019"], ["progress", "--year", "2019"]):
        done = runner.invoke(app, [*command, str(demo)])
        assert done.exit_code == 0, (command, said(done))


@pytest.mark.parametrize(("setting", "value"), [
    ("[progress]\nbehind", '"1e-99999999"'),
    ("[progress]\non-track", '"1e99999999"'),
    ("rounding-tolerance", '"1e999999999"'),
    ("percent-tolerance", '"NaN"'),
    ("max-file-size", "1000000000000000000000"),
])
def test_a_setting_is_parsed_into_a_bounded_value(setting: str, value: str, demo: Path):
    (demo.parent / "cic.toml").write_text(f"{setting} = {value}\n", encoding="utf-8")
    for command in (["progress", "--year", "2019"], ["validate"], ["report", "--year", "2019"]):
        with hang_guard(10):  # main ran `behind = "1e-99999999"` for over a minute
            result = runner.invoke(app, [*command, str(demo)])
        assert result.exit_code == 2, (command, said(result))
        assert setting.split("\n")[-1] in said(result) and "must be a number" in said(result), command
