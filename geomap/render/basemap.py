"""Offline context for a map at town scale: 1:10m country outlines and the names of major towns.

Every map carries the light 1:110m world outlines (``assets.basemap_json``); at town zoom those are
kilometres off and show nothing but a beige square. So each map also carries, for the area a reader
is likely to look at (the opening view, generously padded: :func:`geomap.render.view.padded`):

- the 1:10m country outlines of ``data/boundaries_admin0_10m.json.gz`` (the data the border claims
  are measured on, through :mod:`geomap.boundaries` and its cache), clipped to that area and
  simplified to what the area's scale can show;
- the towns of ``data/basemap_cities.tsv.gz`` (GeoNames populated places of 15,000 people or more,
  and every capital) inside it, each with its population so the script names large towns first and
  smaller ones as the reader zooms in.

- the first-level division lines of ``data/basemap_admin1_lines.tsv.gz`` (Natural Earth 1:10m
  admin-1, where two provinces, states or oblasts of one country meet), clipped the same way.

Everything is read once per process.
"""

from __future__ import annotations

import functools
import gzip
from typing import Any, NamedTuple

import numpy as np

from ..errors import DataError

CITIES_FILE = "basemap_cities.tsv.gz"
DIVISIONS_FILE = "basemap_admin1_lines.tsv.gz"
MAX_CITIES = 1500  # per map: beyond this, the smallest towns of a wide area are left out
SIMPLIFY_PER_DEGREE = 1 / 4000  # outline tolerance: the area's width / 4000 (about the data's own 0.0036 deg step in a 15 deg area)
COORD_DIGITS = 4  # about 10 m: the 1:10m data is good to a few hundred metres


class Town(NamedTuple):
    """A basemap town name: where it is and how many live there (for its label's minimum zoom)."""

    name: str
    lat: float
    lon: float
    population: int
    capital: bool


class Outlines(NamedTuple):
    """The 1:10m country outlines (shapely geometries) and the bounding box of each."""

    shapes: list
    boxes: np.ndarray  # (n, 4): west, south, east, north


@functools.cache
def _outlines() -> Outlines:
    """The outlines held by :mod:`geomap.boundaries` (already loaded when a claim was measured)."""
    from ..boundaries import get_boundaries

    data = get_boundaries()
    shapes = [g for g in (data.shape(key) for key in data.countries) if g is not None and not g.is_empty]
    return Outlines(shapes, np.array([g.bounds for g in shapes]))


def detail_outlines(region: tuple[float, float, float, float]) -> dict[str, Any]:
    """The 1:10m land of ``region`` (west, south, east, north) as a GeoJSON MultiPolygon geometry."""
    import shapely

    west, south, east, north = region
    data = _outlines()
    b = data.boxes
    hit = np.flatnonzero((b[:, 0] <= east) & (b[:, 2] >= west) & (b[:, 1] <= north) & (b[:, 3] >= south))
    if not len(hit):
        return {"type": "MultiPolygon", "coordinates": []}
    tolerance = max(east - west, north - south) * SIMPLIFY_PER_DEGREE
    shapes = np.array([data.shapes[i] for i in hit], dtype=object)
    clipped = shapely.simplify(shapely.clip_by_rect(shapes, west, south, east, north), tolerance,
                               preserve_topology=True)
    parts = shapely.get_parts(clipped)
    parts = parts[(shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)]  # 3: Polygon
    polygons: list = []
    for poly in parts:
        rings = _coordinate_lists(shapely.get_rings(poly))
        if rings and len(rings[0]) >= 4:
            polygons.append(rings)
    return {"type": "MultiPolygon", "coordinates": polygons}


def _coordinate_lists(geoms: np.ndarray) -> list[list[list[float]]]:
    """The coordinates of each geometry, rounded to COORD_DIGITS, repeated points dropped."""
    import shapely

    coords, index = shapely.get_coordinates(geoms, return_index=True)
    if not len(coords):
        return []
    coords = np.round(coords, COORD_DIGITS)
    keep = np.ones(len(coords), dtype=bool)
    keep[1:] = np.any(coords[1:] != coords[:-1], axis=1) | (index[1:] != index[:-1])
    coords, index = coords[keep], index[keep]
    starts = np.flatnonzero(np.r_[True, index[1:] != index[:-1]])
    return [chunk.tolist() for chunk in np.split(coords, starts[1:])]


class DivisionLines(NamedTuple):
    """First-level division lines: the bounding box of each (west, south, east, north) and its points
    as text (``"lon,lat lon,lat ..."``), parsed only when a map needs that line."""

    boxes: np.ndarray
    points: list[str]


@functools.cache
def _division_lines() -> DivisionLines:
    from .._paths import data_file

    boxes, points = [], []
    try:
        with gzip.open(data_file(DIVISIONS_FILE), "rt", encoding="utf-8") as fh:
            for row in fh:
                if row.startswith("#"):
                    continue
                west, south, east, north, pts = row.rstrip("\n").split("\t")
                boxes.append((float(west), float(south), float(east), float(north)))
                points.append(pts)
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read the map's division lines {DIVISIONS_FILE}: {err}") from err
    return DivisionLines(np.array(boxes), points)


def division_lines(region: tuple[float, float, float, float]) -> dict[str, Any]:
    """The first-level division lines inside ``region`` as a GeoJSON MultiLineString geometry."""
    import shapely

    west, south, east, north = region
    data = _division_lines()
    b = data.boxes
    hit = np.flatnonzero((b[:, 0] <= east) & (b[:, 2] >= west) & (b[:, 1] <= north) & (b[:, 3] >= south))
    if not len(hit):
        return {"type": "MultiLineString", "coordinates": []}
    points = [np.array(data.points[i].replace(",", " ").split(), dtype=float).reshape(-1, 2) for i in hit]
    lines = shapely.linestrings(np.concatenate(points), indices=np.repeat(np.arange(len(points)),
                                                                            [len(p) for p in points]))
    tolerance = max(east - west, north - south) * SIMPLIFY_PER_DEGREE
    parts = shapely.get_parts(shapely.simplify(shapely.clip_by_rect(lines, west, south, east, north), tolerance))
    parts = parts[(shapely.get_type_id(parts) == 1) & ~shapely.is_empty(parts)]  # 1: LineString
    return {"type": "MultiLineString", "coordinates": [c for c in _coordinate_lists(parts) if len(c) >= 2]}


@functools.cache
def _town_rows() -> tuple[str, ...]:
    """The rows of the town file, most populous first (the file's order), parsed only when needed."""
    from .._paths import data_file

    try:
        with gzip.open(data_file(CITIES_FILE), "rt", encoding="utf-8") as fh:
            return tuple(line for line in fh.read().splitlines() if line and not line.startswith("#"))
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read the map's town names {CITIES_FILE}: {err}") from err


def towns_in(region: tuple[float, float, float, float], limit: int = MAX_CITIES) -> list[Town]:
    """The most populous towns inside ``region`` (west, south, east, north), largest first."""
    west, south, east, north = region
    out = []
    for row in _town_rows():
        try:
            name, lat_text, lon_text, population, capital = row.split("\t")
            lat, lon = float(lat_text), float(lon_text)
            if south <= lat <= north and west <= lon <= east:
                out.append(Town(name, lat, lon, int(population), capital == "1"))
        except ValueError as err:
            raise DataError(f"damaged row in the map's town names {CITIES_FILE}: {row[:80]!r}") from err
        if len(out) >= limit:
            break
    return out


def map_context(region: tuple[float, float, float, float] | None) -> dict[str, Any] | None:
    """What the map script draws under the data: the area, its detailed land and its town names."""
    if region is None:
        return None
    return {
        "region": [round(v, 3) for v in region],
        "land": detail_outlines(region),
        "divisions": division_lines(region),
        "towns": [[t.name, t.lat, t.lon, t.population, int(t.capital)] for t in towns_in(region)],
    }
