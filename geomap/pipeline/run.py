"""The whole job for one document (recognize, resolve, geocode, claims, incidents), and for many inputs."""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..document import (
    decode_bytes,
    document_from_text,
    is_jsonl,
    iter_documents,
    iter_jsonl_lines,
    parse_date,
)
from ..errors import GeomapError, InputError
from ..model import Analysis, Document
from .options import AnalysisOptions, deadline
from .saved import saved_from_bytes, saved_in_file, sniff_saved

if TYPE_CHECKING:
    from ..claims import Claim, Tolerance

ErrorHandler = Callable[[str], None]
Spans = Sequence[tuple[int, int]]


def analyze(text: str | Document, *, date: dt.date | str | None = None, doc_id: str = "doc",  # noqa: PLR0913
            country: str | None = None, ner: str | None = None, given_spans: Spans | None = None,
            claims: bool = True, incidents: bool = True, geocoder: Any = None,
            tolerance: Tolerance | None = None) -> Analysis:
    """Analyse one news text (the public entry point; its keywords are the documented API).

    ``country`` is an ISO 3166-1 alpha-2 bias hint for ambiguous names; ``ner="spacy"`` adds spaCy's
    entities as a recognition signal when spaCy and an English pipeline are installed;
    ``given_spans`` skips recognition and resolves exactly these (start, end) spans;
    ``geocoder`` is an optional :class:`geomap.geocoders.FallbackGeocoder` for places the embedded
    gazetteer cannot resolve; ``tolerance`` is the :class:`geomap.claims.Tolerance` claims are judged with.
    """
    if isinstance(text, Document):
        doc = text
        if date is not None and doc.date is None:
            doc.date = parse_date(date)
    else:
        doc = Document(text=text, id=doc_id, date=parse_date(date))
    options = AnalysisOptions(country=country, ner=ner, geocoder=geocoder, claims=claims, incidents=incidents,
                              tolerance=tolerance)
    return analyze_document(doc, options, given_spans)


def analyze_document(doc: Document, options: AnalysisOptions, given_spans: Spans | None = None) -> Analysis:
    """Analyse one Document as ``options`` say, within ``options.budget``.

    Raises :class:`~geomap.errors.BudgetExceeded` when the document is too large or takes too long.
    """
    from ..recognize import recognize
    from ..resolve import resolve

    options.budget.check_size(len(doc.text))
    analysis = Analysis(document=doc)
    with deadline(options.budget.max_seconds) as limit:
        if given_spans is not None:
            mentions = [(int(s), int(e)) for s, e in given_spans]
        else:
            mentions = recognize(doc.text, ner=options.ner)
        limit.check()
        analysis.places = resolve(doc.text, mentions, country=options.country)
        limit.check()
        if options.geocoder is not None:
            options.geocoder.fill(analysis)
            limit.check()
        if options.claims:
            from ..claims import extract_claims

            analysis.claims = extract_claims(analysis, tolerance=options.tolerance)
            limit.check()
        if options.incidents:
            from ..incidents import extract_incidents

            analysis.incidents = extract_incidents(analysis)
    return analysis


def check_text(text: str, *, tolerance: Tolerance | None = None, **analyze_options: Any) -> list[Claim]:
    """The judged distance and direction claims of ``text`` (keywords as for :func:`analyze`)."""
    return analyze(text, incidents=False, tolerance=tolerance, **analyze_options).claims


def spans_from_record(record: dict[str, Any]) -> list[tuple[int, int]]:
    """The (start, end) spans of a JSON Lines record's ``toponyms`` (``--given-spans``).

    Raises :class:`InputError` when the record has none or they are malformed.
    """
    tops = record.get("toponyms")
    if not isinstance(tops, list):
        raise InputError("--given-spans set but the record has no \"toponyms\" list")
    try:
        return [(int(t["start"]), int(t["end"])) for t in tops]
    except (KeyError, TypeError, ValueError):
        raise InputError("malformed \"toponyms\" spans") from None


class AnalysisStream(Iterator[Analysis]):
    """The analyses of some inputs (files, folders, ``-`` for stdin), in input order, streamed.

    Documents are analysed; ``geomap extract`` output (recognised by content) is read back as it is,
    without analysing again. Problems with one item go to ``on_error`` and the stream goes on.
    ``several`` is True, once the first analysis is out, when the inputs are record streams
    (JSON Lines, folders, several inputs), whose output is JSON Lines too.
    """

    def __init__(self, inputs: Sequence[str | Path], options: AnalysisOptions | None = None, *,
                 date: dt.date | None = None, on_error: ErrorHandler | None = None) -> None:
        self.options = options or AnalysisOptions()
        self.date = date
        self.on_error = on_error or _raise
        self.several = len(inputs) > 1
        self._analyses = self._generate(inputs)

    def __next__(self) -> Analysis:
        analysis = next(self._analyses)
        if self.options.source_label is not None:
            analysis.document.source = self.options.source_label
        return analysis

    def _generate(self, inputs: Iterable[str | Path]) -> Iterator[Analysis]:
        for item in inputs:
            if str(item) == "-":
                yield from self._from_stdin()
                continue
            path = Path(item)
            if path.is_dir():
                self.several = True
            saved = saved_in_file(path, on_error=self.on_error)
            if saved is not None:
                self.several = self.several or not str(path).lower().endswith(".json")
                yield from saved
                continue
            self.several = self.several or is_jsonl(path)
            yield from self._analyse_all(iter_documents([path], date=self.date, on_error=self.on_error,
                                                        with_raw=False))

    def _from_stdin(self) -> Iterator[Analysis]:
        data = sys.stdin.buffer.read()
        kind = sniff_saved(data[:65536])
        saved = saved_from_bytes(data, name="<stdin>", on_error=self.on_error) if kind else None
        if saved is not None:
            self.several = self.several or kind == "lines"
            yield from saved
            return
        self.several = self.several or data.lstrip()[:1] == b"{"
        yield from self._analyse_all(_stdin_documents(data, self.date, self.on_error))

    def _analyse_all(self, documents: Iterable[tuple[Document, dict[str, Any]]]) -> Iterator[Analysis]:
        for doc, raw in documents:
            spans = None
            if self.options.given_spans:
                try:
                    spans = spans_from_record(raw)
                except InputError as err:
                    self.on_error(f"{doc.id}: {err}; recognizing instead")
            try:
                yield analyze_document(doc, self.options, spans)
            except GeomapError as err:
                self.on_error(f"{doc.id}: {err}")


def iter_analyses(inputs: Sequence[str | Path], options: AnalysisOptions | None = None, *,
                  date: dt.date | None = None, on_error: ErrorHandler | None = None) -> AnalysisStream:
    """Every analysis of the inputs (see :class:`AnalysisStream`); problems go to ``on_error``."""
    return AnalysisStream(inputs, options, date=date, on_error=on_error)


def _raise(message: str) -> None:
    raise InputError(message)


def _stdin_documents(data: bytes, date: dt.date | None,
                     on_error: ErrorHandler) -> Iterator[tuple[Document, dict[str, Any]]]:
    """The documents of stdin's bytes: JSON Lines records, or one text or HTML page."""
    if data.lstrip()[:1] == b"{":
        for _, doc, raw in iter_jsonl_lines(data.splitlines(), name="<stdin>", on_error=on_error,
                                            default_date=date):
            yield doc, raw
        return
    try:
        if not data.strip():
            raise InputError("<stdin>: empty input")
        text = decode_bytes(data, "<stdin>")
        is_html = re.match(r"\s*<(!doctype|html)", text[:200], re.I) is not None
        yield document_from_text(text, doc_id="stdin", source="<stdin>", date=date, is_html=is_html), {}
    except InputError as err:
        on_error(str(err))
