"""The JavaScript and CSS a map needs, inline (offline, the default) or as CDN links (``cdn=True``).

Leaflet and Leaflet.markercluster are not copied into this repository: they are read at render time
from the installed package ``folium-offline`` (MIT), which ships folium 0.20's assets keyed by the CDN
URLs folium itself uses. geomap's own map script and style live beside this module in ``assets/``.
The country-outline basemap is ``data/basemap_countries_110m.json``; the town-scale context of each map
is built by :mod:`geomap.render.basemap` (see data/SOURCES.md).
"""

from __future__ import annotations

import ast
import functools
import hashlib
import importlib.util
import json
from pathlib import Path
from typing import Any

from ..errors import DataError

# The assets of folium 0.20 that geomap's maps use, in load order (URLs as folium-offline keys them).
LEAFLET_JS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.js"
LEAFLET_CSS = "https://cdn.jsdelivr.net/npm/leaflet@1.9.3/dist/leaflet.css"
CLUSTER_JS = "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/leaflet.markercluster.js"
CLUSTER_CSS = (
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.css",
    "https://cdnjs.cloudflare.com/ajax/libs/leaflet.markercluster/1.1.0/MarkerCluster.Default.css",
)
JS_URLS = (LEAFLET_JS, CLUSTER_JS)
CSS_URLS = (LEAFLET_CSS, *CLUSTER_CSS)

# SHA-256 of each asset as extracted from folium-offline 0.20.0.2 (source maps dropped). The on-disk
# cache is used only when every asset in it has its known digest, and only assets with their known
# digest are ever cached: anyone able to write the cache folder could otherwise put script into every
# map. Another folium-offline release still works: its assets are read from the package each time.
KNOWN_ASSET_SHA256 = {
    LEAFLET_JS: "c15b3c2a423d5b29256a8ad3840d98f6cf346d278abce053e09d0e3ab0e286aa",
    CLUSTER_JS: "9bcc3cd3ab46a28ad880e4dbb2306c70e2bc8d4f5dc8717b9a1230243a59e6fa",
    LEAFLET_CSS: "49cdde75c973006367345e3811ea4a697bbd2e4de7699e18de974b482ccb0ce6",
    CLUSTER_CSS[0]: "68b1fe37e4b91299b0e229ab4c62d4a351e077036a8897f36b36d5a3ab1263d6",
    CLUSTER_CSS[1]: "61258232d98d64dc2a7b1e02130d67421bc5b9bda5994eef70228ff97570c170",
}

_HERE = Path(__file__).resolve().parent / "assets"
BASEMAP_FILE = "basemap_countries_110m.json"
OWN_SCRIPTS = ("geomap-labels.js", "geomap-time.js", "geomap-map.js")  # in load order


@functools.lru_cache(maxsize=1)
def vendor_assets() -> dict[str, str]:
    """The text of every asset in JS_URLS and CSS_URLS, read from the installed folium-offline.

    folium-offline keeps its assets as string literals ``_res[URL] = '''...'''`` in one large module;
    importing that module costs about a second, so the few literals needed are located in its source
    and evaluated on their own. If the layout ever changes, the module is imported instead.
    """
    spec = importlib.util.find_spec("offlinefolium")
    if spec is None or not spec.submodule_search_locations:
        raise DataError("the package folium-offline is not installed; it provides the map's inline "
                        "JavaScript (pip install folium-offline, or use --cdn)")
    src_file = Path(next(iter(spec.submodule_search_locations))) / "elements.py"
    wanted = (*JS_URLS, *CSS_URLS)
    cached = _read_cache(src_file, wanted)
    if cached is not None:
        return cached
    try:
        out = _literals_from_source(src_file.read_text(encoding="utf-8"), wanted)
    except (OSError, ValueError, SyntaxError):
        out = {}
    if len(out) != len(wanted):
        try:
            from offlinefolium.elements import _res  # slow fallback
        except ImportError as err:  # pragma: no cover - broken install
            raise DataError(f"folium-offline could not be loaded: {err}") from err
        missing = [u for u in wanted if u not in _res]
        if missing:
            raise DataError(f"folium-offline lacks the map asset {missing[0]}; install folium-offline 0.20.x")
        out = {u: _res[u] for u in wanted}
    out = {u: _clean(t) for u, t in out.items()}
    _write_cache(src_file, out)
    return out


def _cache_file(src_file: Path) -> Path | None:
    """The on-disk copy of the extracted assets, keyed by the size and time of folium-offline's file."""
    try:
        from .._paths import cache_dir

        st = src_file.stat()
        return cache_dir() / f"map-assets-{st.st_size}-{st.st_mtime_ns}.json"
    except OSError:
        return None


def _read_cache(src_file: Path, wanted) -> dict[str, str] | None:
    path = _cache_file(src_file)
    try:
        data = json.loads(path.read_text(encoding="utf-8")) if path else None
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not all(_known(u, data.get(u)) for u in wanted):
        return None  # damaged or tampered with: extracted again (and the cache rewritten)
    return {u: data[u] for u in wanted}


def _known(url: str, text: object) -> bool:
    """Is ``text`` exactly the asset ``url`` of the folium-offline release geomap was checked with?"""
    return isinstance(text, str) and hashlib.sha256(text.encode("utf-8")).hexdigest() == KNOWN_ASSET_SHA256.get(url)


def _write_cache(src_file: Path, assets: dict[str, str]) -> None:
    """Best effort: a read-only cache folder only means the next render extracts again. Only assets
    with their known digest are cached (see KNOWN_ASSET_SHA256)."""
    from .._atomic import atomic_open
    from ..errors import GeomapError

    path = _cache_file(src_file)
    if path is None or not all(_known(u, t) for u, t in assets.items()):
        return
    try:
        with atomic_open(path) as fh:
            json.dump(assets, fh)
    except (OSError, GeomapError):
        pass


def _literals_from_source(src: str, urls) -> dict[str, str]:
    out = {}
    for url in urls:
        head = f"_res[{url!r}] = "
        i = src.find(head)
        if i < 0:
            continue
        j = i + len(head)
        quote = src[j:j + 3]
        if quote not in ("'''", '"""'):
            continue
        k = j + 3
        while True:  # find the closing triple quote, skipping backslash escapes
            k = src.find(quote, k)
            if k < 0:
                raise ValueError("unterminated literal")
            n_bs = 0
            while src[k - 1 - n_bs] == "\\":
                n_bs += 1
            if n_bs % 2 == 0:
                break
            k += 1
        out[url] = ast.literal_eval(src[j:k + 3])
    return out


def _clean(text: str) -> str:
    """Drop source-map comments (they would make a browser look for files that are not there)."""
    lines = [ln for ln in text.splitlines() if not ln.lstrip().startswith(("//# sourceMappingURL", "/*# sourceMappingURL"))]
    text = "\n".join(lines).strip()
    if "</script" in text.lower() or "</style" in text.lower():  # pragma: no cover - would break inlining
        raise DataError("a map asset contains a closing </script> or </style> tag and cannot be inlined")
    return text


@functools.cache
def own_asset(name: str) -> str:
    """geomap's own map script or style (``geomap-map.js``, ``geomap-map.css``, ``report.css`` ...)."""
    try:
        return (_HERE / name).read_text(encoding="utf-8")
    except OSError as err:
        raise DataError(f"map asset missing: {_HERE / name}") from err


@functools.lru_cache(maxsize=1)
def basemap_json() -> str:
    """The country-outline basemap as compact GeoJSON text."""
    from .._paths import data_file

    # "<" only ever occurs inside JSON strings, where \u003c means the same and cannot close a <script>.
    return data_file(BASEMAP_FILE).read_text(encoding="utf-8").strip().replace("<", "\\u003c")


def basemap() -> dict:
    """The country-outline basemap as a GeoJSON dict (for the static image)."""
    return json.loads(basemap_json())


def asset_elements(*, cdn: bool = False) -> list[tuple[str, Any]]:
    """(name, element) for everything a map needs before its own markup.

    Styles, Leaflet, markercluster, geomap's script and the basemap, as ``Element``s of folium's
    document model (inline, the default) or ``CssLink``/``JavascriptLink``s (``cdn=True``). Inline,
    each library is wrapped in a guard, so a page holding several map fragments runs each library
    once; geomap's own script guards itself the same way.
    """
    from . import _doc as folium  # folium's Element classes, without importing all of folium

    out: list[tuple[str, Any]] = []
    if cdn:
        for i, url in enumerate(CSS_URLS):
            out.append((f"css-{i}", folium.CssLink(url)))
        out.append(("leaflet", folium.JavascriptLink(LEAFLET_JS)))
        out.append(("markercluster", folium.JavascriptLink(CLUSTER_JS)))
    else:
        res = vendor_assets()
        css = "\n".join(res[u] for u in CSS_URLS)
        out.append(("leaflet-css", folium.RawHTML(f'<style data-geomap-asset="leaflet">\n{css}\n</style>')))
        out.append(("leaflet", folium.RawHTML(
            f'<script data-geomap-asset="leaflet">\nif (typeof window.L === "undefined") {{\n'
            f'{res[LEAFLET_JS]}\n}}\n</script>')))
        out.append(("markercluster", folium.RawHTML(
            f'<script data-geomap-asset="markercluster">\n'
            f'if (window.L && !window.L.MarkerClusterGroup) {{\n{res[CLUSTER_JS]}\n}}\n</script>')))
    out.append(("geomap-css", folium.RawHTML(
        f'<style data-geomap-asset="geomap">\n{own_asset("geomap-map.css")}\n</style>')))
    scripts = "\n".join(own_asset(name) for name in OWN_SCRIPTS)
    out.append(("geomap-js", folium.RawHTML(f'<script data-geomap-asset="geomap">\n{scripts}\n</script>')))
    out.append(("basemap", folium.RawHTML(
        '<script data-geomap-asset="basemap">\nif (!window.GeoMapBasemap) { window.GeoMapBasemap = '
        f'{basemap_json()}; }}\n</script>')))
    return out


def head_html(*, cdn: bool = False) -> str:
    """The markup of :func:`asset_elements`, for pages that geomap composes itself (the report)."""
    return "\n".join(el.render() for _name, el in asset_elements(cdn=cdn))
