"""Distance and direction claims: parse them from text, then measure and judge them.

A claim is a distance with its unit and hedge ("around 30 kilometres", "between 5 and 8 miles"),
an optional direction ("north-east of", "NNE of"), a **reference** (a country's border, a place,
or something the data cannot place such as the front line) and a **subject** (the place said to
be at that distance), found through the document's resolved places and their offsets:

    "Located around 30 kilometres from the Russian border, Kharkiv ..."   fronted phrase
    "Vovchansk, a town 5 km from the Russian border, ..."                  appositive
    "Izium, which lies 120 km south-east of Kharkiv"                       relative clause
    "Kupiansk is about 40 km from the border with Russia"                  predicate

``extract_claims(analysis)`` returns the claims of an analysed document, each judged by
:func:`geomap.claims.verdict.judge` under a :class:`geomap.claims.Tolerance`. Nothing here raises on
odd text: a claim that cannot be checked is ``unverifiable`` and its ``reason`` says why.
"""

from __future__ import annotations

import re

from ..model import Claim, Place, Reference
from ..model.claim import KM_PER_UNIT
from ..text import NUMBER_RE, Sentence, parse_number, sentence_at, split_sentences

# ----------------------------------------------------------------------------- numbers and units
_UNIT_RE = (r"(?P<unit>nautical\s+miles?|nmi|kilomet(?:re|er)s?|kms?|km\.?|miles?|mi\.?|met(?:re|er)s?)")


def _unit_key(u: str) -> str:
    u = u.lower()
    if u.startswith("nautical") or u == "nmi":
        return "nmi"
    if u.startswith("kilo") or u.startswith("km"):
        return "km"
    if u.startswith("mi"):
        return "mi"
    return "m"


# ----------------------------------------------------------------------------- qualifiers, directions

_QUALIFIERS = [
    ("about", r"around|about|some|roughly|approximately|approx\.?|an\s+estimated|an\s+approximate|circa|"
              r"close\s+to|more\s+or\s+less|just|only"),
    ("nearly", r"nearly|almost|just\s+under|just\s+short\s+of|not\s+quite"),
    ("at_most", r"less\s+than|under|within|up\s+to|no\s+more\s+than|not\s+more\s+than|at\s+most|fewer\s+than|"
                r"below|barely"),
    ("at_least", r"more\s+than|over|at\s+least|upwards\s+of|beyond|no\s+less\s+than|not\s+less\s+than|"
                 r"just\s+over|well\s+over"),
    ("between", r"between"),
]
_QUAL_RE = "|".join(f"(?P<q_{k}>{v})" for k, v in _QUALIFIERS)

_DIR_WORD = r"(?:north|south|east|west)"
_DIRECTION_RE = (rf"(?P<dir>{_DIR_WORD}(?:[- ]?{_DIR_WORD}){{0,2}}|"
                 r"(?-i:NNE|ENE|ESE|SSE|SSW|WSW|WNW|NNW|NE|NW|SE|SW|N|S|E|W))(?:ward)?")

_CLAIM_RE = re.compile(
    rf"(?<![\w.,])(?:(?P<qual>{_QUAL_RE})\s+)?"
    rf"(?<![\w.,])(?P<num>{NUMBER_RE})"
    rf"(?:\s*(?:-|–|to|and)\s*(?P<num2>{NUMBER_RE}))?"
    rf"(?:\s*-\s*|\s+|(?<=\d))"
    rf"{_UNIT_RE}"
    r"(?:\s*\([^()\n]{1,40}\))?"  # a conversion in brackets: "30 kilometres (19 miles)"
    rf"(?:\s+(?:or\s+so|away))?"
    rf"\s+(?P<conn>(?:to\s+the\s+)?{_DIRECTION_RE}\s+of|from|of|outside(?:\s+of)?|off)\s+",
    re.I,
)

# ----------------------------------------------------------------------------- references

_NAME = r"[A-Z](?:[\w'’-]|\.(?=\w))*(?:\s+[A-Z](?:[\w'’-]|\.(?=\w))*){0,2}"
_BORDER_WORD = r"(?:(?:state|international|national|land|northern|southern|eastern|western|common|shared)\s+)?(?:border|frontier)s?"
_REF_PATTERNS = [
    # the border between Ukraine and Belarus
    re.compile(rf"(?i:the)\s+{_BORDER_WORD}\s+between\s+(?P<a>{_NAME})\s+and\s+(?P<b>{_NAME})"),
    # Ukraine's border with Belarus / Russia's border
    re.compile(rf"(?:the\s+)?(?P<a>{_NAME})(?:'s|’s)\s+{_BORDER_WORD}(?:\s+with\s+(?P<b>{_NAME}))?"),
    # the border with Russia
    re.compile(rf"(?i:the|its|their)\s+{_BORDER_WORD}\s+(?:with|of)\s+(?P<a>{_NAME})"),
    # the Russian border / the Ukraine-Russia border / the Russian-Ukrainian border
    re.compile(rf"(?i:the)\s+(?P<a>{_NAME})(?:\s*[–/]\s*(?P<b>{_NAME}))?\s+{_BORDER_WORD}"),
    # the border
    re.compile(rf"(?i:the)\s+{_BORDER_WORD}\b"),
]
_CAPITAL_RE = re.compile(rf"(?:(?i:the)\s+(?P<a>{_NAME})|(?P<a2>{_NAME})(?:'s|’s))\s+capital\b")
_UNKNOWN_REF = re.compile(
    r"(?:the\s+)?(?:(?:current|present|nearest|closest|southern|northern|eastern|western)\s+)*"
    r"(?P<what>front\s*-?\s*lines?|front|line\s+of\s+contact|contact\s+line|frontier\s+zone|"
    r"coast(?:line)?|shore(?:line)?|sea|ocean|(?:[A-Z]\w+\s+)?(?:Sea|Ocean|Gulf|Bay|River|river|Lake|lake)"
    r"(?:\s+of\s+[A-Z]\w+)?|positions?|trenches|epicentre|epicenter|impact\s+site|"
    r"(?:the\s+)?(?:nearest|closest)\s+\w+)\b",
)
_PLACE_LEAD = re.compile(
    r"(?:the\s+)?(?:(?:city|town|village|settlement|hamlet|port|capital|centre|center|outskirts|heart)"
    r"(?:\s+of)?\s+|(?:central|downtown|northern|southern|eastern|western|regional\s+capital)\s+)*",
    re.I,
)

# words that may stand between a subject and its claim: "Kharkiv, a city some 30 km from"
_LIGHT = {
    "a", "an", "the", "which", "that", "who", "is", "was", "are", "were", "lies", "lay", "lying", "sits", "sat",
    "sitting", "stands", "standing", "located", "situated", "based", "found", "just", "only", "now", "still",
    "itself", "town", "city", "village", "settlement", "hamlet", "port", "capital", "base", "airbase",
    "airfield", "airport", "plant", "station", "small", "large", "major", "key", "strategic", "frontline",
    "front-line", "border", "industrial", "coastal", "regional", "provincial", "district", "center", "centre",
    "eastern", "western", "northern", "southern", "northeastern", "northwestern", "southeastern",
    "southwestern", "north-eastern", "north-western", "south-eastern", "south-western", "some", "roughly",
    "about", "around", "barely", "less", "than", "more", "within", "nearly", "almost", "lie", "sit",
    "community", "mining", "river", "resort", "garrison", "nearby", "neighbouring", "neighboring",
    "rural", "historic", "university", "coal", "oil", "steel", "suburb", "town's", "city's",
    "village's", "de", "facto", "occupied", "besieged", "embattled", "liberated", "ukrainian-held",
    "russian-held", "russian-occupied", "ukrainian-controlled", "russian-controlled", "of", "also", "both",
    "home", "to", "population", "people", "residents", "inhabitants", "has", "had",
}
_FRONT_LIGHT = {"located", "situated", "lying", "sitting", "based", "just", "only", "some", "roughly", "about",
                "around", "barely", "less", "than", "more", "within", "nearly", "almost", "at", "a", "distance",
                "of", "and", "but", "while", "although", "though", "being"}
_ANAPHORA = re.compile(r"\s*(?:(?:the|this|that)\s+(?:small\s+|large\s+|frontline\s+|border\s+)?"
                       r"(?:city|town|village|settlement|port|hamlet)|it)\b", re.I)
_WORD = re.compile(r"[\w’'-]+")


# ----------------------------------------------------------------------------- parsing


def _sentence_bounds(sentences: list[Sentence], pos: int, text_len: int) -> tuple[int, int]:
    """Start and end offsets of the sentence holding ``pos`` (the whole text if none does)."""
    sent = sentence_at(sentences, pos)
    return (sent.start, sent.end) if sent else (0, text_len)


def _places_sorted(places: list[Place]) -> list[Place]:
    return sorted(places, key=lambda p: (p.start, -p.end))


def _place_at(places: list[Place], pos: int, *, max_skip: int = 0, text: str = "") -> Place | None:
    """The non-demonym place mention starting at ``pos`` (after skipping a lead like "the city of")."""
    if text:
        m = _PLACE_LEAD.match(text, pos)
        if m:
            pos = m.end()
    for p in places:
        if p.mention != "demonym" and pos <= p.start <= pos + max_skip:
            return p
    return None


def _parse_reference(text: str, pos: int, places: list[Place]) -> Reference:
    """The reference phrase that starts at ``pos``."""
    for rx in _REF_PATTERNS:
        m = rx.match(text, pos)
        if not m:
            continue
        names = [g for g in (m.groupdict().get("a"), m.groupdict().get("b")) if g]
        return Reference(kind="border", text=m.group(0), start=m.start(), end=m.end(),
                         name=m.group(0), country_names=names)
    m = _CAPITAL_RE.match(text, pos)
    if m:  # "the Ukrainian capital", "Russia's capital": the country's capital (GeoNames point)
        return Reference(kind="place", text=m.group(0), start=m.start(), end=m.end(), name=m.group(0),
                         capital_of=m.group("a") or m.group("a2"))
    place = _place_at(places, pos, text=text)
    m = _UNKNOWN_REF.match(text, pos)
    if m and (place is None or place.start >= m.end() or place.feature in (None, "region", "continent")):
        what = m.group("what")
        return Reference(kind="unknown", text=m.group(0), start=m.start(), end=m.end(),
                         reason=f"the data cannot place {m.group(0)!r} (no {what.lower()} in geomap's data)")
    if place is not None:
        kind = "place"
        if place.feature == "country" and place.country_code:
            return Reference(kind="border", text=text[pos:place.end], start=pos, end=place.end,
                             name=place.name, country_names=[place.country_code], place=place)
        if place.feature in ("admin1", "region", "continent"):
            kind = "region"
        return Reference(kind=kind, text=text[pos:place.end], start=pos, end=place.end, name=place.name,
                         place=place,
                         reason=(f"the data has no outline for {place.name or place.text!r} "
                                 f"({place.feature}); distances to regions are not checked")
                         if kind == "region" else None)
    m = re.compile(r"(?:the\s+)?" + _NAME).match(text, pos)
    if m:
        return Reference(kind="place", text=m.group(0), start=pos, end=m.end(),
                         reason=f"the reference {m.group(0)!r} is not a place geomap could locate")
    m = re.compile(r"[\w'’-]+(?:\s+[\w'’-]+){0,2}").match(text, pos)
    end = m.end() if m else pos
    return Reference(kind="unknown", text=text[pos:end], start=pos, end=end,
                     reason=f"the reference {text[pos:end]!r} is not something the data can place")


_APPOSITIVE_THEN_VERB = re.compile(
    r"\s*,\s*(?:a|an|the|once|now|home)\b[^.;:!?()\n]*?,\s*(?:which\s+|that\s+|and\s+)?(?:\w+ly\s+)?"
    r"(?:lies|lay|is|was|sits|stands|located|situated|lying|being)\b[^.;:!?()\n]{0,40}$")


def _light_gap(gap: str, light: set[str], max_words: int = 9) -> bool:
    if any(ch in gap for ch in ".;:!?()\n"):
        return False
    words = _WORD.findall(gap.lower())
    if len(words) > max_words:
        return False
    return all(w in light or re.fullmatch(r"[\d,.]+", w) for w in words)


def _find_subject(text: str, claim_start: int, ref: Reference, places: list[Place],
                  sentences: list[Sentence]) -> tuple[Place | None, str]:
    """The place the claim is about, and how it was found."""
    s0, s1 = _sentence_bounds(sentences, claim_start, len(text))
    cands = [p for p in places if p.mention != "demonym" and s0 <= p.start and p.end <= s1
             and not (ref.start <= p.start < ref.end)]
    before = [p for p in cands if p.end <= claim_start]
    # 0. appositive that itself names a place: "Sumy, a city in north-eastern Ukraine, lies 30 km from ..."
    for q in sorted(before, key=lambda x: -x.end):
        if _APPOSITIVE_THEN_VERB.match(text, q.end, claim_start):
            return q, "appositive"
    # 1. appositive / relative clause / predicate: the nearest place just before the claim
    if before:
        p = max(before, key=lambda x: x.end)
        if _light_gap(text[p.end:claim_start], _LIGHT):
            return p, "appositive"
    # 2. fronted: "Located around 30 km from the Russian border, Kharkiv ..." / "..., in Kharkiv"
    if _light_gap(text[s0:claim_start], _FRONT_LIGHT):
        rest = text[ref.end:s1]
        m = re.match(r"\s*,\s*(?:(?:in|at|the|city|town|village|of|settlement|port)\s+){0,4}", rest)
        if m:
            after = [p for p in cands if p.start == ref.end + m.end()]
            if after:
                return after[0], "fronted"
    # 3. anaphora: "The city lies about 30 km from ..." -> the last town named before this sentence
    m = _ANAPHORA.match(text, s0)
    if m and _light_gap(text[m.end():claim_start], _LIGHT):
        prior = [p for p in places if p.mention != "demonym" and p.end <= s0 and s0 - p.end < 600
                 and p.feature in ("city", None) and p.resolved]
        if prior:
            return prior[-1], f"reference back ({m.group(0).strip()!r})"
    return None, "none"


# Every unit _CLAIM_RE knows contains one of these (lower case).
_UNIT_HINTS = ("km", "kilomet", "mile", "metre", "meter", "nmi", " m ", " m,", " m.", "mi ", "mi.", "mi,")


_UNIT_AT = re.compile(r"(?<![^\W\d_])" + _UNIT_RE + r"(?![^\W\d_])", re.I)


def _claim_matches(text: str) -> list[re.Match]:
    """_CLAIM_RE matches, searched only in windows around the units the text names (much faster)."""
    found: dict[tuple[int, int], re.Match] = {}
    last_end = -1
    for u in _UNIT_AT.finditer(text):
        lo = max(0, u.start() - 120)
        if lo < last_end:
            lo = last_end
        hi = min(len(text), u.end() + 160)
        for m in _CLAIM_RE.finditer(text, lo, hi):
            found.setdefault(m.span(), m)
        last_end = max(last_end, u.start())
    return [found[k] for k in sorted(found)]


def parse_claims(text: str, places: list[Place]) -> list[Claim]:
    """Every distance claim in ``text``, with subject and reference found (not yet judged)."""
    low = text.lower()
    if not any(u in low for u in _UNIT_HINTS):
        return []  # fast path: most texts state no distance at all
    places = _places_sorted([p for p in places if p is not None])
    sentences = split_sentences(text)
    out: list[Claim] = []
    for m in _claim_matches(text):
        num = parse_number(m.group("num"))
        if num is None:
            continue
        num_text = m.group("num")
        num2_text = m.group("num2")
        qual_text = m.group("qual")
        if qual_text and qual_text.lower() == "between" and not num2_text and " and " in num_text:
            num_text, num2_text = num_text.rsplit(" and ", 1)  # "between five and eight km"
            num = parse_number(num_text)
            if num is None:
                continue
        num2 = parse_number(num2_text) if num2_text else None
        qualifier = "exact"
        if qual_text:
            qualifier = next(k for k, _ in _QUALIFIERS if m.group(f"q_{k}"))
        if num2_text and num2 is None:
            continue
        conn = m.group("conn").lower()
        if conn == "of" and qualifier not in ("at_most",):  # "30 km of trenches" is no claim
            continue
        if num2 is not None:
            qualifier = "between"
        elif qualifier == "between":  # "between 5 km" without the second figure: treat as exact
            qualifier = "exact"
        # "some" and other words may also be the number's own words ("some thirty"): fine as "about"
        unit = _unit_key(m.group("unit"))
        direction = m.group("dir")
        ref = _parse_reference(text, m.end(), places)
        c = Claim(text=text[m.start():ref.end], start=m.start(), end=ref.end, value=num, value_max=num2,
                  unit={"km": "km", "mi": "mi", "nmi": "nmi", "m": "m"}[unit], km_per_unit=KM_PER_UNIT[unit],
                  qualifier=qualifier, qualifier_text=qual_text, reference=ref, direction=direction)
        c.subject, how = _find_subject(text, m.start(), ref, places, sentences)
        if c.subject is not None and how != "appositive":
            c.notes.append(f"subject found as a {how} phrase" if how in ("fronted",)
                           else f"subject found by {how}")
        if ref.reason and ref.kind in ("unknown", "region"):
            c.reason = ref.reason
        if num2 is not None and num2 < num:
            c.reason = f"the range {num:g}–{num2:g} {c.unit} runs backwards"
        out.append(c)
    return out
