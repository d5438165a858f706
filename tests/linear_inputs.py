"""Inputs that grow by a factor, for checking that a document grows in time and work by no more.

Shared by tests/test_linear_documents.py (exact counts) and bench/run.py (its linearity section:
times against a named baseline in the same session). Every value is FICTIONAL.
"""

from __future__ import annotations

import re


def table_report(rows: int, columns: int = 10) -> str:
    """A report-like Markdown text around one table of `rows` x `columns` cells."""
    head = "| " + " | ".join(f"colonne {c}" for c in range(columns)) + " |\n"
    rule = "| " + " | ".join("---:" for _ in range(columns)) + " |\n"
    body = "".join("| " + " | ".join(f"**{r}**.{c} FICTIF" for c in range(columns)) + " |\n"
                   for r in range(rows))
    return f"# Rapport FICTIF\n\n## Section\n\nTexte.\n\n{head}{rule}{body}\nFin.\n"


def iati_copies(xml: bytes, copies: int, *, one_line: bool) -> bytes:
    """An activity file holding its activity `copies` times (each its own identifier), with every
    French narrative's language code mistyped (a CIC802 finding each, for the positions to place);
    written as one line (as many published files are) when `one_line`."""
    text = xml.decode("utf-8")
    start, end = text.index("<iati-activity "), text.rindex("</iati-activity>") + len("</iati-activity>")
    activities = [text[start:end].replace("</iati-identifier>", f"-{n}</iati-identifier>", 1)
                  for n in range(copies)]
    made = (text[:start] + "\n".join(activities) + text[end:]).replace('xml:lang="fr"', 'xml:lang="xx"')
    if one_line:
        made = re.sub(r">\s+<", "><", made).replace("\n", " ")
    return made.encode("utf-8")
