"""What every part of a batch run shares: the file names in OUTDIR, the run's options and summary,
the records that travel between the input, the workers and the ledger."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, NamedTuple

ANALYSES = "analyses.jsonl"
ERRORS = "errors.jsonl"
CHECKPOINT = "checkpoint.json"
SUMMARY = "summary.json"
GEOJSON = "analyses.geojson"
GPKG = "analyses.gpkg"
MAP = "map.html"
LOCK = ".geomap-batch.lock"  # held while a run writes in OUTDIR
# Every file a run may write; --overwrite removes exactly these and nothing else.
RUN_FILES = (ANALYSES, ERRORS, CHECKPOINT, SUMMARY, GEOJSON, GPKG, MAP)

FORMAT_VERSION = 1
DEFAULT_CHUNK = 32
DEFAULT_MAP_LIMIT = 2000
COMBINE_GROUP = 2000  # analyses per call of an exporter when combining a large run


class InputItem(NamedTuple):
    """One input item as it travels to a worker (a plain tuple: cheap to pickle)."""

    seq: int  # position in the input, from 0
    line: int | None  # JSON Lines: line number
    path: str | None  # folder input: the file
    data: bytes | None  # JSON Lines: the raw line
    problem: str | None = None  # why this item could not be read (an error record takes its place)


class ItemResult(NamedTuple):
    """What a worker made of one input item."""

    seq: int
    line: int | None
    path: str | None
    doc_id: str | None
    analysis_json: str | None  # one line of analyses.jsonl, None when the document was skipped
    problems: list[dict]  # error records (see :func:`error_record`)


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


def error_record(item: InputItem, doc_id: str | None, level: str, message: str) -> dict:
    """One line of errors.jsonl."""
    return {"seq": item.seq, "line": item.line, "file": item.path, "id": doc_id, "level": level,
            "message": message}


def groups(items: Iterable, size: int) -> Iterator[list]:
    """Consecutive lists of ``size`` items (the last one shorter)."""
    group: list = []
    for x in items:
        group.append(x)
        if len(group) >= size:
            yield group
            group = []
    if group:
        yield group
