"""Loading documents: .txt, .html (main text, headline, date, URL), .jsonl feeds, stdin, folders.

Every read is bounded (:mod:`.limits`): a document over the size limit, binary data, a damaged
``.gz`` or a bad JSON line is one error message naming it, never a traceback, and the rest of the
input goes on. HTML pages are read with trafilatura (:mod:`.html`); JSON Lines in :mod:`.jsonl`;
files, folders and stdin in :mod:`.inputs`.
"""

from .html import HtmlPage, html_to_text, read_html
from .inputs import (
    HTML_SUFFIXES,
    MAX_TITLE_CHARS,
    TEXT_SUFFIXES,
    document_from_text,
    first_line_title,
    iter_documents,
    iter_jsonl_stream,
    load_file,
    open_binary,
)
from .jsonl import (
    JSONL_SUFFIXES,
    ErrorHandler,
    given_spans_of,
    is_jsonl,
    iter_jsonl_lines,
    parse_record,
    source_name,
)
from .limits import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    MAX_DOCUMENT_BYTES,
    MAX_PAGE_BYTES,
    MAX_RECORD_BYTES,
    Line,
    date_problem,
    decode_bytes,
    iter_lines,
    parse_date,
    read_bounded,
    valid_unicode,
)

__all__ = [
    "EARLIEST_YEAR", "HTML_SUFFIXES", "JSONL_SUFFIXES", "LATEST_YEAR", "MAX_DOCUMENT_BYTES", "MAX_PAGE_BYTES",
    "MAX_RECORD_BYTES", "MAX_TITLE_CHARS", "TEXT_SUFFIXES", "ErrorHandler", "HtmlPage", "Line", "date_problem",
    "decode_bytes", "document_from_text", "first_line_title", "given_spans_of", "html_to_text", "is_jsonl",
    "iter_documents", "iter_jsonl_lines", "iter_jsonl_stream", "iter_lines", "load_file", "open_binary",
    "parse_date", "parse_record", "read_bounded", "read_html", "source_name", "valid_unicode",
]
