"""A partial monitoring year, the issue's case: 2019 figures from 3 of the 12 communes, spending
from 3 of the 10 partnerships, nothing for 2017 and 2018 and nothing from the programme level.

Every figure written here is FICTIONAL, invented for the tests; it is written into a temporary
copy of data/, never into data/ itself.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import DATA

COMMUNES = ("amerzgane", "ait-baha", "berkane")  # 3 of 12
PARTNERSHIPS = ("auderghem", "etterbeek", "saint-gilles")  # 3 of 10

#: One FICTIONAL 2019 entry per commune-level indicator: the same for each of the three communes
#: except where a value varies, so the report shows counts of 3, ranges and sums.
_ENTRIES = {
    "IOV 1": "{sas: true, source: Délibération créant le SAS (FICTIF)}",
    "IOV 2": "{projets: 1, source: Rapport d’activités 2019 (FICTIF)}",
    "IOV 3": "{women: {part: 30, of: 70}, source: Statistiques des bénéficiaires (FICTIF)}",
    "IOV 1.1": "{pac: true, source: PAC approuvé (FICTIF)}",
    "IOV 1.2": "{programmes: true, plans: 2, source: Programme et plans d’AS (FICTIF)}",
    "IOV 1.3": "{evaluations: 1, source: Rapport d’évaluation (FICTIF)}",
    "IOV 2.1": "{agent: true, source: Décision de nomination (FICTIF)}",
    "IOV 2.2": "{equipement: false, source: Inventaire (FICTIF)}",
    "IOV 2.3": "{missions: true, source: PV du conseil (FICTIF)}",
    "IOV 3.1": "{bilan: true, source: Bilan de compétences (FICTIF)}",
    "IOV 3.2": "{profils: false, source: Profils de fonction (FICTIF)}",
    "IOV 4.1": "{coordination: true, source: ROI de la coordination (FICTIF)}",
    "IOV 4.2": "{reunions: true, source: PV de réunion (FICTIF)}",
    "IOV 4.3": "{formations: true, source: Listes de présences (FICTIF)}",
    "IOV 5.1": "{procedures: true, source: Guide de procédures (FICTIF)}",
    "IOV 5.2": "{acces: false, source: Site web de la commune (FICTIF)}",
    "IOV 6.1": "{actions: 1, source: Rapport d’activités (FICTIF)}",
    "IOV 6.2": "{communes: true, outils: 1, source: Outil de communication (FICTIF)}",
}


def monitoring_2019() -> str:
    lines = ["# FICTIONAL test data: 3 of 12 communes and 3 of 10 partnerships reported for 2019.",
             "year: 2019", "note: FICTIONAL figures for the tests (tests/partial_year.py).", "reports:"]
    for commune in COMMUNES:
        lines.append(f"  {commune}:")
        lines.extend(f"    {iov}: {entry}" for iov, entry in _ENTRIES.items())
    lines += ["spending:", "  partenaires:"]
    lines.extend(f"    {p}: {{investissement: 12000.00, fonctionnement: 22000.00, source: "
                 "Rapport financier 2019 (FICTIF)}" for p in PARTNERSHIPS)
    return "\n".join(lines) + "\n"


def partial_year_copy(tmp_path: Path) -> Path:
    """A copy of the real data/ with the FICTIONAL partial 2019 file added; returns its data folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    (target / "monitoring" / "2019.yaml").write_text(monitoring_2019(), encoding="utf-8")
    return target
