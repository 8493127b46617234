"""Incidents reported in a text (placeholder until the incidents work lands)."""

from __future__ import annotations


def extract_incidents(analysis) -> list:
    """Incidents of an analysed document."""
    return []
