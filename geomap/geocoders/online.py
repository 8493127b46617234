"""geopy integration, both ways.

- :class:`GazetteerGeocoder` is geomap's embedded gazetteer as a geopy ``Geocoder`` (``geocode`` and
  ``reverse`` return geopy ``Location`` objects, offline). Importing this module registers it with geopy
  under the name ``"geomap"``, so ``geopy.geocoders.get_geocoder_for_service("geomap")`` finds it.
- :class:`OnlineGeocoder` wraps any geopy service (Nominatim, Photon, ArcGIS, GeoNames, ...) chosen by
  name, politely: a rate limit (geopy's ``RateLimiter``; one request a second for the public Nominatim),
  timeouts, retries with exponential backoff for transient failures only, and an on-disk SQLite cache
  (:class:`GeocodeCache`) so that no query is ever sent twice, negative answers included.
- :class:`FallbackGeocoder` fills the places the gazetteer left unresolved (or every place, with
  ``replace=True``) from an :class:`OnlineGeocoder`. Service failures never raise: the place stays
  unresolved and a warning goes to ``analysis.warnings``.

Credentials come from options or environment variables: ``GEOMAP_<SERVICE>_<PARAMETER>`` for any
credential parameter of the geopy class (``GEOMAP_GEONAMES_USERNAME``, ``GEOMAP_BING_API_KEY``,
``GEOMAP_HEREV7_APIKEY``, ``GEOMAP_LIVEADDRESS_AUTH_ID`` ...), ``GEOMAP_<SERVICE>_API_KEY`` for the
service's single key whatever geopy calls it, and ``GEOMAP_USER_AGENT`` for the user agent.
"""

from __future__ import annotations

import hashlib
import inspect
import json
import logging
import math
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import geopy.exc as gexc
import geopy.geocoders
from geopy.adapters import AdapterHTTPError
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders.base import DEFAULT_SENTINEL, Geocoder
from geopy.location import Location
from geopy.point import Point

from .errors import GeocoderError, GeocoderTimeout, GeomapError
from .model import FEATURES, Analysis, Place

__all__ = [
    "FallbackGeocoder",
    "GazetteerGeocoder",
    "GeocodeCache",
    "Hit",
    "OnlineGeocoder",
    "make_fallback_geocoder",
    "make_online_geocoder",
    "register_with_geopy",
]

log = logging.getLogger(__name__)

GEOPY_SERVICE_NAME = "geomap"

# Constructor parameters of geopy geocoders that hold credentials: read from the environment, never
# part of a cache key.
CREDENTIAL_PARAMS = ("api_key", "apikey", "key", "subscription_key", "username", "password", "auth_id",
                     "auth_token", "security_key", "client_id", "secret_key", "app_id", "app_code", "channel")
# Parameters that change how a request travels, not what it answers: not part of a cache key.
TRANSPORT_PARAMS = ("user_agent", "timeout", "proxies", "ssl_context", "adapter_factory", "scheme")
# geomap's own options (everything else goes to the geopy class or its geocode()).
OWN_OPTIONS = ("min_delay_seconds", "max_retries", "backoff_seconds", "max_backoff_seconds", "cache")

DEFAULT_TIMEOUT = 10.0  # seconds (geopy's default, 1 s, is short for public services)
DEFAULT_MIN_DELAY = 1.0  # seconds between requests to any online service
NOMINATIM_PUBLIC_DOMAIN = "nominatim.openstreetmap.org"
ONLINE_CONFIDENCE = 0.6  # confidence of an online answer that carries no relevance score
FAILURES_BEFORE_GIVING_UP = 3  # consecutive queries failing on transient errors disable the service


# ----------------------------------------------------------------------------- the gazetteer as a geopy geocoder


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
            from .gazetteer import get_gazetteer

            self._gaz = get_gazetteer()
        return self._gaz

    @property
    def reverse_geocoder(self):
        if self._rev is None:
            from .reverse import ReverseGeocoder, get_reverse_geocoder

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


def register_with_geopy(name: str = GEOPY_SERVICE_NAME) -> None:
    """Make ``geopy.geocoders.get_geocoder_for_service(name)`` return :class:`GazetteerGeocoder`."""
    geopy.geocoders.SERVICE_TO_GEOCODER[name.lower()] = GazetteerGeocoder


register_with_geopy()


# ----------------------------------------------------------------------------- on-disk cache


class GeocodeCache:
    """Answers of online geocoders in SQLite (``<cache dir>/geocoders.sqlite``), keyed by
    service + options + query. Empty answers are stored too; failures never are.

    Safe to share between threads and processes (WAL journal, busy timeout). If the file cannot be
    opened or written, the cache logs one warning and goes on in memory only.
    """

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        if path is None:
            from ._paths import cache_dir

            path = cache_dir() / "geocoders.sqlite"
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._broken = False
        self._lock = threading.Lock()

    def _db(self) -> sqlite3.Connection | None:
        if self._conn is None and not self._broken:
            try:
                conn = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False, isolation_level=None)
                try:
                    conn.execute("PRAGMA journal_mode=WAL")
                except sqlite3.DatabaseError:
                    pass  # some file systems refuse WAL: the default journal is fine
                conn.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, service TEXT NOT NULL, "
                             "query TEXT NOT NULL, answer TEXT NOT NULL, created REAL NOT NULL)")
                self._conn = conn
            except sqlite3.Error as err:
                self._give_up(err)
        return self._conn

    def _give_up(self, err: Exception) -> None:
        log.warning("geocoder cache %s unusable (%s); caching in memory only", self.path, err)
        self._broken = True
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def get(self, key: str) -> list[dict[str, Any]] | None:
        """The stored answer (a list, maybe empty), or None when the query was never answered."""
        with self._lock:
            db = self._db()
            if db is None:
                return None
            try:
                row = db.execute("SELECT answer FROM answers WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as err:
                self._give_up(err)
                return None
        if row is None:
            return None
        try:
            answer = json.loads(row[0])
        except ValueError:
            return None  # a damaged row counts as a miss and is overwritten by the next answer
        return answer if isinstance(answer, list) else None

    def put(self, key: str, service: str, query: str, answer: list[dict[str, Any]]) -> None:
        """Store an answer (an empty list for "nothing found")."""
        text = json.dumps(answer, ensure_ascii=False, default=str)
        with self._lock:
            db = self._db()
            if db is None:
                return
            try:
                db.execute("INSERT OR REPLACE INTO answers (key, service, query, answer, created) VALUES (?, ?, ?, ?, ?)",
                           (key, service, query, text, time.time()))
            except sqlite3.Error as err:
                self._give_up(err)

    def __len__(self) -> int:
        with self._lock:
            db = self._db()
            if db is None:
                return 0
            return int(db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


# ----------------------------------------------------------------------------- answers


@dataclass
class Hit:
    """One online answer, reduced to what a Place needs."""

    name: str
    lat: float
    lon: float
    address: str = ""
    country_code: str | None = None
    admin1: str | None = None
    feature: str | None = None
    feature_code: str | None = None
    geonameid: int | None = None
    confidence: float = ONLINE_CONFIDENCE
    raw: dict[str, Any] = field(default_factory=dict, repr=False)


_NESTED = ("address", "properties", "components", "attributes")
_CC_KEYS = ("country_code", "countryCode", "countrycode", "ISO_3166-1_alpha-2", "country_code_iso2")
_TYPE_KEYS = ("feature", "addresstype", "_type", "type", "osm_value", "Addr_type", "types", "place_type",
              "fcodeName")
_ADMIN1_KEYS = ("admin1", "adminName1", "state", "province")
_FEATURE_WORDS = {
    "continent": "continent",
    "country": "country", "nation": "country",
    "state": "admin1", "province": "admin1", "region": "admin1", "administrative_area_level_1": "admin1",
    "first-order administrative division": "admin1", "admin1": "admin1",
    "county": "admin2", "district": "admin2", "administrative_area_level_2": "admin2", "admin2": "admin2",
    "city": "city", "town": "city", "village": "city", "hamlet": "city", "locality": "city",
    "municipality": "city", "suburb": "city", "neighbourhood": "city", "borough": "city", "quarter": "city",
    "populated place": "city",
}


def _lookup(raw: Mapping[str, Any], keys: Iterable[str]) -> Any:
    for k in keys:
        if raw.get(k) not in (None, ""):
            return raw[k]
    for nest in _NESTED:
        sub = raw.get(nest)
        if isinstance(sub, Mapping):
            for k in keys:
                if sub.get(k) not in (None, ""):
                    return sub[k]
    return None


def _feature_of(raw: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """(geomap feature, GeoNames-style feature code) of an answer, as far as its raw record says."""
    fcode = raw.get("fcode") if isinstance(raw.get("fcode"), str) else raw.get("feature_code")
    if raw.get("feature") in FEATURES:  # geomap's own records (the gazetteer as a service)
        return raw["feature"], fcode if isinstance(fcode, str) else None
    if isinstance(fcode, str) and fcode:
        f = fcode.upper()
        if f.startswith("PCL"):
            return "country", fcode
        if f.startswith("ADM1"):
            return "admin1", fcode
        if f.startswith("ADM2"):
            return "admin2", fcode
        if f.startswith("PPL"):
            return "city", fcode
        if f == "CONT":
            return "continent", fcode
    value = _lookup(raw, _TYPE_KEYS)
    words = value if isinstance(value, list) else [value]
    for w in words:
        if isinstance(w, str) and w.strip():
            return _FEATURE_WORDS.get(w.strip().lower(), "landmark"), fcode if isinstance(fcode, str) else None
    return None, None


def _confidence(raw: Mapping[str, Any]) -> float:
    for key, scale in (("importance", 1.0), ("score", 100.0)):
        v = raw.get(key)
        if isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v):
            return round(min(0.9, 0.4 + 0.5 * max(0.0, min(1.0, v / scale))), 3)
    return ONLINE_CONFIDENCE


def _serialise(loc: Location) -> dict[str, Any]:
    return {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude,
            "raw": loc.raw if isinstance(loc.raw, (dict, list)) else {}}


def _hit(record: Mapping[str, Any]) -> Hit:
    """A Hit from a stored answer; GeocoderError when the answer makes no sense."""
    try:
        lat, lon = float(record["lat"]), float(record["lon"])
    except (KeyError, TypeError, ValueError) as err:
        raise GeocoderError("malformed answer: no usable coordinates") from err
    if not (math.isfinite(lat) and math.isfinite(lon) and abs(lat) <= 90.0 and abs(lon) <= 180.0):
        raise GeocoderError(f"malformed answer: coordinates out of range ({lat}, {lon})")
    raw = record.get("raw") if isinstance(record.get("raw"), dict) else {}
    address = str(record.get("address") or "")
    name = raw.get("name") or _lookup(raw, ("name",))
    if not isinstance(name, str) or not name.strip():
        name = address.split(",")[0].strip() or address
    cc = _lookup(raw, _CC_KEYS)
    cc = cc.upper() if isinstance(cc, str) and len(cc) == 2 and cc.isalpha() else None
    admin1 = _lookup(raw, _ADMIN1_KEYS)
    feature, fcode = _feature_of(raw)
    gid = raw.get("geonameid", raw.get("geonameId"))
    try:
        gid = int(gid) if gid is not None and int(gid) > 0 else None
    except (TypeError, ValueError):
        gid = None
    return Hit(name=name, lat=lat, lon=lon, address=address, country_code=cc,
               admin1=admin1 if isinstance(admin1, str) else None, feature=feature, feature_code=fcode,
               geonameid=gid, confidence=_confidence(raw), raw=dict(raw))


# ----------------------------------------------------------------------------- online services


class _Limiter(RateLimiter):
    """geopy's RateLimiter with the clock and sleep as seams; retries are ours (see OnlineGeocoder)."""

    def __init__(self, func, *, min_delay_seconds: float, clock: Callable[[], float],
                 sleep: Callable[[float], None]) -> None:
        super().__init__(func, min_delay_seconds=min_delay_seconds, max_retries=0,
                         error_wait_seconds=min_delay_seconds, swallow_exceptions=False)
        self._clock_fn = clock
        self._sleep_fn = sleep

    def _clock(self) -> float:
        return self._clock_fn()

    def _sleep(self, seconds: float) -> None:
        self._sleep_fn(seconds)


def _http_status(err: BaseException) -> int | None:
    cause = err.__cause__
    return cause.status_code if isinstance(cause, AdapterHTTPError) else None


def _is_transient(err: BaseException) -> bool:
    """Worth retrying later: timeouts, unreachable service, HTTP 429 and 5xx."""
    if isinstance(err, (gexc.GeocoderTimedOut, gexc.GeocoderUnavailable, gexc.GeocoderRateLimited)):
        return True
    status = _http_status(err)
    return status is not None and (status == 429 or status >= 500)


def _is_fatal(err: BaseException) -> bool:
    """No later query can succeed: bad credentials, no rights, quota used up, bad configuration."""
    if isinstance(err, gexc.GeocoderRateLimited):
        return False
    return isinstance(err, (gexc.GeocoderAuthenticationFailure, gexc.GeocoderInsufficientPrivileges,
                            gexc.GeocoderQuotaExceeded, gexc.ConfigurationError))


def _describe(err: BaseException) -> str:
    status = _http_status(err)
    if isinstance(err, gexc.GeocoderRateLimited) or status == 429:
        what = "rate limited (HTTP 429)"
    elif isinstance(err, gexc.GeocoderTimedOut):
        what = "timed out"
    elif status is not None:
        what = f"HTTP {status}"
    elif isinstance(err, gexc.GeocoderUnavailable):
        what = "service unreachable"
    elif isinstance(err, gexc.GeocoderParseError):
        what = "malformed answer"
    elif isinstance(err, gexc.GeopyError):
        what = type(err).__name__
    else:
        what = f"malformed answer ({type(err).__name__})"
    detail = _QUERY_STRING.sub("?...", " ".join(str(err).split()))[:120]
    return f"{what}: {detail}" if detail and detail not in what else what


# URL query strings in error messages (requests puts the URL there) may carry API keys: never shown.
_QUERY_STRING = re.compile(r"\?[^\s'\"()]*=[^\s'\"()]*")


_FLOAT_OPTIONS = ("timeout", "min_delay_seconds", "backoff_seconds", "max_backoff_seconds")


def _coerce(value: Any, default: Any, key: str) -> Any:
    """Option values from the command line are strings: give them the type geopy expects."""
    if not isinstance(value, str):
        return value
    v = value.strip()
    if key in _FLOAT_OPTIONS or (isinstance(default, float) and not isinstance(default, bool)):
        try:
            return float(v)
        except ValueError:
            raise GeocoderError(f"geocoder option {key}={value!r}: not a number") from None
    if isinstance(default, int) and not isinstance(default, bool):
        try:
            return int(v)
        except ValueError:
            raise GeocoderError(f"geocoder option {key}={value!r}: not an integer") from None
    if isinstance(default, bool) or default is None:
        low = v.lower()
        if low in ("true", "yes", "on"):
            return True
        if low in ("false", "no", "off"):
            return False
        if low in ("none", "null"):
            return None
    return v


def _signature_defaults(func) -> dict[str, Any]:
    out = {}
    for name, p in inspect.signature(func).parameters.items():
        if name in ("self", "query", "exactly_one") or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        out[name] = p.default
    return out


def _normalise_query(query: str) -> str:
    return " ".join(query.split()).casefold()


def available_services() -> list[str]:
    """Names accepted by ``--geocoder`` (geopy's services, plus ``geomap`` for the gazetteer)."""
    return sorted(geopy.geocoders.SERVICE_TO_GEOCODER)


class OnlineGeocoder:
    """A geopy service, rate limited, retried, cached. ``lookup(query)`` gives a :class:`Hit` or None.

    Build it with :func:`make_online_geocoder` (which reads options and environment variables), or
    pass a ready geopy geocoder instance. ``clock`` and ``sleep`` are seams for tests.
    """

    def __init__(self, service: str, geocoder: Geocoder, *, query_options: Mapping[str, Any] | None = None,
                 key_options: Mapping[str, Any] | None = None, cache: GeocodeCache | None = None,
                 min_delay_seconds: float = DEFAULT_MIN_DELAY, max_retries: int = 2,
                 backoff_seconds: float = 2.0, max_backoff_seconds: float = 60.0,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
                 secrets: Iterable[str] = ()) -> None:
        if max_retries < 0 or backoff_seconds < 0 or min_delay_seconds < 0:
            raise GeocoderError("max_retries, backoff_seconds and min_delay_seconds must be >= 0")
        self.service = service
        self.geocoder = geocoder
        self.query_options = dict(query_options or {})
        self.cache = cache
        self.max_retries = int(max_retries)
        self.backoff_seconds = float(backoff_seconds)
        self.max_backoff_seconds = float(max_backoff_seconds)
        self.sleep = sleep
        self.requests = 0  # requests sent (for tests and reports)
        self._limited = _Limiter(geocoder.geocode, min_delay_seconds=min_delay_seconds, clock=clock, sleep=sleep)
        key_material = {"service": service, "options": {k: key_options[k] for k in sorted(key_options or {})},
                        "query_options": {k: self.query_options[k] for k in sorted(self.query_options)}}
        self._key_prefix = json.dumps(key_material, sort_keys=True, default=str)
        self._memo: dict[str, list[dict[str, Any]]] = {}
        self._disabled: str | None = None
        self._transient_streak = 0
        self._secrets = [str(v) for v in secrets if v and len(str(v)) >= 3]

    def cache_key(self, query: str) -> str:
        """The cache key of a query: a hash of service, answer-changing options and the query."""
        material = self._key_prefix + "\x1f" + _normalise_query(query)
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
            self.cache.put(key, self.service, _normalise_query(query), answer)
        return answer

    def _fetch(self, query: str) -> list[dict[str, Any]]:
        attempt = 0
        while True:
            self.requests += 1
            try:
                loc = self._limited(query, exactly_one=True, **self.query_options)
            except gexc.GeopyError as err:
                if _is_transient(err) and attempt < self.max_retries:
                    wait = min(self.max_backoff_seconds, self.backoff_seconds * (2 ** attempt))
                    retry_after = getattr(err, "retry_after", None)
                    if isinstance(retry_after, (int, float)) and retry_after > wait:
                        wait = min(self.max_backoff_seconds, float(retry_after))
                    attempt += 1
                    self.sleep(wait)
                    continue
                raise self._failure(err) from err
            except Exception as err:  # the service's parser choked on an answer of an unexpected shape
                raise self._failure(err) from err
            break
        self._transient_streak = 0
        if loc is None:
            return []
        if isinstance(loc, list):  # some services ignore exactly_one
            loc = loc[0] if loc else None
            if loc is None:
                return []
        if not isinstance(loc, Location):
            raise self._failure(TypeError(f"unexpected answer type {type(loc).__name__}"))
        record = _serialise(loc)
        _hit(record)  # raises on nonsense (no coordinates, out of range): such answers are not cached
        return [record]

    def _failure(self, err: BaseException) -> GeocoderError:
        msg = _describe(err)
        for secret in self._secrets:  # credentials never reach warnings or logs
            msg = msg.replace(secret, "***")
        if _is_fatal(err):
            self._disabled = f"{self.service} refused ({msg})"
        elif _is_transient(err):
            self._transient_streak += 1
            if self._transient_streak >= FAILURES_BEFORE_GIVING_UP:
                self._disabled = f"{self.service} failed {self._transient_streak} queries in a row ({msg})"
        if isinstance(err, gexc.GeocoderTimedOut):
            return GeocoderTimeout(msg)
        return GeocoderError(msg)

    def lookup(self, query: str) -> Hit | None:
        """The service's best answer for a query (None: nothing found). Raises GeocoderError on failure."""
        if not isinstance(query, str) or not query.strip():
            return None
        answer = self._answer(query)
        return _hit(answer[0]) if answer else None


def _env_credentials(service: str, params: Iterable[str]) -> dict[str, str]:
    out = {}
    prefix = "GEOMAP_" + "".join(c if c.isalnum() else "_" for c in service.upper()) + "_"
    params = list(params)
    for p in params:
        v = os.environ.get(prefix + p.upper())
        if v:
            out[p] = v
    key_params = [p for p in ("api_key", "apikey", "key", "subscription_key") if p in params]
    if key_params and key_params[0] not in out and os.environ.get(prefix + "API_KEY"):
        out[key_params[0]] = os.environ[prefix + "API_KEY"]
    return out


def make_online_geocoder(name: str, options: Mapping[str, Any] | None = None, *,
                         cache: GeocodeCache | None | bool = True, clock: Callable[[], float] = time.monotonic,
                         sleep: Callable[[float], None] = time.sleep) -> OnlineGeocoder:
    """An :class:`OnlineGeocoder` for a geopy service name with options (strings are converted).

    Options go to the geopy class (``user_agent``, ``domain``, ``api_key`` ...) or to its ``geocode``
    (``country_codes``, ``language`` ...); geomap's own are ``min_delay_seconds``, ``max_retries``,
    ``backoff_seconds``, ``max_backoff_seconds`` and ``cache`` (a file path, or ``off``).
    """
    try:
        cls = geopy.geocoders.get_geocoder_for_service(name)
    except gexc.GeocoderNotFound:
        raise GeocoderError(f"unknown geocoder {name!r}; choose from: {', '.join(available_services())}") from None
    service = name.lower()
    options = dict(options or {})
    ctor_defaults = _signature_defaults(cls.__init__)
    query_defaults = _signature_defaults(cls.geocode)
    own: dict[str, Any] = {}
    ctor: dict[str, Any] = {}
    query: dict[str, Any] = {}
    for key, value in options.items():
        if key in OWN_OPTIONS:
            own[key] = value
        elif key in ctor_defaults:
            ctor[key] = _coerce(value, ctor_defaults[key], key)
        elif key in query_defaults:
            query[key] = _coerce(value, query_defaults[key], key)
        else:
            known = sorted(set(ctor_defaults) | set(query_defaults) | set(OWN_OPTIONS))
            raise GeocoderError(f"{service} has no option {key!r}; known: {', '.join(known)}")
    for k, v in _env_credentials(service, [p for p in ctor_defaults if p in CREDENTIAL_PARAMS]).items():
        ctor.setdefault(k, v)
    offline = issubclass(cls, GazetteerGeocoder)
    if "user_agent" in ctor_defaults and not ctor.get("user_agent") and os.environ.get("GEOMAP_USER_AGENT"):
        ctor["user_agent"] = os.environ["GEOMAP_USER_AGENT"]
    if "timeout" in ctor_defaults and "timeout" not in ctor and not offline:
        ctor["timeout"] = DEFAULT_TIMEOUT
    min_delay = float(_coerce(own.get("min_delay_seconds", 0.0 if offline else DEFAULT_MIN_DELAY),
                              1.0, "min_delay_seconds"))
    if cls is geopy.geocoders.Nominatim:  # its subclasses (PickPoint ...) are keyed services
        ua = ctor.get("user_agent")
        if not ua or str(ua).startswith("geopy/") or str(ua) in ("my-application", "my_app/1"):
            raise GeocoderError(f"{service} needs a user agent naming your application: "
                                "--geocoder-option user_agent=NAME (or set GEOMAP_USER_AGENT)")
        if ctor.get("domain", NOMINATIM_PUBLIC_DOMAIN) == NOMINATIM_PUBLIC_DOMAIN:
            min_delay = max(min_delay, 1.0)  # the public server's usage policy: one request a second
        if "addressdetails" in query_defaults:
            query.setdefault("addressdetails", True)  # gives the country code
    missing = [p for p, d in ctor_defaults.items() if d is inspect.Parameter.empty and p not in ctor]
    if missing:
        secret = [p for p in missing if p in CREDENTIAL_PARAMS]
        env = f" or set {' / '.join(_env_names(service, secret))}" if secret else ""
        raise GeocoderError(f"{service} needs {', '.join(missing)}: pass --geocoder-option {missing[0]}=...{env}")
    try:
        geocoder = cls(**ctor)
    except (gexc.ConfigurationError, TypeError, ValueError) as err:
        hint = [p for p in ctor_defaults if p in CREDENTIAL_PARAMS]
        more = f" (credentials: {' / '.join(_env_names(service, hint))})" if hint else ""
        raise GeocoderError(f"cannot set up {service}: {' '.join(str(err).split())[:200]}{more}") from err
    if cache is True and offline and "cache" not in own:
        cache = None  # the gazetteer answers instantly: nothing to keep
    if cache is True:
        where = own.get("cache")
        cache = None if str(where).lower() in ("off", "none", "false", "no") else GeocodeCache(where or None)
    elif cache is False:
        cache = None
    key_options = {k: v for k, v in {**ctor}.items() if k not in CREDENTIAL_PARAMS and k not in TRANSPORT_PARAMS}
    try:
        return OnlineGeocoder(service, geocoder, query_options=query, key_options=key_options, cache=cache,
                              min_delay_seconds=min_delay,
                              max_retries=int(_coerce(own.get("max_retries", 2), 2, "max_retries")),
                              backoff_seconds=float(_coerce(own.get("backoff_seconds", 2.0), 2.0, "backoff_seconds")),
                              max_backoff_seconds=float(_coerce(own.get("max_backoff_seconds", 60.0), 60.0,
                                                                "max_backoff_seconds")),
                              clock=clock, sleep=sleep,
                              secrets=[v for k, v in ctor.items() if k in CREDENTIAL_PARAMS and isinstance(v, str)])
    except (TypeError, ValueError) as err:
        raise GeocoderError(f"bad geocoder option: {err}") from err


def _env_names(service: str, params: Iterable[str]) -> list[str]:
    prefix = "GEOMAP_" + "".join(c if c.isalnum() else "_" for c in service.upper()) + "_"
    return [prefix + p.upper() for p in params]


# ----------------------------------------------------------------------------- filling an analysis


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
            from .reverse import reverse

            return reverse(lat, lon)
        except GeomapError as err:  # no gazetteer data: leave the fields empty
            log.info("offline reverse geocoding unavailable: %s", err)
            self.reverse_fill = False
            return None

    def _apply(self, place: Place, hit: Hit) -> None:
        place.lat, place.lon = hit.lat, hit.lon
        place.name = hit.name
        place.country_code = hit.country_code
        place.admin1 = hit.admin1
        place.feature = hit.feature
        place.feature_code = hit.feature_code
        place.geonameid = hit.geonameid
        place.population = None
        place.confidence = hit.confidence
        place.reason = f"online:{self.service}"
        if place.country_code is None or (place.admin1 is None and hit.feature not in ("country", "continent")):
            r = self._reverse(hit.lat, hit.lon)
            if r is not None:
                place.country_code = place.country_code or r.country_code
                if place.admin1 is None and hit.feature not in ("country", "continent") and \
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
                hit = self.online.lookup(place.text)
            except GeocoderError as err:
                why = str(err)
                failures.setdefault(why, []).append(place.text)
                if self.replace:
                    _clear(place)
                place.reason = f"online:{self.service} failed: {why}"
                continue
            if hit is None:
                failures.setdefault("no result", []).append(place.text)
                if self.replace:
                    _clear(place)
                place.reason = f"online:{self.service}: no result"
                continue
            self._apply(place, hit)
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
