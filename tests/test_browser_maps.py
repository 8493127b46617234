"""Maps, fragments and reports in headless Chromium with every network request blocked.

Each output kind must load with no console error (blocked map tiles aside: they need the network),
show the expected markers and features, open popups that show the article's markup as text, and
never run anything from the article. Skipped only when Chromium is not installed.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from _browser import browser, chromium_path, open_page
from _render_samples import INJECTION, TEXT, dated_feed, many_incidents, sample_analysis

from geomap.model import Analysis, Document, Place
from geomap.render import build_map_data, render_fragment, write_map, write_report
from geomap.render.mapdata import claim_label

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(chromium_path() is None, reason="needs Chromium (Debian package chromium)"),
]

SHARED_ARTICLE = Path(__file__).resolve().parents[1].parent / "shared" / "articles" / "kharkiv-glide-bomb-2024-10-03.txt"

COUNTS = """(id) => {
  const r = GeoMap.maps[id];
  const n = (k) => r.layers[k] ? r.layers[k].getLayers().length : 0;
  return {places: Object.keys(r.places).length, incidents: r.incidents.length, claims: r.claims.length,
          outlines: n('outlines'), claimParts: n('claims'), state: document.getElementById(id).dataset.state};
}"""


@pytest.fixture(scope="module")
def chrome():
    with browser() as b:
        yield b


def _map_ids(page) -> list[str]:
    return page.evaluate("() => [...document.querySelectorAll('.geomap')].map(e => e.id)")


def _popup_text(page) -> str:
    """Text of the popup opened last (a closing one may still be fading out)."""
    return page.locator(".leaflet-popup-content").last.inner_text()


def _not_pwned(page, log) -> None:
    assert page.evaluate("() => window.__pwned") is None
    assert log.dialogs == []


def test_map_page_offline(chrome, tmp_path):
    out = tmp_path / "map.html"
    write_map([sample_analysis()], out)
    with open_page(chrome, out) as (page, log):
        (mid,) = _map_ids(page)
        counts = page.evaluate(COUNTS, mid)
        # 177 world outlines + the town-scale context (a sea box, the 1:10m land and the division lines)
        assert counts == {"places": 3, "incidents": 1, "claims": 1, "outlines": 180,
                          "claimParts": 6, "state": "ready"}  # 3 rings, line, reference, subject
        assert page.locator(".gm-place").count() == 3 and page.locator(".gm-incident").count() == 1
        assert page.locator(".gm-maplabel-claim").inner_text() == "measured 32.7 km / claimed ~30 km"
        legend = page.locator(".gm-legend").inner_text()
        assert "Explosions/Remote violence (1)" in legend and "Quixotl Springs" in legend
        # a real click on the lone Kyiv marker
        kyiv = page.evaluate("(id) => { const r = GeoMap.maps[id]; return Object.keys(r.places)"
                             ".find(k => r.places[k].getLatLng().lng < 31); }", mid)
        # Kyiv is outside the opening view (fitted to the claim and the incident in Kharkiv): pan to it
        page.evaluate("([id, k]) => { const r = GeoMap.maps[id]; r.map.setView(r.places[k].getLatLng(), 8, "
                      "{animate: false}); r.places[k].getElement().setAttribute('data-test', 'kyiv'); }", [mid, kyiv])
        page.click("[data-test=kyiv]")
        assert "Kyiv" in _popup_text(page)
        page.evaluate("(id) => { GeoMap.maps[id].incidents[0].openPopup(); }", mid)
        text = _popup_text(page)
        assert INJECTION in text and "12 injured" in text
        page.evaluate("(id) => { GeoMap.maps[id].claims[0].openPopup(); }", mid)
        text = _popup_text(page)
        assert "supported" in text.lower() and INJECTION in text
        assert page.locator(".leaflet-popup-content img, .leaflet-popup-content script").count() == 0
        _not_pwned(page, log)
        assert log.errors() == []
        assert log.blocked and all("tile.openstreetmap.org" in u for u in log.blocked)


def test_offline_map_is_never_blank(chrome, tmp_path):
    """Tiles blocked: the inline country outlines are drawn under where the tiles would be, in town-scale
    detail around a coastal town (Odesa, opened at town zoom: the 1:110m coast would be kilometres off)."""
    from PIL import Image

    text = "Drones struck the port of Odesa overnight."
    d = Analysis(Document(text=text, id="odesa", title="Port hit"),
                 places=[Place("Odesa", 27, 32, name="Odesa", lat=46.47747, lon=30.73262, country_code="UA",
                               feature="city", geonameid=698740)]).to_dict()
    out = tmp_path / "map.html"
    write_map([d], out)
    with open_page(chrome, out) as (page, log):
        png = page.screenshot()
    img = Image.open(io.BytesIO(png)).convert("RGB").resize((200, 133))
    colours = img.getcolors(200 * 133)
    land = sum(n for n, c in colours if max(abs(a - b) for a, b in zip(c, (0xF4, 0xF1, 0xE8), strict=True)) <= 3)
    sea = sum(n for n, c in colours if max(abs(a - b) for a, b in zip(c, (0xD6, 0xE4, 0xEE), strict=True)) <= 3)
    assert land > 0.2 * 200 * 133 and sea > 0.01 * 200 * 133


def test_map_without_tiles_makes_no_request(chrome, tmp_path):
    out = tmp_path / "map.html"
    write_map([sample_analysis()], out, tiles="none")
    with open_page(chrome, out) as (page, log):
        assert page.evaluate(COUNTS, _map_ids(page)[0])["state"] == "ready"
        assert log.blocked == [] and log.errors(allow_blocked_tiles=False) == []
        assert [m for m in log.console if m[0] in ("error", "warning")] == []


def test_two_fragments_share_a_page(chrome, tmp_path):
    first = build_map_data([sample_analysis()])
    second = build_map_data(many_incidents(7))
    page_html = ("<!DOCTYPE html><html><head><meta charset='utf-8'><title>t</title></head><body>"
                 "<h1>A report page</h1><p>Before.</p>" + render_fragment(first, tiles="none", height="300px")
                 + "<p>Between.</p>" + render_fragment(second, tiles="none", height="300px")
                 + "<p>After.</p></body></html>")
    out = tmp_path / "page.html"
    out.write_text(page_html, encoding="utf-8")
    with open_page(chrome, out) as (page, log):
        ids = _map_ids(page)
        assert len(ids) == 2 and ids[0] != ids[1]
        a, b = (page.evaluate(COUNTS, i) for i in ids)
        assert (a["places"], a["incidents"], a["claims"]) == (3, 1, 1)
        assert (b["places"], b["incidents"], b["claims"]) == (0, 7, 0)
        assert page.locator(f"#{ids[0]} .gm-incident").count() == 1
        assert page.locator(f"#{ids[1]} .gm-incident").count() == 7
        assert page.evaluate("() => typeof L.MarkerClusterGroup") == "function"
        _not_pwned(page, log)
        assert log.errors(allow_blocked_tiles=False) == []


def test_many_incidents_are_clustered(chrome, tmp_path):
    out = tmp_path / "many.html"
    write_map(many_incidents(600, docs=6), out, tiles="none")
    with open_page(chrome, out) as (page, log):
        mid = _map_ids(page)[0]
        assert page.evaluate("(id) => GeoMap.maps[id].layers.incidents.getLayers().length", mid) == 600
        assert page.evaluate("(id) => !!GeoMap.maps[id].layers.incidents._featureGroup", mid)  # a cluster group
        shown = page.locator(".gm-incident").count()
        clusters = page.locator(".marker-cluster").count()
        assert clusters > 0 and shown < 600
        assert len(_assert_labels_apart(page, mid)) >= 10  # town names, none on a cluster or a marker
        assert log.errors(allow_blocked_tiles=False) == []


def test_cdn_map_offline_says_why_it_is_empty(chrome, tmp_path):
    out = tmp_path / "cdn.html"
    write_map([sample_analysis()], out, cdn=True, tiles="none")
    with open_page(chrome, out) as (page, log):
        assert page.evaluate("() => document.querySelector('.geomap').dataset.state") == "no-library"
        assert "could not be loaded" in page.locator(".gm-error").inner_text()
        assert any("leaflet" in u for u in log.blocked)


def test_report_links_places_and_runs_nothing_from_the_article(chrome, tmp_path):
    out = tmp_path / "report.html"
    write_report([sample_analysis()], out)
    with open_page(chrome, out, viewport=(1100, 900)) as (page, log):
        article = page.locator(".gm-article").inner_text()
        assert INJECTION in article
        assert page.locator(".gm-article a.gm-mention").count() == 4
        assert page.locator("header img, .gm-article img, table img, header script, .gm-article script").count() == 0
        assert INJECTION in page.locator("h1").inner_text()
        assert page.title().startswith("Strike on Kharkiv <script>")
        page.locator(".gm-article a.gm-mention", has_text="Kyiv").click()
        page.wait_for_selector(".leaflet-popup-content")
        assert page.locator(".leaflet-popup-content .gm-popup-title").inner_text() == "Kyiv"
        assert page.locator("table.gm-incidents tbody tr").count() == 1
        page.locator("table.gm-incidents a", has_text="Kharkiv").click()
        page.wait_for_function("() => [...document.querySelectorAll('.leaflet-popup-content')]"
                               ".some(e => e.textContent.includes('12 injured'))")
        page.locator(".gm-article .gm-claim").click(position={"x": 5, "y": 5})
        page.wait_for_function("() => [...document.querySelectorAll('.leaflet-popup-content')]"
                               ".some(e => e.textContent.includes('Claim: supported'))")
        assert page.locator("table.gm-claims .gm-verdict").inner_text() == "supported"
        assert "not located" in page.locator("table.gm-places").inner_text()
        _not_pwned(page, log)
        assert log.errors() == []


def test_report_of_an_analysed_text_with_markup(chrome, tmp_path):
    """End to end: the pipeline's own output for a text carrying markup; nothing of it runs."""
    import geomap

    text = ("Officials in Kyiv said <script>window.__pwned = 'script'</script> a drone hit a depot near "
            "Kharkiv on Monday. <img src=x onerror=\"window.__pwned = 'img'; alert(1)\"> Lviv was quiet.")
    a = geomap.analyze(text, date="2024-10-07", doc_id="markup")
    located = [p for p in a.places if p.resolved]
    assert located, "the gazetteer should locate Kyiv, Kharkiv or Lviv"
    out = tmp_path / "report.html"
    write_report([a], out, tiles="none")
    with open_page(chrome, out) as (page, log):
        assert page.locator(".gm-article a.gm-mention").count() == len(located)
        assert "<script>window.__pwned" in page.locator(".gm-article").inner_text()
        _not_pwned(page, log)
        assert log.errors(allow_blocked_tiles=False) == []


@pytest.mark.skipif(not SHARED_ARTICLE.exists(), reason="shared article not available")
def test_report_of_the_shared_article(chrome, tmp_path):
    import geomap

    a = geomap.analyze(SHARED_ARTICLE.read_text(encoding="utf-8"), date="2024-10-03", doc_id="kharkiv")
    out = tmp_path / "report.html"
    write_report([a], out)
    with open_page(chrome, out) as (page, log):
        mid = _map_ids(page)[0]
        counts = page.evaluate(COUNTS, mid)
        assert counts["state"] == "ready" and counts["places"] >= 3
        assert page.locator(".gm-article a.gm-mention").count() == len([p for p in a.places if p.resolved])
        assert log.errors() == []


def test_markup_in_place_names_and_types_is_text(chrome, tmp_path):
    """Names can come from online geocoders and types from other producers: they are text too."""
    d = sample_analysis().to_dict()
    d["places"][3]["name"] = INJECTION
    d["incidents"][0]["type"] = INJECTION
    d["incidents"][0]["place"]["name"] = INJECTION
    out = tmp_path / "names.html"
    write_map([d], out, tiles="none")
    with open_page(chrome, out) as (page, log):
        mid = _map_ids(page)[0]
        page.evaluate("(id) => { const r = GeoMap.maps[id]; Object.values(r.places).forEach(m => m.openTooltip());"
                      " r.incidents[0].openTooltip(); r.incidents[0].openPopup(); }", mid)
        tips = page.locator(".leaflet-tooltip").all_inner_texts()
        assert sum(INJECTION in t for t in tips) == 2  # the place and the incident
        assert INJECTION in _popup_text(page)
        assert INJECTION in page.locator(".gm-legend").inner_text()
        assert page.locator(".geomap img, .geomap script").count() == 0
        _not_pwned(page, log)
        assert log.errors(allow_blocked_tiles=False) == []


# ----------------------------------------------------------------------------- issue 15: a publishable map

VISIBLE_LABELS = """(id) => [...document.querySelectorAll('#' + id + ' .gm-maplabel')]
  .filter(e => e.style.display !== 'none' && e.style.visibility === 'visible')
  .map(e => { const r = e.getBoundingClientRect();
              return {text: e.textContent, cls: e.className, x: r.left, y: r.top, w: r.width, h: r.height}; })"""

MARKER_BOXES = """(id) => [...document.querySelectorAll('#' + id + ' .leaflet-marker-icon, #' + id
  + ' .gm-claim-subject')].map(e => { const r = e.getBoundingClientRect();
      return {x: r.left, y: r.top, w: r.width, h: r.height}; }).filter(b => b.w > 0)"""


def _overlap(a: dict, b: dict) -> bool:
    return a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"] and b["y"] < a["y"] + a["h"]


def _assert_labels_apart(page, map_id: str) -> list[dict]:
    """No two visible labels overlap, and no label covers a marker; returns the labels."""
    labels = page.evaluate(VISIBLE_LABELS, map_id)
    markers = page.evaluate(MARKER_BOXES, map_id)
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not _overlap(a, b), (a, b)
        for m in markers:
            assert not _overlap(a, m), (a, m)
    return labels


@pytest.fixture(scope="module")
def seed_analysis():
    if not SHARED_ARTICLE.exists():
        pytest.skip(f"needs the shared seed article {SHARED_ARTICLE} (read in place, never copied)")
    import geomap

    return geomap.analyze(SHARED_ARTICLE.read_text(encoding="utf-8"), date="2024-10-03", doc_id="kharkiv")


def test_seed_article_map_opens_on_kharkiv(chrome, tmp_path, seed_analysis):
    """Not at continent scale: Russia's point in Siberia and next week's meeting in Germany are left out."""
    out = tmp_path / "kharkiv.html"
    write_map([seed_analysis], out, tiles="none")
    with open_page(chrome, out) as (page, log):
        mid = _map_ids(page)[0]
        view = page.evaluate("(id) => { const m = GeoMap.maps[id].map;"
                             " return {zoom: m.getZoom(), kharkiv: m.getBounds().contains([49.9808, 36.2527])}; }", mid)
        assert view["kharkiv"] and view["zoom"] >= 6
        labels = _assert_labels_apart(page, mid)
        texts = [x["text"] for x in labels]
        (claim,) = [c for c in seed_analysis.to_dict()["claims"] if (c.get("subject") or {}).get("name") == "Kharkiv"]
        assert claim_label(claim) in texts  # the claim's figures ("measured 32.7 km / claimed ~30 km")
        assert claim["reference"]["name"] in texts  # its reference, at the nearest border point
        assert "Kharkiv" in texts  # incident places are named
        assert sum("gm-maplabel-town" in x["cls"] for x in labels) >= 5  # towns named with no tiles
        page.locator(".leaflet-control-layers").hover()
        page.locator(".leaflet-control-layers-overlays label", has_text="Town names").locator("input").uncheck()
        after = page.evaluate(VISIBLE_LABELS, mid)
        assert after and not any("gm-maplabel-town" in x["cls"] for x in after)  # the layer switch hides them
        assert log.errors(allow_blocked_tiles=False) == []


def test_labels_stay_apart_at_every_zoom(chrome, tmp_path):
    out = tmp_path / "sample.html"
    write_map([sample_analysis(), dated_feed()], out, tiles="none")
    with open_page(chrome, out) as (page, log):
        mid = _map_ids(page)[0]
        for zoom in (5, 7, 9, 11):
            page.evaluate("([id, z]) => { GeoMap.maps[id].map.setZoom(z, {animate: false});"  # labels: next frame
                          " return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))); }",
                          [mid, zoom])
            labels = _assert_labels_apart(page, mid)
            assert labels, f"no label at zoom {zoom}"
        assert log.errors(allow_blocked_tiles=False) == []


def test_time_control_filters_incidents(chrome, tmp_path):
    out = tmp_path / "feed.html"
    write_map([dated_feed()], out, tiles="none")

    def shown(page) -> list[str]:
        return sorted(page.locator(".gm-maplabel-place").evaluate_all(
            "els => els.filter(e => e.style.display !== 'none').map(e => e.textContent)"))

    def set_range(page, first: str, last: str) -> None:
        # as a dragged slider does; the markers are redrawn on the next frame
        page.evaluate("([a, b]) => { const day = s => Date.parse(s) / 86400000;"
                      " for (const [sel, v] of [['.gm-time-to', b], ['.gm-time-from', a]]) {"
                      "   const e = document.querySelector(sel); e.value = day(v);"
                      "   e.dispatchEvent(new Event('input')); }"
                      " return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))); }",
                      [first, last])

    with open_page(chrome, out) as (page, log):
        mid = _map_ids(page)[0]
        assert page.locator(".gm-incident").count() == 5
        assert page.locator(".gm-time-range").inner_text() == "2024-10-01 \u2013 2024-10-09"  # background left out
        set_range(page, "2024-10-05", "2024-10-08")
        # Izium (4-6 October) overlaps; Balakliia is undated and Chuhuiv background: both stay
        assert page.locator(".gm-incident").count() == 3
        assert page.evaluate("(id) => GeoMap.maps[id].shown", mid) == 3
        assert shown(page) == ["Balakliia", "Chuhuiv", "Izium"]
        assert "Balakliia" in page.locator(".gm-time-undated").text_content()
        page.locator(".gm-time-background input").uncheck()
        assert page.locator(".gm-incident").count() == 2
        page.locator(".gm-time-background input").check()
        set_range(page, "2024-10-01", "2024-10-09")
        page.locator(".gm-time-play").click()  # day by day from the first (the first day is drawn at once)
        assert page.locator(".gm-incident").count() == 3  # Kupiansk, with the undated and background ones
        page.locator(".gm-time-play").click()  # pause
        set_range(page, "2024-10-01", "2024-10-09")
        page.evaluate("(id) => GeoMap.maps[id].incidents[1].openPopup()", mid)
        assert "2024-10-04 \u2013 2024-10-06" in _popup_text(page)
        assert log.errors(allow_blocked_tiles=False) == []


def test_proximity_claim_and_measured_to_point_are_drawn(chrome, tmp_path):
    d = sample_analysis().to_dict()
    claim = d["claims"][0]
    for key in ("claimed_km", "claimed_min_km", "claimed_max_km", "value"):
        claim[key] = None
    claim.update(qualifier="near", unit=None, measured_km=3.2, reference={**claim["reference"], "name": "the border"},
                 measured_to={"lat": 50.1, "lon": 36.6, "name": "nearest border point"})
    out = tmp_path / "near.html"
    write_map([d], out, tiles="none")
    with open_page(chrome, out) as (page, log):
        mid = _map_ids(page)[0]
        parts = page.evaluate("""(id) => GeoMap.maps[id].layers.claims.getLayers().map(l =>
            l.getLatLngs ? {line: l.getLatLngs().map(p => [p.lat, p.lng])} : {radius: l.getRadius()})""", mid)
        lines = [p["line"] for p in parts if "line" in p]
        assert lines == [[[49.98081, 36.25272], [50.1, 36.6]]]
        assert not [p for p in parts if p.get("radius", 0) > 100]  # no claimed ring: there is no distance
        assert "near the border (measured 3.2 km)" in [x["text"] for x in _assert_labels_apart(page, mid)]
        assert log.errors(allow_blocked_tiles=False) == []


def test_published_map_shows_the_headline_and_no_local_path(chrome, tmp_path):
    out = tmp_path / "feed.html"
    write_map([dated_feed()], out, tiles="none")
    text = out.read_text(encoding="utf-8")
    assert "/home/analyst" not in text and "feed.jsonl" in text
    with open_page(chrome, out) as (page, log):
        assert page.title() == "Fighting along the front"
        assert page.locator(".gm-legend-title").inner_text() == "Fighting along the front"
        page.evaluate("(id) => GeoMap.maps[id].incidents[0].openPopup()", _map_ids(page)[0])
        assert "Source: Fighting along the front \u00b7 feed.jsonl" in _popup_text(page)


def test_notebook_html_draws_the_map(chrome, tmp_path):
    """nbconvert of a notebook that displays analyses: the map is drawn, offline, inside the page."""
    nbformat = pytest.importorskip("nbformat", reason="needs nbformat, nbconvert and ipykernel (test extras)")
    nbconvert = pytest.importorskip("nbconvert")
    pytest.importorskip("ipykernel")
    from nbconvert.preprocessors import ExecutePreprocessor

    root = Path(__file__).resolve().parents[1]
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(f"import sys\nsys.path[:0] = [{str(root)!r}, {str(root / 'tests')!r}]\n"
                                  "from _render_samples import sample_analysis\n"
                                  "from geomap.render.notebook import MapView"),
        nbformat.v4.new_code_cell("MapView(sample_analysis(), tiles='none')"),
    ]
    ExecutePreprocessor(timeout=180, kernel_name="python3").preprocess(nb, {"metadata": {"path": str(tmp_path)}})
    body, _ = nbconvert.HTMLExporter().from_notebook_node(nb)
    out = tmp_path / "notebook.html"
    out.write_text(body, encoding="utf-8")
    with open_page(chrome, out, wait_ready=False) as (page, log):
        page.wait_for_selector("iframe.geomap-frame")
        frame = page.frame_locator("iframe.geomap-frame")
        frame.locator(".geomap[data-state=ready]").wait_for(timeout=15000)
        assert frame.locator(".gm-incident").count() == 1 and frame.locator(".gm-place").count() >= 1
        assert page.locator(".geomap-notebook table.gm-incidents tbody tr").count() == 1
        assert INJECTION not in page.locator(".geomap-notebook").inner_html()  # escaped in the tables
        assert page.evaluate("() => window.__pwned") is None


def test_corrected_json_moves_the_marker(chrome, tmp_path):
    """An analyst corrects a place in the extract JSON; the published map shows the corrected point."""
    import json

    from geomap.model import Analysis

    d = json.loads(json.dumps(sample_analysis().to_dict()))
    start = TEXT.index("Kharkiv")
    for place in (d["claims"][0]["subject"], d["incidents"][0]["place"]):  # with offsets, as the pipeline writes
        place["start"], place["end"] = start, start + len("Kharkiv")
    kyiv = next(p for p in d["places"] if p.get("name") == "Kyiv")
    kyiv["lat"], kyiv["lon"] = 50.4021, 30.3926  # a western district instead of the centre
    out = tmp_path / "corrected.html"
    write_map([Analysis.from_dict(d)], out, tiles="none")
    with open_page(chrome, out) as (page, log):
        points = page.evaluate("(id) => Object.values(GeoMap.maps[id].places).map(m => "
                               "[m.getLatLng().lat, m.getLatLng().lng])", _map_ids(page)[0])
        assert [50.4021, 30.3926] in points and [50.45466, 30.5238] not in points


def test_time_control_on_a_large_map_redraws_when_the_slider_is_let_go(chrome, tmp_path):
    """Re-clustering thousands of markers takes a few hundred ms: not on every step of a drag."""
    data = many_incidents(2100, docs=3)
    for d in data:
        for n, incident in enumerate(d["incidents"]):
            incident["date"] = incident["date_end"] = f"2024-09-{1 + n % 28:02d}"
    out = tmp_path / "large.html"
    write_map(data, out, tiles="none")
    with open_page(chrome, out) as (page, log):
        mid = _map_ids(page)[0]
        drag = ("(kind) => { const e = document.querySelector('.gm-time-to'); e.value = Date.parse('2024-09-07') / 86400000;"
                " e.dispatchEvent(new Event(kind));"
                " return new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))); }")
        page.evaluate(drag, "input")
        assert page.evaluate("(id) => GeoMap.maps[id].shown", mid) == 2100
        assert page.locator(".gm-time-range").inner_text() == "2024-09-01 \u2013 2024-09-07"  # the text follows
        page.evaluate(drag, "change")
        assert page.evaluate("(id) => GeoMap.maps[id].shown", mid) == 7 * 75  # 7 days of 28, 2100 / 28 each
        assert log.errors(allow_blocked_tiles=False) == []
