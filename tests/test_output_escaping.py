"""Text from files, file names and the command line is never read as instructions by any output.

- rich markup: `[/]` in a path, a code, an id, a template name or a setting is text (it used to
  end in a MarkupError traceback, or silently lose `[red]`);
- file names with a newline, an ESC byte or bidi controls: one name is one line in every format,
  nothing reaches the terminal raw and no GitHub workflow command can be forged;
- the Markdown report: controls and bidi controls shown escaped, URLs inert.

The names and values are FICTIONAL hostile test input.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from pathlib import Path

import pytest
from tests.conftest import ended_by_exit
from typer.testing import CliRunner

from cicmaroc.cli.main import app

runner = CliRunner()
FORGED = "z\n::error file=README.md,line=1,title=Forged::owned\x1b[31mred\u202e.yaml"


def said(result) -> str:
    return result.output + (result.stderr or "")


# --- markup -------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["validate", "data[/]"],
    ["rules", "CIC[/]"],
    ["new", "partner", "[/]"],
    ["report", "--year", "2019", "--template", "x[red]y.j2"],
    ["fmt", "missing[/bold].yaml"],
], ids=["validate-path", "rules-code", "new-id", "report-template", "fmt-path"])
def test_square_brackets_are_text_not_markup(args: list[str], data_copy: Path,
                                             monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(data_copy.parent)
    result = runner.invoke(app, args)
    assert result.exit_code == 2, said(result)
    assert ended_by_exit(result), result.exception
    shown = next(a for a in args if "[" in a)
    assert shown in said(result).replace("\n", "")  # every character kept, `[red]` included


def test_square_brackets_in_a_setting_name(data_copy: Path):
    (data_copy.parent / "cic.toml").write_text('"[/x]" = 1\n', encoding="utf-8")
    result = runner.invoke(app, ["validate", str(data_copy)])
    assert result.exit_code == 2 and "[/x]" in said(result)
    assert ended_by_exit(result), result.exception


# --- file names in every format -----------------------------------------------------------------


@pytest.fixture
def forged(data_copy: Path) -> Path:
    """A partner file whose name holds a newline, a forged workflow command, ESC and U+202E."""
    path = data_copy / "partners" / FORGED
    path.write_text("# FICTIONAL\nid: z\n", encoding="utf-8")
    return data_copy


def test_text_output_shows_a_hostile_file_name_on_one_line(forged: Path):
    result = runner.invoke(app, ["validate", str(forged)])
    out = result.output
    assert "\x1b" not in out and "\u202e" not in out
    assert not re.search(r"^::", out, re.MULTILINE)  # no line of the log starts a workflow command
    assert "z\\n::error file=README.md" in out and "\\x1b[31mred\\u202e.yaml" in out


def workflow_commands(log: str) -> list[tuple[str, dict[str, str], str]]:
    """The workflow commands a GitHub runner reads from a log: every line starting with `::`,
    split as the runner splits it (properties on `,`, each `key=value`)."""
    found = []
    for line in log.splitlines():
        if line.startswith("::"):
            head, _, message = line[2:].partition("::")
            command, _, props = head.partition(" ")
            found.append((command, dict(p.split("=", 1) for p in props.split(",") if p), message))
    return found


def test_github_output_cannot_be_forged(forged: Path):
    result = runner.invoke(app, ["validate", str(forged), "--format", "github"])
    commands = workflow_commands(result.output)
    assert len(commands) == len(result.output.splitlines())  # every line is one whole command
    assert {c[0] for c in commands} <= {"error", "warning", "notice"}
    assert not [c for c in commands if c[1].get("file") == "README.md"]  # nothing points elsewhere
    mine = [c for c in commands if "Forged" in c[1].get("file", "")]
    assert mine and set(mine[0][1]) <= {"file", "line", "col", "title"}
    assert "\x1b" not in result.output and "\u202e" not in result.output


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_json_and_sarif_carry_the_name_escaped_and_parse(fmt: str, forged: Path):
    result = runner.invoke(app, ["validate", str(forged), "--format", fmt])
    doc = json.loads(result.output)
    assert "\x1b" not in result.output and "\u202e" not in result.output
    if fmt == "json":
        files = [f["location"]["file"] for f in doc["findings"]]
    else:  # SARIF locations are URIs: %-encoded, and they decode to the name as shown
        uris = [loc["physicalLocation"]["artifactLocation"]["uri"]
                for r in doc["runs"][0]["results"] for loc in r.get("locations", [])]
        assert uris and all(" " not in u and "\\" not in u and "\n" not in u for u in uris)
        files = [urllib.parse.unquote(u) for u in uris]
    assert any(f.endswith("z\\n::error file=README.md,line=1,title=Forged::owned\\x1b[31mred\\u202e.yaml")
               for f in files), files


def test_a_file_name_that_is_not_utf8_is_shown_escaped(data_copy: Path):
    import os

    folder = os.fsencode(data_copy / "partners")
    with open(os.path.join(folder, b"caf\xe9.yaml"), "wb") as handle:
        handle.write(b"# FICTIONAL\nid: cafe\n")
    for fmt in ("text", "json", "github", "sarif"):
        result = runner.invoke(app, ["validate", str(data_copy), "--format", fmt])
        assert result.exit_code == 1, (fmt, said(result))
        shown = urllib.parse.unquote(result.output).replace("\\\\", "\\")
        assert "caf\\xe9.yaml" in shown, fmt


# --- bidi controls in values: a finding, and escaped wherever they are shown ---------------------


def test_bidi_controls_in_a_value_are_a_located_finding_and_shown_escaped(data_copy: Path):
    path = data_copy / "partners" / "evere.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  contacts: [Sabine MAURY]\n" in text
    path.write_text(text.replace("  contacts: [Sabine MAURY]\n",
                                 "  contacts: [\"Sabine \u202eYRUAM\u202c\"]\n"), encoding="utf-8")
    line = text.splitlines().index("  contacts: [Sabine MAURY]") + 1
    column = len('  contacts: ["Sabine ') + 1  # the U+202E itself
    result = runner.invoke(app, ["validate", str(data_copy)])
    assert result.exit_code == 1
    assert re.search(rf"\b{line}:{column} +error +CIC013", result.output), result.output
    assert "\u202e" not in result.output and "\\u202e" in result.output


def test_markdown_escape_shows_controls_and_makes_urls_inert():
    from cicmaroc.report.markdown import md_escape

    out = str(md_escape("Commune https://evil.example/x www.evil.example x@evil.example \u202e\x1b"))
    assert "https://" not in out and "https&#58;//evil.example/x" in out
    assert "www.evil" not in out and "www&#46;evil.example" in out
    assert "x@evil.example" not in out
    assert "\u202e" not in out and "\x1b" not in out and "\\\\u202e\\\\x1b" in out


def test_the_report_shows_a_url_in_a_name_as_text(data_copy: Path, tmp_path: Path):
    path = data_copy / "partners" / "evere.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  name: Commune d'Evere\n" in text
    path.write_text(text.replace("  name: Commune d'Evere\n",
                                 "  name: \"Evere https://phish.example/login\"\n"), encoding="utf-8")
    out = tmp_path / "report.md"
    result = runner.invoke(app, ["report", "--year", "2019", "-o", str(out), str(data_copy)])
    assert result.exit_code == 0, said(result)
    report = out.read_text(encoding="utf-8")
    assert "phish.example" in report and "https://phish" not in report


@pytest.mark.parametrize("fmt", ["json", "sarif", "github", "text"])
def test_a_value_with_controls_in_a_message_is_inert_in_every_format(fmt: str):
    """A value quoted in a message (a name, a phone) reaches every format escaped; JSON and SARIF
    parse back to the very same text."""
    from cicmaroc.findings import Location
    from cicmaroc.output import emitter
    from cicmaroc.output.listing import Listing
    from cicmaroc.rules.partners import CIC605

    finding = CIC605.finding("two-names", Location("data/x.yaml", 3, 5), commune="x",
                             name="Sa\u202eïd\u2069\u2028x\x85", other="Said")
    message = finding.message
    assert "Sa\u202eïd\u2069\u2028x\x85" in message
    out = emitter(fmt)(Listing([finding]))
    assert not re.search("[\u202e\u2069\u2028\x85\x1b]", out), out
    if fmt == "json":
        assert json.loads(out)["findings"][0]["message"] == message
    if fmt == "sarif":
        assert json.loads(out)["runs"][0]["results"][0]["message"]["text"] == f"{message} {finding.hint}"
