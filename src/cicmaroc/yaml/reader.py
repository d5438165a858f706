"""Read one YAML data file into plain Python values, remembering where each value came from.

Why not a stock loader: officers need every finding to point at a line, and CI needs speed.
ruamel.yaml's round-trip loader keeps positions but is pure Python and slow; its safe C loader is
fast but forgets positions. So we take the *events* of the C parser (libyaml, each event carries
its line and column) and build the values ourselves in one flat loop. That loop is also where
the file is made safe: tags never construct objects, aliases (and so "billion laughs") and merge
keys are refused, nesting depth and the number of values are capped, duplicate keys are
reported, and numbers with a fraction become `Decimal` straight from their text, never passing
through binary floats.

Hostile input, and what bounds its cost (each case is in tests/corpus/):
- size: `read_bytes` refuses a file over `Limits.max_bytes` from its size alone, and never reads
  more than that many bytes even if the file grows meanwhile; a FIFO, a device or a folder is
  refused from `fstat` on a non-blocking handle, so nothing can make the run wait.
- work: libyaml's cost grows with the square of the *flow* nesting depth (``[[[[...``: about 40 s
  for 100,000 levels), so past `Limits.max_depth` the deeper part is skipped, and past four times
  that the file is given up at once. `Limits.max_nodes` caps the number of values, whatever the
  byte count (``[1,1,1,...`` is one value per two bytes).
- noise: at most `MAX_FINDINGS_PER_FILE` loader findings per file, then one that counts the rest.
- positions: libyaml counts U+0085, U+2028 and U+2029 as line breaks, editors and CI do not;
  positions are translated back to the lines an editor shows.

Scalars follow the YAML 1.2 core schema (``yes``/``no`` stay text), plus ISO dates.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime as dt
import gc
import os
import re
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, NoReturn

from cicmaroc.escaping import BIDI, path_text
from cicmaroc.files.confinement import confined
from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.numeric import BOUNDS, MAX_DECIMALS, MAX_INTEGER_DIGITS, out_of_bounds

YamlPath = tuple[str | int, ...]

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_DEPTH = 24
DEFAULT_MAX_NODES = 250_000
MAX_FINDINGS_PER_FILE = 100


@dataclass(frozen=True, slots=True)
class Limits:
    """Safety limits for one file.

    A partner file is a few KB and the logframe about 40 KB; 2 MiB and 250,000 values leave room
    for a year of monitoring of a programme a hundred times this one. Nesting deeper than 24
    levels is never real data (the deepest file uses 7).
    """

    max_bytes: int = DEFAULT_MAX_BYTES
    max_depth: int = DEFAULT_MAX_DEPTH
    max_nodes: int = DEFAULT_MAX_NODES


@dataclass(slots=True)
class SourceDoc:
    """One parsed file: its plain data and the position of every value and key in it."""

    file: str
    data: Any
    text: str
    values: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[YamlPath, tuple[int, int]] = field(default_factory=dict)
    refused: set[YamlPath] = field(default_factory=set)
    _lines: list[str] | None = field(default=None, repr=False, compare=False)

    def at(self, *path: str | int) -> Location:
        """Where the value at `path` is; falls back to the closest enclosing value that exists."""
        p: YamlPath = tuple(path)
        while p:
            pos = self.values.get(p)
            if pos is not None:
                return Location(self.file, pos[0], pos[1])
            p = p[:-1]
        pos = self.values.get((), (1, 1))
        return Location(self.file, pos[0], pos[1])

    def key_at(self, *path: str | int) -> Location:
        """Where the key of the entry at `path` is (for unknown or duplicated keys)."""
        pos = self.keys.get(tuple(path))
        if pos is None:
            return self.at(*path)
        return Location(self.file, pos[0], pos[1])

    def lines(self) -> list[str]:
        """The file's lines as editors count them (LF, CRLF, CR), split once.

        Not `str.splitlines`, which also breaks at form feeds and Unicode separators and would
        shift every line number after one of them.
        """
        if self._lines is None:  # split once: a big file can have thousands of findings
            self._lines = _EDITOR_BREAK.split(self.text)
        return self._lines

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, for showing the offending line under a finding."""
        lines = self.lines()
        return lines[line - 1] if 0 < line <= len(lines) else ""


_EDITOR_BREAK = re.compile(r"\r\n|\r|\n")
#: Line breaks for libyaml (YAML 1.1) that editors, git and CI annotations do not count.
_YAML_ONLY_BREAKS = re.compile("[\x85\u2028\u2029]")


# --- scalar resolution (YAML 1.2 core schema, no floats) -------------------------------------

_INT = re.compile(r"[-+]?[0-9]+\Z")
_DECIMAL = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})
_NUMBER_START = frozenset("0123456789-+.")
_LONGEST_INT = 40  # longer digit strings are out of bounds whatever their value (no int() on them)


def resolve_plain(text: str) -> Any:
    """The value of an unquoted scalar. Fractions become Decimal, exactly as written.

    A number out of bounds (`numeric.out_of_bounds`) stays text; the loader reports it.
    """
    if text in _NULLS:
        return None
    first = text[0]
    if first in _NUMBER_START:
        if _INT.match(text):
            if len(text) <= MAX_INTEGER_DIGITS:  # the usual case: fewer digits than the bound
                return int(text)
            if len(text) > _LONGEST_INT:
                return text
            integer = int(text)
            return text if out_of_bounds(integer) else integer
        if _DATE.match(text):
            try:
                return dt.date.fromisoformat(text)
            except ValueError:
                return text  # "2019-02-30": left as text, the model says it is not a date
        if _DECIMAL.match(text):
            number = Decimal(text)
            dot = text.find(".")
            if dot > 0 and len(text) - dot - 1 <= MAX_DECIMALS and dot <= MAX_INTEGER_DIGITS \
                    and "e" not in text and "E" not in text:
                return number  # the usual case (150145.16), within the bound by its text alone
            return text if out_of_bounds(number) else number
        return text
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return text


_STR_TAGS = frozenset({"tag:yaml.org,2002:str", "!"})
_MAP_TAGS = frozenset({None, "tag:yaml.org,2002:map"})
_SEQ_TAGS = frozenset({None, "tag:yaml.org,2002:seq"})


# --- reading ----------------------------------------------------------------------------------


def _finding(code: str, name: str, message: str, loc: Location, hint: str) -> Finding:
    return Finding(code, Severity.ERROR, message, loc, hint=hint, name=name)


def read_bytes(path: Path, display: str, limits: Limits, inside: Path | None = None
               ) -> tuple[bytes | None, list[Finding]]:
    """The file's bytes, or a finding saying why it cannot be read.

    The file is opened without blocking and checked on the open handle (`fstat`), so a FIFO or a
    device put where a file should be is refused instead of hanging the run, and a file swapped
    between the check and the read cannot slip through. At most `limits.max_bytes` are read.
    With `inside` (the data folder), a file that leads out of it through a link is not read
    (`confinement`): the one rule for every data file cic reads or writes.
    """
    here = Location(display)
    real = os.path.realpath(path)
    if inside is not None and not confined(Path(real), inside):
        return None, [_outside(path, inside, here)]
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        if os.path.islink(path):
            target = path_text(os.readlink(path))
            return None, [_finding("CIC001", "unreadable-file",
                                   f"This is a link to '{target}', which does not exist.", here,
                                   "Restore the file it points to, or replace the link by the file itself.")]
        return None, [_finding("CIC001", "unreadable-file", "The file does not exist.", here,
                               "Create it, or remove what refers to it.")]
    except IsADirectoryError:  # Windows opens no folders; POSIX opens them and fstat says so
        return None, [_folder_finding(here)]
    except OSError as exc:
        return None, [_finding("CIC001", "unreadable-file", f"The file cannot be opened: {exc.strerror}.",
                               here, "Check the file's permissions (it must be readable by you and CI).")]
    try:
        st = os.fstat(fd)
        if inside is not None and not _same_file(st, real):  # the link was changed meanwhile
            return None, [_outside(path, inside, here)]
        if stat.S_ISDIR(st.st_mode):
            return None, [_folder_finding(here)]
        if not stat.S_ISREG(st.st_mode):
            return None, [_finding("CIC001", "unreadable-file",
                                   "This is not a regular file (a pipe, a device or a socket); "
                                   "it was not read.", here, "Replace it by a plain YAML file.")]
        if st.st_size > limits.max_bytes:
            return None, [_too_large(st.st_size, limits, here)]
        raw = _read_at_most(fd, limits.max_bytes + 1)
    except OSError as exc:
        return None, [_finding("CIC001", "unreadable-file", f"The file cannot be read: {exc.strerror}.",
                               here, "Check the file's permissions and the disk.")]
    finally:
        os.close(fd)
    if len(raw) > limits.max_bytes:  # it grew after fstat
        return None, [_too_large(len(raw), limits, here, at_least=True)]
    return raw, []


def _same_file(st: os.stat_result, real: str) -> bool:
    try:
        return os.path.samestat(st, os.stat(real))
    except OSError:
        return False


def _outside(path: Path, inside: Path, here: Location) -> Finding:
    target = os.readlink(path) if os.path.islink(path) else os.path.realpath(path)
    return _finding("CIC001", "unreadable-file",
                    f"This is a link leading outside the data folder (to '{path_text(target)}'); "
                    "it was not read.", here,
                    "Data files must be inside the data folder: replace the link by the file itself.")


def _read_at_most(fd: int, limit: int) -> bytes:
    chunks: list[bytes] = []
    while limit > 0:
        chunk = os.read(fd, min(limit, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        limit -= len(chunk)
    return b"".join(chunks)


def _folder_finding(here: Location) -> Finding:
    return _finding("CIC001", "unreadable-file", "A folder stands where a YAML file is expected.", here,
                    "Move the folder away or rename it without the .yaml ending.")


def _too_large(size: int, limits: Limits, here: Location, at_least: bool = False) -> Finding:
    return _finding("CIC007", "file-too-large",
                    f"The file is {'at least ' if at_least else ''}{size:,} bytes, over the limit of "
                    f"{limits.max_bytes:,} bytes; it was not read.", here,
                    "Data files are a few kilobytes: check that the right file is here, "
                    "or raise the limit with --max-file-size.")


def decode(raw: bytes, display: str) -> tuple[str | None, list[Finding]]:
    """UTF-8 text (a BOM is accepted and dropped), or a finding at the first bad byte."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        col = nul - (raw.rfind(b"\n", 0, nul) + 1) + 1
        return None, [_finding("CIC002", "not-utf8", "This looks like a binary file, not YAML text "
                               "(it contains a NUL byte).", Location(display, line, col),
                               "Replace it by the YAML text file it should be.")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        col = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [_finding("CIC002", "not-utf8",
                               f"The file is not valid UTF-8 text (byte 0x{raw[exc.start]:02x}); "
                               "it was probably saved as Latin-1 or Windows-1252.",
                               Location(display, line, col),
                               "Save it again as UTF-8 (in most editors: 'Save with encoding').")]
    return text, []


def load_file(path: Path, display: str | None = None, limits: Limits | None = None,
              inside: Path | None = None) -> tuple[SourceDoc | None, list[Finding]]:
    """Read, decode and parse one file. Never raises for bad content: problems become findings."""
    display = display or str(path)
    limits = limits or Limits()
    raw, findings = read_bytes(path, display, limits, inside)
    if raw is None:
        return None, findings
    text, findings = decode(raw, display)
    if text is None:
        return None, findings
    return parse_text(text, display, limits)


def parse_text(text: str, display: str, limits: Limits | None = None
               ) -> tuple[SourceDoc | None, list[Finding]]:
    """Parse YAML text. Returns no document when the text cannot be trusted (syntax errors)."""
    limits = limits or Limits()
    builder = _Builder(display, limits, text)
    get_event, dispose = _event_source(text)
    with paused_gc():
        return _parse(text, display, builder, get_event, dispose)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a block (nested uses are fine).

    Reading a programme makes millions of dicts, lists and models and no reference cycle; while
    they are alive, every full collection scans them all again, so with the collector on the
    time per megabyte grows with the size of the programme (+15 to +55 % from 10 to 100 times
    the real one, bench/run.py). Reference counting still frees everything as usual; a cycle
    made meanwhile waits for the next collection after the block.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def _parse(text: str, display: str, builder: _Builder, get_event: Callable[[], Any],
           dispose: Callable[[], None]) -> tuple[SourceDoc | None, list[Finding]]:
    try:
        builder.run(get_event)
    except _GiveUp as stop:
        return None, [*builder.close(), stop.finding]
    except Exception as exc:  # the C parser's errors carry a mark; anything else is a bug here
        return None, [*builder.close(), _syntax_finding(exc, display, text, builder)]
    finally:
        dispose()
    findings = builder.close()
    if builder.documents == 0 or (builder.root is None and builder.empty_document):
        return None, [_finding("CIC005", "empty-file", "The file is empty.", Location(display, 1, 1),
                               "Fill it in (see `cic new` for a template), or delete it.")]
    if BIDI.search(text):
        findings = [*findings, *_direction_controls(text, display)]
    return SourceDoc(display, builder.root, text, builder.values, builder.keys, builder.refused), findings


def _direction_controls(text: str, display: str) -> list[Finding]:
    """A finding for each bidi control (U+202A-E, U+2066-9), in a value, a key or a comment.

    They make a line display in another order than it is stored ("Trojan Source"): a reviewer
    would approve a figure or a waiver that is not what cic reads. The value is kept (it is read
    as stored); every output shows the control escaped (`escaping`).
    """
    breaks = [m.end() for m in _EDITOR_BREAK.finditer(text)]
    found = []
    for match in BIDI.finditer(text):
        line = bisect.bisect_right(breaks, match.start())
        column = match.start() - (breaks[line - 1] if line else 0) + 1
        found.append(Finding(
            "CIC013", Severity.ERROR,
            f"The text holds the invisible direction control U+{ord(match.group()):04X}, which makes it "
            "display in another order than it is read (\"Trojan Source\").",
            Location(display, line + 1, column),
            hint="Delete it: programme text, Arabic names included, never needs it. Most editors show "
                 "it only with 'show invisible characters'.", name="direction-control"))
        if len(found) == MAX_FINDINGS_PER_FILE:
            break
    return found


def _event_source(text: str) -> tuple[Callable[[], Any], Callable[[], None]]:
    """`(get_event, dispose)` for `text`: get_event() returns parser events, then None.

    libyaml's C parser (ruamel.yaml.clib) is used when it is installed, and called directly:
    ruamel.yaml's per-event generator wrapper costs about as much as the parsing itself.
    Without the C extension (PyPy, an exotic platform) ruamel.yaml's pure-Python parser gives the
    same events with the same marks and the same refusals (the builder below does all the safety
    work, not the parser), several times slower; the limits still bound the work, since the
    builder gives up as early on either parser. tests/test_corpus.py runs part of the corpus on
    both.
    """
    if _CParser is not None:
        parser = _CParser(text)
        return parser.get_event, parser.dispose
    from ruamel.yaml import YAML

    events = YAML(typ="safe", pure=True).parse(text)
    return (lambda: next(events, None)), events.close


try:  # the C extension ships as a separate wheel (ruamel.yaml.clib)
    from _ruamel_yaml import CParser as _CParser
except ImportError:  # pragma: no cover - depends on the platform
    _CParser = None


def _position_converter(text: str) -> Callable[[tuple[int, int]], tuple[int, int]]:
    """Translate libyaml's (line, column), which counts U+0085/U+2028/U+2029 as line breaks,
    into the line and column an editor shows (breaks are LF, CRLF and CR only)."""
    yaml_starts = [0, *(m.end() for m in _LIBYAML_BREAK.finditer(text))]
    editor_starts = [0, *(m.end() for m in _EDITOR_BREAK.finditer(text))]

    def convert(pos: tuple[int, int]) -> tuple[int, int]:
        line, column = pos
        if not 0 < line <= len(yaml_starts) or column < 1:
            return pos
        index = yaml_starts[line - 1] + column - 1
        editor_line = bisect.bisect_right(editor_starts, index)
        return editor_line, index - editor_starts[editor_line - 1] + 1

    return convert


_LIBYAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


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


def _syntax_finding(exc: Exception, display: str, source: str, builder: _Builder) -> Finding:
    """A parser error as a finding at the editor's line and column, with advice when we have some."""
    to_editor = builder.convert or (lambda pos: pos)

    def convert(pos: tuple[int, int]) -> tuple[int, int]:
        return _within(source, to_editor(pos))

    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if isinstance(getattr(exc, "position", None), int) and isinstance(getattr(exc, "character", None), int):
        # libyaml's reader refusing a raw character: it gives a character index, not a mark
        index: int = exc.position  # type: ignore[attr-defined]
        if getattr(exc, "encoding", None) != "unicode":  # the C reader counts UTF-8 bytes
            index = len(source.encode("utf-8")[:index].decode("utf-8", "ignore"))
        code: int = exc.character  # type: ignore[attr-defined]
        breaks = _LIBYAML_BREAK if builder.convert is not None else _EDITOR_BREAK
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
    lines = (_LIBYAML_BREAK if builder.convert is not None else _EDITOR_BREAK).split(source)
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
        separator = _YAML_ONLY_BREAKS.search(source, max(mark_index - 2 * len(offending) - 200, 0),
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


def _within(text: str, pos: tuple[int, int]) -> tuple[int, int]:
    """`pos`, or the end of the text when libyaml points past it (an unfinished last line)."""
    last_break = max(text.rfind("\n"), text.rfind("\r"))
    lines = text.count("\n") + text.count("\r") - text.count("\r\n") + 1
    if pos[0] <= lines:
        return pos
    return lines, len(text) - last_break


class _Frame:
    __slots__ = ("container", "is_map", "key", "key_pos", "path")

    def __init__(self, container: Any, path: YamlPath, is_map: bool) -> None:
        self.container = container
        self.path = path
        self.is_map = is_map
        self.key: Any = _NO_KEY
        self.key_pos: tuple[int, int] = (0, 0)


_NO_KEY = object()
_SKIP = object()  # placeholder for a value that was refused (alias, complex key, too deep)


class _GiveUp(Exception):
    """Raised by the builder when reading on would cost too much: the file is refused."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


#: C0 and C1 control characters other than tab, LF and CR, and lone surrogates. libyaml refuses
#: them written raw, but a double-quoted escape ("\e", "\x1b", "\0", and "\ud800" for the
#: pure-Python parser) produces them; in a report or a terminal they could hide or rewrite text,
#: a lone surrogate cannot even be written out as UTF-8, and no programme text needs them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


class _Builder:
    """Turns a stream of parser events into plain values plus two position maps."""

    def __init__(self, display: str, limits: Limits, text: str = "") -> None:
        self.display = display
        self.limits = limits
        #: libyaml's (line, column) -> the editor's; None when they agree (nearly always)
        #: (the pure-Python parser reads YAML 1.2, where those characters are not line breaks)
        self.convert = (_position_converter(text) if _CParser is not None and _YAML_ONLY_BREAKS.search(text)
                        else None)
        self.findings: list[Finding] = []
        self.unlisted = 0  # findings past MAX_FINDINGS_PER_FILE, counted, not kept
        self.values: dict[YamlPath, tuple[int, int]] = {}
        self.keys: dict[YamlPath, tuple[int, int]] = {}
        self.refused: set[YamlPath] = set()  # paths whose value was refused: no second finding
        self.root: Any = None
        self.documents = 0
        self.empty_document = False
        self.pos = (1, 1)  # where the parser is: for a finding when something fails unexpectedly

    def _at(self, mark: Any) -> tuple[int, int]:
        pos = (mark.line + 1, mark.column + 1)
        return pos if self.convert is None else self.convert(pos)

    def _add(self, finding: Finding) -> None:
        if len(self.findings) < MAX_FINDINGS_PER_FILE:
            self.findings.append(finding)
        else:
            self.unlisted += 1

    def _refuse(self, code: str, name: str, message: str, pos: tuple[int, int], hint: str) -> None:
        self._add(_finding(code, name, message, Location(self.display, *pos), hint))

    def close(self) -> list[Finding]:
        """The findings, with one more that counts those not listed."""
        if not self.unlisted:
            return self.findings
        last = self.findings[-1].location or Location(self.display)
        return [*self.findings, Finding(
            "CIC007", Severity.ERROR,
            f"{self.unlisted:,} more problems of the kinds above were found after this one and "
            "are not listed.", last, hint="Fix the ones listed and run cic validate again.",
            name="too-many-problems")]

    def _give_up(self, message: str, pos: tuple[int, int], hint: str) -> NoReturn:
        raise _GiveUp(_finding("CIC007", "too-large", message, Location(self.display, *pos), hint))

    def run(self, get_event: Callable[[], Any]) -> None:
        from ruamel.yaml.events import (
            AliasEvent,
            DocumentStartEvent,
            MappingEndEvent,
            MappingStartEvent,
            ScalarEvent,
            SequenceEndEvent,
            SequenceStartEvent,
        )

        stack: list[_Frame] = []
        max_depth = self.limits.max_depth
        give_up_depth = 4 * max_depth  # past this, libyaml's quadratic flow nesting would cost seconds
        nodes_left = self.limits.max_nodes
        skip_depth = 0  # >0 while skipping the inside of a refused (too deep) collection
        convert = self.convert
        values, keys = self.values, self.keys
        pos = (1, 1)
        try:
            while (ev := get_event()) is not None:
                kind = type(ev)
                if skip_depth:
                    if kind is MappingStartEvent or kind is SequenceStartEvent:
                        skip_depth += 1
                        if skip_depth + len(stack) > give_up_depth:
                            mark = ev.start_mark
                            self._give_up(f"The data is nested more than {give_up_depth} levels deep; "
                                          "the file was not read.", self._at(mark),
                                          "Programme files are a few levels deep: look for brackets "
                                          "'[' or '{' that are opened and never closed.")
                    elif kind is MappingEndEvent or kind is SequenceEndEvent:
                        skip_depth -= 1
                    else:
                        nodes_left -= 1
                        if nodes_left < 0:
                            self._too_many_nodes(ev)
                    continue
                if kind is ScalarEvent:
                    mark = ev.start_mark
                    pos = (mark.line + 1, mark.column + 1)
                    if convert is not None:
                        pos = convert(pos)
                    nodes_left -= 1
                    if nodes_left < 0:
                        self._too_many_nodes(ev)
                    value = ev.value
                    if ev.ctag is None:  # (`ctag`: the `tag` property builds a string every time)
                        if ev.implicit[0]:
                            text = value
                            value = resolve_plain(text)
                            if value is text and text[0] in _NUMBER_START and _DECIMAL.match(text):
                                value = self._out_of_range(text, pos)
                        elif ev.style == '"' and _CONTROL.search(value):
                            value = self._control_character(value, pos)
                    elif ev.tag in _STR_TAGS:
                        if _CONTROL.search(value):
                            value = self._control_character(value, pos)
                    else:
                        self._refuse("CIC006", "unsupported-yaml",
                                     f"The tag '{ev.tag}' is not allowed; it was ignored and the value "
                                     "not read.", pos, "Remove the tag (the text starting with '!').")
                        value = _SKIP
                    if ev.anchor is None and value is not _SKIP and stack:
                        # the common cases inline (a key, a new key's value, a list item): this loop
                        # runs once per value of every file, and a call costs as much as the rest
                        top = stack[-1]
                        if not top.is_map:
                            items = top.container
                            values[(*top.path, len(items))] = pos
                            items.append(value)
                            continue
                        key = top.key
                        if key is _NO_KEY:
                            if value.__class__ is str and value != "<<":
                                top.key = value
                                top.key_pos = pos
                                continue
                        elif key is not _SKIP and key not in top.container:
                            path = (*top.path, key)
                            top.container[key] = value
                            values[path] = pos
                            keys[path] = top.key_pos
                            top.key = _NO_KEY
                            continue
                    if ev.anchor is not None:
                        self._anchor(ev.anchor, pos)
                    self._place(stack, value, pos)
                elif kind is MappingStartEvent or kind is SequenceStartEvent:
                    mark = ev.start_mark
                    pos = self._at(mark)
                    nodes_left -= 1
                    if nodes_left < 0:
                        self._too_many_nodes(ev)
                    is_map = kind is MappingStartEvent
                    if ev.anchor is not None:
                        self._anchor(ev.anchor, pos)
                    if ev.tag not in (_MAP_TAGS if is_map else _SEQ_TAGS):
                        self._refuse("CIC006", "unsupported-yaml",
                                     f"The tag '{ev.tag}' is not allowed; this block was not read.",
                                     pos, "Remove the tag (the text starting with '!').")
                        self._place(stack, _SKIP, pos)
                        skip_depth = 1
                        continue
                    if len(stack) >= max_depth:
                        self._refuse("CIC007", "too-deep",
                                     f"The data is nested more than {max_depth} levels deep; "
                                     "the deeper part was not read.",
                                     pos, "Programme files are a few levels deep: check the indentation.")
                        self._place(stack, _SKIP, pos)
                        skip_depth = 1
                        continue
                    container: Any = {} if is_map else []
                    where = self._place(stack, container, pos)
                    if where is None:  # a collection used as a key: refused in _place
                        skip_depth = 1
                        continue
                    stack.append(_Frame(container, where, is_map))
                elif kind is MappingEndEvent or kind is SequenceEndEvent:
                    stack.pop()
                elif kind is AliasEvent:
                    mark = ev.start_mark
                    pos = self._at(mark)
                    self._refuse("CIC006", "unsupported-yaml",
                                 f"The alias '*{ev.anchor}' is not allowed in programme files; "
                                 "its value was not read.",
                                 pos, "Write the value out in full instead of using &anchors and *aliases.")
                    self._place(stack, _SKIP, pos)
                elif kind is DocumentStartEvent:
                    self.documents += 1
                    if self.documents == 2:
                        mark = ev.start_mark
                        self._refuse("CIC006", "unsupported-yaml",
                                     "The file holds more than one YAML document ('---'); "
                                     "only the first is read.",
                                     self._at(mark),
                                     "Keep one document per file: remove the '---' line and what follows, "
                                     "or move it to its own file.")
                        break
        finally:  # where the parser was, for a finding if something fails
            self.pos = pos
        if self.documents == 1 and self.root is None:
            self.empty_document = True

    def _too_many_nodes(self, ev: Any) -> NoReturn:
        mark = ev.start_mark
        self._give_up(f"The file holds more than {self.limits.max_nodes:,} values; it was not read.",
                      self._at(mark),
                      "Data files hold a few thousand values: check that the right file is here.")

    def _out_of_range(self, text: str, pos: tuple[int, int]) -> Any:
        shown = text if len(text) <= 40 else text[:37] + "..."
        self._refuse("CIC012", "invalid-value",
                     f"The number {shown} is beyond what cic reads ({BOUNDS}); it was not read.", pos,
                     "Write the figure as printed in the document; if it is text, put it in quotes.")
        return _SKIP

    def _control_character(self, value: str, pos: tuple[int, int]) -> Any:
        char = _CONTROL.search(value).group()  # type: ignore[union-attr]
        self._refuse("CIC012", "invalid-value",
                     f"The text holds the character U+{ord(char):04X}, invisible or invalid in "
                     "text; it was not read.", pos,
                     "Delete the escape sequence (a backslash code such as \\e or \\x1b) from the text.")
        return _SKIP

    def _anchor(self, name: str, pos: tuple[int, int]) -> None:
        self._refuse("CIC006", "unsupported-yaml",
                     f"The anchor '&{name}' is not used in programme files.", pos,
                     "Remove the '&' anchor and write every value out in full.")

    def _place(self, stack: list[_Frame], value: Any, pos: tuple[int, int]) -> YamlPath | None:
        """Put a value where the parser is: the document root, a list item, a key or a value."""
        if not stack:
            if self.documents <= 1:
                self.root = value
                self.values[()] = pos
            return ()
        top = stack[-1]
        if not top.is_map:
            lst = top.container
            path = (*top.path, len(lst))
            lst.append(None if value is _SKIP else value)
            self.values[path] = pos
            if value is _SKIP:
                self.refused.add(path)
            return path
        if top.key is _NO_KEY:  # this value is a key
            if isinstance(value, (dict, list)):
                self._refuse("CIC006", "unsupported-yaml",
                             "A list or mapping is used as a key; this entry was not read.", pos,
                             "Keys are simple words or years: write 'key: value'.")
                top.key = _SKIP
                top.key_pos = pos
                return None
            if value == "<<":
                self._refuse("CIC006", "unsupported-yaml", "Merge keys ('<<') are not used in "
                             "programme files; this entry was not read.", pos,
                             "Write out the keys you wanted to merge.")
                top.key = _SKIP
            elif value is _SKIP or isinstance(value, (Decimal, bool)) or value is None:
                if value is not _SKIP:
                    self._refuse("CIC012", "invalid-value",
                                 f"'{value}' cannot be used as a key.", pos,
                                 "Keys are words, identifiers or years.")
                top.key = _SKIP
            else:
                top.key = value
            top.key_pos = pos
            return (*top.path, "<key>")
        key = top.key
        top.key = _NO_KEY
        if key is _SKIP:
            return None if isinstance(value, (dict, list)) else ()
        mapping = top.container
        path = (*top.path, key)
        if key in mapping:
            if len(self.findings) >= MAX_FINDINGS_PER_FILE:  # 300,000 duplicates: count, do not build
                self.unlisted += 1
                return None if isinstance(value, (dict, list)) else ()
            first = self.keys[path]
            self._add(Finding(
                "CIC004", Severity.ERROR,
                f"The key '{key}' appears twice in the same block (first on line {first[0]}); "
                "the first value is kept.",
                Location(self.display, *top.key_pos), related=(Location(self.display, *first),),
                hint="Delete one of the two entries, or merge them.", name="duplicate-key"))
            return None if isinstance(value, (dict, list)) else ()
        mapping[key] = None if value is _SKIP else value
        if value is _SKIP:
            self.refused.add(path)
        self.values[path] = pos
        self.keys[path] = top.key_pos
        return path
