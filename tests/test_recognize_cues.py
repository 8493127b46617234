"""Places the gazetteer lacks, recognised by the words that say they are places (geomap.recognize.cues).

The invented names below (Zarvenko, Bilqaza, ...) are checked to be missing from the gazetteer first, so
each test is about the cue, not about the data.
"""

from __future__ import annotations

import pytest

from geomap.export.features import places_features
from geomap.gazetteer import get_gazetteer
from geomap.pipeline import analyze
from geomap.recognize import recognize
from geomap.recognize.cues import cue_recognised

INVENTED = ("Zarvenko", "Bilqaza", "Tamrouk", "Oskelby", "Quarnetz", "Dravlitsa", "Mourkine", "Hessavy",
            "Kel Tibrou", "Wadi Surrat", "Ain Qeblit", "al-Numeira", "Abu Shirreh", "Vostrelka")


def found(text: str) -> list[str]:
    return [text[s:e] for s, e in recognize(text)]


def test_invented_names_are_not_in_the_gazetteer():
    gaz = get_gazetteer()
    for name in INVENTED:
        assert not gaz.lookup(name), name
        assert not gaz.lookup(name.split("-")[-1]), name


@pytest.mark.parametrize("text, names", [
    # "the <settlement> of X"
    ("Shells landed overnight on the village of Zarvenko, local officials said.", ["Zarvenko"]),
    ("Rescuers reached the remote hamlet of Tamrouk after two days.", ["Tamrouk"]),
    ("A market burned in the small town of Bilqaza on Friday.", ["Bilqaza"]),
    ("Gunmen raided the northern town of al-Numeira before dawn.", ["al-Numeira"]),
    ("Police sealed off the district of Oskelby after the blast.", ["Oskelby"]),
    # a plural noun before a list of names
    ("Troops advanced toward the settlements of Quarnetz, Dravlitsa and Mourkine.",
     ["Quarnetz", "Dravlitsa", "Mourkine"]),
    ("Floods cut off the villages of Hessavy and Vostrelka.", ["Hessavy", "Vostrelka"]),
    # a lower-case noun after the name (and a list before a plural one)
    ("The drone hit Zarvenko village late on Tuesday.", ["Zarvenko"]),
    ("Two farmers died in Hessavy and Vostrelka villages near the frontier.", ["Hessavy", "Vostrelka"]),
    ("Aid trucks queued outside Abu Shirreh camp for hours.", ["Abu Shirreh"]),
    ("Fighting flared in the Wadi Surrat area overnight.", ["Wadi Surrat"]),
    ("Soldiers were posted across Kel Tibrou district.", ["Kel Tibrou"]),
    ("Oil spread along the Dravlitsa river for ten kilometres.", ["Dravlitsa"]),
    # other cues: the river X, residents of X, an appositive
    ("Engineers blew up the bridge over the river Mourkine.", ["Mourkine"]),
    ("Residents of Ain Qeblit were told to leave their homes.", ["Ain Qeblit"]),
    ("Water ran out in Tamrouk, a village near the coast, within a week.", ["Tamrouk"]),
])
def test_a_cue_makes_an_unknown_name_a_place(text, names):
    got = found(text)
    for name in names:
        assert name in got, (name, got)


def test_other_mentions_of_a_cued_name_are_places_too():
    text = ("An air strike hit the village of Quarnetz on Sunday. Later that day a second strike "
            "hit Quarnetz again, and the Quarnetz-Dravlitsa road was closed.")
    assert found(text).count("Quarnetz") == 3


def test_a_dateline_names_a_place():
    text = "OSKELBY, Freedonia (Reuters) - Heavy rain flooded the valley on Monday."
    assert "OSKELBY" in found(text)


@pytest.mark.parametrize("text, not_places", [
    ("The athletes moved into the Olympic village last week.", ["Olympic"]),
    ("A Druze village was hit by a rocket.", ["Druze"]),
    ("Border town residents waited. The border stayed closed all week.", ["Border"]),
    ("This village has no school.", ["This"]),
    ("Six villages were flooded after the dam broke.", ["Six"]),
    ("The campaign said the Trump camp would respond.", ["Trump"]),
    ("Residents of Fennimore House complained about the heating.", ["Fennimore House"]),
    ("The council met in the town hall of the Lakeview Village of the Arts.", ["Village of the Arts"]),
    ("An RSF camp was struck, the spokesman said.", ["RSF"]),
    ("Fans packed the Rhythm on the River Concert Series downtown.", ["Concert Series"]),
    ("The mayor of the city said the Biden town hall was cancelled.", ["Biden"]),
    ("the village of zarvenko is written here in lower case.", ["zarvenko"]),
])
def test_no_place_where_the_words_say_otherwise(text, not_places):
    got = found(text)
    for word in not_places:
        assert word not in got, (word, got)


def test_known_places_keep_their_gazetteer_match():
    text = "An explosion shook the city of Kharkiv and the village of Zarvenko."
    analysis = analyze(text)
    by_text = {p.text: p for p in analysis.places}
    assert by_text["Kharkiv"].resolved
    zar = by_text["Zarvenko"]
    assert not zar.resolved and zar.lat is None and zar.lon is None
    assert zar.reason == "not in the gazetteer: named as a village"
    assert cue_recognised(zar) and not cue_recognised(by_text["Kharkiv"])


def test_reason_names_the_cue():
    analysis = analyze("Smoke rose over the Wadi Surrat area, and residents of Ain Qeblit fled.")
    reasons = {p.text: p.reason for p in analysis.places}
    assert reasons["Wadi Surrat"] == "not in the gazetteer: named as an area"
    assert reasons["Ain Qeblit"] == "not in the gazetteer: named as a place with residents"


def test_maps_and_exports_skip_places_without_coordinates():
    analysis = analyze("Shells hit the village of Zarvenko near Kharkiv on Monday.")
    assert any(not p.resolved for p in analysis.places)
    mapped = [f["properties"]["text"] for f in places_features([analysis])]
    assert "Kharkiv" in mapped and "Zarvenko" not in mapped
    with_unresolved = places_features([analysis], unresolved=True)
    zar = [f for f in with_unresolved if f["properties"]["text"] == "Zarvenko"]
    assert zar and zar[0]["geometry"] is None


def test_an_incident_keeps_its_mappable_place():
    analysis = analyze("Two people were killed on Monday when a drone struck the village of Zarvenko "
                       "in the Kharkiv region.", date="2024-05-06")
    assert analysis.incidents
    place = analysis.incidents[0].place
    assert place is not None and place.resolved


def test_a_cued_name_found_only_by_an_uncertain_respelling_stays_unresolved():
    """Gorodishche is the name of many villages far apart: a cue plus one spelling change is too little."""
    analysis = analyze("Shells fell on the village of Gorodische overnight.")
    place = next(p for p in analysis.places if p.text == "Gorodische")
    assert not place.resolved
    assert place.reason.startswith("not in the gazetteer: named as a village") and "respellings" in place.reason
