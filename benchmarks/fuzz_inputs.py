"""Push damaged input files through `geomap extract` and `geomap batch`: no traceback, no hang.

    python3 benchmarks/fuzz_inputs.py [--files 240] [--seed 7] [--keep DIR]

Generates at least ``--files`` damaged inputs of the kinds in issue 10 (truncated and corrupt .gz,
gzip bombs, files without line breaks, huge numbers, deep nesting, lone surrogates, far dates,
binary and invalid UTF-8 text, broken HTML, oversized documents) plus random mutations of a
small article written for this script, then runs

- ``geomap extract FILE`` on each (in-process through click's test runner), and
- ``run_batch`` on each JSON Lines file and on one folder holding all the text and HTML files,

with a per-document time budget of :data:`BUDGET_SECONDS` (``--time-limit``, ``budget=``) and a
wall-clock limit per run (:data:`HANG_SECONDS` plus 2 s per 100 KB of input) past which it is a
hang. It prints one JSON object: files, runs, outcomes, the slowest run, the failures and the
clean errors. Exit status 1 if any run raised something other than a clean geomap error or hung.
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from click.testing import CliRunner  # noqa: E402

from geomap.batch import run_batch  # noqa: E402
from geomap.cli import main  # noqa: E402
from geomap.errors import GeomapError  # noqa: E402
from geomap.pipeline import DocumentBudget  # noqa: E402

HANG_SECONDS = 15.0
BUDGET_SECONDS = 20.0  # the per-document time limit both commands are run with (--time-limit, budget=)

ARTICLE = ("Rescue crews reached Passau on Tuesday after the Danube rose two metres overnight. "
           "Further east, the river closed the port of Linz, officials said, and a bridge near "
           "Bratislava was shut 40 km from the Austrian border.")


class Hang(BaseException):
    """The run went past its time limit."""


def _on_alarm(signum, frame):
    raise Hang


def _records(rng: random.Random, n: int) -> list[str]:
    return [json.dumps({"id": f"r{i}", "text": ARTICLE, "date": "2025-05-0" + str(1 + i % 9)}) for i in range(n)]


def _hostile_lines(rng: random.Random) -> list[str]:
    """One JSON Lines record of each hostile kind, and some random ones."""
    fixed = [
        '{"id": "big", "text": "Linz", "n": ' + "9" * rng.choice([4301, 5000, 20000]) + "}",
        "[" * rng.choice([1000, 50_000, 200_000]),
        '{"a": ' * 30_000 + "1" + "}" * 30_000,
        '{"id": "\\ud800", "text": "Linz"}',
        '{"id": "x", "text": "Flood in \\udfff Passau"}',
        '{"id": "t", "text": "Linz", "title": "\\ud83d"}',
        json.dumps({"id": "d1", "text": ARTICLE, "date": rng.choice(["0001-01-01", "9999-12-31", "0000-00-00",
                                                                      "2024-13-45", "-5", 1e308, True, [1]])}),
        json.dumps({"id": {"deep": [1, 2]}, "text": ARTICLE}),
        json.dumps({"id": float("inf"), "text": ARTICLE}, allow_nan=True),
        json.dumps({"id": "tp", "text": ARTICLE, "toponyms": rng.choice([[{"start": "x"}], {"a": 1}, [[1, 2]],
                                                                        [{"start": 10**30, "end": -1}]])}),
        json.dumps({"id": "big-title", "text": ARTICLE, "title": "T" * 100_000, "source": ["x"]}),
        json.dumps({"id": "ctl", "text": "\u202e\u0000\u0007" + ARTICLE + "\ufeff"}),
        json.dumps([1, 2, 3]), '"just a string"', "null", "{", "}", "\ufeff" + json.dumps({"id": "bom", "text": "x"}),
    ]
    return fixed + ["".join(chr(rng.randrange(32, 0x2FFF)) for _ in range(rng.randrange(1, 200)))
                    for _ in range(5)]


def _mutate(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randrange(1, 20)):
        op = rng.randrange(4)
        i = rng.randrange(len(b)) if b else 0
        if op == 0 and b:
            b[i] = rng.randrange(256)
        elif op == 1:
            b[i:i] = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 8)))
        elif op == 2 and b:
            del b[i:i + rng.randrange(1, 16)]
        else:
            b = b[: max(1, i)]
    return bytes(b)


def _gzip_blocks(path: Path, prefix: bytes, block: bytes, total: int) -> None:
    with gzip.open(path, "wb", compresslevel=1) as fh:
        fh.write(prefix)
        for _ in range(total // len(block)):
            fh.write(block)


def make_files(root: Path, count: int, seed: int) -> tuple[list[Path], list[Path]]:
    """(JSON Lines files, text and HTML files) of damaged kinds, at least ``count`` in all."""
    rng = random.Random(seed)
    feeds, docs = root / "feeds", root / "docs"
    feeds.mkdir()
    docs.mkdir()
    good = ("\n".join(_records(rng, 50)) + "\n").encode()
    gz = gzip.compress(good)
    made_feeds: list[Path] = []
    made_docs: list[Path] = []

    def feed(name: str, data: bytes) -> None:
        p = feeds / name
        p.write_bytes(data)
        made_feeds.append(p)

    def doc(name: str, data: bytes) -> None:
        p = docs / name
        p.write_bytes(data)
        made_docs.append(p)

    for i in range(12):
        feed(f"cut{i}.jsonl.gz", gz[: rng.randrange(1, len(gz))])
        feed(f"corrupt{i}.jsonl.gz", _mutate(rng, gz))
    feed("not-gzip.jsonl.gz", good)
    feed("empty.jsonl.gz", b"")
    _gzip_blocks(feeds / "bomb-nul.jsonl.gz", good[:300].rsplit(b"\n", 1)[0] + b"\n", b"\0" * (1 << 20), 64 << 20)
    _gzip_blocks(feeds / "bomb-spaces.jsonl.gz", b"", b" " * (1 << 20), 80 << 20)
    made_feeds += [feeds / "bomb-nul.jsonl.gz", feeds / "bomb-spaces.jsonl.gz"]
    hostile = _hostile_lines(rng)
    for i, line in enumerate(hostile):
        feed(f"hostile{i}.jsonl", ("\n".join([_records(rng, 1)[0], line, _records(rng, 2)[1]]) + "\n").encode(
            "utf-8", "surrogatepass"))
    feed("mixed-hostile.jsonl", ("\n".join(hostile) + "\n").encode("utf-8", "surrogatepass"))
    feed("crlf.jsonl", good.replace(b"\n", b"\r\n"))
    feed("no-newline.jsonl", b'{"id": "a", "text": "' + b"Linz " * 400_000 + b'"}')

    html = (f"<html><head><title>Floods on the Danube</title><meta property='article:published_time' "
            f"content='2025-05-02'></head><body><article><p>{ARTICLE}</p></article></body></html>").encode()
    doc("binary.txt", bytes(rng.randrange(256) for _ in range(4096)))
    doc("nul.txt", ARTICLE.encode() + b"\0" + ARTICLE.encode())
    doc("latin1.txt", ARTICLE.replace("Passau", "Pass\u00e4u").encode("latin-1"))
    doc("empty.txt", b"")
    doc("blank.txt", b" \n\t\r\n")
    doc("bom.txt", b"\xef\xbb\xbf")
    doc("huge.txt", ARTICLE.encode() * 20_000)
    doc("one-long-line.txt", (ARTICLE.replace(".", ",") + " ") .encode() * 5000)
    doc("controls.txt", ("\u202e" + ARTICLE + "\u0007\u200b").encode())
    doc("deep.html", b"<html><body>" + b"<div>" * 50_000 + ARTICLE.encode() + b"</div>" * 50_000 + b"</body></html>")
    doc("decl.html", b"<?xml version='1.0' encoding='utf-8'?><html><body><p>" + ARTICLE.encode() + b"</p></body></html>")
    doc("script-only.html", b"<html><head><script>Vienna Linz Passau</script></head><body></body></html>")
    doc("template.html", b"<html><head><title>{{ 7*7 }} {% if x %}</title></head><body><p>" + ARTICLE.encode()
        + b" {{ cycler.__init__.__globals__.os.system('touch PWNED') }}</p></body></html>")
    doc("far-date.html", html.replace(b"2025-05-02", b"0001-01-01"))
    doc("attr.html", b"<html><body><p title='" + b"x" * 3_000_000 + b"'>" + ARTICLE.encode() + b"</p></body></html>")
    doc("entities.html", b"<html><body><p>" + b"&#xD800;&#0;&#1114112;&amp" * 1000 + ARTICLE.encode() + b"</p></body></html>")
    i = 0
    while len(made_feeds) + len(made_docs) < count:  # random mutations of good inputs up to the count
        kind = i % 3
        if kind == 0:
            feed(f"mutated{i}.jsonl", _mutate(rng, good))
        elif kind == 1:
            doc(f"mutated{i}.txt", _mutate(rng, ARTICLE.encode()))
        else:
            doc(f"mutated{i}.html", _mutate(rng, html))
        i += 1
    return made_feeds, made_docs


def _limit(path: Path) -> float:
    size = path.stat().st_size if path.is_file() else sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return HANG_SECONDS + 2.0 * min(size, 16 << 20) / 100_000


def _timed(fn, limit: float) -> tuple[str, float, str]:
    """('ok' | 'error' | 'traceback' | 'hang', seconds, detail) of one run.

    The limit is watched by a timer thread that signals the main thread (SIGUSR1), which leaves the
    real-time timer to the per-document budgets under test.
    """
    signal.signal(signal.SIGUSR1, _on_alarm)
    main_id = threading.main_thread().ident
    watchdog = threading.Timer(limit, lambda: signal.pthread_kill(main_id, signal.SIGUSR1))
    watchdog.start()
    t = time.perf_counter()
    try:
        fn()
        outcome, detail = "ok", ""
    except Hang:
        outcome, detail = "hang", f"over {limit:.0f} s"
    except GeomapError as err:
        outcome, detail = "error", str(err)
    except SystemExit as err:
        outcome, detail = ("ok" if err.code in (0, 1, None) else "error"), f"exit {err.code}"
    except Exception:
        outcome, detail = "traceback", traceback.format_exc(limit=-3)
    finally:
        watchdog.cancel()
    return outcome, time.perf_counter() - t, detail


def _extract(path: Path) -> None:
    r = CliRunner().invoke(main, ["extract", str(path), "--compact", "--time-limit", str(BUDGET_SECONDS)],
                           catch_exceptions=True)
    if r.exception is not None and not isinstance(r.exception, SystemExit):
        raise r.exception
    if "Traceback" in r.output:
        raise RuntimeError(r.output[-500:])


def main_() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--files", type=int, default=240)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--keep", default=None, help="generate the files in this folder and keep them")
    args = ap.parse_args()
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="geomap-fuzz-"))
    root.mkdir(parents=True, exist_ok=True)
    try:
        feeds, docs = make_files(root, args.files, args.seed)
        runs: list[dict] = []
        for p in feeds + docs:
            outcome, secs, detail = _timed(lambda p=p: _extract(p), _limit(p))
            runs.append({"run": "extract", "file": p.name, "outcome": outcome, "s": round(secs, 2), "detail": detail})
        for i, p in enumerate([*feeds, root / "docs"]):
            out = root / "out" / str(i)
            budget = DocumentBudget(max_seconds=BUDGET_SECONDS)
            outcome, secs, detail = _timed(lambda p=p, out=out, budget=budget: run_batch(
                p, out, outputs=("geojson",), budget=budget), _limit(p))
            runs.append({"run": "batch", "file": p.name, "outcome": outcome, "s": round(secs, 2), "detail": detail})
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    bad = [r for r in runs if r["outcome"] in ("traceback", "hang")]
    slowest = max(runs, key=lambda r: r["s"])
    print(json.dumps({"files": len(feeds) + len(docs), "runs": len(runs),
                      "outcomes": {k: sum(r["outcome"] == k for r in runs) for k in ("ok", "error", "traceback", "hang")},
                      "slowest": {k: slowest[k] for k in ("run", "file", "s")}, "failures": bad,
                      "clean_errors": [f"{r['run']} {r['file']}: {r['detail'][:100]}" for r in runs
                                       if r["outcome"] == "error"]}, indent=1))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main_())
