"""Grouping a document's event mentions into incidents, and building each :class:`Incident`.

Mentions about the same event (same type family and status, compatible place and date, close together
in the text) join one group; follow-up mentions join the physical event just before them. Each group
then gives one incident: the most specific tied place, the best date, the figures it states (a later
"toll rose to" wins; different figures are flagged) and the actors.
"""

from __future__ import annotations

import datetime as dt

from ..model import Analysis, Incident, Place
from ..text import Sentence
from ..timeexpr import TimeExpr
from .candidates import EventMention, TimedExpression
from .places import places_compatible, specificity
from .taxonomy import (
    DIPLOMATIC_SUBTYPES,
    FLAG_CASUALTY_APPROX,
    FLAG_CASUALTY_CONFLICT,
    FLAG_DATE_CONFLICT,
    FLAG_DATE_FROM_PUB,
    FLAG_NO_DATE,
    FLAG_NO_PLACE,
    FLAG_PLACE_CONFLICT,
    FLAG_PLACE_UNRESOLVED,
    FLAG_RELATIVE_DATE,
    PHYSICAL_TYPES,
    VIOLENT_TYPES,
)

__all__ = ["MentionGroup", "group_mentions", "build_incident"]

_NEAR_TIME = 80  # characters: a time expression further from the trigger is a weaker date
_MAX_GAP = 3  # sentences between two mentions of the same event
_MAX_GAP_ANAPHORIC = 6  # ... when the later one refers back ("the attack")
_OPEN_GROUPS = 4  # only the last few groups can take a new mention


def _family(m: EventMention) -> str:
    if m.sub_type in DIPLOMATIC_SUBTYPES:
        return "diplomacy"
    if m.type in VIOLENT_TYPES:
        return "violence"
    return m.type


def best_time(times: list[TimedExpression]) -> TimeExpr | None:
    """The time expression that dates an event best: near the trigger, precise, short."""
    if not times:
        return None

    def key(t: TimedExpression) -> tuple:
        x = t.expr
        span = (x.date_end - x.date).days if x.date and x.date_end else 0
        return t.distance > _NEAR_TIME, x.precision or 9 if x.date else 5, span, t.distance

    return min(times, key=key).expr


def _day_range(m: EventMention) -> tuple[dt.date, dt.date] | None:
    best = best_time(m.times)
    if best is None or best.date is None:
        return None
    return best.date, best.date_end or best.date


def group_place(mentions: list[EventMention]) -> tuple[Place | None, bool, bool]:
    """(place, near, conflict): the most specific tied place, consistent with the others."""
    with_place = [m for m in mentions if m.place is not None]
    if not with_place:
        return None, False, False
    best = min(with_place, key=lambda m: m.place_rank)
    # "struck Odesa and Kharkiv": another place of the same kind that neither contains the other
    conflict = any(not places_compatible(best.place, p) for m in with_place for p in [m.place, *m.tied])
    return best.place, best.near, conflict


class MentionGroup:
    """The mentions of one event, in text order."""

    def __init__(self, first: EventMention) -> None:
        self.mentions = [first]

    @property
    def head(self) -> EventMention:
        return self.mentions[0]

    @property
    def last_sentence(self) -> int:
        return self.mentions[-1].sentence

    def accepts(self, m: EventMention) -> bool:
        """True when ``m`` can be about the same event."""
        head = self.head
        if m.follow_up:
            return head.type in PHYSICAL_TYPES and m.sentence - self.last_sentence <= 2
        if _family(m) != _family(head):
            return False
        if m.status != head.status and "ongoing" not in (m.status, head.status):
            return False
        if m.sentence - self.last_sentence > (_MAX_GAP_ANAPHORIC if m.anaphoric else _MAX_GAP):
            return False
        if not places_compatible(group_place(self.mentions)[0], m.place):
            return False
        if m.type != head.type and not (m.sub_type == "Explosion" or head.sub_type == "Explosion" or m.anaphoric):
            return False
        ranges = [d for d in (_day_range(x) for x in self.mentions) if d]
        other = _day_range(m)
        return not (ranges and other and (other[1] < ranges[0][0] or other[0] > ranges[0][1]))


def group_mentions(mentions: list[EventMention]) -> list[MentionGroup]:
    """Mentions grouped by event; a follow-up that fits no open group is dropped."""
    groups: list[MentionGroup] = []
    for m in mentions:
        target = next((g for g in reversed(groups[-_OPEN_GROUPS:]) if g.accepts(m)), None)
        if target is not None:
            target.mentions.append(m)
        elif not m.follow_up:
            groups.append(MentionGroup(m))
    return groups


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
    elif inc.status == "past" and pub is not None:
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
            if fig.update:
                updates.append(fig.count)
            else:
                per_sentence[m.sentence] = per_sentence.get(m.sentence, 0) + fig.count
    if updates:
        return updates[-1]
    if not per_sentence:
        return None
    values = set(per_sentence.values())
    nonzero = {v for v in values if v}
    if len(nonzero) > 1 or (nonzero and 0 in values):
        _add_flag(inc.flags, FLAG_CASUALTY_CONFLICT)
    return min(nonzero) if nonzero else 0


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
    _set_place(inc, triggered)
    _set_date(inc, triggered, analysis.document.date)
    texts: list[str] = []
    inc.killed = _figure(inc, mentions, "killed", texts)
    inc.injured = _figure(inc, mentions, "injured", texts)
    inc.casualties_text = "; ".join(texts) or None
    inc.actors = _merged_actors(triggered)
    return inc
