"""The fallback stage: places the embedded gazetteer left unresolved, geocoded by an online service."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from ..errors import GeocoderError, GeomapError
from ..model import Analysis, Place
from .answers import OnlineAnswer
from .cache import GeocodeCache
from .online import OnlineGeocoder, make_online_geocoder

log = logging.getLogger("geomap.geocoders")


def _clear(place: Place) -> None:
    place.name = place.lat = place.lon = place.country_code = place.feature = None
    place.geonameid = place.admin1 = place.population = place.feature_code = None
    place.confidence = 0.0


class FallbackGeocoder:
    """Resolves, with an online geocoder, the places the embedded gazetteer could not.

    With ``replace=True`` every toponym is geocoded online instead (demonyms such as "Russian" keep
    the gazetteer's answer: online services do not geocode adjectives). A failure never raises: the
    place stays (or, with ``replace``, becomes) unresolved and a warning is added to the analysis.
    Country code and first-level division missing from an answer are filled offline from the point
    (:mod:`geomap.reverse`).
    """

    def __init__(self, online: OnlineGeocoder, *, replace: bool = False, reverse_fill: bool = True) -> None:
        self.online = online
        self.replace = replace
        self.reverse_fill = reverse_fill

    @property
    def service(self) -> str:
        return self.online.service

    def _reverse(self, lat: float, lon: float):
        if not self.reverse_fill:
            return None
        try:
            from ..reverse import reverse

            return reverse(lat, lon)
        except GeomapError as err:  # no gazetteer data: leave the fields empty
            log.info("offline reverse geocoding unavailable: %s", err)
            self.reverse_fill = False
            return None

    def _apply(self, place: Place, answer: OnlineAnswer) -> None:
        place.lat, place.lon = answer.lat, answer.lon
        place.name = answer.name
        place.country_code = answer.country_code
        place.admin1 = answer.admin1
        place.feature = answer.feature
        place.feature_code = answer.feature_code
        place.geonameid = answer.geonameid
        place.population = None
        place.confidence = answer.confidence
        place.reason = f"online:{self.service}"
        if place.country_code is None or (place.admin1 is None and answer.feature not in ("country", "continent")):
            r = self._reverse(answer.lat, answer.lon)
            if r is not None:
                place.country_code = place.country_code or r.country_code
                if place.admin1 is None and answer.feature not in ("country", "continent") and \
                        r.country_code == place.country_code:
                    place.admin1 = r.admin1

    def fill(self, analysis: Analysis) -> Analysis:
        """Geocode the analysis' unresolved places (all toponyms with ``replace``) in place."""
        failures: dict[str, list[str]] = {}
        for place in analysis.places:
            if place.mention == "demonym":
                continue
            if place.resolved and not self.replace:
                continue
            try:
                answer = self.online.lookup(place.text)
            except GeocoderError as err:
                why = str(err)
                failures.setdefault(why, []).append(place.text)
                if self.replace:
                    _clear(place)
                place.reason = f"online:{self.service} failed: {why}"
                continue
            if answer is None:
                failures.setdefault("no result", []).append(place.text)
                if self.replace:
                    _clear(place)
                place.reason = f"online:{self.service}: no result"
                continue
            self._apply(place, answer)
        for why, texts in failures.items():
            names = ", ".join(repr(t) for t in dict.fromkeys(texts))
            analysis.warnings.append(f"geocoder {self.service}: {why}; left unresolved: {names}")
        return analysis


def make_fallback_geocoder(name: str, options: Mapping[str, Any] | None = None, *, replace: bool = False,
                           cache: GeocodeCache | None | bool = True, clock: Callable[[], float] = time.monotonic,
                           sleep: Callable[[float], None] = time.sleep) -> FallbackGeocoder:
    """The geocoder ``--geocoder NAME --geocoder-option KEY=VALUE [--geocoder-only]`` asks for."""
    online = make_online_geocoder(name, options, cache=cache, clock=clock, sleep=sleep)
    return FallbackGeocoder(online, replace=replace)
