"""Where a map opens: the story's own places, not every place an article names.

An article about a strike in Kharkiv also names Russia (whose point is in Siberia), Europe and
NATO's meeting in Germany next week; fitting the view to all of them opens the map at continent
scale. The view is therefore fitted to the first non-empty tier of:

1. claims (subject, reference point, measured-to point, claimed ring) and incidents that happened
   (not ``planned``, not ``background``);
2. every located incident;
3. places at town scale (cities, landmarks, second-level divisions: anything not listed below);
4. first-level divisions and named regions;
5. everything (countries and continents included).

A lone point opens at :data:`POINT_ZOOM`; a fitted view never zooms closer than :data:`MAX_FIT_ZOOM`.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

KM_PER_DEGREE = 111.2
POINT_ZOOM = 9  # a lone town: the town and about 100 km around it
MAX_FIT_ZOOM = 11  # several points a street apart still show their district
MAX_RING_KM = 2000.0  # a claimed ring wider than this would open the map on a hemisphere

# Places finer than a region: every feature but these (an unknown feature, as other geocoders or
# hand-written JSON may give, counts as fine: better a close view than a continent).
REGION_FEATURES = frozenset({"admin1", "region"})
COARSE_FEATURES = frozenset({"country", "continent", "sea", "ocean"}) | REGION_FEATURES
UNSETTLED_STATUSES = frozenset({"planned"})


class LatLon(NamedTuple):
    """A point in degrees."""

    lat: float
    lon: float


def ring_extent(lat: float, lon: float, km: float) -> list[LatLon]:
    """North, south, west and east points of a circle of ``km`` around (lat, lon) (approximate)."""
    dlat = km / KM_PER_DEGREE
    dlon = min(180.0, km / (KM_PER_DEGREE * max(0.05, math.cos(math.radians(lat)))))
    return [LatLon(min(90.0, lat + dlat), lon), LatLon(max(-90.0, lat - dlat), lon),
            LatLon(lat, max(-180.0, lon - dlon)), LatLon(lat, min(180.0, lon + dlon))]


def claim_points(claim: dict) -> list[LatLon]:
    """Everything a claim draws: subject, reference, measured-to point and the claimed ring."""
    subject = claim["subject"]
    pts = [LatLon(subject["lat"], subject["lon"])]
    for end in (claim.get("ref"), claim.get("measured_to")):
        if end and end.get("lat") is not None:
            pts.append(LatLon(end["lat"], end["lon"]))
    radii = [r for r in (claim.get("claimed_km"), claim.get("claimed_max_km")) if r is not None]
    radius = max(radii, default=0.0)
    if 0 < radius <= MAX_RING_KM:
        pts += ring_extent(subject["lat"], subject["lon"], radius)
    return pts


def _happened(incident: dict) -> bool:
    return incident.get("status") not in UNSETTLED_STATUSES and not incident.get("background")


def focus_tiers(places: list[dict], incidents: list[dict], claims: list[dict]) -> list[tuple[str, list[LatLon]]]:
    """The candidate tiers (name, points), finest first; empty tiers included."""
    first = [p for c in claims for p in claim_points(c)]
    first += [LatLon(i["lat"], i["lon"]) for i in incidents if _happened(i)]
    return [
        ("claims and incidents", first),
        ("incidents", [LatLon(i["lat"], i["lon"]) for i in incidents]),
        ("towns", [LatLon(p["lat"], p["lon"]) for p in places if p.get("feature") not in COARSE_FEATURES]),
        ("regions", [LatLon(p["lat"], p["lon"]) for p in places if p.get("feature") in REGION_FEATURES]),
        ("everything", [LatLon(p["lat"], p["lon"]) for p in places]),
    ]


def box_of(points: list[LatLon]) -> list[list[float]]:
    """[[south, west], [north, east]] around ``points`` (not empty)."""
    lats, lons = [p.lat for p in points], [p.lon for p in points]
    return [[min(lats), min(lons)], [max(lats), max(lons)]]


def map_view(places: list[dict], incidents: list[dict], claims: list[dict]) -> dict[str, Any] | None:
    """The opening view: ``{"bounds", "focus", "pointZoom", "maxZoom"}``, or None with nothing to show."""
    for name, pts in focus_tiers(places, incidents, claims):
        if pts:
            return {"bounds": box_of(pts), "focus": name, "pointZoom": POINT_ZOOM, "maxZoom": MAX_FIT_ZOOM}
    return None


def padded(bounds: list[list[float]], *, fraction: float = 0.6, at_least_deg: float = 2.0,
           at_most_deg: float = 70.0) -> tuple[float, float, float, float]:
    """(west, south, east, north) around ``bounds``: what a reader may pan to from the opening view.

    The opening view is wider than the bounds (the window's shape), so the margin is generous; it is
    capped so that a world-wide map does not ask for world-wide detail.
    """
    (s, w), (n, e) = bounds
    pad_lat = max(at_least_deg, (n - s) * fraction)
    pad_lon = max(at_least_deg / max(0.2, math.cos(math.radians((s + n) / 2))), (e - w) * fraction)
    mid_lat, mid_lon = (s + n) / 2, (w + e) / 2
    half_lat = min(at_most_deg / 2, (n - s) / 2 + pad_lat)
    half_lon = min(at_most_deg, (e - w) / 2 + pad_lon)
    return (max(-180.0, mid_lon - half_lon), max(-85.0, mid_lat - half_lat),
            min(180.0, mid_lon + half_lon), min(85.0, mid_lat + half_lat))
