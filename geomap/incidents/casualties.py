"""Casualty figures a sentence states: "two women and a child were killed", "killing at least 12",
"left 19 injured", "the death toll rose to 15", "nobody was hurt".

Anchored on the casualty words, so a sentence without any costs one regex scan. Numbers are read with
:func:`geomap.text.parse_number`; vague quantities ("dozens", "several") get ACLED's conservative
figure and are marked approximate.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..text import NUMBER_WORDS, parse_number, trie_regex

__all__ = ["CasualtyFigure", "casualties"]


class CasualtyFigure(NamedTuple):
    """One casualty phrase: ``kind`` is "killed" or "injured"; ``update`` for "the toll rose to ..."."""

    kind: str
    count: int
    update: bool
    approximate: bool
    text: str


_NUMWORD = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
            "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety")
_NUM = (rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_NUMWORD})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
        r"(?:\s+hundred)?|a\s+dozen|dozens|scores|hundreds|several|a\s+few|a|an)(?![-\w])")
_QUAL = (r"(?:(?:at\s+least|more\s+than|over|nearly|almost|about|around|roughly|some|up\s+to|as\s+many\s+as|"
         r"fewer\s+than|an\s+estimated|another|a\s+further|further)\s+)?")
_PERSON = (r"(?:people|persons?|civilians?|children|child|kids?|babies|baby|infants?|toddlers?|girls?|boys?|women|woman|"
           r"men|man|residents?|soldiers?|troops|servicemen|servicemembers|police(?:men|\s+officers)?|officers?|"
           r"protesters?|demonstrators?|workers?|passengers?|students?|pupils?|fighters?|militants?|villagers?|"
           r"journalists?|others|teenagers?|climbers?|hikers?|fishermen|sailors?|worshippers?|pilgrims?|pedestrians?|members?|employees?|miners?|firefighters?|rescuers?|"
           r"family\s+members|individuals|victims|guards?|officials?|migrants?|refugees?|tourists?|patients?|"
           r"staff|crew(?:\s+members)?|personnel|doctors?|nurses?|of\s+them|in\s+total)")
_ADJ = r"(?:[\w'’-]+\s+){0,3}?"
_KILL_V = r"(?:killed|dead|died|drowned|slain|perished|lost\s+their\s+lives|lost\s+(?:his|her)\s+life|were\s+killed|fatalities)"
_HURT_V = r"(?:injured|wounded|hurt|injuries|hospitali[sz]ed)"
_AUX = r"(?:\s+(?:were|was|have\s+been|has\s+been|had\s+been|are|is|got|reportedly|also|later|found|confirmed|had|have|has))*"
_ITEM = rf"{_QUAL}{_NUM}\s+{_ADJ}{_PERSON}"
_CAS_ANCHOR = re.compile(
    r"(?<!\w)(?:kill|dead|died|drowned|slain|perish|lost|fatalit|injur|wound|hurt|hospitali|toll|number\s+of\s+(?:dead|deaths)|"
    r"claimed|left|leaving|gunned\s+down|no(?:\s+(?:one|deaths?|casualties|fatalities|injuries|victims)|body|ne))", re.IGNORECASE)
_SUBJ_RE = re.compile(rf"(?P<subj>(?:{_ITEM}(?:\s*,\s*|\s+and\s+))*(?:{_ITEM}|{_QUAL}{_NUM})){_AUX}\s+", re.IGNORECASE)
_SUBJ_VERB = re.compile(rf"{_KILL_V}|{_HURT_V}", re.IGNORECASE)
_OBJ_RE = re.compile(
    rf"(?P<ov>killing|killed|kills|dead|gunned\s+down|claimed\s+the\s+lives\s+of|injuring|injured|wounding|wounded|injures|wounds)\s+"
    rf"(?P<obj>{_QUAL}{_NUM})(?:\s+{_ADJ}{_PERSON})?\b(?!\s*(?:km|kilomet|miles?|metres?|per\s?cent|%|years?|days?|"
    rf"hours?|minutes?))", re.IGNORECASE)
_LEFT_RE = re.compile(rf"(?:left|leaving)\s+(?P<lobj>{_QUAL}{_NUM})\s+(?:{_ADJ}{_PERSON}\s+)?(?P<lv>dead|injured|wounded)\b",
                      re.IGNORECASE)
_TOLL_RE = re.compile(
    rf"(?:toll|number\s+of\s+(?:dead|deaths))\s+(?:has\s+|had\s+)?(?:rose|risen|climbed|reached|increased|jumped|stands?|"
    rf"stood|is|was|now\s+stands)\s+(?:at\s+|to\s+)?(?P<toll>{_QUAL}{_NUM})", re.IGNORECASE)
_LIVES_RE = re.compile(rf"claimed\s+(?P<lives>{_QUAL}{_NUM})\s+lives\b", re.IGNORECASE)
_ZERO_RE = re.compile(
    r"(?P<zero>no\s+(?:one|deaths?|casualties|fatalities|injuries|victims)|nobody|none)\s*(?:was|were|has\s+been|"
    r"have\s+been|had\s+been)?\s*(?:immediately\s+)?(?P<zv>killed|injured|hurt|wounded|reported|died)?\b", re.IGNORECASE)
# Where a casualty subject can start: a number, a number word or a quantifier.
_NUM_START = re.compile(r"(?<![\w'’-])(?:\d|" + trie_regex([
    *(w for w in NUMBER_WORDS if " " not in w), "at", "more", "over", "nearly", "almost", "about", "around",
    "roughly", "some", "up", "as", "fewer", "another", "further", "dozens", "scores", "hundreds", "several"])
    + r")", re.IGNORECASE)
_ITEM_RE = re.compile(rf"(?P<q>{_QUAL})(?P<n>{_NUM})(?:\s+{_ADJ}(?P<p>{_PERSON}))?", re.IGNORECASE)
_VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "several": 10, "a few": 3}
_UPDATE = re.compile(r"\b(?:rose|risen|climbed|jumped|increased|now|later|updated|revised)\b", re.IGNORECASE)


def _count(phrase: str) -> tuple[int | None, bool]:
    """(value, approximate) of a number as written ("12", "1,200", "twenty-one", "a", "dozens")."""
    phrase = re.sub(r"\s+", " ", phrase.strip().lower())
    if phrase in _VAGUE:
        return _VAGUE[phrase], True
    if phrase in ("a", "an"):
        return 1, False
    value = parse_number(phrase)
    return (int(value), False) if value is not None else (None, False)


def _strip_qualifier(s: str) -> str:
    return re.sub(_QUAL, "", s, count=1, flags=re.IGNORECASE)


class _Found(NamedTuple):
    kind: str
    count: int
    approximate: bool
    start: int
    end: int


def _zero(text: str, pos: int) -> tuple[list[CasualtyFigure], int]:
    """"nobody was hurt", "no casualties": zero figures, and where the phrase ends (0 when none)."""
    m = _ZERO_RE.match(text, pos)
    if not m:
        return [], 0
    zero = m.group("zero").lower()
    verb = (m.group("zv") or "").lower()
    if not verb and zero.split()[-1] not in ("deaths", "death", "casualties", "fatalities", "injuries"):
        return [], 0  # "no one" / "none" without a verb says nothing
    phrase = m.group(0)
    if "injur" in zero or verb in ("injured", "hurt", "wounded"):
        kinds = ["injured"]
    elif "casualties" in zero:
        kinds = ["killed", "injured"]
    else:
        kinds = ["killed"]
    return [CasualtyFigure(kind, 0, False, False, phrase) for kind in kinds], m.end()


def _toll(text: str, pos: int) -> tuple[list[CasualtyFigure], int]:
    """"the death toll rose to 15": an update of the killed figure."""
    m = _TOLL_RE.match(text, pos)
    if m:
        n, approximate = _count(_strip_qualifier(m.group("toll")))
        if n is not None:
            return [CasualtyFigure("killed", n, True, approximate, text[max(0, pos - 6):m.end()].lstrip())], m.end()
    return [], 0


def _left(text: str, pos: int) -> _Found | None:
    m = _LEFT_RE.match(text, pos)
    if m:
        n, approximate = _count(_strip_qualifier(m.group("lobj")))
        if n is not None:
            return _Found("killed" if m.group("lv").lower() == "dead" else "injured", n, approximate, pos, m.end())
    return None


def _claimed(text: str, pos: int) -> _Found | None:
    m = _LIVES_RE.match(text, pos) or _OBJ_RE.match(text, pos)
    if m:
        n, approximate = _count(_strip_qualifier(m.group("lives") if "lives" in m.groupdict() else m.group("obj")))
        if n is not None:
            return _Found("killed", n, approximate, pos, m.end())
    return None


def _subject_before(text: str, pos: int, verb_end: int, kind: str) -> _Found | None:
    """A counted subject ending right before the verb: "two women and a child were killed"."""
    for w in _NUM_START.finditer(text, max(0, pos - 120), pos):
        sm = _SUBJ_RE.fullmatch(text, w.start(), pos)
        if sm is None:
            continue
        total, approximate, counted = 0, False, False
        for item in _ITEM_RE.finditer(sm.group("subj")):
            number = item.group("n")
            if number.lower() in ("a", "an") and not item.group("p"):
                continue
            value, approx = _count(number)
            if value is None:
                continue
            total, approximate, counted = total + value, approximate or approx, True
        return _Found(kind, total, approximate, w.start(), verb_end) if counted else None
    return None


def _object_after(text: str, pos: int) -> _Found | None:
    """"killing at least 12", "wounding two"."""
    m = _OBJ_RE.match(text, pos)
    if m:
        number = _strip_qualifier(m.group("obj"))
        n, approximate = _count(number)
        if n is not None and number.lower() not in ("a", "an"):
            kind = "killed" if m.group("ov").lower().startswith(("kill", "claimed", "dead", "gunned")) else "injured"
            return _Found(kind, n, approximate, pos, m.end())
    return None


def _verb(text: str, pos: int, word: str) -> _Found | None:
    found = None
    verb = _SUBJ_VERB.match(text, pos)
    if verb:
        kind = "killed" if word.startswith(_KILL_STARTS) else "injured"
        found = _subject_before(text, pos, verb.end(), kind)
    return found or _object_after(text, pos)


_KILL_STARTS = ("kill", "dead", "died", "drown", "slain", "perish", "lost", "fatal")


def casualties(text: str) -> list[CasualtyFigure]:
    """The casualty figures of a sentence, in text order."""
    out: list[CasualtyFigure] = []
    last = 0
    for anchor in _CAS_ANCHOR.finditer(text):
        pos = anchor.start()
        if pos < last:
            continue
        word = anchor.group(0).lower()
        if word.startswith(("no", "none")) or word.startswith(("toll", "number")):
            figures, end = (_zero if word.startswith("no") else _toll)(text, pos)
            out.extend(figures)
            last = end or last
            continue
        if word in ("left", "leaving"):
            found = _left(text, pos)
        elif word == "claimed":
            found = _claimed(text, pos)
        else:
            found = _verb(text, pos, word)
        if found:
            update = bool(_UPDATE.search(text, max(0, found.start - 30), found.start))
            out.append(CasualtyFigure(found.kind, found.count, update, found.approximate, text[found.start:found.end]))
            last = found.end
    return out
