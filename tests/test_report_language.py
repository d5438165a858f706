"""A Dutch report holds no French or English words that cic owns; the document's French is marked.

Reads the report of the example programme (examples/demo: its monitoring is FICTIONAL). What the
data says (names, sources of verification, the notes of monitoring files, quoted values) is the
data's; everything else is cic's and must be in the report's language.
"""

from __future__ import annotations

import re

import pytest
from tests.conftest import REPO
from typer.testing import CliRunner

from cicmaroc.cli.main import app

EXAMPLE = REPO / "examples" / "demo" / "data"
ENGLISH = re.compile(r"\b(the|and|with|for|from|which|this|that|missing|stated|row|line|planned|spent|"
                     r"waived|error|warning|target|baseline|achieved)\b", re.IGNORECASE)
FRENCH = re.compile(r"\b(les|des|du|est|pour|dans|avec|sur|une|aux|ligne|prévu|dépensé|erreur|"
                    r"avertissement|Partenaires|Siège|Bureau local|Programme commun|cible)\b", re.IGNORECASE)
ORIGINAL = "\\[fr\\]"  # the mark of a text printed in French only, Markdown-escaped
#: A passage marked as French for a screen reader: the data's words, in the data's language.
PASSAGE = re.compile(r'<span lang="fr">.*?</span>')


@pytest.fixture(scope="module")
def dutch() -> str:
    result = CliRunner().invoke(app, ["report", "--year", "2019", "--lang", "nl", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    return result.stdout


def cic_owned(report: str) -> str:
    """The report without what the data says: text marked [fr], names and sources in the annex,
    the agreed readings' entries, monitoring files' notes, quoted values, and the budget lines a
    finding quotes as printed."""
    kept = []
    annex = readings = written_in_french = in_french_block = False
    for line in report.splitlines():
        if line == '<div lang="fr">' or (in_french_block and line == "</div>"):
            in_french_block = line != "</div>"  # the officers' French text, marked as such
            continue
        if in_french_block:
            continue
        line = PASSAGE.sub("", line)
        annex = annex or line.startswith("## Bijlage")
        readings = readings or line.startswith("## Overeengekomen lezingen")
        readings = readings and not line.startswith("## Bij")
        if readings and line.startswith("|") and not line.startswith("| ---") and "| Noot |" not in line:
            continue  # an agreed reading: the figure's place in the data, who decided, their reason
        if line.startswith(("- data/monitoring/", "### ", "[^r")):
            continue  # a file's note; a heading naming a result (marked if French); a reading's reason
        if line == "*(enkel in het Frans geschreven)*":
            written_in_french = True  # the next paragraph is the officers' French text, said so
            continue
        if written_in_french:
            written_in_french = not line
            continue
        if "FICTIEVE" in line or "FICTIONAL" in line:
            continue  # the officers' (fictional) narrative or follow-up: the data's words
        cells = line.split("|") if line.startswith("|") else [line]
        if annex and line.startswith("|") and not line.startswith("| ---"):
            cells = cells[:2] if "Verificatiebron" not in line else cells  # a reporter's name and source
        kept.append("|".join(c for c in cells if ORIGINAL not in c))
    text = "\n".join(kept)
    text = re.sub(r"'[^']*'", "''", text)  # values quoted from the data
    return re.sub(r"(Lijn|lijn) \d\. [^,:]+|In [^,]*(Total CO|AVCB|UVCW)[^,]*,", "", text)


def test_the_dutch_report_holds_no_french_or_english_word_of_cic(dutch: str):
    owned = cic_owned(dutch)
    assert "Jaarverslag" in owned and "Budgetpost" in owned and "Uitvoeringsgraad" in owned
    assert not ENGLISH.findall(owned), sorted(set(ENGLISH.findall(owned)))
    assert not FRENCH.findall(owned), sorted(set(FRENCH.findall(owned)))


def test_the_budget_lines_are_named_in_dutch(dutch: str):
    for label in ("**1. Partners**", "**3. Lokaal kantoor**", "**4. Hoofdzetel**",
                  "**Gemeenschappelijk programma - AVCB**", "**Totaal AVCB**"):
        assert label in dutch, label
    assert "1. Partenaires" not in dutch.split("## Openstaande")[0]


def test_the_documents_french_is_marked_and_said_once(dutch: str):
    assert dutch.count("Teksten met \\[fr\\]") == 1
    assert '<span lang="fr">communes disposant d’un SAS</span> \\[fr\\]' in dutch
    assert "| Programma | 1 |" in dutch  # the programme reports as itself, in Dutch


def test_a_dutch_text_in_the_data_replaces_the_mark(tmp_path):
    import shutil

    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    path = data / "logframe.yaml"
    text = path.read_text(encoding="utf-8")
    old = "        - id: sas\n          unit: communes disposant d’un SAS\n"
    assert old in text
    new = old + "          unit_nl: gemeenten met een DSA (fictieve vertaling)\n"
    path.write_text(text.replace(old, new), encoding="utf-8")
    out = CliRunner().invoke(app, ["report", "--year", "2019", "--lang", "nl", str(data)]).stdout
    assert "gemeenten met een DSA (fictieve vertaling)" in out
    assert "communes disposant d’un SAS \\[fr\\]" not in out


def test_french_report_shows_the_document_as_printed():
    out = CliRunner().invoke(app, ["report", "--year", "2019", "--lang", "fr", str(EXAMPLE)]).stdout
    assert "\\[fr\\]" not in out and "**1. Partenaires**" in out and "**4. Siège**" in out
