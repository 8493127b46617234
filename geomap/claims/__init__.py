"""Spatial claims: parse them from text, measure them on the ellipsoid, judge them against the words.

    parse    numbers, units, hedges, directions, references and subjects -> :class:`Claim` objects
             (figures: numbers, units and hedges; forms: "N km away", subjects across claims)
    measure  geodesic distance and bearing from the reference (border, place, capital) to the subject
    verdict  the tolerance policy (:class:`Tolerance`) and :func:`judge`

``extract_claims(analysis)`` runs the three on an analysed document. Nothing here raises on odd
text: a claim that cannot be checked is ``unverifiable`` and its ``reason`` says why.
"""

from __future__ import annotations

from ..model import Analysis, Claim, Place, Reference
from ..model.claim import KM_PER_UNIT
from ..text import parse_number
from .parse import parse_claims
from .verdict import DEFAULT_TOLERANCE, Tolerance, judge, place_extent_km, rounding_step_km

__all__ = ["DEFAULT_TOLERANCE", "KM_PER_UNIT", "Claim", "Reference", "Tolerance", "extract_claims", "judge",
           "parse_claims", "parse_number", "place_extent_km", "rounding_step_km"]


def extract_claims(analysis: Analysis, *, tolerance: Tolerance | None = None, boundaries=None) -> list[Claim]:
    """The claims of an analysed document, each measured and given a verdict.

    Uses ``analysis.places`` (resolved, with offsets) to find subjects and references. Never
    raises for odd text: unverifiable claims carry their reason.
    """
    tol = tolerance or DEFAULT_TOLERANCE
    claims = parse_claims(analysis.document.text, analysis.places, analysis.document)
    placed: dict[int, Place] = {}  # a subject placed by its claim (a namesake, a recovered name), by identity
    for c in claims:
        ref_place = c.reference.place
        if ref_place is not None and id(ref_place) in placed:  # "nearby X": near an earlier claim's subject
            c.reference.place = placed[id(ref_place)]
        before = c.subject
        judge(c, tol, boundaries)
        if before is not None and c.subject is not before:
            placed[id(before)] = c.subject
    return claims
