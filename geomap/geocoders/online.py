"""Any geopy service (Nominatim, Photon, ArcGIS, GeoNames, ...) chosen by name, asked politely.

:class:`OnlineGeocoder` puts a rate limit and retries (:mod:`.limits`) and an on-disk cache
(:class:`~.cache.GeocodeCache`) around a geopy geocoder; :func:`make_online_geocoder` builds one
from a service name and command-line options (:mod:`.options`).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import os
import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import geopy.exc as gexc
import geopy.geocoders
from geopy.geocoders.base import Geocoder
from geopy.location import Location

from ..errors import GeocoderError, GeocoderTimeout
from .answers import OnlineAnswer, answer_from_record, record_of_location
from .cache import GeocodeCache
from .gazetteer import GazetteerGeocoder
from .limits import DEFAULT_MIN_DELAY, RateLimited, RequestPolicy, Retrying, describe, is_fatal, is_transient
from .options import (
    CREDENTIAL_PARAMS,
    OWN_OPTIONS,
    TRANSPORT_PARAMS,
    coerce_option,
    env_credentials,
    env_names,
    normalise_query,
    signature_defaults,
)
from .registry import service_class

DEFAULT_TIMEOUT = 10.0  # seconds (geopy's default, 1 s, is short for public services)
NOMINATIM_PUBLIC_DOMAIN = "nominatim.openstreetmap.org"
FAILURES_BEFORE_GIVING_UP = 3  # consecutive queries failing on transient errors disable the service


class OnlineGeocoder:
    """A geopy service, rate limited, retried, cached. ``lookup(query)`` gives an :class:`OnlineAnswer` or None.

    Build it with :func:`make_online_geocoder` (which reads options and environment variables), or
    pass a ready geopy geocoder instance. The ``policy``'s ``clock`` and ``sleep`` are seams for tests.
    """

    def __init__(self, service: str, geocoder: Geocoder, *, query_options: Mapping[str, Any] | None = None,
                 key_options: Mapping[str, Any] | None = None, cache: GeocodeCache | None = None,
                 policy: RequestPolicy | None = None, secrets: Iterable[str] = ()) -> None:
        self.service = service
        self.geocoder = geocoder
        self.query_options = dict(query_options or {})
        self.cache = cache
        self.policy = policy or RequestPolicy()
        self._limited = RateLimited(geocoder.geocode, self.policy)
        self._call = Retrying(self._limited, self.policy)
        key_material = {"service": service, "options": {k: key_options[k] for k in sorted(key_options or {})},
                        "query_options": {k: self.query_options[k] for k in sorted(self.query_options)}}
        self._key_prefix = json.dumps(key_material, sort_keys=True, default=str)
        self._memo: dict[str, list[dict[str, Any]]] = {}
        self._disabled: str | None = None
        self._transient_streak = 0
        self._secrets = [str(v) for v in secrets if v and len(str(v)) >= 3]

    @property
    def max_retries(self) -> int:
        return self.policy.max_retries

    @property
    def requests(self) -> int:
        """Requests sent so far, retries included (for tests and reports)."""
        return self._call.attempts

    def cache_key(self, query: str) -> str:
        """The cache key of a query: a hash of service, answer-changing options and the query."""
        material = self._key_prefix + "\x1f" + normalise_query(query)
        return hashlib.sha256(material.encode("utf-8")).hexdigest()

    @property
    def disabled(self) -> str | None:
        """Why the service was given up for this run (None while it is in use)."""
        return self._disabled

    def _answer(self, query: str) -> list[dict[str, Any]]:
        key = self.cache_key(query)
        if key in self._memo:
            return self._memo[key]
        stored = self.cache.get(key) if self.cache is not None else None
        if stored is not None:
            self._memo[key] = stored
            return stored
        if self._disabled:
            raise GeocoderError(f"not asked: {self._disabled}")
        answer = self._fetch(query)
        self._memo[key] = answer
        if self.cache is not None:
            self.cache.put(key, self.service, normalise_query(query), answer)
        return answer

    def _fetch(self, query: str) -> list[dict[str, Any]]:
        try:
            loc = self._call(query, exactly_one=True, **self.query_options)
        except Exception as err:  # geopy errors, or the service's parser choking on an unexpected answer
            raise self._failure(err) from err
        self._transient_streak = 0
        if isinstance(loc, list):  # some services ignore exactly_one
            loc = loc[0] if loc else None
        if loc is None:
            return []
        if not isinstance(loc, Location):
            raise self._failure(TypeError(f"unexpected answer type {type(loc).__name__}"))
        record = record_of_location(loc)
        answer_from_record(record)  # raises on nonsense (no coordinates, out of range): such answers are not cached
        return [record]

    def _failure(self, err: BaseException) -> GeocoderError:
        msg = describe(err)
        for secret in self._secrets:  # credentials never reach warnings or logs
            msg = msg.replace(secret, "***")
        if is_fatal(err):
            self._disabled = f"{self.service} refused ({msg})"
        elif is_transient(err):
            self._transient_streak += 1
            if self._transient_streak >= FAILURES_BEFORE_GIVING_UP:
                self._disabled = f"{self.service} failed {self._transient_streak} queries in a row ({msg})"
        if isinstance(err, gexc.GeocoderTimedOut):
            return GeocoderTimeout(msg)
        return GeocoderError(msg)

    def lookup(self, query: str) -> OnlineAnswer | None:
        """The service's best answer for a query (None: nothing found). Raises GeocoderError on failure."""
        if not isinstance(query, str) or not query.strip():
            return None
        answer = self._answer(query)
        return answer_from_record(answer[0]) if answer else None


def _split_options(service: str, cls: type, options: Mapping[str, Any]) -> tuple[dict, dict, dict]:
    """(geomap's own, geopy constructor, geopy ``geocode``) options, typed; unknown keys are an error."""
    ctor_defaults = signature_defaults(cls.__init__)
    query_defaults = signature_defaults(cls.geocode)
    own: dict[str, Any] = {}
    ctor: dict[str, Any] = {}
    query: dict[str, Any] = {}
    for key, value in options.items():
        if key in OWN_OPTIONS:
            own[key] = value
        elif key in ctor_defaults:
            ctor[key] = coerce_option(value, ctor_defaults[key], key)
        elif key in query_defaults:
            query[key] = coerce_option(value, query_defaults[key], key)
        else:
            known = sorted(set(ctor_defaults) | set(query_defaults) | set(OWN_OPTIONS))
            raise GeocoderError(f"{service} has no option {key!r}; known: {', '.join(known)}")
    for k, v in env_credentials(service, [p for p in ctor_defaults if p in CREDENTIAL_PARAMS]).items():
        ctor.setdefault(k, v)
    if "user_agent" in ctor_defaults and not ctor.get("user_agent") and os.environ.get("GEOMAP_USER_AGENT"):
        ctor["user_agent"] = os.environ["GEOMAP_USER_AGENT"]
    if "timeout" in ctor_defaults and "timeout" not in ctor and not issubclass(cls, GazetteerGeocoder):
        ctor["timeout"] = DEFAULT_TIMEOUT
    return own, ctor, query


def _apply_nominatim_policy(service: str, ctor: dict, query: dict, min_delay: float) -> float:
    """The public Nominatim server's usage policy: an application's user agent, one request a second."""
    ua = ctor.get("user_agent")
    if not ua or str(ua).startswith("geopy/") or str(ua) in ("my-application", "my_app/1"):
        raise GeocoderError(f"{service} needs a user agent naming your application: "
                            "--geocoder-option user_agent=NAME (or set GEOMAP_USER_AGENT)")
    if ctor.get("domain", NOMINATIM_PUBLIC_DOMAIN) == NOMINATIM_PUBLIC_DOMAIN:
        min_delay = max(min_delay, 1.0)
    if "addressdetails" in signature_defaults(geopy.geocoders.Nominatim.geocode):
        query.setdefault("addressdetails", True)  # gives the country code
    return min_delay


def _build_geocoder(service: str, cls: type, ctor: dict) -> Geocoder:
    """The geopy geocoder; missing or refused parameters become a :class:`GeocoderError` naming them."""
    ctor_defaults = signature_defaults(cls.__init__)
    missing = [p for p, d in ctor_defaults.items() if d is inspect.Parameter.empty and p not in ctor]
    if missing:
        secret = [p for p in missing if p in CREDENTIAL_PARAMS]
        env = f" or set {' / '.join(env_names(service, secret))}" if secret else ""
        raise GeocoderError(f"{service} needs {', '.join(missing)}: pass --geocoder-option {missing[0]}=...{env}")
    try:
        return cls(**ctor)
    except (gexc.ConfigurationError, TypeError, ValueError) as err:
        hint = [p for p in ctor_defaults if p in CREDENTIAL_PARAMS]
        more = f" (credentials: {' / '.join(env_names(service, hint))})" if hint else ""
        raise GeocoderError(f"cannot set up {service}: {' '.join(str(err).split())[:200]}{more}") from err


def _cache_for(cache: GeocodeCache | None | bool, own: Mapping[str, Any], offline: bool) -> GeocodeCache | None:
    if cache is True and offline and "cache" not in own:
        return None  # the gazetteer answers instantly: nothing to keep
    if cache is True:
        where = own.get("cache")
        return None if str(where).lower() in ("off", "none", "false", "no") else GeocodeCache(where or None)
    return None if cache is False else cache


def make_online_geocoder(name: str, options: Mapping[str, Any] | None = None, *,
                         cache: GeocodeCache | None | bool = True, clock: Callable[[], float] = time.monotonic,
                         sleep: Callable[[float], None] = time.sleep) -> OnlineGeocoder:
    """An :class:`OnlineGeocoder` for a geopy service name with options (strings are converted).

    Options go to the geopy class (``user_agent``, ``domain``, ``api_key`` ...) or to its ``geocode``
    (``country_codes``, ``language`` ...); geomap's own are ``min_delay_seconds``, ``max_retries``,
    ``backoff_seconds``, ``max_backoff_seconds`` and ``cache`` (a file path, or ``off``).
    """
    cls = service_class(name)
    service = name.lower()
    own, ctor, query = _split_options(service, cls, dict(options or {}))
    offline = issubclass(cls, GazetteerGeocoder)
    min_delay = float(coerce_option(own.get("min_delay_seconds", 0.0 if offline else DEFAULT_MIN_DELAY),
                                    1.0, "min_delay_seconds"))
    if cls is geopy.geocoders.Nominatim:  # its subclasses (PickPoint ...) are keyed services
        min_delay = _apply_nominatim_policy(service, ctor, query, min_delay)
    geocoder = _build_geocoder(service, cls, ctor)
    key_options = {k: v for k, v in ctor.items() if k not in CREDENTIAL_PARAMS and k not in TRANSPORT_PARAMS}
    try:
        policy = RequestPolicy(
            min_delay_seconds=min_delay,
            max_retries=int(coerce_option(own.get("max_retries", 2), 2, "max_retries")),
            backoff_seconds=float(coerce_option(own.get("backoff_seconds", 2.0), 2.0, "backoff_seconds")),
            max_backoff_seconds=float(coerce_option(own.get("max_backoff_seconds", 60.0), 60.0,
                                                    "max_backoff_seconds")),
            clock=clock, sleep=sleep)
    except (TypeError, ValueError) as err:
        raise GeocoderError(f"bad geocoder option: {err}") from err
    return OnlineGeocoder(service, geocoder, query_options=query, key_options=key_options,
                          cache=_cache_for(cache, own, offline), policy=policy,
                          secrets=[v for k, v in ctor.items() if k in CREDENTIAL_PARAMS and isinstance(v, str)])
