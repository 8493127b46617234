"""Benchmark the exports (10,000 incidents to GeoJSON, GeoPackage and CSV) and incident extraction.

    python benchmarks/bench_export.py                 # 10,000 incidents, 3 repeats, best time
    python benchmarks/bench_export.py -n 50000 --repeat 1

Export figures: wall time of ``geomap.export.export()`` for analyses holding ``n`` incidents in total
(10 per document, each with a located place and admin1 already set, as the gazetteer gives for towns),
plus their places; the output goes to a temporary folder. The one-off cost of building the offline
reverse geocoder (used only for incidents whose place lacks admin1) is measured separately.

Extraction figures: ``extract_incidents()`` alone (places already resolved, so recognition and
resolution are not counted) on the shared Kharkiv article when it is present, and on a synthetic
article made of the test paragraphs' kind of sentences; microseconds per document, best of several runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from geomap.export import export  # noqa: E402
from geomap.incidents import EVENT_TYPES, Incident, extract_incidents  # noqa: E402
from geomap.model import Analysis, Document, Place  # noqa: E402

ARTICLE = HERE.parent.parent / "shared" / "articles" / "kharkiv-glide-bomb-2024-10-03.txt"
TOWNS = [("Kharkiv", 49.99, 36.23, "UA", "Kharkiv Oblast"), ("Goma", -1.68, 29.22, "CD", "North Kivu"),
         ("Kano", 12.0, 8.52, "NG", "Kano"), ("Dhaka", 23.71, 90.41, "BD", "Dhaka Division"),
         ("Suva", -18.14, 178.44, "FJ", "Central"), ("Omaha", 41.26, -95.94, "US", "Nebraska")]


def make_analyses(n_incidents: int, per_doc: int = 10, *, admin1: bool = True, seed: int = 1) -> list[Analysis]:
    rng = random.Random(seed)
    out = []
    k = 0
    d = 0
    while k < n_incidents:
        d += 1
        text = "Synthetic benchmark document. " * 20
        a = Analysis(Document(text=text, id=f"d{d}", date=dt.date(2024, 10, 3), source=f"feed/{d}"))
        for j in range(min(per_doc, n_incidents - k)):
            name, lat, lon, cc, adm = rng.choice(TOWNS)
            lat += rng.uniform(-0.2, 0.2)
            lon += rng.uniform(-0.2, 0.2)
            p = Place(text=name, start=j, end=j + len(name), name=name, lat=lat, lon=lon, country_code=cc,
                      feature="city", admin1=adm if admin1 else None, confidence=0.9)
            a.places.append(p)
            typ = rng.choice(EVENT_TYPES)
            inc = Incident(id=f"d{d}-i{j}", type=typ, sub_type="Other", text=text[:30], start=0, end=30,
                           sentences=[text[:30]], spans=[(0, 30)], trigger="x", place=p,
                           geo_precision=1, date=dt.date(2024, 10, 2), date_end=dt.date(2024, 10, 2),
                           date_text="on Wednesday", time_precision=1, status="past",
                           killed=rng.choice([None, 0, 3]), injured=rng.choice([None, 12]),
                           actors=["Someone"], flags=[])
            if rng.random() < 0.05:  # some unlocated incidents, exported with nulls
                inc.place, inc.geo_precision = None, None
                inc.flags = ["no_place"]
            a.incidents.append(inc)
            k += 1
        out.append(a)
    return out


def best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def bench_exports(n: int, repeat: int) -> list[tuple[str, float, int]]:
    analyses = make_analyses(n)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("geojson", "gpkg", "csv"):
            out = Path(tmp) / f"out.{fmt}"
            secs = best_of(lambda out=out, fmt=fmt: export(analyses, out, fmt), repeat)
            rows.append((fmt, secs, out.stat().st_size))
        # the one-off reverse-geocoder build, then CSV with admin1 filled by reverse geocoding
        t0 = time.perf_counter()
        try:
            from geomap.reverse import get_reverse_geocoder

            get_reverse_geocoder()
            rows.append(("reverse geocoder build (once per process)", time.perf_counter() - t0, 0))
            no_admin = make_analyses(n, admin1=False)
            out = Path(tmp) / "noadmin.csv"
            secs = best_of(lambda: export(no_admin, out, "csv"), repeat)
            rows.append(("csv, admin1 by reverse geocoding", secs, out.stat().st_size))
        except Exception as err:  # noqa: BLE001 - report, do not fail the benchmark
            rows.append((f"reverse geocoding unavailable: {err}", 0.0, 0))
    return rows


LOOPS = 50


def bench_extraction(repeat: int) -> list[tuple[str, int, float]]:
    import re

    sys.path.insert(0, str(HERE.parent / "tests"))
    from _incident_helpers import make_places

    out = []
    texts = []
    if ARTICLE.exists():
        texts.append(("shared Kharkiv article", ARTICLE.read_text(encoding="utf-8"), ["Kyiv", "Kharkiv", "Ukraine",
                                                                                     "Germany", "Ramstein Air Base"]))
    synthetic = ("Artillery fire hit a market in Kharkiv yesterday morning. Two women and a child were killed, "
                 "and 19 others were wounded. Foreign ministers will meet in Brussels next Tuesday. "
                 "The weather stayed mild. Police arrested 12 people in Minsk on Saturday. "
                 "Markets were calm and officials said little. ") * 4
    texts.append(("synthetic 24-sentence article", synthetic, None))
    for label, text, names in texts:
        places = make_places(text, names)
        a = Analysis(Document(text=text, id="b", date=dt.date(2024, 10, 3)), places=places)
        secs = best_of(lambda a=a: [extract_incidents(a) for _ in range(LOOPS)], repeat) / LOOPS
        out.append((label, len(re.findall(r"[.!?]\s", text)) + 1, secs))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=10_000, help="number of incidents (default 10000)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    import timeit

    calib = min(timeit.repeat("sum(range(10_000))", number=100, repeat=5)) / 100
    print(f"machine: {platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}; "
          f"load average {os.getloadavg()[0]:.2f}; calibration sum(range(10_000)) = {calib * 1e6:.0f} µs "
          "(compare with the same line on your machine to scale the figures)")
    print(f"\n| export of {args.n:,} incidents (+ their places) | best of {args.repeat} | file size |")
    print("|---|---:|---:|")
    for fmt, secs, size in bench_exports(args.n, args.repeat):
        print(f"| {fmt} | {secs:.2f} s | {size / 1e6:.1f} MB |" if size else f"| {fmt} | {secs:.2f} s | |")
    print("\n| extract_incidents (places given) | sentences | time per document |")
    print("|---|---:|---:|")
    for label, n_sent, secs in bench_extraction(args.repeat):
        print(f"| {label} | {n_sent} | {secs * 1e6:.0f} µs |")


if __name__ == "__main__":
    main()
