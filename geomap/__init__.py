"""geomap: news text in; checked, mapped incidents out.

    >>> import geomap
    >>> a = geomap.analyze("Located around 30 kilometres from the Russian border, Kharkiv ...")
    >>> [p.name for p in a.places]

Everything works offline; online geocoders are opt-in (see :mod:`geomap.geocoders`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import DataError, GeocoderError, GeomapError, InputError, OutputError
from .model import Analysis, Claim, Document, Incident, Place
from .model import analysis as _model_analysis
from .pipeline import analyze, check_text

if TYPE_CHECKING:  # what a type checker sees for the names loaded on first use below
    from .claims import Tolerance
    from .export import to_geodataframe
    from .gazetteer import get_gazetteer
    from .geocoders import GazetteerGeocoder
    from .render.notebook import MapView


def _notebook_view(analyses: list[Analysis]) -> str:
    """Analysis._repr_html_: the map plus tables, from the outputs layer (loaded on first display)."""
    from .render.notebook import notebook_html

    return notebook_html(analyses)


_model_analysis.HTML_VIEW[:] = [_notebook_view]

# Heavier stages load on first use, so that ``import geomap`` stays fast.
_LAZY = {
    "Tolerance": ("geomap.claims", "Tolerance"),
    "GazetteerGeocoder": ("geomap.geocoders", "GazetteerGeocoder"),
    "get_gazetteer": ("geomap.gazetteer", "get_gazetteer"),
    "to_geodataframe": ("geomap.export", "to_geodataframe"),
    "MapView": ("geomap.render.notebook", "MapView"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        module, attr = _LAZY[name]
        value = getattr(importlib.import_module(module), attr)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")


__all__ = [
    "Analysis",
    "Claim",
    "GazetteerGeocoder",
    "Incident",
    "MapView",
    "Tolerance",
    "check_text",
    "get_gazetteer",
    "to_geodataframe",
    "DataError",
    "Document",
    "GeocoderError",
    "GeomapError",
    "InputError",
    "OutputError",
    "Place",
    "analyze",
    "__version__",
]
