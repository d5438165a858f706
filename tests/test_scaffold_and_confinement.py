"""`cic new` builds files as data (nothing a name holds becomes live YAML), and no file under
data/ is read or written through a link leading outside it.

Names and secrets are FICTIONAL test input.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.conftest import replace_in
from typer.testing import CliRunner

from cicmaroc import api
from cicmaroc.cli.main import app
from cicmaroc.yaml.reader import parse_text

runner = CliRunner()
SECRET = "cic-test-credential-8e21"
HOSTILE_NAMES = [
    "Commune d'Oued Essafa\n    IOV 1: {sas: true, source: forged}",
    "A\r\n  IOV 2: {projets: 99, source: forged}",
    "B\u2028    IOV 3: {women: {part: 1, of: 1}, source: forged}",
    "C # ] } { [ : - ? | > ' \" & * ! % @ `",
    "D\u0085  spending: {partenaires: {evere: {investissement: 1}}}",
]
#: The names that make the partner file itself unreadable (a C1 control is CIC012): the figures,
#: which need its communes, are then refused rather than computed without them.
UNREADABLE_NAMES = {HOSTILE_NAMES[4]}


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_new_monitoring_never_pastes_a_name_as_yaml(name: str, data_copy: Path):
    path = data_copy / "partners" / "evere.yaml"
    quoted = (name.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
              .replace("\u2028", "\\L").replace("\u0085", "\\N"))
    replace_in(path, "    name: Commune d'Oued Essafa\n", f'    name: "{quoted}"\n')
    result = runner.invoke(app, ["new", "monitoring", "2019", "--data", str(data_copy)])
    assert result.exit_code == 0, result.output
    text = (data_copy / "monitoring" / "2019.yaml").read_text(encoding="utf-8")
    doc, findings = parse_text(text, "2019.yaml")
    assert doc is not None and not findings
    assert all(entries is None for entries in doc.data["reports"].values())  # nothing live
    assert all(spenders is None for spenders in doc.data["spending"].values())
    assert "forged" not in str(doc.data)
    if name in UNREADABLE_NAMES:
        with pytest.raises(api.DataError, match=r"partners/evere\.yaml"):
            api.progress(data_copy, 2019)
        return
    measures = [m for group in api.progress(data_copy, 2019)["indicators"]
                for item in group["indicators"] for m in item["measures"]]
    assert measures and all(m["reported"] == 0 for m in measures)  # nobody reported


def test_new_partner_is_checked_against_what_it_was_built_from(data_copy: Path):
    result = runner.invoke(app, ["new", "partner", "x3", "--communes", "2", "--data", str(data_copy)])
    assert result.exit_code == 0, result.output
    doc, findings = parse_text((data_copy / "partners" / "x3.yaml").read_text(encoding="utf-8"), "x")
    assert doc is not None and not findings and doc.data["id"] == "x3"
    assert len(doc.data["local_communes"]) == 2


# --- confinement: no link out of data/ ---------------------------------------------------------


@pytest.fixture
def planted(data_copy: Path, tmp_path: Path) -> Path:
    """data/partners/b.yaml -> a credentials file outside the repository."""
    secret = tmp_path / "outside" / "creds.yaml"
    secret.parent.mkdir()
    text = (data_copy / "partners" / "evere.yaml").read_text(encoding="utf-8")
    for old, new in (("id: evere", "id: b"), ("title: EVERE/OUED ESSAFA", f"title:   {SECRET}"),
                     ("  - id: oued-essafa", "  - id: bb"),
                     ('  phones: ["02 247 63 35"', f'  phones: ["{SECRET}"')):
        assert old in text, old
        text = text.replace(old, new)
    secret.write_text(text, encoding="utf-8")  # a valid partner file: main read it into everything
    (data_copy / "partners" / "b.yaml").symlink_to(secret)
    return secret


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif"])
def test_a_link_out_of_data_is_not_read(fmt: str, planted: Path, data_copy: Path):
    result = runner.invoke(app, ["validate", str(data_copy), "--format", fmt])
    assert result.exit_code == 1
    assert SECRET not in result.output and "leading outside the data folder" in result.output


def test_a_link_out_of_data_does_not_reach_the_report(planted: Path, data_copy: Path, tmp_path: Path):
    out = tmp_path / "report.md"
    runner.invoke(app, ["report", "--year", "2019", "-o", str(out), str(data_copy)])
    assert not out.exists() or SECRET not in out.read_text(encoding="utf-8")


def test_fmt_does_not_rewrite_a_file_outside_through_a_link(planted: Path, data_copy: Path):
    before = planted.read_bytes()
    for args in (["fmt", str(data_copy / "partners" / "b.yaml")], ["fmt", str(data_copy)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 1 and "outside the data folder" in result.output.replace("\n", " ")
        assert planted.read_bytes() == before


def test_a_link_inside_data_is_followed(data_copy: Path):
    shared = data_copy / "partners" / "evere.yaml"
    (data_copy / "partners" / "evere-link.yaml").symlink_to(shared)
    result = runner.invoke(app, ["validate", str(data_copy), "--format", "json"])
    assert "leading outside" not in result.output and "evere-link.yaml" in result.output  # read: CIC301


def test_a_data_folder_that_is_itself_a_link_works_for_validate_and_fmt(data_copy: Path, tmp_path: Path):
    """The folder named on the command line (or found) may be a link: confinement starts there."""
    repo = tmp_path / "repo"
    repo.mkdir()
    (repo / "data").symlink_to(data_copy)
    assert runner.invoke(app, ["validate", str(repo / "data")]).exit_code == 1  # the real findings
    result = runner.invoke(app, ["fmt", "--check", str(repo / "data")])
    assert result.exit_code == 0, result.output
