"""`cic diff` and `--rev` on a real git repository with a history of realistic changes.

The repository (tests/git_history.py) keeps the programme in `programme/data/`, below its root;
the tests run from `programme/`, so files are shown as `data/...` as an officer sees them.
Every figure the history adds is FICTIONAL.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from tests.git_history import STEPS, build, git
from typer.testing import CliRunner

from cicmaroc import api
from cicmaroc.cli.main import app

runner = CliRunner()
CIC = [sys.executable, "-m", "cicmaroc"]


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository, built once; tests that change it work on their own clone."""
    repo = tmp_path_factory.mktemp("history") / "repo"
    build(repo)
    return repo


@pytest.fixture
def in_programme(history: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(history / "programme")
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    monkeypatch.delenv("CI_MERGE_REQUEST_TARGET_BRANCH_NAME", raising=False)
    return history


def step(tag: str) -> api.Compared:
    return api.diff(None, f"{tag}~1", tag)


def where(change: object) -> str:
    loc = change.location  # type: ignore[attr-defined]
    return f"{loc.file}:{loc.line}"


def findings(found: list) -> list[tuple[str, str, int]]:  # type: ignore[type-arg]
    return [(f.code, f.location.file, f.location.line) for f in found]


# -- each change shows up once, correctly --------------------------------------------------------


def test_budget_correction(in_programme: Path) -> None:
    compared = step("budget")
    [change] = compared.diff.changes
    assert (change.section, change.status, change.what) == \
        ("budget", "changed", "partenaires · investissement · 2019")
    assert (change.old, change.new, change.difference) == \
        (Decimal("131050.33"), Decimal("131060.33"), Decimal("10.00"))
    assert where(change) == "data/budget.yaml:22"
    assert any("Total CO (investissement, 2019)" in note for note in change.notes)
    # the stated totals the cell adds up into no longer match it: exactly these three checks
    assert findings(compared.diff.introduced) == [
        ("CIC102", "data/budget.yaml", 20), ("CIC101", "data/budget.yaml", 22),
        ("CIC103", "data/budget.yaml", 53)]
    assert compared.diff.resolved == []
    assert compared.failing


def test_new_target(in_programme: Path) -> None:
    compared = step("target")
    assert [(c.what, c.old, c.new, where(c)) for c in compared.diff.changes] == [
        ("IOV 1 · target Year 3 (2019) · text", "12 communes disposent d’un SAS (100 %)",
         "11 communes disposent d’un SAS (100 %)", "data/logframe.yaml:56"),
        ("IOV 1 · target Year 3 (2019) · sas", 12, 11, "data/logframe.yaml:57")]
    assert compared.diff.changes[1].difference == Decimal(-1)
    assert findings(compared.diff.introduced) == [("CIC402", "data/logframe.yaml", 58)]


def test_monitoring_year_added(in_programme: Path) -> None:
    compared = step("monitoring")
    figures, spending = compared.diff.changes
    assert (figures.section, figures.status, figures.what, str(figures.new), where(figures)) == \
        ("monitoring", "added", "2019 · oued-essafa · IOV 1", "sas no", "data/monitoring/2019.yaml:5")
    assert figures.notes == ("source: 'Rapport d’activités 2019 (FICTIONAL)'",)
    assert (spending.section, spending.what, str(spending.new), where(spending)) == \
        ("spending", "2019 spending · partenaires · evere", "investissement 30,845.75",
         "data/monitoring/2019.yaml:8")
    assert spending.notes == ("source: 'Rapport financier 2019 (FICTIONAL)'",)
    assert compared.diff.introduced == [] and compared.diff.resolved == []
    assert not compared.failing


@pytest.mark.parametrize(("lang", "said", "amount"), [("fr", "sas non", "investissement 30\u202f845,75"),
                                                      ("nl", "sas nee", "investissement 30.845,75")])
def test_a_yes_no_figure_reads_in_the_readers_words(in_programme: Path, lang: str, said: str,
                                                    amount: str) -> None:
    compared = step("monitoring")
    for fmt in ("text", "markdown"):
        shown = api.render_diff(compared, fmt, lang)
        assert said in shown and "false" not in shown
    doc = json.loads(api.render_diff(compared, "json", lang))
    assert doc["changes"][0]["new"] == said
    assert doc["changes"][1]["new"] == amount


def test_waiver_added_resolves_what_it_waives(in_programme: Path) -> None:
    compared = step("waiver")
    [change] = compared.diff.changes
    assert (change.section, change.status, change.what, where(change)) == \
        ("waivers", "added", "CIC106 on budget.yaml 'Siège'", "data/waivers.yaml:2")
    assert change.notes == ("reason: 'Rounding of the source spreadsheet, seen by the officers "
                            "(FICTIONAL decision).'",)
    assert findings(compared.diff.resolved) == [("CIC106", "data/budget.yaml", 44),
                                                ("CIC106", "data/budget.yaml", 48)]
    assert all(f.waived and f.waived.startswith("Rounding") for f in compared.diff.resolved)
    assert compared.diff.introduced == []


def test_rename_is_followed_by_id(in_programme: Path) -> None:
    compared = step("rename")
    [change] = compared.diff.changes  # no partnership removed and added: the same one, moved
    assert (change.section, change.status, change.old, change.new) == \
        ("files", "moved", "data/partners/evere.yaml", "data/partners/evere-oued-essafa.yaml")
    # the file name no longer says its id: the one finding the rename introduces
    assert findings(compared.diff.introduced) == [("CIC305", "data/partners/evere-oued-essafa.yaml", 2)]
    assert compared.diff.resolved == []


def test_reformat_is_no_change(in_programme: Path) -> None:
    compared = step("reformat")
    assert git(in_programme, "diff", "--stat", "reformat~1", "reformat")  # the text did change
    assert compared.diff.changes == [] and compared.diff.introduced == [] and compared.diff.resolved == []
    for fmt in ("text", "markdown"):
        assert "No change to the programme" in api.render_diff(compared, fmt)
    assert json.loads(api.render_diff(compared, "json"))["changes"] == []


@pytest.mark.parametrize("tag", STEPS[:-1])
def test_each_change_once_in_every_format(in_programme: Path, tag: str) -> None:
    compared = step(tag)
    text = api.render_diff(compared, "text")
    markdown = api.render_diff(compared, "markdown")
    doc = json.loads(api.render_diff(compared, "json"))
    assert len(doc["changes"]) == len(compared.diff.changes)
    for change, item in zip(compared.diff.changes, doc["changes"], strict=True):
        assert text.count(f"  {where(change)}  {change.what}: ") == 1
        assert markdown.count(f"| {where(change)} | ") == 1
        assert (item["what"], item["location"]["line"]) == (change.what, change.location.line)
    assert [f["code"] for f in doc["findings"]["introduced"]] == [f.code for f in compared.diff.introduced]
    assert markdown.index("**Findings introduced**" if compared.diff.introduced else "<details>") \
        < markdown.index("<details>") + 1  # the summary comes before the folded details


def test_json_keeps_amounts_exact(in_programme: Path) -> None:
    doc = json.loads(api.render_diff(step("budget"), "json"))
    assert doc["changes"][0]["old"] == "131050.33" and doc["changes"][0]["difference"] == "10.00"
    assert doc["new"]["commit"] == git(in_programme, "rev-parse", "budget")


def test_whole_history_and_markdown_summary(in_programme: Path) -> None:
    result = runner.invoke(app, ["diff", "v0", "reformat", "--format", "markdown"])
    assert result.exit_code == 1, result.output  # it introduces errors
    lines = result.output.splitlines()
    assert lines[0].startswith("### cic diff: v0 (") and "→ reformat (" in lines[0]
    assert "- Budget: 1 changed" in lines and "- Spending: 1 added" in lines
    assert result.output.count("<details>") == result.output.count("</details>") == 7  # 6 sections, resolved


def test_default_is_merge_base_against_the_working_tree(in_programme: Path, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    clone = tmp_path / "clone"
    git(in_programme, "worktree", "add", "-q", str(clone), "budget")
    try:
        data = clone / "programme" / "data"
        (data / "partners" / "jette.yaml").write_text(
            (data / "partners" / "jette.yaml").read_text(encoding="utf-8").replace(
                "budget_os1: ", "budget_os1: 1", 1), encoding="utf-8")
        monkeypatch.chdir(clone / "programme")
        compared = api.diff()
        assert compared.old.startswith("merge-base of main (") and compared.new is None
        assert api.render_diff(compared, "text").startswith(f"cic diff: {compared.old} → the working tree\n")
        commit = compared.old_commit[:10]
        for lang, heading in (("fr", f"cic diff : base commune avec main ({commit}) → l’arbre de travail"),
                              ("nl", f"cic diff: gemeenschappelijke basis met main ({commit}) → de werkmap")):
            for output_format in ("text", "markdown"):
                shown = api.render_diff(compared, output_format, lang)
                assert "merge-base" not in shown
                assert heading in shown.replace("\u202f", " ").replace("\u00a0", " ")
        assert [c.section for c in compared.diff.changes] == ["budget", "partnerships"]
        os1 = compared.diff.changes[1]
        assert os1.what == "jette · Budget OS 1" and os1.location.file == "data/partners/jette.yaml"
        assert "CIC201" in os1.notes[0]
        assert git(clone, "status", "--porcelain") == "M programme/data/partners/jette.yaml"
    finally:
        git(in_programme, "worktree", "remove", "--force", str(clone))


# -- --rev reads a revision as a checkout would, without touching the working tree ----------------


def test_rev_is_the_same_as_a_checkout(in_programme: Path, tmp_path: Path) -> None:
    checkout = tmp_path / "checkout"
    git(in_programme, "worktree", "add", "-q", "--detach", str(checkout), "waiver")
    try:
        here = in_programme / "programme"
        status = git(in_programme, "status", "--porcelain")
        by_rev = subprocess.run([*CIC, "validate", "--format", "json", "--rev", "waiver"], cwd=here,
                                capture_output=True, text=True, check=False)
        by_checkout = subprocess.run([*CIC, "validate", "--format", "json"], cwd=checkout / "programme",
                                     capture_output=True, text=True, check=False)
        assert by_rev.returncode == by_checkout.returncode == 1
        assert by_rev.stdout == by_checkout.stdout
        report_rev = subprocess.run([*CIC, "report", "--year", "2019", "--lang", "en", "--rev", "waiver"],
                                    cwd=here, capture_output=True, text=True, check=True).stdout
        report_checkout = subprocess.run([*CIC, "report", "--year", "2019", "--lang", "en"],
                                         cwd=checkout / "programme", capture_output=True, text=True,
                                         check=True).stdout
        commit = git(in_programme, "rev-parse", "waiver")[:10]
        said = f" Data from git revision waiver ({commit})."
        assert said in report_rev
        assert report_rev.replace(said, "", 1) == report_checkout
        assert git(in_programme, "status", "--porcelain") == status  # nothing touched
    finally:
        git(in_programme, "worktree", "remove", "--force", str(checkout))


def test_rev_progress_sees_that_revision(in_programme: Path) -> None:
    assert api.progress(None, 2019, rev="monitoring")["year"] == 2019
    before = runner.invoke(app, ["progress", "--year", "2019", "--format", "json", "--rev", "target"])
    after = runner.invoke(app, ["progress", "--year", "2019", "--format", "json", "--rev", "monitoring"])
    assert before.exit_code == after.exit_code == 0
    assert before.output != after.output  # the 2019 figures arrived between the two


def test_rev_by_hash_branch_and_tag(in_programme: Path) -> None:
    commit = git(in_programme, "rev-parse", "budget")
    for name in ("budget", commit, commit[:12], "pr~5"):
        run = api.validate(None, rev=name)
        assert run.revision is not None and run.revision.commit == commit
    assert api.validate(None, rev="main").revision.commit == git(in_programme, "rev-parse", "v0")


# -- bad input: a sentence and exit 2 -------------------------------------------------------------------


def _fails(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 2, result.output
    return " ".join(result.output.split())


def test_unknown_revision(in_programme: Path) -> None:
    said = _fails("validate", "--rev", "rapport-2042")
    assert "Unknown revision 'rapport-2042'" in said and "git tag" in said
    assert "Unknown revision 'nope'" in _fails("diff", "nope")
    assert "not a revision name" in _fails("validate", "--rev", "--all")


def test_path_absent_at_revision(in_programme: Path) -> None:
    said = _fails("diff", "empty", "v0")
    assert "programme/data/ does not exist at empty (" in said
    assert "does not exist at empty" in _fails("report", "--year", "2019", "--rev", "empty")
    french = _fails("report", "--year", "2019", "--rev", "empty", "--lang", "fr")
    assert "programme/data/ n’existe pas à empty (" in french


def test_not_a_git_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(Path(__file__).parent.parent / "data", tmp_path / "data")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    said = _fails("validate", "--rev", "main")
    assert "is not in a git repository" in said
    assert "is not in a git repository" in _fails("diff")


def _own_clone(history: Path, tmp_path: Path, *extra: str) -> Path:
    clone = tmp_path / "own"
    subprocess.run(["git", "clone", "-q", *extra, f"file://{history}", str(clone)], check=True)
    return clone


def test_file_too_large_or_not_text_at_revision(history: Path, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    clone = _own_clone(history, tmp_path, "--branch", "pr")
    data = clone / "programme" / "data"
    (data / "risks.yaml").write_text((data / "risks.yaml").read_text(encoding="utf-8") + "#" * 50000 + "\n",
                                     encoding="utf-8")
    git(clone, "commit", "-q", "-am", "big")
    git(clone, "tag", "big")
    (data / "partners" / "x.yaml").write_bytes(b"id: x\n\x00\x01\x02")
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "binary")
    git(clone, "tag", "binary")
    monkeypatch.chdir(clone / "programme")
    said = _fails("validate", "--rev", "big", "--max-file-size", "45000")
    assert "programme/data/risks.yaml is" in said and "at big (" in said
    assert "above the limit of 45,000" in said
    said = _fails("diff", "v0", "binary")
    assert "programme/data/partners/x.yaml at binary (" in said and "not a YAML text file" in said


def test_symbolic_link_at_revision_is_refused(history: Path, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    clone = _own_clone(history, tmp_path, "--branch", "pr")
    (clone / "programme" / "data" / "country.yaml").unlink()
    (clone / "programme" / "data" / "country.yaml").symlink_to("/etc/passwd")
    git(clone, "commit", "-q", "-am", "link")
    monkeypatch.chdir(clone / "programme")
    assert "is a symbolic link at HEAD" in _fails("validate", "--rev", "HEAD")


def test_shallow_clone(history: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clone = _own_clone(history, tmp_path, "--depth", "2", "--branch", "pr", "--no-single-branch", "--no-tags")
    monkeypatch.chdir(clone / "programme")
    monkeypatch.setenv("GITHUB_BASE_REF", "main")  # as in a pull request's run of GitHub Actions
    assert git(clone, "rev-parse", "--is-shallow-repository") == "true"
    # the revisions present work
    compared = api.diff(None, "HEAD~1", "HEAD")
    assert compared.diff.changes == []  # the reformat
    # the base is not there: said with the fetch depth that would bring it
    said = _fails("diff")
    assert "is not available" in said and "shallow" in said and "fetch-depth: 0" in said
    said = _fails("validate", "--rev", "v0")
    assert "Unknown revision 'v0'" in said and "holds 2 commits of history" in said
    git(clone, "fetch", "-q", "--unshallow", "--tags")
    assert [c.section for c in api.diff(None).diff.changes] == \
        ["budget", "indicators", "indicators", "monitoring", "spending", "waivers", "files"]


def test_data_folder_given_as_argument(in_programme: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(in_programme)  # the repository's top: no ./data there
    result = runner.invoke(app, ["diff", "budget~1", "budget", "programme/data"])
    assert result.exit_code == 1, result.output
    assert "programme/data/budget.yaml:22  partenaires · investissement · 2019" in result.output
    result = runner.invoke(app, ["validate", "--rev", "budget", "programme"])
    assert result.exit_code == 1 and "programme/data/budget.yaml" in result.output


def test_items_changed_in_part_added_and_removed(in_programme: Path, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A risk changed in one field, a risk added, an activity removed, a figure changed in an entry
    that keeps its source: each said once, at the right level (the unchanged parts are skipped)."""
    clone = tmp_path / "wt"
    git(in_programme, "worktree", "add", "-q", "--detach", str(clone), "reformat")
    try:
        data = clone / "programme" / "data"
        risks = data / "risks.yaml"
        text = risks.read_text(encoding="utf-8")
        text = text.replace("    impact_text: Sérieux – tous les partenariats s’arrêtent\n    level: Moyen",
                            "    impact_text: Sérieux – tous les partenariats s’arrêtent\n    level: Haut", 1)
        text += ("  - id: risque-fictif\n    source: Un risque FICTIONAL\n    probability: Possible\n"
                 "    impact: Petit\n    level: Moyen\n")
        risks.write_text(text, encoding="utf-8")
        logframe = data / "logframe.yaml"
        lines = logframe.read_text(encoding="utf-8").splitlines(keepends=True)
        start = next(i for i, line in enumerate(lines) if line.strip() == "- id: A.5.63")
        end = next(i for i in range(start + 1, len(lines)) if lines[i].strip().startswith("- id: "))
        logframe.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
        monitoring = data / "monitoring" / "2019.yaml"
        monitoring.write_text(monitoring.read_text(encoding="utf-8").replace("sas: false", "sas: true"),
                              encoding="utf-8")
        monkeypatch.chdir(clone / "programme")
        changes = [c for found in api.diff(None, "reformat").diff.by_section().values() for c in found]
        said = [(c.section, c.status, c.what, where(c)) for c in changes]
        assert said == [
            ("activities", "removed", "A.5.63", f"data/logframe.yaml:{start + 1}"),
            ("risks", "changed", "programme-interrompu · level", "data/risks.yaml:25"),
            ("risks", "added", "risque-fictif", f"data/risks.yaml:{text.count(chr(10)) - 4}"),
            ("monitoring", "changed", "2019 · oued-essafa · IOV 1 · sas", "data/monitoring/2019.yaml:6"),
        ]
        assert changes[1].old == "Moyen" and changes[1].new == "Haut"
        assert changes[2].notes == ("source: 'Un risque FICTIONAL'", "level: 'Moyen'")
        assert changes[3].notes == ("source: 'Rapport d’activités 2019 (FICTIONAL)'",)
    finally:
        git(in_programme, "worktree", "remove", "--force", str(clone))


def test_diff_in_french_and_dutch(in_programme: Path) -> None:
    """Everything cic says is in the reader's language; ids, files and the data's values stay."""
    result = runner.invoke(app, ["diff", "budget~1", "budget", "--lang", "fr"])
    assert result.exit_code == 1
    said = "Modifications\u00a0: 1\u00a0; constats introduits\u00a0: 3\u00a0; constats résolus\u00a0: 0."
    assert said in result.output
    cell = ("data/budget.yaml:22  partenaires · investissement · 2019: "
            "131\u202f050,33 → 131\u202f060,33 (+10,00)")
    assert cell in result.output
    assert "Constats introduits" in result.output
    assert "CIC102 erreur\u00a0: Le total de la ligne 1. Partenaires" in result.output
    dutch = runner.invoke(app, ["diff", "waiver~1", "waiver", "--lang", "nl", "--format", "markdown"])
    assert "<details><summary>Uitzonderingen (1)</summary>" in dutch.output
    assert "Opgeloste bevindingen" in dutch.output and "nu vrijgesteld" in dutch.output
    said = _fails("diff", "nope", "--lang", "fr")
    assert "Révision inconnue « nope »" in said  # _fails joins on any space, the no-break ones too
