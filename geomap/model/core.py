"""The objects every stage passes along: Document in, Place mentions, Analysis out.

``Analysis.to_dict()`` is the JSON contract of ``geomap extract`` (see README, "JSON output"):
fields may be added, never renamed or removed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, fields
from typing import Any

from ..text import Sentence, split_sentences

# Feature types a Place can have (``Place.feature``).
FEATURES = ("continent", "region", "country", "admin1", "admin2", "city", "landmark")


def validate_location(lat: Any, lon: Any) -> tuple[float, float]:
    """``(lat, lon)`` as finite floats within ±90 / ±180, or ``ValueError`` saying what was expected.

    The one coordinate check of the project: every stage, reader and output calls this.
    """
    if type(lat) is float and type(lon) is float and -90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0:
        return lat, lon  # the common case (gazetteer floats): in range, hence finite; float() keeps them as they are
    try:
        la, lo = float(lat), float(lon)
    except (TypeError, ValueError):
        raise ValueError(f"coordinates must be numbers, got lat={lat!r} lon={lon!r}") from None
    if not (math.isfinite(la) and math.isfinite(lo)):
        raise ValueError(f"coordinates must be finite, got lat={lat!r} lon={lon!r}")
    if not (-90.0 <= la <= 90.0 and -180.0 <= lo <= 180.0):
        raise ValueError(f"coordinates out of range (lat within ±90, lon within ±180): lat={la} lon={lo}")
    return la, lo


@dataclass
class Document:
    """One news text with what is known about it."""

    text: str
    id: str = "doc"
    date: dt.date | None = None  # publication date
    source: str | None = None  # file name, URL or feed name
    title: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.text, str):
            raise TypeError("Document.text must be a str")

    @property
    def sentences(self) -> list[Sentence]:
        """The text's sentences (:func:`geomap.text.split_sentences`), split once and shared by the stages."""
        cached = self.__dict__.get("_sentences")
        if cached is None or cached[0] is not self.text:  # (re)split when the text was replaced
            cached = (self.text, split_sentences(self.text))
            self.__dict__["_sentences"] = cached
        return cached[1]

    @classmethod
    def from_dict(cls, d: dict[str, Any], *, text: str = "") -> Document:
        """A Document from an analysis dict (``id``, ``date``, ``source``, ``title``); the text is not part of it."""
        date = d.get("date")
        if isinstance(date, str):
            date = dt.date.fromisoformat(date[:10])
        return cls(text=d.get("text", text) or text, id=str(d.get("id") or "doc"), date=date,
                   source=d.get("source"), title=d.get("title"))


@dataclass
class Place:
    """A toponym mention in the text and the place it was resolved to.

    ``start``/``end`` are Python string offsets into the document text (end exclusive).
    An unresolved mention has ``lat``/``lon`` None and says why in ``reason``.
    """

    text: str
    start: int
    end: int
    name: str | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    feature: str | None = None  # one of FEATURES
    geonameid: int | None = None
    confidence: float = 0.0
    admin1: str | None = None  # name of the first-level division, when known
    population: int | None = None
    feature_code: str | None = None  # GeoNames-style code (PPLC, ADM1, PCLI ...)
    mention: str = "toponym"  # "toponym" or "demonym" ("Russian border", "Ukrainian capital")
    reason: str | None = None  # why it is unresolved, or how it was resolved

    @property
    def resolved(self) -> bool:
        return self.lat is not None and self.lon is not None

    def __post_init__(self) -> None:
        if self.lat is not None or self.lon is not None:
            if self.lat is None or self.lon is None:
                raise ValueError("a Place needs both lat and lon, or neither")
            self.lat, self.lon = validate_location(self.lat, self.lon)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Place:
        """The inverse of :meth:`to_dict` (unknown keys and the derived ``resolved`` are ignored)."""
        return cls(**{k: d[k] for k in _PLACE_FIELDS if k in d})

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "end": self.end, "name": self.name, "lat": self.lat,
            "lon": self.lon, "country_code": self.country_code, "feature": self.feature,
            "geonameid": self.geonameid, "confidence": self.confidence, "admin1": self.admin1,
            "population": self.population, "feature_code": self.feature_code, "mention": self.mention,
            "reason": self.reason, "resolved": self.lat is not None and self.lon is not None,
        }


_PLACE_FIELDS = tuple(f.name for f in fields(Place))
