"""The risk table: levels in the legend's words, and a matrix that rises with probability and impact."""

from __future__ import annotations

from collections.abc import Iterator

from cicmaroc.config import Config
from cicmaroc.findings import Finding, Severity
from cicmaroc.loading.programme import Programme
from cicmaroc.models.risks import Risk, Risks

#: Ranks for level words the legend leaves without a number ("Bas" is printed in the table only).
CONVENTIONAL_LEVELS = {"Bas": 1, "Moyen": 2, "Haut": 3, "Extrême": 4}


def _level_rank(risks: Risks, word: str) -> int | None:
    return risks.scales.level.get(word, CONVENTIONAL_LEVELS.get(word))


def scale_words(programme: Programme, config: Config) -> Iterator[Finding]:
    """Each risk's probability, impact and level is a word of the legend printed above the table.

    Why: the legend gives each word its weight; a word outside it has no agreed weight, so the
    risk cannot be ranked.

    Example: the level "Bas" is used twice, but the legend only gives Moyen (2), Haut (3) and
    Extrême (4).
    """
    if programme.risks is None:
        return
    doc, risks = programme.risks, programme.risks.model
    for i, risk in enumerate(risks.risks):
        for field, scale in (("probability", risks.scales.probability), ("impact", risks.scales.impact),
                             ("level", risks.scales.level)):
            word = getattr(risk, field)
            if word not in scale:
                yield Finding("CIC501", Severity.ERROR,
                              f"The risk '{risk.id}' has the {field} '{word}', which is not in the "
                              f"legend ({', '.join(scale)}).",
                              doc.at("risks", i, field), (doc.at("scales", field),),
                              hint="Keep it as printed; waive this once the officers agree on its rank.")


def _rank(risks: Risks, risk: Risk) -> tuple[int, int, int] | None:
    p = risks.scales.probability.get(risk.probability)
    i = risks.scales.impact.get(risk.impact)
    level = _level_rank(risks, risk.level)
    if p is None or i is None or level is None:
        return None
    return p, i, level


def monotone(programme: Programme, config: Config) -> Iterator[Finding]:
    """A risk at least as probable and as serious as another is rated at least as high.

    Why: the level decides which risks get managed (the table manages "high and extreme" ones);
    if a more likely, more serious risk is rated lower, attention goes to the wrong risks.
    "Bas" ranks below "Moyen" (the legend gives it no number).

    Example: "Réforme des communes" is Possible × Grand and rated Bas, while "Conflits politiques
    internes" is Possible × Petit and rated Moyen.
    """
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
            names = ", ".join(f"'{o.id}' ({o.probability} × {o.impact}: {o.level})"
                              for _, o in lower_rated)
            yield Finding("CIC502", Severity.ERROR,
                          f"The risk '{risk.id}' ({risk.probability} × {risk.impact}) is rated "
                          f"{risk.level}, lower than less probable or less serious risks: {names}.",
                          doc.at("risks", i, "level"),
                          tuple(doc.at("risks", j, "level") for j, _ in lower_rated),
                          hint="Keep the levels as printed; report the inconsistency and waive it "
                               "with the agreed reading.")


def same_cell_same_level(programme: Programme, config: Config) -> Iterator[Finding]:
    """Risks with the same probability and impact have the same level.

    Why: the level is read off a matrix of probability × impact; one cell of the matrix has one
    level.

    Example: two risks rated Possible × Petit, one Moyen and the other Haut.
    """
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
            yield Finding("CIC503", Severity.ERROR,
                          f"The risk '{risk.id}' is {risk.probability} × {risk.impact} and rated "
                          f"{risk.level}, but '{other.id}' has the same probability and impact and "
                          f"is rated {other.level}.",
                          doc.at("risks", i, "level"), (doc.at("risks", j, "level"),),
                          hint="Keep the levels as printed; report it and waive it with the answer.")
