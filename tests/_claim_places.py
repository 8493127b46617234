"""Shared by the claims form tests: an Analysis built from a table of hand-typed GeoNames points."""

from __future__ import annotations

import re

from geomap.model import Analysis, Document, Place


def analysis_of(text: str, table: dict[str, tuple]) -> Analysis:
    """An Analysis whose places are the names of ``table`` found as whole words in ``text`` (longest names
    first; ``table`` maps a name to (lat, lon, country, feature, population))."""
    places: list[Place] = []
    taken: list[tuple[int, int]] = []
    for name in sorted(table, key=len, reverse=True):
        for m in re.finditer(rf"\b{re.escape(name)}\b", text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append(m.span())
            lat, lon, cc, feature, pop = table[name]
            places.append(Place(text=name, start=m.start(), end=m.end(), name=name, lat=lat, lon=lon,
                                country_code=cc, feature=feature, population=pop, confidence=1.0))
    places.sort(key=lambda p: p.start)
    return Analysis(document=Document(text=text), places=places)


def only_claim(claims: list):
    """The one claim of a list (the test fails, listing them, when there are none or several)."""
    assert len(claims) == 1, [(c.text, c.qualifier) for c in claims]
    return claims[0]
