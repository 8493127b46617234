#!/usr/bin/env python3
"""Work grows linearly with the text: ``analyze`` time for repeated text of growing size.

    python benchmarks/bench_linear.py [--sizes 100000,250000,500000,1000000]

Two hostile shapes from the security issue: one place name repeated ("Kharkiv Kharkiv ..."), and one
sentence holding a distance claim and an incident repeated. For each size it prints the wall time and the
time per 100 KB; a linear pipeline keeps the second column flat (the issue's bound: 1 MB of repeated
place names in at most 2 s, and never more than 2 s per 100 KB).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from geomap import analyze  # noqa: E402

SHAPES = {
    "repeated place name": "Kharkiv ",
    "repeated claim + incident": ("Located around 30 kilometres from the Russian border, Kharkiv was shelled on "
                                  "Tuesday, killing two people. "),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100000,250000,500000,1000000", help="text sizes in characters")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    analyze("Warm-up in Kharkiv.", date="2024-10-03")  # gazetteer and boundaries loaded once, not timed
    print(f"{'shape':28} {'chars':>9} {'seconds':>8} {'s/100KB':>8}")
    for name, unit in SHAPES.items():
        for size in sizes:
            text = unit * (size // len(unit))
            t0 = time.perf_counter()
            analyze(text, date="2024-10-03")
            dt = time.perf_counter() - t0
            print(f"{name:28} {len(text):9d} {dt:8.2f} {dt / (len(text) / 100_000):8.3f}", flush=True)


if __name__ == "__main__":
    main()
