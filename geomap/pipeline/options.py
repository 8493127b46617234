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
    from ..geocoders import FallbackGeocoder

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
    geocoder: FallbackGeocoder | None = None
    claims: bool = True
    incidents: bool = True
    tolerance: Tolerance | None = None
    given_spans: bool = False
    budget: DocumentBudget = UNLIMITED
    source_label: str | None = None  # shown as every document's source instead of its file name


class Deadline:
    """The end of one document's time budget; :meth:`check` raises once it has passed."""

    def __init__(self, seconds: float | None) -> None:
        self.seconds = seconds
        self.end = None if seconds is None else time.monotonic() + seconds

    def exceeded(self) -> BudgetExceeded:
        return BudgetExceeded(f"analysis took longer than {self.seconds:g} s (see --time-limit); skipped",
                              timed_out=True)

    def check(self) -> None:
        """Raise :class:`BudgetExceeded` when the time is spent (between stages, where no timer runs)."""
        if self.end is not None and time.monotonic() > self.end:
            raise self.exceeded()


class _OutOfTime(BaseException):
    """Raised by the timer inside a stage; a BaseException, so that no ``except Exception`` in a
    stage swallows it. :func:`deadline` turns it into :class:`BudgetExceeded`."""


def _timer_usable() -> bool:
    """Timer signals interrupt work only in the main thread, where the platform has them."""
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[Deadline]:
    """The time budget of one document: :class:`BudgetExceeded` when the block runs over.

    In the main thread a timer interrupts a stage that runs over; elsewhere (threads of a dask
    worker) the caller checks between stages with :meth:`Deadline.check`. A timer the caller
    already runs keeps its deadline: ours is armed for the shorter of the two, and when the
    caller's comes first, the caller's handler runs.
    """
    limit = Deadline(seconds)
    if seconds is None or not _timer_usable():
        yield limit
        return
    start = time.monotonic()
    outer = signal.getitimer(signal.ITIMER_REAL)[0]  # seconds left on the caller's timer, 0.0 if none

    def on_alarm(signum: int, frame: Any) -> None:
        if outer and time.monotonic() - start >= outer - 1e-3 and callable(previous):
            previous(signum, frame)  # the caller's deadline: its handler decides
        raise _OutOfTime

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer) if outer else seconds)
    try:
        yield limit
    except _OutOfTime:
        raise limit.exceeded() from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - start), 1e-6))


_TRUE_WORDS = ("1", "true", "yes", "on")
_FALSE_WORDS = ("0", "false", "no", "off")


def _type_name(field_type: Any) -> str:
    """"bool", "int" or "float" for a dataclass field (annotations may be strings)."""
    return field_type if isinstance(field_type, str) else getattr(field_type, "__name__", "float")


def _setting(key: str, text: str, kind: str) -> Any:
    """One tolerance value from its text, as the field's type; :class:`InputError` when it is not one."""
    word = text.strip().lower()
    if kind == "bool":
        if word not in _TRUE_WORDS + _FALSE_WORDS:
            raise InputError(f"{key}={text}: use true or false")
        return word in _TRUE_WORDS
    try:
        number = float(word)
    except ValueError:
        raise InputError(f"{key}={text}: {text!r} is not a number") from None
    if not math.isfinite(number) or number < 0:
        raise InputError(f"{key}={text}: must be a number >= 0")
    if kind == "int":
        if number != int(number):
            raise InputError(f"{key}={text}: must be a whole number")
        return int(number)
    return number


def make_tolerance(settings: Mapping[str, str]) -> Tolerance:
    """A :class:`~geomap.claims.Tolerance` from KEY=VALUE strings (``--tolerance about_rel=0.2``),
    each converted to its field's type. Raises :class:`InputError` naming the key or value that is wrong.
    """
    from ..claims import Tolerance

    kinds = {f.name: _type_name(f.type) for f in dataclasses.fields(Tolerance)}
    values: dict[str, Any] = {}
    for key, text in settings.items():
        if key not in kinds:
            raise InputError(f"{key!r} is not a tolerance key; use one of {', '.join(kinds)}")
        values[key] = _setting(key, text, kinds[key])
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
