"""Benchmark ``geomap batch``: documents/s with 1 and 2 workers, peak memory per worker, cold start.

Runs the real command (``python -m geomap batch``) in a fresh process per measurement, on
LGL (read in place) and on a synthetic corpus made by ``make_synthetic.py`` from the project's
own sample texts, and prints a Markdown table (and, with --json, the raw figures).

    # full run for the README table (about 10 minutes on a quiet 2-core machine)
    python benchmarks/bench_batch.py --synthetic-n 100000
    # quick check that everything works
    python benchmarks/bench_batch.py --synthetic-n 2000 --lgl-limit 100

Figures: docs/s = documents analysed / time from the start of the run to the last document
written (``analysis_s`` in summary.json); "total" adds the combined GeoJSON/GeoPackage/map;
peak RSS is the highest resident memory a worker reported after any of its chunks (shared pages
counted in full) and PSS splits shared pages between the processes sharing them; cold start is the wall time of the
whole command on a one-document input (interpreter start, imports, gazetteer load, outputs).
Worker CPU ms/doc is the CPU time workers spent per document: unlike docs/s it hardly moves when
other programs share the machine, and docs/s on an idle machine is about workers x 1000 / it.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
LGL = Path("/work/shared/corpora/dev/lgl.jsonl")


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for ln in Path("/proc/cpuinfo").read_text().splitlines():
            if ln.startswith("model name"):
                cpu = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}, {platform.system()}"


def run_batch_cmd(src: Path, outdir: Path, workers: int, extra: list[str] | None = None) -> dict:
    """One ``geomap batch`` run in a fresh process; its summary.json plus the wall time."""
    cmd = [sys.executable, "-m", "geomap", "batch", str(src), "-o", str(outdir), "--overwrite",
           "--workers", str(workers), "--no-progress", "-q", *(extra or [])]
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - t
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr}")
    summary = json.loads((outdir / "summary.json").read_text(encoding="utf-8"))
    summary["wall_s"] = round(wall, 2)
    summary["command"] = " ".join(["geomap", *cmd[3:]])
    return summary


def _head(src: Path, n: int | None, dest: Path) -> Path:
    """The first n lines of a JSON Lines file (for quick checks); src itself when n is None."""
    if n is None:
        return src
    with open(src, "rb") as fi, open(dest, "wb") as fo:
        for i, ln in enumerate(fi):
            if i >= n:
                break
            fo.write(ln)
    return dest


def bench_corpus(label: str, src: Path, work: Path, workers: list[int], skip_combined: bool) -> list[dict]:
    rows = []
    extra = ["--skip", "gpkg", "--skip", "map", "--skip", "geojson"] if skip_combined else []
    for w in workers:
        out = work / f"{label}-w{w}"
        s = run_batch_cmd(src, out, w, extra)
        rss = list(s["worker_peak_rss_mb"].values())
        pss = list(s["worker_pss_mb"].values())
        rows.append({"corpus": label, "workers": w, "docs": s["analysed"], "errors": s["errors"],
                     "docs_per_s": s["docs_per_s"], "analysis_s": s["analysis_s"], "total_s": s["wall_s"],
                     "cpu_ms_per_doc": round(1000 * s["worker_cpu_s"] / s["analysed"], 2) if s["analysed"] else None,
                     "peak_rss_mb": max(rss) if rss else None, "pss_mb": max(pss) if pss else None,
                     "problems": s["problems"], "command": s["command"]})
        print(f"  {label} workers={w}: {s['analysed']} docs, {s['docs_per_s']} docs/s, "
              f"total {s['wall_s']} s, peak RSS {rows[-1]['peak_rss_mb']} MB", file=sys.stderr)
        shutil.rmtree(out, ignore_errors=True)
    return rows


def cold_start(work: Path, sample: Path) -> float:
    """Wall seconds of ``geomap batch`` on a one-document input, in a fresh process."""
    one = work / "one.jsonl"
    one.write_text(json.dumps({"id": "one", "text": sample.read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    return run_batch_cmd(one, work / "cold", 1)["wall_s"]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--synthetic-n", type=int, default=100_000, help="synthetic corpus size (default 100000)")
    ap.add_argument("--synthetic", type=Path, default=None,
                    help="synthetic corpus file (made with make_synthetic.py if missing; default in the temp folder)")
    ap.add_argument("--lgl", type=Path, default=LGL, help="LGL JSON Lines (read in place)")
    ap.add_argument("--lgl-limit", type=int, default=None, help="only the first N LGL documents (quick check)")
    ap.add_argument("--workers", default="1,2", help="worker counts to measure (default 1,2)")
    ap.add_argument("--skip-combined", action="store_true", help="do not write the combined GeoJSON/GeoPackage/map")
    ap.add_argument("--json", type=Path, default=None, help="also write the raw figures here")
    args = ap.parse_args(argv)
    workers = [int(w) for w in args.workers.split(",")]

    work = Path(tempfile.mkdtemp(prefix="geomap-bench-"))
    try:
        synth = args.synthetic or Path(tempfile.gettempdir()) / f"geomap-synth-{args.synthetic_n}.jsonl"
        if not synth.exists():
            subprocess.run([sys.executable, str(HERE / "make_synthetic.py"), "-n", str(args.synthetic_n),
                            "-o", str(synth)], check=True, stdout=subprocess.DEVNULL)
        rows = []
        cold = cold_start(work, ROOT / "data" / "samples" / "batch_border.txt")
        print(f"  cold start: {cold} s", file=sys.stderr)
        if args.lgl.exists():
            lgl = _head(args.lgl, args.lgl_limit, work / "lgl-head.jsonl")
            rows += bench_corpus("LGL", lgl, work, workers, args.skip_combined)
        else:
            print(f"  {args.lgl} not found; LGL skipped", file=sys.stderr)
        rows += bench_corpus(f"synthetic {args.synthetic_n:,}", synth, work, workers, args.skip_combined)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(f"Machine: {_machine()}\n")
    print(f"Cold start (one document, whole command): {cold} s\n")
    print("| corpus | workers | docs | docs/s | speed-up | analysis s | total s | worker CPU ms/doc "
          "| peak RSS/worker MB | PSS/worker MB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    base: dict[str, float] = {}
    for r in rows:
        if r["workers"] == 1 and r["docs_per_s"]:
            base[r["corpus"]] = r["docs_per_s"]
        b = base.get(r["corpus"])
        speed = f"{r['docs_per_s'] / b:.2f}x" if b and r["docs_per_s"] else "–"
        print(f"| {r['corpus']} | {r['workers']} | {r['docs']:,} | {r['docs_per_s']} | {speed} | {r['analysis_s']} "
              f"| {r['total_s']} | {r['cpu_ms_per_doc']} | {r['peak_rss_mb']} | {r['pss_mb']} |")
    for r in rows:
        for p in r["problems"]:
            print(f"\nnote ({r['corpus']}, {r['workers']} workers): {p}")
    if args.json:
        args.json.write_text(json.dumps({"machine": _machine(), "cold_start_s": cold, "rows": rows}, indent=1),
                             encoding="utf-8")


if __name__ == "__main__":
    main()
