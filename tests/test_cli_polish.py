"""Command-line polish (issue 15) and library errors as exit codes (issue 11)."""

from __future__ import annotations

import json
import os

import click
import pytest
from click.testing import CliRunner

from geomap.cli import main
from geomap.cli.group import BadInput, CannotWrite, CommandError, Interrupted, MissingData, command_error
from geomap.errors import DataError, GeomapError, InputError, OutputError

RELATIVE = "Shelling hit a school in Kharkiv on Tuesday, injuring four people."


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.mark.parametrize("library, command", [(InputError, BadInput), (OutputError, CannotWrite),
                                              (DataError, MissingData), (GeomapError, CommandError)])
def test_library_errors_become_click_exceptions_with_exit_codes(library, command):
    err = command_error(library("what went wrong"))
    assert type(err) is command and isinstance(err, click.ClickException)
    assert err.exit_code == 1 and err.format_message() == "what went wrong"
    assert Interrupted("stop").exit_code == 130


def test_a_library_error_in_a_command_is_one_line(tmp_path):
    r = run("export", str(tmp_path / "missing.txt"), "-o", str(tmp_path / "out.csv"))
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert r.stderr.splitlines()[-1].startswith("geomap: error: ")


def test_check_a_missing_file_is_an_error_not_a_text(tmp_path):
    r = run("check", str(tmp_path / "nosuch.txt"))
    assert r.exit_code == 1 and "no such file" in r.stderr and "no distance claim" not in r.stdout


def test_check_takes_several_inputs(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("Izium, some 120 km south-east of Kharkiv, was shelled.", encoding="utf-8")
    r = run("check", str(f), "Lviv is 10 km from Kyiv.", "--json")
    assert r.exit_code == 3, r.output
    claims = [json.loads(line) for line in r.stdout.splitlines()]
    assert [c["id"] for c in claims] == ["story", "text"]
    assert claims[1]["verdict"] == "contradicted"


@pytest.mark.parametrize("code", ["XX", "Ukraine", "U1"])
def test_country_is_validated(code):
    r = run("extract", "--country", code, "-")
    assert r.exit_code == 2 and "--country" in r.output


def test_country_in_lower_case_is_accepted():
    r = run("extract", "--country", "ua", "-", input="Rain in Kharkiv.")
    assert r.exit_code == 0, r.output


def test_geojson_and_csv_to_stdout(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text(RELATIVE, encoding="utf-8")
    r = run("geojson", str(f), "-o", "-")
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["features"][0]["properties"]["name"] == "Kharkiv"
    r = run("export", str(f), "-f", "csv", "-o", "-", "--date", "2024-06-15")
    assert r.exit_code == 0, r.output
    header, row = r.stdout.splitlines()
    assert header.startswith("event_date,") and row.startswith("2024-06-11,")
    r = run("export", str(f), "-f", "gpkg", "-o", "-")
    assert r.exit_code == 2 and "stdout" in r.output


def test_export_csv_places_layer(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text("Ministers from Poland met in Vilnius and Riga.", encoding="utf-8")
    r = run("export", str(f), "-f", "csv", "--layer", "places", "-o", "-")
    assert r.exit_code == 0, r.output
    names = [line.split(",")[6] for line in r.stdout.splitlines()[1:]]
    assert names == ["Poland", "Vilnius", "Riga"]


def test_json_lines_on_stdin_give_json_lines_out():
    record = json.dumps({"id": "one", "text": "Rain in Odesa."})
    r = run("extract", "-", input=record + "\n")
    assert r.exit_code == 0, r.output
    assert len(r.stdout.splitlines()) == 1 and json.loads(r.stdout)["id"] == "one"
    r = run("extract", "-", input="Rain in Odesa.")
    assert r.exit_code == 0 and len(r.stdout.splitlines()) > 1  # one text: indented JSON


@pytest.mark.parametrize("command", ["extract", "export", "map", "report", "check"])
def test_warnings_are_shown_by_every_command(command, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    f = tmp_path / "story.txt"
    f.write_text(RELATIVE, encoding="utf-8")
    extra = {"export": ["-o", str(tmp_path / "o.geojson")], "map": ["--tiles", "none"],
             "report": ["--tiles", "none"]}.get(command, [])
    r = run(command, str(f), *extra)
    assert r.exit_code == 0, r.output
    if command != "check":  # check skips incidents, so nothing is dated
        assert "geomap: warning: story: no publication date" in r.stderr


def test_source_label_overrides_the_file_path(tmp_path):
    f = tmp_path / "private" / "draft.txt"
    f.parent.mkdir()
    f.write_text(RELATIVE, encoding="utf-8")
    r = run("extract", str(f), "--source-label", "https://example.org/story")
    assert r.exit_code == 0 and json.loads(r.stdout)["source"] == "https://example.org/story"
    r = run("export", str(f), "-f", "csv", "-o", "-", "--source-label", "Example News")
    assert "Example News" in r.stdout and "private" not in r.stdout


def test_extract_skips_a_document_over_the_budget_and_goes_on(tmp_path):
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_text("Rain in Odesa. " * 20, encoding="utf-8")
    small.write_text("Rain in Odesa.", encoding="utf-8")
    r = run("extract", str(big), str(small), "--max-chars", "100")
    assert r.exit_code == 0, r.output
    assert [json.loads(line)["id"] for line in r.stdout.splitlines()] == ["small"]
    assert "big: document too large" in r.stderr
    r = run("extract", str(big), "--max-chars", "100")
    assert r.exit_code == 1 and "too large" in r.stderr


def test_many_warnings_are_counted_not_repeated(tmp_path):
    from geomap.cli.common import SHOWN_WARNINGS

    feed = tmp_path / "feed.jsonl"
    n = SHOWN_WARNINGS + 5
    feed.write_text("".join(json.dumps({"id": f"d{i}", "text": RELATIVE}) + "\n" for i in range(n)),
                    encoding="utf-8")
    r = run("extract", str(feed))
    assert r.exit_code == 0, r.output
    lines = [line for line in r.stderr.splitlines() if line.startswith("geomap: warning:")]
    assert len(lines) == SHOWN_WARNINGS + 1 and lines[-1].startswith("geomap: warning: 5 more warning(s)")
    assert all(json.loads(line)["warnings"] for line in r.stdout.splitlines())


def test_map_says_when_the_page_uses_the_network(tmp_path):
    f = tmp_path / "story.txt"
    f.write_text(RELATIVE, encoding="utf-8")
    r = run("map", str(f), "-o", str(tmp_path / "a.html"), "--date", "2024-06-15")
    assert r.exit_code == 0 and "OpenStreetMap tiles from the network" in r.stderr and "--tiles none" in r.stderr
    r = run("map", str(f), "-o", str(tmp_path / "b.html"), "--date", "2024-06-15", "--tiles", "none")
    assert r.exit_code == 0 and "network" not in r.stderr


def test_a_truncated_gzip_feed_keeps_the_documents_before_it(tmp_path):
    import gzip

    records = [{"id": f"n{i}", "text": f"Flooding reached Odesa, bulletin {i}."} for i in range(150)]
    packed = gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode())
    cut = tmp_path / "feed.jsonl.gz"
    cut.write_bytes(packed[: len(packed) // 2])
    out = tmp_path / "out.jsonl"
    r = run("extract", str(cut), "-o", str(out))
    assert r.exit_code == 0 and "Traceback" not in r.output and "Aborted" not in r.output
    ids = [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]
    assert 0 < len(ids) < 150 and ids == [r["id"] for r in records[: len(ids)]]
    assert "feed.jsonl.gz" in r.stderr and "output" not in r.stderr


@pytest.mark.parametrize("raised, code, message", [(RuntimeError("bug"), 1, "unexpected RuntimeError: bug"),
                                                   (KeyboardInterrupt(), 130, "interrupted"),
                                                   (EOFError(), 1, "ended unexpectedly")])
def test_anything_else_is_one_line_with_an_honest_exit_code(tmp_path, monkeypatch, raised, code, message):
    import geomap.export

    def broken(*args, **kwargs):
        raise raised

    monkeypatch.setattr(geomap.export, "export", broken)
    monkeypatch.delenv("GEOMAP_DEBUG", raising=False)
    f = tmp_path / "story.txt"
    f.write_text(RELATIVE, encoding="utf-8")
    r = run("export", str(f), "-o", str(tmp_path / "out.csv"), "--date", "2024-06-15")
    assert r.exit_code == code and message in r.stderr and "Traceback" not in r.output
    assert r.stderr.splitlines()[-1].startswith("geomap: error: ")


def test_geomap_debug_shows_the_traceback(tmp_path, monkeypatch):
    import geomap.export

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(geomap.export, "export", broken)
    monkeypatch.setenv("GEOMAP_DEBUG", "1")
    f = tmp_path / "story.txt"
    f.write_text(RELATIVE, encoding="utf-8")
    r = run("export", str(f), "-o", str(tmp_path / "out.csv"))
    assert r.exit_code == 1 and isinstance(r.exception, RuntimeError)


@pytest.mark.parametrize("date, message", [("0001-01-01", "outside"), ("2024-13-01", "unreadable date")])
def test_a_bad_date_option_says_why(date, message):
    r = run("extract", "--date", date, "-", input="Rain in Kyiv.")
    assert r.exit_code == 2 and message in r.output and "--date" in r.output


# ----------------------------------------------------------------------------- process settings of a command


def test_a_command_keeps_one_blas_thread_unless_told_and_collects_less(monkeypatch):
    import atexit
    import gc

    from geomap.cli import group

    registered = []
    monkeypatch.setattr(atexit, "register", registered.append)  # no real exit handler from a test
    monkeypatch.setattr(gc, "set_threshold", lambda *args: registered.append(args))
    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setattr(group, "_TUNED", False)
    group._tune_collector()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
    assert gc.freeze in registered  # no collections while the interpreter tears down
    raised = [r for r in registered if isinstance(r, tuple)]
    # the young-generation threshold is raised (unless an earlier command in this process raised it already)
    assert (raised and raised[0][0] >= 10_000) or gc.get_threshold()[0] >= 10_000
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")
    monkeypatch.setattr(group, "_TUNED", False)
    group._tune_collector()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "4"  # the user's setting wins
