"""GeoPackage (EPSG:4326) with one layer per kind and fixed fields, and GeoDataFrames for notebooks."""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterable, Sequence
from typing import Any

from .._atomic import atomic_path
from ..errors import OutputError
from ..model import Analysis, Place
from .enrich import fill_admin1
from .features import FEATURE_BUILDERS, LAYERS, check_layers, places_features

Row = tuple[Any, dict[str, Any]]  # (GeoJSON geometry or None, flat properties)

# The GeoPackage schema: fixed columns per layer, typed by name, so that every file (and every group
# a batch run appends) has the same fields whatever its records hold; fields a record has beyond
# these go, as JSON, into the "extra" column.
_PLACE_KEYS = tuple(f.name for f in dataclasses.fields(Place)) + ("resolved",)
_DOC_COLUMNS = ("doc_id", "doc_date", "source")
_SCHEMA = {
    "incidents": _DOC_COLUMNS + (
        "id", "type", "sub_type", "status", "date", "date_end", "date_range", "date_text", "time_precision", "time_of_day")
    + tuple(f"place_{k}" for k in _PLACE_KEYS) + (
        "geo_precision", "country_code", "admin1", "killed", "injured", "casualties_text", "actors",
        "flags", "background", "n_sources", "sources", "trigger", "text", "start", "end", "sentences"),
    "places": _DOC_COLUMNS + _PLACE_KEYS,
    "claims": _DOC_COLUMNS + ("text", "start", "end") + tuple(f"subject_{k}" for k in _PLACE_KEYS) + (
        "reference_kind", "reference_text", "reference_start", "reference_end", "reference_name",
        "reference_countries", "reference_point_lat", "reference_point_lon", "measured_to_lat", "measured_to_lon")
    + tuple(f"reference_place_{k}" for k in _PLACE_KEYS) + (
        "value", "value_max", "unit", "claimed_km", "claimed_min_km", "claimed_max_km", "qualifier", "qualifier_text",
        "direction", "direction_deg", "measured_km", "measured_bearing_deg", "verdict", "tolerance_km",
        "accepted_min_km", "accepted_max_km", "alt_measured_km", "rule", "reason", "data", "disputed", "notes"),
}
# claims may be measured lines (LineString) or points: a generic geometry column for that layer
_GEOMETRY_TYPES = {"incidents": "Point", "places": "Point", "claims": "Unknown"}
_INT_NAMES = {"n_sources", "start", "end", "geonameid", "population", "killed", "injured", "time_precision", "geo_precision"}
_FLOAT_NAMES = {"lat", "lon", "confidence", "value", "value_max"}
_NESTED = ("place", "subject", "reference_point", "reference_place", "measured_to")


def flatten(d: dict[str, Any], prefix: str = "", out: dict[str, Any] | None = None) -> dict[str, Any]:
    """Scalar columns from a nested record: sub-dicts become prefix_key, lists of scalars "a; b"."""
    out = {} if out is None else out
    for k, v in d.items():
        key = f"{prefix}{k}"
        if isinstance(v, dict):
            flatten(v, f"{key}_", out)
        elif isinstance(v, (list, tuple)):
            if all(isinstance(x, (str, int, float)) for x in v):
                out[key] = "; ".join(str(x) for x in v) if v else None
            else:
                out[key] = json.dumps(v, ensure_ascii=False, default=str)
        else:
            out[key] = v
    return out


def layer_rows(layer: str, analyses: Sequence[Analysis]) -> list[Row]:
    """(geometry, flat properties) for each record of a layer; places include the unresolved ones."""
    rows = []
    feats = places_features(analyses, unresolved=True) if layer == "places" else FEATURE_BUILDERS[layer](analyses)
    for f in feats:
        props = dict(f["properties"])
        props.pop("layer", None)
        if layer == "incidents":
            cas = props.pop("casualties", None) or {}  # killed / injured are already top-level properties
            props["casualties_text"] = cas.get("text")
            props.pop("spans", None)
            props["sentences"] = " | ".join(props.get("sentences") or []) or None
        rows.append((f["geometry"], flatten(props)))
    return rows


def _column_kind(col: str) -> str:
    last = col.rsplit("_", 1)[-1]
    if col in _INT_NAMES or (last in ("start", "end", "geonameid", "population") and col != "date_end"):
        return "int"
    if col in _FLOAT_NAMES or last in ("lat", "lon", "km", "deg", "confidence") or col.endswith("_value_max"):
        return "float"
    if last == "resolved" or col == "background":
        return "bool"
    return "str"


_INT64 = 2**63


def _number_or_none(value: Any, cast: type) -> Any:
    """``value`` as an int or float column value; None for anything else (text, NaN, out of int64 range)."""
    if value is None or isinstance(value, str) or (isinstance(value, float) and value != value):
        return None
    try:
        number = cast(value)
    except (TypeError, ValueError, OverflowError):
        return None
    return number if cast is not int or -_INT64 <= number < _INT64 else None


def _typed(values: list[Any], kind: str) -> Any:
    import pandas as pd

    if kind == "int":
        return pd.array([_number_or_none(v, int) for v in values], dtype="Int64")
    if kind == "float":
        return pd.array([_number_or_none(v, float) for v in values], dtype="Float64")
    if kind == "bool":
        return pd.array([None if v is None else bool(v) for v in values], dtype="boolean")
    return pd.array([None if v is None else v if isinstance(v, str) else str(v) for v in values], dtype=object)


def _frame(layer: str, rows: list[Row]) -> Any:
    """A GeoDataFrame (EPSG:4326) with the layer's fixed schema; null geometry where not located."""
    import geopandas as gpd
    import pandas as pd

    cols = _SCHEMA[layer]
    known = set(cols)
    data = {c: _typed([r.get(c) for _geom, r in rows], _column_kind(c)) for c in cols}
    extras = []
    for _geom, r in rows:
        extra = {k: v for k, v in r.items() if k not in known and v is not None and k not in _NESTED}
        extras.append(json.dumps(extra, ensure_ascii=False, default=str) if extra else None)
    data["extra"] = pd.array(extras, dtype=object)
    return gpd.GeoDataFrame(pd.DataFrame(data), geometry=_geometries([g for g, _r in rows]), crs="EPSG:4326")


def _geometries(geometries: list[dict[str, Any] | None]) -> Any:
    """Shapely geometries of GeoJSON Points (vectorised: batch runs export thousands) and LineStrings."""
    import numpy as np
    import shapely

    xy = np.array([g["coordinates"] if g is not None and g["type"] == "Point" else (np.nan, np.nan)
                   for g in geometries], dtype=float).reshape(-1, 2)
    geoms = shapely.points(xy)
    if len(xy):
        geoms[np.isnan(xy[:, 0])] = None
    for i, g in enumerate(geometries):
        if g is not None and g["type"] == "LineString":
            geoms[i] = shapely.linestrings(g["coordinates"])
    return geoms


def gpkg_frames(analyses: Iterable[Analysis], *, layers: Sequence[str] = LAYERS) -> list[tuple[str, Any]]:
    """(layer, GeoDataFrame) for each requested layer, with the fixed fields every GeoPackage gets."""
    layers = check_layers(layers)
    analyses = list(analyses)
    frames = []
    for layer in layers:
        rows = layer_rows(layer, analyses)
        if layer == "incidents":
            fill_admin1([r for _geom, r in rows], "place_lat", "place_lon", "admin1", "country_code")
        frames.append((layer, _frame(layer, rows)))
    return frames


def to_geodataframe(analyses: Analysis | Iterable[Analysis], layer: str = "incidents") -> Any:
    """One layer (``incidents``, ``places`` or ``claims``) of the analyses as a GeoDataFrame (EPSG:4326),
    with the GeoPackage's columns: for notebooks (``geomap.to_geodataframe``)."""
    if isinstance(analyses, Analysis):
        analyses = [analyses]
    ((_, gdf),) = gpkg_frames(analyses, layers=(layer,))
    return gdf


def append_gpkg_frames(frames: list[tuple[str, Any]], path: str | os.PathLike, *, append: bool) -> None:
    """Write (or append) the frames' layers to a GeoPackage file that already has a .gpkg name."""
    import pyogrio

    for layer, gdf in frames:
        if append and not len(gdf):
            continue
        pyogrio.write_dataframe(gdf, path, layer=layer, driver="GPKG", geometry_type=_GEOMETRY_TYPES[layer],
                                append=append)


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
