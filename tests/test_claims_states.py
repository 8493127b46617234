"""US state lines as claim references ("the Idaho border", "the Michigan state line").

Sentences written for these tests; places typed in by hand. Expected distances are computed here:
the state lines decoded from the packaged us-atlas topology (arcs used by both states) and
sampled every 25 m with geographiclib.
"""

from __future__ import annotations

import gzip
import json
import math
from functools import lru_cache

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic
from test_claims_relations import analysis

from geomap._paths import data_file
from geomap.claims import extract_claims

G = Geodesic.WGS84
US = {
    "Missoula": (46.8721, -113.9940, "US", "city", 71_000),
    "Mont.": (47.0, -109.5, "US", "admin1", 1_000_000),
    "Crandon": (45.5719, -88.9029, "US", "city", 1_900),
    "Wis.": (44.5, -89.5, "US", "admin1", 5_800_000),
    "West Stockbridge": (42.3340, -73.3668, "US", "city", 1_400),
    "Mass.": (42.3, -71.8, "US", "admin1", 6_900_000),
    "Spokane": (47.6588, -117.4260, "US", "city", 220_000),
}


@lru_cache(maxsize=8)
def _line(a: str, b: str) -> np.ndarray:
    """(n, 4) segments of the arcs both states' outlines use, decoded here from the packaged file."""
    with gzip.open(data_file("us_states_10m.json.gz"), "rb") as fh:
        raw = json.loads(fh.read())
    sx, sy = raw["transform"]["scale"]
    tx, ty = raw["transform"]["translate"]
    arcs_of = {s["name"]: {i if i >= 0 else ~i for poly in s["polygons"] for ring in poly for i in ring}
               for s in raw["states"]}
    segs = []
    for i in sorted(arcs_of[a] & arcs_of[b]):
        q = np.cumsum(np.asarray(raw["arcs"][i], dtype=float), axis=0)
        pts = np.column_stack([q[:, 0] * sx + tx, q[:, 1] * sy + ty])
        segs.append(np.column_stack([pts[:-1], pts[1:]]))
    return np.concatenate(segs)


def state_line_km(name: str, a: str, b: str) -> float:
    lat, lon = US[name][:2]
    segs = _line(a, b)
    ends = np.array([min(G.Inverse(lat, lon, s[1], s[0])["s12"], G.Inverse(lat, lon, s[3], s[2])["s12"])
                     for s in segs])
    best = math.inf
    for x0, y0, x1, y1 in segs[ends <= ends.min() + 5000]:
        n = max(2, int(G.Inverse(y0, x0, y1, x1)["s12"] / 25.0) + 1)
        for t in np.linspace(0.0, 1.0, n):
            best = min(best, G.Inverse(lat, lon, y0 + t * (y1 - y0), x0 + t * (x1 - x0))["s12"])
    return best / 1000.0


CASES = [
    # (text, subject, state pair, claimed km or None for "near", verdict)
    ("Missoula, Mont., lies about 35 km from the Idaho border.", "Missoula", ("Idaho", "Montana"), 35, "supported"),
    ("Missoula, Mont., lies about 150 km from the Idaho border.", "Missoula", ("Idaho", "Montana"), 150,
     "contradicted"),
    ("Crandon, Wis., is about 30 miles from the Michigan state line.", "Crandon", ("Michigan", "Wisconsin"),
     48.3, None),
    ("West Stockbridge, Mass., lies near the New York border.", "West Stockbridge", ("Massachusetts", "New York"),
     None, None),
    ("Spokane lies about 25 km from the Idaho state line.", "Spokane", ("Idaho", "Washington"), 25, None),
]


@pytest.mark.parametrize("text,subject,pair,claimed,verdict", CASES, ids=[c[0][:40] for c in CASES])
def test_state_lines(text, subject, pair, claimed, verdict):
    (c,) = extract_claims(analysis(text, US))
    assert c.subject.name == subject and c.reference.kind == "border"
    want = state_line_km(subject, *pair)
    assert c.measured_km == pytest.approx(want, abs=0.05)
    assert "US Census" in c.data
    if verdict is None:  # from the distance: about = 25% + rounding + ~2 km of data slack; near = 50 km
        verdict = ("supported" if (want <= 50 if claimed is None else abs(want - claimed) <= 0.25 * claimed + 3)
                   else "contradicted")
    assert c.verdict == verdict, (want, c.rule)
