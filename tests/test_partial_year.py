"""End to end, the issue's case: 2019 figures from 3 of 12 communes and 3 of 10 partnerships.

No figure in any output (the report in fr, nl and en; `cic progress` as text and as JSON) may
treat a missing report as zero or as a failure, and every status an output states must hold for
every completion of the missing reports. The monitoring is FICTIONAL (tests/partial_year.py),
written into a temporary copy of data/.
"""

from __future__ import annotations

import json
import random
import re
from decimal import Decimal
from pathlib import Path

import pytest
from tests.calendars import MOROCCO
from tests.partial_year import COMMUNES, PARTNERSHIPS, partial_year_copy
from typer.testing import CliRunner

from cicmaroc.analysis.progress import Status, measure_progress
from cicmaroc.cli.main import app
from cicmaroc.derive.actuals import PROGRAMME, Ratio, Value
from cicmaroc.derive.monitoring import read_monitoring
from cicmaroc.loading.loader import load_programme
from cicmaroc.models.logframe import Measure

runner = CliRunner()
BIG = Decimal(10**6)


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    return partial_year_copy(tmp_path_factory.mktemp("partial"))


@pytest.fixture(scope="module")
def figures(data: Path) -> dict:
    result = runner.invoke(app, ["progress", "--year", "2019", "--format", "json", str(data)])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def reports(data: Path) -> dict[str, str]:
    out = {}
    for lang in ("fr", "nl", "en"):
        result = runner.invoke(app, ["report", "--year", "2019", "--lang", lang, str(data)])
        assert result.exit_code == 0, result.output
        out[lang] = result.stdout
    return out


def measures(figures: dict):
    for group in figures["indicators"]:
        for item in group["indicators"]:
            for m in item["measures"]:
                yield item, m


# -- statuses -----------------------------------------------------------------------------------


def _low(measure: Measure) -> Value:
    return {"count": False, "ratio": Ratio(Decimal(0), BIG)}.get(measure.rollup, Decimal(0))


def _high(measure: Measure) -> Value:
    return {"count": True, "ratio": Ratio(BIG, BIG)}.get(measure.rollup, BIG)


def _random(measure: Measure, rng: random.Random) -> Value:
    if measure.rollup == "count":
        return rng.random() < 0.5
    if measure.rollup == "ratio":
        whole = Decimal(rng.randint(1, 400))
        return Ratio(Decimal(rng.randint(0, int(whole))), whole)
    return Decimal(rng.choice([0, 0, 1, 2, 3, 7, 50]))


def test_every_stated_status_holds_for_every_completion(data: Path, figures: dict):
    """The extreme completions (every silent reporter at its lowest, at its highest) and random
    ones: since a status never worsens as the value improves, the extremes bound them all."""
    programme, _ = load_programme(data)
    actuals, _ = read_monitoring(programme)
    reporters = {"commune": [c.id for c in programme.communes()],
                 "partnership": [p.model.id for p in programme.partners], "programme": [PROGRAMME]}
    stated = {(item["id"], m["id"]): m["status"] for item, m in measures(figures)}
    rng = random.Random(2019)
    checked = 0
    for indicator in programme.logframe.model.indicators():
        for measure in indicator.measures:
            status = Status(stated[(indicator.id, measure.id)])
            if not status.assessed:
                continue
            partial = actuals.measure(indicator.id, measure.id)
            years = range(2019, 2020) if measure.kind == "level" else range(2017, 2020)
            fillers = [_low, _high, *[lambda m: _random(m, rng)] * 20]
            for fill in fillers:
                completed = {y: dict(partial.get(y, {})) for y in years}
                for y in years:
                    for r in reporters[indicator.level]:
                        completed[y].setdefault(r, fill(measure))
                full = measure_progress(indicator, measure, completed, 2019, reporters[indicator.level],
                                        MOROCCO)
                assert full.status == status, (indicator.id, measure.id, full.figure, status)
                checked += 1
    assert checked >= 22  # IOV 2.2, stated off track from three reported "no", is among them


def test_a_silent_commune_is_never_counted_as_no(figures: dict):
    by_id = {(i["id"], m["id"]): m for i, m in measures(figures)}
    sas = by_id[("IOV 1", "sas")]  # the issue's -200 %, "hors trajectoire"
    assert sas["value"] == {"low": "3", "high": "12", "exact": False, "among_reported": None}
    assert sas["status"] == "incomplete" and sas["possible"] == ["off_track", "achieved"]
    assert sas["progress"] == {"low": None, "high": "1", "exact": False}  # at most 100 %, never -200 %
    assert (sas["reported"], sas["reporters"]) == (3, 12) and len(sas["open"]) == 9
    for _, m in measures(figures):
        progress = m["progress"]
        if progress is None:
            continue
        for bound in (progress["low"], progress["high"]):
            assert bound is None or Decimal(bound) >= 0, m
    counts = {s["status"]: s["measures"] for s in figures["status_counts"]}
    assert counts["incomplete"] >= 15 and counts["no_data"] == 5  # programme level: nobody reported


def test_spending_of_three_partnerships_is_a_lower_bound(figures: dict):
    rows = figures["budget"]["rows"]
    line1 = next(r for r in rows if r["line"] == "partenaires" and r["nature"] is None)
    assert line1["spent"] == {"value": "102000.00", "bound": "at_least", "reported": 3, "expected": 10,
                              "unrecorded": [], "not_recorded": False, "not_asked": False,
                              "complete": False}
    assert line1["rate"]["bound"] == "at_least" and line1["remaining"]["bound"] == "at_most"
    assert line1["spent_to_date"]["unrecorded"] == [2017, 2018]
    assert figures["budget"]["missing_years"] == [2017, 2018]
    for r in rows:
        if r["planned_to_date"] and Decimal(r["planned_to_date"]) > 0:
            assert not r["spent_to_date"]["complete"]
            for key in ("rate", "rate_to_date", "remaining"):
                assert r[key] is None or r[key]["bound"] != "exact", (r["label"], key)
    siege = next(r for r in rows if r["line"] == "siege" and r["nature"] is None)
    assert siege["spent"]["value"] is None and siege["rate"] is None and siege["remaining"] is None
    for p in figures["partnerships"]:
        if p["id"] in PARTNERSHIPS:
            assert p["spent"]["complete"] and p["rate_to_date"]["bound"] == "at_least"
        else:
            assert p["spent"]["value"] is None and p["spent_to_date"]["value"] is None
            assert p["rate_to_date"] is None and p["remaining"] is None
            assert p["years_missing"] == [2017, 2018, 2019]


def test_the_annex_shows_each_commune_and_its_source(figures: dict):
    iov1 = next(i for g in figures["indicators"] for i in g["indicators"] if i["id"] == "IOV 1")
    assert len(iov1["reports"]) == 12
    for r in iov1["reports"]:
        if r["id"] in COMMUNES:
            assert r["values"] == {"sas": True} and r["source"] == "Délibération créant le SAS (FICTIF)"
        else:
            assert r["values"] == {"sas": None} and r["source"] is None and not r["reported"]


# -- what each output prints ----------------------------------------------------------------------

#: An amount as each language prints it: 344 869,30 € (fr), € 344.869,30 (nl), €344,869.30 (en).
MONEY = re.compile("(€\\s?)?[0-9][0-9\u202f\xa0 .,]*(\\s?€)?")
NEGATIVE_PERCENT = re.compile(r"(?<![\w\d])-\s?\d[\d\s\u202f\xa0.,]*\s?%")
#: What each language calls a measure off track, and "partial" as the old reports said.
OFF_TRACK = {"fr": "hors trajectoire", "nl": "ver achter", "en": "off track"}
WHOLE_BUDGET = {"fr": "Le budget de tout le programme", "nl": "De begroting van het hele programma",
                "en": "The whole programme's budget"}


def test_no_report_prints_a_negative_progress_or_a_zero_for_the_silent(reports: dict[str, str],
                                                                       figures: dict):
    # each budget row with a plan, in the figures' order: its rate in the year and to date is a
    # lower bound (reports are missing), or not stated where nothing at all was reported (Siège)
    planned = [r for r in figures["budget"]["rows"] if r["planned"] is not None and Decimal(r["planned"])]
    rates = [(r["rate"], r["rate_to_date"]) for r in planned]
    assert rates and all(rate is None or rate["bound"] == "at_least" for pair in rates for rate in pair)
    expected = [["—" if rate is None else "≥ " for rate in pair] for pair in rates]
    assert ["≥ ", "≥ "] in expected and ["—", "—"] in expected  # the case has rows of both kinds
    for lang, text in reports.items():
        # the whole programme's budget states variances, which are signed ("≥ -89,8 %": at least
        # that far below the plan): every other percentage is a progress, a rate or a share
        head, _, rest = text.partition("\n### " + WHOLE_BUDGET[lang])
        outside = head + rest[rest.index("\n## "):]
        assert not NEGATIVE_PERCENT.search(outside), (lang, NEGATIVE_PERCENT.search(outside))
        assert "(partiel)" not in text and "(partial)" not in text and "(gedeeltelijk)" not in text
        budget = outside.split("\n## ")[3]  # the title, the summary, the results, then the budget
        shown = []
        for line in budget.splitlines():
            cells = [c.strip() for c in line.strip("|").split("|")]
            if len(cells) == 8 and MONEY.fullmatch(cells[1]) and re.search("[1-9]", cells[1]):
                shown.append([rate if rate == "—" else rate[:2] for rate in (cells[3], cells[6])])
        assert shown == expected, lang


def test_only_data_proven_statuses_are_off_track(reports: dict[str, str]):
    """IOV 2.2: three communes reported their SAS not equipped, where all 12 were due in 2019; the
    silent nine cannot change that. Every other 'off track' of the old report is gone."""
    for lang, text in reports.items():
        rows = [line for line in text.splitlines() if (line.startswith("| **IOV") or line.startswith("|  |"))
                and line.count("|") == 11]  # the results' tables (the all-years table has its own columns)
        # the status, then (since issue 24) the year's milestone once due: "off track, An 3 milestone missed"
        stated = [line for line in rows if line.split("|")[9].strip().split(",")[0] == OFF_TRACK[lang]]
        assert [line.split("|")[1].strip() for line in stated] == ["**IOV 2.2**"], lang


def test_progress_text_states_bounds_not_zeros(data: Path):
    result = runner.invoke(app, ["progress", "--year", "2019", str(data)])
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert not re.search(r"(?<![\w\d])-\d+\.\d%", text)
    assert ">= €102,000.00 (3/10)" in text and ">= 29.6% (3/10)" in text
    assert "missing (0/1)" in text  # a partnership that sent nothing for 2019, and AVCB on line 4
    assert "3 to 12" in text and "<= 100.0%" in text and "incomplete: off track to achieved" in text
