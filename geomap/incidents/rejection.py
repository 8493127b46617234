"""Uses of a trigger word that report no event: "by accident", a council's "special meeting",
"Democrats blast ...", "fell to 18th", court reporting about an old crime, "the downed branches".

Each rule looks only at the trigger and its neighbouring words; :func:`is_non_event` applies the
sub-type's rule first, then the rules about single words.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from ..text import trie_regex
from .taxonomy import BATTLES, DIPLOMATIC_SUBTYPES, EXPLOSIONS, VAC

__all__ = ["TriggerUse", "is_non_event", "next_word", "previous_word", "capitalised_before", "ROLES"]

_ARMED = re.compile(r"(?<!\w)" + trie_regex(
    "forces troops army soldiers militants rebels fighters gunmen insurgents militia militias police security "
    "separatists jihadists military armed guerrillas combatants troopers".split()) + r"\b", re.IGNORECASE)
_LEGAL = re.compile(r"(?<!\w)" + trie_regex([
    "charged with", "charge of", "charges of", "charge against", "court", "trial", "sentenced", "convicted",
    "accused of", "pleaded", "guilty", "indicted", "prosecutors", "jury", "lawsuit"]) + r"\b", re.IGNORECASE)
DETERMINERS = frozenset("a an the this that his her their its our two three four five several another".split())
_ACCIDENT_BEFORE = frozenset("a an the car road traffic bus train plane boat fatal serious deadly industrial mining "
                             "rail vehicle motorcycle truck lorry ferry helicopter".split())
_PROTESTISH = re.compile(r"(?<!\w)(?:protest|demonstrat|rall(?:y|ies)|crowds?|marche[sd]|marchers)", re.IGNORECASE)
ROLES = frozenset("president prime minister ministers foreign defence defense king queen leader leaders head chief "
                  "secretary ambassador envoy delegation mayor governor pope chancellor commander families "
                  "counterpart counterparts officials delegates representatives".split())
_BEFORE_MURDER = frozenset("was were been had have has being who and allegedly brutally reportedly".split())
_MODALS = frozenset(("will", "to", "would", "shall", "could"))
_AFTER_MEET = frozenset(("with", "in", "at", "on", "next", "later", "again", "for"))
_BEFORE_VISIT = DETERMINERS | {"to", "will", "would", "shall", "first", "official", "state", "surprise", "rare",
                               "planned"}


def previous_word(sentence: str, pos: int) -> str:
    """The lowercased word before offset ``pos`` (quotes stripped)."""
    words = sentence[max(0, pos - 30):pos].split()
    return words[-1].lower().strip("\"'“”‘’(") if words else ""


def next_word(sentence: str, pos: int) -> str:
    """The word after offset ``pos`` as written (punctuation stripped)."""
    words = sentence[pos:pos + 40].split()
    return words[0].strip("\"'“”‘’(),.;:") if words else ""


def capitalised_before(sentence: str, pos: int) -> bool:
    """True when the word before ``pos`` is capitalised and is not the sentence's first word."""
    words = sentence[:pos].split()
    return len(words) >= 2 and words[-1][:1].isupper() or (len(words) == 1 and words[0].isupper()
                                                             and len(words[0]) > 1)


class TriggerUse(NamedTuple):
    """A trigger as used in its sentence: ``start``/``end`` are offsets into ``sentence``."""

    trigger: str
    sentence: str
    start: int
    end: int

    @property
    def word(self) -> str:
        return self.trigger.lower()

    @property
    def previous(self) -> str:
        return previous_word(self.sentence, self.start)

    @property
    def next(self) -> str:
        return next_word(self.sentence, self.end)

    @property
    def part_of_name(self) -> bool:
        """"the Nebraska Centennial Conference", "Six Flags Hurricane Harbor"."""
        return self.trigger[:1].isupper() and capitalised_before(self.sentence, self.start)


def _meeting(use: TriggerUse) -> bool | None:
    if use.part_of_name:
        return True
    word, nxt = use.word, use.next
    if word.startswith("meeting"):
        # "a NATO meeting", "meeting with", "meetings between": not any council's meeting
        return not (nxt.lower() in ("with", "between") or capitalised_before(use.sentence, use.start))
    if word in ("met", "meets") or word.endswith("meet"):
        if nxt.lower() in ("the", "his", "her", "their", "a", "an"):
            return next_word(use.sentence, use.sentence.find(nxt, use.end) + len(nxt)).lower() not in ROLES
        return not (nxt[:1].isupper() or nxt.lower() in _AFTER_MEET)
    return False


def _visit(use: TriggerUse) -> bool | None:
    word, prev, nxt = use.word, use.previous, use.next
    if word == "visit" and use.start == 0:
        return True  # "Visit www.example.org": an imperative
    if word == "visit" and prev in ("to", "will", "would", "shall"):
        return not nxt[:1].isupper()  # "due to visit Jakarta", not "unable to visit his daughter"
    if word == "visit" and nxt.lower() not in ("to", "by", "of", "in", "on") and prev not in _BEFORE_VISIT:
        return True
    if word.startswith(("trip", "tour")):
        return not nxt[:1].isupper() and nxt.lower() != "the"
    return False


def _transport_accident(use: TriggerUse) -> bool | None:
    return use.previous not in _ACCIDENT_BEFORE if use.word.startswith("accident") else None


def _explosion(use: TriggerUse) -> bool | None:
    if use.word.startswith("blast") and use.next[:1].isupper():
        return True  # "Democrats blast Smith's ads"
    if use.word.startswith("explosion") and use.next.lower() == "of":
        return next_word(use.sentence, use.end + 4).lower() not in DETERMINERS
    return None


def _storm(use: TriggerUse) -> bool | None:
    if use.next.lower() == "of" or use.part_of_name:
        return True  # "a storm of criticism", "Six Flags Hurricane Harbor"
    return None


def _territory(use: TriggerUse) -> bool | None:
    if use.word.startswith("fell"):
        return not use.next[:1].isupper() and use.next.lower() != "the"  # "fell to 18th"
    return None


def _armed_clash(use: TriggerUse) -> bool | None:
    return not _ARMED.search(use.sentence) if use.word.startswith("clash") else None  # "fans clashed online"


_SUBTYPE_RULES: dict[str, Callable[[TriggerUse], bool | None]] = {
    "Meeting": _meeting, "Visit": _visit, "Transport accident": _transport_accident, "Explosion": _explosion,
    "Storm": _storm, "Non-state actor overtakes territory": _territory, "Armed clash": _armed_clash,
}


def _word_rules(use: TriggerUse, sub_type: str) -> bool:
    word, prev, nxt = use.word, use.previous, use.next
    if word == "riot police":
        return not _PROTESTISH.search(use.sentence)  # "a member of the riot police squad" is no protest
    if word in ("flood", "arrest", "downed", "visit", "storm") and prev in _MODALS:
        return sub_type not in DIPLOMATIC_SUBTYPES  # "will flood the valley": a plan or a threat, not an event
    if word == "arrest" and prev not in DETERMINERS and nxt.lower() != "of":
        return True  # "we will identify, arrest and ..."
    if word == "downed" and prev in DETERMINERS:
        return True  # "the downed branches"
    if word == "murdered" and prev not in _BEFORE_MURDER and nxt.lower() not in DETERMINERS and not nxt[:1].isupper():
        return True  # "the family of murdered soldier X": an attribute
    return False


def is_non_event(event_type: str, sub_type: str, use: TriggerUse) -> bool:
    """True when this use of the trigger word does not report an event."""
    if event_type in (VAC, EXPLOSIONS, BATTLES) and sub_type != "Excessive force against protesters" \
            and _LEGAL.search(use.sentence):
        return True  # court reporting about an old crime, not the event itself
    rule = _SUBTYPE_RULES.get(sub_type)
    verdict = rule(use) if rule is not None else None
    return verdict if verdict is not None else _word_rules(use, sub_type)
