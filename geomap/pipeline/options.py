"""What an analysis run may do and spend: :class:`AnalysisOptions`, :class:`DocumentBudget`, tolerances.

Options are frozen dataclasses so that one value can be passed down a run (and to worker processes)
instead of a growing list of keyword arguments.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import BudgetExceeded, InputError

if TYPE_CHECKING:
    from ..claims import Tolerance

# A news article is 2-50 KB of text; these limits only stop runaway inputs (a whole database dump
# in one record, a file of NUL bytes) from stalling a run of thousands of documents.
DEFAULT_MAX_CHARS = 5_000_000
DEFAULT_MAX_SECONDS = 300.0


@dataclass(frozen=True)
class DocumentBudget:
    """The most one document may cost: characters of text and seconds of analysis (None: no limit)."""

    max_chars: int | None = DEFAULT_MAX_CHARS
    max_seconds: float | None = DEFAULT_MAX_SECONDS

    def check_size(self, n_chars: int) -> None:
        """Raise :class:`BudgetExceeded` when a text of ``n_chars`` characters is over the size limit."""
        if self.max_chars is not None and n_chars > self.max_chars:
            raise BudgetExceeded(f"document too large ({n_chars:,} characters; the limit is "
                                 f"{self.max_chars:,}, see --max-chars); skipped")


UNLIMITED = DocumentBudget(max_chars=None, max_seconds=None)


@dataclass(frozen=True)
class AnalysisOptions:
    """How to analyse each document (see :func:`geomap.analyze` for the meaning of each field).

    ``given_spans`` resolves the ``toponyms`` spans of JSON Lines records instead of recognizing;
    ``budget`` limits the size and time of each document; ``source_label`` replaces the source
    outputs show (a file path should not reach a published page).
    """

    country: str | None = None
    ner: str | None = None
    geocoder: Any = None  # geomap.geocoders.FallbackGeocoder
    claims: bool = True
    incidents: bool = True
    tolerance: Tolerance | None = None
    given_spans: bool = False
    budget: DocumentBudget = UNLIMITED
    source_label: str | None = None  # shown as every document's source instead of its file name


class _Deadline:
    """Seconds left for one document; :meth:`check` raises once they are spent."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds

    def check(self) -> None:
        if self.end is not None and time.monotonic() > self.end:
            raise BudgetExceeded(f"analysis took longer than {self.seconds:g} s "
                                 "(see --time-limit); skipped")


def _can_use_alarm() -> bool:
    """SIGALRM interrupts the work only in the main thread and when no other timer is running."""
    return (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
            and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[_Deadline]:
    """The time budget of one document.

    In the main thread a timer interrupts a stage that runs over; elsewhere (threads of a dask
    worker) the budget is checked between stages by :meth:`_Deadline.check`.
    """
    limit = _Deadline(seconds)
    if seconds is None or not _can_use_alarm():
        yield limit
        return

    def on_alarm(_signum: int, _frame: Any) -> None:
        limit.check()  # raises: the deadline has passed

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds + 0.01)
    try:
        yield limit
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


_TRUE_WORDS = ("1", "true", "yes", "on")


def make_tolerance(settings: Mapping[str, str]) -> Tolerance:
    """A :class:`~geomap.claims.Tolerance` from KEY=VALUE strings (``--tolerance about_rel=0.2``).

    Raises :class:`InputError` naming the key or value that is wrong.
    """
    from ..claims import Tolerance

    types = {f.name: f.type for f in dataclasses.fields(Tolerance)}
    values: dict[str, Any] = {}
    for key, text in settings.items():
        if key not in types:
            raise InputError(f"{key!r} is not a tolerance key; use one of {', '.join(types)}")
        if key == "rounding":
            values[key] = text.strip().lower() in _TRUE_WORDS
            continue
        try:
            number = float(text)
        except ValueError:
            raise InputError(f"{key}={text}: {text!r} is not a number") from None
        if not math.isfinite(number) or number < 0:
            raise InputError(f"{key}={text}: must be a number >= 0")
        values[key] = number
    return Tolerance(**values)



def check_country(code: str) -> str:
    """``code`` as an upper-case ISO 3166-1 alpha-2 code the gazetteer knows, or :class:`InputError`."""
    cc = code.strip().upper()
    if len(cc) != 2 or not cc.isascii() or not cc.isalpha():
        raise InputError(f"{code!r} is not an ISO 3166-1 alpha-2 country code (two letters, e.g. UA or US)")
    from ..gazetteer import get_gazetteer

    if get_gazetteer().country(cc) is None:
        raise InputError(f"{code!r} is not a country code the gazetteer knows")
    return cc
