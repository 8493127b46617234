"""Columns a flat table adds from the reference data: a town's first-level division, a country's name."""

from __future__ import annotations

import functools
from typing import Any

from ..errors import GeomapError


def fill_admin1(rows: list[dict[str, Any]], lat_key: str, lon_key: str, admin_key: str, cc_key: str) -> None:
    """Fill a missing first-level division (and country code) by offline reverse geocoding.

    Only for town-level places (geo_precision 1 or 2): the point of a country or a region says
    nothing about which division the event was in.
    """
    todo = [r for r in rows if not r.get(admin_key) and r.get("geo_precision") in (1, 2)
            and r.get(lat_key) is not None and r.get(lon_key) is not None]
    if not todo:
        return
    try:
        from ..reverse import reverse_many

        found = reverse_many([r[lat_key] for r in todo], [r[lon_key] for r in todo], max_distance_km=100.0)
    except (ImportError, GeomapError):
        return  # no reverse geocoder or no data: leave admin1 empty
    for row, hit in zip(todo, found):
        if hit is None:
            continue
        if row.get(cc_key) and hit.country_code and hit.country_code != row[cc_key]:
            continue  # the nearest anchor lies across a border: do not guess
        row[admin_key] = hit.admin1
        if not row.get(cc_key):
            row[cc_key] = hit.country_code


@functools.cache
def _country_name_of(cc: str) -> str:
    try:
        from ..gazetteer import get_gazetteer

        entry = get_gazetteer().country(cc)
    except (ImportError, GeomapError):
        return cc
    return entry.name if entry is not None else cc


def country_name(cc: Any) -> str | None:
    """The country's name from the embedded gazetteer (the code itself when it is unavailable)."""
    return _country_name_of(cc) if isinstance(cc, str) and cc else None
