"""folium's document model: the element classes ``folium`` re-exports (``folium.Figure`` & co.).

They live in ``branca``, the library folium is built on; importing them from there costs about
0.3 s, against 0.9 s for ``import folium``, which keeps a cold ``geomap map`` well under 1.5 s.
"""

from branca.element import CssLink, Element, Figure, JavascriptLink

__all__ = ["CssLink", "Element", "Figure", "JavascriptLink"]
