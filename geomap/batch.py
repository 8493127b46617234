"""Batch runs over large inputs: streamed, resumable, on several processes or a Dask cluster.

``run_batch(INPUT, OUTDIR)`` analyses every document of a JSON Lines feed (file, ``.gz`` or ``-``
for stdin) or of a folder of ``.txt``/``.html`` files and writes, in OUTDIR:

    analyses.jsonl    one ``Analysis.to_dict()`` per line, in input order
    errors.jsonl      one problem per line: {"seq", "line", "file", "id", "level", "message"}
    checkpoint.json   how far the run got (items done, byte sizes of the two files above)
    summary.json      counts, timings and worker memory, written at the end
    analyses.geojson, analyses.gpkg, map.html   combined outputs, rebuilt from analyses.jsonl

Documents flow in *chunks* (a few dozen at a time) through a bounded window, so neither the input
nor the results are ever held whole in memory. Results are written in input order whatever the
number of workers, which makes every run over the same input produce the same files.

Resuming works on that order: the two output files only ever grow, and ``checkpoint.json``
(replaced atomically after an fsync of both files) records how many input items are fully
written and the byte size of each file at that point. ``resume=True`` cuts both files back to
those sizes (dropping anything written after the checkpoint, including a line torn by
``kill -9``) and skips that many input items, so no document is lost or written twice.
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import os
import platform
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from .document import (
    HTML_SUFFIXES,
    TEXT_SUFFIXES,
    is_jsonl,
    iter_jsonl_lines,
    load_file,
    open_binary,
    parse_date,
)
from .errors import GeomapError, InputError, OutputError
from .model import Analysis, Document, Place

ANALYSES = "analyses.jsonl"
ERRORS = "errors.jsonl"
CHECKPOINT = "checkpoint.json"
SUMMARY = "summary.json"
GEOJSON = "analyses.geojson"
GPKG = "analyses.gpkg"
MAP = "map.html"
# Every file a run may write; --overwrite removes exactly these and nothing else.
RUN_FILES = (ANALYSES, ERRORS, CHECKPOINT, SUMMARY, GEOJSON, GPKG, MAP)

FORMAT_VERSION = 1
DEFAULT_CHUNK = 32
DEFAULT_MAP_LIMIT = 2000
COMBINE_GROUP = 2000  # analyses per call of an exporter when combining a large run

AnalyzeFn = Callable[[Document, dict], Analysis]

# An input item travels to workers as a plain tuple (cheap to pickle):
#   (seq, line number or None, file path or None, raw JSON line bytes or None)
Item = tuple[int, "int | None", "str | None", "bytes | None"]


@dataclass
class BatchOptions:
    """Analysis options a batch run passes to every document (recorded in the checkpoint)."""

    date: str | None = None  # YYYY-MM-DD: publication date for documents that give none
    country: str | None = None
    ner: str | None = None
    given_spans: bool = False  # JSON Lines: resolve the records' "toponyms" spans
    claims: bool = True
    incidents: bool = True


@dataclass
class BatchSummary:
    """What a run did; also written to ``summary.json``."""

    input: str
    outdir: str
    items: int = 0  # input items read (lines, files), this run and resumed ones together
    analysed: int = 0  # documents written to analyses.jsonl
    errors: int = 0  # error records (document skipped)
    warnings: int = 0  # warning records (document kept)
    resumed_from: int = 0  # items already done before this run
    workers: int = 1
    backend: str = "local"  # local | processes | dask
    elapsed_s: float = 0.0  # whole run, combined outputs included
    analysis_s: float = 0.0  # start of run -> last document written
    cold_start_s: float | None = None  # start of run -> first document written
    docs_per_s: float | None = None  # documents analysed by this run / analysis_s
    worker_cpu_s: float = 0.0  # CPU time the workers spent on this run's chunks (robust on a busy machine)
    worker_peak_rss_mb: dict[str, float] = field(default_factory=dict)
    worker_pss_mb: dict[str, float] = field(default_factory=dict)
    outputs: dict[str, str] = field(default_factory=dict)  # name -> path written
    problems: list[str] = field(default_factory=list)  # combined outputs that could not be written
    notes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


# ----------------------------------------------------------------------------- analysis in workers


def default_analyze(doc: Document, options: dict) -> Analysis:
    """The real pipeline (:func:`geomap.analyze`) with the run's options."""
    from .pipeline import analyze

    return analyze(doc, country=options.get("country"), ner=options.get("ner"),
                   given_spans=options.get("spans"), claims=options.get("claims", True),
                   incidents=options.get("incidents", True))


def warm_up() -> None:
    """Import the pipeline and find (or build) the gazetteer index once, before workers fork.

    Workers then inherit the imported modules copy-on-write and never race to build the index.
    No gazetteer lookup happens here: a database connection must not cross a fork.
    """
    try:
        import importlib

        for name in ("pipeline", "recognize", "resolve", "claims", "incidents"):
            importlib.import_module(f"{__package__}.{name}")
        from .gazetteer import get_gazetteer

        get_gazetteer()
    except Exception:  # a broken pipeline or gazetteer is reported per document later, with its id
        pass


def _init_worker(preload: bool) -> None:
    """Worker process start: Ctrl-C is the parent's to handle (it checkpoints and stops the pool)."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if preload:
        warm_up()


@dataclass
class _Chunk:
    kind: str  # "jsonl" | "files"
    name: str  # input name used in messages
    root: str | None  # folder input: the folder (for relative ids)
    items: list[Item]
    options: dict
    analyze: AnalyzeFn | None  # None: default_analyze


_worker_state = {"pss_t": 0.0, "pss": None}


def _rss_mb() -> float | None:
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


def _pss_mb() -> float | None:
    """Proportional set size (shared pages split between the processes sharing them), Linux only."""
    now = time.monotonic()
    if now - _worker_state["pss_t"] < 2.0:
        return _worker_state["pss"]
    _worker_state["pss_t"] = now
    try:
        with open("/proc/self/smaps_rollup", encoding="ascii") as fh:
            for ln in fh:
                if ln.startswith("Pss:"):
                    _worker_state["pss"] = round(int(ln.split()[1]) / 1024, 1)
                    break
    except (OSError, ValueError):
        return None
    return _worker_state["pss"]


def _error(seq: int, line: int | None, path: str | None, doc_id: str | None, level: str, message: str) -> dict:
    return {"seq": seq, "line": line, "file": path, "id": doc_id, "level": level, "message": message}


def _relative_id(path: str, root: str | None) -> str:
    p = Path(path)
    if root is None:
        return p.stem
    rel = p.relative_to(root)
    return rel.with_suffix("").as_posix()


def _process_item(chunk: _Chunk, item: Item, analyze: AnalyzeFn) -> tuple:
    """(seq, line, path, id, JSON line or None, problems) for one input item; never raises for a bad document."""
    seq, line, path, data = item
    problems: list[str] = []
    where = f"{chunk.name}:{line}" if line is not None else (path or chunk.name)
    doc = None
    spans = None
    default_date = parse_date(chunk.options.get("date"))
    if chunk.kind == "jsonl":
        got = list(iter_jsonl_lines([data or b""], name=chunk.name, on_error=problems.append,
                                    default_date=default_date, start_line=line or 1,
                                    keep_raw=bool(chunk.options.get("given_spans"))))
        if got:
            _, doc, raw = got[0]
            if chunk.options.get("given_spans"):
                tops = raw.get("toponyms")
                try:
                    spans = [(int(t["start"]), int(t["end"])) for t in tops]  # type: ignore[union-attr]
                except (KeyError, TypeError, ValueError):
                    problems.append(f"{where}: no usable \"toponyms\" spans; recognizing instead")
    else:
        try:
            doc = load_file(path or "")
            doc.id = _relative_id(path or "", chunk.root)
            doc.date = doc.date or default_date  # a date in the page wins over --date
        except InputError as err:
            problems.append(str(err))
    level = "warning" if doc is not None else "error"
    errs = [_error(seq, line, path, doc.id if doc else None, level, m) for m in problems]
    if doc is None:
        return seq, line, path, None, None, errs
    opts = dict(chunk.options)
    opts["spans"] = spans
    try:
        analysis = analyze(doc, opts)
        out = json.dumps(analysis.to_dict(), ensure_ascii=False)
    except GeomapError as err:
        errs.append(_error(seq, line, path, doc.id, "error", f"{where}: {doc.id}: {err}"))
        return seq, line, path, doc.id, None, errs
    except Exception as err:  # one document must never end a long run; the message names it
        errs.append(_error(seq, line, path, doc.id, "error",
                           f"{where}: {doc.id}: analysis failed ({type(err).__name__}: {err})"))
        return seq, line, path, doc.id, None, errs
    return seq, line, path, doc.id, out, errs


def process_chunk(chunk: _Chunk) -> dict:
    """Analyse one chunk of input items (runs in a worker process, thread or Dask task)."""
    analyze = chunk.analyze or default_analyze
    cpu = time.process_time()
    results = [_process_item(chunk, item, analyze) for item in chunk.items]
    return {"results": results, "worker": f"{platform.node()}:{os.getpid()}", "cpu_s": time.process_time() - cpu,
            "peak_rss_mb": _rss_mb(), "pss_mb": _pss_mb()}


# ----------------------------------------------------------------------------- input


def _head_sha1(path: Path, n: int) -> str:
    """SHA-1 of the first ``n`` bytes of a file: a file replaced by another one is caught by it."""
    with open(path, "rb") as fh:
        return hashlib.sha1(fh.read(n)).hexdigest()


class BatchInput:
    """A streamed input: a JSON Lines file (.gz too), ``-`` for stdin, a folder, or one text file."""

    def __init__(self, spec: str | os.PathLike) -> None:
        self.spec = str(spec)
        if self.spec == "-":
            self.kind, self.root, self.name = "jsonl", None, "<stdin>"
            return
        p = Path(self.spec)
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
        self.name = str(p)
        if p.is_dir():
            self.kind, self.root = "files", str(p)
            if next(self._files(), None) is None:
                raise InputError(f"{p}: folder holds no .txt or .html files")
        else:
            self.kind, self.root = ("jsonl" if is_jsonl(p) else "files"), None
            if p.stat().st_size == 0:
                raise InputError(f"{p}: empty file")

    def fingerprint(self) -> dict:
        """What identifies this input across an interruption."""
        if self.spec == "-":
            return {"input": "-"}
        p = Path(self.spec).resolve()
        fp: dict[str, Any] = {"input": str(p)}
        if p.is_file():
            fp["size"] = p.stat().st_size
            fp["head_len"] = min(fp["size"], 1 << 16)
            fp["head_sha1"] = _head_sha1(p, fp["head_len"])
        return fp

    def check_resume_point(self, skip: int, last: str | None) -> None:
        """Make sure item ``skip - 1`` is still the one the interrupted run ended on (folders)."""
        if self.kind != "files" or skip == 0 or last is None:
            return
        for seq, path in enumerate(self._files()):
            if seq == skip - 1:
                if os.path.abspath(path) == last:
                    return
                break
        raise InputError(f"{self.name} changed since the interrupted run (item {skip} was {last}); "
                         "cannot resume safely: start again with --overwrite")

    def _files(self) -> Iterator[str]:
        if self.root is None:
            yield self.spec
            return
        suffixes = TEXT_SUFFIXES | HTML_SUFFIXES
        for dirpath, dirnames, filenames in os.walk(self.root):
            dirnames.sort()
            for fn in sorted(filenames):
                if Path(fn).suffix.lower() in suffixes and not fn.startswith("."):
                    yield os.path.join(dirpath, fn)

    def items(self, skip: int = 0) -> Iterator[Item]:
        """Every input item from number ``skip`` on, streamed (one line or one file path at a time)."""
        if self.kind == "files":
            for seq, path in enumerate(self._files()):
                if seq >= skip:
                    yield seq, None, path, None
            return
        fh = open_binary(self.spec)
        seq = -1
        try:
            for seq, raw in enumerate(fh):
                if seq >= skip:
                    yield seq, seq + 1, None, raw
        except (OSError, EOFError) as err:  # truncated .gz, read error
            raise InputError(f"{self.name}: cannot read past line {seq + 1} ({err}); the lines before are "
                             "analysed") from err
        finally:
            if fh is not sys.stdin.buffer:
                fh.close()

    def count(self) -> int | None:
        """Number of items (for the progress bar's ETA); None for stdin."""
        if self.spec == "-":
            return None
        if self.kind == "files":
            return sum(1 for _ in self._files())
        n, last = 0, b"\n"
        with open_binary(self.spec) as fh:
            while block := fh.read(1 << 20):
                n += block.count(b"\n")
                last = block[-1:]
        return n + (last != b"\n")


# ----------------------------------------------------------------------------- executors


class _Done:
    """A future-like for in-process work: computed when asked for."""

    def __init__(self, fn, arg) -> None:
        self.fn, self.arg = fn, arg

    def result(self):
        return self.fn(self.arg)


class _Executor:
    """submit(chunk) -> future with .result(); one interface for in-process, processes and Dask."""

    def __init__(self, *, workers: int, dask: Any, preload: bool, timeout: float = 20.0) -> None:
        self.workers = max(1, int(workers))
        self.client = None
        self.pool = None
        self._own_client = False
        if dask is not None:
            try:
                from distributed import Client
            except ImportError as err:
                raise InputError("--dask needs dask.distributed: pip install 'geomap[dask]'") from err
            if isinstance(dask, Client):
                self.client = dask
            else:
                try:
                    self.client = Client(dask, timeout=f"{timeout}s")
                except (OSError, TimeoutError, ValueError) as err:
                    raise InputError(f"cannot reach the Dask scheduler at {dask}: {err}") from err
                self._own_client = True
            self.backend = "dask"
            self.slots = max(1, sum(self.client.nthreads().values()))
        elif self.workers > 1:
            import multiprocessing as mp
            from concurrent.futures import ProcessPoolExecutor

            methods = mp.get_all_start_methods()
            ctx = mp.get_context("fork" if "fork" in methods else "spawn")
            if preload and ctx.get_start_method() == "fork":
                warm_up()  # loaded once here, shared copy-on-write by every forked worker
                gc.freeze()  # keep the collector from touching (and so copying) the shared pages
            self.pool = ProcessPoolExecutor(max_workers=self.workers, mp_context=ctx,
                                            initializer=_init_worker, initargs=(preload,))
            self.backend = "processes"
            self.slots = self.workers
        else:
            self.backend = "local"
            self.slots = 1

    def submit(self, chunk: _Chunk):
        if self.client is not None:
            return self.client.submit(process_chunk, chunk, pure=False)
        if self.pool is not None:
            return self.pool.submit(process_chunk, chunk)
        return _Done(process_chunk, chunk)

    def close(self, cancel: bool = False) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=not cancel, cancel_futures=cancel)
            if self.backend == "processes":
                gc.unfreeze()
        if self.client is not None and self._own_client:
            self.client.close()


# ----------------------------------------------------------------------------- the run


def _write_json_atomic(path: Path, obj: dict) -> None:
    from ._atomic import atomic_open

    with atomic_open(path) as fh:
        json.dump(obj, fh, ensure_ascii=False, indent=1)


def _read_checkpoint(outdir: Path) -> dict | None:
    p = outdir / CHECKPOINT
    if not p.exists():
        return None
    try:
        ck = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise OutputError(f"{p}: unreadable checkpoint ({err}); start again with --overwrite") from err
    if not isinstance(ck, dict) or ck.get("format") != FORMAT_VERSION:
        raise OutputError(f"{p}: not a geomap batch checkpoint (format {FORMAT_VERSION})")
    return ck


def iter_ids(path: str | os.PathLike) -> Iterator[str]:
    """The ``id`` of every line of an analyses.jsonl, read without decoding whole lines."""
    dec = json.JSONDecoder()
    prefix = '{"id": '
    with open(path, encoding="utf-8") as fh:
        for ln in fh:
            if ln.startswith(prefix):
                try:
                    yield dec.raw_decode(ln, len(prefix))[0]
                    continue
                except ValueError:
                    pass
            if ln.strip():
                yield json.loads(ln)["id"]


def _prepare_outdir(outdir: Path, *, resume: bool, overwrite: bool, fingerprint: dict,
                    options: dict) -> dict | None:
    """Create or check OUTDIR; returns the checkpoint to resume from (None: fresh run)."""
    if outdir.exists() and not outdir.is_dir():
        raise OutputError(f"{outdir}: exists and is not a folder")
    try:
        outdir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create output folder {outdir}: {err.strerror or err}") from err
    if not os.access(outdir, os.W_OK | os.X_OK):
        raise OutputError(f"output folder {outdir} is not writable")
    ck = _read_checkpoint(outdir)
    earlier = ck is not None or ((outdir / ANALYSES).exists() and (outdir / ANALYSES).stat().st_size > 0)
    if overwrite:
        for name in RUN_FILES:
            (outdir / name).unlink(missing_ok=True)
        return None
    if not earlier:
        return None
    if not resume:
        done = f" ({ck['analysed']} documents)" if ck else ""
        raise OutputError(f"{outdir} already holds a batch run{done}; pass --resume to continue it "
                          "or --overwrite to replace it")
    if ck is None:
        raise OutputError(f"{outdir} holds {ANALYSES} but no {CHECKPOINT}; cannot resume safely "
                          "(start again with --overwrite or use a new folder)")
    if ck["input"].get("input") != fingerprint.get("input"):
        raise InputError(f"{outdir} holds a run over {ck['input'].get('input')}, not {fingerprint.get('input')}; "
                         "use another output folder")
    if "size" in ck["input"] and fingerprint.get("size", 0) < ck["input"]["size"]:
        raise InputError(f"{fingerprint['input']} is smaller than when the run started; cannot resume")
    was = ck["input"]
    if "head_sha1" in was and _head_sha1(Path(fingerprint["input"]), was["head_len"]) != was["head_sha1"]:
        raise InputError(f"{fingerprint['input']} is not the file the run started on (its beginning changed); "
                         "cannot resume")
    if ck.get("options") != options:
        raise InputError(f"options differ from the interrupted run ({ck.get('options')} then, {options} now); "
                         "resume with the same options")
    for name, key in ((ANALYSES, "analyses_bytes"), (ERRORS, "errors_bytes")):
        p = outdir / name
        size = p.stat().st_size if p.exists() else 0
        if size < ck[key]:
            raise OutputError(f"{p} is shorter than its checkpoint ({size} < {ck[key]} bytes); cannot resume")
        if size > ck[key]:
            os.truncate(p, ck[key])  # drop what was written after the checkpoint (torn line included)
    return ck


class _Ledger:
    """The run's two append-only files, its counters and its checkpoint.

    Counters change only after a result is fully written, in one ``dict.update`` call, so a
    checkpoint (even one taken on Ctrl-C) never counts a half-written result. After any failed
    write the ledger is *broken*: no further checkpoint is taken, the last good one stands.
    """

    def __init__(self, out: Path, *, name: str, fingerprint: dict, options: dict, ck: dict | None) -> None:
        self.out, self.name, self.fingerprint, self.options = out, name, fingerprint, options
        self.state = {"next_seq": 0, "analyses_bytes": 0, "errors_bytes": 0, "analysed": 0, "errors": 0,
                      "warnings": 0}
        if ck is not None:
            self.state.update({k: int(ck[k]) for k in self.state})
        self.last_item: str | None = ck.get("last_item") if ck else None  # folder input: last file done
        self.saved_seq = self.state["next_seq"]
        self.seen: set[str] = set(iter_ids(out / ANALYSES)) if ck is not None and (out / ANALYSES).exists() \
            else set()
        self.broken = False
        try:
            self.fa = open(out / ANALYSES, "ab")
            self.fe = open(out / ERRORS, "ab")
        except OSError as err:
            raise OutputError(f"cannot write in {out}: {err.strerror or err}") from err

    def _failed(self, err: BaseException) -> OutputError:
        self.broken = True
        why = err.strerror if isinstance(err, OSError) and err.strerror else str(err)
        return OutputError(f"cannot write in {self.out}: {why}; the first {self.saved_seq} input items are "
                           "safely recorded: make room and rerun with --resume")

    def record(self, seq: int, ln: int | None, path: str | None, doc_id: str | None, line: str | None,
               errs: list[dict]) -> list[dict]:
        """Append one input item's analysis and problems; returns the problems written."""
        if line is not None and doc_id in self.seen:
            where = f"{self.name}:{ln}" if ln is not None else path
            errs = [*errs, _error(seq, ln, path, doc_id, "error",
                                  f"{where}: duplicate id {doc_id!r} (already analysed); document skipped")]
            line = None
        try:
            nb_a = nb_e = 0
            if line is not None:
                data = line.encode("utf-8") + b"\n"
                self.fa.write(data)
                nb_a = len(data)
            for e in errs:
                data = json.dumps(e, ensure_ascii=False).encode("utf-8") + b"\n"
                self.fe.write(data)
                nb_e += len(data)
        except OSError as err:
            raise self._failed(err) from err
        n_err = sum(e["level"] == "error" for e in errs)
        st = self.state
        st.update(analyses_bytes=st["analyses_bytes"] + nb_a, errors_bytes=st["errors_bytes"] + nb_e,
                  next_seq=seq + 1, analysed=st["analysed"] + (line is not None), errors=st["errors"] + n_err,
                  warnings=st["warnings"] + len(errs) - n_err)
        if path is not None:
            self.last_item = os.path.abspath(path)
        if line is not None:
            self.seen.add(doc_id)  # type: ignore[arg-type]
        return errs

    def checkpoint(self, status: str = "running") -> None:
        """fsync both files, then atomically record how far they are complete."""
        if self.broken:
            return
        state: dict[str, Any] = dict(self.state)
        state["last_item"] = self.last_item
        try:
            for fh in (self.fa, self.fe):
                fh.flush()
                os.fsync(fh.fileno())
            _write_json_atomic(self.out / CHECKPOINT, {"format": FORMAT_VERSION, "status": status,
                                                       "input": self.fingerprint, "options": self.options,
                                                       **state})
        except (OSError, OutputError) as err:
            raise self._failed(err) from err
        self.saved_seq = state["next_seq"]

    def close(self, status: str | None) -> None:
        """Take a last checkpoint (unless ``status`` is None or a write failed) and close the files."""
        try:
            if status is not None:
                self.checkpoint(status)
        finally:
            for fh in (self.fa, self.fe):
                try:
                    fh.close()
                except OSError:
                    pass


def run_batch(input: str | os.PathLike, outdir: str | os.PathLike, *, workers: int = 1, dask: Any = None,
              resume: bool = False, overwrite: bool = False, options: BatchOptions | None = None,
              analyze: AnalyzeFn | None = None, chunk_size: int | None = None, progress: bool = False,
              outputs: Iterable[str] = ("geojson", "gpkg", "map"), map_limit: int = DEFAULT_MAP_LIMIT,
              checkpoint_every: float = 1.0, on_error: Callable[[dict], None] | None = None,
              dask_timeout: float = 20.0) -> BatchSummary:
    """Analyse every document of INPUT into OUTDIR (see the module docstring for the files).

    ``workers`` > 1 uses that many processes (forked where the platform allows, so the gazetteer
    opened once before forking is shared); ``dask`` is a scheduler address or a
    ``distributed.Client`` and sends chunks of documents to the cluster as tasks instead.
    ``analyze(document, options) -> Analysis`` replaces the pipeline (tests, custom stages); it must
    be importable by name on the workers. ``on_error`` sees each problem record as it is written.
    Raises :class:`InputError` / :class:`OutputError` for problems that stop the whole run; problems
    with one document go to errors.jsonl and the run goes on.
    """
    t0 = time.perf_counter()
    inp = BatchInput(input)
    out = Path(outdir)
    opts = asdict(options or BatchOptions())
    if opts["date"] is not None and parse_date(opts["date"]) is None:
        raise InputError(f"{opts['date']!r} is not a date (use YYYY-MM-DD)")
    fingerprint = inp.fingerprint()
    ck = _prepare_outdir(out, resume=resume, overwrite=overwrite, fingerprint=fingerprint, options=opts)
    summary = BatchSummary(input=inp.name, outdir=str(out))
    finished = ck is not None and ck.get("status") == "done"
    if finished:
        summary.notes.append("the run was already complete; combined outputs rebuilt")
    ledger = _Ledger(out, name=inp.name, fingerprint=fingerprint, options=opts, ck=ck)
    summary.resumed_from = ledger.saved_seq
    try:
        inp.check_resume_point(ledger.saved_seq, ledger.last_item)
    except InputError:
        ledger.close(None)
        raise
    ex = None
    try:
        if not finished:
            ex = _Executor(workers=workers, dask=dask, preload=analyze is None, timeout=dask_timeout)
            summary.backend, summary.workers = ex.backend, ex.slots
        if ck is None:
            ledger.checkpoint()  # marks the folder as a run before any result is written
    except BaseException:
        if ex is not None:
            ex.close(cancel=True)
        ledger.close(None)
        raise

    bar = _progress_bar(inp, ledger.saved_seq) if progress and ex is not None else None
    completed = False
    try:
        if ex is not None:
            last_ck = time.monotonic()
            for res in _run_chunks(ex, inp, ledger.saved_seq, chunk_size or DEFAULT_CHUNK, opts, analyze):
                for key, mem in (("peak_rss_mb", summary.worker_peak_rss_mb), ("pss_mb", summary.worker_pss_mb)):
                    if res[key] is not None:
                        mem[res["worker"]] = max(mem.get(res["worker"], 0.0), res[key])
                summary.worker_cpu_s += res["cpu_s"]
                for seq, ln, path, doc_id, line, errs in res["results"]:
                    written = ledger.record(seq, ln, path, doc_id, line, errs)
                    if summary.cold_start_s is None and line is not None:
                        summary.cold_start_s = round(time.perf_counter() - t0, 3)
                    if on_error is not None:
                        for e in written:
                            on_error(e)
                    if bar is not None:
                        bar.update(1)
                if time.monotonic() - last_ck >= checkpoint_every:
                    ledger.checkpoint()
                    last_ck = time.monotonic()
        completed = True
    finally:
        if bar is not None:
            bar.close()
        if ex is not None:
            ex.close(cancel=not completed)
        ledger.close("done" if completed else "running")  # even on Ctrl-C: what is written is kept

    st = ledger.state
    summary.items, summary.analysed, summary.errors, summary.warnings = (
        st["next_seq"], st["analysed"], st["errors"], st["warnings"])
    run_docs = st["analysed"] - (int(ck["analysed"]) if ck else 0)
    summary.analysis_s = summary.elapsed_s = round(time.perf_counter() - t0, 3)
    summary.worker_cpu_s = round(summary.worker_cpu_s, 3)
    if run_docs and summary.analysis_s:
        summary.docs_per_s = round(run_docs / summary.analysis_s, 1)
    summary.outputs = {"analyses": str(out / ANALYSES), "errors": str(out / ERRORS)}
    write_combined(out, summary, outputs=outputs, map_limit=map_limit,
                   workers=summary.workers if summary.backend == "processes" else 1)
    summary.elapsed_s = round(time.perf_counter() - t0, 3)
    try:
        _write_json_atomic(out / SUMMARY, summary.to_dict())
    except OutputError as err:
        summary.problems.append(str(err))
    return summary


def _run_chunks(ex: _Executor, inp: BatchInput, skip: int, size: int, opts: dict,
                analyze: AnalyzeFn | None) -> Iterator[dict]:
    """Results of every chunk, in input order, with at most 2 x slots + 1 chunks in flight."""
    window: deque = deque()
    chunks = _groups(inp.items(skip), size)
    limit = 2 * ex.slots + 1
    exhausted = False
    while True:
        while not exhausted and len(window) < limit:
            items = next(chunks, None)
            if items is None:
                exhausted = True
            else:
                window.append(ex.submit(_Chunk(inp.kind, inp.name, inp.root, items, opts, analyze)))
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


class _Record:
    """A claim or incident read back from JSON: attribute access plus ``to_dict()``."""

    def __init__(self, d: dict) -> None:
        self._d = d
        for k, v in d.items():
            setattr(self, k, v)

    def to_dict(self) -> dict:
        return dict(self._d)


_PLACE_FIELDS = set(Place.__dataclass_fields__)


class _StoredPlace(Place):
    """A Place read back from JSON; ``to_dict()`` returns the stored dict instead of rebuilding it."""

    _stored: dict

    def to_dict(self) -> dict[str, Any]:
        return dict(self._stored)


def _place_from_dict(d: dict) -> Place:
    p = _StoredPlace(**{k: v for k, v in d.items() if k in _PLACE_FIELDS})
    p._stored = d
    return p


def analysis_from_dict(d: dict) -> Analysis:
    """An Analysis rebuilt from one line of analyses.jsonl (the text itself is not stored there)."""
    doc = Document(text="", id=str(d.get("id")), date=parse_date(d.get("date")), source=d.get("source"),
                   title=d.get("title"))
    places = [_place_from_dict(p) for p in d.get("places") or []]
    return Analysis(document=doc, places=places, claims=[_Record(c) for c in d.get("claims") or []],
                    incidents=[_Record(i) for i in d.get("incidents") or []],
                    warnings=list(d.get("warnings") or []))


def iter_analyses_file(path: str | os.PathLike, *, every: int = 1) -> Iterator[Analysis]:
    """Analyses read back from an analyses.jsonl one at a time (every ``every``-th one)."""
    with open(path, encoding="utf-8") as fh:
        for i, ln in enumerate(fh):
            if i % every == 0 and ln.strip():
                yield analysis_from_dict(json.loads(ln))


def write_combined(outdir: Path, summary: BatchSummary, *, outputs: Iterable[str] = ("geojson", "gpkg", "map"),
                   map_limit: int = DEFAULT_MAP_LIMIT, workers: int = 1) -> None:
    """GeoJSON, GeoPackage and map of the whole run, rebuilt by streaming analyses.jsonl.

    The map shows at most ``map_limit`` documents (every k-th one, so it spans the whole run);
    the GeoJSON and GeoPackage hold them all. With ``workers`` > 1 the outputs are written by
    separate processes at the same time. A failure of one output is recorded in
    ``summary.problems`` and does not stop the others.
    """
    src = outdir / ANALYSES
    n = summary.analysed
    jobs = [(kind, str(src), str(outdir / name)) for kind, name in (("geojson", GEOJSON), ("gpkg", GPKG), ("map", MAP))
            if kind in set(outputs)]
    if not jobs:
        return
    if n == 0:
        summary.notes.append("no document was analysed; no combined outputs")
        return
    every = max(1, -(-n // map_limit)) if map_limit > 0 else 1
    if every > 1 and any(kind == "map" for kind, _, _ in jobs):
        summary.notes.append(f"{MAP} shows {-(-n // every)} of {n} documents (every {every}th); "
                             f"{GEOJSON} and {GPKG} hold them all")
    args = [(kind, s, p, every) for kind, s, p in jobs]
    if workers > 1 and len(jobs) > 1:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=ctx) as pool:
            futures = [pool.submit(_make_output, *a) for a in args]
            results = [f.result() for f in futures]
    else:
        results = [_make_output(*a) for a in args]
    for (kind, _, path), problem in zip(jobs, results, strict=True):
        if problem is None:
            summary.outputs[kind] = path
        else:
            summary.problems.append(f"{Path(path).name}: not written ({problem})")


def _make_output(kind: str, src: str, path: str, every: int) -> str | None:
    """Write one combined output; returns None, or why it could not be written."""
    try:
        if kind == "geojson":
            _write_geojson(Path(src), Path(path))
        elif kind == "gpkg":
            _write_gpkg(Path(src), Path(path))
        else:
            from .render import write_map

            write_map(list(iter_analyses_file(src, every=every)), path)
    except (ImportError, GeomapError) as err:
        return str(err)
    except Exception as err:  # an exporter bug must not hide the finished analyses
        return f"{type(err).__name__}: {err}"
    return None


def _groups(items: Iterable, size: int) -> Iterator[list]:
    group: list = []
    for x in items:
        group.append(x)
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group


def _layers(export) -> tuple[str, ...]:
    return tuple(getattr(export, "LAYERS", ("places",)))


def _write_geojson(src: Path, path: Path, *, group_size: int = COMBINE_GROUP) -> None:
    """One FeatureCollection of every layer of the whole run, in bounded memory.

    :func:`geomap.export.feature_collection` builds the features of ``group_size`` analyses at a
    time; they are streamed into a file that replaces ``path`` atomically when complete. The
    ``bbox`` member is written after the features, once it is known.
    """
    from . import export
    from ._atomic import atomic_path

    layers = _layers(export)
    box = [math.inf, math.inf, -math.inf, -math.inf]
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as fo:
        fo.write('{"type": "FeatureCollection", "features": [')
        sep = "\n"
        for group in _groups(iter_analyses_file(src), group_size):
            fc = export.feature_collection(group, layers=layers)
            for f in fc["features"]:
                fo.write(sep + json.dumps(f, ensure_ascii=False, allow_nan=False, default=str))
                sep = ",\n"
            if "bbox" in fc:
                b = fc["bbox"]
                box = [min(box[0], b[0]), min(box[1], b[1]), max(box[2], b[2]), max(box[3], b[3])]
        fo.write("\n]" + (f', "bbox": {json.dumps(box)}' if math.isfinite(box[0]) else "") + "}\n")
        fo.flush()
        os.fsync(fo.fileno())


def _write_gpkg(src: Path, path: Path, *, group_size: int = COMBINE_GROUP) -> None:
    """A GeoPackage of every layer of the whole run, in bounded memory.

    The layers of ``group_size`` analyses at a time (:func:`geomap.export.gpkg_frames`; their fixed
    column types keep the groups' schemas identical) are appended to one file, which replaces
    ``path`` atomically when complete.
    """
    from . import export
    from ._atomic import atomic_path

    layers = _layers(export)
    with atomic_path(path) as tmp:
        work = tmp.with_name(tmp.name + ".gpkg")  # GDAL wants the suffix and no empty file
        try:
            for k, group in enumerate(_groups(iter_analyses_file(src), group_size)):
                export.append_gpkg_frames(export.gpkg_frames(group, layers=layers), work, append=k > 0)
            if not work.exists():  # no analysis at all: still a valid, empty GeoPackage
                export.append_gpkg_frames(export.gpkg_frames([], layers=layers), work, append=False)
            os.replace(work, tmp)
        finally:
            work.unlink(missing_ok=True)
