"""`cic lsp`: the Language Server Protocol over stdio, with pygls (the `lsp` extra).

The protocol's side only: documents in and out, positions in the client's units (UTF-16 unless
the client offers another), diagnostics, hover, definition, references, completion, code
actions and formatting, each answered from the last check of the file's data folder
(`lsp.checking`). A data folder is checked when the server starts (the workspace's `data/`)
and when a file of a folder is first opened (`examples/demo/data/...` brings that folder), then
again after every change, in a worker thread, one check at a time per server: changes that
arrive while a check runs are taken together by the next one. Diagnostics are published for
every data file of the folder, open or not, and again only for files whose diagnostics changed.

Nothing here raises into pygls: a failure of a check is logged to the client (window/logMessage)
and the last diagnostics stay. The server writes no file: a code action is an edit the editor
applies.
"""

from __future__ import annotations

import asyncio
import gc
import logging
import os
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from cicmaroc import __version__, api
from cicmaroc.findings import Finding, Location, Severity
from cicmaroc.i18n import N_
from cicmaroc.i18n.translator import Translator, translator
from cicmaroc.lsp.actions import WAIVERS, Action, FileEdit, format_action, waiver_actions
from cicmaroc.lsp.checking import Checked, Checker, is_data_file
from cicmaroc.lsp.completion import complete
from cicmaroc.lsp.hover import hover
from cicmaroc.lsp.ranges import token_span
from cicmaroc.yaml.positions import EDITOR_BREAK

log = logging.getLogger("cicmaroc.lsp")

_SEVERITY = {Severity.ERROR: types.DiagnosticSeverity.Error,
             Severity.WARNING: types.DiagnosticSeverity.Warning,
             Severity.INFO: types.DiagnosticSeverity.Information}
_ITEM_KINDS = {"keyword": types.CompletionItemKind.Keyword, "rule": types.CompletionItemKind.Constant,
               "file": types.CompletionItemKind.File}


class CicLanguageServer(LanguageServer):
    """The server's state: the data folders it checks, their last checks, what was published."""

    def __init__(self, data: Path | None, lang: str | None, max_file_size: int | None) -> None:
        super().__init__("cic", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.start_folder = data
        self.lang_option = lang
        self.max_file_size = max_file_size
        self.checkers: dict[Path, Checker] = {}
        self.published: dict[str, list[types.Diagnostic]] = {}
        self._said: dict[Path, tuple[Any, ...]] = {}  # what each file's diagnostics were made from
        self._dirty: list[Path] = []
        self._task: asyncio.Task[None] | None = None
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cic-check")

    # -- data folders and documents --------------------------------------------------------------

    def checker(self, folder: Path) -> Checker:
        if folder not in self.checkers:
            self.checkers[folder] = Checker(folder, max_file_size=self.max_file_size)
        return self.checkers[folder]

    def checker_of(self, path: Path) -> Checker | None:
        """The checker of the data folder `path` belongs to, made when first needed; None: not a data file."""
        for folder in (path.parent, path.parent.parent):
            if (folder.name == "data" or (folder / "logframe.yaml").is_file() or folder in self.checkers
                    ) and is_data_file(folder, path):
                return self.checker(folder)
        return None

    def translator(self, checker: Checker | None) -> Translator:
        try:
            lang = api.language(self.lang_option, "en", path=checker.data_dir if checker else None)
        except api.UsageError:
            lang = "en"
        return translator(lang)

    def buffers(self) -> dict[Path, str]:
        """Every open document's text, by path (what the checks read instead of the disk)."""
        found = {}
        for uri, document in list(self.workspace.text_documents.items()):
            path = _path(uri)
            if path is not None:
                found[path] = str(document.source)
        return found

    def uri(self, path: Path) -> str:
        """The URI the client uses for `path` (its own, for an open document)."""
        for uri in self.workspace.text_documents:
            if _path(uri) == path:
                return str(uri)
        return path.as_uri()

    def lines(self, checker: Checker, path: Path) -> list[str]:
        uri = self.uri(path)
        if uri in self.workspace.text_documents:
            return EDITOR_BREAK.split(self.workspace.get_text_document(uri).source)
        text = checker.text(path)
        return [] if text is None else EDITOR_BREAK.split(text)

    # -- checking and publishing -----------------------------------------------------------------

    def schedule(self, checker: Checker) -> None:
        """Check `checker`'s folder soon; changes arriving meanwhile are taken by the same check."""
        if checker.data_dir not in self._dirty:
            self._dirty.append(checker.data_dir)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._drain())

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while self._dirty:
            checker = self.checkers[self._dirty.pop(0)]
            buffers = self.buffers()
            try:
                checked = await loop.run_in_executor(self._worker, checker.check, buffers)
                self.publish(checker, checked)
            except Exception as exc:  # a bug in cic: said to the editor, the server goes on
                log.exception("check failed")
                self.window_log_message(types.LogMessageParams(
                    types.MessageType.Error, f"cic: internal error while checking {checker.data_dir}: "
                                             f"{type(exc).__name__}: {exc}"))

    def publish(self, checker: Checker, checked: Checked) -> None:
        """Publish the diagnostics of every file whose findings, or the text they point into, changed
        since they were last published (a change in one partner file republishes a few files, not
        a thousand)."""
        tr = self.translator(checker)
        if checked.problem is not None:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error,
                                                             f"cic: {checked.problem}"))
        sources = checked.run.programme.sources if checked.run else {}
        lines: dict[Path, Sequence[str]] = {}

        def lines_of(path: Path) -> Sequence[str]:
            """The lines the findings were made from: the file as checked (its parse, split once)."""
            if path not in lines:
                source = sources.get(checker.shown_of(path))
                lines[path] = source.lines() if source is not None else self.lines(checker, path)
            return lines[path]

        for path, findings in checked.findings.items():
            involved = {path, *(checker.path_of(p.file) for f in findings for p in f.related)}
            versions = tuple(sources.get(checker.shown_of(p)) or checker.text(p) for p in sorted(involved))
            key = (tr.lang, tuple(findings), versions)
            if self._said.get(path) == key:
                continue
            self._said[path] = key
            uri = self.uri(path)
            diagnostics = [self.diagnostic(checker, f, lines_of, tr) for f in findings]
            if self.published.get(uri) != diagnostics:
                self.published[uri] = diagnostics
                self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri, diagnostics))

    def forget(self, uri: str | None = None) -> None:
        """Publish again (a document just opened, or every one after a change of language)."""
        if uri is None:
            self.published.clear()
            self._said.clear()
            return
        self.published.pop(uri, None)
        path = _path(uri)
        if path is not None:
            self._said.pop(path, None)

    def diagnostic(self, checker: Checker, finding: Finding, lines_of: Callable[[Path], Sequence[str]],
                   tr: Translator) -> types.Diagnostic:
        hint = tr.hint(finding)
        related = []
        for place in finding.related:
            path = checker.path_of(place.file)
            related.append(types.DiagnosticRelatedInformation(
                types.Location(self.uri(path), self.range_of(place, lines_of(path))),
                tr(N_("also involved"))))
        here = checker.path_of(finding.file)
        return types.Diagnostic(
            range=self.range_of(finding.location, lines_of(here)),
            message=tr.message(finding) + (f"\n{hint}" if hint else ""),
            severity=_SEVERITY[finding.severity], code=finding.code, source="cic",
            related_information=related or None, data={"name": finding.name})

    def range_of(self, location: Location | None, lines: Sequence[str]) -> types.Range:
        """The range a finding underlines: the token at its line and column; the line's content
        without a column; the first line for the file as a whole."""
        if location is None or location.line <= 0 or location.line > max(len(lines), 1):
            first = lines[0] if lines else ""
            return self.client_range(0, first, 0, len(first))
        text = lines[location.line - 1] if lines else ""
        if location.column > 0:
            start, end = token_span(text, location.column - 1)
        else:
            start, end = len(text) - len(text.lstrip()), len(text.rstrip())
        return self.client_range(location.line - 1, text, start, end)

    def client_range(self, line: int, text: str, start: int, end: int) -> types.Range:
        return types.Range(types.Position(line, self.units(text[:start])),
                           types.Position(line, self.units(text[:end])))

    def units(self, text: str) -> int:
        """The length of `text` in the client's units (UTF-16 code units unless it chose others)."""
        if text.isascii():  # nearly always: the same in UTF-8, UTF-16 and UTF-32
            return len(text)
        return int(self.workspace.position_codec.client_num_units(text))

    def server_position(self, uri: str, position: types.Position) -> tuple[list[str], int, int]:
        """The document's lines, and a client position as a 0-based line and character."""
        document = self.workspace.get_text_document(uri)
        lines = EDITOR_BREAK.split(document.source)
        at = self.workspace.position_codec.position_from_client_units(lines, position)
        return lines, at.line, at.character

    def edit(self, edits: Sequence[FileEdit], checker: Checker) -> types.WorkspaceEdit:
        """Edits as the client applies them: the smallest replacement of each file's text, or the
        file created."""
        changes: list[Any] = []
        for change in edits:
            uri = self.uri(change.path)
            if change.create:
                start = types.Position(0, 0)
                new = types.OptionalVersionedTextDocumentIdentifier(uri, None)
                changes.append(types.CreateFile(uri, options=types.CreateFileOptions(ignore_if_exists=True)))
                changes.append(types.TextDocumentEdit(new, [types.TextEdit(types.Range(start, start),
                                                                           change.text)]))
                continue
            old = "\n".join(self.lines(checker, change.path))
            document = self.workspace.text_documents.get(uri)
            if document is not None:
                old = document.source
            changes.append(types.TextDocumentEdit(
                types.OptionalVersionedTextDocumentIdentifier(uri, document.version if document else None),
                [self.smallest_edit(old, change.text)]))
        return types.WorkspaceEdit(document_changes=changes)

    def smallest_edit(self, old: str, new: str) -> types.TextEdit:
        """One text edit turning `old` into `new`: what lies between their common start and end."""
        head = 0
        while head < min(len(old), len(new)) and old[head] == new[head]:
            head += 1
        tail = 0
        while tail < min(len(old), len(new)) - head and old[-1 - tail] == new[-1 - tail]:
            tail += 1
        replaced = types.Range(self.position_at(old, head), self.position_at(old, len(old) - tail))
        return types.TextEdit(replaced, new[head: len(new) - tail])

    def position_at(self, text: str, offset: int) -> types.Position:
        before = text[:offset]
        breaks = list(EDITOR_BREAK.finditer(before))
        start = breaks[-1].end() if breaks else 0
        return types.Position(len(breaks), self.units(before[start:]))


def _path(uri: str) -> Path | None:
    if not uri.startswith("file:"):
        return None
    fs_path = to_fs_path(uri)
    return Path(os.path.abspath(fs_path)) if fs_path else None


def build(data: Path | None, lang: str | None, max_file_size: int | None) -> CicLanguageServer:
    """The server with its features registered."""
    server = CicLanguageServer(data, lang, max_file_size)

    @server.feature(types.INITIALIZE)
    def initialize(ls: CicLanguageServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and options.get("lang") in ("fr", "nl", "en") and ls.lang_option is None:
            ls.lang_option = options["lang"]
        roots = [ls.start_folder] if ls.start_folder else [
            p for p in (_path(f.uri) for f in (params.workspace_folders or [])) if p]
        if not roots and params.root_uri:
            roots = [p for p in [_path(params.root_uri)] if p]
        for root in roots:
            folder = root / "data" if (root / "data").is_dir() else root
            if (folder / "logframe.yaml").exists() or (folder.name == "data" and folder.is_dir()):
                ls.checker(folder.resolve())

    @server.feature(types.INITIALIZED)
    def initialized(ls: CicLanguageServer, params: types.InitializedParams) -> None:
        for checker in list(ls.checkers.values()):
            ls.schedule(checker)

    def changed(ls: CicLanguageServer, uri: str) -> None:
        path = _path(uri)
        checker = ls.checker_of(path) if path else None
        if checker is not None:
            ls.schedule(checker)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CicLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.forget(params.text_document.uri)  # said again for the tab just opened
        changed(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CicLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        changed(ls, params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CicLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        changed(ls, params.text_document.uri)  # the file on disk stands for it again

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: CicLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        changed(ls, params.text_document.uri)

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def files_changed(ls: CicLanguageServer, params: types.DidChangeWatchedFilesParams) -> None:
        for checker in list(ls.checkers.values()):
            ls.schedule(checker)

    @server.feature(types.WORKSPACE_DID_CHANGE_CONFIGURATION)
    def configuration(ls: CicLanguageServer, params: types.DidChangeConfigurationParams) -> None:
        settings = params.settings.get("cic") if isinstance(params.settings, dict) else None
        if isinstance(settings, dict) and settings.get("lang") in ("fr", "nl", "en", None):
            ls.lang_option = settings.get("lang")
            ls.forget()  # every message again, in the new language
            for checker in list(ls.checkers.values()):
                ls.schedule(checker)

    def at(ls: CicLanguageServer, uri: str, position: types.Position
           ) -> tuple[Checker, Checked, Path, list[str], int, int] | None:
        path = _path(uri)
        checker = ls.checker_of(path) if path else None
        if checker is None or checker.last is None or path is None:
            return None
        lines, line, character = ls.server_position(uri, position)
        return checker, checker.last, path, lines, line, character

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: CicLanguageServer, params: types.HoverParams) -> types.Hover | None:
        found = at(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        checker, checked, path, lines, line, character = found
        text = lines[line] if line < len(lines) else ""
        said = hover(checked.ids, checked.run, path, text, line, character, ls.translator(checker))
        if said is None:
            return None
        return types.Hover(types.MarkupContent(types.MarkupKind.Markdown, said.markdown),
                           ls.client_range(said.line, text, said.start, said.end))

    def locations(ls: CicLanguageServer, checker: Checker, found: list[Any]) -> list[types.Location]:
        result = []
        for ids, occurrence in found:
            line, start, end = ids.span(occurrence)
            result.append(types.Location(ls.uri(ids.path), ls.client_range(
                line, ids.source.line_text(occurrence.line), start, end)))
        return result

    def id_at(ls: CicLanguageServer, uri: str, position: types.Position
              ) -> tuple[Checker, Checked, Any] | None:
        """The id at a position of a document, with its folder's checker and last check."""
        found = at(ls, uri, position)
        if found is None:
            return None
        checker, checked, path, _lines, line, character = found
        here = checked.ids.at(path, line, character)
        return None if here is None else (checker, checked, here[1])

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: CicLanguageServer, params: types.DefinitionParams) -> list[types.Location] | None:
        found = id_at(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        checker, checked, occurrence = found
        return locations(ls, checker, checked.ids.definitions(occurrence)) or None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: CicLanguageServer, params: types.ReferenceParams) -> list[types.Location] | None:
        found = id_at(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        checker, checked, occurrence = found
        return locations(ls, checker, checked.ids.references(
            occurrence, with_definitions=params.context.include_declaration))

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=[" ", "[", ",", "{"]))
    def completion(ls: CicLanguageServer, params: types.CompletionParams) -> types.CompletionList | None:
        found = at(ls, params.text_document.uri, params.position)
        if found is None:
            return None
        checker, checked, path, lines, line, character = found
        ids = checked.ids.files.get(path)
        kind = ids.kind if ids else checker.kind_of(path)
        offered = complete(checked.ids, kind or "", lines, line, character, checker.relative_files(),
                           ls.translator(checker).lang)
        if offered is None:
            return None
        tr = ls.translator(checker)
        text = lines[line] if line < len(lines) else ""
        replaced = ls.client_range(line, text, offered.start, offered.end)
        return types.CompletionList(False, [
            types.CompletionItem(c.label, kind=_ITEM_KINDS.get(c.kind, types.CompletionItemKind.Value),
                                 detail=tr(c.kind) if c.kind not in _ITEM_KINDS else c.detail or None,
                                 documentation=c.detail or None, text_edit=types.TextEdit(replaced, c.label))
            for c in offered.candidates])

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.Source]))
    def code_action(ls: CicLanguageServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        found = at(ls, params.text_document.uri, params.range.start)
        if found is None or found[1].run is None:
            return None
        checker, checked, path, _lines, _line, _character = found
        assert checked.run is not None
        tr = ls.translator(checker)
        first, last = params.range.start.line + 1, params.range.end.line + 1
        here = [f for f in checked.findings.get(path, [])
                if f.location is not None and first <= f.location.line <= last]
        text = ls.workspace.get_text_document(params.text_document.uri).source
        waivers = checker.data_dir / WAIVERS
        waivers_text = checker.text(waivers) if checker.files.exists(waivers) else None
        actions: list[Action] = waiver_actions(checked.run, path, text, here, waivers, waivers_text, tr)
        laid_out = format_action(path, text, tr)
        if laid_out is not None:
            actions.append(laid_out)
        published = {(d.code, d.range.start.line): d for d in ls.published.get(params.text_document.uri, [])}
        return [types.CodeAction(
            a.title, kind=a.kind, edit=ls.edit(a.edits, checker),
            diagnostics=[published[(f.code, f.location.line - 1)] for f in a.findings
                         if f.location and (f.code, f.location.line - 1) in published] or None)
            for a in actions] or None

    @server.feature(types.TEXT_DOCUMENT_FORMATTING)
    def formatting(ls: CicLanguageServer, params: types.DocumentFormattingParams
                   ) -> list[types.TextEdit] | None:
        path = _path(params.text_document.uri)
        if path is None or ls.checker_of(path) is None:
            return None
        text = ls.workspace.get_text_document(params.text_document.uri).source
        try:
            laid_out = api.format_text(path, text)
        except api.UsageError:
            return None
        return None if laid_out == text else [ls.smallest_edit(text, laid_out)]

    return server


def serve(data: Path | None, lang: str | None, max_file_size: int | None) -> None:
    """Run the server over stdin and stdout until the client ends it."""
    gc.enable()  # a long-lived process: cycles must be collected (`cli.process` turns it off to start)
    logging.basicConfig(level=logging.WARNING, format="cic lsp: %(levelname)s %(message)s")
    if data is not None:
        data = api.find_data_dir(data).resolve()
    build(data, lang, max_file_size).start_io()
