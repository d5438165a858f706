"""A real git repository with a history of realistic changes, for `cic diff` and `--rev` tests.

The programme lies below the repository's root (`programme/data/`), as it may in an officer's
repository. Each step is a commit with a tag, on the branch `pr` made from `main`:

    empty       README only: no data folder yet
    v0 (main)   the real data/
    budget      a budget correction: line 1. Partenaires, investissement 2019
    target      a new target: IOV 1's year-3 target 12 -> 11 communes (text and value)
    monitoring  a monitoring year added: monitoring/2019.yaml (FICTIONAL figures)
    waiver      a waiver added (FICTIONAL reason)
    rename      the Evere partner file renamed
    reformat    a pure layout change (flow mappings written as blocks, a comment moved)

Every figure added here is FICTIONAL.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from tests.conftest import DATA, replace_in

STEPS = ("budget", "target", "monitoring", "waiver", "rename", "reformat")

MONITORING_2019 = """\
# FICTIONAL figures for the tests of cic diff
year: 2019
reports:
  oued-essafa:
    IOV 1: {sas: false, source: Rapport d’activités 2019 (FICTIONAL)}
spending:
  partenaires:
    evere: {investissement: 30845.75, source: Rapport financier 2019 (FICTIONAL)}
"""

WAIVER = """\
waivers:
  - code: CIC106
    file: budget.yaml
    contains: Siège
    reason: Rounding of the source spreadsheet, seen by the officers (FICTIONAL decision).
"""


def git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
           "GIT_CONFIG_GLOBAL": os.devnull if os.name != "nt" else "NUL", "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=env,
                          check=True)
    return done.stdout.strip()


def commit(repo: Path, tag: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", tag)
    git(repo, "tag", tag)


def build(repo: Path) -> Path:
    """The repository described above, at `repo`; the data folder's path in it."""
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    (repo / "README.md").write_text("FICTIONAL test repository\n", encoding="utf-8")
    commit(repo, "empty")
    data = repo / "programme" / "data"
    shutil.copytree(DATA, data)
    commit(repo, "v0")
    git(repo, "checkout", "-q", "-b", "pr")

    replace_in(data / "budget.yaml", "investissement: {2017: 119578.54, 2018: 131186.54, 2019: 131050.33",
               "investissement: {2017: 119578.54, 2018: 131186.54, 2019: 131060.33")
    commit(repo, "budget")
    year3 = ("        year3:\n          text: {n} communes disposent d’un SAS (100 %)\n"
             "          values: {{sas: {n}}}")
    replace_in(data / "logframe.yaml", year3.format(n=12), year3.format(n=11))
    commit(repo, "target")
    (data / "monitoring" / "2019.yaml").write_text(MONITORING_2019, encoding="utf-8")
    commit(repo, "monitoring")
    (data / "waivers.yaml").write_text(WAIVER, encoding="utf-8")
    commit(repo, "waiver")
    git(repo, "mv", "programme/data/partners/evere.yaml", "programme/data/partners/evere-oued-essafa.yaml")
    commit(repo, "rename")
    replace_in(data / "monitoring" / "2019.yaml",
               "    IOV 1: {sas: false, source: Rapport d’activités 2019 (FICTIONAL)}",
               "    IOV 1:\n      sas: false\n      source: Rapport d’activités 2019 (FICTIONAL)")
    replace_in(data / "budget.yaml", "currency: EUR", "currency: EUR   # every amount in euros")
    commit(repo, "reformat")
    return data
