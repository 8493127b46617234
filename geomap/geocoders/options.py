"""Options of online geocoders: command-line strings to typed values, credentials from the environment.

Credentials come from options or environment variables: ``GEOMAP_<SERVICE>_<PARAMETER>`` for any
credential parameter of the geopy class (``GEOMAP_GEONAMES_USERNAME``, ``GEOMAP_BING_API_KEY``,
``GEOMAP_HEREV7_APIKEY``, ``GEOMAP_LIVEADDRESS_AUTH_ID`` ...), ``GEOMAP_<SERVICE>_API_KEY`` for the
service's single key whatever geopy calls it, and ``GEOMAP_USER_AGENT`` for the user agent.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Iterable
from typing import Any

from ..errors import GeocoderError

# Constructor parameters of geopy geocoders that hold credentials: read from the environment, never
# part of a cache key.
CREDENTIAL_PARAMS = ("api_key", "apikey", "key", "subscription_key", "username", "password", "auth_id",
                     "auth_token", "security_key", "client_id", "secret_key", "app_id", "app_code", "channel")
# Parameters that change how a request travels, not what it answers: not part of a cache key.
TRANSPORT_PARAMS = ("user_agent", "timeout", "proxies", "ssl_context", "adapter_factory", "scheme")
# geomap's own options (everything else goes to the geopy class or its geocode()).
OWN_OPTIONS = ("min_delay_seconds", "max_retries", "backoff_seconds", "max_backoff_seconds", "cache")


_FLOAT_OPTIONS = ("timeout", "min_delay_seconds", "backoff_seconds", "max_backoff_seconds")


def coerce_option(value: Any, default: Any, key: str) -> Any:
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


def signature_defaults(func) -> dict[str, Any]:
    out = {}
    for name, p in inspect.signature(func).parameters.items():
        if name in ("self", "query", "exactly_one") or p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        out[name] = p.default
    return out


def normalise_query(query: str) -> str:
    return " ".join(query.split()).casefold()


def env_credentials(service: str, params: Iterable[str]) -> dict[str, str]:
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



def env_names(service: str, params: Iterable[str]) -> list[str]:
    prefix = "GEOMAP_" + "".join(c if c.isalnum() else "_" for c in service.upper()) + "_"
    return [prefix + p.upper() for p in params]
