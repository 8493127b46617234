"""The gazetteer index file in the cache folder: named by content, verified on open, built once, pruned late.

``gazetteer-<data>-<file>.sqlite``: ``<data>`` is a checksum of the data files' *content* (and of the
index schema), so an editable checkout and an installed copy of the same data share one index;
``<file>`` is the Adler-32 of the index itself, checked on open, so a truncated or garbled index is
found and rebuilt instead of failing later; both checksums read whole files (~20 ms), so their results
are remembered per file state (:class:`CheckedFiles`) and read again only after the file changed. One process builds while
others wait on a lock; the build goes to a ``.part`` file renamed into place, and ``.part`` files of
dead builds are removed. Indexes of other data are removed only when unused for 30 days, so
switching between two copies of geomap does not rebuild each time. An unwritable cache folder
falls back to a private temporary folder, with a one-line warning.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
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


class CheckedFiles:
    """What was found by reading whole files (a data file's SHA-1, an index's soundness), remembered in the
    cache folder's ``gazetteer-checked.json`` against each file's size, times, inode and device, so later
    runs skip the ~20 ms of reading 40 MB. Any write, rename or replacement changes the change time
    (``st_ctime``, which no program can set back), so a remembered result holds only for the same bytes;
    and a result is remembered only for a file unchanged for SETTLED_S, so that a change in the same
    clock tick as the check cannot go unseen. Unreadable or unwritable: nothing is remembered."""

    NAME = "gazetteer-checked.json"
    SETTLED_S = 2.0

    def __init__(self, folder: Path | None) -> None:
        self.path = folder / self.NAME if folder is not None else None
        self._known: dict[str, list] = {}
        self._changed = False
        if self.path is not None:
            with contextlib.suppress(OSError, ValueError, TypeError):
                known = json.loads(self.path.read_text(encoding="utf-8"))
                self._known = known if isinstance(known, dict) else {}

    @staticmethod
    def _stamp(path: Path) -> list[int] | None:
        try:
            st = os.stat(path)
        except OSError:
            return None
        return [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev]

    def get(self, path: Path) -> str | None:
        """The remembered result for this file as it is now, or None."""
        entry = self._known.get(str(Path(path).resolve()))
        stamp = self._stamp(path)
        if isinstance(entry, list) and len(entry) == 6 and stamp is not None and entry[:5] == stamp:
            return entry[5]
        return None

    def put(self, path: Path, result: str) -> None:
        """Remember ``result`` for this file, if it has been left alone for SETTLED_S."""
        stamp = self._stamp(path)
        if self.path is not None and stamp is not None \
                and time.time_ns() - max(stamp[1], stamp[2]) >= self.SETTLED_S * 1e9:
            self._known[str(Path(path).resolve())] = [*stamp, result]
            self._changed = True

    def save(self) -> None:
        if not self._changed or self.path is None:
            return
        self._changed = False
        self._known = {k: v for k, v in self._known.items() if os.path.exists(k)}  # removed files: forgotten
        tmp = self.path.with_name(f".{self.NAME}.{os.getpid()}.part")
        try:
            tmp.write_text(json.dumps(self._known), encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:  # a read-only cache folder only costs the reading
            with contextlib.suppress(OSError):
                tmp.unlink()


def data_checksum(paths: tuple[Path, ...], checked: CheckedFiles | None = None) -> str:
    """Checksum of the index schema and of the data files' bytes (not their paths or times)."""
    digest = hashlib.sha1(f"gazetteer-index-{SCHEMA_VERSION}".encode())
    for path in paths:
        known = checked.get(path) if checked is not None else None
        if known is not None:
            digest.update(f"{path.name}\0".encode() + bytes.fromhex(known))
            continue
        try:
            content = hashlib.sha1()
            with open(path, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    content.update(block)
            digest.update(f"{path.name}\0".encode() + content.digest())
        except OSError as err:
            raise DataError(f"cannot read reference data {path}: {err.strerror or err}") from err
        if checked is not None:
            checked.put(path, content.hexdigest())
    return digest.hexdigest()[:16]


def file_checksum(path: Path) -> str:
    """Adler-32 of a whole file, as 8 hex digits (about 15 ms for the 30 MB index)."""
    with open(path, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size == 0:
            return f"{zlib.adler32(b''):08x}"
        with mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as view:
            return f"{zlib.adler32(view):08x}"


def verify(path: Path, checked: CheckedFiles | None = None) -> str | None:
    """None when ``path`` is a sound index; else what is wrong with it (truncated, garbled...)."""
    match = _INDEX_NAME.fullmatch(path.name)
    if match is None:
        return "not an index file name"
    if checked is not None and checked.get(path) == "sound":
        return None
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
    if found != match.group(2):
        return "checksum mismatch (damaged)"
    if checked is not None:
        checked.put(path, "sound")
    return None


def find_index(folder: Path, data_sum: str, checked: CheckedFiles | None = None) -> Path | None:
    """A sound index of this data in ``folder``; damaged ones are removed (when the folder allows)."""
    for candidate in sorted(folder.glob(f"gazetteer-{data_sum}-*.sqlite")):
        problem = verify(candidate, checked)
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
    folder = cache_dir()  # a private temporary folder when it cannot be created
    checked = CheckedFiles(folder)
    data_sum = data_checksum(paths, checked)
    found = find_index(folder, data_sum, checked)
    checked.save()
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
