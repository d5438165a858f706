"""The sentences of the commands beyond `cic validate` in the reader's language: the heads, states
and summary of `cic status`, the progress and confirmations of `cic forms`, `cic import`,
`cic fmt`, `cic schema`, `cic new` and `cic iati --check`.

The demo data is FICTIONAL; it is copied before any command writes.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from tests.conftest import DATA
from typer.testing import CliRunner

from cicmaroc.cli.main import app

REPO = Path(__file__).resolve().parents[1]
DEMO = REPO / "examples" / "demo" / "data"
ENGLISH_HEADS = ("Partnership", "Reporter", "Values received", "Spending lines received", "Missing", "State")
runner = CliRunner()


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


@pytest.fixture()
def demo(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    return data


@pytest.mark.parametrize(("lang", "heads", "summary"), [
    ("nl", ("Partnerschap", "Rapporteur", "Ontvangen waarden", "Ontbreekt", "Stand"),
     "volledige rapporteurs: 22 van 24"),
    ("fr", ("Partenariat", "Rapporteur", "Valeurs reçues", "Manquant", "État"),
     "rapporteurs complets\u00a0: 22 sur 24"),
])
def test_status_speaks_the_language_asked(lang: str, heads: tuple[str, ...], summary: str):
    result = run("status", "--year", "2019", "--lang", lang, str(DEMO))
    assert result.exit_code == 1, result.output  # Gourrama and La Hulpe are late in the demo's 2019
    for head in heads:
        assert head in result.stdout
    for english in ("Values received", "Spending lines received", "reporters complete", "late:",
                    "Missing", "State", "spending on"):
        assert english not in result.stdout
    assert summary in result.stdout


def test_status_in_english_and_by_the_locale_and_cic_toml(demo: Path):
    english = run("status", "--year", "2019", "--lang", "en", str(demo)).stdout
    assert all(head in english for head in ENGLISH_HEADS)
    assert "2019: reporters complete: 22 of 24" in english
    assert "Late (due date passed as of" in english and "): gourrama, la-hulpe." in english
    by_locale = run("status", "--year", "2019", str(demo), env={"LANG": "nl_BE.UTF-8", "LC_ALL": "",
                                                                  "LC_MESSAGES": ""}).stdout
    assert "Ontvangen waarden" in by_locale and "Values received" not in by_locale
    (demo.parent / "cic.toml").write_text('lang = "fr"\n', encoding="utf-8")
    by_setting = run("status", "--year", "2019", str(demo)).stdout
    assert "Valeurs reçues" in by_setting and "Values received" not in by_setting


def test_status_json_keeps_its_keys_whatever_the_language():
    import json

    doc = json.loads(run("status", "--year", "2019", "--format", "json", "--lang", "nl", str(DEMO)).stdout)
    assert set(doc["summary"]) == {"expected", "received", "reporters", "complete", "incomplete", "late",
                                   "missing", "states"}
    assert set(doc["summary"]["states"]) == {"complete", "partial", "missing", "late"}
    # the demo's 2019 replies were due on 2020-03-31 (data/due-dates.yaml): as of today, two are late
    assert {row["state"] for row in doc["reporters"]} == {"complete", "late"}
    assert doc["summary"]["states"]["late"] == ["gourrama", "la-hulpe"]


def test_forms_and_import_confirm_in_the_language_asked(demo: Path, tmp_path: Path):
    from openpyxl import load_workbook

    made = run("forms", "--year", "2021", str(demo), "-o", str(tmp_path / "f"), "-r", "ait-baha",
               "--lang", "nl")
    assert made.exit_code == 0, made.output
    assert "Formulieren geschreven voor 2021: 1." in made.output and "Wrote" not in made.output
    form = tmp_path / "f" / "2021-ait-baha.xlsx"
    assert load_workbook(form).sheetnames[0] != "Indicateurs"  # a Dutch form for a Dutch run
    french = run("forms", "--year", "2021", str(demo), "-o", str(tmp_path / "g"), "-r", "ait-baha")
    assert load_workbook(tmp_path / "g" / "2021-ait-baha.xlsx").sheetnames[0] == "Indicateurs"
    assert "Forms written for 2021: 1." in french.output  # French forms by default; cic speaks English
    dry = run("import", "--data", str(demo), "--dry-run", "--lang", "fr", str(form))
    assert "Essai à blanc\u00a0: entrées qui seraient importées" in dry.output and "Dry run" not in dry.output
    absent = run("import", "--data", str(demo), "--lang", "nl", str(tmp_path / "absent.xlsx"))
    assert absent.exit_code == 2 and "Bestand niet gevonden" in absent.output
    assert "No such file" not in absent.output
    bad_year = run("forms", "--year", "2030", str(demo), "--lang", "fr")
    assert bad_year.exit_code == 2 and "2030 n’est pas une année du programme" in bad_year.output


def test_fmt_summarises_in_the_language_asked(tmp_path: Path):
    demo = tmp_path / "data"
    shutil.copytree(DATA, demo)  # the real data is in the canonical layout
    checked = run("fmt", "--check", "--lang", "nl", str(demo))
    assert checked.exit_code == 0, checked.output
    assert "Gecontroleerde bestanden:" in checked.output and "checked" not in checked.output
    (demo / "logframe.yaml").write_text(
        (demo / "logframe.yaml").read_text(encoding="utf-8") + "\n\n\n", encoding="utf-8")
    french = re.sub("[ \n]+", " ", run("fmt", "--check", "--lang", "fr", str(demo)).output)  # keeps NBSP
    assert "serait remis en forme\u00a0:" in french
    assert "Fichiers qui seraient remis en forme\u00a0: 1 sur" in french
    assert "would" not in french and "run `cic fmt`" not in french


def test_schema_new_and_iati_check_speak_the_language_asked(demo: Path):
    schemas = run("schema", "--check", "-o", str(REPO / "schemas"), "--lang", "nl")
    assert schemas.exit_code == 0 and "De schema's in" in schemas.output
    assert "up to date" not in schemas.output
    made = run("new", "narrative", "2020", "--data", str(demo), "--lang", "fr")  # the demo has 2019, 2021
    assert made.exit_code == 0, made.output
    assert "créé\u00a0: rédigez les textes" in made.output and "created" not in made.output
    made = run("new", "risk-follow-up", "2021", "--data", str(demo), "--lang", "nl")
    said = " ".join(made.output.split())
    assert "aangemaakt: haal het commentaarteken weg bij elk opgevolgd risico" in said
    checked = run("iati", "--check", str(REPO / "tests" / "iati" / "activity-fictional.xml"), "--lang", "nl")
    text = " ".join(checked.output.split())
    assert "gecontroleerd volgens IATI 2.03" in text and "activiteiten in het bestand: 1." in text
    assert "Checked" not in text
    folder = run("iati", "--check", str(demo), "--lang", "fr")
    assert folder.exit_code == 2 and "est un dossier\u00a0; --check attend" in folder.output


def test_dutch_findings_name_the_ratings_and_rows_in_dutch():
    """The risk table's ratings and the T3 table's rows are named by cic, so in the reader's
    language; the file keeps its keys (probability, level; personnel, total)."""
    import json

    doc = json.loads(run("validate", "-f", "json", "--lang", "nl", str(DATA)).stdout)
    said = {f["code"]: [] for f in doc["findings"]}
    for f in doc["findings"]:
        said[f["code"]].append(f["message"])
    assert any("heeft als niveau 'Bas'" in m for m in said["CIC501"])
    assert not any(" level " in m for m in said["CIC501"])
    rows = " ".join(said["CIC106"])
    # the natures are named as the budget's labels give them (label_nl in Dutch), never the French id
    assert "de rij Personeel" in rows and "de rij totaal" in rows and "rij personnel" not in rows
    english = json.loads(run("validate", "-f", "json", "--lang", "en", str(DATA)).stdout)
    assert any("the Personnel row's grand total" in f["message"] for f in english["findings"])
