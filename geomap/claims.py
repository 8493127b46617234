"""Distance and direction claims (placeholder until the spatial-claims work lands)."""

from __future__ import annotations


def extract_claims(analysis) -> list:
    """Claims of an analysed document, each with a verdict."""
    return []
