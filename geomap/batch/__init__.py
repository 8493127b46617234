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

The package's rooms: :mod:`.input` (reading items), :mod:`.worker` (analysing a chunk),
:mod:`.guards` (a time budget per document, workers that end with their parent),
:mod:`.executors` (local processes, Dask), :mod:`.ledger` (the append-only files and the
checkpoint that makes ``--resume`` exact), :mod:`.lock` (one run at a time in OUTDIR),
:mod:`.run` (the loop), :mod:`.combined` (GeoJSON, GeoPackage and map of the whole run).

One bad input item (a malformed or hostile line, a damaged file, a document over its budget)
becomes an error record and the run goes on; a damaged ``.gz`` ends the input, keeps everything
before it and is reported as an input error at the end.
"""

from .combined import analysis_from_dict, iter_analyses_file, write_combined, write_geojson, write_gpkg
from .common import (
    ANALYSES,
    CHECKPOINT,
    COMBINE_GROUP,
    DEFAULT_CHUNK,
    DEFAULT_MAP_LIMIT,
    ERRORS,
    FORMAT_VERSION,
    GEOJSON,
    GPKG,
    MAP,
    RUN_FILES,
    SUMMARY,
    BatchOptions,
    BatchSummary,
)
from .input import BatchInput
from .ledger import iter_ids
from .run import RunSettings, run_batch
from .worker import default_analyze, process_chunk, warm_up

__all__ = [
    "ANALYSES", "CHECKPOINT", "COMBINE_GROUP", "DEFAULT_CHUNK", "DEFAULT_MAP_LIMIT", "ERRORS", "FORMAT_VERSION",
    "GEOJSON", "GPKG", "MAP", "RUN_FILES", "SUMMARY", "BatchInput", "BatchOptions", "BatchSummary", "RunSettings",
    "analysis_from_dict", "default_analyze", "iter_analyses_file", "iter_ids", "process_chunk", "run_batch",
    "warm_up", "write_combined", "write_geojson", "write_gpkg",
]
