"""The message catalogues (cicmaroc/locale/<lang>/LC_MESSAGES/cic.po) stay complete and exact.

Every text cic may show is a message id (the English text); each id is in the French, Dutch and
English catalogues, translated, with the same placeholders; no catalogue keeps an id nothing
uses. `python -m cicmaroc.i18n.update` brings the files in line when the code changes.
"""

from __future__ import annotations

import string
from decimal import Decimal

import pytest
from babel.messages.pofile import read_po

from cicmaroc.findings import Count, Finding, Money, Severity, alternatives, phrase
from cicmaroc.i18n import LANGUAGES
from cicmaroc.i18n.catalogues import catalogue_path
from cicmaroc.i18n.msgids import every_msgid
from cicmaroc.i18n.translator import MissingTranslation, Translator

USED = every_msgid()


def _catalogue(lang: str) -> dict[object, object]:
    with catalogue_path(lang).open("rb") as handle:
        catalogue = read_po(handle, locale=lang, abort_invalid=True)
    return {m.id: m.string for m in catalogue if m.id}


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_id_in_use_is_in_the_catalogue_and_translated(lang: str):
    entries = _catalogue(lang)
    missing = [m for m in USED if m not in entries]
    assert not missing, f"{lang}: {len(missing)} ids missing, first: {missing[:3]}"
    empty = [m for m in USED if not entries[m] or (isinstance(entries[m], tuple) and not all(entries[m]))]
    assert not empty, f"{lang}: {len(empty)} ids without translation, first: {empty[:3]}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_catalogue_holds_an_unused_id(lang: str):
    unused = [m for m in _catalogue(lang) if m not in USED]
    assert not unused, f"{lang}: unused ids {unused[:3]}"


@pytest.mark.parametrize("lang", ["fr", "nl"])
def test_placeholders_match_across_languages(lang: str):
    for msgid, text in _catalogue(lang).items():
        ids = msgid if isinstance(msgid, tuple) else (msgid,)
        texts = text if isinstance(text, tuple) else (text,)
        for form in texts:
            assert _fields(form) == _fields(ids[0]), (lang, msgid, form)


def test_english_catalogue_is_the_ids_themselves():
    for msgid, text in _catalogue("en").items():
        assert text == msgid


def test_the_extraction_finds_the_kinds_of_text():
    """Declarations, phrases, marked tables and plural forms are all found."""
    assert "The file does not exist." in USED  # a declared sentence (CIC001)
    assert "the target {milestone} ({year})" in USED  # a phrase
    assert "a whole number" in USED  # a table marked with N_
    assert ("{n} error", "{n} errors") in USED  # a plural


def test_a_finding_in_french_and_dutch_formats_its_values_for_the_language():
    template = "{what} is stated as {stated}, but {parts} add up to {computed} (difference {difference})."
    finding = Finding("CIC101", Severity.ERROR, template, args={
                          "what": phrase("Total CO for {column}", column=2019),
                          "stated": Money(Decimal("417118.01")), "parts": phrase("the lines"),
                          "computed": Money(Decimal("417118.02")), "difference": Money(Decimal("-0.01"))})
    assert Translator("fr").message(finding) == (
        "Total CO pour 2019\u00a0: 417\u202f118,01\u00a0€ selon le document, mais les lignes font au total "
        "417\u202f118,02\u00a0€ (écart de -0,01\u00a0€).")
    assert Translator("nl").message(finding) == (
        "Total CO voor 2019: €\u00a0417.118,01 volgens het document, maar de lijnen komen samen op "
        "€\u00a0417.118,02 (verschil €\u00a0-0,01).")
    assert Translator("en").message(finding) == finding.message  # English: the text as written


def test_lists_counts_and_plurals_follow_the_language():
    fr, nl = Translator("fr"), Translator("nl")
    assert fr.value(alternatives(["a", "b"])) == "a, ou b"
    assert nl.value(alternatives(["a", "b"])) == "a, of b"
    assert fr.value(Count(2097152)) == "2\u202f097\u202f152"
    assert nl.value(Count(2097152)) == "2.097.152"
    assert fr.count("{n} error", "{n} errors", 0) == "0 erreur"  # French: 0 and 1 are singular
    assert fr.count("{n} error", "{n} errors", 2) == "2 erreurs"
    assert nl.count("{n} error", "{n} errors", 0) == "0 fouten"


def test_a_missing_translation_fails_under_the_tests():
    with pytest.raises(MissingTranslation):
        Translator("nl").gettext("A sentence no catalogue holds.")


def test_french_puts_a_no_break_space_before_high_punctuation():
    """French typography: ':' ';' '?' '!' follow a no-break space, never a plain one (a line must not
    break before them) and never nothing, outside `code` and the YAML a sentence quotes."""
    import re

    from cicmaroc.i18n.catalogues import translations

    code = re.compile(r"`[^`]*`|# cic: ignore\[[^\]]*\]|'[\w.{}]+: [^']*'|\{\{[^}]*\}\}|https?://\S+|': '"
                      r"|fetch-depth: 0")
    wrong = []
    for text in translations("fr").values():
        for form in (text,) if isinstance(text, str) else text:
            prose = code.sub("x", form)  # a word in its place: the punctuation after it still counts
            if re.search(r" [:;?!]|(?<=[\w\)»’'%€\]])[:;?!](?=\s|$)", prose):
                wrong.append(form)
    assert not wrong, wrong[:5]


def test_french_typography_is_consistent():
    """French prose uses the typographic apostrophe (l’activité) and guillemets with a no-break space
    inside («\u00a0texte\u00a0»); straight quotes are left to code, which goes between backticks
    (`cic validate`, `year: 2019`), where a reader copies it as it is."""
    import re

    from cicmaroc.i18n.catalogues import translations

    straight, guillemets = [], []
    for text in translations("fr").values():
        for form in (text,) if isinstance(text, str) else text:
            prose = re.sub(r"`[^`]*`", "", form)
            if "'" in prose or '"' in prose:
                straight.append(form)
            if re.search(r"«(?![\u00a0\u202f])|(?<![\u00a0\u202f])»", prose):
                guillemets.append(form)
    assert not straight, straight[:5]
    assert not guillemets, guillemets[:5]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_msgfmt_checks_the_catalogue_and_its_header(lang: str, tmp_path):
    """GNU gettext's own check (`msgfmt -c`: formats, plural forms, a header without its template's
    placeholders such as a revision date YEAR-MO-DA or a translator FULL NAME) finds nothing."""
    import shutil
    import subprocess

    from tests.conftest import external_tool_missing

    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        external_tool_missing("msgfmt is not installed (apt-get install gettext)")
    done = subprocess.run([msgfmt, "-c", "-o", str(tmp_path / "cic.mo"), str(catalogue_path(lang))],
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    header = catalogue_path(lang).read_text(encoding="utf-8").split("\n\n", 1)[0]
    for placeholder in ("VERSION", "YEAR-MO-DA", "FULL NAME", "EMAIL@ADDRESS", "LL@li.org"):
        assert placeholder not in header, placeholder
