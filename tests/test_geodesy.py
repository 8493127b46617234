"""Geodesy and boundary data: checked against geographiclib and brute force, not against geomap itself."""

from __future__ import annotations

import gzip
import json
import math

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

from geomap import geodesy
from geomap._paths import data_file
from geomap.boundaries import BorderLines, get_boundaries

G = Geodesic.WGS84


def _lines(coords: list[tuple[float, float]]) -> BorderLines:
    """A BorderLines of one polyline (lon, lat), built here for synthetic tests."""
    c = np.asarray(coords, dtype=float)
    lon, lat = np.radians(c[:, 0]), np.radians(c[:, 1])
    xyz = np.column_stack([np.cos(lat) * np.cos(lon), np.cos(lat) * np.sin(lon), np.sin(lat)])
    n = len(c) - 1
    chord = np.linalg.norm(xyz[1:] - xyz[:-1], axis=1)
    return BorderLines(coords=c, xyz=xyz, seg_start=np.arange(n), seg_pair=np.zeros(n, dtype=np.int32),
                       seg_half_rad=np.arcsin(chord / 2), seg_disputed=np.full(n, -1, dtype=np.int16),
                       pairs=[("AA", "BB")])


def _brute_nearest(lat, lon, coords, step_m=20.0):
    """Nearest point of a lon/lat polyline by dense sampling + geographiclib (slow, independent)."""
    best = (math.inf, None)
    for (x0, y0), (x1, y1) in zip(coords[:-1], coords[1:], strict=True):
        seg = G.Inverse(y0, x0, y1, x1)["s12"]
        n = max(2, int(seg / step_m))
        for t in np.linspace(0, 1, n):
            x, y = x0 + t * (x1 - x0), y0 + t * (y1 - y0)
            s = G.Inverse(lat, lon, y, x)["s12"]
            if s < best[0]:
                best = (s, (y, x))
    return best[0] / 1000.0, best[1]


@pytest.mark.parametrize("a,b", [
    ((49.9935, 36.2304), (50.4501, 30.5234)),  # Kharkiv - Kyiv
    ((48.8566, 2.3522), (40.7128, -74.0060)),  # Paris - New York
    ((-33.8688, 151.2093), (51.5074, -0.1278)),  # Sydney - London
    ((0.0, 0.0), (0.5, 179.5)),  # nearly antipodal
])
def test_point_to_point_matches_geographiclib(a, b):
    ref = G.Inverse(a[0], a[1], b[0], b[1])
    assert geodesy.distance_km(*a, *b) == pytest.approx(ref["s12"] / 1000, abs=1e-6)
    assert geodesy.bearing_deg(*a, *b) == pytest.approx(ref["azi1"] % 360, abs=1e-6)
    km, az1, az2 = geodesy.inverse(*a, *b)
    assert az2 == pytest.approx((ref["azi2"] + 180) % 360, abs=1e-6)


def test_one_degree_of_latitude_is_not_a_fixed_length():
    # on the ellipsoid a degree of latitude is ~110.6 km at the equator and ~111.7 km at the pole
    assert geodesy.distance_km(0, 10, 1, 10) == pytest.approx(110.574, abs=0.01)
    assert geodesy.distance_km(89, 10, 90, 10) == pytest.approx(111.694, abs=0.01)


@pytest.mark.parametrize("bad", [(91, 0), (0, 181), (math.nan, 0), (0, math.inf)])
def test_invalid_coordinates_raise_value_error(bad):
    with pytest.raises(ValueError):
        geodesy.distance_km(*bad, 0, 0)


@pytest.mark.parametrize("name,deg", [
    ("north", 0), ("N", 0), ("north-east", 45), ("northeast", 45), ("north east", 45), ("NE", 45),
    ("east", 90), ("ESE", 112.5), ("south-east", 135), ("SSE", 157.5), ("south", 180), ("south-west", 225),
    ("southwest", 225), ("west", 270), ("WNW", 292.5), ("north-west", 315), ("NNW", 337.5),
    ("north-northeast", 22.5), ("NNE", 22.5),
])
def test_compass_names(name, deg):
    assert geodesy.compass_deg(name) == deg


@pytest.mark.parametrize("name", ["up", "northish", "", "x"])
def test_compass_nonsense_is_none(name):
    assert geodesy.compass_deg(name) is None


def test_angle_diff_wraps():
    assert geodesy.angle_diff(350, 10) == 20
    assert geodesy.angle_diff(10, 350) == 20
    assert geodesy.angle_diff(0, 180) == 180


def _densify(coords, step_deg=0.01):
    out = [coords[0]]
    for (x0, y0), (x1, y1) in zip(coords[:-1], coords[1:], strict=True):
        n = max(1, int(max(abs(x1 - x0), abs(y1 - y0)) / step_deg))
        out += [(x0 + (x1 - x0) * k / n, y0 + (y1 - y0) * k / n) for k in range(1, n + 1)]
    return out


@pytest.mark.parametrize("pt", [(50.0, 30.5), (48.7, 29.2), (51.3, 30.0), (50.0, 30.0)])
def test_nearest_on_synthetic_line_matches_brute_force(pt):
    # vertices ~1 km apart, as in the 1:10m data
    coords = _densify([(30.0, 49.0), (30.0, 50.0), (30.4, 51.0)])
    got = geodesy.nearest_on_lines(pt[0], pt[1], _lines(coords))
    near = [c for c in coords if abs(c[1] - got.lat) < 0.05]
    want_km, want_pt = _brute_nearest(pt[0], pt[1], near, step_m=50)
    assert got.distance_km == pytest.approx(want_km, abs=0.03)
    # the reported distance is the geodesic distance to the reported point
    assert G.Inverse(pt[0], pt[1], got.lat, got.lon)["s12"] / 1000 == pytest.approx(got.distance_km, abs=1e-6)
    assert G.Inverse(want_pt[0], want_pt[1], got.lat, got.lon)["s12"] < 200


def test_aeqd_coordinates_agree_with_proj():
    """Polar (azimuth, geodesic distance) coordinates are PROJ's ellipsoidal aeqd."""
    from pyproj import Geod, Proj

    lat0, lon0 = 49.99, 36.23
    proj = Proj(f"+proj=aeqd +lat_0={lat0} +lon_0={lon0} +ellps=WGS84 +units=m")
    lons = np.array([36.29, 37.5, 31.0, 40.1])
    lats = np.array([50.27, 49.1, 52.3, 45.0])
    x, y = proj(lons, lats)
    az, _, d = Geod(ellps="WGS84").inv(np.full(4, lon0), np.full(4, lat0), lons, lats)
    a = np.radians(az)
    assert np.allclose(d * np.sin(a), x, atol=0.01)
    assert np.allclose(d * np.cos(a), y, atol=0.01)


# ----------------------------------------------------------------------------- the packaged data


def _raw():
    with gzip.open(data_file("boundaries_admin0_10m.json.gz"), "rb") as fh:
        return json.loads(fh.read())


def _pair_arcs_lonlat(raw, a, b):
    """The border arcs of a country pair, decoded here from the packaged file (test-local)."""
    (rec,) = [x for x in raw["borders"] if {x["a"], x["b"]} == {a, b}]
    sx, sy = raw["transform"]["scale"]
    tx, ty = raw["transform"]["translate"]
    out = []
    for i in rec["arcs"]:
        q = np.cumsum(np.asarray(raw["arcs"][i]), axis=0)
        out.append([(x * sx + tx, y * sy + ty) for x, y in q])
    return out


def test_packaged_data_provenance_and_views():
    raw = _raw()
    assert "Natural Earth" in raw["source"] and "world-atlas@2.0.2" in raw["source"]
    assert len(raw["source_sha256"]) == 64
    crimea = [d for d in raw["disputed"] if d["name"] == "Crimea"]
    assert crimea and crimea[0]["drawn_as"] == "RU"
    codes = {c["code"] for c in raw["countries"]}
    assert {"UA", "RU", "BY", "PL", "US", "MX", "FR", "DE"} <= codes


def test_border_point_matches_independent_brute_force():
    """Kharkiv to the RU-UA line: geomap vs dense sampling of the arcs decoded in this test."""
    raw = _raw()
    arcs = _pair_arcs_lonlat(raw, "RU", "UA")
    lat, lon = 49.9935, 36.2304
    # coarse pass over every vertex within ~1.5 deg, then dense sampling of the segments that can hold the minimum
    segs = [(p, q) for arc in arcs for p, q in zip(arc[:-1], arc[1:], strict=True)
            if abs(p[1] - lat) < 1.5 and abs(p[0] - lon) < 2.0]
    assert segs
    d_end = [min(G.Inverse(lat, lon, p[1], p[0])["s12"], G.Inverse(lat, lon, q[1], q[0])["s12"]) for p, q in segs]
    best = min(d_end)
    near = [sq for sq, d in zip(segs, d_end, strict=True) if d <= best + 5000]
    want = min(_brute_nearest(lat, lon, [p, q], step_m=10)[0] for p, q in near)
    got = geodesy.nearest_on_lines(lat, lon, get_boundaries().border("RU", "UA"))
    assert got.distance_km == pytest.approx(want, abs=0.03)
    assert 25 < got.distance_km < 40
    assert set(got.pair) == {"RU", "UA"}


def test_boundaries_lookup_by_name_demonym_code():
    b = get_boundaries()
    assert b.code_for("Russian") == "RU"
    assert b.code_for("Russia") == "RU"
    assert b.code_for("RU") == "RU"
    assert b.code_for("Ukraine's") == "UA"
    assert b.code_for("Belarusian") == "BY"
    assert b.code_for("Wakanda") is None
    assert "RU" in b.neighbours("UA") and "BY" in b.neighbours("UA")
    assert "FR" not in b.neighbours("UA")


def test_country_at_and_disputed_view():
    b = get_boundaries()
    assert b.country_at(49.99, 36.23) == "UA"
    assert b.country_at(52.52, 13.40) == "DE"
    assert b.country_at(0.0, -30.0) is None  # Atlantic
    assert b.country_at(44.95, 34.10) == "RU"  # Simferopol: the data draws Crimea as Russian
    d = b.disputed_at(44.95, 34.10)
    assert d is not None and d.name == "Crimea" and "UA" in d.claimed_by
    assert "Russia" in d.view()
    assert b.disputed_at(49.99, 36.23) is None


def test_cached_load_is_used(monkeypatch):
    from geomap import boundaries as mod

    first = mod.load_boundaries()  # builds the prepared cache if it is not there yet
    meta, arrays = mod._cache_paths(mod.data_file(mod.DATA_NAME))
    assert meta.exists() and arrays.exists(), "the prepared cache was not written"

    def no_rebuild(raw):
        raise AssertionError("the packaged file was decoded again although a cache exists")

    monkeypatch.setattr(mod, "_prepare", no_rebuild)
    second = mod.load_boundaries()
    assert second.version == first.version
    assert np.array_equal(second.border("PL", "UA").coords, first.border("PL", "UA").coords)
