"""`cic remind`: a reminder drafted for each reporter who is late or incomplete, never sent.

Each draft is a standard e-mail file (`.eml`: RFC 5322, MIME), written with Python's `email`
package: From the officer (`mail-from`), To the addresses of the reporter's partner file, in the
reporter's language (its `lang`, else the programme's), saying what is still missing (values,
sources, spending lines) and by when, with the reporter's form attached, filled with what was
received (`forms.making`). `X-Unsent: 1` makes mail clients (Outlook, Thunderbird's "Edit as
new") open it as a message to send: the officer reads it, changes what they like and sends it
from their own client. cic itself never sends anything; there is no SMTP anywhere in it.

Who gets one is `cic status`'s answer as of the day asked (`analysis.collection`): late (the due
date has passed) or partial (something came in, not all). Complete reporters get none, and a
reporter not yet late who sent nothing gets none either (they are not late). A reporter with no
valid address gets a draft with no recipient, and is named in the outcome.
"""

from __future__ import annotations

import datetime as dt
import re
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr
from pathlib import Path
from typing import Any, NamedTuple

from cicmaroc.analysis.collection import collection_status, due_dates
from cicmaroc.analysis.reporters import Reporter, reporters
from cicmaroc.derive.actuals import Actuals
from cicmaroc.files.discovery import display_path
from cicmaroc.files.writing import make_folder, write_all
from cicmaroc.findings import SEMICOLON
from cicmaroc.forms.form import file_name
from cicmaroc.forms.making import forms_of, language_of, workbook_bytes
from cicmaroc.i18n import N_
from cicmaroc.i18n.translator import translator
from cicmaroc.loading.programme import Programme
from cicmaroc.models.common import text_in
from cicmaroc.models.partners import EMAIL_PATTERN

#: The reporters who get a reminder.
REMINDED = ("late", "partial")
XLSX = ("application", "vnd.openxmlformats-officedocument.spreadsheetml.sheet")


class Draft(NamedTuple):
    """One reminder: who it is for, its state, its language, its recipients and the message."""

    reporter: str
    state: str
    lang: str
    to: tuple[str, ...]
    message: EmailMessage

    def file_name(self, year: int) -> str:
        return f"{year}-{self.reporter}.eml"


class Reminders(NamedTuple):
    """What `cic remind` wrote: the drafts (as shown), and the reporters reminded without address."""

    written: list[str]
    drafts: list[Draft]
    no_address: list[str]


def drafts(programme: Programme, actuals: Actuals, year: int, as_of: dt.date, sender: str,
           now: dt.datetime | None = None) -> list[Draft]:
    """The reminders of `year` as of `as_of`, from `sender`, dated `now` (default: now)."""
    status = collection_status(programme, actuals, year, as_of)
    wanted = {row["reporter"]: row for row in status["reporters"] if row["state"] in REMINDED}
    if not wanted:
        return []
    who = {r.id: r for r in reporters(programme)}
    forms = {form.reporter.id: form for form in forms_of(programme, year, sorted(wanted))}
    year_due, own_due = due_dates(programme, year)
    made = []
    wordings: dict[str, dict[str, Any]] = {}
    for reporter_id, row in wanted.items():
        reporter = who[reporter_id]
        lang = language_of(programme, reporter)
        due = own_due.get(reporter_id, year_due)
        to = tuple(address for address in reporter.emails if re.match(EMAIL_PATTERN, address))
        message = _message(reporter, row, year, due, lang, _labels(programme, lang), sender, to, now)
        attachment = workbook_bytes(programme, actuals, forms[reporter_id], lang, due, wordings)
        message.add_attachment(attachment, maintype=XLSX[0], subtype=XLSX[1],
                               filename=file_name(reporter, year))
        message["Content-Language"] = lang  # the text's went with it into its part; the message's too
        made.append(Draft(reporter_id, row["state"], lang, to, message))
    return made


def write_drafts(made: list[Draft], year: int, out: Path) -> list[str]:
    """Write each draft as `<year>-<reporter>.eml` into `out`; the files as shown (none half-written)."""
    files = [(out / draft.file_name(year), draft.message.as_bytes(policy=SMTP)) for draft in made]
    if files:
        make_folder(out)
        write_all(files)
    return [display_path(path) for path, _ in files]


def _message(reporter: Reporter, row: dict[str, Any], year: int, due: dt.date | None, lang: str,
             labels: dict[str, str], sender: str, to: tuple[str, ...],
             now: dt.datetime | None) -> EmailMessage:
    tr = translator(lang)
    when = tr.formatter.date(due) if due else None
    values = {"year": year, "name": reporter.name, "due": when}
    message = EmailMessage(policy=SMTP)
    message["From"] = sender
    if to:
        message["To"] = ", ".join(to)
    message["Subject"] = tr.render(N_("Monitoring {year}: what we still need from {name}"), values)
    message["Date"] = format_datetime((now or dt.datetime.now(dt.UTC)).astimezone())
    message["Message-ID"] = make_msgid(domain=_domain(sender))
    message["Content-Language"] = lang
    message["X-Unsent"] = "1"  # mail clients open it as a message to send, not as one received
    paragraphs = [tr(N_("Hello,"))]
    if row["state"] == "late" and row.get("received_on") is None:
        said = N_("Your reply with the monitoring of {year} was due on {due}, and we have not received it "
                  "yet.")
    elif row["state"] == "late":
        said = N_("Your reply with the monitoring of {year} was due on {due}, and we have not received all "
                  "of it yet.")
    elif when:
        said = N_("Thank you for the monitoring of {year} you have sent. A part of it is still missing; it "
                  "is due on {due}.")
    else:
        said = N_("Thank you for the monitoring of {year} you have sent. A part of it is still missing.")
    paragraphs.append(tr.render(said, values))
    missing = _missing(row["missing"], labels, tr)
    paragraphs.append(tr(N_("What is still missing:")) + "\n" + "\n".join(f"- {line}" for line in missing))
    paragraphs.append(tr(N_("The form attached holds what we have received. Please fill in the yellow cells "
                            "that are still empty and send it back with the files that prove the figures "
                            "(council minutes, attendance lists, invoices), naming them in the form.")))
    if row["state"] == "late" or not when:
        paragraphs.append(tr(N_("Please send it back as soon as possible.")))
    else:
        paragraphs.append(tr.render(N_("Please send it back by {due}."), values))
    paragraphs.append(tr(N_("Kind regards,")) + "\n" + (parseaddr(sender)[0] or parseaddr(sender)[1]))
    message.set_content("\n\n".join(paragraphs) + "\n")
    return message


def _labels(programme: Programme, lang: str) -> dict[str, str]:
    """What the reminder names in words, in the reporter's language as the form does
    (`models.common.text_in`): each measure ("IOV 3 women") with its unit, "IOV 3 women (% de
    femmes)", as the form's measure and unit columns show it; each budget line by its label."""
    primary = programme.text_language
    labels: dict[str, str] = {}
    if programme.logframe is not None:
        for indicator in programme.logframe.model.indicators():
            for measure in indicator.measures:
                unit = text_in(measure, "unit", primary, lang)
                labels[f"{indicator.id} {measure.id}"] = f"{indicator.id} {measure.id} ({unit})"
    if programme.budget is not None:
        for block in programme.budget.model.lines:
            if block.id:
                labels[block.id] = text_in(block, "label", primary, lang) if block.label else block.id
    return labels


def _missing(missing: dict[str, list[str]], labels: dict[str, str], tr: Any) -> list[str]:
    """What is missing, one line a kind, in the reporter's language."""
    lines = []
    if missing["measures"]:
        items = tr.gettext(SEMICOLON).join(labels.get(m, m) for m in missing["measures"])  # units hold commas
        lines.append(tr.render(N_("values: {items}"), {"items": items}))
    if missing["sources"]:
        lines.append(tr.render(N_("the source of verification of: {items}"),
                               {"items": ", ".join(missing["sources"])}))
    for key, said in (("spending_lines", N_("the spending on: {items}")),
                      ("spending_sources", N_("the source of the spending on: {items}"))):
        if missing[key]:
            items = ", ".join(labels.get(line, line) for line in missing[key])
            lines.append(tr.render(said, {"items": items}))
    return lines


def _domain(sender: str) -> str:
    """The sender's domain, for the Message-ID (the draft's own, never the machine's name)."""
    address = parseaddr(sender)[1]
    try:
        return Address(addr_spec=address).domain or "localhost"
    except (ValueError, IndexError):
        return "localhost"
