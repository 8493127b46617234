"""Asking online services politely: a rate limit and retries as wrappers around a call.

Both take their time from a :class:`RequestPolicy` whose ``clock`` and ``sleep`` are seams for
tests. Only transient failures (timeouts, unreachable service, HTTP 429 and 5xx) are retried.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import geopy.exc as gexc
from geopy.adapters import AdapterHTTPError
from geopy.extra.rate_limiter import RateLimiter

from ..errors import GeocoderError

DEFAULT_MIN_DELAY = 1.0  # seconds between requests to any online service


@dataclass(frozen=True)
class RequestPolicy:
    """How often and how patiently a service is asked; ``clock`` and ``sleep`` are seams for tests."""

    min_delay_seconds: float = DEFAULT_MIN_DELAY
    max_retries: int = 2
    backoff_seconds: float = 2.0  # first wait before a retry, doubled each time
    max_backoff_seconds: float = 60.0
    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep

    def __post_init__(self) -> None:
        if self.max_retries < 0 or self.backoff_seconds < 0 or self.min_delay_seconds < 0:
            raise GeocoderError("max_retries, backoff_seconds and min_delay_seconds must be >= 0")

    def wait_before_retry(self, attempt: int, retry_after: Any = None) -> float:
        """Seconds to wait before retry number ``attempt`` (from 0); a longer Retry-After wins."""
        wait = min(self.max_backoff_seconds, self.backoff_seconds * (2 ** attempt))
        if isinstance(retry_after, (int, float)) and retry_after > wait:
            wait = min(self.max_backoff_seconds, float(retry_after))
        return wait


class RateLimited(RateLimiter):
    """geopy's RateLimiter with the policy's clock and sleep; retries are :class:`Retrying`'s."""

    def __init__(self, func: Callable[..., Any], policy: RequestPolicy) -> None:
        super().__init__(func, min_delay_seconds=policy.min_delay_seconds, max_retries=0,
                         error_wait_seconds=policy.min_delay_seconds, swallow_exceptions=False)
        self._clock_fn = policy.clock
        self._sleep_fn = policy.sleep

    def _clock(self) -> float:
        return self._clock_fn()

    def _sleep(self, seconds: float) -> None:
        self._sleep_fn(seconds)


class Retrying:
    """A call retried on transient geopy failures with exponential backoff; counts every attempt."""

    def __init__(self, func: Callable[..., Any], policy: RequestPolicy) -> None:
        self.func = func
        self.policy = policy
        self.attempts = 0  # requests sent, retries included

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        attempt = 0
        while True:
            self.attempts += 1
            try:
                return self.func(*args, **kwargs)
            except gexc.GeopyError as err:
                if not is_transient(err) or attempt >= self.policy.max_retries:
                    raise
                self.policy.sleep(self.policy.wait_before_retry(attempt, getattr(err, "retry_after", None)))
                attempt += 1


def http_status(err: BaseException) -> int | None:
    cause = err.__cause__
    return cause.status_code if isinstance(cause, AdapterHTTPError) else None


def is_transient(err: BaseException) -> bool:
    """Worth retrying later: timeouts, unreachable service, HTTP 429 and 5xx."""
    if isinstance(err, (gexc.GeocoderTimedOut, gexc.GeocoderUnavailable, gexc.GeocoderRateLimited)):
        return True
    status = http_status(err)
    return status is not None and (status == 429 or status >= 500)


def is_fatal(err: BaseException) -> bool:
    """No later query can succeed: bad credentials, no rights, quota used up, bad configuration."""
    if isinstance(err, gexc.GeocoderRateLimited):
        return False
    return isinstance(err, (gexc.GeocoderAuthenticationFailure, gexc.GeocoderInsufficientPrivileges,
                            gexc.GeocoderQuotaExceeded, gexc.ConfigurationError))


def describe(err: BaseException) -> str:
    status = http_status(err)
    if isinstance(err, gexc.GeocoderRateLimited) or status == 429:
        what = "rate limited (HTTP 429)"
    elif isinstance(err, gexc.GeocoderTimedOut):
        what = "timed out"
    elif status is not None:
        what = f"HTTP {status}"
    elif isinstance(err, gexc.GeocoderUnavailable):
        what = "service unreachable"
    elif isinstance(err, gexc.GeocoderParseError):
        what = "malformed answer"
    elif isinstance(err, gexc.GeopyError):
        what = type(err).__name__
    else:
        what = f"malformed answer ({type(err).__name__})"
    detail = _QUERY_STRING.sub("?...", " ".join(str(err).split()))[:120]
    return f"{what}: {detail}" if detail and detail not in what else what


# URL query strings in error messages (requests puts the URL there) may carry API keys: never shown.
_QUERY_STRING = re.compile(r"\?[^\s'\"()]*=[^\s'\"()]*")
