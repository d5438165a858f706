"""A runnable example for every rule code: the input that makes it, and the place it is reported at.

Each example is fed to the one part of cic that reports its code, never the whole pipeline: the
reader for the codes of reading the files, the family's check for a rule, the monitoring or the
readings pass, the waivers, `cic import` for a filled form, `cic iati --check` for an XML file.
The data examples edit a copy of the example programme (examples/demo/data, whose plan is the
approved document's and whose figures are FICTIONAL), so they do not depend on what data/ holds.
tests/test_code_examples.py runs each one and checks that every declared code has one, which
holds under `-k` and in any order.
"""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

from tests.conftest import REPO

from cicmaroc.findings import Finding

DEMO = REPO / "examples" / "demo" / "data"


class Edit(NamedTuple):
    """A change to a file of the example's data folder: `old` replaced once by `new`; with `old`
    None, the file is written whole as `new` (bytes as they are), or removed when `new` is None."""

    file: str
    old: str | None = None
    new: str | bytes | None = None


class Example(NamedTuple):
    """The input of a code's example, and where its finding must be.

    `edits` change the example programme (none: the approved document itself shows the code, as
    printed); `file` is the file the finding names (data-relative, or the workbook's or XML
    file's name), and `at` the text of its line (its first line holding it), or "" for the file as
    a whole; `cell` the sheet!cell of a workbook's finding. `make`, when given, makes the input
    itself (a workbook, an XML file, a crashing rule) and returns the findings.
    """

    edits: tuple[Edit, ...] = ()
    file: str = ""
    at: str = ""
    cell: str = ""
    line: int = 0  # the line, when no text of it says it (the end of a file that stops too early)
    make: Callable[[Path], list[Finding]] | None = None


def edit(file: str, old: str, new: str, at: str | None = None) -> Example:
    """The example of one replacement in `file`, reported on the line of `at` (default: `new`'s)."""
    return Example((Edit(file, old, new),), file, new.strip().splitlines()[0] if at is None else at)


def written(file: str, text: str | bytes, at: str = "") -> Example:
    """The example of a whole file written, reported on the line of `at` ("": the file itself)."""
    return Example((Edit(file, None, text),), file, at)


def as_printed(file: str, at: str) -> Example:
    """A code the approved document itself shows (the example programme's plan is the document's)."""
    return Example((), file, at)


MONITORING = """\
# FICTIONAL test figures
year: 2021
reports:
  ait-baha:
    IOV 1: {sas: true, source: Délibération FICTIVE}
    IOV 3: {women: {part: 42, of: 97}, source: Statistiques FICTIVES}
  programme:
    IOV 7.2: {roi: true, source: ROI FICTIF}
spending:
  siege:
    avcb: {personnel: 44000, source: Comptes FICTIFS}
"""
NARRATIVE = "# FICTIONAL narrative\nyear: 2020\nsummary:\n  fr: FICTIF.\nresults:\n  R1:\n    text:\n      fr: FICTIF.\n"
FOLLOW_UP = """\
# FICTIONAL follow-up
year: 2020
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
READING = """\
# FICTIONAL reading
readings:
  - file: logframe.yaml
    path: [results, R4, indicators, IOV 4.3, targets, year5, values, formations]
    printed: 13
    read_as: 12
    decided_by: FICTIF
    decided_on: 2020-01-15
    reason: FICTIF.
"""
WAIVERS = """\
# FICTIONAL decisions
waivers:
  - code: CIC201
    file: budget.yaml
    reason: FICTIONAL reason.
"""
PHONE = '    phones: ["212 6 67 97 72 001"]'
DUE = """\
# FICTIONAL due dates
years:
  - year: 2021
    due: 2022-03-31
    reporters:
      ait-baha: 2022-04-30
"""
#: A FICTIONAL evidence file, its path under data/evidence/ and the entry of MONITORING naming it.
PV = b"%PDF-1.4 FICTIONAL council minutes\n"
PV_PATH = "2021/ait-baha/pv-sas.pdf"
PV_SHA = "9c0a1d2f5aa43a4ac0b0fc8d0a3e5f1bbdc24a0e5f6a0d4f5bbdc2a4ad7c1e2f"  # not PV's: CIC753's example
NAMED = MONITORING.replace("source: Délibération FICTIVE}", f"source: Délibération FICTIVE, evidence: [{PV_PATH}]}}")


def recorded(sha256: str, path: str = PV_PATH) -> str:
    """data/evidence.yaml recording `path` with `sha256` (FICTIONAL)."""
    return f"# FICTIONAL record\nfiles:\n  {path}: {{sha256: {sha256}, size: {len(PV)}, recorded: 2022-03-12}}\n"


def evidence(*extra: Edit, file: bytes | None = PV, monitoring: str = NAMED) -> tuple[Edit, ...]:
    """The year file naming the FICTIONAL evidence file, the file itself (None: absent), and `extra`."""
    edits = [Edit("monitoring/2021.yaml", None, monitoring)]
    if file is not None:
        edits.append(Edit(f"evidence/{PV_PATH}", None, file))
    return (*edits, *extra)


# -- examples that make their own input ---------------------------------------------------------


def _evidence_check(code: str, **settings: int) -> Callable[[Path], list[Finding]]:
    """An evidence example run with settings of its own (`max-evidence-size`), by `code`'s check."""
    def make(tmp: Path) -> list[Finding]:
        from cicmaroc.config import Config
        from cicmaroc.loading.loader import load_programme
        from cicmaroc.rules.registry import BY_CODE, CHECKS

        programme, _ = load_programme(tmp / "data")
        config = Config(**settings)  # type: ignore[arg-type]
        return [f for check in CHECKS if BY_CODE[code] in check.codes for f in check.run(programme, config)]

    return make


def _unreadable(tmp: Path) -> list[Finding]:
    """CIC757: the file cannot be opened (as root, no permission refuses it: the system's refusal is
    simulated where cic opens it)."""
    from unittest import mock

    from cicmaroc.files import evidence_folder

    real_open = evidence_folder.os.open

    def refuse(path: object, flags: int, *args: object) -> int:
        if str(path).endswith("pv-sas.pdf"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, flags, *args)  # type: ignore[arg-type]

    with mock.patch.object(evidence_folder.os, "open", refuse):
        return _evidence_check("CIC757")(tmp)


def _crash(tmp: Path) -> list[Finding]:
    """CIC000: a check that raises becomes one finding naming the rule; the run goes on."""
    from cicmaroc.rules.registry import BY_CODE, guarded

    def boom() -> list[Finding]:
        raise ZeroDivisionError("division by zero")

    return guarded(BY_CODE["CIC101"], boom)


def iati_text(example: Example) -> str:
    """The XML an IATI example checks: the tests' FICTIONAL activity file with its edit."""
    from tests.iati_fixture import mutated

    [change] = example.edits
    return mutated((change.old, change.new)) if change.old else str(change.new)


def _iati(tmp: Path) -> list[Finding]:
    raise AssertionError("an IATI example is checked by the test itself (iati_text)")


def iati(old: str, new: str, at: str = "") -> Example:
    """An IATI example: one replacement in the tests' activity file (old "": the file is `new`)."""
    return Example((Edit("activity.xml", old or None, new),), "activity.xml", at, make=_iati)


def _form(cells: dict[str, object], *, year: int = 2021, sheet: str = "Indicateurs",
          prepare: Callable[[Path, Path], list[Path]] | None = None,
          collected: bool = False) -> Callable[[Path], list[Finding]]:
    """An import example: ait-baha's form for `year` made from the example programme, these cells
    typed into it (or `prepare(form, data)` making the workbooks), imported. The year is one not
    collected yet (its file removed first) unless `collected`: then the form shows what is recorded."""
    def make(tmp: Path) -> list[Finding]:
        from openpyxl import load_workbook

        from cicmaroc import api

        data = tmp / "data"
        if not collected:
            (data / "monitoring" / f"{year}.yaml").unlink(missing_ok=True)
        form = Path(api.forms(data, year, tmp / f"forms-{year}", "fr", ["ait-baha"])[0])
        if prepare is not None:
            books = prepare(form, data)
        else:
            book = load_workbook(form)
            for cell, value in cells.items():
                book[sheet][cell] = value
            book.save(tmp / "filled.xlsx")
            books = [tmp / "filled.xlsx"]
        return api.import_forms(data, books, year).findings

    return make


def _not_a_workbook(form: Path, data: Path) -> list[Path]:
    (form.parent / "pdf.xlsx").write_bytes(b"%PDF-1.4 not a workbook")
    return [form.parent / "pdf.xlsx"]


def _copy_as(name: str) -> Callable[[Path, Path], list[Path]]:
    return lambda form, data: [Path(shutil.copy(form, form.parent / name))]


def _with_part(part: str) -> Callable[[Path, Path], list[Path]]:
    def prepare(form: Path, data: Path) -> list[Path]:
        with zipfile.ZipFile(form, "a") as archive:
            archive.writestr(part, "<externalLink/>")
        return [form]

    return prepare


def _merged(form: Path, data: Path) -> list[Path]:
    from openpyxl import load_workbook

    book = load_workbook(form)
    book["Indicateurs"]["H8"] = "x"
    book["Indicateurs"].merge_cells("F8:G8")
    book.save(form)
    return [form]


def _identity(cell: str, value: object) -> Callable[[Path, Path], list[Path]]:
    def prepare(form: Path, data: Path) -> list[Path]:
        from openpyxl import load_workbook

        book = load_workbook(form)
        book["cic"][cell] = value
        book.save(form)
        return [form]

    return prepare


def _twice(form: Path, data: Path) -> list[Path]:
    return [form, Path(shutil.copy(form, form.parent / "copy.xlsx"))]


def _other_file_in_place(form: Path, data: Path) -> list[Path]:
    """A pv.pdf already in data/evidence/ for ait-baha's 2021, and another one sent with the form."""
    from openpyxl import load_workbook

    (data / "evidence" / "2021" / "ait-baha").mkdir(parents=True)
    (data / "evidence" / "2021" / "ait-baha" / "pv.pdf").write_bytes(PV)
    (form.parent / "pv.pdf").write_bytes(PV + b"another FICTIONAL scan\n")
    book = load_workbook(form)
    book["Indicateurs"]["F6"], book["Indicateurs"]["H6"], book["Indicateurs"]["I6"] = "oui", "x", "pv.pdf"
    book.save(form)
    return [form]


def _broken_year_file(form: Path, data: Path) -> list[Path]:
    (data / "monitoring" / "2021.yaml").write_text("year: 2021\nreports: [unclosed\n", encoding="utf-8")
    from openpyxl import load_workbook

    book = load_workbook(form)
    book["Indicateurs"]["F6"], book["Indicateurs"]["H6"] = "oui", "x"
    book.save(form)
    return [form]


# -- every code -----------------------------------------------------------------------------------

EXAMPLES: dict[str, Example] = {
    "CIC000": Example(make=_crash),
    # reading the files (the loader)
    "CIC001": Example((Edit("logframe.yaml"),), "logframe.yaml"),
    "CIC002": written("partners/latin.yaml", "id: caf\xe9\n".encode("latin-1")),
    "CIC003": Example((Edit("partners/broken.yaml", None, "id: [unclosed\n"),), "partners/broken.yaml", line=2),
    "CIC004": edit("partners/evere.yaml", "budget_os1: 150145.16", "budget_os1: 150145.16\nbudget_os1: 7",
                   "budget_os1: 7"),
    "CIC005": written("partners/empty.yaml", "# nothing here\n"),
    "CIC006": edit("budget.yaml", "currency: EUR", "currency: &c EUR"),
    "CIC007": written("partners/deep.yaml", "a:" + " [" * 200 + " ]" * 200 + "\n", "a:"),
    "CIC009": written("notes.yaml", "# FICTIONAL\nnote: x\n"),
    "CIC010": edit("partners/evere.yaml", "budget_os1: 150145.16\n", "", "id: evere"),
    "CIC011": edit("partners/evere.yaml", "budget_os1: 150145.16", "budget_os1: 150145.16\nbudjet: 1", "budjet"),
    "CIC012": edit("partners/evere.yaml", "budget_os1: 150145.16", "budget_os1: 150145.161"),
    "CIC014": edit("partners/evere.yaml", "budget_os1: 150145.16", "budget_os1: TODO"),
    "CIC015": edit("partners/evere.yaml", "local_communes:", "moroccan_communes:"),
    # the programme's identity
    "CIC020": edit("programme.yaml", "{id: year3, year: 2019,", "{id: year3, year: 2025,", "id: year3"),
    "CIC021": edit("logframe.yaml", "        year3:\n          text: 12 communes disposent", "        year4:\n          text: 12 communes disposent", "year4:"),
    "CIC013": edit("partners/evere.yaml", "budget_os1: 150145.16", "budget_os1: 150145.16  # \u202e"),
    # the budget (T3)
    "CIC101": edit("budget.yaml", "2021: 132083.96, grand_total: 644971.41}",
                   "2021: 132083.96, grand_total: 644000.00}", "644000.00"),
    "CIC102": edit("budget.yaml", "total:          {2017: 71588.77", "total:          {2017: 71000.00",
                   "{2017: 71000.00"),
    "CIC103": edit("budget.yaml", "total:          {2017: 71588.77", "total:          {2017: 71000.00",
                   "{2017: 386268.98"),
    "CIC104": edit("budget.yaml", "fonctionnement: {2017: 223701.67", "fonctionnement: {2017: 223000.00",
                   "{2017: 223000.00"),
    "CIC105": edit("country.yaml", "total_operational_cost: 2030531.24", "total_operational_cost: 2030000.00"),
    "CIC106": as_printed("budget.yaml", "personnel:      {2017: 42988.77"),
    "CIC107": edit("budget.yaml", "2021: 47103.80, grand_total: 223438.19}", "grand_total: 223438.19}",
                   "personnel:      {2017: 42988.77"),
    # the partners against the budget and the country sheet
    "CIC201": as_printed("budget.yaml", "total:          {2017: 314680.21"),
    "CIC202": edit("country.yaml", "{local: Gourrama, belgian: La Hulpe}",
                   "{local: Errachidia, belgian: La Hulpe}", "Errachidia"),
    "CIC203": edit("country.yaml", "communes: 12", "communes: 13"),
    # identifiers and references
    "CIC301": Example((Edit("partners/auderghem.yaml", "id: ait-zineb", "id: amerzgane"),),  # twice in a file
                      "partners/auderghem.yaml", line=32),
    "CIC302": Example((), "logframe.yaml", line=367),  # A.2.6's text, the same as A.2.5's
    "CIC303": edit("logframe.yaml", "values: {projets: 6}", "values: {projet: 6}"),
    "CIC304": as_printed("logframe.yaml", "id: A.5.63"),
    "CIC305": Example((Edit("partners/jete.yaml", None, (DEMO / "partners" / "jette.yaml").read_text("utf-8")),
                       Edit("partners/jette.yaml")), "partners/jete.yaml", "id: jette"),
    "CIC306": Example((), "logframe.yaml", line=44),  # IOV 1's text, printed in French only
    # indicators
    "CIC401": as_printed("logframe.yaml", "values: {formations: 13}"),
    "CIC402": as_printed("logframe.yaml", "percents: {sas: 77}"),
    "CIC403": edit("logframe.yaml", "values: {projets: 12}", "values: {projets: 4}"),
    "CIC404": edit("logframe.yaml", "values: {projets: 0}", "values: {projets: 20}"),
    "CIC405": edit("logframe.yaml", "deadline: 2018", "deadline: 2022"),
    "CIC406": as_printed("logframe.yaml", "percents: {equipement: 66}"),
    # risks and their follow-up
    "CIC501": as_printed("risks.yaml", "level: Bas"),
    "CIC502": as_printed("risks.yaml", "level: Bas"),
    "CIC503": Example((Edit("risks.yaml", "absence de décision\n    level: Moyen", "absence de décision\n"
                            "    level: Haut"),), "risks.yaml", line=58),  # the next Possible × Petit risk
    "CIC510": written("risk-follow-up/2020.yaml", FOLLOW_UP.replace("programme-interrompu", "programme-interompu"),
                      "programme-interompu"),
    "CIC511": written("risk-follow-up/2020.yaml", FOLLOW_UP.replace("probability: Possible",
                                                                    "probability: Improbable"), "Improbable"),
    "CIC512": written("risk-follow-up/2020.yaml", FOLLOW_UP.replace("Sérieux\n    level: Moyen", "Sérieux\n    level: Bas"),
                      "level: Bas"),
    "CIC513": written("risk-follow-up/2020.yaml", FOLLOW_UP.replace("year: 2020", "year: 2019"), "year:"),
    "CIC514": Example((Edit("risk-follow-up/2020.yaml", None, FOLLOW_UP + FOLLOW_UP.split("risks:\n")[1]),),
                      "risk-follow-up/2020.yaml", line=FOLLOW_UP.count("\n") + 1),  # the second entry
    # partner sheets
    "CIC601": edit("partners/auderghem.yaml", "auderghem@example.org", "auderghem@example org"),
    "CIC602": as_printed("partners/saint-josse-ten-noode.yaml", PHONE.strip()),
    "CIC603": as_printed("partners/etterbeek.yaml", "start:"),
    "CIC604": as_printed("partners/evere.yaml", "outcome_text:"),
    "CIC606": Example((Edit("partners/evere.yaml", "local_communes:\n", "local_communes:\n  - {id: belfaa, "
                            "name: Commune de Belfa, address: Belfaa, local_partner_name: Belfaa}\n"),),
                      "partners/jette.yaml", "name: Commune de Belfaa"),  # Jette's Belfaa, named otherwise
    "CIC605": as_printed("partners/saint-josse-ten-noode.yaml", "name: Commune de Beni Mathar"),
    # monitoring
    "CIC701": written("monitoring/2021.yaml", MONITORING.replace("  ait-baha:", "  ait-bahaa:"), "ait-bahaa"),
    "CIC702": written("monitoring/2021.yaml", MONITORING.replace("IOV 3:", "IOV 9.9:"), "IOV 9.9"),
    "CIC703": written("monitoring/2021.yaml", MONITORING.replace("{sas: true", "{sass: true"), "sass"),
    "CIC704": written("monitoring/2023.yaml", MONITORING.replace("year: 2021", "year: 2023"), "year:"),
    "CIC705": written("monitoring/2021.yaml", MONITORING.replace("year: 2021", "year: 2020"), "year:"),
    "CIC706": written("monitoring/2021.yaml", MONITORING.replace("part: 42", "part: 98"), "part: 98"),
    "CIC707": Example((Edit("monitoring/2021.yaml", None, MONITORING),
                       Edit("monitoring/2021-a.yaml", None, MONITORING.replace("# FICTIONAL", "# FICTIONAL, again"))),
                      "monitoring/2021.yaml", "IOV 1:"),
    "CIC708": written("monitoring/2021.yaml", MONITORING.replace("  programme:\n", "  etterbeek:\n"), "IOV 7.2"),
    "CIC709": written("monitoring/2021.yaml", MONITORING.replace(", source: Délibération FICTIVE", ""), "IOV 1:"),
    "CIC710": written("monitoring/2021.yaml", MONITORING.replace("{roi: true, ", "{"), "IOV 7.2"),
    "CIC711": written("monitoring/2021.yaml", MONITORING.replace("  siege:", "  sieges:"), "sieges:"),
    "CIC712": written("monitoring/2021.yaml", MONITORING.replace("    avcb:", "    avbc:"), "avbc:"),
    "CIC713": written("monitoring/2021.yaml", MONITORING.replace("{personnel:", "{personel:"), "personel"),
    # the demo's FICTIONAL 2021: Etterbeek's spending goes beyond its Budget OS 1
    "CIC780": as_printed("partners/etterbeek.yaml", "budget_os1:"),
    # 4. Siège plans no investment in any year (T3 prints "-"): spending on it is flagged
    "CIC714": written("monitoring/2021.yaml", MONITORING.replace("{personnel: 44000", "{investissement: 1500, "
                                                                 "personnel: 44000"), "investissement"),
    # a filled form read back (cic import)
    "CIC720": Example(file="pdf.xlsx", make=_form({}, prepare=_not_a_workbook)),
    "CIC721": Example(file="m.xlsm", make=_form({}, prepare=_copy_as("m.xlsm"))),
    "CIC722": Example(file="2021-ait-baha.xlsx", make=_form({}, prepare=_identity("B3", "ait-bha"))),
    "CIC723": Example(cell="cic!B4", make=_form({}, prepare=_identity("B4", 2020))),
    "CIC724": Example(cell="Indicateurs!A7", make=_form({"A7": "IOV 1.3", "F7": 1, "H7": "x"})),
    "CIC725": Example(cell="Indicateurs!F6", make=_form({"F6": "peut-être", "H6": "x"})),
    "CIC726": Example(cell="Indicateurs!H6", make=_form({"F6": "oui"})),
    "CIC727": Example(cell="Indicateurs!F7", make=_form({"F7": "=1+1", "H7": "x"})),
    "CIC728": Example(file="2021-ait-baha.xlsx", make=_form({}, prepare=_with_part(
        "xl/externalLinks/externalLink1.xml"))),
    "CIC729": Example(cell="Indicateurs!K40", make=_form({"K40": "voir annexe"})),
    "CIC730": Example(cell="Indicateurs!F8", make=_form({}, prepare=_merged)),
    "CIC731": Example(cell="Indicateurs!F7", make=_form({"F7": 9}, year=2019, collected=True)),
    "CIC732": Example(file="copy.xlsx", make=_form({}, prepare=_twice)),
    "CIC733": Example(file="filled.xlsx", make=_form({})),
    "CIC734": Example(file="2021.yaml", make=_form({}, prepare=_broken_year_file)),
    "CIC735": Example(cell="Indicateurs!I6", make=_form({"F6": "oui", "H6": "x", "I6": "pv.pdf"})),
    "CIC736": Example(cell="Indicateurs!I6", make=_form({"F6": "oui", "H6": "x", "I6": "../secrets.txt"})),
    "CIC737": Example(cell="Indicateurs!F6", make=_form({}, prepare=_other_file_in_place)),
    # due dates and receipts
    "CIC740": written("due-dates.yaml", DUE.replace("year: 2021", "year: 2023"), "year: 2023"),
    "CIC741": Example((Edit("due-dates.yaml", None, DUE + DUE.split("years:\n")[1]),), "due-dates.yaml",
                      line=DUE.count("\n") + 1),  # the second entry
    "CIC742": written("due-dates.yaml", DUE.replace("ait-baha:", "ait-bha:"), "ait-bha"),
    "CIC743": written("due-dates.yaml", DUE.replace("due: 2022-03-31", "due: 2021-03-31"), "due: 2021-03-31"),
    "CIC744": written("monitoring/2021.yaml", MONITORING.replace("reports:", "received: {ait-bha: 2022-03-12}\nreports:"),
                      "received:"),
    "CIC745": written("monitoring/2021.yaml", MONITORING.replace("reports:", "received:\n  ait-baha: 2020-03-12\nreports:"),
                      "ait-baha: 2020-03-12"),
    # evidence files
    "CIC750": Example(evidence(monitoring=NAMED.replace(PV_PATH, "../../secrets.txt")), "monitoring/2021.yaml",
                      "IOV 1:"),
    "CIC751": Example(evidence(file=None), "monitoring/2021.yaml", "IOV 1:"),
    "CIC752": Example(evidence(), "monitoring/2021.yaml", "IOV 1:",
                      make=_evidence_check("CIC752", max_evidence_size=8)),
    "CIC753": Example(evidence(Edit("evidence.yaml", None, recorded(PV_SHA))), "monitoring/2021.yaml", "IOV 1:"),
    "CIC754": Example(evidence(), "monitoring/2021.yaml", "IOV 1:"),
    "CIC755": Example(evidence(Edit("evidence.yaml", None, recorded(PV_SHA)),
                               file=f"version https://git-lfs.github.com/spec/v1\noid sha256:{PV_SHA}\n"
                                    f"size {len(PV)}\n".encode()), "monitoring/2021.yaml", "IOV 1:"),
    "CIC756": written("evidence.yaml", recorded(PV_SHA), PV_PATH),
    "CIC757": Example(evidence(), "monitoring/2021.yaml", "IOV 1:", make=_unreadable),
    # narrative
    "CIC763": written("narrative/2020.yaml", NARRATIVE + "variances:\n  etterbek:\n    fr: FICTIF.\n", "etterbek"),
    "CIC760": written("narrative/2020.yaml", NARRATIVE.replace("  R1:", "  R9:"), "R9:"),
    "CIC761": written("narrative/2020.yaml", NARRATIVE + "    indicators:\n      IOV 9.9:\n        fr: FICTIF.\n",
                      "IOV 9.9"),
    "CIC762": written("narrative/2020.yaml", NARRATIVE.replace("year: 2020", "year: 2019"), "year:"),
    # IATI files (cic iati --check)
    "CIC800": iati("", "hello, this is not XML\n", "hello"),
    "CIC801": iati('<activity-status code="2"/>', "<activity-status/>", "<activity-status/>"),
    "CIC802": iati('role="1" type="10"', 'role="9" type="10"', 'role="9"'),
    "CIC803": iati('code="16010" percentage="40"', 'code="16010" percentage="30"', 'code="15112"'),
    # the IATI guidance (a budget's value date outside its period)
    "CIC804": iati('<value value-date="2017-01-01">1000.00</value>',
                   '<value value-date="2019-06-01">1000.00</value>', 'value-date="2019-06-01"'),
    # the publisher file (data/iati.yaml)
    "CIC810": edit("iati.yaml", "ref: BE-BCE_KBO-0000000196", "ref: TODO"),
    "CIC811": edit("iati.yaml", "ref: BE-BCE_KBO-0000000196", "ref: BE-BCE_KBO-0000000195"),
    "CIC812": edit("iati.yaml", "percentage: 60", "percentage: 50"),
    # waivers
    "CIC901": edit("partners/saint-josse-ten-noode.yaml", PHONE, PHONE + "  # cic: ignore[CIC602]", "cic: ignore"),
    "CIC902": edit("partners/evere.yaml", "budget_os1: 150145.16",
                   "budget_os1: 150145.16  # cic: ignore[CIC602] no longer true", "budget_os1"),
    "CIC903": written("waivers.yaml", WAIVERS.replace("code: CIC201", "code: CIC299"), "code: CIC299"),
    # agreed readings
    "CIC911": written("readings.yaml", READING.replace("IOV 4.3, targets, year5", "IOV 4.9, targets, year5"), "path:"),
    "CIC912": written("readings.yaml", READING.replace("printed: 13", "printed: 14"), "printed: 14"),
    "CIC913": written("readings.yaml", READING.replace("read_as: 12", "read_as: douze"), "read_as: douze"),
    "CIC914": Example((Edit("readings.yaml", None, READING + READING.split("readings:\n")[1]),), "readings.yaml",
                      line=READING.count("\n") + 1),  # the second entry
    "CIC915": written("readings.yaml", READING.replace("read_as: 12", "read_as: 13"), "read_as: 13"),
}
