"""One event a text reports: what happened, where, when, to whom (the ``incidents`` of the JSON contract)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .core import Place


def _date_or_none(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass
class IncidentSource:
    """One report of an incident merged across documents: which document, what it said, its own figures."""

    document: str  # the document id
    incident: str  # the incident id within that document
    text: str  # its evidence sentence
    killed: int | None = None
    injured: int | None = None
    date: dt.date | None = None
    place: str | None = None  # the place name it gave

    def to_dict(self) -> dict[str, Any]:
        return {"document": self.document, "incident": self.incident, "text": self.text, "killed": self.killed,
                "injured": self.injured, "date": self.date.isoformat() if self.date else None, "place": self.place}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> IncidentSource:
        return cls(document=str(d["document"]), incident=str(d.get("incident") or ""), text=d.get("text") or "",
                   killed=d.get("killed"), injured=d.get("injured"), date=_date_or_none(d.get("date")),
                   place=d.get("place"))


@dataclass
class Incident:
    """One event the text reports, with its evidence, place, date and casualties."""

    id: str
    type: str
    sub_type: str | None
    text: str  # the main evidence sentence
    start: int
    end: int
    sentences: list[str] = field(default_factory=list)
    spans: list[tuple[int, int]] = field(default_factory=list)  # offsets of the evidence sentences
    trigger: str | None = None
    place: Place | None = None
    geo_precision: int | None = None
    date: dt.date | None = None
    date_end: dt.date | None = None
    date_text: str | None = None
    time_precision: int | None = None
    time_of_day: str | None = None
    status: str = "past"  # past | planned | ongoing
    killed: int | None = None
    injured: int | None = None
    casualties_text: str | None = None
    actors: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    background: bool = False  # an earlier event the text gives as context ("the 2019 massacre in the same village")
    sources: list[IncidentSource] = field(default_factory=list)  # set when merged from several reports

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "sub_type": self.sub_type,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "sentences": list(self.sentences),
            "spans": [list(s) for s in self.spans],
            "trigger": self.trigger,
            "place": self.place.to_dict() if self.place is not None else None,
            "geo_precision": self.geo_precision,
            "date": self.date.isoformat() if self.date else None,
            "date_end": self.date_end.isoformat() if self.date_end else None,
            "date_text": self.date_text,
            "time_precision": self.time_precision,
            "time_of_day": self.time_of_day,
            "status": self.status,
            "casualties": {"killed": self.killed, "injured": self.injured, "text": self.casualties_text},
            "actors": list(self.actors),
            "flags": list(self.flags),
            "background": self.background,
            **({"sources": [s.to_dict() for s in self.sources]} if self.sources else {}),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Incident:
        """The inverse of :meth:`to_dict` (an incident read back from ``geomap extract`` output)."""
        casualties = d.get("casualties") or {}
        place = d.get("place")
        return cls(
            id=str(d["id"]), type=d["type"], sub_type=d.get("sub_type"), text=d.get("text") or "",
            start=int(d.get("start") or 0), end=int(d.get("end") or 0),
            sentences=list(d.get("sentences") or []),
            spans=[(int(s[0]), int(s[1])) for s in d.get("spans") or []],
            trigger=d.get("trigger"), place=Place.from_dict(place) if place else None,
            geo_precision=d.get("geo_precision"), date=_date_or_none(d.get("date")),
            date_end=_date_or_none(d.get("date_end")), date_text=d.get("date_text"),
            time_precision=d.get("time_precision"), time_of_day=d.get("time_of_day"),
            status=d.get("status") or "past", killed=casualties.get("killed"), injured=casualties.get("injured"),
            casualties_text=casualties.get("text"), actors=list(d.get("actors") or []),
            flags=list(d.get("flags") or []), background=bool(d.get("background", False)),
            sources=[IncidentSource.from_dict(s) for s in d.get("sources") or []])
