"""Interactive Leaflet maps of analyses: a standalone page (default) or a fragment to paste in a page.

Pages and fragments are composed with folium's document model (``Figure``, ``Element``,
``CssLink``, ``JavascriptLink``: the classes ``folium`` re-exports from ``branca``, imported from
there because ``import folium`` alone takes about 0.9 s). The markers themselves are drawn by geomap's own Leaflet script
from one JSON block rather than by folium code generated per marker: a 5,000-incident map stays a
few MB and opens in about a second, and no text from an article ever becomes code.

The page is self-contained: Leaflet, markercluster, geomap's script, the country-outline basemap and
the data are all inline, so it works offline and keeps working when CDNs move (``cdn=True`` links
the two libraries online instead, for small files). The data travels as JSON in a
``<script type="application/json">`` block with ``<``, ``>`` and ``&`` escaped, and the script puts
every text on the page with ``textContent``: nothing from an article is ever parsed as HTML.
"""

from __future__ import annotations

import html
import json
import re
import secrets
from typing import Any

from .._atomic import atomic_open
from .assets import asset_elements
from .basemap import map_context
from .mapdata import MapData, build_map_data, public_source, require_something
from .view import padded

TILES = ("osm", "positron", "none")
TILE_SERVERS = {"osm": "tile.openstreetmap.org", "positron": "basemaps.cartocdn.com"}


TILE_NAMES = {"osm": "OpenStreetMap tiles", "positron": "CARTO Positron tiles"}


def tiles_notice(tiles: str, *, cdn: bool = False) -> str | None:
    """What to tell the user (on stderr) when a written map loads anything from the network when opened.

    None for ``tiles="none"`` without ``cdn``: such a map makes no network request at all.
    """
    loads = ([TILE_NAMES.get(tiles, f"{tiles} tiles")] if tiles != "none" else []) + (["Leaflet"] if cdn else [])
    if not loads:
        return None
    note = f"note: the page loads {' and '.join(loads)} from the network when opened"
    server = TILE_SERVERS.get(tiles)
    if server is not None:
        note += f" (the reader's browser asks {server} for the map area); --tiles none for no tile requests"
    return note


_ID_RE = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,63}$")


def json_for_script(obj: Any) -> str:
    """JSON that is safe inside an HTML ``<script>`` element (no ``<``, ``>`` or ``&`` left)."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"), default=str)
    return (text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def new_map_id() -> str:
    """A fresh element id, so that several maps on one page never clash."""
    return "geomap-" + secrets.token_hex(5)


def map_body(md: MapData, *, map_id: str, title: str | None = None, tiles: str = "osm",
             height: str = "520px", cluster_at: int = 40) -> str:
    """The map's own markup: its div, its data and the call that draws it (no assets)."""
    if not _ID_RE.match(map_id):
        raise ValueError(f"invalid map id {map_id!r}")
    if tiles not in TILES:
        raise ValueError(f"tiles must be one of {', '.join(TILES)}")
    if not re.fullmatch(r"\d+(\.\d+)?(px|vh|em|rem|%)", height):
        raise ValueError(f"invalid map height {height!r}")
    payload = md.payload(title=title, tiles=tiles, cluster_at=cluster_at)
    view = payload["view"]
    payload["context"] = map_context(padded(view["bounds"]) if view else None)
    label = html.escape(f"Map: {title}" if title else "Map")
    return (f'<div class="geomap" id="{map_id}" style="height:{height}">'
            f'<div class="gm-canvas" role="region" aria-label="{label}"></div>'
            f'<noscript>This map needs JavaScript.</noscript></div>\n'
            f'<script type="application/json" id="{map_id}-data">{json_for_script(payload)}</script>\n'
            f'<script>window.GeoMap && window.GeoMap.render("{map_id}");</script>')


def _assets(cdn: bool):
    """A folium element holding the map assets (see :func:`geomap.render.assets.asset_elements`)."""
    from ._doc import RawHTML

    holder = RawHTML()
    for name, el in asset_elements(cdn=cdn):
        holder.add_child(el, name=name)
    return holder


def render_fragment(md: MapData, *, map_id: str | None = None, title: str | None = None, cdn: bool = False,
                    tiles: str = "osm", height: str = "520px") -> str:
    """A snippet (assets, a div, its data and script; no ``<html>``) to paste into any page.

    Several fragments can share a page: ids are unique and each library runs only once.
    """
    from . import _doc as folium

    body = folium.RawHTML(map_body(md, map_id=map_id or new_map_id(), title=title, tiles=tiles, height=height))
    return f"<!-- geomap map fragment -->\n{_assets(cdn).render()}\n{body.render()}\n"


def render_page(md: MapData, *, title: str | None = None, cdn: bool = False, tiles: str = "osm",
                map_id: str | None = None) -> str:
    """A complete HTML page holding one full-window map (a folium ``Figure``)."""
    from . import _doc as folium

    fig = folium.Figure(title=html.escape(title or "geomap map"))
    fig.header.add_child(folium.RawHTML(
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="geomap">\n'
        "<style>html, body { margin: 0; padding: 0; height: 100%; }</style>"), name="page")
    fig.header.add_child(_assets(cdn), name="assets")
    body = map_body(md, map_id=map_id or new_map_id(), title=title, tiles=tiles, height="100vh")
    fig.html.add_child(folium.RawHTML(body), name="map")
    return fig.render().replace("<html>", '<html lang="en">', 1) + "\n"


def default_title(md: MapData) -> str | None:
    """The document's title (or id) for a one-document map, a count for several."""
    if len(md.docs) == 1:
        d = md.docs[0]
        return d.title or public_source(d.source) or d.id
    return f"{len(md.docs)} documents" if md.docs else None


def write_map(analyses, path, *, fragment: bool = False, cdn: bool = False, tiles: str = "osm",
              title: str | None = None, map_id: str | None = None) -> MapData:
    """Write the map of ``analyses`` (Analysis objects or their dicts) to ``path``, atomically.

    Raises :class:`geomap.render.NothingToMapError` when nothing has coordinates, and
    :class:`geomap.errors.OutputError` when ``path`` cannot be written. Returns the map's data.
    """
    md = build_map_data(analyses)
    require_something(md)
    title = title if title is not None else default_title(md)
    if fragment:
        text = render_fragment(md, map_id=map_id, title=title, cdn=cdn, tiles=tiles)
    else:
        text = render_page(md, title=title, cdn=cdn, tiles=tiles, map_id=map_id)
    with atomic_open(path) as fh:
        fh.write(text)
    return md
