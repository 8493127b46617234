"""geomap.reverse: offline reverse geocoding (nearest gazetteer place), checked against brute force."""

from __future__ import annotations

import math
import os
import time
from types import SimpleNamespace

import numpy as np
import pytest

from geomap import _paths
from geomap import reverse as R
from geomap.errors import DataError, InputError


def entry(i, lat, lon, cc="AA", a1="01", feature="city"):
    return SimpleNamespace(geonameid=i + 1, name=f"p{i}", lat=float(lat), lon=float(lon), feature=feature,
                           feature_code="PPL", country_code=cc, admin1_code=a1, population=0)


def synthetic(seed=7):
    """A dense 'country' around (50, 10), a sparse rest of the world, and two places at the date line."""
    rng = np.random.default_rng(seed)
    dense = np.column_stack([rng.normal(50, 0.4, 3000), rng.normal(10, 0.6, 3000)])
    sparse = np.column_stack([np.degrees(np.arcsin(rng.uniform(-1, 1, 2000))), rng.uniform(-180, 180, 2000)])
    ents = [entry(i, a, b, cc="DE", a1="BY" if b > 10 else "BW") for i, (a, b) in enumerate(dense)]
    ents += [entry(3000 + i, a, b, cc=f"S{i % 9}", a1=str(i % 4)) for i, (a, b) in enumerate(sparse)]
    ents += [entry(9000, 10.0, 179.95, cc="FJ", a1="E"), entry(9001, 10.0, -179.0, cc="XX", a1="W")]
    ents.append(entry(9002, 0.0, 0.0, cc="", a1=""))  # no country: not an anchor
    ents.append(entry(9003, 1.0, 1.0, cc="ZZ", feature="country"))  # countries are not anchors
    return ents


@pytest.fixture(scope="module")
def geo():
    return R.ReverseGeocoder(synthetic(), admin1_name=lambda cc, code: f"{cc}/{code}")


def brute(geo, lat, lon):
    q = R._unit_vectors(np.asarray(lat, float), np.asarray(lon, float))
    j = np.argmax(q @ geo._xyz.T, axis=1)
    km = R._chord_to_km(np.linalg.norm(q - geo._xyz[j], axis=1))
    return j, km


def test_matches_brute_force(geo):
    rng = np.random.default_rng(1)
    near = np.column_stack([rng.normal(50, 1.0, 3000), rng.normal(10, 1.5, 3000)])
    world = np.column_stack([np.degrees(np.arcsin(rng.uniform(-1, 1, 2000))), rng.uniform(-180, 180, 2000)])
    pts = np.vstack([near, world])
    got = geo.reverse_many(pts[:, 0], pts[:, 1])
    j, km = brute(geo, pts[:, 0], pts[:, 1])
    exact = km <= 160.0
    assert exact.sum() > 3000  # the test covers the exact range well...
    assert (~exact).sum() > 500  # ...and the far one
    assert np.allclose(got.distance_km[exact], km[exact], atol=0.01)
    assert np.array_equal(got.country_code[exact], geo._cc[j[exact]])
    # beyond 160 km the answer is approximate, within the documented bounds
    far = ~exact
    err = got.distance_km[far] - km[far]
    assert np.all(err >= -0.01)
    assert np.all(err[km[far] <= 640] <= 80 * math.sqrt(3) + 0.01)
    assert np.all(err <= 320 * math.sqrt(3) + 0.01)


def test_answers_carry_country_division_and_place(geo):
    hit = geo.reverse(50.0, 10.0)
    assert hit.country_code == "DE" and hit.admin1 in ("DE/BY", "DE/BW")
    assert hit.admin1 == f"DE/{hit.admin1_code}"
    assert hit.name.startswith("p") and hit.geonameid is not None and hit.distance_km < 10
    assert hit.to_dict()["country_code"] == "DE"


def test_date_line_and_poles(geo):
    assert geo.reverse(10.0, -179.99).country_code == "FJ"  # 179.95 E is 4 km away, across the line
    assert geo.reverse(10.0, 179.9).country_code == "FJ"
    assert geo.reverse(90.0, 0.0) is not None and geo.reverse(-90.0, 123.0) is not None


def test_bad_and_missing_coordinates(geo):
    b = geo.reverse_many([50.0, float("nan"), 50.0], [10.0, 10.0, float("inf")])
    assert b[0] is not None and b[1] is None and b[2] is None
    assert list(b.country_code) == ["DE", None, None] and b.geonameid[1] == -1 and math.isnan(b.distance_km[1])
    with pytest.raises(InputError, match="out of range"):
        geo.reverse_many([10.0, 91.0], [0.0, 0.0])
    with pytest.raises(InputError, match="out of range"):
        geo.reverse(0.0, 181.0)
    with pytest.raises(InputError, match="as many"):
        geo.reverse_many([1.0, 2.0], [1.0])
    assert len(geo.reverse_many([], [])) == 0


def test_max_distance(geo):
    j, km = brute(geo, [-60.0], [-120.0])
    assert km[0] > 100
    assert geo.reverse(-60.0, -120.0, max_distance_km=km[0] / 2) is None
    assert geo.reverse(-60.0, -120.0, max_distance_km=km[0] + 700) is not None
    assert geo.reverse(50.0, 10.0, max_distance_km=50) is not None
    with pytest.raises(InputError):
        geo.reverse(0, 0, max_distance_km=-1)


def test_batch_iteration_and_nearest_k(geo):
    b = geo.reverse_many(np.array([50.0, 50.5]), np.array([10.0, 9.5]))
    hits = list(b)
    assert len(hits) == 2 and all(h.country_code == "DE" for h in hits)
    k = geo.nearest_k(50.0, 10.0, 4)
    assert len(k) == 4 and [h.distance_km for h in k] == sorted(h.distance_km for h in k)
    assert k[0].geonameid == geo.reverse(50.0, 10.0).geonameid


def test_index_round_trips_through_disk(geo, tmp_path):
    path = tmp_path / "rev.npz"
    geo.save(path)
    again = R.ReverseGeocoder.load(path)
    rng = np.random.default_rng(3)
    lat, lon = rng.uniform(-80, 80, 500), rng.uniform(-180, 180, 500)
    a, b = geo.reverse_many(lat, lon), again.reverse_many(lat, lon)
    assert np.array_equal(a.index, b.index)
    assert list(a.admin1) == list(b.admin1) and list(a.name) == list(b.name)
    (tmp_path / "bad.npz").write_bytes(b"not an index")
    with pytest.raises(DataError):
        R.ReverseGeocoder.load(tmp_path / "bad.npz")


def test_from_gazetteer_caches_the_index(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    calls = []

    class Gaz:
        db_path = tmp_path / "gazetteer-test.sqlite"

        def iter_entries(self):
            calls.append(1)
            return iter(synthetic())

        def admin1_name(self, cc, code):
            return None

    stale = tmp_path / "reverse-0000000000-gazetteer-old.npz"
    stale.write_bytes(b"an index of older data, unused for over a month")
    month_ago = time.time() - _paths.PRUNE_AFTER_S - 60
    os.utime(stale, (month_ago, month_ago))
    first = R.ReverseGeocoder.from_gazetteer(Gaz())
    second = R.ReverseGeocoder.from_gazetteer(Gaz())
    assert len(calls) == 1
    assert [p.name for p in tmp_path.glob("reverse-*.npz")] == [f"reverse-{R.INDEX_VERSION}-gazetteer-test.npz"]
    assert second.reverse(50, 10) == first.reverse(50, 10)


def test_no_anchors_is_an_error():
    with pytest.raises(InputError):
        R.ReverseGeocoder([entry(0, 1, 1, feature="country")])


def test_embedded_gazetteer():
    try:
        geo = R.get_reverse_geocoder()
    except DataError as err:  # pragma: no cover - data not built in this checkout
        pytest.skip(str(err))
    b = R.reverse_many([49.99, 48.85, 40.71, -33.87], [36.23, 2.35, -74.0, 151.21])
    assert list(b.country_code) == ["UA", "FR", "US", "AU"]
    assert b.admin1[2] == "New York"
    assert geo.reverse(0.0, -140.0, max_distance_km=100) is None  # the middle of the Pacific


def test_reverse_index_of_other_data_is_kept_while_recently_used(tmp_path, monkeypatch):
    """Two geomap copies with different data keep their own reverse indexes (no rebuild on every switch)."""
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))

    class Gaz:
        db_path = tmp_path / "gazetteer-mine.sqlite"

        def iter_entries(self):
            return iter(synthetic())

        def admin1_name(self, cc, code):
            return None

    other = tmp_path / "reverse-0-gazetteer-otherdata.npz"
    other.write_bytes(b"the index of another copy of geomap, used yesterday")
    R.ReverseGeocoder.from_gazetteer(Gaz())
    assert other.exists()
