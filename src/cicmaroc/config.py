"""Settings of a run: which rules, what tolerance, from `[tool.cic]` or `cic.toml`.

Looked for from the data folder upwards: the first `cic.toml`, or `pyproject.toml` holding a
`[tool.cic]` table, wins. Command-line options override the file. Every command reads its
settings through `settings()`, once (`api.context`), so `cic fmt`, `cic new`, `cic report` and
`cic progress` honour `max-file-size` exactly as `cic validate` does. The rule codes a setting
may name are given by the caller (the table of `rules.registry`): the settings stand below the
rules, which read them. Every value is checked and bounded when it is read
(`numeric.setting`): a typo or a huge number is a usage error, never a slow or failing run.
Codes are selected and ignored by prefix, and the longest matching prefix decides (as in
ruff): `ignore = ["CIC6"]` with `select = ["CIC602"]` keeps the phone check and drops the
other partner-sheet checks.

    [tool.cic]
    select = ["CIC"]              # default: everything
    ignore = ["CIC602"]
    rounding-tolerance = "0.02"   # euros; differences up to this are CIC106 warnings
    percent-tolerance = "1"       # percentage points; below this a percent mismatch is CIC406
    budget-tolerance = "0"        # percent a line or a partnership may spend beyond its plan (CIC780)
    max-file-size = 2097152       # bytes
    max-evidence-size = 104857600 # bytes: the largest evidence file (data/evidence/) cic reads
    mail-from = "suivi@example.org"  # the sender of the reminders `cic remind` drafts
    lang = "nl"                   # fr, nl or en: what cic says (default: LANG, else fr for
                                  # reports and en for the other commands)
    homepage-url = "https://..."  # where cic is documented, and its rules (docs/rules.md): the
    rules-url = "https://..."     # SARIF output links to them; default: cic's own package metadata
"""

from __future__ import annotations

from collections.abc import Collection
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from cicmaroc.errors import UsageError
from cicmaroc.i18n import N_
from cicmaroc.numeric import SettingError, setting
from cicmaroc.yaml.limits import DEFAULT_MAX_BYTES, Limits

if TYPE_CHECKING:
    from cicmaroc.analysis.progress import Thresholds

#: Codes that run only when selected explicitly: information an officer asks for.
OFF_BY_DEFAULT = frozenset({"CIC306"})

#: Largest `max-file-size`: a data file of a gigabyte is never programme data.
MAX_FILE_SIZE_LIMIT = 1 << 30
#: Largest `max-evidence-size`: an evidence file of more than 4 GiB is a video, not a means of
#: verification, and no zip without its 64-bit extensions holds it.
MAX_EVIDENCE_SIZE_LIMIT = 1 << 32


class ConfigError(UsageError):
    """The configuration file is wrong: a usage error (exit 2), reported with its file."""


class Config(NamedTuple):
    """Effective settings. The defaults are what a programme without configuration gets."""

    select: tuple[str, ...] = ("CIC",)
    ignore: tuple[str, ...] = ()
    rounding_tolerance: Decimal = Decimal("0.02")
    percent_tolerance: Decimal = Decimal("1")
    budget_tolerance: Decimal = Decimal("0")  # percent beyond its plan before CIC780 flags it
    max_file_size: int | None = None
    source: str | None = None  # the file the settings came from, for messages
    thresholds: Thresholds | None = None  # [tool.cic.progress]; None: the defaults
    lang: str | None = None  # fr, nl or en; None: the environment's locale, then the command's default
    homepage_url: str | None = None  # absolute; None: cic's package metadata (Project-URL Homepage)
    rules_url: str | None = None  # absolute, docs/rules.md as published; None: Project-URL Rules
    max_evidence_size: int | None = None  # bytes; None: files.evidence.DEFAULT_MAX_BYTES
    mail_from: str | None = None  # the reminders' sender (`cic remind`); None: --from must say it

    def enabled(self, code: str) -> bool:
        """Longest matching prefix wins; a tie goes to ignore. A code off by default (CIC306) runs
        only when a select entry longer than "CIC" names it (`--select CIC306`, or `CIC3`)."""
        if code in OFF_BY_DEFAULT and not any(code.startswith(p) and len(p) > 3 for p in self.select):
            return False
        best_select = max((len(p) for p in self.select if code.startswith(p)), default=-1)
        best_ignore = max((len(p) for p in self.ignore if code.startswith(p)), default=-1)
        return best_select > best_ignore

    def with_codes(self, select: list[str] | None, ignore: list[str] | None,
                   codes: Collection[str]) -> Config:
        """Command-line --select/--ignore: --select replaces, --ignore adds; a code that is not one
        of `codes` (nor a prefix of one) is refused."""
        new = self
        if select:
            new = new._replace(select=known_codes(select, "--select", codes))
        if ignore:
            new = new._replace(ignore=(*new.ignore, *known_codes(ignore, "--ignore", codes)))
        return new

    def limits(self) -> Limits:
        """The file limits of this configuration (`max-file-size`), the defaults otherwise."""
        return Limits(max_bytes=self.max_file_size or DEFAULT_MAX_BYTES)

    def evidence_limit(self) -> int:
        """The largest evidence file cic reads (`max-evidence-size`), the default otherwise."""
        from cicmaroc.files.evidence_folder import DEFAULT_MAX_BYTES

        return self.max_evidence_size or DEFAULT_MAX_BYTES

    def progress_thresholds(self) -> Thresholds:
        """The status thresholds of `[tool.cic.progress]` (on-track, behind), else the defaults."""
        from cicmaroc.analysis.progress import Thresholds

        return self.thresholds or Thresholds()


def settings(start: Path, codes: Collection[str], *, max_file_size: int | None = None,
             select: list[str] | None = None, ignore: list[str] | None = None, top: Path | None = None,
             above: Path | None = None) -> Config:
    """The settings of a run from the data folder `start`, command-line options applied last.

    The one way every command reads its settings; `codes` are the rule codes a setting may name
    (select, ignore). Raises ConfigError (a usage error). With `top` (a revision's temporary
    folder), the search stops there and goes on from `above` (where the repository lies), as it
    would in a checkout.
    """
    config = load_config(start, codes, top=top, above=above).with_codes(select, ignore, codes)
    if max_file_size is not None:
        config = config._replace(max_file_size=_file_size(max_file_size, "--max-file-size"))
    return config


def known_codes(given: list[str] | tuple[str, ...], where: str, codes: Collection[str]) -> tuple[str, ...]:
    """Rule codes or prefixes, upper-cased; one that is not among `codes` (nor a prefix of one) is
    a usage error (a typo would otherwise select nothing, or ignore nothing, in silence)."""
    result = tuple(c.strip().upper() for c in given)
    unknown = [c for c in result if not c or not any(code.startswith(c) for code in codes)]
    if unknown:
        shown = ", ".join(f"'{c}'" for c in unknown)
        raise ConfigError(N_("{where}: {codes} is not a rule code or a prefix of one (such as CIC201 or "
                             "CIC2); `cic rules` lists them."), where=where, codes=shown)
    return result


def find_config_file(start: Path, top: Path | None = None, above: Path | None = None) -> Path | None:
    """The first cic.toml, or pyproject.toml with [tool.cic], from `start` upwards (to `top`,
    then from `above` upwards: see `settings`)."""
    folders = [start.resolve(), *start.resolve().parents]
    if top is not None:
        top = top.resolve()
        folders = [f for f in folders if f == top or top in f.parents]
        if above is not None:
            folders += [above.resolve(), *above.resolve().parents]
    for folder in folders:
        candidate = folder / "cic.toml"
        if candidate.is_file():
            return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "[tool.cic" in pyproject.read_text(encoding="utf-8", errors="replace"):
            return pyproject
    return None


def load_config(start: Path, codes: Collection[str], top: Path | None = None,
                above: Path | None = None) -> Config:
    """Settings for a data folder; defaults when there is no configuration file. `codes` as in
    `settings`."""
    path = find_config_file(start, top, above)
    if path is None:
        return Config()
    import tomllib  # only when there is a file to read (most runs have none)

    try:
        with path.open("rb") as handle:
            doc = tomllib.load(handle)
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read the settings: {exc}") from exc
    table = doc.get("tool", {}).get("cic", {}) if path.name == "pyproject.toml" else doc
    return parse_table(table, str(path), codes)


_KNOWN = {"select", "ignore", "rounding-tolerance", "percent-tolerance", "budget-tolerance", "max-file-size",
          "lang", "homepage-url", "rules-url", "max-evidence-size", "mail-from"}
_KNOWN_TABLES = {"progress"}  # [tool.cic.progress]: status thresholds, read by cicmaroc.analysis.progress


def parse_table(table: dict[str, Any], source: str, codes: Collection[str]) -> Config:
    """Check and convert a `[tool.cic]` table; unknown keys are errors (a typo would be silent)."""
    scalars = {k: v for k, v in table.items() if not isinstance(v, dict)}
    unknown = set(scalars) - _KNOWN
    if unknown:
        raise ConfigError(f"{source}: unknown setting(s) {', '.join(sorted(unknown))}; "
                          f"known: {', '.join(sorted(_KNOWN))}.")
    tables = {k for k, v in table.items() if isinstance(v, dict)}
    if tables - _KNOWN_TABLES:
        raise ConfigError(f"{source}: unknown table(s) {', '.join(sorted(tables - _KNOWN_TABLES))}; "
                          f"known: {', '.join(sorted(_KNOWN_TABLES))}.")
    config = Config(source=source)
    if "progress" in tables:  # read here, once, so that every command reads (or refuses) it alike
        from cicmaroc.analysis.progress import thresholds_from_table

        try:
            config = config._replace(thresholds=thresholds_from_table(table["progress"]))
        except ValueError as exc:
            raise ConfigError(f"{source}: [progress]: {exc}.") from None
    if "select" in table:
        config = config._replace(select=_codes(table["select"], "select", source, codes))
    if "ignore" in table:
        config = config._replace(ignore=_codes(table["ignore"], "ignore", source, codes))
    if "rounding-tolerance" in table:
        config = config._replace(rounding_tolerance=_decimal(table["rounding-tolerance"],
                                                             "rounding-tolerance", source, "1000"))
    if "percent-tolerance" in table:
        config = config._replace(percent_tolerance=_decimal(table["percent-tolerance"],
                                                            "percent-tolerance", source, "100"))
    if "budget-tolerance" in table:
        config = config._replace(budget_tolerance=_decimal(table["budget-tolerance"],
                                                           "budget-tolerance", source, "100"))
    if "lang" in table:
        config = config._replace(lang=_lang(table["lang"], source))
    if "max-file-size" in table:
        config = config._replace(max_file_size=_file_size(table["max-file-size"],
                                                          f"{source}: 'max-file-size'"))
    if "max-evidence-size" in table:
        config = config._replace(max_evidence_size=_file_size(table["max-evidence-size"],
                                                              f"{source}: 'max-evidence-size'",
                                                              MAX_EVIDENCE_SIZE_LIMIT))
    if "mail-from" in table:
        config = config._replace(mail_from=mail_address(table["mail-from"], f"{source}: 'mail-from'"))
    if "homepage-url" in table:
        config = config._replace(homepage_url=_url(table["homepage-url"], "homepage-url", source))
    if "rules-url" in table:
        config = config._replace(rules_url=_url(table["rules-url"], "rules-url", source))
    return config


def _url(value: Any, key: str, source: str) -> str:
    """An absolute http(s) URL without a fragment: SARIF asks absolute URIs of a tool's links."""
    from urllib.parse import urlsplit

    parts = urlsplit(value) if isinstance(value, str) else None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.netloc or parts.fragment
            or any(c.isspace() for c in value)):
        raise ConfigError(N_("{source}: '{key}' must be an absolute http or https address without a "
                             "'#' part, not {value}."), source=source, key=key, value=repr(value))
    return str(value)


def _codes(value: Any, key: str, source: str, codes: Collection[str]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{source}: '{key}' must be a list of rule codes or prefixes.")
    return known_codes(value, f"{source}: '{key}'", codes)


def _decimal(value: Any, key: str, source: str, high: str) -> Decimal:
    try:
        return setting(value, key, Decimal(0), Decimal(high), '"0.02"')
    except SettingError as exc:
        raise ConfigError(f"{source}: {exc}.") from None


def _lang(value: Any, source: str) -> str:
    from cicmaroc.i18n import LANGUAGES

    if value not in LANGUAGES:
        raise ConfigError(N_("{source}: 'lang' must be one of {languages}, not {value}."), source=source,
                          languages=", ".join(LANGUAGES), value=repr(value))
    return str(value)


def language(config: Config, option: str | None, default: str) -> str:
    """The language of a command: --lang, else `lang` here, else LC_ALL/LC_MESSAGES/LANG, else
    `default`."""
    from cicmaroc.i18n.choice import choose

    return choose(option, config.lang, default)


def _file_size(value: Any, where: str, limit: int = MAX_FILE_SIZE_LIMIT) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= limit:
        raise ConfigError(N_("{where} must be a number of bytes from 1 to {limit}."), where=where,
                          limit=f"{limit:,}")
    return value


def mail_address(value: Any, where: str) -> str:
    """An e-mail address for a draft's From (`mail-from`, `cic remind --from`): one address, as
    the partner files' addresses are checked (`models.partners.EMAIL_PATTERN`), or with a display
    name (`Suivi CIC <suivi@example.org>`); a line break would start another header: refused."""
    import re
    from email.utils import parseaddr

    from cicmaroc.models.partners import EMAIL_PATTERN

    text = value if isinstance(value, str) else ""
    _, address = parseaddr(text)
    if not text or any(c in text for c in "\r\n") or not re.match(EMAIL_PATTERN, address):
        raise ConfigError(N_("{where} must be an e-mail address such as suivi@example.org, not {value}."),
                          where=where, value=repr(value))
    return text
