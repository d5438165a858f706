"""The Jinja2 environment of the reports: sandboxed, strict, and Markdown-escaping by default.

Templates can be changed by anyone who can open a pull request on the data repository, so they
run in Jinja's sandbox (no access to Python internals, files or the network). `StrictUndefined`
turns a misspelt variable into an error rather than an empty cell. Autoescaping is HTML-only in
Jinja, so it is off; instead `finalize` passes every value a template prints through
`md_escape` unless a filter already produced safe Markup (the number, money and date filters).
"""

from __future__ import annotations

import datetime as dt
import sysconfig
from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from cicmaroc.reporting.formatting import Formatter
from cicmaroc.reporting.markdown import md_escape, mermaid_text

DEFAULT_TEMPLATE = "report.md.j2"


def template_dirs(data_dir: Path | None) -> list[Path]:
    """Where templates are looked for, first match wins.

    1. `templates/` beside the data folder (the data repository's own wording);
    2. the `templates/` of this source tree (a clone or an editable install);
    3. the copy installed with cic (`<prefix>/share/cicmaroc/templates`).
    """
    candidates = []
    if data_dir is not None:
        candidates.append(data_dir.resolve().parent / "templates")
    candidates.append(Path(__file__).resolve().parents[3] / "templates")
    candidates.append(Path(sysconfig.get_path("data")) / "share" / "cicmaroc" / "templates")
    found: list[Path] = []
    for folder in candidates:
        if (folder / DEFAULT_TEMPLATE).is_file() and folder.resolve() not in found:
            found.append(folder.resolve())
    return found


def confined(path: Path, folder: Path) -> bool:
    """Whether `path`, links followed, is inside `folder` (links followed too)."""
    return path.resolve().is_relative_to(folder.resolve())


class ConfinedLoader(FileSystemLoader):
    """A FileSystemLoader that refuses a template leading outside its folders through a link.

    git keeps symbolic links, so a pull request could add `templates/x.j2 -> /proc/self/environ`
    (or -> a credentials file) and `{% include 'x.j2' %}` would copy CI's environment into the
    report. The sandbox cannot see this: it is the loader that reads files.
    """

    def get_source(self, environment: Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        if not any(confined(Path(filename), Path(root)) for root in self.searchpath):
            raise SecurityError(f"'{template}' is a link leading outside the template folders; "
                                "it was not used")
        return source, filename, uptodate


def _finalize(fmt: Formatter) -> Callable[[Any], Any]:
    def finalize(value: Any) -> Any:
        if isinstance(value, Markup):
            return value
        if value is None:
            return "—"
        if isinstance(value, bool):
            return md_escape(str(value).lower())
        if isinstance(value, (Decimal, Fraction)):
            return md_escape(fmt.number(value))
        if isinstance(value, dt.date):
            return md_escape(fmt.date(value))
        return md_escape(value)

    return finalize


#: Longest text or list a template may build with `*`, and largest exponent for `**`.
MAX_REPEAT = 100_000
MAX_EXPONENT = 1_000


class ReportSandbox(SandboxedEnvironment):
    """Jinja's sandbox, plus a bound on the one-expression amplifiers it lets through.

    `{{ 'a' * 10**9 }}` builds a gigabyte string (CI runs out of memory) and `{{ 9**9**9 }}` a
    number of hundreds of millions of digits; the sandbox caps `range` but not these. Loops are
    bounded by `range`'s cap only, so CI should still run `cic report` under a time limit.
    """

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"the exponent {right} is over the limit of {MAX_EXPONENT}")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (isinstance(seq, (str, list, tuple)) and isinstance(times, int)
                        and len(seq) * times > MAX_REPEAT):
                    raise SecurityError(f"repeating a text or list {times} times makes it longer than "
                                        f"{MAX_REPEAT:,} items")
        return super().call_binop(context, operator, left, right)


def make_environment(search_dirs: list[Path], fmt: Formatter) -> SandboxedEnvironment:
    """A sandboxed environment reading templates from `search_dirs`, formatting for `fmt`."""
    env = ReportSandbox(
        loader=ConfinedLoader([str(d) for d in search_dirs]),
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize(fmt),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    env.filters.update(_filters(fmt))
    return env


def _filters(fmt: Formatter) -> dict[str, Callable[..., Markup]]:
    """The filters templates use; each returns escaped Markup, so finalize leaves it alone."""

    def number(value: Any, decimals: int = 1) -> Markup:
        return md_escape(fmt.number(value, decimals))

    return {
        "md": md_escape,
        "mermaid": mermaid_text,
        "money": lambda v: md_escape(fmt.money(v)),
        "number": number,
        "percent": lambda v: md_escape(fmt.percent(v)),
        "printed_percent": lambda v: md_escape(fmt.printed_percent(v)),
        "date": lambda v: md_escape(fmt.date(v)),
        "plain": lambda v: Markup(fmt.plain(v)),
    }
