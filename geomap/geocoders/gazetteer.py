"""geomap's embedded gazetteer as an offline geopy ``Geocoder``.

Importing :mod:`geomap.geocoders` registers it with geopy under the name ``"geomap"``, so
``geopy.geocoders.get_geocoder_for_service("geomap")`` finds it (see :mod:`.registry`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point


def _address(gaz, e) -> str:
    parts = [e.name]
    if e.feature not in ("country", "admin1", "continent", "region") and e.admin1_code:
        a1 = gaz.admin1_name(e.country_code, e.admin1_code)
        if a1:
            parts.append(a1)
    if e.feature != "country" and e.country_code:
        c = gaz.country(e.country_code)
        if c is not None:
            parts.append(c.name)
    out: list[str] = []
    for p in parts:
        if p and p not in out:
            out.append(p)
    return ", ".join(out)


def _entry_raw(gaz, e) -> dict[str, Any]:
    return {"geonameid": e.geonameid, "name": e.name, "feature": e.feature, "feature_code": e.feature_code,
            "country_code": e.country_code or None, "admin1_code": e.admin1_code or None,
            "admin1": gaz.admin1_name(e.country_code, e.admin1_code) if e.admin1_code else None,
            "population": e.population, "lat": e.lat, "lon": e.lon, "source": "geomap-gazetteer"}


class GazetteerGeocoder(Geocoder):
    """geomap's embedded gazetteer as an offline geopy geocoder.

        >>> from geomap.geocoders import GazetteerGeocoder
        >>> GazetteerGeocoder().geocode("Springfield, Illinois").point

    ``geocode`` understands "Name, Qualifier, ..." queries: each qualifier that names a country
    ("Paris, France") or a first-level division ("Springfield, Illinois", "Springfield, IL") keeps only
    the candidates inside it; qualifiers it does not recognise are ignored. Structured queries
    (``{"city": ..., "state": ..., "country": ...}``) work too. Candidates come most important first.
    ``reverse`` gives the nearest populated places (see :mod:`geomap.reverse`).
    """

    def __init__(self, *, gazetteer=None, reverse_geocoder=None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._gaz = gazetteer
        self._rev = reverse_geocoder

    @property
    def gazetteer(self):
        if self._gaz is None:
            from ..gazetteer import get_gazetteer

            self._gaz = get_gazetteer()
        return self._gaz

    @property
    def reverse_geocoder(self):
        if self._rev is None:
            from ..reverse import ReverseGeocoder, get_reverse_geocoder

            self._rev = get_reverse_geocoder() if self._gaz is None else ReverseGeocoder.from_gazetteer(self._gaz)
        return self._rev

    def _narrow(self, found: list[Any], q: str) -> list[Any]:
        """The entries of ``found`` inside the country or division that qualifier ``q`` names.

        A qualifier naming a country or division by name is strict ("Paris, Ukraine" finds nothing);
        a short one read as a division code ("IL", "TX") applies only if some candidate has that code;
        anything else ("Main Street") leaves the candidates as they are.
        """
        gaz = self.gazetteer
        q = q.strip()
        cc = gaz.country_code_for(q)
        divisions = {(e.country_code, e.admin1_code) for e in gaz.lookup(q) if e.feature == "admin1"}
        if cc is not None or divisions:
            return [e for e in found if e.country_code == cc or (e.country_code, e.admin1_code) in divisions]
        code = q.rstrip(".").upper()
        if code.isalnum() and len(code) <= 3:
            coded = [e for e in found if e.admin1_code and e.admin1_code.upper() == code]
            if coded:
                return coded
        return found

    def _candidates(self, query: str | Mapping[str, str]) -> list[Any]:
        gaz = self.gazetteer
        if isinstance(query, Mapping):
            name = next((query[k] for k in ("city", "town", "village", "query", "q", "county", "state", "country")
                         if query.get(k)), None)
            if not name:
                return []
            quals = [query[k] for k in ("state", "county", "country") if query.get(k) and query[k] != name]
        else:
            text = " ".join(str(query).split())
            if not text:
                return []
            whole = gaz.lookup(text)
            if whole or "," not in text:
                return list(whole)
            parts = [p.strip() for p in text.split(",") if p.strip()]
            if not parts:
                return []
            name, quals = parts[0], parts[1:]
        found = list(gaz.lookup(name))
        for q in quals:
            if found:
                found = self._narrow(found, q)
        return found

    def geocode(self, query: str | Mapping[str, str], *, exactly_one: bool = True, timeout=DEFAULT_SENTINEL,
                limit: int | None = None, country_codes: str | Iterable[str] | None = None,
                features: str | Iterable[str] | None = None) -> Location | list[Location] | None:
        """The place(s) a name stands for, most important first; None when the gazetteer has none.

        ``country_codes`` (ISO alpha-2, one or several) and ``features`` (``city``, ``admin1``,
        ``country`` ...) narrow the candidates. ``timeout`` is accepted for geopy compatibility.
        """
        found = self._candidates(query)
        if country_codes:
            ccs = {country_codes.upper()} if isinstance(country_codes, str) else {c.upper() for c in country_codes}
            found = [e for e in found if e.country_code in ccs]
        if features:
            fs = {features} if isinstance(features, str) else set(features)
            found = [e for e in found if e.feature in fs]
        if not found:
            return None
        gaz = self.gazetteer
        locs = [Location(_address(gaz, e), Point(e.lat, e.lon), _entry_raw(gaz, e))
                for e in found[: 1 if exactly_one else limit]]
        return locs[0] if exactly_one else locs

    def reverse(self, query, *, exactly_one: bool = True, timeout=DEFAULT_SENTINEL,
                limit: int = 5) -> Location | list[Location] | None:
        """The nearest populated place(s) of a point (``"lat, lon"``, a ``(lat, lon)`` pair or a Point)."""
        p = query if isinstance(query, Point) else Point(query)
        hits = self.reverse_geocoder.nearest_k(p.latitude, p.longitude, 1 if exactly_one else limit)
        gaz = self.gazetteer
        locs = []
        for h in hits:
            e = gaz.get(h.geonameid) if h.geonameid is not None else None
            raw = _entry_raw(gaz, e) if e is not None else {"name": h.name, "country_code": h.country_code,
                                                            "admin1_code": h.admin1_code, "admin1": h.admin1}
            raw["distance_km"] = h.distance_km
            addr = _address(gaz, e) if e is not None else h.name
            locs.append(Location(addr, Point(e.lat, e.lon) if e is not None else p, raw))
        if not locs:
            return None
        return locs[0] if exactly_one else locs


