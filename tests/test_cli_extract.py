"""`geomap extract` / `map` / `geojson`: the JSON contract, input kinds, and bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import main

ARTICLE = ("Drones struck Sumy overnight on Wednesday, the governor said. In Kharkiv, a missile hit a "
           "school. Ministers met in Warsaw.")
PLACE_KEYS = {"text", "start", "end", "name", "lat", "lon", "country_code", "feature", "geonameid", "confidence"}


@pytest.fixture()
def runner():
    return CliRunner()


def run(runner, *args, input=None):
    return runner.invoke(main, list(args), input=input, catch_exceptions=False)


def test_extract_txt_follows_the_json_contract(runner, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    r = run(runner, "extract", str(f), "--date", "2024-11-14")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    assert d["id"] == "a" and d["date"] == "2024-11-14"
    assert {"places", "claims", "incidents"} <= set(d)
    names = [p["name"] for p in d["places"]]
    assert names == ["Sumy", "Kharkiv", "Warsaw"]
    for p in d["places"]:
        assert PLACE_KEYS <= set(p)
        assert ARTICLE[p["start"]:p["end"]] == p["text"]


def test_extract_jsonl_gives_one_object_per_line_and_reports_bad_lines(runner, tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "one", "text": "Flooding in Odesa.", "date": "2024-05-01"}),
        "{not json",
        json.dumps({"id": "two", "text": "A protest in Lviv."}),
        json.dumps({"id": "three"}),
    ]) + "\n", encoding="utf-8")
    r = run(runner, "extract", str(f))
    assert r.exit_code == 0
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["id"] for x in lines] == ["one", "two"]
    assert lines[0]["date"] == "2024-05-01"
    assert "feed.jsonl:2: malformed JSON" in r.stderr and "feed.jsonl:4:" in r.stderr


def test_given_spans_resolve_exactly_those_spans(runner, tmp_path):
    text = "Gainesville police met officials from Hall County and Atlanta."
    spans = [{"start": 0, "end": 11}, {"start": 38, "end": 49}]
    f = tmp_path / "gold.jsonl"
    f.write_text(json.dumps({"id": "g", "text": text, "toponyms": spans}) + "\n", encoding="utf-8")
    r = run(runner, "extract", str(f), "--given-spans")
    d = json.loads(r.stdout)
    assert [(p["start"], p["end"]) for p in d["places"]] == [(0, 11), (38, 49)]
    assert d["places"][0]["country_code"] == "US"


def test_extract_html_uses_main_text_and_metadata_date(runner, tmp_path):
    f = tmp_path / "page.html"
    f.write_text("<html><head><title>T</title><meta property='article:published_time' "
                 "content='2024-10-03T10:00:00Z'><script>var Paris = 1;</script></head><body><nav>Home "
                 "London</nav><article><p>Shelling hit Kherson on Monday.</p></article></body></html>",
                 encoding="utf-8")
    d = json.loads(run(runner, "extract", str(f)).stdout)
    assert d["date"] == "2024-10-03" and [p["name"] for p in d["places"]] == ["Kherson"]


def test_extract_stdin_and_output_file(runner, tmp_path):
    out = tmp_path / "o.json"
    r = run(runner, "extract", "-", "-o", str(out), input="Fighting near Bakhmut.")
    assert r.exit_code == 0 and json.loads(out.read_text())["places"][0]["name"] == "Bakhmut"


@pytest.mark.parametrize("content, message", [
    (b"", "empty"), (b"\x00\x01\x02binary\x00", "binary"), (b"caf\xe9 in Paris", "UTF-8"),
])
def test_bad_files_give_one_line_and_nonzero_exit(runner, tmp_path, content, message):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    r = runner.invoke(main, ["extract", str(f)])
    assert r.exit_code == 1
    assert message in r.stderr and "Traceback" not in r.stderr


def test_missing_file_and_directory(runner, tmp_path):
    r = runner.invoke(main, ["extract", str(tmp_path / "nope.txt")])
    assert r.exit_code == 1 and "no such file" in r.stderr
    empty = tmp_path / "emptydir"
    empty.mkdir()
    r = runner.invoke(main, ["extract", str(empty)])
    assert r.exit_code == 1 and "no .txt" in r.stderr


def test_partial_work_is_kept_and_failed_run_does_not_clobber_output(runner, tmp_path):
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("Rain in Dnipro.", encoding="utf-8")
    bad.write_bytes(b"")
    out = tmp_path / "out.jsonl"
    r = runner.invoke(main, ["extract", str(good), str(bad), "-o", str(out)])
    assert r.exit_code == 0 and "empty" in r.stderr
    assert json.loads(out.read_text().splitlines()[0])["places"][0]["name"] == "Dnipro"
    before = out.read_bytes()
    r = runner.invoke(main, ["extract", str(bad), "-o", str(out)])
    assert r.exit_code == 1 and out.read_bytes() == before
    assert not list(tmp_path.glob("*.part"))


def test_inputs_are_never_modified(runner, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    before = f.read_bytes()
    run(runner, "extract", str(f), "-o", str(tmp_path / "x.json"))
    run(runner, "geojson", str(f), "-o", str(tmp_path / "x.geojson"))
    assert f.read_bytes() == before


def test_geojson_command_writes_points_in_lon_lat_order(runner, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "p.geojson"
    r = run(runner, "geojson", str(f), "-o", str(out))
    assert r.exit_code == 0
    fc = json.loads(out.read_text())
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    sumy = next(ft for ft in fc["features"] if ft["properties"].get("name") == "Sumy")
    lon, lat = sumy["geometry"]["coordinates"]
    assert 34 < lon < 35.5 and 50 < lat < 51.5


def test_map_command_writes_html_in_maps_by_default(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = tmp_path / "story.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    r = run(runner, "map", str(f))
    assert r.exit_code == 0, r.output
    html = (tmp_path / "maps" / "story.html").read_text(encoding="utf-8")
    assert "Sumy" in html and "leaflet" in html.lower()


def test_unwritable_output_is_a_clear_error(runner, tmp_path):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    r = runner.invoke(main, ["extract", str(f), "-o", str(tmp_path / "no" / "such" / "dir" / "o.json")])
    assert r.exit_code == 1 and "does not exist" in r.stderr


def test_every_command_has_help_and_is_documented_in_readme(runner):
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for name, cmd in main.commands.items():
        r = runner.invoke(main, [name, "--help"])
        assert r.exit_code == 0 and cmd.help, name
        assert f"geomap {name}" in readme, f"README does not document `geomap {name}`"


def test_python_dash_m_entry_point():
    import subprocess
    import sys

    r = subprocess.run([sys.executable, "-m", "geomap", "--version"], capture_output=True, text=True)
    assert r.returncode == 0 and "geomap" in r.stdout


def test_outputs_get_ordinary_permissions(tmp_path):
    import os
    import stat

    from geomap._atomic import atomic_open

    out = tmp_path / "x.txt"
    with atomic_open(out) as fh:
        fh.write("ok")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o666 & ~umask


@pytest.mark.parametrize("command", [["extract"], ["geojson"], ["map"], ["export", "--format", "csv"], ["report"]])
def test_an_output_that_is_an_input_is_refused(runner, tmp_path, command):
    f = tmp_path / "a.txt"
    f.write_text(ARTICLE, encoding="utf-8")
    before = f.read_bytes()
    r = runner.invoke(main, [*command, str(f), "-o", str(f)])
    assert r.exit_code == 2 and "never overwrites its inputs" in r.output
    assert f.read_bytes() == before


def test_jsonl_object_ids_become_json_text(runner, tmp_path):
    f = tmp_path / "odd.jsonl"
    f.write_text(json.dumps({"id": {"b": 2, "a": 1}, "text": "Rain in Lviv."}) + "\n", encoding="utf-8")
    d = json.loads(run(runner, "extract", str(f)).stdout.splitlines()[0])
    assert d["id"] == '{"a": 1, "b": 2}'


# ----------------------------------------------------------------------------- reading with limits (issues 10, 15)


def test_extract_keeps_the_records_before_a_truncated_gzip(runner, tmp_path):
    import gzip

    recs = [{"id": f"r{i}", "text": f"Shelling near Kherson, report {i}."} for i in range(200)]
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in recs).encode())
    f = tmp_path / "cut.jsonl.gz"
    f.write_bytes(data[: len(data) // 2])
    r = runner.invoke(main, ["extract", str(f)])
    assert r.exit_code == 0 and "Traceback" not in r.output
    ids = [json.loads(ln)["id"] for ln in r.stdout.splitlines()]
    assert 0 < len(ids) < 200 and ids == [x["id"] for x in recs[: len(ids)]]
    assert r.stderr.count("\n") == 1 and "damaged or truncated input after line" in r.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero (POSIX)")
def test_extract_dev_zero_is_one_line(runner):
    r = runner.invoke(main, ["extract", "/dev/zero"])
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert "/dev/zero: looks like a binary file" in r.stderr


def test_extract_far_dates_and_hostile_lines_are_one_line_each(runner, tmp_path):
    f = tmp_path / "feed.jsonl"
    f.write_text("\n".join([
        json.dumps({"id": "far", "text": "A missile hit Kharkiv on Monday.", "date": "9999-12-31"}),
        json.dumps({"id": "old", "text": "A missile hit Kharkiv on Monday.", "date": "0001-01-01"}),
        '{"id": "n", "text": "Kyiv", "v": ' + "1" * 5000 + "}",
        "[" * 20000,
        '{"id": "\\udc00", "text": "Odesa"}',
    ]) + "\n", encoding="utf-8")
    r = runner.invoke(main, ["extract", str(f)])
    assert r.exit_code == 0 and "Traceback" not in r.output
    got = [json.loads(ln) for ln in r.stdout.splitlines()]
    assert [(d["id"], d["date"]) for d in got] == [("far", None), ("old", None)]
    # one line per problem, in input order (the "no publication date" warnings of the analyses aside)
    assert [ln.split(": ", 2)[2] for ln in r.stderr.splitlines() if "no publication date" not in ln] == [
        "date 9999-12-31 is outside 1800-2200; dates stay relative",
        "date 0001-01-01 is outside 1800-2200; dates stay relative",
        "a value that cannot be read (Exceeds the limit (4300 digits) for integer string conversion: value has "
        "5000 digits); line skipped",
        "JSON nested too deeply; line skipped",
        '"id" is not valid Unicode (a lone surrogate escape such as \\ud800); line skipped',
    ]


def test_extract_titles_are_headlines_and_sources_are_file_names(runner, tmp_path):
    folder = tmp_path / "desk"
    folder.mkdir()
    (folder / "story.txt").write_text("Drone strike on Sumy\n\n" + ARTICLE, encoding="utf-8")
    (folder / "page.html").write_text(
        "<html><head><title>Kherson shelled | Example News</title>"
        "<meta property='og:title' content='Kherson shelled overnight'></head><body><article>"
        "<p>Shelling hit Kherson on Monday, regional officials said in a statement on their channel.</p>"
        "</article></body></html>", encoding="utf-8")
    r = run(runner, "extract", str(folder))
    got = {d["id"]: d for d in map(json.loads, r.stdout.splitlines())}
    assert (got["story"]["title"], got["story"]["source"]) == ("Drone strike on Sumy", "story.txt")
    assert (got["page"]["title"], got["page"]["source"]) == ("Kherson shelled overnight", "page.html")
    assert str(tmp_path) not in r.stdout


def test_extract_stdin_is_read_with_limits(runner):
    feed = "\n".join(json.dumps({"id": f"s{i}", "text": "Rain in Dnipro."}) for i in range(3)) + "\n{bad\n"
    r = runner.invoke(main, ["extract", "-", "--compact"], input=feed)
    assert r.exit_code == 0 and [json.loads(ln)["id"] for ln in r.stdout.splitlines()] == ["s0", "s1", "s2"]
    assert "<stdin>:4: malformed JSON" in r.stderr
    r = runner.invoke(main, ["extract", "-"], input="Rain in Dnipro. " * 600_000)  # 9.6 MB of text
    assert r.exit_code == 1 and "<stdin>: larger than the 8 MB limit for one document" in r.stderr


def test_extract_undecodable_file_name_gives_valid_unicode(runner, tmp_path):
    import os

    with open(os.fsencode(tmp_path) + b"/caf\xe9.txt", "wb") as fh:
        fh.write(b"Rain in Dnipro.")
    r = run(runner, "extract", str(tmp_path))
    d = json.loads(r.stdout.splitlines()[0])
    assert (d["id"], d["source"]) == ("caf\ufffd", "caf\ufffd.txt")
    r.stdout.encode("utf-8")  # no lone surrogate reaches the output
