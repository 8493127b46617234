#!/usr/bin/env python3
"""Speed of merging incidents across reports (geomap.incidents.crossdoc), and what it merges on real output.

    python benchmarks/bench_crossdoc.py [--n 100000] [--seed 1]
    python benchmarks/bench_crossdoc.py --extract OUT.jsonl   # merge the incidents of `geomap extract` output

Synthetic mode: N incidents over a year, in towns of a few countries and at country level, a third of them
re-reports of another (a point a few km away, the same day or the night before, another toll). Prints the
time to merge them (target: 100,000 in at most 10 s) and how many events came out.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geomap.incidents.crossdoc import merge_incidents  # noqa: E402
from geomap.model import Incident, Place  # noqa: E402

TYPES = [("Explosions/Remote violence", "Air/drone strike"), ("Battles", "Armed clash"),
         ("Violence against civilians", "Attack"), ("Protests", "Peaceful protest"),
         ("Natural disaster", "Flood"), ("Accident", "Transport accident")]
COUNTRIES = [("UA", 48.5, 31.0), ("SD", 14.0, 30.0), ("LB", 33.8, 35.8), ("NG", 9.0, 8.0), ("AF", 34.0, 66.0)]


def _synthetic(n: int, seed: int) -> list[tuple[str, Incident]]:
    rng = random.Random(seed)
    towns = [(cc, lat + rng.uniform(-3, 3), lon + rng.uniform(-3, 3)) for cc, lat, lon in COUNTRIES for _ in range(400)]
    start = dt.date(2024, 1, 1)
    out: list[tuple[str, Incident]] = []
    for k in range(n):
        if out and rng.random() < 0.33:  # a re-report of an earlier incident
            _doc, base = out[rng.randrange(len(out))]
            lat = base.place.lat + rng.uniform(-0.03, 0.03)
            lon = base.place.lon + rng.uniform(-0.03, 0.03)
            place = Place(text="x", start=0, end=1, name=f"{base.place.name}-r", lat=lat, lon=lon,
                          country_code=base.place.country_code, feature="city")
            inc = Incident(id=f"d{k}-i1", type=base.type, sub_type=base.sub_type, text="t", start=0, end=1,
                           place=place, date=base.date, date_end=base.date, time_precision=1,
                           killed=(base.killed or 0) + rng.randrange(3))
        else:
            cc, lat, lon = towns[rng.randrange(len(towns))]
            typ, sub = TYPES[rng.randrange(len(TYPES))]
            coarse = rng.random() < 0.1
            place = Place(text="x", start=0, end=1, name=cc if coarse else f"town{rng.randrange(10**6)}", lat=lat,
                          lon=lon, country_code=cc, feature="country" if coarse else "city")
            day = start + dt.timedelta(days=rng.randrange(366))
            inc = Incident(id=f"d{k}-i1", type=typ, sub_type=sub, text="t", start=0, end=1, place=place, date=day,
                           date_end=day, time_precision=1, killed=rng.randrange(20))
        out.append((f"d{k}", inc))
    return out


def _from_extract(path: str) -> list[tuple[str, Incident]]:
    reports = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                d = json.loads(line)
                reports.extend((d["id"], Incident.from_dict(i)) for i in d.get("incidents") or [])
    return reports


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--extract", help="merge the incidents of this `geomap extract` JSONL and list the merges")
    a = ap.parse_args()
    reports = _from_extract(a.extract) if a.extract else _synthetic(a.n, a.seed)
    t, cpu = time.perf_counter(), time.process_time()
    merged = merge_incidents(reports)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    multi = [m for m in merged if m.sources]
    print(f"merged {len(reports)} incidents into {len(merged)} events ({len(multi)} from several reports) "
          f"in {elapsed:.2f} s wall, {cpu:.2f} s CPU")
    if a.extract:
        for m in multi:
            print(f"  {m.type} {m.date} {m.place.name if m.place else None}: "
                  + ", ".join(f"{s.document} ({s.killed}/{s.injured})" for s in m.sources))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
