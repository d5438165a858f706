"""A parser error as a finding at the editor's line and column, with advice where there is some."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.yaml.positions import EDITOR_BREAK, LIBYAML_BREAK, YAML_ONLY_BREAKS, within

if TYPE_CHECKING:
    from cicmaroc.yaml.builder import Builder


def _finding(code: str, name: str, message: str, loc: Location, hint: str) -> Finding:
    return Finding(code, Severity.ERROR, message, loc, hint=hint, name=name)

_SYNTAX_HINTS = (
    ("\\t", "A tab character is used for indentation: YAML needs spaces. Replace the tab by spaces."),
    ("mapping values are not allowed", "A value contains ': ' (colon and space): put the whole "
     "value in quotes, or check the indentation of this line."),
    ("could not find expected ':'", "A line is missing its 'key: value' colon, or a quote is not "
     "closed."),
    ("did not find expected key", "A line is indented differently from the lines around it."),
    ("found unexpected end of stream", "A quote or bracket is opened and never closed."),
    ("found undefined alias", "Anchors and aliases (&name / *name) are not used in these files: "
     "write the value out."),
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
        return _finding("CIC003", "yaml-syntax",
                        f"The YAML cannot be read: the character U+{code:04X} is not allowed in a "
                        "YAML file.", Location(display, *convert((len(starts), index - starts[-1] + 1))),
                        "Delete this invisible character (a control character, often from a "
                        "copy-paste); if it is needed, the file is not a YAML text file.")
    if mark is None:  # not the parser's error: a bug in the builder; still located, never raised
        return _finding("CIC003", "yaml-syntax",
                        f"cic could not read this file past this point ({type(exc).__name__}: "
                        f"{str(exc)[:200]}). This is a bug in cic, not in your data.",
                        Location(display, *builder.pos), "Please report it with the file attached.")
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or ["unknown error"])[0]
    line, col = mark.line + 1, mark.column + 1
    hint = "Fix the YAML syntax on this line (or the line just above it)."
    # split the lines as `mark` counts them
    lines = (LIBYAML_BREAK if builder.convert is not None else EDITOR_BREAK).split(source)
    offending = lines[line - 1] if 0 < line <= len(lines) else ""
    text = str(exc) + ("\\t" if "\t" in offending[: max(col, 1)] else "")
    for needle, advice in _SYNTAX_HINTS:
        if needle in text:
            hint = advice
            break
    if "could not find expected ':'" in text and len(offending) > 1024:
        hint = ("A key is longer than 1024 characters, which YAML does not allow (or a very long "
                "line lacks its colon): keys are short names; long text goes after 'key: '.")
    mark_index = getattr(mark, "index", None)
    separator = None
    if isinstance(mark_index, int):  # the raw text just before the error, separators included
        separator = YAML_ONLY_BREAKS.search(source, max(mark_index - 2 * len(offending) - 200, 0),
                                           mark_index + 1)
    if separator:
        hint = (f"This line, or the one above, holds an invisible U+{ord(separator.group()):04X} line "
                "separator (often pasted from a PDF), which YAML reads as a line break: delete it.")
    here = Location(display, *convert((line, col)))
    context = getattr(exc, "context", None) or ""
    opened = getattr(exc, "context_mark", None)
    if opened is None or not context.startswith(("while scanning a quoted", "while parsing a flow")):
        return _finding("CIC003", "yaml-syntax", f"The YAML cannot be read: {problem}.", here, hint)
    start = Location(display, *convert((opened.line + 1, opened.column + 1)))
    if context.startswith("while scanning a quoted"):  # the end of the file says nothing: show the quote
        return Finding("CIC003", Severity.ERROR,
                       "The YAML cannot be read: the quoted text that starts here is never closed "
                       f"(the file ends on line {here.line} still inside it).", start, related=(here,),
                       hint="Add the closing quote at the end of the text, or remove the opening one.",
                       name="yaml-syntax")
    return Finding("CIC003", Severity.ERROR, f"The YAML cannot be read: {problem}.", here, related=(start,),
                   hint=f"The bracket opened on line {start.line} is not closed before this line: "
                        "close it, or check the commas between its items.", name="yaml-syntax")

