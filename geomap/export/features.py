"""GeoJSON features of analyses (RFC 7946: WGS84 longitude/latitude, no ``crs``), one builder per layer.

Builders read :class:`~geomap.model.Analysis` objects and the dicts of their claims and incidents
only. Records that cannot be placed keep a null geometry.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from .._atomic import atomic_open
from ..errors import GeomapError
from ..model import Analysis

LAYERS = ("incidents", "places", "claims")
# the "layer" property of each layer's features
FEATURE_LAYER = {"incidents": "incident", "places": "place", "claims": "claim"}

Coords = list[float]


def point_coords(lat: Any, lon: Any) -> Coords | None:
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


def _point_of(d: Any) -> Coords | None:
    """The [lon, lat] of a dict with "lat" and "lon" keys (None for anything else)."""
    return point_coords(d.get("lat"), d.get("lon")) if isinstance(d, dict) else None


def as_dict(obj: Any) -> dict[str, Any]:
    """A record's contract dict (claims and incidents may already be dicts)."""
    return obj if isinstance(obj, dict) else obj.to_dict()


def doc_props(a: Analysis) -> dict[str, Any]:
    """The document columns every record carries."""
    d = a.document
    return {"doc_id": d.id, "doc_date": d.date.isoformat() if d.date else None, "source": d.source}


def date_range(incident: dict[str, Any]) -> str | None:
    """The incident's days as one ISO 8601 text: "2024-06-01/2024-06-03" for a range (a planned summit,
    a week of floods), the date alone for one day, None when undated."""
    first, last = incident.get("date"), incident.get("date_end")
    if not first:
        return None
    return f"{first}/{last}" if last and last != first else str(first)


def n_sources(incident: dict[str, Any]) -> int:
    """How many documents reported an incident: its merged ``sources``, else the one it came from."""
    sources = incident.get("sources")
    return len(sources) if isinstance(sources, list) and sources else 1


def iter_incidents(analyses: Iterable[Analysis]) -> Iterator[tuple[Analysis, dict[str, Any]]]:
    """(analysis, incident dict) for every incident of the analyses."""
    for a in analyses:
        for inc in a.incidents:
            yield a, as_dict(inc)


def _feature(fid: Any, geometry: dict[str, Any] | None, props: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "id": fid, "geometry": geometry, "properties": props}


def _point(coords: Coords | None) -> dict[str, Any] | None:
    return {"type": "Point", "coordinates": coords} if coords is not None else None


def places_features(analyses: Iterable[Analysis], *, unresolved: bool = False) -> list[dict]:
    """Point features of the resolved places (and, with ``unresolved``, null-geometry ones for the rest)."""
    feats = []
    for a in analyses:
        base = doc_props(a)
        for k, p in enumerate(a.places, 1):
            coords = point_coords(p.lat, p.lon)
            if coords is None and not unresolved:
                continue
            feats.append(_feature(f"{a.id}-p{k}", _point(coords), {"layer": "place", **base, **p.to_dict()}))
    return feats


def incidents_features(analyses: Iterable[Analysis]) -> list[dict]:
    """One feature per incident: a Point at its place, or a null geometry when it has none."""
    feats = []
    for a, d in iter_incidents(analyses):
        place = d.get("place") or {}
        cas = d.get("casualties") or {}
        props = {"layer": "incident", **doc_props(a), **d,
                 "place_name": place.get("name") or place.get("text"), "country_code": place.get("country_code"),
                 "admin1": place.get("admin1"), "killed": cas.get("killed"), "injured": cas.get("injured"),
                 "date_range": date_range(d), "n_sources": n_sources(d)}
        feats.append(_feature(d.get("id"), _point(_point_of(place)), props))
    return feats


def claim_geometry(claim: dict[str, Any]) -> dict[str, Any] | None:
    """The measured line from the subject to the point measured to (``measured_to``), when the claim
    has one; else a Point at the subject; None when the subject is not located."""
    start = _point_of(claim.get("subject"))
    if start is None:
        return None
    end = _point_of(claim.get("measured_to"))
    if end is None:
        return _point(start)
    return {"type": "LineString", "coordinates": [start, end]}


def claims_features(analyses: Iterable[Analysis]) -> list[dict]:
    """One feature per claim: the measured line (or a Point at its subject), or a null geometry."""
    feats = []
    for a in analyses:
        base = doc_props(a)
        for k, c in enumerate(a.claims, 1):
            d = as_dict(c)
            feats.append(_feature(f"{a.id}-c{k}", claim_geometry(d), {"layer": "claim", **base, **d}))
    return feats


FEATURE_BUILDERS: dict[str, Callable[[Iterable[Analysis]], list[dict]]] = {
    "incidents": incidents_features, "places": places_features, "claims": claims_features}


def check_layers(layers: Sequence[str]) -> tuple[str, ...]:
    """The layers asked for, once each, in order; :class:`GeomapError` for an unknown one."""
    bad = [x for x in layers if x not in LAYERS]
    if bad:
        raise GeomapError(f"unknown layer(s) {', '.join(bad)}; choose from {', '.join(LAYERS)}")
    return tuple(dict.fromkeys(layers))


def geometry_points(geometry: dict[str, Any] | None) -> list[Coords]:
    """Every [lon, lat] of a Point or LineString geometry."""
    if geometry is None:
        return []
    if geometry["type"] == "Point":
        return [geometry["coordinates"]]
    return list(geometry["coordinates"])


def feature_collection(analyses: Sequence[Analysis], *, layers: Sequence[str] = LAYERS) -> dict[str, Any]:
    """An RFC 7946 FeatureCollection: WGS84 longitude/latitude, no ``crs`` member, a ``bbox`` when
    anything is located. Features carry their kind in the ``layer`` property."""
    feats: list[dict] = []
    for layer in check_layers(layers):
        feats.extend(FEATURE_BUILDERS[layer](analyses))
    fc: dict[str, Any] = {"type": "FeatureCollection"}
    pts = [pt for f in feats for pt in geometry_points(f["geometry"])]
    if pts:
        lons = [p[0] for p in pts]
        lats = [p[1] for p in pts]
        fc["bbox"] = [min(lons), min(lats), max(lons), max(lats)]
    fc["features"] = feats
    return fc


def finite(obj: Any) -> Any:
    """A copy with NaN and infinite floats replaced by None (null)."""
    if isinstance(obj, float):
        return obj if math.isfinite(obj) else None
    if isinstance(obj, dict):
        return {k: finite(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [finite(v) for v in obj]
    return obj


def write_geojson(analyses: Iterable[Analysis], path: str | os.PathLike, *,
                  layers: Sequence[str] = ("places",)) -> int:
    """Write an RFC 7946 FeatureCollection of the given layers atomically (``-``: to stdout);
    returns the feature count."""
    return write_feature_collection(feature_collection(list(analyses), layers=layers), path)


def write_feature_collection(fc: dict[str, Any], path: str | os.PathLike) -> int:
    """Write a FeatureCollection as JSON atomically (``-``: to stdout); returns the feature count."""
    try:
        data = json.dumps(fc, ensure_ascii=False, allow_nan=False, default=str)  # one-shot: the C encoder
    except ValueError:  # a NaN or infinity somewhere in the properties: JSON has no such numbers
        data = json.dumps(finite(fc), ensure_ascii=False, allow_nan=False, default=str)
    if str(path) == "-":
        sys.stdout.write(data + "\n")
        sys.stdout.flush()
    else:
        with atomic_open(path) as fh:
            fh.write(data)
    return len(fc["features"])
