"""The library surface, and the command line's only boundary: every `cic` command is a call here.

The CLI (`cicmaroc.cli`) parses arguments, calls the functions of this module, prints what they
return and sets the exit code; it imports nothing else of cicmaroc. Tests and other tools call
the same functions.

A command resolves once, into a `Context` (`context`): where the programme is (a data folder, or
a git revision of one), its settings, and the language cic speaks in. It passes the context to
each function it calls; a library caller may pass a data folder instead, and the function makes
the context itself. One run (`validate`) returns one result, `Run`: the programme as printed and
as read (the agreed readings applied), every finding, what was loaded, the checked monitoring
figures and the settings. The report, `cic progress`, `cic status`, the forms and the IATI
export compute from a run. What a function returns is data (a `Run`, figures, an outcome); each
output format turns it into the text to write (`render_findings`, `render_progress`,
`render_status`, `render_diff`, `render_import`), and the formats' registries are the choices of
the command line's `--format` (`FindingFormat`, `ReportFormat`, `ProgressFormat`,
`StatusFormat`, `DiffFormat`).

Errors that are the caller's (a missing data folder, a bad setting, a year outside the
programme, a template that fails, a file that cannot be written) are `UsageError`s; data too
broken for a command is a `DataError`; everything else about the data is a finding.

Importing this module is light (the command line imports it to build its options): the reader,
the rules and every output stack are imported by the function that needs them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from cicmaroc.config import Config, ConfigError, settings
from cicmaroc.errors import DataError, UsageError
from cicmaroc.files.discovery import DataFolderNotFound, display_path, find_data_dir, shown_as
from cicmaroc.findings import Finding, Findings, Items, phrase
from cicmaroc.i18n import LANGUAGES, N_, Language
from cicmaroc.i18n.choice import choose
from cicmaroc.numeric import exact_arithmetic

if TYPE_CHECKING:  # the reader, the rules, the report, fmt, IATI and output stacks load when used
    from cicmaroc.codes.declaration import Code
    from cicmaroc.derive.actuals import Actuals
    from cicmaroc.derive.readings import ReadProgramme
    from cicmaroc.files.buffers import FileSource
    from cicmaroc.files.git import Revision
    from cicmaroc.fmt.rewrite import FormatOutcome
    from cicmaroc.forms.bundle import Bundle
    from cicmaroc.forms.importing import ImportOutcome
    from cicmaroc.forms.records import Recording
    from cicmaroc.forms.reminders import Reminders
    from cicmaroc.iati.check import IatiCheck
    from cicmaroc.iati.export import IatiExport
    from cicmaroc.loading.loader import Cache
    from cicmaroc.loading.programme import Programme
    from cicmaroc.output import Format as FindingFormat
    from cicmaroc.report import Format as ReportFormat
    from cicmaroc.report.progress_output import Format as ProgressFormat
    from cicmaroc.report.status_output import Format as StatusFormat
    from cicmaroc.review.changes import Diff
    from cicmaroc.review.render import Format as DiffFormat
    from cicmaroc.rules.budget import Sum
    from cicmaroc.yaml.limits import Limits
    from cicmaroc.years import Calendar

__all__ = [
    "Config",
    "ConfigError",
    "Context",
    "DataError",
    "DataFolderNotFound",
    "DiffFormat",
    "FindingFormat",
    "Findings",
    "Language",
    "ProgressFormat",
    "ReportFormat",
    "Run",
    "Source",
    "StatusFormat",
    "UsageError",
    "as_of_date",
    "can_waive",
    "check_iati",
    "context",
    "day",
    "diff",
    "display_path",
    "error_text",
    "evidence_bundle",
    "explain",
    "export_iati",
    "figure_sums",
    "find_data_dir",
    "format_files",
    "format_text",
    "forms",
    "import_forms",
    "inline_waiver",
    "language",
    "migrate",
    "new_file",
    "programme_at",
    "progress",
    "record_evidence",
    "remind",
    "render_diff",
    "render_findings",
    "render_import",
    "render_listed",
    "render_progress",
    "render_status",
    "report",
    "rule",
    "rule_summaries",
    "rules",
    "rules_markdown",
    "say",
    "stale_schemas",
    "status",
    "system_problem",
    "validate",
    "waiver_entry",
    "write_output",
    "write_schemas",
    "write_waivers",
]

def __getattr__(name: str) -> Any:
    """The formats' registries (`FindingFormat`, `ReportFormat` ...), each imported when first
    asked for: the command line declares its `--format` choices with them."""
    found: Any
    if name == "FindingFormat":
        from cicmaroc.output import Format as found
    elif name == "ReportFormat":
        from cicmaroc.report import Format as found
    elif name == "ProgressFormat":
        from cicmaroc.report.progress_output import Format as found
    elif name == "StatusFormat":
        from cicmaroc.report.status_output import Format as found
    elif name == "DiffFormat":
        from cicmaroc.review.render import Format as found
    else:
        raise AttributeError(f"module 'cicmaroc.api' has no attribute {name!r}")
    globals()[name] = found
    return found


class Run(NamedTuple):
    """What one run of `cic validate` produced; the report and `cic progress` use it too."""

    data_dir: Path
    config: Config
    programme: Programme  # as printed: what the rules check
    findings: Findings  # every finding, waived ones flagged, filtered by --select/--ignore
    stats: dict[str, int]  # what was loaded, counted
    actuals: Actuals  # the monitoring figures that passed their checks
    read: ReadProgramme  # the programme as the officers agreed to read it, and the readings applied
    revision: Revision | None = None  # the git revision it was read from (--rev); None: the files

    @property
    def failing(self) -> list[Finding]:
        """The findings that make the run fail (active errors and warnings)."""
        return self.findings.failing()


class Source(NamedTuple):
    """Where a run reads the programme: a data folder, and the git revision it stands for (if any).

    For a revision, the folder is a temporary copy (`files.git.checked_out`), and the settings
    are looked for in it up to its top (`top`), then from where the repository lies (`above`).
    """

    data_dir: Path
    revision: Revision | None = None
    top: Path | None = None
    above: Path | None = None


class Context(NamedTuple):
    """What a command resolves once and passes on: where the programme is, its settings, and the
    language cic speaks in (`context`)."""

    source: Source
    config: Config
    lang: str  # what cic says: --lang, else `lang` in the settings, else LANG, else the command's default
    option: str | None = None  # --lang as given (a report's own language defaults to French)

    @property
    def data_dir(self) -> Path:
        return self.source.data_dir

    def language(self, default: str) -> str:
        """The language of a document whose default is not the command's (a report: French)."""
        return choose(self.option, self.config.lang, default)


#: Where a function finds the programme: a context already resolved, or a data folder (None:
#: ./data found upwards), for which the function resolves one itself.
Where = Context | Path | None


@contextmanager
def context(path: Path | None = None, *, lang: str | None = None, default_lang: str = "en",
            rev: str | Revision | None = None, config: Config | None = None,
            max_file_size: int | None = None, select: list[str] | None = None,
            ignore: list[str] | None = None) -> Iterator[Context]:
    """Resolve a command once: the data folder at `path` (default: ./data found upwards), as it is
    or as it was at the git revision `rev`; its settings (`config`, else cic.toml / [tool.cic]
    found from the data folder up, with `select`, `ignore` and `max_file_size` applied last),
    read once; and the language (`lang`, else the settings' `lang`, else the environment's
    locale, else `default_lang`).

    Within the block a revision's files are a temporary copy, shown at their place in the
    repository (`programme_at`). Raises `UsageError`: `DataFolderNotFound`, `ConfigError`,
    `GitError`, or a language cic does not speak.
    """
    option = _known_language(lang)
    read: list[Config] = []

    def settings_of(folder: Path, top: Path | None = None, above: Path | None = None) -> Config:
        if not read:
            read.append(config or settings(folder, _codes(), max_file_size=max_file_size, select=select,
                                           ignore=ignore, top=top, above=above))
        return read[0]

    with programme_at(path, rev, settings_of) as source:
        found = settings_of(source.data_dir, source.top, source.above)
        yield Context(source, found, choose(option, found.lang, default_lang), option)


@contextmanager
def _opened(where: Where, **how: Any) -> Iterator[Context]:
    """The context `where` is, or the one resolved for the data folder `where` (see `context`)."""
    if isinstance(where, Context):
        yield where
        return
    with context(where, **how) as made:
        yield made


def _codes() -> dict[str, Code]:
    """The table of every rule code: what a setting may select or ignore."""
    from cicmaroc.rules.registry import BY_CODE

    return BY_CODE


@contextmanager
def programme_at(path: Path | None, rev: str | Revision | None,
                 settings_of: Callable[[Path, Path | None, Path | None], Config] | None = None
                 ) -> Iterator[Source]:
    """The data folder at `path` (default: ./data found upwards) as it is, or as it was at the git
    revision `rev` (a tag, a branch, a hash): the one way every command takes `--rev`.

    The revision is read from git's store into a temporary folder, removed when the block ends;
    the working tree is never touched, and within the block the revision's files are shown at
    their place in the repository. Its files are bounded by the revision's own settings
    (`settings_of(folder, top, above)`, default: read with every code known). Raises `UsageError`
    (`files.git.GitError`): not a git repository, unknown revision, no data folder at that
    revision, a file too large or not text.
    """
    if rev is None:
        yield Source(find_data_dir(path))
        return
    from cicmaroc.files import git

    wanted = _wanted_folder(path)
    start = next((f for f in (wanted, *wanted.parents) if f.is_dir()), Path.cwd())
    repo = git.repository(start)
    revision = git.resolve(repo, rev) if isinstance(rev, str) else rev
    data = git.data_folder_at(repo, revision, git.relative_to_repo(repo, wanted))
    read = settings_of or (lambda folder, top, above: settings(folder, _codes(), top=top, above=above))

    def limit(folder: Path, root: Path) -> int:
        return read(folder, root, repo.parent).limits().max_bytes

    with git.checked_out(repo, revision, data, limit) as root, shown_as(root, repo):
        yield Source(root.joinpath(*PurePosixPath(data).parts), revision, root, repo.parent)


def _wanted_folder(path: Path | None) -> Path:
    """The folder the officer means as the data folder, in the working tree (it may be absent there)."""
    if path is not None:
        return Path(path).absolute()
    try:
        return find_data_dir(None).absolute()
    except DataFolderNotFound:
        return Path.cwd()


def validate(where: Where = None, *, config: Config | None = None, limits: Limits | None = None,
             select: list[str] | None = None, ignore: list[str] | None = None,
             max_file_size: int | None = None, rev: str | None = None, cache: Cache | None = None,
             files: FileSource | None = None) -> Run:
    """Load the programme (a context, or the data folder at `where`: default ./data found upwards)
    and check everything.

    For a data folder, settings come from `config`, else from cic.toml / [tool.cic] found from the
    data folder up, with the command line's `select`, `ignore` and `max_file_size` applied last;
    with `rev`, the programme is read as it was at that git revision (`context`). `cache` and
    `files` as `load_programme`'s (`cic lsp` checks a folder again and again, from an editor's
    buffers over the disk). Raises `DataFolderNotFound`, `ConfigError` and `GitError` (usage
    errors).
    """
    with _opened(where, rev=rev, config=config, max_file_size=max_file_size, select=select,
                 ignore=ignore) as ctx:
        return _run(ctx, limits, cache, files)


def _run(ctx: Context, limits: Limits | None = None, cache: Cache | None = None,
         files: FileSource | None = None) -> Run:
    """Read and check the programme of `ctx`: load, the checks, the two passes, the waivers.
    `cache` and `files` (where the files are read: the disk, or an editor's buffers over it) as
    `load_programme`'s."""
    from cicmaroc.loading.loader import load_programme
    from cicmaroc.loading.stats import programme_stats
    from cicmaroc.rules import registry
    from cicmaroc.rules.waivers import apply_waivers
    from cicmaroc.yaml.limits import paused_gc

    config = ctx.config
    with paused_gc(), exact_arithmetic():  # time linear in the programme's size (yaml.limits.paused_gc)
        programme, loaded = load_programme(ctx.data_dir, limits or config.limits(), cache, files)
        programme.evidence_on_disk = ctx.source.revision is None  # a revision's copy holds data files only
        checked = registry.run_checks(programme, config)
        actuals, monitoring = _monitoring(programme)
        read = _readings(programme)
        spending = _overspending(programme, actuals, config) if config.enabled("CIC780") else []
        found = [*loaded.items, *checked, *monitoring, *read.findings, *spending]
        waived = apply_waivers(found, programme, config, registry.BY_CODE)
        findings = Findings([f for f in waived if config.enabled(f.code)])  # one filter, last
        return Run(ctx.data_dir, config, programme, findings, programme_stats(programme), actuals, read,
                   ctx.source.revision)


class Compared(NamedTuple):
    """What `cic diff` compared, and what it found."""

    diff: Diff
    old: str  # the older revision, as named for a reader
    new: str | None  # the newer one; None: the working tree
    old_commit: str
    new_commit: str | None  # None: the working tree
    failing: bool  # the change introduces a finding that fails `cic validate`
    base_of: str | None = None  # the older revision is where HEAD left this branch (said in words)


def diff(path: Path | None = None, old: str | None = None, new: str | None = None, *,
         max_file_size: int | None = None) -> Compared:
    """The programme at git revision `old` against `new` (default: where HEAD left the main
    branch, against the working tree: what a pull request changes), in programme terms.

    Both sides are read and checked as `validate` would, each with its own settings (`context`),
    and compared as models (`review.changes`). Raises `UsageError` (`GitError`) as `context` does,
    and when the base is not in a shallow clone.
    """
    from cicmaroc.files import git
    from cicmaroc.review.changes import compare

    wanted = _wanted_folder(path)
    repo = git.repository(next((f for f in (wanted, *wanted.parents) if f.is_dir()), Path.cwd()))
    base = git.resolve(repo, old) if old else git.merge_base(repo)
    head = None if new is None else git.resolve(repo, new)
    cache: Cache = {}  # a file the same at both revisions is parsed once
    with context(path, rev=base, max_file_size=max_file_size) as ctx:
        before = _run(ctx, cache=cache)
    with context(path, rev=head, max_file_size=max_file_size) as ctx:
        after = _run(ctx, cache=cache)
    with exact_arithmetic():
        found = compare(before.programme, after.programme, before.findings.items, after.findings.items)
    failing = any(f.severity.value in ("error", "warning") for f in found.introduced)
    return Compared(found, str(base), None if head is None else str(head), base.commit,
                    None if head is None else head.commit, failing, base.base_of)


def render_diff(compared: Compared, output_format: str, lang: str = "en") -> str:
    """`cic diff`'s result as text, markdown or json (`review.render`), in `lang`."""
    from cicmaroc.i18n.translator import translator
    from cicmaroc.review.render import FORMATS, Format, Sides

    sides = Sides(compared.old, compared.new, compared.old_commit, compared.new_commit, compared.base_of)
    return FORMATS[Format(output_format)](compared.diff, sides, translator(lang))


def write_waivers(run: Run, reason: str) -> int:
    """Append to data/waivers.yaml one waiver per open finding of `run` a waiver can acknowledge,
    each carrying `reason`; returns how many were written (none twice: a waived finding gets none).

    Raises `UsageError` for a blank reason or a waivers.yaml that cannot be appended to, and
    `WriteError` (a usage error) when the file cannot be written.
    """
    from cicmaroc.files.writing import write_text_atomic
    from cicmaroc.rules.waiver_drafts import appended, entries, waivable
    from cicmaroc.rules.waivers import WAIVER_FILE

    if not reason.strip():
        raise UsageError(N_("--write-waivers needs a reason, e.g. --write-waivers \"printed so in the "
                            "approved document; to be confirmed\"."))
    new = entries(run.findings.items, run.programme, reason.strip())
    count = len(waivable(run.findings.items, run.programme))
    if not count:
        return 0
    path = run.data_dir / WAIVER_FILE
    try:
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        text = appended(current, new)
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise UsageError(f"{display_path(path)}: cannot add the waivers ({exc}); nothing was "
                         "written.") from None
    write_text_atomic(path, text, inside=run.data_dir)
    return count


def waiver_entry(run: Run, finding: Finding, current: str | None, reason: str = "") -> str | None:
    """data/waivers.yaml (whose text is `current`, None: no file yet) with one entry acknowledging
    `finding` alone, `reason` left for the officer to write by default (until then CIC901 says it
    gives none); None when no waiver can acknowledge it or the file's list cannot be appended to
    as text. Nothing is written: `cic lsp` offers it as an edit."""
    from cicmaroc.rules.waiver_drafts import appended, entry_for

    entry = entry_for(finding, run.findings.items, run.programme, reason)
    if entry is None:
        return None
    try:
        return appended(current, entry)
    except ValueError:
        return None


def can_waive(run: Run, finding: Finding) -> bool:
    """Whether a waiver may acknowledge `finding`: an open error or warning on a data file of the
    run, that does not mean data was not read, nor is about a waiver itself."""
    from cicmaroc.rules.waiver_drafts import waivable

    return bool(waivable([finding], run.programme))


def inline_waiver(text: str, line: int, code: str) -> str | None:
    """`text` with `# cic: ignore[code]` at the end of `line`, reason left to write; None where an
    inline waiver cannot stand (`rules.waiver_drafts.inline_draft`). Nothing is written."""
    from cicmaroc.rules.waiver_drafts import inline_draft

    return inline_draft(text, line, code)


def format_text(path: Path, text: str) -> str:
    """`text`, the content of the data file `path`, in `cic fmt`'s layout; raises `UsageError`
    (the reason) when it cannot be laid out safely. Nothing is written."""
    from cicmaroc.fmt.canonical import FormatError, model_for
    from cicmaroc.fmt.canonical import format_text as lay_out

    try:
        return lay_out(text, model_for(path), display_path(path))
    except FormatError as exc:
        raise UsageError(str(exc)) from None


def figure_sums(run: Run, kind: str, path: tuple[str | int, ...]) -> list[Sum]:
    """The stated totals the figure at `path` of a file of `kind` (a `Programme` attribute) adds
    into or is, with what their parts add up to (`rules.budget.totals_into`); [] for other values."""
    from cicmaroc.rules.budget import totals_into

    with exact_arithmetic():
        return totals_into(run.programme, kind, path)


def _overspending(programme: Programme, actuals: Actuals, config: Config) -> list[Finding]:
    """CIC780, after the monitoring pass: spending beyond the plan (a failure is one CIC000 finding)."""
    from cicmaroc.rules.overspend import overspending
    from cicmaroc.rules.registry import crashed

    try:
        return list(overspending(programme, actuals, config.budget_tolerance))
    except Exception as exc:
        return [crashed(phrase("the spending against the plan"), exc)]


def _monitoring(programme: Programme) -> tuple[Actuals, list[Finding]]:
    """The monitoring pass, once: its figures and findings (a failure is one CIC000 finding)."""
    from cicmaroc.derive.actuals import Actuals
    from cicmaroc.derive.monitoring import read_monitoring
    from cicmaroc.rules.registry import crashed

    try:
        return read_monitoring(programme)
    except Exception as exc:
        return Actuals(), [crashed(phrase("the monitoring files"), exc)]


def _readings(programme: Programme) -> ReadProgramme:
    """The readings pass, once: the programme as read (as printed, with a CIC000 finding, if it fails)."""
    from cicmaroc.derive.readings import ReadProgramme, read_programme
    from cicmaroc.rules.registry import crashed

    try:
        return read_programme(programme)
    except Exception as exc:
        return ReadProgramme(programme, (), (crashed(phrase("the agreed readings"), exc),))


#: The files each command computes from (`Programme` attributes). data/iati.yaml is `cic iati`'s
#: own finding (CIC810); data/waivers.yaml only waives, and `cic validate` says when it is unread.
_FIGURES = ("identity", "logframe", "budget", "country", "readings", "partners", "monitoring")
_REPORT = (*_FIGURES, "risks", "narrative", "risk_follow_up")
_FORMS = ("identity", "logframe", "budget", "partners", "monitoring")


def _calendar(run: Run) -> Calendar:
    """The programme's years and milestones; `DataError` while data/programme.yaml cannot be read."""
    _refuse_unread(run, ("identity",))
    calendar = run.programme.calendar
    if calendar is None:
        raise DataError(N_("data/programme.yaml is missing or could not be read, so the programme's years "
                           "are unknown: run 'cic validate' and fix what it reports first (a data folder "
                           "in cic's former format: run 'cic migrate')."))
    return calendar


def _refuse_unread(run: Run, kinds: tuple[str, ...], year: int | None = None, *,
                   earlier: bool = True) -> None:
    """Raise `DataError` naming the files of `kinds` that could not be read (`Programme.unread_among`):
    a command never counts a file it could not read as one with nothing recorded."""
    unread = run.programme.unread_among(kinds, year, earlier=earlier)
    if unread:
        files = {shown for shown in run.programme.unread
                 if any(u == shown or u.startswith(f"{shown}:") for u in unread)}
        refusal = DataError(N_("Could not read {files}: cic stops here rather than take what it holds for "
                               "nothing recorded. Run 'cic validate' and fix what it reports first."),
                            files=Items(tuple(unread), N_(" and ")))
        # the files' own findings, located, said with the refusal: the officer sees why at once
        refusal.findings = tuple(sorted((f for f in run.findings.active() if f.file in files),
                                        key=Finding.sort_key))
        refusal.sources = run.programme.sources
        raise refusal


def render_findings(found: Run | IatiCheck | IatiExport, output_format: str, *, verbose: bool = False,
                    quiet: bool = False, colour: str | None = None, lang: str = "en",
                    config: Config | None = None) -> str:
    """The findings of a run (or of an IATI check) in `output_format` (`FindingFormat`).

    `colour` is the terminal's colour system for the text format (None: plain text); `lang` the
    language of the sentences, the codes and keys of the machine formats unchanged; `config` the
    settings whose documentation addresses SARIF links to (a run's own; else the command's
    context's, else those found from the current folder, for a file checked on its own).
    """
    from cicmaroc.output import emitter
    from cicmaroc.output.listing import Listing

    if isinstance(found, Run):
        listing = Listing(found.findings.items, found.stats, found.programme.sources, verbose, quiet, colour,
                          lang, _links(found.config))
    else:  # an IATI file checked, or an export refused (its findings are on the data files)
        listing = Listing(found.findings, {}, found.sources, verbose, quiet, colour, lang,
                          _links(config or settings(Path.cwd(), _codes())))
    return emitter(output_format)(listing)


def _links(config: Config) -> dict[str, str | None]:
    """The settings' addresses of cic's documentation, for the formats that link to it (SARIF)."""
    return {"homepage": config.homepage_url, "rules": config.rules_url}


def say(lang: str, template: str, **args: Any) -> str:
    """A sentence of the command line in `lang`: `template` (English, the msgid) with `args`."""
    from cicmaroc.i18n.translator import translator

    return translator(lang).render(template, args)


def error_text(exc: UsageError | DataError, option: str | None, default: str = "en",
               path: Path | None = None) -> str:
    """An error's sentence in the language of the command (English when it cannot be told, or when
    the sentence was made without a template).

    For an error raised before the command's context was made (or while making it), the language
    is looked for as `context` would have: --lang, the settings of the data folder at `path`, the
    environment, `default`.
    """
    from cicmaroc.i18n.translator import translator

    return translator(_error_language(option, default, path)).said(exc.template, exc.values)


def error_findings(exc: UsageError | DataError, option: str | None, default: str = "en",
                   path: Path | None = None) -> str:
    """The findings that explain an error (an unread file's own, located), as `cic validate`
    prints them in text, in the error's language (`error_text`); "" when it carries none."""
    if not exc.findings:
        return ""
    from cicmaroc.output import emitter
    from cicmaroc.output.listing import Listing

    listing = Listing(list(exc.findings), {}, exc.sources, quiet=True,
                      lang=_error_language(option, default, path))
    return emitter("text")(listing)


def _error_language(option: str | None, default: str, path: Path | None) -> str:
    """The language of an error's sentence (`error_text`)."""
    try:
        return language(option, default, path=path)
    except UsageError:
        return option if option in LANGUAGES else default


def language(option: str | None, default: str = "en", path: Path | None = None) -> str:
    """The language of a command that reads no programme (`cic rules`, `cic schema`, `cic diff`'s
    sentences) or could not resolve its context: `option` (--lang), else `lang` in the settings of
    the data folder at `path` (./data found upwards), else the environment's locale (LC_ALL,
    LC_MESSAGES, LANG), else `default`. Raises `UsageError` for a language cic does not speak."""
    option = _known_language(option)
    if option is not None:
        return option
    try:
        config = settings(find_data_dir(path), _codes())
    except (DataFolderNotFound, ConfigError):  # said by the command itself, if it reads them
        config = Config()
    return choose(None, config.lang, default)


def _known_language(option: str | None) -> str | None:
    """`option` (--lang), refused (`UsageError`) when cic does not speak it."""
    if option is not None and option not in LANGUAGES:
        raise UsageError(N_("'{lang}' is not a language of cic; use one of {languages}."), lang=option,
                         languages=", ".join(LANGUAGES))
    return option


def report(where: Where, year: int, lang: str | None = None, template: Path | None = None,
           rev: str | None = None, fmt: str = "md", reference_docx: Path | None = None,
           internal: bool = False, since: str | None = None,
           written_to: Path | None = None) -> str | bytes:
    """The annual report for `year`: Markdown or HTML as text,
    Word (docx) or PDF as bytes; every format from the same Markdown (`ReportFormat`).

    In `lang`, else the context's settings' `lang`, else the environment's, else French. With
    `rev` (for a data folder), from the data (and the data repository's templates) as they were
    at that git revision, which the report's colophon names. The donor's edition holds no command,
    file path, rule code or validation annex; `internal` adds the open findings of the run and the
    team's hints. With `since` (a git revision: the data the donor received), a section of what
    changed since then, through `cic diff`'s comparison. Raises `ReportError` (bad year,
    language, format or template: checked first), `DataError` (a file it needs could not be
    read) and `GitError`. `written_to`: the folder an HTML page goes to, where its links to the
    evidence files start (default: where cic runs).
    """
    from cicmaroc.report import check_request, check_year, render_document

    check_request(lang or "fr")
    with _opened(where, rev=rev, lang=lang) as ctx:
        run = _run(ctx)
        lang = lang or ctx.language("fr")
        check_year(year, _calendar(run))
        _refuse_unread(run, _REPORT, year)
        changes = None if since is None else _since(ctx, run, since, lang)
        with exact_arithmetic():
            return render_document(run.read, run.actuals, run.findings, year, fmt, lang, template,
                                   run.config.progress_thresholds(), reference_docx,
                                   revision=None if run.revision is None else str(run.revision),
                                   internal=internal, since=changes, written_to=written_to)


def _since(ctx: Context, run: Run, since: str, lang: str) -> dict[str, Any]:
    """What changed in the programme between the git revision `since` and `run` (`cic diff`'s
    comparison), as the report lists it."""
    from cicmaroc.files import git
    from cicmaroc.i18n.translator import translator
    from cicmaroc.review.changes import compare
    from cicmaroc.review.render import for_report

    folder = ctx.data_dir
    base = git.resolve(git.repository(next((f for f in (folder, *folder.parents) if f.is_dir()), Path.cwd())),
                       since)
    with context(folder, rev=base) as old:
        before = _run(old)
    with exact_arithmetic():
        found = compare(before.programme, run.programme, before.findings.items, run.findings.items)
    return {"revision": str(base), "changes": for_report(found, translator(lang))}


def progress(where: Where, year: int | None = None, rev: str | None = None, *,
             all_years: bool = False) -> dict[str, Any]:
    """Every figure of the report for `year` (default: the latest year with monitoring).

    Indicators (values or ranges, expected, progress, status, each reporter's value and source),
    budget execution, the partnerships' spending and the agreed readings, computed as the report
    computes them; the shape is documented in docs/output-json.md. With `rev` (for a data
    folder), as of that git revision. With `all_years`, the all-years table instead (every year
    from the first to `year` side by side, each milestone's verdict: `report.tracking`).
    """
    from cicmaroc.report import check_year
    from cicmaroc.report.figures import build_figures
    from cicmaroc.report.tracking import build_tracking

    run = validate(where, rev=rev)
    calendar = _calendar(run)
    if year is None:  # the latest year with monitoring, which an unread monitoring file may hide
        _refuse_unread(run, ("logframe", "budget", "monitoring"))
        year = max(run.actuals.years(), default=calendar.first)
    check_year(year, calendar)
    _refuse_unread(run, _REPORT, year)
    with exact_arithmetic():
        build = build_tracking if all_years else build_figures
        return build(run.read, run.actuals, year, run.config.progress_thresholds())


def render_progress(figures: dict[str, Any], output_format: str, lang: str = "en", *,
                    width: int | None = None, colour: str | None = None) -> str | bytes:
    """`cic progress`'s figures in `output_format` (`ProgressFormat`): the JSON document of
    docs/output-json.md, or the tables in `lang`, `width` columns wide (a terminal's; None: a
    file's, every cell whole) and styled for the colour system `colour` (None: plain)."""
    from cicmaroc.report.progress_output import render

    return render(figures, output_format, lang, width=width, colour=colour)


def forms(where: Where, year: int, out: Path | None = None, lang: str | None = None,
          only: list[str] | None = None, due: dt.date | None = None) -> list[str]:
    """`cic forms`: write a workbook per reporter for `year` into `out` (default ./forms-YEAR), in
    `lang` (None: each reporter's language, its `lang` in the partner files, else the programme's).

    Each holds what that reporter reports, checked as it is filled in, with what is already
    recorded for the year filled in, and the date it is due (data/due-dates.yaml). With `due`,
    that date is recorded first: the year's, or with `only`, those reporters' own. Returns the
    files written, as shown. Raises `UsageError`, and `DataError` when a file it needs is unread.
    """
    from cicmaroc.forms.making import make_forms

    run = validate(where)
    _refuse_unread(run, (*_FORMS, "due_dates"), year)
    with exact_arithmetic():
        return make_forms(run.programme, run.actuals, year, out or Path(f"forms-{year}"), lang, only, due)


def import_forms(where: Where, files: list[Path], year: int | None = None, *, dry_run: bool = False,
                 replace: bool = False, partial: bool = False, received: dt.date | None = None
                 ) -> ImportOutcome:
    """`cic import`: read filled forms into data/monitoring/<year>.yaml (see `forms.importing`).

    Nothing is written when any error is found (unless `partial`), or with `dry_run`; a figure
    (or an evidence file) that differs from one recorded is refused unless `replace`. The reporters
    whose figures are written are recorded as received on `received` (default: today); the evidence
    files the forms name are taken into data/evidence/ and recorded in data/evidence.yaml. When the
    year's file changes while the import works (two officers importing at once), nothing is written
    and the whole import runs again on the data as it is then, a few times before it gives up
    (CIC734). Raises `UsageError`.
    """
    from cicmaroc.forms.importing import import_forms as run_import

    attempts = IMPORT_ATTEMPTS
    while True:
        run = validate(where)
        _refuse_unread(run, ("identity", "logframe", "budget", "partners"))  # the year's file: CIC734
        with exact_arithmetic():
            outcome = run_import(run.programme, files, year, dry_run=dry_run, replace=replace,
                                 partial=partial, limits=run.config.limits(), received=received,
                                 evidence_limit=run.config.evidence_limit())
        attempts -= 1
        if not outcome.raced or attempts == 0:
            return outcome


#: How many times `import_forms` runs when the year's file keeps changing under it.
IMPORT_ATTEMPTS = 3


def render_import(outcome: ImportOutcome, output_format: str, *, colour: str | None = None,
                  lang: str = "en", config: Config | None = None) -> str:
    """The findings of an import in `output_format` (`FindingFormat`), in `lang` (`config`: as
    `render_listed`)."""
    return render_listed(outcome.findings, output_format, colour=colour, lang=lang, config=config)


def render_listed(findings: list[Finding], output_format: str, *, colour: str | None = None,
                  lang: str = "en", config: Config | None = None) -> str:
    """Findings of a command that is not `cic validate` (an import, a bundle refused) in
    `output_format` (`FindingFormat`), in `lang`; SARIF links to the documentation `config` names
    (the command's context's settings; None: those found from the current folder)."""
    from cicmaroc.output import emitter
    from cicmaroc.output.listing import Listing

    return emitter(output_format)(Listing(findings, {}, {}, False, False, colour, lang,
                                          _links(config or settings(Path.cwd(), _codes()))))


def status(where: Where, year: int, as_of: dt.date | None = None) -> dict[str, Any]:
    """`cic status`: per partnership and reporter, when its reply was due and came in, what was
    expected for `year`, what came in and what is missing (indicators, spending lines, sources),
    its state as of `as_of` (default: today), and a summary (analysis/collection.py; the JSON of
    docs/output-json.md)."""
    from cicmaroc.analysis.collection import collection_status
    from cicmaroc.report import check_year

    run = validate(where)
    check_year(year, _calendar(run))
    _refuse_unread(run, (*_FORMS, "due_dates"), year, earlier=False)
    return collection_status(run.programme, run.actuals, year, as_of or dt.date.today())


def render_status(found: dict[str, Any], output_format: str, lang: str = "en", *,
                  width: int | None = None, colour: str | None = None) -> str:
    """`cic status`'s result in `output_format` (`StatusFormat`): JSON, or the table and its
    one-line summary in `lang`, `width` columns wide (a terminal's; None: a file's) and styled for
    the colour system `colour` (None: plain)."""
    from cicmaroc.report.status_output import render

    return render(found, output_format, lang, width=width, colour=colour)


def remind(where: Where, year: int, out: Path, *, as_of: dt.date | None = None,
           sender: str | None = None) -> Reminders:
    """`cic remind`: a reminder drafted as an .eml file into `out` for each reporter late or
    incomplete for `year` as of `as_of` (default: today), from `sender` (default: `mail-from` in
    the settings), in the reporter's language, with its form attached (`forms.reminders`).
    Nothing is sent. Raises `UsageError` (no sender, a bad address, a year outside the programme)."""
    from cicmaroc.config import mail_address
    from cicmaroc.forms.reminders import Reminders as Made
    from cicmaroc.forms.reminders import drafts, write_drafts
    from cicmaroc.report import check_year

    with _opened(where) as ctx:
        if sender is not None:
            sender = mail_address(sender, "--from")
        sender = sender or ctx.config.mail_from
        if not sender:
            raise UsageError(N_("Say who the reminders are from: --from suivi@example.org, or mail-from in "
                                "cic.toml."))
        run = _run(ctx)
    check_year(year, _calendar(run))
    _refuse_unread(run, (*_FORMS, "due_dates"), year)
    with exact_arithmetic():
        made = drafts(run.programme, run.actuals, year, as_of or dt.date.today(), sender)
    written = write_drafts(made, year, out)
    return Made(written, made, [d.reporter for d in made if not d.to])


def record_evidence(where: Where, *, replace: bool = False, day: dt.date | None = None) -> Recording:
    """`cic evidence --record`: record in data/evidence.yaml the SHA-256 of each evidence file the
    monitoring entries name that has none yet (with `replace`, of those changed since), dated `day`
    (default: today). Raises `DataError` when data/evidence.yaml cannot be read or changed meanwhile."""
    from cicmaroc.forms.records import record_evidence as record

    with _opened(where) as ctx:
        run = _run(ctx)
        _refuse_unread(run, ("monitoring", "evidence"))
        return record(run.programme, run.config.evidence_limit(), replace, day or dt.date.today())


def evidence_bundle(where: Where, year: int, lang: str = "en") -> Bundle:
    """`cic evidence --year YEAR -o FILE.zip`: the zip of `year`'s evidence files and their manifest
    (CSV headers in `lang`, and JSON), or its refusal with the findings about the files
    (`forms.bundle`). Raises `UsageError` for a year outside the programme."""
    from cicmaroc.forms.bundle import bundle
    from cicmaroc.report import check_year
    from cicmaroc.report.context import generation_date

    with _opened(where) as ctx:
        run = _run(ctx)
        check_year(year, _calendar(run))
        _refuse_unread(run, ("monitoring", "evidence", "partners"), year, earlier=False)
        return bundle(run.programme, run.actuals, year, run.findings.items, run.config.evidence_limit(), lang,
                      generation_date())


def system_problem(exc: OSError, action: str) -> str:
    """A sentence for a failure of the system (disk, permissions, names): what failed, what to do."""
    from cicmaroc.files.writing import system_problem as said

    return said(exc, action)


def write_output(path: Path, content: str | bytes) -> None:
    """Write `content` to `path` by cic's one write policy (`files.writing`); raises `WriteError`."""
    from cicmaroc.files.writing import write_bytes_atomic, write_text_atomic

    if isinstance(content, bytes):
        write_bytes_atomic(path, content)
    else:
        write_text_atomic(path, content)


def format_files(paths: list[Path] | None, *, check: bool = False, diff: bool = False
                 ) -> tuple[int, Iterator[FormatOutcome]]:
    """Format the data files at `paths` (default: the data folder): how many files, and one outcome
    per file as it goes. With `check` or `diff`, nothing is written.

    Each file is formatted within its own data folder's settings (`max-file-size`). The usage
    errors (no data folder, a path that does not exist, a bad setting) are raised here, before any
    file is touched.
    """
    from cicmaroc.fmt.rewrite import format_files as run
    from cicmaroc.fmt.rewrite import plan

    planned = plan(paths or [find_data_dir()], lambda root: settings(root, _codes()))
    return len(planned), run(planned, write=not (check or diff), want_diff=diff)


def new_file(where: Where, kind: str, name: str | int, *, communes: int = 1) -> str:
    """`cic new KIND`: create the data file of `kind` named `name` with every field empty (a
    partner file: `name` is its id, with `communes` local communes; a monitoring, narrative or
    risk-follow-up file: `name` is its year); the file as shown. Raises `UsageError`."""
    from cicmaroc.fmt.new import NEW

    with _opened(where) as ctx:
        return NEW[kind](ctx.data_dir, ctx.config.limits(), name, communes)


def migrate(path: Path | None = None) -> list[str]:
    """`cic migrate`: convert the data folder at `path` (default: ./data found upwards) from cic's
    former format, in place; the files written, as shown ([]: already current). Raises `UsageError`
    (nothing written) when a file cannot be converted safely."""
    from cicmaroc.fmt.migrate import migrate as convert

    return convert(find_data_dir(path))


def init(folder: Path, country: str, years: str, lang: str) -> list[str]:
    """`cic init`: write the skeleton of a new programme (every file kind, TODO wherever the officers
    transcribe) into the data folder `folder`, new or empty; the files written, as shown. Raises
    `UsageError` (nothing written) on a bad country code, period or language, or a folder in use."""
    from cicmaroc.fmt.init import init as write_skeleton

    return write_skeleton(folder, country, years, lang)


def write_schemas(out: Path) -> list[tuple[str, str]]:
    """Write a JSON Schema per kind of data file into `out`: (file written, the data files it is for)."""
    from cicmaroc.models.json_schema import export_schemas, kinds, schema_filename

    files = {schema_filename(kind): glob for kind, (_model, glob) in kinds().items()}
    return [(display_path(path), files[path.name]) for path in export_schemas(out)]


def stale_schemas(out: Path) -> list[str]:
    """The schema files in `out` that are missing or out of date with the models, as shown."""
    from cicmaroc.models.json_schema import stale_schemas as stale

    return [display_path(path) for path in stale(out)]


def rules() -> tuple[Code, ...]:
    """Every rule code's declaration, in code order (`cic lsp` completes them)."""
    from cicmaroc.rules.registry import CODES

    return CODES


def rule(code: str) -> Code | None:
    """One code's declaration (`CIC201`, any case), or None."""
    from cicmaroc.rules.registry import code as declared

    return declared(code)


def explain(code: Code, lang: str = "en") -> tuple[str, str, list[str]]:
    """`cic rules CODE`: the code and name, its severity and family, and the paragraphs of its doc,
    in `lang`."""
    from cicmaroc.rules.docs import explanation

    return explanation(code, lang)


def rule_summaries(lang: str = "en") -> list[tuple[str, str, str, str]]:
    """`cic rules`: (code, severity word, name, what it checks) of every rule, in `lang`."""
    from cicmaroc.rules.docs import summaries

    return summaries(lang)


def rules_markdown(code: Code | None = None) -> str:
    """docs/rules.md, or the part of it about one code."""
    from cicmaroc.rules.docs import rule_markdown
    from cicmaroc.rules.docs import rules_markdown as page

    return page() if code is None else rule_markdown(code)


def day(text: str, option: str, *, year: bool = False) -> dt.date:
    """The date an option gives (`--due`, `--received`, `--as-of`): YYYY-MM-DD, or with `year` a
    year alone for its last day ('2020' is 2020-12-31). Raises `UsageError` saying how to write it."""
    import re

    value = text.strip()
    if year and re.fullmatch(r"[0-9]{4}", value):
        return dt.date(int(value), 12, 31)
    if re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise UsageError(N_("{option} takes a date written YYYY-MM-DD (year, month, day), not '{text}'."),
                     option=option, text=text)


def as_of_date(text: str) -> dt.date:
    """'2019' is the last day of 2019, '2019-06-30' that day; raises ValueError (a usage error)."""
    from cicmaroc.iati.check import as_of_date as parse

    return parse(text)


def check_iati(file: Path, as_of: dt.date, max_bytes: int | None = None) -> IatiCheck:
    """Check an IATI 2.03 activity file against the schema, the codelists and the Standard's rules.

    Dates are judged as of `as_of` (nothing may be dated after it); the file is refused unread
    above `max_bytes` (default `iati.xmlfile.DEFAULT_MAX_BYTES`). lxml loads only here.
    """
    from cicmaroc.iati.check import DEFAULT_MAX_BYTES, check_file

    return check_file(file, as_of, str(file), max_bytes or DEFAULT_MAX_BYTES)


def export_iati(where: Where, as_of: dt.date, rev: str | None = None) -> IatiExport:
    """The programme (a context, or the data folder at `where`; with `rev`, as of that git
    revision) as an IATI 2.03 activity file, as of `as_of` (docs/iati.md).

    Refused, with one finding per problem and no file, while `cic validate` finds an error in the
    data (an error not waived: those errors are the findings), while a value of data/iati.yaml is
    TODO (or the file is missing, unreadable or wrong: CIC810-CIC812), and when the file built does not pass
    `check_iati` itself (its findings, then). Raises `DataError` when a file it is built from
    could not be read (the monitoring of a year ended by `as_of`, the logframe, the budget...).
    lxml loads only here.
    """
    from cicmaroc.iati.export import IatiExport, export_checked
    from cicmaroc.rules.publisher import unpublishable

    run = validate(where, rev=rev)
    ended = as_of.year if (as_of.month, as_of.day) == (12, 31) else as_of.year - 1
    _refuse_unread(run, _FIGURES, ended)  # the monitoring of the years ended by `as_of`
    _calendar(run)
    errors = [f for f in run.findings.active() if f.severity.value == "error"]
    if errors:  # a public file is never made from data `cic validate` finds wrong: said with what
        # the publisher file still lacks, every problem at once
        publisher = [f for f in unpublishable(run.programme) if f not in errors]
        return IatiExport(None, [*errors, *publisher], None, run.programme.sources)
    with exact_arithmetic():
        return export_checked(run.read, run.actuals, as_of)
