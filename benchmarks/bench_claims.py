"""Spatial-claim speed: boundary loading from the prepared cache, and claims checked per second.

    python benchmarks/bench_claims.py            # 5,000 claims, 20 loads
    python benchmarks/bench_claims.py -n 20000

Figures to reach (issue "Spatial claims"): >= 2,000 claims/s checked once the boundary data is
loaded; loading the boundary data <= 0.3 s from the prepared cache.

"checked" = measured and judged (`geomap.claims.judge`): nearest border point or geodesic
distance, bearing, disputed-area test, tolerance rule. "parsed + checked" also runs the claim
parser over a sentence per claim (places given, as the pipeline gives them). Claims are
generated from a fixed seed: random towns in a box over Ukraine and its neighbours, half of them
measured to a country's border, half to another town, a third with a direction.

Results (2026-11-30, `python benchmarks/bench_claims.py -n 3000 --loads 3`, 2 shared CPUs at load
average ~7, i.e. the wall-clock figures are pessimistic; CPU-time figures are what one idle core would do):

    checked: 3000 claims = 4,702 claims/s wall, 10,970 claims/s of CPU time            (>= 2,000)
    parsed + checked: 3000 claims = 2,793 claims/s wall, 6,453 claims/s of CPU time
    qualitative (issue 16), parsed + checked: 3,531 claims/s wall, 7,076 claims/s of CPU time
    fresh process, libraries imported: load + outlines + one border = 0.24 s            (<= 0.3 s)
    first load with an empty cache (decoding the packaged file, writing the cache): 4-10 s

claims2 (same command, 2026-11-30 13:04, load average 1.8): checked 15,055 claims/s wall; parsed + checked
7,849/s; qualitative 8,961/s; divisions ("N km from Ukraine's Sumy Oblast") and border lists ("that part of
Ukraine near the borders with Poland and Belarus", two claims each) 8,887 claims/s wall; the admin-1 data is
read once in 0.1-0.6 s, only when a claim names a division.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from geomap import boundaries as bmod  # noqa: E402
from geomap.claims import Claim, Reference, judge, parse_claims  # noqa: E402
from geomap.model import Place  # noqa: E402

COUNTRIES = ["Russian", "Polish", "Belarusian", "Romanian", "Hungarian", "Moldovan", "Slovak"]
DIRS = ["north", "south-east", "west", "NNE", "south-west"]


def _place(rng: random.Random, name: str, start: int) -> Place:
    return Place(text=name, start=start, end=start + len(name), name=name, lat=rng.uniform(45.5, 52.0),
                 lon=rng.uniform(23.0, 40.0), country_code="UA", feature="city",
                 population=rng.choice([5_000, 50_000, 500_000]), confidence=1.0)


def make_claims(n: int, seed: int = 7) -> list[Claim]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        subj = _place(rng, f"Town{i}", 0)
        km = rng.choice([5, 20, 30, 50, 120, 300])
        if i % 2 == 0:
            c = COUNTRIES[i % len(COUNTRIES)]
            ref = Reference(kind="border", text=f"the {c} border", start=20, end=30, country_names=[c])
            direction = None
        else:
            other = _place(rng, f"City{i}", 20)
            ref = Reference(kind="place", text=other.text, start=20, end=20 + len(other.text), place=other)
            direction = DIRS[i % len(DIRS)] if i % 3 == 0 else None
        out.append(Claim(text="", start=0, end=30, value=km, unit="km", km_per_unit=1.0,
                         qualifier=rng.choice(["exact", "about", "at_most", "at_least", "nearly"]),
                         qualifier_text=None, reference=ref, subject=subj, direction=direction))
    return out


def make_sentences(n: int, seed: int = 11) -> list[tuple[str, list[Place]]]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        name = f"Town{i}"
        if i % 2 == 0:
            text = f"{name}, a town some {rng.choice([5, 30, 80])} km from the {COUNTRIES[i % 7]} border, was hit."
            places = [_place(rng, name, 0)]
        else:
            other = f"City{i}"
            text = f"{name} lies about {rng.choice([20, 60])} miles {DIRS[i % 5]} of {other}."
            places = [_place(rng, name, 0), _place(rng, other, text.index(other))]
        out.append((text, places))
    return out


RELATIONS = ["near the {c} border", "on the border with {C}", "close to {o}", "on the outskirts of {o}",
             "just north of {o}", "just across the border from {o}"]


def make_relation_sentences(n: int, seed: int = 13) -> list[tuple[str, list[Place]]]:
    """Qualitative claims (issue 16): "Town1, a town near the Polish border, ..." and the like."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        name, other = f"Town{i}", f"City{i}"
        phrase = RELATIONS[i % len(RELATIONS)].format(c=COUNTRIES[i % 7], C="Poland", o=other)
        text = f"{name}, a small town {phrase}, was hit."
        places = [_place(rng, name, 0)]
        if other in text:
            places.append(_place(rng, other, text.index(other)))
        out.append((text, places))
    return out


DIVISIONS = ["Sumy Oblast", "Kharkiv Oblast", "Chernihiv Oblast", "Poltava Oblast", "Vinnytsia Oblast"]


def make_division_sentences(n: int, seed: int = 17) -> list[tuple[str, list[Place]]]:
    """Claims to a first-level division and from part of a country with several borders (claims2)."""
    rng = random.Random(seed)
    out = []
    for i in range(n):
        name = f"Town{i}"
        if i % 2 == 0:
            div = DIVISIONS[i % len(DIVISIONS)]
            text = f"{name}, a town some {rng.choice([10, 40, 120])} km from Ukraine's {div}, was hit."
            d = Place(text=div, start=text.index(div), end=text.index(div) + len(div), name=div, lat=50.0,
                      lon=33.0, country_code="UA", feature="admin1", confidence=1.0)
            out.append((text, [_place(rng, name, 0), d]))
        else:
            text = f"{name} was shelled. Raids hit that part of Ukraine near the borders with Poland and Belarus."
            i0, i1, i2 = text.index("Ukraine"), text.index("Poland"), text.index("Belarus")
            places = [_place(rng, name, 0)] + [
                Place(text=t, start=k, end=k + len(t), name=t, lat=50.0, lon=30.0, country_code=cc, feature="country",
                      confidence=1.0) for t, k, cc in (("Ukraine", i0, "UA"), ("Poland", i1, "PL"), ("Belarus", i2, "BY"))]
            out.append((text, places))
    return out


def _time_sentences(sents: list[tuple[str, list[Place]]], b) -> tuple[int, float, float]:
    t, cpu = time.perf_counter(), time.process_time()
    k = 0
    for text, places in sents:
        for c in parse_claims(text, places):
            judge(c, boundaries=b)
            k += 1
    return k, time.perf_counter() - t, time.process_time() - cpu


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=5000, help="claims to check")
    ap.add_argument("--loads", type=int, default=20, help="timed loads from the prepared cache")
    args = ap.parse_args(argv)

    t = time.perf_counter()
    bmod.load_boundaries()  # builds the prepared cache when missing
    first = time.perf_counter() - t
    times = []
    for _ in range(args.loads):
        t = time.perf_counter()
        b = bmod.load_boundaries()
        times.append(time.perf_counter() - t)
    t = time.perf_counter()
    b.country_at(50.0, 30.0)  # outlines are decoded on first use
    outlines = time.perf_counter() - t
    bmod.get_boundaries.set(b)

    fresh = subprocess.run(
        [sys.executable, "-c",
         "import time, numpy, shapely, pyproj\n"
         "from geomap import boundaries as b\n"
         "t = time.perf_counter(); x = b.load_boundaries(); x.country_at(50.0, 30.0); x.border('RU', 'UA')\n"
         "print(time.perf_counter() - t)"],
        capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1])
    fresh_s = float(fresh.stdout.strip())

    claims = make_claims(args.n)
    for c in claims[:50]:  # warm-up: per-pair border arrays are built once and kept
        judge(c, boundaries=b)
    claims = make_claims(args.n)
    t, cpu = time.perf_counter(), time.process_time()
    for c in claims:
        judge(c, boundaries=b)
    dt_check, cpu_check = time.perf_counter() - t, time.process_time() - cpu
    verdicts = {v: sum(c.verdict == v for c in claims) for v in ("supported", "contradicted", "unverifiable")}

    sents = make_sentences(args.n)
    t, cpu = time.perf_counter(), time.process_time()
    m = 0
    for text, places in sents:
        for c in parse_claims(text, places):
            judge(c, boundaries=b)
            m += 1
    dt_both, cpu_both = time.perf_counter() - t, time.process_time() - cpu

    rel = make_relation_sentences(args.n)
    t, cpu = time.perf_counter(), time.process_time()
    k = 0
    for text, places in rel:
        for c in parse_claims(text, places):
            judge(c, boundaries=b)
            k += 1
    dt_rel, cpu_rel = time.perf_counter() - t, time.process_time() - cpu
    t = time.perf_counter()
    from geomap.divisions import get_divisions

    get_divisions()
    div_load = time.perf_counter() - t
    _time_sentences(make_division_sentences(50, seed=1), b)  # warm-up: outlines decoded once
    kd, dt_div, cpu_div = _time_sentences(make_division_sentences(args.n), b)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")

    print(f"boundary data: first load in this cache state {first:.2f} s; "
          f"from the prepared cache: median {statistics.median(times):.3f} s, max {max(times):.3f} s "
          f"over {args.loads} loads; outlines decoded on first use in {outlines:.3f} s")
    print(f"fresh process, libraries imported: load + outlines + one border = {fresh_s:.3f} s")
    print(f"checked: {args.n} claims in {dt_check:.2f} s = {args.n / dt_check:,.0f} claims/s wall, "
          f"{args.n / cpu_check:,.0f} claims/s of CPU time  {verdicts}")
    print(f"parsed + checked: {m} claims from {len(sents)} sentences in {dt_both:.2f} s = "
          f"{m / dt_both:,.0f} claims/s wall, {m / cpu_both:,.0f} claims/s of CPU time")
    print(f"qualitative, parsed + checked: {k} claims from {len(rel)} sentences in {dt_rel:.2f} s = "
          f"{k / dt_rel:,.0f} claims/s wall, {k / cpu_rel:,.0f} claims/s of CPU time")
    print(f"divisions and border lists, parsed + checked: {kd} claims from {args.n} sentences in {dt_div:.2f} s = "
          f"{kd / dt_div:,.0f} claims/s wall, {kd / cpu_div:,.0f} claims/s of CPU time "
          f"(division data read once in {div_load:.2f} s)")
    print(f"(1-minute load average {load:.1f} on {os.cpu_count()} CPUs during the run)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
