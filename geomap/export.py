"""Exports of analyses: GeoJSON (RFC 7946), GeoPackage (one layer per kind) and ACLED-like CSV.

Every output is a view of the :class:`~geomap.model.Analysis` objects and is written atomically:
an existing file is replaced only when the new one is complete. Records that cannot be placed
(an incident with no resolvable place, a claim without a located subject) are kept with a null
geometry and null coordinates, never dropped.
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from ._atomic import atomic_open, atomic_path
from .errors import GeomapError, OutputError
from .model import Analysis, Place

__all__ = [
    "LAYERS", "FORMATS", "CSV_COLUMNS", "format_for_path", "export", "feature_collection", "write_geojson",
    "write_gpkg", "write_csv", "incident_rows", "places_features", "incidents_features", "claims_features",
]

LAYERS = ("incidents", "places", "claims")
FORMATS = ("geojson", "gpkg", "csv")
# ACLED's column names, in ACLED's order; geomap's own columns follow them.
CSV_COLUMNS = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "country", "admin1",
               "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "injuries")
CSV_EXTRA = ("event_id", "doc_id", "publication_date", "status", "date_end", "date_text", "time_of_day", "actors",
             "country_code", "place_text", "flags")
_SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".csv": "csv"}


def format_for_path(path: str | os.PathLike) -> str | None:
    """The export format a file name implies (``.geojson``/``.json``, ``.gpkg``, ``.csv``), if any."""
    return _SUFFIXES.get(Path(path).suffix.lower())


# ----------------------------------------------------------------------------- records


def _point(lat: Any, lon: Any) -> list[float] | None:
    """[lon, lat] (RFC 7946 order) when both are finite and in range, else None."""
    if lat is None or lon is None:
        return None
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        return None
    if not (math.isfinite(la) and math.isfinite(lo)) or abs(la) > 90 or abs(lo) > 180:
        return None
    return [lo, la]


def _doc_props(a: Analysis) -> dict[str, Any]:
    d = a.document
    return {"doc_id": d.id, "doc_date": d.date.isoformat() if d.date else None, "source": d.source}


def _as_dict(obj: Any) -> dict[str, Any]:
    return obj if isinstance(obj, dict) else obj.to_dict()


def _iter_incidents(analyses: Iterable[Analysis]) -> Iterator[tuple[Analysis, dict[str, Any]]]:
    for a in analyses:
        for inc in a.incidents:
            yield a, _as_dict(inc)


def _feature(fid: Any, coords: list[float] | None, props: dict[str, Any]) -> dict[str, Any]:
    geom = {"type": "Point", "coordinates": coords} if coords is not None else None
    return {"type": "Feature", "id": fid, "geometry": geom, "properties": props}


def places_features(analyses: Iterable[Analysis], *, unresolved: bool = False) -> list[dict]:
    """Point features of the resolved places (and, with ``unresolved``, null-geometry ones for the rest)."""
    feats = []
    for a in analyses:
        base = _doc_props(a)
        for k, p in enumerate(a.places, 1):
            coords = _point(p.lat, p.lon)
            if coords is None and not unresolved:
                continue
            props = {"layer": "place", **base, **p.to_dict()}
            feats.append(_feature(f"{a.id}-p{k}", coords, props))
    return feats


def incidents_features(analyses: Iterable[Analysis]) -> list[dict]:
    """One feature per incident: a Point at its place, or a null geometry when it has none."""
    feats = []
    for a, d in _iter_incidents(analyses):
        place = d.get("place") or {}
        cas = d.get("casualties") or {}
        props = {"layer": "incident", **_doc_props(a), **d,
                 "place_name": place.get("name") or place.get("text"), "country_code": place.get("country_code"),
                 "admin1": place.get("admin1"), "killed": cas.get("killed"), "injured": cas.get("injured")}
        feats.append(_feature(d.get("id"), _point(place.get("lat"), place.get("lon")), props))
    return feats


def claims_features(analyses: Iterable[Analysis]) -> list[dict]:
    """One feature per claim: a Point at its subject, or a null geometry when the subject is unknown."""
    feats = []
    for a in analyses:
        base = _doc_props(a)
        for k, c in enumerate(a.claims, 1):
            d = _as_dict(c)
            subj = d.get("subject") or {}
            props = {"layer": "claim", **base, **d}
            feats.append(_feature(f"{a.id}-c{k}", _point(subj.get("lat"), subj.get("lon")), props))
    return feats


_FEATURE_BUILDERS = {"incidents": incidents_features, "places": places_features, "claims": claims_features}


def _check_layers(layers: Sequence[str]) -> tuple[str, ...]:
    bad = [x for x in layers if x not in LAYERS]
    if bad:
        raise GeomapError(f"unknown layer(s) {', '.join(bad)}; choose from {', '.join(LAYERS)}")
    return tuple(dict.fromkeys(layers))


def feature_collection(analyses: Sequence[Analysis], *, layers: Sequence[str] = LAYERS) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: WGS84 longitude/latitude, no ``crs`` member, a ``bbox`` when
    anything is located. Features carry their kind in the ``layer`` property."""
    feats: list[dict] = []
    for layer in _check_layers(layers):
        feats.extend(_FEATURE_BUILDERS[layer](analyses))
    fc: dict[str, Any] = {"type": "FeatureCollection"}
    pts = [f["geometry"]["coordinates"] for f in feats if f["geometry"] is not None]
    if pts:
        lons = [p[0] for p in pts]
        lats = [p[1] for p in pts]
        fc["bbox"] = [min(lons), min(lats), max(lons), max(lats)]
    fc["features"] = feats
    return fc


def _finite(obj: Any) -> Any:
    """A copy with NaN and infinite floats replaced by None (null)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: _finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_finite(v) for v in obj]
    return obj


def write_geojson(analyses: Iterable[Analysis], path: str | os.PathLike, *,
                  layers: Sequence[str] = ("places",)) -> int:
    """Write an RFC 7946 FeatureCollection of the given layers atomically; returns the feature count."""
    fc = feature_collection(list(analyses), layers=layers)
    try:
        data = json.dumps(fc, ensure_ascii=False, allow_nan=False, default=str)  # one-shot: the C encoder
    except ValueError:  # a NaN or infinity somewhere in the properties: JSON has no such numbers
        data = json.dumps(_finite(fc), ensure_ascii=False, allow_nan=False, default=str)
    with atomic_open(path) as fh:
        fh.write(data)
    return len(fc["features"])


# ----------------------------------------------------------------------------- flat tables


def _flatten(d: dict[str, Any], prefix: str = "", out: dict[str, Any] | None = None) -> dict[str, Any]:
    """Scalar columns from a nested record: sub-dicts become prefix_key, lists of scalars "a; b"."""
    out = {} if out is None else out
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            _flatten(v, f"{key}_", out)
        elif isinstance(v, (list, tuple)):
            if all(isinstance(x, (str, int, float)) for x in v):
                out[key] = "; ".join(str(x) for x in v) if v else None
            else:
                out[key] = json.dumps(v, ensure_ascii=False, default=str)
        else:
            out[key] = v
    return out


def _layer_rows(layer: str, analyses: Sequence[Analysis]) -> list[tuple[list[float] | None, dict[str, Any]]]:
    rows = []
    for f in _FEATURE_BUILDERS[layer](analyses) if layer != "places" else places_features(analyses, unresolved=True):
        props = dict(f["properties"])
        props.pop("layer", None)
        if layer == "incidents":
            cas = props.pop("casualties", None) or {}  # killed / injured are already top-level properties
            props["casualties_text"] = cas.get("text")
            props.pop("spans", None)
            props["sentences"] = " | ".join(props.get("sentences") or []) or None
        coords = f["geometry"]["coordinates"] if f["geometry"] else None
        rows.append((coords, _flatten(props)))
    return rows


def _fill_admin1(rows: list[dict[str, Any]], lat_key: str, lon_key: str, admin_key: str, cc_key: str) -> None:
    """Fill a missing first-level division (and country code) by offline reverse geocoding.

    Only for town-level places (geo_precision 1 or 2): the point of a country or a region says
    nothing about which division the event was in.
    """
    todo = [r for r in rows if not r.get(admin_key) and r.get("geo_precision") in (1, 2)
            and r.get(lat_key) is not None and r.get(lon_key) is not None]
    if not todo:
        return
    try:
        from .reverse import reverse_many

        batch = reverse_many([r[lat_key] for r in todo], [r[lon_key] for r in todo], max_distance_km=100.0)
    except (ImportError, GeomapError):
        return  # no reverse geocoder or no data: leave admin1 empty
    for i, r in enumerate(todo):
        hit = batch[i]
        if hit is None:
            continue
        if r.get(cc_key) and hit.country_code and hit.country_code != r[cc_key]:
            continue  # the nearest anchor lies across a border: do not guess
        r[admin_key] = hit.admin1
        if not r.get(cc_key):
            r[cc_key] = hit.country_code


# The GeoPackage schema: fixed columns per layer, typed by name, so that every file (and every group
# a batch run appends) has the same fields whatever its records hold; fields a record has beyond
# these go, as JSON, into the "extra" column.
_PLACE_KEYS = tuple(f.name for f in dataclasses.fields(Place)) + ("resolved",)
_DOC_COLUMNS = ("doc_id", "doc_date", "source")
_SCHEMA = {
    "incidents": _DOC_COLUMNS + (
        "id", "type", "sub_type", "status", "date", "date_end", "date_text", "time_precision", "time_of_day")
    + tuple(f"place_{k}" for k in _PLACE_KEYS) + (
        "geo_precision", "country_code", "admin1", "killed", "injured", "casualties_text", "actors",
        "flags", "trigger", "text", "start", "end", "sentences"),
    "places": _DOC_COLUMNS + _PLACE_KEYS,
    "claims": _DOC_COLUMNS + ("text", "start", "end") + tuple(f"subject_{k}" for k in _PLACE_KEYS) + (
        "reference_kind", "reference_text", "reference_start", "reference_end", "reference_name",
        "reference_countries", "reference_point_lat", "reference_point_lon")
    + tuple(f"reference_place_{k}" for k in _PLACE_KEYS) + (
        "value", "value_max", "unit", "claimed_km", "claimed_min_km", "claimed_max_km", "qualifier", "qualifier_text",
        "direction", "direction_deg", "measured_km", "measured_bearing_deg", "verdict", "tolerance_km",
        "accepted_min_km", "accepted_max_km", "alt_measured_km", "rule", "reason", "data", "disputed", "notes"),
}
_INT_NAMES = {"start", "end", "geonameid", "population", "killed", "injured", "time_precision", "geo_precision"}
_FLOAT_NAMES = {"lat", "lon", "confidence", "value", "value_max"}


def _column_kind(col: str) -> str:
    last = col.rsplit("_", 1)[-1]
    if col in _INT_NAMES or (last in ("start", "end", "geonameid", "population") and col != "date_end"):
        return "int"
    if col in _FLOAT_NAMES or last in ("lat", "lon", "km", "deg", "confidence") or col.endswith("_value_max"):
        return "float"
    if last == "resolved":
        return "bool"
    return "str"


def _typed(values: list[Any], kind: str):
    import pandas as pd

    def num(v, cast):
        if v is None or isinstance(v, str) or (isinstance(v, float) and v != v):
            return None
        try:
            return cast(v)
        except (TypeError, ValueError):
            return None

    if kind == "int":
        return pd.array([num(v, int) for v in values], dtype="Int64")
    if kind == "float":
        return pd.array([num(v, float) for v in values], dtype="Float64")
    if kind == "bool":
        return pd.array([None if v is None else bool(v) for v in values], dtype="boolean")
    return pd.array([None if v is None else v if isinstance(v, str) else str(v) for v in values], dtype=object)


def _frame(layer: str, rows: list[tuple[list[float] | None, dict[str, Any]]]):
    """A GeoDataFrame (EPSG:4326) with the layer's fixed schema; null geometry where not located."""
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import shapely

    cols = _SCHEMA[layer]
    known = set(cols)
    data = {c: _typed([r.get(c) for _xy, r in rows], _column_kind(c)) for c in cols}
    extras = []
    for _xy, r in rows:
        extra = {k: v for k, v in r.items() if k not in known and v is not None and k not in _NESTED}
        extras.append(json.dumps(extra, ensure_ascii=False, default=str) if extra else None)
    data["extra"] = pd.array(extras, dtype=object)
    df = pd.DataFrame(data)
    xy = np.array([c if c is not None else (np.nan, np.nan) for c, _r in rows], dtype=float).reshape(-1, 2)
    geoms = shapely.points(xy)
    if len(xy):
        geoms[np.isnan(xy[:, 0])] = None
    return gpd.GeoDataFrame(df, geometry=geoms, crs="EPSG:4326")


_NESTED = ("place", "subject", "reference_point", "reference_place")


def gpkg_frames(analyses: Iterable[Analysis], *, layers: Sequence[str] = LAYERS) -> list[tuple[str, Any]]:
    """(layer, GeoDataFrame) for each requested layer, with the fixed fields every GeoPackage gets."""
    layers = _check_layers(layers)
    analyses = list(analyses)
    frames = []
    for layer in layers:
        rows = _layer_rows(layer, analyses)
        if layer == "incidents":
            _fill_admin1([r for _c, r in rows], "place_lat", "place_lon", "admin1", "country_code")
        frames.append((layer, _frame(layer, rows)))
    return frames


def append_gpkg_frames(frames: list[tuple[str, Any]], path: str | os.PathLike, *, append: bool) -> None:
    """Write (or append) the frames' layers to a GeoPackage file that already has a .gpkg name."""
    import pyogrio

    for layer, gdf in frames:
        if append and not len(gdf):
            continue
        pyogrio.write_dataframe(gdf, path, layer=layer, driver="GPKG", geometry_type="Point", append=append)


def write_gpkg(analyses: Iterable[Analysis], path: str | os.PathLike, *, layers: Sequence[str] = LAYERS) -> dict:
    """Write a GeoPackage (EPSG:4326) with one layer per kind, atomically; returns rows per layer.

    Every requested layer is created, even when empty, with the same fixed fields, so that a QGIS
    project (or a batch run appending groups) can rely on them.
    """
    frames = gpkg_frames(analyses, layers=layers)
    with atomic_path(path) as tmp:
        # GDAL wants a .gpkg name and no pre-existing empty file: write beside, then move into place
        work = tmp.with_name(tmp.name + ".gpkg")
        try:
            append_gpkg_frames(frames, work, append=False)
            os.replace(work, tmp)
        except OSError:
            raise
        except Exception as err:  # GDAL errors come as several exception types
            raise OutputError(f"cannot write GeoPackage {path}: {err}") from err
        finally:
            work.unlink(missing_ok=True)
    return {layer: len(gdf) for layer, gdf in frames}


_COUNTRY_NAMES: dict[str, str] = {}


def _country_name(cc: str | None) -> str | None:
    """The country's name from the embedded gazetteer (the code itself when it is unavailable)."""
    if not cc:
        return None
    if cc not in _COUNTRY_NAMES:
        name = cc
        try:
            from .gazetteer import get_gazetteer

            e = get_gazetteer().country(cc)
            if e is not None:
                name = e.name
        except (ImportError, GeomapError):
            pass
        _COUNTRY_NAMES[cc] = name
    return _COUNTRY_NAMES[cc]


def incident_rows(analyses: Iterable[Analysis]) -> list[dict[str, Any]]:
    """ACLED-like rows (CSV_COLUMNS + CSV_EXTRA) for every incident; None where unknown."""
    rows = []
    for a, d in _iter_incidents(analyses):
        place = d.get("place") or {}
        cas = d.get("casualties") or {}
        coords = _point(place.get("lat"), place.get("lon"))
        actors = d.get("actors") or []
        doc = a.document
        rows.append({
            "event_date": d.get("date"),
            "time_precision": d.get("time_precision"),
            "event_type": d.get("type"),
            "sub_event_type": d.get("sub_type"),
            "actor1": actors[0] if actors else None,
            "country": None,
            "admin1": place.get("admin1"),
            "location": place.get("name") or place.get("text"),
            "latitude": coords[1] if coords else None,
            "longitude": coords[0] if coords else None,
            "geo_precision": d.get("geo_precision"),
            "source": doc.source or doc.id,
            "notes": d.get("text"),
            "fatalities": _finite(cas.get("killed")),
            "injuries": _finite(cas.get("injured")),
            "event_id": d.get("id"),
            "doc_id": doc.id,
            "publication_date": doc.date.isoformat() if doc.date else None,
            "status": d.get("status"),
            "date_end": d.get("date_end"),
            "date_text": d.get("date_text"),
            "time_of_day": d.get("time_of_day"),
            "actors": "; ".join(actors) or None,
            "country_code": place.get("country_code"),
            "place_text": place.get("text"),
            "flags": "; ".join(d.get("flags") or []) or None,
        })
    _fill_admin1(rows, "latitude", "longitude", "admin1", "country_code")
    for r in rows:
        r["country"] = _country_name(r["country_code"])
    return rows


def write_csv(analyses: Iterable[Analysis], path: str | os.PathLike) -> int:
    """Write the incidents as ACLED-like CSV (UTF-8, header row, empty cells for nulls); returns the row count."""
    rows = incident_rows(analyses)
    with atomic_path(path) as tmp:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS + CSV_EXTRA, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
            fh.flush()
            os.fsync(fh.fileno())
    return len(rows)


def export(analyses: Iterable[Analysis], path: str | os.PathLike, fmt: str | None = None, *,
           layers: Sequence[str] = LAYERS) -> dict[str, int]:
    """Export analyses to ``path`` as ``fmt`` (geojson, gpkg, csv; default from the file name).

    Returns the number of records written per layer (CSV holds incidents only).
    """
    fmt = fmt or format_for_path(path)
    if fmt not in FORMATS:
        raise GeomapError(f"cannot tell the export format of {path}; give one of {', '.join(FORMATS)}")
    analyses = list(analyses)
    layers = _check_layers(layers)
    if fmt == "csv":
        return {"incidents": write_csv(analyses, path)}
    if fmt == "gpkg":
        return write_gpkg(analyses, path, layers=layers)
    counts = {layer: len(_FEATURE_BUILDERS[layer](analyses)) for layer in layers}
    write_geojson(analyses, path, layers=layers)
    return counts
