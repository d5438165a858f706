"""Every Mermaid chart the report can produce renders with the real renderer (mermaid-cli).

GitHub and GitLab draw the report's ```mermaid blocks; a chart that Mermaid cannot parse shows
as an error box in the donor's report. The charts of the 2019 reports of the example programme
(complete years, a reading, a partial year) and of the issue's partial year (tests/partial_year.py,
3 of 12 communes, FICTIONAL), in French, Dutch and English, are extracted from the reports and
rendered in one run of npm's
@mermaid-js/mermaid-cli (`mmdc`) with Debian's chromium. `.ci/run` installs both; outside CI
the test skips with the reason when one is missing, and under CI=true it fails instead.

Found: `$CIC_MMDC`, else `node_modules/.bin/mmdc` in the repository, else `mmdc` on the PATH;
chromium at `$PUPPETEER_EXECUTABLE_PATH`, else `chromium` on the PATH.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from tests.conftest import REPO
from tests.partial_year import partial_year_copy

from cicmaroc import api

EXAMPLE = REPO / "examples" / "demo" / "data"
MERMAID = re.compile(r"```mermaid\n(.*?)```", re.S)


def _tool(env: str, *candidates: str | Path) -> str | None:
    if os.environ.get(env):
        return os.environ[env]
    for candidate in candidates:
        if isinstance(candidate, Path):
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return str(candidate)
        elif found := shutil.which(candidate):
            return found
    return None


def _renderer() -> tuple[str, str]:
    mmdc = _tool("CIC_MMDC", REPO / "node_modules" / ".bin" / "mmdc", "mmdc")
    chromium = _tool("PUPPETEER_EXECUTABLE_PATH", "chromium", "chromium-browser")
    missing = [name for name, path in (("mermaid-cli (mmdc)", mmdc), ("chromium", chromium)) if not path]
    if missing:
        reason = (f"{' and '.join(missing)} not installed: run .ci/run, or `apt-get install chromium` and "
                  "`PUPPETEER_SKIP_DOWNLOAD=1 npm ci` (package.json) here")
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    assert mmdc and chromium
    return mmdc, chromium


def charts(tmp_path: Path) -> dict[str, str]:
    """name -> Mermaid source, for every chart of every report the tests can make."""
    partial = partial_year_copy(tmp_path)
    found = {}
    for label, data in (("demo", EXAMPLE), ("partial", partial)):
        for lang in ("fr", "nl", "en"):
            for i, block in enumerate(MERMAID.findall(api.report(data, 2019, lang))):
                found[f"{label}-{lang}-{i}"] = block
    return found


def test_every_report_chart_renders_with_mermaid_cli(tmp_path: Path):
    mmdc, chromium = _renderer()
    found = charts(tmp_path)
    assert len(found) == 2 * 3 * 2  # a budget and a progress chart in each report
    names = sorted(found)
    markdown = "\n".join(f"## {name}\n\n```mermaid\n{found[name]}```\n" for name in names)
    source = tmp_path / "charts.md"
    source.write_text(markdown, encoding="utf-8")
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": chromium, "args": ["--no-sandbox"]}), encoding="utf-8")
    out = tmp_path / "rendered.md"
    run = subprocess.run([mmdc, "-p", str(config), "-i", str(source), "-o", str(out), "-q"],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode == 0, f"mermaid-cli could not render a chart:\n{run.stderr[-3000:]}"
    images = sorted(tmp_path.glob("rendered-*.svg"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    assert len(images) == len(names)
    for name, image in zip(names, images, strict=True):
        svg = image.read_text(encoding="utf-8")
        assert "<svg" in svg and "Syntax error" not in svg, name
        assert svg.count("<rect") >= 4, f"{name}: no bars drawn"


def test_the_renderer_fails_on_a_broken_chart(tmp_path: Path):
    """The control: mermaid-cli does refuse a chart it cannot parse, so the test above can fail."""
    mmdc, chromium = _renderer()
    source = tmp_path / "broken.md"
    source.write_text("```mermaid\nxychart-beta horizontal\n    bar [1, oops\n```\n", encoding="utf-8")
    config = tmp_path / "puppeteer.json"
    config.write_text(json.dumps({"executablePath": chromium, "args": ["--no-sandbox"]}), encoding="utf-8")
    run = subprocess.run([mmdc, "-p", str(config), "-i", str(source), "-o", str(tmp_path / "out.md"), "-q"],
                         capture_output=True, text=True, timeout=300, check=False)
    assert run.returncode != 0
