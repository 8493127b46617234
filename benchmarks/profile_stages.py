#!/usr/bin/env python3
"""What each pipeline stage costs per document, as a table to compare before and after a change.

    python benchmarks/profile_stages.py [CORPUS.jsonl] [--repeat 3] [--root CHECKOUT]

Stages, timed separately on every document of the corpus (default ../shared/corpora/dev/lgl.jsonl)
in one warm process: read (JSON line -> Document, as ``extract`` reads), recognize, resolve,
claims, incidents, JSON (``Analysis.to_dict`` and ``json.dumps``, as ``extract`` writes). Each
stage's figure is the best of ``--repeat`` passes over the corpus (CPU time, which is steadier than
wall time on a shared machine; wall time is shown too). Loading the gazetteer and the boundaries
happens in a warm-up before the passes and is reported apart. ``--root`` profiles another
checkout's code (e.g. ``--root /work/main``) with the same script.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
STAGES = ("read", "recognize", "resolve", "claims", "incidents", "JSON")


class StageClock:
    """CPU and wall seconds spent per stage over one pass."""

    def __init__(self) -> None:
        self.cpu = dict.fromkeys(STAGES, 0.0)
        self.wall = dict.fromkeys(STAGES, 0.0)

    def run(self, stage: str, work: Callable[[], Any]) -> Any:
        c0, w0 = time.process_time(), time.perf_counter()
        result = work()
        self.cpu[stage] += time.process_time() - c0
        self.wall[stage] += time.perf_counter() - w0
        return result


def one_pass(lines: list[str], name: str) -> StageClock:
    """Every document through every stage, each stage timed on its own."""
    from geomap.claims import extract_claims
    from geomap.document import iter_jsonl_lines
    from geomap.incidents import extract_incidents
    from geomap.model import Analysis
    from geomap.recognize import recognize
    from geomap.resolve import resolve

    clock = StageClock()
    docs = clock.run("read", lambda: [doc for _, doc, _ in iter_jsonl_lines(lines, name=name, on_error=print)])
    for doc in docs:
        analysis = Analysis(document=doc)
        mentions = clock.run("recognize", lambda d=doc: recognize(d.text))
        analysis.places = clock.run("resolve", lambda d=doc, m=mentions: resolve(d.text, m))
        analysis.claims = clock.run("claims", lambda a=analysis: extract_claims(a))
        analysis.incidents = clock.run("incidents", lambda a=analysis: extract_incidents(a))
        clock.run("JSON", lambda a=analysis: json.dumps(a.to_dict(), ensure_ascii=False))
    return clock


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared/corpora/dev/lgl.jsonl"))
    ap.add_argument("--repeat", type=int, default=3, help="passes over the corpus; the best per stage is shown")
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout whose code is profiled (default: this one)")
    a = ap.parse_args()
    sys.path.insert(0, str(a.root.resolve()))
    import geomap

    with open(a.corpus, encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip()]
    c0, w0 = time.process_time(), time.perf_counter()
    from geomap.pipeline import analyze

    analyze("Warm-up: shelling in Kharkiv, 30 km from the Russian border, killed two people on Monday.")
    print(f"code: {Path(geomap.__file__).resolve().parent}  corpus: {a.corpus} ({len(lines)} documents)")
    print(f"warm-up (imports, gazetteer, boundaries): {time.process_time() - c0:.2f} s CPU, "
          f"{time.perf_counter() - w0:.2f} s wall")
    passes = [one_pass(lines, Path(a.corpus).name) for _ in range(max(a.repeat, 1))]
    cpu = {s: min(p.cpu[s] for p in passes) for s in STAGES}
    wall = {s: min(p.wall[s] for p in passes) for s in STAGES}
    total_cpu, total_wall, n = sum(cpu.values()), sum(wall.values()), len(lines)
    print("\n| stage     | ms/doc CPU | ms/doc wall | share of CPU |\n|-----------|-----------:|------------:|-------------:|")
    for s in STAGES:
        print(f"| {s:<9} | {1000 * cpu[s] / n:10.3f} | {1000 * wall[s] / n:11.3f} | {100 * cpu[s] / total_cpu:11.1f}% |")
    print(f"| **total** | {1000 * total_cpu / n:10.3f} | {1000 * total_wall / n:11.3f} | {100:11.1f}% |")
    print(f"\n{n / total_cpu:.0f} documents/s CPU, {n / total_wall:.0f} wall (best of {max(a.repeat, 1)} per stage); "
          f"load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
