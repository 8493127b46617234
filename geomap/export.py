"""Exports: GeoJSON (RFC 7946)."""

from __future__ import annotations

import json

from ._atomic import atomic_open


def places_features(analyses) -> list[dict]:
    feats = []
    for a in analyses:
        for p in a.places:
            if not p.resolved:
                continue
            props = p.to_dict()
            props["doc_id"] = a.id
            feats.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [p.lon, p.lat]},
                          "properties": props})
    return feats


def write_geojson(analyses, path, *, layers=("places",)) -> None:
    """Write an RFC 7946 FeatureCollection (lon, lat order; WGS84; no crs member) atomically."""
    fc = {"type": "FeatureCollection", "features": places_features(analyses)}
    with atomic_open(path) as fh:
        json.dump(fc, fh, ensure_ascii=False)
