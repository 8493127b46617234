"""Incidents in news style (issue 12): paragraphs written for these tests, one group per kind of failure.

Each case gives the incidents a careful reader would code, in text order; keys a case leaves out are not checked.
``killed``/``injured`` are the stated figures (``None`` when not stated or only vague), ``date`` is resolved
against the publication date, ``background`` marks an earlier event told as context.
"""

from __future__ import annotations

import pytest
from _incident_helpers import make_analysis

from geomap import analyze
from geomap.incidents import BATTLES, DISASTER, EXPLOSIONS, PROTESTS, STRATEGIC, VAC, extract_incidents

VIOLENT = {BATTLES, EXPLOSIONS, VAC}

# (id, publication date, text, [expected incident, ...])
PASSIVE_AND_NOMINAL = [
    ("passive-killed-in-strike", "2024-09-13",
     "A child was among three people killed in an Israeli strike on Nabatieh on Thursday, the ministry said.",
     [dict(type=EXPLOSIONS, date="2024-09-12", place="Nabatieh", killed=3)]),
    ("shot-dead-passive", "2024-01-10",
     "A taxi driver was shot dead in Nairobi on Tuesday night, police said.",
     [dict(type=VAC, date="2024-01-09", place="Nairobi", time_of_day="night")]),
    ("attack-on-village-civilians", "2024-09-16",
     "At least 40 civilians were killed in an attack by paramilitary fighters on a village near El Obeid on Sunday.",
     [dict(type=VAC, date="2024-09-15", killed=40)]),
    ("attack-on-army-post", "2021-08-02",
     "Insurgents attacked an army supply convoy near Goma on Saturday, killing 15 soldiers and wounding seven.",
     [dict(type=BATTLES, date="2021-07-31", place="Goma", killed=15, injured=7)]),
    ("rockets-were-fired", "2025-03-22",
     "Three rockets were fired from Lebanon towards Tyre on Saturday morning, the army said.",
     [dict(type=EXPLOSIONS, date="2025-03-22", time_of_day="morning")]),
    ("fired-barrage", "2024-09-13",
     "Militants said they had fired a barrage of rockets at a base near Beni early on Friday.",
     [dict(type=EXPLOSIONS, date="2024-09-13")]),
    ("drone-had-hit-ambulance", "2024-08-07",
     "A drone had hit an ambulance outside Sudzha, killing the driver and a paramedic and wounding a doctor.",
     [dict(type=EXPLOSIONS, place="Sudzha", killed=2, injured=1)]),
    ("firing-broke-out", "2016-06-15",
     "Firing between border guards of the two countries first broke out on Sunday evening near Kabul.",
     [dict(type=BATTLES, date="2016-06-12", time_of_day="evening")]),
    ("battles-continued", "2024-08-07",
     "The battles continued through the night near Sudzha as troops pushed forward on Tuesday.",
     [dict(type=BATTLES, date="2024-08-06", place="Sudzha")]),
    ("ceasefire-violation", "2020-11-13",
     "Four civilians were killed when troops violated the ceasefire near Kabul on Friday.",
     [dict(type=EXPLOSIONS, date="2020-11-13", killed=4)]),
    ("drone-assault", "2025-05-10",
     "Rebels launched a drone assault on the airport of Goma on Thursday.",
     [dict(type=EXPLOSIONS, date="2025-05-08", place="Goma")]),
    ("the-saturday-attack", "2025-07-15",
     "The Saturday attack by armed men on a village near Beni left the settlement in ruins.",
     [dict(type=VAC, date="2025-07-12")]),
]

SECOND_EVENT_IN_SENTENCE = [
    ("responded-to-an-attack", "2024-02-15",
     "Eleven people were killed by strikes on villages near Tyre on Wednesday, as the army said it responded to a "
     "rocket attack that killed one of its soldiers.",
     [dict(type=EXPLOSIONS, killed=11, place="Tyre", date="2024-02-14"),
      dict(type=EXPLOSIONS, killed=1, date="2024-02-14")]),
    ("a-day-after-another-strike", "2024-05-16",
     "A drone strike killed two people in Kharkiv on Monday, a day after a missile strike on Odesa wounded five.",
     [dict(killed=2, place="Kharkiv", date="2024-05-13"),
      dict(injured=5, killed=None, place="Odesa", date="2024-05-12", flags_has="date_from_other_event")]),
    ("after-as-cause-is-one-event", "2023-09-12",
     "Floods hit Derna on Sunday after a storm burst two dams.",
     [dict(type=DISASTER, place="Derna")]),
    ("rescue-clause-is-not-an-event", "2024-05-16",
     "A missile strike hit Kharkiv on Monday while rescuers searched the rubble of a school for survivors.",
     [dict(place="Kharkiv", date="2024-05-13")]),
]

HEADLINES = [
    ("headline-folds-into-story", "2024-09-13",
     "Three killed in Israeli strike on Nabatieh\n\n"
     "An Israeli strike hit a motorcycle in Nabatieh on Thursday, killing three men, the health ministry said.",
     [dict(type=EXPLOSIONS, date="2024-09-12", place="Nabatieh", killed=3)]),
    ("headline-with-place-folds", "2008-06-13",
     "Wildfires destroy homes in Goma\n\n"
     "A wildfire in the forests around Goma destroyed 30 homes on Wednesday.",
     [dict(type=DISASTER, date="2008-06-11")]),
    ("headline-only-event", "2024-05-02",
     "Protesters rally in Tbilisi against foreign agents law\n\nThe law passed its second reading on Wednesday.",
     [dict(type=PROTESTS, place="Tbilisi")]),
    ("headline-and-two-events", "2024-05-15",
     "Drone strike hits Kharkiv\n\n"
     "A drone strike hit a shopping centre in Kharkiv on Tuesday. Separately, floods cut roads in Sindh province "
     "on Tuesday.",
     [dict(type=EXPLOSIONS, place="Kharkiv"), dict(type=DISASTER, place="Sindh province")]),
]

CASUALTIES = [
    ("at-least-qualifier", "2024-05-26",
     "Shelling killed at least 12 people in Kharkiv on Saturday.",
     [dict(killed=12, date="2024-05-25")]),
    ("killing-dozens-is-no-figure", "2024-05-26",
     "A missile strike on Kharkiv on Saturday killed dozens of people.",
     [dict(killed=None, casualties_text="killed dozens of people", flags_has="approximate_casualties")]),
    ("hundreds-injured-no-figure", "2024-05-26",
     "Hundreds of people were injured when the dam collapsed in Sindh province on Friday.",
     [dict(injured=None)]),
    ("killing-a-civilian", "2024-02-11",
     "A drone struck a car near Kherson on Saturday, killing a civilian.",
     [dict(killed=1)]),
    ("official-and-three-others", "2023-12-21",
     "An air strike killed a senior border official and three others in Kabul on Thursday.",
     [dict(killed=4, date="2023-12-21")]),
    ("woman-and-her-children", "2024-02-15",
     "A woman and her two children were killed in a strike on a house in Tyre on Wednesday.",
     [dict(killed=3, date="2024-02-14")]),
    ("people-including", "2020-11-13",
     "Eight people including three soldiers and four civilians were killed when shells hit villages near Kabul "
     "on Friday.",
     [dict(killed=8)]),
    ("received-injuries", "2024-05-25",
     "Shelling hit a market in Kherson on Saturday. Ten other people received shrapnel injuries, officials said.",
     [dict(injured=10)]),
    ("death-of-and-injury-of", "2025-03-22",
     "The strike on Tyre on Saturday resulted in the death of two people and the injury of eight others.",
     [dict(killed=2, injured=8)]),
    ("toll-risen-to", "2024-08-18",
     "The death toll from the Israeli strike on Nabatieh on Saturday has risen to 10, officials said.",
     [dict(killed=10)]),
    ("no-one-hurt", "2022-10-13",
     "Shells landed near a school in Kherson on Thursday. No one was reported injured or killed.",
     [dict(killed=0, injured=0)]),
    ("one-killed-another-wounded", "2024-08-17",
     "On Friday, one man was killed and another wounded in a drone strike on a car near Tyre.",
     [dict(killed=1, injured=1, date="2024-08-16")]),
    ("follow-up-joins-the-nearest-event", "2024-02-15",
     "Strikes hit villages near Tyre on Wednesday. Separately, a strike on a building in Nabatieh killed four "
     "people on Tuesday. Seven people were also wounded, the hospital said.",
     [dict(injured=None), dict(killed=4, injured=7)]),
    ("earlier-toll-not-added", "2024-03-10",
     "A drone strike killed two people in Odesa on Saturday. Last month a missile strike on Odesa killed 12.",
     [dict(killed=2, background=False), dict(killed=12, background=True)]),
]

DATES = [
    ("thursday-morning", "2024-10-05",
     "A missile strike hit Dnipro on Thursday morning.",
     [dict(date="2024-10-03", time_of_day="morning")]),
    ("weekday-is-publication-day", "2024-10-03",
     "Police fired tear gas at protesters in Tbilisi on Thursday.",
     [dict(date="2024-10-03")]),
    ("late-on-sunday-night", "2024-06-04",
     "Gunmen killed five villagers near Beni late on Sunday night.",
     [dict(date="2024-06-02", time_of_day="night")]),
    ("explicit-date-far-from-verb", "2024-03-11",
     "On March 9, in the early hours, an explosion ripped through a depot in Kano.",
     [dict(date="2024-03-09")]),
    ("possessive-weekday", "2024-03-03",
     "The toll from Friday's shelling of Kherson rose to six.",
     [dict(date="2024-03-01", killed=6)]),
    ("reporting-day-dates-only-when-nothing-else", "2024-07-26",
     "A landslide buried a village near Kalehe, officials said on Thursday.",
     [dict(date="2024-07-25")]),
    ("reporting-day-loses-to-event-day", "2024-07-26",
     "A landslide buried a village near Kalehe on Tuesday night, officials said on Thursday.",
     [dict(date="2024-07-23", time_of_day="night")]),
    ("since-war-began-dates-the-war", "2024-08-07",
     "Troops were fighting intense battles near Sudzha, the biggest incursion since the war began in February "
     "2022.",
     [dict(date="2024-08-07")]),
    ("past-two-days", "2023-09-11",
     "Heavy floods have killed 150 people in Derna over the past two days.",
     [dict(date="2023-09-10", date_end="2023-09-11", time_precision=2, killed=150)]),
    ("undated-event-takes-story-day", "2024-02-15",
     "A drone strike hit Kharkiv on Wednesday, killing two people.\n\n"
     "Separately, a missile strike on a depot in Odesa wounded a guard.",
     [dict(date="2024-02-14", place="Kharkiv"),
      dict(date="2024-02-14", place="Odesa", flags_has="date_from_context")]),
    ("undated-story-stays-publication-day", "2024-02-15",
     "A missile strike on a depot in Odesa wounded a guard.",
     [dict(date="2024-02-15", flags_has="date_from_publication")]),
    ("days-after-named-event", "2024-05-16",
     "A drone strike hit Kharkiv on Monday. Two days after the attack, protesters marched through Kyiv.",
     [dict(type=EXPLOSIONS, date="2024-05-13"),
      dict(type=PROTESTS, date="2024-05-15", flags_has="date_from_other_event")]),
    ("week-before-named-event", "2024-05-16",
     "Floods hit Sindh province on Monday. A week before the floods, a landslide buried a road near Kalehe.",
     [dict(date="2024-05-13"), dict(date="2024-05-06", flags_has="date_from_other_event")]),
    ("days-after-nothing-dated-stays-open", "2024-05-16",
     "Two days after the strike, protesters marched through Kyiv.",
     [dict(date=None, flags_has="no_date")]),
    ("filming-day-is-not-event-day", "2024-05-16",
     "Footage filmed on Monday shows a missile strike on Odesa, officials said on Wednesday.",
     [dict(date="2024-05-15")]),
    ("planned-visit-range", "2024-08-20",
     "The Indian prime minister will visit Kyiv next week.",
     [dict(type=STRATEGIC, status="planned", date="2024-08-26", date_end="2024-09-01")]),
]

BACKGROUND = [
    ("background-june-last-year", "2023-10-07",
     "An earthquake struck Herat on Saturday, killing 14 people. In June last year, a quake in Afghanistan killed "
     "more than 1,000 people.",
     [dict(date="2023-10-07", killed=14, background=False),
      dict(date=None, killed=1000, background=True)]),
    ("background-recent-strike", "2025-05-10",
     "A drone strike hit a prison in El Obeid on Saturday. The army also carried out a recent strike on an "
     "airport in Goma.",
     [dict(background=False, place="El Obeid"), dict(background=True, date=None)]),
    ("background-earlier-this-month", "2025-05-10",
     "A drone strike hit El Obeid on Saturday, killing 20. Earlier this month, rebels launched a drone assault on "
     "Goma.",
     [dict(background=False, killed=20), dict(background=True)]),
    ("background-year", "2024-05-14",
     "Floods hit Sindh province on Monday. The 2022 floods in Sindh province killed 1,700 people.",
     [dict(background=False, date="2024-05-13"), dict(background=True, killed=1700)]),
    ("history-only-is-not-background", "2024-01-01",
     "An earthquake destroyed much of Suva in 1953, leaving eight people dead.",
     [dict(background=False, date="1953-01-01", killed=8)]),
    ("background-weeks-ago", "2023-10-03",
     "Troops shelled Kharkiv on Monday, killing one soldier. Three weeks ago a clash near Kharkiv killed "
     "200 fighters.",
     [dict(background=False, killed=1), dict(background=True, killed=200)]),
]

NOT_EVENTS = [
    ("quake-felt-elsewhere", "2023-10-07",
     "A strong earthquake struck Herat on Saturday. The quake was also felt in Kabul.",
     [dict(type=DISASTER, place="Herat")]),
    ("agency-said-no-event-there", "2023-10-07",
     "An earthquake shook Herat on Saturday. The United States Geological Survey reported a magnitude of 6.3.",
     [dict(type=DISASTER, place="Herat")]),
    ("stocks-rallied", "2024-05-01", "Stocks rallied in Tokyo on Tuesday as investors cheered the earnings.", []),
    ("storm-warning", "2024-05-01", "Forecasters issued storm warnings for Suva on Tuesday.", []),
    ("flood-watch", "2024-05-01", "A flood watch remains in place for Dhaka until Friday.", []),
    ("stepped-up-attacks-habitual", "2024-05-01",
     "The army has regularly stepped up attacks on cities across the region.", []),
    ("series-of-attacks-aggregate", "2023-08-09",
     "Rebels are said to have launched a series of attacks on border towns in recent months.", []),
    ("heart-attack", "2024-05-01", "The mayor of Lagos suffered a heart attack on Monday.", []),
    ("labour-strike", "2024-05-01", "Teachers went on strike in Nairobi on Monday over pay.", []),
    ("accusation-of-attacks", "2024-05-01",
     "The government accused its neighbour of attacks on border posts, which the neighbour denied.", []),
    ("could-strike", "2024-05-01", "Officials warned that missiles could strike Kyiv within days.", []),
    ("football-attack", "2024-05-01",
     "The coach changed his side's attack at half-time after Lagos conceded a second goal.", []),
    ("firefighters-attack-on-flames", "2024-05-01",
     "Firefighters launched an attack on the flames from the roof of a house in Kano.", []),
    ("shooting-range", "2024-05-01", "The council approved a new shooting range outside Omaha on Monday.", []),
    ("collapse-after-quake-is-effect", "2023-10-07",
     "An earthquake struck Herat on Saturday. Walls cracked and several buildings collapsed in the old city.",
     [dict(type=DISASTER)]),
]

PLACES = [
    ("town-over-country", "2024-05-25",
     "Shelling of Ukraine's border areas hit Kharkiv on Saturday, killing two.",
     [dict(place="Kharkiv", geo_precision=1)]),
    ("town-over-province", "2024-05-25",
     "Floods in Sindh province swept away homes in Karachi on Saturday.",
     [dict(type=DISASTER)]),
    ("origin-is-not-place", "2025-03-22",
     "Rockets fired from Lebanon hit Tyre on Saturday.",
     [dict(place="Tyre")]),
    ("blamed-on-capital", "2022-10-13",
     "Shelling hit a residential building in Kherson on Thursday, in an attack officials blamed on Moscow.",
     [dict(place="Kherson")]),
    ("border-with-is-reference", "2024-09-13",
     "An Israeli strike hit Nabatieh, 10 km from the border with Israel, on Thursday.",
     [dict(place="Nabatieh")]),
    ("actor-before-verb-is-not-place", "2025-03-22",
     "Two people were killed on Saturday after Israel launched air strikes on a southern town.",
     [dict(place=None, killed=2, flags_has="no_place")]),
    ("retaliation-is-another-event", "2020-11-13",
     "Shelling killed four civilians in Kabul on Friday. Our troops retaliated strongly, the army said.",
     [dict(type=EXPLOSIONS, killed=4), dict(type=BATTLES, killed=None)]),
    ("dateline-is-not-place", "2021-08-02",
     "KABUL (AP) — Gunmen attacked a police post near Kandahar, killing 15 officers, the ministry said.",
     [dict(place=None)]),
]


def _check(case_id, date, text, expected):
    found = extract_incidents(make_analysis(text, date))
    got = [(i.type, i.date, i.place.name if i.place else None, i.text[:50]) for i in found]
    assert len(found) == len(expected), (case_id, got)
    for inc, want in zip(found, expected):
        d = inc.to_dict()
        for key, value in want.items():
            if key == "place":
                assert (d["place"] or {}).get("name") == value, (case_id, d["place"])
            elif key in ("killed", "injured"):
                assert d["casualties"][key] == value, (case_id, d["casualties"])
            elif key == "casualties_text":
                assert value in (d["casualties"]["text"] or ""), (case_id, d["casualties"])
            elif key == "flags_has":
                assert value in d["flags"], (case_id, d["flags"])
            elif key == "type" and value in VIOLENT:
                assert d["type"] in VIOLENT, (case_id, d["type"])
                assert d["type"] == value, (case_id, d["type"], d["sub_type"])
            else:
                assert d[key] == value, (case_id, key, d[key])


ALL = PASSIVE_AND_NOMINAL + SECOND_EVENT_IN_SENTENCE + HEADLINES + CASUALTIES + DATES + BACKGROUND + NOT_EVENTS + PLACES


@pytest.mark.parametrize("case_id,date,text,expected", ALL, ids=[c[0] for c in ALL])
def test_news_paragraph(case_id, date, text, expected):
    _check(case_id, date, text, expected)


def test_enough_paragraphs_per_kind():
    assert len(ALL) >= 60
    assert min(len(g) for g in (PASSIVE_AND_NOMINAL, HEADLINES, CASUALTIES, DATES, BACKGROUND, NOT_EVENTS,
                                PLACES)) >= 4


def test_a_later_lower_toll_is_kept_and_flagged():
    """A revised figure below the first one is reported as it stands, and the disagreement is flagged."""
    a = analyze("A drone hit a market in Sumy on Friday, killing seven people. Regional officials later said "
                "five people were killed in the attack.", date="2024-10-05")
    inc = [i for i in a.incidents if i.type == "Explosions/Remote violence"]
    assert len(inc) == 1
    assert inc[0].killed == 5 and "contradictory_casualties" in inc[0].flags


def test_a_rising_toll_is_an_update_not_a_conflict():
    a = analyze("Floods swept through villages near Derna on Sunday, killing 12 people. The death toll later rose "
                "to 30, rescuers said.", date="2023-09-11")
    inc = [i for i in a.incidents if i.type == "Natural disaster"]
    assert len(inc) == 1
    assert inc[0].killed == 30 and "contradictory_casualties" not in inc[0].flags


@pytest.mark.parametrize("text", [
    "An earthquake struck near Herat last week; the quake was also felt in Farah.",
    "A strong earthquake hit Herat on Saturday, and the tremor was also felt in Farah and Badghis.",
])
def test_where_a_quake_was_felt_does_not_take_its_place(text):
    quakes = [i for i in analyze(text, date="2023-10-10").incidents if i.type == "Natural disaster"]
    assert len(quakes) == 1
    assert quakes[0].place is not None and quakes[0].place.name == "Herat"
