"""The activity's results: the outcome (type 2) and R1-R7 (type 1), one indicator per measure.

Each IATI indicator has one measure, so an indicator of the logframe with two measures (IOV 1.2:
programmes and plans) becomes two IATI indicators with the same reference. Values come from the
programme as read (agreed readings applied, each stated in a comment) and are computed as `cic
progress` computes them (`analysis.progress`): a target printed only as a share of the communes
("100 %") is that share of the communes expected to report. Texts are the document's, exact.

A period's actual is the roll-up of the monitoring reports up to the last year counted, published
only when the reports received prove it (every expected reporter reported, or those missing
could not change it). When missing reports leave it a range, no value is published: a bound is
never a figure. The IATI Standard gives no place for that: `actual/@value` is optional in the
2.03 schema, but its documentation and the Standard's rule 8.10.1 (an error) require it for a
unit or a percentage, so an `<actual>` without a value would not pass `cic iati --check`. The
period then has no `<actual>`, and the indicator's description says, for the period, the range
the missing reports leave open, who reported and who did not. Nothing reported: no actual, never
zero.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from fractions import Fraction
from typing import NamedTuple

from lxml import etree

from cicmaroc.analysis.progress import Rolled, reporters_by_level, rollup, target_value
from cicmaroc.derive.actuals import PROGRAMME, Actuals, Value
from cicmaroc.derive.readings import ReadProgramme
from cicmaroc.iati.elements import narratives, number
from cicmaroc.iati.sentences import (
    AT_LEAST,
    BETWEEN,
    COMPLETE,
    LANGUAGES,
    MEASURE,
    NOBODY,
    READING,
    READING_UNEXPLAINED,
    SILENT,
    SOURCES,
    THE_PROGRAMME,
    UNPROVEN,
    reports_expected,
    reports_received,
    sentence,
)
from cicmaroc.models.common import in_languages
from cicmaroc.models.logframe import Indicator, Measure, Target
from cicmaroc.years import Calendar

OUTCOME, OUTPUT = "2", "1"
UNIT, PERCENTAGE = "1", "2"
#: The reporting organisation's own codes (IndicatorVocabulary 99): the logframe's IOV numbers.
OWN_VOCABULARY = "99"


def milestone_periods(calendar: Calendar) -> list[tuple[int, int, str]]:
    """The periods of every indicator, one per milestone: from the year after the previous milestone
    (the first year for the first) to the milestone's year, with the milestone's id."""
    found = []
    start = calendar.first
    for milestone in calendar.milestones:
        found.append((start, milestone.year, milestone.id))
        start = milestone.year + 1
    return found

Names = Mapping[str, str]


def write(activity: etree._Element, read: ReadProgramme, actuals: Actuals, years: Sequence[int]) -> None:
    """Append the outcome's and the results' `<result>` elements to `activity`."""
    prog = read.programme
    assert prog.logframe is not None
    frame = prog.logframe.model
    communes = list(prog.communes())
    reporters = reporters_by_level([c.id for c in communes], [p.model.id for p in prog.partners])
    names = {c.id: c.local_name for c in communes}
    names |= {p.model.id: p.model.belgian_commune.name for p in prog.partners}
    context = _Context(read, actuals, years, reporters, names)
    outcome = frame.outcome
    context.result(activity, OUTCOME, context.texts(outcome), outcome.indicators)
    for result in frame.results:
        context.result(activity, OUTPUT, context.texts(result), result.indicators)


class _Context:
    """What every indicator needs: the programme as read, the checked figures, who reports what."""

    def __init__(self, read: ReadProgramme, actuals: Actuals, years: Sequence[int],
                 reporters: Mapping[str, Sequence[str]], names: Names) -> None:
        self.read = read
        self.actuals = actuals
        self.years = years
        self.reporters = reporters
        self.names = names
        #: The language of the programme's texts: a narrative holds only text of its own language.
        self.primary = read.programme.text_language
        assert read.programme.calendar is not None
        self.calendar = read.programme.calendar

    def texts(self, item: object, field: str = "text") -> list[tuple[str, str | None]]:
        """A text of the programme in its language, then its translations where given."""
        found = dict(in_languages(item, field, self.primary))
        return [(self.primary, found[self.primary]),
                *((lang, found[lang]) for lang in LANGUAGES if lang != self.primary and lang in found)]

    def text_in(self, lang: str, item: object, field: str) -> str | None:
        """The text in `lang`: as written, its translation, or None (never another language's)."""
        return dict(self.texts(item, field)).get(lang)

    def result(self, activity: etree._Element, kind: str, title: list[tuple[str, str | None]],
               indicators: Sequence[Indicator]) -> None:
        result = etree.SubElement(activity, "result", type=kind)
        narratives(result, "title", title)
        for indicator in indicators:
            for measure in indicator.measures:
                self.indicator(result, indicator, measure)

    def indicator(self, result: etree._Element, indicator: Indicator, measure: Measure) -> None:
        expected = self.reporters[indicator.level]
        by_year = self.actuals.measure(indicator.id, measure.id)
        periods = []
        unproven: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
        for start, end, cell_name in milestone_periods(self.calendar):
            cell_target: Target | None = indicator.targets.get(cell_name)
            target = target_value(cell_target, measure, len(expected)) if cell_target is not None else None
            actual = self.actual(measure, by_year, start, end, expected)
            if isinstance(actual, _Range):
                for lang in LANGUAGES:
                    unproven[lang].append(actual.sentence(lang, self._names))
                actual = None
            if target is not None or actual is not None:
                periods.append((start, end, cell_name, cell_target, target, actual))
        element = etree.SubElement(result, "indicator", {
            "measure": PERCENTAGE if measure.rollup == "ratio" else UNIT,
            "ascending": "0" if measure.direction == "decreasing" else "1"})
        narratives(element, "title", self.texts(indicator))
        described = []
        for lang in LANGUAGES:  # each narrative in one language: a text not written in it is left out
            unit = self.text_in(lang, measure, "unit")
            sources = "; ".join(indicator.sources) if lang == self.primary and indicator.sources else None
            described.append((lang, " ".join(filter(None, (
                sentence(MEASURE, lang, unit=unit) if unit else None,
                sentence(SOURCES, lang, sources=sources) if sources else None,
                *unproven[lang])))))
        narratives(element, "description", described)
        etree.SubElement(element, "reference", vocabulary=OWN_VOCABULARY, code=indicator.id)
        baseline = target_value(indicator.baseline, measure, len(expected))
        if baseline is not None:  # a baseline without a value is refused for a unit or a percentage
            cell = etree.SubElement(element, "baseline", {
                "year": str(self.calendar.baseline), "iso-date": f"{self.calendar.baseline}-12-31",
                "value": number(baseline)})
            self.comment(cell, indicator.baseline, indicator.id, "baseline", measure.id)
        for start, end, cell_name, cell_target, target, actual in periods:
            period = etree.SubElement(element, "period")
            etree.SubElement(period, "period-start", {"iso-date": f"{start}-01-01"})
            etree.SubElement(period, "period-end", {"iso-date": f"{end}-12-31"})
            if target is not None and cell_target is not None:
                node = etree.SubElement(period, "target", value=number(target))
                self.comment(node, cell_target, indicator.id, cell_name, measure.id)
            if actual is not None:
                value, comment = actual
                node = etree.SubElement(period, "actual", value=number(value))
                narratives(node, "comment", comment)

    def comment(self, node: etree._Element, cell: Target, indicator: str, cell_name: str,
                measure: str) -> None:
        """The printed text of a baseline or target cell, and the agreed reading it was computed with."""
        reading = (self.read.reading_for("target", indicator, cell_name, "values", measure)
                   or self.read.reading_for("target", indicator, cell_name, "percents", measure))
        texts: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
        for lang, text in self.texts(cell):
            if text:
                texts.setdefault(lang, []).append(text)
        if reading is not None:  # the reason is the officers' text: only in the language it is written in
            for lang in texts:
                said = {"printed": reading.printed, "read_as": reading.read_as,
                        "decided_by": reading.reading.decided_by,
                        "decided_on": reading.reading.decided_on.isoformat()}
                if lang == self.primary:
                    texts[lang].append(sentence(READING, lang, **said,
                                                reason=" ".join(reading.reading.reason.split()).rstrip(".")))
                else:
                    texts[lang].append(sentence(READING_UNEXPLAINED, lang, **said))
        # the printed text on its own line, exact; the reading after it
        narratives(node, "comment", [(lang, "\n".join(parts)) for lang, parts in texts.items()])

    def actual(self, measure: Measure, by_year: Mapping[int, Mapping[str, Value]], start: int, end: int,
               expected: Sequence[str]) -> tuple[Fraction, list[tuple[str, str | None]]] | _Range | None:
        """The period's actual and its comment when the reports prove it; the range the missing
        reports leave open when they do not; None when nothing counted is reported."""
        ended = [y for y in self.years if y <= end]
        if not ended or ended[-1] < start:
            return None
        year = ended[-1]
        figure = rollup(measure.rollup, measure.kind, by_year, year, expected, self.calendar.first)
        if figure is None:
            return None
        cell = by_year.get(year, {})
        reported = [r for r in expected if r in cell]
        missing = [r for r in expected if r not in cell]
        if figure.value is None:
            return _Range(start, end, year, figure, tuple(reported), tuple(missing), len(expected))
        comment: list[tuple[str, str | None]] = [(lang, " ".join(filter(None, (
            sentence(COMPLETE, lang, year=year, received=reports_received(lang, len(reported)),
                     expected=reports_expected(lang, len(expected))),
            sentence(SILENT, lang, missing=self._names(missing, lang)) if missing else None))))
            for lang in LANGUAGES]
        return figure.value, comment

    def _names(self, ids: Sequence[str], lang: str) -> str:
        if not ids:
            return sentence(NOBODY, lang)
        return ", ".join(sentence(THE_PROGRAMME, lang) if i == PROGRAMME else self.names.get(i, i)
                         for i in ids)


class _Range(NamedTuple):
    """A period whose actual the reports received do not decide: what its description says."""

    start: int
    end: int
    year: int  # the last year counted
    figure: Rolled
    reported: tuple[str, ...]
    missing: tuple[str, ...]
    expected: int

    def sentence(self, lang: str, names: Callable[[Sequence[str], str], str]) -> str:
        low, high = self.figure.low, self.figure.high
        bound = (sentence(AT_LEAST, lang, low=number(low)) if high is None
                 else sentence(BETWEEN, lang, low=number(low), high=number(high)))
        return sentence(UNPROVEN, lang, start=self.start, end=self.end, year=self.year, bound=bound,
                        count=len(self.reported), expected=self.expected,
                        reporters=names(self.reported, lang), missing=names(self.missing, lang))
