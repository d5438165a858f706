"""`cic fmt`: rewrite data files into the one canonical layout (values and comments untouched)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from cicmaroc.cli.main import EXIT_CLEAN, EXIT_FINDINGS, EXIT_USAGE, app, console, usage_error

if TYPE_CHECKING:
    from rich.console import Console


@app.command()
def fmt(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="Data files or folders to format. Default: the data folder (./data, looked for in "
             "the current folder and its parents).", show_default=False)] = None,
    check: Annotated[bool, typer.Option(
        "--check", help="Write nothing; exit 1 and list the files that would change (for CI and "
        "pre-commit).")] = False,
    diff: Annotated[bool, typer.Option(
        "--diff", help="Show what would change, as a unified diff; write nothing.")] = False,
    quiet: Annotated[bool, typer.Option(
        "--quiet", "-q", help="Print only the files that change (or would), and problems; no "
        "summary.")] = False,
) -> None:
    """Rewrite data files into one canonical layout: key order, indentation, quotes, amounts."""
    from cicmaroc.config import ConfigError, settings
    from cicmaroc.files.reading import decode, read_bytes
    from cicmaroc.files.writing import SystemWriteError, WriteError, write_text_atomic
    from cicmaroc.fmt.canonical import FormatError, format_text, model_for
    from cicmaroc.loading.loader import DataFolderNotFound, display_path, find_data_dir
    from cicmaroc.yaml.limits import Limits

    out = console()
    err = console(stderr=True)
    limits: dict[Path, Limits] = {}
    try:
        files = _files(paths or [find_data_dir()])
        for _, root in files:  # the same settings as cic validate (max-file-size)
            limits.setdefault(root, settings(root).limits())
    except (DataFolderNotFound, FileNotFoundError, ConfigError) as exc:
        usage_error(str(exc))
    changed, problems, system_failed = [], 0, False
    for path, root in files:
        shown = display_path(path)
        raw, findings = read_bytes(path, shown, limits[root], inside=root)
        text, more = decode(raw, shown) if raw is not None else (None, [])
        if text is None:
            problem = (findings or more)[0]
            err.print(f"{shown}: {problem.message} Not formatted.", soft_wrap=True)
            problems += 1
            continue
        try:
            formatted = format_text(text, model_for(path), shown)
        except FormatError as exc:
            where = f"{shown}:{exc.line}" if exc.line else shown
            err.print(f"{where}: {exc}", soft_wrap=True)
            problems += 1
            continue
        if formatted == text:
            continue
        changed.append(shown)
        if diff:
            sys.stdout.write(_unified_diff(text, formatted, shown))
        elif check:
            out.print(f"would reformat {shown}", soft_wrap=True)
        else:
            try:  # refused if the file changed since it was read (`expected`), or leads outside
                write_text_atomic(path, formatted, expected=raw, inside=root)
            except WriteError as exc:
                err.print(f"{exc}", soft_wrap=True)
                changed.pop()
                problems += 1
                system_failed = system_failed or isinstance(exc, SystemWriteError)
                continue
            out.print(f"reformatted {shown}", soft_wrap=True)
    if not quiet:
        _summary(err if diff else out, len(files), len(changed), problems, check or diff)
    if system_failed:  # the disk or the permissions, not the files: a usage error, as elsewhere
        raise typer.Exit(EXIT_USAGE)
    if problems or ((check or diff) and changed):
        raise typer.Exit(EXIT_FINDINGS)
    raise typer.Exit(EXIT_CLEAN)


def _files(paths: list[Path]) -> list[tuple[Path, Path]]:
    """(file, its data folder) for the YAML files named and those in the folders named (hidden
    files and folders skipped). A file is read and written only if it leads nowhere outside its
    data folder (`confinement.data_root`), as `cic validate` reads them."""
    from cicmaroc.escaping import path_text
    from cicmaroc.files.confinement import data_root
    from cicmaroc.loading.loader import YAML_SUFFIXES

    found: dict[Path, Path] = {}
    for path in paths:
        root = data_root(path)
        if path.is_dir():
            for p in sorted(path.rglob("*")):
                if p.name.endswith(YAML_SUFFIXES) and (p.is_file() or p.is_symlink()) \
                        and not any(part.startswith(".") for part in p.relative_to(path).parts):
                    found.setdefault(p, root)
        elif os.path.lexists(path):
            found.setdefault(path, root)
        else:
            raise FileNotFoundError(f"'{path_text(path)}' does not exist.")
    return list(found.items())


def _unified_diff(before: str, after: str, shown: str) -> str:
    import difflib

    return "".join(difflib.unified_diff(before.splitlines(keepends=True), after.splitlines(keepends=True),
                                        f"{shown} (as it is)", f"{shown} (formatted)"))


def _summary(printer: Console, total: int, changed: int, problems: int, dry_run: bool) -> None:
    files = f"{total} file{'s' if total != 1 else ''}"
    if not changed and not problems:
        printer.print(f"{files} checked, all in the canonical layout.")
        return
    verb = "would be reformatted" if dry_run else "reformatted"
    parts = [f"{changed} of {files} {verb}"]
    if problems:
        parts.append(f"{problems} could not be formatted (run `cic validate` for the details)")
    if dry_run and changed:
        parts.append("run `cic fmt` to apply")
    printer.print("; ".join(parts) + ".", soft_wrap=True)
