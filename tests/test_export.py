"""GeoJSON (RFC 7946), GeoPackage (read back with pyogrio) and ACLED-like CSV exports."""

from __future__ import annotations

import csv
import json
import math

import pyogrio
import pytest
from _incident_helpers import make_analysis
from click.testing import CliRunner

from geomap.cli import main
from geomap.errors import GeomapError
from geomap.export import CSV_COLUMNS, LAYERS, export, feature_collection, write_geojson
from geomap.incidents import extract_incidents

TEXT = ("Artillery fire hit a market in Kharkiv yesterday morning. Two women and a child were killed, and 19 "
        "others were wounded.\n"
        "An earthquake shook Atlantis on Wednesday.\n"
        "Typhoon Gaemi made landfall near Suva, Fiji, on Tuesday, leaving two dead.")


@pytest.fixture()
def analyses():
    a = make_analysis(TEXT, "2024-06-15", doc_id="doc1", source="test.txt")
    a.incidents = extract_incidents(a)
    assert [i.type for i in a.incidents] == ["Explosions/Remote violence", "Natural disaster", "Natural disaster"]
    b = make_analysis("Police arrested 12 people in Minsk on Saturday.", None, doc_id="doc2")
    b.incidents = extract_incidents(b)
    return [a, b]


# ----------------------------------------------------------------------------- GeoJSON


def _walk_keys(obj):
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield k
            yield from _walk_keys(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _walk_keys(v)


def check_rfc7946(fc: dict) -> None:
    """The RFC 7946 rules this exporter can break."""
    assert fc["type"] == "FeatureCollection"
    assert "crs" not in set(_walk_keys({k: v for k, v in fc.items() if k != "features"}))
    for f in fc["features"]:
        assert f["type"] == "Feature"
        assert "crs" not in f and "crs" not in (f["geometry"] or {})
        assert isinstance(f["properties"], dict) or f["properties"] is None
        assert "id" not in f or isinstance(f["id"], (str, int, float))
        g = f["geometry"]
        if g is None:
            continue
        assert g["type"] in ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon",
                             "GeometryCollection")
        assert g["type"] == "Point" or (g["type"] == "LineString" and f["properties"]["layer"] == "claim")
        for lon, lat in [g["coordinates"]] if g["type"] == "Point" else g["coordinates"]:
            assert all(isinstance(v, (int, float)) and math.isfinite(v) for v in (lon, lat))
            assert -180 <= lon <= 180 and -90 <= lat <= 90
    if "bbox" in fc:
        west, south, east, north = fc["bbox"]
        assert south <= north
        pts = [pt for f in fc["features"] if f["geometry"]
               for pt in ([f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Point"
                          else f["geometry"]["coordinates"])]
        assert pts
        for lon, lat in pts:
            assert south <= lat <= north
            assert (west <= lon <= east) if west <= east else (lon >= west or lon <= east)


def test_geojson_follows_rfc7946(tmp_path, analyses):
    out = tmp_path / "all.geojson"
    counts = export(analyses, out)
    raw = out.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")  # no byte order mark
    fc = json.loads(raw.decode("utf-8"))
    check_rfc7946(fc)
    assert counts == {"incidents": 4, "places": 4, "claims": 0}
    layers = [f["properties"]["layer"] for f in fc["features"]]
    assert layers.count("incident") == 4 and layers.count("place") == 4


def test_geojson_is_lon_lat(analyses):
    fc = feature_collection(analyses, layers=("incidents",))
    kharkiv = next(f for f in fc["features"] if f["properties"]["place_name"] == "Kharkiv")
    assert kharkiv["geometry"]["coordinates"] == [36.23, 49.99]
    props = kharkiv["properties"]
    assert props["casualties"] == {"killed": 3, "injured": 19, "text": props["casualties"]["text"]}
    assert props["date"] == "2024-06-14" and props["doc_id"] == "doc1" and props["type"]


def test_geojson_keeps_unplaced_incidents_with_null_geometry(analyses):
    fc = feature_collection(analyses, layers=("incidents",))
    atlantis = next(f for f in fc["features"] if "Atlantis" in f["properties"]["text"])
    assert atlantis["geometry"] is None
    assert "place_unresolved" in atlantis["properties"]["flags"]
    undated = next(f for f in fc["features"] if f["properties"]["doc_id"] == "doc2")
    assert undated["properties"]["date"] is None
    assert "relative_date_unresolved" in undated["properties"]["flags"]


def test_geojson_default_layer_is_places(tmp_path, analyses):
    out = tmp_path / "places.geojson"
    n = write_geojson(analyses, out)
    fc = json.loads(out.read_text())
    check_rfc7946(fc)
    assert n == len(fc["features"]) == 4  # resolved places only; Atlantis is not located
    assert {f["properties"]["layer"] for f in fc["features"]} == {"place"}


def test_geojson_empty_has_no_bbox(tmp_path):
    a = make_analysis("Nothing happened.", "2024-01-01")
    fc = feature_collection([a])
    assert fc["features"] == [] and "bbox" not in fc
    check_rfc7946(fc)


def test_unknown_layer_and_format():
    with pytest.raises(GeomapError):
        feature_collection([], layers=("roads",))
    with pytest.raises(GeomapError):
        export([], "out.xyz")


# ----------------------------------------------------------------------------- GeoPackage


def test_gpkg_reads_back_with_pyogrio(tmp_path, analyses):
    out = tmp_path / "out.gpkg"
    counts = export(analyses, out, "gpkg")
    assert counts == {"incidents": 4, "places": 5, "claims": 0}  # places layer keeps the unresolved one too
    names = [name for name, _geom in pyogrio.list_layers(out)]
    assert sorted(names) == sorted(LAYERS)
    inc = pyogrio.read_dataframe(out, layer="incidents")
    assert inc.crs.to_epsg() == 4326
    assert len(inc) == 4
    row = inc[inc["place_name"] == "Kharkiv"].iloc[0]
    assert (row.geometry.x, row.geometry.y) == (36.23, 49.99)
    assert (row["killed"], row["injured"], row["geo_precision"]) == (3, 19, 1)
    assert row["date"] == "2024-06-14" and row["type"] == "Explosions/Remote violence"
    unplaced = inc[inc["text"].str.contains("Atlantis")].iloc[0]
    assert unplaced.geometry is None
    assert "place_unresolved" in unplaced["flags"]
    claims = pyogrio.read_info(out, layer="claims")
    assert claims["features"] == 0 and "verdict" in list(claims["fields"])
    places = pyogrio.read_dataframe(out, layer="places")
    assert set(places["name"].dropna()) >= {"Kharkiv", "Suva", "Fiji", "Minsk"}


def test_gpkg_schema_is_fixed_whatever_the_records(tmp_path, analyses):
    a, b = tmp_path / "a.gpkg", tmp_path / "b.gpkg"
    export(analyses, a, "gpkg")
    export([make_analysis("Nothing happened here.", None)], b, "gpkg")  # every layer empty
    for layer in LAYERS:
        fa, fb = pyogrio.read_info(a, layer=layer), pyogrio.read_info(b, layer=layer)
        assert list(fa["fields"]) == list(fb["fields"]), layer
        assert list(fa["dtypes"]) == list(fb["dtypes"]), layer
        assert len(set(fa["fields"])) == len(fa["fields"])
    info = pyogrio.read_info(a, layer="incidents")
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert types["killed"] == "int64" and types["place_lat"] == "float64" and types["date"] == "object"


def test_gpkg_failure_keeps_existing_file(tmp_path, analyses, monkeypatch):
    import pyogrio

    out = tmp_path / "keep.gpkg"
    out.write_bytes(b"previous content")

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(pyogrio, "write_dataframe", boom)
    with pytest.raises(GeomapError):
        export(analyses, out, "gpkg")
    assert out.read_bytes() == b"previous content"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.gpkg"]  # no temporary files left


def test_geojson_failure_keeps_existing_file(tmp_path, analyses, monkeypatch):
    out = tmp_path / "keep.geojson"
    out.write_text("{}")

    def boom(*args, **kwargs):
        raise ValueError("cannot serialise")

    monkeypatch.setattr(json, "dumps", boom)
    with pytest.raises(ValueError):
        export(analyses, out, "geojson")
    assert out.read_text() == "{}"
    assert [p.name for p in tmp_path.iterdir()] == ["keep.geojson"]


# ----------------------------------------------------------------------------- CSV


def test_csv_has_acled_columns_and_nulls(tmp_path, analyses):
    out = tmp_path / "events.csv"
    assert export(analyses, out) == {"incidents": 4}
    with open(out, newline="", encoding="utf-8") as fh:
        reader = csv.DictReader(fh)
        assert tuple(reader.fieldnames[:len(CSV_COLUMNS)]) == CSV_COLUMNS
        rows = list(reader)
    assert len(rows) == 4
    k = rows[0]
    assert (k["event_date"], k["time_precision"], k["event_type"]) == ("2024-06-14", "1", "Explosions/Remote violence")
    assert (k["sub_event_type"], k["location"], k["latitude"], k["longitude"]) == (
        "Shelling/artillery/missile attack", "Kharkiv", "49.99", "36.23")
    assert (k["fatalities"], k["injuries"], k["geo_precision"], k["source"]) == ("3", "19", "1", "test.txt")
    assert k["admin1"] == "Kharkiv Oblast" and k["country"]
    assert "Kharkiv" in k["notes"]
    atl = rows[1]
    assert atl["latitude"] == "" and atl["longitude"] == "" and atl["geo_precision"] == ""
    assert atl["fatalities"] == "" and "place_unresolved" in atl["flags"]
    suva = rows[2]
    assert suva["fatalities"] == "2" and suva["geo_precision"] == "2" and suva["location"] == "Suva"
    minsk = rows[3]
    assert minsk["event_date"] == "" and minsk["date_text"] == "on Saturday"


def test_csv_fills_admin1_and_country_offline(tmp_path):
    a = make_analysis("Shelling hit Kharkiv on Monday.", "2024-06-12")
    for p in a.places:
        p.admin1 = None
    a.incidents = extract_incidents(a)
    out = tmp_path / "e.csv"
    export([a], out)
    row = next(csv.DictReader(open(out, encoding="utf-8")))
    assert row["country"] == "Ukraine"
    assert row["admin1"] and "Kharkiv" in row["admin1"].replace("Kharkivska", "Kharkiv")


# ----------------------------------------------------------------------------- CLI


def test_cli_export_each_format(tmp_path):
    src = tmp_path / "report.txt"
    src.write_text("Protesters marched through Lviv on Sunday. Police detained four of them.\n", encoding="utf-8")
    runner = CliRunner()
    for name in ("x.csv", "x.gpkg", "x.geojson"):
        out = tmp_path / name
        res = runner.invoke(main, ["export", str(src), "--date", "2024-10-08", "-o", str(out)])
        assert res.exit_code == 0, res.output
        assert out.exists() and out.stat().st_size > 0
    fc = json.loads((tmp_path / "x.geojson").read_text())
    check_rfc7946(fc)
    inc = [f for f in fc["features"] if f["properties"]["layer"] == "incident"]
    assert inc and inc[0]["properties"]["date"] == "2024-10-06"
    res = runner.invoke(main, ["export", str(src), "--format", "geojson", "--layer", "places", "-o",
                               str(tmp_path / "p.json")])
    assert res.exit_code == 0
    assert {f["properties"]["layer"] for f in json.loads((tmp_path / "p.json").read_text())["features"]} == {"place"}


def test_cli_export_bad_input_is_one_line(tmp_path):
    runner = CliRunner()
    res = runner.invoke(main, ["export", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o.csv")])
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert not (tmp_path / "o.csv").exists()
    res = runner.invoke(main, ["export", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "o.txt")])
    assert res.exit_code == 2 and "--format" in res.output
    src = tmp_path / "a.txt"
    src.write_text("Shelling hit Kharkiv on Monday.", encoding="utf-8")
    res = runner.invoke(main, ["export", str(src), "-o", str(tmp_path / "no" / "o.csv")])
    assert res.exit_code == 1 and "does not exist" in res.output and "Traceback" not in res.output


def test_publication_date_from_html_metadata_and_jsonl(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Night strike</title>"
        '<meta property="article:published_time" content="2024-10-03T07:15:00Z"></head>'
        "<body><article><p>A guided bomb hit a school in Kharkiv on Wednesday night.</p></article></body></html>",
        encoding="utf-8")
    feed = tmp_path / "feed.jsonl"
    feed.write_text(json.dumps({"id": "r1", "date": "2024-06-15", "text": "Shelling hit Kharkiv yesterday."}) + "\n"
                    + json.dumps({"id": "r2", "text": "Shelling hit Kharkiv yesterday."}) + "\n", encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "dates.csv"
    res = runner.invoke(main, ["export", str(page), str(feed), "-o", str(out)])
    assert res.exit_code == 0, res.output
    rows = {r["doc_id"]: r for r in csv.DictReader(open(out, encoding="utf-8"))}
    assert rows["page"]["event_date"] == "2024-10-02" and rows["page"]["publication_date"] == "2024-10-03"
    assert rows["r1"]["event_date"] == "2024-06-14"
    assert rows["r2"]["event_date"] == "" and "relative_date_unresolved" in rows["r2"]["flags"]


def test_geojson_nan_properties_become_null(tmp_path, analyses):
    analyses[0].incidents[0].killed = float("nan")  # e.g. a figure computed upstream
    out = tmp_path / "nan.geojson"
    export(analyses, out, "geojson", layers=("incidents",))
    fc = json.loads(out.read_text())  # strict JSON: no NaN token
    assert fc["features"][0]["properties"]["killed"] is None
    assert "NaN" not in out.read_text()
    export(analyses, tmp_path / "nan.csv")
    assert next(csv.DictReader(open(tmp_path / "nan.csv", encoding="utf-8")))["fatalities"] == ""


# ----------------------------------------------------------------------------- spreadsheet safety (issue 10)


@pytest.mark.parametrize("payload", ["=1+2", "+cmd", "-2+3", "@SUM(A1)", "\tlead tab", "\rlead return"])
def test_csv_cells_from_text_cannot_start_a_formula(payload):
    from geomap.export import csv_cell

    cell = csv_cell(payload)
    unquoted = cell[1:-1].replace('""', '"') if cell.startswith('"') else cell
    assert unquoted == "'" + payload


def test_csv_numbers_stay_numbers():
    from geomap.export import csv_cell

    assert [csv_cell(v) for v in (-73.5, 0, -2, None, True)] == ["-73.5", "0", "-2", "", "True"]


def test_csv_formula_and_carriage_return_in_incident_text(tmp_path):
    a = make_analysis("Shelling hit Kharkiv.", "2024-06-15", doc_id="=HYPERLINK(\"http://x\")")
    a.incidents = [{"id": "e1", "type": "Explosions/Remote violence", "text": "=cmd|' /C calc'!A0",
                    "actors": ["@attacker", "-group"], "place": {"name": "Kharkiv\rEvil", "lat": 49.99,
                                                                  "lon": 36.23, "country_code": "UA"}}]
    out = tmp_path / "safe.csv"
    assert export([a], out, "csv") == {"incidents": 1}
    raw = out.read_bytes()
    assert b"\r" in raw  # the CR is kept, inside a quoted cell
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 1  # the bare CR did not split the row
    row = rows[0]
    assert row["notes"] == "'=cmd|' /C calc'!A0" and row["doc_id"].startswith("'=")
    assert row["actor1"] == "'@attacker" and row["location"] == "Kharkiv\rEvil"
    assert row["longitude"] == "36.23"
    for value in row.values():
        assert not value.startswith(("=", "+", "-", "@", "\t", "\r")) or value.lstrip("-").replace(".", "").isdigit()


def test_csv_places_layer(tmp_path, analyses):
    out = tmp_path / "places.csv"
    counts = export(analyses, out, "csv", layers=["places"])
    with open(out, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert counts == {"places": len(rows)} and len(rows) == sum(len(a.places) for a in analyses)
    assert {"name", "lat", "lon", "doc_id"} <= set(rows[0]) and rows[0]["doc_id"] == "doc1"


# ----------------------------------------------------------------------------- claims as measured lines


def _claim(measured_to=None):
    claim = {"text": "30 km from the border", "start": 0, "end": 21, "verdict": "supported",
             "subject": {"text": "Kharkiv", "name": "Kharkiv", "lat": 49.99, "lon": 36.23},
             "reference": {"kind": "border", "text": "the border", "point": None}}
    if measured_to is not None:
        claim["measured_to"] = measured_to
    return claim


def test_claim_with_a_measured_point_is_a_line_and_without_one_a_point(tmp_path):
    a = make_analysis("Kharkiv.", None, doc_id="c")
    a.claims = [_claim({"lat": 50.27, "lon": 36.29}), _claim()]
    fc = feature_collection([a], layers=["claims"])
    check_rfc7946(fc)
    line, point = (f["geometry"] for f in fc["features"])
    assert line == {"type": "LineString", "coordinates": [[36.23, 49.99], [36.29, 50.27]]}
    assert point == {"type": "Point", "coordinates": [36.23, 49.99]}
    assert fc["bbox"] == [36.23, 49.99, 36.29, 50.27]
    out = tmp_path / "claims.gpkg"
    assert export([a], out, "gpkg", layers=["claims"]) == {"claims": 2}
    gdf = pyogrio.read_dataframe(out, layer="claims")
    assert list(gdf.geometry.geom_type) == ["LineString", "Point"]
    assert gdf["measured_to_lat"].iloc[0] == 50.27 and gdf["measured_to_lon"].isna().iloc[1]


def test_to_geodataframe_per_layer(analyses):
    import geomap

    places = geomap.to_geodataframe(analyses, layer="places")
    assert len(places) == sum(len(a.places) for a in analyses) and places.crs.to_epsg() == 4326
    incidents = geomap.to_geodataframe(analyses[0])
    assert len(incidents) == 3 and set(incidents["type"]) >= {"Natural disaster"}
    assert len(geomap.to_geodataframe(analyses, layer="claims")) == 0
    with pytest.raises(GeomapError):
        geomap.to_geodataframe(analyses, layer="roads")
