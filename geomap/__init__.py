"""geomap: news text in; checked, mapped incidents out.

    >>> import geomap
    >>> a = geomap.analyze("Located around 30 kilometres from the Russian border, Kharkiv ...")
    >>> [p.name for p in a.places]

Everything works offline; online geocoders are opt-in (see :mod:`geomap.geocoders`).
"""

from .errors import DataError, GeocoderError, GeomapError, InputError, OutputError
from .model import Analysis, Document, Place
from .pipeline import analyze

__version__ = "0.1.0"

# Heavier stages load on first use, so that ``import geomap`` stays fast.
_LAZY = {
    "Claim": ("geomap.model", "Claim"),
    "check_text": ("geomap.pipeline", "check_text"),
    "Tolerance": ("geomap.claims", "Tolerance"),
    "Incident": ("geomap.incidents", "Incident"),
    "GazetteerGeocoder": ("geomap.geocoders", "GazetteerGeocoder"),
    "get_gazetteer": ("geomap.gazetteer", "get_gazetteer"),
}


def __getattr__(name: str):
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
    "Tolerance",
    "check_text",
    "get_gazetteer",
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
