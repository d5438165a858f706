"""The hostile-workbook corpus: each case of tests/corpus/workbooks/ built from a real form.

A case is a YAML file saying which form `cic forms` makes for the demo's 2021 (a reporter's), what
to change in which XML part of it (a regular expression and its replacement, optionally repeated
or padded, for the cases that would be megabytes as files), and the finding `cic import` must
give (code, where: "" for the workbook, a sheet, or sheet!cell, and a piece of its English
sentence). Written as text, a case can be read and reviewed; built by code, it stays a form of the
current version, whatever the layout. Every value is FICTIONAL test input. Used by
tests/test_hostile_workbooks.py.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cicmaroc.yaml.reader import load_file

WORKBOOKS = Path(__file__).resolve().parent / "corpus" / "workbooks"


@dataclass(frozen=True)
class WorkbookCase:
    name: str
    form: str  # the reporter whose 2021 form is changed
    changes: tuple[dict[str, Any], ...]
    code: str
    at: str
    says: str

    def build(self, forms: Path, out: Path) -> Path:
        """The hostile workbook, made from `forms/2021-<reporter>.xlsx` into `out`."""
        with zipfile.ZipFile(forms / f"2021-{self.form}.xlsx") as source:
            parts = {info.filename: source.read(info) for info in source.infolist()}
        for change in self.changes:
            text = parts[change["part"]].decode("utf-8")
            replacement = str(change["with"])
            if "repeat" in change:
                first, last = change["repeat"]
                replacement = "".join(replacement.replace("{n}", str(n)) for n in range(first, last))
            if "pad" in change:
                replacement = replacement.replace("{pad}", "x" * int(change["pad"]))
            pattern = re.compile(str(change["pattern"]))
            assert pattern.search(text), f"{self.name}: {change['pattern']} is not in {change['part']}"
            text = pattern.sub(replacement, text, count=1)  # `\1` in `with`: the pattern's group
            parts[change["part"]] = text.encode(change.get("encoding", "utf-8"))
        target = out / f"{self.name}.xlsx"
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in parts.items():
                archive.writestr(name, data)
        return target


def workbook_cases() -> list[WorkbookCase]:
    cases = []
    for path in sorted(WORKBOOKS.glob("*.yaml")):
        doc, findings = load_file(path, path.name)
        assert doc is not None and not findings, (path.name, findings)
        spec = doc.data
        expect = spec["expect"]
        cases.append(WorkbookCase(path.stem, spec["form"], tuple(spec["changes"]), expect["code"],
                                  expect["at"], expect["says"]))
    return cases
