"""Russian and Ukrainian adjectival names spelt "-sky" or "-skiy": both spellings are candidates (resolver).

A name the gazetteer holds under one romanisation ("Oktyabrsky", a large town) may mean a village it holds
under the other ("Oktyabr'skiy"); the document's other places choose between them.
"""

from __future__ import annotations

from geomap.divisions import get_divisions
from geomap.gazetteer import get_gazetteer
from geomap.pipeline import analyze


def _place(text: str, name: str):
    return next(p for p in analyze(text).places if p.text == name)


def test_the_other_spelling_is_chosen_when_the_text_names_its_region():
    gaz = get_gazetteer()
    assert gaz.lookup("Oktyabrsky") and gaz.lookup("Oktyabr'skiy")  # both spellings stand in the data
    p = _place("Drones struck homes in Oktyabrsky in the Belgorod region before dawn, the governor wrote.",
               "Oktyabrsky")
    region = get_divisions().find("Belgorod", "RU")
    assert p.resolved and region is not None
    assert region.contains(p.lat, p.lon)  # the outline decides, not the resolver


def test_without_a_region_the_larger_town_still_wins():
    biggest = max((e for e in get_gazetteer().lookup("Oktyabrsky") + get_gazetteer().lookup("Oktyabr'skiy")),
                  key=lambda e: e.population)
    p = _place("Oktyabrsky opened a new bus station this spring.", "Oktyabrsky")
    assert (p.lat, p.lon) == (biggest.lat, biggest.lon)
