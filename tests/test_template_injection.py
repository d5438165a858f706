"""Report templates are untrusted: real template-injection payloads must get nowhere.

A template in the data repository can be changed by anyone who can open a pull request, and CI
renders it with secrets in its environment. Each payload below is first shown to be *real*: on a
plain `jinja2.Environment` it leaks a secret, Python internals or a file, or runs a command. The
same payload given to `cic report --template` must exit 2 with a message naming the template,
write no report, run nothing, and print no secret. Values from the YAML files must come out as
literal text in the Markdown report (no table broken, no HTML, no link).
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest
from tests.conftest import ended_by_exit
from typer.testing import CliRunner

from cicmaroc.cli.main import app

SECRET = "cic-test-secret-5f1d0c"  # a fake secret, set in the environment by the fixture below
runner = CliRunner()


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Path]:
    """A fake CI secret in os.environ and in a file; paths a payload could touch."""
    monkeypatch.setenv("CIC_FAKE_DEPLOY_TOKEN", SECRET)
    secret_file = tmp_path / "secret.txt"
    secret_file.write_text(SECRET, encoding="utf-8")
    return {"file": secret_file, "pwned": tmp_path / "pwned"}


# (id, template): each leaks or executes on a plain jinja2.Environment (proven in the first test).
# {file} and {pwned} are replaced by the fixture's paths.
PAYLOADS = [
    ("subclasses-via-mro", "{{ ''.__class__.__mro__[1].__subclasses__() }}"),
    ("subclasses-loop", "{% for c in ().__class__.__base__.__subclasses__() %}{{ c }}{% endfor %}"),
    ("cycler-globals-environ", "{{ cycler.__init__.__globals__.os.environ }}"),
    ("joiner-globals-environ", "{{ joiner.__init__.__globals__.os.environ['CIC_FAKE_DEPLOY_TOKEN'] }}"),
    ("lipsum-globals", "{{ lipsum.__globals__['os'].environ }}"),
    ("namespace-globals", "{{ namespace.__init__.__globals__.os.environ }}"),
    ("template-reference-context", "{{ self._TemplateReference__context }}"),
    ("open-file-via-builtins",
     "{{ cycler.__init__.__globals__.__builtins__.open('{file}').read() }}"),
    ("popen-command",
     "{{ cycler.__init__.__globals__.os.popen('echo owned > {pwned}').read() }}"),
    ("format-string-attribute", "{{ '{0.__class__.__mro__}'.format(year) }}"),
    ("format-string-globals",
     "{{ '{0.__init__.__globals__[os].environ}'.format(cycler) }}"),
    ("format-map", "{{ '{x.__class__.__mro__}'.format_map({'x': year}) }}"),
    ("attr-filter-class", "{{ year|attr('__class__')|attr('__mro__') }}"),
    ("attr-filter-globals",
     "{{ cycler|attr('__init__')|attr('__globals__')|attr('get')('os')|attr('environ') }}"),
    ("string-mod-dict",
     "{{ '%(a)s' % {'a': cycler.__init__.__globals__.os.environ} }}"),
]

#: Names that Flask/Django-based injection payloads reach for: here there is no such object, so
#: the template must stop on an undefined name (StrictUndefined) rather than print an empty value.
FLASK_NAMES = ["{{ config.items() }}", "{{ request.environ }}", "{{ self.__init__.__globals__ }}",
               "{{ url_for.__globals__ }}", "{{ get_flashed_messages.__globals__ }}"]


def fill(template: str, paths: dict[str, Path]) -> str:
    return template.replace("{file}", str(paths["file"])).replace("{pwned}", str(paths["pwned"]))


def leaked(text: str, paths: dict[str, Path]) -> bool:
    """What counts as a leak: the secret, Python's class tree or internals, or a command run."""
    return (SECRET in text or "<class '" in text or "<Context " in text
            or "__builtins__" in text or paths["pwned"].exists())


@pytest.mark.parametrize(("name", "template"), PAYLOADS, ids=[p[0] for p in PAYLOADS])
def test_payload_is_real_on_a_plain_jinja_environment(name: str, template: str, secret_env):
    """Without the sandbox each payload leaks or executes: the tests below test something real."""
    text = jinja2.Environment().from_string(fill(template, secret_env)).render(year=2019)
    assert leaked(text, secret_env), text[:300]


def write_template(folder: Path, body: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "evil.md.j2"
    path.write_text(f"# Rapport {{{{ year }}}}\n\n{body}\n", encoding="utf-8")
    return path


def report_with(template: Path, data: Path, out: Path):
    return runner.invoke(app, ["report", "--year", "2019", "--template", str(template),
                               "--output", str(out), str(data)])


def said(result) -> str:
    """Everything the command printed, with the console's line wrapping undone."""
    return (result.output + (result.stderr or "")).replace("\n", "")


def assert_refused(result, out: Path, paths: dict[str, Path]) -> None:
    everything = said(result)
    assert result.exit_code == 2, everything
    assert "evil.md.j2" in everything  # names the template
    assert ended_by_exit(result), result.exception
    assert not out.exists()  # nothing written
    assert not paths["pwned"].exists()  # nothing run
    assert SECRET not in everything and "<class '" not in everything and "Traceback" not in everything


@pytest.mark.parametrize(("name", "template"), PAYLOADS, ids=[p[0] for p in PAYLOADS])
def test_payload_is_refused_by_cic_report(name: str, template: str, secret_env, data_copy: Path,
                                          tmp_path: Path):
    evil = write_template(tmp_path / "templates", fill(template, secret_env))
    out = tmp_path / "report.md"
    assert_refused(report_with(evil, data_copy, out), out, secret_env)


@pytest.mark.parametrize("template", FLASK_NAMES)
def test_web_framework_names_are_undefined(template: str, secret_env, data_copy: Path, tmp_path: Path):
    evil = write_template(tmp_path / "templates", template)
    out = tmp_path / "report.md"
    result = report_with(evil, data_copy, out)
    assert_refused(result, out, secret_env)


def test_a_good_template_still_renders(secret_env, data_copy: Path, tmp_path: Path):
    """The control: the same command with a harmless template writes the report."""
    good = write_template(tmp_path / "templates", "{{ programme.partnerships }} partenariats")
    out = tmp_path / "report.md"
    result = report_with(good, data_copy, out)
    assert result.exit_code == 0, result.output
    assert "10 partenariats" in out.read_text(encoding="utf-8")


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs Linux /proc")
def test_a_template_symlinked_to_the_process_environment_is_not_included(
        secret_env, data_copy: Path, tmp_path: Path):
    """git keeps symlinks: a pull request can add templates/x.j2 -> /proc/self/environ."""
    folder = tmp_path / "templates"
    evil = write_template(folder, "{% include 'env.md.j2' %}")
    (folder / "env.md.j2").symlink_to("/proc/self/environ")
    out = tmp_path / "report.md"
    result = report_with(evil, data_copy, out)
    everything = said(result)
    assert SECRET not in everything and not out.exists()
    assert result.exit_code == 2 and "env.md.j2" in everything


def test_a_template_symlinked_outside_its_folder_is_not_included(secret_env, data_copy: Path,
                                                                 tmp_path: Path):
    folder = tmp_path / "templates"
    evil = write_template(folder, "{% include 'leak.md.j2' %}")
    (folder / "leak.md.j2").symlink_to(secret_env["file"])
    out = tmp_path / "report.md"
    result = report_with(evil, data_copy, out)
    everything = said(result)
    assert SECRET not in everything and not out.exists() and result.exit_code == 2


HOSTILE_NAME = "Commune <script>alert(1)</script> | [x](javascript:alert(1)) `code` *gras*\nligne 2"


def test_yaml_values_come_out_escaped_in_the_report(data_copy: Path, tmp_path: Path):
    path = data_copy / "partners" / "evere.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  name: Commune d'Evere\n" in text
    quoted = HOSTILE_NAME.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    path.write_text(text.replace("  name: Commune d'Evere\n", f'  name: "{quoted}"\n'), encoding="utf-8")
    out = tmp_path / "report.md"
    result = runner.invoke(app, ["report", "--year", "2019", "--output", str(out), str(data_copy)])
    assert result.exit_code == 0, result.output
    report = out.read_text(encoding="utf-8")
    assert "<script>" not in report and "&lt;script&gt;" in report  # no HTML
    assert "[x](javascript:" not in report and "\\[x\\]" in report  # no link
    assert "\\| \\[x\\]" in report  # the cell is not split
    assert "\\`code\\`" in report and "\\*gras\\*" in report  # no code span, no emphasis
    lines = report.splitlines()
    at = next(i for i, line in enumerate(lines) if "alert(1)" in line and line.startswith("|"))
    row = lines[at]
    assert "<br>ligne 2" in row  # the newline stays inside the table row
    separator = max(i for i in range(at) if lines[i].startswith("| ---"))  # this table's header is above it
    header = lines[separator - 1]
    assert header.startswith("| ") and all(line.startswith("|") for line in lines[separator:at + 1])
    assert row.replace("\\|", "").count("|") == header.count("|")  # as many cells as the header: not split


def test_no_secret_reaches_the_report_of_the_real_data(secret_env, data_copy: Path, tmp_path: Path):
    out = tmp_path / "report.md"
    result = runner.invoke(app, ["report", "--year", "2019", "--output", str(out), str(data_copy)])
    assert result.exit_code == 0 and SECRET not in out.read_text(encoding="utf-8")
    assert os.environ["CIC_FAKE_DEPLOY_TOKEN"] == SECRET  # the fixture really set it


def test_a_message_catalogue_symlinked_outside_is_not_read(secret_env, data_copy: Path, tmp_path: Path):
    """i18n/en.yaml becomes `t.*`: a link to a YAML credentials file would be printable."""
    credentials = tmp_path / "credentials.yaml"
    credentials.write_text(f"token: {SECRET}\n", encoding="utf-8")
    folder = tmp_path / "templates"
    evil = write_template(folder, "{{ t.token }}")
    (folder / "i18n").mkdir()
    (folder / "i18n" / "en.yaml").symlink_to(credentials)
    out = tmp_path / "report.md"
    result = report_with(evil, data_copy, out)
    assert result.exit_code == 2 and SECRET not in said(result) and not out.exists()
    assert "link" in said(result)


@pytest.mark.parametrize("template", ["{{ 'a' * 10**8 }}", "{{ [0] * 10**7 }}", "{{ 10**8 * 'ab' }}",
                                      "{{ 7 ** 10000000 }}"])
def test_one_expression_cannot_exhaust_memory(template: str, secret_env, data_copy: Path, tmp_path: Path):
    """Without the bound, 'a' * 10**8 took 17 s and 1.1 GB; 10**9 would take CI down."""
    evil = write_template(tmp_path / "templates", template)
    out = tmp_path / "report.md"
    assert_refused(report_with(evil, data_copy, out), out, secret_env)


def test_small_repeats_and_powers_still_work(data_copy: Path, tmp_path: Path):
    good = write_template(tmp_path / "templates", "{{ '-' * 3 }} {{ 2 ** 10 }} {{ 3 * 4 }}")
    out = tmp_path / "report.md"
    assert report_with(good, data_copy, out).exit_code == 0
    assert "--- 1024 12" in out.read_text(encoding="utf-8")  # '-' is not a character Markdown escapes inline


#: Each builds ~100 MB of text on an unbounded environment (main: 1.1 GB, 17 s for the first).
AMPLIFIERS = [
    '{{ "x"|center(100000000) }}',
    '{{ "%0100000000d"|format(1) }}',
    '{{ "x"|indent(100000000, true) }}',
    "{{ 'x'.ljust(100000000) }}",
    "{{ '{:>100000000}'.format(1) }}",
    "{{ '%0100000000d' % 1 }}",
    "{% set ns = namespace(s='x' * 100000) %}{% for i in range(12) %}{% set ns.s = ns.s ~ ns.s %}"
    "{% endfor %}{{ ns.s|length }}",
    "{% set ns = namespace(s='x' * 100000) %}{% for i in range(12) %}{% set ns.s = ns.s + ns.s %}"
    "{% endfor %}{{ ns.s|length }}",
    "{% for i in range(100000) %}{{ 'y' * 100 }}{% endfor %}",
    "{% set big %}{% for i in range(100000) %}{{ 'y' * 100 }}{% endfor %}{% endset %}{{ big|length }}",
]


@pytest.mark.parametrize("template", AMPLIFIERS, ids=range(len(AMPLIFIERS)))
def test_nothing_a_template_builds_may_exceed_the_output_bound(template: str, secret_env, data_copy: Path,
                                                                tmp_path: Path):
    """One bound (MAX_OUTPUT) where output is built, whatever built it: exit 2, nothing written."""
    from tests.test_corpus import hang_guard

    evil = write_template(tmp_path / "templates", template)
    out = tmp_path / "report.md"
    with hang_guard(20):
        result = report_with(evil, data_copy, out)
    assert_refused(result, out, secret_env)
    assert "limit" in said(result)


def test_text_up_to_the_bound_still_renders(data_copy: Path, tmp_path: Path):
    good = write_template(tmp_path / "templates", "{{ 'x'|center(1000) }}|{{ '%05d'|format(42) }}|"
                                                  "{{ ('ab' ~ 'cd') * 2 }}")
    out = tmp_path / "report.md"
    result = report_with(good, data_copy, out)
    assert result.exit_code == 0, said(result)
    assert "00042" in out.read_text(encoding="utf-8") and "abcdabcd" in out.read_text(encoding="utf-8")
