"""Why the loader reads libyaml events: the YAML loading designs compared on the same bytes.

Run:  python bench/loader_designs.py [--repeat 7]

All designs parse the same text (every file of data/, concatenated REPEAT times into one
multi-megabyte stream of YAML documents so that start-up costs vanish) in this one process, and
the ratio is against libyaml's raw safe load (PyYAML CSafeLoader), the practical floor in
Python. Only `cicmaroc.yaml.reader` keeps every value's line and column *and* refuses unsafe YAML.
"""

from __future__ import annotations

import argparse
import io
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import yaml as pyyaml
from ruamel.yaml import YAML

from cicmaroc.yaml.reader import parse_text

DATA = Path(__file__).resolve().parent.parent / "data"


def corpus(copies: int) -> list[str]:
    """The real data files, each repeated: many documents of realistic shape."""
    texts = [p.read_text(encoding="utf-8") for p in sorted(DATA.rglob("*.yaml"))]
    return texts * copies


def pyyaml_c(texts: list[str]) -> None:
    for t in texts:
        pyyaml.load(t, Loader=pyyaml.CSafeLoader)


def ruamel_rt_pure(texts: list[str]) -> None:
    y = YAML(typ="rt", pure=True)
    for t in texts:
        y.load(io.StringIO(t))


def ruamel_safe_c(texts: list[str]) -> None:
    y = YAML(typ="safe", pure=False)
    for t in texts:
        y.load(t)


def ruamel_compose_c(texts: list[str]) -> None:
    y = YAML(typ="safe", pure=False)
    for t in texts:
        y.compose(t)


def cic_events(texts: list[str]) -> None:
    for t in texts:
        parse_text(t, "bench.yaml")


DESIGNS: dict[str, Callable[[list[str]], None]] = {
    "PyYAML CSafeLoader (libyaml, no positions; baseline)": pyyaml_c,
    "ruamel.yaml safe, C parser (no positions)": ruamel_safe_c,
    "ruamel.yaml compose, C parser (node tree with marks)": ruamel_compose_c,
    "cicmaroc.yaml.reader (C events + positions + safety)": cic_events,
    "ruamel.yaml round-trip, pure Python (positions)": ruamel_rt_pure,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=20, help="copies of data/ per run")
    parser.add_argument("--repeat", type=int, default=5, help="runs per design (median reported)")
    args = parser.parse_args()
    texts = corpus(args.copies)
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    print(f"corpus: {len(texts)} documents, {megabytes:.2f} MB (data/ x {args.copies})")
    medians: dict[str, float] = {}
    for name, fn in DESIGNS.items():
        times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            fn(texts)
            times.append(time.perf_counter() - start)
        medians[name] = statistics.median(times)
    base = next(iter(medians.values()))
    print(f"{'design':<56} {'median s':>9} {'MB/s':>7} {'x baseline':>10}")
    for name, t in medians.items():
        print(f"{name:<56} {t:9.3f} {megabytes / t:7.2f} {t / base:10.2f}")


if __name__ == "__main__":
    main()
