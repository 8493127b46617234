"""Loading documents: .txt, .html (main text and publication date), .jsonl feeds, stdin, folders.

Loaders yield :class:`~geomap.model.Document` objects and report per-item problems (a malformed
JSON line, an empty file) through an ``on_error`` callback so that one bad item never stops a run.
"""

from __future__ import annotations

import datetime as dt
import gzip
import html
import json
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import IO, Any

from .errors import InputError
from .model import Document

ErrorHandler = Callable[[str], None]

TEXT_SUFFIXES = {".txt", ".text", ".md"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSONL_SUFFIXES = {".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"}


def _raise(msg: str) -> None:
    raise InputError(msg)


def parse_date(value: Any) -> dt.date | None:
    """A publication date from ``YYYY-MM-DD`` or an ISO timestamp; None when absent or unreadable."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def decode_bytes(data: bytes, name: str) -> str:
    """Text from raw bytes; binary data or invalid UTF-8 is an :class:`InputError`."""
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: looks like a binary file, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not valid UTF-8 (byte {err.start}); convert it to UTF-8 first") from err
    return text


# ----------------------------------------------------------------------------- HTML

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "footer", "header", "aside", "form",
              "button", "iframe", "head"}
_BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "tr",
               "blockquote", "figcaption", "pre", "td", "dd", "dt"}
_DATE_META = ("article:published_time", "datepublished", "date", "pubdate", "publishdate", "dc.date",
              "dc.date.issued", "og:published_time", "sailthru.date", "parsely-pub-date")


class _MainText(HTMLParser):
    """Collects visible text (preferring <article>), the <title> and a publication date."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.article_parts: list[str] = []
        self.skip = 0
        self.in_article = 0
        self.in_title = False
        self.title = ""
        self.date: dt.date | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag == "meta" and self.date is None:
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key in _DATE_META:
                self.date = parse_date(a.get("content"))
        if tag == "time" and self.date is None and a.get("datetime"):
            self.date = parse_date(a["datetime"])
        if tag == "title":
            self.in_title = True
        if tag in _SKIP_TAGS:
            self.skip += 1
        if tag == "article":
            self.in_article += 1
        if tag in _BLOCK_TAGS:
            self._add("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP_TAGS and self.skip:
            self.skip -= 1
        if tag == "article" and self.in_article:
            self.in_article -= 1
        if tag in _BLOCK_TAGS:
            self._add("\n")

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
        if not self.skip:
            self._add(data)

    def _add(self, s: str) -> None:
        self.parts.append(s)
        if self.in_article:
            self.article_parts.append(s)


def html_to_text(markup: str) -> tuple[str, str | None, dt.date | None]:
    """(main text, title, publication date) of an HTML page, without any markup."""
    p = _MainText()
    p.feed(markup)
    p.close()
    raw = "".join(p.article_parts) if "".join(p.article_parts).strip() else "".join(p.parts)
    lines = [re.sub(r"[ \t\r\f\v]+", " ", ln).strip() for ln in raw.split("\n")]
    text = "\n".join(ln for ln in lines if ln)
    title = html.unescape(p.title).strip() or None
    return text, title, p.date


# ----------------------------------------------------------------------------- single files

def document_from_text(text: str, *, doc_id: str, source: str | None, date: dt.date | None,
                       is_html: bool = False) -> Document:
    title = None
    if is_html:
        text, title, html_date = html_to_text(text)
        date = date or html_date
    if not text.strip():
        raise InputError(f"{source or doc_id}: empty document (no text)")
    return Document(text=text, id=doc_id, date=date, source=source, title=title)


def load_file(path: str | Path, *, date: dt.date | None = None) -> Document:
    """One .txt or .html file as a Document (raises :class:`InputError` on bad input)."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a file")
    try:
        data = p.read_bytes()
    except OSError as err:
        raise InputError(f"{p}: cannot read ({err.strerror or err})") from err
    if not data.strip():
        raise InputError(f"{p}: empty file")
    text = decode_bytes(data, str(p))
    is_html = p.suffix.lower() in HTML_SUFFIXES or (
        p.suffix.lower() not in TEXT_SUFFIXES and re.match(r"\s*<(!doctype|html)", text[:200], re.I) is not None)
    return document_from_text(text, doc_id=p.stem, source=str(p), date=date, is_html=is_html)


def iter_jsonl_lines(lines: Iterable[bytes | str], *, name: str, on_error: ErrorHandler,
                     default_date: dt.date | None = None, start_line: int = 1,
                     keep_raw: bool = False) -> Iterator[tuple[int, Document, dict]]:
    """(line number, Document, raw record) for each good line; bad lines go to ``on_error``."""
    for ln, line in enumerate(lines, start_line):
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError:
                on_error(f"{name}:{ln}: not valid UTF-8; line skipped")
                continue
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as err:
            on_error(f"{name}:{ln}: malformed JSON ({err.msg}); line skipped")
            continue
        if not isinstance(rec, dict):
            on_error(f"{name}:{ln}: expected a JSON object; line skipped")
            continue
        text = rec.get("text")
        if not isinstance(text, str) or not text.strip():
            on_error(f"{name}:{ln}: no \"text\" (or it is empty); line skipped")
            continue
        doc_id = rec.get("id")
        if isinstance(doc_id, (dict, list)):
            doc_id = json.dumps(doc_id, ensure_ascii=False, sort_keys=True)
        doc_id = str(doc_id) if doc_id is not None and str(doc_id) != "" else f"{Path(name).stem}:{ln}"
        date = parse_date(rec.get("date")) or default_date
        if rec.get("date") and parse_date(rec.get("date")) is None:
            on_error(f"{name}:{ln}: unreadable date {rec.get('date')!r}; dates stay relative")
        doc = Document(text=text, id=doc_id, date=date, source=rec.get("source") or rec.get("url") or name,
                       title=rec.get("title"))
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


def open_binary(path: str | Path) -> IO[bytes]:
    """Open a file (gzip when it ends in .gz) or ``-`` (stdin) for reading bytes."""
    if str(path) == "-":
        return sys.stdin.buffer
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file")
    if p.is_dir():
        raise InputError(f"{p}: is a directory, expected a file")
    if p.suffix == ".gz":
        return gzip.open(p, "rb")
    return open(p, "rb")


def is_jsonl(path: str | Path) -> bool:
    name = str(path).lower()
    return any(name.endswith(s) for s in JSONL_SUFFIXES)


def iter_documents(inputs: Iterable[str | Path], *, date: dt.date | None = None,
                   on_error: ErrorHandler = _raise, with_raw: bool = False) -> Iterator[tuple[Document, dict]]:
    """Every document of the given inputs (files, folders, ``-`` for stdin), streamed.

    Yields (Document, extra) where extra holds per-document input fields such as gold
    ``toponyms`` of JSON Lines records. Problems with one item go to ``on_error``.
    """
    for item in inputs:
        s = str(item)
        if s == "-":
            data = sys.stdin.buffer.read()
            head = data.lstrip()[:1]
            if head == b"{":
                for _, doc, raw in iter_jsonl_lines(data.splitlines(), name="<stdin>", on_error=on_error,
                                                    default_date=date, keep_raw=with_raw):
                    yield doc, raw
            else:
                try:
                    if not data.strip():
                        raise InputError("<stdin>: empty input")
                    text = decode_bytes(data, "<stdin>")
                    is_html = re.match(r"\s*<(!doctype|html)", text[:200], re.I) is not None
                    yield document_from_text(text, doc_id="stdin", source="<stdin>", date=date,
                                             is_html=is_html), {}
                except InputError as err:
                    on_error(str(err))
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
            try:
                fh = open_binary(p)
            except InputError as err:
                on_error(str(err))
                continue
            with fh:
                n = 0
                for _, doc, raw in iter_jsonl_lines(fh, name=str(p), on_error=on_error, default_date=date,
                                                    keep_raw=with_raw):
                    n += 1
                    yield doc, raw
                if n == 0:
                    on_error(f"{p}: no usable JSON Lines records")
            continue
        try:
            yield load_file(p, date=date), {}
        except InputError as err:
            on_error(str(err))
