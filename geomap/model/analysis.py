"""Analysis: everything geomap found in one document (the JSON contract's top-level object)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .claim import Claim
from .core import Document, Place
from .incident import Incident


@dataclass
class Analysis:
    """Everything geomap found in one document; every output is a view of this object."""

    document: Document
    places: list[Place] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.document.id

    @property
    def resolved_places(self) -> list[Place]:
        return [p for p in self.places if p.resolved]

    @classmethod
    def from_dict(cls, d: dict[str, Any], *, text: str = "") -> Analysis:
        """The inverse of :meth:`to_dict`: an analysis read back from ``geomap extract`` output."""
        return cls(Document.from_dict(d, text=text),
                   places=[Place.from_dict(p) for p in d.get("places") or []],
                   claims=[Claim.from_dict(c) for c in d.get("claims") or []],
                   incidents=[Incident.from_dict(i) for i in d.get("incidents") or []],
                   warnings=[str(w) for w in d.get("warnings") or []])

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
