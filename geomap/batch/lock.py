"""One run at a time in an output folder: an exclusive lock on OUTDIR for the whole run.

A POSIX record lock (``fcntl.lockf``) on ``OUTDIR/.geomap-batch.lock``: the system drops it when the
holding process ends, however it ends, so a killed run never leaves a stale lock; forked workers do
not inherit it. Record locks do not exclude threads of one process, so a set of the folders this
process holds covers that case. The file keeps the holder's process id for the message.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from types import TracebackType

from ..errors import OutputError
from .common import LOCK

try:
    import fcntl
except ImportError:  # Windows: only runs within one process exclude each other
    fcntl = None  # type: ignore[assignment]

_held: set[str] = set()
_held_guard = threading.Lock()


class OutdirLock:
    """``with OutdirLock(outdir):`` holds OUTDIR for one run; a second run fails with :class:`OutputError`."""

    def __init__(self, outdir: Path) -> None:
        self.outdir = outdir
        self.path = outdir / LOCK
        self.key = str(outdir.resolve())
        self._fh = None

    def _busy(self, holder: str) -> OutputError:
        who = f" (process {holder})" if holder else ""
        return OutputError(f"{self.outdir} is in use by another batch run{who}; wait for it to end or use "
                           "another output folder")

    def acquire(self) -> None:
        with _held_guard:
            if self.key in _held:
                raise self._busy(str(os.getpid()))
            try:
                fh = open(self.path, "a+b")
            except OSError as err:
                raise OutputError(f"cannot write in {self.outdir}: {err.strerror or err}") from err
            if fcntl is not None:
                try:
                    fcntl.lockf(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    fh.seek(0)
                    holder = fh.read(32).decode("ascii", "replace").strip()
                    fh.close()
                    raise self._busy(holder) from None
            fh.truncate(0)
            fh.write(f"{os.getpid()}\n".encode("ascii"))
            fh.flush()
            _held.add(self.key)
            self._fh = fh

    def release(self) -> None:
        with _held_guard:
            if self._fh is not None:
                self._fh.close()  # drops the record lock
                self._fh = None
                _held.discard(self.key)

    def __enter__(self) -> OutdirLock:
        self.acquire()
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.release()
