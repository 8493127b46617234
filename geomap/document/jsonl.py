"""JSON Lines feeds: one ``{"id", "text", "date"?, "title"?, "source"?}`` object per line.

Every problem with one line (malformed JSON, a number too long to read, nesting too deep, text that
is not valid Unicode, an unusable date) is one message to ``on_error`` naming the line; the other
lines go on.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import Document
from .limits import MAX_DOCUMENT_BYTES, date_problem, parse_date, size_text

ErrorHandler = Callable[[str], None]

JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"}
_TEXT_FIELDS = ("text", "id", "title", "source", "url")


def is_jsonl(path: str | Path) -> bool:
    """Whether a file name says JSON Lines (``.jsonl``, ``.ndjson``, gzipped too)."""
    name = str(path).lower()
    return any(name.endswith(s) for s in JSONL_SUFFIXES)


def source_name(name: str) -> str:
    """What ``source`` says for an input: its file name (never a local folder path), or ``<stdin>``."""
    return name if name.startswith("<") else Path(name).name


def parse_record(line: bytes | str, *, max_text_bytes: int | None = None) -> dict[str, Any]:
    """One JSON Lines record; :class:`InputError` saying in a few words what is wrong with the line.

    A ``"text"`` over ``max_text_bytes`` of UTF-8 (default :data:`MAX_DOCUMENT_BYTES`) is an error too.
    """
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("not valid UTF-8") from None
    try:
        rec = json.loads(line)
    except json.JSONDecodeError as err:
        raise InputError(f"malformed JSON ({err.msg})") from None
    except RecursionError:
        raise InputError("JSON nested too deeply") from None
    except ValueError as err:  # e.g. an integer of more digits than Python converts
        why = " ".join(str(err).split(";")[0].split())[:100]
        raise InputError(f"a value that cannot be read ({why})") from None
    if not isinstance(rec, dict):
        raise InputError("expected a JSON object")
    text = rec.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("no \"text\" (or it is empty)")
    for key in _TEXT_FIELDS:
        value = rec.get(key)
        if isinstance(value, str) and not _is_valid_unicode(value):
            raise InputError(f"\"{key}\" is not valid Unicode (a lone surrogate escape such as \\ud800)")
    limit = MAX_DOCUMENT_BYTES if max_text_bytes is None else max_text_bytes
    if len(text) > limit // 4 and len(text.encode("utf-8")) > limit:
        raise InputError(f"\"text\" larger than the {size_text(limit)} limit for one document")
    return rec


def _is_valid_unicode(s: str) -> bool:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _document_id(rec: dict[str, Any], name: str, ln: int) -> str:
    doc_id = rec.get("id")
    if isinstance(doc_id, (dict, list)):
        doc_id = json.dumps(doc_id, ensure_ascii=False, sort_keys=True)
    return str(doc_id) if doc_id is not None and str(doc_id) != "" else f"{Path(name).stem}:{ln}"


def _text_field(rec: dict[str, Any], *keys: str) -> str | None:
    for key in keys:
        value = rec.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def iter_jsonl_lines(lines: Iterable[bytes | str], *, name: str, on_error: ErrorHandler,
                     default_date: dt.date | None = None, start_line: int = 1,
                     keep_raw: bool = False,
                     max_text_bytes: int | None = None) -> Iterator[tuple[int, Document, dict]]:
    """(line number, Document, raw record) for each good line; bad lines go to ``on_error``."""
    for ln, line in enumerate(lines, start_line):
        if not line.strip():
            continue
        try:
            rec = parse_record(line, max_text_bytes=max_text_bytes)
        except InputError as err:
            on_error(f"{name}:{ln}: {err}; line skipped")
            continue
        problem = date_problem(rec.get("date"))
        if problem is not None:
            on_error(f"{name}:{ln}: {problem}; dates stay relative")
        doc = Document(text=rec["text"], id=_document_id(rec, name, ln),
                       date=parse_date(rec.get("date")) or default_date,
                       source=_text_field(rec, "source", "url") or source_name(name),
                       title=_text_field(rec, "title"))
        yield ln, doc, (rec if keep_raw else {k: rec[k] for k in ("toponyms",) if k in rec})


def given_spans_of(record: dict) -> list[tuple[int, int]]:
    """The (start, end) spans of a JSON Lines record's ``"toponyms"`` list (``--given-spans``).

    Raises :class:`InputError` saying what is wrong (no list, or a span without integer
    ``start``/``end``); callers report it and recognize toponyms instead.
    """
    tops = record.get("toponyms")
    if not isinstance(tops, list):
        raise InputError("the record has no \"toponyms\" list")
    try:
        return [(int(t["start"]), int(t["end"])) for t in tops]
    except (KeyError, TypeError, ValueError, OverflowError):
        raise InputError("malformed \"toponyms\" spans") from None
