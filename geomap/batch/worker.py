"""The work done in a worker process, thread or Dask task: one chunk of input items -> analyses.

Nothing here raises for a bad document: every problem becomes an error record with the item's
position, and the run goes on.
"""

from __future__ import annotations

import json
import os
import platform
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..document import given_spans_of, iter_jsonl_lines, load_file, parse_date, valid_unicode
from ..errors import BudgetExceeded, GeomapError, InputError
from ..model import Analysis, Document
from ..pipeline import DocumentBudget
from ..pipeline.options import deadline
from .common import InputItem, ItemResult, error_record
from .guards import exit_with_parent

AnalyzeFn = Callable[[Document, dict], Analysis]


def default_analyze(doc: Document, options: dict) -> Analysis:
    """The real pipeline (:func:`geomap.pipeline.analyze_document`) with the run's options and budget."""
    from ..pipeline import AnalysisOptions, analyze_document

    settings = AnalysisOptions(country=options.get("country"), ner=options.get("ner"),
                               claims=options.get("claims", True), incidents=options.get("incidents", True),
                               budget=options.get("budget") or DocumentBudget())
    return analyze_document(doc, settings, options.get("spans"))


def warm_up() -> None:
    """Import the pipeline (numpy and pyproj too, and the incidents' regexes compiled) and find (or build) the
    gazetteer index once, before workers fork.

    Workers then inherit the imported modules copy-on-write and never race to build the index.
    No gazetteer lookup happens here: a database connection must not cross a fork.
    """
    try:
        from .. import claims, incidents, pipeline, recognize, resolve  # noqa: F401  (loaded before the fork)
        from ..gazetteer import get_gazetteer
        from ..geodesy import load_numerics
        from ..incidents import casualties, triggers

        get_gazetteer()
        load_numerics()  # what the stages load or compile on first use, once for every worker
        casualties.compile_patterns()
        triggers.compile_patterns()
    except Exception:  # a broken pipeline or gazetteer is reported per document later, with its id
        pass


def init_worker(preload: bool, parent_pid: int | None = None) -> None:
    """Worker process start: Ctrl-C is the parent's to handle (it checkpoints and stops the pool), and
    the worker ends when its parent does (even a SIGKILLed one), so no worker outlives a run."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if parent_pid is not None:
        exit_with_parent(parent_pid)
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
    budget: DocumentBudget = DocumentBudget()


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
        return valid_unicode(p.stem)
    return valid_unicode(p.relative_to(root).with_suffix("").as_posix())


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
    where = f"{chunk.name}:{item.line}" if item.line is not None else (item.path or chunk.name)
    if item.problem is not None:
        unreadable = error_record(item, None, "error", item.problem)
        return ItemResult(item.seq, item.line, item.path, None, None, [unreadable])
    problems: list[str] = []
    errs: list[dict] = []
    doc = None
    seconds = chunk.budget.max_seconds
    try:
        with deadline(seconds):
            doc, spans = _read_item(chunk, item, problems)
            level = "warning" if doc is not None else "error"
            errs = [error_record(item, doc.id if doc else None, level, m) for m in problems]
            if doc is None:
                return ItemResult(item.seq, item.line, item.path, None, None, errs)
            chunk.budget.check_size(len(doc.text))
            opts = dict(chunk.options, spans=spans, budget=chunk.budget)
            out = _analysis_line(analyze(doc, opts))
    except BudgetExceeded as err:
        if not err.timed_out:
            return _failed(item, doc, errs, f"{where}: {doc.id + ': ' if doc else ''}{err}")
        what = f"{doc.id}: analysis" if doc is not None else "reading"
        return _failed(item, doc, errs, f"{where}: {what} took longer than {seconds:g} s; skipped")
    except GeomapError as err:
        return _failed(item, doc, errs, f"{where}: {doc.id + ': ' if doc else ''}{err}")
    except Exception as err:  # one document must never end a long run; the message names it
        return _failed(item, doc, errs, f"{where}: {doc.id + ': ' if doc else ''}analysis failed "
                                        f"({type(err).__name__}: {err})")
    return ItemResult(item.seq, item.line, item.path, doc.id, out, errs)


def _analysis_line(analysis: Analysis) -> str:
    """One line of analyses.jsonl; text that is not valid Unicode (lone surrogates) is escaped."""
    out = json.dumps(analysis.to_dict(), ensure_ascii=False)
    try:
        out.encode("utf-8")
    except UnicodeEncodeError:
        out = json.dumps(analysis.to_dict(), ensure_ascii=True)
    return out


def _failed(item: InputItem, doc: Document | None, errs: list[dict], message: str) -> ItemResult:
    doc_id = doc.id if doc is not None else None
    return ItemResult(item.seq, item.line, item.path, doc_id, None,
                      [*errs, error_record(item, doc_id, "error", message)])


def process_chunk(chunk: Chunk) -> dict:
    """Analyse one chunk of input items (runs in a worker process, thread or Dask task)."""
    analyze = chunk.analyze or default_analyze
    cpu = time.process_time()
    results = [process_item(chunk, item, analyze) for item in chunk.items]
    return {"results": results, "worker": f"{platform.node()}:{os.getpid()}", "cpu_s": time.process_time() - cpu,
            "peak_rss_mb": rss_mb(), "pss_mb": pss_mb()}
