"""Where chunks run: in this process, in a pool of local processes, or on a Dask cluster.

:class:`Executor` gives the three one interface: ``submit(chunk)`` returns something with ``.result()``.
"""

from __future__ import annotations

import gc
import os
from typing import Any

from ..errors import InputError
from .worker import Chunk, init_worker, process_chunk, warm_up


class _Deferred:
    """A future-like for in-process work: computed when asked for."""

    def __init__(self, fn, arg) -> None:
        self.fn, self.arg = fn, arg

    def result(self):
        return self.fn(self.arg)


class Executor:
    """submit(chunk) -> future with .result(); one interface for in-process, processes and Dask."""

    def __init__(self, *, workers: int, dask: Any, preload: bool, timeout: float = 20.0) -> None:
        self.workers = max(1, int(workers))
        self.client = None
        self.pool = None
        self._own_client = False
        if dask is not None:
            self._connect_dask(dask, timeout)
        elif self.workers > 1:
            self._start_pool(preload)
        else:
            if preload:
                warm_up()  # the gazetteer is opened (built, the first time) before any document's time budget
            self.backend = "local"
            self.slots = 1

    def _connect_dask(self, dask: Any, timeout: float) -> None:
        try:
            from distributed import Client
        except ImportError as err:
            raise InputError("--dask needs dask.distributed: pip install 'geomap[dask]'") from err
        if isinstance(dask, Client):
            self.client = dask
        else:
            try:
                self.client = Client(dask, timeout=f"{timeout}s")
            except (OSError, TimeoutError, ValueError) as err:
                raise InputError(f"cannot reach the Dask scheduler at {dask}: {err}") from err
            self._own_client = True
        self.backend = "dask"
        self.slots = max(1, sum(self.client.nthreads().values()))

    def _start_pool(self, preload: bool) -> None:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        methods = mp.get_all_start_methods()
        ctx = mp.get_context("fork" if "fork" in methods else "spawn")
        if preload and ctx.get_start_method() == "fork":
            warm_up()  # loaded once here, shared copy-on-write by every forked worker
            gc.freeze()  # keep the collector from touching (and so copying) the shared pages
        self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx,
                                        initializer=init_worker, initargs=(preload, os.getpid()))
        self.backend = "processes"
        self.slots = self.workers

    def submit(self, chunk: Chunk):
        """Start one chunk; the returned object's ``result()`` gives :func:`process_chunk`'s dict."""
        if self.client is not None:
            return self.client.submit(process_chunk, chunk, pure=False)
        if self.pool is not None:
            return self.pool.submit(process_chunk, chunk)
        return _Deferred(process_chunk, chunk)

    def close(self, cancel: bool = False) -> None:
        """Stop the pool (dropping queued chunks with ``cancel``) or the Dask client this opened."""
        if self.pool is not None:
            self.pool.shutdown(wait=not cancel, cancel_futures=cancel)
            if self.backend == "processes":
                gc.unfreeze()
        if self.client is not None and self._own_client:
            self.client.close()
