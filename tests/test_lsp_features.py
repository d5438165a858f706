"""The parts of `cic lsp` below the protocol, in this process: buffers over the disk, the incremental
check, the table of ids, ranges, where the cursor stands, hover in the officer's language, and the
waiver drafts. tests/test_lsp_server.py and tests/test_lsp_neovim.py drive the whole server.

The programme is a copy of the demo (examples/demo/data), so nothing here depends on data/.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from tests.test_lsp_server import DEMO

from cicmaroc import api
from cicmaroc.files import buffers
from cicmaroc.i18n.translator import translator
from cicmaroc.lsp.actions import format_action, waiver_actions
from cicmaroc.lsp.checking import Checker
from cicmaroc.lsp.completion import Place, complete, where
from cicmaroc.lsp.hover import hover
from cicmaroc.lsp.ids import DEFINITIONS, KINDS, USES
from cicmaroc.lsp.ranges import token_span


@pytest.fixture
def demo(tmp_path: Path) -> Path:
    shutil.copytree(DEMO, tmp_path / "data")
    return (tmp_path / "data").resolve()


# -- ranges: a finding underlines its whole token ------------------------------------------------------

@pytest.mark.parametrize(("line", "token"), [
    ("budget_os1: 150145.16", "150145.16"),
    ("  total: {2017: 314680.21, grand_total: 1697293.05}", "1697293.05"),
    ("  total: {2017: 314680.21, grand_total: 1697293.05}", "314680.21"),
    ("  total: {2017: 314680.21, grand_total: 1697293.05}", "{2017: 314680.21, grand_total: 1697293.05}"),
    ('phones: ["212 6 67 97 72 001", "x"]', '"212 6 67 97 72 001"'),
    ("  ait-baha:  # the commune", "ait-baha"),
    ("    IOV 1: {sas: true}", "IOV 1"),
    ("outcome_text: >-", ">-"),
    ("name: Commune d'Aït Baha # note", "Commune d'Aït Baha"),
    ("note: 'it''s here' # x", "'it''s here'"),
])
def test_a_token_is_underlined_whole(line: str, token: str):
    begin, end = token_span(line, line.index(token))
    assert line[begin:end] == token


def test_a_position_past_the_line_still_underlines_something():
    assert token_span("key: x", 40) == (5, 6)
    assert token_span("", 3) == (0, 0)


# -- buffers over the disk ----------------------------------------------------------------------------

def test_a_buffer_stands_for_its_file_and_an_unsaved_new_file_is_listed(demo: Path):
    files = buffers.EditorFiles({demo / "partners" / "evere.yaml": "id: changed\n",
                                 demo / "partners" / "nouvelle.yaml": "id: nouvelle\n"})
    listed = files.listing(demo / "partners")
    assert demo / "partners" / "nouvelle.yaml" in listed and listed == sorted(listed)
    raw, problems = files.read(demo / "partners" / "evere.yaml", "evere", 1000, demo)
    assert (raw, problems) == (b"id: changed\n", [])


def test_a_disk_file_is_read_again_only_when_it_changed(demo: Path, monkeypatch: pytest.MonkeyPatch):
    reads: list[Path] = []
    real = buffers.DiskFiles.read

    def counted(self: buffers.DiskFiles, path: Path, *args: object) -> object:
        reads.append(path)
        return real(self, path, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(buffers.DiskFiles, "read", counted)
    files, budget = buffers.EditorFiles(), demo / "budget.yaml"
    first, _ = files.read(budget, "budget", 10**7, demo)
    again, _ = files.read(budget, "budget", 10**7, demo)
    assert again == first and reads == [budget]
    budget.write_bytes(first + b"# changed\n")  # a new size: read again
    changed, _ = files.read(budget, "budget", 10**7, demo)
    assert changed.endswith(b"# changed\n") and reads == [budget, budget]


@pytest.mark.parametrize(("text", "code"), [("x" * 5000, "CIC007"), ("é" * 3000, "CIC007"),
                                            ("id: \ud800\n", "CIC002"), ("id: a\x00\n", None)])
def test_a_hostile_buffer_is_bounded_like_a_file(demo: Path, text: str, code: str | None):
    files = buffers.EditorFiles({demo / "partners" / "evere.yaml": text})
    raw, problems = files.read(demo / "partners" / "evere.yaml", "evere", 4096, demo)
    if code == "CIC007":
        assert raw is None and [p.code for p in problems] == ["CIC007"]
    else:  # read, and refused by the decoder with its finding, as a file would be
        run = Checker(demo, max_file_size=4096).check({demo / "partners" / "evere.yaml": text})
        assert "CIC002" in [f.code for f in run.findings[demo / "partners" / "evere.yaml"]]


def test_a_buffer_through_a_link_out_of_the_data_folder_is_refused(demo: Path, tmp_path: Path):
    outside = tmp_path / "secret.yaml"
    outside.write_text("id: secret\n", encoding="utf-8")
    link = demo / "partners" / "linked.yaml"
    os.symlink(outside, link)
    checked = Checker(demo).check({link: "id: linked\n"})
    assert [f.code for f in checked.findings[link]] == ["CIC001"]


# -- the incremental check -------------------------------------------------------------------------------

def test_a_change_reparses_the_changed_file_only_and_keeps_nothing_stale(demo: Path):
    checker = Checker(demo)
    first = checker.check({})
    assert first.run is not None
    sources = dict(first.run.programme.sources)
    evere = demo / "partners" / "evere.yaml"
    text = evere.read_text(encoding="utf-8")
    for n in range(5):  # five versions of one buffer: one parse kept, not five
        again = checker.check({evere: text.replace("budget_os1: 150145.16", f"budget_os1: 1{n}0000.00")})
    assert again.run is not None
    shown = {str(Path(s).name): s for s in sources}
    for name, source in again.run.programme.sources.items():
        if name.endswith("evere.yaml"):
            assert source is not sources[name]
        else:
            assert source is sources[name], name  # the same parse, not read again
    assert len(checker._parses) == len(sources)
    assert "evere.yaml" in shown


def test_a_bad_setting_is_said_and_the_last_findings_stay(demo: Path):
    checker = Checker(demo)
    first = checker.check({})
    (demo.parent / "cic.toml").write_text("rounding-tolerance = \"lots\"\n", encoding="utf-8")
    broken = checker.check({})
    assert broken.problem and "rounding-tolerance" in broken.problem
    assert broken.findings == first.findings


# -- the table of ids -------------------------------------------------------------------------------------

def test_every_kind_of_id_is_defined_somewhere_and_every_use_names_known_kinds():
    defined = {k for site in DEFINITIONS for k in site.kinds} | {"rule"}
    assert defined == set(KINDS)
    assert {k for site in USES for k in site.kinds} <= defined


def test_ids_are_found_where_the_table_says(demo: Path):
    checked = Checker(demo).check({})
    partner = checked.ids.files[demo / "partners" / "evere.yaml"]
    assert [(o.id, o.kinds, o.defines) for o in partner.occurrences] == [
        ("evere", ("partnership",), True), ("oued-essafa", ("commune",), True)]
    monitoring = checked.ids.files[demo / "monitoring" / "2019.yaml"]
    measures = [o for o in monitoring.occurrences if o.kinds == ("measure",)]
    assert measures and all(o.scope and o.scope.startswith("IOV") for o in measures)
    sas = next(o for o in measures if o.id == "sas")
    (definition,) = checked.ids.definitions(sas)
    assert definition[0].shown.endswith("logframe.yaml") and definition[1].scope == sas.scope


# -- where the cursor stands, and what is offered there -----------------------------------------------------

@pytest.mark.parametrize(("text", "place"), [
    ("year: 2019\nreports:\n  ait-baha:  # a comment\n    IOV 1: {sas: true, pr",
     Place(("reports", "ait-baha", "IOV 1"), None, 23)),
    ("reports:\n  ait-baha:\n    IOV 1: {sas: true}\n    IO", Place(("reports", "ait-baha"), None, 4)),
    ("reports:\n  a: {}\nspending:\n  partenaires:\n    ev", Place(("spending", "partenaires"), None, 4)),
    ("risks:\n  - risk: a\n    level: x\n  - risk: pr", Place(("risks", 0), "risk", 10)),
    ("risks:\n- risk: a\n  occurred: true\n- risk: ", Place(("risks", 0), "risk", 8)),
    ("results:\n  R1:\n    indicators:\n      IOV", Place(("results", "R1", "indicators"), None, 6)),
    ('phones: ["a"]\nreports:\n  x', Place(("reports",), None, 2)),
])
def test_where_the_cursor_stands_is_read_from_text_being_typed(text: str, place: Place):
    lines = text.split("\n")
    assert where(lines, len(lines) - 1, len(lines[-1])) == place


def test_nothing_is_completed_in_a_comment_or_a_flow_list():
    assert where(["reports:", "  # ait"], 1, 7) is None
    assert where(["phones: [a, "], 0, 12) is None


def test_completion_offers_the_ids_the_site_wants(demo: Path):
    checker = Checker(demo)
    checked = checker.check({})
    files = checker.relative_files()
    measures = complete(checked.ids, "monitoring", ["reports:", "  x:", "    IOV 1: {"], 2, 12, files, "en")
    assert measures and [c.label for c in measures.candidates] == ["sas"]
    reporters = complete(checked.ids, "monitoring", ["reports:", "  "], 1, 2, files, "en")
    assert reporters and {"evere", "oued-essafa", "programme"} <= {c.label for c in reporters.candidates}
    codes = complete(checked.ids, "partners", ["phones: [x]  # cic: ignore[CIC6"], 0, 31, files, "en")
    assert codes and codes.start == 27 and "CIC602" in [c.label for c in codes.candidates]
    waivers = ["waivers:", "  - code: CIC106", "    file: "]
    named = complete(checked.ids, "waivers", waivers, 2, 10, files, "en")
    assert named and {"budget.yaml", "partners/evere.yaml"} <= {c.label for c in named.candidates}
    assert complete(checked.ids, "partners", ["id: ev"], 0, 6, files, "en") is None


# -- hover, in the officer's language ---------------------------------------------------------------------

def test_hover_says_what_an_id_is_in_dutch_and_where_it_is_defined(demo: Path):
    checked = Checker(demo).check({})
    monitoring = demo / "monitoring" / "2019.yaml"
    lines = monitoring.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines) if text == "  ait-zineb:")
    said = hover(checked.ids, checked.run, monitoring, lines[line], line, 4, translator("nl"))
    assert said and (said.start, said.end) == (2, 11)
    assert "**partnergemeente `ait-zineb`**: Commune rurale d'Aït Zineb" in said.markdown
    assert "Gedefinieerd in" in said.markdown and "auderghem.yaml" in said.markdown


def test_hover_on_a_rule_code_gives_its_documentation_and_unknown_ids_are_said(demo: Path):
    checked = Checker(demo).check({})
    path = demo / "partners" / "evere.yaml"
    line = "phones: [x]  # cic: ignore[CIC602] printed so"
    said = hover(checked.ids, checked.run, path, line, 0, line.index("CIC602") + 2, translator("fr"))
    assert said and said.markdown.startswith("**CIC602 ")
    assert "\n\n" in said.markdown
    typo = checker_with(demo, "monitoring/2019.yaml", "  ait-zineb:\n", "  ait-zineb-x:\n")
    lines = (demo / "monitoring" / "2019.yaml").read_text(encoding="utf-8").split("\n")
    line_no = next(i for i, text in enumerate(lines) if text == "  ait-zineb:")
    unknown = hover(typo.ids, typo.run, demo / "monitoring" / "2019.yaml", "  ait-zineb-x:", line_no, 4,
                    translator("en"))
    assert unknown
    assert unknown.markdown.startswith("`ait-zineb-x` is not a known partner commune, or partnership")


@pytest.mark.parametrize(("lang", "stated"), [("fr", "est indiqué comme -"), ("nl", "staat vermeld als -")])
def test_hover_on_a_dash_cell_says_its_dash_not_zero(demo: Path, lang: str, stated: str):
    checked = Checker(demo).check({})
    budget = demo / "budget.yaml"
    lines = budget.read_text(encoding="utf-8").split("\n")
    line = next(i for i, text in enumerate(lines) if text.strip().startswith("personnel:") and '"-"' in text)
    said = hover(checked.ids, checked.run, budget, lines[line], line, lines[line].rindex('"-"') + 1,
                 translator(lang))
    assert said is not None
    first = said.markdown.split("\n")[1]  # its row's grand total: "-" stated, the years add up to "-"
    assert stated in first and "0,00" not in first, said.markdown


def checker_with(demo: Path, name: str, old: str, new: str):  # type: ignore[no-untyped-def]
    path = demo / name
    return Checker(demo).check({path: path.read_text(encoding="utf-8").replace(old, new, 1)})


# -- waivers and layout as edits -----------------------------------------------------------------------------

def test_no_waiver_is_offered_for_data_that_was_not_read(demo: Path):
    path = demo / "partners" / "evere.yaml"
    checked = Checker(demo).check({path: "id: [evere\n"})
    assert checked.run is not None
    findings = checked.findings[path]
    assert [f.code for f in findings] == ["CIC003"]
    assert waiver_actions(checked.run, path, "id: [evere\n", findings, demo / "waivers.yaml", None,
                          translator("en")) == []


def test_a_waiver_entry_names_its_finding_alone_and_inline_waivers_stay_out_of_text_blocks(demo: Path):
    checked = Checker(demo).check({})
    assert checked.run is not None
    budget = demo / "budget.yaml"
    rounding = [f for f in checked.findings[budget] if f.code == "CIC106"]
    assert len(rounding) > 1
    entry = api.waiver_entry(checked.run, rounding[0], None)
    assert entry and "contains: " in entry and 'reason: ""' in entry
    evere = demo / "partners" / "evere.yaml"
    text = evere.read_text(encoding="utf-8")
    lines = text.split("\n")
    inside_block = next(i for i, line in enumerate(lines, 1) if line.startswith("  moins 2 projets"))
    assert api.inline_waiver(text, inside_block, "CIC604") is None
    heading = next(i for i, line in enumerate(text.split("\n"), 1) if line.startswith("outcome_text:"))
    drafted = api.inline_waiver(text, heading, "CIC604")
    assert drafted and drafted.split("\n")[heading - 1] == "outcome_text: >-  # cic: ignore[CIC604]"
    again = api.inline_waiver(drafted, heading, "CIC605")
    assert again and again.split("\n")[heading - 1] == "outcome_text: >-  # cic: ignore[CIC604, CIC605]"


def test_the_layout_action_is_cic_fmt_and_absent_when_the_file_is_laid_out(demo: Path):
    path = demo / "partners" / "evere.yaml"
    text = path.read_text(encoding="utf-8")
    assert format_action(path, text, translator("en")) is None
    unpadded = text.replace("budget_os1: 150145.16", "budget_os1: 150145.1")
    action = format_action(path, unpadded, translator("fr"))
    assert action and action.title == "Mettre le fichier en forme comme cic fmt"
    assert "budget_os1: 150145.10" in action.edits[0].text
