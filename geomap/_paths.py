"""Where geomap finds its reference data and keeps its on-disk caches."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sys
import tempfile
import threading
import time
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
    """The user's cache folder for derived indexes (``GEOMAP_CACHE_DIR`` overrides it).

    When it cannot be created (a path under a file, a read-only parent), a private temporary folder
    for this process is used instead, with a one-line warning: slower, but no command fails for it.
    """
    env = os.environ.get("GEOMAP_CACHE_DIR")
    if env:
        base = Path(env)
    else:
        xdg = os.environ.get("XDG_CACHE_HOME")
        base = (Path(xdg) if xdg else Path.home() / ".cache") / "geomap"
    try:
        base.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        if base not in _unusable:
            _unusable.add(base)
            cache_notice(f"cannot create the cache folder {base} ({err.strerror or err}); "
                         "using a temporary folder for this run")
        return private_cache_dir()
    return base


_private_dir: Path | None = None
_unusable: set[Path] = set()  # cache folders already warned about
_private_lock = threading.Lock()


def private_cache_dir() -> Path:
    """A temporary cache folder for this process only (removed at exit), for an unwritable cache folder."""
    global _private_dir
    with _private_lock:
        if _private_dir is None:
            _private_dir = Path(tempfile.mkdtemp(prefix="geomap-cache-"))
            owner = os.getpid()

            def remove(folder: Path = _private_dir) -> None:
                if os.getpid() == owner:  # not from a forked child that exits normally
                    shutil.rmtree(folder, ignore_errors=True)

            atexit.register(remove)
        return _private_dir


def is_private_cache_dir(path: Path) -> bool:
    """Whether ``path`` is this process's temporary cache folder (see :func:`private_cache_dir`)."""
    return _private_dir is not None and Path(path) == _private_dir


def cache_notice(message: str) -> None:
    """One line on stderr about cache work the user waits for or should know of (``geomap: ...``)."""
    print(f"geomap: {message}", file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- cache hygiene

PRUNE_AFTER_S = 30 * 86400  # a cache file of other data (or another geomap copy) unused this long is removed
TOUCH_AFTER_S = 86400  # the mtime of a cache file in use is refreshed at most once a day


def prune_unused(folder: Path, pattern: str, keep: Path, now: float | None = None) -> list[Path]:
    """Remove the files matching ``pattern`` in ``folder``, other than ``keep``, unused for PRUNE_AFTER_S.

    "Unused" is read from the mtime, which :func:`mark_used` refreshes: two copies of geomap on one machine
    (an editable checkout and an installed one, maybe with different data) keep their own caches instead of
    deleting each other's on every switch.
    """
    now = time.time() if now is None else now
    removed = []
    for old in folder.glob(pattern):
        try:
            if old != keep and now - old.stat().st_mtime > PRUNE_AFTER_S:
                old.unlink()
                removed.append(old)
        except OSError:
            continue
    return removed


def mark_used(path: Path) -> None:
    """Refresh a cache file's mtime (at most daily), which :func:`prune_unused` reads as its last use."""
    with contextlib.suppress(OSError):
        if time.time() - path.stat().st_mtime > TOUCH_AFTER_S:
            os.utime(path)
