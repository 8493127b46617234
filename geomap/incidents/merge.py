"""Grouping a document's event mentions into incidents, and building each :class:`Incident`.

Mentions about the same event (same type family and status, compatible place and date, close together
in the text) join one group; follow-up mentions join the physical event just before them. Each group
then gives one incident: the most specific tied place, the best date, the figures it states (a later
"toll rose to" wins; different figures are flagged) and the actors.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from ..model import Analysis, Incident, Place
from ..text import Sentence
from ..timeexpr import TimeExpr
from .candidates import REPORT_PENALTY, EventMention, TimedExpression
from .places import places_compatible, specificity
from .taxonomy import (
    DIPLOMATIC_SUBTYPES,
    DISASTER,
    FLAG_CASUALTY_APPROX,
    FLAG_CASUALTY_CONFLICT,
    FLAG_DATE_CONFLICT,
    FLAG_DATE_FROM_CONTEXT,
    FLAG_DATE_FROM_EVENT,
    FLAG_DATE_FROM_PUB,
    FLAG_NO_DATE,
    FLAG_NO_PLACE,
    FLAG_PLACE_CONFLICT,
    FLAG_PLACE_UNRESOLVED,
    FLAG_RELATIVE_DATE,
    PHYSICAL_TYPES,
    VIOLENT_TYPES,
)

__all__ = ["MentionGroup", "group_mentions", "build_incident", "settle_background", "date_from_story",
           "dates_from_offsets"]

_NEAR_TIME = 80  # characters: a time expression further from the trigger is a weaker date
_MAX_GAP = 3  # sentences between two mentions of the same event
_MAX_GAP_ANAPHORIC = 6  # ... when the later one refers back ("the attack")
_MAX_GAP_UNANCHORED = 12  # ... when the later one names no place of its own ("five others were injured in the strike")
_RESPONSE_WORDS = ("retaliat", "responded")
_OPEN_GROUPS = 4  # only the last few groups can take a new mention
_HEADLINE_SENTENCES = 3  # a title or cross-heading among the first sentences announces the story's event
_ANY_VIOLENCE = frozenset({"Explosion", "Disrupted weapons use"})  # sub-types that can be part of any violent event
_EFFECT_SUBTYPES = frozenset({"Industrial accident or collapse", "Fire"})  # what a quake or storm leaves behind


def _family(m: EventMention) -> str:
    if m.sub_type in DIPLOMATIC_SUBTYPES:
        return "diplomacy"
    if m.type in VIOLENT_TYPES or m.sub_type == "Disrupted weapons use":  # "most rockets were intercepted"
        return "violence"
    return m.type


def best_time(times: list[TimedExpression]) -> TimeExpr | None:
    """The time expression that dates an event best: near the trigger, precise, short."""
    if not times:
        return None

    def key(t: TimedExpression) -> tuple:
        x = t.expr
        span = (x.date_end - x.date).days if x.date and x.date_end else 0
        return t.distance >= REPORT_PENALTY, t.distance > _NEAR_TIME, x.precision or 9 if x.date else 5, span, \
            t.distance

    return min(times, key=key).expr


class _DayRange(NamedTuple):
    first: dt.date
    last: dt.date
    reported: bool  # only the day of a report ("officials said on Thursday"): the event was then or just before


def _day_range(m: EventMention) -> _DayRange | None:
    best = best_time(m.times)
    if best is None or best.date is None:
        return None
    return _DayRange(best.date, best.date_end or best.date, all(t.distance >= REPORT_PENALTY for t in m.times))


def group_place(mentions: list[EventMention]) -> tuple[Place | None, bool, bool]:
    """(place, near, conflict): the most specific tied place, consistent with the others."""
    with_place = [m for m in mentions if m.place is not None]
    if not with_place:
        return None, False, False
    # the first mention's place unless a later one is tied more strictly or more specific
    best = min(with_place, key=lambda m: (*m.place_rank[:3], m.sentence, *m.place_rank[3:]))
    # "struck Odesa and Kharkiv": another place of the same kind that neither contains the other
    conflict = any(not places_compatible(best.place, p) for m in with_place for p in [m.place, *m.tied])
    return best.place, best.near, conflict


class MentionGroup:
    """The mentions of one event, in text order.

    What :meth:`accepts` asks of the group (its place, its first dated day, the sentences it holds) is
    kept up to date as mentions are added, so grouping stays linear in the number of mentions even when
    a text repeats one event thousands of times.
    """

    def __init__(self, first: EventMention) -> None:
        self.mentions: list[EventMention] = []
        self._reset()
        self.add(first)

    def _reset(self) -> None:
        self._with_place: list[EventMention] = []
        self._best: EventMention | None = None  # the mention whose place is the group's (see group_place)
        self._best_key: tuple = ()
        self._conflict = False
        self._first_range: _DayRange | None = None
        self._sentences: set[int] = set()

    def add(self, m: EventMention) -> None:
        """Append a mention (text order)."""
        self.mentions.append(m)
        self._absorb(m)

    def prepend(self, mentions: list[EventMention]) -> None:
        """Put mentions (a folded headline's) before the others."""
        self.mentions[:0] = mentions
        self._reset()
        for m in self.mentions:
            self._absorb(m)

    def _absorb(self, m: EventMention) -> None:
        self._sentences.add(m.sentence)
        if self._first_range is None:
            self._first_range = _day_range(m)
        if m.place is None:
            return
        self._with_place.append(m)
        key = (*m.place_rank[:3], m.sentence, *m.place_rank[3:])
        if self._best is None or key < self._best_key:  # strict: the first of equal keys stays, as min() does
            self._best, self._best_key = m, key
            self._conflict = any(not places_compatible(m.place, p) for x in self._with_place for p in [x.place, *x.tied])
        elif not self._conflict:
            self._conflict = any(not places_compatible(self._best.place, p) for p in [m.place, *m.tied])

    def place_info(self) -> tuple[Place | None, bool, bool]:
        """(place, near, conflict), as :func:`group_place` computes them, without rescanning the group."""
        if self._best is None:
            return None, False, False
        return self._best.place, self._best.near, self._conflict

    @property
    def head(self) -> EventMention:
        return self.mentions[0]

    @property
    def last_sentence(self) -> int:
        return self.mentions[-1].sentence

    def _is_effect(self, m: EventMention) -> bool:
        """"the quake was also felt in X", "buildings collapsed" after a quake or a storm."""
        return self.head.type == DISASTER and (m.effect or m.sub_type in _EFFECT_SUBTYPES)

    def _max_gap(self, m: EventMention) -> int:
        place = self.place_info()[0]
        if m.place is None or not m.place.resolved or (place is not None and place.name == m.place.name):
            return _MAX_GAP_UNANCHORED
        if place is not None and place.resolved and specificity(m.place) > specificity(place) \
                and places_compatible(place, m.place):
            return _MAX_GAP_UNANCHORED  # "floods in Libya" after "floods in Derna": nothing finer is said
        return _MAX_GAP_ANAPHORIC if m.anaphoric else _MAX_GAP

    def _places_fit(self, m: EventMention) -> bool:
        place, group_near, _conflict = self.place_info()
        if self.head.type == DISASTER and m.type == DISASTER and place is not None and m.place is not None:
            # a storm or a flood covers a region: towns of the same country can be the same disaster
            return not (place.country_code and m.place.country_code and place.country_code != m.place.country_code)
        near = group_near or m.near
        return places_compatible(place, m.place, near=near)

    def accepts(self, m: EventMention) -> bool:
        """True when ``m`` can be about the same event."""
        head = self.head
        if head.trigger.lower().startswith(_RESPONSE_WORDS):
            return m.follow_up and m.sentence - self.last_sentence <= 1  # a response takes only what follows it
        if m.follow_up:
            return head.type in PHYSICAL_TYPES and m.sentence - self.last_sentence <= 2
        if m.second_in_sentence and m.sentence in self._sentences:
            return False  # told apart within its sentence
        if (head.second_in_sentence and not m.anaphoric) or m.trigger.lower().startswith(_RESPONSE_WORDS):
            return False  # an event told in passing, or a response to the event: another event
        if self._is_effect(m):
            return m.sentence - self.last_sentence <= _MAX_GAP_UNANCHORED
        if _family(m) != _family(head):
            return False
        if m.status != head.status and "ongoing" not in (m.status, head.status):
            return False
        if m.background != head.background:
            return False  # an earlier event told as context is not today's
        if m.sentence - self.last_sentence > self._max_gap(m):
            return False
        if not self._places_fit(m):
            return False
        if m.type != head.type and not (m.sub_type in _ANY_VIOLENCE or head.sub_type == "Explosion" or m.anaphoric
                                        or m.generic or head.generic):
            return False
        first = self._first_range
        other = _day_range(m)
        if first is None or other is None:
            return True
        # "The bomb hit on Wednesday night" after "..., officials said on Thursday": the day before the report fits
        slack = dt.timedelta(days=1 if m.anaphoric and (other.reported or first.reported) else 0)
        return not (other.last + slack < first.first or other.first - slack > first.last)


def _fold_headlines(groups: list[MentionGroup], sentences: list[Sentence]) -> list[MentionGroup]:
    """A headline announces the story's event: its group joins the first body group of the same family."""
    out: list[MentionGroup] = []
    pending: list[MentionGroup] = []
    for g in groups:
        if all(sentences[m.sentence].headline and m.sentence < _HEADLINE_SENTENCES for m in g.mentions):
            pending.append(g)
            continue
        for h in [h for h in pending if _family(h.head) == _family(g.head)]:
            g.prepend(h.mentions)
            pending.remove(h)
        out.append(g)
    return sorted(out + pending, key=lambda g: g.mentions[0].sentence)


def group_mentions(mentions: list[EventMention], sentences: list[Sentence]) -> list[MentionGroup]:
    """Mentions grouped by event; a follow-up that fits no open group is dropped."""
    groups: list[MentionGroup] = []
    for m in mentions:
        if groups and groups[-1].head.background and m.anaphoric and not m.background \
                and m.sentence - groups[-1].last_sentence <= 1 and not any(t.distance < _NEAR_TIME for t in m.times):
            m.background = True  # "In June 2022 a quake struck ... The quake killed 1,000": still the old event
        accepting = [g for g in groups[-_OPEN_GROUPS:] if g.accepts(m)]
        # the event told most recently is the nearest antecedent (ties: the later group)
        target = max(reversed(accepting), key=lambda g: g.last_sentence) if accepting else None
        if target is not None:
            target.add(m)
        elif not m.follow_up:
            groups.append(MentionGroup(m))
    return _fold_headlines(groups, sentences)


def _add_flag(flags: list[str], flag: str) -> None:
    if flag not in flags:
        flags.append(flag)


def _set_place(inc: Incident, triggered: list[EventMention]) -> None:
    place, near, conflict = group_place(triggered)
    if place is None:
        inc.flags.append(FLAG_NO_PLACE)
    elif not place.resolved:
        inc.flags.append(FLAG_PLACE_UNRESOLVED)
    else:
        spec = specificity(place)
        inc.geo_precision = 1 if spec == 0 and not near else 2 if spec <= 1 else 3
    inc.place = place
    if conflict:
        inc.flags.append(FLAG_PLACE_CONFLICT)


def _set_date(inc: Incident, triggered: list[EventMention], pub: dt.date | None) -> None:
    times = [t for m in triggered for t in m.times]
    best = best_time(times)
    if best is not None:
        inc.date_text = best.text
        inc.time_of_day = best.time_of_day
        if best.date is not None:
            inc.date, inc.date_end, inc.time_precision = best.date, best.date_end, best.precision
            days = {t.expr.date for t in times
                    if t.expr.date is not None and t.expr.precision == 1 and t.distance < _NEAR_TIME}
            if any(not (inc.date <= d <= (inc.date_end or inc.date)) for d in days):
                inc.flags.append(FLAG_DATE_CONFLICT)
        elif pub is None and best.relative:
            inc.flags.append(FLAG_RELATIVE_DATE)
        else:
            inc.flags.append(FLAG_NO_DATE)
    elif inc.status in ("past", "ongoing") and pub is not None and not inc.background:
        # a news report of an undated past event: it happened on or shortly before publication
        inc.date, inc.date_end, inc.time_precision = pub, pub, 2
        inc.flags.append(FLAG_DATE_FROM_PUB)
    else:
        inc.flags.append(FLAG_NO_DATE)
    if inc.time_of_day is None:
        inc.time_of_day = next((t.expr.time_of_day for t in times if t.expr.time_of_day), None)
    if inc.date is not None and pub is not None and inc.status == "past" and inc.date > pub:
        inc.status = "planned"


def _figure(inc: Incident, mentions: list[EventMention], kind: str, texts: list[str]) -> int | None:
    """The group's figure for ``kind``: the last update, else the smallest stated non-zero figure."""
    per_sentence: dict[int, int] = {}
    updates: list[int] = []
    for m in mentions:
        for fig in m.casualties:
            if fig.kind != kind:
                continue
            if fig.approximate:
                _add_flag(inc.flags, FLAG_CASUALTY_APPROX)
            if fig.text not in texts:
                texts.append(fig.text)
            if fig.count is None:
                continue  # "dozens were killed": the phrase is kept, no figure is made up
            if fig.update:
                updates.append(fig.count)
            else:
                per_sentence[m.sentence] = per_sentence.get(m.sentence, 0) + fig.count
    if updates:
        if any(v > updates[-1] for v in (*per_sentence.values(), *updates)):
            _add_flag(inc.flags, FLAG_CASUALTY_CONFLICT)  # a later figure below an earlier one: say so
        return updates[-1]
    if not per_sentence:
        return None
    values = set(per_sentence.values())
    nonzero = [v for v in per_sentence.values() if v]
    if len(set(nonzero)) > 1 or (nonzero and 0 in values):
        _add_flag(inc.flags, FLAG_CASUALTY_CONFLICT)
    return nonzero[0] if nonzero else 0  # the lede's figure: later sentences tend to give parts of it


def _merged_actors(triggered: list[EventMention]) -> list[str]:
    """Actors of all mentions; a name contained in a longer one ("forces" in "Russian forces") is dropped."""
    out: list[str] = []
    for m in triggered:
        for a in m.actors:
            if any(a != b and a in b for b in m.actors + out):
                continue
            out = [b for b in out if not (b != a and b in a)]
            if a not in out:
                out.append(a)
    return out


def dates_from_offsets(groups: list[MentionGroup], incidents: list[Incident]) -> None:
    """"Two days after the attack, ...": the day of the event told before it, moved by the offset."""
    for k, (group, inc) in enumerate(zip(groups, incidents)):
        times = [t for m in group.mentions if not m.follow_up for t in m.times]
        best = best_time(times)
        if best is None or best.offset_days is None or inc.date is not None:
            continue
        earlier = next((i for i in reversed(incidents[:k]) if i.date is not None), None)
        if earlier is None:
            continue
        # "X happened on Monday, a day after a missile strike": the strike is the day before, not after
        names_this_event = any(t.expr is best and t.names_trigger for t in times)
        shift = dt.timedelta(days=-best.offset_days if names_this_event else best.offset_days)
        inc.date, inc.date_end = earlier.date + shift, (earlier.date_end or earlier.date) + shift
        inc.time_precision = earlier.time_precision
        inc.flags = [f for f in inc.flags if f not in (FLAG_NO_DATE, FLAG_RELATIVE_DATE)] + [FLAG_DATE_FROM_EVENT]


def date_from_story(incidents: list[Incident]) -> None:
    """An undated event of a story happened on the day the story's earlier event of the same kind is dated by its
    text ("... strikes on villages on Wednesday. A woman was killed in a strike on al-Sawana"), not on the day
    the report was published."""
    dated: dict[str, Incident] = {}
    for inc in incidents:
        family = "violence" if inc.type in VIOLENT_TYPES else inc.type
        if FLAG_DATE_FROM_PUB in inc.flags and not inc.background and family in dated:
            source = dated[family]
            inc.date, inc.date_end, inc.time_precision = source.date, source.date_end, source.time_precision
            inc.flags[inc.flags.index(FLAG_DATE_FROM_PUB)] = FLAG_DATE_FROM_CONTEXT
        elif inc.date_text and inc.time_precision == 1 and not inc.background and inc.date is not None:
            dated[family] = inc


def settle_background(incidents: list[Incident]) -> None:
    """Background only makes sense next to today's news: in a text that tells only earlier events none is
    background; otherwise a background event dated by week, month or year gets no day (``date_text`` keeps the
    words, as an annotator would)."""
    if all(i.background for i in incidents):
        for inc in incidents:
            inc.background = False
        return
    for inc in incidents:
        if inc.background and inc.date is not None and inc.time_precision != 1:
            inc.date = inc.date_end = None


def build_incident(group: MentionGroup, number: int, analysis: Analysis, sentences: list[Sentence]) -> Incident:
    """The incident of one group (``number`` counts from 1 within the document)."""
    mentions = group.mentions
    triggered = [m for m in mentions if not m.follow_up]
    main = max(triggered, key=lambda m: m.priority)
    evidence = next((sentences[m.sentence] for m in triggered if not sentences[m.sentence].headline),
                    sentences[triggered[0].sentence])
    inc = Incident(id=f"{analysis.document.id}-i{number}", type=main.type, sub_type=main.sub_type,
                   text=evidence.text, start=evidence.start, end=evidence.end, trigger=main.trigger,
                   status=triggered[0].status)
    seen = list(dict.fromkeys(m.sentence for m in mentions))
    inc.sentences = [sentences[i].text for i in seen]
    inc.spans = [(sentences[i].start, sentences[i].end) for i in seen]
    inc.background = triggered[0].background
    _set_place(inc, triggered)
    _set_date(inc, triggered, analysis.document.date)
    texts: list[str] = []
    inc.killed = _figure(inc, mentions, "killed", texts)
    inc.injured = _figure(inc, mentions, "injured", texts)
    inc.casualties_text = "; ".join(texts) or None
    inc.actors = _merged_actors(triggered)
    return inc
