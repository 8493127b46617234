"""Finding the words that report an event, and the sentence context that says whether it happened.

A character-trie regular expression finds the word starts listed in the trigger table's stems; only
there are the table's patterns tried (highest priority first), which keeps extraction to a few hundred
microseconds per article. The context regexes below tell an event from a habit, a hypothesis, a plan
or a follow-up sentence.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..text import trie_regex
from .taxonomy import DISASTER, EXPLOSIONS, TRIGGERS, VAC
from .wordre import WordStartRegex

__all__ = ["TriggerMatch", "compile_patterns", "find_triggers", "has_words", "refine_type", "ANAPHORA", "FOLLOW_UP", "HABITUAL", "HYPOTHETICAL_WORDS",
           "HYPOTHETICAL_PHRASES", "FUTURE_WORDS", "FUTURE_PHRASES", "ONGOING"]

_TRIGGER_PATTERNS: dict[int, re.Pattern] = {}  # compiled on first use: a run meets only some of the rows
_TRIGGERS_BY_STEM: dict[str, list[int]] = {}
for _index, _row in enumerate(TRIGGERS):
    for _stem in _row.stems.split():
        _TRIGGERS_BY_STEM.setdefault(_stem, []).append(_index)

# Stems at word starts: the stem trie at the start of the text, elsewhere right after a character that is no
# ASCII letter, digit or underscore (matched with it, so that sre skips ahead in C to such characters instead of
# trying a lookbehind at every position); a non-ASCII character there is then checked to be no word character.
# Stems begin and end with a word character, so a rejected match hides no word start.
_STEM_RE = re.compile(trie_regex(_TRIGGERS_BY_STEM))
_STEM_AFTER = re.compile(r"[^0-9A-Za-z_](" + _STEM_RE.pattern + ")")
_WORD_RE = re.compile(r"[\w-]+")
_TRIGGERS_BY_WORD: dict[str, tuple[int, ...]] = {}
_WORD_CACHE_LIMIT = 100_000


class TriggerMatch(NamedTuple):
    """A trigger found in the text: its row in ``TRIGGERS`` and the regex match."""

    index: int
    match: re.Match


def _triggers_for(word: str) -> tuple[int, ...]:
    """Indices of the triggers whose stems start ``word`` (cached: news vocabulary is small)."""
    found = _TRIGGERS_BY_WORD.get(word)
    if found is None:
        indices: dict[int, None] = {}
        for k in range(1, len(word) + 1):
            for i in _TRIGGERS_BY_STEM.get(word[:k], ()):
                indices[i] = None
        found = tuple(sorted(indices, key=lambda i: -TRIGGERS[i].priority))  # highest priority first
        if len(_TRIGGERS_BY_WORD) > _WORD_CACHE_LIMIT:
            _TRIGGERS_BY_WORD.clear()
        _TRIGGERS_BY_WORD[word] = found
    return found


def _pattern(i: int) -> re.Pattern:
    pattern = _TRIGGER_PATTERNS.get(i)
    if pattern is None:
        pattern = _TRIGGER_PATTERNS[i] = re.compile(rf"\b(?:{TRIGGERS[i].pattern})\b", re.IGNORECASE)
    return pattern


def compile_patterns() -> None:
    """Compile every trigger row's pattern now (compiled on first use): a process forking workers does it once."""
    for i in range(len(TRIGGERS)):
        _pattern(i)


def find_triggers(text: str, low: str | None = None) -> list[TriggerMatch]:
    """Every trigger in the text (``low`` is its lowercased copy, when the caller has one)."""
    low = text.lower() if low is None else low
    out = []
    last = -1
    for pos in _stem_starts(low):
        if pos < last:
            continue
        for i in _triggers_for(_WORD_RE.match(low, pos).group()):
            m = (_TRIGGER_PATTERNS.get(i) or _pattern(i)).match(text, pos)
            if m:  # the first that matches has the highest priority
                out.append(TriggerMatch(i, m))
                last = m.end()
                break
    return out


def _stem_starts(low: str):
    """Where a trigger stem starts a word of ``low``, in order (non-overlapping, as one regex scan finds them)."""
    first = _STEM_RE.match(low)
    if first:
        yield 0
    ascii_text = low.isascii()
    for m in _STEM_AFTER.finditer(low, first.end() if first else 0):
        if ascii_text or not (low[m.start()].isalnum() or low[m.start()] == "_"):
            yield m.start(1)


# A definite reference back to an event ("The bomb hit ...", "the attack") links sentences further apart.
ANAPHORA = re.compile(
    r"\b(?:the|this|that)\s+(?:\w+\s+)?(?:bomb|attack|strike|blast|explosion|shelling|raid|quake|earthquake|flood|"
    r"fire|blaze|storm|protest|rally|clash|fighting|visit|meeting|talks|crash|collapse|arrests?|battles?|attacks|"
    r"strikes|offensive|incursion|assault|shooting|shootings|floods|flooding|earthquakes|quakes)\b", re.IGNORECASE)
# Sentences that follow an event up without a trigger of their own.
FOLLOW_UP = WordStartRegex(trie_regex([
    "firefighters", "rescuers", "rescue workers", "rescue teams", "rescue crews", "emergency services",
    "emergency workers", "emergency crews", "survivors", "rubble", "debris", "death toll", "the wounded",
    "the injured", "the dead", "the victims", "hospitalised", "hospitalized", "taken to hospital", "bodies",
    "casualties"]) + r"\b")
# Habits and generalities are not incidents ("Kharkiv has been a frequent target of aerial attacks").
HABITUAL = WordStartRegex(trie_regex([
    "frequent", "frequently", "regular", "regularly", "often", "routinely", "repeated", "repeatedly", "constant",
    "constantly", "daily", "nightly", "every day", "every night", "every week", "every year", "throughout",
    "usually", "typically", "in general", "series of", "in recent months", "in recent weeks", "in recent years",
    "witnessed", "so far this year", "multiple"]) + r"\b")
# Modal / hypothetical context before a trigger (same clause), and words that make an event planned.
HYPOTHETICAL_WORDS = frozenset("could might may can cannot can't should if unless feared prevent preventing avoid "
                               "avoiding denied".split())
HYPOTHETICAL_PHRASES = (
    "threaten to", "threatened to", "threatens to", "threat to", "warned of", "warned that", "warned against",
    "warns of", "warns that", "warn of", "warn that", "to help", "in order to", "risk of", "fear of", "fears of",
    "against possible", "against future", "need to", "needs to", "needed to", "no sign of", "no signs of",
    "no report of", "no reports of")
FUTURE_WORDS = frozenset("will shall planned scheduled upcoming forthcoming would next".split())
FUTURE_PHRASES = ("is to", "are to", "to be held", "is due to", "are due to", "due to hold", "due to visit",
                  "due to meet", "due to sign", "due to travel", "plans to", "plan to", "planning to", "ahead of",
                  "set to", "expected to", "is going to", "are going to", "intends to", "intend to")
ONGOING = WordStartRegex(trie_regex([
    "continues", "continuing", "ongoing", "underway", "under way", "still burning", "still raging",
    "still going on", "remain trapped", "remains trapped", "remain cut off", "remains cut off"]) + r"\b")
_TOKEN_RE = re.compile(r"[\w'’]+")

_GENERIC_ATTACK = ("attack", "assault", "offensive", "retaliat")
_WEAPON_BEFORE = re.compile(r"\b(?:drones?|missiles?|rockets?|artillery|mortars?|air|aerial|shelling|bombs?|grenades?)"
                            r"\s+$", re.IGNORECASE)
_CIVILIAN_TARGET = WordStartRegex(trie_regex(
    "civilians villagers village villages worshippers displaced camp market hospital school residents farmers "
    "mosque church wedding funeral passengers".split()) + r"\b")
_ARMED_TARGET = WordStartRegex(trie_regex(
    "soldiers troops forces army military police base post checkpoint positions convoy garrison barracks "
    "fighters militants rebels".split()) + r"\b")
_TARGET = re.compile(r"\b(?:on|against)\s+", re.IGNORECASE)
_WILDLAND = WordStartRegex(trie_regex(
    "forest forested acres hectares square miles brush wildfire wildland grassland bushland woodland "
    "evacuate evacuation".split()) + r"\b")


def refine_type(event_type: str, sub_type: str, trigger: str, sentence: str, trigger_start: int) -> tuple[str, str]:
    """The type of a generic trigger read from its sentence: an attack on villagers is violence against
    civilians, a drone attack is remote violence, a fire in a forest is a wildfire."""
    word = trigger.lower()
    if sub_type == "Armed clash" and word.startswith(_GENERIC_ATTACK):
        if _WEAPON_BEFORE.search(sentence, max(0, trigger_start - 20), trigger_start):
            return EXPLOSIONS, "Shelling/artillery/missile attack"
        target = _TARGET.search(sentence, trigger_start, trigger_start + 120)
        armed = bool(target and _ARMED_TARGET.search(sentence, target.end(), target.end() + 40))
        if _CIVILIAN_TARGET.search(sentence) and not armed:
            return VAC, "Attack"
    if sub_type == "Fire" and _WILDLAND.search(sentence):
        return DISASTER, "Wildfire"
    return event_type, sub_type


def has_words(text: str, words: frozenset[str], phrases: tuple[str, ...]) -> bool:
    """True when ``text`` holds one of the words or one of the (space-separated, lowercase) phrases."""
    tokens = _TOKEN_RE.findall(text.lower())
    if not tokens:
        return False
    if not words.isdisjoint(tokens):
        return True
    return bool(phrases) and _phrase_re(phrases).search(" " + " ".join(tokens) + " ") is not None


_PHRASE_RES: dict[tuple[str, ...], re.Pattern] = {}


def _phrase_re(phrases: tuple[str, ...]) -> re.Pattern:
    """One pattern for "any phrase between spaces in the joined tokens" (one scan instead of one per phrase)."""
    found = _PHRASE_RES.get(phrases)
    if found is None:
        found = _PHRASE_RES[phrases] = re.compile(" (?:" + "|".join(map(re.escape, phrases)) + ") ")
    return found
