"""Offline reverse geocoding: coordinates to country and first-level division.

The answer for a point is taken from the *nearest* populated place or division centre of the
embedded gazetteer (great-circle distance on a sphere): its country code, its first-level
division and its name. Nothing is downloaded and no polygon is tested.

How it is fast: places become unit vectors in 3-D, hashed into cubic grid cells at a few sizes.
A point looks only at the 2 x 2 x 2 cells nearest to it, which reach at least half a cell on every
side; when the nearest place found there is closer than that (10 km, then 40, 160, 640, 2,560 km of
chord), it is the true nearest, otherwise the point moves on to the next, coarser grid. Points more
than 160 km from every place (far out at sea) are answered from one place per 20 km cell, coarser
grids and at last a matrix product: their answer's distance is within 35 km of the true nearest. Everything is vectorised with numpy (no scipy): batches run at hundreds of thousands
of points a second (``benchmarks/bench_geocoders.py``).

Limits, by design of "nearest place":
- near a border, the nearest town may lie on the other side, so the country or division can be the
  neighbour's within a few kilometres (tens where towns are sparse) of the line;
- at sea the nearest coastal place answers, however far: pass ``max_distance_km`` to get ``None``
  beyond a distance you trust;
- divisions with no place in the gazetteer (rare) are never answered; enclaves follow their towns.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .errors import InputError

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG)

# Gazetteer features used as reverse-geocoding anchors: they carry a country and a division.
ANCHOR_FEATURES = frozenset({"city", "admin1", "admin2", "landmark"})

# Search radii of the grids, in km of chord; each is tried in turn for the points not settled yet.
_LEVELS_KM = (10.0, 40.0, 160.0)
# Beyond the last radius (far out at sea) one place per cell of this size (km of chord) answers:
# the answer is then within _THIN_KM * sqrt(3) of the true nearest distance.
_THIN_KM = 20.0
_FAR_LEVELS_KM = (640.0, 2560.0)
_BRUTE_RATIO = 24  # gathered (query, anchor) pairs cost about this many matrix-product ones
_CHUNK = 65536  # queries per vectorised pass (bounds memory)
_BRUTE_CHUNK = 32


@dataclass(frozen=True)
class ReverseHit:
    """What lies at (or nearest to) a point."""

    lat: float
    lon: float
    country_code: str | None
    admin1: str | None  # name of the first-level division
    admin1_code: str | None
    name: str  # the nearest anchor place
    geonameid: int | None
    distance_km: float  # great-circle distance from the point to that place

    def to_dict(self) -> dict[str, Any]:
        return {"lat": self.lat, "lon": self.lon, "country_code": self.country_code, "admin1": self.admin1,
                "admin1_code": self.admin1_code, "name": self.name, "geonameid": self.geonameid,
                "distance_km": self.distance_km}


class ReverseBatch:
    """Column-wise results of :meth:`ReverseGeocoder.reverse_many` (one row per input point).

    Columns are numpy arrays: ``country_code``, ``admin1``, ``admin1_code``, ``name`` (object arrays,
    ``None`` where there is no answer), ``geonameid`` (int64, -1 where none), ``distance_km``
    (float, NaN where none), and ``lat``/``lon`` (the inputs). Indexing gives a
    :class:`ReverseHit` or ``None``.
    """

    def __init__(self, lat: np.ndarray, lon: np.ndarray, index: np.ndarray, distance_km: np.ndarray,
                 geo: ReverseGeocoder) -> None:
        self.lat = lat
        self.lon = lon
        self.index = index  # anchor row per point, -1 for none
        self.distance_km = distance_km
        self.country_code = geo._cc[index]
        self.admin1 = geo._admin1[index]
        self.admin1_code = geo._admin1_code[index]
        self.name = geo._name[index]
        self.geonameid = geo._gid[index]

    def __len__(self) -> int:
        return len(self.index)

    def __getitem__(self, i: int) -> ReverseHit | None:
        if self.index[i] < 0:
            return None
        gid = int(self.geonameid[i])
        return ReverseHit(float(self.lat[i]), float(self.lon[i]), self.country_code[i], self.admin1[i],
                          self.admin1_code[i], self.name[i], gid if gid >= 0 else None,
                          float(self.distance_km[i]))

    def __iter__(self) -> Iterator[ReverseHit | None]:
        for i in range(len(self)):
            yield self[i]


def _unit_vectors(lat: np.ndarray, lon: np.ndarray) -> np.ndarray:
    la, lo = np.radians(lat), np.radians(lon)
    c = np.cos(la)
    return np.column_stack((c * np.cos(lo), c * np.sin(lo), np.sin(la)))


def _chord_to_km(chord: np.ndarray) -> np.ndarray:
    return 2.0 * np.arcsin(np.clip(chord / 2.0, 0.0, 1.0)) * EARTH_RADIUS_KM


def _km_to_chord(km: float) -> float:
    return 2.0 * math.sin(min(km / EARTH_RADIUS_KM, math.pi) / 2.0)


class _Grid:
    """Anchors hashed into cubic cells of one size (in chord units).

    A query looks at the 2 x 2 x 2 cells nearest to it, which cover at least half a cell on every
    side: a nearest anchor found within ``radius`` (half a cell) is the true nearest.
    """

    def __init__(self, xyz: np.ndarray, radius: float) -> None:
        self.radius = radius
        self.size = 2.0 * radius
        self.n = int(math.ceil(2.0 / self.size)) + 3
        n = self.n
        cells = np.floor((xyz + 1.0) / self.size).astype(np.int64) + 1
        keys = (cells[:, 0] * n + cells[:, 1]) * n + cells[:, 2]
        order = np.argsort(keys, kind="stable")
        self.order = order
        self.x, self.y, self.z = (np.ascontiguousarray(xyz[order, i]) for i in range(3))
        self.keys, self.start, self.count = np.unique(keys[order], return_index=True, return_counts=True)

    def candidates(self, q: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """For each query, the (start, count) of anchors in each of its 8 cells (flattened, 8 per query)."""
        n = self.n
        f = (q + 1.0) / self.size
        c = np.floor(f).astype(np.int64) + 1
        step = np.where(f - np.floor(f) < 0.5, -1, 1)  # toward the nearer face, per axis
        base = (c[:, 0] * n + c[:, 1]) * n + c[:, 2]
        dx, dy, dz = step[:, 0] * n * n, step[:, 1] * n, step[:, 2]
        keys = np.stack((base, base + dz, base + dy, base + dy + dz,
                         base + dx, base + dx + dz, base + dx + dy, base + dx + dy + dz), axis=1).ravel()
        pos = np.searchsorted(self.keys, keys)
        pos[pos >= len(self.keys)] = 0
        cnt = np.where(self.keys[pos] == keys, self.count[pos], 0)
        return pos, cnt, keys

    def nearest(self, q: np.ndarray, pos: np.ndarray, cnt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Nearest anchor among each query's cells; -1/inf where those cells are empty."""
        nq = len(q)
        best = np.full(nq, -1, dtype=np.int64)
        best_d2 = np.full(nq, np.inf)
        total = int(cnt.sum())
        if total == 0:
            return best, best_d2
        first = np.cumsum(cnt) - cnt
        pair_q = np.repeat(np.arange(nq * 8, dtype=np.int64) >> 3, cnt)
        pair_a = np.repeat(self.start[pos] - first, cnt) + np.arange(total)
        d2 = ((self.x[pair_a] - q[pair_q, 0]) ** 2 + (self.y[pair_a] - q[pair_q, 1]) ** 2
              + (self.z[pair_a] - q[pair_q, 2]) ** 2)
        # pair_q is sorted: the minimum of each query's segment, then the first pair reaching it.
        seg_start = np.flatnonzero(np.r_[True, pair_q[1:] != pair_q[:-1]])
        qs = pair_q[seg_start]
        dmin = np.minimum.reduceat(d2, seg_start)
        hit = np.flatnonzero(d2 == np.repeat(dmin, np.diff(np.r_[seg_start, total])))
        _, first_hit = np.unique(pair_q[hit], return_index=True)
        best[qs] = self.order[pair_a[hit[first_hit]]]
        best_d2[qs] = dmin
        return best, best_d2


class ReverseGeocoder:
    """Nearest-anchor reverse geocoder over gazetteer entries (see the module docstring)."""

    def __init__(self, entries: Iterable[Any], *, admin1_name=None) -> None:
        """Index ``entries`` (gazetteer ``Entry``-like objects with a country code).

        ``admin1_name(cc, admin1_code)`` names divisions (default: no names, codes only).
        """
        lats: list[float] = []
        lons: list[float] = []
        cc: list[str | None] = []
        a1code: list[str | None] = []
        names: list[str] = []
        gids: list[int] = []
        a1names: dict[tuple[str, str], str | None] = {}
        a1: list[str | None] = []
        for e in entries:
            if e.feature not in ANCHOR_FEATURES or not e.country_code:
                continue
            if not (math.isfinite(e.lat) and math.isfinite(e.lon)):
                continue
            lats.append(float(e.lat))
            lons.append(float(e.lon))
            cc.append(e.country_code)
            code = e.admin1_code or None
            a1code.append(code)
            names.append(e.name)
            gids.append(int(e.geonameid) if e.geonameid is not None and e.geonameid > 0 else -1)
            if code is None:
                a1.append(None)
            else:
                key = (e.country_code, code)
                if key not in a1names:
                    a1names[key] = admin1_name(*key) if admin1_name is not None else None
                a1.append(a1names[key])
        if not lats:
            raise InputError("no gazetteer places to reverse geocode with")
        self.n_anchors = len(lats)
        self._lat = np.array(lats)
        self._lon = np.array(lons)
        self._xyz = _unit_vectors(self._lat, self._lon)
        # Columns get one extra row (index -1): the "no answer" row.
        self._cc = np.array(cc + [None], dtype=object)
        self._admin1 = np.array(a1 + [None], dtype=object)
        self._admin1_code = np.array(a1code + [None], dtype=object)
        self._name = np.array(names + [None], dtype=object)
        self._gid = np.array(gids + [-1], dtype=np.int64)
        self._grids = [_Grid(self._xyz, _km_to_chord(km)) for km in _LEVELS_KM]
        h = _km_to_chord(_THIN_KM)
        cells = np.floor((self._xyz + 1.0) / h).astype(np.int64)
        _, keep = np.unique(cells, axis=0, return_index=True)
        self._thin = np.sort(keep)
        thin_xyz = self._xyz[self._thin]
        self._far_grids = [_Grid(thin_xyz, _km_to_chord(km)) for km in _FAR_LEVELS_KM]
        self._thin_xyz_t = np.ascontiguousarray(thin_xyz.T)

    @classmethod
    def from_gazetteer(cls, gazetteer=None) -> ReverseGeocoder:
        """Index the embedded gazetteer (or the one given)."""
        if gazetteer is None:
            from .gazetteer import get_gazetteer

            gazetteer = get_gazetteer()
        return cls(gazetteer.iter_entries(), admin1_name=gazetteer.admin1_name)

    # -- queries

    def _nearest(self, q: np.ndarray, max_chord: float | None) -> tuple[np.ndarray, np.ndarray]:
        n = len(q)
        best = np.full(n, -1, dtype=np.int64)
        best_d2 = np.full(n, np.inf)
        todo = np.arange(n)
        for grids, remap in ((self._grids, None), (self._far_grids, self._thin)):
            for grid in grids:
                if len(todo) == 0:
                    return best, best_d2
                sub = q[todo]
                pos, cnt, _ = grid.candidates(sub)
                if int(cnt.sum()) > len(todo) * len(grid.order) // _BRUTE_RATIO:
                    break  # the cells around gather too many places: compare with all of them instead
                idx, d2 = grid.nearest(sub, pos, cnt)
                ok = d2 <= grid.radius * grid.radius
                best[todo[ok]] = idx[ok] if remap is None else remap[idx[ok]]
                best_d2[todo[ok]] = d2[ok]
                todo = todo[~ok]
                if max_chord is not None and grid.radius >= max_chord:
                    return best, best_d2  # everything left is farther than the cap
        for s in range(0, len(todo), _BRUTE_CHUNK):  # very far out: compare with every (thinned) place
            part = todo[s:s + _BRUTE_CHUNK]
            dots = q[part] @ self._thin_xyz_t
            j = np.argmax(dots, axis=1)
            best[part] = self._thin[j]
            best_d2[part] = np.maximum(2.0 - 2.0 * dots[np.arange(len(part)), j], 0.0)
        return best, best_d2

    def reverse_many(self, lats: Sequence[float] | np.ndarray, lons: Sequence[float] | np.ndarray, *,
                     max_distance_km: float | None = None) -> ReverseBatch:
        """Reverse geocode many points at once (the fast path).

        Non-finite coordinates (NaN: an unresolved place) give no answer for that row; coordinates out
        of range raise :class:`~geomap.errors.InputError`. With ``max_distance_km``, points farther
        than that from every anchor get no answer (at sea, say).
        """
        lat = np.asarray(lats, dtype=float).ravel()
        lon = np.asarray(lons, dtype=float).ravel()
        if lat.shape != lon.shape:
            raise InputError(f"reverse_many needs as many latitudes as longitudes ({len(lat)} != {len(lon)})")
        valid = np.isfinite(lat) & np.isfinite(lon)
        if np.any(np.abs(lat[valid]) > 90.0) or np.any(np.abs(lon[valid]) > 180.0):
            bad = np.flatnonzero(valid & ((np.abs(lat) > 90.0) | (np.abs(lon) > 180.0)))[0]
            raise InputError(f"coordinates out of range at row {bad}: lat={lat[bad]} lon={lon[bad]} "
                             "(latitude within ±90, longitude within ±180)")
        if max_distance_km is not None and not (max_distance_km >= 0):
            raise InputError(f"max_distance_km must be >= 0, not {max_distance_km}")
        max_chord = _km_to_chord(max_distance_km) if max_distance_km is not None else None
        index = np.full(len(lat), -1, dtype=np.int64)
        dist = np.full(len(lat), np.nan)
        rows = np.flatnonzero(valid)
        for s in range(0, len(rows), _CHUNK):
            part = rows[s:s + _CHUNK]
            idx, d2 = self._nearest(_unit_vectors(lat[part], lon[part]), max_chord)
            km = _chord_to_km(np.sqrt(d2))
            if max_distance_km is not None:
                far = ~(km <= max_distance_km)
                idx[far] = -1
                km[far] = np.nan
            index[part] = idx
            dist[part] = km
        return ReverseBatch(lat, lon, index, dist, self)

    def reverse(self, lat: float, lon: float, *, max_distance_km: float | None = None) -> ReverseHit | None:
        """Reverse geocode one point."""
        return self.reverse_many([lat], [lon], max_distance_km=max_distance_km)[0]

    def nearest_k(self, lat: float, lon: float, k: int = 5) -> list[ReverseHit]:
        """The ``k`` nearest anchors of one point, nearest first (a full scan: for single queries)."""
        if not (math.isfinite(lat) and math.isfinite(lon)) or abs(lat) > 90 or abs(lon) > 180:
            raise InputError(f"coordinates out of range: lat={lat} lon={lon}")
        q = _unit_vectors(np.array([lat]), np.array([lon]))[0]
        dots = self._xyz @ q
        k = max(1, min(int(k), self.n_anchors))
        top = np.argpartition(-dots, k - 1)[:k]
        top = top[np.argsort(-dots[top], kind="stable")]
        km = _chord_to_km(np.sqrt(np.maximum(2.0 - 2.0 * dots[top], 0.0)))
        return [ReverseHit(float(lat), float(lon), self._cc[i], self._admin1[i], self._admin1_code[i],
                           self._name[i], int(self._gid[i]) if self._gid[i] >= 0 else None, float(d))
                for i, d in zip(top, km, strict=True)]


_DEFAULT: ReverseGeocoder | None = None
_LOCK = threading.Lock()


def get_reverse_geocoder() -> ReverseGeocoder:
    """The reverse geocoder over the embedded gazetteer, built once per process."""
    global _DEFAULT
    if _DEFAULT is None:
        with _LOCK:
            if _DEFAULT is None:
                _DEFAULT = ReverseGeocoder.from_gazetteer()
    return _DEFAULT


def reverse_many(lats: Sequence[float] | np.ndarray, lons: Sequence[float] | np.ndarray, *,
                 max_distance_km: float | None = None) -> ReverseBatch:
    """Country and first-level division of many points, offline (see :class:`ReverseBatch`)."""
    return get_reverse_geocoder().reverse_many(lats, lons, max_distance_km=max_distance_km)


def reverse(lat: float, lon: float, *, max_distance_km: float | None = None) -> ReverseHit | None:
    """Country and first-level division of one point, offline."""
    return get_reverse_geocoder().reverse(lat, lon, max_distance_km=max_distance_km)
