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
from ..text import Sentence, trie_regex
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
    refine_type,
)
from .wordre import WordStartRegex

__all__ = ["EventMention", "TimedExpression", "event_mentions"]

_SINCE = re.compile(r"\bsince\s+$", re.IGNORECASE)
_FILMED = re.compile(r"\b(?:filmed|recorded|photographed|videoed)\s+"
                     r"(?:[\w-]+\s+){0,3}$", re.IGNORECASE)
_OBJECT_OF_TIME = re.compile(r"\s+(?:(?:a|an|the)\s+)?(?:[\w'’-]+\s+){0,3}")
_REFERENCE_BEFORE = re.compile(r"\b(?:days?|weeks?|months?)\s+(?:after|before)\s+the\s+(?:[\w'’-]+\s+){0,2}$",
                               re.IGNORECASE)
_SINCE_BETWEEN = re.compile(r"\bsince\b", re.IGNORECASE)  # "since the war began in 2022" dates the war
_UNTIL = re.compile(r"\b(?:until|till|from)\s+$", re.IGNORECASE)
SINCE_PENALTY = 1000  # a "since" date is used only when the sentence gives no other date
REPORT_PENALTY = 2000  # nor is the day the report was made ("officials said on Monday")
_RECENT_START_DAYS = 31  # "flooding since Sunday" dates an ongoing event; "the worst since 1998" dates nothing
_FOLLOW_UP_GAP = 2  # sentences after an event that can still follow it up
_EFFECT = re.compile(r"\b(?:also\s+)?(?:was|were)\s+(?:also\s+|strongly\s+)?felt\b", re.IGNORECASE)
_EFFECT_WINDOW = 40  # characters: "the quake (that struck at dawn) was also felt in": the trigger is what was felt
_CLAUSE_END = re.compile(r"[;:]|,\s+(?:and|but|while)\b|\s(?:and|but)\s+(?:the|a|an)\s")


def _is_effect(text: str, trigger_end: int) -> bool:
    """"the quake was also felt in X": this mention of the event tells where it was felt, not where it
    happened. Only the trigger's own clause counts: in "A quake struck near Herat; the quake was also
    felt in Farah" the first mention is the event itself."""
    clause = _CLAUSE_END.search(text, trigger_end)
    end = min(clause.start() if clause else len(text), trigger_end + _EFFECT_WINDOW)
    return _EFFECT.search(text, trigger_end, end) is not None


_BACKGROUND = WordStartRegex(trie_regex([
    "recent", "recently", "earlier this month", "earlier this year", "earlier this week", "last month", "last year",
    "previous",
    "previously", "months ago", "years ago", "weeks ago", "in the past"]) + r"\b")
_YEAR_BEFORE = re.compile(r"\b((?:19|20)\d\d)\s+(?:[\w-]+\s+)?$")
_BACKGROUND_DAYS = 7  # an event dated more than a week before the report is context, not the news
_GENERIC_TRIGGERS = ("attack", "assault", "offensive", "strike", "retaliat")
_FUTURE_WINDOW = 60  # characters before the trigger searched for "will", "plans to" ...


class TimedExpression(NamedTuple):
    """A time expression of the sentence and its distance (in characters) from the trigger."""

    distance: int
    expr: TimeExpr
    names_trigger: bool = False  # the trigger is its object ("a day after a missile strike")


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
    generic: bool = False  # "attack", "strike": a word that names any violent event
    background: bool = False  # an earlier event mentioned as context
    second_in_sentence: bool = False  # "..., as Israel responded to a rocket attack that killed a soldier"
    effect: bool = False  # "the quake was also felt in X": what the event did elsewhere, not a new event


class _ChosenTrigger(NamedTuple):
    row: int
    use: TriggerUse  # offsets into the sentence
    type: str
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
        if is_non_event(row.type, row.sub_type, use) or _REFERENCE_BEFORE.search(text, 0, use.start):
            continue  # not an event; or "a week before the floods": the floods are another event, named as a time
        window = text[max(0, use.start - _FUTURE_WINDOW):use.start]
        if use.start > _FUTURE_WINDOW:
            window = window[window.find(" ") + 1:]
        future = has_words(window, FUTURE_WORDS, FUTURE_PHRASES)
        typ, sub = refine_type(row.type, row.sub_type, use.trigger, text, use.start)
        if has_words(_clause_before(text, use.start), HYPOTHETICAL_WORDS, HYPOTHETICAL_PHRASES):
            if sub not in DIPLOMATIC_SUBTYPES and sub != "Agreement":
                continue
            future = True
        if sub == "Peaceful protest" and any(TRIGGERS[m.index].sub_type in ("Arrests", "Protest with intervention")
                                             for m in matches):
            sub = "Protest with intervention"  # "police detained 30 protesters at the rally"
        return _ChosenTrigger(t.index, use, typ, sub, future)
    return None


def _event_times(text: str, use: TriggerUse, pub: dt.date | None, future: bool) -> tuple[list[TimedExpression], bool]:
    """The sentence's time expressions that can date the event, and whether one is a recent "since"."""
    times: list[TimedExpression] = []
    since = False
    for tx in find_time_expressions(text, pub_date=pub, future=future):
        if _FILMED.search(text, max(0, tx.start - 40), tx.start):
            continue  # "footage filmed on Monday": the video's day, not the event's
        if is_reporting_date(text, tx.start):
            # "..., the ministry said on Monday": the event happened that day or before; used only when the
            # sentence dates the event in no other way
            if tx.date is not None and not future:
                times.append(TimedExpression(REPORT_PENALTY, tx))
            continue
        distance = abs(tx.start - use.end if tx.start >= use.end else use.start - tx.end)
        since_before = _SINCE_BETWEEN.search(text, use.end, tx.start) if tx.start > use.end else None
        if tx.text.lower().startswith("since") or _SINCE.search(text, max(0, tx.start - 8), tx.start) or since_before:
            # "flooding since Sunday": an ongoing event that began then
            if pub and tx.date and not future and 0 <= (pub - tx.date).days <= _RECENT_START_DAYS:
                if not tx.text.lower().startswith("since"):
                    tx = dataclasses.replace(tx, text=f"since {tx.text}")
                tx = dataclasses.replace(tx, date_end=pub, precision=2)
                times.append(TimedExpression(distance + SINCE_PENALTY, tx))
                since = True
            continue
        possessive = tx.text.endswith(("'s", "’s"))  # "the toll from Friday's attack": the event's day
        if tx.kind == "duration" or (not possessive and _UNTIL.search(text, max(0, tx.start - 8), tx.start)):
            continue
        names_trigger = tx.end <= use.start and bool(_OBJECT_OF_TIME.fullmatch(text, tx.end, use.start))
        times.append(TimedExpression(distance, tx, names_trigger))
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


def _refers_back(text: str, use: TriggerUse) -> bool:
    """"The attack ...", "... destroyed in the attack": a definite reference to an event already told."""
    if use.start < 40 and ANAPHORA.search(text, 0, use.end + 1):
        return True
    m = ANAPHORA.search(text, max(0, use.start - 30), use.end + 1)
    return bool(m and m.end() >= use.end - 1)


def _is_background(text: str, use: TriggerUse, times: list[TimedExpression], pub: dt.date | None) -> bool:
    """An earlier event given as context: "a recent strike on Nyala", "the 2019 massacre", "in June last year"."""
    near = [t.expr for t in times if t.distance < 80 and t.expr.date is not None]
    if any(_BACKGROUND.match(t.expr.text) for t in times if t.distance < REPORT_PENALTY):
        return True  # "Earlier this month, the rebels launched ..."
    if pub is not None and near:
        last_day = min(near, key=lambda x: abs((x.date - pub).days)).date_end or near[0].date
        if last_day is not None and (pub - last_day).days > _BACKGROUND_DAYS:
            return True
    window = text[max(0, use.start - 40):min(len(text), use.end + 40)]
    if _BACKGROUND.search(window):
        return True
    year = _YEAR_BEFORE.search(text, max(0, use.start - 30), use.start)  # "the 2019 massacre", "the 2022 floods"
    return bool(year and pub is not None and int(year.group(1)) < pub.year)


def _status(text: str, times: list[TimedExpression], future: bool, since: bool) -> str:
    if any(t.expr.tense == "future" for t in times) and not any(t.expr.tense == "past" for t in times):
        future = True
    if future:
        return "planned"
    if ONGOING.search(text) or (since and all(SINCE_PENALTY <= t.distance < REPORT_PENALTY for t in times)):
        return "ongoing"
    return "past"


def _event_mention(si: int, sentence: Sentence, chosen: _ChosenTrigger, pub: dt.date | None,
                   places: _PlaceIndex) -> EventMention | None:
    text, use, row = sentence.text, chosen.use, TRIGGERS[chosen.row]
    times, since = _event_times(text, use, pub, chosen.future)
    figures = casualties(text)
    if not figures and not any(t.expr.precision == 1 for t in times) and HABITUAL.search(text):
        return None  # "Kharkiv has been a frequent target of aerial attacks"
    mention = EventMention(si, chosen.type, chosen.sub_type, row.priority, sentence.start + use.start,
                           sentence.start + use.end, use.trigger, _status(text, times, chosen.future, since))
    mention.times = times
    mention.casualties = figures
    mention.anaphoric = _refers_back(text, use)
    mention.generic = use.word.startswith(_GENERIC_TRIGGERS)
    mention.background = _is_background(text, use, times, pub)
    mention.effect = _is_effect(text, use.end)
    names = _attach_places(mention, sentence, places.within(sentence), use)
    if mention.effect:  # "the quake was also felt in Farah": where it was felt is not where it happened
        mention.place, mention.tied, mention.place_rank = None, [], NOT_A_LOCATION
    mention.actors = actors(text, use.start, use.end, chosen.type, chosen.sub_type, names)
    return mention


_SECOND_EVENT = re.compile(
    r"(?:,\s*|\s)(?:while|(?:a|one|two|three|four|five|six|\d+)\s+days?\s+after|in\s+response\s+to|"
    r"responded\s+to|retaliation\s+for|retaliating\s+for)\b", re.IGNORECASE)
_INDEFINITE_BEFORE = re.compile(r"\b(?:a|an)\s+(?:[\w'’-]+\s+){0,3}$", re.IGNORECASE)
_SECOND_EVENT_DISTANCE = 20  # characters between the first trigger and the clause of a second event


class _SecondEvent(NamedTuple):
    head: Sentence
    first: _ChosenTrigger
    clause: Sentence
    second: _ChosenTrigger


def _last_boundary(text: str, start: int, end: int) -> re.Match | None:
    found = None
    for found in _SECOND_EVENT.finditer(text, start, end):  # noqa: B007 - the last one is wanted
        pass
    return found


def _split_second_event(sentence: Sentence, matches: list[TriggerMatch]) -> _SecondEvent | None:
    """A second event told in a clause of its own ("..., as Israel said it responded to a Hezbollah rocket attack
    that killed one of its soldiers"): the sentence cut in two, with the trigger of each part."""
    text = sentence.text
    if len(matches) < 2 or not _SECOND_EVENT.search(text):
        return None
    accepted = sorted((t for t in matches if _choose_trigger(sentence, [t])), key=lambda t: t.match.start())
    if len(accepted) < 2:
        return None
    first_end = accepted[0].match.end() - sentence.start
    for t in accepted[1:]:
        start = t.match.start() - sentence.start
        if start < first_end + _SECOND_EVENT_DISTANCE or not _INDEFINITE_BEFORE.search(text, 0, start):
            continue
        boundary = _last_boundary(text, first_end, start)
        if boundary is None:
            continue
        cut = boundary.start()
        head = Sentence(sentence.start, sentence.start + cut, text[:cut], sentence.headline)
        clause = Sentence(sentence.start + cut, sentence.end, text[cut:], sentence.headline)
        first = _choose_trigger(head, [m for m in matches if m.match.end() <= head.end])
        second = _choose_trigger(clause, [m for m in matches if m.match.start() >= clause.start])
        if first is not None and second is not None:
            return _SecondEvent(head, first, clause, second)
    return None


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
        split = _split_second_event(sentence, by_sentence[si])
        if split is None:
            found = [_event_mention(si, sentence, chosen, pub, places)]
        else:
            found = [_event_mention(si, split.head, split.first, pub, places),
                     _event_mention(si, split.clause, split.second, pub, places)]
            if found[1] is not None:
                found[1].second_in_sentence = True
        for mention in found:
            if mention is not None:
                last_event = si
                mentions.append(mention)
    return mentions
