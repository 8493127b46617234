"""Offline reverse geocoding: coordinates to country and first-level division.

The answer for a point is taken from the *nearest* populated place or division centre of the
embedded gazetteer (great-circle distance on a sphere): its country code, its first-level
division and its name. Nothing is downloaded and no polygon is tested.

How it is fast: places become unit vectors in 3-D, hashed into cubic grid cells at a few sizes.
A point looks only at the 2 x 2 x 2 cells nearest to it, which reach at least half a cell on every
side; when the nearest place found there is closer than that (2.5 km, then 10, 40, 160 km), it is
the true nearest, otherwise the point moves on to the next, coarser grid. Points more than 160 km
from every place (far out at sea) are answered from thinned grids (one place per 80 km cell, then
per 320 km) and at last by comparing with every remaining place: their answer is approximate (its
distance within 140 km of the true nearest distance; beyond 640 km, within 560 km). Everything is vectorised with numpy (no scipy): batches run at hundreds of thousands
of points a second (``benchmarks/bench_geocoders.py``).

Limits, by design of "nearest place":
- near a border, the nearest town may lie on the other side, so the country or division can be the
  neighbour's within a few kilometres (tens where towns are sparse) of the line;
- at sea the nearest coastal place answers, however far: pass ``max_distance_km`` to get ``None``
  beyond a distance you trust;
- divisions with no place in the gazetteer (rare) are never answered; enclaves follow their towns.
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ._once import process_wide
from .errors import DataError, GeomapError, InputError
from .geodesy import EARTH_RADIUS_KM, unit_vectors

log = logging.getLogger(__name__)


# Gazetteer features used as reverse-geocoding anchors: they carry a country and a division.
ANCHOR_FEATURES = frozenset({"city", "admin1", "admin2", "landmark"})

# The grids, tried in turn for the points not settled yet: (search radius, thinning), in km of chord.
# A thinned grid keeps one place per cell of that size: beyond 160 km from every place (far out at sea)
# answers are approximate, their distance within thinning * sqrt(3) of the true nearest distance.
_LEVELS = ((2.5, None), (10.0, None), (40.0, None), (160.0, None), (640.0, 80.0), (2560.0, 320.0))
# Version of the on-disk index: changes with the grids (and with this format).
INDEX_VERSION = hashlib.sha1(repr(("v2", _LEVELS)).encode()).hexdigest()[:10]
_COLUMNS = ("country_code", "admin1", "admin1_code", "name")
_BRUTE_RATIO = 40  # a gathered (query, anchor) pair costs about this many matrix-product ones
_CHUNK = 65536  # queries per vectorised pass (bounds memory)
_BRUTE_CELLS = 1 << 21  # (query, place) products per full-comparison pass (bounds memory)


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
    return unit_vectors(np.column_stack((lon, lat)))


def _chord_to_km(chord: np.ndarray) -> np.ndarray:
    return 2.0 * np.arcsin(np.clip(chord / 2.0, 0.0, 1.0)) * EARTH_RADIUS_KM


def _km_to_chord(km: float) -> float:
    return 2.0 * math.sin(min(km / EARTH_RADIUS_KM, math.pi) / 2.0)


class _Grid:
    """Anchors hashed into cubic cells of one size (in chord units).

    A query looks at the 2 x 2 x 2 cells nearest to it, which cover at least half a cell on every
    side: a nearest anchor found within ``radius`` (half a cell) is the true nearest.
    """

    def __init__(self, xyz: np.ndarray, radius: float, saved: Mapping[str, np.ndarray] | None = None) -> None:
        self.radius = radius
        self.size = 2.0 * radius
        self.n = int(math.ceil(2.0 / self.size)) + 3
        n = self.n
        if saved is not None:
            self.order, self.keys, self.start, self.count = (saved[k] for k in ("order", "keys", "start", "count"))
        else:
            cells = np.floor((xyz + 1.0) / self.size).astype(np.int64) + 1
            keys = (cells[:, 0] * n + cells[:, 1]) * n + cells[:, 2]
            self.order = np.argsort(keys, kind="stable")
            self.keys, self.start, self.count = np.unique(keys[self.order], return_index=True, return_counts=True)
        self.x, self.y, self.z = (np.ascontiguousarray(xyz[self.order, i], dtype=np.float32) for i in range(3))
        self.xyz_t = np.ascontiguousarray(xyz.T)  # for a full comparison (in input order)

    def arrays(self) -> dict[str, np.ndarray]:
        return {"order": self.order, "keys": self.keys, "start": self.start, "count": self.count}

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
        # float32 is ample here (about a metre) and halves the memory traffic
        q32 = q.astype(np.float32)
        d2 = ((self.x[pair_a] - q32[pair_q, 0]) ** 2 + (self.y[pair_a] - q32[pair_q, 1]) ** 2
              + (self.z[pair_a] - q32[pair_q, 2]) ** 2)
        # pair_q is sorted: the minimum of each query's segment, then the first pair reaching it.
        seg_start = np.flatnonzero(np.r_[True, pair_q[1:] != pair_q[:-1]])
        qs = pair_q[seg_start]
        dmin = np.minimum.reduceat(d2, seg_start)
        hit = np.flatnonzero(d2 == np.repeat(dmin, np.diff(np.r_[seg_start, total])))
        hq = pair_q[hit]
        first_hit = hit[np.r_[True, hq[1:] != hq[:-1]]]  # hit is sorted, so is hq: first of each run
        best[qs] = self.order[pair_a[first_hit]]
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
        self._setup(np.array(lats), np.array(lons), [cc, a1, a1code, names], np.array(gids, dtype=np.int64))

    def _setup(self, lat: np.ndarray, lon: np.ndarray, columns: list, gid: np.ndarray,
               saved: Mapping[str, np.ndarray] | None = None) -> None:
        self.n_anchors = len(lat)
        self._lat, self._lon = lat, lon
        self._xyz = _unit_vectors(lat, lon)
        # Columns get one extra row (index -1): the "no answer" row.
        self._cc, self._admin1, self._admin1_code, self._name = (
            np.array(list(c) + [None], dtype=object) for c in columns)
        self._gid = np.append(gid, -1)
        self._grids: list[tuple[_Grid, np.ndarray | None]] = []
        for i, (radius_km, thin_km) in enumerate(_LEVELS):
            if saved is not None:
                subset = saved[f"g{i}_subset"].astype(np.int64) if thin_km is not None else None
                arrays = {k: saved[f"g{i}_{k}"].astype(np.int64) for k in ("order", "keys", "start", "count")}
            else:
                subset = None if thin_km is None else self._thinned(_km_to_chord(thin_km))
                arrays = None
            xyz = self._xyz if subset is None else self._xyz[subset]
            self._grids.append((_Grid(xyz, _km_to_chord(radius_km), arrays), subset))

    def save(self, path: str | os.PathLike) -> None:
        """Write the index (atomically) for :meth:`load`."""
        from ._atomic import atomic_open

        out: dict[str, np.ndarray] = {"version": np.array(INDEX_VERSION), "lat": self._lat, "lon": self._lon,
                                      "gid": self._gid[:-1]}
        for name, col in zip(_COLUMNS, (self._cc, self._admin1, self._admin1_code, self._name), strict=True):
            # strings as a table of distinct values (one UTF-8 blob) and a code per row: compact, no pickle
            values, codes = np.unique(np.array(["" if v is None else v for v in col[:-1]], dtype=object),
                                      return_inverse=True)
            out[name + "_values"] = np.frombuffer("\n".join(values).encode("utf-8"), dtype=np.uint8)
            out[name + "_codes"] = codes.astype(np.int32)
        for i, (grid, subset) in enumerate(self._grids):
            out.update({f"g{i}_{k}": v.astype(np.int32) if k != "keys" else v for k, v in grid.arrays().items()})
            if subset is not None:
                out[f"g{i}_subset"] = subset.astype(np.int32)
        with atomic_open(path, "wb") as fh:
            np.savez(fh, **out)

    @classmethod
    def load(cls, path: str | os.PathLike) -> ReverseGeocoder:
        """An index written by :meth:`save` (DataError if it is not one, or an older version)."""
        try:
            with np.load(path, allow_pickle=False) as z:
                saved = {k: z[k] for k in z.files}
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as err:
            raise DataError(f"cannot read reverse-geocoding index {path}: {err}") from err
        if str(saved.get("version")) != INDEX_VERSION:
            raise DataError(f"reverse-geocoding index {path} is of another version")
        self = cls.__new__(cls)
        columns = []
        for name in _COLUMNS:
            values = np.array(saved[name + "_values"].tobytes().decode("utf-8").split("\n"), dtype=object)
            values[values == ""] = None
            columns.append(values[saved[name + "_codes"]])
        self._setup(saved["lat"], saved["lon"], columns, saved["gid"], saved)
        return self

    def _thinned(self, h: float) -> np.ndarray:
        """One anchor (the first) per cubic cell of size ``h``."""
        cells = np.floor((self._xyz + 1.0) / h).astype(np.int64)
        n = int(math.ceil(2.0 / h)) + 2
        _, keep = np.unique((cells[:, 0] * n + cells[:, 1]) * n + cells[:, 2], return_index=True)
        return np.sort(keep)

    @classmethod
    def from_gazetteer(cls, gazetteer=None, *, cache: bool = True) -> ReverseGeocoder:
        """Index the embedded gazetteer (or the one given).

        The index is kept in the user's cache folder, keyed by the gazetteer's data version, so that
        later processes load it in a fraction of the time it takes to build.
        """
        if gazetteer is None:
            from .gazetteer import get_gazetteer

            gazetteer = get_gazetteer()
        db = getattr(gazetteer, "db_path", None)
        path = None
        if cache and db is not None:
            from ._paths import cache_dir, mark_used, prune_unused

            path = cache_dir() / f"reverse-{INDEX_VERSION}-{Path(db).stem}.npz"
            if path.exists():
                try:
                    geo = cls.load(path)
                except DataError as err:
                    log.info("rebuilding %s: %s", path, err)
                else:
                    mark_used(path)
                    return geo
        geo = cls(gazetteer.iter_entries(), admin1_name=gazetteer.admin1_name)
        if path is not None:
            try:
                geo.save(path)
            except GeomapError as err:  # an unwritable cache only costs time
                log.info("reverse-geocoding index not cached: %s", err)
            else:  # indexes of other data or code, once unused for a month (another geomap copy may use them)
                prune_unused(path.parent, "reverse-*.npz", keep=path)
        return geo

    # -- queries

    def _nearest(self, q: np.ndarray, max_chord: float | None) -> tuple[np.ndarray, np.ndarray]:
        n = len(q)
        best = np.full(n, -1, dtype=np.int64)
        best_d2 = np.full(n, np.inf)
        todo = np.arange(n)
        for grid, subset in self._grids:
            if len(todo) == 0:
                return best, best_d2
            sub = q[todo]
            pos, cnt, _ = grid.candidates(sub)
            if int(cnt.sum()) * _BRUTE_RATIO > len(todo) * len(grid.order):
                # the cells around gather too many places: compare with all of this grid's places instead
                self._brute(q, todo, grid, subset, best, best_d2)
                return best, best_d2
            idx, d2 = grid.nearest(sub, pos, cnt)
            ok = d2 <= grid.radius * grid.radius
            best[todo[ok]] = idx[ok] if subset is None else subset[idx[ok]]
            best_d2[todo[ok]] = d2[ok]
            todo = todo[~ok]
            if max_chord is not None and grid.radius >= max_chord:
                return best, best_d2  # everything left is farther than the cap
        last, subset = self._grids[-1]
        self._brute(q, todo, last, subset, best, best_d2)  # farther than the coarsest radius
        return best, best_d2

    @staticmethod
    def _brute(q: np.ndarray, todo: np.ndarray, grid: _Grid, subset: np.ndarray | None, best: np.ndarray,
               best_d2: np.ndarray) -> None:
        """Nearest by comparing with every place of a grid (plain ufuncs: no BLAS threads to start)."""
        x, y, z = grid.xyz_t
        step = max(1, _BRUTE_CELLS // len(x))
        for s in range(0, len(todo), step):
            part = todo[s:s + step]
            qp = q[part]
            dots = qp[:, 0:1] * x
            dots += qp[:, 1:2] * y
            dots += qp[:, 2:3] * z
            j = np.argmax(dots, axis=1)
            best[part] = j if subset is None else subset[j]
            best_d2[part] = np.maximum(2.0 - 2.0 * dots[np.arange(len(part)), j], 0.0)

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
        if not (abs(lat) <= 90.0 and abs(lon) <= 180.0):
            raise InputError(f"coordinates out of range: lat={lat} lon={lon} (latitude within ±90, longitude within ±180)")
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


@process_wide
def get_reverse_geocoder() -> ReverseGeocoder:
    """The reverse geocoder over the embedded gazetteer, built once per process."""
    return ReverseGeocoder.from_gazetteer()


def reverse_many(lats: Sequence[float] | np.ndarray, lons: Sequence[float] | np.ndarray, *,
                 max_distance_km: float | None = None) -> ReverseBatch:
    """Country and first-level division of many points, offline (see :class:`ReverseBatch`)."""
    return get_reverse_geocoder().reverse_many(lats, lons, max_distance_km=max_distance_km)


def reverse(lat: float, lon: float, *, max_distance_km: float | None = None) -> ReverseHit | None:
    """Country and first-level division of one point, offline."""
    return get_reverse_geocoder().reverse(lat, lon, max_distance_km=max_distance_km)
