#!/usr/bin/env python3
"""First use and later use of geomap: wall time, CPU time and peak RSS of whole commands.

    python benchmarks/bench_first_use.py [--root CHECKOUT] [--warm 3]

Runs ``python -m geomap map data/samples/sample.txt -o OUT.html --date 2024-10-03`` as a new
process with ``GEOMAP_CACHE_DIR`` set to an empty folder (cold: the gazetteer index and the other
caches are built), then ``--warm`` times more with the same folder (warm: everything cached); and
the gazetteer index build alone (``Gazetteer()`` on an empty cache). ``--root`` runs another checkout's
code (e.g. /work/main) for a before/after. CPU time (user + system of the child) is the steadier
figure on a busy machine; wall time is what a user waits.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent


class Run(NamedTuple):
    """One timed child process."""

    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    stderr: str


def timed(cmd: list[str], cwd: Path, cache: Path) -> Run:
    """Run ``cmd`` in ``cwd`` with the given cache folder; its own wall, CPU and peak RSS (wait4)."""
    env = {**os.environ, "GEOMAP_CACHE_DIR": str(cache)}
    env.pop("GEOMAP_DATA_DIR", None)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", "replace")
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{text}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)


def show(label: str, run: Run) -> None:
    print(f"{label:<34} wall {run.wall_s:6.2f} s   CPU {run.cpu_s:6.2f} s   peak RSS {run.peak_rss_mb:5.0f} MB")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="checkout whose code runs (default: this one)")
    ap.add_argument("--warm", type=int, default=3, help="warm runs after the cold one (best is shown)")
    a = ap.parse_args()
    root = a.root.resolve()
    with tempfile.TemporaryDirectory(prefix="geomap-bench-") as tmp:
        out = Path(tmp) / "map.html"
        cmd = [sys.executable, "-m", "geomap", "map", "data/samples/sample.txt", "-o", str(out),
               "--date", "2024-10-03"]
        cache = Path(tmp) / "cache"
        cache.mkdir()
        cold = timed(cmd, root, cache)
        show("cold `geomap map` (empty cache)", cold)
        for line in cold.stderr.strip().splitlines():
            print(f"    stderr: {line}")
        warm = min((timed(cmd, root, cache) for _ in range(max(a.warm, 1))), key=lambda r: r.wall_s)
        show(f"warm `geomap map` (best of {max(a.warm, 1)})", warm)
        alone = Path(tmp) / "cache-gazetteer"
        alone.mkdir()
        build = timed([sys.executable, "-c", "from geomap.gazetteer import Gazetteer; Gazetteer()"], root, alone)
        show("gazetteer index build alone", build)
        sizes = {p.name: p.stat().st_size for p in alone.iterdir() if p.suffix == ".sqlite"}
        for name, size in sizes.items():
            print(f"    {name}: {size / 1e6:.1f} MB")
    print(f"code: {root}; load average now: {', '.join(f'{x:.1f}' for x in os.getloadavg())}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
