"""Claims about two named places at once: "X and Y, about 80 km apart" is the distance between them;
"Homs, halfway between Damascus and Aleppo" puts the subject near the midpoint of the two.

The first place is the subject, the second the reference; the claim is measured like "X, 80 km from Y"
(no direction). Only towns and other points count: "Ukraine and Russia, 2,000 km apart" names no points.
"""

from __future__ import annotations

import re

from ..geodesy import distance_km, midpoint
from ..model import Claim, Place, Reference
from ..model.claim import KM_PER_UNIT
from ..text import NUMBER_RE, Sentence
from .figures import NUMBER, QUAL_RE, UNIT_RE, figures, unit_key
from .forms import attach_subject
from .subject import LIGHT, find_subject, light_gap, places_between

_APART_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<qual>{QUAL_RE})\s+)?(?P<num>{NUMBER})"
    rf"(?:\s*(?:-|–|to|and)\s*(?P<num2>{NUMBER_RE}))?(?:\s*-\s*|\s+|(?<=\d)){UNIT_RE}"
    r"(?:\s*\([^()\n]{1,40}\))?\s+apart\b",
    re.I,
)
# between the two names: "and", "and the town of"
_AND = re.compile(r"\s*,?\s+and\s+(?:the\s+(?:[a-z-]+\s+){0,2}(?:town|city|village|port)\s+of\s+)?", re.I)
_GAP_MAX = 80  # characters from the second name to the figure ("Goma and Bukavu, the two lakeside cities, 100 km")
_NO_BREAK = re.compile(r"[.;:!?\n]")
_NOT_POINTS = ("country", "admin1", "water", "region")
# the words that may stand between the two names and the figure: "Sumy and Kursk, the two regional capitals, lie"
_PAIR_LIGHT = LIGHT | frozenset("two cities towns villages capitals ports settlements are lie sit lying sitting "
                                "neighbouring neighboring lakeside twin".split())


def _pair_before(text: str, pos: int, places: list[Place]) -> tuple[Place, Place] | None:
    """The two names joined by "and" just before ``pos``, with no other name or sentence break after them."""
    before = places_between(places, max(0, pos - _GAP_MAX - 200), pos)
    if len(before) < 2:
        return None
    a, b = before[-2], before[-1]
    gap = text[b.end:pos]
    if len(gap) > _GAP_MAX or _NO_BREAK.search(gap) or not _AND.fullmatch(text, a.end, b.start) \
            or not light_gap(gap.replace("—", " ").replace("–", " "), _PAIR_LIGHT):
        return None  # "Kharkiv and Sumy saw two blasts 5 km apart": the figure is about something else
    if any(p.mention == "demonym" or p.feature in _NOT_POINTS for p in (a, b)):
        return None
    return a, b


# "the distance between X and Y is about 80 km": the figure right after the second name
_DISTANCE_BETWEEN = re.compile(r"\bdistance\s+between\s+", re.I)
_FIGURE_AFTER = re.compile(
    rf"\s+(?:is|was|of|stands\s+at|measures)\s+(?:(?P<qual>{QUAL_RE})\s+)?(?P<num>{NUMBER})"
    rf"(?:\s*(?:-|–|to|and)\s*(?P<num2>{NUMBER_RE}))?(?:\s*-\s*|\s+|(?<=\d)){UNIT_RE}(?![^\W\d_])", re.I)


def _distance_between(text: str, places: list[Place]):
    """(figure match, (X, Y), start) of each "the distance between X and Y is N km"."""
    for d in _DISTANCE_BETWEEN.finditer(text):
        after = places_between(places, d.end(), d.end() + 200)
        if len(after) < 2 or after[0].start != d.end() or not _AND.fullmatch(text, after[0].end, after[1].start):
            continue
        m = _FIGURE_AFTER.match(text, after[1].end)
        if m is not None and not any(p.mention == "demonym" or p.feature in _NOT_POINTS for p in after[:2]):
            yield m, (after[0], after[1]), d.start()


def apart_claims(text: str, places: list[Place]) -> list[Claim]:
    """ "X and Y, (about) N km apart" / "the distance between X and Y is N km": one claim, X measured from Y."""
    out: list[Claim] = []
    found_pairs = []
    for m in _APART_RE.finditer(text):
        pair = _pair_before(text, m.start(), places)
        found_pairs.append((m, pair, pair[0].start if pair else 0))
    if "distance between" in text.lower():
        found_pairs += list(_distance_between(text, places))
    for m, pair, start in sorted(found_pairs, key=lambda f: f[2]):
        found = figures(m) if pair is not None else None
        if found is None:
            continue
        num, num2, qualifier, qual_text = found
        a, b = pair
        unit = unit_key(m.group("unit"))
        ref = Reference(kind="place", text=b.text, start=b.start, end=b.end, name=b.name, place=b)
        c = Claim(text=text[start:m.end()], start=start, end=m.end(), value=num, value_max=num2, unit=unit,
                  km_per_unit=KM_PER_UNIT[unit], qualifier=qualifier, qualifier_text=qual_text, reference=ref)
        c.subject, c.subject_link, c.subject_span = a, "appositive", (a.text, a.start, a.end)
        c.notes.append(f"a distance between two places: {a.text!r} measured from {b.text!r}")
        out.append(c)
    return out



# "Khartoum and Omdurman, across the Nile from each other": the two towns face each other over a river or a
# border; judged like "X, across the Nile from Y" (near for towns of one country, else the border between them)
_ACROSS_EACH_OTHER = re.compile(
    r"(?:,\s*|\s+(?:which\s+|that\s+)?(?:(?:lie|sit|stand|are|were|face)\s+)?)(?:(?:just|right|directly)\s+)?"
    r"(?P<words>(?:across|over)\s+(?:the\s+)?(?:(?:[A-Z][\w'’-]*|river|border|frontier)\s+){0,3}?(?:from|of)"
    r")\s+(?:each\s+other|one\s+another)\b", re.I)


def across_pair_claims(text: str, places: list[Place]) -> list[Claim]:
    """ "X and Y, across the Nile from each other": one 'across' claim, X measured from Y."""
    out: list[Claim] = []
    for i, b in enumerate(places):
        m = _ACROSS_EACH_OTHER.match(text, b.end)
        if m is None or i == 0:
            continue
        a = places[i - 1]
        if not _AND.fullmatch(text, a.end, b.start) or any(p.mention == "demonym" or p.feature in _NOT_POINTS
                                                           for p in (a, b)):
            continue
        ref = Reference(kind="place", text=b.text, start=b.start, end=b.end, name=b.name, place=b)
        c = Claim(text=text[a.start:m.end()], start=a.start, end=m.end(), value=None, unit=None, km_per_unit=1.0,
                  qualifier="across", qualifier_text=m.group("words").replace(" of", " from"), reference=ref)
        c.subject, c.subject_link, c.subject_span = a, "appositive", (a.text, a.start, a.end)
        c.notes.append(f"two places across from each other: {a.text!r} measured from {b.text!r}")
        out.append(c)
    return out


# "halfway between X and Y", "midway between X and Y", "roughly halfway between"
_HALFWAY_RE = re.compile(r"(?<![\w-])(?:(?:roughly|about|almost|nearly|approximately)\s+)?(?:half-?way|mid-?way)"
                         r"\s+between\s+(?:the\s+(?:town|city|village)s?\s+of\s+)?", re.I)
HALFWAY_SHARE = 0.25  # a subject within a quarter of the span from the midpoint is "halfway"


def halfway_claims(text: str, places: list[Place], sentences: list[Sentence]) -> list[Claim]:
    """ "Homs, halfway between Damascus and Aleppo": the subject within a quarter of the Damascus-Aleppo
    distance of the geodesic midpoint (an at-most claim measured from the midpoint)."""
    out: list[Claim] = []
    for m in _HALFWAY_RE.finditer(text):
        after = places_between(places, m.end(), m.end() + 200)
        if len(after) < 2 or after[0].start != m.end() or not _AND.fullmatch(text, after[0].end, after[1].start):
            continue
        a, b = after[0], after[1]
        if not (a.resolved and b.resolved) or any(p.feature in _NOT_POINTS for p in (a, b)):
            continue
        span_km = distance_km(a.lat, a.lon, b.lat, b.lon)
        lat, lon = midpoint(a.lat, a.lon, b.lat, b.lon)
        mid = Place(text=text[a.start:b.end], start=a.start, end=b.end, name=f"the midpoint of {a.name} and {b.name}",
                    lat=lat, lon=lon, feature="landmark", confidence=1.0, reason="geodesic midpoint of the two places")
        ref = Reference(kind="place", text=mid.text, start=a.start, end=b.end, name=mid.name, place=mid)
        limit = round(HALFWAY_SHARE * span_km, 1)
        c = Claim(text=text[m.start():b.end], start=m.start(), end=b.end, value=limit, unit="km", km_per_unit=1.0,
                  qualifier="at_most", qualifier_text=m.group(0).strip(), reference=ref)
        c.notes.append(f"halfway: within a quarter of the {span_km:,.0f} km between {a.name} and {b.name} "
                       f"of their midpoint")
        attach_subject(c, find_subject(text, m.start(), ref, places, sentences, exclude=((a.start, b.end),)))
        out.append(c)
    return out
