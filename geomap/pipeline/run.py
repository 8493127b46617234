"""The whole job for one document (recognize, resolve, geocode, claims, incidents), and for many inputs."""

from __future__ import annotations

import datetime as dt
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..document import (
    date_problem,
    given_spans_of,
    is_jsonl,
    iter_documents,
    parse_date,
)
from ..errors import GeomapError, InputError
from ..model import Analysis, Document
from .options import AnalysisOptions, deadline
from .saved import peek_stdin, read_saved, saved_in_file, sniff_saved

if TYPE_CHECKING:
    from ..claims import Claim, Tolerance
    from ..geocoders import FallbackGeocoder

ErrorHandler = Callable[[str], None]
Spans = Sequence[tuple[int, int]]


def analyze(text: str | Document, *, date: dt.date | str | None = None, doc_id: str = "doc",  # noqa: PLR0913
            country: str | None = None, ner: str | None = None, given_spans: Spans | None = None,
            claims: bool = True, incidents: bool = True, geocoder: FallbackGeocoder | None = None,
            tolerance: Tolerance | None = None) -> Analysis:
    """Analyse one news text (the public entry point; its keywords are the documented API).

    ``country`` is an ISO 3166-1 alpha-2 bias hint for ambiguous names; ``ner="spacy"`` adds spaCy's
    entities as a recognition signal when spaCy and an English pipeline are installed;
    ``given_spans`` skips recognition and resolves exactly these (start, end) spans;
    ``geocoder`` is an optional :class:`geomap.geocoders.FallbackGeocoder` for places the embedded
    gazetteer cannot resolve; ``tolerance`` is the :class:`geomap.claims.Tolerance` claims are judged with.
    """
    doc = text if isinstance(text, Document) else Document(text=text, id=doc_id)
    if date is not None and doc.date is None:
        doc.date = parse_date(date)
    options = AnalysisOptions(country=country, ner=ner, geocoder=geocoder, claims=claims, incidents=incidents,
                              tolerance=tolerance)
    analysis = analyze_document(doc, options, given_spans)
    problem = date_problem(date) if doc.date is None else None
    if problem:  # dates stay relative, as without a date; say why the one given was not used
        analysis.warnings.insert(0, f"publication date not used: {problem}")
    return analysis


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
            saved = saved_in_file(path, on_error=self.on_error)
            if saved is not None:
                kind, analyses = saved
                self.several = self.several or kind == "lines"
                yield from analyses
                continue
            self.several = self.several or path.is_dir() or is_jsonl(path)
            yield from self._analyse_all(self._documents(path))

    def _from_stdin(self) -> Iterator[Analysis]:
        head = peek_stdin()
        kind = sniff_saved(head)
        if kind is not None:
            self.several = self.several or kind == "lines"
            yield from read_saved(sys.stdin.buffer, kind, name="<stdin>", on_error=self.on_error)
            return
        self.several = self.several or head.lstrip()[:1] == b"{"
        yield from self._analyse_all(self._documents("-"))

    def _documents(self, item: str | Path) -> Iterator[tuple[Document, dict[str, Any]]]:
        """The documents of one input; a read that fails midway (a damaged .gz) ends that input,
        reported, and keeps the documents before it."""
        name = "<stdin>" if str(item) == "-" else str(item)
        try:
            yield from iter_documents([item], date=self.date, on_error=self.on_error,
                                      with_raw=self.options.given_spans)
        except (OSError, EOFError, zlib.error) as err:
            self.on_error(f"{name}: damaged or unreadable input ({err}); the documents before it are kept")

    def _analyse_all(self, documents: Iterable[tuple[Document, dict[str, Any]]]) -> Iterator[Analysis]:
        for doc, raw in documents:
            spans = None
            if self.options.given_spans:
                try:
                    spans = given_spans_of(raw)
                except InputError as err:
                    self.on_error(f"{doc.id}: --given-spans: {err}; recognizing instead")
            try:
                analysis = analyze_document(doc, self.options, spans)
            except GeomapError as err:
                self.on_error(f"{doc.id}: {err}")
                continue
            except (ArithmeticError, ValueError, RecursionError) as err:  # odd input a stage did not expect
                self.on_error(f"{doc.id}: analysis failed ({type(err).__name__}: {err}); document skipped")
                continue
            yield analysis


def iter_analyses(inputs: Sequence[str | Path], options: AnalysisOptions | None = None, *,
                  date: dt.date | None = None, on_error: ErrorHandler | None = None) -> AnalysisStream:
    """Every analysis of the inputs (see :class:`AnalysisStream`); problems go to ``on_error``."""
    return AnalysisStream(inputs, options, date=date, on_error=on_error)


def _raise(message: str) -> None:
    raise InputError(message)
