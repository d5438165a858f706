"""The Jinja2 environment of the reports: sandboxed, strict, and Markdown-escaping by default.

Templates can be changed by anyone who can open a pull request on the data repository, so they
run in Jinja's sandbox (no access to Python internals, files or the network). `StrictUndefined`
turns a misspelt variable into an error rather than an empty cell. Autoescaping is HTML-only in
Jinja, so it is off; instead `finalize` passes every value a template prints through
`md_escape` unless a filter already produced safe Markup (the number, money and date filters).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import sysconfig
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.exceptions import SecurityError
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup

from cicmaroc.cells import Dash
from cicmaroc.files.confinement import confined
from cicmaroc.i18n.formatter import Formatter
from cicmaroc.report.markdown import item_start, md_escape, mermaid_text, prose

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


#: The one size bound for what a template produces: the report itself, and any text, list or
#: mapping built on the way (a filter's result, `~`, `+`, `*`, `%`, a method's result, a
#: `{% set %}` block, a macro). The real report is about 25,000 characters.
MAX_OUTPUT = 4_000_000
#: Largest exponent for `**` (a number of millions of digits is built by one operator).
MAX_EXPONENT = 1_000
#: Filters and methods whose integer arguments are widths or counts of the text they build.
_WIDTH_TAKING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap",
                           "truncate", "format", "format_map", "replace", "join"})
#: A width or precision inside a %-format or {}-format specification.
_FORMAT_WIDTHS = re.compile(r"%[-#0 +(]*[\w)]*?(\d+)|\{[^{}]*:[^{}]*?(\d+)[^{}]*\}")


def _too_big(what: str) -> SecurityError:
    return SecurityError(f"{what} is over the limit of {MAX_OUTPUT:,} characters or items for "
                         "anything a report template builds")


def checked(value: Any) -> Any:
    """`value`, unless it is a text, list or mapping over `MAX_OUTPUT` (then SecurityError)."""
    if isinstance(value, (str, bytes, list, tuple, dict, set, frozenset)) and len(value) > MAX_OUTPUT:
        raise _too_big(f"a result of {len(value):,}")
    return value


def _check_widths(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    """Refuse, before it is built, a text whose requested width or count is over the bound."""
    if name not in _WIDTH_TAKING:
        return
    for arg in (*args, *kwargs.values()):
        if isinstance(arg, int) and not isinstance(arg, bool) and abs(arg) > MAX_OUTPUT:
            raise _too_big(f"'{name}' asked for {arg:,}, which")
        if isinstance(arg, str):
            for match in _FORMAT_WIDTHS.finditer(arg):
                width = int(match.group(1) or match.group(2))
                if width > MAX_OUTPUT:
                    raise _too_big(f"the format width {width:,}")


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """A filter whose arguments and result are checked (Jinja calls filters directly, not
    through the sandbox, so `"x"|center(10**8)` would otherwise build 100 MB)."""
    @functools.wraps(func)  # keeps `jinja_pass_arg` (pass_context, pass_environment)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        _check_widths(name, args, kwargs)
        return checked(func(*args, **kwargs))

    return bounded


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, with `~` (string concatenation) checked like the other operators."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.checked(")
        super().visit_Concat(node, frame)
        self.write(")")


class ReportSandbox(SandboxedEnvironment):
    """Jinja's sandbox, plus one size bound (`MAX_OUTPUT`) on everything a template builds.

    Every place that builds output is bounded, whatever the template does: each filter's and
    each call's result (and the widths they are asked for, checked before building), the
    operators `~ + * % **`, and the output itself as it is joined (`concat`, also used for
    `{% set %}` blocks and macros). `{{ 'a' * 10**9 }}`, `"x"|center(10**8)`,
    `"%0100000000d"|format(1)` or doubling a text in a loop stop with a SecurityError, before
    the memory is used; nothing is written. Loops are bounded by `range`'s cap only, so CI
    should still run `cic report` under a time limit.
    """

    code_generator_class = _BoundedCodeGenerator
    intercepted_binops = frozenset({"*", "**", "+", "%", "//"})

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self.checked = checked

    @staticmethod
    def concat(pieces: Iterable[str]) -> str:
        """The output, joined with its size counted as it grows."""
        parts, size = [], 0
        for piece in pieces:
            size += len(piece)
            if size > MAX_OUTPUT:
                raise _too_big("the report")
            parts.append(piece)
        return "".join(parts)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and isinstance(right, (int, float)) and abs(right) > MAX_EXPONENT:
            raise SecurityError(f"the exponent {right} is over the limit of {MAX_EXPONENT}")
        if operator == "*":
            for seq, times in ((left, right), (right, left)):
                if (isinstance(seq, (str, list, tuple)) and isinstance(times, int)
                        and len(seq) * times > MAX_OUTPUT):
                    raise _too_big(f"repeating a text or list {times:,} times makes one that")
        if operator == "%" and isinstance(left, str):
            _check_widths("format", (left, *(right if isinstance(right, tuple) else (right,))), {})
        return checked(super().call_binop(context, operator, left, right))

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        owner = getattr(__obj, "__self__", None)  # 'x'.center(...), '{:>9}'.format(...)
        _check_widths(getattr(__obj, "__name__", ""), (*args, *((owner,) if isinstance(owner, str) else ())),
                      kwargs)
        return checked(super().call(__context, __obj, *args, **kwargs))


def make_environment(search_dirs: list[Path], fmt: Formatter) -> SandboxedEnvironment:
    """A sandboxed environment reading templates from `search_dirs`, formatting for `fmt`."""
    env = ReportSandbox(
        loader=ConfinedLoader([str(d) for d in search_dirs]),
        extensions=["jinja2.ext.i18n"],
        undefined=StrictUndefined,
        autoescape=False,
        finalize=_finalize(fmt),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
    )
    from cicmaroc.i18n.translator import translator

    tr = translator(fmt.lang)  # `_("English text")` in a template: the catalogues' translation
    env.install_gettext_callables(tr.gettext, tr.ngettext, newstyle=True)  # type: ignore[attr-defined]
    env.filters.update(_filters(fmt))
    env.tests["dash"] = lambda value: isinstance(value, Dash)  # a cell T3 prints "-" (`is dash`)
    # French typography: a no-break space before ':' and ';' where a template writes them after a
    # label, as the French catalogue does in its sentences (tests/test_catalogues.py)
    space = "\u00a0" if fmt.lang == "fr" else ""
    env.globals.update(colon=Markup(space + ":"), semicolon=Markup(space + ";"))
    env.filters = {name: _bounded_filter(name, func) for name, func in env.filters.items()}
    return env


def _filters(fmt: Formatter) -> dict[str, Callable[..., Markup]]:
    """The filters templates use; each returns escaped Markup, so finalize leaves it alone."""

    def number(value: Any, decimals: int = 1) -> Markup:
        return md_escape(fmt.number(value, decimals))

    return {
        "md": md_escape,
        "item_start": item_start,
        "prose": prose,
        "mermaid": mermaid_text,
        "money": lambda v: md_escape(fmt.money(v)),
        "number": number,
        "percent": lambda v: md_escape(fmt.percent(v)),
        "printed_percent": lambda v: md_escape(fmt.printed_percent(v)),
        "date": lambda v: md_escape(fmt.date(v if isinstance(v, dt.date) else dt.date.fromisoformat(v))),
        "plain": lambda v: Markup(fmt.plain(v)),
    }
