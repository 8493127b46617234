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

__all__ = [
    "Analysis",
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
