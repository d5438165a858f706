"""What cic says, in the reader's language: --lang, cic.toml, the locale, and messages an officer
can act on (the nearest id suggested, an empty field said as such).

Monitoring written here is FICTIONAL test input, on copies of the real data/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.conftest import replace_in
from typer.testing import CliRunner

from cicmaroc.cli.main import app
from cicmaroc.i18n.choice import choose, from_environment

runner = CliRunner()

MONITORING = """\
# FICTIONAL test figures
year: 2019
reports:
  belfa:
    IOV 1: {sas: true, source: Délibération du conseil}
  ait-baha:
    IOV1.1: {pac: true, source: PAC approuvé}
"""


def run(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), env=env)


@pytest.fixture
def mistyped(data_copy: Path) -> Path:
    (data_copy / "monitoring").mkdir(exist_ok=True)
    (data_copy / "monitoring" / "2019.yaml").write_text(MONITORING, encoding="utf-8")
    return data_copy


def _finding(doc: dict, code: str) -> dict:
    return next(f for f in doc["findings"] if f["code"] == code)


def test_an_unknown_id_suggests_the_nearest(mistyped: Path):
    doc = json.loads(run("validate", "-f", "json", str(mistyped)).stdout)
    reporter, indicator = _finding(doc, "CIC701"), _finding(doc, "CIC702")
    assert reporter["hint"].startswith("Did you mean 'belfaa'?")
    assert "Known communes" not in reporter["hint"]  # not the whole list when one is meant
    assert indicator["hint"].startswith("Did you mean 'IOV 1.1'?")
    assert "e.g." not in indicator["hint"]


def test_an_empty_field_is_said_empty_not_none(data_copy: Path):
    replace_in(data_copy / "country.yaml", "country: Maroc", "country:")
    out = run("validate", "-f", "json", str(data_copy)).stdout
    found = _finding(json.loads(out), "CIC012")
    assert found["message"] == "'country' is left empty, but it should be text."
    assert "None" not in out


@pytest.mark.parametrize(("lang", "words"), [
    ("nl", ["is geen lokale gemeente", "Bedoelde u 'belfaa'?", "fouten", "Geladen:"]),
    ("fr", ["n’est ni une commune locale", "Vouliez-vous dire «\u00a0belfaa\u00a0»\u00a0?", "erreurs",
            "Chargé\u00a0:"]),
])
def test_validate_speaks_the_language_asked(mistyped: Path, lang: str, words: list[str]):
    result = run("validate", "--lang", lang, str(mistyped))
    assert result.exit_code == 1
    for word in words:
        assert word in result.stdout, word
    for english in ("is not a local commune", "Did you mean", "error", "Loaded", "see also"):
        assert english not in result.stdout, english


@pytest.mark.parametrize("fmt", ["json", "sarif", "github"])
def test_machine_formats_keep_codes_and_translate_sentences(mistyped: Path, fmt: str):
    english = run("validate", "-f", fmt, str(mistyped)).stdout
    dutch = run("validate", "-f", fmt, "--lang", "nl", str(mistyped)).stdout
    assert sorted(re.findall(r"CIC\d{3}", english)) == sorted(re.findall(r"CIC\d{3}", dutch))
    assert "is not a local commune" in english and "is geen lokale gemeente" in dutch
    if fmt == "json":
        keys = [sorted(f) for f in json.loads(dutch)["findings"]]
        assert keys == [sorted(f) for f in json.loads(english)["findings"]]
        assert {f["severity"] for f in json.loads(dutch)["findings"]} <= {"error", "warning", "info"}


def test_lang_setting_in_cic_toml_and_the_option_wins(mistyped: Path):
    (mistyped.parent / "cic.toml").write_text('lang = "fr"\n', encoding="utf-8")
    assert "Vouliez-vous dire" in run("validate", str(mistyped)).stdout
    assert "Bedoelde u" in run("validate", "--lang", "nl", str(mistyped)).stdout


def test_a_bad_lang_setting_is_a_usage_error(data_copy: Path):
    (data_copy.parent / "cic.toml").write_text('lang = "de"\n', encoding="utf-8")
    result = run("validate", str(data_copy))
    assert result.exit_code == 2 and "'lang' must be one of fr, nl, en" in result.output


def test_the_locale_is_the_fallback(mistyped: Path):
    result = run("validate", str(mistyped), env={"LANG": "nl_BE.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""})
    assert "Bedoelde u" in result.stdout
    assert from_environment({"LC_ALL": "fr_BE.UTF-8", "LANG": "nl_BE.UTF-8"}) == "fr"
    # the first variable set decides, even for a language cic does not speak
    assert from_environment({"LC_MESSAGES": "de_DE.UTF-8", "LANG": "nl_BE.UTF-8"}) is None
    assert from_environment({"LANG": "C.UTF-8"}) is None
    assert choose(None, None, "en", {"LANG": "C"}) == "en"
    assert choose(None, "nl", "en", {"LANG": "fr_BE"}) == "nl"


def test_rules_explains_once_each_in_the_language():
    result = run("rules", "CIC201", "--lang", "nl")
    assert result.exit_code == 0
    text = result.stdout
    assert text.count("partners-budget") == 1  # the name once, not repeated as the family
    for heading in ("Waarom:", "Voorbeeld:", "Hoe een uitzondering maken:"):
        assert text.count(heading) == 1, heading
    listing = run("rules", "--lang", "fr").stdout
    assert "CIC201  erreur" in listing


def test_progress_speaks_the_language_and_the_reports_words(mistyped: Path):
    result = run("progress", "--year", "2019", "--lang", "fr", str(mistyped))
    assert result.exit_code == 0, result.output
    assert "non imprimée" in result.stdout and "Indicateurs en 2019" in result.stdout
    english = run("progress", "--year", "2019", str(mistyped)).stdout
    assert "not printed" in english and " none " not in english


def test_untranslated_texts_are_listed_only_when_asked(data_copy: Path):
    assert "CIC306" not in run("validate", "-f", "json", str(data_copy)).stdout
    doc = json.loads(run("validate", "-f", "json", "--select", "CIC306", str(data_copy)).stdout)
    found = [f for f in doc["findings"] if f["code"] == "CIC306"]
    assert {f["severity"] for f in found} == {"info"}
    first = found[0]
    assert first["location"]["file"].endswith("logframe.yaml") and first["location"]["line"] > 0
    assert "text_nl" in first["hint"]
    translated = "  - id: R1\n    text_nl: Resultaat 1 (fictieve vertaling)\n"
    replace_in(data_copy / "logframe.yaml", "  - id: R1\n", translated)
    again = json.loads(run("validate", "-f", "json", "--select", "CIC306", str(data_copy)).stdout)
    assert len([f for f in again["findings"] if f["code"] == "CIC306"]) == len(found) - 1


def test_usage_errors_speak_the_language(data_copy: Path, tmp_path: Path):
    result = run("report", "--year", "2030", "--lang", "nl", str(data_copy))
    assert result.exit_code == 2
    assert "2030 is geen jaar van het programma; geef een jaar van 2017 tot 2021" in result.output
    missing = run("validate", "--lang", "fr", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "n’est pas un dossier" in missing.output
    english = run("validate", str(tmp_path / "nowhere"))
    assert "is not a folder" in english.output
