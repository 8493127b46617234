"""Approximate points for places the gazetteer lacks, from the place the text says they are near or in.

A name recognised only by a cue ("the village of X", see :mod:`geomap.recognize.cues`) has no gazetteer entry.
When the words right after it tie it to a place geomap has located ("X near Y", "X, a village near Y",
"X outside Y", "the village of X in the Y district", "X in Y"), it takes Y's point with a low confidence,
``approximate: True`` and a reason that says so. Y must be small enough for its point to stand for X: a town, a
second-level division, or a first-level division whose outline is at most :data:`MAX_ANCHOR_KM` across; never a
country. Downstream, an approximate place never decides a claim (see geomap.claims) and an incident prefers a
gazetteer place in its sentence (see geomap.incidents.candidates).
"""

from __future__ import annotations

import dataclasses
import math
import re

from ..model import Place
from ..recognize.cues import cue_recognised

MAX_CONFIDENCE = 0.25  # an approximate point is below the claims' confidence threshold (0.3)
MAX_ANCHOR_KM = 100.0  # a division wider than this (its outline's bounding box) is too coarse to stand for a village
_ANCHOR_FEATURES = ("city", "admin2")

# Between the unknown name (and the other unknown names listed with it) and its anchor.
_APPOSITIVE = r"(?:,?\s+(?:which\s+is\s+|that\s+is\s+)?(?:an?\s+|the\s+)?(?:[a-z]+\s+){0,2}" \
              r"(?:village|town|hamlet|settlement|community|suburb|camp|locality)s?)?"
_NOUN = r"(?:village|town|hamlet|settlement|community|suburb|camp|locality)s?"
_RELATION = re.compile(r"(?:\s+" + _NOUN + r"\s+(?P<of>of)|" + _APPOSITIVE
                       + r",?\s+(?:(?P<near>(?:just\s+|very\s+|a\s+few\s+\w+\s+)?(?:near|close\s+to|next\s+to|"
                       r"(?:north|south|east|west|north-?east|north-?west|south-?east|south-?west)\s+of))|"
                       r"(?P<outside>(?:just\s+)?outside(?:\s+of)?)|(?P<in>in|inside|within)))\s+"
                       r"(?:the\s+)?(?:(?:northern|southern|eastern|western|central|north|south|east|west)\s+)?")
_SEPARATOR = re.compile(r"(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)")
_WORDS = {"near": "near", "outside": "just outside", "in": "in", "of": "in"}


def place_approximately(text: str, places: list[Place]) -> list[Place]:
    """``places`` with every cue-recognised unknown name that the text ties to a located place given that
    place's point, approximately (the other places unchanged, in the same order)."""
    if not any(cue_recognised(p) for p in places):
        return places
    by_start = {p.start: p for p in places}
    anchored: dict[str, tuple[Place, str]] = {}  # one sense per name: the first anchor serves every mention
    for p in places:
        if cue_recognised(p) and p.text not in anchored:
            anchor, how = _anchor(text, p, by_start)
            if anchor is None:
                anchor, how = _district_seat(text, p, places)
            if anchor is not None:
                anchored[p.text] = anchor, how
    if not anchored:
        return places
    return [approximate(p, *anchored[p.text]) if cue_recognised(p) and p.text in anchored else p for p in places]


def approximate(p: Place, anchor: Place, how: str) -> Place:
    """``p`` placed at ``anchor``'s point, flagged approximate; ``how`` ends the reason ("which the text says
    it is near")."""
    admin1 = anchor.name if anchor.feature == "admin1" else anchor.admin1
    return dataclasses.replace(
        p, lat=anchor.lat, lon=anchor.lon, country_code=anchor.country_code, admin1=admin1,
        confidence=round(min(MAX_CONFIDENCE, MAX_CONFIDENCE * anchor.confidence), 3), approximate=True,
        reason=f"approximate: not in the gazetteer; placed at {anchor.name or anchor.text}, {how}")


def _anchor(text: str, p: Place, by_start: dict[int, Place]) -> tuple[Place | None, str]:
    """The place the words right after ``p`` say it is near or in, and the relation; (None, "") if none."""
    pos = p.end
    while True:  # "the villages of X, Y and Z near W": past the other unknown names of the list
        sep = _SEPARATOR.match(text, pos)
        nxt = by_start.get(sep.end()) if sep else None
        if nxt is None or not cue_recognised(nxt):
            break
        pos = nxt.end
    m = _RELATION.match(text, pos)
    if m is None:
        return None, ""
    y = by_start.get(m.end())
    if y is None or not _fits(y):
        return None, ""
    return y, f"which the text says it is {_WORDS[m.lastgroup or 'in']}"


# "the Grayvoronsky district", "Sudzhansky raion": a Russian or Ukrainian district is named, as an adjective,
# after its seat (Grayvoron, Sudzha, Shebekino); a district is a few tens of km across, so its seat stands for it
_ADJECTIVAL = re.compile(r"(?:sky|skiy|skyi|skii|ski)$")
_DISTRICT_AFTER = re.compile(r"\s+(?:district|raion|rayon)\b")
_SEAT_ENDINGS = ("", "o", "a")  # Grayvoron-sky, Shebekin-sky, Sudzhan-sky: the seat is the stem, -o, -a
_SEAT_COUNTRIES = frozenset(("RU", "UA", "BY"))


def _district_seat(text: str, p: Place, places: list[Place]) -> tuple[Place | None, str]:
    """The seat a district named by an adjective is named after, in a division the document names."""
    stem = _ADJECTIVAL.sub("", p.text)
    if stem == p.text or len(stem) < 4 or not _DISTRICT_AFTER.match(text, p.end):
        return None, ""
    located = [q for q in places if q.resolved and not q.approximate]
    divisions = {(q.country_code, q.admin1) for q in located if q.admin1}
    from ..gazetteer import get_gazetteer  # a district named so is rare: the data is asked only then

    gaz = get_gazetteer()
    seats = {e.idx: e for ending in _SEAT_ENDINGS for e in gaz.lookup(stem + ending)
             if e.feature == "city" and e.country_code in _SEAT_COUNTRIES and stem[0] == e.name[0]
             and (e.country_code, gaz.admin1_name(e.country_code, e.admin1_code)) in divisions}
    if len(seats) != 1:
        return None, ""  # none in a division the text names, or several: no guess
    e = next(iter(seats.values()))
    seat = Place(text=e.name, start=p.start, end=p.end, name=e.name, lat=e.lat, lon=e.lon,
                 country_code=e.country_code, feature="city", confidence=1.0,
                 admin1=gaz.admin1_name(e.country_code, e.admin1_code))
    return seat, "the seat the district is named after"


def _fits(y: Place) -> bool:
    """Whether a place is located, not itself approximate, and small enough to stand for a village in it."""
    if not y.resolved or y.approximate or y.mention != "toponym":
        return False
    if y.feature in _ANCHOR_FEATURES:
        return True
    return y.feature == "admin1" and _small_division(y)


def _small_division(y: Place) -> bool:
    from ..divisions import get_divisions  # only for an admin1 anchor, which is rare

    d = get_divisions().find(y.name or y.text, y.country_code, y.geonameid)
    if d is None:
        return False  # no outline: its size is unknown
    lon0, lat0, lon1, lat1 = d.bbox
    km_lat = (lat1 - lat0) * 111.2
    km_lon = (lon1 - lon0) * 111.2 * math.cos(math.radians((lat0 + lat1) / 2))
    return math.hypot(km_lat, km_lon) <= MAX_ANCHOR_KM
