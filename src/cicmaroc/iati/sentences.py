"""The sentences the IATI export writes itself, in French and in Dutch (never English).

Everything else in the file is the document's own text, transcribed. These are the few
sentences cic adds: the comments that say which year an actual is for, who reported, and what
agreed reading a figure was computed with. Each is a template with named placeholders, one per
language of the published narratives.
"""

from __future__ import annotations

from collections.abc import Mapping

#: The languages of the narratives cic writes, in the order they are written.
LANGUAGES: tuple[str, ...] = ("fr", "nl")

_WORDS: Mapping[str, Mapping[str, str]] = {
    "complete": {
        "fr": "Valeur au 31/12/{year} ({received} sur {expected}).",
        "nl": "Waarde op 31/12/{year} ({received} van {expected} ontvangen).",
    },
    "silent": {
        "fr": "Sans rapport, qui ne changerait pas la valeur\u00a0: {missing}.",
        "nl": "Geen rapport, dat de waarde niet zou veranderen: {missing}.",
    },
    "unproven": {
        "fr": "Réalisé {start}-{end}\u00a0: aucune valeur publiée, des rapports manquent au "
              "31/12/{year}\u00a0; la valeur est {bound}. Ont rapporté\u00a0: {reporters} "
              "({count} sur {expected}). Sans rapport\u00a0: {missing}.",
        "nl": "Gerealiseerd {start}-{end}: geen waarde gepubliceerd, er ontbreken rapporten op "
              "31/12/{year}; de waarde ligt {bound}. Rapporteerden: {reporters} ({count} van "
              "{expected}). Geen rapport: {missing}.",
    },
    "at-least": {"fr": "d’au moins {low}", "nl": "op minstens {low}"},
    "between": {"fr": "entre {low} et {high}", "nl": "tussen {low} en {high}"},
    "none": {"fr": "aucun", "nl": "geen"},
    "reading": {
        "fr": "Lecture convenue\u00a0: imprimé {printed}, lu {read_as} ({decided_by}, {decided_on}\u00a0: "
              "{reason}).",
        "nl": "Afgesproken lezing: gedrukt {printed}, gelezen als {read_as} ({decided_by}, {decided_on}: "
              "{reason}).",
    },
    "measure": {"fr": "Mesure\u00a0: {unit}.", "nl": "Meting: {unit}."},
    "sources": {"fr": "Sources de vérification\u00a0: {sources}.", "nl": "Verificatiebronnen: {sources}."},
    "spending": {
        "fr": "Dépenses {year} de {spender}, selon le suivi {year}.",
        "nl": "Uitgaven {year} van {spender}, volgens de monitoring {year}.",
    },
    "programme": {"fr": "le programme", "nl": "het programma"},
    "fictional": {
        "fr": "FICTIF\u00a0: ce fichier décrit le programme de démonstration\u00a0; ses identifiants et ses "
              "chiffres de suivi sont inventés.",
        "nl": "FICTIEF: dit bestand beschrijft het demonstratieprogramma; de identificatoren en "
              "monitoringcijfers zijn verzonnen.",
    },
}

#: Counted words, (singular, plural) per language: French uses the singular for 0 and 1, Dutch for 1.
_COUNTED: Mapping[str, Mapping[str, tuple[str, str]]] = {
    "reports-received": {"fr": ("{n} rapport reçu", "{n} rapports reçus"),
                         "nl": ("{n}", "{n}")},  # "11 van 12 verwachte rapporten"
    "reports-expected": {"fr": ("{n} attendu", "{n} attendus"),
                         "nl": ("{n} verwacht rapport", "{n} verwachte rapporten")},
}


def sentence(key: str, lang: str, **values: object) -> str:
    """The sentence `key` in `lang`, its placeholders filled."""
    return _WORDS[key][lang].format(**values)


def counted(key: str, lang: str, n: int) -> str:
    """`n` and its word in `lang`, singular or plural: "1 rapport reçu", "11 rapports reçus"."""
    singular, plural = _COUNTED[key][lang]
    one = n <= 1 if lang == "fr" else n == 1
    return (singular if one else plural).format(n=n)
