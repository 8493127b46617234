"""One instance per process: how every data module holds what it loaded (gazetteer, boundaries, ...).

    @process_wide
    def get_boundaries() -> Boundaries:
        return load_boundaries()

The first call builds the value under a lock (two threads never build it twice); later calls return it.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")


class ProcessWide(Generic[T]):
    """A zero-argument factory whose result is built once per process, on first use."""

    def __init__(self, factory: Callable[[], T]) -> None:
        self._factory = factory
        self._value: T | None = None
        self._lock = threading.Lock()
        functools.update_wrapper(self, factory)

    def __call__(self) -> T:
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._factory()
                value = self._value
        return value

    def peek(self) -> T | None:
        """The value if it was built, without building it."""
        return self._value

    def set(self, value: T | None) -> None:
        """Replace the value (None: build it again on next use); for tests and forked workers."""
        with self._lock:
            self._value = value


def process_wide(factory: Callable[[], T]) -> ProcessWide[T]:
    """Decorator: see :class:`ProcessWide`."""
    return ProcessWide(factory)
