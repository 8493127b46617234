"""Old import path of :mod:`geomap.claims.verdict` (the tolerance policy and ``judge``).

Kept only so that callers not yet moved (``geomap.cli``, ``tests/test_check_cli.py``) still import;
new code imports from :mod:`geomap.claims`. Remove once nothing imports ``geomap.validate``.
"""

from .claims.verdict import DEFAULT_TOLERANCE, Tolerance, judge, place_extent_km, rounding_step_km

__all__ = ["DEFAULT_TOLERANCE", "Tolerance", "judge", "place_extent_km", "rounding_step_km"]
