"""folium's document model, with one rule: no text ever reaches Jinja2 as template source.

The element classes ``folium`` re-exports (``folium.Figure`` & co.) live in ``branca``, the library
folium is built on; importing them from there costs about 0.3 s, against 0.9 s for ``import folium``.

branca's ``Element(template)`` compiles its argument as a Jinja2 template, so markup holding article
text (``{{ ... }}`` in a quote) would be *evaluated* when the page renders. geomap therefore never
passes markup to ``Element``: :class:`RawHTML` holds finished, already-escaped markup and returns it
as it is. ``Figure`` keeps its own fixed template; the title is given to it as a value, never as source.
"""

from __future__ import annotations

from branca.element import CssLink, Element, Figure, JavascriptLink

__all__ = ["CssLink", "Element", "Figure", "JavascriptLink", "RawHTML"]


class RawHTML(Element):
    """A document element whose markup is emitted verbatim: never compiled or evaluated as a template."""

    def __init__(self, markup: str = "") -> None:
        super().__init__()  # no template: branca compiles nothing for this element
        self._markup = str(markup)

    def render(self, **kwargs) -> str:
        """The children's markup (in order), then this element's own, exactly as given."""
        parts = [child.render(**kwargs) for child in self._children.values()]
        parts.append(self._markup)
        return "\n".join(p for p in parts if p)
