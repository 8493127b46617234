#!/usr/bin/env python3
"""Throughput, start-up and memory of the geoparser.

    python benchmarks/bench_geoparse.py [CORPUS.jsonl] [--repeat 3] [--geoparse-only]

Measures, in one process, after the gazetteer is loaded: documents/s of the full ``analyze``
(recognition, resolution, claims, incidents — what ``geomap extract`` does per document) over
the corpus (default ../shared/corpora/dev/lgl.jsonl, 588 documents), both wall-clock and
CPU-time based (the CPU figure is steadier on a busy machine); and peak RSS. Cold start of
``geomap map`` on the bundled sample is timed as a separate process.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared/corpora/dev/lgl.jsonl"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--geoparse-only", action="store_true", help="skip claims and incidents")
    ap.add_argument("--stages", action="store_true",
                    help="only time recognition and resolution apart (CPU ms per document, best of --repeat)")
    a = ap.parse_args()
    if a.stages:
        return stage_times(a.corpus, a.repeat)
    from geomap.pipeline import analyze

    docs = [json.loads(line) for line in open(a.corpus, encoding="utf-8") if line.strip()]
    full = not a.geoparse_only
    t = time.perf_counter()
    analyze("Warm-up in Kyiv, 30 km from the Russian border.", claims=full, incidents=full)
    print(f"load (gazetteer + first document): {time.perf_counter() - t:.2f} s")
    best_wall = best_cpu = 0.0
    first = None
    for _ in range(a.repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        for d in docs:
            analyze(d["text"], doc_id=str(d.get("id")), claims=full, incidents=full)
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        first = first or len(docs) / wall
        best_wall, best_cpu = max(best_wall, len(docs) / wall), max(best_cpu, len(docs) / cpu)
    mode = "recognize+resolve" if a.geoparse_only else "full analyze (places, claims, incidents)"
    print(f"{mode}: {len(docs)} docs, best of {a.repeat}: {best_wall:.0f} docs/s wall, {best_cpu:.0f} docs/s CPU; "
          f"first pass (cold name caches) {first:.0f} docs/s")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    if not a.geoparse_only:
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "o.jsonl")
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "geomap", "extract", a.corpus, "-o", out], check=True,
                           capture_output=True)
            wall = time.perf_counter() - t
            print(f"`geomap extract {Path(a.corpus).name} -o out.jsonl` (whole command, one process): "
                  f"{wall:.2f} s = {len(docs) / wall:.0f} docs/s")
    sample = ROOT / "data/samples/sample.txt"
    if sample.exists():
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, "m.html")
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "geomap", "map", str(sample), "-o", out], check=True,
                           capture_output=True)
            print(f"cold `geomap map data/samples/sample.txt`: {time.perf_counter() - t:.2f} s")
    return 0


def stage_times(corpus: str, repeat: int) -> int:
    """CPU time per document of recognition and of resolution (on the recognized spans), best of ``repeat``:
    steadier than whole-pipeline figures on a shared machine, and free of the other stages' costs."""
    from geomap.recognize import recognize
    from geomap.resolve import resolve

    texts = [json.loads(line)["text"] for line in open(corpus, encoding="utf-8") if line.strip()]
    spans = [recognize(t) for t in texts]
    for t, sp in zip(texts, spans):
        resolve(t, sp)  # warm the name caches
    best_rec = best_res = float("inf")
    for _ in range(repeat):
        c0 = time.process_time()
        for t in texts:
            recognize(t)
        c1 = time.process_time()
        for t, sp in zip(texts, spans):
            resolve(t, sp)
        c2 = time.process_time()
        best_rec, best_res = min(best_rec, c1 - c0), min(best_res, c2 - c1)
    n = len(texts)
    print(f"stages: {n} docs, best of {repeat}: recognize {1000 * best_rec / n:.3f} ms/doc, "
          f"resolve {1000 * best_res / n:.3f} ms/doc (CPU)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
