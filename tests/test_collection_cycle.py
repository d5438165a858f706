"""The collection cycle end to end: forms with a due date, replies imported (some partial, one with an
evidence file), the status as of a day after the due date, reminders drafted for the late and the
incomplete (parsed back as e-mails, their forms imported), and the auditor's bundle.

The example programme (examples/demo/data, a copy in a temporary folder) is the plan; its 2021
monitoring is removed from the copy, so the whole cycle is this test's. Every figure, date, address and file
typed here is FICTIONAL.
"""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.policy
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.conftest import REPO, line_of

from cicmaroc import api
from cicmaroc.analysis.reporters import reporters
from cicmaroc.forms.form import form_for

DEMO = REPO / "examples" / "demo" / "data"
YEAR, DUE = 2021, dt.date(2022, 3, 31)
BEFORE, AFTER = dt.date(2022, 3, 25), dt.date(2022, 4, 15)
SENDER = "Suivi CIC FICTIF <suivi@example.org>"
PV = b"%PDF-1.4 FICTIONAL minutes of Ait Baha's council, 2021\n"


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(DEMO, target)
    (target / "monitoring" / "2021.yaml").unlink()  # the demo holds a FICTIONAL 2021: collected here anew
    return target


def fill(data: Path, form: Path, reply: Path, reporter: str, *, partial: bool = False,
         evidence: str | None = None) -> Path:
    """The reporter's form filled as a commune would (FICTIONAL figures): every measure, or with
    `partial` the first indicator only; each indicator's source, and `evidence` named beside the
    first one."""
    programme = api.validate(data).programme
    who = next(r for r in reporters(programme) if r.id == reporter)
    layout = form_for(programme, who, YEAR)
    book = load_workbook(form)
    first = layout.figures[0].indicator.id if layout.figures else None
    for row in layout.figures:
        if partial and row.indicator.id != first:
            continue
        sheet = book.worksheets[0]
        if row.measure.rollup == "ratio":
            sheet[row.value_cell()], sheet[row.of_cell()] = 3, 10
        elif row.measure.rollup in ("count", "latest"):
            sheet[row.value_cell()] = _yes(sheet)
        else:
            sheet[row.value_cell()] = 1
        if row.first:
            sheet[row.source_cell()] = f"Source {reporter} {row.indicator.id} (FICTIF)"
            if evidence and row.indicator.id == first:
                sheet[row.evidence_cell()] = evidence
    for spent in layout.spending:
        sheet = book.worksheets[0]
        sheet[spent.amount_cell()] = 1000.25
        if spent.first:
            sheet[spent.source_cell()] = f"Comptes {reporter} (FICTIF)"
    book.save(reply)
    return reply


def _yes(sheet) -> str:  # type: ignore[no-untyped-def]
    """The form's own word for yes (oui, ja), from its yes/no list."""
    for validation in sheet.data_validations.dataValidation:
        if validation.type == "list":
            return str(validation.formula1).strip('"').split(",")[0]
    raise AssertionError("no yes/no list in the form")


def test_the_cycle_from_forms_to_the_auditors_bundle(data: Path, tmp_path: Path):
    # 1. the forms, with their due date recorded and printed, each in its reporter's language
    out = tmp_path / "forms"
    written = api.forms(data, YEAR, out, None, None, DUE)
    assert len(written) == 24
    assert "  - year: 2021\n    due: 2022-03-31\n" in (data / "due-dates.yaml").read_text(encoding="utf-8")
    ait_baha = load_workbook(out / "2021-ait-baha.xlsx")["Indicateurs"]
    assert (ait_baha["G2"].value, ait_baha["H2"].value) == ("À renvoyer pour le\u00a0:", "31 mars 2022")
    jette = load_workbook(out / "2021-jette.xlsx")
    assert jette.sheetnames == ["Uitgaven", "cic"]  # the demo's Jette reads Dutch (lang: nl)
    assert jette["Uitgaven"]["H2"].value == "31 maart 2022"

    # 2. replies: Aït Baha complete with its council's minutes beside the form, Etterbeek complete,
    #    Amerzgane a first indicator only (a partial reply), nobody else
    replies = tmp_path / "replies"
    (replies / "2021-ait-baha").mkdir(parents=True)
    (replies / "2021-ait-baha" / "pv-sas.pdf").write_bytes(PV)
    first = [fill(data, out / "2021-ait-baha.xlsx", replies / "2021-ait-baha.xlsx", "ait-baha",
                  evidence="pv-sas.pdf"),
             fill(data, out / "2021-etterbeek.xlsx", replies / "2021-etterbeek.xlsx", "etterbeek")]
    outcome = api.import_forms(data, first, received=dt.date(2022, 3, 10))
    assert outcome.errors == [] and outcome.written
    assert outcome.evidence == (api.display_path(data / "evidence" / "2021" / "ait-baha" / "pv-sas.pdf"),)
    partial = fill(data, out / "2021-amerzgane.xlsx", replies / "2021-amerzgane.xlsx", "amerzgane",
                   partial=True)
    assert api.import_forms(data, [partial], received=dt.date(2022, 3, 20)).written
    year_file = (data / "monitoring" / "2021.yaml").read_text(encoding="utf-8")
    assert ("received:\n  ait-baha: 2022-03-10\n  etterbeek: 2022-03-10\n  amerzgane: 2022-03-20\n"
            in year_file)
    assert "evidence: [2021/ait-baha/pv-sas.pdf]" in year_file
    assert (data / "evidence" / "2021" / "ait-baha" / "pv-sas.pdf").read_bytes() == PV
    record = (data / "evidence.yaml").read_text(encoding="utf-8")
    assert f"2021/ait-baha/pv-sas.pdf: {{sha256: {hashlib.sha256(PV).hexdigest()}, size: {len(PV)}, " \
           "recorded: 2022-03-10}" in record
    assert not [f for f in api.validate(data).findings.items if f.code.startswith(("CIC74", "CIC75"))]

    # 3. the status: before the due date nobody is late; after it, every reporter not complete is
    before = api.status(data, YEAR, BEFORE)
    rows = {r["reporter"]: r for r in before["reporters"]}
    assert (rows["ait-baha"]["state"], rows["ait-baha"]["received_on"], rows["ait-baha"]["due"]) == \
        ("complete", "2022-03-10", "2022-03-31")
    assert (rows["amerzgane"]["state"], rows["amerzgane"]["received_on"]) == ("partial", "2022-03-20")
    assert (rows["gourrama"]["state"], rows["gourrama"]["received_on"]) == ("missing", None)
    assert before["summary"]["late"] == []
    after = api.status(data, YEAR, AFTER)
    states = after["summary"]["states"]
    assert set(states["complete"]) == {"ait-baha", "etterbeek"}
    assert states["partial"] == states["missing"] == []
    assert "amerzgane" in states["late"] and "gourrama" in states["late"] and len(states["late"]) == 22
    text = api.render_status(after, "text", "fr")
    assert "2022-03-10" in text and "en retard" in text
    assert "En retard (échéance dépassée au 2022-04-15)\u00a0: amerzgane," in text

    # 4. reminders: before the due date only the incomplete Amerzgane; after it, every late reporter
    early = api.remind(data, YEAR, tmp_path / "early", as_of=BEFORE, sender=SENDER)
    assert [d.reporter for d in early.drafts] == ["amerzgane"]
    made = api.remind(data, YEAR, tmp_path / "drafts", as_of=AFTER, sender=SENDER)
    assert sorted(d.reporter for d in made.drafts) == sorted(states["late"])
    assert sorted(p.name for p in (tmp_path / "drafts").iterdir()) == \
        sorted(f"2021-{r}.eml" for r in states["late"])
    assert made.no_address == ["programme", "avcb"]  # the office and the association have no partner file
    parsed = {path.stem[5:]: email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
              for path in (tmp_path / "drafts").iterdir()}
    amerzgane = parsed["amerzgane"]
    assert amerzgane["To"] == "amerzgane@example.org" and amerzgane["From"] == SENDER
    assert amerzgane["Subject"] == (  # the commune's name as the data holds it
        "Suivi 2021\u00a0: ce qui manque encore de la part de Commune rurale d'Amerzgane")
    assert amerzgane["Content-Language"] == "fr" and amerzgane["X-Unsent"] == "1"
    body = amerzgane.get_body(("plain",)).get_content()
    assert "31 mars 2022" in body and "IOV 2 projets" in body and "IOV 1 sas" not in body
    assert parsed["jette"]["Content-Language"] == "nl" and "31 maart 2022" in \
        parsed["jette"].get_body(("plain",)).get_content()
    assert parsed["programme"]["To"] is None
    for reporter, message in parsed.items():
        [attachment] = list(message.iter_attachments())
        assert attachment.get_filename() == f"2021-{reporter}.xlsx"
        assert attachment.get_content_type() == \
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    # Amerzgane's attached form holds what came in; completed and imported, Amerzgane is complete
    form = tmp_path / "amerzgane-from-mail.xlsx"
    form.write_bytes(parsed["amerzgane"].get_payload()[1].get_content())  # type: ignore[index]
    assert load_workbook(form)["Indicateurs"]["F6"].value == "oui"
    done = fill(data, form, tmp_path / "amerzgane-complete.xlsx", "amerzgane")
    assert api.import_forms(data, [done], received=dt.date(2022, 4, 20)).written
    now = {r["reporter"]: r for r in api.status(data, YEAR, AFTER)["reporters"]}
    assert now["amerzgane"]["state"] == "complete"

    # 5. the auditor's bundle: the files and a manifest whose SHA-256s are the files'
    bundle = api.evidence_bundle(data, YEAR, "fr")
    assert bundle.refused == [] and bundle.data is not None
    archive = zipfile.ZipFile(io.BytesIO(bundle.data))
    assert sorted(archive.namelist()) == ["evidence-2021/files/2021/ait-baha/pv-sas.pdf",
                                          "evidence-2021/manifest.csv", "evidence-2021/manifest.json"]
    manifest = json.loads(archive.read("evidence-2021/manifest.json"))
    [row] = manifest["files"]
    assert (row["reporter"], row["kind"], row["item"], row["path"], row["recorded"]) == \
        ("ait-baha", "indicator", "IOV 1", "2021/ait-baha/pv-sas.pdf", "2022-03-10")
    assert row["source"] == "Source ait-baha IOV 1 (FICTIF)" and row["size"] == len(PV)
    inside = archive.read("evidence-2021/files/2021/ait-baha/pv-sas.pdf")
    assert row["sha256"] == hashlib.sha256(inside).hexdigest() == hashlib.sha256(
        (data / "evidence" / "2021" / "ait-baha" / "pv-sas.pdf").read_bytes()).hexdigest()
    table = list(csv.reader(io.StringIO(archive.read("evidence-2021/manifest.csv").decode("utf-8-sig"))))
    assert table[0][:3] == ["Rapporteur", "Nom du rapporteur", "Type"] and table[1][-2] == row["sha256"]


def _named(data: Path) -> Path:
    """A year file of the demo naming a FICTIONAL evidence file, the file in place and recorded."""
    folder = data / "evidence" / "2021" / "ait-baha"
    folder.mkdir(parents=True)
    (folder / "pv.pdf").write_bytes(PV)
    (data / "monitoring" / "2021.yaml").write_text(
        "# FICTIONAL\nyear: 2021\nreports:\n  ait-baha:\n"
        "    IOV 1: {sas: true, source: PV FICTIF, evidence: [2021/ait-baha/pv.pdf]}\n", encoding="utf-8")
    assert api.record_evidence(data, day=dt.date(2022, 3, 1)).recorded == ["2021/ait-baha/pv.pdf"]
    return folder / "pv.pdf"


def _evidence_findings(data: Path, file: str = "2021.yaml") -> list[tuple[str, int, str]]:
    """The evidence findings located in `file` (the demo's own FICTIONAL evidence files of 2019 are
    subject to the same limit and the same folder, and are found in their own year file)."""
    return [(f.code, f.location.line, f.message) for f in api.validate(data).findings.items
            if f.code.startswith("CIC75") and f.location and Path(f.location.file).name == file]


def test_a_missing_moved_or_changed_evidence_file_is_a_finding_at_its_entry(data: Path):
    pv = _named(data)
    year_file = data / "monitoring" / "2021.yaml"
    line = line_of(year_file, "IOV 1:")
    assert _evidence_findings(data) == []
    pv.write_bytes(PV + b"changed afterwards\n")
    [(code, at, said)] = _evidence_findings(data)
    assert (code, at) == ("CIC753", line) and hashlib.sha256(PV).hexdigest() in said
    pv.write_bytes(PV)
    elsewhere = data / "evidence" / "2021" / "archive"
    elsewhere.mkdir()
    pv.rename(elsewhere / "pv.pdf")
    [(code, at, said)] = _evidence_findings(data)
    assert (code, at) == ("CIC751", line) and "2021/archive/pv.pdf holds the file as it was recorded" in said
    (elsewhere / "pv.pdf").unlink()
    [(code, at, said)] = _evidence_findings(data)
    assert (code, at) == ("CIC751", line) and "missing, or moved" in said


@pytest.mark.parametrize("path", ["../../partners/etterbeek.yaml", "/etc/passwd", "2021\\ait-baha\\pv.pdf",
                                  "2021/./ait-baha/pv.pdf"])
def test_a_path_that_leaves_data_evidence_is_refused(data: Path, path: str):
    _named(data)
    year_file = data / "monitoring" / "2021.yaml"
    text = year_file.read_text(encoding="utf-8").replace("[2021/ait-baha/pv.pdf]", json.dumps([path]))
    year_file.write_text(text, encoding="utf-8")
    found = _evidence_findings(data)
    assert [(code, at) for code, at, _ in found] == [("CIC750", line_of(year_file, "IOV 1:"))]
    # the file's record is no longer named by any entry: said (as information) where it is recorded
    [(code, at, _)] = _evidence_findings(data, "evidence.yaml")
    assert (code, at) == ("CIC756", line_of(data / "evidence.yaml", "  2021/ait-baha/pv.pdf:"))


def test_a_link_is_refused_even_inside_data_evidence(data: Path, tmp_path: Path):
    pv = _named(data)
    outside = tmp_path / "elsewhere.pdf"
    outside.write_bytes(PV)
    pv.unlink()
    pv.symlink_to(outside)
    [(code, _, said)] = _evidence_findings(data)
    assert code == "CIC750" and "goes through a link (evidence/2021/ait-baha/pv.pdf)" in said
    pv.unlink()
    shutil.rmtree(data / "evidence")
    (data / "evidence").symlink_to(tmp_path, target_is_directory=True)  # the folder itself a link
    [(code, _, said)] = _evidence_findings(data)
    assert code == "CIC750" and "goes through a link (evidence)" in said


def test_a_fifo_is_refused_without_hanging(data: Path):
    pv = _named(data)
    pv.unlink()
    os.mkfifo(pv)
    [(code, _, said)] = _evidence_findings(data)
    assert code == "CIC750" and "not a regular file" in said


def test_a_git_lfs_pointer_is_checked_by_the_sha256_it_names(data: Path):
    pv = _named(data)
    sha = hashlib.sha256(PV).hexdigest()
    pv.write_bytes(f"version https://git-lfs.github.com/spec/v1\noid sha256:{sha}\nsize {len(PV)}\n".encode())
    [(code, _, _)] = _evidence_findings(data)
    assert code == "CIC755"  # information: the pointer names the recorded file
    pv.write_bytes(f"version https://git-lfs.github.com/spec/v1\noid sha256:{'0' * 64}\nsize 3\n".encode())
    assert [code for code, _, _ in _evidence_findings(data)] == ["CIC753"]
    refused = api.evidence_bundle(data, YEAR)
    assert refused.data is None and [f.code for f in refused.refused] == ["CIC753"]


def test_a_file_over_the_size_limit_is_refused_unread(data: Path):
    _named(data)
    (data.parent / "cic.toml").write_text("max-evidence-size = 16\n", encoding="utf-8")
    [(code, _, said)] = _evidence_findings(data)
    assert code == "CIC752" and "over the limit of 16 bytes" in said


def test_the_command_line(data: Path, tmp_path: Path):
    cic = [sys.executable, "-m", "cicmaroc"]
    env = {**os.environ, "NO_COLOR": "1"}
    run = subprocess.run([*cic, "forms", "--year", "2021", "--due", "2022-03-31", str(data), "-o",
                          str(tmp_path / "f")], capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    run = subprocess.run([*cic, "status", "--year", "2021", "--as-of", "2022-04-01", "--format", "json",
                          str(data)],
                         capture_output=True, text=True, env=env)
    found = json.loads(run.stdout)
    assert run.returncode == 1 and found["as_of"] == "2022-04-01" and found["due"] == "2022-03-31"
    assert len(found["summary"]["late"]) == 24
    run = subprocess.run([*cic, "remind", "--year", "2021", "--as-of", "2022-04-01", str(data), "-o",
                          str(tmp_path / "d")], capture_output=True, text=True, env=env)
    assert run.returncode == 2 and "--from" in run.stderr and not (tmp_path / "d").exists()
    run = subprocess.run([*cic, "remind", "--year", "2021", "--as-of", "2022-04-01", "--from", SENDER,
                          str(data), "-o", str(tmp_path / "d"), "--lang", "fr"],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0 and "rien n’a été envoyé" in run.stderr
    assert "Aucune adresse électronique dans les fichiers partenaires pour programme, avcb" in run.stderr
    assert len(list((tmp_path / "d").glob("*.eml"))) == 24
    run = subprocess.run([*cic, "status", "--year", "2021", "--as-of", "31/03/2022", str(data)],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 2 and "YYYY-MM-DD" in run.stderr and "Traceback" not in run.stderr
    run = subprocess.run([*cic, "evidence", "--year", "2019", "-o", str(tmp_path / "e.zip"), str(DEMO)],
                         capture_output=True, text=True, env=env)
    assert run.returncode == 0, run.stderr
    assert len(zipfile.ZipFile(tmp_path / "e.zip").namelist()) == 4  # two FICTIONAL files, two manifests
    run = subprocess.run([*cic, "evidence", str(data)], capture_output=True, text=True, env=env)
    assert run.returncode == 2 and "--record" in run.stderr


def test_the_html_page_links_each_evidence_file_from_where_it_is_written(data: Path, tmp_path: Path):
    """The annex names each evidence file beside its source; in the HTML page it is a link that
    opens the file from the folder the page is written to (never a link in Markdown, Word or PDF)."""
    from lxml import html

    out = tmp_path / "reports" / "2019"
    page = api.report(data, 2019, "fr", fmt="html", written_to=out)
    assert isinstance(page, str)
    links = [a.get("href") for a in html.fromstring(page).iter("a") if not a.get("href", "").startswith("#")]
    assert [(out / href).resolve() for href in links] == [
        (data / "evidence" / "2019" / "ait-baha" / "deliberation-sas-2019.pdf").resolve(),
        (data / "evidence" / "2019" / "etterbeek" / "rapport-financier-2019.pdf").resolve()]
    markdown = api.report(data, 2019, "fr")
    assert isinstance(markdown, str) and "](" not in markdown.split("## Annexes")[1].split("\n---\n")[0]
    assert "(fictif)<br>Pièces justificatives\u00a0: 2019/ait-baha/deliberation-sas-2019.pdf |" in markdown


def test_a_reminder_names_each_missing_value_with_its_unit_in_the_reporters_language(tmp_path: Path):
    """A reminder said "IOV 3 women": the form's measure id, an English word in a French mail. It
    names each value as the form's columns do, the measure with its unit in the reporter's
    language (marked [fr] where the officers gave no translation), and each budget line by its
    label in that language."""
    from cicmaroc.forms.reminders import _labels, _missing
    from cicmaroc.i18n.translator import translator

    made = api.remind(DEMO, 2019, tmp_path / "drafts", as_of=dt.date(2020, 5, 15), sender=SENDER)
    gourrama = next(d for d in made.drafts if d.reporter == "gourrama")
    body = gourrama.message.get_body(("plain",)).get_content()
    assert "IOV 1 sas (communes disposant d’un SAS)\u00a0; IOV 2 projets (" in body
    assert "IOV 3 women (% de femmes)" in body
    programme = api.validate(DEMO).programme
    dutch = _labels(programme, "nl")
    assert dutch["IOV 3 women"] == "IOV 3 women ([fr] % de femmes)" and dutch["partenaires"] == "1. Partners"
    missing = {"measures": ["IOV 3 women"], "sources": [], "spending_lines": ["partenaires"],
               "spending_sources": []}
    assert _missing(missing, dutch, translator("nl")) == [
        "de waarden: IOV 3 women ([fr] % de femmes)", "de uitgaven op: 1. Partners"]
