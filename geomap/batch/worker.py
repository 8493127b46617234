"""The work done in a worker process, thread or Dask task: one chunk of input items -> analyses.

Nothing here raises for a bad document: every problem becomes an error record with the item's
position, and the run goes on.
"""

from __future__ import annotations

import json
import os
import platform
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..document import given_spans_of, iter_jsonl_lines, load_file, parse_date
from ..errors import GeomapError, InputError
from ..model import Analysis, Document
from .common import InputItem, ItemResult, error_record

AnalyzeFn = Callable[[Document, dict], Analysis]


def default_analyze(doc: Document, options: dict) -> Analysis:
    """The real pipeline (:func:`geomap.analyze`) with the run's options."""
    from ..pipeline import analyze

    return analyze(doc, country=options.get("country"), ner=options.get("ner"),
                   given_spans=options.get("spans"), claims=options.get("claims", True),
                   incidents=options.get("incidents", True))


def warm_up() -> None:
    """Import the pipeline and find (or build) the gazetteer index once, before workers fork.

    Workers then inherit the imported modules copy-on-write and never race to build the index.
    No gazetteer lookup happens here: a database connection must not cross a fork.
    """
    try:
        from .. import claims, incidents, pipeline, recognize, resolve  # noqa: F401  (loaded before the fork)
        from ..gazetteer import get_gazetteer

        get_gazetteer()
    except Exception:  # a broken pipeline or gazetteer is reported per document later, with its id
        pass


def init_worker(preload: bool) -> None:
    """Worker process start: Ctrl-C is the parent's to handle (it checkpoints and stops the pool)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if preload:
        warm_up()


@dataclass
class Chunk:
    """A few dozen input items sent to one worker together."""

    kind: str  # "jsonl" | "files"
    name: str  # input name used in messages
    root: str | None  # folder input: the folder (for relative ids)
    items: list[InputItem]
    options: dict
    analyze: AnalyzeFn | None  # None: default_analyze


_pss_sample = {"time": 0.0, "mb": None}


def rss_mb() -> float | None:
    """Resident memory of this process now (Linux), else its peak (``ru_maxrss``).

    Sampled rather than read from ``ru_maxrss`` on Linux: a forked worker inherits its parent's
    peak there, which would charge the parent's memory to every worker.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for ln in fh:
                if ln.startswith("VmRSS:"):
                    return round(int(ln.split()[1]) / 1024, 1)
    except (OSError, ValueError):
        pass
    try:
        import resource
    except ImportError:  # Windows
        return None
    kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kb / (1024 * 1024 if sys.platform == "darwin" else 1024), 1)


def pss_mb() -> float | None:
    """Proportional set size (shared pages split between the processes sharing them), Linux only."""
    now = time.monotonic()
    if now - _pss_sample["time"] < 2.0:
        return _pss_sample["mb"]
    _pss_sample["time"] = now
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as fh:
            for ln in fh:
                if ln.startswith("Pss:"):
                    _pss_sample["mb"] = round(int(ln.split()[1]) / 1024, 1)
                    break
    except (OSError, ValueError):
        return None
    return _pss_sample["mb"]


def relative_id(path: str, root: str | None) -> str:
    """A folder input's document id: its path under the folder, without suffix."""
    p = Path(path)
    if root is None:
        return p.stem
    rel = p.relative_to(root)
    return rel.with_suffix("").as_posix()


def _read_item(chunk: Chunk, item: InputItem, problems: list[str]) -> tuple[Document | None, list | None]:
    """(document or None, given spans or None) of one input item; problems are appended."""
    where = f"{chunk.name}:{item.line}" if item.line is not None else (item.path or chunk.name)
    default_date = parse_date(chunk.options.get("date"))
    if chunk.kind != "jsonl":
        try:
            doc = load_file(item.path or "")
        except InputError as err:
            problems.append(str(err))
            return None, None
        doc.id = relative_id(item.path or "", chunk.root)
        doc.date = doc.date or default_date  # a date in the page wins over --date
        return doc, None
    given = bool(chunk.options.get("given_spans"))
    got = list(iter_jsonl_lines([item.data or b""], name=chunk.name, on_error=problems.append,
                                default_date=default_date, start_line=item.line or 1, keep_raw=given))
    if not got:
        return None, None
    _, doc, raw = got[0]
    spans = None
    if given:
        try:
            spans = given_spans_of(raw)
        except InputError:
            problems.append(f"{where}: no usable \"toponyms\" spans; recognizing instead")
    return doc, spans


def process_item(chunk: Chunk, item: InputItem, analyze: AnalyzeFn) -> ItemResult:
    """The analysis (one JSON line) and problems of one input item; never raises for a bad document."""
    problems: list[str] = []
    where = f"{chunk.name}:{item.line}" if item.line is not None else (item.path or chunk.name)
    doc, spans = _read_item(chunk, item, problems)
    level = "warning" if doc is not None else "error"
    errs = [error_record(item, doc.id if doc else None, level, m) for m in problems]
    if doc is None:
        return ItemResult(item.seq, item.line, item.path, None, None, errs)
    opts = dict(chunk.options)
    opts["spans"] = spans
    try:
        analysis = analyze(doc, opts)
        out = json.dumps(analysis.to_dict(), ensure_ascii=False)
    except GeomapError as err:
        errs.append(error_record(item, doc.id, "error", f"{where}: {doc.id}: {err}"))
        return ItemResult(item.seq, item.line, item.path, doc.id, None, errs)
    except Exception as err:  # one document must never end a long run; the message names it
        errs.append(error_record(item, doc.id, "error",
                                 f"{where}: {doc.id}: analysis failed ({type(err).__name__}: {err})"))
        return ItemResult(item.seq, item.line, item.path, doc.id, None, errs)
    return ItemResult(item.seq, item.line, item.path, doc.id, out, errs)


def process_chunk(chunk: Chunk) -> dict:
    """Analyse one chunk of input items (runs in a worker process, thread or Dask task)."""
    analyze = chunk.analyze or default_analyze
    cpu = time.process_time()
    results = [process_item(chunk, item, analyze) for item in chunk.items]
    return {"results": results, "worker": f"{platform.node()}:{os.getpid()}", "cpu_s": time.process_time() - cpu,
            "peak_rss_mb": rss_mb(), "pss_mb": pss_mb()}
