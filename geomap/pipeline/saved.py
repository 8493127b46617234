"""Analyses read back from ``geomap extract`` output, so that a corrected JSON can be published as it is.

Saved analyses are recognised by their content, not their file name: JSON objects that start with
``"id"`` and hold a ``"places"`` list before any ``"text"`` key (an input record to analyse has its
``"text"`` and no ``"places"``). The start of an input is enough to tell, so the rest can be streamed.
"""

from __future__ import annotations

import json
import re
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from ..document import open_binary
from ..model import Analysis

ErrorHandler = Callable[[str], None]
# files that can hold extract output (its JSON, or JSON Lines with one analysis a line)
SAVED_SUFFIXES = (".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz")
HEAD_BYTES = 1 << 16  # the start of an input that sniff_saved looks at
_STARTS_WITH_ID = re.compile(rb'\s*\[?\s*\{\s*"id"\s*:')
_PLACES_KEY = re.compile(rb'"places"\s*:\s*\[')
_TEXT_KEY = re.compile(rb'"text"\s*:')


def is_saved_analysis(record: Any) -> bool:
    """True for an object of the JSON contract (``geomap extract`` output), not an input record."""
    return (isinstance(record, dict) and "id" in record and isinstance(record.get("places"), list)
            and "text" not in record)


def sniff_saved(head: bytes) -> str | None:
    """How the input starting with ``head`` holds saved analyses: ``"lines"`` (JSON Lines, one a line),
    ``"whole"`` (one indented JSON document or a list), or None (an input to analyse)."""
    if not _STARTS_WITH_ID.match(head):
        return None
    places = _PLACES_KEY.search(head)
    text = _TEXT_KEY.search(head)
    if places is None or (text is not None and text.start() < places.start()):
        return None
    first_line = head.lstrip().split(b"\n", 1)[0].strip()
    return "whole" if first_line in (b"{", b"[", b"[{") else "lines"


def analysis_from_record(record: Any, where: str) -> Analysis:
    """``Analysis.from_dict`` of one saved record; a one-line :class:`ValueError` naming ``where`` otherwise."""
    if not is_saved_analysis(record):
        raise ValueError(f"{where}: not a geomap analysis (expected an object with \"id\" and \"places\")")
    try:
        analysis = Analysis.from_dict(record)
        analysis.to_dict()  # a value of the wrong type (a list for a number, say) shows here, not in an output
    except (TypeError, ValueError, LookupError, AttributeError, ArithmeticError, RecursionError) as err:
        raise ValueError(f"{where}: not a usable geomap analysis ({type(err).__name__}: {err})") from None
    return analysis


def _loads(data: bytes) -> Any:
    """JSON, or None when it is not (also for numbers too long or nesting too deep to parse)."""
    try:
        return json.loads(data)
    except (ValueError, RecursionError):
        return None


def _analyses(numbered: Iterable[tuple[str, Any]], on_error: ErrorHandler) -> Iterator[Analysis]:
    for where, record in numbered:
        try:
            yield analysis_from_record(record, where)
        except ValueError as err:
            on_error(f"{err}; skipped")


def read_saved(fh: IO[bytes], kind: str, *, name: str, on_error: ErrorHandler) -> Iterator[Analysis]:
    """The analyses of a saved input (``kind`` from :func:`sniff_saved`); bad records go to ``on_error``."""
    if kind == "whole":
        try:
            whole = _loads(fh.read())
        except (EOFError, OSError, zlib.error):
            whole = None
        if whole is None:
            on_error(f"{name}: damaged geomap extract output (not valid JSON); skipped")
            return
        records = whole if isinstance(whole, list) else [whole]
        yield from _analyses(((f"{name}:{k}" if len(records) > 1 else name, r) for k, r in enumerate(records, 1)),
                             on_error)
        return
    ln = 0
    try:
        for ln, line in enumerate(fh, 1):
            if line.strip():
                yield from _analyses([(f"{name}:{ln}", _loads(line))], on_error)
    except (EOFError, OSError, zlib.error):
        on_error(f"{name}: damaged or truncated input after line {ln}; the analyses before it are kept")


def saved_in_file(path: Path, *, on_error: ErrorHandler) -> tuple[str, Iterator[Analysis]] | None:
    """(kind, analyses streamed) when the file holds ``extract`` output; None when it holds inputs."""
    if not str(path).lower().endswith(SAVED_SUFFIXES) or not path.is_file():
        return None
    try:
        with open_binary(path) as fh:
            kind = sniff_saved(fh.read(HEAD_BYTES))
    except (EOFError, OSError, zlib.error):
        return None  # the document reader reports what is wrong with the file
    if kind is None:
        return None
    return kind, _read_file(path, kind, on_error)


def _read_file(path: Path, kind: str, on_error: ErrorHandler) -> Iterator[Analysis]:
    with open_binary(path) as fh:
        yield from read_saved(fh, kind, name=str(path), on_error=on_error)


def peek_stdin(size: int = HEAD_BYTES) -> bytes:
    """Up to ``size`` bytes from the start of stdin, left there for whoever reads it next.

    A pipe gives what has arrived so far (at least the first block the writer sent); b"" when
    stdin can be neither peeked nor rewound.
    """
    fh = sys.stdin.buffer
    if hasattr(fh, "peek"):
        return fh.peek(size)[:size]
    if fh.seekable():
        start = fh.tell()
        head = fh.read(size)
        fh.seek(start)
        return head
    return b""
