"""Online answers reduced to what a Place needs, whatever service gave them.

An answer is stored (cache) as ``{"address", "lat", "lon", "raw"}``; :func:`answer_from_record`
reads country code, first-level division, feature type and confidence out of the service's raw
record, whose keys differ between services.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from geopy.location import Location

from ..errors import GeocoderError
from ..model import FEATURES

ONLINE_CONFIDENCE = 0.6  # confidence of an online answer that carries no relevance score


@dataclass
class OnlineAnswer:
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


def record_of_location(loc: Location) -> dict[str, Any]:
    return {"address": loc.address, "lat": loc.latitude, "lon": loc.longitude,
            "raw": loc.raw if isinstance(loc.raw, (dict, list)) else {}}


def answer_from_record(record: Mapping[str, Any]) -> OnlineAnswer:
    """An OnlineAnswer from a stored answer; GeocoderError when the answer makes no sense."""
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
    return OnlineAnswer(name=name, lat=lat, lon=lon, address=address, country_code=cc,
                        admin1=admin1 if isinstance(admin1, str) else None, feature=feature, feature_code=fcode,
                        geonameid=gid, confidence=_confidence(raw), raw=dict(raw))
