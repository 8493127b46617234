"""Places the gazetteer lacks, recognised by the words that say they are places (geomap.recognize.cues).

The invented names below (Zarvenko, Bilqaza, ...) are checked to be missing from the gazetteer first, so
each test is about the cue, not about the data.
"""

from __future__ import annotations

import dataclasses

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


def staged(text: str) -> dict:
    """The places of the recognise, resolve and approximate stages, before the pipeline drops the cue-found
    names left without a point, by text."""
    from geomap.resolve import place_approximately, resolve

    return {p.text: p for p in place_approximately(text, resolve(text, recognize(text)))}


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
    by_text = staged(text)
    assert by_text["Kharkiv"].resolved
    zar = by_text["Zarvenko"]
    assert not zar.resolved and zar.lat is None and zar.lon is None
    assert zar.reason == "not in the gazetteer: named as a village"
    assert cue_recognised(zar) and not cue_recognised(by_text["Kharkiv"])


def test_reason_names_the_cue():
    reasons = {k: p.reason for k, p in staged("Smoke rose over the Wadi Surrat area, and residents of Ain Qeblit "
                                             "fled.").items()}
    assert reasons["Wadi Surrat"] == "not in the gazetteer: named as an area"
    assert reasons["Ain Qeblit"] == "not in the gazetteer: named as a place with residents"


def test_a_cue_found_name_left_without_a_point_is_not_given_as_a_place():
    text = "Shells hit the village of Zarvenko on Monday; Kharkiv was quiet."
    assert not staged(text)["Zarvenko"].resolved  # the stages found it, and could not place it
    analysis = analyze(text)
    assert [p.text for p in analysis.places] == ["Kharkiv"]
    with_unresolved = [f["properties"]["text"] for f in places_features([analysis], unresolved=True)]
    assert with_unresolved == ["Kharkiv"]


def test_a_claim_about_an_unplaced_cue_found_name_reads_it_as_a_name_recognition_missed():
    analysis = analyze("The village of Zarvenko lies 4 km from Nabatieh.")
    assert [c.verdict for c in analysis.claims] == ["unverifiable"]
    reason = analysis.claims[0].reason
    assert "'Zarvenko'" in reason and "neither recognition nor the gazetteer knows" in reason


def test_given_spans_are_kept_unplaced():
    text = "Shells hit the village of Zarvenko on Monday."
    s = text.index("Zarvenko")
    analysis = analyze(text, given_spans=[(s, s + len("Zarvenko"))], claims=False, incidents=False)
    assert [(p.text, p.resolved) for p in analysis.places] == [("Zarvenko", False)]


def test_an_incident_keeps_its_mappable_place():
    analysis = analyze("Two people were killed on Monday when a drone struck the village of Zarvenko "
                       "in the Kharkiv region.", date="2024-05-06")
    assert analysis.incidents
    place = analysis.incidents[0].place
    assert place is not None and place.resolved


def test_a_cued_name_found_only_by_an_uncertain_respelling_stays_unresolved():
    """Gorodishche is the name of many villages far apart: a cue plus one spelling change is too little."""
    text = "Shells fell on the village of Gorodische overnight."
    place = staged(text)["Gorodische"]
    assert "Gorodische" not in _by_text(analyze(text))
    assert not place.resolved
    assert place.reason.startswith("not in the gazetteer: named as a village") and "respellings" in place.reason


# --- approximate points: an unknown name the text ties to a place geomap locates (geomap.resolve.approx)

def _by_text(analysis) -> dict:
    return {p.text: p for p in analysis.places}


@pytest.mark.parametrize("text, name, anchor, how", [
    ("Shells hit the village of Zarvenko near Nabatieh on Monday.", "Zarvenko", "Nabatieh", "near"),
    ("Shells hit Tamrouk, a village near Sidon, overnight.", "Tamrouk", "Sidon", "near"),
    ("Residents of Bilqaza, just outside Kharkiv, ran short of water.", "Bilqaza", "Kharkiv", "just outside"),
    ("Floods cut off the villages of Hessavy and Vostrelka near Tyre.", "Vostrelka", "Tyre", "near"),
    ("Floods cut off the villages of Hessavy and Vostrelka near Tyre.", "Hessavy", "Tyre", "near"),
    ("Gunmen raided the hamlet of Mourkine in Nabatieh before dawn.", "Mourkine", "Nabatieh", "in"),
])
def test_an_anchor_next_to_the_name_places_it_approximately(text, name, anchor, how):
    places = _by_text(analyze(text))
    x, y = places[name], places[anchor]
    assert y.resolved and not y.approximate
    assert x.resolved and x.approximate
    assert (x.lat, x.lon) == (y.lat, y.lon)  # the anchor's own point, nothing finer
    assert 0 < x.confidence <= 0.3
    assert x.reason.startswith("approximate: not in the gazetteer")
    assert f"which the text says it is {how}" in x.reason and (y.name or y.text) in x.reason
    assert x.to_dict()["approximate"] is True and y.to_dict()["approximate"] is False
    assert cue_recognised(x)


@pytest.mark.parametrize("text, name", [
    ("Shells hit the village of Zarvenko on Monday.", "Zarvenko"),  # no anchor at all
    ("The village of Zarvenko was shelled. Officials in Nabatieh counted the damage.", "Zarvenko"),  # not next to it
    ("Shells hit the village of Zarvenko in Lebanon.", "Zarvenko"),  # a whole country is too coarse
    ("Shells hit the village of Zarvenko near Ukraine's border.", "Zarvenko"),
])
def test_no_anchor_or_a_coarse_one_leaves_the_name_unplaced(text, name):
    x = staged(text)[name]
    assert not x.resolved and not x.approximate and x.lat is None
    assert name not in _by_text(analyze(text))


def test_a_first_level_division_wider_than_the_limit_is_refused():
    from geographiclib.geodesic import Geodesic

    from geomap.divisions import get_divisions
    from geomap.resolve.approx import MAX_ANCHOR_KM

    text = "A drone struck the village of Zarvenko in the Kharkiv region."
    places = staged(text)
    region = next(p for p in places.values() if p.feature == "admin1")
    lon0, lat0, lon1, lat1 = get_divisions().find(region.name, region.country_code, region.geonameid).bbox
    assert Geodesic.WGS84.Inverse(lat0, lon0, lat1, lon1)["s12"] / 1000 > MAX_ANCHOR_KM  # measured independently
    assert not places["Zarvenko"].resolved


def test_an_approximate_place_never_decides_a_claim():
    # the subject's approximate point is Nabatieh's own: measured, the claim would be supported by construction
    analysis = analyze("The village of Zarvenko, near Nabatieh, lies 4 km from Nabatieh.")
    assert _by_text(analysis)["Zarvenko"].approximate
    claims = [c for c in analysis.claims if c.subject is not None and c.subject.text == "Zarvenko"]
    assert claims
    for c in claims:
        assert c.verdict == "unverifiable" and "approximate" in c.reason
        assert not c.subject.resolved


def test_the_verdict_refuses_an_approximate_subject_it_is_handed():
    from geomap.claims import judge, parse_claims

    text = "Zarvenko lies 40 km from Beirut."
    analysis = analyze(text)
    beirut = _by_text(analysis)["Beirut"]
    sidon = _by_text(analyze("in Sidon"))["Sidon"]
    zar = next(p for p in analyze("the village of Zarvenko near Sidon").places if p.text == "Zarvenko")
    subject = dataclasses.replace(zar, start=0, end=8)
    assert subject.approximate and (subject.lat, subject.lon) == (sidon.lat, sidon.lon)
    claims = parse_claims(text, [subject, beirut], analysis.document)
    assert claims
    for c in claims:
        judge(c)
        assert c.verdict == "unverifiable" and "approximately" in c.reason


def test_maps_and_exports_flag_the_approximate_point():
    from geomap.model import Place
    from geomap.render.mapdata import build_map_data

    analysis = analyze("Shells hit the village of Zarvenko near Nabatieh on Monday.")
    feats = {f["properties"]["text"]: f for f in places_features([analysis])}
    assert feats["Zarvenko"]["properties"]["approximate"] is True
    assert feats["Zarvenko"]["geometry"]["coordinates"] == feats["Nabatieh"]["geometry"]["coordinates"]
    assert feats["Nabatieh"]["properties"]["approximate"] is False
    md = build_map_data([analysis])
    marks = {tuple(r["texts"]): r for r in md.places}
    assert "placed at Nabatieh" in marks[("Zarvenko",)]["approximate"]
    assert marks[("Nabatieh",)]["approximate"] is None
    zar = _by_text(analysis)["Zarvenko"]
    assert Place.from_dict(zar.to_dict()) == zar  # the flag survives a round trip


def test_an_incident_prefers_a_gazetteer_place_to_an_approximate_one():
    analysis = analyze("Two people were killed on Monday when a drone struck the village of Zarvenko "
                       "near Nabatieh.", date="2024-05-06")
    assert _by_text(analysis)["Zarvenko"].approximate
    assert analysis.incidents
    place = analysis.incidents[0].place
    assert place is not None and place.text == "Nabatieh" and not place.approximate


def test_an_adjectival_district_takes_the_point_of_the_seat_it_is_named_after():
    text = "Shells fell on a farm in the Grayvoronsky district overnight, the Belgorod region's governor said."
    district = _by_text(analyze(text))["Grayvoronsky"]
    seat = [e for e in get_gazetteer().lookup("Grayvoron") if e.feature == "city"]
    assert len(seat) == 1
    assert district.approximate and (district.lat, district.lon) == (seat[0].lat, seat[0].lon)
    assert district.confidence <= 0.3 and "Grayvoron" in district.reason and "named after" in district.reason


def test_an_adjectival_district_stays_unplaced_when_no_region_of_its_seat_is_named():
    x = staged("Shells fell on a farm in the Grayvoronsky district overnight.")["Grayvoronsky"]
    assert not x.resolved and not x.approximate


# The rule of the language, on districts outside the dev articles: a raion is named, as an adjective, after its
# seat (Glushkovsky -> Glushkovo, Starodubsky -> Starodub, Pogarsky -> Pogar)
@pytest.mark.parametrize("text, district, seat, region", [
    ("Shells fell on a farm in the Glushkovsky district, the Kursk region's governor said.", "Glushkovsky",
     "Glushkovo", "Kursk Oblast"),
    ("Two houses burned in the Starodubsky district, officials in the Bryansk region said.", "Starodubsky",
     "Starodub", "Bryansk Oblast"),
    ("A drone hit a power line in the Pogarsky district of the Bryansk region.", "Pogarsky", "Pogar",
     "Bryansk Oblast"),
])
def test_a_district_named_after_its_seat_takes_the_seats_point(text, district, seat, region):
    gaz = get_gazetteer()
    assert not gaz.lookup(district)
    seats = [e for e in gaz.lookup(seat)
             if e.feature == "city" and gaz.admin1_name(e.country_code, e.admin1_code) == region]
    assert len(seats) == 1
    x = _by_text(analyze(text, claims=False, incidents=False))[district]
    assert x.approximate and (x.lat, x.lon) == (seats[0].lat, seats[0].lon) and seat in x.reason


def test_a_district_whose_seat_region_is_not_named_is_not_given_as_a_place():
    text = "Two houses burned in the Starodubsky district overnight."
    assert not staged(text)["Starodubsky"].resolved
    assert "Starodubsky" not in _by_text(analyze(text))
