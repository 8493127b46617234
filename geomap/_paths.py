"""Where geomap finds its reference data and keeps its on-disk caches."""

from __future__ import annotations

import os
from pathlib import Path

from .errors import DataError


def data_dir() -> Path:
    """The folder holding the packaged reference data (the repo's ``data/``).

    ``GEOMAP_DATA_DIR`` overrides it; a source checkout or editable install uses the repo's
    ``data/``; a wheel install uses the copy installed as the package ``geomap.data``.
    """
    env = os.environ.get("GEOMAP_DATA_DIR")
    if env:
        return Path(env)
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "data", here / "data"):
        if (candidate / "SOURCES.md").exists():
            return candidate
    try:
        import geomap.data as pkg  # installed copy of data/

        return Path(pkg.__file__).resolve().parent
    except ImportError as err:  # pragma: no cover - broken install
        raise DataError("geomap's reference data folder (data/) was not found") from err


def data_file(name: str) -> Path:
    """Path of one reference data file; a clear error when it is missing."""
    path = data_dir() / name
    if not path.exists():
        raise DataError(f"reference data file missing: {path} (see data/SOURCES.md to rebuild it)")
    return path


def cache_dir() -> Path:
    """The user's cache folder for derived indexes (``GEOMAP_CACHE_DIR`` overrides it)."""
    env = os.environ.get("GEOMAP_CACHE_DIR")
    if env:
        base = Path(env)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "geomap"
    base.mkdir(parents=True, exist_ok=True)
    return base
