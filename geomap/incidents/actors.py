"""Who did it and who took part, when the sentence names them near the trigger.

"Rutte met Zelensky", "Police arrested 30", "shelling by Russian forces", "talks with Egyptian
officials"; a speaker ("the army said") is the source of the report, not an actor.
"""

from __future__ import annotations

import re

from ..text import trie_regex
from .rejection import ROLES, next_word
from .taxonomy import ACCIDENT, DIPLOMATIC_SUBTYPES, DISASTER, VIOLENT_TYPES
from .wordre import WordStartRegex

__all__ = ["actors", "CLAUSE_BREAK"]

CLAUSE_BREAK = re.compile(r"[,;:()\[\]\"“”]")
_CAPRUN = r"[A-Z][\w'’.-]*(?:\s+(?:of\s+|al-|bin\s+|de\s+|van\s+|von\s+)?[A-Z][\w'’.-]*)*"
_AUX_WORDS = frozenset("has have had was were is are reportedly also then later jointly briefly".split())
_NAME_JOINERS = frozenset("of al- bin de van von".split())
_OBJECT_RE = re.compile(rf"^\s*(?:with\s+)?(?:the\s+)?(?P<name>{_CAPRUN})")
_BY_RE = re.compile(rf"(?<!\w)by\s+(?:the\s+)?(?P<name>{_CAPRUN})")
_FORCES_RE = WordStartRegex(trie_regex(
    "forces troops army military soldiers police militants rebels gunmen insurgents militia militias jihadists "
    "separatists navy protesters demonstrators rioters settlers".split() + ["air force"]) + r"\b")
_SPEAKER = re.compile(r"\s+(?:said|says|say|told|reported|announced|claimed|added|stated)\b")
_FORCE_ADJ = frozenset("paramilitary government security rebel armed opposition pro-government allied enemy special "
                       "federal state local riot border military militia tribal".split())
_DEMONYM = re.compile(r"(?:ian|ean|an|ese|ish|i|ic)$")
_SENT_START_WORDS = {"The", "A", "An", "New", "Meanwhile", "Later", "Earlier", "Also", "On", "In", "At", "After",
                     "Before", "When", "Last", "This", "Local", "Former", "Acting", "But", "And", "Then", "Both",
                     "Two", "Three", "Several", "Some", "It", "He", "She", "They", "We", "There", "Those", "These"}
_NOT_ACTORS = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
               "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}


def _clean_actor(name: str) -> str | None:
    words = name.split()
    while words and words[0] in _SENT_START_WORDS:
        words.pop(0)
    while words and words[-1].rstrip(".'’s") in _NOT_ACTORS:
        words.pop()
    name = " ".join(words).rstrip(".,'’")
    if name.endswith(("'s", "’s")):
        name = name[:-2]
    if not name or name in _NOT_ACTORS or len(name) < 2:
        return None
    return name


def _name_before(sentence: str, trigger_start: int) -> str | None:
    """A capitalised name directly before a verb trigger ("Rutte met", "Police arrested") or an acronym
    before a noun trigger ("a NATO meeting")."""
    tokens = sentence[max(0, trigger_start - 80):trigger_start].split()
    while tokens and tokens[-1] in _AUX_WORDS:
        tokens.pop()
    name: list[str] = []
    while tokens:
        token = tokens[-1]
        if CLAUSE_BREAK.search(token) or not (token[0].isupper() or (name and token in _NAME_JOINERS)):
            break
        name.insert(0, tokens.pop())
    while name and name[0] in _NAME_JOINERS:
        name.pop(0)
    return " ".join(name) if name else None


def _counterpart(sentence: str, trigger_end: int) -> str | None:
    """Whom a meeting or agreement was with: "met Zelensky", "talks with Egyptian officials"."""
    m = _OBJECT_RE.match(sentence[trigger_end:])
    if not m:
        return None
    name = m.group("name")
    following = next_word(sentence, trigger_end + m.end())
    if " " not in name and _DEMONYM.search(name) and following in ROLES:
        name = f"{name} {following}"
    return name


def _armed_groups(sentence: str) -> list[str]:
    """Forces named anywhere in the sentence, with their adjective ("Russian forces", "riot police")."""
    found = []
    for start, end in _FORCES_RE.spans(sentence):
        if _SPEAKER.match(sentence, end):
            continue  # "the army said": the source, not an actor
        before = sentence[max(0, start - 25):start].split()
        adjective = before[-1] if before else ""
        if adjective[:1].isupper() and adjective.isalpha() or adjective.lower() in _FORCE_ADJ:
            found.append(f"{adjective} {sentence[start:end]}")
        else:
            found.append(sentence[start:end])
    return found


def actors(sentence: str, trigger_start: int, trigger_end: int, event_type: str, sub_type: str,
           place_names: set[str]) -> list[str]:
    """Who did it / who took part, when the sentence names them near the trigger (offsets into ``sentence``)."""
    found: list[str] = []
    name = _name_before(sentence, trigger_start)
    if name:
        found.append(name)
    if sub_type in DIPLOMATIC_SUBTYPES or sub_type == "Agreement":
        counterpart = _counterpart(sentence, trigger_end)
        if counterpart:
            found.append(counterpart)
    m = _BY_RE.search(sentence[trigger_end:trigger_end + 80])
    if m:
        found.append(m.group("name"))
    if event_type not in (DISASTER, ACCIDENT):
        found.extend(_armed_groups(sentence))
    out: list[str] = []
    for raw in found:
        actor = _clean_actor(raw)
        if actor and event_type in VIOLENT_TYPES and " " not in actor and _DEMONYM.search(actor):
            actor = f"{actor} forces"  # "Russian missiles struck ..." -> Russian forces
        if actor is None or actor in place_names:
            continue
        out.append("police" if actor.lower() == "police" else actor)
    return out
