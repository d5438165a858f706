"""Narrative (CIC760-CIC762) and risk follow-up (CIC510-CIC514) files: checked on their lines, and
started by `cic new narrative|risk-follow-up YEAR`. Every text here is FICTIONAL."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import line_of
from typer.testing import CliRunner

from cicmaroc import api
from cicmaroc.cli.main import app

runner = CliRunner()


def _findings(data: Path, code: str) -> list[tuple[str, int, str]]:
    result = runner.invoke(app, ["validate", str(data), "--format", "json"])
    found = json.loads(result.stdout)["findings"]
    return [("/".join(f["location"]["file"].split("/")[-2:]), f["location"]["line"], f["message"])
            for f in found if f["code"] == code]


def _write(data: Path, relative: str, text: str) -> Path:
    path = data / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


NARRATIVE = """\
# FICTIONAL narrative for a test.
year: 2019
summary:
  fr: Résumé FICTIF.
results:
  R1:
    text:
      fr: Texte FICTIF.
    indicators:
      IOV 1.1:
        nl: FICTIEVE tekst.
"""


def test_a_valid_narrative_has_no_finding(data_copy: Path):
    _write(data_copy, "narrative/2019.yaml", NARRATIVE)
    assert all(not _findings(data_copy, code) for code in ("CIC760", "CIC761", "CIC762"))


def test_unknown_result_and_indicator_are_findings_on_their_lines(data_copy: Path):
    extra = ("  R2:\n    indicators:\n      IOV 1.2:\n        fr: FICTIF.\n"
             "      IOV 9.9:\n        fr: FICTIF.\n")
    path = _write(data_copy, "narrative/2019.yaml", NARRATIVE.replace("  R1:", "  R9:") + extra)
    message = "'R9' is not a result of the logframe; its narrative is not shown."
    assert _findings(data_copy, "CIC760") == [("narrative/2019.yaml", line_of(path, "R9:"), message)]
    found = _findings(data_copy, "CIC761")
    assert [(line, message.split(";")[0]) for _, line, message in found] == [
        (line_of(path, "IOV 1.2:"), "'IOV 1.2' is an indicator of R1, not of R2"),
        (line_of(path, "IOV 9.9:"), "'IOV 9.9' is not an indicator of R2"),
    ]


def test_narrative_year_outside_or_not_its_file_name(data_copy: Path):
    _write(data_copy, "narrative/2019.yaml", NARRATIVE.replace("year: 2019", "year: 2018"))
    _write(data_copy, "narrative/2030.yaml", NARRATIVE.replace("year: 2019", "year: 2030"))
    found = sorted(_findings(data_copy, "CIC762"))
    assert [(f, line) for f, line, _ in found] == [("narrative/2019.yaml", 2), ("narrative/2030.yaml", 2)]
    assert "named 2019 but says 'year: 2018'" in found[0][2] and "outside the programme" in found[1][2]


FOLLOW_UP = """\
# FICTIONAL follow-up for a test.
year: 2019
risks:
  - risk: programme-interrompu
    probability: Possible
    impact: Sérieux
    level: Moyen
    occurred: false
  - risk: conflits-politiques-internes
    probability: Possible
    impact: Petit
    level: Moyen
    occurred: true
    measures_taken: FICTIONAL mediation.
"""


def test_a_valid_follow_up_has_no_finding(data_copy: Path):
    _write(data_copy, "risk-follow-up/2019.yaml", FOLLOW_UP)
    assert all(not _findings(data_copy, c) for c in ("CIC510", "CIC511", "CIC512", "CIC513", "CIC514"))


def test_follow_up_of_an_unknown_risk_twice_or_with_a_word_outside_the_legend(data_copy: Path):
    text = FOLLOW_UP.replace("risk: conflits-politiques-internes", "risk: programme-interompu")
    text += FOLLOW_UP.split("risks:\n")[1].split("  - risk: conflits")[0].replace("Possible", "Improbable")
    path = _write(data_copy, "risk-follow-up/2019.yaml", text)
    [unknown] = _findings(data_copy, "CIC510")
    assert unknown[1] == line_of(path, "programme-interompu")
    assert "'programme-interompu' is not a risk" in unknown[2]
    [twice] = _findings(data_copy, "CIC514")
    second = [n for n, line in enumerate(text.splitlines(), 1) if line == "  - risk: programme-interrompu"][1]
    assert twice[1] == second and "followed up a second time for 2019" in twice[2]
    [word] = _findings(data_copy, "CIC511")
    assert word[1] == line_of(path, "Improbable") and "probability 'Improbable'" in word[2]


def test_follow_up_level_follows_the_matrix(data_copy: Path):
    text = FOLLOW_UP.replace("    impact: Sérieux\n    level: Moyen", "    impact: Sérieux\n    level: Bas")
    path = _write(data_copy, "risk-follow-up/2019.yaml", text)
    found = _findings(data_copy, "CIC512")
    assert [(line, message.split(":")[0]) for _, line, message in found] == [
        (line_of(path, "level: Bas"), "The follow-up of 'programme-interrompu' (Possible × Sérieux) rates it "
                                      "Bas, lower than less probable or less serious risks"),
        (line_of(path, "level: Moyen"), "The follow-up of 'conflits-politiques-internes' (Possible × Petit) "
                                        "rates it Moyen, higher than more probable or more serious risks"),
    ]


def test_follow_up_year(data_copy: Path):
    _write(data_copy, "risk-follow-up/2020.yaml", FOLLOW_UP)
    [(_, line, message)] = _findings(data_copy, "CIC513")
    assert line == 2 and "named 2020 but says 'year: 2019'" in message
    _write(data_copy, "risk-follow-up/2020.yaml", FOLLOW_UP.replace("2019", "2016"))
    [(_, _, message)] = _findings(data_copy, "CIC513")
    assert "outside the programme" in message


def test_new_narrative_and_follow_up_are_valid_and_shown_in_the_report(data_copy: Path):
    for kind in ("narrative", "risk-follow-up"):
        result = runner.invoke(app, ["new", kind, "2019", "--data", str(data_copy)])
        assert result.exit_code == 0, result.output
        again = runner.invoke(app, ["new", kind, "2019", "--data", str(data_copy)])
        assert again.exit_code == 2 and "already exists" in again.output
    narrative = (data_copy / "narrative" / "2019.yaml").read_text(encoding="utf-8")
    assert "  R7:\n" in narrative and "      IOV 7.5:\n" in narrative and "  OS1:\n" in narrative
    follow = (data_copy / "risk-follow-up" / "2019.yaml").read_text(encoding="utf-8")
    assert follow.count("  # - risk: ") == 10
    result = runner.invoke(app, ["validate", str(data_copy), "--format", "json"])
    files = {(f.get("location") or {}).get("file", "") for f in json.loads(result.stdout)["findings"]}
    assert not any("/narrative/" in f or "/risk-follow-up/" in f for f in files)
    text = api.report(data_copy, 2019, "nl")
    assert isinstance(text, str)
    assert text.count("*Over dit resultaat is voor dit jaar niets geschreven.*") == 8  # OS1 and R1-R7
    assert "Voor dit jaar is geen samenvatting geschreven." in text
    assert "niet opgevolgd" in text


def test_new_narrative_refuses_a_year_outside_the_programme(data_copy: Path):
    result = runner.invoke(app, ["new", "narrative", "2025", "--data", str(data_copy)])
    assert result.exit_code == 2 and "not a programme year" in result.output
    assert not (data_copy / "narrative").exists()


def test_narrative_cannot_break_the_report_outline_or_inject_html(data_copy: Path):
    _write(data_copy, "narrative/2019.yaml", NARRATIVE.replace(
        "fr: Résumé FICTIF.", 'fr: "# Pas un titre\\n\\n<script>alert(1)</script> **FICTIF**"'))
    md = api.report(data_copy, 2019, "fr")
    assert isinstance(md, str)
    assert "\\# Pas un titre" in md and "<script>" not in md
    page = api.report(data_copy, 2019, "fr", fmt="html")
    assert isinstance(page, str)
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; <strong>FICTIF</strong>" in page
