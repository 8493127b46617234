"""geomap batch: streamed input, ordered outputs, per-document errors, workers, resume, Dask.

Most tests use ``fake_analyze`` (a tiny stand-in for the pipeline that knows a handful of
places), so they test the batch machinery itself quickly; ``test_real_pipeline_*`` runs the real one.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap import batch as batch_mod
from geomap.batch import BatchOptions, iter_ids, run_batch
from geomap.batch import ledger as ledger_mod
from geomap.batch import worker as worker_mod
from geomap.cli import main
from geomap.errors import GeomapError, InputError, OutputError
from geomap.model import Analysis, Document, Place

HERE = Path(__file__).resolve().parent

KNOWN = {"Vienna": (48.21, 16.37, "AT"), "Rotterdam": (51.92, 4.48, "NL"), "Santiago": (-33.45, -70.67, "CL"),
         "Nairobi": (-1.28, 36.82, "KE"), "Manila": (14.60, 120.98, "PH"), "Montreal": (45.51, -73.59, "CA")}


def fake_analyze(doc: Document, options: dict) -> Analysis:
    """Finds the KNOWN names; 'BOOM' in a text raises; GEOMAP_FAKE_SLEEP slows it down (kill test)."""
    if "BOOM" in doc.text:
        raise RuntimeError("fake failure")
    delay = float(os.environ.get("GEOMAP_FAKE_SLEEP", "0"))
    if delay:
        time.sleep(delay)
    places = []
    for name, (lat, lon, cc) in KNOWN.items():
        i = doc.text.find(name)
        if i >= 0:
            places.append(Place(text=name, start=i, end=i + len(name), name=name, lat=lat, lon=lon,
                                country_code=options.get("country") or cc, feature="city", confidence=0.9))
    places.sort(key=lambda p: p.start)
    return Analysis(document=doc, places=places, warnings=[f"pid {os.getpid()}"] if options.get("tag_pid") else [])


def _records(n: int, start: int = 0) -> list[dict]:
    names = list(KNOWN)
    return [{"id": f"d{i:05d}", "date": "2026-03-01",
             "text": f"Report {i} from {names[i % len(names)]} and {names[(i * 7 + 3) % len(names)]}."}
            for i in range(start, start + n)]


def _write_jsonl(path: Path, lines: list) -> Path:
    with open(path, "w", encoding="utf-8") as fh:
        for rec in lines:
            fh.write((rec if isinstance(rec, str) else json.dumps(rec)) + "\n")
    return path


def _lines(path: Path) -> list[dict]:
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines()]


MESSY = [
    {"id": "a", "text": "Floods in Vienna."},
    "{not json",
    {"id": "b", "text": "   "},
    "",
    {"id": "a", "text": "Another text that reuses id a, about Manila."},
    [1, 2, 3],
    {"id": "c", "text": "Strike in Rotterdam.", "date": "someday"},
    {"id": "d", "text": "BOOM in Nairobi."},
    {"id": "e", "text": "Vote in Montreal."},
]


def test_jsonl_run_writes_ordered_analyses_and_line_numbered_errors(tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", MESSY)
    s = run_batch(src, tmp_path / "out", analyze=fake_analyze, outputs=("geojson", "map"))
    out = tmp_path / "out"
    got = _lines(out / "analyses.jsonl")
    assert [a["id"] for a in got] == ["a", "c", "e"]
    assert got[0]["places"][0]["name"] == "Vienna" and got[0]["date"] is None
    assert set(got[0]) >= {"id", "date", "source", "title", "places", "claims", "incidents", "warnings"}
    errs = _lines(out / "errors.jsonl")
    by_line = {e["line"]: e for e in errs}
    assert by_line[2]["level"] == "error" and "malformed JSON" in by_line[2]["message"]
    assert by_line[3]["level"] == "error" and "empty" in by_line[3]["message"]
    assert by_line[5]["id"] == "a" and "duplicate id" in by_line[5]["message"]
    assert "expected a JSON object" in by_line[6]["message"]
    assert by_line[7]["level"] == "warning" and "unreadable date" in by_line[7]["message"]
    assert by_line[8]["id"] == "d" and "RuntimeError: fake failure" in by_line[8]["message"]
    assert 4 not in by_line  # a blank line is not a problem
    assert (s.analysed, s.errors, s.warnings, s.items) == (3, 5, 1, 9)
    gj = json.loads((out / "analyses.geojson").read_text(encoding="utf-8"))
    assert sorted(f["properties"]["doc_id"] for f in gj["features"]) == ["a", "c", "e"]
    assert "Montreal" in (out / "map.html").read_text(encoding="utf-8")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["analysed"] == 3 and summary["cold_start_s"] is not None
    assert json.loads((out / "checkpoint.json").read_text())["status"] == "done"


def test_two_workers_give_the_same_files_as_one(tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", _records(150) + MESSY)
    run_batch(src, tmp_path / "one", analyze=fake_analyze, outputs=(), chunk_size=7)
    s = run_batch(src, tmp_path / "two", analyze=fake_analyze, outputs=(), workers=2, chunk_size=7)
    assert s.backend == "processes" and s.workers == 2
    for name in ("analyses.jsonl", "errors.jsonl"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    assert len(s.worker_peak_rss_mb) >= 1 and all(v > 0 for v in s.worker_peak_rss_mb.values())


def test_gzip_and_folder_inputs(tmp_path):
    gz = tmp_path / "feed.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        for rec in _records(5):
            fh.write(json.dumps(rec) + "\n")
    s = run_batch(gz, tmp_path / "o1", analyze=fake_analyze, outputs=())
    assert s.analysed == 5
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.txt").write_text("Quake near Santiago.", encoding="utf-8")
    (folder / "sub" / "two.html").write_text(
        "<html><head><title>T</title><meta name='date' content='2026-02-03'></head>"
        "<body><article><p>Storm over Manila.</p></article><script>Vienna</script></body></html>",
        encoding="utf-8")
    (folder / "sub" / "empty.txt").write_text("", encoding="utf-8")
    (folder / "notes.csv").write_text("Vienna", encoding="utf-8")
    s = run_batch(folder, tmp_path / "o2", analyze=fake_analyze, outputs=())
    got = _lines(tmp_path / "o2" / "analyses.jsonl")
    assert [a["id"] for a in got] == ["one", "sub/two"]
    assert got[1]["date"] == "2026-02-03" and [p["name"] for p in got[1]["places"]] == ["Manila"]
    errs = _lines(tmp_path / "o2" / "errors.jsonl")
    assert len(errs) == 1 and errs[0]["file"].endswith("empty.txt") and "empty" in errs[0]["message"]


def test_existing_run_is_never_clobbered(tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", _records(4))
    run_batch(src, tmp_path / "out", analyze=fake_analyze, outputs=())
    before = (tmp_path / "out" / "analyses.jsonl").read_bytes()
    with pytest.raises(OutputError, match="--resume"):
        run_batch(src, tmp_path / "out", analyze=fake_analyze, outputs=())
    assert (tmp_path / "out" / "analyses.jsonl").read_bytes() == before
    s = run_batch(src, tmp_path / "out", analyze=fake_analyze, outputs=(), resume=True)  # already complete
    assert s.analysed == 4 and (tmp_path / "out" / "analyses.jsonl").read_bytes() == before
    other = _write_jsonl(tmp_path / "other.jsonl", _records(2))
    with pytest.raises(InputError, match="run over"):
        run_batch(other, tmp_path / "out", analyze=fake_analyze, resume=True)
    with pytest.raises(InputError, match="options differ"):
        run_batch(src, tmp_path / "out", analyze=fake_analyze, resume=True, options=BatchOptions(country="US"))
    s = run_batch(other, tmp_path / "out", analyze=fake_analyze, outputs=(), overwrite=True)
    assert s.analysed == 2


def test_unwritable_output_folder(tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", _records(2))
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="not a folder"):
        run_batch(src, blocker, analyze=fake_analyze)
    with pytest.raises(OutputError, match="cannot create output folder"):
        run_batch(src, blocker / "sub", analyze=fake_analyze)
    r = CliRunner().invoke(main, ["batch", str(src), "-o", str(blocker)])
    assert r.exit_code == 1 and "Traceback" not in r.output and "not a folder" in r.output


class _FullDisk:
    """A file that accepts ``budget`` writes and then fails as a full disk does."""

    def __init__(self, fh, budget: int) -> None:
        self.fh, self.budget = fh, budget

    def write(self, data: bytes) -> int:
        self.budget -= 1
        if self.budget < 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        return self.fh.write(data)

    def __getattr__(self, name):
        return getattr(self.fh, name)


def test_full_disk_stops_cleanly_and_resume_completes(tmp_path, monkeypatch):
    src = _write_jsonl(tmp_path / "in.jsonl", _records(60) + MESSY)
    run_batch(src, tmp_path / "clean", analyze=fake_analyze, outputs=())
    real_open = open

    def full_open(path, mode="r", *a, **kw):
        fh = real_open(path, mode, *a, **kw)
        return _FullDisk(fh, 25) if str(path).endswith("analyses.jsonl") and "a" in mode else fh

    monkeypatch.setattr(ledger_mod, "open", full_open, raising=False)
    with pytest.raises(OutputError, match="No space left.*--resume"):
        run_batch(src, tmp_path / "out", analyze=fake_analyze, outputs=(), chunk_size=4, checkpoint_every=0)
    monkeypatch.undo()
    ck = json.loads((tmp_path / "out" / "checkpoint.json").read_text())
    assert 0 < ck["analysed"] <= 25 and ck["status"] == "running"
    s = run_batch(src, tmp_path / "out", analyze=fake_analyze, outputs=(), resume=True)
    assert s.resumed_from == ck["next_seq"]
    for name in ("analyses.jsonl", "errors.jsonl"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "clean" / name).read_bytes()


_KILL_SCRIPT = """
import sys
sys.path.insert(0, {tests!r})
from test_batch import fake_analyze
from geomap.batch import run_batch
run_batch({src!r}, {out!r}, analyze=fake_analyze, workers=2, chunk_size=5, outputs=(), checkpoint_every=0.02,
          resume={resume!r})
"""


def test_kill_9_then_resume_loses_and_duplicates_nothing(tmp_path):
    n = 400
    src = _write_jsonl(tmp_path / "in.jsonl", _records(n) + MESSY)
    out = tmp_path / "out"
    env = dict(os.environ, GEOMAP_FAKE_SLEEP="0.004")
    script = _KILL_SCRIPT.format(tests=str(HERE), src=str(src), out=str(out), resume=False)
    proc = subprocess.Popen([sys.executable, "-c", script], env=env, start_new_session=True)
    deadline = time.monotonic() + 60
    done = 0
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            done = json.loads((out / "checkpoint.json").read_text())["next_seq"]
        except (OSError, ValueError, KeyError):
            done = 0
        if done >= 60:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the run ended before it could be killed; make it slower"
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its worker processes, mid-write
    proc.wait()
    ck = json.loads((out / "checkpoint.json").read_text())
    assert ck["status"] == "running" and ck["next_seq"] < n
    with open(out / "analyses.jsonl", "ab") as fh:  # and a torn last line, as a crash mid-write leaves
        fh.write(b'{"id": "d9')
    script = _KILL_SCRIPT.format(tests=str(HERE), src=str(src), out=str(out), resume=True)
    subprocess.run([sys.executable, "-c", script], env=dict(os.environ), check=True, timeout=120)
    ids = list(iter_ids(out / "analyses.jsonl"))
    assert ids == [r["id"] for r in _records(n)] + ["a", "c", "e"]
    run_batch(src, tmp_path / "clean", analyze=fake_analyze, outputs=(), chunk_size=5)
    for name in ("analyses.jsonl", "errors.jsonl"):
        assert (out / name).read_bytes() == (tmp_path / "clean" / name).read_bytes()


def test_dask_local_cluster_gives_the_same_files(tmp_path):
    distributed = pytest.importorskip("distributed")
    src = _write_jsonl(tmp_path / "in.jsonl", _records(40) + MESSY)
    run_batch(src, tmp_path / "local", analyze=fake_analyze, outputs=())
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        s = run_batch(src, tmp_path / "dask", analyze=fake_analyze, outputs=("geojson",),
                      dask=cluster.scheduler_address, chunk_size=6)
    assert s.backend == "dask" and s.workers == 2
    for name in ("analyses.jsonl", "errors.jsonl"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes()
    assert "geojson" in s.outputs


def test_unreachable_dask_scheduler_is_a_clear_error(tmp_path):
    pytest.importorskip("distributed")
    src = _write_jsonl(tmp_path / "in.jsonl", _records(2))
    with pytest.raises(InputError, match="cannot reach the Dask scheduler"):
        run_batch(src, tmp_path / "o", analyze=fake_analyze, dask="tcp://127.0.0.1:9", dask_timeout=1)
    assert run_batch(src, tmp_path / "o", analyze=fake_analyze, outputs=()).analysed == 2  # nothing half-made


def test_cli_reads_stdin_and_reports_problems(tmp_path, monkeypatch):
    monkeypatch.setattr(worker_mod, "default_analyze", fake_analyze)
    data = "\n".join(json.dumps(r) if not isinstance(r, str) else r for r in MESSY) + "\n"
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["batch", "-", "-o", str(out), "--skip", "gpkg", "--skip", "map"], input=data)
    assert r.exit_code == 0, r.output
    assert "<stdin>:2: malformed JSON" in r.output and "3 documents analysed, 5 errors" in r.output
    assert [a["id"] for a in _lines(out / "analyses.jsonl")] == ["a", "c", "e"]
    assert not (out / "map.html").exists() and (out / "analyses.geojson").exists()
    r = CliRunner().invoke(main, ["batch", "-", "-o", str(tmp_path / "o2")], input="{bad\n\n")
    assert r.exit_code == 1 and "nothing could be analysed" in r.output
    r = CliRunner().invoke(main, ["batch", str(tmp_path / "missing.jsonl"), "-o", str(tmp_path / "o3")])
    assert r.exit_code == 1 and "no such file" in r.output and "Traceback" not in r.output
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "data.csv").write_text("x")
    (tmp_path / "nothing.jsonl").write_bytes(b"")
    for bad, msg in (("empty", "holds no .txt or .html"), ("nothing.jsonl", "empty file")):
        r = CliRunner().invoke(main, ["batch", str(tmp_path / bad), "-o", str(tmp_path / f"o-{bad}")])
        assert r.exit_code == 1 and msg in r.output and not (tmp_path / f"o-{bad}").exists()
    r = CliRunner().invoke(main, ["batch", "-", "-o", str(tmp_path / "o4"), "--resume", "--overwrite"])
    assert r.exit_code == 2 and "exclude each other" in r.output


def test_map_is_capped_but_geojson_holds_everything(tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", _records(30))
    s = run_batch(src, tmp_path / "out", analyze=fake_analyze, outputs=("geojson", "map"), map_limit=10)
    assert any("shows 10 of 30 documents" in n for n in s.notes)
    gj = json.loads((tmp_path / "out" / "analyses.geojson").read_text())
    assert len({f["properties"]["doc_id"] for f in gj["features"]}) == 30


def test_combined_outputs_are_built_in_groups_with_the_same_content(tmp_path):
    import pyogrio

    from geomap.export import LAYERS, feature_collection

    src = _write_jsonl(tmp_path / "in.jsonl", _records(30))
    run_batch(src, tmp_path / "out", analyze=fake_analyze, outputs=())
    analyses_file = tmp_path / "out" / "analyses.jsonl"
    batch_mod.write_geojson(analyses_file, tmp_path / "grouped.geojson", group_size=7)
    grouped = json.loads((tmp_path / "grouped.geojson").read_text(encoding="utf-8"))
    whole = feature_collection(list(batch_mod.iter_analyses_file(analyses_file)), layers=LAYERS)
    assert grouped == json.loads(json.dumps(whole)) and len(grouped["features"]) == 60
    batch_mod.write_gpkg(analyses_file, tmp_path / "grouped.gpkg", group_size=7)
    places = pyogrio.read_dataframe(tmp_path / "grouped.gpkg", layer="places")
    assert len(places) == 60 and sorted(set(places["doc_id"])) == [r["id"] for r in _records(30)]
    assert {name for name, _ in pyogrio.list_layers(tmp_path / "grouped.gpkg")} == set(LAYERS)
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no scratch left behind


def test_real_pipeline_on_a_folder_with_two_workers(tmp_path):
    pytest.importorskip("geomap.recognize")
    samples = HERE.parent / "data" / "samples"
    folder = tmp_path / "articles"
    folder.mkdir()
    for p in sorted(samples.glob("batch_*.txt"))[:4]:  # batch_border.txt first
        (folder / p.name).write_text(p.read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    r = CliRunner().invoke(main, ["batch", str(folder), "-o", str(out), "--workers", "2", "--date", "2026-05-04"])
    assert r.exit_code == 0, r.output
    got = {a["id"]: a for a in _lines(out / "analyses.jsonl")}
    assert "batch_border" in got and got["batch_border"]["date"] == "2026-05-04"
    kharkiv = [p for p in got["batch_border"]["places"] if p["text"] == "Kharkiv"]
    assert kharkiv and abs(kharkiv[0]["lat"] - 50.0) < 0.5 and abs(kharkiv[0]["lon"] - 36.25) < 0.5
    gj = json.loads((out / "analyses.geojson").read_text(encoding="utf-8"))
    assert {f["properties"]["doc_id"] for f in gj["features"]} == set(got)
    assert (out / "map.html").stat().st_size > 1000


def crashing_analyze(doc: Document, options: dict) -> Analysis:
    """Kills its worker process on 'CRASH' (as a segfault in a C extension would)."""
    if "CRASH" in doc.text:
        os._exit(3)
    return fake_analyze(doc, options)


def test_a_dying_worker_stops_the_run_cleanly_and_keeps_what_was_written(tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", _records(40) + [{"id": "x", "text": "CRASH"}] + _records(5, 40))
    with pytest.raises(GeomapError, match="a worker failed.*--resume"):
        run_batch(src, tmp_path / "out", analyze=crashing_analyze, workers=2, chunk_size=4, outputs=())
    ck = json.loads((tmp_path / "out" / "checkpoint.json").read_text())
    ids = list(iter_ids(tmp_path / "out" / "analyses.jsonl"))
    assert ck["status"] == "running" and ids == [r["id"] for r in _records(ck["analysed"])]


def test_progress_bar_only_when_asked_or_on_a_terminal(tmp_path, monkeypatch):
    monkeypatch.setattr(worker_mod, "default_analyze", fake_analyze)
    src = _write_jsonl(tmp_path / "in.jsonl", _records(30))
    args = ["batch", str(src), "--skip", "gpkg", "--skip", "map", "-o"]
    r = CliRunner().invoke(main, [*args, str(tmp_path / "a"), "--progress"])
    assert r.exit_code == 0 and "geomap batch" in r.output and "doc/s" in r.output
    r = CliRunner().invoke(main, [*args, str(tmp_path / "b")])  # CliRunner's stderr is not a terminal
    assert r.exit_code == 0 and "doc/s" not in r.output and "30 documents analysed" in r.output


def test_resume_refuses_a_changed_input(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    for i in range(6):
        (folder / f"n{i}.txt").write_text(f"Report {i} from Vienna.", encoding="utf-8")
    out = tmp_path / "out"
    run_batch(folder, out, analyze=fake_analyze, outputs=())
    ck = json.loads((out / "checkpoint.json").read_text())
    ck.update(status="running", next_seq=3, last_item=str((folder / "n2.txt").resolve()))
    (out / "checkpoint.json").write_text(json.dumps(ck))  # as if interrupted after n2.txt
    (folder / "a_new.txt").write_text("Sorted first, so every later file moved by one.", encoding="utf-8")
    with pytest.raises(InputError, match="changed since the interrupted run"):
        run_batch(folder, out, analyze=fake_analyze, resume=True)
    big = _write_jsonl(tmp_path / "big.jsonl", _records(2000))
    run_batch(big, tmp_path / "o2", analyze=fake_analyze, outputs=())
    _write_jsonl(big, _records(2000, start=1))  # same name and size class, other content
    with pytest.raises(InputError, match="not the file the run started on"):
        run_batch(big, tmp_path / "o2", analyze=fake_analyze, resume=True)


def test_a_failing_exporter_is_reported_and_the_other_outputs_are_written(tmp_path, monkeypatch):
    from geomap import export

    def broken(*args, **kwargs):
        raise OutputError("disk quota exceeded")

    monkeypatch.setattr(export, "append_gpkg_frames", broken)
    src = _write_jsonl(tmp_path / "in.jsonl", _records(5))
    s = run_batch(src, tmp_path / "out", analyze=fake_analyze, workers=2)
    assert len(s.problems) == 1 and s.problems[0].startswith("analyses.gpkg: not written (")
    assert "disk quota exceeded" in s.problems[0]
    assert set(s.outputs) == {"analyses", "errors", "geojson", "map"} and not (tmp_path / "out" / "analyses.gpkg").exists()
    r = CliRunner().invoke(main, ["batch", str(src), "-o", str(tmp_path / "o2"), "--skip", "map"])
    assert r.exit_code == 1 and "warning: analyses.gpkg: not written" in r.output  # an output missing: not a success
    assert "1 output(s) not written" in r.output


def test_truncated_gzip_keeps_the_lines_before(tmp_path):
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in _records(300)).encode())
    src = tmp_path / "cut.jsonl.gz"
    src.write_bytes(data[: len(data) * 2 // 3])
    with pytest.raises(InputError, match="could not be read to its end"):
        run_batch(src, tmp_path / "out", analyze=fake_analyze, outputs=())
    ids = list(iter_ids(tmp_path / "out" / "analyses.jsonl"))
    assert 0 < len(ids) < 300 and ids == [r["id"] for r in _records(len(ids))]


def test_real_pipeline_on_dask_threads_matches_a_local_run(tmp_path):
    distributed = pytest.importorskip("distributed")
    pytest.importorskip("geomap.recognize")
    samples = sorted((HERE.parent / "data" / "samples").glob("batch_*.txt"))
    src = _write_jsonl(tmp_path / "in.jsonl", [{"id": p.stem, "text": p.read_text(encoding="utf-8"),
                                                "date": "2026-04-01"} for p in samples])
    run_batch(src, tmp_path / "local", outputs=())
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                                  dashboard_address=None) as cluster:
        run_batch(src, tmp_path / "dask", outputs=(), dask=cluster.scheduler_address, chunk_size=1)
    local = (tmp_path / "local" / "analyses.jsonl").read_bytes()
    assert local == (tmp_path / "dask" / "analyses.jsonl").read_bytes()
    assert len(_lines(tmp_path / "local" / "analyses.jsonl")) == len(samples) and b'"Kharkiv"' in local


# ----------------------------------------------------------------------------- robustness (issue 10)


def slow_analyze(doc: Document, options: dict) -> Analysis:
    """fake_analyze, except that a text with 'SLOW' takes far longer than any budget."""
    if "SLOW" in doc.text:
        time.sleep(30)
    return fake_analyze(doc, options)


def _children(pid: int) -> set[int]:
    kids: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            kids |= {int(x) for x in (task / "children").read_text().split()}
        except OSError:
            pass
    return kids


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def _start_slow_run(tmp_path: Path, n: int = 400) -> tuple[subprocess.Popen, Path, Path]:
    src = _write_jsonl(tmp_path / "in.jsonl", _records(n))
    out = tmp_path / "out"
    script = _KILL_SCRIPT.format(tests=str(HERE), src=str(src), out=str(out), resume=False)
    proc = subprocess.Popen([sys.executable, "-c", script], env=dict(os.environ, GEOMAP_FAKE_SLEEP="0.02"),
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            if json.loads((out / "checkpoint.json").read_text())["next_seq"] > 0 and len(_children(proc.pid)) >= 2:
                break
        except (OSError, ValueError, KeyError):
            pass
        time.sleep(0.02)
    assert proc.poll() is None, "the run ended before the test could use it; make it slower"
    return proc, src, out


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads worker processes from /proc")
def test_a_second_run_on_the_same_outdir_fails_clearly(tmp_path):
    proc, src, out = _start_slow_run(tmp_path)
    try:
        with pytest.raises(OutputError, match=rf"out is in use by another batch run \(process {proc.pid}\)"):
            run_batch(src, out, analyze=fake_analyze, outputs=(), resume=True)
        with pytest.raises(OutputError, match="in use by another batch run"):
            run_batch(src, out, analyze=fake_analyze, outputs=(), overwrite=True)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    s = run_batch(src, out, analyze=fake_analyze, outputs=(), resume=True)  # a killed run leaves no stale lock
    assert s.analysed == 400 and list(iter_ids(out / "analyses.jsonl")) == [r["id"] for r in _records(400)]


def test_the_lock_also_holds_within_one_process(tmp_path):
    from geomap.batch.lock import OutdirLock

    with OutdirLock(tmp_path):
        with pytest.raises(OutputError, match=f"in use by another batch run \\(process {os.getpid()}\\)"):
            OutdirLock(tmp_path).acquire()
    with OutdirLock(tmp_path):  # released on exit
        pass


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads worker processes from /proc")
def test_workers_end_when_the_parent_is_killed(tmp_path):
    proc, _, _ = _start_slow_run(tmp_path)
    workers = _children(proc.pid)
    try:
        assert len(workers) >= 2 and all(_alive(w) for w in workers)
        os.kill(proc.pid, signal.SIGKILL)  # the parent only, as an OOM killer or kill -9 PID would
        proc.wait()
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and any(_alive(w) for w in workers):
            time.sleep(0.05)
        assert not [w for w in workers if _alive(w)], "workers outlived their parent"
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.mark.parametrize("workers", [1, 2])
def test_a_document_over_its_time_budget_is_an_error_and_the_run_goes_on(tmp_path, workers):
    from geomap.pipeline import DocumentBudget

    recs = _records(6)
    recs[2]["text"] = "SLOW report from Vienna."
    src = _write_jsonl(tmp_path / "in.jsonl", recs)
    t = time.monotonic()
    s = run_batch(src, tmp_path / "out", analyze=slow_analyze, outputs=(), workers=workers,
                  budget=DocumentBudget(max_seconds=0.5), chunk_size=2)
    assert time.monotonic() - t < 15
    assert s.analysed == 5 and s.errors == 1
    err = _lines(tmp_path / "out" / "errors.jsonl")[0]
    assert (err["id"], err["line"], err["level"]) == ("d00002", 3, "error")
    assert err["message"] == f"{src}:3: d00002: analysis took longer than 0.5 s; skipped"


def test_a_document_over_its_size_budget_is_an_error(tmp_path):
    from geomap.pipeline import DocumentBudget

    recs = _records(3)
    recs[1]["text"] = "A long report from Vienna. " * 10
    src = _write_jsonl(tmp_path / "in.jsonl", recs)
    s = run_batch(src, tmp_path / "o1", analyze=fake_analyze, outputs=(), budget=DocumentBudget(max_chars=100))
    assert s.analysed == 2 and s.errors == 1
    assert _lines(tmp_path / "o1" / "errors.jsonl")[0]["message"] == (
        f"{src}:2: d00001: document too large (270 characters; the limit is 100, see --max-chars); skipped")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Short note on Manila.", encoding="utf-8")
    (folder / "b.txt").write_text("A long report from Vienna. " * 10, encoding="utf-8")
    s = run_batch(folder, tmp_path / "o2", analyze=fake_analyze, outputs=(), budget=DocumentBudget(max_chars=100))
    assert s.analysed == 1 and "b: document too large (270 characters" in _lines(
        tmp_path / "o2" / "errors.jsonl")[0]["message"]


def test_the_real_pipeline_gets_the_budget_on_dask_threads_too(tmp_path):
    distributed = pytest.importorskip("distributed")
    from geomap.pipeline import DocumentBudget

    src = _write_jsonl(tmp_path / "in.jsonl", [{"id": "long", "text": "Shelling hit Kharkiv. " * 40}])
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False,
                                  dashboard_address=None) as cluster:
        s = run_batch(src, tmp_path / "out", outputs=(), dask=cluster.scheduler_address,
                      budget=DocumentBudget(max_chars=100))
    assert s.errors == 1 and "document too large (880 characters" in _lines(tmp_path / "out" / "errors.jsonl")[0][
        "message"]


HOSTILE = [
    '{"id": "big-number", "text": "Vienna", "n": ' + "9" * 5000 + "}",
    "[" * 50_000 + "]" * 50_000,
    '{"id": "\\ud800", "text": "Floods in Manila."}',
    {"id": "year-one", "text": "Vote in Montreal.", "date": "0001-01-01"},
    {"id": "year-max", "text": "Vote in Montreal.", "date": "9999-12-31"},
]


def test_hostile_lines_never_kill_the_run_nor_its_resume(tmp_path):
    lines = _records(10)[:5] + HOSTILE + _records(10)[5:]
    src = _write_jsonl(tmp_path / "in.jsonl", lines)
    clean = run_batch(src, tmp_path / "clean", analyze=fake_analyze, outputs=())
    assert (clean.analysed, clean.errors, clean.warnings) == (12, 3, 2)
    errs = [e["message"] for e in _lines(tmp_path / "clean" / "errors.jsonl")]
    assert [m.split(": ", 1)[1] for m in errs] == [
        "a value that cannot be read (Exceeds the limit (4300 digits) for integer string conversion: value has "
        "5000 digits); line skipped",
        "JSON nested too deeply; line skipped",
        '"id" is not valid Unicode (a lone surrogate escape such as \\ud800); line skipped',
        "date 0001-01-01 is outside 1800-2200; dates stay relative",
        "date 9999-12-31 is outside 1800-2200; dates stay relative",
    ]

    def stop_at_first_problem(rec: dict) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(src, tmp_path / "out", analyze=fake_analyze, outputs=(), chunk_size=2, checkpoint_every=0,
                  on_error=stop_at_first_problem)
    assert json.loads((tmp_path / "out" / "checkpoint.json").read_text())["status"] == "running"
    s = run_batch(src, tmp_path / "out", analyze=fake_analyze, outputs=(), resume=True)
    assert s.resumed_from > 0 and s.analysed == 12
    for name in ("analyses.jsonl", "errors.jsonl"):
        assert (tmp_path / "out" / name).read_bytes() == (tmp_path / "clean" / name).read_bytes()


def test_undecodable_file_names_become_valid_unicode_not_a_crash(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "ok.txt").write_text("Rain in Manila.", encoding="utf-8")
    bad_name = os.fsencode(folder) + b"/caf\xe9.txt"
    with open(bad_name, "wb") as fh:
        fh.write(b"Wind in Vienna.")
    s = run_batch(folder, tmp_path / "out", analyze=fake_analyze, outputs=())
    assert s.analysed == 2
    ids = [a["id"] for a in _lines(tmp_path / "out" / "analyses.jsonl")]  # valid UTF-8 JSON throughout
    assert ids == ["caf\ufffd", "ok"]


def test_damaged_gzip_in_batch_keeps_every_record_before_and_says_so(tmp_path):
    import zlib

    data = gzip.compress("".join(json.dumps(r) + "\n" for r in _records(300)).encode())
    src = tmp_path / "cut.jsonl.gz"
    src.write_bytes(data[: len(data) // 2])
    complete = zlib.decompressobj(31).decompress(data[: len(data) // 2]).count(b"\n")
    with pytest.raises(InputError, match=rf"cut.jsonl.gz could not be read to its end; the {complete} documents "
                                         "before the damage are analysed in"):
        run_batch(src, tmp_path / "out", analyze=fake_analyze, outputs=("geojson",), workers=2, chunk_size=7)
    assert list(iter_ids(tmp_path / "out" / "analyses.jsonl")) == [r["id"] for r in _records(complete)]
    assert (tmp_path / "out" / "analyses.geojson").exists()  # the combined outputs cover what was read
    last = _lines(tmp_path / "out" / "errors.jsonl")[-1]
    assert last["level"] == "error" and "damaged or truncated input" in last["message"]


def test_resume_removes_unfinished_files_of_an_interrupted_run(tmp_path):
    src = _write_jsonl(tmp_path / "in.jsonl", _records(5))
    out = tmp_path / "out"
    run_batch(src, out, analyze=fake_analyze, outputs=())
    stale = [out / ".analyses.geojson.k2j3h4.part", out / ".analyses.gpkg.a8b7c6.part.gpkg",
             out / ".map.html.q1w2e3.part", out / ".checkpoint.json.zz9.part"]
    for p in stale:
        p.write_text("half", encoding="utf-8")
    (out / ".keep").write_text("not ours", encoding="utf-8")
    s = run_batch(src, out, analyze=fake_analyze, outputs=(), resume=True)
    assert not [p for p in stale if p.exists()] and (out / ".keep").exists()
    assert "removed 4 unfinished temporary file(s) of an interrupted run" in s.notes


def test_an_output_not_written_is_a_failure_with_an_honest_message(tmp_path, monkeypatch):
    from geomap.batch import combined

    def full_disk(src, path, **kw):
        raise OutputError(f"cannot write {path}: No space left on device")

    monkeypatch.setattr(combined, "write_geojson", full_disk)
    monkeypatch.setattr(worker_mod, "default_analyze", fake_analyze)
    src = _write_jsonl(tmp_path / "in.jsonl", _records(12))
    r = CliRunner().invoke(main, ["batch", str(src), "-o", str(tmp_path / "out"), "--map-limit", "4"])
    assert r.exit_code == 1
    assert "warning: analyses.geojson: not written (cannot write" in r.output and "No space left" in r.output
    assert "error: 1 output(s) not written" in r.output and "rerun with --resume" in r.output
    assert "map.html shows 4 of 12 documents (every 3th); analyses.gpkg holds them all" in r.output
    assert "analyses.geojson and" not in r.output
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert "geojson" not in summary["outputs"] and summary["problems"]


def test_batch_cli_budget_options_skip_one_document_and_go_on(tmp_path):
    src = tmp_path / "feed.jsonl"
    src.write_text(json.dumps({"id": "long", "text": "Shelling hit Kharkiv again. " * 100}) + "\n"
                   + json.dumps({"id": "short", "text": "Shelling hit Kharkiv on Monday."}) + "\n", encoding="utf-8")
    out = tmp_path / "run"
    r = CliRunner().invoke(main, ["batch", str(src), "-o", str(out), "--max-chars", "500", "--no-progress",
                                  "--skip", "gpkg", "--skip", "map"])
    assert r.exit_code == 0, r.output
    done = [json.loads(ln)["id"] for ln in (out / "analyses.jsonl").read_text(encoding="utf-8").splitlines()]
    errors = [json.loads(ln) for ln in (out / "errors.jsonl").read_text(encoding="utf-8").splitlines()]
    assert done == ["short"]
    assert [e["id"] for e in errors] == ["long"] and "--max-chars" in errors[0]["message"]


def test_warm_up_loads_before_the_fork_what_the_stages_load_on_first_use():
    """Workers fork after warm_up: numpy and pyproj (loaded on the first measurement) and the incidents'
    regexes (compiled on first use) are there already, so no worker pays for them again."""
    code = ("import sys; from geomap.batch import warm_up; from geomap.incidents import casualties, triggers; "
            "before = 'numpy' in sys.modules or 'match' in vars(casualties._SUBJ_RE); warm_up(); "
            "print(before, 'numpy' in sys.modules and 'pyproj' in sys.modules, 'match' in vars(casualties._SUBJ_RE), "
            "len(triggers._TRIGGER_PATTERNS) == len(triggers.TRIGGERS))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.split() == ["False", "True", "True", "True"], r.stdout + r.stderr
