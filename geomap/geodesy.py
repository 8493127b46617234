"""Distances and bearings on the WGS84 ellipsoid, in kilometres and degrees of azimuth.

Never in degrees of latitude/longitude: point-to-point uses the geodesic inverse problem
(Karney 2013, accurate to nanometres; through ``pyproj.Geod``, PROJ's C port of geographiclib,
which the tests check against the geographiclib package); point-to-line works in an azimuthal
equidistant (AEQD) projection centred on the point, where every distance from the centre is the
exact geodesic distance, and confirms the nearest point found there with a geodesic inverse.

The AEQD coordinates of a vertex are its polar coordinates (geodesic azimuth, geodesic distance)
from the centre: that is the definition of the ellipsoidal AEQD projection (PROJ's ``aeqd``
computes the same through geodesics; the tests check the two agree). Getting them from one
vectorised ``pyproj.Geod.inv`` call avoids building a PROJ transformer for every point, which
would cost more than the whole measurement.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from .model import validate_location

if TYPE_CHECKING:
    import numpy as np


@cache
def _geod() -> Any:
    """The WGS84 ``pyproj.Geod``, made on first use: numpy and pyproj are imported only when a measurement
    needs them (about 0.1 s of start-up saved for commands and documents that measure nothing)."""
    from pyproj import Geod

    return Geod(ellps="WGS84")


def load_numerics() -> None:
    """Import numpy and pyproj now: a process that forks workers does it once for all of them."""
    import numpy  # noqa: F401

    _geod()

EARTH_RADIUS_KM = 6371.0088  # mean Earth radius (IUGG R1), for spherical shortcuts only
KM_PER_DEGREE = 2.0 * math.pi * EARTH_RADIUS_KM / 360.0  # one degree of a great circle, ~111.195 km

# 32-point compass; the 16 common ones are used by claims
_COMPASS = {
    "n": 0.0, "nne": 22.5, "ne": 45.0, "ene": 67.5, "e": 90.0, "ese": 112.5, "se": 135.0, "sse": 157.5,
    "s": 180.0, "ssw": 202.5, "sw": 225.0, "wsw": 247.5, "w": 270.0, "wnw": 292.5, "nw": 315.0, "nnw": 337.5,
}
_WORDS = {"north": "n", "south": "s", "east": "e", "west": "w"}


def inverse(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float, float]:
    """Geodesic inverse on WGS84: (distance km, azimuth 1->2, azimuth 2->1), azimuths in [0, 360)."""
    validate_location(lat1, lon1)
    validate_location(lat2, lon2)
    az1, az2, s12 = _geod().inv(lon1, lat1, lon2, lat2)
    return s12 / 1000.0, az1 % 360.0, az2 % 360.0


def midpoint(lat1: float, lon1: float, lat2: float, lon2: float) -> tuple[float, float]:
    """The point halfway along the geodesic between two points on WGS84: (lat, lon)."""
    km, az1, _ = inverse(lat1, lon1, lat2, lon2)
    lon, lat, _ = _geod().fwd(lon1, lat1, az1, km * 500.0)
    return lat, (lon + 180.0) % 360.0 - 180.0


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance between two points on WGS84, in km."""
    return inverse(lat1, lon1, lat2, lon2)[0]


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Initial geodesic azimuth from point 1 to point 2, degrees clockwise from north in [0, 360)."""
    return inverse(lat1, lon1, lat2, lon2)[1]


def compass_deg(name: str) -> float | None:
    """Azimuth of a compass direction: "north-east", "NNE", "south west", "W" -> degrees, or None."""
    s = name.strip().lower().replace("-", " ").replace("_", " ")
    parts = s.split()
    if all(p in _WORDS for p in parts) and 1 <= len(parts) <= 3:
        key = "".join(_WORDS[p] for p in parts)
    elif len(parts) == 1 and all(ch in "nsew" for ch in s):
        key = s
    else:
        words = [w for w in ("north", "south", "east", "west") if w in s]
        joined = s.replace(" ", "")
        key = joined
        for w in ("north", "south", "east", "west"):
            key = key.replace(w, _WORDS[w])
        if not words or any(ch not in "nsew" for ch in key):
            return None
    return _COMPASS.get(key)


def angle_diff(a: float, b: float) -> float:
    """Smallest absolute difference between two azimuths, in [0, 180]."""
    d = abs(a - b) % 360.0
    return 360.0 - d if d > 180.0 else d


def unit_vectors(lonlat: np.ndarray) -> np.ndarray:
    """Unit vectors (x, y, z) on the sphere of (n, 2) lon/lat degrees: chords give central angles cheaply."""
    import numpy as np

    lon = np.radians(lonlat[:, 0])
    lat = np.radians(lonlat[:, 1])
    c = np.cos(lat)
    return np.column_stack([c * np.cos(lon), c * np.sin(lon), np.sin(lat)])


@dataclass
class BorderLines:
    """Polylines (a land border, a coast) as lon/lat vertices, with precomputed unit vectors.

    ``coords`` is (n, 2) lon/lat; ``seg_start`` indexes the first vertex of every segment
    (segment i runs from vertex seg_start[i] to seg_start[i]+1); ``seg_pair`` indexes ``pairs``,
    the country pair of each segment; ``seg_half_rad`` is half the segment's spherical length in
    radians; ``seg_disputed`` indexes the data's disputed areas (-1 when not disputed).
    """

    coords: np.ndarray
    xyz: np.ndarray
    seg_start: np.ndarray
    seg_pair: np.ndarray
    seg_half_rad: np.ndarray
    seg_disputed: np.ndarray
    pairs: list[tuple[str, str]] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return len(self.seg_start) == 0

    def without_disputed(self) -> BorderLines:
        """The same lines without the segments that bound a disputed area."""
        keep = self.seg_disputed < 0
        return BorderLines(coords=self.coords, xyz=self.xyz, seg_start=self.seg_start[keep],
                           seg_pair=self.seg_pair[keep], seg_half_rad=self.seg_half_rad[keep],
                           seg_disputed=self.seg_disputed[keep], pairs=self.pairs)


@dataclass(frozen=True)
class NearestPoint:
    """The nearest point of a line to a point, with the geodesic distance and azimuths."""

    lat: float
    lon: float
    distance_km: float
    azimuth_deg: float  # from the query point to the nearest point
    back_azimuth_deg: float  # from the nearest point to the query point
    pair: tuple[str, str] | None = None  # the country pair of the border segment
    disputed: int = -1  # index of the disputed area the segment bounds, -1 if none


def nearest_on_lines(lat: float, lon: float, lines: BorderLines) -> NearestPoint | None:
    """Nearest point of ``lines`` to (lat, lon), measured on the ellipsoid; None if no lines.

    1. Candidate segments from unit vectors (cheap, spherical): every segment whose nearer end is
       within (nearest vertex distance + half the segment length) of the point, with a 1% margin for
       the sphere-vs-ellipsoid difference. The true nearest segment is always among them.
    2. Their vertices in the AEQD projection centred on the point (geodesic azimuth + distance).
    3. The nearest point of each candidate segment to the origin in that plane; the smallest wins.
    4. Back to lon/lat by the geodesic direct problem, confirmed by a geodesic inverse.

    The per-call geodesic problems use ``pyproj.Geod`` (PROJ's C port of Karney's geographiclib
    algorithms): same results as geographiclib's Python package, ~20x faster.
    """
    validate_location(lat, lon)
    if lines.empty:
        return None
    import numpy as np

    geod = _geod()
    cl, sl = math.cos(math.radians(lat)), math.sin(math.radians(lat))
    p = np.array([cl * math.cos(math.radians(lon)), cl * math.sin(math.radians(lon)), sl])
    s0 = lines.seg_start
    d = lines.xyz - p  # chord to every vertex of these lines (small arrays: one border)
    ang = 2.0 * np.arcsin(np.minimum(np.sqrt(np.einsum("ij,ij->i", d, d)) * 0.5, 1.0))
    near_end = np.minimum(ang[s0], ang[s0 + 1])
    best = float(near_end.min())
    cand = np.flatnonzero(near_end <= best * 1.01 + lines.seg_half_rad * 1.01 + 1e-9)
    starts = s0[cand]
    k_c = len(cand)
    lonlat = lines.coords[np.concatenate([starts, starts + 1])]
    n2 = 2 * k_c  # few points: plain lists are cheaper than arrays for pyproj here
    az, _, dist = geod.inv([lon] * n2, [lat] * n2, lonlat[:, 0].tolist(), lonlat[:, 1].tolist())
    az = np.radians(np.asarray(az))
    dist = np.asarray(dist)
    x = dist * np.sin(az)
    y = dist * np.cos(az)
    ax, ay = x[:k_c], y[:k_c]
    bx, by = x[k_c:], y[k_c:]
    dx, dy = bx - ax, by - ay
    ll = dx * dx + dy * dy
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(ll > 0, -(ax * dx + ay * dy) / ll, 0.0)
    t = np.clip(t, 0.0, 1.0)
    px, py = ax + t * dx, ay + t * dy
    d2 = px * px + py * py
    k = int(np.argmin(d2))
    s_m = math.sqrt(float(d2[k]))
    if s_m < 1e-3:  # the point is on the line
        nlat, nlon = lat, lon
    else:
        azi = math.degrees(math.atan2(float(px[k]), float(py[k])))
        nlon, nlat, _ = geod.fwd(lon, lat, azi, s_m)
    # confirmation by a geodesic inverse: the distance and azimuths we report
    az1, az2, s12 = geod.inv(lon, lat, nlon, nlat)
    seg = int(cand[k])
    pair_ix = int(lines.seg_pair[seg])
    return NearestPoint(lat=nlat, lon=nlon, distance_km=s12 / 1000.0,
                        azimuth_deg=az1 % 360.0, back_azimuth_deg=az2 % 360.0,
                        pair=tuple(lines.pairs[pair_ix]) if lines.pairs else None,
                        disputed=int(lines.seg_disputed[seg]))
