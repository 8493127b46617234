"""What each sentence says about an event, before sentences are grouped into incidents.

A sentence with an accepted trigger becomes an event mention with its place, times, status,
casualties and actors; a trigger-less sentence right after an event that gives casualties or a
rescue ("Firefighters searched the rubble", "The death toll rose to 15") becomes a follow-up mention.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from ..model import Analysis, Place
from ..text import Sentence
from ..timeexpr import TimeExpr, find_time_expressions, is_reporting_date
from .actors import actors
from .casualties import CasualtyFigure, casualties
from .places import NOT_A_LOCATION, place_rank, strictly_tied
from .rejection import TriggerUse, is_non_event
from .taxonomy import DIPLOMATIC_SUBTYPES, TRIGGERS
from .triggers import (
    ANAPHORA,
    FOLLOW_UP,
    FUTURE_PHRASES,
    FUTURE_WORDS,
    HABITUAL,
    HYPOTHETICAL_PHRASES,
    HYPOTHETICAL_WORDS,
    ONGOING,
    TriggerMatch,
    has_words,
)

__all__ = ["EventMention", "TimedExpression", "event_mentions"]

_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_UNTIL = re.compile(r"\b(?:until|till|from)\s+$", re.IGNORECASE)
SINCE_PENALTY = 1000  # a "since" date is used only when the sentence gives no other date
_RECENT_START_DAYS = 31  # "flooding since Sunday" dates an ongoing event; "the worst since 1998" dates nothing
_FOLLOW_UP_GAP = 2  # sentences after an event that can still follow it up
_FUTURE_WINDOW = 60  # characters before the trigger searched for "will", "plans to" ...


class TimedExpression(NamedTuple):
    """A time expression of the sentence and its distance (in characters) from the trigger."""

    distance: int
    expr: TimeExpr


@dataclass
class EventMention:
    """What one sentence says about an event (before merging)."""

    sentence: int  # sentence index
    type: str
    sub_type: str
    priority: int
    trigger_start: int
    trigger_end: int
    trigger: str
    status: str
    place: Place | None = None
    place_rank: tuple = NOT_A_LOCATION
    near: bool = False
    tied: list[Place] = field(default_factory=list)  # resolved places tied to the trigger
    times: list[TimedExpression] = field(default_factory=list)
    casualties: list[CasualtyFigure] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    anaphoric: bool = False
    follow_up: bool = False


class _ChosenTrigger(NamedTuple):
    row: int
    use: TriggerUse  # offsets into the sentence
    sub_type: str
    future: bool


def _triggers_by_sentence(sentences: list[Sentence], triggers: list[TriggerMatch]) -> dict[int, list[TriggerMatch]]:
    starts = [s.start for s in sentences]
    out: dict[int, list[TriggerMatch]] = {}
    for t in triggers:
        si = bisect.bisect_right(starts, t.match.start()) - 1
        if si >= 0 and t.match.end() <= sentences[si].end:
            out.setdefault(si, []).append(t)
    return out


def _clause_before(text: str, pos: int) -> str:
    clause = text[:pos]
    return clause[max(clause.rfind(","), clause.rfind(";"), clause.rfind("\u2013"), clause.rfind(" - ")) + 1:]


def _choose_trigger(sentence: Sentence, matches: list[TriggerMatch]) -> _ChosenTrigger | None:
    """The highest-priority trigger of the sentence that reports an event (not a hypothesis)."""
    text = sentence.text
    for t in sorted(matches, key=lambda x: -TRIGGERS[x.index].priority):
        row = TRIGGERS[t.index]
        use = TriggerUse(t.match.group(0), text, t.match.start() - sentence.start, t.match.end() - sentence.start)
        if is_non_event(row.type, row.sub_type, use):
            continue
        window = text[max(0, use.start - _FUTURE_WINDOW):use.start]
        if use.start > _FUTURE_WINDOW:
            window = window[window.find(" ") + 1:]
        future = has_words(window, FUTURE_WORDS, FUTURE_PHRASES)
        sub = row.sub_type
        if has_words(_clause_before(text, use.start), HYPOTHETICAL_WORDS, HYPOTHETICAL_PHRASES):
            if sub not in DIPLOMATIC_SUBTYPES and sub != "Agreement":
                continue
            future = True
        if sub == "Peaceful protest" and any(TRIGGERS[m.index].sub_type in ("Arrests", "Protest with intervention")
                                             for m in matches):
            sub = "Protest with intervention"  # "police detained 30 protesters at the rally"
        return _ChosenTrigger(t.index, use, sub, future)
    return None


def _event_times(text: str, use: TriggerUse, pub: dt.date | None, future: bool) -> tuple[list[TimedExpression], bool]:
    """The sentence's time expressions that can date the event, and whether one is a recent "since"."""
    times: list[TimedExpression] = []
    since = False
    for tx in find_time_expressions(text, pub_date=pub, future=future):
        if is_reporting_date(text, tx.start):
            continue
        distance = abs(tx.start - use.end if tx.start >= use.end else use.start - tx.end)
        if tx.text.lower().startswith("since") or _SINCE.search(text, max(0, tx.start - 8), tx.start):
            # "flooding since Sunday": an ongoing event that began then
            if pub and tx.date and not future and 0 <= (pub - tx.date).days <= _RECENT_START_DAYS:
                if not tx.text.lower().startswith("since"):
                    tx = dataclasses.replace(tx, text=f"since {tx.text}")
                tx = dataclasses.replace(tx, date_end=pub, precision=2)
                times.append(TimedExpression(distance + SINCE_PENALTY, tx))
                since = True
            continue
        if tx.kind == "duration" or _UNTIL.search(text, max(0, tx.start - 8), tx.start):
            continue
        times.append(TimedExpression(distance, tx))
    return times, since


class _PlaceIndex:
    """The document's place mentions (demonyms left out), searchable by offset."""

    def __init__(self, places: list[Place]) -> None:
        self.places = sorted((p for p in places if p.mention != "demonym"), key=lambda p: p.start)
        self.starts = [p.start for p in self.places]

    def within(self, sentence: Sentence) -> list[Place]:
        lo = bisect.bisect_left(self.starts, sentence.start)
        hi = bisect.bisect_left(self.starts, sentence.end)
        return [p for p in self.places[lo:hi] if p.end <= sentence.end]


def _attach_places(mention: EventMention, sentence: Sentence, places: list[Place], use: TriggerUse) -> set[str]:
    """Give the mention its best place and its strictly tied places; returns the names seen."""
    names = set()
    for p in places:
        names.add(p.text)
        start, end = p.start - sentence.start, p.end - sentence.start
        fit = place_rank(p, sentence.text, start, end, use.start, use.end)
        if fit.rank == NOT_A_LOCATION:
            continue
        rank = (fit.rank[0], 0 if p.resolved else 1) + fit.rank[1:]  # a resolved place beats an unresolved one
        if p.resolved and strictly_tied(sentence.text, start, end, use.start, use.end):
            mention.tied.append(p)
        if rank < mention.place_rank:
            mention.place, mention.place_rank, mention.near = p, rank, fit.near
    return names


def _status(text: str, times: list[TimedExpression], future: bool, since: bool) -> str:
    if any(t.expr.tense == "future" for t in times) and not any(t.expr.tense == "past" for t in times):
        future = True
    if future:
        return "planned"
    if ONGOING.search(text) or (since and all(t.distance >= SINCE_PENALTY for t in times)):
        return "ongoing"
    return "past"


def _event_mention(si: int, sentence: Sentence, chosen: _ChosenTrigger, pub: dt.date | None,
                   places: _PlaceIndex) -> EventMention | None:
    text, use, row = sentence.text, chosen.use, TRIGGERS[chosen.row]
    times, since = _event_times(text, use, pub, chosen.future)
    figures = casualties(text)
    if HABITUAL.search(text) and not figures and not any(t.expr.precision == 1 for t in times):
        return None  # "Kharkiv has been a frequent target of aerial attacks"
    mention = EventMention(si, row.type, chosen.sub_type, row.priority, sentence.start + use.start,
                           sentence.start + use.end, use.trigger, _status(text, times, chosen.future, since))
    mention.times = times
    mention.casualties = figures
    mention.anaphoric = use.start < 40 and bool(ANAPHORA.search(text, 0, use.end + 1))
    names = _attach_places(mention, sentence, places.within(sentence), use)
    mention.actors = actors(text, use.start, use.end, row.type, chosen.sub_type, names)
    return mention


def event_mentions(analysis: Analysis, sentences: list[Sentence], triggers: list[TriggerMatch]) -> list[EventMention]:
    """The event and follow-up mentions of the document, in text order."""
    pub = analysis.document.date
    places = _PlaceIndex(analysis.places)
    by_sentence = _triggers_by_sentence(sentences, triggers)
    mentions: list[EventMention] = []
    last_event = -10
    for si, sentence in enumerate(sentences):
        chosen = _choose_trigger(sentence, by_sentence[si]) if si in by_sentence else None
        if chosen is None:
            if si - last_event <= _FOLLOW_UP_GAP:
                figures = casualties(sentence.text)
                if figures or FOLLOW_UP.search(sentence.text) or ANAPHORA.match(sentence.text):
                    last_event = si
                    mentions.append(EventMention(si, "", "", 0, 0, 0, "", "past", casualties=figures,
                                                 follow_up=True))
            continue
        mention = _event_mention(si, sentence, chosen, pub, places)
        if mention is not None:
            last_event = si
            mentions.append(mention)
    return mentions
