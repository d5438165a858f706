"""The frozen copy's calendar (tests/fixtures/morocco-2017-2021/data/programme.yaml), written out for
the tests that build fictional indicators and for the property tests' strategies, which need it
before any fixture runs. tests/test_progress.py checks that it is the frozen programme's own."""

from __future__ import annotations

from cicmaroc.years import Calendar, Milestone

BASELINE_YEAR, FIRST, YEAR3, YEAR5 = 2016, 2017, 2019, 2021
MOROCCO = Calendar(FIRST, YEAR5, BASELINE_YEAR, (
    Milestone("year3", YEAR3, (("fr", "An 3"), ("nl", "Jaar 3"), ("en", "Year 3"))),
    Milestone("year5", YEAR5, (("fr", "An 5"), ("nl", "Jaar 5"), ("en", "Year 5")))))
