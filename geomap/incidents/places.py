"""Which place a sentence ties to its event, and whether two places can be the same event's.

A place right after a locative word ("in Odesa", "on the outskirts of Maiduguri") or next to the
trigger ("the Kharkiv strike") is tied to it; the reference of a distance ("30 km from Kursk") is not
where anything happened. Among tied places the most specific wins (village over district over country).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..geodesy import distance_km
from ..model import Place
from .actors import CLAUSE_BREAK

__all__ = ["SPECIFICITY", "PlaceRank", "place_rank", "strictly_tied", "places_compatible", "specificity"]

# Lower is more specific; unknown features count as a region.
SPECIFICITY = {"landmark": 0, "city": 0, "admin2": 1, "admin1": 2, "region": 3, "country": 4, "continent": 5}
_UNKNOWN_SPECIFICITY = 3
NOT_A_LOCATION = (9, 9, 10**9)  # the rank of a place that is no candidate (a distance reference)

_LOC_WORDS = frozenset("in at on near outside into over across around inside toward towards of to hit struck visited "
                       "shelled bombed attacked targeted captured recaptured".split())
_NEAR_WORDS = frozenset("near outside around".split())
_NEAR_OF = frozenset("outskirts edge vicinity north south east west northeast northwest southeast southwest "
                     "north-east north-west south-east south-west northern southern eastern western part".split())
_SUBPLACES = frozenset("town village city district suburb suburbs settlement villages towns".split())
_UNITS = frozenset("km kilometres kilometers kilometre kilometer miles mile metres meters m".split())
# Words after a place that make it part of an organisation's name ("the United States Geological Survey").
_ORGANISATION_WORDS = frozenset(
    "Geological Survey Ministry Army Armed Forces Police Government Agency Institute University Council Committee "
    "Service Times Post News Television TV Radio Airlines Airways Railway Railways Bank Company Corporation Club "
    "Party Guard Navy Museum Red Crescent Cross Federation Embassy Foundation Health Defense Defence regime border "
    "Border".split())
# Words before a place that make it an actor or an origin, not where the event happened.
_ACTOR_BEFORE = frozenset("from by blamed accused regime between".split())
_ACTOR_OF = frozenset("forces army government ministry military regime troops authorities".split())
_ACTOR_VERBS = frozenset("launched launches carried carries conducted conducts fired fires struck strikes attacked "
                         "shelled bombed said says claimed accused denied blamed warned announced responded "
                         "retaliated sent deployed used targeted".split())
_EFFECT_BEFORE = ("felt in", "felt across", "felt as far as", "felt throughout", "felt in the")


def specificity(place: Place) -> int:
    """0 for a town or landmark ... 5 for a continent."""
    return SPECIFICITY.get(place.feature or "", _UNKNOWN_SPECIFICITY)


class PlaceRank(NamedTuple):
    """How well a place fits an event's trigger: ``rank`` sorts best first."""

    rank: tuple
    tied: bool
    near: bool  # "near X", "outskirts of X": the event is close to the place, not in it


def _clause_words_before(sentence: str, pos: int) -> list[str]:
    """The (at most five) lowercased words just before ``pos``, within the same clause."""
    return CLAUSE_BREAK.split(sentence[max(0, pos - 50):pos])[-1].lower().split()[-5:]


def strictly_tied(sentence: str, place_start: int, place_end: int, trigger_start: int, trigger_end: int) -> bool:
    """A place right after a locative word ("in Odesa", "at the base"), after "and" ("Odesa and
    Kharkiv"), or next to the trigger ("Kharkiv strike", "attack on Kharkiv")."""
    if sentence.startswith(("'s", "’s"), place_end):
        return False  # "Ukraine's victory plan": an owner, not a location
    if 0 <= trigger_start - place_end <= 2 or 0 <= place_start - trigger_end <= 4:
        return True
    words = _clause_words_before(sentence, place_start)
    if words and words[-1] == "the":
        words = words[:-1]
    return bool(words) and (words[-1] in _LOC_WORDS or words[-1] == "and") and words[-1] != "of"


_DISTANCE_BEFORE = re.compile(
    r"\d[\d.,]*\s*(?:km|kilomet\w*|mi|miles?|metres?|meters?)\b[^.;:]{0,60}?\b(?:from|of|to)\s+"
    r"(?:the\s+)?(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_BORDER_BEFORE = re.compile(r"\b(?:borders?|frontier)\s+(?:with\s+)?(?:the\s+)?$", re.IGNORECASE)


def _is_distance_reference(words: list[str]) -> bool:
    for i, word in enumerate(words):
        unit = word in _UNITS or (word.endswith(("km", "mi")) and word[:-2].replace(".", "").isdigit())
        if unit and any(x in ("from", "of") for x in words[i + 1:i + 3]):
            return True
    return False


def _is_near(words: list[str]) -> bool:
    if len(words) >= 2 and words[-1] == "of" and words[-2] in _SUBPLACES:
        words = words[:-2]
    if words and words[-1] == "the":
        words = words[:-1]
    return bool(words) and (words[-1] in _NEAR_WORDS or (len(words) >= 2 and (
        (words[-1] == "of" and words[-2] in _NEAR_OF) or (words[-1] == "to" and words[-2] == "close")
        or (words[-1] == "in" and words[-2] in _SUBPLACES))))


def _is_not_location(sentence: str, place_start: int, place_end: int, words: list[str]) -> bool:
    """A distance reference ("30 km from Kursk"), an organisation ("the Kursk Police"), an actor or an
    origin ("forces of Ukraine", "fired from Lebanon", "blamed on Kyiv"), or where an effect was felt."""
    if _is_distance_reference(words):
        return True
    if place_start < 30 and sentence[place_start:place_end].isupper() and place_end - place_start > 2:
        return True  # a dateline ("NIAMEY, Niger (AP) —"): where the report was filed
    before = sentence[max(0, place_start - 100):place_start]
    if _DISTANCE_BEFORE.search(before) or _BORDER_BEFORE.search(before):
        return True  # "250 kilometers (155 miles) southwest of the capital Khartoum", "the border with Israel"
    following = sentence[place_end:place_end + 40].split()
    if following and following[0] in _ACTOR_VERBS and (len(following) < 2 or following[1] != "by"):
        return True  # "after Israel launched air strikes": the actor, not the place
    if following and following[0] in ("'s", "’s"):
        following = following[1:]  # "Ukraine's Armed Forces"
    if following and following[0].strip(".,;:'’\"") in _ORGANISATION_WORDS:
        return True
    last = words[-1] if words else ""
    if last == "the" and len(words) > 1:
        last = words[-2]
    if last in _ACTOR_BEFORE or (len(words) >= 2 and words[-1] == "on" and words[-2] == "blamed"):
        return True
    if last == "of" and len(words) >= 2 and words[-2] in _ACTOR_OF:
        return True
    joined = " ".join(words[-4:])
    return joined.endswith(_EFFECT_BEFORE)  # a tuple: str.endswith tries each


def place_rank(place: Place, sentence: str, place_start: int, place_end: int, trigger_start: int,
               trigger_end: int) -> PlaceRank:
    """How well the place at place_start..place_end fits the trigger (offsets into ``sentence``)."""
    words = _clause_words_before(sentence, place_start)
    if _is_not_location(sentence, place_start, place_end, words):
        return PlaceRank(NOT_A_LOCATION, False, False)  # not where it happened
    owner = sentence.startswith(("'s", "’s"), place_end)  # "Russia's Kursk Region": the finer place counts
    tied = not owner and (any(x in _LOC_WORDS for x in words[-4:]) or 0 <= trigger_start - place_end <= 2
                          or 0 <= place_start - trigger_end <= 2)
    distance = min(abs(place_start - trigger_end), abs(trigger_start - place_end))
    rank = (0 if tied else 1, specificity(place), distance)
    if len(words) >= 2 and words[-1] == "of" and words[-2] in _NEAR_OF:
        return PlaceRank(rank, tied, True)
    return PlaceRank(rank, tied, _is_near(words))


_ADMIN_SUFFIX = re.compile(r"\s+(?:oblast|province|region|state|governorate|district|county|prefecture|krai)$",
                           re.IGNORECASE)
NEAR_KM = 40  # "a town near Mogadishu" and Afgoye (27 km away) can be the same event's place


def _admin_name(name: str) -> str:
    return _ADMIN_SUFFIX.sub("", name.strip()).lower()


def places_compatible(a: Place | None, b: Place | None, *, near: bool = False) -> bool:
    """True unless both places are resolved and cannot hold the same event (two towns, two countries).

    ``near`` says one of them was named as "near X": then a town within :data:`NEAR_KM` of it fits."""
    if a is None or b is None or not a.resolved or not b.resolved:
        return True
    if a.geonameid is not None and a.geonameid == b.geonameid:
        return True
    if (a.name or a.text) == (b.name or b.text):
        return True
    if near and distance_km(a.lat, a.lon, b.lat, b.lon) <= NEAR_KM:
        return True
    if a.country_code and b.country_code and a.country_code != b.country_code:
        return False
    sa, sb = specificity(a), specificity(b)
    if sa == sb:
        return False  # two different towns (or two different regions)
    coarse, fine = (a, b) if sa > sb else (b, a)
    return not (coarse.feature == "admin1" and fine.admin1 and coarse.name
                and _admin_name(fine.admin1) != _admin_name(coarse.name))
