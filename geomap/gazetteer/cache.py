"""The gazetteer index file in the cache folder: named by content, verified on open, built once, pruned late.

``gazetteer-<data>-<file>.sqlite``: ``<data>`` is a checksum of the data files' *content* (and of the
index schema), so an editable checkout and an installed copy of the same data share one index;
``<file>`` is the Adler-32 of the index itself, checked on every open (a few milliseconds), so a
truncated or garbled index is found and rebuilt instead of failing later. One process builds while
others wait on a lock; the build goes to a ``.part`` file renamed into place, and ``.part`` files of
dead builds are removed. Indexes of other data are removed only when unused for 30 days, so
switching between two copies of geomap does not rebuild each time. An unwritable cache folder
falls back to a private temporary folder, with a one-line warning.
"""

from __future__ import annotations

import contextlib
import hashlib
import mmap
import os
import re
import sqlite3
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

from .._paths import (
    cache_dir,
    cache_notice,
    is_private_cache_dir,
    mark_used,
    private_cache_dir,
    prune_unused,
)
from ..errors import DataError
from .build import SCHEMA_VERSION, default_data_paths, write_index

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, concurrent builds still rename atomically
    fcntl = None

STALE_PART_S = 6 * 3600  # a .part older than this is removed even if its pid looks alive
LOCK_WAIT_S = 600.0  # after this long waiting for another build, build our own copy

_INDEX_NAME = re.compile(r"gazetteer-([0-9a-f]{16})-([0-9a-f]{8})\.sqlite")
_PART_NAME = re.compile(r"\.gazetteer-[0-9a-f]{16}\.(\d+)\.part")
_SQLITE_MAGIC = b"SQLite format 3\x00"


def data_checksum(paths: tuple[Path, ...]) -> str:
    """Checksum of the index schema and of the data files' bytes (not their paths or times)."""
    digest = hashlib.sha1(f"gazetteer-index-{SCHEMA_VERSION}".encode())
    for path in paths:
        try:
            content = hashlib.sha1()
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    content.update(block)
            digest.update(f"{path.name}\0".encode() + content.digest())
        except OSError as err:
            raise DataError(f"cannot read reference data {path}: {err.strerror or err}") from err
    return digest.hexdigest()[:16]


def file_checksum(path: Path) -> str:
    """Adler-32 of a whole file, as 8 hex digits (about 15 ms for the 30 MB index)."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size == 0:
            return f"{zlib.adler32(b''):08x}"
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as view:
            return f"{zlib.adler32(view):08x}"


def verify(path: Path) -> str | None:
    """None when ``path`` is a sound index; else what is wrong with it (truncated, garbled...)."""
    match = _INDEX_NAME.fullmatch(path.name)
    if match is None:
        return "not an index file name"
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
            size = os.fstat(fh.fileno()).st_size
    except OSError as err:
        return f"unreadable ({err.strerror or err})"
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        return "not an SQLite file"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if size != page_size * int.from_bytes(header[28:32], "big"):
        return "truncated or extended"
    try:
        found = file_checksum(path)
    except (OSError, ValueError) as err:
        return f"unreadable ({err})"
    return None if found == match.group(2) else "checksum mismatch (damaged)"


def find_index(folder: Path, data_sum: str) -> Path | None:
    """A sound index of this data in ``folder``; damaged ones are removed (when the folder allows)."""
    for candidate in sorted(folder.glob(f"gazetteer-{data_sum}-*.sqlite")):
        problem = verify(candidate)
        if problem is None:
            return candidate
        cache_notice(f"the gazetteer index {candidate} is damaged ({problem}); rebuilding it")
        with contextlib.suppress(OSError):
            candidate.unlink()
    return None


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process, or no permission to ask: assume alive
        return True
    return True


def clean_stale_parts(folder: Path, now: float | None = None) -> list[Path]:
    """Remove ``.part`` files of builds whose process is gone, and any older than STALE_PART_S."""
    now = time.time() if now is None else now
    removed = []
    for part in folder.glob(".gazetteer-*.part"):
        match = _PART_NAME.fullmatch(part.name)
        try:
            age = now - part.stat().st_mtime
            pid = int(match.group(1)) if match else None
            dead = pid is not None and pid != os.getpid() and not _pid_alive(pid)
            if dead or (pid != os.getpid() and age > STALE_PART_S):
                part.unlink()
                removed.append(part)
        except OSError:
            continue
    return removed


def prune(folder: Path, keep: Path, now: float | None = None) -> list[Path]:
    """Remove gazetteer indexes other than ``keep`` that nobody opened for PRUNE_AFTER_S (by mtime)."""
    return prune_unused(folder, "gazetteer-*.sqlite", keep, now)


@contextlib.contextmanager
def _build_lock(folder: Path) -> Iterator[None]:
    """Exclusive lock on ``folder/gazetteer.lock`` (OSError when the folder is read-only).

    Without it two first runs would both build (safe, as each renames its own file into place, but
    twice the work); a process that cannot lock (no locks on the file system, or waiting too long)
    builds its own copy."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    with open(folder / "gazetteer.lock", "a+b") as fh:
        deadline = time.monotonic() + LOCK_WAIT_S
        told = False
        while True:
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    cache_notice("gave up waiting for the other build; building a copy of the gazetteer index")
                    break
                if not told:
                    cache_notice("waiting for another geomap process to finish building the gazetteer index")
                    told = True
                time.sleep(0.1)
            except OSError:  # no locks on this file system: builds still rename atomically
                break
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def build_into(folder: Path, data_sum: str, data_paths: tuple[Path, Path], *, announce: bool = True) -> Path:
    """Build the index in ``folder`` under a ``.part`` name, then rename it to its checked name."""
    if announce:
        cache_notice(f"building the gazetteer index in {folder} (first use; a few seconds)")
    part = folder / f".gazetteer-{data_sum}.{os.getpid()}.part"
    try:
        write_index(part, data_paths, meta={"data": data_sum})
        final = folder / f"gazetteer-{data_sum}-{file_checksum(part)}.sqlite"
        os.replace(part, final)
    finally:
        part.unlink(missing_ok=True)
    return final


def _build_shared(folder: Path, data_sum: str, data_paths: tuple[Path, Path]) -> Path:
    """Build in the cache folder under its lock (unless the process we waited for did), then prune."""
    with _build_lock(folder):
        found = find_index(folder, data_sum)
        if found is None:
            clean_stale_parts(folder)
            found = build_into(folder, data_sum, data_paths, announce=not is_private_cache_dir(folder))
    prune(folder, keep=found)
    return found


def ensure_index() -> Path:
    """Path of a sound index of the packaged data, building it first if needed."""
    paths = default_data_paths()
    data_sum = data_checksum(paths)
    folder = cache_dir()  # a private temporary folder when it cannot be created
    found = find_index(folder, data_sum)
    if found is not None:
        mark_used(found)
        return found
    try:
        return _build_shared(folder, data_sum, paths)
    except (OSError, sqlite3.OperationalError) as err:
        if is_private_cache_dir(folder):
            raise DataError(f"cannot build the gazetteer index in {folder}: {err}") from err
        private = private_cache_dir()
        cache_notice(f"cannot write the cache folder {folder} ({err}); "
                     "building the gazetteer index in a temporary folder for this run")
    try:
        return find_index(private, data_sum) or build_into(private, data_sum, paths, announce=False)
    except (OSError, sqlite3.OperationalError) as err:
        raise DataError(f"cannot build the gazetteer index in {private}: {err}") from err
