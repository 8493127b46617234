"""The whole job for one document: recognize, resolve, claims, incidents -> Analysis."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from .model import Analysis, Document


def analyze(text: str | Document, *, date: dt.date | str | None = None, doc_id: str = "doc",
            country: str | None = None, ner: str | None = None,
            given_spans: Sequence[tuple[int, int]] | None = None,
            claims: bool = True, incidents: bool = True, geocoder=None) -> Analysis:
    """Analyse one news text.

    ``country`` is an ISO 3166-1 alpha-2 bias hint for ambiguous names; ``ner="spacy"`` adds spaCy's
    entities as a recognition signal when spaCy and an English pipeline are installed;
    ``given_spans`` skips recognition and resolves exactly these (start, end) spans;
    ``geocoder`` is an optional :class:`geomap.geocoders.FallbackGeocoder` for places the embedded
    gazetteer cannot resolve.
    """
    from .document import parse_date
    from .recognize import recognize
    from .resolve import resolve

    if isinstance(text, Document):
        doc = text
        if date is not None and doc.date is None:
            doc.date = parse_date(date)
    else:
        doc = Document(text=text, id=doc_id, date=parse_date(date))
    analysis = Analysis(document=doc)
    if given_spans is not None:
        mentions = [(int(s), int(e)) for s, e in given_spans]
    else:
        mentions = recognize(doc.text, ner=ner)
    analysis.places = resolve(doc.text, mentions, country=country)
    if geocoder is not None:
        geocoder.fill(analysis)
    if claims:
        from .claims import extract_claims

        analysis.claims = extract_claims(analysis)
    if incidents:
        from .incidents import extract_incidents

        analysis.incidents = extract_incidents(analysis)
    return analysis
