"""Geocoder speed: a cached online lookup, and offline reverse geocoding in batches.

    python benchmarks/bench_geocoders.py                 # 2,000 cached lookups, 200,000 points
    python benchmarks/bench_geocoders.py -q 5000 -n 500000 --repeat 5

Figures to reach (issue "Geocoders"): a cached lookup <= 1 ms; offline reverse geocoding
>= 50,000 points/s.

"cached lookup" = ``OnlineGeocoder.lookup(query)`` in a fresh process-like state (new geocoder
object, so nothing is in its memory) answered from the on-disk SQLite cache: key hashing, one
SELECT, JSON decoding, the answer turned into an OnlineAnswer. The service is Nominatim driven through a fake
HTTP adapter (no network): the cache is filled first, then every lookup must send no request.

"reverse" = ``ReverseGeocoder.reverse_many`` over the embedded gazetteer (index loaded from the
cache folder), on three point sets from a fixed seed: points at gazetteer places (jitter 0.01 deg,
what exports reverse-geocode), points near places (jitter 0.2 deg, ~20 km), and points uniform over
the sphere (71% sea: the slow, approximate far-from-land path). The figure is the first set.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geopy.adapters import BaseSyncAdapter  # noqa: E402

from geomap import geocoders as G  # noqa: E402
from geomap import reverse as R  # noqa: E402


class _Adapter(BaseSyncAdapter):
    """Answers every query with a made-up Nominatim record (every seventh: nothing found)."""

    def __init__(self, *, proxies, ssl_context):
        super().__init__(proxies=proxies, ssl_context=ssl_context)

    def get_json(self, url, *, timeout, headers):
        n = sum(map(ord, url)) % 1000
        if n % 7 == 0:
            return []
        return [{"lat": str(40 + n / 100), "lon": str(20 + n / 50), "display_name": f"Town {n}, Region, Country",
                 "name": f"Town {n}", "addresstype": "town", "importance": 0.5,
                 "address": {"town": f"Town {n}", "state": "Region", "country_code": "ua"}}]

    def get_text(self, url, *, timeout, headers):  # pragma: no cover - not used by Nominatim
        raise NotImplementedError


def bench_cached_lookup(n_queries: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        opts = {"user_agent": "geomap-bench", "domain": "nominatim.invalid", "min_delay_seconds": "0",
                "adapter_factory": _Adapter, "cache": str(Path(tmp) / "cache.sqlite")}
        queries = [f"Place number {i}" for i in range(n_queries)]
        filler = G.make_online_geocoder("nominatim", opts)
        t = time.perf_counter()
        for q in queries:
            filler.lookup(q)
        fill_s = time.perf_counter() - t
        filler.cache.close()
        reader = G.make_online_geocoder("nominatim", opts)  # fresh object: nothing in memory
        times = []
        for q in queries:
            t = time.perf_counter()
            reader.lookup(q)
            times.append(time.perf_counter() - t)
        assert reader.requests == 0, "a cached query was sent again"
        t = time.perf_counter()
        for q in queries:
            reader.lookup(q)  # now from the in-process memo
        memo_s = time.perf_counter() - t
        reader.cache.close()
    times.sort()
    return {"queries": n_queries, "first_fill_ms": 1000 * fill_s / n_queries,
            "cached_median_ms": 1000 * statistics.median(times),
            "cached_p95_ms": 1000 * times[int(0.95 * (len(times) - 1))],
            "cached_mean_ms": 1000 * sum(times) / len(times), "memo_mean_ms": 1000 * memo_s / n_queries}


def bench_reverse(n_points: int, repeat: int) -> dict:
    t = time.perf_counter()
    geo = R.ReverseGeocoder.from_gazetteer()
    ready_s = time.perf_counter() - t
    rng = np.random.default_rng(42)
    idx = rng.integers(0, geo.n_anchors, n_points)
    sets = {}
    for label, jitter in (("at_places", 0.01), ("near_places", 0.2)):
        lat = np.clip(geo._lat[idx] + rng.normal(0, jitter, n_points), -90, 90)
        lon = (geo._lon[idx] + rng.normal(0, jitter, n_points) + 180.0) % 360.0 - 180.0
        sets[label] = (lat, lon)
    sets["uniform_globe"] = (np.degrees(np.arcsin(rng.uniform(-1, 1, n_points))), rng.uniform(-180, 180, n_points))
    out = {"anchors": geo.n_anchors, "index_ready_s": ready_s, "points": n_points}
    for label, (lat, lon) in sets.items():
        runs = []
        for _ in range(repeat if label != "uniform_globe" else 1):
            t = time.perf_counter()
            geo.reverse_many(lat, lon)
            runs.append(time.perf_counter() - t)
        out[f"{label}_points_per_s_best"] = n_points / min(runs)
        out[f"{label}_points_per_s_median"] = n_points / statistics.median(runs)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-q", "--queries", type=int, default=2000, help="cached lookups to time")
    ap.add_argument("-n", "--points", type=int, default=200_000, help="points per reverse-geocoding batch")
    ap.add_argument("--repeat", type=int, default=3, help="runs per point set (best and median reported)")
    args = ap.parse_args()
    lk = bench_cached_lookup(args.queries)
    print(f"cached lookup ({lk['queries']} queries): median {lk['cached_median_ms']:.3f} ms, "
          f"p95 {lk['cached_p95_ms']:.3f} ms, mean {lk['cached_mean_ms']:.3f} ms "
          f"(in-process memo {lk['memo_mean_ms']:.4f} ms; first lookup incl. cache write {lk['first_fill_ms']:.3f} ms)")
    rv = bench_reverse(args.points, args.repeat)
    print(f"reverse index ready in {rv['index_ready_s']:.2f} s ({rv['anchors']:,} places)")
    for label in ("at_places", "near_places", "uniform_globe"):
        print(f"reverse_many {label:>13}: {rv[label + '_points_per_s_best']:>10,.0f} points/s best, "
              f"{rv[label + '_points_per_s_median']:>10,.0f} median ({rv['points']:,} points)")
    ok = lk["cached_median_ms"] <= 1.0 and rv["at_places_points_per_s_best"] >= 50_000
    print("targets (cached lookup <= 1 ms, >= 50,000 points/s):", "met" if ok else "NOT met")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
