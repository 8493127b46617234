"""Choosing the place each toponym mention refers to, in the context of the whole document.

``resolver`` scores each name's candidates without context (priors, cues, containers) and returns
Places; ``context`` re-scores them with what the document's other names say, within bounds.
"""

from .resolver import resolve

__all__ = ["resolve"]
