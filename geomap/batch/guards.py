"""Guards of a run's processes: a time budget per document, and workers that end with their parent.

Both work with signals and so only where those exist: the time budget needs the main thread and a
real-time timer (not on Dask, whose tasks run in threads; the pipeline's own budget checks between
stages cover that case); the parent-death guard uses Linux's parent-death signal where available
and a watchdog thread everywhere.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator


class OverBudget(BaseException):
    """Raised inside a document's work when its time budget is spent (a BaseException, so that no
    ``except Exception`` in a stage can swallow it)."""


@contextlib.contextmanager
def time_budget(seconds: float | None) -> Iterator[None]:
    """Raise :class:`OverBudget` in the block after ``seconds`` (main thread with timer signals only).

    A timer the caller already runs keeps its deadline: ours is armed for the shorter of the two,
    and when the caller's deadline is the one reached, the caller's handler runs.
    """
    if not seconds or threading.current_thread() is not threading.main_thread() or \
            not hasattr(signal, "setitimer"):
        yield
        return
    start = time.monotonic()
    outer = signal.getitimer(signal.ITIMER_REAL)[0]  # seconds left on the caller's timer, 0.0 if none

    def on_alarm(signum: int, frame: object) -> None:
        if outer and time.monotonic() - start >= outer - 1e-3 and callable(previous):
            previous(signum, frame)
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer) if outer else seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - start), 1e-6))


PARENT_POLL_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def exit_with_parent(parent_pid: int) -> None:
    """End this process when ``parent_pid`` is gone: Linux's parent-death signal, and everywhere a
    watchdog thread that polls the parent (a process whose parent dies is handed to another one)."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:  # the parent died before the line above
        os._exit(1)

    def watch() -> None:
        while True:
            time.sleep(PARENT_POLL_SECONDS)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="geomap-batch-parent-watch", daemon=True).start()
