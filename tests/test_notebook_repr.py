"""Analyses display themselves in Jupyter: the map (offline assets) plus tables, escaped."""

from __future__ import annotations

import geomap
from geomap.model import Analysis, Document, Place


def _analysis(text: str) -> Analysis:
    start = text.index("Kharkiv")
    return Analysis(Document(text=text, id="nb", title="Strike <b>on</b> Kharkiv"),
                    places=[Place("Kharkiv", start, start + 7, name="Kharkiv", lat=49.98, lon=36.25,
                                  country_code="UA", feature="city")])


def test_analysis_repr_html_is_the_map_and_tables():
    html = _analysis("Shelling hit Kharkiv on Monday.")._repr_html_()
    assert "<iframe" in html and "srcdoc=" in html  # the map, sandboxed, with its assets inline
    assert "<h4>Places</h4>" in html and "Kharkiv" in html
    assert "<b>on</b>" not in html  # the title is text, never markup
    assert "unpkg.com" not in html and "cdn.jsdelivr" not in html  # no asset from the network


def test_a_list_of_analyses_displays_through_mapview():
    view = geomap.MapView([_analysis("Shelling hit Kharkiv on Monday."), _analysis("Kharkiv was hit again.")])
    html = view._repr_html_()
    assert html.count("<h4>Places</h4>") == 1 and "2 documents" in html


def test_nothing_located_gives_tables_without_a_map():
    html = Analysis(Document(text="Nothing here.", id="empty"))._repr_html_()
    assert "<iframe" not in html and "no map" in html
