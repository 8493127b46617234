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
DOUBTFUL_BACK = "reference back to a town in a country that does not border the reference"
NEAR_PROXY = "the place it is said to be near (the subject itself cannot be placed)"
GUESSED_LINKS = (NEXT_NAMED, ONLY_IN_SENTENCE, DOUBTFUL_BACK, NEAR_PROXY)  # such a subject may support a claim, never contradict it
IMPLIED = "reference implied"
NOT_A_PLACE = "an event, a force or a vehicle, not a place"  # a note: the claim's reference is the place under discussion, not named
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
shore shores side mouth west east north south all each tip end edge corner heart part
""".split())
FRONT_LIGHT = frozenset("""
located situated lying sitting based just only some roughly about around barely less than more within nearly
almost at a distance of and but while although though being
""".split())
_SETTLEMENT = r"(?:city|town|village|settlement|port|hamlet|crossing|border\s+crossing|community|base|airport)"
# "our village" in a quote: the speaker's place, named by whoever is quoted ("..., said a resident of X")
_ANAPHOR_END = re.compile(rf"\b(?P<np>(?:the|this|that|our)\s+(?:[a-z-]+\s+)?{_SETTLEMENT})\s*,?\s*$", re.I)
_ANAPHOR_START = re.compile(rf"[\s\"“‘']*(?P<np>(?:the|this|that|our)\s+(?:[a-z-]+\s+)?{_SETTLEMENT}|it)\b", re.I)
# "... because it lies only 5 km from": the pronoun with its verb, in the middle of a sentence
_IT_END = re.compile(r"\b(?P<np>it)\s+(?:lies|is|sits|stands|was|lay)\s+(?:located\s+|situated\s+)?$")
_INDEFINITE_END = re.compile(r"\b(?P<np>an?\s+(?:[\w-]+\s+){0,2}(?:city|town|village|settlement|port|hamlet))"
                             r"\s*,?\s*$", re.I)
_LOCATIVE_END = re.compile(r"(?:\b(?:in|on|at|of|near|along)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}|,\s*)$")
_REGION_AFTER = re.compile(r"\s+(?:region|oblast|province|district|governorate|state|county|territory|township|"
                           r"municipality|prefecture|raion|rayon|okrug|borough|parish)\b", re.I)
# a water body named in an appositive: "a port on the Danube river" (not a place the claim is about)
_WATER_NAME = re.compile(r"\b[A-Z][\w'’-]+(?=\s+(?:[Rr]iver|[Ss]ea|[Ll]ake|[Dd]elta|[Vv]alley|[Mm]ountains|[Hh]ills)\b)")
# "a Russian city", "the Ukrainian town": a capitalised adjective of nationality, not a name
_DEMONYM = re.compile(r"\b[A-Z][a-z]+(?:an|ian|ese|ish|i|ic)\b(?=\s+[a-z])")
_ROAD_WORD = re.compile(r"\b(?:Interstate|Highway|Route|Road|Street|Avenue|Boulevard)\b")
_WATER_WORD = re.compile(r"\b(?:Lake|River|Sea|Gulf|Bay|Strait|Mountains?|Valley|Delta|"
                         r"Interstate|Highway|Route|Road|Street|Avenue|Boulevard)\b")  # ... and roads: no points
# a name with the article after a preposition is a river or a region, not a town: "the bank of the Dnipro"
_RIVER_BEFORE = re.compile(r"\b(?:of|on|across|along|beyond|over)\s+the\s+$", re.I)
_NAME_BEFORE = re.compile(r"(?P<name>\b[A-Z][\w'’-]*(?:(?:[ -](?:(?:de|del|di|da|du|des|al|el|es|van|von|bin|ibn|upon|"
                          r"sur)[ -]|[dl]['’])|[ -])[A-Z][\w'’-]+){0,3})$")
_NOT_NAMES = frozenset("""
The A An It He She They We I This That These Those There Here Its Their His Her Our Officials Police Residents
""".split())
# "Located around 30 km from ...", "Nestled some 5 miles from ...": a participle or adverb opening a sentence (or
# a quotation) is a fronted phrase's first word, not a name recognition missed
_OPENING_WORD = re.compile(r"[A-Z][a-z]+(?:ed|ing|ly)")
_OPENS_SENTENCE = re.compile(r"(?:^|[.!?]\s+|[\"“‘'(—–-]\s*|\n\s*)$")
_LOCATIVE_TAIL = re.compile(r"\b(?:in|at|on|near|around)\s+(?:the\s+)?(?:[\w-]+\s+){0,4}$", re.I)
_EVENT_BEFORE = re.compile(
    r"(?P<np>\b(?i:the|a|an|its|their)\s+(?:[\w.-]+\s+){0,3}(?:earthquake|quake|tremor|epicent(?:re|er)|strike|"
    r"attack|explosion|blast|fire|blaze|wildfire|troops|forces|fighting|clashes|ship|vessel|convoy|drone|missile|"
    r"shell|rocket|bomb|projectile|artillery|shelling|air\s?strike|raid|ambush|battle|offensive|incursion|flood|"
    r"storm|landslide|eruption|crash|plane|aircraft|helicopter|unit|brigade|column|outbreak|tanker|freighter|"
    r"ferry|boat|cargo\s+ship|submarine|warship|patrol|bus|train|truck|lorry|vehicle|car|jet|shipwreck|wreck|"
    r"sinking|collision|derailment|spill|leak|body|bodies|remains)s?"
    r"|\b(?:[A-Z]\w+\s+)?(?:troops|forces|fighters|militants)\b)[^.;:!?\n]*$")
_CLAUSE_BREAK = re.compile(r"[,;:()]|\b(?:and|but|while|whereas|after|before|when)\b")
# an appositive noun phrase of any words: "Kupiansk, a rail hub some 40 km from", "X, the region's logistics node,"
# (a name after "of" or "in" may stand in it: "Zahedan, the capital of Sistan-Baluchestan province, near the border",
# "Thantlang, a town in Chin state near the border")
_NAME_IN_NP = r"(?:(?<=of\s)|(?<=in\s)|(?<=the\s))[A-Z][\w'’-]*(?:\s[A-Z][\w'’-]*){0,2},?\s+"
_APPOSITIVE_NP = re.compile(r"\s*,\s*(?:a|an|the|once|now|['’]s)\s+"
                            rf"(?:[a-z][\w'’-]*,?\s+|[\d,.]+\s+|{_NAME_IN_NP}){{0,6}}$")
_NOT_IN_APPOSITIVE = frozenset("""
said says say told tells reported reports added announced claimed wrote writes stated noted reached advanced moved
retreated pushed fired launched struck hit shelled attacked and but while when after before if because
""".split())


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


def appositive_np(gap: str) -> bool:
    """ "Kupiansk, a rail hub some 40 km from": a noun phrase set off by a comma, of any (lower-case) words."""
    m = _APPOSITIVE_NP.fullmatch(gap)
    return m is not None and not any(w in _NOT_IN_APPOSITIVE for w in _WORD.findall(m.group(0).lower()))


def is_point(p: Place, text: str) -> bool:
    """A place that a point stands for (a town, not "the Kursk region")."""
    words = p.text.split()
    if p.feature not in POINT_FEATURES or not words or (_WATER_WORD.search(p.text) and not _town_named(p)):
        return False
    if _RIVER_BEFORE.search(text, max(0, p.start - 20), p.start):  # "on the west bank of the Dnipro"
        return False
    return not _REGION_AFTER.match(text, p.end) and not _REGION_AFTER.match(" " + words[-1])


def _town_named(p: Place) -> bool:
    """ "Big Bear Lake", "Green Bay", "Lake Charles": a town whose gazetteer name is the whole mention, water word
    and all (not a road, and not a lake or river taken for a town of part of its name)."""
    return p.feature == "city" and p.name == p.text and not _ROAD_WORD.search(p.text)


def _link(p: Place, how: str) -> SubjectLink:
    return SubjectLink(p, how, p.text, p.start, p.end)


# a name inside an appositive, not its head: "a Danube port", "a Black Sea port", "Ukraine's second city"
_MODIFIER_BEFORE = re.compile(r",\s*(?:a|an|the)\s+(?:[a-z-]+\s+){0,2}$")
_MODIFIER_AFTER = re.compile(r"\s+[a-z]")
_POSSESSIVE_AFTER = re.compile(r"['’]s\s+[a-z]")


def _modifier(text: str, p: Place) -> bool:
    if _POSSESSIVE_AFTER.match(text, p.end):
        return bool(re.search(r",\s*$", text[max(0, p.start - 4):p.start]))
    return bool(_MODIFIER_AFTER.match(text, p.end) and _MODIFIER_BEFORE.search(text, max(0, p.start - 40), p.start))


def _walk_back(text: str, claim_start: int, before: list[Place]) -> SubjectLink | None:
    """The nearest place before the claim with only light words between; divisions named in passing
    ("in the southern Gaza Strip", "Paradise, Calif.,") are stepped over to the place before them, and so are
    names inside an appositive ("Izmail, a Danube port across the river from")."""
    gap_end = claim_start
    tail = ""  # the words already stepped over, without the names inside them
    first: Place | None = None
    for p in sorted(before, key=lambda x: -x.end)[:4]:
        if p.end > gap_end:
            break
        gap = text[p.end:gap_end] + tail
        if _modifier(text, p):
            tail, gap_end = gap, p.start
            continue
        if not (light_gap(gap, LIGHT) or appositive_np(gap)):
            break
        if is_point(p, text):
            return _link(p, "appositive")
        first = first or p
        if not _LOCATIVE_END.search(text, max(0, p.start - 40), p.start):
            break
        tail, gap_end = "", p.start
    if first is None or first.feature in POINT_FEATURES:  # a river or a lake is no fallback subject
        return None
    return _link(first, "appositive")


def prior_place(text: str, pos: int, places: list[Place], ref: Reference, other: Place | None = None,
                noun: str = "", lo: int | None = None) -> Place | None:
    """The last point place named before ``pos`` in the same paragraph (not the claim's reference, nor
    ``other``: the subject, when the reference itself is the one referred back), of a size that fits
    ``noun`` ("the village" is no city of a million); from ``lo`` on when given (its sentence)."""
    start = max(0, pos - 600, text.rfind("\n\n", max(0, pos - 600), pos))
    start = start if lo is None else max(start, lo)
    ref_names = {p.name for p in (ref.place, other) if p is not None}
    for p in reversed(places_between(places, start, pos)):
        if p.mention != "demonym" and p.end <= pos and p.resolved and is_point(p, text) and p.name not in ref_names \
                and fits(p, noun):
            return p
    return None


# the most people a place named "the village" / "the town" may have (GeoNames counts whole municipalities)
_MOST_PEOPLE = {"village": 100_000, "hamlet": 100_000, "settlement": 100_000, "town": 1_000_000}


def fits(p: Place, noun: str) -> bool:
    """Whether place ``p`` may be what ``noun`` ("village", "town", "city" ...) refers back to."""
    most = _MOST_PEOPLE.get(noun.lower())
    return most is None or not p.population or p.population <= most


def places_between(places: list[Place], lo: int, hi: int) -> list[Place]:
    """The places (sorted by start) that start in [lo, hi), found by binary search: no scan of the text's places."""
    i = bisect.bisect_left(places, lo, key=_start)
    return places[i:bisect.bisect_left(places, hi, lo=i, key=_start)]


def _next_place(text: str, pos: int, places: list[Place], ref: Reference) -> Place | None:
    """The first point place named after ``pos`` within a few sentences (not the claim's reference)."""
    ref_names = {ref.place.name} if ref.place is not None else set()
    for p in places_between(places, pos, pos + 500):
        if p.mention != "demonym" and is_point(p, text) and p.name not in ref_names:
            return p
    return None


def _reference_back(text: str, claim_start: int, sent: tuple[int, int], places: list[Place],
                    ref: Reference) -> SubjectLink | None:
    """ "the town, 10 km from ..." / "The city lies ...": the place the anaphor refers back to. Preferred, in
    order: a place of fitting size named earlier in the sentence, one named later in it by whoever is quoted
    ("..., said the mayor of X"), the last one named before in the paragraph."""
    s0, s1 = sent
    m = _ANAPHOR_END.search(text, max(s0, claim_start - 60), claim_start) \
        or _IT_END.search(text, max(s0, claim_start - 40), claim_start)
    if m is None:
        m = _ANAPHOR_START.match(text, s0)
        if m is None or not light_gap(text[m.end():claim_start], LIGHT):
            return None
    noun = m.group("np").split()[-1]
    prior = prior_place(text, m.start("np"), places, ref, noun=noun, lo=s0) \
        or _quoted_place(text, max(ref.end, claim_start), s1, places, ref, noun) \
        or prior_place(text, m.start("np"), places, ref, noun=noun)
    if prior is None:
        return None
    return SubjectLink(prior, f"reference back ({m.group('np').strip()!r})", m.group("np"), m.start("np"),
                       m.end("np"))


_QUOTE_AFTER = re.compile(r"[,;][\"”’']?\s*(?:[\w'’-]+\s+){0,5}?(?:said|says|told|according\s+to|reported|wrote)\b",
                          re.I)


def _quoted_place(text: str, pos: int, s1: int, places: list[Place], ref: Reference, noun: str) -> Place | None:
    """ "The village lies 2 km from the border, said the mayor of X": the place named by the quoted speaker."""
    m = _QUOTE_AFTER.search(text, pos, s1)
    if m is None:
        return None
    ref_names = {ref.place.name} if ref.place is not None else set()
    for p in places_between(places, m.start(), s1):  # "said the mayor of X" / "the mayor of X said"
        if p.mention != "demonym" and p.resolved and is_point(p, text) and p.name not in ref_names and fits(p, noun):
            return p
    return None


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


# "Izmail was attacked by drones about 200 km from": the place a passive sentence opens with
_PASSIVE_HEAD = re.compile(r"[\s\"“'‘]*(?:(?:the|a)\s+(?:[a-z-]+\s+)?(?:town|city|village|port)\s+of\s+)?", re.I)
_PASSIVE_GAP = re.compile(r"\s+(?:was|were|has\s+been|have\s+been|had\s+been|is\s+being)\s+(?:\w+ly\s+)?(?:again\s+)?"
                          r"(?:[a-z]+ed|hit|struck|shot|overrun|taken|retaken|held|cut\s+off|set|shut)\b"
                          r"(?![^.;:!?()\n\"”]*\b(?:and|but|while|when|as|where|said|says|which|who)\b)"
                          r"[^.;:!?()\n\"”\d]{0,60}$")


def _passive_subject(text: str, claim_start: int, s0: int, before: list[Place]) -> SubjectLink | None:
    """The place a passive sentence opens with, when only its verb phrase stands before the claim."""
    if not before:
        return None
    p = before[0]
    if not (is_point(p, text) and _PASSIVE_HEAD.fullmatch(text, s0, p.start) and len(before) == 1
            and _PASSIVE_GAP.fullmatch(text, p.end, claim_start)):
        return None
    return _link(p, "predicate")


def _start(place: Place) -> int:
    return place.start


def find_subject(text: str, claim_start: int, ref: Reference, places: list[Place],
                 sentences: list[Sentence], exclude: tuple[tuple[int, int], ...] = ()) -> SubjectLink:
    """The place the claim starting at ``claim_start`` is about (``places`` sorted by offset; none of those
    starting in an ``exclude`` span, the references of other claims: "off the coast of Ecuador, near X")."""
    sent = sentence_at(sentences, claim_start)
    s0, s1 = (sent.start, sent.end) if sent else (0, len(text))
    # the sentence's places, found by binary search (places are sorted by offset): a scan of every
    # place for every claim made long texts quadratic
    lo = bisect.bisect_left(places, s0, key=_start)
    hi = bisect.bisect_right(places, s1, lo=lo, key=_start)
    cands = [p for p in places[lo:hi] if p.mention != "demonym" and p.end <= s1
             and not (ref.start <= p.start < ref.end) and not any(a <= p.start < b for a, b in exclude)]
    sent_places = places[lo:hi]  # every name of the sentence: none of them is a name recognition missed
    before = [p for p in cands if p.end <= claim_start]
    for q in sorted(before, key=lambda x: -x.end):  # "Sumy, a city in north-eastern Ukraine, lies 30 km from"
        if _APPOSITIVE_THEN_VERB.match(text, q.end, claim_start) or _RELATIVE_THEN_VERB.match(text, q.end, claim_start):
            return _walk_back(text, q.end, [p for p in before if p.end <= q.end]) or _link(q, "appositive")
    found = _walk_back(text, claim_start, before)
    if found is not None and found.place.feature not in POINT_FEATURES:  # "X, a town in Chin state near ..."
        named = _unrecognised_name(text, found.place.start, s0, sent_places)
        if named is not None and "," in text[named.end:found.place.start]:  # an appositive, not "Russia's"
            found = named
    found = found or _fronted(text, claim_start, s0, s1, ref, cands) or _reference_back(text, claim_start, (s0, s1), places, ref)
    if found is not None:
        return found
    m = _INDEFINITE_END.search(text, max(s0, claim_start - 60), claim_start)
    if m and light_gap(text[m.end():claim_start], LIGHT):  # "a strategic town near X": named next
        if text[max(s0, m.start("np") - 2):m.start("np")] == ", ":  # "Khiam, a town some 6 km from": named before
            named = _unrecognised_name(text, m.start("np"), s0, sent_places)
            if named is not None:
                return named
        nxt = _next_place(text, max(claim_start, ref.end), places, ref)
        if nxt is not None:
            return SubjectLink(nxt, NEXT_NAMED, m.group("np"), m.start("np"), m.end("np"))
    return _only_place_in_sentence(text, claim_start, before) or _passive_subject(text, claim_start, s0, before) \
        or _unrecognised_name(text, claim_start, s0, sent_places) \
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
                or _OPENING_WORD.fullmatch(name.group("name")) and _OPENS_SENTENCE.search(text, s0, name.start()) \
                or any(
                p.start < name.end() and name.start() < p.end for p in cands):
            return None
        place = Place(text=name.group("name"), start=name.start(), end=name.end(),
                      reason="not recognised as a place; named where the claim's subject stands")
        return SubjectLink(place, UNRECOGNISED, place.text, place.start, place.end)
    return None
