"""Guards of a run's processes: workers that end with their parent.

The guard uses Linux's parent-death signal where available and a watchdog thread everywhere. (Each
document's time budget is the pipeline's :func:`geomap.pipeline.options.deadline`.)
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time

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
