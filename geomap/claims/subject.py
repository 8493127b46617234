"""Which place a claim is about: found through the document's places, their offsets and the words between.

    "Vovchansk, a town 5 km from the Russian border"                        appositive
    "Izium, which officials said had been struck twice, lies 10 km from"    relative clause
    "Kupiansk is about 40 km from the border with Russia"                   predicate
    "Rafah in the southern Gaza Strip near the border" / "Paradise, Calif., some 90 miles north of"
                                                                            a division named in passing is skipped
    "Located around 30 km from the Russian border, Kharkiv ..."             fronted phrase
    "The town lies 10 km from ..." / "at the crossing, about 45km west of"  reference back (last place named)
    "an attack on a strategic town near X ... in Afgoye, which ..."         the next town named (cataphora)

:func:`find_subject` returns a :class:`SubjectLink`: the place, how it was found and the span of the
words that name the subject in the text (the place itself, or "the town" for a reference back).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..model import Place, Reference
from ..text import Sentence, sentence_at

POINT_FEATURES = ("city", "landmark", None)
UNRECOGNISED = "a name recognition missed"
NEXT_NAMED = "the next town named"
ONLY_IN_SENTENCE = "sentence (the one town named before the claim)"
GUESSED_LINKS = (NEXT_NAMED, ONLY_IN_SENTENCE)  # such a subject may support a claim, never contradict it
IMPLIED = "reference implied"
NOT_A_PLACE = "an event or a force, not a place"  # a note: the claim's reference is the place under discussion, not named
_WORD = re.compile(r"[\w’'-]+")
_APPOSITIVE_THEN_VERB = re.compile(
    r"\s*,\s*(?:a|an|the|once|now|home)\b[^.;:!?()\n]*?,\s*(?:which\s+|that\s+|and\s+)?(?:\w+ly\s+)?"
    r"(?:lies|lay|is|was|sits|stands|located|situated|lying|being)\b[^.;:!?()\n]{0,40}$")
# a relative clause that says something else first: "Izium, which officials said had been struck twice, lies"
_RELATIVE_THEN_VERB = re.compile(
    r"\s*,\s*(?:which|that|where)\b[^.;:!?()\n]{1,80}?,\s*(?:\w+ly\s+)?"
    r"(?:lies|lay|is|was|sits|stands|located|situated|lying)\b[^.;:!?()\n]{0,40}$")

# words that may stand between a subject and its claim: "Kharkiv, a city some 30 km from"
LIGHT = frozenset("""
a an the which that who is was are were lies lay lying sits sat sitting stands standing located situated based found
just only now still itself town city village settlement hamlet port capital base airbase airfield airport plant
station small large major key strategic frontline front-line border industrial coastal regional provincial district
center centre eastern western northern southern northeastern northwestern southeastern southwestern north-eastern
north-western south-eastern south-western some roughly about around barely less than more within nearly almost lie
sit community mining river resort garrison nearby neighbouring neighboring rural historic university coal oil steel
suburb town's city's village's de facto occupied besieged embattled liberated ukrainian-held russian-held
russian-occupied ukrainian-controlled russian-controlled of also both home to population people residents
inhabitants has had in on at by along crucial vital important busy tiny remote state province county region
municipality crossing seaport fishing farming market trading agricultural mountain hilltop quiet bank banks
shore shores side mouth west east north south
""".split())
FRONT_LIGHT = frozenset("""
located situated lying sitting based just only some roughly about around barely less than more within nearly
almost at a distance of and but while although though being
""".split())
_SETTLEMENT = r"(?:city|town|village|settlement|port|hamlet|crossing|border\s+crossing|community|base|airport)"
_ANAPHOR_END = re.compile(rf"\b(?P<np>(?:the|this|that)\s+(?:[a-z-]+\s+)?{_SETTLEMENT})\s*,?\s*$", re.I)
_ANAPHOR_START = re.compile(rf"\s*(?P<np>(?:the|this|that)\s+(?:[a-z-]+\s+)?{_SETTLEMENT}|it)\b", re.I)
_INDEFINITE_END = re.compile(r"\b(?P<np>an?\s+(?:[\w-]+\s+){0,2}(?:city|town|village|settlement|port|hamlet))"
                             r"\s*,?\s*$", re.I)
_LOCATIVE_END = re.compile(r"(?:\b(?:in|on|at|of|near|along)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}|,\s*)$")
_REGION_AFTER = re.compile(r"\s+(?:region|oblast|province|district|governorate|state|county|territory|township|"
                           r"municipality|prefecture|raion|rayon|okrug|borough|parish)\b", re.I)
# a water body named in an appositive: "a port on the Danube river" (not a place the claim is about)
_WATER_NAME = re.compile(r"\b[A-Z][\w'’-]+(?=\s+(?:[Rr]iver|[Ss]ea|[Ll]ake|[Dd]elta|[Vv]alley|[Mm]ountains|[Hh]ills)\b)")
# "a Russian city", "the Ukrainian town": a capitalised adjective of nationality, not a name
_DEMONYM = re.compile(r"\b[A-Z][a-z]+(?:an|ian|ese|ish|i|ic)\b(?=\s+[a-z])")
_WATER_WORD = re.compile(r"\b(?:Lake|River|Sea|Gulf|Bay|Strait|Mountains?|Valley|Delta)\b")
# a name with the article after a preposition is a river or a region, not a town: "the bank of the Dnipro"
_RIVER_BEFORE = re.compile(r"\b(?:of|on|across|along|beyond|over)\s+the\s+$", re.I)
_NAME_BEFORE = re.compile(r"(?P<name>\b[A-Z][\w'’-]+(?:[ -][A-Z][\w'’-]+){0,2})$")
_NOT_NAMES = frozenset("""
The A An It He She They We I This That These Those There Here Its Their His Her Our Officials Police Residents
""".split())
_LOCATIVE_TAIL = re.compile(r"\b(?:in|at|on|near|around)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}$", re.I)
_EVENT_BEFORE = re.compile(
    r"(?P<np>\b(?i:the|a|an|its|their)\s+(?:[\w.-]+\s+){0,3}(?:earthquake|quake|tremor|epicent(?:re|er)|strike|"
    r"attack|explosion|blast|fire|blaze|wildfire|troops|forces|fighting|clashes|ship|vessel|convoy|drone|missile)s?"
    r"|\b(?:[A-Z]\w+\s+)?(?:troops|forces|fighters|militants)\b)[^.;:!?\n]*$")
_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:and|but|while|whereas|after|before|when)\b")


@dataclass(frozen=True)
class SubjectLink:
    """The place a claim is about, how it was found, and the words that name it."""

    place: Place | None
    how: str  # appositive | predicate | fronted | reference back | next town named | sentence | none
    text: str = ""
    start: int = -1
    end: int = -1

    @property
    def note(self) -> str | None:
        """A note for the claim when the link is not the plain one."""
        if self.place is None or self.how in ("appositive", "predicate"):
            return None
        if self.how == "fronted":
            return "subject found as a fronted phrase"
        return f"subject found by {self.how}"


def light_gap(gap: str, light: frozenset[str], max_words: int = 9) -> bool:
    """True when ``gap`` holds only words of ``light`` (and numbers), without a sentence break."""
    if any(ch in gap for ch in ".;:!?()\n"):
        return False
    words = _WORD.findall(_DEMONYM.sub("", _WATER_NAME.sub("", gap)).lower())
    if len(words) > max_words:
        return False
    return all(w in light or re.fullmatch(r"[\d,.]+", w) for w in words)


def is_point(p: Place, text: str) -> bool:
    """A place that a point stands for (a town, not "the Kursk region")."""
    words = p.text.split()
    if p.feature not in POINT_FEATURES or not words or _WATER_WORD.search(p.text):
        return False
    if _RIVER_BEFORE.search(text, max(0, p.start - 20), p.start):  # "on the west bank of the Dnipro"
        return False
    return not _REGION_AFTER.match(text, p.end) and not _REGION_AFTER.match(" " + words[-1])


def _link(p: Place, how: str) -> SubjectLink:
    return SubjectLink(p, how, p.text, p.start, p.end)


def _walk_back(text: str, claim_start: int, before: list[Place]) -> SubjectLink | None:
    """The nearest place before the claim with only light words between; divisions named in passing
    ("in the southern Gaza Strip", "Paradise, Calif.,") are stepped over to the place before them."""
    gap_end = claim_start
    first: Place | None = None
    for p in sorted(before, key=lambda x: -x.end)[:4]:
        if p.end > gap_end or not light_gap(text[p.end:gap_end], LIGHT):
            break
        if is_point(p, text):
            return _link(p, "appositive")
        first = first or p
        if not _LOCATIVE_END.search(text, max(0, p.start - 40), p.start):
            break
        gap_end = p.start
    if first is None or first.feature in POINT_FEATURES:  # a river or a lake is no fallback subject
        return None
    return _link(first, "appositive")


def prior_place(text: str, pos: int, places: list[Place], ref: Reference, other: Place | None = None) -> Place | None:
    """The last point place named before ``pos`` in the same paragraph (not the claim's reference, nor
    ``other``: the subject, when the reference itself is the one referred back)."""
    lo = max(0, pos - 600, text.rfind("\n\n", 0, pos))
    ref_names = {p.name for p in (ref.place, other) if p is not None}
    prior = [p for p in places if p.mention != "demonym" and lo <= p.start and p.end <= pos and p.resolved
             and is_point(p, text) and p.name not in ref_names]
    return prior[-1] if prior else None


def _next_place(text: str, pos: int, places: list[Place], ref: Reference) -> Place | None:
    """The first point place named after ``pos`` within a few sentences (not the claim's reference)."""
    ref_names = {ref.place.name} if ref.place is not None else set()
    for p in places:
        if p.start >= pos and p.start - pos < 500 and p.mention != "demonym" and is_point(p, text) \
                and p.name not in ref_names:
            return p
    return None


def _reference_back(text: str, claim_start: int, s0: int, places: list[Place], ref: Reference) -> SubjectLink | None:
    """ "the town, 10 km from ..." / "The city lies ...": the place last named before the anaphor."""
    m = _ANAPHOR_END.search(text, max(s0, claim_start - 60), claim_start)
    if m is None:
        m = _ANAPHOR_START.match(text, s0)
        if m is None or not light_gap(text[m.end():claim_start], LIGHT):
            return None
    prior = prior_place(text, m.start("np"), places, ref)
    if prior is None:
        return None
    return SubjectLink(prior, f"reference back ({m.group('np').strip()!r})", m.group("np"), m.start("np"),
                       m.end("np"))


def _fronted(text: str, claim_start: int, s0: int, s1: int, ref: Reference, cands: list[Place]) -> SubjectLink | None:
    if not light_gap(text[s0:claim_start], FRONT_LIGHT):
        return None
    m = re.compile(r"\s*,\s*(?:(?:in|at|the|city|town|village|of|settlement|port)\s+){0,4}").match(text, ref.end, s1)
    if m:
        after = [p for p in cands if p.start == m.end()]
        if after:
            return _link(after[0], "fronted")
    return None


def _only_place_in_sentence(text: str, claim_start: int, before: list[Place]) -> SubjectLink | None:
    """The one town named earlier in the sentence, when no clause break stands between it and the claim and
    the claim follows a locative phrase ("X residents fled their homes in the hills about 10 miles north of")."""
    points = [p for p in before if is_point(p, text) and p.resolved]
    if len(points) != 1 or len([p for p in before if p.feature != "country"]) != 1:
        return None
    p = points[0]
    gap = text[p.end:claim_start]
    if _CLAUSE_BREAK.search(gap) or len(_WORD.findall(gap)) > 15 or not _LOCATIVE_TAIL.search(gap):
        return None
    return _link(p, ONLY_IN_SENTENCE)


def _start(place: Place) -> int:
    return place.start


def find_subject(text: str, claim_start: int, ref: Reference, places: list[Place],
                 sentences: list[Sentence]) -> SubjectLink:
    """The place the claim starting at ``claim_start`` is about (``places`` sorted by offset)."""
    sent = sentence_at(sentences, claim_start)
    s0, s1 = (sent.start, sent.end) if sent else (0, len(text))
    # the sentence's places, found by binary search (places are sorted by offset): a scan of every
    # place for every claim made long texts quadratic
    lo = bisect.bisect_left(places, s0, key=_start)
    hi = bisect.bisect_right(places, s1, lo=lo, key=_start)
    cands = [p for p in places[lo:hi] if p.mention != "demonym" and p.end <= s1
             and not (ref.start <= p.start < ref.end)]
    before = [p for p in cands if p.end <= claim_start]
    for q in sorted(before, key=lambda x: -x.end):  # "Sumy, a city in north-eastern Ukraine, lies 30 km from"
        if _APPOSITIVE_THEN_VERB.match(text, q.end, claim_start) or _RELATIVE_THEN_VERB.match(text, q.end, claim_start):
            return _walk_back(text, q.end, [p for p in before if p.end <= q.end]) or _link(q, "appositive")
    found = _walk_back(text, claim_start, before) or _fronted(text, claim_start, s0, s1, ref, cands) \
        or _reference_back(text, claim_start, s0, places, ref)
    if found is not None:
        return found
    m = _INDEFINITE_END.search(text, max(s0, claim_start - 60), claim_start)
    if m and light_gap(text[m.end():claim_start], LIGHT):  # "a strategic town near X": named next
        nxt = _next_place(text, max(claim_start, ref.end), places, ref)
        if nxt is not None:
            return SubjectLink(nxt, NEXT_NAMED, m.group("np"), m.start("np"), m.end("np"))
    return _only_place_in_sentence(text, claim_start, before) or _unrecognised_name(text, claim_start, s0, cands) \
        or _not_a_place(text, claim_start, s0) or SubjectLink(None, "none")


def _not_a_place(text: str, claim_start: int, s0: int) -> SubjectLink | None:
    """ "the earthquake struck about 40 km from", "forces are some 15 km from": the claim is about an event
    or a unit, which has no point in the data (the claim says so rather than "no named subject")."""
    m = _EVENT_BEFORE.search(text, max(s0, claim_start - 90), claim_start)
    if m is None:
        return None
    return SubjectLink(None, NOT_A_PLACE, m.group("np"), m.start("np"), m.end("np"))


def _unrecognised_name(text: str, claim_start: int, s0: int, cands: list[Place]) -> SubjectLink | None:
    """ "Paradise, a town of about 30,000 residents some 90 miles north of": a capitalised name in the
    subject's slot that recognition missed; judged by the gazetteer entries of that name (unresolved here)."""
    for m in _WORD.finditer(text, s0, claim_start):
        if not light_gap(text[m.end():claim_start], LIGHT):
            continue
        name = _NAME_BEFORE.search(text, s0, m.end())
        if name is None or name.group("name").split()[0] in _NOT_NAMES or _DEMONYM.match(name.group("name") + " x") \
                or any(
                p.start < name.end() and name.start() < p.end for p in cands):
            return None
        place = Place(text=name.group("name"), start=name.start(), end=name.end(),
                      reason="not recognised as a place; named where the claim's subject stands")
        return SubjectLink(place, UNRECOGNISED, place.text, place.start, place.end)
    return None
