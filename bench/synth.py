"""A synthetic programme N times the size of the real one, for speed measurements. FICTIONAL.

Run:  python bench/synth.py 10 /tmp/cic-synth-10     (writes /tmp/cic-synth-10/data)

Built from the demo programme (examples/demo/data: the real plan with FICTIONAL monitoring):
- the 10 partner files are copied N times, each copy with its own partnership and commune ids
  (`evere`, `evere-c1`, `evere-c2` ...), so 10×N partnerships and 12×N Moroccan communes;
- one monitoring file per year 2017-2021 (the demo's 2020 figures stand in for 2021), in which
  every commune and partnership copy reports every indicator, and every partnership copy reports
  its spending; programme-level reports and the associations' spending stay single;
- logframe, budget, country, risks and the (FICTIONAL) IATI publisher file are the demo's, unchanged.

So the files have the real files' shape and byte mix. The figures mean nothing: every generated
file starts with a comment saying it is fictional, and none of it is the programme's data.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
from pathlib import Path

DEMO = Path(__file__).resolve().parent.parent / "examples" / "demo" / "data"
YEARS = (2017, 2018, 2019, 2020, 2021)
HEADER = ("# FICTIONAL synthetic programme written by bench/synth.py for speed measurements.\n"
          "# Not the CIC Morocco programme's data: ids are copies, figures are invented.\n")
_ID_LINE = re.compile(r"^(\s*(?:- )?id: )([a-z0-9-]+)\s*$", re.MULTILINE)
_BLOCK = re.compile(r"^  ([^\s:][^:]*):\s*$")
_ENTRY = re.compile(r"^    ([^\s:][^:]*):(.*)$")


def suffix(ident: str, copy: int) -> str:
    return ident if copy == 0 else f"{ident}-c{copy}"


def partner_ids(text: str) -> list[str]:
    """The partnership id and the Moroccan commune ids of one partner file."""
    return _ID_LINE.findall(text) and [m.group(2) for m in _ID_LINE.finditer(text)]


def copy_partner(text: str, copy: int) -> str:
    return HEADER + _ID_LINE.sub(lambda m: m.group(1) + suffix(m.group(2), copy), text)


def scale_monitoring(text: str, year: int, copies: int, copied: set[str]) -> str:
    """Every block (reports) or entry (spending) of a copied id is repeated once per copy."""
    lines = text.splitlines(keepends=True)
    out: list[str] = [HEADER]
    i = 0
    section = ""
    while i < len(lines):
        line = lines[i]
        if line.startswith(("reports:", "spending:")):
            section = line.split(":")[0]
            out.append(line)
            i += 1
            continue
        block = _BLOCK.match(line) if section == "reports" else None
        if block:
            end = i + 1
            while end < len(lines) and lines[end].startswith("    "):
                end += 1
            body = lines[i + 1:end]
            name = block.group(1)
            for copy in range(copies if name in copied else 1):
                out.append(f"  {suffix(name, copy)}:\n")
                out.extend(body)
            i = end
            continue
        entry = _ENTRY.match(line) if section == "spending" else None
        if entry and entry.group(1) in copied:
            for copy in range(copies):
                out.append(f"    {suffix(entry.group(1), copy)}:{entry.group(2)}\n")
            i += 1
            continue
        out.append(line)
        i += 1
    return re.sub(r"^year: \d+", f"year: {year}", "".join(out), count=1, flags=re.MULTILINE)


def build(copies: int, target: Path) -> Path:
    """Write the programme at `target`/data; returns the data folder."""
    data = target / "data"
    if data.exists():
        shutil.rmtree(data)
    (data / "partners").mkdir(parents=True)
    (data / "monitoring").mkdir()
    for name in ("logframe.yaml", "budget.yaml", "country.yaml", "risks.yaml", "iati.yaml"):
        if (DEMO / name).exists():
            shutil.copyfile(DEMO / name, data / name)
    copied: set[str] = set()
    for path in sorted((DEMO / "partners").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        copied.update(partner_ids(text))
        for copy in range(copies):
            (data / "partners" / f"{suffix(path.stem, copy)}.yaml").write_text(
                copy_partner(text, copy), encoding="utf-8")
    for year in YEARS:
        source = DEMO / "monitoring" / f"{min(year, 2020)}.yaml"
        (data / "monitoring" / f"{year}.yaml").write_text(
            scale_monitoring(source.read_text(encoding="utf-8"), year, copies, copied), encoding="utf-8")
    return data


def size_of(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*.yaml"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("copies", type=int, help="copies of the 10 partnerships (10 gives 100)")
    parser.add_argument("target", type=Path, help="folder to write; the programme goes in its data/")
    args = parser.parse_args(argv)
    data = build(args.copies, args.target)
    print(f"{data}: {len(list((data / 'partners').iterdir()))} partnerships, "
          f"{size_of(data) / 1e6:.2f} MB of YAML (FICTIONAL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
