"""Time expressions in news text, resolved against the publication date.

``find_time_expressions("The bomb hit on Wednesday night", pub_date=date(2024, 10, 3))`` finds
"on Wednesday night" and resolves it to 2024-10-02 with ``time_of_day="night"``.

Precision follows ACLED's ``time_precision``: 1 = the day is known, 2 = the week (or a few days),
3 = the month. Without a publication date, relative expressions ("yesterday", "on Thursday",
"next week", "2 October" without a year) stay unresolved: ``date`` is None and ``relative`` is True,
so that callers can keep the text and say the date is relative.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from .text import NUMBER_WORDS, LazyRegex, lower_copy, trie_regex

__all__ = ["TimeExpr", "find_time_expressions", "is_reporting_date"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

_WD = "|".join(WEEKDAYS)
_MON = ("january|february|march|april|may|june|july|august|september|october|november|december|"
        "jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec")
_TOD = r"morning|afternoon|evening|night"
_NUM = r"\d{1,2}|one|two|three|four|five|six|seven|eight|nine|ten|a|an"

# Order matters: longer alternatives first.  Each branch has its own named groups.
_PATTERN = re.compile(
    r"\b(?:"
    # ISO date 2024-10-02
    r"(?P<iso>(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))"
    # (on) (the night of) 2 October (2024) / 2nd of Oct.
    r"|(?P<dm>(?:on\s+)?(?:the\s+(?P<dm_tod>" + _TOD + r")\s+of\s+)?(?:the\s+)?(?P<dm_d>\d{1,2})(?:st|nd|rd|th)?"
    r"\s+(?:of\s+)?(?P<dm_m>" + _MON + r")\.?(?:,?\s+(?P<dm_y>\d{4}))?)\b"
    # (on) (the night of) October 2(nd) (, 2024)
    r"|(?P<md>(?:on\s+)?(?:the\s+(?P<md_tod>" + _TOD + r")\s+of\s+)?(?P<md_m>" + _MON + r")\.?\s+"
    r"(?P<md_d>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<md_y>\d{4}))?)\b(?!\s*(?:km|kilomet|mile|per\s?cent|%))"
    # in October (2024) / last October
    r"|(?P<mo>(?:in|during|since|until|by|early|late|mid-?|last|next|this)\s+(?P<mo_m>january|february|march|april|"
    r"june|july|august|september|october|november|december)(?:\s+(?P<mo_y>\d{4}))?)\b"
    # in 2003 / since 2011
    r"|(?P<yr>(?:in|during|since|until|by|early|late)\s+(?:(?:early|late|mid-?)\s*)?(?P<yr_y>(?:19|20)\d\d))\b(?![-/]\d)"
    # (late/early) on (last/next/this) Wednesday (night) / Wednesday's
    r"|(?P<wd>(?:(?P<wd_pre>late|early)\s+(?:on\s+)?)?(?:on\s+)?(?:the\s+(?P<wd_tod0>" + _TOD + r")\s+of\s+)?"
    r"(?:(?P<wd_mod>last|next|this|coming)\s+)?(?P<wd_d>" + _WD + r")(?:'s|’s)?(?:\s+(?P<wd_tod>" + _TOD + r"))?)\b"
    # over the past two days / in the last three weeks
    r"|(?P<past>(?:over|in|during)\s+the\s+(?:past|last)\s+(?P<past_n>" + _NUM + r")\s+(?P<past_u>days|weeks))\b"
    # two days after / a week before / three days later: relative to another event
    r"|(?P<off>(?P<off_n>" + _NUM + r")\s+(?P<off_u>days?|weeks?)\s+(?P<off_d>after|before|later|earlier))\b"
    # N days/weeks ago, in N days
    r"|(?P<ago>(?P<ago_n>" + _NUM + r")\s+(?P<ago_u>days?|weeks?|months?)\s+ago)\b"
    r"|(?P<inn>in\s+(?P<in_n>" + _NUM + r")\s+(?P<in_u>days?|weeks?)(?:'|’)?\s*(?:time)?)\b"
    # fixed phrases
    r"|(?P<fixed>yesterday(?:\s+(?:" + _TOD + r"))?|last\s+night|tonight|overnight|today|this\s+(?:" + _TOD + r")|"
    r"earlier\s+(?:today|this\s+week|this\s+month)|(?:last|next|this|the\s+coming|the\s+previous|the\s+past)\s+"
    r"(?:week|month|year|weekend)|(?:over|at)\s+the\s+weekend|later\s+this\s+(?:week|month))\b"
    r")",
    re.IGNORECASE,
)





_ANCHOR_WORDS = trie_regex([*WEEKDAYS, *MONTHS, "yesterday", "today", "tonight", "overnight", "night", "morning",
                            "afternoon", "evening", "week", "month", "year", "ago", "day"])
_ANCHOR = re.compile(r"(?<!\w)" + _ANCHOR_WORDS + r"|\d{4}-\d\d-\d\d|(?<!\w)(?:19|20)\d\d\b", re.IGNORECASE)
_ANCHOR_LOW = LazyRegex(_ANCHOR.pattern)  # on the text's lower_copy: the same matches, found without folding case
# The anchors after the scan position, found from a character class (sre then skips ahead in C): a non-word
# character before an anchor word, or the first digit of a date or a year; _ANCHOR_LOW's own matches are only
# tried at the scan position itself. The words are letters, dates and years digits: neither overlaps the other.
_ANCHOR_AFTER = LazyRegex(r"[\W\d](?:(?<=\W)(" + _ANCHOR_WORDS + r")|(?<=\d)(?:\d{3}-\d\d-\d\d|(?<!\w\d)(?:(?<=1)9|(?<=2)0)\d\d\b))")
# Words a time expression can start with: only these word starts are tried before an anchor.
_START = re.compile(
    r"(?<![\w'’-])(?:\d|" + trie_regex([*WEEKDAYS, *MONTHS, *(w for w in NUMBER_WORDS if " " not in w), "on", "the", "late",
                                    "early", "last", "next", "this", "coming", "in", "during", "since", "until",
                                    "by", "mid", "yesterday", "tonight", "overnight", "today", "earlier", "later",
                                    "over", "at"]) + r")", re.IGNORECASE)
_START_LOW = LazyRegex(_START.pattern)

_REPORTING = re.compile(
    r"\b(?:said|says|say|told|tells|announced|reported|confirmed|stated|added|wrote|posted|tweeted|"
    r"claimed|noted|according\s+to\s+[\w .'’-]{1,40}?)\s*(?:,\s*)?$",
    re.IGNORECASE,
)
_DURATION = re.compile(r"\b(?:since|until|till)\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class TimeExpr:
    """One time expression: its span, what it resolves to, and how precisely."""

    text: str
    start: int
    end: int
    date: dt.date | None  # first day it can denote; None when unresolved
    date_end: dt.date | None  # last day it can denote (same as date for a day)
    precision: int | None  # 1 day, 2 week, 3 month (ACLED time_precision)
    time_of_day: str | None  # morning, afternoon, evening, night
    tense: str | None  # "past" / "future" when the words say so ("last week", "next week")
    relative: bool  # True when it needs the publication date
    kind: str  # "absolute", "relative", "duration", "offset"
    offset_days: int | None = None  # "two days after" (+2), "a week before" (-7): relative to another event

    @property
    def resolved(self) -> bool:
        return self.date is not None


def _num(s: str) -> int | None:
    s = s.lower()
    if s.isdigit():
        return int(s)
    return NUMBER_WORDS.get(s)


def _monday(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _month_start(y: int, m: int) -> dt.date:
    return dt.date(y, m, 1)


def _month_end(y: int, m: int) -> dt.date:
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def _shift_month(d: dt.date, k: int) -> tuple[int, int]:
    idx = d.year * 12 + d.month - 1 + k
    return idx // 12, idx % 12 + 1


def _guess_year(month: int, day: int, pub: dt.date, future: bool) -> dt.date | None:
    """The year that puts month/day nearest the publication date on the right side of it."""
    try:
        cand = dt.date(pub.year, month, day)
    except ValueError:
        return None
    try:
        if future and cand < pub - dt.timedelta(days=7):
            cand = cand.replace(year=pub.year + 1)
        elif not future and cand > pub + dt.timedelta(days=7):
            cand = cand.replace(year=pub.year - 1)
    except ValueError:
        return None
    return cand


def is_reporting_date(text: str, start: int) -> bool:
    """True when the expression at ``start`` dates the report ("officials said on Thursday")."""
    before = text[max(0, start - 60):start]
    return bool(_REPORTING.search(before))


def _tod(*vals: str | None) -> str | None:
    for v in vals:
        if v:
            return v.lower()
    return None


def _anchor_starts(low: str):
    """Where the matches of ``_ANCHOR_LOW.finditer(low)`` start, in order."""
    pos = 0
    while True:
        m = _ANCHOR_LOW.match(low, pos)
        if m is None:
            m = _ANCHOR_AFTER.search(low, pos)
            if m is None:
                return
            word = m.start(1)
            yield word if word >= 0 else m.start()
        else:
            yield pos
        pos = m.end()


def find_time_expressions(text: str, *, pub_date: dt.date | None = None, future: bool = False,
                          offset: int = 0) -> list[TimeExpr]:
    """All time expressions in ``text``, resolved against ``pub_date`` when it is given.

    ``future`` says the surrounding event is planned: bare weekdays and month-days then resolve
    forward ("meets on Friday" -> the coming Friday) instead of backward. ``offset`` is added to
    the spans (pass a sentence's start to get document offsets).
    """
    out: list[TimeExpr] = []
    last = 0
    # Anchored on the core words (weekday, month, "week", "yesterday", a digit ...): the full pattern is
    # only tried at the few word starts just before each anchor, which keeps long texts cheap.
    low = lower_copy(text)  # the anchors and word starts are found on it without folding case, when it can stand in
    starts, scanned = (_START, text) if low is None else (_START_LOW, low)
    for pos in (a.start() for a in _ANCHOR.finditer(text)) if low is None else _anchor_starts(low):
        if pos < last:
            continue
        for w in starts.finditer(scanned, max(last, pos - 32), pos + 12):
            if w.start() > pos:
                break
            m = _PATTERN.match(text, w.start())
            if m is None or m.end() <= pos:
                continue
            last = m.end()
            te = _resolve(m, pub_date, future, offset)
            if te is not None:
                out.append(te)
            break
    return out


def _mk(m: re.Match, offset: int, date: dt.date | None = None, end: dt.date | None = None,
        **fields: Any) -> TimeExpr:
    """A TimeExpr for match ``m``; ``fields`` may give precision, time_of_day, tense, relative and kind."""
    values = {"precision": None, "time_of_day": None, "tense": None, "relative": True, "kind": "relative", **fields}
    return TimeExpr(text=m.group(0), start=m.start() + offset, end=m.end() + offset, date=date,
                    date_end=end if end is not None else date, **values)


def _resolve_iso(m: re.Match, g: dict, pub: dt.date | None, future: bool, offset: int) -> TimeExpr | None:
    try:
        d = dt.date(int(g["iy"]), int(g["im"]), int(g["id"]))
    except ValueError:
        return None
    return _mk(m, offset, d, precision=1, relative=False, kind="absolute")


def _resolve_day_month(m: re.Match, g: dict, pub: dt.date | None, future: bool, offset: int) -> TimeExpr | None:
    """"2 October", "October 2, 2024", "the night of 2 October"."""
    p = "dm" if g["dm"] else "md"
    if g[f"{p}_m"].islower():
        return None  # "may", "march": a verb, not a month (months are capitalised)
    month = MONTHS[g[f"{p}_m"].lower().rstrip(".")]
    day = int(g[f"{p}_d"])
    tod = _tod(g[f"{p}_tod"])
    try:
        dt.date(2000, month, day)  # a leap year: 29 February is possible
    except ValueError:
        return None
    if g[f"{p}_y"]:
        try:
            d = dt.date(int(g[f"{p}_y"]), month, day)
        except ValueError:
            return None
        return _mk(m, offset, d, precision=1, time_of_day=tod, relative=False, kind="absolute")
    if pub is None:
        return _mk(m, offset, time_of_day=tod)
    d = _guess_year(month, day, pub, future)
    return _mk(m, offset, d, precision=1 if d else None, time_of_day=tod)


def _resolve_month(m: re.Match, g: dict, pub: dt.date | None, future: bool, offset: int) -> TimeExpr | None:
    """"in October", "last October", "since March 2023"."""
    word = m.group(0).split()[0].lower()
    kind = "duration" if word in ("since", "until") else "relative"
    if g["mo_m"].islower():
        return None
    month = MONTHS[g["mo_m"].lower()]
    if g["mo_y"]:
        y = int(g["mo_y"])
        return _mk(m, offset, _month_start(y, month), _month_end(y, month), precision=3, relative=False,
                   kind="duration" if kind == "duration" else "absolute")
    if pub is None:
        return _mk(m, offset, kind=kind)
    d = _guess_year(month, 1, pub, (future or word == "next") and word != "last")
    if d is None:
        return None
    if word == "last" and d.month == pub.month and d.year == pub.year:
        d = d.replace(year=d.year - 1)
    if word == "next" and (d.year, d.month) <= (pub.year, pub.month):
        d = d.replace(year=d.year + 1)
    tense = "future" if word == "next" else "past" if word == "last" else None
    return _mk(m, offset, d, _month_end(d.year, d.month), precision=3, tense=tense, kind=kind)


def _resolve_year(m: re.Match, g: dict, pub: dt.date | None, future: bool, offset: int) -> TimeExpr | None:
    y = int(g["yr_y"])
    word = m.group(0).split()[0].lower()
    return _mk(m, offset, dt.date(y, 1, 1), dt.date(y, 12, 31), precision=3, relative=False,
               kind="duration" if word in ("since", "until") else "year")


def last_weekday(pub: dt.date, weekday: int) -> dt.date:
    """The last day with this weekday (0 = Monday) on or before ``pub``."""
    return pub - dt.timedelta(days=(pub.weekday() - weekday) % 7)


def _resolve_weekday(m: re.Match, g: dict, pub: dt.date | None, future: bool, offset: int) -> TimeExpr | None:
    """"on Wednesday night", "last Thursday", "next Monday", "Tuesday's": the nearest such day on the
    event's side of the publication date."""
    wd = WEEKDAYS.index(g["wd_d"].lower())
    mod = (g["wd_mod"] or "").lower()
    tod = _tod(g["wd_tod"], g["wd_tod0"])
    tense = "future" if mod in ("next", "coming") else "past" if mod == "last" else None
    if pub is None:
        return _mk(m, offset, time_of_day=tod, tense=tense)
    diff_back = (pub.weekday() - wd) % 7
    diff_fwd = (wd - pub.weekday()) % 7
    if mod == "last":
        d = pub - dt.timedelta(days=diff_back or 7)
    elif mod in ("next", "coming"):
        d = pub + dt.timedelta(days=diff_fwd or 7)
    elif future:
        d = pub + dt.timedelta(days=diff_fwd)
    else:
        d = pub - dt.timedelta(days=diff_back)
    return _mk(m, offset, d, precision=1, time_of_day=tod, tense=tense)


def _resolve_ago(m: re.Match, g: dict, pub: dt.date | None, future: bool, offset: int) -> TimeExpr | None:
    n = _num(g["ago_n"])
    unit = g["ago_u"].lower().rstrip("s")
    if n is None:
        return None
    if pub is None:
        return _mk(m, offset, tense="past")
    if unit == "day":
        return _mk(m, offset, pub - dt.timedelta(days=n), precision=1, tense="past")
    if unit == "week":
        d = _monday(pub - dt.timedelta(days=7 * n))
        return _mk(m, offset, d, d + dt.timedelta(days=6), precision=2, tense="past")
    y, mo = _shift_month(pub, -n)
    return _mk(m, offset, _month_start(y, mo), _month_end(y, mo), precision=3, tense="past")


def _resolve_in(m: re.Match, g: dict, pub: dt.date | None, future: bool, offset: int) -> TimeExpr | None:
    n = _num(g["in_n"])
    if n is None:
        return None
    if pub is None:
        return _mk(m, offset, tense="future")
    days = n if g["in_u"].lower().startswith("day") else 7 * n
    return _mk(m, offset, pub + dt.timedelta(days=days), precision=1 if days == n else 2, tense="future")


def _resolve_fixed(m: re.Match, g: dict, pub: dt.date | None, future: bool, offset: int) -> TimeExpr | None:
    return _fixed(m, re.sub(r"\s+", " ", g["fixed"].lower()), pub, offset)


def _resolve_past(m: re.Match, g: dict, pub: dt.date | None, future: bool, offset: int) -> TimeExpr | None:
    """"over the past two days": the last N days up to the publication day."""
    n = _num(g["past_n"])
    if n is None or n < 1:
        return None
    if pub is None:
        return _mk(m, offset, tense="past")
    days = n if g["past_u"].lower().startswith("day") else 7 * n
    return _mk(m, offset, pub - dt.timedelta(days=days - 1), pub, precision=2 if days <= 7 else 3, tense="past")


def _resolve_offset(m: re.Match, g: dict, pub: dt.date | None, future: bool, offset: int) -> TimeExpr | None:
    """"two days after the attack": no date of its own, an offset from the event it names."""
    n = _num(g["off_n"])
    if n is None:
        return None
    days = n if g["off_u"].lower().startswith("day") else 7 * n
    sign = 1 if g["off_d"].lower() in ("after", "later") else -1
    return _mk(m, offset, kind="offset", offset_days=sign * days)


_RESOLVERS = (("iso", _resolve_iso), ("dm", _resolve_day_month), ("md", _resolve_day_month),
              ("mo", _resolve_month), ("yr", _resolve_year), ("wd", _resolve_weekday), ("past", _resolve_past), ("off", _resolve_offset), ("ago", _resolve_ago),
              ("inn", _resolve_in), ("fixed", _resolve_fixed))


def _resolve(m: re.Match, pub: dt.date | None, future: bool, offset: int) -> TimeExpr | None:
    g = m.groupdict()
    for group, resolver in _RESOLVERS:
        if g[group]:
            return resolver(m, g, pub, future, offset)
    return None


_PAST_STARTS = ("last", "yesterday", "earlier", "the previous", "the past", "overnight")
_FUTURE_STARTS = ("next", "the coming", "later", "tonight")


def _fixed(m: re.Match, s: str, pub: dt.date | None, offset: int) -> TimeExpr | None:
    """"yesterday", "last night", "overnight", "today", "this week", "the past month", "next weekend"."""
    tense = "past" if s.startswith(_PAST_STARTS) else "future" if s.startswith(_FUTURE_STARTS) else None
    tod = next((t for t in ("morning", "afternoon", "evening", "night") if s.endswith(t)), None)
    if s in ("tonight", "overnight"):
        tod = "night"
    if pub is None:
        return _mk(m, offset, time_of_day=tod, tense=tense)
    one = dt.timedelta(days=1)
    if s.startswith("yesterday") or s == "last night":
        return _mk(m, offset, pub - one, precision=1, time_of_day=tod, tense="past")
    if s == "overnight":
        return _mk(m, offset, pub - one, pub, precision=1, time_of_day="night", tense="past")
    if s in ("today", "tonight", "earlier today") or s.startswith("this ") and tod:
        return _mk(m, offset, pub, precision=1, time_of_day=tod, tense=tense)
    unit = s.split()[-1]
    resolver = {"weekend": _weekend, "week": _week, "month": _month, "year": _year}.get(unit)
    return resolver(m, s, pub, offset, tense) if resolver else None


def _weekend(m: re.Match, s: str, pub: dt.date, offset: int, tense: str | None) -> TimeExpr | None:
    sat = last_weekday(pub, 5)  # the latest Saturday on or before pub
    if s.startswith(("next", "the coming")) or (s.startswith("this") and pub.weekday() < 5):
        sat = pub + dt.timedelta(days=(5 - pub.weekday()) % 7 or 7)
    return _mk(m, offset, sat, sat + dt.timedelta(days=1), precision=2, tense=tense)


def _week(m: re.Match, s: str, pub: dt.date, offset: int, tense: str | None) -> TimeExpr | None:
    one = dt.timedelta(days=1)
    if s.startswith(("last", "the previous")):
        start = _monday(pub) - dt.timedelta(days=7)
    elif s.startswith(("next", "the coming")):
        start = _monday(pub) + dt.timedelta(days=7)
    elif s == "the past week":
        return _mk(m, offset, pub - dt.timedelta(days=7), pub, precision=2, tense="past")
    else:  # this week, earlier this week, later this week
        start = _monday(pub)
    if s == "earlier this week":
        return _mk(m, offset, start, max(start, pub - one), precision=2, tense="past")
    if s == "later this week":
        return _mk(m, offset, min(pub + one, start + dt.timedelta(days=6)), start + dt.timedelta(days=6),
                   precision=2, tense="future")
    return _mk(m, offset, start, start + dt.timedelta(days=6), precision=2, tense=tense)


def _step(s: str) -> int:
    return -1 if s.startswith(("last", "the previous")) else 1 if s.startswith(("next", "the coming")) else 0


def _month(m: re.Match, s: str, pub: dt.date, offset: int, tense: str | None) -> TimeExpr | None:
    if s == "the past month":
        return _mk(m, offset, pub - dt.timedelta(days=30), pub, precision=3, tense="past")
    y, mo = _shift_month(pub, _step(s))
    return _mk(m, offset, _month_start(y, mo), _month_end(y, mo), precision=3, tense=tense)


def _year(m: re.Match, s: str, pub: dt.date, offset: int, tense: str | None) -> TimeExpr | None:
    if s == "the past year":
        return None
    y = pub.year + _step(s)
    return _mk(m, offset, dt.date(y, 1, 1), dt.date(y, 12, 31), precision=3, tense=tense, kind="year")
