"""A standalone HTML report: the article with its place names linked to the map, the incidents,
the claims with their verdicts, the places (located or not) and the map, in one offline file.

Every text from the documents is escaped here with :func:`html.escape`; the map's data travels as
escaped JSON (see :mod:`geomap.render.map`).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

from .._atomic import atomic_open
from .assets import head_html, own_asset
from .map import default_title, map_body, new_map_id
from .mapdata import Doc, MapData, NothingToMapError, build_map_data

_VERDICT_CLASS = {"supported": "gm-ok", "contradicted": "gm-bad", "ambiguous": "gm-amb", "unverifiable": "gm-unk"}


def _e(value) -> str:
    """Escaped text of a value ('' for None)."""
    return "" if value is None else html.escape(str(value), quote=True)


def _doc_label(d: Doc) -> str:
    return d.title or d.source or d.id


def _dates(r: dict) -> str:
    """'2024-10-07 – 2024-10-13' for a range, the date or the words of the text otherwise."""
    if r.get("date") and r.get("date_end") and r["date_end"] != r["date"]:
        return f"{r['date']} \u2013 {r['date_end']}"
    return r.get("date") or r.get("date_text") or "\u2013"


def article_html(d: Doc, md: MapData, map_id: str | None) -> str:
    """The document text, escaped, with each place mention highlighted (and linked to its marker)
    and each checked claim underlined in its verdict's colour (and linked to its drawing)."""
    text = d.text or ""
    spans = []
    for p in d.places:
        s, e = p.get("start"), p.get("end")
        if isinstance(s, int) and isinstance(e, int) and 0 <= s < e <= len(text):
            spans.append((s, e, p))
    spans.sort(key=lambda t: (t[0], -t[1]))
    claim_index = {id(c): n for n, c in enumerate(md.claims)}
    claims, end = [], -1
    for c in sorted((c for c in md.claims + md.unlocated_claims if c["doc"] == d.index),
                    key=lambda c: (c.get("start") or 0)):
        s, e = c.get("start"), c.get("end")
        if isinstance(s, int) and isinstance(e, int) and end <= s < e <= len(text):
            claims.append((s, e, c))
            end = e

    def places_between(a: int, b: int) -> str:
        out, pos = [], a
        for s, e, p in spans:
            if s < pos or e > b:  # overlapping, or crossing a claim's edge: left as plain text
                continue
            out.append(_e(text[pos:s]))
            key = md.mention_keys.get((d.index, s, e))
            name = p.get("name") or p.get("text")
            cc = p.get("country_code")
            if key and map_id:
                tip = f"{name}{f' ({cc})' if cc else ''}: show on the map"
                out.append(f'<a class="gm-mention" href="#{map_id}" data-gm-map="{map_id}" data-gm-key="{key}" '
                           f'title="{_e(tip)}">{_e(text[s:e])}</a>')
            else:
                why = p.get("reason") or "no coordinates"
                out.append(f'<mark class="gm-mention gm-unlocated" title="{_e("not located: " + str(why))}">'
                           f"{_e(text[s:e])}</mark>")
            pos = e
        out.append(_e(text[pos:b]))
        return "".join(out)

    out, pos = [], 0
    for s, e, c in claims:
        out.append(places_between(pos, s))
        tip = f"claim {c['verdict']}: {c['label']}"
        link = ""
        if map_id and id(c) in claim_index:
            link = f' data-gm-map="{map_id}" data-gm-key="c{claim_index[id(c)]}"'
            tip += " (click to show on the map)"
        cls = _VERDICT_CLASS.get(c["verdict"], "gm-unk")
        out.append(f'<span class="gm-claim {cls}" title="{_e(tip)}"{link}>{places_between(s, e)}</span>')
        pos = e
    out.append(places_between(pos, len(text)))
    return "".join(out)


def _table(head: Iterable[str], rows: list[list[str]], cls: str) -> str:
    ths = "".join(f"<th>{h}</th>" for h in head)
    body = "\n".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<div class="gm-table-wrap"><table class="{cls}"><thead><tr>{ths}</tr></thead>\n<tbody>\n{body}\n</tbody></table></div>'


def _num(x, unit: str = "") -> str:
    if x is None:
        return "\u2013"
    return f"{x:.1f}{unit}" if isinstance(x, float) else f"{x}{unit}"


def _show_link(map_id: str | None, key: str | None, label: str) -> str:
    if not (map_id and key):
        return _e(label)
    return f'<a href="#{map_id}" data-gm-map="{map_id}" data-gm-key="{key}">{_e(label)}</a>'


def _reported_by(md: MapData, incident: dict) -> str:
    """The document cell of an incident: its document, or every document of a merged incident."""
    sources = incident.get("sources") or []
    if len(sources) < 2:
        return _e(_doc_label(md.docs[incident["doc"]]))
    labels = [_doc_label(md.docs[s["doc"]]) if s.get("doc") is not None else s["document"] for s in sources]
    return "<br>".join(_e(label) for label in labels)


def incidents_table(md: MapData, multi: bool, map_id: str | None = None) -> str:
    items = sorted(md.incidents + md.unlocated_incidents, key=lambda r: (r["doc"], r["n"]))
    index = {id(r): n for n, r in enumerate(md.incidents)}
    if not items:
        return "<p class=\"gm-none\">No incident found.</p>"
    rows = []
    for i, r in enumerate(items, 1):
        located = "lat" in r
        kind = r["type"].replace("_", " ") + (f" \u2013 {r['sub_type']}" if r.get("sub_type") else "")
        if located:
            place = _show_link(map_id, f"i{index[id(r)]}", r.get("place") or "(on the map)")
        else:
            place = _e(r.get("place") or "") + ' <span class="gm-flag">not on the map</span>'

        row = [str(i), _e(kind), place, _e(_dates(r)),
               _num(r.get("killed")), _num(r.get("injured")), _e(", ".join(x for x in (r.get("status"), "background" if r.get("background") else None) if x)),
               f'<span class="gm-evidence">{_e(r.get("sentence"))}</span>']
        if multi:
            row.insert(1, _reported_by(md, r))
        rows.append(row)
    head = ["#", "Type", "Place", "Date", "Killed", "Injured", "Status", "Evidence"]
    if multi:
        head.insert(1, "Document")
    return _table(head, rows, "gm-incidents")


def claims_table(md: MapData, multi: bool, map_id: str | None = None) -> str:
    items = sorted(md.claims + md.unlocated_claims, key=lambda r: (r["doc"], r["n"]))
    index = {id(r): n for n, r in enumerate(md.claims)}
    if not items:
        return "<p class=\"gm-none\">No distance or direction claim found.</p>"
    rows = []
    for r in items:
        ref = r.get("ref") or {}
        verdict = r["verdict"]
        why = " ".join(x for x in (r.get("reason"), f"Measured on: {r['data']}" if r.get("data") else None) if x)
        row = [f'<span class="gm-evidence">{_e(r["text"])}</span>',
               (_show_link(map_id, f"c{index[id(r)]}", (r.get("subject") or {}).get("name") or "subject")
                if id(r) in index else "\u2013"),
               _e(" \u2013 ".join(str(x) for x in (ref.get("name"), ref.get("kind")) if x) or "\u2013"),
               _e(r["label"]),
               f'<span class="gm-verdict {_VERDICT_CLASS.get(verdict, "gm-unk")}">{_e(verdict)}</span>',
               _e(why)]
        if multi:
            row.insert(0, _e(_doc_label(md.docs[r["doc"]])))
        rows.append(row)
    head = ["Claim", "Subject", "Reference", "Figures", "Verdict", "Why"]
    if multi:
        head.insert(0, "Document")
    return _table(head, rows, "gm-claims")


def places_table(md: MapData, map_id: str | None) -> str:
    rows = []
    for p in md.places:
        rows.append([_show_link(map_id, p["key"], p["name"]), _e(", ".join(p["texts"])), str(p["mentions"]),
                     _e(p.get("feature") or ""), _e(p.get("country_code") or ""),
                     f"{p['lat']:.4f}, {p['lon']:.4f}"])
    for u in md.unlocated_places:
        rows.append([_e(u["text"]), _e(u["text"]), "1", "", "",
                     f'<span class="gm-flag">not located</span> {_e(u.get("reason") or "")}'])
    if not rows:
        return "<p class=\"gm-none\">No place found.</p>"
    return _table(["Place", "Mentioned as", "Mentions", "Kind", "Country", "Coordinates"], rows, "gm-places")


def render_report(analyses, *, title: str | None = None, cdn: bool = False, tiles: str = "osm") -> str:
    """The report page as a string (see :func:`write_report`)."""
    md = build_map_data(analyses)
    if not md.docs:
        raise NothingToMapError("nothing to report: no document was analysed")
    found = any(d.places or d.claims or d.incidents for d in md.docs)
    if not found:
        raise NothingToMapError("nothing to report: no place, incident or claim was found")
    multi = len(md.docs) > 1
    title = title if title is not None else (default_title(md) or "geomap report")
    map_id = None if md.empty else new_map_id()
    n_claims = len(md.claims) + len(md.unlocated_claims)
    verdicts = {}
    for c in md.claims + md.unlocated_claims:
        verdicts[c["verdict"]] = verdicts.get(c["verdict"], 0) + 1
    n_places = len(md.places)
    summary = [
        f"{n_places} place{'s' if n_places != 1 else ''} on the map"
        + (f", {len(md.unlocated_places)} mention(s) not located" if md.unlocated_places else ""),
        f"{len(md.incidents) + len(md.unlocated_incidents)} incident(s)",
        f"{n_claims} claim(s)" + (" (" + ", ".join(f"{n} {v}" for v, n in sorted(verdicts.items())) + ")"
                                  if verdicts else ""),
    ]
    meta = []
    if not multi:
        d = md.docs[0]
        meta = [x for x in (d.source, d.date, f"id {d.id}") if x]
    parts = [
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        f"<meta name=\"generator\" content=\"geomap\">\n<title>{_e(title)}</title>\n"
        f"<style>\n{own_asset('report.css')}\n</style>\n{head_html(cdn=cdn)}\n</head>\n<body>\n<main>",
        f"<header><h1>{_e(title)}</h1>"
        + (f'<p class="gm-meta">{_e(" · ".join(meta))}</p>' if meta else "")
        + f'<p class="gm-summary">{_e("; ".join(summary))}.</p></header>',
    ]
    warnings = [(d, w) for d in md.docs for w in d.warnings]
    if warnings:
        items = "".join(f"<li>{_e((_doc_label(d) + ': ') if multi else '')}{_e(w)}</li>" for d, w in warnings)
        parts.append(f'<section id="warnings"><h2>Warnings</h2><ul class="gm-warnings">{items}</ul></section>')
    parts.append('<section id="map"><h2>Map</h2>')
    if map_id:
        parts.append(map_body(md, map_id=map_id, title=None, tiles=tiles, height="560px"))
    else:
        parts.append('<p class="gm-none">Nothing in the text could be located, so there is no map; '
                     "the places found are listed below.</p>")
    parts.append("</section>")
    for d in md.docs:
        if d.text is None:
            continue
        head = f"Article: {_e(_doc_label(d))}" if multi else "Article"
        parts.append(f'<section class="gm-doc" id="doc-{d.index + 1}"><h2>{head}</h2>'
                     '<p class="gm-hint">Place names are highlighted and checked claims underlined in the colour of their verdict; click one to show it on the map.</p>'
                     f'<div class="gm-article">{article_html(d, md, map_id)}</div></section>')
    parts.append(f'<section id="incidents"><h2>Incidents</h2>{incidents_table(md, multi, map_id)}</section>')
    parts.append(f'<section id="claims"><h2>Claims</h2>{claims_table(md, multi, map_id)}</section>')
    parts.append(f'<section id="places"><h2>Places</h2>{places_table(md, map_id)}</section>')
    from .._version import __version__

    parts.append(f'<footer>Made with geomap {_e(__version__)}. Country outlines: Natural Earth (public domain). '
                 "Town names: GeoNames (CC BY 4.0). Map tiles, when online: \u00a9 OpenStreetMap contributors.</footer>")
    parts.append(f"</main>\n<script>\n{own_asset('report.js')}\n</script>\n</body>\n</html>\n")
    return "\n".join(parts)


def write_report(analyses, path, *, title: str | None = None, cdn: bool = False, tiles: str = "osm") -> None:
    """Write the report of ``analyses`` (Analysis objects or their dicts) to ``path``, atomically.

    Raises :class:`geomap.render.NothingToMapError` when no place, incident or claim was found at
    all, and :class:`geomap.errors.OutputError` when ``path`` cannot be written.
    """
    text = render_report(analyses, title=title, cdn=cdn, tiles=tiles)
    with atomic_open(path) as fh:
        fh.write(text)
