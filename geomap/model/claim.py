"""Spatial claims of the JSON contract: what a claim measures from (Reference) and the claim itself.

A :class:`Claim` is a statement such as "about 30 km from the Russian border": a figure with its
unit and hedge (or a qualitative relation such as "near" or "on the outskirts of"), an optional
direction, a :class:`Reference` and a subject place. The claims stage (:mod:`geomap.claims`)
parses, measures and judges them; this module only holds the data and its (de)serialisation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .core import Place

__all__ = ["KM_PER_UNIT", "Claim", "Reference"]

# Kilometres per unit of every unit a claim can state (the parser uses the same table).
KM_PER_UNIT = {"km": 1.0, "mi": 1.609344, "nmi": 1.852, "m": 0.001}


def _point(d: dict[str, Any] | None) -> tuple[float, float] | None:
    return None if not d else (float(d["lat"]), float(d["lon"]))


def _point_dict(p: tuple[float, float] | None) -> dict[str, float] | None:
    return None if p is None else {"lat": p[0], "lon": p[1]}


def _span(d: dict[str, Any] | None) -> tuple[str, int, int] | None:
    return None if not d else (str(d["text"]), int(d["start"]), int(d["end"]))


def _round(x: float | None, nd: int = 3) -> float | None:
    return None if x is None else round(x, nd)


@dataclass
class Reference:
    """What a claim measures from: a country's border, a coast, a place, a region, or something unplaceable."""

    kind: str  # "border" | "coast" | "place" | "region" | "unknown"
    text: str
    start: int
    end: int
    name: str | None = None
    country_names: list[str] = field(default_factory=list)  # as written: ["Russian"], ["Ukraine", "Belarus"]
    countries: list[str] = field(default_factory=list)  # ISO alpha-2 (or data keys) once resolved
    place: Place | None = None
    point: tuple[float, float] | None = None  # nearest border point or the place's point (lat, lon)
    nearest_pair: list[str] | None = None
    reason: str | None = None
    capital_of: str | None = None  # "Ukrainian" in "the Ukrainian capital"; "" for the subject's own capital
    inside: bool = False  # "10 km inside Russian territory": the subject lies in the named country


    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "text": self.text, "start": self.start, "end": self.end,
            "name": self.name or (self.place.name if self.place else None),
            "countries": list(self.countries),
            "point": _point_dict(self.point),
            "place": self.place.to_dict() if self.place else None,
            "inside": self.inside,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Reference:
        """The inverse of :meth:`to_dict`."""
        return cls(kind=d["kind"], text=d.get("text", ""), start=int(d.get("start", 0)), end=int(d.get("end", 0)),
                   name=d.get("name"), countries=list(d.get("countries") or []), point=_point(d.get("point")),
                   place=Place.from_dict(d["place"]) if d.get("place") else None, inside=bool(d.get("inside")))


@dataclass
class Claim:
    """One distance or proximity claim (optionally with a direction), its measurement and verdict.

    ``qualifier`` is one of the numeric hedges ``exact``, ``about``, ``nearly``, ``at_most``,
    ``at_least``, ``between``, ``vague`` ("a few km": ``value``-``value_max`` is the range the words are read
    as) (``value`` is the figure), or a qualitative relation ``near``, ``on``,
    ``across``, ``outskirts``, ``direction_only`` (``value`` is None).
    """

    text: str
    start: int
    end: int
    value: float | None
    unit: str | None
    km_per_unit: float
    qualifier: str
    qualifier_text: str | None
    reference: Reference
    subject: Place | None = None
    value_max: float | None = None
    direction: str | None = None
    direction_deg: float | None = None
    measured_km: float | None = None
    measured_bearing_deg: float | None = None
    alt_measured_km: float | None = None
    verdict: str = "unverifiable"
    tolerance_km: float | None = None
    accepted_min_km: float | None = None
    accepted_max_km: float | None = None
    rule: str | None = None
    reason: str | None = None
    data: str | None = None
    disputed: list[dict] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    tolerance_policy: dict[str, Any] | None = None  # the Tolerance the verdict was given under, as a dict
    subject_span: tuple[str, int, int] | None = None  # (text, start, end) of the words naming the subject
    subject_link: str | None = None  # how the subject was found: appositive, reference back, ...
    measured_to: tuple[float, float] | None = None  # the point the distance was measured to (lat, lon)

    @property
    def numeric(self) -> bool:
        """True for a stated figure ("30 km"), False for a qualitative relation ("near")."""
        return self.value is not None

    @property
    def claimed_km(self) -> float | None:
        """The distance claimed, in km (the midpoint for "between X and Y"); None when qualitative."""
        if self.value is None:
            return None
        if self.value_max is not None:
            return (self.value + self.value_max) / 2.0 * self.km_per_unit
        return self.value * self.km_per_unit

    @property
    def claimed_min_km(self) -> float | None:
        """Lower end of what the words state (0 for "less than", the value for "about")."""
        if self.value is None:
            return None
        if self.qualifier == "at_most":
            return 0.0
        return self.value * self.km_per_unit

    @property
    def claimed_max_km(self) -> float | None:
        """Upper end of what the words state (None for "more than")."""
        if self.value is None or self.qualifier == "at_least":
            return None
        if self.value_max is not None:
            return self.value_max * self.km_per_unit
        return self.value * self.km_per_unit

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text, "start": self.start, "end": self.end,
            "subject": self.subject.to_dict() if self.subject else None,
            "reference": self.reference.to_dict(),
            "value": self.value, "value_max": self.value_max, "unit": self.unit,
            "claimed_km": _round(self.claimed_km), "claimed_min_km": _round(self.claimed_min_km),
            "claimed_max_km": _round(self.claimed_max_km),
            "qualifier": self.qualifier, "qualifier_text": self.qualifier_text,
            "direction": self.direction, "direction_deg": self.direction_deg,
            "measured_km": _round(self.measured_km), "measured_bearing_deg": _round(self.measured_bearing_deg, 1),
            "verdict": self.verdict, "tolerance_km": _round(self.tolerance_km),
            "accepted_min_km": _round(self.accepted_min_km), "accepted_max_km": _round(self.accepted_max_km),
            "rule": self.rule, "reason": self.reason, "data": self.data,
            "disputed": list(self.disputed), "alt_measured_km": _round(self.alt_measured_km),
            "notes": list(self.notes),
            "tolerance_policy": dict(self.tolerance_policy) if self.tolerance_policy is not None else None,
            "subject_span": None if self.subject_span is None else dict(zip(("text", "start", "end"),
                                                                               self.subject_span, strict=True)),
            "subject_link": self.subject_link,
            "measured_to": _point_dict(self.measured_to),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Claim:
        """The inverse of :meth:`to_dict` (the derived ``claimed_*_km`` figures are recomputed)."""
        unit = d.get("unit")
        return cls(
            text=d.get("text", ""), start=int(d.get("start", 0)), end=int(d.get("end", 0)),
            value=d.get("value"), unit=unit, km_per_unit=KM_PER_UNIT.get(unit or "km", 1.0), qualifier=d["qualifier"],
            qualifier_text=d.get("qualifier_text"), reference=Reference.from_dict(d["reference"]),
            subject=Place.from_dict(d["subject"]) if d.get("subject") else None,
            value_max=d.get("value_max"), direction=d.get("direction"), direction_deg=d.get("direction_deg"),
            measured_km=d.get("measured_km"), measured_bearing_deg=d.get("measured_bearing_deg"),
            alt_measured_km=d.get("alt_measured_km"), verdict=d.get("verdict", "unverifiable"),
            tolerance_km=d.get("tolerance_km"), accepted_min_km=d.get("accepted_min_km"),
            accepted_max_km=d.get("accepted_max_km"), rule=d.get("rule"), reason=d.get("reason"),
            data=d.get("data"), disputed=list(d.get("disputed") or []), notes=list(d.get("notes") or []),
            tolerance_policy=d.get("tolerance_policy"),
            subject_span=_span(d.get("subject_span")),
            subject_link=d.get("subject_link"), measured_to=_point(d.get("measured_to")),
        )
