"""The ``geomap`` command line: click commands only; the work is done by the library below.

Exit codes: 0 done; 1 nothing could be produced (bad input, unwritable output);
2 usage error (click); 130 interrupted. ``geomap check`` documents its own codes.
"""

from __future__ import annotations

from . import analyse, batch, check, lookup  # noqa: F401  (each module adds its commands to main)
from .check import TOLERANCE_KEYS as _TOLERANCE_KEYS  # noqa: F401  (kept in step with Tolerance by a test)
from .group import CommandError, main

__all__ = ["CommandError", "main"]
