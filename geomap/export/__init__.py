"""Exports of analyses: GeoJSON (RFC 7946), GeoPackage (one layer per kind), ACLED-like CSV, JSON.

Every output is a view of the :class:`~geomap.model.Analysis` objects (this package imports no
stage) and is written atomically: an existing file is replaced only when the new one is complete.
Records that cannot be placed (an incident with no resolvable place, a claim without a located
subject) are kept with a null geometry and null coordinates, never dropped.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from ..errors import GeomapError
from ..model import Analysis
from .analyses import write_analyses_json
from .features import (
    FEATURE_LAYER,
    LAYERS,
    check_layers,
    claims_features,
    feature_collection,
    incidents_features,
    places_features,
    write_feature_collection,
    write_geojson,
)
from .gpkg import append_gpkg_frames, gpkg_frames, to_geodataframe, write_gpkg
from .table import CSV_COLUMNS, CSV_LAYERS, csv_cell, incident_rows, write_csv

__all__ = [
    "LAYERS", "FORMATS", "CSV_COLUMNS", "CSV_LAYERS", "format_for_path", "export", "feature_collection",
    "write_geojson", "write_gpkg", "write_csv", "incident_rows", "places_features", "incidents_features",
    "claims_features", "gpkg_frames", "append_gpkg_frames", "to_geodataframe", "csv_cell", "write_analyses_json",
]

FORMATS = ("geojson", "gpkg", "csv")
_SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".csv": "csv"}


def format_for_path(path: str | os.PathLike) -> str | None:
    """The export format a file name implies (``.geojson``/``.json``, ``.gpkg``, ``.csv``), if any."""
    return _SUFFIXES.get(Path(path).suffix.lower())


def export(analyses: Iterable[Analysis], path: str | os.PathLike, fmt: str | None = None, *,
           layers: Sequence[str] = LAYERS) -> dict[str, int]:
    """Export analyses to ``path`` as ``fmt`` (geojson, gpkg, csv; default from the file name).

    ``-`` as the path writes GeoJSON or CSV to stdout. CSV holds one layer: incidents, or places
    when ``layers`` asks for places only. Returns the number of records written per layer.
    """
    fmt = fmt or format_for_path(path)
    if fmt not in FORMATS:
        raise GeomapError(f"cannot tell the export format of {path}; give one of {', '.join(FORMATS)}")
    analyses = list(analyses)
    layers = check_layers(layers)
    if fmt == "csv":
        layer = "places" if layers == ("places",) else "incidents"
        return {layer: write_csv(analyses, path, layer=layer)}
    if fmt == "gpkg":
        if str(path) == "-":
            raise GeomapError("a GeoPackage cannot be written to stdout; give a file name with -o")
        return write_gpkg(analyses, path, layers=layers)
    fc = feature_collection(analyses, layers=layers)
    found = Counter(f["properties"]["layer"] for f in fc["features"])
    write_feature_collection(fc, path)
    return {layer: found[FEATURE_LAYER[layer]] for layer in layers}
