"""Analyses in Jupyter: the map and the tables of incidents, claims and places, inline and offline.

    from geomap.render.notebook import MapView
    MapView(analyses)            # a cell showing this displays the map and the tables

``Analysis._repr_html_`` (and that of a list of analyses) returns :func:`notebook_html`. The map is a
complete geomap page (inline Leaflet, no network needed but for tiles) inside an ``<iframe srcdoc>``
sandboxed to scripts only, as folium does: the notebook's own styles and scripts cannot clash with
the map's, and the map's script cannot reach the notebook. The tables are plain escaped HTML.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any

from .map import default_title, render_page
from .mapdata import build_map_data
from .report import claims_table, incidents_table, places_table

NOTEBOOK_STYLE = """<style>
.geomap-notebook { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #111827; }
.geomap-notebook h3 { margin: .3em 0; font-size: 1.15em; }
.geomap-notebook h4 { margin: .9em 0 .3em; font-size: 1em; }
.geomap-notebook table { border-collapse: collapse; width: 100%; font-size: .95em; }
.geomap-notebook th, .geomap-notebook td { border: 1px solid #e5e7eb; padding: .25em .45em; text-align: left;
  vertical-align: top; }
.geomap-notebook th { background: #f1f5f9; }
.geomap-notebook .gm-evidence { font-style: italic; color: #374151; }
.geomap-notebook .gm-flag { background: #fef3c7; color: #92400e; padding: 0 .3em; border-radius: 3px; }
.geomap-notebook .gm-none { color: #6b7280; font-style: italic; }
.geomap-notebook iframe { width: 100%; border: 1px solid #e5e7eb; border-radius: 4px; }
</style>"""


def notebook_html(analyses: Iterable[Any], *, tiles: str = "osm", height: int = 480) -> str:
    """The map (when anything is located) and the tables of ``analyses``, as one HTML block."""
    md = build_map_data(list(analyses))
    title = default_title(md) or "geomap"
    multi = len(md.docs) > 1
    parts = [NOTEBOOK_STYLE, '<div class="geomap-notebook">', f"<h3>{html.escape(title)}</h3>"]
    if md.empty:
        parts.append('<p class="gm-none">Nothing could be located, so there is no map.</p>')
    else:
        page = render_page(md, title=title, tiles=tiles)
        parts.append(f'<iframe class="geomap-frame" sandbox="allow-scripts" style="height:{int(height)}px" '
                     f'title="{html.escape("Map: " + title, quote=True)}" '
                     f'srcdoc="{html.escape(page, quote=True)}"></iframe>')
    parts += [f"<h4>Incidents</h4>{incidents_table(md, multi)}", f"<h4>Claims</h4>{claims_table(md, multi)}",
              f"<h4>Places</h4>{places_table(md, None)}", "</div>"]
    return "\n".join(parts)


class MapView:
    """Displays as the map plus tables in Jupyter (``_repr_html_``); ``str()`` of it is that HTML."""

    def __init__(self, analyses: Any, *, tiles: str = "osm", height: int = 480) -> None:
        self.analyses = list(analyses) if isinstance(analyses, (list, tuple)) else [analyses]
        self.tiles = tiles
        self.height = height

    def _repr_html_(self) -> str:
        return notebook_html(self.analyses, tiles=self.tiles, height=self.height)

    def __str__(self) -> str:
        return self._repr_html_()
