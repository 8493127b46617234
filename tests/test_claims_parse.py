"""Parsing claims: numbers, units, hedges, directions, references and subjects (no measuring)."""

from __future__ import annotations

import math

import pytest
from test_claims import make_analysis

from geomap.claims import Tolerance, extract_claims, judge, parse_claims, parse_number, rounding_step_km


@pytest.mark.parametrize("text,value", [
    ("30", 30), ("1,200", 1200), ("2.5", 2.5), ("thirty", 30), ("thirty-five", 35), ("a dozen", 12),
    ("two dozen", 24), ("a hundred", 100), ("two hundred and fifty", 250), ("one and a half", 1.5),
    ("twelve", 12), ("a thousand", 1000), ("ninety nine", 99),
])
def test_parse_number(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["a", "and", "lots", ""])
def test_parse_number_rejects_non_numbers(text):
    assert parse_number(text) is None


def _one(text):
    a = make_analysis(text)
    claims = parse_claims(a.document.text, a.places)
    assert len(claims) == 1, [c.text for c in claims]
    return claims[0]


@pytest.mark.parametrize("phrase,qualifier", [
    ("around", "about"), ("about", "about"), ("some", "about"), ("roughly", "about"),
    ("approximately", "about"), ("nearly", "nearly"), ("almost", "nearly"), ("less than", "at_most"),
    ("under", "at_most"), ("within", "at_most"), ("up to", "at_most"), ("more than", "at_least"),
    ("over", "at_least"), ("at least", "at_least"), ("", "exact"),
])
def test_every_qualifier(phrase, qualifier):
    c = _one(f"Izium lies {phrase} 120 km from Kharkiv.".replace("  ", " "))
    assert c.qualifier == qualifier
    assert c.qualifier_text == (phrase or None)
    assert c.value == 120


@pytest.mark.parametrize("text,lo,hi", [
    ("Kyiv is between 400 and 450 km from Kharkiv.", 400, 450),
    ("Izium is between five and eight miles from Kharkiv.", 5 * 1.609344, 8 * 1.609344),
    ("Kyiv is 400 to 450 km from Kharkiv.", 400, 450),
    ("Kyiv is 400-450 km from Kharkiv.", 400, 450),
])
def test_ranges(text, lo, hi):
    c = _one(text)
    assert c.qualifier == "between"
    assert (c.claimed_min_km, c.claimed_max_km) == pytest.approx((lo, hi))
    assert c.claimed_km == pytest.approx((lo + hi) / 2)


@pytest.mark.parametrize("unit_text,unit,factor", [
    ("km", "km", 1.0), ("kilometres", "km", 1.0), ("kilometers", "km", 1.0), ("kilometre", "km", 1.0),
    ("miles", "mi", 1.609344), ("mile", "mi", 1.609344), ("nautical miles", "nmi", 1.852),
    ("metres", "m", 0.001), ("meters", "m", 0.001),
])
def test_every_unit(unit_text, unit, factor):
    c = _one(f"Izium lies 12 {unit_text} from Kharkiv.")
    assert c.unit == unit
    assert c.claimed_km == pytest.approx(12 * factor)


def test_compact_and_hyphenated_units():
    assert _one("Izium lies 120km from Kharkiv.").claimed_km == 120
    assert _one("Izium lies 120-km from Kharkiv.").reference.place.name == "Kharkiv"


@pytest.mark.parametrize("direction", ["north", "south-west", "southwest", "north-northeast", "NNE", "SW", "E"])
def test_directions(direction):
    c = _one(f"Izium lies 120 km {direction} of Kharkiv.")
    assert c.direction == direction
    assert c.reference.kind == "place" and c.reference.place.name == "Kharkiv"


@pytest.mark.parametrize("text,subject", [
    ("Located around 30 kilometres from the Russian border, Kharkiv has been hit.", "Kharkiv"),
    ("Some 30 km from the Russian border, the city of Kharkiv was hit.", "Kharkiv"),
    ("About 120 km from Kharkiv, in Izium, shelling went on.", "Izium"),
    ("Izium, a town 75 miles south-east of Kharkiv, was shelled.", "Izium"),
    ("Izium, which lies 120 km from Kharkiv, was shelled.", "Izium"),
    ("Izium is located some 120 km from Kharkiv.", "Izium"),
    ("Vovchansk, just 5 km from the Russian border, was evacuated.", "Vovchansk"),
    ("Officials said Izium, about 120 km from Kharkiv, was retaken.", "Izium"),
])
def test_subject_in_fronted_appositive_and_relative_phrases(text, subject):
    c = _one(text)
    assert c.subject is not None and c.subject.name == subject


@pytest.mark.parametrize("text,subject", [
    ("Shelling hit Kharkiv overnight. The city lies about 30 km from the Russian border.", "Kharkiv"),
    ("Izium was retaken in 2022. It is some 120 km from Kharkiv.", "Izium"),
    ("Kyiv sent aid to Vovchansk. The town sits just 5 km from the Russian border.", "Vovchansk"),
])
def test_subject_named_in_the_previous_sentence(text, subject):
    c = _one(text)
    assert c.subject is not None and c.subject.name == subject
    assert any("reference back" in n for n in c.notes)


@pytest.mark.parametrize("text", [
    "It lies 30 km from the Russian border.",
    "Troops advanced 10 km from Kupiansk.",
    "Kharkiv said a drone flew 40 km from the Russian border before it was downed.",
])
def test_no_subject_when_the_sentence_does_not_say(text):
    c = _one(text)
    assert c.subject is None
    judge(c)
    assert c.verdict == "unverifiable" and "subject" in c.reason


@pytest.mark.parametrize("text,names", [
    ("Kharkiv is 30 km from the Russian border.", ["Russian"]),
    ("Kharkiv is 30 km from the border with Russia.", ["Russia"]),
    ("Kharkiv is 30 km from Ukraine's border with Russia.", ["Ukraine", "Russia"]),
    ("Kharkiv is 30 km from the border between Ukraine and Russia.", ["Ukraine", "Russia"]),
    ("Kharkiv is 30 km from the Ukraine–Russia border.", ["Ukraine", "Russia"]),
    ("Kharkiv is 30 km from the Russian state border.", ["Russian"]),
    ("Kharkiv is 30 km from the border.", []),
])
def test_border_references(text, names):
    c = _one(text)
    assert c.reference.kind == "border"
    assert c.reference.country_names == names


def test_not_claims():
    a = make_analysis("A 1,000-km front line. Kharkiv has 30 km of trenches. The war is in its third year.")
    assert parse_claims(a.document.text, a.places) == []


def test_several_claims_keep_their_offsets():
    text = ("Izium, some 120 km south-east of Kharkiv, was shelled. "
            "Vovchansk, just 5 km from the Russian border, was evacuated.")
    claims = extract_claims(make_analysis(text))
    assert [c.subject.name for c in claims] == ["Izium", "Vovchansk"]
    for c in claims:
        assert text[c.start:c.end] == c.text


@pytest.mark.parametrize("value,step", [(30, 5), (35, 2.5), (100, 50), (1200, 50), (7, 0.5), (2.5, 0.05), (250, 25)])
def test_rounding_step(value, step):
    assert rounding_step_km(value) == pytest.approx(step)


def test_tolerance_is_configurable_and_reported():
    text = "Kyiv lies about 600 km west of Kharkiv."
    (default,) = extract_claims(make_analysis(text))
    assert default.verdict == "contradicted"
    loose = Tolerance(about_rel=0.5)
    (c,) = extract_claims(make_analysis(text), tolerance=loose)
    assert c.verdict == "supported"
    d = c.to_dict()
    assert d["tolerance_policy"]["about_rel"] == 0.5
    assert "50% of claim" in d["rule"]
    assert d["tolerance_km"] > default.tolerance_km


def test_tolerance_grows_with_the_subject_extent():
    big = extract_claims(make_analysis("Kharkiv is 30 km from the Russian border."))[0]
    small = extract_claims(make_analysis("Vovchansk is 30 km from the Russian border."))[0]
    assert big.tolerance_km > small.tolerance_km
    assert math.isclose(big.tolerance_km - small.tolerance_km,
                        float(big.rule.split("km subject extent")[0].split("+ ")[-1])
                        - float(small.rule.split("km subject extent")[0].split("+ ")[-1]), abs_tol=0.11)


def test_ambiguous_subject_is_unverifiable():
    a = make_analysis("Izium lies about 120 km from Kharkiv.")
    a.places[0].confidence = 0.1  # Izium: resolved, but hardly better than its rivals
    (c,) = extract_claims(a)
    assert c.verdict == "unverifiable" and "ambiguous" in c.reason
    (c,) = extract_claims(a, tolerance=Tolerance(min_confidence=0.05))
    assert c.verdict == "supported"


def test_subject_before_an_appositive_that_names_another_place():
    """'Sumy, a city in north-eastern Ukraine, lies ...': the claim is about Sumy, not Ukraine."""
    import geomap

    text = ("Sumy, a city of about 250,000 people in north-eastern Ukraine, lies roughly 30 kilometres "
            "from the Russian border.")
    claims = geomap.analyze(text, incidents=False).claims
    assert len(claims) == 1 and claims[0].subject is not None and claims[0].subject.name == "Sumy"
