"""Relative and absolute time expressions resolved against a publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from geomap.timeexpr import find_time_expressions, is_reporting_date

THU = dt.date(2024, 10, 3)  # a Thursday


def one(text: str, pub=THU, future=False):
    found = find_time_expressions(text, pub_date=pub, future=future)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("text,expr,date,date_end,precision,tod", [
    ("It hit on Wednesday night.", "on Wednesday night", "2024-10-02", "2024-10-02", 1, "night"),
    ("They met on Thursday.", "on Thursday", "2024-10-03", "2024-10-03", 1, None),
    ("It happened on Friday.", "on Friday", "2024-09-27", "2024-09-27", 1, None),
    ("Protests began last Thursday.", "last Thursday", "2024-09-26", "2024-09-26", 1, None),
    ("Talks follow next Monday.", "next Monday", "2024-10-07", "2024-10-07", 1, None),
    ("A raid late on Tuesday.", "late on Tuesday", "2024-10-01", "2024-10-01", 1, None),
    ("Tuesday's attack was the worst.", "Tuesday's", "2024-10-01", "2024-10-01", 1, None),
    ("Shells fell yesterday.", "yesterday", "2024-10-02", "2024-10-02", 1, None),
    ("A blast yesterday evening.", "yesterday evening", "2024-10-02", "2024-10-02", 1, "evening"),
    ("Sirens sounded last night.", "last night", "2024-10-02", "2024-10-02", 1, "night"),
    ("Drones came overnight.", "overnight", "2024-10-02", "2024-10-03", 1, "night"),
    ("Police said this morning.", "this morning", "2024-10-03", "2024-10-03", 1, "morning"),
    ("It opens today.", "today", "2024-10-03", "2024-10-03", 1, None),
    ("Fighting raged last week.", "last week", "2024-09-23", "2024-09-29", 2, None),
    ("They meet next week.", "next week", "2024-10-07", "2024-10-13", 2, None),
    ("Rallies earlier this week.", "earlier this week", "2024-09-30", "2024-10-02", 2, None),
    ("Clashes over the weekend.", "over the weekend", "2024-09-28", "2024-09-29", 2, None),
    ("Floods last month.", "last month", "2024-09-01", "2024-09-30", 3, None),
    ("A summit next month.", "next month", "2024-11-01", "2024-11-30", 3, None),
    ("A quake two days ago.", "two days ago", "2024-10-01", "2024-10-01", 1, None),
    ("A fire 3 weeks ago.", "3 weeks ago", "2024-09-09", "2024-09-15", 2, None),
    ("The vote is in three days.", "in three days", "2024-10-06", "2024-10-06", 1, None),
    ("Hit on 2 October.", "on 2 October", "2024-10-02", "2024-10-02", 1, None),
    ("Hit on the 2nd of Oct.", "on the 2nd of Oct", "2024-10-02", "2024-10-02", 1, None),
    ("Hit on October 1st.", "on October 1st", "2024-10-01", "2024-10-01", 1, None),
    ("On Sept. 30 it rained.", "On Sept. 30", "2024-09-30", "2024-09-30", 1, None),
    ("On the night of 1 October.", "On the night of 1 October", "2024-10-01", "2024-10-01", 1, "night"),
    ("Founded on 12 June 2019.", "on 12 June 2019", "2019-06-12", "2019-06-12", 1, None),
    ("Signed on March 3, 2022.", "on March 3, 2022", "2022-03-03", "2022-03-03", 1, None),
    ("Dated 2023-11-05.", "2023-11-05", "2023-11-05", "2023-11-05", 1, None),
    ("Floods in August.", "in August", "2024-08-01", "2024-08-31", 3, None),
    ("Elections in March 2025.", "in March 2025", "2025-03-01", "2025-03-31", 3, None),
    ("A quake in 2003 left many dead.", "in 2003", "2003-01-01", "2003-12-31", 3, None),
    ("Floods last year.", "last year", "2023-01-01", "2023-12-31", 3, None),
])
def test_resolves(text, expr, date, date_end, precision, tod):
    t = one(text)
    assert t.text == expr
    assert text[t.start:t.end] == expr
    assert (t.date.isoformat(), t.date_end.isoformat(), t.precision, t.time_of_day) == (date, date_end, precision, tod)


def test_future_context_resolves_forward():
    assert one("They meet on Friday.", future=True).date == dt.date(2024, 10, 4)
    assert one("They meet on Friday.").date == dt.date(2024, 9, 27)
    # a month-day later in the year than the publication date, in a past context, is last year's
    assert one("It burned on 20 December.", pub=dt.date(2025, 1, 3)).date == dt.date(2024, 12, 20)
    assert one("It opens on 10 January.", pub=dt.date(2024, 12, 20), future=True).date == dt.date(2025, 1, 10)


def test_without_publication_date_relative_stays_unresolved():
    for text in ("on Wednesday night", "yesterday", "next week", "on 2 October", "two days ago"):
        t = one(text, pub=None)
        assert t.date is None and t.relative and not t.resolved, text
    t = one("on 2 October 2024", pub=None)
    assert t.date == dt.date(2024, 10, 2) and not t.relative
    assert one("on Wednesday night", pub=None).time_of_day == "night"


def test_tense_and_kinds():
    assert one("next week").tense == "future"
    assert one("last week").tense == "past"
    assert one("since February 2022").kind == "duration"
    assert one("since 2014").kind == "duration"
    assert one("in 2003").kind == "year" and not one("in 2003", pub=None).relative
    assert one("yesterday").kind == "relative"


def test_impossible_dates_and_non_dates():
    assert find_time_expressions("on 31 February", pub_date=THU) == []
    assert find_time_expressions("It is 30 km away and may 5 people come", pub_date=THU) == []
    assert find_time_expressions("The March 3 km west", pub_date=THU) == []
    assert find_time_expressions("No dates here at all.", pub_date=THU) == []


def test_offsets_and_several_expressions():
    text = "The bomb hit on Wednesday night, officials said on Thursday."
    found = find_time_expressions(text, pub_date=THU, offset=100)
    assert [f.text for f in found] == ["on Wednesday night", "on Thursday"]
    assert found[0].start == 100 + text.index("on Wednesday")


def test_reporting_date():
    text = "The bomb hit on Wednesday night, officials said on Thursday."
    assert is_reporting_date(text, text.index("on Thursday"))
    assert not is_reporting_date(text, text.index("on Wednesday"))


@pytest.mark.parametrize("text,expr,date,date_end,precision", [
    ("Floods killed 40 over the past two days.", "over the past two days", "2024-10-02", "2024-10-03", 2),
    ("Fighting raged in the last three weeks.", "in the last three weeks", "2024-09-13", "2024-10-03", 3),
    ("Rain fell during the past 5 days.", "during the past 5 days", "2024-09-29", "2024-10-03", 2),
])
def test_the_past_n_days(text, expr, date, date_end, precision):
    t = one(text)
    assert (t.text, t.date.isoformat(), t.date_end.isoformat(), t.precision) == (expr, date, date_end, precision)
    assert t.tense == "past"


@pytest.mark.parametrize("text,expr,days", [
    ("Two days after the attack, crowds gathered.", "Two days after", 2),
    ("A week before the vote, police raided offices.", "A week before", -7),
    ("Three days later the bodies were found.", "Three days later", 3),
])
def test_offsets_from_another_event(text, expr, days):
    t = one(text)
    assert (t.text, t.offset_days, t.kind, t.date) == (expr, days, "offset", None)
