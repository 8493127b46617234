"""One exception root for geomap; subclasses also inherit the builtin they resemble."""

from __future__ import annotations


class GeomapError(Exception):
    """Root of every error geomap raises on purpose."""


class InputError(GeomapError, ValueError):
    """An input cannot be read or parsed (missing file, binary data, bad JSON line...)."""


class DataError(GeomapError, RuntimeError):
    """Reference data in data/ is missing or damaged."""


class OutputError(GeomapError, OSError):
    """An output cannot be written."""


class GeocoderError(GeomapError):
    """An online geocoder failed (timeout, quota, malformed answer)."""


class GeocoderTimeout(GeocoderError, TimeoutError):
    """An online geocoder did not answer in time."""


class BudgetExceeded(InputError):
    """One document is over its size or time budget; a run records this and goes on with the next."""

    def __init__(self, message: str, *, timed_out: bool = False) -> None:
        super().__init__(message)
        self.timed_out = timed_out  # the time budget (not the size) was spent
