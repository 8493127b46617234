"""Analyses read back from ``geomap extract`` output, so that a corrected JSON can be published as it is.

Saved analyses are recognised by their content, not their file name: JSON objects with ``"id"``
and a ``"places"`` list and no ``"text"`` (an input record to analyse always has a text).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..document import open_binary
from ..model import Analysis

ErrorHandler = Callable[[str], None]
# files that can hold extract output (its JSON, or JSON Lines with one analysis a line)
SAVED_SUFFIXES = (".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz")
_HEAD_BYTES = 1 << 16  # enough for the first line of any extract output


def is_saved_analysis(record: Any) -> bool:
    """True for an object of the JSON contract (``geomap extract`` output), not an input record."""
    return (isinstance(record, dict) and "id" in record and isinstance(record.get("places"), list)
            and "text" not in record)


def analysis_from_record(record: dict[str, Any], where: str) -> Analysis:
    """``Analysis.from_dict`` with a one-line :class:`ValueError` naming ``where`` for a damaged record."""
    try:
        return Analysis.from_dict(record)
    except (TypeError, ValueError, KeyError, AttributeError) as err:
        raise ValueError(f"{where}: not a usable geomap analysis ({err})") from None


def _loads(text: str | bytes) -> Any:
    """JSON, or None when it is not (also for numbers too long or nesting too deep to parse)."""
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return None


def _first_line(data: bytes) -> bytes:
    for line in data.splitlines():
        if line.strip():
            return line
    return b""


def sniff_saved(head: bytes) -> str | None:
    """``"lines"`` when ``head`` (the start of an input) begins with a saved analysis on one line,
    ``"whole"`` when it may be one indented JSON document, else None (an input to analyse)."""
    start = head.lstrip()[:1]
    if start not in (b"{", b"["):
        return None
    first = _loads(_first_line(head))
    if first is not None:
        return "lines" if is_saved_analysis(first) else None
    return "whole"


def saved_from_bytes(data: bytes, *, name: str, on_error: ErrorHandler) -> list[Analysis] | None:
    """The saved analyses ``data`` holds (bad ones reported), or None when it holds input documents."""
    kind = sniff_saved(data[:_HEAD_BYTES])
    if kind is None:
        return None
    if kind == "whole":
        whole = _loads(data)
        records = whole if isinstance(whole, list) else [whole]
        if not records or not all(is_saved_analysis(r) for r in records):
            return None
        numbered: Iterable[tuple[int, Any]] = ((1, r) for r in records)
    else:
        numbered = ((ln, _loads(line)) for ln, line in enumerate(data.splitlines(), 1) if line.strip())
    return list(_analyses(numbered, name=name, on_error=on_error))


def _analyses(numbered: Iterable[tuple[int, Any]], *, name: str, on_error: ErrorHandler) -> Iterator[Analysis]:
    for ln, record in numbered:
        where = f"{name}:{ln}"
        if not is_saved_analysis(record):
            on_error(f"{where}: not a geomap analysis (expected an object with \"id\" and \"places\"); "
                     "line skipped")
            continue
        try:
            yield analysis_from_record(record, where)
        except ValueError as err:
            on_error(str(err))


def saved_in_file(path: Path, *, on_error: ErrorHandler) -> Iterator[Analysis] | None:
    """The saved analyses of a .json/.jsonl file, streamed; None when the file holds inputs to analyse."""
    if not str(path).lower().endswith(SAVED_SUFFIXES) or not path.is_file():
        return None
    try:
        with open_binary(path) as fh:
            kind = sniff_saved(fh.read(_HEAD_BYTES))
    except (OSError, EOFError, zlib.error):  # damaged .gz and the like: the document reader reports it
        return None
    if kind is None:
        return None
    if kind == "whole":
        with open_binary(path) as fh:
            found = saved_from_bytes(fh.read(), name=str(path), on_error=on_error)
        return None if found is None else iter(found)
    return _stream_lines(path, on_error)


def _stream_lines(path: Path, on_error: ErrorHandler) -> Iterator[Analysis]:
    with open_binary(path) as fh:
        numbered = ((ln, _loads(line)) for ln, line in enumerate(fh, 1) if line.strip())
        yield from _analyses(numbered, name=str(path), on_error=on_error)
