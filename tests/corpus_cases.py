"""The hostile-input corpus as cases: the committed files of tests/corpus/ and generated ones.

Shared by tests/test_corpus.py (the expected finding, no traceback, no hang) and bench/run.py
(how long each case takes). A case puts one bad file into a copy of the real data/ folder,
either as an extra partner file or in place of one of the single files (logframe.yaml ...).
Generated cases are the ones git cannot hold (a FIFO, a folder, a broken link) or that would
bloat it (multi-megabyte files); they are built in the test's temporary folder.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from cicmaroc.yaml.reader import load_file

CORPUS = Path(__file__).resolve().parent / "corpus"
SINGLE = ("logframe", "budget", "country", "risks")


@dataclass(frozen=True)
class Case:
    """One bad input: where it goes, how it is made, and the finding it must produce."""

    name: str
    place: str  # "partner" or one of SINGLE
    code: str
    line: int  # 0: the file as a whole (it could not be read at all)
    make: Callable[[Path], None]  # writes the bad thing at the given path

    def target(self, data_dir: Path) -> Path:
        if self.place == "partner":
            return data_dir / "partners" / self.name
        return data_dir / f"{self.place}.yaml"

    def install(self, data_dir: Path) -> Path:
        path = self.target(data_dir)
        if path.exists() or path.is_symlink():
            path.unlink()
        self.make(path)
        return path


def _copy_of(source: Path) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(source.read_bytes())


def file_cases() -> list[Case]:
    """The committed corpus files, with what expected.yaml says about each."""
    doc, findings = load_file(CORPUS / "expected.yaml", "expected.yaml")
    assert doc is not None and not findings, findings
    return [Case(name, spec["as"], spec["code"], spec["line"], _copy_of(CORPUS / name))
            for name, spec in doc.data.items()]


def _fifo(path: Path) -> None:
    os.mkfifo(path)  # nobody ever writes to it: opening it for reading would block forever


def _folder(path: Path) -> None:
    path.mkdir()
    (path / "inside.yaml").write_text("id: x\n", encoding="utf-8")


def _broken_link(path: Path) -> None:
    path.symlink_to(path.parent / "nowhere" / "gone.yaml")


def _link_to_device(path: Path) -> None:
    path.symlink_to("/dev/zero")  # endless bytes: must be refused from fstat, not read


def _link_out_of_data(path: Path) -> None:
    """A link to a file outside the data folder (git keeps links): never read."""
    outside = path.parent.parent.parent / "outside-credentials.yaml"
    outside.write_text("id: leaked\ntitle: FICTIONAL-SECRET\n", encoding="utf-8")
    path.symlink_to(outside)


def _text(text: str) -> Callable[[Path], None]:
    return lambda path: path.write_text(text, encoding="utf-8")


_HEAD = "# FICTIONAL generated test input, not programme data.\nid: corpus-test\n"


def generated_cases() -> list[Case]:
    """Cases built at run time (see the module docstring for why)."""
    return [
        Case("fifo.yaml", "partner", "CIC001", 0, _fifo),
        Case("folder.yaml", "partner", "CIC001", 0, _folder),
        Case("broken-link.yaml", "partner", "CIC001", 0, _broken_link),
        Case("link-to-dev-zero.yaml", "budget", "CIC001", 0, _link_to_device),
        Case("link-out-of-data.yaml", "partner", "CIC001", 0, _link_out_of_data),
        Case("z\n::error file=README.md,line=1::forged\x1b[2J\u202e.yaml", "partner", "CIC010", 2,
             _text(_HEAD)),
        Case("oversized-3mib.yaml", "logframe", "CIC007", 0, _text("a: 1\n" * 650_000)),
        Case("million-flow-items.yaml", "partner", "CIC007", 3,
             _text(_HEAD + "note: [" + "1," * 1_000_000 + "]\n")),
        Case("million-deep-flow-nesting.yaml", "partner", "CIC007", 3,
             _text(_HEAD + "note: " + "[" * 1_000_000 + "]" * 1_000_000 + "\n")),
        Case("key-100kb.yaml", "partner", "CIC003", 3, _text(_HEAD + "k" * 100_000 + ": 1\n")),
        Case("quoted-key-100kb.yaml", "partner", "CIC003", 3,
             _text(_HEAD + '"' + "k" * 100_000 + '": 1\n')),
        Case("scalar-1mb.yaml", "partner", "CIC012", 4,
             _text(_HEAD + 'note: "' + "x" * 1_000_000 + '"\nbudget_os1: abc\n')),
        Case("300k-duplicate-keys.yaml", "partner", "CIC004", 3, _text(_HEAD + "id: x\n" * 300_000)),
    ]


def all_cases() -> list[Case]:
    return file_cases() + generated_cases()
