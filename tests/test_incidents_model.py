"""The Incident model: to_dict / from_dict round trips, and the package's public names."""

from __future__ import annotations

import datetime as dt

import pytest
from _incident_helpers import make_analysis

import geomap.incidents as incidents_pkg
from geomap.incidents import extract_incidents
from geomap.model import Incident, Place

PARAGRAPHS = [
    ("2024-03-13", "Warplanes struck a fuel depot on the outskirts of Maiduguri on Monday, killing at least seven "
                   "people, the state emergency agency said on Tuesday."),
    ("2024-06-15", "Artillery fire hit a market in Kharkiv yesterday morning. Two women and a child were killed, "
                   "and 19 others were wounded."),
    ("2024-05-01", "Gunmen stormed a village somewhere near Atlantis and abducted dozens of farmers."),
    (None, "Protesters marched through Nairobi on Tuesday against the new tax."),
]


@pytest.mark.parametrize("date,text", PARAGRAPHS)
def test_extracted_incidents_round_trip(date, text):
    found = extract_incidents(make_analysis(text, date))
    assert found, text
    for inc in found:
        d = inc.to_dict()
        assert Incident.from_dict(d).to_dict() == d


def test_from_dict_restores_types():
    inc = Incident(id="x-i1", type="Battles", sub_type="Armed clash", text="t", start=0, end=1,
                   spans=[(0, 1)], place=Place("Goma", 3, 7, name="Goma", lat=-1.68, lon=29.22),
                   date=dt.date(2024, 1, 2), date_end=dt.date(2024, 1, 3), killed=4, injured=0, casualties_text="4")
    back = Incident.from_dict(inc.to_dict())
    assert back.date == dt.date(2024, 1, 2) and back.date_end == dt.date(2024, 1, 3)
    assert back.spans == [(0, 1)] and back.place == inc.place
    assert (back.killed, back.injured) == (4, 0)
    assert back == inc


def test_place_serialisation_is_the_models():
    inc = extract_incidents(make_analysis(PARAGRAPHS[1][1], PARAGRAPHS[1][0]))[0]
    assert inc.to_dict()["place"] == inc.place.to_dict()


def test_package_keeps_its_public_names():
    for name in ("extract_incidents", "EVENT_TYPES", "Incident", "split_sentences", "BATTLES", "VAC"):
        assert hasattr(incidents_pkg, name), name
    assert incidents_pkg.Incident is Incident
    assert not hasattr(incidents_pkg, "place_dict")
