"""The figures of a numeric claim: numbers, units, hedges ("about", "less than") and compass directions.

    "around 30 kilometres" / "between 5 and 8 miles" / "less than a mile" / "half a kilometre" / "1e308 km"
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..model import Claim
from ..text import NUMBER_RE, parse_number

# ----------------------------------------------------------------------------- numbers and units
UNIT_RE = (r"(?P<unit>nautical\s+miles?|nmi|kilomet(?:re|er)s?|kms?|km\.?|miles?|mi\.?|met(?:re|er)s?)")


def unit_key(u: str) -> str:
    u = u.lower()
    if u.startswith("nautical") or u == "nmi":
        return "nmi"
    if u.startswith("kilo") or u.startswith("km"):
        return "km"
    if u.startswith("mi"):
        return "mi"
    return "m"


# ----------------------------------------------------------------------------- qualifiers, directions

QUALIFIERS = [
    ("about", r"around|about|some|roughly|approximately|approx\.?|an\s+estimated|an\s+approximate|circa|"
              r"close\s+to|more\s+or\s+less|just|only"),
    ("nearly", r"nearly|almost|just\s+under|just\s+short\s+of|not\s+quite"),
    ("at_most", r"less\s+than|under|within|up\s+to|no\s+more\s+than|not\s+more\s+than|at\s+most|fewer\s+than|"
                r"below|barely"),
    ("at_least", r"more\s+than|over|at\s+least|upwards\s+of|beyond|no\s+less\s+than|not\s+less\s+than|"
                 r"just\s+over|well\s+over"),
    ("between", r"between"),
]
QUAL_RE = "|".join(f"(?P<q_{k}>{v})" for k, v in QUALIFIERS)

_DIR_WORD = r"(?:north|south|east|west)"
DIRECTION_RE = (rf"(?P<dir>{_DIR_WORD}(?:[- ]?{_DIR_WORD}){{0,2}}|"
                 r"(?-i:NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW|NE|NW|SE|SW|N|S|E|W))(?:ward)?")

# "a mile", "half a kilometre": the article as a figure, before a unit only
_ARTICLE_FIGURE = r"(?:half\s+)?an?(?=\s+(?:miles?|kilomet(?:re|er)s?|km)\b)"
# vague amounts ("a few kilometres", "dozens of miles"): the range they are read as (a "vague" claim)
VAGUE_AMOUNTS = {"few": (2.0, 5.0), "couple of": (1.0, 3.0), "couple": (1.0, 3.0), "several": (3.0, 9.0),
                 "tens of": (20.0, 90.0), "dozens of": (20.0, 100.0), "few hundred": (200.0, 500.0),
                 "several hundred": (300.0, 900.0), "hundreds of": (100.0, 999.0), "few thousand": (2000.0, 5000.0),
                 "thousands of": (1000.0, 9999.0)}
_VAGUE_RE = "|".join(k.replace(" ", r"\s+") for k in sorted(VAGUE_AMOUNTS, key=len, reverse=True))
NUMBER = (rf"(?:{_VAGUE_RE}(?=\s)|[-−]?\d+(?:\.\d+)?[eE][+-]?\d+|{NUMBER_RE}|{_ARTICLE_FIGURE})")  # "1e308": impossible


def number(text: str) -> float | None:
    """parse_number, plus the scientific notation that only impossible figures use ("1e308") and the article
    as a figure ("a mile", "half a mile")."""
    low = text.lower()
    if low in ("a", "an"):
        return 1.0
    if low.startswith("half"):
        return 0.5
    if "e" in text.lower() and any(ch.isdigit() for ch in text):
        try:
            return float(text.replace("−", "-"))
        except ValueError:
            return None
    return parse_number(text)


class Figures(NamedTuple):
    """What a numeric claim states: "between 5 and 8 km" -> (5, 8, "between", "between")."""

    value: float
    value_max: float | None
    qualifier: str
    qualifier_text: str | None


def figures(m: re.Match) -> Figures | None:
    """The figures of a numeric claim match, or None if it is no claim ("30 km of trenches")."""
    num_text, num2_text, qual_text = m.group("num"), m.group("num2"), m.group("qual")
    if qual_text and qual_text.lower() == "between" and not num2_text and " and " in num_text:
        num_text, num2_text = num_text.rsplit(" and ", 1)  # "between five and eight km"
    vague = VAGUE_AMOUNTS.get(" ".join(num_text.lower().split()))
    if vague is not None and not num2_text:
        return _vague_figures(m, vague)
    num = number(num_text)
    num2 = parse_number(num2_text) if num2_text else None
    if num is None or (num2_text and num2 is None):
        return None
    qualifier = next(k for k, _ in QUALIFIERS if m.group(f"q_{k}")) if qual_text else "exact"
    if m.groupdict().get("radius"):
        qualifier = "at_most"  # "within a 20-km radius of X", "a 20 km radius around X"
    elif (m.groupdict().get("conn") or "").lower() == "of" and qualifier != "at_most":  # "30 km of trenches" is no claim
        return None
    if num2 is not None:
        qualifier = "between"
    elif qualifier == "between":  # "between 5 km" without the second figure: treat as exact
        qualifier = "exact"
    return Figures(num, num2, qualifier, qual_text)


def _vague_figures(m: re.Match, vague: tuple[float, float]) -> Figures | None:
    """ "a few km": a range judged loosely; "within a few km": at most its top; "of" makes it no claim."""
    lo, hi = vague
    qual_text = m.group("qual")
    qualifier = next(k for k, _ in QUALIFIERS if m.group(f"q_{k}")) if qual_text else "vague"
    if (m.groupdict().get("conn") or "").lower() == "of" and qualifier != "at_most":
        return None  # "dozens of km of trenches"
    if qualifier == "at_most":
        return Figures(hi, None, qualifier, qual_text)
    if qualifier == "at_least":
        return Figures(lo, None, qualifier, qual_text)
    return Figures(lo, hi, "vague", m.string[m.start():m.start("unit")].strip())  # "just a few"


# A road runs 1.2 to 2 times the straight line between two towns (more in mountains): a figure that long
# against a point-to-point measurement may be a road distance ("280 km north of Chandigarh" for Manali).
ROAD_FACTOR = (1.15, 2.2)


def road_note(claim: Claim, measured: float, lo: float) -> None:
    """A note on a figure too long for the straight line but within what roads add (the verdict stands)."""
    ref = claim.reference
    if measured >= lo or ref is None or ref.kind != "place" or measured <= 0 or claim.claimed_km is None:
        return
    ratio = claim.claimed_km / measured
    if ROAD_FACTOR[0] <= ratio <= ROAD_FACTOR[1]:
        claim.notes.append(f"the figure is {ratio:.1f} times the straight line measured here; if the text gives a "
                           "distance by road, it may hold (roads run 1.2-2 times longer)")
