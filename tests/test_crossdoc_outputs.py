"""One incident per event in the outputs over several documents (issue 12): export, map, report, batch.

A folder of three short pages written for these tests: two report the same shelling of a market in Kherson
(different wording, different tolls, published on different days) and one a drone attack on a bus stop in
the same town four days later. Merged, the outputs hold two incidents, one with two sources; with
``--keep-reports-apart`` they hold three. ``extract`` is per document and never merges.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.incidents import FLAG_FIGURES_DIFFER, FLAG_NO_DATE, FLAG_NO_PLACE
from geomap.model import Analysis, Document, Incident, Place
from geomap.pipeline import iter_analyses, merge_analyses
from geomap.render.mapdata import build_map_data

PAGES = {
    "market-first": ("Shelling hits Kherson market", "2024-03-02",
                     "Russian artillery shelled a busy market in Kherson on Friday, killing four civilians and "
                     "wounding nine others, the regional governor said. Rescue teams worked through the evening "
                     "to clear the damaged stalls."),
    "market-update": ("Kherson market toll rises", "2024-03-03",
                      "The death toll from Friday's shelling of the central market in Kherson has risen to six, "
                      "local officials said on Sunday. Two of the wounded died in hospital overnight."),
    "bus-stop": ("Drone hits Kherson bus stop", "2024-03-06",
                 "A drone dropped explosives on a bus stop in Kherson on Tuesday, injuring two women, police "
                 "said. The city has faced daily attacks from across the river."),
}
SAME_EVENT = {"market-first", "market-update"}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("reports")
    for name, (title, date, body) in PAGES.items():
        (root / f"{name}.html").write_text(
            f'<html><head><title>{title}</title><meta property="article:published_time" content="{date}">'
            f"</head><body><article><h1>{title}</h1><p>{body}</p></article></body></html>\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def analyses(folder: Path) -> list[Analysis]:
    return list(iter_analyses([str(folder)]))


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def _incidents(geojson: Path) -> list[dict]:
    fc = json.loads(geojson.read_text(encoding="utf-8"))
    return [f["properties"] for f in fc["features"] if f["properties"]["layer"] == "incident"]


def test_each_page_alone_has_one_incident(analyses: list[Analysis]) -> None:
    assert sorted(a.id for a in analyses) == sorted(PAGES)
    assert all(len(a.incidents) == 1 for a in analyses)


def test_merge_analyses_gives_the_event_to_one_report(analyses: list[Analysis]) -> None:
    merged = merge_analyses(analyses)
    incidents = [i for a in merged for i in a.incidents]
    assert len(incidents) == 2
    (both,) = [i for i in incidents if i.sources]
    assert {s.document for s in both.sources} == SAME_EVENT
    assert both.killed == 6  # the highest stated toll, each source's own figure kept
    assert sorted(s.killed for s in both.sources) == [4, 6]
    assert FLAG_FIGURES_DIFFER in both.flags
    holder = next(a for a in merged if both in a.incidents)
    assert holder.id == both.sources[0].document
    assert [len(a.incidents) for a in analyses] == [1, 1, 1]  # the inputs are not changed
    assert merge_analyses(analyses[:1]) == analyses[:1]


def test_export_geojson_merges_and_keeps_apart_on_request(folder: Path, tmp_path: Path) -> None:
    merged, apart = tmp_path / "x.geojson", tmp_path / "apart.geojson"
    _run("export", str(folder), "-o", str(merged))
    _run("export", str(folder), "-o", str(apart), "--keep-reports-apart")
    incidents = _incidents(merged)
    assert len(incidents) == 2
    assert sorted(i["n_sources"] for i in incidents) == [1, 2]
    both = next(i for i in incidents if i["n_sources"] == 2)
    assert {s["document"] for s in both["sources"]} == SAME_EVENT
    assert all(i["background"] is False for i in incidents)
    separate = _incidents(apart)
    assert len(separate) == 3 and all(i["n_sources"] == 1 and "sources" not in i for i in separate)


def test_export_csv_has_sources_and_background_columns(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "x.csv"
    _run("export", str(folder), "-o", str(out))
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert len(rows) == 2
    both = next(r for r in rows if r["n_sources"] == "2")
    assert {s["document"] for s in json.loads(both["sources"])} == SAME_EVENT
    assert both["fatalities"] == "6" and FLAG_FIGURES_DIFFER in both["flags"]
    assert {r["background"] for r in rows} == {"False"}
    assert next(r for r in rows if r["n_sources"] == "1")["sources"] == ""


def test_export_gpkg_has_sources_columns(folder: Path, tmp_path: Path) -> None:
    pyogrio = pytest.importorskip("pyogrio")
    out = tmp_path / "x.gpkg"
    _run("export", str(folder), "-o", str(out), "--layer", "incidents")
    frame = pyogrio.read_dataframe(out, layer="incidents")
    assert sorted(frame["n_sources"].tolist()) == [1, 2]
    assert frame["background"].tolist() == [False, False]
    both = frame[frame["n_sources"] == 2].iloc[0]
    assert {s["document"] for s in json.loads(both["sources"])} == SAME_EVENT


def test_map_popup_data_lists_both_reports(analyses: list[Analysis], folder: Path, tmp_path: Path) -> None:
    md = build_map_data(merge_analyses(analyses))
    records = md.incidents + md.unlocated_incidents
    assert len(records) == 2
    both = next(r for r in records if len(r["sources"]) == 2)
    assert {md.docs[s["doc"]].id for s in both["sources"]} == SAME_EVENT
    out = tmp_path / "m.html"
    _run("map", str(folder), "-o", str(out), "--tiles", "none")
    html = out.read_text(encoding="utf-8")
    assert "sourcesList" in html
    for name in SAME_EVENT:
        assert re.search(r'"document":\s*"' + name + '"', html)
    _run("map", str(folder), "-o", str(out), "--tiles", "none", "--keep-reports-apart")
    assert not re.search(r'"document":\s*"market', out.read_text(encoding="utf-8"))


def test_report_lists_both_documents_of_the_merged_incident(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    _run("report", str(folder), "-o", str(out), "--tiles", "none")
    table = out.read_text(encoding="utf-8").split('id="incidents"', 1)[1].split("</section>", 1)[0]
    assert table.count("<tr") == 3  # header and two incidents
    assert re.search(r"Kherson market toll rises<br>Shelling hits Kherson market|"
                     r"Shelling hits Kherson market<br>Kherson market toll rises", table)


def test_extract_never_merges(folder: Path) -> None:
    lines = [json.loads(ln) for ln in _run("extract", str(folder)).splitlines() if ln.startswith("{")]
    assert sum(len(d["incidents"]) for d in lines) == 3
    assert not any("sources" in i for d in lines for i in d["incidents"])


@pytest.mark.parametrize(("keep_apart", "expected"), [(False, [1, 2]), (True, [1, 1, 1])])
def test_batch_combined_outputs(folder: Path, tmp_path: Path, keep_apart: bool, expected: list[int]) -> None:
    from geomap.batch import run_batch

    summary = run_batch(str(folder), tmp_path / "out", outputs=("geojson", "map"), keep_reports_apart=keep_apart)
    assert not summary.problems
    incidents = _incidents(Path(summary.outputs["geojson"]))
    assert sorted(i["n_sources"] for i in incidents) == expected
    html = Path(summary.outputs["map"]).read_text(encoding="utf-8")
    assert bool(re.search(r'"document":\s*"market-update"', html)) is not keep_apart


# ---------------------------------------------------------------- hand-built incidents (no analysis needed)

def _incident(ident: str, **fields) -> Incident:
    base = {"type": "Protests", "sub_type": "Peaceful protest", "text": f"{ident} evidence.", "start": 0, "end": 9}
    return Incident(id=ident, **{**base, **fields})


def _town(name: str = "Nairobi") -> Place:
    return Place(text=name, start=0, end=len(name), name=name, lat=-1.28, lon=36.82, country_code="KE",
                 feature="city", geonameid=184745, confidence=0.9)


def _analysis(doc_id: str, *incidents: Incident) -> Analysis:
    return Analysis(Document(text="", id=doc_id, date=dt.date(2024, 6, 26)), incidents=list(incidents))


def test_events_without_date_or_place_are_kept_with_their_flags() -> None:
    day = dt.date(2024, 6, 25)
    analyses = [
        _analysis("one", _incident("one-i1", place=_town(), date=day, killed=2),
                  _incident("one-i2", place=_town(), flags=[FLAG_NO_DATE])),
        _analysis("two", _incident("two-i1", place=_town(), date=day, killed=3),
                  _incident("two-i2", date=day, flags=[FLAG_NO_PLACE])),
    ]
    merged = merge_analyses(analyses)
    incidents = {i.id: i for a in merged for i in a.incidents}
    assert set(incidents) == {"one-i1+1", "one-i2", "two-i2"}  # the two unmatched ones pass through
    assert incidents["one-i2"].date is None and FLAG_NO_DATE in incidents["one-i2"].flags
    assert incidents["two-i2"].place is None and FLAG_NO_PLACE in incidents["two-i2"].flags
    event = incidents["one-i1+1"]
    assert (event.killed, [s.killed for s in event.sources]) == (3, [2, 3])
    assert FLAG_FIGURES_DIFFER in event.flags
    assert [a.id for a in merged if "two-i2" in {i.id for i in a.incidents}] == ["two"]


def test_exports_carry_date_ranges_and_the_background_flag(tmp_path: Path) -> None:
    from geomap.export import export

    summit = _incident("p-i1", type="Strategic developments", sub_type="Agreement", place=_town(),
                       date=dt.date(2024, 7, 1), date_end=dt.date(2024, 7, 3), status="planned")
    earlier = _incident("p-i2", place=_town(), date=dt.date(2019, 3, 4), background=True)
    analyses = [_analysis("plans", summit, earlier)]
    export(analyses, tmp_path / "p.geojson")
    export(analyses, tmp_path / "p.csv")
    props = {i["id"]: i for i in _incidents(tmp_path / "p.geojson")}
    assert props["p-i1"]["date_range"] == "2024-07-01/2024-07-03" and props["p-i2"]["date_range"] == "2019-03-04"
    assert (props["p-i1"]["background"], props["p-i2"]["background"]) == (False, True)
    rows = {r["event_id"]: r for r in csv.DictReader((tmp_path / "p.csv").open(encoding="utf-8"))}
    assert (rows["p-i1"]["event_date"], rows["p-i1"]["date_end"]) == ("2024-07-01", "2024-07-03")
    assert rows["p-i1"]["date_range"] == "2024-07-01/2024-07-03"
    assert (rows["p-i1"]["background"], rows["p-i2"]["background"]) == ("False", "True")


@pytest.mark.browser
def test_merged_popup_lists_every_report_in_a_browser(tmp_path: Path) -> None:
    """The popup of a merged incident, opened in headless Chromium, names both reports and their figures."""
    from _browser import browser, chromium_path, open_page

    from geomap.render import write_map

    if chromium_path() is None:
        pytest.skip("needs Chromium (Debian package chromium)")
    day = dt.date(2024, 6, 25)
    first = _analysis("outlet-a", _incident("a-i1", place=_town(), date=day, killed=2, text="<b>March</b> one."))
    second = _analysis("outlet-b", _incident("b-i1", place=_town(), date=day, killed=5, text="March two."))
    first.document.title, second.document.title = "Outlet A report", "Outlet B report"
    out = tmp_path / "m.html"
    write_map(merge_analyses([first, second]), out, tiles="none")
    with browser() as chrome, open_page(chrome, out) as (page, log):
        map_id = page.evaluate("() => Object.keys(GeoMap.maps)[0]")
        assert page.evaluate("(id) => GeoMap.maps[id].incidents.length", map_id) == 1
        page.evaluate("(id) => { GeoMap.maps[id].incidents[0].openPopup(); }", map_id)
        text = page.locator(".leaflet-popup-content").last.inner_text()
        assert "Reported by 2 documents" in text
        assert "Outlet A report" in text and "Outlet B report" in text
        assert "2 killed" in text and "5 killed" in text and "<b>March</b> one." in text  # markup shown as text
        assert log.errors() == []
