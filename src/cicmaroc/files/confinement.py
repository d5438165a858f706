"""Where a file that cic reads or writes may lead: never out of its folder through a link.

git keeps symbolic links, so a pull request can add `data/partners/b.yaml -> ~/.aws/credentials`
or `templates/x.j2 -> /proc/self/environ`: reading it would copy a secret into the findings, the
CI log or the report, and `cic fmt` would rewrite a file outside the repository. One rule for
data files (loading, `cic fmt`) and templates alike: a file is used only if its real path, links
followed, is inside the folder it was found in, that folder's own links followed too (so a data
folder that is itself a link works, as given). A link that stays inside is fine.
"""

from __future__ import annotations

import os
from pathlib import Path


def confined(path: Path, folder: Path) -> bool:
    """Whether `path`, links followed, is inside `folder` (links followed too)."""
    return Path(os.path.realpath(path)).is_relative_to(os.path.realpath(folder))
