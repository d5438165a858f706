"""How fast is `cic validate`, against the tools a team would otherwise use, on the same files?

Run:  python bench/run.py             (about 5 minutes on 2 cores; --quick for a 1-round check)
      python bench/run.py --before /path/to/other/venv/bin/python   (also time that install's cic)

Needs the bench extra (`pip install -e ".[bench]"`: PyYAML, yamllint, check-jsonschema).
Everything runs in this one session, on the same files, rounds interleaved (A B C A B C ...)
so that a busy machine slows every tool alike; each figure is the median of the rounds.

- start-up (issues 11 and 22): the `cic validate` process on the real data against the floor, a
  bare Python process reading the same files with PyYAML's CSafeLoader, in one interleaved run
  (`--only startup`); the target is 3 times the floor. Two more processes in the same rounds say
  what part of that is the chosen stack's own: one importing Pydantic, Typer and libyaml's parser,
  one that also declares and builds cic's data models (no data read);
- with `--before PYTHON` (the interpreter of an install of the code before a change), its `cic`
  script and its `api.validate` are timed in the same interleaved rounds as this checkout's, in
  the start-up and the synthetic sections, and its peak memory is measured too;
- real data (data/): `cic validate` as an officer runs it (a process: start-up included) against
  `check-jsonschema` with the project's JSON Schemas (one process per schema, as CI would run
  it: partner, logframe, budget, country, risks, monitoring) and `yamllint` with every rule
  disabled (syntax only), one process over the folder;
- synthetic programmes, 10x and 100x the partnerships with five years of monitoring for every
  indicator (bench/synth.py, FICTIONAL): the same `cic validate` process, and in a child process
  after its imports: `api.validate` (load + every rule) and PyYAML's CSafeLoader (libyaml's raw
  parse into Python objects, the practical floor for YAML in Python) on the same bytes;
- peak memory (max RSS of the `cic validate` process, from wait4) on the 100x programme;
- the hostile-input corpus (tests/corpus_cases.py): seconds per case, in this process;
- imports: `python -X importtime cic validate`, the largest imports, and a check that Jinja2,
  Babel and the report stack are not loaded;
- cic lsp (issue 27): diagnostics after a change of a partner buffer, over stdio and in process
  with where the time goes, on data/ and x100 (bench/editor.py; `--only lsp`);
- cic diff (issue 16): the 100x programme committed to a git repository, then a commit changing
  a budget cell, a Budget OS 1 and a monitoring figure; `cic diff HEAD~1 HEAD` (both revisions
  read from git, checked and compared) against `cic validate` of the same data, as processes in
  interleaved rounds (`--only diff` runs this section alone);
- linearity (issue 21): Word, HTML and PDF of a report around a table of 10 x 200 cells (the
  baseline) and 10 x 2,000 cells, and `cic iati --check` with its listing on a one-line activity
  file of 0.7 MB (the baseline) and 7.4 MB, each in a fresh process, in interleaved rounds: the
  10x input may take at most 12 times its baseline's CPU time (`--only linear`);
- the end of the programme (issue 24): `cic progress --all-years` (JSON, and the spreadsheet) and
  the 2021 report in HTML on the synthetic programme at x10 and x100, the x100 at most 12 times
  its baseline's CPU time (`--only end`).

Each target of issues 5, 11, 14, 16, 21 and 27 is printed with PASS or FAIL and the figures it was
judged on.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))  # tests.corpus_cases, bench.synth
PY = sys.executable
BIN = Path(PY).parent
CIC = str(BIN / "cic")  # the script an officer runs (pip installs it beside the interpreter)
#: Bytecode caching on (as after `pip install`): a session that sets PYTHONDONTWRITEBYTECODE would
#: otherwise make every cic run recompile its modules, a cost no installed cic pays.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"} | {"NO_COLOR": "1"}


def run_process(argv: list[str], cwd: Path | None = None) -> tuple[float, int, int]:
    """Wall seconds, exit status and max RSS (KiB) of one process; its output is discarded."""
    elapsed, _cpu, status, rss = timed_process(argv, cwd)
    return elapsed, status, rss


def timed_process(argv: list[str], cwd: Path | None = None) -> tuple[float, float, int, int]:
    """Wall seconds, CPU seconds, exit status and max RSS (KiB) of one process."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0, 1) or "Traceback" in err:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{err[-2000:]}")
    return elapsed, usage.ru_utime + usage.ru_stime, proc.returncode, usage.ru_maxrss


def child_seconds(code: str, *args: str, python: str = PY) -> float:
    """Run `code` in a fresh interpreter; it prints the CPU seconds of the part it times.

    CPU time, not wall time: on a shared machine the wall time of one single-threaded run swings
    by 50 % with the neighbours' load, and these figures are compared with each other.
    """
    out = subprocess.run([python, "-c", code, *args], env=ENV, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


INPROC_CIC = """
import sys, time
from pathlib import Path
from cicmaroc import api
try:  # the models are imported as their files are read: import them before the clock starts
    from cicmaroc.models.kinds import FOLDERS, SINGLE_FILES
except ImportError:  # an install from before issue 22 (--before) has the table in loading/
    try:
        from cicmaroc.models.kinds import FOLDERS, SINGLE_FILES
    except ImportError:  # and one from before the table imports them with api
        FOLDERS, SINGLE_FILES = {}, {}
[kind.model for kind in (*SINGLE_FILES.values(), *FOLDERS.values())]
start = time.process_time()
api.validate(Path(sys.argv[1]))
print(time.process_time() - start)
"""

#: The floor of start-up: a bare Python process that reads the data files with libyaml.
FLOOR = """
import sys
from pathlib import Path
import yaml
for path in sorted(Path(sys.argv[1]).rglob("*.yaml")):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""

#: What cic's chosen libraries cost a process before cic reads anything: Pydantic (its models),
#: Typer (the command line) and ruamel.yaml's C parser (the events with their lines), imported.
STACK = """
import gc, os; gc.disable(); os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"  # as cic's process
import pydantic.main, pydantic.types, pydantic.fields, typer, typer.main, _ruamel_yaml
"""

#: The same, plus the models of the kinds of file the data folder holds declared and their
#: validators built (no file read): the part of start-up that follows from holding the programme
#: in Pydantic models.
MODELS = """
import gc, os; gc.disable(); os.environ["PYDANTIC_DISABLE_PLUGINS"] = "__all__"  # as cic's process
import pydantic.main, pydantic.types, pydantic.fields, typer, typer.main, _ruamel_yaml
import sys
from pathlib import Path
from cicmaroc.models.kinds import FOLDERS, SINGLE_FILES
data = Path(sys.argv[1])  # the kinds of file this data folder holds, as cic validate builds them
held = [kind for name, kind in SINGLE_FILES.items() if (data / name).is_file()]
held += [kind for name, kind in FOLDERS.items() if any((data / name).glob("*.yaml"))]
for kind in held:
    kind.model.model_rebuild()
"""

INPROC_LIBYAML = """
import sys, time
from pathlib import Path
import yaml
raw = [p.read_bytes() for p in sorted(Path(sys.argv[1]).rglob("*.yaml"))]
start = time.process_time()
for data in raw:
    yaml.load(data, Loader=yaml.CSafeLoader)
print(time.process_time() - start)
"""


def yaml_files(data: Path) -> list[Path]:
    return sorted(data.rglob("*.yaml"))


def megabytes(data: Path) -> float:
    return sum(p.stat().st_size for p in yaml_files(data)) / 1e6


def cic_cli(data: Path, cic: str = CIC) -> Callable[[], float]:
    return lambda: run_process([cic, "validate", str(data), "--quiet"])[0]


def check_jsonschema(data: Path, schemas: Path) -> Callable[[], float]:
    """One check-jsonschema process per schema, over the files that schema describes."""
    from cicmaroc.models.json_schema import kinds

    jobs = []
    for kind, (_, pattern) in kinds().items():
        files = sorted(data.glob(pattern))
        if files:
            jobs.append([str(BIN / "check-jsonschema"), "--schemafile",
                         str(schemas / f"{kind}.schema.json"), *map(str, files)])
    return lambda: sum(run_process(job)[0] for job in jobs)


def yamllint(data: Path) -> Callable[[], float]:
    return lambda: run_process([str(BIN / "yamllint"), "-d", "{rules: {}}", str(data)])[0]


def medians(tools: dict[str, Callable[[], float]], rounds: int) -> dict[str, float]:
    """A warm-up round (bytecode, disk cache), then interleaved rounds, then each tool's median."""
    times: dict[str, list[float]] = {name: [] for name in tools}
    for measure in tools.values():
        measure()
    for _ in range(rounds):
        for name, measure in tools.items():
            times[name].append(measure())
    return {name: statistics.median(values) for name, values in times.items()}


class Verdicts:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.failed = 0

    def check(self, ok: bool, target: str, figures: str) -> None:
        self.failed += not ok
        self.lines.append(f"  {'PASS' if ok else 'FAIL'}  {target}: {figures}")


def start_up(rounds: int, before: Path | None, verdicts: Verdicts) -> None:
    """`cic validate` on the real data as a whole process, against the floor, in one interleaved run."""
    data = REPO / "data"
    runs = {"floor: python + PyYAML CSafeLoader": [PY, "-c", FLOOR, str(data)],
            "python + pydantic, typer, libyaml": [PY, "-c", STACK],
            "  + cic's models built (no data)": [PY, "-c", MODELS, str(data)],
            "cic validate data": [CIC, "validate", str(data)]}
    if before is not None:
        runs["cic validate data (--before)"] = [str(before.parent / "cic"), "validate", str(data)]
    wall: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    for round_ in range(rounds + 1):  # the first round warms up (bytecode, disk cache) and is dropped
        for name, argv in runs.items():
            seconds, cpu_seconds, _, _ = timed_process(argv, REPO)
            if round_:
                wall[name].append(seconds)
                cpu[name].append(cpu_seconds)
    floor = statistics.median(wall["floor: python + PyYAML CSafeLoader"])
    floor_cpu = statistics.median(cpu["floor: python + PyYAML CSafeLoader"])
    print(f"\n== Start-up: the real data ({len(yaml_files(data))} files) as whole processes; median of "
          f"{rounds} interleaved rounds ==")
    for name in runs:
        seconds, cpu_seconds = statistics.median(wall[name]), statistics.median(cpu[name])
        print(f"  {name:36s} {seconds:6.3f} s wall (x{seconds / floor:4.2f})   "
              f"{cpu_seconds:6.3f} s CPU (x{cpu_seconds / floor_cpu:4.2f})")
    cic = statistics.median(wall["cic validate data"])
    best = min(wall["cic validate data"]) / min(wall["floor: python + PyYAML CSafeLoader"])
    print(f"  the fastest rounds: x{best:4.2f} (the least disturbed by the machine's other work)")
    verdicts.check(cic <= 3 * floor, "start-up: cic validate on the real data <= 3 x the floor (issue 22)",
                   f"{cic:.3f} s vs {floor:.3f} s (x{cic / floor:.2f}, wall medians; load average "
                   f"{os.getloadavg()[0]:.2f})")


def real_data(rounds: int, schemas: Path, verdicts: Verdicts) -> None:
    data = REPO / "data"
    print(f"\n== Real data: {data.relative_to(REPO)}/, {len(yaml_files(data))} files, "
          f"{megabytes(data) * 1000:.0f} KB; median of {rounds} interleaved rounds ==")
    got = medians({"cic validate": cic_cli(data), "check-jsonschema": check_jsonschema(data, schemas),
                   "yamllint (syntax only)": yamllint(data)}, rounds)
    cic = got["cic validate"]
    for name, seconds in got.items():
        print(f"  {name:24s} {seconds:7.3f} s   cic/this = {cic / seconds:5.2f}")
    jsonschema, lint = got["check-jsonschema"], got["yamllint (syntax only)"]
    verdicts.check(cic <= 0.5 * jsonschema, "real data: cic <= 0.5 x check-jsonschema",
                   f"{cic:.3f} s vs {jsonschema:.3f} s (ratio {cic / jsonschema:.2f})")
    verdicts.check(cic <= 1.5 * lint, "real data: cic <= 1.5 x yamllint",
                   f"{cic:.3f} s vs {lint:.3f} s (ratio {cic / lint:.2f})")


def synthetic(rounds: int, workdir: Path, before: Path | None, verdicts: Verdicts) -> None:
    from bench import synth

    per_mb: dict[int, float] = {}
    for copies in (10, 100):
        data = synth.build(copies, workdir / f"x{copies}")
        size = megabytes(data)
        print(f"\n== Synthetic x{copies}: {len(list((data / 'partners').iterdir()))} partnerships, "
              f"5 years of monitoring, {size:.2f} MB (FICTIONAL); median of {rounds} rounds ==")
        tools = {
            "cic validate (process)": cic_cli(data),
            "cic api.validate (in-process, CPU)": lambda data=data: child_seconds(INPROC_CIC, str(data)),
            "libyaml CSafeLoader (in-process, CPU)":
                lambda data=data: child_seconds(INPROC_LIBYAML, str(data)),
        }
        if before is not None:
            tools["--before: cic validate (process)"] = cic_cli(data, str(before.parent / "cic"))
            tools["--before: api.validate (in-process, CPU)"] = (
                lambda data=data: child_seconds(INPROC_CIC, str(data), python=str(before)))
        got = medians(tools, rounds)
        for name, seconds in got.items():
            print(f"  {name:38s} {seconds:7.3f} s   {size / seconds:6.2f} MB/s")
        inproc = got["cic api.validate (in-process, CPU)"]
        floor = got["libyaml CSafeLoader (in-process, CPU)"]
        cli = got["cic validate (process)"]
        per_mb[copies] = inproc / size
        verdicts.check(size / inproc >= 0.5 * size / floor,
                       f"x{copies}: cic throughput >= 0.5 x libyaml raw parse",
                       f"{size / inproc:.2f} MB/s vs {size / floor:.2f} MB/s in-process CPU "
                       f"({floor / inproc:.2f}x libyaml's rate; with start-up and output "
                       f"{size / cli:.2f} MB/s)")
        if copies == 100:
            _, _, rss = run_process([CIC, "validate", str(data), "--quiet"])
            print(f"  peak memory of cic validate: {rss / 1024:.0f} MiB (max RSS)")
            if before is not None:
                _, _, old = run_process([str(before.parent / "cic"), "validate", str(data), "--quiet"])
                print(f"  peak memory of --before's cic validate: {old / 1024:.0f} MiB (max RSS)")
            verdicts.check(cli <= 10, "x100 (1,000 partnerships): cic validate <= 10 s",
                           f"{cli:.2f} s (median)")
            verdicts.check(rss <= 1024 * 1024, "x100: peak memory <= 1 GB", f"{rss / 1024:.0f} MiB")
    growth = per_mb[100] / per_mb[10]
    print(f"\n  CPU seconds per MB (in-process): x10 {per_mb[10]:.3f}, x100 {per_mb[100]:.3f} "
          f"({growth:.2f}x)")
    verdicts.check(abs(growth - 1) <= 0.25, "linear: time per MB at x100 within 25 % of x10",
                   f"{per_mb[100]:.3f} vs {per_mb[10]:.3f} s/MB ({(growth - 1) * 100:+.0f} %)")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=bench", "-c", "user.email=bench@example.invalid",
                    *args], check=True, capture_output=True)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    if old not in text:
        raise SystemExit(f"bench: {old!r} not in {path}")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def diff_vs_validate(rounds: int, workdir: Path, verdicts: Verdicts) -> None:
    """`cic diff` between two revisions of the 1,000-partnership programme, against `cic validate`."""
    from bench import synth

    data = synth.build(100, workdir / "diff")
    repo = data.parent
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "synthetic programme (FICTIONAL)")
    _edit(data / "budget.yaml", "2019: 131050.33", "2019: 131060.33")
    _edit(data / "partners" / "evere.yaml", "budget_os1: 150145.16", "budget_os1: 150145.61")
    _edit(data / "monitoring" / "2019.yaml", "investissement: ", "investissement: 1")
    _git(repo, "commit", "-q", "-am", "a budget correction, a Budget OS 1, a figure (FICTIONAL)")
    print(f"\n== cic diff on the x100 programme (1,000 partnerships, {megabytes(data):.2f} MB, FICTIONAL), "
          f"median of {rounds} rounds ==")
    wall: dict[str, list[float]] = {"validate": [], "diff": []}
    cpu: dict[str, list[float]] = {"validate": [], "diff": []}
    commands = {"validate": [CIC, "validate", str(data), "--quiet"],
                "diff": [CIC, "diff", "HEAD~1", "HEAD", str(data)]}
    for argv in commands.values():  # warm-up
        timed_process(argv, cwd=repo)
    for _ in range(rounds):
        for name, argv in commands.items():
            elapsed, used, _status, _rss = timed_process(argv, cwd=repo)
            wall[name].append(elapsed)
            cpu[name].append(used)
    w = {name: statistics.median(v) for name, v in wall.items()}
    c = {name: statistics.median(v) for name, v in cpu.items()}
    for name in commands:
        print(f"  cic {name:9s} wall {w[name]:7.3f} s   CPU {c[name]:7.3f} s")
    verdicts.check(c["diff"] <= 2 * c["validate"], "cic diff of two revisions <= 2 x cic validate of one",
                   f"CPU {c['diff'] / c['validate']:.2f}x ({c['diff']:.2f} s vs {c['validate']:.2f} s); "
                   f"wall {w['diff'] / w['validate']:.2f}x")


def iati_export(rounds: int, workdir: Path, verdicts: Verdicts) -> None:
    """`cic iati` on 1,000 partnerships, against `cic validate` on the same files in the same rounds.

    The export reads and checks the programme as `cic validate` does, then builds the activity and
    checks it with the three layers of `cic iati --check`: validate is its named baseline, and the
    ratio says what the export adds. The 10-second target of issue 14 is judged on wall time.
    """
    from bench import synth

    data = workdir / "x100" / "data"
    if not data.exists():
        data = synth.build(100, workdir / "x100")
    out = workdir / "x100-iati.xml"
    runs = {"cic validate (baseline)": [CIC, "validate", str(data), "--quiet"],
            "cic iati (export + check)": [CIC, "iati", "--as-of", "2021", str(data), "-o", str(out),
                                          "--quiet"]}
    print(f"\n== IATI export: x100 synthetic ({len(list((data / 'partners').iterdir()))} partnerships, "
          f"FICTIONAL), as of 2021; median of {rounds} interleaved rounds ==")
    cpu: dict[str, list[float]] = {name: [] for name in runs}

    def timed(name: str) -> Callable[[], float]:
        def measure() -> float:
            wall, seconds, _status, _rss = timed_process(runs[name])
            cpu[name].append(seconds)
            return wall
        return measure

    got = medians({name: timed(name) for name in runs}, rounds)
    cpu_median = {name: statistics.median(values[1:]) for name, values in cpu.items()}  # warm-up left out
    (base, took), (base_cpu, took_cpu) = got.values(), cpu_median.values()
    for name in runs:
        print(f"  {name:28s} wall {got[name]:7.3f} s ({got[name] / base:4.2f}x)   "
              f"CPU {cpu_median[name]:7.3f} s ({cpu_median[name] / base_cpu:4.2f}x)")
    print(f"  file written: {out.stat().st_size / 1e6:.1f} MB")
    verdicts.check(took <= 10, "x100 (1,000 partnerships): cic iati <= 10 s",
                   f"{took:.2f} s wall, {took_cpu:.2f} s CPU (medians; {took / base:.2f}x cic validate's "
                   f"{base:.2f} s wall, {took_cpu / base_cpu:.2f}x its CPU, in the same rounds)")


#: One document made from an input of a given size, in a fresh process with the settings of a cic
#: process (`quick_start`: no cyclic collector during the work); prints the CPU seconds of the
#: making alone, its own and its children's (Chromium's, for the PDF).
LINEAR_CHILD = """
import datetime as dt, resource, sys
from pathlib import Path
sys.path.insert(0, sys.argv[3])  # the repository: tests.linear_inputs
from cicmaroc.cli.process import quick_start
quick_start()
from cicmaroc import api
from cicmaroc.report.html_document import to_html
from cicmaroc.report.pdf_document import to_pdf
from cicmaroc.report.word_document import to_docx
from tests.linear_inputs import table_report

kind, size = sys.argv[1], sys.argv[2]
if kind == "iati":
    import cicmaroc.iati.check, cicmaroc.output.text  # imported before the clock starts
    work = lambda: api.render_findings(api.check_iati(Path(size), dt.date(2019, 12, 31)), "text")
else:
    text = table_report(int(size))
    make = {"docx": lambda t: to_docx(t, {}), "html": lambda t: to_html(t, {}, "fr", "FICTIF"),
            "pdf": lambda t: to_pdf(to_html(t, {}, "fr", "FICTIF"), dt.date(2019, 12, 31))}[kind]
    if kind != "pdf":
        make(table_report(2))  # python-docx, markdown-it: imported before the clock starts
    work = lambda: make(text)


def used():
    return sum(getattr(resource.getrusage(who), field) for field in ("ru_utime", "ru_stime")
               for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))


start = used()
work()
print(used() - start)
"""


def linearity(rounds: int, workdir: Path, verdicts: Verdicts) -> None:
    """Each document at 1x and 10x its input (issue 21): the 1x run is the named baseline, in the same
    interleaved rounds; the 10x run may take at most 12 times its CPU time.

    Word, HTML and PDF: the layout of a Markdown report around one table of 10 x 200 cells, and of
    10 x 2,000 cells (tests/linear_inputs.py). IATI check: `cic iati --check` and its text listing on
    the demo's activity file copied 10 and 100 times, written as one line (0.7 and 7.4 MB), every
    French narrative's language code mistyped so that each is a finding to place.
    """
    import datetime as dt

    from tests.linear_inputs import iati_copies

    from cicmaroc import api

    exported = api.export_iati(REPO / "examples" / "demo" / "data", dt.date(2019, 12, 31))
    assert exported.xml is not None
    files = {}
    for copies in (10, 100):
        files[copies] = workdir / f"iati-{copies}-one-line.xml"
        files[copies].write_bytes(iati_copies(exported.xml, copies, one_line=True))
    cases = {"Word": ("docx", "200", "2000", "10 x 200 cells", "10 x 2,000 cells"),
             "HTML": ("html", "200", "2000", "10 x 200 cells", "10 x 2,000 cells"),
             "PDF": ("pdf", "200", "2000", "10 x 200 cells", "10 x 2,000 cells"),
             "IATI check": ("iati", str(files[10]), str(files[100]),
                            f"one line, {files[10].stat().st_size / 1e6:.1f} MB",
                            f"one line, {files[100].stat().st_size / 1e6:.1f} MB")}
    tools: dict[str, Callable[[], float]] = {}
    for name, (kind, small, large, _, _) in cases.items():
        for size, label in ((small, "1x"), (large, "10x")):
            tools[f"{name} {label}"] = (lambda k=kind, z=size: child_seconds(LINEAR_CHILD, k, z, str(REPO)))
    print(f"\n== Linearity (issue 21): each document at 1x and 10x its input, CPU s (with Chromium's "
          f"for the PDF), median of {rounds} interleaved rounds ==")
    got = medians(tools, rounds)
    for name, (_, _, _, small, large) in cases.items():
        base, took = got[f"{name} 1x"], got[f"{name} 10x"]
        print(f"  {name:10s} baseline {small:18s} {base:7.3f} s   10x: {large:18s} {took:7.3f} s  "
              f"({took / base:4.1f}x)")
        verdicts.check(took <= 12 * base, f"{name}: input x10, time <= x12 its baseline",
                       f"{took / base:.1f}x ({took:.2f} s for {large}, {base:.2f} s for {small})")


def collection(rounds: int, workdir: Path, verdicts: Verdicts) -> None:
    """The collection cycle (issue 26) at 1x and 10x: `cic status --format json` and `cic remind` on the
    synthetic programme copied once and 10 times (24 and 222 reporters), its last year's replies
    removed and a due date passed, so that every reporter is late and gets a draft with its form.
    Each as a process (CPU of the process and its children); the 1x run is the 10x run's named
    baseline, in the same interleaved rounds, and may be exceeded at most 12 times.
    """
    from bench import synth

    folders = {}
    for copies in (1, 10):
        data = synth.build(copies, workdir / f"collect-x{copies}")
        (data / "monitoring" / "2021.yaml").unlink()
        (data / "due-dates.yaml").write_text("# FICTIONAL (bench/run.py)\nyears:\n  - year: 2021\n"
                                             "    due: 2022-03-31\n", encoding="utf-8")
        folders[copies] = data
    asked = ["--year", "2021", "--as-of", "2022-04-15"]
    commands = {"status": [CIC, "status", *asked, "--format", "json"],
                "remind": [CIC, "remind", *asked, "--from", "Bench FICTIF <bench@example.org>"]}
    tools: dict[str, Callable[[], float]] = {}
    for name, argv in commands.items():
        for copies, data in folders.items():
            out = ["-o", str(workdir / f"drafts-{name}-x{copies}")] if name == "remind" else []
            run = [*argv, *out, str(data)]
            tools[f"{name} x{copies}"] = (lambda a=run: timed_process(a)[1])
    print(f"\n== Collection cycle (issue 26): cic status and cic remind at 1x and 10x, CPU s of the "
          f"process, median of {rounds} interleaved rounds ==")
    got = medians(tools, rounds)
    drafts = {copies: len(list((workdir / f"drafts-remind-x{copies}").glob("*.eml"))) for copies in folders}
    for name in commands:
        base, took = got[f"{name} x1"], got[f"{name} x10"]
        print(f"  {name:7s} x1 {base:7.3f} s   x10 {took:7.3f} s  ({took / base:4.1f}x)")
        verdicts.check(took <= 12 * base, f"cic {name}: input x10, time <= x12 its baseline",
                       f"{took / base:.1f}x ({took:.2f} s vs {base:.2f} s)")
    print(f"  drafts written: {drafts[1]} at x1, {drafts[10]} at x10")


def end_of_programme(rounds: int, workdir: Path, verdicts: Verdicts) -> None:
    """The end of the programme (issue 24) at 1x and 10x: every year side by side (`cic progress
    --all-years` as JSON and as a spreadsheet) and the final report (HTML, which holds the all-years
    table and the whole programme's budget), on the synthetic programme with five years of
    monitoring copied 10 and 100 times (100 and 1,000 partnerships): at 1x start-up would hide the
    work. Each as a process (CPU of the process and its children); the x10 run is the x100 run's
    named baseline, in the same interleaved rounds, and may be exceeded at most 12 times.
    """
    from bench import synth

    folders = {copies: synth.build(copies, workdir / f"end-x{copies}") for copies in (10, 100)}
    commands = {"progress --all-years json": [CIC, "progress", "--year", "2021", "--all-years",
                                              "--format", "json"],
                "progress xlsx": [CIC, "progress", "--year", "2021", "--format", "xlsx"],
                "report 2021 html": [CIC, "report", "--year", "2021", "--format", "html"]}
    tools: dict[str, Callable[[], float]] = {}
    for name, argv in commands.items():
        for copies, data in folders.items():
            suffix = {"progress --all-years json": "json", "progress xlsx": "xlsx"}.get(name, "html")
            out = workdir / f"end-{name.split()[0]}-x{copies}.{suffix}"
            tools[f"{name} x{copies}"] = (lambda a=[*argv, "-o", str(out), str(data)]: timed_process(a)[1])
    print(f"\n== End of the programme (issue 24): all years side by side and the final report at x10 "
          f"and x100, CPU s of the process, median of {rounds} interleaved rounds ==")
    got = medians(tools, rounds)
    for name in commands:
        base, took = got[f"{name} x10"], got[f"{name} x100"]
        print(f"  {name:26s} x10 {base:7.3f} s   x100 {took:7.3f} s  ({took / base:4.1f}x)")
        verdicts.check(took <= 12 * base, f"cic {name}: input x10, time <= x12 its baseline",
                       f"{took / base:.1f}x ({took:.2f} s vs {base:.2f} s)")


def corpus(workdir: Path, verdicts: Verdicts) -> None:
    from tests.corpus_cases import all_cases

    from cicmaroc import api

    clean = workdir / "clean-data"
    shutil.copytree(REPO / "data", clean)
    times = []
    for case in all_cases():
        data = workdir / "corpus" / case.name / "data"
        shutil.copytree(clean, data)
        case.install(data)
        start = time.perf_counter()
        api.validate(data)
        times.append((time.perf_counter() - start, case.name))
        shutil.rmtree(data.parent)
    times.sort(reverse=True)
    print(f"\n== Hostile-input corpus: {len(times)} cases, each in a copy of data/ (api.validate) ==")
    print("  slowest: " + ", ".join(f"{name} {seconds:.2f} s" for seconds, name in times[:4]))
    print(f"  median: {statistics.median(t for t, _ in times):.3f} s")
    verdicts.check(times[0][0] <= 2, "corpus: every case in <= 2 s",
                   f"slowest {times[0][1]} {times[0][0]:.2f} s")


def imports(verdicts: Verdicts) -> None:
    data = REPO / "data"
    out = subprocess.run([PY, "-X", "importtime", CIC, "validate", str(data), "--quiet"],
                         env=ENV, capture_output=True, text=True)
    rows = []  # (cumulative µs, module, nesting depth)
    for line in out.stderr.splitlines():
        if line.startswith("import time:") and "cumulative" not in line:
            _, cumulative, name = line.removeprefix("import time:").split("|")
            depth = (len(name) - len(name.lstrip(" "))) // 2
            rows.append((int(cumulative), name.strip(), depth))
    loaded = {name for _, name, _ in rows}
    top = sorted(((c, n) for c, n, depth in rows if depth == 0), reverse=True)  # imported by cic itself
    version = statistics.median(run_process([CIC, "--version"])[0] for _ in range(5))
    print("\n== Imports: python -X importtime cic validate data --quiet ==")
    print(f"  all imports: {sum(c for c, _ in top) / 1000:.0f} ms (one run); "
          f"`cic --version` process: {version:.3f} s (median of 5)")
    print("  largest: " + ", ".join(f"{name} {c / 1000:.0f} ms" for c, name in top[:6]))
    heavy = sorted(n for n in loaded if n.split(".")[0] in ("jinja2", "babel", "markupsafe")
                   or n.startswith("cicmaroc.report"))
    verdicts.check(not heavy, "validate imports no Jinja2, Babel or report stack", ", ".join(heavy) or "none")


def language_server(rounds: int, workdir: Path, verdicts: Verdicts) -> None:
    """`cic lsp` (bench/editor.py, imported only when this section runs), two rounds more."""
    from bench.editor import language_server as measure

    measure(rounds + 2, workdir, verdicts)


#: The sections `--only` runs alone, each with the synthetic rounds and a temporary folder of its
#: own (start-up, which needs neither, is the other choice).
SECTIONS: dict[str, Callable[[int, Path, Verdicts], None]] = {
    "iati": iati_export, "diff": diff_vs_validate, "lsp": language_server, "linear": linearity,
    "collect": collection, "end": end_of_programme}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="cic validate against schema, lint and libyaml baselines.")
    parser.add_argument("--quick", action="store_true", help="one round each (a smoke test, not figures)")
    parser.add_argument("--rounds", type=int, default=None, help="rounds on the real data (default 9)")
    parser.add_argument("--before", type=Path, default=None, metavar="PYTHON",
                        help="the interpreter of another install of cic (the code before a change): "
                             "its `cic` script is timed in the start-up rounds too")
    parser.add_argument("--only", choices=[*SECTIONS, "startup"],
                        default=None,
                        help="run one section only: iati (the IATI export against cic validate, x100), "
                             "diff (cic diff of two revisions against cic validate, x100), lsp (cic lsp: "
                             "diagnostics after a change, data/ and x100; bench/editor.py), linear (Word, "
                             "HTML, PDF and the IATI check at 1x and 10x their input), startup (cic "
                             "validate on the real data against the floor), collect (cic status and cic "
                             "remind at 1x and 10x), end (all years side by side and the final report at "
                             "x10 and x100)")
    args = parser.parse_args(argv)
    real_rounds = args.rounds or (1 if args.quick else 9)
    start_rounds = 1 if args.quick else 21
    synth_rounds = 1 if args.quick else 3
    verdicts = Verdicts()
    if args.only == "startup":
        start_up(start_rounds, args.before, verdicts)
    elif args.only:
        with tempfile.TemporaryDirectory(prefix="cic-bench-") as tmp:
            SECTIONS[args.only](synth_rounds, Path(tmp), verdicts)
    if args.only:
        print("\n".join(verdicts.lines))
        return 1 if verdicts.failed else 0
    print(f"cic bench: Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} at start")
    start_up(start_rounds, args.before, verdicts)
    with tempfile.TemporaryDirectory(prefix="cic-bench-") as tmp:
        workdir = Path(tmp)
        from cicmaroc.models.json_schema import export_schemas

        export_schemas(workdir / "schemas")  # the schemas of this very checkout's models
        real_data(real_rounds, workdir / "schemas", verdicts)
        synthetic(synth_rounds, workdir, args.before, verdicts)
        iati_export(synth_rounds, workdir, verdicts)
        corpus(workdir, verdicts)
        diff_vs_validate(synth_rounds, workdir, verdicts)
        language_server(synth_rounds, workdir, verdicts)
        linearity(synth_rounds, workdir, verdicts)
        collection(synth_rounds, workdir, verdicts)
        end_of_programme(synth_rounds, workdir, verdicts)
    imports(verdicts)
    load = os.getloadavg()[0]
    print(f"\n== Targets (issues 5, 11, 14, 16, 21, 22, 24, 26 and 27); load average {load:.2f} "
          "at the end ==")
    print("\n".join(verdicts.lines))
    return 1 if verdicts.failed else 0


if __name__ == "__main__":
    sys.exit(main())
