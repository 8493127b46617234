"""The objects every stage passes along: Document in, Place mentions, Analysis out.

``Analysis.to_dict()`` is the JSON contract of ``geomap extract`` (see README, "JSON output"):
fields may be added, never renamed or removed.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

# Feature types a Place can have (``Place.feature``).
FEATURES = ("continent", "region", "country", "admin1", "admin2", "city", "landmark")


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
            if not (math.isfinite(self.lat) and math.isfinite(self.lon)):
                raise ValueError("Place coordinates must be finite")
            if not -90.0 <= self.lat <= 90.0 or not -180.0 <= self.lon <= 180.0:
                raise ValueError(f"Place coordinates out of range: lat={self.lat} lon={self.lon}")

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "end": self.end, "name": self.name, "lat": self.lat,
            "lon": self.lon, "country_code": self.country_code, "feature": self.feature,
            "geonameid": self.geonameid, "confidence": self.confidence, "admin1": self.admin1,
            "population": self.population, "feature_code": self.feature_code, "mention": self.mention,
            "reason": self.reason, "resolved": self.lat is not None and self.lon is not None,
        }


@dataclass
class Analysis:
    """Everything geomap found in one document; every output is a view of this object."""

    document: Document
    places: list[Place] = field(default_factory=list)
    claims: list[Any] = field(default_factory=list)  # geomap.claims.Claim
    incidents: list[Any] = field(default_factory=list)  # geomap.incidents.Incident
    warnings: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def resolved_places(self) -> list[Place]:
        return [p for p in self.places if p.resolved]

    def to_dict(self) -> dict[str, Any]:
        doc = self.document
        return {
            "id": doc.id,
            "date": doc.date.isoformat() if doc.date else None,
            "source": doc.source,
            "title": doc.title,
            "places": [p.to_dict() for p in self.places],
            "claims": [c.to_dict() for c in self.claims],
            "incidents": [i.to_dict() for i in self.incidents],
            "warnings": list(self.warnings),
        }
