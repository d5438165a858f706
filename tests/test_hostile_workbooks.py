"""Hostile workbooks for `cic import` (tests/corpus/workbooks/): each refused at its place, in bounded memory.

Every case is imported in one child process whose address space is capped (`resource.setrlimit`):
a regression that lets openpyxl build a billion cells ends in that child with MemoryError (or
SIGSEGV), never takes the machine down, and fails the test naming the case. A clean form is
imported first under the same cap, so the cap is known to leave room for the real work. The
numbers and texts typed are FICTIONAL.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from tests.corpus_workbooks import WORKBOOKS, WorkbookCase, workbook_cases

from cicmaroc import api

DEMO = Path(__file__).resolve().parents[1] / "examples" / "demo" / "data"
#: The child's address space: a clean import needs a few hundred megabytes of it.
MEMORY_CAP = 1 << 30
CASES = workbook_cases()

#: Imports each workbook given (a dry run: the data folder is not changed) and prints, per
#: workbook, one JSON line: its findings (code, where, message) and the entries it would add.
CHILD = """
import json, resource, sys
from pathlib import Path

cap = int(sys.argv[1])
resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
from cicmaroc import api
from cicmaroc.forms.importing import import_forms
from cicmaroc.numeric import exact_arithmetic

run = api.validate(Path(sys.argv[2]))
for name in sys.argv[3:]:
    try:
        with exact_arithmetic():
            outcome = import_forms(run.programme, [Path(name)], 2021, dry_run=True, replace=False,
                                   partial=False, limits=run.config.limits())
        said = {"findings": [[f.code, f.location.where if f.location else "", f.message]
                             for f in outcome.findings], "added": outcome.added}
    except BaseException as exc:
        said = {"crash": f"{type(exc).__name__}: {exc}"[:300]}
    print(json.dumps({"case": Path(name).stem, **said}), flush=True)
"""


@pytest.fixture(scope="module")
def forms(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the demo and its 2021 forms of Aït Baha and Etterbeek."""
    folder = tmp_path_factory.mktemp("hostile-workbooks")
    data = folder / "data"
    shutil.copytree(DEMO, data)
    (data / "monitoring" / "2021.yaml").unlink()  # the cases fill 2021's blank forms
    api.forms(data, 2021, folder / "forms", "fr", ["ait-baha", "etterbeek"])
    return data, folder / "forms"


def test_the_corpus_has_its_cases():
    names = {c.name for c in CASES}
    assert len(names) == len(list(WORKBOOKS.glob("*.yaml"))) >= 15
    assert {"merge-over-a-billion-cells", "link-over-a-billion-cells", "entities-in-a-dtd", "count-1e999",
            "amount-with-a-tenth-of-a-cent", "source-of-2-million-characters"} <= names


def test_each_hostile_workbook_is_refused_at_its_place_under_a_memory_cap(forms: tuple[Path, Path],
                                                                          tmp_path: Path):
    data, made = forms
    clean = made.parent / "clean.xlsx"
    book = load_workbook(made / "2021-ait-baha.xlsx")
    book["Indicateurs"]["F6"], book["Indicateurs"]["H6"] = "oui", "Délibération (FICTIF)"
    book.save(clean)
    built = [case.build(made, tmp_path) for case in CASES]
    assert all(path.stat().st_size < 1_500_000 for path in built)  # small files, most a few kilobytes
    child = subprocess.run([sys.executable, "-c", CHILD, str(MEMORY_CAP), str(data), str(clean),
                            *map(str, built)], capture_output=True, text=True, timeout=600)
    said = {line["case"]: line for line in map(json.loads, child.stdout.splitlines())}
    assert said.get("clean") == {"case": "clean", "findings": [], "added": 1}, (said.get("clean"),
                                                                              child.stderr[-2000:])
    wrong = []  # every case that is not refused at its place, said at once
    for case in CASES:
        outcome = said.get(case.name, {"crash": f"the child died ({child.returncode}) before it"})
        findings = outcome.get("findings", [])
        located = [(code, where) for code, where, _ in findings]
        if "crash" in outcome or (case.code, case.at) not in located or outcome["added"] != 0 or \
                not any(case.says in message for code, _, message in findings if code == case.code):
            wrong.append((case.name, outcome))
    said_wrong = "\n".join(f"{name}: {outcome}"[:600] for name, outcome in wrong)
    assert wrong == [], said_wrong + child.stderr[-2000:]
    assert child.returncode == 0, child.stderr[-2000:]


def test_a_number_is_read_as_the_spreadsheet_saved_it(forms: tuple[Path, Path], tmp_path: Path):
    """A cell saved as `99999999999999.99` is 99999999999999.98 once read as a binary float (what
    openpyxl gives): read from the cell's text, the amount imported is the one saved, to the cent."""
    data, made = forms
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    cell = '<c r="{0}" s="(\\d+)" t="n"></c>'
    saved = WorkbookCase("exact-amount", "etterbeek", (
        {"part": "xl/worksheets/sheet1.xml", "pattern": cell.format("E6"),
         "with": '<c r="E6" s="\\1" t="n"><v>99999999999999.99</v></c>'},
        {"part": "xl/worksheets/sheet1.xml", "pattern": cell.format("E7"),
         "with": '<c r="E7" s="\\1" t="n"><v>12.1</v></c>'},
        {"part": "xl/worksheets/sheet1.xml", "pattern": cell.format("F6"),
         "with": '<c r="F6" s="\\1" t="inlineStr"><is><t>Comptes (FICTIF)</t></is></c>'}), "", "", "")
    outcome = api.import_forms(copy, [saved.build(made, tmp_path)], 2021)
    assert outcome.findings == [] and outcome.written
    assert "investissement: 99999999999999.99, fonctionnement: 12.10" in (
        copy / "monitoring" / "2021.yaml").read_text(encoding="utf-8")
    spent = api.validate(copy).actuals.spending[2021]
    assert spent[("partenaires", "etterbeek", "investissement")] == Decimal("99999999999999.99")


def test_the_year_file_is_never_written_beyond_what_cic_reads(forms: tuple[Path, Path], tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch):
    """Whatever gets past the checks at the cells (here the bound on a source's length is lifted),
    the year file is read back with cic's own limits before it is written: a file cic would then
    refuse to read (over the 2 MiB of max-file-size), stopping every report of the year, is not
    written (CIC734)."""
    from cicmaroc.forms import importing

    data, made = forms
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    monkeypatch.setattr(importing, "MAX_TEXT", 10_000_000)
    [case] = [c for c in CASES if c.name == "source-of-2-million-characters"]
    outcome = api.import_forms(copy, [case.build(made, tmp_path)], 2021)
    [error] = outcome.errors
    assert error.code == "CIC734" and "over the limit of 2,097,152 bytes" in error.message, error.message
    assert not outcome.written and not (copy / "monitoring" / "2021.yaml").exists()


def test_a_form_returned_untouched_imports_as_it_was_sent(tmp_path: Path):
    """`cic forms` prefills what is recorded, cents included, through openpyxl, which writes 8843.55
    as `8843.549999999999`; the reply returned untouched imports with nothing to add and no finding
    (it was refused as "more than 15 digits before the decimal point")."""
    data = tmp_path / "data"
    shutil.copytree(DEMO, data)
    api.forms(data, 2021, tmp_path / "forms", "fr", ["evere"])
    form = tmp_path / "forms" / "2021-evere.xlsx"
    with zipfile.ZipFile(form) as package:  # the prefilled 8843.55, as openpyxl wrote it
        assert "<v>8843.549999999999</v>" in package.read("xl/worksheets/sheet1.xml").decode()
    outcome = api.import_forms(data, [form], 2021, dry_run=True, replace=True)
    assert outcome.findings == [] and outcome.added == 0


def test_a_double_written_in_full_is_the_amount_typed(forms: tuple[Path, Path], tmp_path: Path):
    """A cell holds a binary double; Excel writes it with up to 17 digits (8843.55 as
    8843.5499999999993), openpyxl with 16: the amount imported is the one typed. More decimals than
    a double holds, or a third decimal typed, are still refused, with the reason that applies."""
    data, made = forms
    copy = tmp_path / "data"
    shutil.copytree(data, copy)
    cell = '<c r="{0}" s="(\\d+)" t="n"></c>'
    full = (format(8843.55, ".17g"), format(9379.87, ".16g"))  # as Excel and openpyxl write them
    assert full == ("8843.5499999999993", "9379.870000000001")
    typed = WorkbookCase("double-in-full", "etterbeek", (
        {"part": "xl/worksheets/sheet1.xml", "pattern": cell.format("E6"),
         "with": f'<c r="E6" s="\\1" t="n"><v>{full[0]}</v></c>'},
        {"part": "xl/worksheets/sheet1.xml", "pattern": cell.format("E7"),
         "with": f'<c r="E7" s="\\1" t="n"><v>{full[1]}</v></c>'},
        {"part": "xl/worksheets/sheet1.xml", "pattern": cell.format("F6"),
         "with": '<c r="F6" s="\\1" t="inlineStr"><is><t>Comptes (FICTIF)</t></is></c>'}), "", "", "")
    outcome = api.import_forms(copy, [typed.build(made, tmp_path)], 2021)
    assert outcome.findings == [] and outcome.written
    spent = api.validate(copy).actuals.spending[2021]
    assert spent[("partenaires", "etterbeek", "investissement")] == Decimal("8843.55")
    assert spent[("partenaires", "etterbeek", "fonctionnement")] == Decimal("9379.87")
    seven = WorkbookCase("seven-decimals", "etterbeek", (
        {"part": "xl/worksheets/sheet1.xml", "pattern": cell.format("E6"),
         "with": '<c r="E6" s="\\1" t="n"><v>1.0000001</v></c>'},
        {"part": "xl/worksheets/sheet1.xml", "pattern": cell.format("F6"),
         "with": '<c r="F6" s="\\1" t="inlineStr"><is><t>Comptes (FICTIF)</t></is></c>'}), "", "", "")
    [refused] = api.import_forms(copy, [seven.build(made, tmp_path)], 2021, dry_run=True,
                                 replace=True).findings
    assert refused.code == "CIC725" and "at most two decimals" in refused.message
    assert "digits before the decimal point" not in refused.message
