"""Reading documents with limits: sizes, damaged .gz, hostile JSON Lines, dates, headlines, sources.

Every bad input must give one clear message naming it, never a traceback, and the rest of the
input must go on. The texts here are written for these tests.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import json
import os
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from geomap.document import (
    MAX_DOCUMENT_BYTES,
    date_problem,
    first_line_title,
    iter_documents,
    iter_lines,
    load_file,
    parse_date,
    parse_record,
    read_html,
)
from geomap.errors import InputError

REPO = Path(__file__).resolve().parent.parent


def _collect(inputs, **kw):
    problems: list[str] = []
    docs = [d for d, _ in iter_documents([str(i) for i in inputs], on_error=problems.append, **kw)]
    return docs, problems


def _jsonl(path: Path, lines: list) -> Path:
    path.write_text("".join((ln if isinstance(ln, str) else json.dumps(ln)) + "\n" for ln in lines),
                    encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- sizes


def test_a_file_over_the_size_limit_is_refused_without_reading_it_whole(tmp_path):
    big = tmp_path / "big.txt"
    with open(big, "wb") as fh:
        while fh.tell() <= MAX_DOCUMENT_BYTES:
            fh.write(b"Rain over Linz. " * (1 << 16))  # 1 MB a time
    with pytest.raises(InputError, match=r"big.txt: larger than the 8 MB limit for one document"):
        load_file(big)
    small = tmp_path / "small.txt"
    small.write_text("Heavy rain flooded the lower town of Passau overnight.", encoding="utf-8")
    with pytest.raises(InputError, match="larger than the 20 bytes limit"):
        load_file(small, max_bytes=20)
    assert load_file(small, max_bytes=200).text.startswith("Heavy rain")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero (POSIX)")
def test_dev_zero_is_one_error_not_a_memory_blow_up():
    t = time.monotonic()
    with pytest.raises(InputError, match="/dev/zero: looks like a binary file"):
        load_file("/dev/zero")
    assert time.monotonic() - t < 5
    docs, problems = _collect(["/dev/zero"])
    assert docs == [] and len(problems) == 1


def _gzip_stream(path: Path, block: bytes, total: int, prefix: bytes = b"") -> Path:
    with gzip.open(path, "wb", compresslevel=1) as fh:
        fh.write(prefix)
        for _ in range(total // len(block)):
            fh.write(block)
    return path


def test_gzip_bomb_of_nul_bytes_stops_at_the_first_line(tmp_path):
    good = json.dumps({"id": "ok", "text": "Storm damage reported in Bergen."}).encode() + b"\n"
    bomb = _gzip_stream(tmp_path / "bomb.jsonl.gz", b"\0" * (1 << 20), 48 << 20, prefix=good)
    t = time.monotonic()
    docs, problems = _collect([bomb])
    assert [d.id for d in docs] == ["ok"]
    assert len(problems) == 1 and "bomb.jsonl.gz:2: binary data (NUL bytes)" in problems[0]
    assert time.monotonic() - t < 5


def test_a_line_without_end_is_skipped_with_bounded_memory(tmp_path):
    fh = io.BytesIO(b'{"id": "a", "text": "x"}\n' + b" " * 5000 + b"\n" + b'{"id": "b", "text": "y"}\n')
    got = list(iter_lines(fh, "feed", max_bytes=1000))
    assert [ln.data is not None for ln in got] == [True, False, True]
    assert got[1].problem == "feed:2: record larger than the 1000 bytes limit; line skipped"
    assert not got[1].ends_input and got[2].number == 3


def test_truncated_and_corrupt_gzip_keep_the_records_before(tmp_path):
    records = [{"id": f"r{i}", "text": f"Report {i}: a bridge closed near Linz."} for i in range(400)]
    data = gzip.compress("".join(json.dumps(r) + "\n" for r in records).encode())
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(data[: len(data) // 2])
    complete = zlib.decompressobj(31).decompress(data[: len(data) // 2]).count(b"\n")
    docs, problems = _collect([cut])
    assert [d.id for d in docs] == [r["id"] for r in records[:complete]] and complete > 10
    assert len(problems) == 1 and problems[0].startswith(f"{cut}: damaged or truncated input after line")
    assert problems[0].endswith("the records before it are kept")

    bad = bytearray(data)
    bad[len(bad) // 2: len(bad) // 2 + 64] = b"\xff" * 64
    corrupt = tmp_path / "corrupt.jsonl.gz"
    corrupt.write_bytes(bytes(bad))
    docs, problems = _collect([corrupt])
    assert 0 < len(docs) < 400 and [d.id for d in docs] == [r["id"] for r in records[:len(docs)]]
    assert any("damaged or truncated input" in p for p in problems)

    not_gzip = tmp_path / "plain.jsonl.gz"
    not_gzip.write_text(json.dumps(records[0]) + "\n", encoding="utf-8")
    docs, problems = _collect([not_gzip])
    assert docs == [] and "damaged or truncated input after line 0" in problems[0]


# ----------------------------------------------------------------------------- hostile JSON Lines


@pytest.mark.parametrize("line, message", [
    ('{"id": "n", "text": "x", "count": ' + "7" * 5000 + "}", "a value that cannot be read"),
    ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply"),
    ('{"id": "' + "\\ud800" + '", "text": "Fires near Patras."}', '"id" is not valid Unicode'),
    ('{"id": "t", "text": "Fires near ' + "\\udfff" + 'Patras."}', '"text" is not valid Unicode'),
    ('{"id": "q", "text": 5}', 'no "text"'),
])
def test_hostile_lines_are_one_message_and_the_feed_goes_on(tmp_path, line, message):
    feed = _jsonl(tmp_path / "feed.jsonl", [line, {"id": "after", "text": "Snow closed roads around Graz."}])
    docs, problems = _collect([feed])
    assert [d.id for d in docs] == ["after"]
    assert len(problems) == 1 and problems[0].startswith(f"{feed}:1: {message}") and "line skipped" in problems[0]


def test_record_text_over_the_limit_is_refused():
    with pytest.raises(InputError, match='"text" larger than the 40 bytes limit'):
        parse_record(json.dumps({"id": "x", "text": "Ä" * 30}), max_text_bytes=40)
    assert parse_record(json.dumps({"id": "x", "text": "Ä" * 20}), max_text_bytes=40)["id"] == "x"


@pytest.mark.parametrize("value, problem", [
    ("0001-01-01", "date 0001-01-01 is outside 1800-2200"),
    ("9999-12-31T23:59:59Z", "date 9999-12-31 is outside 1800-2200"),
    (dt.date(1, 1, 1), "date 0001-01-01 is outside 1800-2200"),
    ("2024-02-30", "unreadable date '2024-02-30'"),
    ("soon", "unreadable date 'soon'"),
    ("2024-02-29", None), (None, None),
])
def test_dates_outside_what_a_news_analysis_can_use(value, problem):
    assert date_problem(value) == problem
    assert (parse_date(value) is None) == (problem is not None or value is None)


def test_far_dates_become_a_warning_and_the_document_is_kept(tmp_path):
    feed = _jsonl(tmp_path / "feed.jsonl", [{"id": "old", "text": "A dam broke near Kyiv.", "date": "0001-01-01"},
                                            {"id": "far", "text": "A dam broke near Kyiv.", "date": "9999-01-01"}])
    docs, problems = _collect([feed], date=dt.date(2024, 5, 2))
    assert [(d.id, d.date) for d in docs] == [("old", dt.date(2024, 5, 2)), ("far", dt.date(2024, 5, 2))]
    assert problems == [f"{feed}:1: date 0001-01-01 is outside 1800-2200; dates stay relative",
                        f"{feed}:2: date 9999-01-01 is outside 1800-2200; dates stay relative"]


# ----------------------------------------------------------------------------- titles and sources


def test_text_files_take_their_first_line_as_headline_and_their_name_as_source(tmp_path):
    f = tmp_path / "desk" / "story.txt"
    f.parent.mkdir()
    f.write_text("Floods cut off villages near Porto\n\nRescue teams reached three villages on Sunday.",
                 encoding="utf-8")
    doc = load_file(f)
    assert doc.title == "Floods cut off villages near Porto" and doc.source == "story.txt"
    assert str(tmp_path) not in doc.source
    assert first_line_title("Only one paragraph, no headline.") is None
    assert first_line_title("x" * 300 + "\nmore") is None


def test_jsonl_records_keep_their_title_and_sources_are_never_local_paths(tmp_path):
    feed = _jsonl(tmp_path / "feed.jsonl", [
        {"id": "1", "text": "Wind toppled trees in Cork.", "title": "  Storm hits Cork  "},
        {"id": "2", "text": "Wind toppled trees in Cork.", "url": "https://news.example/cork", "title": 7},
    ])
    docs, _ = _collect([feed])
    assert [(d.title, d.source) for d in docs] == [("Storm hits Cork", "feed.jsonl"),
                                                    (None, "https://news.example/cork")]


PAGE = """<!doctype html><html><head><title>Bridge shut | The Daily Example</title>
<meta property="og:title" content="Bridge over the Danube shut after barge strike">
<meta property="article:published_time" content="2025-03-04T08:00:00Z">
<link rel="canonical" href="https://news.example/2025/03/bridge"></head>
<body><nav>Home World Sport Paris London</nav>
<article><h1>Bridge over the Danube shut after barge strike</h1>
<p>A cargo barge struck a pillar of the main road bridge in Novi Sad late on Monday, the city said.</p>
<p>Engineers were inspecting the structure and traffic was diverted through the northern crossing.</p>
</article><footer>Contact our Berlin office</footer></body></html>"""


def test_html_pages_are_read_for_headline_date_url_and_main_text(tmp_path):
    f = tmp_path / "saved" / "page.html"
    f.parent.mkdir()
    f.write_text(PAGE, encoding="utf-8")
    doc = load_file(f)
    assert doc.title == "Bridge over the Danube shut after barge strike"
    assert doc.date == dt.date(2025, 3, 4) and doc.source == "https://news.example/2025/03/bridge"
    assert "Novi Sad" in doc.text and "Berlin" not in doc.text and "London" not in doc.text
    f.write_text(PAGE.replace('<link rel="canonical" href="https://news.example/2025/03/bridge">', ""),
                 encoding="utf-8")
    assert load_file(f).source == "page.html"


def test_the_fallback_reader_is_used_only_when_trafilatura_finds_nothing(monkeypatch):
    import trafilatura

    monkeypatch.setattr(trafilatura, "bare_extraction", lambda *a, **k: None)
    page = read_html("<html><head><title>Quake</title></head><body><article><p>A quake shook Izmir.</p>"
                     "</article><script>Ankara</script></body></html>")
    assert page.text == "A quake shook Izmir." and page.title == "Quake"


def test_trafilatura_is_imported_only_when_a_page_is_read(tmp_path):
    txt = tmp_path / "a.txt"
    txt.write_text("Hail hit Verona.", encoding="utf-8")
    page = tmp_path / "a.html"
    page.write_text("<html><body><p>Hail hit Verona.</p></body></html>", encoding="utf-8")
    code = ("import sys; from geomap.document import load_file; load_file(sys.argv[1]); "
            "print('trafilatura' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=str(REPO))
    seen = [subprocess.run([sys.executable, "-c", code, str(p)], capture_output=True, text=True, env=env,
                           cwd=REPO, check=True).stdout.strip() for p in (txt, page)]
    assert seen == ["False", "True"]


class _Stdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_stdin_is_read_with_limits(monkeypatch):
    monkeypatch.setattr(sys, "stdin", _Stdin(b"Rain in Dnipro. " * 600_000))
    docs, problems = _collect(["-"])
    assert docs == [] and problems == ["<stdin>: larger than the 8 MB limit for one document; skipped"]
    feed = b"".join(json.dumps({"id": f"s{i}", "text": "Rain in Dnipro."}).encode() + b"\n" for i in range(3))
    monkeypatch.setattr(sys, "stdin", _Stdin(b"\n" + feed + b"{bad\n" + b"\0" * 100))
    docs, problems = _collect(["-"])
    assert [d.id for d in docs] == ["s0", "s1", "s2"]
    assert [p.split(": ", 1)[1] for p in problems] == ["malformed JSON (Expecting property name enclosed in "
                                                       "double quotes); line skipped",
                                                       "binary data (NUL bytes), not JSON Lines; the rest of the "
                                                       "input is skipped"]
