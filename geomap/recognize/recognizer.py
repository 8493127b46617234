"""Finding toponym spans in text without a model: gazetteer matching plus linguistic cues.

Capitalized token runs are matched against the gazetteer (longest match first). A match is then
kept or rejected by cues: people (see :mod:`.people`), organisations and other non-places ("NATO",
"Red Cross", "El Niño"), names followed by what is named after them ("US Geological Survey",
"Marburg virus", "St. Patrick's Day"), ranks with a dot ("Maj."), calendar words, common English words
that happen to be village names ("Glide", "Hope"), and the words around it ("in", "near", "-based",
"the city of", "Concord residents", "Paradise, a town"). A place naming an organisation keeps its
place ("Dublin" in "Dublin City Council"). Streets, rivers and counties are found by pattern even
without a gazetteer entry. Demonyms and adjectival forms ("Russian", "Ukrainian") are recognized too:
news gold standards annotate them, and they carry the country a claim refers to ("the Russian border").
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import NamedTuple

from ..gazetteer import get_gazetteer, normalize
from ..gazetteer.store import ABBR, ALT, DEMONYM
from .lexicon import (
    CALENDAR,
    FUNCTION_WORDS,
    NAMED_AFTER_PLACE,
    NON_PLACE_PHRASES,
    NON_PLACES,
    ORG_HEADS,
    PERSON_TITLES,
    PLACE_NOUNS_AFTER,
    PLACE_NOUNS_BEFORE,
    PLACE_PREPOSITIONS,
    PLACE_SUFFIX_WORDS,
    RANK_ABBREVIATIONS,
    common_words,
    first_names,
    is_country,
    is_sizable,
    known_abbreviations,
)
from .people import person_tokens

MAX_TOKENS = 6

# Tokens: dotted abbreviations (checked against the known ones later), then words with inner
# apostrophes (not a possessive 's, not a contraction such as I've).
_TOKEN = re.compile(
    # a word-initial letter, not lower case ("Alene" in "Coeur d'Alene" too); the space and the lower-case ranges
    # come first in the class (the same set: sre tests its items in order, and most characters are one of these)
    r"[^ a-z\u00df-\u00f6\u00f8-\u00ff\W\d_]"
    r"(?:(?<![\w'\u2019].)|(?<=(?<![\w'\u2019])[dl]['\u2019].))"
    r"(?:[a-z]{0,4}\.(?:\s?[A-Z][a-z]{0,4}\.){0,2}(?=\W|$)"  # dotted: U.S. W.Va. St. Gov.
    r"|[^\W\d_]*(?:['\u2019](?![sS]\b|ve\b|ll\b|re\b|d\b|m\b|t\b)[^\W\d_]+)*)"  # a word
)
_DOTTED = re.compile(r"[A-Z][a-z]{0,4}\.")
NAME_PREFIXES = {"st.", "mt.", "ft.", "pt."}
# Generic features named with a capitalized word: streets, roads, rivers, lakes, counties...
# They are toponyms even when the gazetteer lacks them (then they stay unresolved).
_FEATURE_WORDS = (r"(?:Street|Avenue|Road|Boulevard|Drive|Lane|Parkway|Highway|Pike|Turnpike|Expressway|Freeway|"
                  r"Square|Plaza|River|Creek|Lake|Bay|Island|Islands|Valley|Mountains?|Hills?|Canyon|Peninsula|"
                  r"Forest|County|Parish|Township|Borough|Province|Oblast|Governorate|District|Region|Heights|"
                  r"Falls|Springs)\b")
# Every branch starts with a capital letter, so the regex engine skips ahead quickly; the word start
# is checked in Python (see _feature_matches).
_FEATURE_PATTERN = re.compile(
    r"[A-Z](?:"
    # at most four more words before the feature word: unbounded, a run of capitalized words was rescanned
    # from each of its words (quadratic: 4,000 repeated names took 5 s)
    # (possessive ++: a shorter run of lower-case letters could only be followed by a letter, never by the space
    # or hyphen the pattern needs next, so giving letters back is wasted work)
    r"(?:[a-z]++|\.)(?:[ -](?:[A-Z][a-z]++|of|the)){0,4} " + _FEATURE_WORDS  # "Wichita Drive", "Laurel County"
    # the first letters of the branches below in one class first: most capitals fail there at once
    + r"|(?<=[LMFPCIGBS])(?:(?<=L)ake|(?<=M)ount|(?<=M)t\.|(?<=F)ort|(?<=F)t\.|(?<=P)ort|(?<=C)ape|(?<=I)sle of"
      r"|(?<=G)ulf of|(?<=B)ay of|(?<=S)ea of) [A-Z][a-z]+(?: [A-Z][a-z]+)?\b"  # "Lake Lanier", "Fort Worth"
    r"|(?<=[UIHRS])(?:(?<=U)\.S\.|(?<=U)S|(?<=I)nterstate|(?<=H)ighway|(?<=R)oute|(?<=S)tate Route|(?<=I)-)"
    r"\s?\d{1,3}\b"
    r")")


def _feature_matches(text: str):
    """_FEATURE_PATTERN matches that start at a word start."""
    pos = 0
    while True:
        m = _FEATURE_PATTERN.search(text, pos)
        if m is None:
            return
        s = m.start()
        if s and (text[s - 1].isalnum() or text[s - 1] == "_"):
            pos = s + 1
            continue
        yield m
        pos = m.end()


_FEATURE_BLOCK = {"high school", "the", "this", "that", "a", "an", "district court", "police"}


class Mention(NamedTuple):
    start: int
    end: int
    kind: int  # gazetteer name kind of the best match (NAME, ALT, ABBR, DEMONYM); -1: pattern only


def tokenize(text: str) -> list[tuple[int, int, str]]:
    """(start, end, token) for the capitalized words and known dotted abbreviations of a text.

    Lower-case words are skipped: a toponym starts and ends with a capitalized word, and the
    connectors between ("Isle of Man") are checked on the text between two tokens.
    """
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]
    if not text.isascii():  # on ASCII text every token starts with A-Z (its first letter is not lower case)
        toks = [t for t in toks if t[2][0].isupper() or t[2][-1] == "."]
    dotted = [k for k, t in enumerate(toks) if t[2][-1] == "."]
    if not dotted:
        return toks
    out = []
    prev = 0
    for k in dotted:  # the tokens between dotted ones as they are; each dotted one split into known abbreviations
        out += toks[prev:k]
        _split_dotted(text, toks[k], out)
        prev = k + 1
    out += toks[prev:]
    return out


def _split_dotted(text: str, tok: tuple[int, int, str], out: list[tuple[int, int, str]]) -> None:
    """A dotted token ("U.S.", "W.Va.", "Gov.") as known abbreviations, or as words without their dot (in place)."""
    abbrevs = known_abbreviations()
    st = tok[0]
    parts = [(st + p.start(), st + p.end()) for p in _DOTTED.finditer(tok[2])]
    k = 0
    while k < len(parts):
        for size in (3, 2, 1):
            if k + size > len(parts):
                continue
            s0, e0 = parts[k][0], parts[k + size - 1][1]
            low = text[s0:e0].lower().replace(" ", "")
            if low in abbrevs or (size >= 2 and re.fullmatch(r"(?:[a-z]\.)+", low)):
                out.append((s0, e0, text[s0:e0]))
                k += size
                break
        else:
            s0, e0 = parts[k]
            out.append((s0, e0 - 1, text[s0:e0 - 1]))
            k += 1


# Lower-case particles inside one name: "Rio de Janeiro", "Castel di Sangro", "Stratford-upon-Avon", "Deir ez-Zor",
# "Dar es Salaam", "Aix-les-Bains", "Coeur d'Alene"; the looser joins ("Isle of Man", "Bosnia and Herzegovina")
# also link two names, so only the tight ones make the pieces of an unknown whole no names of their own.
_TIGHT = (r"(?:(?:de|del|della|di|da|du|des|dos|das|do|la|le|les|upon|sur|am|der|den|van|von|bin|ibn|al|el|es)"
          r"(?:[ -](?:the|la|de))?[ -]|(?:ez|ed|er|ar|as|ad|ash|at|az|ul|ud|ur|an|en)-|[dl]['\u2019])")
_JOIN = re.compile(rf"(?: |-|[ -](?:(?:of|on|and|the|y|en)(?:[ -](?:the|la|de))?[ -]|{_TIGHT}))")
_TIGHT_JOIN = re.compile(rf"[ -]{_TIGHT}")
_JOIN_MAX = 11  # characters: _JOIN's longest match (" della the "); a longer gap never joins two tokens


def _prev_word(text: str, start: int) -> str:
    """The word before ``start`` (lower case), skipping punctuation and spaces; "" after a number."""
    lo = max(0, start - 30)
    j = start
    while j > lo and not text[j - 1].isalnum():
        j -= 1
    i = j
    while i > lo and text[i - 1].isalpha():
        i -= 1
    return text[i:j].lower()


def tight_joins(text: str, toks: list[tuple[int, int, str]]) -> set[int]:
    """Tokens j joined to token j - 1 by a lower-case name particle ("Ras al-Ain", "Coeur d'Alene")."""
    return {j for j in range(1, len(toks)) if toks[j][0] - toks[j - 1][1] <= _JOIN_MAX
            and _TIGHT_JOIN.fullmatch(text, toks[j - 1][1], toks[j][0]) is not None}


def _candidate_spans(text: str, toks: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """(first token, last token, key) of every run of up to MAX_TOKENS capitalized tokens joined by a space,
    a hyphen or a connector ("Isle of Man"), in order of first token, then length."""
    n = len(toks)
    joined = [False] * n  # joined[j]: token j continues token j - 1
    join = _JOIN.fullmatch
    for j in range(1, n):
        gap_start, gap_end = toks[j - 1][1], toks[j][0]
        gap = gap_end - gap_start
        if gap == 1:
            joined[j] = text[gap_start] in " -"  # _JOIN's one-character gaps
        elif 1 < gap <= _JOIN_MAX and join(text, gap_start, gap_end) is not None:
            joined[j] = True
    spans = []
    norm = normalize
    for i, (start, _, tok) in enumerate(toks):
        spans.append((i, i, norm(tok)))
        j = i + 1
        while j < n and joined[j] and j < i + MAX_TOKENS:
            spans.append((i, j, norm(text[start:toks[j][1]])))
            j += 1
    return spans


def recognize(text: str, *, ner: str | None = None) -> list[tuple[int, int]]:
    """Toponym spans (start, end) in ``text``, in order, non-overlapping."""
    return [(m.start, m.end) for m in recognize_mentions(text, ner=ner)]


def recognize_mentions(text: str, *, ner: str | None = None) -> list[Mention]:
    """Toponym mentions with the kind of name each matched (see :func:`recognize`)."""
    gaz = get_gazetteer()
    toks = tokenize(text)
    spans = _candidate_spans(text, toks)
    found = gaz.lookup_keys(k for _, _, k in spans) if spans else {}
    person = bytearray(len(toks))
    for t in person_tokens(text, toks, found) | _phrase_tokens(spans, NON_PLACE_PHRASES):
        person[t] = 1
    matches: list[tuple[int, int, int]] = []  # (first token, last token, kind)
    for i, j, key in spans:
        cands = found.get(key)
        if not cands or (person[i] if i == j else any(person[i:j + 1])):
            continue
        kinds = _kinds(key, cands)
        if _match_ok(text, toks, i, j, key, kinds) and (kinds != {ALT} or _alt_ok(cands)):
            matches.append((i, j, min(kinds)))
    matches = _shrink_before_org(text, toks, matches, found)
    chosen = _longest_first(toks, matches)
    tight = tight_joins(text, toks) if chosen else set()
    if tight:  # "Ras" and "Ain" in "Ras al-Ain" (a name the gazetteer lacks as a whole) are no places
        chosen = [m for m in chosen if m[0] not in tight and m[1] + 1 not in tight]
    taken = {t for i, j, _ in chosen for t in range(i, j + 1)}
    out: list[Mention] = []
    for i, j, kind in chosen:
        if _context_ok(text, toks, (i, j, kind), found, taken):
            end = toks[j][1]
            if j > i and toks[j][2].endswith(".") and kind != ABBR:
                end -= 1  # "Isle of Man." ends a sentence; the dot is not part of the name
            out.append(Mention(toks[i][0], end, kind))
    out = _add_feature_patterns(text, out)
    if ner == "spacy":
        out = _merge_spacy(text, out)
    return out


# Right after a name: something named after it ("US Geological Survey", "Marburg virus"), or "'s Day",
# " Day" (a holiday or an event named after a person or place).
_NAMED_AFTER = re.compile("|".join(re.escape(w) for w in NAMED_AFTER_PLACE)
                          + r"|(?:['\u2019]s)? Day\b| & (?=[A-Z])")
# Right before a name: a particle inside a hyphenated personal name ("Ihsan-ul-Haq").
_NAME_PARTICLE_BEFORE = re.compile(r"[A-Za-z]-(?:ul|ud|ur|us|uz|ud-din|al|el)-$")


def _match_ok(text: str, toks, i: int, j: int, key: str, kinds: frozenset[int]) -> bool:
    """Whether a gazetteer match can be a toponym, from the words of the match and right around it."""
    s, e = toks[i][0], toks[j][1]
    surface = text[s:e]
    if key in NON_PLACES and not (key == "us" and surface in ("US", "U.S.")):
        return False
    if key in CALENDAR or (i == j and key in FUNCTION_WORDS):
        return False  # "But county policy ...": capitalized because it opens a sentence
    if i == j and (surface.endswith(".") or text.startswith(".", e)) and ABBR not in kinds \
            and (surface.endswith(".") or surface.lower() in RANK_ABBREVIATIONS):
        return False  # "Gov.", "Maj." and the like
    if surface.isupper() and len(surface.replace(".", "")) <= 3 and ABBR not in kinds:
        return False  # short all-caps codes are only places when listed as abbreviations
    named_after = _NAMED_AFTER.match(text, e)
    if named_after and not (named_after.group() == " & " and is_sizable(surface)):  # "Bosnia & Herzegovina"
        return False  # "US Geological Survey", "Marburg virus", "St. Patrick's Day", "Stevens & Wilkinson"
    return not (s > 3 and text[s - 1] == "-" and _NAME_PARTICLE_BEFORE.search(text, max(0, s - 12), s))


def _phrase_tokens(spans, phrases: frozenset[str]) -> set[int]:
    """Tokens of the candidate spans whose key is one of ``phrases`` ("Red Cross", "El Niño")."""
    return {t for i, j, key in spans if j > i and key in phrases for t in range(i, j + 1)}


_KINDS: dict[str, frozenset[int]] = {}


def _kinds(key: str, cands) -> frozenset[int]:
    """The kinds of name (NAME, ALT, ABBR, DEMONYM) by which a key matched, memoized."""
    kinds = _KINDS.get(key)
    if kinds is None:
        if len(_KINDS) > 200_000:
            _KINDS.clear()
        kinds = _KINDS[key] = frozenset(k for _, k in cands)
    return kinds


def _shrink_before_org(text, toks, matches, found):
    """'Dublin City Council' names Dublin: drop a trailing 'City'/'Town' before an organisation word."""
    out = []
    n = len(toks)
    for i, j, kind in matches:
        if j > i and toks[j][2] in ("City", "Town") and j + 1 < n and text[toks[j][1]:toks[j + 1][0]] == " " \
                and toks[j + 1][2].lower() in ORG_HEADS:
            shorter = normalize(text[toks[i][0]:toks[j - 1][1]])
            if shorter in found:
                continue
        out.append((i, j, kind))
    return out


def _longest_first(toks, matches):
    """The longest matches that do not overlap a longer one, in text order."""
    matches = sorted(matches, key=lambda m: (-(toks[m[1]][1] - toks[m[0]][0]), m[0]))
    taken = bytearray(len(toks))
    chosen = []
    for i, j, kind in matches:
        if taken[i] if i == j else any(taken[i:j + 1]):
            continue
        taken[i:j + 1] = b"\x01" * (j + 1 - i)
        chosen.append((i, j, kind))
    chosen.sort()
    return chosen


def _add_feature_patterns(text: str, mentions: list[Mention]) -> list[Mention]:
    """Streets, rivers, counties... named by pattern; they replace a shorter gazetteer match inside.

    ``mentions`` do not overlap; sorted by start, the ones a pattern match touches are found by binary
    search, so the pass stays linear in the text however many names it holds.
    """
    mentions = sorted(mentions)
    starts = [x.start for x in mentions]
    extra = []
    removed: set[int] = set()
    for m in _feature_matches(text):
        s, e = m.span()
        words = m.group().split()
        if words[0].lower() in _FEATURE_BLOCK or m.group().lower() in _FEATURE_BLOCK:
            continue
        if words[0].lower() in CALENDAR or words[0].lower() in PERSON_TITLES:
            continue
        lo = max(0, bisect.bisect_right(starts, s) - 1)
        hi = bisect.bisect_left(starts, e)
        near = [k for k in range(lo, hi) if k not in removed and mentions[k].start < e and s < mentions[k].end]
        inside = [k for k in near if s <= mentions[k].start and mentions[k].end <= e]
        if len(inside) != len(near):
            continue  # a gazetteer match sticks out of the pattern: keep it
        if any(mentions[k].start == s and mentions[k].end == e for k in inside):
            continue
        extra.append(Mention(s, e, -1))
        removed.update(inside)
    return sorted([x for k, x in enumerate(mentions) if k not in removed] + extra)


def _alt_ok(cands) -> bool:
    """A name known only as an alternate name: accept it for sizeable places only."""
    return any(e.population >= 10_000 or e.feature in ("country", "admin1", "region", "continent", "landmark")
               for e, _ in cands)


def _context_ok(text: str, toks, span: tuple[int, int, int], found, taken: set[int]) -> bool:
    """Keep a gazetteer match (first token, last token, kind) given the words around it."""
    i, j, kind = span
    s, e = toks[i][0], toks[j][1]
    if j + 1 < len(toks) and toks[j + 1][0] == e + 1 and text[e] == "-" and (j + 1) not in taken \
            and not (e - s >= 4 and is_sizable(text[s:e]) and normalize(toks[j + 1][2]) not in found):
        return False  # "Wal-Mart", "Miami-Dade", but "the Nabatieh-Kfarjouz road" (a town and an unknown name)
    if i == j and kind != DEMONYM and _given_name_town(text[s:e]):
        return _has_place_cue(text, s, e)  # "Martha was ...", "Hailey, in May": a person's given name
    if i == j and toks[i][2].casefold() in common_words() and kind != DEMONYM and not (kind == ABBR and not text[s:e].istitle()) \
            and not is_country(text[s:e]):
        return _has_place_cue(text, s, e)  # a common English word needs a place cue
    return True


_CONTAINER_AFTER = re.compile(r",\s+[A-Z][a-z]*\.?")
_APPOSITIVE_AFTER = re.compile(r",\s+(?:a|an|the)\s+(?:[a-z]+\s+){0,2}(?:town|city|village|community|suburb|"
                               r"hamlet|district|county|region|province|port)\b")
_PAIRED_DIVISION_AFTER = re.compile(r"\s+and\s+[A-Z][a-z]+\s+(?:districts|provinces|regions|counties|states|"
                                    r"governorates|villages|towns)\b")
_WORD_AFTER = re.compile(r"(?:['\u2019]s)?\s+([A-Za-z]+)")


def _given_name_town(surface: str) -> bool:
    """A given name that is also a place, but not a well-known one ("Martha", "Hailey"; not "Tyler")."""
    return surface.lower() in first_names() and not is_sizable(surface)


def _has_place_cue(text: str, s: int, e: int) -> bool:
    prev = _prev_word(text, s)
    if prev in PLACE_PREPOSITIONS:
        return True
    before = text[max(0, s - 20):s].lower()
    if before.rstrip().endswith(PLACE_NOUNS_BEFORE):  # tuples: str.endswith and str.startswith try each
        return True
    after = text[e:e + 12]
    if after.startswith(PLACE_SUFFIX_WORDS):
        return True
    if _CONTAINER_AFTER.match(after) or _APPOSITIVE_AFTER.match(text, e):  # "Glide, Oregon", "Paradise, a town"
        return True
    if _PAIRED_DIVISION_AFTER.match(text, e):
        return True  # "Swat and Malakand districts"
    nxt = _WORD_AFTER.match(after)  # "Concord residents", "Oxford Police"
    return nxt is not None and nxt.group(1).lower() in PLACE_NOUNS_AFTER


def _merge_spacy(text: str, mentions: list[Mention]) -> list[Mention]:
    """Add spaCy GPE/LOC entities that the gazetteer also knows (optional signal)."""
    try:
        import spacy
    except ImportError as err:
        from ..errors import GeomapError

        raise GeomapError("--ner spacy needs spaCy and an English pipeline (pip install spacy)") from err
    nlp = _spacy_pipeline(spacy)
    gaz = get_gazetteer()
    taken = [(m.start, m.end) for m in mentions]
    extra = []
    for ent in nlp(text).ents:
        if ent.label_ not in ("GPE", "LOC", "FAC", "NORP"):
            continue
        if any(ent.start_char < e and s < ent.end_char for s, e in taken):
            continue
        if gaz.lookup(ent.text):
            extra.append(Mention(ent.start_char, ent.end_char, 0))
    return sorted(mentions + extra)


@lru_cache(maxsize=1)
def _spacy_pipeline(spacy):
    from ..errors import GeomapError

    for name in ("en_core_web_sm", "en_core_web_md", "en_core_web_lg", "en_core_web_trf"):
        try:
            return spacy.load(name, disable=["lemmatizer"])
        except OSError:
            continue
    raise GeomapError("--ner spacy: no English spaCy pipeline is installed (e.g. en_core_web_sm)")
