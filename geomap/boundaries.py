"""Country outlines and shared land borders (Natural Earth 1:10m admin-0), found by name or code.

The packaged file ``data/boundaries_admin0_10m.json.gz`` (rebuilt by ``data/build/build_boundaries.py``)
holds the quantized arcs of the Natural Earth topology, one record per country and the arcs each
pair of countries shares. The first load decodes it (about 1-2 s) and writes a prepared cache of
numpy arrays and WKB in ``cache_dir()``, keyed by the data version and the file's hash; later
loads read that cache (well under 0.3 s, see ``benchmarks/bench_claims.py``).

    >>> b = get_boundaries()
    >>> b.code_for("Russian")            # name, demonym, alias or ISO code
    'RU'
    >>> lines = b.border("RU", "UA")     # BorderLines of the shared land border
    >>> b.country_at(49.99, 36.23)       # which outline contains a point
    'UA'

Precision: Natural Earth 1:10m, quantized by world-atlas to 0.0036 deg of longitude by
0.0017 deg of latitude (about 0.2-0.4 km): a border measured on it is good to a few hundred metres.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ._once import process_wide
from ._paths import cache_dir, data_file, mark_used, prune_unused
from .errors import DataError
from .geodesy import KM_PER_DEGREE, BorderLines, unit_vectors

__all__ = ["BorderLines", "Boundaries", "Country", "DisputedArea", "get_boundaries", "load_boundaries"]

DATA_NAME = "boundaries_admin0_10m.json.gz"
COAST = "sea"  # the second member of a coast's pair: ("LY", "sea") is Libya's coastline
PRECISION_KM = 0.5  # 1:10m generalisation + world-atlas quantization (about 0.2-0.4 km)
_CACHE_FORMAT = 5  # bump whenever the prepared arrays or metadata change


@dataclass(frozen=True)
class Country:
    key: str
    code: str | None
    name: str
    demonym: str | None
    aliases: tuple[str, ...]
    iso: bool
    capital: dict | None = None  # {"name", "lat", "lon", "geonameid", "population"}: GeoNames point


@dataclass(frozen=True)
class DisputedArea:
    name: str
    drawn_as: str
    drawn_as_name: str
    claimed_by: tuple[str, ...]
    note: str

    def view(self) -> str:
        """One sentence saying which view the data takes."""
        return (f"{self.name} is drawn as part of {self.drawn_as_name} ({self.drawn_as}) in this data "
                f"({self.note})")


# ----------------------------------------------------------------------------- topology helpers
# (shared with data/build/build_boundaries.py)


def decode_arcs(arcs: list, transform: dict) -> list[np.ndarray]:
    """Absolute lon/lat arrays of delta-encoded, quantized TopoJSON arcs."""
    sx, sy = transform["scale"]
    tx, ty = transform["translate"]
    out = []
    for arc in arcs:
        q = np.cumsum(np.asarray(arc, dtype=np.int64).reshape(-1, 2), axis=0)
        out.append(np.column_stack([q[:, 0] * sx + tx, q[:, 1] * sy + ty]))
    return out


def ring_coords(ring: Iterable[int], arcs: list[np.ndarray]) -> np.ndarray:
    """Coordinates of a ring made of arc references (~i is arc i reversed)."""
    parts = []
    for n, i in enumerate(ring):
        a = arcs[i] if i >= 0 else arcs[~i][::-1]
        parts.append(a if n == 0 else a[1:])
    return np.concatenate(parts) if parts else np.empty((0, 2))


def shape_of(polygons: list, arcs: list[np.ndarray]):
    """A valid shapely (Multi)Polygon from TopoJSON polygon arc references.

    Rings that quantization collapsed to fewer than 4 vertices (tiny islets) are dropped.
    """
    from shapely import make_valid
    from shapely.geometry import MultiPolygon, Polygon

    parts = []
    for poly in polygons:
        shell = ring_coords(poly[0], arcs)
        if len(shell) < 4:
            continue
        holes = [h for h in (ring_coords(r, arcs) for r in poly[1:]) if len(h) >= 4]
        part = Polygon(shell, holes)
        if not part.is_valid:  # repair part by part: much faster than the whole multipolygon
            part = make_valid(part)
        parts.append(part)
    # make_valid may return a collection with stray lines: keep the polygons, one per part
    polys = []
    for g in parts:
        for h in getattr(g, "geoms", [g]):
            if h.geom_type == "Polygon":
                polys.append(h)
            elif h.geom_type == "MultiPolygon":
                polys.extend(h.geoms)
    return MultiPolygon(polys)


# ----------------------------------------------------------------------------- the loaded data


class Boundaries:
    """Country records, border polylines per country pair and (lazily) country outlines."""

    def __init__(self, meta: dict, arrays: dict[str, np.ndarray]) -> None:
        self.version: str = meta["version"]
        self.source: str = meta["source"]
        self.precision_km = PRECISION_KM
        self.countries: dict[str, Country] = {
            c["key"]: Country(c["key"], c["code"], c["name"], c["demonym"], tuple(c["aliases"]), c["iso"],
                              c.get("capital"))
            for c in meta["countries"]
        }
        self.disputed = [DisputedArea(d["name"], d["drawn_as"], d["drawn_as_name"], tuple(d["claimed_by"]),
                                      d["note"]) for d in meta["disputed"]]
        self._pairs: list[tuple[str, str]] = [tuple(p) for p in meta["pairs"]]
        self._coords = arrays["coords"]  # unit vectors and half-angles are computed per border asked for
        self._seg_start = arrays["seg_start"]
        self._seg_pair = arrays["seg_pair"]
        self._seg_disputed = arrays["seg_disputed"]
        self._shape_wkb = arrays["shape_wkb"]
        self._shape_off = arrays["shape_off"]
        self._shape_keys: list[str] = meta["shape_keys"]
        self._disputed_keys: list[str] = meta["disputed_shape_keys"]
        self._shape_bounds = arrays["shape_bounds"]
        self._shape_index = {k: i for i, k in enumerate(self._shape_keys)}
        self._shape_cache: dict[int, Any] = {}
        self._disputed_boxes: list | None = None
        self._names = self._name_index()
        self._line_cache: dict[tuple, BorderLines] = {}

    # -- names
    def _name_index(self) -> dict[str, str]:
        idx: dict[str, str] = {}
        for key, c in self.countries.items():
            for n in (c.name, *c.aliases, c.demonym, c.code, key):
                if n:
                    idx.setdefault(n.casefold(), key)
        for key, c in self.countries.items():  # the name itself wins over another's alias
            idx[c.name.casefold()] = key
        return idx

    def code_for(self, text: str | None) -> str | None:
        """Country key for a name, demonym, alias or ISO code ("Russian" -> "RU"), or None.

        Falls back to the gazetteer's ``country_code_for`` when the process has it open.
        """
        if not text:
            return None
        t = text.strip().removeprefix("the ").strip()
        hit = self._names.get(t.casefold())
        if hit is None and t.casefold().endswith("'s"):
            hit = self._names.get(t[:-2].casefold())
        if hit is None:
            cc = None
            try:  # only when the pipeline has opened the gazetteer already: never load it for this
                from .gazetteer import get_gazetteer

                gaz = get_gazetteer.peek()
                cc = gaz.country_code_for(t) if gaz is not None else None
            except Exception:  # gazetteer missing or failing: the table above is enough
                cc = None
            if cc and cc in self.countries:
                hit = cc
        return hit

    def country(self, key: str) -> Country | None:
        return self.countries.get(key)

    def neighbours(self, key: str) -> list[str]:
        """Countries sharing a land border with ``key`` in this data."""
        return sorted({b if a == key else a for a, b in self._pairs if key in (a, b) and COAST not in (a, b)})

    # -- borders
    def coast(self, a: str) -> BorderLines:
        """The coastline of ``a``: its outline minus its land borders (islands included)."""
        return self.border(a, COAST)

    def border(self, a: str, b: str | None = None) -> BorderLines:
        """The land border between ``a`` and ``b``, or every land border of ``a`` when b is None."""
        ck = (a, b)
        if ck in self._line_cache:
            return self._line_cache[ck]
        if b is None:
            want = [i for i, p in enumerate(self._pairs) if a in p and COAST not in p]
        else:
            want = [i for i, p in enumerate(self._pairs) if set(p) == {a, b}]
        lines = self._lines(np.isin(self._seg_pair, want))
        self._line_cache[ck] = lines
        return lines

    def border_in(self, a: str | None, b: str | None, boxes: tuple[tuple[float, float, float, float], ...]
                  ) -> BorderLines:
        """The segments of a border (``a``-``b``; ``b`` = COAST for a coast, ``a`` None for every country's) that
        start inside one of ``boxes`` (lon_min, lat_min, lon_max, lat_max): a sea's shores, part of a line."""
        ck = (a, b, boxes)
        if ck in self._line_cache:
            return self._line_cache[ck]
        want = [i for i, p in enumerate(self._pairs) if (a is None or a in p) and (b is None or b in p)
                and (b == COAST or COAST not in p)]
        xy = self._coords[self._seg_start]
        inside = np.zeros(len(xy), dtype=bool)
        for x0, y0, x1, y1 in boxes:
            inside |= (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
        lines = self._lines(np.isin(self._seg_pair, want) & inside)
        self._line_cache[ck] = lines
        return lines

    def _lines(self, mask: np.ndarray) -> BorderLines:
        """BorderLines of the segments ``mask`` selects."""
        starts = self._seg_start[mask]
        verts = np.unique(np.concatenate([starts, starts + 1]))  # only this border's vertices
        coords = self._coords[verts]
        xyz = unit_vectors(coords)  # for these vertices only: the whole world's 0.1 s is rarely needed
        seg_start = np.searchsorted(verts, starts)
        chord = np.linalg.norm(xyz[seg_start] - xyz[seg_start + 1], axis=1)
        lines = BorderLines(coords=coords, xyz=xyz, seg_start=seg_start, seg_pair=self._seg_pair[mask],
                            seg_half_rad=np.arcsin(np.clip(chord / 2, 0, 1)),  # half of the central angle
                            seg_disputed=self._seg_disputed[mask], pairs=self._pairs)
        return lines

    # -- outlines (each decoded on first use; bounding boxes come with the cache)
    def _shape_at(self, i: int):
        g = self._shape_cache.get(i)
        if g is None:
            import shapely

            off = self._shape_off
            g = shapely.from_wkb(self._shape_wkb[off[i]:off[i + 1]].tobytes())
            shapely.prepare(g)
            self._shape_cache[i] = g
        return g

    def shape(self, key: str):
        """The shapely outline of a country (or of a disputed area: ``"disputed:" + name``)."""
        i = self._shape_index.get(key)
        return None if i is None else self._shape_at(i)

    def _candidates(self, lat: float, lon: float, margin: float = 0.0) -> np.ndarray:
        bb = self._shape_bounds
        return np.flatnonzero((bb[:, 0] - margin <= lon) & (lon <= bb[:, 2] + margin)
                              & (bb[:, 1] - margin <= lat) & (lat <= bb[:, 3] + margin))

    def country_at(self, lat: float, lon: float) -> str | None:
        """Key of the country whose outline contains the point, or None (sea, no data)."""
        import shapely

        pt = shapely.Point(lon, lat)
        for i in self._candidates(lat, lon):
            key = self._shape_keys[i]
            if key in self.countries and self._shape_at(int(i)).contains(pt):
                return key
        return None

    def disputed_at(self, lat: float, lon: float, *, within_km: float = 1.0) -> DisputedArea | None:
        """The disputed area containing the point (or within ``within_km`` of it), or None."""
        import shapely

        if self._disputed_boxes is None:
            self._disputed_boxes = []
            for d in self.disputed:
                i = self._shape_index.get("disputed:" + d.name)
                if i is not None:
                    self._disputed_boxes.append((d, i, tuple(self._shape_bounds[i])))
        tol_deg = within_km / KM_PER_DEGREE / max(math.cos(math.radians(lat)), 0.05)  # a generous margin
        pt = None
        for d, i, (x0, y0, x1, y1) in self._disputed_boxes:
            if not (x0 - tol_deg <= lon <= x1 + tol_deg and y0 - tol_deg <= lat <= y1 + tol_deg):
                continue
            pt = pt or shapely.Point(lon, lat)
            s = self._shape_at(i)
            if s.contains(pt) or s.distance(pt) <= tol_deg:
                return d
        return None


# ----------------------------------------------------------------------------- loading + cache


def _prepare(raw: dict) -> tuple[dict, dict[str, np.ndarray]]:
    """Decode the packaged file into border arrays, outlines as WKB and metadata."""
    import shapely
    from shapely.geometry import Point

    arcs = decode_arcs(raw["arcs"], raw["transform"])
    shapes = {c["key"]: shape_of(c["polygons"], arcs) for c in raw["countries"]}
    # disputed areas: the part of the drawing entity that contains the test point
    disputed_shapes = {}
    for d in raw["disputed"]:
        if not d.get("area", True):
            continue
        whole = shapes[d["drawn_as"]]
        pt = Point(d["point"])
        parts = getattr(whole, "geoms", [whole])
        area = next((p for p in parts if p.contains(pt)), whole)
        disputed_shapes["disputed:" + d["name"]] = area

    pairs: list[tuple[str, str]] = []
    coords: list[np.ndarray] = []
    seg_start: list[np.ndarray] = []
    seg_pair: list[np.ndarray] = []
    seg_disp: list[np.ndarray] = []
    n_vertices = [0]

    def add_arc(a: np.ndarray, pair: int, disputed: int) -> None:
        """One arc's vertices and its segments, each tagged with its pair and disputed area."""
        start, k = n_vertices[0], len(a) - 1
        coords.append(a)
        seg_start.append(np.arange(start, start + k, dtype=np.int64))
        seg_pair.append(np.full(k, pair, dtype=np.int32))
        seg_disp.append(np.full(k, disputed, dtype=np.int16))
        n_vertices[0] = start + len(a)

    for pi, b in enumerate(raw["borders"]):
        pairs.append((b["a"], b["b"]))
        for ai in b["arcs"]:
            a = arcs[ai]
            if len(a) < 2:
                continue
            # an arc is disputed when its midpoint lies on a disputed area's outline
            mid = Point(a[len(a) // 2])
            flag = -1
            for di, d in enumerate(raw["disputed"]):
                area = disputed_shapes.get("disputed:" + d["name"])
                if area is None or d["drawn_as"] not in (b["a"], b["b"]):
                    continue
                if area.distance(mid) < 1e-6:
                    flag = di
                    break
            add_arc(a, pi, flag)
    # coasts: the arcs of a country's outline that no land border uses
    border_arcs = {ai for b in raw["borders"] for ai in b["arcs"]}
    for c in raw["countries"]:
        used = {i if i >= 0 else ~i for poly in c["polygons"] for ring in poly for i in ring}
        coast = sorted(used - border_arcs)
        if not coast:
            continue
        pi = len(pairs)
        pairs.append((c["key"], COAST))
        for ai in coast:
            a = arcs[ai]
            if len(a) < 2:
                continue
            add_arc(a, pi, -1)
    all_shapes = {**shapes, **disputed_shapes}
    keys = list(all_shapes)
    blobs = [shapely.to_wkb(all_shapes[k]) for k in keys]
    off = np.cumsum([0] + [len(x) for x in blobs]).astype(np.int64)
    arrays = {
        "coords": np.concatenate(coords),
        "seg_start": np.concatenate(seg_start),
        "seg_pair": np.concatenate(seg_pair),
        "seg_disputed": np.concatenate(seg_disp),
        "shape_wkb": np.frombuffer(b"".join(blobs), dtype=np.uint8),
        "shape_off": off,
        "shape_bounds": np.array([all_shapes[k].bounds for k in keys], dtype=float).reshape(-1, 4),
    }
    meta = {
        "version": raw["version"],
        "source": raw["source"],
        "countries": [{k: c.get(k) for k in ("key", "code", "name", "demonym", "aliases", "iso", "capital")}
                      for c in raw["countries"]],
        "disputed": raw["disputed"],
        "pairs": pairs,
        "shape_keys": keys,
        "disputed_shape_keys": list(disputed_shapes),
    }
    return meta, arrays


def _cache_paths(src: Path) -> tuple[Path, Path]:
    h = hashlib.sha256()
    with open(src, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    tag = f"boundaries-v{_CACHE_FORMAT}-{h.hexdigest()[:16]}"
    d = cache_dir()
    return d / f"{tag}.json", d / f"{tag}.npz"


def load_boundaries(path: str | Path | None = None, *, use_cache: bool = True) -> Boundaries:
    """Load the boundary data, from the prepared cache when there is one (building it if not)."""
    from ._atomic import atomic_path

    src = Path(path) if path else data_file(DATA_NAME)
    meta_p = arr_p = None
    if use_cache:
        try:
            meta_p, arr_p = _cache_paths(src)
            if meta_p.exists() and arr_p.exists():
                with np.load(arr_p, allow_pickle=False) as z:
                    arrays = {k: z[k] for k in z.files}
                meta = json.loads(meta_p.read_text(encoding="utf-8"))
                loaded = Boundaries(meta, arrays)
                mark_used(meta_p)
                mark_used(arr_p)
                return loaded
        except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile):
            pass  # a truncated or garbled cache: rebuilt (and replaced) below
    try:
        with gzip.open(src, "rb") as fh:
            raw = json.loads(fh.read())
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read boundary data {src}: {err}") from err
    meta, arrays = _prepare(raw)
    if use_cache and meta_p is not None:
        try:
            with atomic_path(arr_p) as tmp:
                with open(tmp, "wb") as fh:
                    np.savez(fh, **arrays)
            with atomic_path(meta_p) as tmp:
                tmp.write_text(json.dumps(meta), encoding="utf-8")
            for pattern, keep in (("boundaries-v*-*.json", meta_p), ("boundaries-v*-*.npz", arr_p)):
                prune_unused(meta_p.parent, pattern, keep)  # other data versions, once unused for a month
        except Exception:  # a read-only cache folder only costs speed
            pass
    return Boundaries(meta, arrays)


@process_wide
def get_boundaries() -> Boundaries:
    """The process-wide boundary data, loaded once on first use."""
    return load_boundaries()


# ----------------------------------------------------------------------------- US state lines

US_STATES_NAME = "us_states_10m.json.gz"
US_STATES_PRECISION_KM = 1.0  # Census 1:10,000,000 cartographic boundaries, quantized by us-atlas


class StateLines:
    """US states (Census 1:10m cartographic boundaries via us-atlas 3.0.1): names, outlines, state lines."""

    def __init__(self, raw: dict) -> None:
        self.version: str = raw["version"]
        arcs = decode_arcs(raw["arcs"], raw["transform"])
        self.names: dict[str, str] = {s["key"]: s["name"] for s in raw["states"]}
        self._index: dict[str, str] = {}
        for s in raw["states"]:
            for n in (s["name"], s["postal"], s["abbr"], s["abbr"] and s["abbr"].rstrip(".")):
                if n:
                    self._index[n.casefold()] = s["key"]
        self._polygons = {s["key"]: s["polygons"] for s in raw["states"]}
        self._arcs = arcs
        self._shapes: dict[str, Any] = {}
        self._pairs: list[tuple[str, str]] = [(ln["a"], ln["b"]) for ln in raw["lines"]]
        coords, starts, seg_pair, n = [], [], [], 0
        for pi, ln in enumerate(raw["lines"]):
            for ai in ln["arcs"]:
                a = arcs[ai]
                if len(a) < 2:
                    continue
                coords.append(a)
                starts.append(np.arange(n, n + len(a) - 1, dtype=np.int64))
                seg_pair.append(np.full(len(a) - 1, pi, dtype=np.int32))
                n += len(a)
        self._coords = np.concatenate(coords)
        self._seg_start = np.concatenate(starts)
        self._seg_pair = np.concatenate(seg_pair)
        self._xyz = unit_vectors(self._coords)
        chord = np.linalg.norm(self._xyz[self._seg_start] - self._xyz[self._seg_start + 1], axis=1)
        self._seg_half = np.arcsin(np.clip(chord / 2, 0, 1))
        self._bounds = {}
        for key, polygons in self._polygons.items():
            v = np.vstack([arcs[i if i >= 0 else ~i] for poly in polygons for ring in poly for i in ring])
            self._bounds[key] = (v[:, 0].min(), v[:, 1].min(), v[:, 0].max(), v[:, 1].max())

    def key_for(self, text: str | None) -> str | None:
        """State key ("US-MT") for a name, postal code or newspaper abbreviation ("Montana", "MT", "Mont.")."""
        if not text:
            return None
        return self._index.get(text.strip().removeprefix("the ").strip().casefold())

    def state_at(self, lat: float, lon: float) -> str | None:
        """Key of the state whose outline contains the point, or None."""
        import shapely

        pt = shapely.Point(lon, lat)
        for key, (x0, y0, x1, y1) in self._bounds.items():
            if x0 <= lon <= x1 and y0 <= lat <= y1:
                shape = self._shapes.get(key)
                if shape is None:
                    shape = self._shapes[key] = shape_of(self._polygons[key], self._arcs)
                if shape.contains(pt):
                    return key
        return None

    def border(self, a: str, b: str | None = None) -> BorderLines:
        """The state line between ``a`` and ``b``, or all state lines of ``a`` when b is None."""
        want = [i for i, p in enumerate(self._pairs) if a in p and (b is None or b in p)]
        mask = np.isin(self._seg_pair, want)
        starts = self._seg_start[mask]
        verts = np.unique(np.concatenate([starts, starts + 1]))
        return BorderLines(coords=self._coords[verts], xyz=self._xyz[verts], seg_start=np.searchsorted(verts, starts),
                           seg_pair=self._seg_pair[mask], seg_half_rad=self._seg_half[mask],
                           seg_disputed=np.full(int(mask.sum()), -1, dtype=np.int16), pairs=self._pairs)


@process_wide
def get_us_states() -> StateLines:
    """The process-wide US state data, loaded once on first use (about 0.1 s)."""
    src = data_file(US_STATES_NAME)
    try:
        with gzip.open(src, "rb") as fh:
            raw = json.loads(fh.read())
    except (OSError, ValueError) as err:
        raise DataError(f"cannot read US state data {src}: {err}") from err
    return StateLines(raw)
