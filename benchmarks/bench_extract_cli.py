#!/usr/bin/env python3
"""The whole ``geomap extract`` command on a corpus, start-up included: documents per second.

    python benchmarks/bench_extract_cli.py [CORPUS.jsonl] [--runs 5] [--root CHECKOUT]

Runs ``python -m geomap extract CORPUS -o OUT.jsonl`` as a new process ``--runs`` times with the
caches already made (one untimed run first fills them), and the same command on the corpus's first
document alone (start-up: imports, opening the gazetteer, the first document). Shows the best wall
and the best CPU time (user + system of the child; the steadier figure when other work shares the
machine) and documents per second from each. Default corpus: ../shared/corpora/dev/lgl.jsonl (588
documents; issue 14 asks >= 500 documents/s of wall time for it). ``--root`` times another
checkout's code (e.g. /work/main) for a before/after.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_first_use import Run, timed  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def best_of(cmd: list[str], root: Path, cache: Path, runs: int) -> tuple[Run, Run]:
    """(run with the best wall time, run with the best CPU time) of ``runs`` timed runs."""
    done = [timed(cmd, root, cache) for _ in range(max(runs, 1))]
    return min(done, key=lambda r: r.wall_s), min(done, key=lambda r: r.cpu_s)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("corpus", nargs="?", default=str(ROOT.parent / "shared/corpora/dev/lgl.jsonl"))
    ap.add_argument("--runs", type=int, default=5, help="timed runs of each command (the best is shown)")
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout whose code runs (default: this one)")
    ap.add_argument("--no-bytecode", action="store_true",
                    help="keep PYTHONDONTWRITEBYTECODE if set (modules without a __pycache__ copy are compiled on each run, "
                         "~60 ms); by default the command runs as on a user's machine, with cached bytecode")
    ap.add_argument("--cache", type=Path, default=None,
                    help="cache folder to use (default: $GEOMAP_CACHE_DIR, else a new temporary one)")
    a = ap.parse_args()
    root = a.root.resolve()
    corpus = Path(a.corpus).resolve()
    if not a.no_bytecode:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)  # a normal Python: modules' bytecode cached on first use
    with open(corpus, encoding="utf-8") as fh:
        lines = [line for line in fh if line.strip()]
    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as tmp:
        cache = a.cache or Path(os.environ.get("GEOMAP_CACHE_DIR") or Path(tmp) / "cache")
        cache.mkdir(parents=True, exist_ok=True)
        one = Path(tmp) / "one.jsonl"
        one.write_text(lines[0], encoding="utf-8")
        out = str(Path(tmp) / "out.jsonl")
        whole = [sys.executable, "-m", "geomap", "extract", str(corpus), "-o", out]
        first = [sys.executable, "-m", "geomap", "extract", str(one), "-o", out]
        timed(whole, root, cache)  # fills the caches (gazetteer index, boundaries)
        bytecode = "from source" if os.environ.get("PYTHONDONTWRITEBYTECODE") else "cached"
        print(f"code: {root}  corpus: {corpus} ({len(lines)} documents)  runs: {max(a.runs, 1)} each  "
              f"bytecode: {bytecode}")
        start_wall, start_cpu = best_of(first, root, cache, a.runs)
        print(f"start-up (first document alone): wall {start_wall.wall_s:5.2f} s   CPU {start_cpu.cpu_s:5.2f} s")
        wall, cpu = best_of(whole, root, cache, a.runs)
        n = len(lines)
        print(f"whole command:                   wall {wall.wall_s:5.2f} s   CPU {cpu.cpu_s:5.2f} s   "
              f"peak RSS {wall.peak_rss_mb:.0f} MB")
        print(f"documents/s:                     wall {n / wall.wall_s:5.0f}     CPU {n / cpu.cpu_s:5.0f}")
    print(f"load average now: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
