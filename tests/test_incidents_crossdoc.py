"""One incident per real-world event across reports (geomap.incidents.crossdoc).

Each case is two (or three) short reports written for these tests, extracted one document at a time and then
merged: reports of the same event must become one incident with a source per report; different events (another
day in the same town, another town on the same day, another kind of event) must stay apart.
"""

from __future__ import annotations

import datetime as dt

import pytest
from _incident_helpers import make_analysis

from geomap.incidents import extract_incidents
from geomap.incidents.crossdoc import FLAG_FIGURES_DIFFER, MergeOptions, merge_incidents, merge_reports
from geomap.model import Incident, Place

# (case id, [(publication date, report text), ...], number of events expected after merging)
CASES = [
    ("drone-strike-two-outlets",
     [("2024-05-15", "A drone strike hit an apartment block in Kharkiv on Tuesday, killing three people."),
      ("2024-05-15", "Three residents died when a Russian drone slammed into a block of flats in Kharkiv on "
                     "Tuesday, the governor said.")], 1),
    ("figures-differ",
     [("2024-03-02", "Shelling of a market in Kherson on Friday killed four civilians."),
      ("2024-03-03", "The toll from Friday's artillery fire on a Kherson market rose to six, officials said.")], 1),
    ("town-inside-country",
     [("2023-09-12", "Floods swept through Derna on Sunday, drowning dozens of people."),
      ("2023-09-12", "Catastrophic floods hit Libya on Sunday after a storm burst two dams.")], 1),
    ("neighbouring-towns",
     [("2024-02-10", "A missile strike hit a warehouse in Irpin on Friday morning."),
      ("2024-02-10", "A missile struck an industrial site near Kyiv on Friday, regional officials said.")], 1),
    ("weekday-and-explicit-date",
     [("2024-08-18", "An Israeli strike on Nabatieh on Friday killed two men."),
      ("2024-08-19", "Two men were killed in an air strike on Nabatieh on 16 August.")], 1),
    ("overnight-and-publication-day",
     [("2024-05-10", "A drone attack on the port of Odesa overnight damaged grain silos."),
      ("2024-05-10", "Drones struck the port of Odesa, damaging grain silos, the navy said.")], 1),
    ("quake-city-and-country",
     [("2023-10-07", "A strong earthquake shook Herat on Saturday, killing at least 14 people."),
      ("2023-10-08", "The earthquake that struck Afghanistan on Saturday killed more than 100 people.")], 1),
    ("protest-two-outlets",
     [("2024-06-26", "Thousands of protesters marched through Nairobi on Tuesday against the finance bill."),
      ("2024-06-26", "Demonstrators rallied in Nairobi on Tuesday to oppose new taxes.")], 1),
    ("province-contains-city",
     [("2025-05-11", "A drone strike hit the main prison in El Obeid on Saturday, killing 20 inmates."),
      ("2025-05-11", "Twenty prisoners died in a drone strike in North Kordofan on Saturday.")], 1),
    ("ongoing-incursion-two-days",
     [("2024-08-07", "Heavy fighting raged around Sudzha on Tuesday."),
      ("2024-08-09", "Fierce fighting continues near Sudzha as the incursion enters its fourth day.")], 1),
    ("three-reports",
     [("2024-04-18", "A suicide bomber blew himself up at a checkpoint in Mogadishu on Wednesday, killing five."),
      ("2024-04-18", "Five soldiers were killed in a suicide bombing in Mogadishu on Wednesday."),
      ("2024-04-19", "The death toll from Wednesday's suicide attack in Mogadishu rose to seven.")], 1),
    ("state-visit-two-outlets",
     [("2024-09-05", "The Japanese prime minister visited Kyiv on Wednesday."),
      ("2024-09-05", "Japan's prime minister arrived in Kyiv on Wednesday on a surprise visit.")], 1),
    # different events: these must not merge
    ("same-town-different-days",
     [("2024-05-15", "A drone strike hit an apartment block in Kharkiv on Tuesday, killing three people."),
      ("2024-05-18", "A missile strike hit a printing house in Kharkiv on Friday, killing seven.")], 2),
    ("same-day-distant-towns",
     [("2024-05-15", "A drone strike hit an apartment block in Kharkiv on Tuesday."),
      ("2024-05-15", "A drone strike hit a port warehouse in Odesa on Tuesday.")], 2),
    ("same-town-same-day-other-kind",
     [("2024-06-26", "Flash floods swept through Nairobi on Tuesday, drowning four people."),
      ("2024-06-26", "Protesters marched through Nairobi on Tuesday against the finance bill.")], 2),
    ("quake-is-not-a-flood",
     [("2023-10-07", "An earthquake struck Herat on Saturday."),
      ("2023-10-07", "Floods hit Herat on Saturday after torrential rain.")], 2),
    ("towns-thirty-km-apart",
     [("2024-08-17", "An Israeli strike on Nabatieh on Friday killed two men."),
      ("2024-08-17", "An Israeli strike on Tyre on Friday killed a woman.")], 2),
    ("same-type-two-countries",
     [("2024-07-02", "Police fired tear gas at protesters in Nairobi on Monday."),
      ("2024-07-02", "Police fired tear gas at protesters in Dhaka on Monday.")], 2),
    ("a-week-apart-same-coast",
     [("2024-03-04", "Floods hit Mombasa on Saturday, cutting the main road."),
      ("2024-03-12", "Floods hit Mombasa again on Sunday, sweeping away cars.")], 2),
    ("kharkiv-and-dnipro-same-night",
     [("2024-04-06", "Russian drones struck Kharkiv overnight, killing six."),
      ("2024-04-06", "Russian drones struck Dnipro overnight, injuring eight.")], 2),
    ("planned-visit-and-past-visit",
     [("2024-09-02", "The German chancellor visited Kyiv on Monday."),
      ("2024-09-20", "The German chancellor visited Kyiv on Thursday for talks on air defence.")], 2),
]


def _reports(case_reports):
    out = []
    for k, (date, text) in enumerate(case_reports):
        a = make_analysis(text, date, doc_id=f"r{k}")
        found = extract_incidents(a)
        assert len(found) == 1, (text, [(i.type, i.text) for i in found])
        assert found[0].place is not None and found[0].date is not None, (text, found[0].to_dict())
        a.incidents = found
        out.append(a)
    return out


@pytest.mark.parametrize("case_id,reports,events", CASES, ids=[c[0] for c in CASES])
def test_reports_merge_into_events(case_id, reports, events):
    analyses = _reports(reports)
    merged = merge_reports(analyses)
    assert len(merged) == events, [(m.type, m.date, m.place.name if m.place else None) for m in merged]
    if events == 1:
        sources = merged[0].sources
        assert [s.document for s in sources] == [a.document.id for a in analyses] or \
            sorted(s.document for s in sources) == sorted(a.document.id for a in analyses)
        assert all(s.text for s in sources)
    else:
        assert all(not m.sources for m in merged)


def test_highest_toll_wins_and_disagreement_is_flagged():
    merged = merge_reports(_reports(CASES[1][1]))[0]
    assert merged.killed == 6
    assert FLAG_FIGURES_DIFFER in merged.flags
    assert sorted(s.killed for s in merged.sources) == [4, 6]


def test_equal_figures_are_not_flagged():
    merged = merge_reports(_reports(CASES[8][1]))[0]
    assert merged.killed == 20
    assert FLAG_FIGURES_DIFFER not in merged.flags


def test_the_most_specific_place_represents_the_event():
    merged = merge_reports(_reports(CASES[2][1]))[0]  # Derna and Libya
    assert merged.place.name == "Derna"
    assert {s.place for s in merged.sources} == {"Derna", "Libya"}


def test_merged_incident_round_trips_with_its_sources():
    merged = merge_reports(_reports(CASES[0][1]))[0]
    d = merged.to_dict()
    assert len(d["sources"]) == 2
    assert Incident.from_dict(d).to_dict() == d


def test_incidents_of_one_document_never_merge_with_each_other():
    a = make_analysis("A drone strike hit Kharkiv on Tuesday. A second drone strike hit Kharkiv on Tuesday evening "
                      "after rescuers arrived.", "2024-05-15", doc_id="one")
    one = Incident(id="one-i1", type="Explosions/Remote violence", sub_type="Air/drone strike", text="t", start=0,
                   end=1, place=a.places[0], date=dt.date(2024, 5, 14))
    two = Incident(id="one-i2", type="Explosions/Remote violence", sub_type="Air/drone strike", text="t", start=2,
                   end=3, place=a.places[0], date=dt.date(2024, 5, 14))
    assert len(merge_incidents([("one", one), ("one", two)])) == 2


def test_incidents_without_date_or_place_are_kept():
    place = Place("Goma", 0, 4, name="Goma", lat=-1.68, lon=29.22, country_code="CD", feature="city")
    undated = Incident(id="a-i1", type="Battles", sub_type="Armed clash", text="t", start=0, end=1, place=place)
    unplaced = Incident(id="b-i1", type="Battles", sub_type="Armed clash", text="t", start=0, end=1,
                        date=dt.date(2024, 1, 2))
    dated = Incident(id="c-i1", type="Battles", sub_type="Armed clash", text="t", start=0, end=1, place=place,
                     date=dt.date(2024, 1, 2))
    merged = merge_incidents([("a", undated), ("b", unplaced), ("c", dated)])
    assert [m.id for m in merged] == ["a-i1", "b-i1", "c-i1"]


def test_order_follows_first_report_and_options_apply():
    analyses = _reports(CASES[3][1])  # Irpin and near Kyiv, about 20 km apart
    assert len(merge_reports(analyses)) == 1
    assert len(merge_reports(analyses, MergeOptions(max_km=5))) == 2


def test_background_only_when_every_report_is_background():
    place = Place("Goma", 0, 4, name="Goma", lat=-1.68, lon=29.22, country_code="CD", feature="city")
    day = dt.date(2019, 6, 1)
    old = Incident(id="a-i2", type="Battles", sub_type="Armed clash", text="t", start=0, end=1, place=place,
                   date=day, background=True)
    new = Incident(id="b-i1", type="Battles", sub_type="Armed clash", text="t", start=0, end=1, place=place, date=day)
    assert merge_incidents([("a", old), ("b", new)])[0].background is False
    assert merge_incidents([("a", old), ("b", dataclass_copy(new, background=True))])[0].background is True


def dataclass_copy(inc: Incident, **changes) -> Incident:
    import dataclasses

    return dataclasses.replace(inc, **changes)


@pytest.mark.parametrize("day", [None, dt.date.min, dt.date.max, dt.date(1, 1, 2), dt.date(9999, 12, 30)])
def test_loose_dates_at_the_calendar_edges_merge_without_error(day):
    """A night-time or publication-day date gets a day of slack; at the ends of the calendar (or with no
    date at all) that slack must not overflow (it made batch's combined outputs fail)."""
    place = Place("Goma", 0, 4, name="Goma", lat=-1.68, lon=29.22, country_code="CD", feature="city")
    night = Incident(id="a-i1", type="Battles", sub_type="Armed clash", text="t", start=0, end=1, place=place,
                     date=day, time_of_day="night")
    ongoing = dataclass_copy(night, id="b-i1", time_of_day=None, status="ongoing",
                             flags=["date_from_publication"])
    merged = merge_incidents([("a", night), ("b", ongoing)])
    assert len(merged) == (2 if day is None else 1)
