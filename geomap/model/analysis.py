"""Analysis: everything geomap found in one document (the JSON contract's top-level object)."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .claim import Claim
from .core import Document, Place
from .incident import Incident

# How an Analysis shows itself in Jupyter. The view (map plus tables) lives in the outputs layer, which this
# base layer must not import: the package root, above every layer, plugs it in (geomap/__init__.py).
HTML_VIEW: list[Callable[[list[Any]], str]] = []


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

    def _repr_html_(self) -> str:
        """Jupyter's rich display: the map and the tables of places, claims and incidents (offline assets)."""
        if HTML_VIEW:
            return HTML_VIEW[0]([self])
        return f"<pre>{html.escape(f'Analysis {self.id!r}: {len(self.places)} places, {len(self.claims)} claims, {len(self.incidents)} incidents')}</pre>"

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
