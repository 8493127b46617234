"""Rebuild data/us_states_10m.json.gz: US state outlines and the state lines they share.

Source: US Census Bureau cartographic boundaries (1:10,000,000) as redistributed in the npm
package us-atlas@3.0.1 (ISC licence), file states-10m.json (TopoJSON, quantized).

    python data/build/build_us_states.py                     # runs `npm pack us-atlas@3.0.1`
    python data/build/build_us_states.py --tarball us-atlas-3.0.1.tgz

What is derived:
- the quantized arcs of the topology, kept as is (lossless; delta-encoded integers);
- one record per state (FIPS code, name, postal code and the usual newspaper abbreviation),
  its polygons as arc references;
- state lines: an arc used by two different states is part of the line they share.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))  # the shared helper beside this script
from npm_tarball import member_bytes  # noqa: E402

OUT = HERE / "us_states_10m.json.gz"
PACKAGE = "us-atlas@3.0.1"
MEMBER = "package/states-10m.json"
FORMAT_VERSION = 1

# FIPS name -> (postal code, newspaper abbreviation or None when the name is written out)
ABBREVIATIONS = {
    "Alabama": ("AL", "Ala."), "Alaska": ("AK", None), "Arizona": ("AZ", "Ariz."), "Arkansas": ("AR", "Ark."),
    "California": ("CA", "Calif."), "Colorado": ("CO", "Colo."), "Connecticut": ("CT", "Conn."),
    "Delaware": ("DE", "Del."), "District of Columbia": ("DC", "D.C."), "Florida": ("FL", "Fla."),
    "Georgia": ("GA", "Ga."), "Hawaii": ("HI", None), "Idaho": ("ID", None), "Illinois": ("IL", "Ill."),
    "Indiana": ("IN", "Ind."), "Iowa": ("IA", None), "Kansas": ("KS", "Kan."), "Kentucky": ("KY", "Ky."),
    "Louisiana": ("LA", "La."), "Maine": ("ME", None), "Maryland": ("MD", "Md."), "Massachusetts": ("MA", "Mass."),
    "Michigan": ("MI", "Mich."), "Minnesota": ("MN", "Minn."), "Mississippi": ("MS", "Miss."),
    "Missouri": ("MO", "Mo."), "Montana": ("MT", "Mont."), "Nebraska": ("NE", "Neb."), "Nevada": ("NV", "Nev."),
    "New Hampshire": ("NH", "N.H."), "New Jersey": ("NJ", "N.J."), "New Mexico": ("NM", "N.M."),
    "New York": ("NY", "N.Y."), "North Carolina": ("NC", "N.C."), "North Dakota": ("ND", "N.D."),
    "Ohio": ("OH", None), "Oklahoma": ("OK", "Okla."), "Oregon": ("OR", "Ore."), "Pennsylvania": ("PA", "Pa."),
    "Rhode Island": ("RI", "R.I."), "South Carolina": ("SC", "S.C."), "South Dakota": ("SD", "S.D."),
    "Tennessee": ("TN", "Tenn."), "Texas": ("TX", "Tex."), "Utah": ("UT", None), "Vermont": ("VT", "Vt."),
    "Virginia": ("VA", "Va."), "Washington": ("WA", "Wash."), "West Virginia": ("WV", "W.Va."),
    "Wisconsin": ("WI", "Wis."), "Wyoming": ("WY", "Wyo."),
}


def _arc_ids(polygons: list) -> set[int]:
    return {i if i >= 0 else ~i for poly in polygons for ring in poly for i in ring}


def build(topo_bytes: bytes) -> dict:
    """The packaged record: arcs, states (polygons as arc references) and shared state lines."""
    topo = json.loads(topo_bytes)
    states = []
    users: dict[int, set[str]] = defaultdict(set)
    for g in topo["objects"]["states"]["geometries"]:
        name = g["properties"]["name"]
        if name not in ABBREVIATIONS:  # territories (Puerto Rico, Guam ...): no state lines to share
            continue
        polygons = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        postal, abbr = ABBREVIATIONS[name]
        key = f"US-{postal}"
        states.append({"key": key, "fips": g["id"], "name": name, "postal": postal, "abbr": abbr,
                       "polygons": polygons})
        for i in _arc_ids(polygons):
            users[i].add(key)
    lines: dict[tuple[str, str], list[int]] = defaultdict(list)
    for arc, keys in sorted(users.items()):
        if len(keys) == 2:
            lines[tuple(sorted(keys))].append(arc)
    return {
        "format": FORMAT_VERSION, "version": "us-atlas 3.0.1 (US Census Bureau cartographic boundaries, 1:10m)",
        "source": f"npm {PACKAGE} {MEMBER}", "source_sha256": hashlib.sha256(topo_bytes).hexdigest(),
        "transform": topo["transform"], "arcs": topo["arcs"], "states": states,
        "lines": [{"a": a, "b": b, "arcs": arcs} for (a, b), arcs in sorted(lines.items())],
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tarball", help="an already downloaded us-atlas-3.0.1.tgz")
    args = ap.parse_args(argv)
    topo_bytes = member_bytes(PACKAGE, MEMBER, args.tarball)
    record = build(topo_bytes)
    data = json.dumps(record, separators=(",", ":")).encode()
    with gzip.GzipFile(OUT, "wb", mtime=0) as fh:
        fh.write(data)
    print(f"{OUT.name}: {len(record['states'])} states, {len(record['lines'])} state lines, "
          f"{OUT.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
