"""Documents from files, folders and standard input, streamed and read with limits.

Loaders yield :class:`~geomap.model.Document` objects and report per-item problems (a malformed
JSON line, an empty file, a damaged ``.gz``) through an ``on_error`` callback, so that one bad item
never stops a run. ``source`` is a file name or URL, never a local folder path: outputs get published.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import re
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..model import Document
from .html import read_html
from .jsonl import ErrorHandler, is_jsonl, iter_jsonl_lines
from .limits import (
    MAX_DOCUMENT_BYTES,
    MAX_PAGE_BYTES,
    decode_bytes,
    iter_lines,
    read_bounded,
    size_text,
    valid_unicode,
)

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
MAX_TITLE_CHARS = 200  # a first line longer than this is a paragraph, not a headline

_HTML_START = re.compile(r"\s*<(!doctype|html)", re.I)


def _raise(msg: str) -> None:
    raise InputError(msg)


def first_line_title(text: str) -> str | None:
    """A plain text's headline: its first line, when it is short and more text follows."""
    lines = text.strip().split("\n", 1)
    head = lines[0].strip()
    if len(lines) < 2 or not lines[1].strip() or not head or len(head) > MAX_TITLE_CHARS:
        return None
    return head


def document_from_text(text: str, *, doc_id: str, source: str | None, date: dt.date | None,
                       is_html: bool = False) -> Document:
    """A Document from a file's text: HTML pages read for main text, headline, date and URL."""
    if is_html:
        page = read_html(text)
        text, title, date = page.text, page.title, date or page.date
        source = page.url or source
    else:
        title = first_line_title(text)
    if not text.strip():
        raise InputError(f"{source or doc_id}: empty document (no text)")
    return Document(text=text, id=doc_id, date=date, source=source, title=title)


def _looks_like_html(p: Path, text: str) -> bool:
    suffix = p.suffix.lower()
    return suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and _HTML_START.match(text[:200]) is not None)


def load_file(path: str | Path, *, date: dt.date | None = None, max_bytes: int | None = None) -> Document:
    """One .txt or .html file as a Document (raises :class:`InputError` on bad input).

    At most ``max_bytes`` are read (default :data:`MAX_DOCUMENT_BYTES` for text,
    :data:`MAX_PAGE_BYTES` for HTML); a larger file is an error, never read whole.
    """
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a file")
    if max_bytes is None:
        max_bytes = MAX_PAGE_BYTES if p.suffix.lower() in HTML_SUFFIXES else MAX_DOCUMENT_BYTES
    try:
        with open(p, "rb") as fh:
            data = read_bounded(fh, max_bytes, str(p))
    except OSError as err:
        raise InputError(f"{p}: cannot read ({err.strerror or err})") from err
    if not data.strip():
        raise InputError(f"{p}: empty file")
    text = decode_bytes(data, str(p))
    return document_from_text(text, doc_id=valid_unicode(p.stem), source=valid_unicode(p.name), date=date,
                              is_html=_looks_like_html(p, text))


def open_binary(path: str | Path) -> IO[bytes]:
    """Open a file (gzip when it ends in .gz) or ``-`` (stdin) for reading bytes."""
    if str(path) == "-":
        return sys.stdin.buffer
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a file")
    try:
        if p.suffix == ".gz":
            return gzip.open(p, "rb")
        return open(p, "rb")
    except OSError as err:
        raise InputError(f"{p}: cannot read ({err.strerror or err})") from err


def iter_jsonl_stream(fh: IO[bytes], *, name: str, on_error: ErrorHandler, date: dt.date | None = None,
                      with_raw: bool = False) -> Iterator[tuple[Document, dict]]:
    """The documents of a JSON Lines stream, read line by line with a bound (see :func:`iter_lines`)."""
    for line in iter_lines(fh, name):
        if line.problem is not None:
            on_error(line.problem)
            continue
        for _, doc, raw in iter_jsonl_lines([line.data or b""], name=name, on_error=on_error, default_date=date,
                                            start_line=line.number, keep_raw=with_raw):
            yield doc, raw


def _iter_stdin(date: dt.date | None, on_error: ErrorHandler, with_raw: bool) -> Iterator[tuple[Document, dict]]:
    fh = sys.stdin.buffer
    if not hasattr(fh, "peek"):
        fh = io.BufferedReader(fh)  # type: ignore[arg-type]
    if fh.peek(4096)[:4096].lstrip()[:1] == b"{":
        yield from iter_jsonl_stream(fh, name="<stdin>", on_error=on_error, date=date, with_raw=with_raw)
        return
    try:
        data = read_bounded(fh, MAX_PAGE_BYTES, "<stdin>")
        if not data.strip():
            raise InputError("<stdin>: empty input")
        text = decode_bytes(data, "<stdin>")
        is_html = _HTML_START.match(text[:200]) is not None
        if not is_html and len(data) > MAX_DOCUMENT_BYTES:
            raise InputError(f"<stdin>: larger than the {size_text(MAX_DOCUMENT_BYTES)} limit for one document; "
                             "skipped")
        yield document_from_text(text, doc_id="stdin", source="<stdin>", date=date, is_html=is_html), {}
    except InputError as err:
        on_error(str(err))


def iter_documents(inputs: Iterable[str | Path], *, date: dt.date | None = None,
                   on_error: ErrorHandler = _raise, with_raw: bool = False) -> Iterator[tuple[Document, dict]]:
    """Every document of the given inputs (files, folders, ``-`` for stdin), streamed.

    Yields (Document, extra) where extra holds per-document input fields such as gold
    ``toponyms`` of JSON Lines records. Problems with one item go to ``on_error``.
    """
    for item in inputs:
        s = str(item)
        if s == "-":
            yield from _iter_stdin(date, on_error, with_raw)
            continue
        p = Path(s)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and (
                f.suffix.lower() in TEXT_SUFFIXES | HTML_SUFFIXES or is_jsonl(f)))
            if not files:
                on_error(f"{p}: folder holds no .txt, .html or .jsonl files")
            yield from iter_documents(files, date=date, on_error=on_error, with_raw=with_raw)
            continue
        if is_jsonl(p):
            yield from _iter_jsonl_file(p, date, on_error, with_raw)
            continue
        try:
            yield load_file(p, date=date), {}
        except InputError as err:
            on_error(str(err))


def _iter_jsonl_file(p: Path, date: dt.date | None, on_error: ErrorHandler,
                     with_raw: bool) -> Iterator[tuple[Document, dict]]:
    try:
        fh = open_binary(p)
    except InputError as err:
        on_error(str(err))
        return
    with fh:
        n = 0
        for doc, raw in iter_jsonl_stream(fh, name=str(p), on_error=on_error, date=date, with_raw=with_raw):
            n += 1
            yield doc, raw
        if n == 0:
            on_error(f"{p}: no usable JSON Lines records")
