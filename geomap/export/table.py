"""ACLED-like CSV of incidents (or a flat CSV of places), safe to open in a spreadsheet.

Article text reaches these cells, so every text cell that a spreadsheet would read as a formula
(starting with ``= + - @``, a tab or a carriage return) gets a leading ``'``, and any cell holding
a quote, comma, LF or CR is quoted (a bare CR would otherwise split the row in some readers).
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from typing import IO, Any

from .._atomic import atomic_path
from ..model import Analysis
from .enrich import country_name, fill_admin1
from .features import date_range, finite, iter_incidents, n_sources, point_coords
from .gpkg import _SCHEMA, layer_rows

# ACLED's column names, in ACLED's order; geomap's own columns follow them.
CSV_COLUMNS = ("event_date", "time_precision", "event_type", "sub_event_type", "actor1", "country", "admin1",
               "location", "latitude", "longitude", "geo_precision", "source", "notes", "fatalities", "injuries")
CSV_EXTRA = ("event_id", "doc_id", "publication_date", "status", "date_end", "date_range", "date_text", "time_of_day", "actors",
             "country_code", "place_text", "flags", "background", "n_sources", "sources")
PLACE_COLUMNS = _SCHEMA["places"]
CSV_LAYERS = ("incidents", "places")

_FORMULA_STARTS = frozenset("=+-@\t\r")
_NEEDS_QUOTES = re.compile(r'[",\n\r]')


def csv_cell(value: Any) -> str:
    """One CSV cell: empty for None; numbers as they are; text neutralised against formulas and
    quoted when it holds a quote, comma, LF or CR."""
    if value is None:
        return ""
    if not isinstance(value, str):
        if isinstance(value, (int, float)):  # bool too: True / False
            return str(value)
        value = str(value)
    if value[:1] in _FORMULA_STARTS:
        value = "'" + value
    if _NEEDS_QUOTES.search(value):
        value = '"' + value.replace('"', '""') + '"'
    return value


def write_rows(fh: IO[str], columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> int:
    """Write a header and the rows as CSV lines (LF-terminated); returns the row count."""
    fh.write(",".join(csv_cell(c) for c in columns) + "\n")
    n = 0
    for row in rows:
        fh.write(",".join(csv_cell(row.get(c)) for c in columns) + "\n")
        n += 1
    return n


def _texts(values: Any) -> list[str]:
    """A list field of a record as texts (a hand-edited analysis may hold anything there)."""
    if values is None:
        return []
    if isinstance(values, (list, tuple)):
        return [str(v) for v in values]
    return [str(values)]


def _sources_json(sources: Any) -> str | None:
    """A merged incident's reports (document, its evidence and figures) as one JSON text cell."""
    if not isinstance(sources, list) or not sources:
        return None
    return json.dumps(sources, ensure_ascii=False, default=str)


def incident_rows(analyses: Iterable[Analysis]) -> list[dict[str, Any]]:
    """ACLED-like rows (CSV_COLUMNS + CSV_EXTRA) for every incident; None where unknown."""
    rows = []
    for a, d in iter_incidents(analyses):
        place = d.get("place") or {}
        cas = d.get("casualties") or {}
        coords = point_coords(place.get("lat"), place.get("lon"))
        actors = _texts(d.get("actors"))
        doc = a.document
        rows.append({
            "event_date": d.get("date"),
            "time_precision": d.get("time_precision"),
            "event_type": d.get("type"),
            "sub_event_type": d.get("sub_type"),
            "actor1": actors[0] if actors else None,
            "country": None,
            "admin1": place.get("admin1"),
            "location": place.get("name") or place.get("text"),
            "latitude": coords[1] if coords else None,
            "longitude": coords[0] if coords else None,
            "geo_precision": d.get("geo_precision"),
            "source": doc.source or doc.id,
            "notes": d.get("text"),
            "fatalities": finite(cas.get("killed")),
            "injuries": finite(cas.get("injured")),
            "event_id": d.get("id"),
            "doc_id": doc.id,
            "publication_date": doc.date.isoformat() if doc.date else None,
            "status": d.get("status"),
            "date_end": d.get("date_end"),
            "date_range": date_range(d),
            "date_text": d.get("date_text"),
            "time_of_day": d.get("time_of_day"),
            "actors": "; ".join(actors) or None,
            "country_code": place.get("country_code"),
            "place_text": place.get("text"),
            "flags": "; ".join(_texts(d.get("flags"))) or None,
            "background": bool(d.get("background")),
            "n_sources": n_sources(d),
            "sources": _sources_json(d.get("sources")),
        })
    fill_admin1(rows, "latitude", "longitude", "admin1", "country_code")
    for r in rows:
        r["country"] = country_name(r["country_code"])
    return rows


def place_rows(analyses: Sequence[Analysis]) -> list[dict[str, Any]]:
    """One row per place mention (located or not) with the GeoPackage's place columns."""
    return [row for _geom, row in layer_rows("places", analyses)]


def write_csv(analyses: Iterable[Analysis], path: str | os.PathLike, *, layer: str = "incidents") -> int:
    """Write the incidents as ACLED-like CSV (or, with ``layer="places"``, the places) in UTF-8 with a
    header row and empty cells for nulls, atomically (``-``: to stdout); returns the row count."""
    analyses = list(analyses)
    if layer == "places":
        columns: Sequence[str] = PLACE_COLUMNS
        rows = place_rows(analyses)
    else:
        columns, rows = CSV_COLUMNS + CSV_EXTRA, incident_rows(analyses)
    if str(path) == "-":
        n = write_rows(sys.stdout, columns, rows)
        sys.stdout.flush()
        return n
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as fh:
        n = write_rows(fh, columns, rows)
        fh.flush()
        os.fsync(fh.fileno())
    return n
