"""The write policy (`cicmaroc.files.writing`) and the failures of the system around it.

Special files are made inside the test's temporary folder, never aimed at the system's own:
a FIFO, `mknod c 1 3` (the null device's numbers) and `mknod c 1 7` (the full device's, every
write fails with ENOSPC). Everything here is FICTIONAL test data.
"""

from __future__ import annotations

import errno
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cicmaroc.cli.main import app
from cicmaroc.files import writing as atomic

runner = CliRunner()
CIC = [sys.executable, "-c", "from cicmaroc.cli.process import main; main()"]
IN_CI = os.environ.get("CI") == "true"


def said(result) -> str:
    return " ".join((result.output + (result.stderr or "")).split())


def device(folder: Path, name: str, minor: int) -> Path:
    """A character device with major 1 in the test folder (3: null, 7: full); root only."""
    path = folder / name
    try:
        os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, minor))
    except PermissionError:
        if IN_CI:
            raise
        pytest.skip("mknod needs root (CI runs as root and runs this test)")
    return path


def run_cic(args: list[str], cwd: Path, **options) -> subprocess.CompletedProcess[str]:
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE}
    return subprocess.run([*CIC, *args], cwd=cwd, text=True, timeout=60, **{**streams, **options})


def plain(text: str) -> bool:
    """A plain sentence: no traceback and no claim of a bug in cic."""
    return "internal error" not in text and "This is a bug" not in text and "Traceback" not in text


# --- special files: written through, never replaced ------------------------------------------


def test_report_into_a_fifo_reaches_the_reader_and_the_fifo_stays(tmp_path: Path, data_copy: Path):
    fifo = tmp_path / "p.md"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()), daemon=True)
    reader.start()
    result = runner.invoke(app, ["report", "--year", "2019", "-o", str(fifo), str(data_copy)])
    reader.join(timeout=20)  # (a daemon thread: a reader left waiting does not block the run)
    assert result.exit_code == 0, said(result)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)  # still a pipe (main replaced it: the reader got nothing)
    assert got and b"2019" in got[0] and len(got[0]) > 1000  # the reader got the whole report


def test_a_fifo_that_nobody_reads_is_refused_at_once(tmp_path: Path, data_copy: Path):
    fifo = tmp_path / "p.md"
    os.mkfifo(fifo)
    result = runner.invoke(app, ["report", "--year", "2019", "-o", str(fifo), str(data_copy)])
    assert result.exit_code == 2 and "nobody reads" in said(result)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


def test_a_character_device_is_written_through_not_replaced(tmp_path: Path, data_copy: Path):
    null = device(tmp_path, "null", 3)
    result = runner.invoke(app, ["report", "--year", "2019", "-o", str(null), str(data_copy)])
    assert result.exit_code == 0, said(result)
    assert stat.S_ISCHR(os.lstat(null).st_mode)  # as root, main replaced it by a regular file


def test_a_full_device_is_a_plain_sentence_and_exit_2(tmp_path: Path, data_copy: Path):
    full = device(tmp_path, "full", 7)
    result = runner.invoke(app, ["report", "--year", "2019", "-o", str(full), str(data_copy)])
    assert result.exit_code == 2
    assert "No space left on device" in said(result) and plain(said(result))
    assert stat.S_ISCHR(os.lstat(full).st_mode)


def test_stdout_on_a_full_device_is_a_plain_sentence_and_exit_2(tmp_path: Path, data_copy: Path):
    full = device(tmp_path, "full", 7)
    with full.open("w") as out:
        done = run_cic(["validate", str(data_copy), "--format", "json"], tmp_path, stdout=out)
    assert done.returncode == 2, done.stderr
    assert "No space left on device" in done.stderr and plain(done.stderr)
    assert "Exception ignored" not in done.stderr


def test_a_folder_at_the_output_path_is_refused(tmp_path: Path, data_copy: Path):
    result = runner.invoke(app, ["report", "--year", "2019", "-o", str(tmp_path), str(data_copy)])
    assert result.exit_code == 2 and "is a folder" in said(result)


# --- links: followed by every command, the same way --------------------------------------------


def test_report_through_a_link_writes_the_file_it_names_and_keeps_the_link(tmp_path: Path,
                                                                           data_copy: Path):
    real = tmp_path / "real.md"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "link.md"
    link.symlink_to(real)
    result = runner.invoke(app, ["report", "--year", "2019", "-o", str(link), str(data_copy)])
    assert result.exit_code == 0, said(result)
    assert link.is_symlink() and "2019" in real.read_text(encoding="utf-8")


def test_a_dangling_link_is_never_written_through(tmp_path: Path, data_copy: Path):
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "elsewhere" / "x.md")
    result = runner.invoke(app, ["report", "--year", "2019", "-o", str(link), str(data_copy)])
    assert result.exit_code == 2 and "does not exist" in said(result)
    assert link.is_symlink() and not (tmp_path / "elsewhere").exists()


def test_cic_new_refuses_a_dangling_link(data_copy: Path, tmp_path: Path):
    target = tmp_path / "planted.yaml"
    link = data_copy / "partners" / "x3.yaml"
    link.symlink_to(target)
    result = runner.invoke(app, ["new", "partner", "x3", "--data", str(data_copy)])
    assert result.exit_code == 2 and "already exists" in said(result)
    assert link.is_symlink() and not target.exists()


def test_create_text_is_exclusive_even_against_a_dangling_link(tmp_path: Path):
    from cicmaroc.files.writing import WriteError, create_text

    link = tmp_path / "new.yaml"
    link.symlink_to(tmp_path / "target.yaml")
    with pytest.raises(WriteError, match="already exists"):
        create_text(link, "id: x\n")
    assert not (tmp_path / "target.yaml").exists()
    create_text(tmp_path / "fresh.yaml", "id: x\n")
    assert (tmp_path / "fresh.yaml").read_text(encoding="utf-8") == "id: x\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fresh.yaml", "new.yaml"]  # no debris


# --- a file changed while cic worked on it -----------------------------------------------------


def test_a_file_edited_during_fmt_is_not_overwritten(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import cicmaroc.fmt.canonical
    import cicmaroc.fmt.rewrite

    target = tmp_path / "data" / "partners" / "x.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("id:    x\n", encoding="utf-8")
    real_format = cicmaroc.fmt.canonical.format_text

    def slow_format(text, *args, **kwargs):  # an editor saves while fmt is working
        target.write_text("id: x\ntitle: typed meanwhile\n", encoding="utf-8")
        return real_format(text, *args, **kwargs)

    monkeypatch.setattr(cicmaroc.fmt.rewrite, "format_text", slow_format)
    result = runner.invoke(app, ["fmt", str(target)])
    assert result.exit_code == 1 and "changed while cic was working" in said(result)
    assert target.read_text(encoding="utf-8") == "id: x\ntitle: typed meanwhile\n"


def test_expected_content_is_compared_just_before_the_rename(tmp_path: Path):
    from cicmaroc.files.writing import WriteError, write_text_atomic

    target = tmp_path / "f.yaml"
    target.write_text("a\n", encoding="utf-8")
    write_text_atomic(target, "b\n", expected=b"a\n")
    assert target.read_text(encoding="utf-8") == "b\n"
    with pytest.raises(WriteError, match="changed while"):
        write_text_atomic(target, "c\n", expected=b"a\n")
    assert target.read_text(encoding="utf-8") == "b\n"


# --- the system fails: a sentence, exit 2, never "bug in cic" -----------------------------------


def test_partners_being_a_file(data_copy: Path):
    partners = data_copy / "partners"
    for path in partners.iterdir():
        path.unlink()
    partners.rmdir()
    partners.write_text("not a folder\n", encoding="utf-8")
    result = runner.invoke(app, ["new", "partner", "x", "--data", str(data_copy)])
    assert result.exit_code == 2 and "is a file" in said(result) and plain(said(result))
    result = runner.invoke(app, ["validate", str(data_copy)])  # and validate says it, as a finding
    assert result.exit_code == 1 and "'partners' should be a folder" in said(result)


def test_an_id_too_long_for_a_file_name(data_copy: Path):
    result = runner.invoke(app, ["new", "partner", "a" * 251, "--data", str(data_copy)])
    assert result.exit_code == 2 and "File name too long" in said(result) and plain(said(result))


@pytest.mark.parametrize("error", [errno.EACCES, errno.EROFS])
def test_a_read_only_folder(error: int, data_copy: Path, monkeypatch: pytest.MonkeyPatch):
    """As root (CI) a chmod does not stop a write: the refusal of the system is simulated."""
    def refusing(*args, **kwargs):
        raise OSError(error, os.strerror(error), str(data_copy / "partners"))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refusing)
    result = runner.invoke(app, ["new", "partner", "ixelles", "--data", str(data_copy)])
    assert result.exit_code == 2 and os.strerror(error) in said(result)
    assert plain(said(result)) and not (data_copy / "partners" / "ixelles.yaml").exists()


def test_closed_stdout_is_a_plain_sentence_and_exit_2(data_copy: Path, tmp_path: Path):
    done = subprocess.run(["bash", "-c", 'exec "$@" >&-', "bash", *CIC, "validate", str(data_copy)],
                          cwd=tmp_path, capture_output=False, stderr=subprocess.PIPE, text=True,
                          timeout=60)
    assert done.returncode == 2
    assert "standard output is closed" in done.stderr and plain(done.stderr)


def test_a_non_utf8_stdout_is_a_plain_sentence_and_exit_2(data_copy: Path, tmp_path: Path):
    done = run_cic(["validate", str(data_copy)], tmp_path,
                   env={**os.environ, "PYTHONIOENCODING": "ascii", "NO_COLOR": "1"})
    assert done.returncode == 2, done.stderr
    assert "PYTHONIOENCODING=utf-8" in done.stderr and plain(done.stderr)


def test_fmt_on_a_read_only_disk_is_exit_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    target = tmp_path / "data" / "x.yaml"
    target.parent.mkdir()
    target.write_text("id:    x\n", encoding="utf-8")

    def refusing(*args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(target.parent))

    monkeypatch.setattr(atomic.tempfile, "mkstemp", refusing)
    result = runner.invoke(app, ["fmt", str(target)])
    assert result.exit_code == 2 and "read-only" in said(result) and plain(said(result))
    assert target.read_text(encoding="utf-8") == "id:    x\n"
