"""The data folder as it was at a git revision, read without a checkout.

Reviewers and report writers ask for the programme "as of" a tag, a branch or a commit
(`cic report --rev rapport-2019-soumis`, `cic diff main`). The working tree must not move for
that (an officer may have edits in progress, CI may be checking something else out), so the
files are read from git's object store: `git ls-tree` lists what the revision holds under the
data folder, `git cat-file --batch` hands over the blobs in one process, and they are written to
a private temporary folder laid out like the repository. Every command then reads that folder
exactly as it reads a working tree, with the same rules: the result is the result a checkout of
the revision would give.

Why the `git` executable in a subprocess rather than a library (pygit2, dulwich): git is already
there wherever the data is kept in git (a CI checkout, an officer's clone); it understands every
repository the officer's own git does (shallow clones, worktrees, packed refs, partial clones,
new object formats) without a second implementation to keep in step; and it costs cic no
dependency, no compiled wheel and nothing at start-up for the commands that never use it.

What a revision holds is refused before anything is read when it cannot be what a working tree
would hold: a data file larger than the limit (its size is in the tree listing), a symbolic link
(it would lead somewhere outside the revision), or bytes that are not text. Those are usage
errors (exit 2) naming the file and the revision, like an unknown revision, a data folder absent
at the revision, a folder that is not in a git repository, or a base revision missing from a
shallow clone (with the fetch depth that would bring it).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from cicmaroc.errors import UsageError
from cicmaroc.files.discovery import is_yaml_name
from cicmaroc.files.writing import scratch_folder, write_scratch
from cicmaroc.findings import Count
from cicmaroc.i18n import N_

#: Configuration files read from the data folder upwards (`config.find_config_file`), and the
#: report's own templates beside the data folder: what a checkout would give the commands too.
CONFIG_NAMES = ("cic.toml", "pyproject.toml")
TEMPLATES = "templates"
#: A settings file or a template is small; anything larger at a revision is not one.
SMALL_FILE = 1 << 20
#: The branches a pull request is usually made against, tried in this order for `cic diff`'s base.
MAIN_BRANCHES = ("origin/HEAD", "main", "master", "origin/main", "origin/master")


class GitError(UsageError):
    """git could not give what was asked (no repository, unknown revision ...): exit 2."""


class Revision(NamedTuple):
    """A revision as the officer named it, and the commit it stands for."""

    name: str
    commit: str
    #: For a merge-base (`merge_base`): the branch HEAD left, so that a reader's language can say it.
    base_of: str | None = None

    @property
    def short(self) -> str:
        return self.commit[:10]

    def __str__(self) -> str:
        if self.name == self.commit or self.commit.startswith(self.name):
            return self.short
        return f"{self.name} ({self.short})"


class Entry(NamedTuple):
    """One file of a revision's tree: its mode, object id, size and path from the repository root."""

    mode: str
    oid: str
    size: int
    path: str


def _git(repo: Path, *args: str, input_bytes: bytes | None = None, check: bool = True
         ) -> subprocess.CompletedProcess[bytes]:
    """Run git in `repo`; the output as bytes. A missing git is a usage error, said plainly."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", "-C", str(repo), *args], input=input_bytes, capture_output=True,
                              env=env, check=False)
    except FileNotFoundError:
        raise GitError(N_("git is not installed (or not on PATH); --rev and cic diff need it.")) from None
    if check and done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(N_("git {command} failed: {said}"), command=args[0], said=said[-1] if said else "")
    return done


def _text(done: subprocess.CompletedProcess[bytes]) -> str:
    return done.stdout.decode("utf-8", "surrogateescape").strip()


def repository(start: Path) -> Path:
    """The top folder of the git repository holding `start` (a folder)."""
    done = _git(start, "rev-parse", "--show-toplevel", check=False)
    if done.returncode != 0:
        raise GitError(N_("{folder} is not in a git repository, so there are no revisions to read. Run "
                          "cic inside the programme's clone, or leave out --rev."), folder=str(start))
    return Path(_text(done))


def is_shallow(repo: Path) -> bool:
    return _text(_git(repo, "rev-parse", "--is-shallow-repository")) == "true"


def _history_depth(repo: Path) -> int:
    return int(_text(_git(repo, "rev-list", "--count", "HEAD", check=False)) or 0)


def resolve(repo: Path, name: str) -> Revision:
    """The commit a tag, branch or hash names; an unknown name is a usage error (exit 2)."""
    if not name or name.startswith("-") or any(c in name for c in "\n\r\0"):
        raise GitError(N_("'{name}' is not a revision name (a tag, a branch or a commit hash)."), name=name)
    done = _git(repo, "rev-parse", "--verify", "--quiet", f"{name}^{{commit}}", check=False)
    if done.returncode != 0:
        if is_shallow(repo):
            raise GitError(N_("Unknown revision '{name}': no tag, branch or commit of that name in this "
                              "clone. It is shallow: it holds {depth} commits of history from HEAD. "
                              "Fetch the history that reaches it, such as `git fetch --deepen=50` (or `git "
                              "fetch --unshallow` for all of it); in CI, check out with fetch-depth: 0, or "
                              "the pull request's number of commits + 1 (docs/ci.md)."),
                           name=name, depth=_history_depth(repo))
        raise GitError(N_("Unknown revision '{name}': no tag, branch or commit of that name in {repo}. "
                          "`git tag` and `git branch -a` list the names."), name=name, repo=str(repo))
    return Revision(name, _text(done))


def main_branch(repo: Path) -> str:
    """The branch a pull request is compared with: the CI's target branch, else main (or master)."""
    for variable in ("GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"):
        target = os.environ.get(variable)
        if target:
            for candidate in (f"origin/{target}", target):
                if _git(repo, "rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}",
                        check=False).returncode == 0:
                    return candidate
    for candidate in MAIN_BRANCHES:
        if _git(repo, "rev-parse", "--verify", "--quiet", f"{candidate}^{{commit}}",
                check=False).returncode == 0:
            named = _git(repo, "rev-parse", "--abbrev-ref", candidate, check=False)  # origin/HEAD: its branch
            return _text(named) if named.returncode == 0 and _text(named) else candidate
    raise GitError(N_("No main branch in {repo} to compare with (tried {tried}); name the base "
                      "revision: cic diff BASE"), repo=str(repo), tried=", ".join(MAIN_BRANCHES))


def merge_base(repo: Path, branch: str | None = None) -> Revision:
    """Where HEAD left the main branch: what a pull request's changes are measured from."""
    branch = branch or main_branch(repo)
    done = _git(repo, "merge-base", branch, "HEAD", check=False)
    if done.returncode != 0:
        if is_shallow(repo):
            raise GitError(N_("The base revision (where HEAD left {branch}) is not available. This clone "
                              "is shallow: it holds {depth} commits of history from HEAD. "
                              "Fetch the history that reaches it, such as `git fetch --deepen=50` (or `git "
                              "fetch --unshallow` for all of it); in CI, check out with fetch-depth: 0, or "
                              "the pull request's number of commits + 1 (docs/ci.md)."),
                           branch=branch, depth=_history_depth(repo))
        raise GitError(N_("The base revision (where HEAD left {branch}) is not available: HEAD and "
                          "{branch} share no history. Name the base revision: cic diff BASE"), branch=branch)
    return Revision(f"merge-base of {branch}", _text(done), branch)


def _tree(repo: Path, revision: Revision, paths: list[str]) -> list[Entry]:
    """The files of `revision` under `paths` (from the repository root), recursively."""
    done = _git(repo, "ls-tree", "-r", "-z", "--long", "--full-tree", revision.commit, "--", *paths)
    found = []
    for record in done.stdout.split(b"\0"):
        if not record:
            continue
        meta, _, raw_path = record.partition(b"\t")
        mode, kind, oid, size = meta.decode().split()
        if kind != "blob":  # a submodule has no file to read
            continue
        found.append(Entry(mode, oid, int(size), raw_path.decode("utf-8", "surrogateescape")))
    return found


def _kind_at(repo: Path, revision: Revision, path: str) -> str | None:
    """'tree', 'blob' or None: what `path` (from the root) is at `revision`."""
    spec = f"{revision.commit}:{path}" if path else f"{revision.commit}^{{tree}}"
    done = _git(repo, "cat-file", "-t", spec, check=False)
    return _text(done) if done.returncode == 0 else None


def _blobs(repo: Path, entries: list[Entry]) -> dict[str, bytes]:
    """The contents of `entries`, by object id, through one `git cat-file --batch`."""
    if not entries:
        return {}
    wanted = list(dict.fromkeys(e.oid for e in entries))
    out = _git(repo, "cat-file", "--batch", input_bytes="".join(f"{o}\n" for o in wanted).encode()).stdout
    blobs: dict[str, bytes] = {}
    at = 0
    for oid in wanted:
        end = out.index(b"\n", at)
        header = out[at:end].split()
        size = int(header[2])
        blobs[oid] = out[end + 1:end + 1 + size]
        at = end + 1 + size + 1
    return blobs


def data_folder_at(repo: Path, revision: Revision, wanted: str) -> str:
    """The data folder at `revision`, from the root: `wanted` itself, or its `data/` (as
    `discovery.find_data_dir` decides in a working tree). Absent at the revision: exit 2."""
    inner = f"{wanted}/data" if wanted else "data"
    if _kind_at(repo, revision, inner) == "tree" and _kind_at(
            repo, revision, f"{wanted}/logframe.yaml" if wanted else "logframe.yaml") != "blob":
        return inner
    kind = _kind_at(repo, revision, wanted)
    if kind == "tree" and (wanted or _kind_at(repo, revision, "logframe.yaml") == "blob"):
        return wanted
    if kind == "blob":
        raise GitError(N_("{path} is a file at {revision}, not a data folder."), path=wanted,
                       revision=str(revision))
    raise GitError(N_("{path} does not exist at {revision}: there is no data folder to read there. `git "
                      "ls-tree -r --name-only {commit}` lists what the revision holds; give the data "
                      "folder's path if it lies elsewhere."), path=f"{wanted}/" if wanted else "data/",
                   revision=str(revision), commit=revision.short)


def _is_data_file(path: str, data: str) -> bool:
    """A file the loader would read: a YAML name at the top of the data folder or one folder down."""
    parts = PurePosixPath(path).relative_to(data or ".").parts if data else PurePosixPath(path).parts
    return len(parts) <= 2 and is_yaml_name(parts[-1])


@contextmanager
def checked_out(repo: Path, revision: Revision, data: str, max_bytes: Callable[[Path, Path], int]
                ) -> Iterator[Path]:
    """A temporary folder laid out like the repository at `revision`, holding its data folder
    `data` (from the root), the templates beside it and the settings files on the way up.
    Removed when the block ends; the working tree is not touched.

    `max_bytes(data folder, temporary root)` bounds each data file (the `max-file-size` setting,
    read from the revision's settings files, written first); a file above it, a symbolic link or
    a file that is not text at the revision is a usage error naming it.
    """
    parent = str(PurePosixPath(data).parent) if "/" in data else ""
    folders = [data, *[str(p) for p in PurePosixPath(data).parents if str(p) != "."], ""]
    configs = [f"{f}/{n}" if f else n for f in folders for n in CONFIG_NAMES]
    templates = f"{parent}/{TEMPLATES}" if parent else TEMPLATES
    prefix = f"{data}/" if data else ""
    entries = _tree(repo, revision, [data or ".", templates, *configs])
    data_files = [e for e in entries if e.path.startswith(prefix) and _is_data_file(e.path, data)]
    others = [e for e in entries
              if not e.path.startswith(prefix) or e.path.split("/")[0] in (TEMPLATES, *CONFIG_NAMES)]
    data_files = [e for e in data_files if e not in others]
    with scratch_folder("cic-rev-") as root:
        folder = root.joinpath(*PurePosixPath(data).parts)
        folder.mkdir(parents=True, exist_ok=True)
        _write(root, revision, _admitted(others, revision, SMALL_FILE), repo)
        _write(root, revision, _admitted(data_files, revision, max_bytes(folder, root)), repo)
        yield root


def _admitted(entries: list[Entry], revision: Revision, limit: int) -> list[Entry]:
    """`entries`, once each is known to be a plain file within `limit` (else a usage error)."""
    for entry in entries:
        if entry.mode == "120000":
            raise GitError(N_("{path} is a symbolic link at {revision}; cic reads only plain files from "
                              "a revision (a link could lead outside it)."), path=entry.path,
                           revision=str(revision))
        if entry.size > limit:
            raise GitError(N_("{path} is {size} bytes at {revision}, above the limit of {limit} bytes "
                              "(max-file-size); it was not read."), path=entry.path, size=Count(entry.size),
                           revision=str(revision), limit=Count(limit))
    return entries


def _write(root: Path, revision: Revision, entries: list[Entry], repo: Path) -> None:
    blobs = _blobs(repo, entries)
    for entry in entries:
        content = blobs[entry.oid]
        if entry.path.endswith((".yaml", ".yml")) and _not_text(content):
            raise GitError(N_("{path} at {revision} is not a YAML text file (it holds bytes that are not "
                              "UTF-8 text); it was not read."), path=entry.path, revision=str(revision))
        write_scratch(root, entry.path, content)


def _not_text(content: bytes) -> bool:
    if b"\0" in content:
        return True
    try:
        content.decode("utf-8-sig")
    except UnicodeDecodeError:
        return True
    return False


def relative_to_repo(repo: Path, folder: Path) -> str:
    """`folder` (absolute or relative to the current folder) as a path from the repository root."""
    rel = os.path.relpath(os.path.abspath(folder), os.path.realpath(repo))
    if rel == ".":
        return ""
    if rel.startswith(".."):
        real = os.path.relpath(os.path.realpath(folder), os.path.realpath(repo))
        if real.startswith(".."):
            raise GitError(N_("{folder} is outside the repository {repo}."), folder=str(folder),
                           repo=str(repo))
        rel = real
    return PurePosixPath(Path(rel).as_posix()).as_posix()
