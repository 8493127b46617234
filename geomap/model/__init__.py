"""The JSON contract's types: Document in; Place, Claim and Incident found; Analysis out.

Every type has ``to_dict`` and ``from_dict``; :func:`validate_location` is the one coordinate check.
This is the base layer: it imports nothing else from geomap.
"""

from .analysis import Analysis
from .claim import Claim, Reference
from .core import FEATURES, Document, Place, validate_location
from .incident import Incident, IncidentSource

__all__ = ["FEATURES", "Analysis", "Claim", "Document", "Incident", "IncidentSource", "Place", "Reference",
           "validate_location"]
