"""The run loop: input items -> chunks -> executor -> ledger, in input order, then the combined outputs."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from ..document import parse_date
from ..errors import GeomapError, InputError, OutputError
from ..pipeline import DocumentBudget
from .combined import write_combined
from .common import (
    ANALYSES,
    DEFAULT_CHUNK,
    DEFAULT_MAP_LIMIT,
    ERRORS,
    SUMMARY,
    BatchOptions,
    BatchSummary,
    groups,
)
from .executors import Executor
from .input import BatchInput
from .ledger import Ledger, make_outdir, prepare_outdir, remove_unfinished, write_json_atomic
from .lock import OutdirLock
from .worker import AnalyzeFn, Chunk


@dataclass(frozen=True)
class RunSettings:
    """How a run is carried out (as opposed to :class:`BatchOptions`, what each analysis does).

    ``workers`` > 1 uses that many processes (forked where the platform allows, so the gazetteer
    opened once before forking is shared); ``dask`` is a scheduler address or a
    ``distributed.Client`` and sends chunks of documents to the cluster as tasks instead.
    ``analyze(document, options) -> Analysis`` replaces the pipeline (tests, custom stages); it must
    be importable by name on the workers. ``on_error`` sees each problem record as it is written.
    """

    workers: int = 1
    dask: Any = None
    resume: bool = False
    overwrite: bool = False
    analyze: AnalyzeFn | None = None
    chunk_size: int | None = None
    progress: bool = False
    outputs: tuple[str, ...] = ("geojson", "gpkg", "map")
    map_limit: int = DEFAULT_MAP_LIMIT
    keep_reports_apart: bool = False  # combined outputs: each document's incidents as it reported them
    checkpoint_every: float = 1.0  # seconds between checkpoints
    on_error: Callable[[dict], None] | None = None
    dask_timeout: float = 20.0
    budget: DocumentBudget = DocumentBudget()  # characters and seconds one document may cost


def run_batch(input: str | os.PathLike, outdir: str | os.PathLike, *, options: BatchOptions | None = None,
              settings: RunSettings | None = None, **overrides: Any) -> BatchSummary:
    """Analyse every document of INPUT into OUTDIR (see :mod:`geomap.batch` for the files).

    ``settings`` (or any of its fields given by keyword, e.g. ``workers=2, resume=True``) says how
    the run is carried out; ``options`` what each analysis does.
    Raises :class:`InputError` / :class:`OutputError` for problems that stop the whole run; problems
    with one document go to errors.jsonl and the run goes on.
    """
    try:
        run = replace(settings or RunSettings(), **overrides)
    except TypeError as err:
        raise TypeError(f"run_batch: {err}") from None
    t0 = time.perf_counter()
    inp = BatchInput(input)
    out = Path(outdir)
    opts = asdict(options or BatchOptions())
    if opts["date"] is not None and parse_date(opts["date"]) is None:
        raise InputError(f"{opts['date']!r} is not a date (use YYYY-MM-DD)")
    make_outdir(out)
    with OutdirLock(out):
        return _run_locked(run, inp, out, opts, t0)


def _run_locked(run: RunSettings, inp: BatchInput, out: Path, opts: dict, t0: float) -> BatchSummary:
    """The run itself, with OUTDIR held by this process."""
    fingerprint = inp.fingerprint()
    ck = prepare_outdir(out, resume=run.resume, overwrite=run.overwrite, fingerprint=fingerprint, options=opts)
    summary = BatchSummary(input=inp.name, outdir=str(out))
    removed = remove_unfinished(out)
    if removed:
        summary.notes.append(f"removed {removed} unfinished temporary file(s) of an interrupted run")
    finished = ck is not None and ck.get("status") == "done"
    if finished:
        summary.notes.append("the run was already complete; combined outputs rebuilt")
    ledger = Ledger(out, name=inp.name, fingerprint=fingerprint, options=opts, ck=ck)
    summary.resumed_from = ledger.saved_seq
    ex = _start(run, inp, ledger, fresh=ck is None, finished=finished)
    if ex is not None:
        summary.backend, summary.workers = ex.backend, ex.slots
        _analyse_all(run, inp, ex, ledger, summary, opts, t0)
    else:
        ledger.close("done")
    st = ledger.state
    summary.items, summary.analysed, summary.errors, summary.warnings = (
        st["next_seq"], st["analysed"], st["errors"], st["warnings"])
    run_docs = st["analysed"] - (int(ck["analysed"]) if ck else 0)
    summary.analysis_s = summary.elapsed_s = round(time.perf_counter() - t0, 3)
    summary.worker_cpu_s = round(summary.worker_cpu_s, 3)
    if run_docs and summary.analysis_s:
        summary.docs_per_s = round(run_docs / summary.analysis_s, 1)
    summary.outputs = {"analyses": str(out / ANALYSES), "errors": str(out / ERRORS)}
    write_combined(out, summary, outputs=run.outputs, map_limit=run.map_limit, merge=not run.keep_reports_apart,
                   workers=summary.workers if summary.backend == "processes" else 1)
    summary.elapsed_s = round(time.perf_counter() - t0, 3)
    try:
        write_json_atomic(out / SUMMARY, summary.to_dict())
    except OutputError as err:
        summary.problems.append(str(err))
    if inp.cut_short is not None:  # everything before the damage is written; the run still did not cover INPUT
        raise InputError(f"{inp.name} could not be read to its end; the {summary.analysed} documents before the "
                         f"damage are analysed in {out} ({ERRORS} says where it stopped)")
    return summary


def _start(run: RunSettings, inp: BatchInput, ledger: Ledger, *, fresh: bool, finished: bool) -> Executor | None:
    """The executor for the run (None when it was already complete); closes the ledger on failure."""
    ex = None
    try:
        inp.check_resume_point(ledger.saved_seq, ledger.last_item)
        if not finished:
            ex = Executor(workers=run.workers, dask=run.dask, preload=run.analyze is None, timeout=run.dask_timeout)
        if fresh:
            ledger.checkpoint()  # marks the folder as a run before any result is written
    except BaseException:
        if ex is not None:
            ex.close(cancel=True)
        ledger.close(None)
        raise
    return ex


def _analyse_all(run: RunSettings, inp: BatchInput, ex: Executor, ledger: Ledger, summary: BatchSummary,
                 opts: dict, t0: float) -> None:
    """Every remaining input item through the executor into the ledger; checkpoints as it goes."""
    bar = _progress_bar(inp, ledger.saved_seq) if run.progress else None
    completed = False
    try:
        last_ck = time.monotonic()
        for res in _run_chunks(ex, inp, ledger.saved_seq, run, opts):
            for key, mem in (("peak_rss_mb", summary.worker_peak_rss_mb), ("pss_mb", summary.worker_pss_mb)):
                if res[key] is not None:
                    mem[res["worker"]] = max(mem.get(res["worker"], 0.0), res[key])
            summary.worker_cpu_s += res["cpu_s"]
            for result in res["results"]:
                written = ledger.record(result)
                if summary.cold_start_s is None and result.analysis_json is not None:
                    summary.cold_start_s = round(time.perf_counter() - t0, 3)
                if run.on_error is not None:
                    for e in written:
                        run.on_error(e)
                if bar is not None:
                    bar.update(1)
            if time.monotonic() - last_ck >= run.checkpoint_every:
                ledger.checkpoint()
                last_ck = time.monotonic()
        completed = True
    finally:
        if bar is not None:
            bar.close()
        ex.close(cancel=not completed)
        ledger.close("done" if completed else "running")  # even on Ctrl-C: what is written is kept


def _run_chunks(ex: Executor, inp: BatchInput, skip: int, run: RunSettings, opts: dict) -> Iterator[dict]:
    """Results of every chunk, in input order, with at most 2 x slots + 1 chunks in flight."""
    window: deque = deque()
    chunks = groups(inp.items(skip), run.chunk_size or DEFAULT_CHUNK)
    limit = 2 * ex.slots + 1
    exhausted = False
    while True:
        while not exhausted and len(window) < limit:
            items = next(chunks, None)
            if items is None:
                exhausted = True
            else:
                window.append(ex.submit(Chunk(inp.kind, inp.name, inp.root, items, opts, run.analyze, run.budget)))
        if not window:
            return
        try:
            res = window.popleft().result()
        except GeomapError:
            raise
        except Exception as err:  # a worker died (out of memory, killed) or the cluster went away
            raise GeomapError(f"a worker failed ({type(err).__name__}: {err}); what was written is kept: "
                              "rerun with --resume") from err
        yield res
def _progress_bar(inp: BatchInput, done: int):
    """A tqdm bar on stderr (documents/s; ETA once a background count of the input is known)."""
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    bar = tqdm(total=None, initial=done, unit="doc", desc="geomap batch", file=sys.stderr, dynamic_ncols=True,
               smoothing=0.1)
    if inp.spec != "-":
        def count() -> None:
            try:
                bar.total = inp.count()
            except (OSError, InputError, EOFError):
                pass

        threading.Thread(target=count, name="geomap-batch-count", daemon=True).start()
    return bar


# ----------------------------------------------------------------------------- combined outputs


