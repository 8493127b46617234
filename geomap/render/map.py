"""Folium map of resolved places (minimal; the maps work extends it)."""

from __future__ import annotations

import html

from .._atomic import atomic_open


def write_map(analyses, path) -> None:
    import folium

    places = [p for a in analyses for p in a.places if p.resolved]
    m = folium.Map(tiles="OpenStreetMap")
    for p in places:
        folium.Marker([p.lat, p.lon], tooltip=html.escape(p.name or p.text),
                      popup=folium.Popup(html.escape(p.text), parse_html=False)).add_to(m)
    if places:
        m.fit_bounds([[min(p.lat for p in places), min(p.lon for p in places)],
                      [max(p.lat for p in places), max(p.lon for p in places)]])
    with atomic_open(path) as fh:
        fh.write(m.get_root().render())
