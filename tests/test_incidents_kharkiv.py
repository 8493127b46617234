"""The issue's figure on the shared Kharkiv article (read from ../shared, never copied; skipped when absent)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "articles" / "kharkiv-glide-bomb-2024-10-03.txt"

pytestmark = pytest.mark.skipif(not ARTICLE.exists(), reason=f"{ARTICLE} is not available")


@pytest.fixture(scope="module")
def analysis():
    import geomap

    return geomap.analyze(ARTICLE.read_text(encoding="utf-8"), date="2024-10-03")


def test_exactly_three_incidents(analysis):
    assert len(analysis.incidents) == 3, [(i.type, i.sub_type, i.text[:60]) for i in analysis.incidents]


def test_no_place_or_casualty_doubts(analysis):
    for inc in analysis.incidents:
        assert not {"several_places", "no_place", "place_unresolved", "contradictory_casualties"} & set(inc.flags)


def test_visit_to_kyiv(analysis):
    visit = analysis.incidents[0]
    assert (visit.type, visit.sub_type, visit.status) == ("Strategic developments", "Visit", "past")
    assert visit.place is not None and visit.place.name == "Kyiv" and visit.geo_precision == 1
    assert visit.date == dt.date(2024, 10, 3)
    assert any("air raid sirens" in s for s in visit.sentences)  # the visit during the alerts, one incident
    assert any("Rutte" in a for a in visit.actors)


def test_planned_meeting_at_ramstein(analysis):
    meeting = analysis.incidents[1]
    assert (meeting.sub_type, meeting.status) == ("Meeting", "planned")
    assert meeting.place is not None and meeting.place.country_code == "DE"
    assert "Ramstein" in (meeting.place.name or "")
    assert meeting.date_text == "next week" and meeting.time_precision == 2
    assert meeting.date == dt.date(2024, 10, 7) and meeting.date_end == dt.date(2024, 10, 13)


def test_glide_bomb_on_kharkiv(analysis):
    strike = analysis.incidents[2]
    assert (strike.type, strike.sub_type) == ("Explosions/Remote violence", "Air/drone strike")
    assert strike.place is not None and strike.place.name == "Kharkiv" and strike.geo_precision == 1
    assert strike.date == dt.date(2024, 10, 2) and strike.time_precision == 1 and strike.time_of_day == "night"
    assert strike.injured == 12 and strike.killed is None  # "at least 12 injured", no deaths reported
    assert not strike.flags
    assert len(strike.sentences) >= 3  # headline, the injury sentence and "The bomb hit ..." merge


def test_without_a_date_the_incidents_stay_relative():
    import geomap

    a = geomap.analyze(ARTICLE.read_text(encoding="utf-8"))
    strike = [i for i in a.incidents if i.sub_type == "Air/drone strike"][0]
    assert strike.date is None and strike.date_text == "on Wednesday night"
    assert "relative_date_unresolved" in strike.flags
    assert any("no publication date" in w for w in a.warnings)
