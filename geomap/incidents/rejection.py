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
from .wordre import WordStartRegex

__all__ = ["TriggerUse", "is_non_event", "next_word", "previous_word", "capitalised_before", "ROLES"]

_ARMED = WordStartRegex(trie_regex(
    "forces troops army soldiers militants rebels fighters gunmen insurgents militia militias police security "
    "separatists jihadists military armed guerrillas combatants troopers".split()) + r"\b")
_LEGAL = WordStartRegex(trie_regex([
    "charged with", "charge of", "charges of", "charge against", "court", "trial", "sentenced", "convicted",
    "accused of", "pleaded", "guilty", "indicted", "prosecutors", "jury", "lawsuit"]) + r"\b")
DETERMINERS = frozenset("a an the this that his her their its our two three four five several another".split())
_ACCIDENT_BEFORE = frozenset("a an the car road traffic bus train plane boat fatal serious deadly industrial mining "
                             "rail vehicle motorcycle truck lorry ferry helicopter".split())
_PROTESTISH = WordStartRegex(r"(?:protest|demonstrat|rall(?:y|ies)|crowds?|marche[sd]|marchers)")
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
    return _warning(use)


def _warning(use: TriggerUse) -> bool | None:
    """"storm warnings", "a flood watch", "tsunami alert": a forecast, not the event."""
    if use.next.lower().rstrip("s") in _WARNING_WORDS:
        return True
    return None


def _territory(use: TriggerUse) -> bool | None:
    if use.word.startswith("fell"):
        return not use.next[:1].isupper() and use.next.lower() != "the"  # "fell to 18th"
    return None


def _armed_clash_or_attack(use: TriggerUse) -> bool | None:
    if use.word.startswith("clash"):
        return not _ARMED.search(use.sentence)  # "fans clashed online"
    return _generic_attack(use)


_LABOUR = WordStartRegex(trie_regex([
    "on strike", "strike action", "union", "unions", "walkout", "pay rise", "wages", "picket", "strikers"]) + r"\b")
_NOT_MILITARY_STRIKE = frozenset("hunger general labour labor workers teachers nurses doctors national rail transport "
                                 "student students lightning bird first pre-emptive preemptive".split())
_MILITARY_BEFORE = frozenset("air drone missile rocket military deadly fresh new latest recent overnight israeli "
                             "russian ukrainian u.s. american israel's precision retaliatory artillery naval "
                             "aerial suspected separate second another".split())
_STRIKE_AFTER = frozenset("on against that which hit killed killing targeting targeted in near at struck".split())
_NOT_VIOLENT_ATTACK = frozenset("heart panic asthma anxiety cyber cyber- ransomware shark dog bee bees wasp animal "
                                "bear verbal scathing stinging rhetorical personal political blistering side's "
                                "team's".split())
_OFFENSIVE_AFTER = frozenset("on against in into to that which toward towards near around".split())
_OFFENSIVE_BEFORE = frozenset("military ground major fierce new fresh counter spring summer winter autumn large-scale "
                              "full-scale brief lightning planned renewed final".split())


def _military_strike(use: TriggerUse) -> bool | None:
    """"an Israeli strike on the village" is an event; "a general strike", "to strike a deal" are not."""
    if not use.word.startswith("strike"):
        return None
    prev, nxt = use.previous, use.next.lower()
    if prev in _NOT_MILITARY_STRIKE or _LABOUR.search(use.sentence):
        return True
    before = use.sentence[:use.start].split()
    capitalised = bool(before) and len(before) > 1 and before[-1][:1].isupper()  # "Israeli strike"
    return not (prev in _MILITARY_BEFORE or capitalised or nxt in _STRIKE_AFTER)


def _generic_attack(use: TriggerUse) -> bool | None:
    word, prev = use.word, use.previous
    if word.startswith("offensive"):
        before = use.sentence[:use.start].split()
        capitalised = len(before) > 1 and before[-1][:1].isupper()
        nxt = use.next.lower()
        return not (nxt in _OFFENSIVE_AFTER or not nxt or capitalised or prev in _OFFENSIVE_BEFORE)
    if word.startswith(("attack", "assault")):
        return _not_an_attack(use, prev)
    return None


def _not_an_attack(use: TriggerUse, prev: str) -> bool:
    """"an attack on the town", "the attack", "Azerbaijani attacks" are events; "a heart attack", "accused
    X of attacks", "attack helicopters" are not."""
    before = use.sentence[:use.start]
    if prev in _NOT_VIOLENT_ATTACK or "criticism" in use.sentence.lower() or _ACCUSATION.search(before) \
            or _NOT_COMBAT.search(use.sentence) or _FIRE_FIGHTING.match(use.sentence, use.end):
        return True
    nxt = use.next.lower()
    if nxt in _ATTACK_AFTER or use.sentence[use.end:use.end + 2].strip()[:1] in (".", ",", ";", "—", "-", ""):
        return False
    words = before.split()
    capitalised = len(words) > 1 and words[-1][:1].isupper()  # "the Saturday attack", "Israeli attacks"
    return not (prev in DETERMINERS or prev in _ATTACK_BEFORE or capitalised)


_NOT_COMBAT = WordStartRegex(trie_regex(
    "coach striker midfield midfielder defender goalkeeper scored goal goals match league season half-time "
    "substitution substitutions tournament playoff playoffs quarterback".split()) + r"\b")
_FIRE_FIGHTING = re.compile(r"\s+on\s+the\s+(?:flames|fire|blaze)\b", re.IGNORECASE)
_NOT_A_GUNFIGHT = frozenset("range ranges star stars guard guards script schedule season practice competition club "
                            "gallery stars".split())
_ACCUSATION = re.compile(r"\b(?:accus\w*|alleg\w*|blam\w*\s+\w+\s+for)\b[^.;]*$", re.IGNORECASE)
_ATTACK_AFTER = frozenset("on against by in at that which near killed killing left leaving targeted targeting hit "
                          "wounded injured".split())
_ATTACK_BEFORE = frozenset("deadly fierce major coordinated large-scale armed militant terrorist insurgent rebel "
                           "jihadist suicide fresh new latest recent overnight night dawn separate second "
                           "saturday's sunday's monday's tuesday's wednesday's thursday's friday's".split())


_WARNING_WORDS = frozenset("warning watch alert advisory forecast season".split())
_MARKET = WordStartRegex(trie_regex(
    "stocks shares markets market index indices prices dollar euro bonds investors traders futures oil gold "
    "equities nasdaq dow".split()) + r"\b")


def _peaceful_protest(use: TriggerUse) -> bool | None:
    if use.word.startswith("rall") and _MARKET.search(use.sentence):
        return True  # "Stocks rallied in New York": a market, not a protest
    return None


def _vac_attack(use: TriggerUse) -> bool | None:
    if use.word.startswith("shooting"):
        return use.next.lower() in _NOT_A_GUNFIGHT  # "a shooting range", "the shooting guard"
    return None


_SUBTYPE_RULES: dict[str, Callable[[TriggerUse], bool | None]] = {
    "Meeting": _meeting, "Visit": _visit, "Transport accident": _transport_accident, "Explosion": _explosion,
    "Storm": _storm, "Non-state actor overtakes territory": _territory, "Armed clash": _armed_clash_or_attack,
    "Air/drone strike": _military_strike, "Attack": _vac_attack, "Peaceful protest": _peaceful_protest, "Flood": _warning,
    "Earthquake": _warning, "Tsunami": _warning, "Wildfire": _warning,
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
