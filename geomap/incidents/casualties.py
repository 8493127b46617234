"""Casualty figures a sentence states: "two women and a child were killed", "killing at least 12",
"left 19 injured", "the death toll rose to 15", "nobody was hurt".

Anchored on the casualty words, so a sentence without any costs one regex scan. Numbers are read with
:func:`geomap.text.parse_number`; vague quantities ("dozens", "several") get ACLED's conservative
figure and are marked approximate.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from ..text import NUMBER_WORDS, LazyRegex, parse_number, trie_regex
from .wordre import WordStartRegex, compile_all

__all__ = ["CasualtyFigure", "casualties", "compile_patterns"]


class CasualtyFigure(NamedTuple):
    """One casualty phrase: ``kind`` is "killed" or "injured"; ``update`` for "the toll rose to ..."."""

    kind: str
    count: int | None  # None: a vague quantity ("dozens", "hundreds"), kept as text only
    update: bool
    approximate: bool
    text: str


_NUMWORD = ("one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
            "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety")
_NUM = (rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+|(?:{_NUMWORD})(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"
        r"(?:\s+hundred)?|a\s+dozen|dozens|scores|hundreds|several|a\s+few|a|an)(?![-\w])")
_QUAL = (r"(?:(?:at\s+least|more\s+than|over|nearly|almost|about|around|roughly|some|up\s+to|as\s+many\s+as|"
         r"fewer\s+than|an\s+estimated|another|a\s+further|further)\s+)?")
_OWNER = r"(?:(?:his|her|their|its)\s+)?"
_PERSON = (r"(?:people|persons?|civilians?|children|child|kids?|babies|baby|infants?|toddlers?|girls?|boys?|women|woman|"
           r"men|man|residents?|soldiers?|troops|servicemen|servicemembers|police(?:men|\s+officers)?|officers?|"
           r"protesters?|demonstrators?|workers?|passengers?|students?|pupils?|fighters?|militants?|villagers?|"
           r"journalists?|others?|teenagers?|climbers?|hikers?|fishermen|sailors?|worshippers?|pilgrims?|"
           r"pedestrians?|members?|employees?|miners?|firefighters?|rescuers?|inmates?|prisoners?|"
           r"family\s+members|individuals?|victims?|guards?|officials?|migrants?|refugees?|tourists?|patients?|"
           r"staff|crew(?:\s+members)?|personnel|doctors?|nurses?|paramedics?|drivers?|medics?|"
           r"(?:ex-)?(?:girlfriends?|boyfriends?|wives|wife|husbands?|sons?|daughters?|mothers?|fathers?|brothers?|"
           r"sisters?|relatives?|neighbou?rs?)|of\s+them|in\s+total)")
_ADJ = r"(?:[\w'’-]+\s+){0,3}?"
_KILL_V = (r"(?:killed|dead|died|drowned|slain|perished|lost\s+their\s+lives|lost\s+(?:his|her)\s+life|were\s+killed|"
           r"fatalities)")
_HURT_V = r"(?:injured|wounded|hurt|injuries|hospitali[sz]ed)"
_AUX = (r"(?:\s+(?:were|was|have\s+been|has\s+been|had\s+been|are|is|got|reportedly|also|later|found|confirmed|had|"
        r"have|has|(?:received|sustained|suffered)(?:\s+(?:shrapnel|gunshot|serious|minor|critical|severe|light|"
        r"burn|multiple|life-threatening))?))*")
_OF_GROUP = r"(?:\s+of\s+(?:the\s+|a\s+|one\s+|his\s+|her\s+|their\s+)?(?:same\s+)?(?:family|household|crew|team))?"
_ITEM = rf"{_OWNER}{_QUAL}{_NUM}\s+{_ADJ}{_PERSON}{_OF_GROUP}"
_CAS_ANCHOR = WordStartRegex(
    r"(?:kill|dead|died|drowned|slain|perish|lost|fatalit|injur|wound|hurt|hospitali|toll|death|"
    r"number\s+of\s+(?:dead|deaths)|shot\s+dead|"
    r"claimed|left|leaving|gunned\s+down|no(?:\s+(?:one|deaths?|casualties|fatalities|injuries|victims)|body|ne))")
_SUBJ_RE = LazyRegex(rf"(?P<subj>(?:{_ITEM}(?:\s*,\s*|\s+and\s+))*(?:{_ITEM}|{_QUAL}{_NUM})){_AUX}\s+", re.IGNORECASE)
# "Eight people including three soldiers and four civilians were killed", "three people carrying documents issued by
# the authorities were killed": the head figure counts
_INCLUDING_RE = LazyRegex(rf"(?P<n>{_QUAL}{_NUM})\s+{_ADJ}{_PERSON}\s*,?\s+(?:including|among\s+them|among\s+whom|carrying|travell?ing|aboard|"
                           rf"working|living|inside|from|who\s+(?:were|was|had))\b"
                           rf"[^.;]{{0,160}}?{_AUX}\s+", re.IGNORECASE)
_SUBJ_VERB = LazyRegex(rf"{_KILL_V}|{_HURT_V}", re.IGNORECASE)
_NOT_PEOPLE = r"(?!\s*(?:km|kilomet|miles?|metres?|per\s?cent|%|years?|days?|hours?|minutes?))"
_OBJ_VERB = (r"(?P<ov>killing|killed|kills|dead|shot\s+dead|gunned\s+down|claimed\s+the\s+lives\s+of|injuring|injured|"
             r"wounding|wounded|injures|wounds)\s+")
_OBJ_RE = LazyRegex(rf"{_OBJ_VERB}(?P<obj>{_QUAL}{_NUM})(?:\s+{_ADJ}(?P<op>{_PERSON}))?\b{_NOT_PEOPLE}", re.IGNORECASE)
# "killed a senior border official and three others", "shot dead his ex-girlfriend and five other people"
_OBJ_ITEM = rf"(?:{_QUAL}{_NUM}|the|his|her|their)\s+{_ADJ}{_PERSON}\b"
_OBJ_LIST_RE = LazyRegex(rf"{_OBJ_VERB}(?P<items>{_OBJ_ITEM}(?:(?:\s*,\s*|\s+and\s+){_OBJ_ITEM})+)", re.IGNORECASE)
_LEFT_RE = LazyRegex(rf"(?:left|leaving)\s+(?P<lobj>{_QUAL}{_NUM})\s+(?:{_ADJ}{_PERSON}\s+)?(?P<lv>dead|injured|wounded)\b",
                      re.IGNORECASE)
_TOLL_RE = LazyRegex(
    rf"(?:(?:death\s+)?toll|number\s+of\s+(?:dead|deaths)|deaths?(?:\s+(?:toll|count))?)(?:\s+from\s+[^,.;]{{0,80}}?)?\s+"
    rf"(?:has\s+|had\s+)?(?:(?:later|since|now|then|quickly|further|again)\s+)?(?:rose|risen|climbed|reached|increased|jumped|stands?|stood|is|was|now\s+stands)\s+"
    rf"(?:at\s+|to\s+)?(?P<toll>{_QUAL}{_NUM})", re.IGNORECASE)
# "resulted in the death of two people ... and the injury of eight others"
_NOUN_OF_RE = LazyRegex(rf"(?P<noun>deaths?|killing|injury|injuries|wounding)\s+of\s+(?P<nobj>{_QUAL}{_NUM})\s+"
                         rf"{_ADJ}{_PERSON}", re.IGNORECASE)
_LIVES_RE = LazyRegex(rf"claimed\s+(?P<lives>{_QUAL}{_NUM})\s+lives\b", re.IGNORECASE)
_ZERO_RE = LazyRegex(
    r"(?P<zero>no\s+(?:one|deaths?|casualties|fatalities|injuries|victims)|nobody|none)\s*(?:was|were|has\s+been|"
    r"have\s+been|had\s+been)?\s*(?:immediately\s+)?(?P<zv>killed|injured|hurt|wounded|reported|died)?"
    r"(?:\s+(?P<zv2>injured|killed|hurt|wounded|dead)(?:\s+(?:or|and)\s+(?P<zv3>injured|killed|hurt|wounded|dead))?)?\b",
    re.IGNORECASE)
# Where a casualty subject can start: a number, a number word, a quantifier or an owner.
_NUM_START = LazyRegex(r"(?<![\w'’-])(?:\d|" + trie_regex([
    *(w for w in NUMBER_WORDS if " " not in w), "at", "more", "over", "nearly", "almost", "about", "around",
    "roughly", "some", "up", "as", "fewer", "another", "further", "dozens", "scores", "hundreds", "several",
    "his", "her", "their", "its"])
    + r")", re.IGNORECASE)
_ITEM_RE = LazyRegex(rf"{_OWNER}(?P<q>{_QUAL})(?P<n>{_NUM})(?:\s+{_ADJ}(?P<p>{_PERSON}))?", re.IGNORECASE)
_OBJ_ITEM_RE = LazyRegex(rf"(?P<n>{_QUAL}{_NUM}|the|his|her|their)\s+{_ADJ}(?P<p>{_PERSON})\b", re.IGNORECASE)
_ANOTHER_RE = LazyRegex(r"\b(?:and\s+)?another(?:\s+(?:one|person|man|woman|child|boy|girl))?\s+(?:was\s+)?$",
                         re.IGNORECASE)
# Vague quantities: no figure (the phrase is kept); ACLED-style coders would not invent one either.
_VAGUE = frozenset(("dozens", "scores", "hundreds", "several", "a few"))
_UPDATE = LazyRegex(r"\b(?:rose|risen|climbed|jumped|increased|now|later|updated|revised)\b", re.IGNORECASE)


def compile_patterns() -> None:
    """Compile the patterns now (they are compiled on first use): a process forking workers does it once."""
    for value in list(globals().values()):
        if isinstance(value, LazyRegex):
            value.compiled()
    compile_all()  # the word-start patterns of every incidents module


def _count(phrase: str) -> tuple[int | None, bool]:
    """(value, vague) of a number as written ("12", "1,200", "twenty-one", "a" -> 1; "dozens" -> None, vague)."""
    phrase = re.sub(r"\s+", " ", phrase.strip().lower())
    if phrase in _VAGUE:
        return None, True
    if phrase in ("a", "an", "the", "his", "her", "their"):
        return 1, False
    value = parse_number(phrase)
    return (int(value), False) if value is not None else (None, False)


def _strip_qualifier(s: str) -> str:
    return re.sub(_QUAL, "", s, count=1, flags=re.IGNORECASE)


class _Found(NamedTuple):
    kind: str
    count: int | None  # None: a vague quantity ("dozens")
    approximate: bool
    start: int
    end: int


def _found(kind: str, phrase: str, start: int, end: int) -> _Found | None:
    n, vague = _count(_strip_qualifier(phrase))
    return _Found(kind, n, vague, start, end) if n is not None or vague else None


_ZERO_COUNTED = ("deaths", "death", "casualties", "fatalities", "injuries")


def _zero(text: str, pos: int) -> tuple[list[CasualtyFigure], int]:
    """"nobody was hurt", "no casualties", "no one was reported injured or killed": zero figures, and where the
    phrase ends (0 when none)."""
    m = _ZERO_RE.match(text, pos)
    if not m:
        return [], 0
    zero = m.group("zero").lower()
    verbs = {(m.group(g) or "").lower() for g in ("zv", "zv2", "zv3")} - {""}
    if not verbs and zero.split()[-1] not in _ZERO_COUNTED:
        return [], 0  # "no one" / "none" without a verb says nothing
    kinds = []
    if "casualties" in zero or "killed" in verbs or "dead" in verbs or "died" in verbs or "death" in zero \
            or zero.endswith(("fatalities", "victims")) or verbs == {"reported"} and "injur" not in zero:
        kinds.append("killed")
    if "casualties" in zero or "injur" in zero or verbs & {"injured", "hurt", "wounded"}:
        kinds.append("injured")
    return [CasualtyFigure(kind, 0, False, False, m.group(0)) for kind in kinds], m.end()


def _toll(text: str, pos: int) -> tuple[list[CasualtyFigure], int]:
    """"the death toll rose to 15", "the death from the strike has risen to 10": an update of the killed figure."""
    m = _TOLL_RE.match(text, pos)
    if m:
        n, vague = _count(_strip_qualifier(m.group("toll")))
        if n is not None or vague:
            return [CasualtyFigure("killed", n, True, vague, text[max(0, pos - 6):m.end()].lstrip())], m.end()
    return [], 0


def _left(text: str, pos: int) -> _Found | None:
    m = _LEFT_RE.match(text, pos)
    if m:
        return _found("killed" if m.group("lv").lower() == "dead" else "injured", m.group("lobj"), pos, m.end())
    return None


def _claimed(text: str, pos: int) -> _Found | None:
    m = _LIVES_RE.match(text, pos) or _OBJ_RE.match(text, pos)
    if m:
        return _found("killed", m.group("lives") if "lives" in m.groupdict() else m.group("obj"), pos, m.end())
    return None


def _noun_of(text: str, pos: int) -> _Found | None:
    """"the death of two people", "the injury of eight others"."""
    m = _NOUN_OF_RE.match(text, pos)
    if m:
        kind = "killed" if m.group("noun").lower().startswith(("death", "kill")) else "injured"
        return _found(kind, m.group("nobj"), pos, m.end())
    return None


def _sum_items(matches: Iterable[re.Match], skip_bare_article: bool) -> tuple[int, bool, bool]:
    """(total, vague, counted) over counted items ("two women", "a child", "dozens of people")."""
    total, vague, counted = 0, False, False
    for item in matches:
        number = _strip_qualifier(item.group("n"))
        if skip_bare_article and number.lower() in ("a", "an") and not item.group("p"):
            continue
        value, is_vague = _count(number)
        if value is None and not is_vague:
            continue
        total, vague, counted = total + (value or 0), vague or is_vague, True
    return total, vague, counted


def _subject_before(text: str, pos: int, verb_end: int, kind: str) -> _Found | None:
    """A counted subject ending right before the verb: "two women and a child were killed"."""
    for w in _NUM_START.finditer(text, max(0, pos - 200), pos):
        including = _INCLUDING_RE.fullmatch(text, w.start(), pos)
        if including:
            return _found(kind, including.group("n"), w.start(), verb_end)
        sm = _SUBJ_RE.fullmatch(text, w.start(), pos)
        if sm is None:
            continue
        total, vague, counted = _sum_items(_ITEM_RE.finditer(sm.group("subj")), skip_bare_article=True)
        if not counted:
            return None
        return _Found(kind, None if vague and not total else total, vague, w.start(), verb_end)
    return None


def _object_after(text: str, pos: int) -> _Found | None:
    """"killing at least 12", "wounding two", "killing a civilian", "killed an official and three others"."""
    m = _OBJ_LIST_RE.match(text, pos)
    if m:
        total, vague, counted = _sum_items(_OBJ_ITEM_RE.finditer(m.group("items")), skip_bare_article=False)
        if counted:
            kind = "killed" if m.group("ov").lower().startswith(_KILL_OBJECT) else "injured"
            return _Found(kind, total, vague, pos, m.end())
    m = _OBJ_RE.match(text, pos)
    if m:
        number = _strip_qualifier(m.group("obj"))
        if number.lower() in ("a", "an") and not m.group("op"):
            return None  # "killing a ..." without a person word
        kind = "killed" if m.group("ov").lower().startswith(_KILL_OBJECT) else "injured"
        return _found(kind, number, pos, m.end())
    return None


_KILL_OBJECT = ("kill", "claimed", "dead", "gunned", "shot")


def _verb(text: str, pos: int, word: str) -> _Found | None:
    found = None
    verb = _SUBJ_VERB.match(text, pos)
    if verb:
        kind = "killed" if word.startswith(_KILL_STARTS) else "injured"
        found = _subject_before(text, pos, verb.end(), kind)
        another = None if found else _ANOTHER_RE.search(text, max(0, pos - 40), pos)
        if another:  # "one person was killed and another wounded"
            found = _Found(kind, 1, False, another.start(), verb.end())
    return found or _object_after(text, pos)


_KILL_STARTS = ("kill", "dead", "died", "drown", "slain", "perish", "lost", "fatal")


def _figures_at(text: str, pos: int, word: str) -> tuple[list[CasualtyFigure], int, _Found | None]:
    """What the casualty word at ``pos`` states: ready figures (zero, toll) or one found phrase."""
    if word.startswith(("no", "none")):
        figures, end = _zero(text, pos)
        return figures, end, None
    if word.startswith(("toll", "number", "death")):
        figures, end = _toll(text, pos)
        if figures or not word.startswith("death"):
            return figures, end, None
        return [], 0, _noun_of(text, pos)
    if word in ("left", "leaving"):
        return [], 0, _left(text, pos)
    if word == "claimed":
        return [], 0, _claimed(text, pos)
    if word.startswith("injur"):
        found = _noun_of(text, pos)
        if found:
            return [], 0, found
    return [], 0, _verb(text, pos, word)


def casualties(text: str) -> list[CasualtyFigure]:
    """The casualty figures of a sentence, in text order."""
    out: list[CasualtyFigure] = []
    last = 0
    for pos, word in _CAS_ANCHOR.words(text):
        if pos < last:
            continue
        figures, end, found = _figures_at(text, pos, word)
        out.extend(figures)
        last = end or last
        if found:
            update = bool(_UPDATE.search(text, max(0, found.start - 30), found.start))
            out.append(CasualtyFigure(found.kind, found.count, update, found.approximate, text[found.start:found.end]))
            last = found.end
    return out
