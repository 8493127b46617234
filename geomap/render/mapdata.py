"""What a map shows, as plain JSON-ready data: one view of a list of analyses, shared by every output.

``build_map_data(analyses)`` accepts :class:`geomap.model.Analysis` objects or their ``to_dict()``
form (the JSON written by ``geomap extract``, optionally with the document ``"text"``), and returns
a :class:`MapData` whose ``payload`` the map script draws, whose lists the report tabulates and the
static image plots. Nothing here is HTML: escaping is the job of whoever displays the text.
"""

from __future__ import annotations

import math
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from .view import map_view


class NothingToMapError(InputError):
    """The analyses hold nothing with coordinates: no map is written rather than an empty one."""


# Incident type -> colour. The extractor uses ACLED's event types (plus "Natural disaster"); a few
# plain-word types are kept for other producers. Unknown types get a FALLBACK_COLOURS entry by a stable hash.
INCIDENT_STYLES: dict[str, str] = {
    "explosions_remote_violence": "#d62728", "battles": "#7c3aed", "violence_against_civilians": "#9f1239",
    "protests": "#0891b2", "riots": "#ea580c", "strategic_developments": "#4b5563",
    "natural_disaster": "#0d9488",
    "airstrike": "#d62728", "shelling": "#d62728", "missile": "#d62728", "drone": "#d62728",
    "explosion": "#d62728", "attack": "#9f1239", "shooting": "#7c3aed", "clash": "#7c3aed",
    "protest": "#0891b2", "riot": "#ea580c", "arrest": "#4b5563", "flood": "#0d9488",
    "earthquake": "#0d9488", "storm": "#0d9488", "wildfire": "#0d9488", "fire": "#ea580c",
}
FALLBACK_COLOURS = ("#be123c", "#7c3aed", "#0369a1", "#b45309", "#047857", "#a21caf", "#4d7c0f", "#9f1239")
VERDICT_COLOURS = {"supported": "#1a9641", "contradicted": "#d7191c", "ambiguous": "#d97706",
                   "unverifiable": "#6b7280"}
PLACE_COLOUR = "#2563eb"

_QUALIFIER_SIGNS = {
    "about": "~", "around": "~", "approximately": "~", "approx": "~", "roughly": "~", "some": "~",
    "nearly": "~", "almost": "~", "circa": "~", "approximate": "~", "hedged": "~",
    "less than": "<", "under": "<", "within": "\u2264", "up to": "\u2264", "at most": "\u2264",
    "fewer than": "<", "below": "<",
    "more than": ">", "over": ">", "at least": "\u2265", "beyond": ">",
    "less_than": "<", "more_than": ">", "exact": "",  # the contract's names (DESIGN.md: qualifiers)
}
_UNIT_NAMES = {"km": "km", "kilometre": "km", "kilometer": "km", "kilometres": "km", "kilometers": "km",
               "mi": "mi", "mile": "mi", "miles": "mi", "m": "m", "metre": "m", "meter": "m",
               "metres": "m", "meters": "m", "nmi": "nmi", "nautical mile": "nmi", "nautical miles": "nmi"}

# Proximity claims ("on the border", "near Kherson", "across the river") carry no distance: the map draws
# subject, reference and line, and the label says the relation in words.
PROXIMITY_WORDS = {"on": "on", "near": "near", "across": "across", "outskirts": "on the outskirts of",
                   "direction_only": ""}

SENTENCE_MAX = 400
SOURCES_SHOWN = 20  # reports listed in a merged incident's popup
_URL_RE = re.compile(r"^[a-z][a-z0-9+.-]*://", re.I)


def public_source(source: Any) -> str | None:
    """What a published page may say about where a document came from: a URL (without user name or
    password) or a file's name, never the local path that would leak the analyst's folders."""
    if source is None or str(source).strip() == "":
        return None
    text = str(source).strip()
    if _URL_RE.match(text):
        from urllib.parse import urlsplit, urlunsplit

        try:
            parts = urlsplit(text)
            host = parts.hostname or ""
            netloc = host + (f":{parts.port}" if parts.port else "")
        except ValueError:
            return text.split("//", 1)[0] + "//"  # unparseable: the scheme alone
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    return re.split(r"[\\/]", text.rstrip("\\/"))[-1] or None


def incident_colour(kind: str | None) -> str:
    """The colour of an incident type (stable for unknown types)."""
    key = re.sub(r"[^a-z0-9]+", "_", (kind or "").lower()).strip("_")
    if key in INCIDENT_STYLES:
        return INCIDENT_STYLES[key]
    return FALLBACK_COLOURS[zlib.crc32(key.encode()) % len(FALLBACK_COLOURS)]


def incident_glyph(kind: str | None) -> str:
    """One capital letter standing for the incident type on its marker."""
    for ch in (kind or ""):
        if ch.isascii() and ch.isalpha():
            return ch.upper()
    return "?"


def marker_size(killed: int | None, injured: int | None) -> int:
    """Marker diameter in pixels: 18 for no known casualties, growing with their logarithm, at most 44."""
    n = max(0, killed or 0) + max(0, injured or 0)
    return int(min(44, 18 + 6 * math.log2(1 + n)))


def _fmt_km(x: float) -> str:
    return f"{x:.1f}" if x < 100 else f"{x:.0f}"


def _ref_name(claim: dict) -> str:
    ref = claim.get("reference") if isinstance(claim.get("reference"), dict) else {}
    return str(ref.get("name") or ref.get("text") or "the reference")


def claim_label(claim: dict) -> str:
    """'measured 32.7 km / claimed ~30 km' (or just the claimed part when nothing was measured);
    for a proximity claim the relation in words: 'near the Russian border (measured 3.1 km)'."""
    q = (claim.get("qualifier") or "").strip().lower()
    if q in PROXIMITY_WORDS and _num(claim.get("claimed_km")) is None:
        if q == "direction_only":
            words = f"{claim.get('direction') or 'in the direction'} of {_ref_name(claim)}"
        else:
            words = f"{PROXIMITY_WORDS[q]} {_ref_name(claim)}"
        measured = _num(claim.get("measured_km"))
        return f"{words} (measured {_fmt_km(measured)} km)" if measured is not None else words
    sign = _QUALIFIER_SIGNS.get(q, "")
    value, unit = claim.get("value"), _UNIT_NAMES.get(str(claim.get("unit") or "").strip().lower())
    ckm = _num(claim.get("claimed_km"))
    lo, hi = _num(claim.get("claimed_min_km")), _num(claim.get("claimed_max_km"))
    if isinstance(value, (int, float)) and unit and unit != "km":
        claimed = f"{sign}{value:g} {unit}" + (f" ({_fmt_km(ckm)} km)" if ckm is not None else "")
    elif q == "range" and lo is not None and hi is not None and lo < hi:  # "between 20 and 30 km"
        claimed = f"{lo:g}\u2013{hi:g} km"
    elif ckm is not None:
        claimed = f"{sign}{ckm:g} km" if ckm == round(ckm, 1) else f"{sign}{_fmt_km(ckm)} km"
    elif lo is not None and hi is not None:
        claimed = f"{lo:g}\u2013{hi:g} km"
    elif isinstance(value, (int, float)):
        claimed = f"{sign}{value:g} {claim.get('unit') or ''}".strip()
    else:
        claimed = "?"
    measured = _num(claim.get("measured_km"))
    if measured is None:
        return f"claimed {claimed}"
    return f"measured {_fmt_km(measured)} km / claimed {claimed}"


def _num(v: Any) -> float | None:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return None
    return float(v) if math.isfinite(v) else None


def _point(obj: Any) -> tuple[float, float] | None:
    """(lat, lon) of a Place-like dict or {"lat","lon"} point, or None when it has no valid coordinates.

    Exactly (0, 0) counts as missing: it is what a failed geocode looks like, never a news location.
    """
    if not isinstance(obj, dict):
        return None
    lat, lon = _num(obj.get("lat")), _num(obj.get("lon"))
    if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180) or lat == lon == 0:
        return None
    return lat, lon


def sentence_around(text: str | None, start: int, end: int) -> str | None:
    """The sentence of ``text`` holding ``text[start:end]``, at most SENTENCE_MAX characters."""
    if not text or not (0 <= start <= end <= len(text)):
        return None
    b = max(text.rfind(sep, 0, start) for sep in (". ", "! ", "? ", "\n"))
    b = 0 if b < 0 else b + 1
    ends = [i for i in (text.find(sep, end) for sep in (". ", "! ", "? ", "\n")) if i >= 0]
    e = min(ends) + 1 if ends else len(text)
    s = re.sub(r"\s+", " ", text[b:e]).strip()
    if len(s) > SENTENCE_MAX:
        mid = max(0, start - b - SENTENCE_MAX // 2)
        s = ("\u2026" if mid else "") + s[mid:mid + SENTENCE_MAX].strip() + "\u2026"
    return s


@dataclass
class Doc:
    """One analysed document as the outputs need it."""

    index: int
    id: str
    title: str | None
    source: str | None
    date: str | None
    text: str | None
    places: list[dict]
    claims: list[dict]
    incidents: list[dict]
    warnings: list[str]


@dataclass
class MapData:
    """Everything drawn on a map, plus what could not be drawn (listed in legends and reports)."""

    docs: list[Doc]
    places: list[dict] = field(default_factory=list)  # one per distinct located place
    incidents: list[dict] = field(default_factory=list)  # located incidents
    claims: list[dict] = field(default_factory=list)  # claims whose subject is located
    unlocated_places: list[dict] = field(default_factory=list)  # mentions without coordinates
    unlocated_incidents: list[dict] = field(default_factory=list)
    unlocated_claims: list[dict] = field(default_factory=list)
    mention_keys: dict[tuple[int, int, int], str] = field(default_factory=dict)  # (doc, start, end) -> place key

    @property
    def empty(self) -> bool:
        return not (self.places or self.incidents or self.claims)

    def view(self) -> dict[str, Any] | None:
        """The opening view (see :mod:`geomap.render.view`): the story's places, not every place named."""
        return map_view(self.places, self.incidents, self.claims)

    def bounds(self) -> list[list[float]] | None:
        """[[south, west], [north, east]] of the opening view (claims, incidents, then towns ...)."""
        v = self.view()
        return v["bounds"] if v else None

    def incident_types(self) -> list[dict]:
        """Legend entries for the incident types present: type, colour, glyph, count."""
        counts: dict[str, int] = {}
        for i in self.incidents:
            counts[i["type"]] = counts.get(i["type"], 0) + 1
        return [{"type": t, "label": t.replace("_", " "), "color": incident_colour(t), "glyph": incident_glyph(t),
                 "count": n} for t, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]

    def payload(self, *, title: str | None = None, tiles: str = "osm", cluster_at: int = 40) -> dict:
        """The JSON the map script draws (see assets/geomap-map.js)."""
        return {
            "title": title,
            "docs": [{"id": d.id, "title": d.title, "source": d.source, "date": d.date} for d in self.docs],
            "undated": [{"id": i["id"], "type": i["type"], "place": i["place"]} for i in self.incidents
                        if i["day0"] is None][:50],
            "places": self.places,
            "incidents": self.incidents,
            "claims": self.claims,
            "types": self.incident_types(),
            "verdicts": VERDICT_COLOURS,
            "unlocated": {
                "places": sorted({p["text"] for p in self.unlocated_places}),
                "incidents": len(self.unlocated_incidents),
                "claims": len(self.unlocated_claims),
            },
            "view": self.view(),
            "options": {"tiles": tiles, "clusterAt": cluster_at},
        }


def _as_dict(analysis: Any) -> tuple[dict, str | None]:
    if isinstance(analysis, dict):
        return analysis, analysis.get("text")
    if hasattr(analysis, "to_dict"):
        doc = getattr(analysis, "document", None)
        return analysis.to_dict(), getattr(doc, "text", None)
    raise TypeError(f"cannot map a {type(analysis).__name__}: expected an Analysis or its to_dict() form")


def load_docs(analyses) -> list[Doc]:
    """Normalise Analysis objects or dicts into :class:`Doc` records."""
    docs = []
    for n, a in enumerate(analyses):
        d, text = _as_dict(a)
        title = d.get("title")
        docs.append(Doc(index=n, id=str(d.get("id") or f"doc{n + 1}"),
                        title=str(title).strip() if title and str(title).strip() else None,
                        source=public_source(d.get("source")), date=d.get("date"), text=text,
                        places=[p for p in d.get("places") or [] if isinstance(p, dict)],
                        claims=[c for c in d.get("claims") or [] if isinstance(c, dict)],
                        incidents=[i for i in d.get("incidents") or [] if isinstance(i, dict)],
                        warnings=[str(w) for w in d.get("warnings") or []]))
    return docs


def _place_key(p: dict, pt: tuple[float, float]) -> str:
    gid = p.get("geonameid")
    if isinstance(gid, int) and not isinstance(gid, bool):
        return f"g{gid}"
    return f"c{pt[0]:.4f},{pt[1]:.4f},{p.get('name') or p.get('text')}"


def _short_place(p: Any) -> dict | None:
    pt = _point(p)
    if pt is None:
        return None
    return {"name": p.get("name") or p.get("text"), "text": p.get("text"), "lat": pt[0], "lon": pt[1],
            "country_code": p.get("country_code")}


def _int_or_none(v: Any) -> int | None:
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def day_span(date: Any, date_end: Any = None) -> tuple[int | None, int | None]:
    """(first, last) day numbers (days since 1970-01-01) of an ISO date or date range, or (None, None).

    A month ("2024-10") or a year ("2024") spans all its days; a range ends at ``date_end``.
    """
    first = _day_bounds(date)
    if first is None:
        return None, None
    last = _day_bounds(date_end) if date_end else None
    end = last[1] if last is not None and last[1] >= first[0] else first[1]
    return first[0], end


def _day_bounds(value: Any) -> tuple[int, int] | None:
    import calendar
    import datetime as dt

    m = re.fullmatch(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ].*)?", str(value or ""))
    if not m:
        return None
    year, month, day = int(m[1]), int(m[2] or 0), int(m[3] or 0)
    epoch = dt.date(1970, 1, 1).toordinal()
    try:
        if day:
            d = dt.date(year, month, day).toordinal() - epoch
            return d, d
        if month:
            return (dt.date(year, month, 1).toordinal() - epoch,
                    dt.date(year, month, calendar.monthrange(year, month)[1]).toordinal() - epoch)
        return dt.date(year, 1, 1).toordinal() - epoch, dt.date(year, 12, 31).toordinal() - epoch
    except ValueError:
        return None


def incident_sources(sources: Any, doc_index: dict[str, int]) -> list[dict]:
    """The reports of an incident merged across documents, for its popup: each one's document (its index
    among the drawn documents, None when not drawn), evidence sentence, figures, date and place name."""
    if not isinstance(sources, list):
        return []
    out = []
    for s in sources[:SOURCES_SHOWN]:
        if not isinstance(s, dict):
            continue
        document = str(s.get("document") or "")
        text = str(s.get("text") or "")
        if len(text) > SENTENCE_MAX:
            text = text[:SENTENCE_MAX].rstrip() + "\u2026"
        out.append({"document": document, "doc": doc_index.get(document), "text": text,
                    "killed": _int_or_none(s.get("killed")), "injured": _int_or_none(s.get("injured")),
                    "date": s.get("date"), "place": s.get("place")})
    return out


def build_map_data(analyses) -> MapData:
    """Collect the drawable places, incidents and claims of ``analyses`` (see the module docstring)."""
    docs = load_docs(analyses)
    md = MapData(docs=docs)
    doc_index: dict[str, int] = {}
    for d in docs:
        doc_index.setdefault(d.id, d.index)
    by_key: dict[str, dict] = {}
    for d in docs:
        for p in d.places:
            pt = _point(p)
            start, end = _int_or_none(p.get("start")), _int_or_none(p.get("end"))
            if pt is None:
                md.unlocated_places.append({"text": str(p.get("text") or p.get("name") or "?"), "doc": d.index,
                                            "start": start, "end": end, "reason": p.get("reason")})
                continue
            key = _place_key(p, pt)
            rec = by_key.get(key)
            if rec is None:
                rec = by_key[key] = {
                    "key": f"p{len(by_key)}", "name": p.get("name") or p.get("text"), "lat": pt[0], "lon": pt[1],
                    "country_code": p.get("country_code"), "feature": p.get("feature"), "admin1": p.get("admin1"),
                    "texts": [], "mentions": 0, "docs": [],
                    "sentence": None, "confidence": _num(p.get("confidence")),
                }
                md.places.append(rec)
            rec["mentions"] += 1
            if p.get("text") and p["text"] not in rec["texts"] and len(rec["texts"]) < 5:
                rec["texts"].append(p["text"])
            if d.index not in rec["docs"] and len(rec["docs"]) < 20:
                rec["docs"].append(d.index)
            if rec["sentence"] is None and start is not None and end is not None:
                rec["sentence"] = sentence_around(d.text, start, end)
            if start is not None and end is not None:
                md.mention_keys[(d.index, start, end)] = rec["key"]
        for n, inc in enumerate(d.incidents):
            place = inc.get("place") if isinstance(inc.get("place"), dict) else None
            pt = _point(place)
            cas = inc.get("casualties") if isinstance(inc.get("casualties"), dict) else {}
            sentences = [s for s in inc.get("sentences") or [] if isinstance(s, str)]
            sentence = " ".join(sentences[:2]) or inc.get("text") or ""
            if len(sentence) > 2 * SENTENCE_MAX:
                sentence = sentence[:2 * SENTENCE_MAX].rstrip() + "\u2026"
            kind = str(inc.get("type") or "incident")
            rec = {
                "id": str(inc.get("id") or f"{d.id}-i{n + 1}"), "type": kind,
                "sub_type": inc.get("sub_type"), "sentence": sentence,
                "place": (place or {}).get("name") or (place or {}).get("text"),
                "date": inc.get("date"), "date_end": inc.get("date_end"), "date_text": inc.get("date_text"),
                "status": inc.get("status"), "background": inc.get("background") is True,
                "killed": _int_or_none(cas.get("killed")), "injured": _int_or_none(cas.get("injured")),
                "casualties_text": cas.get("text"), "actors": [str(a) for a in inc.get("actors") or []][:6],
                "geo_precision": inc.get("geo_precision"), "flags": [str(f) for f in inc.get("flags") or []][:6],
                "doc": d.index, "n": n, "sources": incident_sources(inc.get("sources"), doc_index),
            }
            rec["day0"], rec["day1"] = day_span(inc.get("date"), inc.get("date_end"))
            if pt is None:
                md.unlocated_incidents.append(rec)
                continue
            rec["lat"], rec["lon"] = pt
            rec["color"] = incident_colour(kind)
            rec["glyph"] = incident_glyph(kind)
            rec["size"] = marker_size(rec["killed"], rec["injured"])
            md.incidents.append(rec)
        for n, c in enumerate(d.claims):
            ref = c.get("reference") if isinstance(c.get("reference"), dict) else {}
            subject = _short_place(c.get("subject"))
            ref_pt = _point(ref.get("point"))
            verdict = c.get("verdict") if c.get("verdict") in VERDICT_COLOURS else "unverifiable"
            rec = {
                "text": c.get("text") or "", "verdict": verdict, "color": VERDICT_COLOURS[verdict],
                "subject": subject, "measured_to": _short_place(c.get("measured_to")),
                "ref": {"kind": ref.get("kind"), "name": ref.get("name") or ref.get("text"),
                        "countries": list(ref.get("countries") or []),
                        "lat": ref_pt[0] if ref_pt else None, "lon": ref_pt[1] if ref_pt else None},
                "claimed_km": _num(c.get("claimed_km")), "claimed_min_km": _num(c.get("claimed_min_km")),
                "claimed_max_km": _num(c.get("claimed_max_km")), "measured_km": _num(c.get("measured_km")),
                "qualifier": c.get("qualifier"), "direction": c.get("direction"),
                "label": claim_label(c), "reason": c.get("reason"), "rule": c.get("rule"),
                "data": c.get("data"), "tolerance_km": _num(c.get("tolerance_km")), "doc": d.index,
                "start": _int_or_none(c.get("start")), "end": _int_or_none(c.get("end")), "n": n,
            }
            (md.claims if subject else md.unlocated_claims).append(rec)
    return md


def require_something(md: MapData, what: str = "map") -> None:
    """Raise NothingToMapError with a clear message when ``md`` has nothing with coordinates."""
    if not md.empty:
        return
    if not md.docs:
        raise NothingToMapError(f"nothing to {what}: no document was analysed")
    names = sorted({p["text"] for p in md.unlocated_places})
    found = (f"{len(names)} place name(s) found but none located ({', '.join(names[:5])}"
             f"{', ...' if len(names) > 5 else ''})" if names else "no place, incident or claim found")
    raise NothingToMapError(f"nothing to {what}: {found}")
