"""A small Language Server Protocol client, so tests can drive a real language server as an editor does.

It speaks JSON-RPC 2.0 over the server's stdin/stdout with `Content-Length` framing (the LSP base
protocol), answers the requests a server sends back (`workspace/configuration`, capability
registration), keeps the latest diagnostics the server publishes for each document, and always
ends the child: `shutdown`, then `exit`, then a bounded wait, and a kill only if it does not go.
Every wait has a timeout, so a hung server fails a test instead of hanging the suite.

Only what the tests need is here; it is no general-purpose client.
"""

from __future__ import annotations

import collections
import contextlib
import json
import subprocess
import threading
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

#: How the client answers the requests a server sends it: method -> (params -> result).
RequestHandlers = Mapping[str, Callable[[Any], Any]]

METHOD_NOT_FOUND = -32601
INTERNAL_ERROR = -32603


class LspError(RuntimeError):
    """The server answered a request with an error, died, or did not answer in time."""


class LanguageServer:
    """A language server running as a child process, spoken to over stdio.

    Use it as a context manager: leaving the block shuts the server down and reaps the process.
    """

    def __init__(self, command: Sequence[str], *, cwd: Path, on_request: RequestHandlers,
                 timeout: float = 30.0) -> None:
        self.timeout = timeout
        self._on_request = on_request
        self._process = subprocess.Popen(
            list(command), cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE)
        assert self._process.stdin and self._process.stdout and self._process.stderr
        self._stdin: IO[bytes] = self._process.stdin
        self._write_lock = threading.Lock()
        self._state = threading.Condition()
        self._next_id = 0
        self._responses: dict[int, dict[str, Any]] = {}
        self._diagnostics: dict[str, list[dict[str, Any]]] = {}
        self._closed_reason: str | None = None
        #: Exceptions raised by the request handlers (a test asserts there are none).
        self.handler_errors: list[str] = []
        #: The server's last lines on stderr, quoted when something goes wrong.
        self.stderr_tail: collections.deque[str] = collections.deque(maxlen=50)
        self._threads = [
            threading.Thread(target=self._read_messages, args=(self._process.stdout,), daemon=True),
            threading.Thread(target=self._read_stderr, args=(self._process.stderr,), daemon=True),
        ]
        for thread in self._threads:
            thread.start()

    # -- the protocol -----------------------------------------------------------------------------

    def request(self, method: str, params: Any, timeout: float | None = None) -> Any:
        """Send a request and wait for its result; an error answer or a time-out raises LspError."""
        with self._state:
            self._next_id += 1
            request_id = self._next_id
        self._send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        with self._state:
            self._state.wait_for(lambda: request_id in self._responses or self._closed_reason is not None,
                                 timeout if timeout is not None else self.timeout)
            if request_id not in self._responses:
                raise LspError(f"{method}: no answer ({self._closed_reason or 'timed out'})"
                               f"{self._stderr_note()}")
            response = self._responses.pop(request_id)
        if "error" in response:
            raise LspError(f"{method}: {response['error']}")
        return response.get("result")

    def notify(self, method: str, params: Any) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    # -- documents --------------------------------------------------------------------------------

    def open(self, uri: str, text: str, language_id: str = "yaml") -> None:
        """Open a document as an editor tab (its text need not be on disk); forget older diagnostics."""
        with self._state:
            self._diagnostics.pop(uri, None)
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": uri, "languageId": language_id, "version": 1, "text": text}})

    def close(self, uri: str) -> None:
        self.notify("textDocument/didClose", {"textDocument": {"uri": uri}})
        with self._state:
            self._diagnostics.pop(uri, None)

    def diagnostics(self, uri: str, timeout: float | None = None,
                    until: Callable[[list[dict[str, Any]]], bool] | None = None) -> list[dict[str, Any]]:
        """The diagnostics published for `uri` since it was opened: the first ones, or the first
        that satisfy `until` (the server publishes again when it revalidates)."""
        def arrived() -> bool:
            found = self._diagnostics.get(uri)
            return found is not None and (until is None or until(found))

        with self._state:
            self._state.wait_for(lambda: arrived() or self._closed_reason is not None,
                                 timeout if timeout is not None else self.timeout)
            if not arrived():
                raise LspError(f"no {'such ' if until else ''}diagnostics published for {uri} "
                               f"({self._closed_reason or 'timed out'}){self._stderr_note()}")
            return self._diagnostics[uri]

    # -- life cycle -------------------------------------------------------------------------------

    def shutdown(self) -> None:
        """End the server politely (shutdown, exit), then make sure the process is gone and reaped."""
        try:
            if self._process.poll() is None and self._closed_reason is None:
                self.request("shutdown", None, timeout=10)
                self.notify("exit", None)
        except (LspError, OSError):
            pass
        finally:
            with contextlib.suppress(OSError):
                self._stdin.close()
            try:
                self._process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._process.kill()
                self._process.wait(timeout=10)
            for thread in self._threads:
                thread.join(timeout=10)
            for stream in (self._process.stdout, self._process.stderr):
                if stream is not None:
                    stream.close()

    @property
    def returncode(self) -> int | None:
        return self._process.poll()

    def __enter__(self) -> LanguageServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.shutdown()

    # -- plumbing ---------------------------------------------------------------------------------

    def _send(self, message: dict[str, Any]) -> None:
        body = json.dumps(message, ensure_ascii=False).encode("utf-8")
        with self._write_lock:
            self._stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
            self._stdin.flush()

    def _read_messages(self, stream: IO[bytes]) -> None:
        reason = "the server closed its output"
        try:
            while (message := _read_frame(stream)) is not None:
                self._dispatch(message)
        except (OSError, ValueError) as error:
            reason = f"unreadable output from the server: {error}"
        with self._state:
            self._closed_reason = reason
            self._state.notify_all()

    def _dispatch(self, message: dict[str, Any]) -> None:
        if "method" not in message:  # the answer to one of our requests
            with self._state:
                self._responses[message["id"]] = message
                self._state.notify_all()
        elif "id" in message:  # the server asks us something
            self._answer(message)
        elif message["method"] == "textDocument/publishDiagnostics":
            with self._state:
                self._diagnostics[message["params"]["uri"]] = message["params"]["diagnostics"]
                self._state.notify_all()

    def _answer(self, message: dict[str, Any]) -> None:
        reply: dict[str, Any] = {"jsonrpc": "2.0", "id": message["id"]}
        handler = self._on_request.get(message["method"])
        if handler is None:
            reply["error"] = {"code": METHOD_NOT_FOUND, "message": f"not handled: {message['method']}"}
        else:
            try:
                reply["result"] = handler(message.get("params"))
            except Exception as error:  # a bug in a test's handler: tell the server, keep reading
                self.handler_errors.append(f"{message['method']}: {error!r}")
                reply["error"] = {"code": INTERNAL_ERROR, "message": repr(error)}
        with contextlib.suppress(OSError):  # the server is gone; the waiting side reports it
            self._send(reply)

    def _read_stderr(self, stream: IO[bytes]) -> None:
        for line in stream:
            self.stderr_tail.append(line.decode("utf-8", "replace").rstrip())

    def _stderr_note(self) -> str:
        return ("; server stderr:\n" + "\n".join(self.stderr_tail)) if self.stderr_tail else ""


def _read_frame(stream: IO[bytes]) -> dict[str, Any] | None:
    """One message of the base protocol: headers, a blank line, then Content-Length bytes of JSON."""
    length = None
    while True:
        line = stream.readline()
        if not line:
            return None
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode("ascii").partition(":")
        if name.strip().lower() == "content-length":
            length = int(value.strip())
    if length is None:
        raise ValueError("a message without Content-Length")
    body = stream.read(length)
    if len(body) < length:
        return None
    message: dict[str, Any] = json.loads(body.decode("utf-8"))
    return message
