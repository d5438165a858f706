"""The risk table (CIC501-CIC503): levels in the legend's words, and a matrix that rises with probability
and impact."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cicmaroc.codes.declaration import Code, Message, declare
from cicmaroc.findings import Finding, Items, Severity, phrase
from cicmaroc.loading.programme import Programme
from cicmaroc.models.risks import Risk, Risks
from cicmaroc.rules import Check

if TYPE_CHECKING:
    from cicmaroc.config import Config

_WAIVE = ("Keep the levels as printed. Once the officers agree on the reading, acknowledge it with the "
          "reason: `# cic: ignore[{code}] who decided, when, why` at the end of the risk's `level:` line, or "
          "in data/waivers.yaml (`code: {code}`, `file: risks.yaml`, `reason:`).")

CIC501 = declare(
    "CIC501", "risk-scale", Severity.ERROR, "risks",
    what="Each risk's probability, impact and level is a word of the legend printed above the table.",
    why="The legend gives each word its weight; a word outside it has no agreed weight, so the risk cannot "
        "be ranked.",
    example="The level \"Bas\" is used twice, but the legend only gives Moyen (2), Haut (3) and Extrême (4).",
    waive=_WAIVE,
    messages={"not-in-legend": Message("The risk '{risk}' has the {field} '{word}', which is not in the "
                                       "legend ({legend}).",
                                       "Keep it as printed; waive this once the officers agree on its "
                                       "rank.")})
CIC502 = declare(
    "CIC502", "risk-matrix-monotone", Severity.ERROR, "risks",
    what="A risk at least as probable and as serious as another is rated at least as high.",
    why="The level decides which risks get managed (the table manages \"high and extreme\" ones); if a more "
        "likely, more serious risk is rated lower, attention goes to the wrong risks. \"Bas\" ranks below "
        "\"Moyen\" (the legend gives it no number).",
    example="\"Réforme des communes\" is Possible × Grand and rated Bas, while \"Conflits politiques "
            "internes\" is Possible × Petit and rated Moyen.",
    waive=_WAIVE,
    messages={"lower": Message("The risk '{risk}' ({probability} × {impact}) is rated {level}, lower than "
                               "less probable or less serious risks: {others}.",
                               "Keep the levels as printed; report the inconsistency and waive it with the "
                               "agreed reading.")})
CIC503 = declare(
    "CIC503", "risk-level-consistent", Severity.ERROR, "risks",
    what="Risks with the same probability and impact have the same level.",
    why="The level is read off a matrix of probability × impact; one cell of the matrix has one level.",
    example="Two risks rated Possible × Petit, one Moyen and the other Haut.",
    waive=_WAIVE,
    messages={"other-level": Message("The risk '{risk}' is {probability} × {impact} and rated {level}, but "
                                     "'{other}' has the same probability and impact and is rated "
                                     "{other_level}.",
                                     "Keep the levels as printed; report it and waive it with the answer.")})


#: Ranks for level words the legend leaves without a number ("Bas" is printed in the table only).
CONVENTIONAL_LEVELS = {"Bas": 1, "Moyen": 2, "Haut": 3, "Extrême": 4}


def level_rank(risks: Risks, word: str) -> int | None:
    """The rank of a level word: the legend's number, else the conventional one (Bas: 1)."""
    return risks.scales.level.get(word, CONVENTIONAL_LEVELS.get(word))


#: The three ratings of a risk as a sentence names them (the file's keys are English words, but a
#: Dutch or French sentence must not show them untranslated).
SCALE_NAMES = {"probability": phrase("probability"), "impact": phrase("impact"), "level": phrase("level")}


def scale_words(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.risks is None:
        return
    doc, risks = programme.risks, programme.risks.model
    for i, risk in enumerate(risks.risks):
        for field, scale in (("probability", risks.scales.probability), ("impact", risks.scales.impact),
                             ("level", risks.scales.level)):
            word = getattr(risk, field)
            if word not in scale:
                yield CIC501.finding("not-in-legend", doc.at("risks", i, field), (doc.at("scales", field),),
                                     risk=risk.id, field=SCALE_NAMES[field], word=word,
                                     legend=Items(tuple(scale)))


def _rank(risks: Risks, risk: Risk) -> tuple[int, int, int] | None:
    p = risks.scales.probability.get(risk.probability)
    i = risks.scales.impact.get(risk.impact)
    level = level_rank(risks, risk.level)
    if p is None or i is None or level is None:
        return None
    return p, i, level


def monotone(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.risks is None:
        return
    doc, risks = programme.risks, programme.risks.model
    ranked = [(i, r, _rank(risks, r)) for i, r in enumerate(risks.risks)]
    for i, risk, rank in ranked:
        if rank is None:
            continue
        lower_rated = [(j, other) for j, other, o in ranked
                       if o is not None and j != i and rank[0] >= o[0] and rank[1] >= o[1]
                       and (rank[0], rank[1]) != (o[0], o[1]) and rank[2] < o[2]]
        if lower_rated:
            others = Items(tuple(phrase("'{risk}' ({probability} × {impact}: {level})", risk=o.id,
                                        probability=o.probability, impact=o.impact, level=o.level)
                                 for _, o in lower_rated))
            yield CIC502.finding("lower", doc.at("risks", i, "level"),
                                 tuple(doc.at("risks", j, "level") for j, _ in lower_rated), risk=risk.id,
                                 probability=risk.probability, impact=risk.impact, level=risk.level,
                                 others=others)


def same_cell_same_level(programme: Programme, config: Config) -> Iterator[Finding]:
    if programme.risks is None:
        return
    doc, risks = programme.risks, programme.risks.model
    first: dict[tuple[str, str], tuple[int, Risk]] = {}
    for i, risk in enumerate(risks.risks):
        key = (risk.probability, risk.impact)
        if key not in first:
            first[key] = (i, risk)
            continue
        j, other = first[key]
        if other.level != risk.level:
            yield CIC503.finding("other-level", doc.at("risks", i, "level"), (doc.at("risks", j, "level"),),
                                 risk=risk.id, probability=risk.probability, impact=risk.impact,
                                 level=risk.level,
                                 other=other.id, other_level=other.level)


CODES: tuple[Code, ...] = (CIC501, CIC502, CIC503)
CHECKS: tuple[Check, ...] = (
    Check((CIC501,), scale_words),
    Check((CIC502,), monotone),
    Check((CIC503,), same_cell_same_level),
)
