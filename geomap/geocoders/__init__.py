"""geopy integration, both ways.

- :class:`GazetteerGeocoder` (:mod:`.gazetteer`) is geomap's embedded gazetteer as a geopy
  ``Geocoder`` (``geocode`` and ``reverse`` return geopy ``Location`` objects, offline). Importing
  this package registers it with geopy under the name ``"geomap"`` (:mod:`.registry`), so
  ``geopy.geocoders.get_geocoder_for_service("geomap")`` finds it.
- :class:`OnlineGeocoder` (:mod:`.online`) wraps any geopy service (Nominatim, Photon, ArcGIS,
  GeoNames, ...) chosen by name, politely: a rate limit (geopy's ``RateLimiter``; one request a
  second for the public Nominatim), timeouts, retries with exponential backoff for transient
  failures only (:mod:`.limits`), and an on-disk SQLite cache (:class:`GeocodeCache`, :mod:`.cache`)
  so that no query is ever sent twice, negative answers included.
- :class:`FallbackGeocoder` (:mod:`.fallback`) fills the places the gazetteer left unresolved (or
  every place, with ``replace=True``) from an :class:`OnlineGeocoder`. Service failures never raise:
  the place stays unresolved and a warning goes to ``analysis.warnings``.

Credentials and option strings: see :mod:`.options`.
"""

from .answers import ONLINE_CONFIDENCE, OnlineAnswer, answer_from_record
from .cache import GeocodeCache
from .fallback import FallbackGeocoder, make_fallback_geocoder
from .gazetteer import GazetteerGeocoder
from .limits import DEFAULT_MIN_DELAY, RequestPolicy
from .online import (
    DEFAULT_TIMEOUT,
    FAILURES_BEFORE_GIVING_UP,
    NOMINATIM_PUBLIC_DOMAIN,
    OnlineGeocoder,
    make_online_geocoder,
)
from .options import CREDENTIAL_PARAMS, OWN_OPTIONS, TRANSPORT_PARAMS
from .registry import GEOPY_SERVICE_NAME, available_services, register_with_geopy, service_class

Hit = OnlineAnswer  # the former name, kept for code written against it

__all__ = [
    "CREDENTIAL_PARAMS", "DEFAULT_MIN_DELAY", "DEFAULT_TIMEOUT", "FAILURES_BEFORE_GIVING_UP", "GEOPY_SERVICE_NAME",
    "NOMINATIM_PUBLIC_DOMAIN", "ONLINE_CONFIDENCE", "OWN_OPTIONS", "TRANSPORT_PARAMS",
    "FallbackGeocoder", "GazetteerGeocoder", "GeocodeCache", "OnlineAnswer", "OnlineGeocoder", "RequestPolicy",
    "answer_from_record", "available_services", "make_fallback_geocoder", "make_online_geocoder",
    "register_with_geopy", "service_class",
]
