"""Maps, fragments, reports and static images as files (no browser; see test_browser_maps.py)."""

from __future__ import annotations

import json
import re
import struct
from pathlib import Path

import pytest
from _render_samples import INJECTION, TEXT, many_incidents, sample_analysis
from click.testing import CliRunner

from geomap.cli import main
from geomap.errors import OutputError
from geomap.model import Analysis, Document, Place
from geomap.render import NothingToMapError, build_map_data, write_map, write_png, write_report
from geomap.render.assets import CLUSTER_JS, LEAFLET_JS, _literals_from_source, basemap, vendor_assets
from geomap.render.map import json_for_script, render_fragment
from geomap.render.mapdata import claim_label, marker_size, sentence_around


def _payload(html_text: str) -> list[dict]:
    """The JSON payloads of every map in a page."""
    blocks = re.findall(r'<script type="application/json" id="([^"]+)-data">(.*?)</script>', html_text, re.S)
    return [json.loads(body) for _, body in blocks]


# ----------------------------------------------------------------------------- map data


def test_map_data_dedupes_places_and_keeps_unlocated_off_the_map():
    md = build_map_data([sample_analysis()])
    names = sorted(p["name"] for p in md.places)
    assert names == ["Kharkiv", "Kyiv", "Russia"]
    kharkiv = next(p for p in md.places if p["name"] == "Kharkiv")
    assert kharkiv["mentions"] == 2
    assert "30 kilometres" in kharkiv["sentence"]
    assert [u["text"] for u in md.unlocated_places] == ["Quixotl Springs"]
    # never drawn at (0, 0): nothing without coordinates reaches the payload
    payload = md.payload()
    assert all(p["lat"] is not None and (p["lat"], p["lon"]) != (0, 0) for p in payload["places"])
    assert payload["unlocated"]["places"] == ["Quixotl Springs"]
    assert len(md.incidents) == 1 and md.incidents[0]["size"] == marker_size(None, 12)
    assert md.claims[0]["verdict"] == "supported"


def test_map_data_accepts_dicts_and_reports_unlocated_incidents_and_claims():
    d = sample_analysis().to_dict()
    d["incidents"][0]["place"] = {"text": "somewhere", "lat": None, "lon": None}
    d["claims"][0]["subject"] = None
    md = build_map_data([d])
    assert md.incidents == [] and len(md.unlocated_incidents) == 1
    assert md.claims == [] and len(md.unlocated_claims) == 1
    assert md.payload()["unlocated"]["incidents"] == 1


def test_view_fits_the_story_not_every_place_named():
    """Claims and incidents first (the claimed ring included); Russia's point in Siberia and Kyiv are left out."""
    md = build_map_data([sample_analysis()])
    view = md.view()
    assert view["focus"] == "claims and incidents"
    (s, w), (n, e) = view["bounds"]
    assert s < 49.98 - 0.25 < 49.98 + 0.25 < n < 51  # ring of 36 km reaches ~0.32 deg south and north
    assert 35 < w < e < 37.5  # neither Kyiv (30.5 E) nor Russia's point (100 E)


def test_view_falls_back_to_towns_then_to_countries():
    d = sample_analysis().to_dict()
    d["claims"], d["incidents"] = [], []
    view = build_map_data([d]).view()
    assert view["focus"] == "towns"
    (s, w), (n, e) = view["bounds"]
    assert w == pytest.approx(30.5238) and e == pytest.approx(36.25272) and n < 51
    d["places"] = [p for p in d["places"] if p.get("feature") == "country"]
    view = build_map_data([d]).view()
    assert view["focus"] == "everything" and view["bounds"] == [[60.0, 100.0], [60.0, 100.0]]


def test_view_leaves_planned_and_background_incidents_out_when_something_happened():
    d = sample_analysis().to_dict()
    d["claims"] = []
    far = {**d["incidents"][0], "id": "x2", "place": {"name": "Ramstein", "lat": 49.44, "lon": 7.6}}
    d["incidents"] += [{**far, "status": "planned"}, {**far, "id": "x3", "background": True}]
    (s, w), (n, e) = build_map_data([d]).view()["bounds"]
    assert w > 36  # only Kharkiv's incident
    d["incidents"] = d["incidents"][1:]  # nothing that happened: the planned ones are the story
    (s, w), (n, e) = build_map_data([d]).view()["bounds"]
    assert w == pytest.approx(7.6)


def test_claim_label():
    c = {"qualifier": "around", "value": 30, "unit": "km", "claimed_km": 30.0, "measured_km": 32.74}
    assert claim_label(c) == "measured 32.7 km / claimed ~30 km"
    assert claim_label({**c, "measured_km": None}) == "claimed ~30 km"
    miles = {"qualifier": "less than", "value": 20, "unit": "miles", "claimed_km": 32.19, "measured_km": 40.0}
    assert claim_label(miles) == "measured 40.0 km / claimed <20 mi (32.2 km)"
    assert claim_label({**c, "qualifier": "more_than"}) == "measured 32.7 km / claimed >30 km"  # contract names
    between = {"qualifier": "range", "value": 20, "claimed_km": None, "claimed_min_km": 20.0, "claimed_max_km": 30.0,
               "measured_km": None}
    assert claim_label(between) == "claimed 20\u201330 km"
    assert claim_label({**between, "claimed_km": 25.0}) == "claimed 20\u201330 km"  # not the midpoint


def test_sentence_around():
    i = TEXT.index("Kyiv")
    s = sentence_around(TEXT, i, i + 4)
    assert s.startswith("A spokesman in Kyiv") and s.endswith("without comment.")
    assert sentence_around(None, 0, 1) is None


def test_empty_analysis_is_an_error_not_an_empty_map(tmp_path):
    empty = Analysis(Document(text="Nothing happened anywhere.", id="empty"))
    with pytest.raises(NothingToMapError, match="nothing to map"):
        write_map([empty], tmp_path / "m.html")
    unlocated = Analysis(Document(text="In Quixotl Springs.", id="u"), places=[Place("Quixotl Springs", 3, 18)])
    with pytest.raises(NothingToMapError, match="Quixotl Springs"):
        write_map([unlocated], tmp_path / "m.html")
    with pytest.raises(NothingToMapError):
        write_png([empty], tmp_path / "m.png")
    with pytest.raises(NothingToMapError, match="nothing to report"):
        write_report([empty], tmp_path / "r.html")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_output_is_a_clear_error(tmp_path):
    with pytest.raises(OutputError, match="does not exist"):
        write_map([sample_analysis()], tmp_path / "missing" / "m.html")
    with pytest.raises(OutputError, match="directory"):
        write_report([sample_analysis()], tmp_path)


# ----------------------------------------------------------------------------- HTML output


def test_script_json_cannot_close_its_script_element():
    text = json_for_script({"t": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"t": "</script><script>alert(1)</script> & <!--"}


def test_self_contained_map_is_offline_and_small(tmp_path):
    out = tmp_path / "m.html"
    write_map([sample_analysis()], out)
    text = out.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>")
    assert "<script src=" not in text and "<link rel=\"stylesheet\"" not in text  # everything inline
    assert "Leaflet 1.9.3" in text and "L.MarkerClusterGroup" in text and "window.GeoMapBasemap" in text
    assert out.stat().st_size <= 1.5 * 1024 * 1024
    # the article's markup never appears raw: only inside escaped JSON
    assert INJECTION not in text and "<img src=\"x\"" not in text
    (payload,) = _payload(text)
    assert len(payload["places"]) == 3 and len(payload["incidents"]) == 1 and len(payload["claims"]) == 1
    assert payload["claims"][0]["label"] == "measured 32.7 km / claimed ~30 km"


def test_cdn_map_links_assets(tmp_path):
    out = tmp_path / "m.html"
    write_map([sample_analysis()], out, cdn=True)
    text = out.read_text(encoding="utf-8")
    assert f'<script src="{LEAFLET_JS}"></script>' in text and f'<script src="{CLUSTER_JS}"></script>' in text
    assert "Leaflet 1.9.3, a JS library" not in text
    assert out.stat().st_size < 300_000


def test_fragments_have_no_page_and_unique_ids():
    md = build_map_data([sample_analysis()])
    a, b = render_fragment(md), render_fragment(md)
    for frag in (a, b):
        assert "<html" not in frag.lower() and "<body" not in frag.lower() and "<!doctype" not in frag.lower()
        assert frag.count('class="geomap"') == 1
    ids = [re.search(r'<div class="geomap" id="([^"]+)"', f).group(1) for f in (a, b)]
    assert ids[0] != ids[1]
    assert 'if (typeof window.L === "undefined")' in a  # Leaflet runs once per page


def test_map_of_many_incidents_stays_under_budget(tmp_path):
    out = tmp_path / "big.html"
    write_map(many_incidents(5000, docs=50), out)
    assert out.stat().st_size <= 5 * 1024 * 1024
    (payload,) = _payload(out.read_text(encoding="utf-8"))
    assert len(payload["incidents"]) == 5000 and len(payload["docs"]) == 50
    assert out.read_text(encoding="utf-8").count("Leaflet 1.9.3, a JS library") == 1  # assets once


def test_report_escapes_and_links_places(tmp_path):
    out = tmp_path / "r.html"
    write_report([sample_analysis()], out)
    text = out.read_text(encoding="utf-8")
    assert INJECTION not in text
    assert "&lt;script&gt;window.__pwned" in text  # shown, as text
    (payload,) = _payload(text)
    keys = {p["key"]: p["name"] for p in payload["places"]}
    links = re.findall(r'<a class="gm-mention" href="#([^"]+)" data-gm-map="\1" data-gm-key="([^"]+)"', text)
    assert len(links) == 4  # Russian, Kharkiv x2, Kyiv
    assert [keys[k] for _, k in links] == ["Russia", "Kharkiv", "Kharkiv", "Kyiv"]
    assert 'class="gm-mention gm-unlocated"' in text and "Quixotl Springs" in text
    assert '<span class="gm-verdict gm-ok">supported</span>' in text
    # the checked claim is underlined in the article, with its place mentions still linked inside
    claim = re.search(r'<span class="gm-claim gm-ok" title="([^"]*)" data-gm-map="[^"]+" data-gm-key="c0">(.*?)</span>',
                      text, re.S)
    assert claim and "measured 32.7 km" in claim.group(1) and claim.group(2).count('class="gm-mention"') == 2
    assert 'data-gm-key="i0">Kharkiv</a>' in text
    assert "measured 32.7 km / claimed ~30 km" in text
    assert text.count("<table") == 3


def test_zero_zero_is_not_a_location():
    a = sample_analysis().to_dict()
    a["places"][1]["lat"] = a["places"][1]["lon"] = 0.0
    a["places"][2]["lat"] = a["places"][2]["lon"] = 0.0
    md = build_map_data([a])
    assert "Kharkiv" not in {p["name"] for p in md.places}
    assert [u["text"] for u in md.unlocated_places] == ["Kharkiv", "Kharkiv", "Quixotl Springs"]


def test_report_without_located_places_lists_them_and_has_no_map(tmp_path):
    a = Analysis(Document(text="Rain fell on Quixotl Springs.", id="u"), places=[Place("Quixotl Springs", 13, 28)])
    out = tmp_path / "r.html"
    write_report([a], out)
    text = out.read_text(encoding="utf-8")
    assert "no map" in text and 'class="geomap"' not in text and "Quixotl Springs" in text


# ----------------------------------------------------------------------------- static image


def test_png_is_written(tmp_path):
    out = tmp_path / "m.png"
    write_png([sample_analysis()], out, dpi=50)
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (500, 350)


# ----------------------------------------------------------------------------- data and assets


def test_basemap_outlines_do_not_cross_the_antimeridian():
    fc = basemap()
    assert len(fc["features"]) == 177
    names = {f["properties"]["name"] for f in fc["features"]}
    assert {"Ukraine", "Russia", "Fiji", "Antarctica"} <= names
    for f in fc["features"]:
        g = f["geometry"]
        for poly in g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]:
            for ring in poly:
                jumps = [(a, b) for a, b in zip(ring, ring[1:], strict=False) if abs(a[0] - b[0]) > 180]
                # only Antarctica's closing edge along the pole may span the map
                assert all(a[1] == b[1] == -90 for a, b in jumps), f["properties"]["name"]


def test_vendor_assets_read_from_folium_offline():
    res = vendor_assets()
    assert res[LEAFLET_JS].lstrip().startswith("/* @preserve") and "sourceMappingURL" not in res[LEAFLET_JS]
    assert "MarkerClusterGroup" in res[CLUSTER_JS]


def test_vendor_assets_are_cached_on_disk(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    vendor_assets.cache_clear()
    try:
        first = vendor_assets()
        (cached,) = tmp_path.glob("map-assets-*.json")
        assert json.loads(cached.read_text(encoding="utf-8")) == first
        vendor_assets.cache_clear()
        cached.write_text(json.dumps(first), encoding="utf-8")
        assert vendor_assets() == first  # read back from the cache: every digest known
        vendor_assets.cache_clear()
        cached.write_text("{broken", encoding="utf-8")
        assert vendor_assets() == first  # a damaged cache is rebuilt
    finally:
        vendor_assets.cache_clear()


def test_tampered_asset_cache_is_never_inlined(tmp_path, monkeypatch):
    """Anyone able to write the cache folder must not be able to put script into every map."""
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    vendor_assets.cache_clear()
    try:
        first = vendor_assets()
        (cached,) = tmp_path.glob("map-assets-*.json")
        payload = "window.__pwned = 'cache';"
        cached.write_text(json.dumps({**first, LEAFLET_JS: first[LEAFLET_JS] + payload}), encoding="utf-8")
        vendor_assets.cache_clear()
        assert vendor_assets() == first
        out = tmp_path / "map.html"
        write_map([sample_analysis()], out)
        assert payload not in out.read_text(encoding="utf-8")
        assert json.loads(cached.read_text(encoding="utf-8")) == first  # rewritten with the real assets
    finally:
        vendor_assets.cache_clear()


def test_unknown_asset_versions_are_not_cached(tmp_path, monkeypatch):
    from geomap.render import assets

    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    src = tmp_path / "elements.py"
    src.write_text("x = 1\n", encoding="utf-8")
    assets._write_cache(src, {LEAFLET_JS: "/* another release */"})
    assert list(tmp_path.glob("map-assets-*.json")) == []


def test_literal_extraction_handles_escapes():
    src = "x = 1\n_res['u1'] = '''a\\'''b\\\\'''\n_res['u2'] = \"\"\"c\"\"\"\n"
    assert _literals_from_source(src, ["u1", "u2", "u3"]) == {"u1": "a'''b\\", "u2": "c"}


# ----------------------------------------------------------------------------- command line


@pytest.fixture
def runner():
    return CliRunner()


def _sample_file(tmp_path: Path) -> Path:
    p = tmp_path / "kharkiv-note.txt"
    p.write_text("A drone struck a depot in Kharkiv on Monday, and officials in Kyiv condemned it.\n",
                 encoding="utf-8")
    return p


def test_cli_map_default_output_and_png_only(tmp_path, runner, monkeypatch):
    src = _sample_file(tmp_path)
    monkeypatch.chdir(tmp_path)
    r = runner.invoke(main, ["map", str(src), "--tiles", "none"])
    assert r.exit_code == 0, r.output
    out = tmp_path / "maps" / "kharkiv-note.html"
    assert out.exists() and out.stat().st_size > 100_000
    assert _payload(out.read_text(encoding="utf-8"))[0]["places"], "the gazetteer should locate Kharkiv/Kyiv"
    r = runner.invoke(main, ["map", str(src), "--png", "only.png"])
    assert r.exit_code == 0, r.output
    assert (tmp_path / "only.png").read_bytes()[:4] == b"\x89PNG"
    assert sorted(p.name for p in (tmp_path / "maps").iterdir()) == ["kharkiv-note.html"]


def test_cli_fragment_and_report(tmp_path, runner):
    src = _sample_file(tmp_path)
    frag = tmp_path / "f.html"
    r = runner.invoke(main, ["map", str(src), "--fragment", "-o", str(frag)])
    assert r.exit_code == 0, r.output
    assert "<html" not in frag.read_text(encoding="utf-8")
    rep = tmp_path / "r.html"
    r = runner.invoke(main, ["report", str(src), "-o", str(rep)])
    assert r.exit_code == 0, r.output
    assert 'class="gm-article"' in rep.read_text(encoding="utf-8")


def test_cli_errors_are_one_line(tmp_path, runner):
    empty = tmp_path / "empty.txt"
    empty.write_text("Nothing at all happened to anyone.\n", encoding="utf-8")
    r = runner.invoke(main, ["map", str(empty), "-o", str(tmp_path / "e.html")])
    assert r.exit_code == 1 and "nothing to map" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "e.html").exists()
    src = _sample_file(tmp_path)
    r = runner.invoke(main, ["map", str(src), "-o", str(tmp_path / "no" / "such" / "dir.html")])
    assert r.exit_code == 1 and "cannot write" in r.output and "Traceback" not in r.output
    r = runner.invoke(main, ["report", str(src), "-o", str(tmp_path)])
    assert r.exit_code == 2 and "is a directory" in r.output and "Traceback" not in r.output


def _build_basemap_module():
    import importlib.util

    path = Path(__file__).resolve().parents[1] / "data" / "build" / "build_basemap.py"
    spec = importlib.util.spec_from_file_location("build_basemap", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_basemap_builder_decodes_topojson_and_cuts_the_antimeridian():
    bb = _build_basemap_module()
    topo = {
        "type": "Topology",
        "transform": {"scale": [1, 1], "translate": [0, 0]},
        # arc 0: a square's lower-left half, arc 1 its upper-right half (delta-encoded, quantized)
        "arcs": [[[0, 0], [10, 0], [0, 10]], [[10, 10], [-10, 0], [0, -10]],
                 # arc 2: a ring from 170E to 190E (written -170, as world-atlas does) and back
                 [[170, 10], [-340, 0], [0, 10], [340, 0], [0, -10]]],
        "objects": {"countries": {"type": "GeometryCollection", "geometries": [
            {"type": "Polygon", "arcs": [[0, 1]], "id": "001", "properties": {"name": "Square"}},
            {"type": "Polygon", "arcs": [[~1, ~0]], "id": "002", "properties": {"name": "Reversed"}},
            {"type": "Polygon", "arcs": [[2]], "id": "003", "properties": {"name": "Strait"}},
        ]}},
    }
    fc = bb.convert(topo)
    by_name = {f["properties"]["name"]: f for f in fc["features"]}
    square = by_name["Square"]["geometry"]
    assert square == {"type": "Polygon", "coordinates": [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]]]}
    rev = by_name["Reversed"]["geometry"]["coordinates"][0]
    assert rev == [[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]]  # ~1 then ~0: both arcs walked backwards
    strait = by_name["Strait"]["geometry"]
    assert strait["type"] == "MultiPolygon" and len(strait["coordinates"]) == 2
    xs = sorted({x for poly in strait["coordinates"] for ring in poly for x, _ in ring})
    assert xs == [-180, -170, 170, 180]  # cut at the antimeridian, no edge spans the world


def test_pages_use_folium_document_model():
    """Pages are folium Figures; the element classes are the very ones folium exports."""
    import folium

    from geomap.render import _doc
    from geomap.render.map import render_page

    assert (_doc.Figure, _doc.Element, _doc.CssLink, _doc.JavascriptLink) == (
        folium.Figure, folium.Element, folium.CssLink, folium.JavascriptLink)
    page = render_page(build_map_data([sample_analysis()]), title="T <b>")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="en">' in page
    assert "<title>T &lt;b&gt;</title>" in page  # the title is escaped
    assert 'http-equiv="content-type"' in page  # folium's Figure header
    cdn = render_page(build_map_data([sample_analysis()]), cdn=True)
    assert f'<script src="{LEAFLET_JS}"></script>' in cdn  # a folium JavascriptLink


# ----------------------------------------------------------------------------- issue 15: publishable maps


def test_sources_are_published_as_file_names_or_urls():
    from geomap.render.mapdata import public_source

    assert public_source("/home/ann/news/strike report.txt") == "strike report.txt"
    assert public_source("C:\\Users\\ann\\feed.jsonl") == "feed.jsonl"
    assert public_source("https://ann:secret@news.example/a/b?id=7#top") == "https://news.example/a/b?id=7"
    assert public_source("synthetic feed") == "synthetic feed"
    assert public_source("  ") is None and public_source(None) is None


def test_map_and_report_never_print_a_local_path(tmp_path):
    from _render_samples import dated_feed

    d = sample_analysis().to_dict()
    d["source"] = "/home/analyst/private/strike.txt"
    for writer, name in ((write_map, "map.html"), (write_report, "report.html")):
        out = tmp_path / name
        writer([d, dated_feed()], out)
        text = out.read_text(encoding="utf-8")
        assert "/home/analyst" not in text and "strike.txt" in text and "feed.jsonl" in text


def test_title_is_the_headline_then_the_file_name():
    from geomap.render.map import default_title

    d = sample_analysis().to_dict()
    assert default_title(build_map_data([d])).startswith("Strike on Kharkiv")
    d["title"], d["source"] = None, "/srv/in/kharkiv-report.txt"
    assert default_title(build_map_data([d])) == "kharkiv-report.txt"


def test_day_spans_of_dates_months_and_ranges():
    from geomap.render.mapdata import day_span

    (first, last) = day_span("2024-10-04", "2024-10-06")
    assert last - first == 2
    month = day_span("2024-02")
    assert month[1] - month[0] == 28  # a leap February
    assert day_span("2024-02-30") == (None, None) and day_span("next week") == (None, None)
    assert day_span("2024-10-04", "2024-10-01") == day_span("2024-10-04")  # an end before the start is ignored


def test_incident_dates_and_background_reach_the_map_and_the_report(tmp_path):
    from _render_samples import dated_feed

    md = build_map_data([dated_feed()])
    izium = next(i for i in md.incidents if i["place"] == "Izium")
    assert izium["day1"] - izium["day0"] == 2 and izium["date_end"] == "2024-10-06"
    assert [u["place"] for u in md.payload()["undated"]] == ["Balakliia"]
    assert next(i for i in md.incidents if i["place"] == "Chuhuiv")["background"] is True
    out = tmp_path / "report.html"
    write_report([dated_feed()], out)
    text = out.read_text(encoding="utf-8")
    assert "2024-10-04 \u2013 2024-10-06" in text and "past, background" in text


def test_proximity_claims_are_labelled_in_words():
    base = {"claimed_km": None, "value": None, "unit": None, "measured_km": 2.04,
            "reference": {"kind": "border", "name": "the Russian border"}}
    assert claim_label({**base, "qualifier": "near"}) == "near the Russian border (measured 2.0 km)"
    assert claim_label({**base, "qualifier": "on", "measured_km": None}) == "on the Russian border"
    assert claim_label({**base, "qualifier": "outskirts", "reference": {"name": "Kharkiv"}}).startswith(
        "on the outskirts of Kharkiv")
    assert claim_label({**base, "qualifier": "direction_only", "direction": "north", "measured_km": None,
                        "reference": {"name": "Kharkiv"}}) == "north of Kharkiv"


def test_measured_to_point_is_kept_and_fitted():
    d = sample_analysis().to_dict()
    d["claims"][0]["measured_to"] = {"lat": 51.2, "lon": 36.3}
    md = build_map_data([d])
    assert md.claims[0]["measured_to"]["lat"] == 51.2
    assert md.view()["bounds"][1][0] == pytest.approx(51.2)


def test_offline_context_has_detailed_land_and_towns_of_the_area():
    from geomap.render.basemap import map_context
    from geomap.render.view import padded

    ctx = map_context(padded([[49.6, 35.9], [50.4, 36.7]]))
    west, south, east, north = ctx["region"]
    assert west < 35.9 and east > 36.7 and south < 49.6 and north > 50.4
    names = [t[0] for t in ctx["towns"]]
    assert names[0] == "Kharkiv" and "Belgorod" in names  # largest first, across the border too
    assert "Saltivka" not in names  # a district of Kharkiv, not a town of its own
    assert all(south <= t[1] <= north and west <= t[2] <= east for t in ctx["towns"])
    points = [pt for poly in ctx["land"]["coordinates"] for ring in poly for pt in ring]
    assert len(points) > 500  # 1:10m detail (the 1:110m outlines have a few dozen points here)
    assert all(west - 1e-3 <= x <= east + 1e-3 and south - 1e-3 <= y <= north + 1e-3 for x, y in points)  # clipped
    lines = ctx["divisions"]["coordinates"]
    assert len(lines) >= 5  # Kharkiv oblast meets Sumy, Poltava, Dnipro, Donetsk, Luhansk oblasts
    assert all(west - 1e-3 <= x <= east + 1e-3 and south - 1e-3 <= y <= north + 1e-3
               for line in lines for x, y in line)
    assert map_context(None) is None


def test_town_builder_drops_city_sections_but_keeps_nearby_towns():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_basemap", Path(__file__).resolve().parents[1]
                                                  / "data" / "build" / "build_basemap.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)
    lines = ["# header\n",
             "1\tBigtown\tcity\tPPL\tXX\t01\t50.0\t30.0\t1500000\t\n",
             "2\tBigtown North\tcity\tPPL\tXX\t01\t50.06\t30.0\t300000\t\n",  # 6.7 km away: a district
             "3\tSatellite\tcity\tPPL\tXX\t01\t50.2\t30.0\t40000\t\n",  # 22 km: a town of its own
             "4\tHamlet\tcity\tPPL\tXX\t01\t50.3\t30.3\t900\t\n",  # too small
             "5\tOld Capital\tcity\tPPLC\tXX\t01\t50.01\t30.01\t9000\t\n",  # a capital is always kept
             "6\tRuins\tcity\tPPLQ\tXX\t01\t51.0\t31.0\t90000\t\n",
             "7\tProvince\tadmin1\tADM1\tXX\t01\t51.0\t31.0\t2000000\t\n"]
    assert [r[0] for r in builder.town_rows(lines)] == ["Bigtown", "Satellite", "Old Capital"]


def test_division_lines_are_only_the_edges_inside_a_country():
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_basemap", Path(__file__).resolve().parents[1]
                                                  / "data" / "build" / "build_basemap.py")
    builder = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(builder)

    def square(x0: float, country: str) -> dict:
        ring = [[x0, 0.0], [x0 + 1, 0.0], [x0 + 1, 1.0], [x0, 1.0], [x0, 0.0]]
        return {"properties": {"adm0_a3": country}, "geometry": {"type": "Polygon", "coordinates": [ring]}}

    # two provinces of AAA side by side (they meet at x=1), and BBB's province beside them (at x=2)
    lines = builder.admin1_lines([square(0, "AAA"), square(1, "AAA"), square(2, "BBB")])
    assert lines == [[[1.0, 0.0], [1.0, 1.0]]] or lines == [[[1.0, 1.0], [1.0, 0.0]]]


def test_tiles_notice_says_where_the_map_goes_online():
    from geomap.render.map import tiles_notice

    assert "tile.openstreetmap.org" in tiles_notice("osm") and "--tiles none" in tiles_notice("osm")
    assert "cartocdn" in tiles_notice("positron")
    assert tiles_notice("none") is None


def test_notebook_html_is_the_map_and_escaped_tables():
    from geomap.render.notebook import MapView, notebook_html

    text = notebook_html([sample_analysis()], tiles="none")
    assert '<iframe class="geomap-frame" sandbox="allow-scripts"' in text
    assert "<script" not in text.split("srcdoc=")[0] and INJECTION not in text  # all escaped
    assert text.count("<table") == 3
    shown = MapView(sample_analysis(), tiles="none")._repr_html_()
    assert shown.count('class="geomap-frame"') == 1 and shown.count("<table") == 3
    nothing = notebook_html([Analysis(Document(text="Nothing.", id="x"))])
    assert "no map" in nothing and "<iframe" not in nothing


def test_view_counts_places_of_unknown_kind_as_fine():
    d = {"id": "x", "places": [
        {"text": "Russia", "name": "Russia", "lat": 60.0, "lon": 100.0, "feature": "country"},
        {"text": "Pier 7", "name": "Pier 7", "lat": 46.49, "lon": 30.74},  # no feature: from hand-written JSON
    ]}
    view = build_map_data([d]).view()
    assert view["focus"] == "towns" and view["bounds"] == [[46.49, 30.74], [46.49, 30.74]]


def test_ambiguous_verdict_has_its_own_colour(tmp_path):
    from geomap.render.mapdata import VERDICT_COLOURS

    d = sample_analysis().to_dict()
    d["claims"][0]["verdict"] = "ambiguous"
    md = build_map_data([d])
    assert md.claims[0]["verdict"] == "ambiguous" and md.claims[0]["color"] == VERDICT_COLOURS["ambiguous"]
    out = tmp_path / "report.html"
    write_report([d], out)
    assert 'class="gm-verdict gm-amb"' in out.read_text(encoding="utf-8")


def test_static_image_names_places_and_towns_without_overlap():
    from geomap.render.image import draw

    fig = draw(build_map_data([sample_analysis()]), title="t")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    (ax,) = fig.axes
    texts = [t for t in ax.texts if t.get_visible()]
    names = [t.get_text() for t in texts]
    assert "Kharkiv" in names and "measured 32.7 km / claimed ~30 km" in names
    assert sum(n not in ("Kharkiv", "Kyiv", "Russia") and not n.startswith("measured") for n in names) >= 3  # towns
    boxes = [t.get_window_extent(renderer) for t in texts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), (names[boxes.index(a)], names[boxes.index(b)])
