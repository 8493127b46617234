"""Other places of the same name: the town a claim means when the resolver chose a namesake.

A claim is a clue the resolver did not use: "Paradise, some 90 miles north of Sacramento" says
which Paradise is meant. When the chosen place gives a gross error, the gazetteer's other
candidates of that name are tried and one that fits the claim is preferred (the claim's notes
say so); when none fits, the claim is not contradicted on a namesake: it is unverifiable, with
the nearest namesake's distance. A division used as a point ("Herat" the province, in "40 km from
the western city of Herat") is replaced by the city of the same name in that country.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from typing import Any

from ..model import Place

_POINT_FEATURES = ("city", "landmark")


@cache
def _gazetteer() -> Any:
    """The process-wide gazetteer, or None when it cannot be opened (then there are no namesakes)."""
    try:
        from ..gazetteer import get_gazetteer

        return get_gazetteer()
    except Exception:  # noqa: BLE001 - missing or damaged data only means "no alternatives"
        return None


def _as_place(entry: Any, mention: Place, reason: str) -> Place:
    return Place(text=mention.text, start=mention.start, end=mention.end, name=entry.name, lat=entry.lat,
                 lon=entry.lon, country_code=entry.country_code or None, feature=entry.feature,
                 geonameid=entry.geonameid, confidence=mention.confidence, population=entry.population or None,
                 feature_code=entry.feature_code, mention=mention.mention, reason=reason)


def namesakes(place: Place, limit: int = 25) -> Iterator[Place]:
    """Point places (towns, landmarks) of the gazetteer that share ``place``'s surface name, except itself."""
    gaz = _gazetteer()
    if gaz is None or not place.text:
        return
    for n, entry in enumerate(gaz.lookup(place.text)):
        if n >= limit:
            return
        if entry.feature in _POINT_FEATURES and entry.geonameid != place.geonameid:
            yield _as_place(entry, place, f"namesake of {place.name or place.text!r} chosen because it fits the claim")


def city_for_division(place: Place) -> Place | None:
    """The most populous town named like a division, in the same country ("Herat" province -> Herat city)."""
    if place.feature not in ("admin1", "admin2"):
        return None
    best = None
    for cand in namesakes(place):
        if cand.country_code == place.country_code and cand.feature == "city" and (
                best is None or (cand.population or 0) > (best.population or 0)):
            best = cand
    if best is None:
        return None
    best.reason = f"the town of {best.name}, not the division of that name"
    return best
