"""Incident extraction on paragraphs written for these tests (places built by hand, no gazetteer).

Each case names what a careful reader would code: type and sub-type, date (resolved against the
publication date), time precision and time of day, place and geo precision, casualties, status.
Fields a case leaves out are not checked.
"""

from __future__ import annotations

import pytest
from _incident_helpers import make_analysis

from geomap.incidents import (
    ACCIDENT,
    BATTLES,
    DISASTER,
    EXPLOSIONS,
    PROTESTS,
    RIOTS,
    STRATEGIC,
    VAC,
    extract_incidents,
    split_sentences,
)

# (id, publication date, text, expected fields of the single incident)
CASES = [
    ("air-strike-outskirts", "2024-03-13",
     "Warplanes struck a fuel depot on the outskirts of Maiduguri on Monday, killing at least seven people, "
     "the state emergency agency said on Tuesday.",
     dict(type=EXPLOSIONS, sub_type="Air/drone strike", date="2024-03-11", time_precision=1, place="Maiduguri",
          geo_precision=2, killed=7, injured=None, status="past")),
    ("drone-overnight-nobody-hurt", "2024-05-10",
     "A drone attack on an oil refinery near Odesa set off a large fire overnight, regional officials said. "
     "Nobody was hurt.",
     dict(type=EXPLOSIONS, sub_type="Air/drone strike", date="2024-05-09", time_of_day="night", place="Odesa",
          geo_precision=2, injured=0, killed=None)),
    ("artillery-yesterday-morning-sum", "2024-06-15",
     "Artillery fire hit a market in Kharkiv yesterday morning. Two women and a child were killed, and 19 others "
     "were wounded.",
     dict(type=EXPLOSIONS, sub_type="Shelling/artillery/missile attack", date="2024-06-14", time_of_day="morning",
          place="Kharkiv", geo_precision=1, killed=3, injured=19)),
    ("missile-day-month-dozen", "2024-08-05",
     "Three ballistic missiles struck the port of Odesa on 2 August, wounding a dozen dock workers.",
     dict(type=EXPLOSIONS, sub_type="Shelling/artillery/missile attack", date="2024-08-02", time_precision=1,
          place="Odesa", injured=12)),
    ("ied-last-week-left-dead", "2023-11-16",
     "A roadside bomb exploded under a police convoy outside Kabul last week, leaving four officers dead.",
     dict(type=EXPLOSIONS, sub_type="Remote explosive/landmine/IED", date="2023-11-06", date_end="2023-11-12",
          time_precision=2, place="Kabul", geo_precision=2, killed=4)),
    ("suicide-bomb-toll-rose", "2024-02-18",
     "A suicide bomber blew himself up at a checkpoint in Mogadishu on Friday. Two hours later the death toll "
     "rose to 11, hospital staff said.",
     dict(type=EXPLOSIONS, sub_type="Suicide bomb", date="2024-02-16", place="Mogadishu", killed=11)),
    ("grenade-saturday-night", "2024-04-22",
     "Attackers threw a grenade into a crowded bar in Goma on Saturday night, injuring 23 people.",
     dict(type=EXPLOSIONS, sub_type="Grenade", date="2024-04-20", time_of_day="night", place="Goma", injured=23)),
    ("car-bomb-last-night", "2024-01-09",
     "A car bomb exploded in central Beirut last night, wounding three people.",
     dict(type=EXPLOSIONS, sub_type="Remote explosive/landmine/IED", date="2024-01-08", time_of_day="night",
          place="Beirut", injured=3)),
    ("clash-near-town", "2024-07-06",
     "Government troops clashed with rebel fighters near the town of Beni on Thursday, and the army said "
     "15 militants died in the fighting.",
     dict(type=BATTLES, sub_type="Armed clash", date="2024-07-04", place="Beni", geo_precision=2, killed=15)),
    ("territory-two-days-ago", "2024-02-10",
     "Rebel forces captured the town of Kalehe two days ago after government soldiers withdrew.",
     dict(type=BATTLES, sub_type="Non-state actor overtakes territory", date="2024-02-08", place="Kalehe")),
    ("territory-regained", "2024-03-05",
     "The army said it had recaptured Sake on Sunday after a week of heavy fighting.",
     dict(type=BATTLES, sub_type="Government regains territory", date="2024-03-03", place="Sake")),
    ("civilians-late-friday", "2023-09-10",
     "Gunmen opened fire on worshippers leaving a mosque in Kano late on Friday, killing nine people.",
     dict(type=VAC, sub_type="Attack", date="2023-09-08", place="Kano", killed=9)),
    ("abduction-admin1", "2024-03-16",
     "Armed men abducted 25 pupils from a boarding school in Zamfara State on 14 March.",
     dict(type=VAC, sub_type="Abduction/forced disappearance", date="2024-03-14", place="Zamfara State",
          geo_precision=3)),
    ("protest-saturday-evening", "2024-04-29",
     "Thousands of people marched through central Tbilisi on Saturday evening against a draft media law.",
     dict(type=PROTESTS, sub_type="Peaceful protest", date="2024-04-27", time_of_day="evening", place="Tbilisi")),
    ("protest-intervention", "2024-06-26",
     "Police fired tear gas and water cannon at demonstrators outside parliament in Nairobi on Tuesday afternoon.",
     dict(type=PROTESTS, sub_type="Protest with intervention", date="2024-06-25", time_of_day="afternoon",
          place="Nairobi")),
    ("excessive-force", "2024-07-20",
     "Security forces shot dead three protesters in Dhaka yesterday, witnesses told reporters.",
     dict(type=PROTESTS, sub_type="Excessive force against protesters", date="2024-07-19", place="Dhaka",
          killed=3)),
    ("riot-wednesday-night", "2023-06-30",
     "Rioters set fire to vehicles and smashed shop windows in Marseille on Wednesday night, and 30 people "
     "were detained.",
     dict(type=RIOTS, sub_type="Violent demonstration", date="2023-06-28", time_of_day="night", place="Marseille")),
    ("mob-near-city", "2024-05-13",
     "A mob beat a man accused of theft in a village near Lagos on Sunday.",
     dict(type=RIOTS, sub_type="Mob violence", date="2024-05-12", place="Lagos", geo_precision=2)),
    ("arrest-thursday-morning", "2024-05-31",
     "Police arrested the opposition leader at his home in Istanbul on Thursday morning.",
     dict(type=STRATEGIC, sub_type="Arrests", date="2024-05-30", time_of_day="morning", place="Istanbul")),
    ("agreement-absolute-date-no-pubdate", None,
     "The two governments signed a prisoner exchange agreement in Geneva on 12 June 2023.",
     dict(type=STRATEGIC, sub_type="Agreement", date="2023-06-12", time_precision=1, place="Geneva")),
    ("shot-down-overnight", "2024-09-01",
     "Air defences shot down 20 of the 25 drones launched at Kyiv overnight, the air force said.",
     dict(type=STRATEGIC, sub_type="Disrupted weapons use", date="2024-08-31", place="Kyiv")),
    ("visit-country", "2024-10-09",
     "The German chancellor visited troops in Lithuania on Monday.",
     dict(type=STRATEGIC, sub_type="Visit", date="2024-10-07", place="Lithuania", geo_precision=3, status="past")),
    ("planned-meeting-next-tuesday", "2024-10-03",
     "Foreign ministers will meet in Brussels next Tuesday to discuss sanctions.",
     dict(type=STRATEGIC, sub_type="Meeting", date="2024-10-08", place="Brussels", status="planned")),
    ("planned-visit-month", "2024-06-20",
     "The pope is due to visit Jakarta in September.",
     dict(type=STRATEGIC, sub_type="Visit", date="2024-09-01", date_end="2024-09-30", time_precision=3,
          place="Jakarta", status="planned")),
    ("planned-summit-next-month", "2024-06-05",
     "Alliance leaders are expected to hold a summit in Washington next month.",
     dict(type=STRATEGIC, sub_type="Meeting", date="2024-07-01", time_precision=3, place="Washington",
          status="planned")),
    ("earthquake-early-monday", "2023-03-07",
     "A strong earthquake struck eastern Turkey early on Monday, killing at least 40 people and injuring more "
     "than 200.",
     dict(type=DISASTER, sub_type="Earthquake", date="2023-03-06", place="Turkey", geo_precision=3, killed=40,
          injured=200)),
    ("flood-undated-drowned", "2022-08-26",
     "Flash floods swept through villages in Sindh province after days of heavy rain, and officials said "
     "23 people had drowned.",
     dict(type=DISASTER, sub_type="Flood", date="2022-08-26", time_precision=2, place="Sindh province",
          geo_precision=3, killed=23, flags=["date_from_publication"])),
    ("storm-region-leaving", "2024-07-25",
     "Typhoon Gaemi made landfall on the northern coast of Luzon on Wednesday, leaving two dead.",
     dict(type=DISASTER, sub_type="Storm", date="2024-07-24", place="Luzon", geo_precision=3, killed=2)),
    ("wildfire-friday-night", "2024-02-05",
     "A wildfire forced thousands of residents to flee their homes near Valparaiso on Friday night.",
     dict(type=DISASTER, sub_type="Wildfire", date="2024-02-02", time_of_day="night", place="Valparaiso",
          geo_precision=2, killed=None)),
    ("volcano-found-dead", "2023-12-05",
     "The Marapi volcano erupted on Sunday, and 11 climbers were found dead on its slopes.",
     dict(type=DISASTER, sub_type="Volcanic eruption", date="2023-12-03", killed=11, flags=["no_place"])),
    ("bus-this-morning-south-of", "2024-03-12",
     "A bus collided with a lorry on the highway south of Nairobi this morning, injuring 18 passengers.",
     dict(type=ACCIDENT, sub_type="Transport accident", date="2024-03-12", time_of_day="morning", place="Nairobi",
          geo_precision=2, injured=18)),
    ("fire-night-of", "2024-03-01",
     "A fire broke out at a garment factory in Dhaka on the night of 28 February, and firefighters needed four "
     "hours to bring it under control.",
     dict(type=ACCIDENT, sub_type="Fire", date="2024-02-28", time_of_day="night", place="Dhaka")),
    ("mine-number-words", "2024-10-05",
     "Twenty-one miners were killed when a gas explosion tore through a coal mine in Zonguldak province on "
     "3 October.",
     dict(type=ACCIDENT, sub_type="Industrial accident or collapse", date="2024-10-03", place="Zonguldak province",
          killed=21)),
    ("dozens-approximate", "2024-08-01",
     "Dozens of people were injured when police broke up a rally in Caracas on Tuesday.",
     dict(type=PROTESTS, sub_type="Protest with intervention", date="2024-07-30", place="Caracas", injured=None,
          flags=["approximate_casualties"])),  # issue 12: a vague quantity gives no figure, the phrase is kept
    ("protest-with-arrests", "2024-03-04",
     "Police detained 30 people at an opposition rally in Minsk on Saturday.",
     dict(type=PROTESTS, sub_type="Protest with intervention", date="2024-03-02", place="Minsk")),
    ("earlier-this-week", "2024-02-01",
     "Farmers staged protests in Paris earlier this week over fuel prices.",
     dict(type=PROTESTS, sub_type="Peaceful protest", date="2024-01-29", date_end="2024-01-31", time_precision=2,
          place="Paris")),
    ("iso-date", "2024-01-20",
     "On 2024-01-15 a tornado touched down near Omaha, damaging dozens of homes.",
     dict(type=DISASTER, sub_type="Storm", date="2024-01-15", place="Omaha", geo_precision=2)),
    ("us-style-date-with-year", "2024-10-12",
     "The hurricane made landfall near Tampa on October 9, 2024, and two people died.",
     dict(type=DISASTER, sub_type="Storm", date="2024-10-09", place="Tampa", killed=2)),
    ("girl-among-them", "2024-05-19",
     "A glide bomb hit a shopping centre in Kharkiv on Saturday afternoon; 14 people were injured, a "
     "three-year-old girl among them.",
     dict(type=EXPLOSIONS, sub_type="Air/drone strike", date="2024-05-18", time_of_day="afternoon", injured=14,
          killed=None)),
    ("no-casualties", "2024-07-28",
     "A drone crashed into a high-rise in Moscow early on Sunday. No casualties were reported.",
     dict(type=EXPLOSIONS, sub_type="Air/drone strike", date="2024-07-28", place="Moscow", killed=0, injured=0)),
    ("contradictory-figures", "2024-06-12",
     "A missile hit an apartment block in Dnipro on Tuesday, killing five people, according to the regional "
     "governor. The city council said eight people had been killed.",
     dict(type=EXPLOSIONS, date="2024-06-11", place="Dnipro", killed=5, flags=["contradictory_casualties"])),
    ("no-pubdate-relative", None,
     "Shelling damaged a hospital in Kherson on Thursday.",
     dict(type=EXPLOSIONS, date=None, date_text="on Thursday", place="Kherson",
          flags=["relative_date_unresolved"])),
    ("unresolved-place", "2024-02-02",
     "An earthquake shook Atlantis on Wednesday.",
     dict(type=DISASTER, date="2024-01-31", geo_precision=None, flags=["place_unresolved"])),
    ("year-only-past-event", "2024-01-01",
     "An earthquake destroyed much of Suva in 1953, leaving eight people dead.",
     dict(type=DISASTER, sub_type="Earthquake", date="1953-01-01", date_end="1953-12-31", time_precision=3,
          place="Suva", killed=8)),
    ("flood-since-sunday-ongoing", "2025-05-07",
     "Heavy rain has caused flooding in Sindh province since Sunday, destroying more than 200 homes.",
     dict(type=DISASTER, sub_type="Flood", date="2025-05-04", date_end="2025-05-07", date_text="since Sunday",
          time_precision=2, status="ongoing", place="Sindh province")),
    ("tsunami-in-days", "2024-01-01",
     "A tsunami warning was lifted for Suva, Fiji, after a tsunami of 30 centimetres reached the coast today.",
     dict(type=DISASTER, sub_type="Tsunami", date="2024-01-01", place="Suva", geo_precision=1)),
]


@pytest.mark.parametrize("case_id,date,text,want", CASES, ids=[c[0] for c in CASES])
def test_paragraph(case_id, date, text, want):
    a = make_analysis(text, date)
    incidents = extract_incidents(a)
    assert len(incidents) == 1, [(i.type, i.sub_type, i.text) for i in incidents]
    d = incidents[0].to_dict()
    for key, value in want.items():
        if key == "place":
            assert d["place"] is not None and d["place"]["name"] == value, d["place"]
        elif key in ("killed", "injured"):
            assert d["casualties"][key] == value, d["casualties"]
        elif key == "flags":
            for f in value:
                assert f in d["flags"], d["flags"]
        else:
            assert d[key] == value, (key, d[key])
    if "flags" not in want:
        assert not {"no_place", "place_unresolved", "no_date", "relative_date_unresolved"} & set(d["flags"])


# casualty phrasings: (text, killed, injured); publication date 2024-06-12 (a Wednesday)
CASUALTY_PHRASES = [
    ("A missile strike on Odesa claimed the lives of five people on Monday.", 5, None),
    ("Eleven people lost their lives when a bus crashed near Nairobi on Friday.", 11, None),
    ("The shelling of Kherson on Sunday left 3 dead and 8 injured.", 3, 8),
    ("An explosion in Beirut on Tuesday injured more than 1,200 people.", None, 1200),
    ("At least 40 people died after floods hit Sindh province on Monday.", 40, None),
    ("No one was killed when a rocket struck Kharkiv on Thursday.", 0, None),
    ("Thirty-two soldiers were wounded in clashes near Beni on Sunday.", None, 32),
    ("Two people were killed and about a dozen were hurt in a drone attack on Kyiv overnight.", 2, 12),
    ("A three-year-old boy was injured when shells hit Kharkiv on Tuesday.", None, 1),
]


@pytest.mark.parametrize("text,killed,injured", CASUALTY_PHRASES, ids=[c[0][:30] for c in CASUALTY_PHRASES])
def test_casualty_phrasings(text, killed, injured):
    inc = extract_incidents(make_analysis(text, "2024-06-12"))
    assert len(inc) == 1
    assert (inc[0].killed, inc[0].injured) == (killed, injured), inc[0].casualties_text


def test_enough_paragraphs_and_every_type_covered():
    assert len(CASES) + len(CASUALTY_PHRASES) >= 30 and len(CASES) >= 30
    types = {c[3].get("type") for c in CASES}
    assert types >= {BATTLES, EXPLOSIONS, VAC, PROTESTS, RIOTS, STRATEGIC, DISASTER, ACCIDENT}


# ----------------------------------------------------------------------------- merging and splitting


def test_sentences_about_one_event_merge():
    text = ("Russian missiles struck an energy plant in Dnipro on Friday. The attack caused a blackout. "
            "Five people were hurt, the governor said. Rescuers searched the debris for hours.")
    inc = extract_incidents(make_analysis(text, "2024-03-23"))
    assert len(inc) == 1
    assert inc[0].injured == 5
    assert len(inc[0].sentences) == 4
    assert inc[0].date.isoformat() == "2024-03-22"
    assert inc[0].actors == ["Russian forces"]


def test_different_events_stay_apart():
    text = ("Police arrested 12 people in Minsk on Saturday. Separately, an earthquake shook Tokyo on Sunday "
            "without causing damage.")
    inc = extract_incidents(make_analysis(text, "2024-04-15"))
    assert [(i.type, i.place.name) for i in inc] == [(STRATEGIC, "Minsk"), (DISASTER, "Tokyo")]
    assert [i.date.isoformat() for i in inc] == ["2024-04-13", "2024-04-14"]


def test_same_type_in_two_cities_is_two_incidents():
    text = "A drone strike hit Odesa on Monday. Another drone strike hit Kharkiv on Monday."
    inc = extract_incidents(make_analysis(text, "2024-04-17"))
    assert [i.place.name for i in inc] == ["Odesa", "Kharkiv"]


def test_one_sentence_two_towns_is_flagged():
    text = "Missiles struck Odesa and Kharkiv on Monday night, killing three people."
    inc = extract_incidents(make_analysis(text, "2024-04-17"))
    assert len(inc) == 1 and inc[0].place.name == "Odesa"
    assert "several_places" in inc[0].flags
    text = "Missiles struck Kharkiv in Ukraine on Monday night."
    assert "several_places" not in extract_incidents(make_analysis(text, "2024-04-17"))[0].flags


def test_planned_and_past_meetings_do_not_merge():
    text = ("The president met the prime minister in Kyiv on Tuesday. They will meet again at Ramstein Air Base "
            "in Germany next week.")
    inc = extract_incidents(make_analysis(text, "2024-10-03"))
    assert [(i.status, i.place.name) for i in inc] == [("past", "Kyiv"), ("planned", "Ramstein Air Base")]
    assert inc[1].time_precision == 2 and inc[1].date.isoformat() == "2024-10-07"


def test_habitual_and_hypothetical_sentences_are_not_incidents():
    text = ("Kharkiv has been a frequent target of missile strikes throughout the war. "
            "Officials warned that the enemy could launch air strikes on Kyiv. "
            "Air raid sirens sounded in Odesa.")
    assert extract_incidents(make_analysis(text, "2024-10-03")) == []


@pytest.mark.parametrize("text", [
    "The zoning board will hold a special meeting on Monday to review the budget.",
    "She broke the old vase by accident while cleaning.",
    "Senators blast Smith over the budget plan.",
    "The trial of a man charged with a 2019 stabbing began in the county court.",
    "Families were unable to visit the cemetery during the repairs.",
    "Prices fell to their lowest level in a decade.",
    "The new policy met the criteria set by regulators.",
    "Visit our website for the full programme.",
    "The Sunshine Hurricane Harbor water park opens in June.",
    "Their new product clashes with the company's old branding.",
    "He served for two years in the riot police squad of the capital.",
    "The new dam will flood the valley, its critics say.",
    "Crews cleared the downed branches from the road.",
])
def test_non_event_uses_are_not_incidents(text):
    assert extract_incidents(make_analysis(text, "2024-05-01")) == []


def test_most_specific_place_wins_over_first_place():
    text = "In Ukraine, a missile attack on Kharkiv killed two people on Sunday."
    inc = extract_incidents(make_analysis(text, "2024-09-02"))
    assert inc[0].place.name == "Kharkiv" and inc[0].geo_precision == 1


def test_distance_reference_is_not_the_event_place():
    text = "Shelling hit a village 20 km from Kharkiv on Monday."
    inc = extract_incidents(make_analysis(text, "2024-09-03"))
    assert inc[0].place is None and "no_place" in inc[0].flags


def test_no_publication_date_warns_on_the_analysis():
    a = make_analysis("Shelling damaged a school in Kherson yesterday.")
    inc = extract_incidents(a)
    assert inc[0].date is None and inc[0].date_text == "yesterday"
    assert any("no publication date" in w for w in a.warnings)


def test_reporting_date_is_not_the_event_date():
    text = "The bomb that hit Kharkiv on Wednesday night injured four people, officials said on Thursday."
    inc = extract_incidents(make_analysis(text, "2024-10-03"))
    assert inc[0].date.isoformat() == "2024-10-02" and inc[0].time_of_day == "night"


def test_actors_named_near_the_trigger():
    text = "Prime Minister Jane Doe met with President John Roe in Geneva on Monday."
    inc = extract_incidents(make_analysis(text, "2024-05-08"))
    assert inc[0].actors == ["Prime Minister Jane Doe", "President John Roe"]


def test_forces_as_actors_but_not_the_speaker():
    text = "On Monday paramilitary forces shelled the outskirts of Kharkiv, the army said."
    inc = extract_incidents(make_analysis(text, "2024-09-03"))
    assert inc[0].actors == ["paramilitary forces"]
    assert inc[0].geo_precision == 2


def test_worst_since_a_year_dates_nothing():
    text = "The worst floods since 1998 swept through Sindh province, officials said."
    inc = extract_incidents(make_analysis(text, "2024-09-03"))
    assert inc[0].status == "past" and inc[0].date.isoformat() == "2024-09-03"
    assert "date_from_publication" in inc[0].flags


def test_to_dict_follows_the_contract():
    inc = extract_incidents(make_analysis(CASES[0][2], CASES[0][1]))[0]
    d = inc.to_dict()
    for key in ("id", "type", "sub_type", "text", "start", "end", "sentences", "place", "geo_precision", "date",
                "date_text", "time_precision", "time_of_day", "status", "casualties", "actors", "flags"):
        assert key in d
    assert set(d["casualties"]) >= {"killed", "injured", "text"}
    assert d["text"] == CASES[0][2][d["start"]:d["end"]]


def test_sentence_splitting_keeps_abbreviations_and_offsets():
    text = "Gen. Smith arrived in Kyiv. The U.S. envoy met him.\nHeadline without a stop\nLast line!"
    sents = split_sentences(text)
    assert [s.text for s in sents] == ["Gen. Smith arrived in Kyiv.", "The U.S. envoy met him.",
                                      "Headline without a stop", "Last line!"]
    assert all(text[s.start:s.end] == s.text for s in sents)
    assert [s.headline for s in sents] == [False, False, True, False]


def test_empty_and_eventless_texts():
    assert extract_incidents(make_analysis("The weather was mild and markets were calm.", "2024-01-01")) == []
    assert extract_incidents(make_analysis(" ", "2024-01-01")) == []


@pytest.mark.parametrize("text", [
    "",
    "\n\n\n",
    "Shelling." * 500,
    "killed killed killed injured 12 12 12 on on on Monday Monday",
    "A blast on 31 April injured 1,000,000,000 people in Kharkiv.",
    "Twenty-one hundred people were injured when a storm hit Suva on 29 February.",
    "«Взрыв» — an explosion 💥 shook Kyiv; ¿quién? 12 hurt… “quoted” (parenthetical) [bracket]",
    "Mr. A. B. Smith met Dr. C. Jones in Geneva on Monday. U.S. officials said nothing.",
    "A" * 20000,
])
def test_odd_inputs_do_not_break(text):
    for date in (None, "2024-02-29"):
        a = make_analysis(text, date)
        for inc in extract_incidents(a):
            d = inc.to_dict()
            assert text[d["start"]:d["end"]] == d["text"]
            assert all(text[s:e] == t for (s, e), t in zip(d["spans"], d["sentences"], strict=True))
