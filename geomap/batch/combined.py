"""Combined outputs of a whole run (GeoJSON, GeoPackage, map), rebuilt by streaming analyses.jsonl."""

from __future__ import annotations

import dataclasses
import json
import math
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import GeomapError
from ..model import Analysis, Document, Incident, Place
from ..pipeline import merge_analyses
from ..pipeline.merged import merged_incidents_by_position
from .common import ANALYSES, COMBINE_GROUP, DEFAULT_MAP_LIMIT, GEOJSON, GPKG, MAP, BatchSummary, groups


class _StoredRecord:
    """A claim or incident read back from JSON while ``geomap.model`` has no Claim/Incident type yet.

    Attribute access plus ``to_dict()``; :func:`analysis_from_dict` uses it only when
    ``Analysis.from_dict`` cannot import those types.
    """

    def __init__(self, d: dict) -> None:
        self._d = d
        for k, v in d.items():
            setattr(self, k, v)

    def to_dict(self) -> dict:
        return dict(self._d)


def analysis_from_dict(d: dict) -> Analysis:
    """An Analysis rebuilt from one line of analyses.jsonl (the text itself is not stored there)."""
    try:
        return Analysis.from_dict(d)
    except ImportError:  # geomap.model.claim / .incident not there yet: keep the records as they are
        return Analysis(Document.from_dict(d), places=[Place.from_dict(p) for p in d.get("places") or []],
                        claims=[_StoredRecord(c) for c in d.get("claims") or []],
                        incidents=[_StoredRecord(i) for i in d.get("incidents") or []],
                        warnings=[str(w) for w in d.get("warnings") or []])


def iter_analyses_file(path: str | os.PathLike, *, every: int = 1) -> Iterator[Analysis]:
    """Analyses read back from an analyses.jsonl one at a time (every ``every``-th one)."""
    with open(path, encoding="utf-8") as fh:
        for i, ln in enumerate(fh):
            if i % every == 0 and ln.strip():
                yield analysis_from_dict(json.loads(ln))


def merged_analyses_file(src: str | os.PathLike) -> Iterator[Analysis]:
    """The analyses of an analyses.jsonl with one incident per event across documents, streamed.

    A first pass keeps only the incidents in memory and merges them
    (:func:`geomap.pipeline.merged.merged_incidents_by_position`); the second gives each analysis the
    incidents it keeps."""
    kept: dict[int, list[Incident]] = merged_incidents_by_position(
        (a.document.id, list(a.incidents)) for a in iter_analyses_file(src))
    for k, a in enumerate(iter_analyses_file(src)):
        yield dataclasses.replace(a, incidents=kept.get(k, []))


def write_combined(outdir: Path, summary: BatchSummary, *, outputs: Iterable[str] = ("geojson", "gpkg", "map"),
                   map_limit: int = DEFAULT_MAP_LIMIT, workers: int = 1, merge: bool = True) -> None:
    """GeoJSON, GeoPackage and map of the whole run, rebuilt by streaming analyses.jsonl.

    With ``merge`` (the default) an event that several documents report is one incident with its
    ``sources`` in every combined output (:func:`geomap.pipeline.merge_analyses`). The map shows at most ``map_limit`` documents (every k-th one, so it spans the whole run);
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
    args = [(kind, s, p, every, merge) for kind, s, p in jobs]
    if workers > 1 and len(jobs) > 1:
        results = _make_outputs_in_processes(args, workers)
    else:
        results = [_make_output(*a) for a in args]
    for (kind, _, path), problem in zip(jobs, results, strict=True):
        if problem is None:
            summary.outputs[kind] = path
        else:
            summary.problems.append(f"{Path(path).name}: not written ({problem})")
    if every > 1 and "map" in summary.outputs:  # say what each written file holds, and only those
        whole = [name for kind, name in (("geojson", GEOJSON), ("gpkg", GPKG)) if kind in summary.outputs]
        holds = f"; {' and '.join(whole)} hold{'s' if len(whole) == 1 else ''} them all" if whole else ""
        summary.notes.append(f"{MAP} shows {-(-n // every)} of {n} documents (every {every}th){holds}")


def _make_outputs_in_processes(args: list[tuple], workers: int) -> list[str | None]:
    """Each output written by its own process at the same time (workers end with this process)."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from .guards import exit_with_parent

    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ProcessPoolExecutor(max_workers=min(workers, len(args)), mp_context=ctx,
                             initializer=exit_with_parent, initargs=(os.getpid(),)) as pool:
        futures = [pool.submit(_make_output, *a) for a in args]
        results: list[str | None] = []
        for f in futures:
            try:
                results.append(f.result())
            except Exception as err:  # the process writing it died (out of memory, killed)
                results.append(f"{type(err).__name__}: {err}")
        return results


def _make_output(kind: str, src: str, path: str, every: int, merge: bool = True) -> str | None:
    """Write one combined output; returns None, or why it could not be written."""
    try:
        if kind == "geojson":
            write_geojson(Path(src), Path(path), merge=merge)
        elif kind == "gpkg":
            write_gpkg(Path(src), Path(path), merge=merge)
        else:
            from ..render import write_map

            shown = list(iter_analyses_file(src, every=every))
            write_map(merge_analyses(shown) if merge else shown, path)
    except (ImportError, GeomapError) as err:
        return str(err)
    except Exception as err:  # an exporter bug must not hide the finished analyses
        return f"{type(err).__name__}: {err}"
    return None


def _layers(export) -> tuple[str, ...]:
    return tuple(getattr(export, "LAYERS", ("places",)))


def _read(src: Path, merge: bool) -> Iterator[Analysis]:
    return merged_analyses_file(src) if merge else iter_analyses_file(src)


def write_geojson(src: Path, path: Path, *, group_size: int = COMBINE_GROUP, merge: bool = True) -> None:
    """One FeatureCollection of every layer of the whole run, in bounded memory.

    :func:`geomap.export.feature_collection` builds the features of ``group_size`` analyses at a
    time; they are streamed into a file that replaces ``path`` atomically when complete. The
    ``bbox`` member is written after the features, once it is known.
    """
    from .. import export
    from .._atomic import atomic_path

    layers = _layers(export)
    box = [math.inf, math.inf, -math.inf, -math.inf]
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as fo:
        fo.write('{"type": "FeatureCollection", "features": [')
        sep = "\n"
        for group in groups(_read(src, merge), group_size):
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


def write_gpkg(src: Path, path: Path, *, group_size: int = COMBINE_GROUP, merge: bool = True) -> None:
    """A GeoPackage of every layer of the whole run, in bounded memory.

    The layers of ``group_size`` analyses at a time (:func:`geomap.export.gpkg_frames`; their fixed
    column types keep the groups' schemas identical) are appended to one file, which replaces
    ``path`` atomically when complete.
    """
    from .. import export
    from .._atomic import atomic_path

    layers = _layers(export)
    with atomic_path(path) as tmp:
        work = tmp.with_name(tmp.name + ".gpkg")  # GDAL wants the suffix and no empty file
        try:
            for k, group in enumerate(groups(_read(src, merge), group_size)):
                export.append_gpkg_frames(export.gpkg_frames(group, layers=layers), work, append=k > 0)
            if not work.exists():  # no analysis at all: still a valid, empty GeoPackage
                export.append_gpkg_frames(export.gpkg_frames([], layers=layers), work, append=False)
            os.replace(work, tmp)
        finally:
            work.unlink(missing_ok=True)
