"""A parser error as a finding at the editor's line and column, with advice where there is some."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cicmaroc.codes.files import CIC003
from cicmaroc.findings import Finding, Location
from cicmaroc.yaml.positions import EDITOR_BREAK, LIBYAML_BREAK, YAML_ONLY_BREAKS, within
from cicmaroc.yaml.problems import said

if TYPE_CHECKING:
    from cicmaroc.yaml.builder import Builder


#: What libyaml's error says -> the CIC003 message whose hint explains it.
_SYNTAX_HINTS = (
    ("\\t", "tab"),
    ("mapping values are not allowed", "colon-in-value"),
    ("could not find expected ':'", "missing-colon"),
    ("did not find expected key", "indentation"),
    ("found unexpected end of stream", "unclosed"),
    ("found undefined alias", "alias"),
)


def syntax_finding(exc: Exception, display: str, source: str, builder: Builder) -> Finding:
    """A parser error as a finding at the editor's line and column, with advice when we have some."""
    to_editor = builder.convert or (lambda pos: pos)

    def convert(pos: tuple[int, int]) -> tuple[int, int]:
        return within(source, to_editor(pos))

    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if isinstance(getattr(exc, "position", None), int) and isinstance(getattr(exc, "character", None), int):
        # libyaml's reader refusing a raw character: it gives a character index, not a mark
        index: int = exc.position  # type: ignore[attr-defined]
        if getattr(exc, "encoding", None) != "unicode":  # the C reader counts UTF-8 bytes
            index = len(source.encode("utf-8")[:index].decode("utf-8", "ignore"))
        code: int = exc.character  # type: ignore[attr-defined]
        breaks = LIBYAML_BREAK if builder.convert is not None else EDITOR_BREAK
        starts = [0, *(m.end() for m in breaks.finditer(source, 0, index))]
        return CIC003.finding("character", Location(display, *convert((len(starts), index - starts[-1] + 1))),
                              char=f"U+{code:04X}")
    if mark is None:  # not the parser's error: a bug in the builder; still located, never raised
        return CIC003.finding("reader-failed", Location(display, *builder.pos),
                              error=f"{type(exc).__name__}: {str(exc)[:200]}")
    problem = said(getattr(exc, "problem", None) or (str(exc).splitlines() or ["unknown error"])[0])
    line, col = mark.line + 1, mark.column + 1
    say, char = "syntax", ""
    # split the lines as `mark` counts them
    lines = (LIBYAML_BREAK if builder.convert is not None else EDITOR_BREAK).split(source)
    offending = lines[line - 1] if 0 < line <= len(lines) else ""
    text = str(exc) + ("\\t" if "\t" in offending[: max(col, 1)] else "")
    for needle, advice in _SYNTAX_HINTS:
        if needle in text:
            say = advice
            break
    if "could not find expected ':'" in text and len(offending) > 1024:
        say = "long-key"
    mark_index = getattr(mark, "index", None)
    separator = None
    if isinstance(mark_index, int):  # the raw text just before the error, separators included
        separator = YAML_ONLY_BREAKS.search(source, max(mark_index - 2 * len(offending) - 200, 0),
                                           mark_index + 1)
    if separator:
        say, char = "line-separator", f"U+{ord(separator.group()):04X}"
    here = Location(display, *convert((line, col)))
    context = getattr(exc, "context", None) or ""
    opened = getattr(exc, "context_mark", None)
    if opened is None or not context.startswith(("while scanning a quoted", "while parsing a flow")):
        if say == "line-separator":
            return CIC003.finding(say, here, problem=problem, char=char)
        return CIC003.finding(say, here, problem=problem)
    start = Location(display, *convert((opened.line + 1, opened.column + 1)))
    if context.startswith("while scanning a quoted"):  # the end of the file says nothing: show the quote
        return CIC003.finding("unclosed-quote", start, (here,), line=here.line)
    return CIC003.finding("unclosed-bracket", here, (start,), problem=problem, line=start.line)

