"""Service name -> geocoder class: geopy's registry, with geomap's gazetteer added as ``"geomap"``."""

from __future__ import annotations

import geopy.exc as gexc
import geopy.geocoders
from geopy.geocoders.base import Geocoder

from ..errors import GeocoderError
from .gazetteer import GazetteerGeocoder

GEOPY_SERVICE_NAME = "geomap"


def register_with_geopy(name: str = GEOPY_SERVICE_NAME) -> None:
    """Make ``geopy.geocoders.get_geocoder_for_service(name)`` return :class:`GazetteerGeocoder`."""
    geopy.geocoders.SERVICE_TO_GEOCODER[name.lower()] = GazetteerGeocoder


def available_services() -> list[str]:
    """Names accepted by ``--geocoder`` (geopy's services, plus ``geomap`` for the gazetteer)."""
    return sorted(geopy.geocoders.SERVICE_TO_GEOCODER)


def service_class(name: str) -> type[Geocoder]:
    """The geopy geocoder class of a service name; :class:`GeocoderError` listing the choices if unknown."""
    try:
        return geopy.geocoders.get_geocoder_for_service(name)
    except gexc.GeocoderNotFound:
        raise GeocoderError(f"unknown geocoder {name!r}; choose from: {', '.join(available_services())}") from None


register_with_geopy()
