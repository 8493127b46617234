"""Hand-made analyses for the render tests (texts written for geomap's tests).

They follow the Claim/Incident ``to_dict()`` shapes of the shared JSON contract, so the render
tests do not depend on the claim and incident extractors.
"""

from __future__ import annotations

import random

from geomap.model import Analysis, Document, Place

INJECTION = ('<script>window.__pwned = "script";</script>'
             '<img src="x" onerror="window.__pwned = \'img\'; alert(1)">')

TEXT = (
    "Lying roughly 30 kilometres from the Russian border, Kharkiv came under fire again on Wednesday. "
    "A guided bomb hit an apartment block in Kharkiv late that night and 12 people were hurt. "
    f"A spokesman in Kyiv posted {INJECTION} without comment. "
    "Residents of Quixotl Springs were not reached."
)


class Dictish:
    """A stand-in for a Claim or Incident object: anything with ``to_dict()``."""

    def __init__(self, d: dict) -> None:
        self.d = d

    def to_dict(self) -> dict:
        return self.d


def _span(text: str, s: str, nth: int = 1) -> tuple[int, int]:
    i = -1
    for _ in range(nth):
        i = text.index(s, i + 1)
    return i, i + len(s)


KHARKIV = {"text": "Kharkiv", "name": "Kharkiv", "lat": 49.98081, "lon": 36.25272, "country_code": "UA",
           "feature": "city", "geonameid": 706483}


def sample_analysis(text: str = TEXT, *, doc_id: str = "sample", title: str | None = None) -> Analysis:
    """One article: 3 located places (Kharkiv twice), 1 unlocated, 1 claim, 1 incident."""
    places = [
        Place("Russian", *_span(text, "Russian"), name="Russia", lat=60.0, lon=100.0, country_code="RU",
              feature="country", geonameid=2017370, mention="demonym"),
        Place("Kharkiv", *_span(text, "Kharkiv"), name="Kharkiv", lat=49.98081, lon=36.25272,
              country_code="UA", feature="city", geonameid=706483),
        Place("Kharkiv", *_span(text, "Kharkiv", 2), name="Kharkiv", lat=49.98081, lon=36.25272,
              country_code="UA", feature="city", geonameid=706483),
        Place("Kyiv", *_span(text, "Kyiv"), name="Kyiv", lat=50.45466, lon=30.5238, country_code="UA",
              feature="city", geonameid=703448),
        Place("Quixotl Springs", *_span(text, "Quixotl Springs"), reason="not in the gazetteer"),
    ]
    a = Analysis(Document(text=text, id=doc_id, title=title or f"Strike on Kharkiv {INJECTION}", source="tests"),
                 places=places)
    cs, ce = _span(text, "Lying roughly 30 kilometres from the Russian border, Kharkiv")
    a.claims = [Dictish({
        "text": text[cs:ce], "start": cs, "end": ce, "subject": dict(KHARKIV),
        "reference": {"kind": "border", "text": "Russian border", "name": f"Russia\u2013Ukraine {INJECTION}",
                      "countries": ["RU", "UA"], "point": {"lat": 50.25, "lon": 36.55}},
        "value": 30, "unit": "km", "claimed_km": 30.0, "claimed_min_km": 24.0, "claimed_max_km": 36.0,
        "qualifier": "roughly", "direction": None, "measured_km": 32.7, "measured_bearing_deg": 34.0,
        "verdict": "supported", "tolerance_km": 6.0, "rule": "hedged distance", "reason": INJECTION,
        "data": "Natural Earth 1:10m land border, good to a few hundred metres",
    })]
    is_, ie = _span(text, "A guided bomb hit")
    a.incidents = [Dictish({
        "id": "sample-i1", "type": "Explosions/Remote violence", "sub_type": "Air/drone strike",
        "text": text[is_:ie], "start": is_, "end": ie, "sentences": [f"A guided bomb hit an apartment block {INJECTION} in Kharkiv."],
        "place": dict(KHARKIV), "geo_precision": 1, "date": "2024-10-02", "date_text": "Wednesday",
        "time_precision": 1, "time_of_day": "night", "status": "past",
        "casualties": {"killed": None, "injured": 12, "text": "12 people were hurt"}, "actors": [], "flags": [],
    })]
    return a


def many_incidents(n: int, *, docs: int = 1, seed: int = 7) -> list[dict]:
    """``docs`` analysis dicts holding ``n`` located incidents in total, spread over Europe."""
    rng = random.Random(seed)
    kinds = ["airstrike", "shelling", "drone", "protest", "flood", "explosion", "arrest", "fire"]
    out = []
    for d in range(docs):
        incidents = []
        for k in range(n // docs + (1 if d < n % docs else 0)):
            lat, lon = rng.uniform(35, 60), rng.uniform(-10, 40)
            kind = rng.choice(kinds)
            incidents.append({
                "id": f"d{d}-i{k}", "type": kind, "sub_type": None, "text": f"{kind} number {k}",
                "start": 0, "end": 10,
                "sentences": [f"Report {k}: a {kind} was recorded near the town centre, officials said."],
                "place": {"text": f"Town {d}-{k}", "name": f"Town {d}-{k}", "lat": lat, "lon": lon,
                          "country_code": "XX"},
                "geo_precision": 2, "date": "2024-10-01", "date_text": None, "time_precision": 1,
                "time_of_day": None, "status": "past",
                "casualties": {"killed": rng.choice([None, 0, 1, 3]), "injured": rng.choice([None, 2, 10]),
                               "text": None},
                "actors": [], "flags": [],
            })
        out.append({"id": f"feed-{d}", "date": "2024-10-02", "source": "synthetic feed", "title": None,
                    "places": [], "claims": [], "incidents": incidents, "warnings": []})
    return out


def dated_feed() -> dict:
    """One analysis dict with five incidents in distinct towns: three dated days apart (one a range),
    one undated and one mentioned as background (dated a year earlier)."""
    def incident(n: int, name: str, lat: float, lon: float, **extra) -> dict:
        return {"id": f"feed-i{n}", "type": "Battles", "sub_type": None, "text": f"fighting near {name}",
                "start": 0, "end": 10, "sentences": [f"Fighting was reported near {name}."],
                "place": {"text": name, "name": name, "lat": lat, "lon": lon, "country_code": "UA",
                          "feature": "city"},
                "geo_precision": 1, "date": None, "status": "past", "actors": [], "flags": [],
                "casualties": {"killed": None, "injured": None, "text": None}, **extra}

    return {"id": "feed", "title": "Fighting along the front", "source": "/home/analyst/private/feed.jsonl",
            "date": "2024-10-10", "places": [], "claims": [], "warnings": [],
            "incidents": [
                incident(1, "Kupiansk", 49.7106, 37.6153, date="2024-10-01", date_end="2024-10-01"),
                incident(2, "Izium", 49.2103, 37.2569, date="2024-10-04", date_end="2024-10-06"),
                incident(3, "Lyman", 48.9886, 37.8022, date="2024-10-09", date_end="2024-10-09"),
                incident(4, "Balakliia", 49.4627, 36.8589),
                incident(5, "Chuhuiv", 49.8353, 36.6881, date="2023-10-01", background=True),
            ]}
