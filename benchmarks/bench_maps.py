"""Map sizes and rendering times (issue: maps that work anywhere).

    python benchmarks/bench_maps.py            # all figures; needs Chromium for the browser ones
    python benchmarks/bench_maps.py --quick    # one browser run instead of three

Figures:
  1. a map of 5,000 incidents (50 documents, clustered): HTML size, Python render time, and the time
     Chromium takes from navigation to the map being drawn ("ready"), network blocked;
  2. single-article maps, self-contained and --cdn: HTML size;
  3. the cold command `geomap map data/samples/sample.txt -o OUT` (a fresh process each time).
Targets: 5,000 incidents <= 3 s in Chromium and <= 5 MB; one article <= 1.5 MB self-contained;
cold `geomap map` of the sample <= 1.5 s.

Results (2026-11-30, 2-core dev machine shared with five other engineers' jobs, load average 6-7;
Chromium 156 headless, every network request blocked). Since issue 15 every map also carries the
town-scale context of its area (1:10m land, division lines, town names) and the label and time scripts:
  5,000 incidents (50 documents, spread over Europe): HTML 3.58 MB (2.41 MB before the context);
      render in Python 1.9-2.4 s in a fresh process (0.7 s for a second map: the context data is read once);
      Chromium, navigation -> map drawn with all clusters built: 0.8-1.1 s by the page's clock,
      1.1-1.9 s wall
  one article (hand-made sample: 3 places, 1 incident, 1 claim): 0.45 MB self-contained, 0.25 MB --cdn
  the seed article (../shared/articles/kharkiv-glide-bomb-2024-10-03.txt): 0.49 MB self-contained
  data/samples/sample.txt (12 places, 4 incidents, 2 claims): HTML 0.80 MB (its view spans Hungary to Russia)
  cold `geomap map data/samples/sample.txt`: 1.51-1.74 s best of 3, 1.83-2.46 s median
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from _browser import browser, chromium_path, open_page  # noqa: E402
from _render_samples import many_incidents, sample_analysis  # noqa: E402

from geomap.render import write_map  # noqa: E402


def mb(path: Path) -> str:
    return f"{path.stat().st_size / 1e6:.2f} MB"


def browser_ready_seconds(b, path: Path) -> tuple[float, float]:
    """(wall seconds from navigation until the page has loaded and every map is drawn, clusters
    included; seconds from navigation start to the end of drawing by the page's own clock)."""
    with open_page(b, path) as (page, log):
        in_page = page.evaluate("() => Object.values(GeoMap.maps)[0].readyAt") / 1000
    return log.seconds_to_ready, in_page


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="one browser run instead of three")
    args = ap.parse_args()
    runs = 1 if args.quick else 3
    tmp = Path(tempfile.mkdtemp(prefix="geomap-bench-"))

    big = tmp / "incidents-5000.html"
    data = many_incidents(5000, docs=50)
    t0 = time.perf_counter()
    write_map(data, big)
    render_s = time.perf_counter() - t0
    print(f"5,000 incidents: HTML {mb(big)}, render in Python {render_s:.2f} s")

    one = tmp / "article.html"
    one_cdn = tmp / "article-cdn.html"
    write_map([sample_analysis()], one)
    write_map([sample_analysis()], one_cdn, cdn=True)
    print(f"one article: {mb(one)} self-contained, {mb(one_cdn)} --cdn")
    seed = ROOT.parent / "shared" / "articles" / "kharkiv-glide-bomb-2024-10-03.txt"
    if seed.exists():
        import geomap

        seed_map = tmp / "seed.html"
        write_map([geomap.analyze(seed.read_text(encoding="utf-8"), date="2024-10-03")], seed_map)
        print(f"seed article ({seed.name}): {mb(seed_map)} self-contained")

    if chromium_path():
        with browser() as b:
            browser_ready_seconds(b, one)  # warm the browser up once
            walls, pages = [], []
            for _ in range(runs):
                wall, in_page = browser_ready_seconds(b, big)
                walls.append(wall)
                pages.append(in_page)
            print(f"5,000 incidents in Chromium: navigation -> drawn {statistics.median(walls):.2f} s wall, "
                  f"{statistics.median(pages):.2f} s in page (median of {runs}; all: "
                  + ", ".join(f"{w:.2f}" for w in walls) + ")")
    else:
        print("Chromium not found: browser figures skipped")

    sample = ROOT / "data" / "samples" / "sample.txt"
    if sample.exists():
        times = []
        for _ in range(3):
            out = tmp / "sample.html"
            t0 = time.perf_counter()
            subprocess.run([sys.executable, "-m", "geomap", "map", str(sample), "-o", str(out)], cwd=ROOT,
                           check=True, capture_output=True)
            times.append(time.perf_counter() - t0)
        print(f"cold `geomap map {sample.relative_to(ROOT)}`: {min(times):.2f} s best, "
              f"{statistics.median(times):.2f} s median of 3; HTML {mb(out)}")
    else:
        print("data/samples/sample.txt not found: cold command timing skipped")


if __name__ == "__main__":
    main()
