"""The risk follow-up files (CIC510-CIC519): each year's assessment of the risks of data/risks.yaml.

A follow-up names a risk of the table, in the legend's words, and its level follows the matrix of
probability × impact as the table rates it (CIC502's logic: a risk at least as probable and as
serious as another is rated at least as high, here among the risks followed up in one year; the
table's own ratings are CIC502's).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Finding, Items, Severity, phrase
from cicmaroc.loading.programme import Programme
from cicmaroc.rules import Check
from cicmaroc.rules.risks import SCALE_NAMES, level_rank
from cicmaroc.rules.year_files import year_findings

if TYPE_CHECKING:
    from cicmaroc.config import Config

_WAIVE = ("Correct the follow-up rather than waive it; to keep it as written, `# cic: ignore[{code}] who "
          "decided, when, why` at the end of the line, or in data/waivers.yaml (`code: {code}`, the "
          "follow-up file, `reason:`).")

CIC510 = declare(
    "CIC510", "follow-up-unknown-risk", Severity.ERROR, "risk follow-up",
    what="A risk followed up is a risk of the risk table (data/risks.yaml).",
    why="The report shows each follow-up beside its risk; a follow-up of an unknown risk is shown nowhere.",
    example="`risk: programme-interompu` (a typo of programme-interrompu).",
    waive=_WAIVE,
    messages={"unknown": Message("'{risk}' is not a risk of data/risks.yaml; its follow-up is not shown.",
                                 "Use one of {known}.")})
CIC511 = declare(
    "CIC511", "follow-up-scale", Severity.ERROR, "risk follow-up",
    what="A follow-up's probability, impact and level are words of the risk table's legend.",
    why="The legend gives each word its weight; a word outside it cannot be ranked or compared.",
    example="`probability: Improbable` when the legend has Possible, Probable and Presque sûr.",
    waive=_WAIVE,
    messages={"not-in-legend": Message("The follow-up of '{risk}' has the {field} '{word}', which is not in "
                                       "the legend ({legend}).", "Use a word of the legend.")})
CIC512 = declare(
    "CIC512", "follow-up-level-matrix", Severity.ERROR, "risk follow-up",
    what="In a year's follow-up, a risk's level follows the matrix: at least as high as any risk followed up "
         "that is no more probable and no more serious, at most as high as any no less probable and no less "
         "serious.",
    why="The level decides which risks get managed; it is read off probability × impact, as CIC502 checks "
        "for the risk table.",
    example="In 2019, one risk followed up as Probable × Grand and rated Bas, another as Possible × Petit "
            "and rated Moyen.",
    waive=_WAIVE,
    messages={"lower": Message("The follow-up of '{risk}' ({probability} × {impact}) rates it {level}, lower "
                               "than less probable or less serious risks: {others}.",
                               "Rate it by the matrix of the risk table."),
              "higher": Message("The follow-up of '{risk}' ({probability} × {impact}) rates it {level}, "
                                "higher than more probable or more serious risks: {others}.",
                                "Rate it by the matrix of the risk table.")})
CIC513 = declare(
    "CIC513", "follow-up-year", Severity.ERROR, "risk follow-up",
    what="A follow-up file's year is a programme year and the one its file is named for.",
    why="The report of a year shows the follow-up of that year only.",
    example="`data/risk-follow-up/2019.yaml` containing `year: 2018`.",
    waive="Rename the file or correct the year rather than waive it.",
    messages={"outside": Message("The year {year} is outside the programme ({first}-{last}); this follow-up "
                                 "is shown in no report.", "Correct the year."),
              "differs": Message("The file is named {stem} but says 'year: {year}'; it is shown in the "
                                 "report of {year}.", "Rename the file to {year}.yaml, or correct the "
                                 "year.")})
CIC514 = declare(
    "CIC514", "follow-up-duplicate", Severity.ERROR, "risk follow-up",
    what="A risk is followed up once per year.",
    why="Two assessments of one risk in one year contradict each other or repeat; the report shows the "
        "first.",
    example="`risk: programme-interrompu` twice in data/risk-follow-up/2019.yaml.",
    waive=_WAIVE,
    messages={"twice": Message("'{risk}' is followed up a second time for {year}; the first one is shown.",
                               "Keep one of the two.")})


def follow_up_entries(programme: Programme, config: Config) -> Iterator[Finding]:
    """CIC510, CIC511 and CIC514: known risks, the legend's words, once a year."""
    if programme.risks is None:
        return
    table = programme.risks.model
    known = [r.id for r in table.risks]
    for doc in programme.risk_follow_up:
        seen: set[str] = set()
        for i, status in enumerate(doc.model.risks):
            if status.risk not in known:
                yield CIC510.finding("unknown", doc.at("risks", i, "risk"), risk=status.risk,
                                     known=Items(tuple(known)))
            elif status.risk in seen:
                yield CIC514.finding("twice", doc.at("risks", i, "risk"), risk=status.risk,
                                     year=doc.model.year)
            seen.add(status.risk)
            for field, scale in (("probability", table.scales.probability), ("impact", table.scales.impact),
                                 ("level", {**table.scales.level})):
                word = getattr(status, field)
                if word not in scale and not (field == "level" and level_rank(table, word) is not None):
                    yield CIC511.finding("not-in-legend", doc.at("risks", i, field), risk=status.risk,
                                         field=SCALE_NAMES[field], word=word, legend=Items(tuple(scale)))


def follow_up_matrix(programme: Programme, config: Config) -> Iterator[Finding]:
    """CIC512: each follow-up's level against the table's risks and the year's other follow-ups."""
    if programme.risks is None:
        return
    table = programme.risks.model

    def rank(probability: str, impact: str, level: str) -> tuple[int, int, int] | None:
        p, i = table.scales.probability.get(probability), table.scales.impact.get(impact)
        lv = level_rank(table, level)
        return None if p is None or i is None or lv is None else (p, i, lv)

    for doc in programme.risk_follow_up:
        others = [(s.risk, s.probability, s.impact, s.level) for s in doc.model.risks]
        for i, status in enumerate(doc.model.risks):
            mine = rank(status.probability, status.impact, status.level)
            if mine is None:
                continue
            lower, higher = [], []
            for name, p, imp, lv in others:
                theirs = rank(p, imp, lv)
                if theirs is None or name == status.risk:
                    continue
                entry = phrase("'{risk}' ({probability} × {impact}: {level})", risk=name, probability=p,
                               impact=imp, level=lv)
                if mine[0] >= theirs[0] and mine[1] >= theirs[1] and mine[2] < theirs[2]:
                    lower.append(entry)
                elif mine[0] <= theirs[0] and mine[1] <= theirs[1] and mine[2] > theirs[2]:
                    higher.append(entry)
            for key, found in (("lower", lower), ("higher", higher)):
                if found:
                    yield CIC512.finding(key, doc.at("risks", i, "level"), risk=status.risk,
                                         probability=status.probability, impact=status.impact,
                                         level=status.level, others=Items(tuple(found)))


def follow_up_year(programme: Programme, config: Config) -> Iterator[Finding]:
    """CIC513: the file's year."""
    return year_findings(CIC513, programme.risk_follow_up, programme.calendar)


CODES: tuple[Code, ...] = (CIC510, CIC511, CIC512, CIC513, CIC514)
CHECKS: tuple[Check, ...] = (
    Check((CIC510, CIC511, CIC514), follow_up_entries),
    Check((CIC512,), follow_up_matrix),
    Check((CIC513,), follow_up_year),
)
