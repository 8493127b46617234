"""Reading with limits: no input is ever read whole without a bound, and every problem is one line.

These bounds guard memory, not the analysis: a news article is 2-50 KB of text, and the analysis
budget (:class:`geomap.pipeline.DocumentBudget`, 5,000,000 characters by default) refuses long
texts with its own message. A file or record over :data:`MAX_DOCUMENT_BYTES` (a log, a dump,
``/dev/zero``) is refused before it is read whole. JSON Lines records are read line by line with a
bound too, so that a gzip bomb or a file without line breaks is never held in memory.
"""

from __future__ import annotations

import datetime as dt
import re
import zlib
from collections.abc import Iterator
from typing import IO, Any, NamedTuple

from ..errors import InputError

MAX_DOCUMENT_BYTES = 8 * 1024 * 1024  # one text file (UTF-8): above the analysis budget's 5,000,000 characters
MAX_PAGE_BYTES = 4 * MAX_DOCUMENT_BYTES  # one HTML page: markup, scripts and styles come on top of the text
MAX_RECORD_BYTES = 4 * MAX_DOCUMENT_BYTES  # one JSON Lines record: escapes make JSON longer than its text
MAX_SKIP_BYTES = 64 * 1024 * 1024  # a "line" longer than this without a break ends the reading of its input
_SKIP_BLOCK = 1 << 20

# Publication dates a news analysis can reason about; far outside, relative dates overflow the calendar.
EARLIEST_YEAR = 1800
LATEST_YEAR = 2200


def size_text(n: int) -> str:
    """``2 MB``, ``512 KB``, ``40 bytes``: a byte count for messages."""
    if n >= 1024 * 1024:
        return f"{n / (1024 * 1024):.3g} MB"
    if n >= 1024:
        return f"{n / 1024:.3g} KB"
    return f"{n} bytes"


def read_bounded(fh: IO[bytes], limit: int, name: str) -> bytes:
    """At most ``limit`` bytes of a stream; :class:`InputError` when it holds more (or is binary)."""
    data = fh.read(limit + 1)
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text")
    if len(data) > limit:
        raise InputError(f"{name}: larger than the {size_text(limit)} limit for one document; skipped")
    return data


def decode_bytes(data: bytes, name: str) -> str:
    """Text from raw bytes; binary data or invalid UTF-8 is an :class:`InputError`."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not valid UTF-8 (byte {err.start}); convert it to UTF-8 first") from err
    return text


def valid_unicode(name: str) -> str:
    """A file name as valid Unicode: bytes the file system could not decode (kept by Python as lone
    surrogates) become U+FFFD, so that ids and sources can always be written as UTF-8."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    return name


class Line(NamedTuple):
    """One line of a JSON Lines input, or the problem that took its place."""

    number: int  # from 1
    data: bytes | None  # None when ``problem`` says why there is no line
    problem: str | None = None
    ends_input: bool = False  # the problem stops the reading (damaged stream, binary data)


def iter_lines(fh: IO[bytes], name: str, *, start: int = 1, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[Line]:
    """The lines of a binary stream, each read with a bound.

    A line over ``max_bytes`` is skipped (a problem in its place). Binary data (NUL bytes), a run of
    more than :data:`MAX_SKIP_BYTES` without a line break, or a damaged stream (truncated or corrupt
    ``.gz``, read error) ends the input with a problem; the lines before it are kept.
    """
    n = start - 1
    try:
        while raw := fh.readline(max_bytes + 1):
            n += 1
            if b"\x00" in raw:
                yield Line(n, None, f"{name}:{n}: binary data (NUL bytes), not JSON Lines; the rest of the input "
                                    "is skipped", ends_input=True)
                return
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                if not _skip_to_line_end(fh, len(raw)):
                    yield Line(n, None, f"{name}:{n}: more than {size_text(MAX_SKIP_BYTES)} without a line "
                                        "break; the rest of the input is skipped", ends_input=True)
                    return
                yield Line(n, None, f"{name}:{n}: record larger than the {size_text(max_bytes)} limit; "
                                    "line skipped")
                continue
            yield Line(n, raw)
    except (OSError, EOFError, zlib.error) as err:
        why = " ".join(str(err).split()) or type(err).__name__
        yield Line(n + 1, None, f"{name}: damaged or truncated input after line {n} ({why}); "
                                "the records before it are kept", ends_input=True)


def _skip_to_line_end(fh: IO[bytes], skipped: int) -> bool:
    """Read past the rest of an over-long line; False when it runs on past the skip limit."""
    while skipped <= MAX_SKIP_BYTES:
        block = fh.readline(_SKIP_BLOCK)
        if not block or block.endswith(b"\n"):
            return True
        if b"\x00" in block:
            return False
        skipped += len(block)
    return False


_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def date_problem(value: Any) -> str | None:
    """Why a publication date cannot be used (None when it can, or when there is none)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        year, shown = value.year, value.isoformat()[:10]
    else:
        m = _DATE.match(str(value).strip())
        if not m:
            return f"unreadable date {str(value)[:40]!r}"
        year, shown = int(m.group(1)), m.group(0)
        try:
            dt.date(year, int(m.group(2)), int(m.group(3)))
        except ValueError:
            return f"unreadable date {shown!r}"
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        return f"date {shown} is outside {EARLIEST_YEAR}-{LATEST_YEAR}"
    return None


def parse_date(value: Any) -> dt.date | None:
    """A publication date from ``YYYY-MM-DD`` or an ISO timestamp; None when absent, unreadable or
    outside :data:`EARLIEST_YEAR`-:data:`LATEST_YEAR` (see :func:`date_problem` for why)."""
    if value is None or value == "" or date_problem(value) is not None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    m = _DATE.match(str(value).strip())
    return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))) if m else None
