"""Places the gazetteer lacks, recognised by the words that say they are places.

News names villages, camps and small towns that no gazetteer extract holds; the language still says
what they are: "the village of X", "X village", "the villages of X and Y", "X and Y villages", "in the X
area", "the X river", "the river X", "residents of X", "X, a village near ...", and a dateline ("X,
Country (Agency) -"). A capitalised name in such a place is a toponym; the resolver leaves it
unresolved (no coordinates) and says why (:func:`cue_reason`). Other mentions of the same name in
the document are places too (one sense per name and document).

Not names: a word the text also writes in lower case ("Border town"), a function word ("This town"),
a capitalised adjective ("a Druze village", "the Lebanese village of ..."), short all-caps codes
("an RSF camp"), people, and names followed by what is named after them.
"""

from __future__ import annotations

import re

from ..text import NUMBER_WORDS, trie_regex
from .lexicon import CALENDAR, FUNCTION_WORDS, ORG_HEADS, PERSON_TITLES

UNKNOWN_NAME = "not in the gazetteer"
_CUE_REASON = UNKNOWN_NAME + ": named "  # how the reason of a cue-recognised, unresolved place starts


def cue_recognised(place) -> bool:
    """A place recognised by a cue alone: no gazetteer entry, so no coordinates of its own (at most an
    approximate point, see geomap.resolve.approx)."""
    if getattr(place, "approximate", False):
        return True
    return not place.resolved and (place.reason or "").startswith(_CUE_REASON)


# One word of a name: a capitalised word, or an Arabic article with a hyphen before one ("al-Sawana").
_WORD = r"(?:(?:[Aa]l|[Ee]l|ad|an|ar|as|ash|at|az|ud|ul|ur)-)?[^\W\d_a-z][^\W\d_]*(?:['\u2019][^\W\d_]+)?"
NAME = rf"{_WORD}(?:[ -]{_WORD}){{0,3}}"
_LIST_SEP = r"(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)"
_NAMES = rf"{NAME}(?:{_LIST_SEP}{NAME}){{0,7}}"

# Nouns of settlements and areas, lower case; the plural forms may head a list of names.
_SETTLEMENT = r"village|town|hamlet|settlement|camp|township|commune|kibbutz|moshav|locality"
_AREA = r"area|region|district|sector|province|governorate|neighbou?rhood|suburb|valley"
# as a character trie: the pattern scan tries it after every capitalised word
AFTER_NOUNS = (r"(?:refugee )?(?:" + trie_regex(
    f"{w}{s}" for w in (_SETTLEMENT + "|" + _AREA.replace("neighbou?rhood", "neighborhood|neighbourhood")
                        + "|river").split("|") for s in ("", "s")) + r")\b")
_OF_NOUNS = ("village", "villages", "town", "towns", "hamlet", "hamlets", "settlement", "settlements", "township",
             "townships", "neighborhood", "neighbourhood", "neighborhoods", "neighbourhoods", "suburb", "suburbs",
             "district", "districts", "locality", "localities", "commune", "communes", "residents", "villagers",
             "inhabitants", "outskirts", "mayor", "Residents", "Villagers", "Inhabitants")
# "the village of X", "the towns of X, Y and Z", "residents of X", "the outskirts of X" (see CUE_BRANCHES)
_APPOSITIVE_NOUNS = r"village|town|hamlet|settlement|community|suburb"  # "X, a village near ..."
_OF_WHAT = {"residents": "a place with residents", "villagers": "village", "inhabitants": "a place with inhabitants",
            "outskirts": "a place with outskirts", "mayor": "a place with a mayor", "localities": "locality"}


def _behind(prefix: str, forms) -> str:
    return f"(?<={prefix}[A-Z])(?:" + "|".join(f"(?<={f}[A-Z])" for f in forms) + ")"


# What stands right before a capital letter or after its word, as alternatives of one regex that starts at a
# capital letter: the recognizer scans the text once for these and for its feature patterns ("Laurel County").
# ``cue``: a settlement or area noun after the word ("Khuafo village"); ``cue_of``: a capital after "village
# of", "the towns of the", "residents of al-" (the guard lookbehind first: most capitals fail it at once);
# ``cue_river``: a capital after "the river".
CUE_BRANCHES = (
    r"[a-z'\u2019]*+(?: (?P<cue>" + AFTER_NOUNS + r")|, an? (?:[a-z]+ ){0,2}(?P<cue_appos>" + _APPOSITIVE_NOUNS
    + r")\b)"
    + "|(?P<cue_of>" + _behind("of ", [f"{w} of " for w in _OF_NOUNS])
    + "|" + _behind("of the ", [f"{w} of the " for w in _OF_NOUNS])
    + "|" + _behind("l-", [f"{w} of {a}-" for w in _OF_NOUNS for a in ("al", "el")]) + ")"
    + "|(?P<cue_river>" + _behind("iver ", ["the river ", "The river ", "the River ", "The River "]) + ")"
)
_CUES = re.compile("[A-Z](?:" + CUE_BRANCHES + ")")
_OF_BEFORE = re.compile(r"(\w+) of (?:the )?$")
_RIVER_NAME = re.compile(r"[A-Z][a-z]+(?![\w'\u2019-]| [A-Z])")  # "the River Psel", not "the River Concert Series"
# the word before a list of names that an area noun follows: "in the X area", "of Abu X area"
_AREA_PREP = re.compile(r"\b(?:in|near|around|across|throughout|from|to|into|of|outside|inside|within|toward|"
                        r"towards|at|on|between|over|along|beyond|past|through|via)\s+(?:the\s+)?$")
_AFTER_NOUN = re.compile(rf"\s(refugee\s+)?(?:({_SETTLEMENT})|({_AREA})|(river))(s?)\b")
_NAMES_BEFORE = re.compile(rf"(?<![\w'\u2019-])(?:{_NAMES})$")
_NAME_BEFORE = re.compile(rf"(?<![\w'\u2019-])(?:{NAME})$")
_NAME_AT = re.compile(NAME)
_NAMES_AT = re.compile(_NAMES)
_APPOSITIVE = re.compile(rf"(?<![\w'\u2019-])({NAME}),\s+(?:a|an)\s+(?:[a-z]+\s+){{0,2}}$")
# "KHUAFO, Ghana (Reuters) -": a dateline at the start of one of the first lines.
_DATELINE = re.compile(r"[ \t]*([A-Z][A-Z'\u2019.-]+(?: [A-Z][A-Z'\u2019.-]+){0,3}),\s+[A-Z][\w.]*(?: [A-Z][\w.]*)?"
                       r"\s*(?:\([A-Za-z .]{1,20}\)\s*)?(?:\u2014|\u2013|--?)\s")
DATELINE_LINES = 4
# Capitalised adjectives of a group of people, which precede a settlement noun without naming it.
_GROUP_ADJECTIVES = frozenset((
    "druze", "bedouin", "christian", "muslim", "jewish", "arab", "alawite", "sunni", "shia", "shiite", "yazidi",
    "kurdish", "catholic", "orthodox", "maronite", "hindu", "sikh", "buddhist", "roma", "amish", "olympic",
))
# Last words of names of buildings and events, not of settlements ("residents of Fithian House").
_NOT_SETTLEMENT_HEADS = frozenset(("house", "hall", "apartments", "building", "buildings", "tower", "towers", "series",
                                   "complex", "estate", "estates", "manor", "lodge", "inn", "motel", "shelter"))
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n][\"'\u201d\u2019)]?\s*)$")
_BLOCK_AFTER = re.compile(r"\s+(?:hall|halls|meeting|meetings|hall's)\b")


def cue_spans(text: str, hits=None) -> list[tuple[int, int, str]]:
    """(start, end, what the cue says: "village", "area", "river", "dateline"...) of the names a cue marks
    as places, in order of cue; names that overlap are not merged here (see :func:`add_cue_mentions`).

    ``hits``: the matches of :data:`CUE_BRANCHES` (after a capital letter) in the text, as the recognizer's
    pattern scan finds them; None: found here.
    """
    out: list[tuple[int, int, str]] = []
    pos = 0
    for _ in range(DATELINE_LINES):
        m = _DATELINE.match(text, pos)
        if m is not None:
            out.append((m.start(1), m.end(1), "dateline"))
        pos = text.find("\n", pos) + 1
        if pos == 0:
            break
    for m in (_CUES.finditer(text) if hits is None else hits):
        if m.start("cue_appos") >= 0:
            a = _APPOSITIVE.search(text, max(0, m.start() - 60), m.start("cue_appos"))
            if a is not None and _SENTENCE_START.search(text, max(0, a.start(1) - 4), a.start(1)) is None:
                out.append((a.start(1), a.end(1), m.group("cue_appos")))
            continue
        if m.start("cue") >= 0:
            after = _AFTER_NOUN.match(text, m.start("cue") - 1)
            if after is not None:
                _names_before(text, after, out)
            continue
        ns = m.start()
        if text.startswith("l-", ns - 2):
            ns -= 3  # "al-Sawana"
        if m.start("cue_river") >= 0:
            r = _RIVER_NAME.match(text, ns)
            if r is not None:
                out.append((r.start(), r.end(), "river"))
            continue
        noun = _OF_BEFORE.search(text, max(0, ns - 30), ns)
        if noun is None:
            continue
        noun = noun.group(1).lower()
        plural = noun.endswith("s") and noun not in ("residents", "villagers", "inhabitants", "outskirts")
        what = _OF_WHAT.get(noun) or (noun[:-1] if plural else noun)
        _names_after(text, ns, plural or noun == "villagers", what, out)
    return out


def _names_after(text: str, pos: int, many: bool, what: str, out: list) -> None:
    """The name (or, after a plural noun, the list of names) starting at ``pos``."""
    m = (_NAMES_AT if many else _NAME_AT).match(text, pos)
    if m is None:
        return
    _split_list(text, m.start(), m.end(), what, out)


def _split_list(text: str, s: int, e: int, what: str, out: list) -> None:
    for part in re.finditer(NAME, text[s:e]):
        out.append((s + part.start(), s + part.end(), what))


def _names_before(text: str, m: re.Match, out: list) -> None:
    """Names before a settlement, area or river noun: "Khuafo village", "in the X area", "X and Y villages"."""
    s = m.start()
    if s == 0 or not (text[s - 1].isalpha() or text[s - 1] in "'\u2019"):
        return
    refugee, settlement, area, river, plural = m.groups()
    noun = settlement or area or river
    if settlement and _BLOCK_AFTER.match(text, m.end()):
        return  # "town hall"
    lo = max(0, s - (160 if plural else 60))  # a list of names, or one name of at most four words
    window = text[lo:s]
    if plural:
        b = _NAMES_BEFORE.search(window)
    else:
        b = _NAME_BEFORE.search(window)
    if b is None:
        return
    ns = lo + b.start()
    before = text[max(0, ns - 40):ns]
    if settlement and re.search(r"\b(?:an?|the)\s+$", before) and text.startswith(" of ", m.end()):
        return  # "the Lebanese village of X": an adjective
    if settlement and re.search(r"\b(?:an?|this|that|every|each|one|another|our|their|his|her|its)\s+$",
                                before, re.I):
        return  # "a Druze village"
    if settlement == "camp" and not refugee and re.search(r"\b[Tt]he\s+$", before):
        return  # "the Trump camp": a side in politics; "the X refugee camp", "X camp"
    one_word = re.fullmatch(r"[^\W\d_]+", text[ns:s]) is not None
    if one_word and _SENTENCE_START.search(text, max(0, ns - 4), ns) and not _named_mid_sentence(text, text[ns:s]):
        return  # "Six villages were destroyed": the first word of a sentence, nowhere else
    if area and _AREA_PREP.search(before) is None:
        return  # "in the X area", "in Y district"; not "Trump area"
    if river and not re.search(r"\b[Tt]he\s+$", before) and not plural:
        return  # "the X river"
    _split_list(text, ns, s, noun, out)


def _named_mid_sentence(text: str, word: str) -> bool:
    """Whether ``word`` (capitalised) also stands inside a sentence, after a lower-case word or a comma."""
    return re.search(rf"[a-z,]\s+{re.escape(word)}\b", text) is not None


def _plausible(text: str, s: int, e: int) -> bool:
    """Whether a cue's name can be a place name at all (not a function word, code, title, group or word)."""
    surface = text[s:e]
    words = re.split(r"[ -]", surface)
    first = words[0].lower()
    if first in FUNCTION_WORDS or first in PERSON_TITLES or first in CALENDAR:
        return False
    if first in NUMBER_WORDS or words[-1].lower() in _NOT_SETTLEMENT_HEADS:
        return False  # "Six villages", "Fithian House"
    if any(w.lower() in ORG_HEADS or w.lower() in CALENDAR for w in words):
        return False
    if surface.replace("-", "").replace(" ", "").isupper() and len(surface) <= 4:
        return False  # "an RSF camp", "IDF"
    if len(words) == 1 and (first in _GROUP_ADJECTIVES or len(first) < 3):
        return False
    if len(words) == 1 and first in text and re.search(rf"(?<![\w-]){re.escape(first)}(?![\w-])", text):
        return False  # an ordinary word the text also writes in lower case ("Border town")
    return True


def add_cue_mentions(text: str, mentions: list, hits, make, blocked) -> list:
    """``mentions`` (start-sorted, non-overlapping) with the names cues mark as places, and the other
    mentions of those names; ``hits`` as for :func:`cue_spans`; ``make(start, end)`` builds a mention,
    ``blocked(start, end)`` says a span holds a person or a name the gazetteer knows (its rules decided it)."""
    cued = cue_spans(text, hits)
    if not cued:
        return mentions
    taken = [(m[0], m[1]) for m in mentions]
    new: list[tuple[int, int]] = []
    names: set[str] = set()
    for s, e, _what in sorted(cued):
        s, e = _trim(text, s, e)
        if e <= s or _overlaps(taken, new, s, e) or not _plausible(text, s, e) or blocked(s, e):
            continue
        new.append((s, e))
        names.add(text[s:e])
    for name in names:  # one sense per name: its other mentions ("hit in Kfarjouz")
        for s in _occurrences(text, name):
            e = s + len(name)
            if re.search(r"[A-Z][\w'\u2019]*\s$", text[max(0, s - 25):s]) is not None:
                continue  # "Ahmed Touline": part of another name
            if not _overlaps(taken, new, s, e) and not blocked(s, e):
                new.append((s, e))
    if not new:
        return mentions
    return sorted(list(mentions) + [make(s, e) for s, e in new])


def _occurrences(text: str, name: str):
    """Where ``name`` stands as a whole word (or words) in the text."""
    s = text.find(name)
    while s >= 0:
        e = s + len(name)
        if (s == 0 or not (text[s - 1].isalnum() or text[s - 1] in "-'\u2019_")) and \
                (e == len(text) or not (text[e].isalnum() or text[e] in "'\u2019_")):
            yield s
        s = text.find(name, e)


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """Drop calendar words from the end of a name ("Aitaroun Monday")."""
    while True:
        k = max(text.rfind(" ", s, e), text.rfind("-", s, e))
        if k < 0 or text[k + 1:e].lower() not in CALENDAR:
            return s, e
        e = k


def _overlaps(taken, new, s: int, e: int) -> bool:
    return any(a < e and s < b for a, b in taken) or any(a < e and s < b for a, b in new)


CUE_WINDOW = 240  # characters around a mention that cue_reason reads


def cue_reason(text: str, spans) -> str | None:
    """Why a name no gazetteer entry matches is still a place: the cue at one of its mentions (or None)."""
    for a, b in spans:
        lo = max(0, a - CUE_WINDOW)
        lo = 0 if lo < CUE_WINDOW else lo  # a dateline is read from the text's start
        for s, e, what in cue_spans(text[lo:b + CUE_WINDOW]):
            s, e = s + lo, e + lo
            if a <= s and e <= b or s <= a and b <= e:
                if what == "dateline":
                    return f"{_CUE_REASON}in a dateline"
                article = "" if what.startswith("a ") else "an " if what[0] in "aeiou" else "a "
                return f"{_CUE_REASON}as {article}{what}"
    return None
