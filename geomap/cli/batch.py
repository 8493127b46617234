"""``geomap batch``: a large input analysed into a folder, streamed, resumable and parallel."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from ..pipeline.options import DEFAULT_MAX_CHARS, DEFAULT_MAX_SECONDS
from .common import COUNTRY_OPTION, DATE_OPTION, KEEP_APART_OPTION
from .group import BadInput, CannotWrite, Interrupted, main

_SHOWN_PROBLEMS = 20  # per-document problems printed before pointing at errors.jsonl


class ProblemPrinter:
    """Prints the first per-document problems of a run, then where the rest are."""

    def __init__(self, errors_file: Path, quiet: bool) -> None:
        self.errors_file = errors_file
        self.quiet = quiet
        self.seen = 0

    def __call__(self, record: dict[str, Any]) -> None:
        if self.quiet:
            return
        self.seen += 1
        if self.seen <= _SHOWN_PROBLEMS:
            click.echo(f"geomap: {record['level']}: {record['message']}", err=True)
        elif self.seen == _SHOWN_PROBLEMS + 1:
            click.echo(f"geomap: more problems in {self.errors_file}", err=True)


@main.command()
@click.argument("input_", metavar="INPUT")
@click.option("-o", "--outdir", required=True, metavar="OUTDIR",
              help="Folder for analyses.jsonl, errors.jsonl and the combined GeoJSON, GeoPackage and map.")
@click.option("-w", "--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Worker processes on this machine.")
@click.option("--dask", "dask_address", default=None, metavar="SCHEDULER_ADDRESS",
              help="Run on a dask.distributed cluster (e.g. tcp://10.0.0.5:8786) instead of local processes.")
@click.option("--resume", is_flag=True, help="Continue an interrupted run in OUTDIR (even after kill -9).")
@click.option("--overwrite", is_flag=True, help="Replace an earlier run in OUTDIR instead of refusing.")
@DATE_OPTION
@COUNTRY_OPTION
@click.option("--ner", type=click.Choice(["none", "spacy"]), default="none", show_default=True,
              help="Add spaCy entities as a recognition signal.")
@click.option("--given-spans", is_flag=True,
              help="Resolve the records' \"toponyms\" spans instead of recognizing.")
@click.option("--chunk-size", type=click.IntRange(min=1), default=32, show_default=True,
              help="Documents per task sent to a worker.")
@click.option("--map-limit", type=click.IntRange(min=0), default=2000, show_default=True,
              help="Most documents drawn on map.html (an even sample beyond that; 0: no limit).")
@click.option("--skip", "skip_outputs", multiple=True, type=click.Choice(["geojson", "gpkg", "map"]),
              help="Do not write this combined output (repeatable).")
@KEEP_APART_OPTION
@click.option("--progress/--no-progress", default=None,
              help="Progress bar with documents/s and ETA (default: only on a terminal).")
@click.option("--max-chars", type=click.IntRange(min=0), default=DEFAULT_MAX_CHARS, show_default=True,
              help="Skip (and report in errors.jsonl) a document longer than this many characters; 0: no limit.")
@click.option("--time-limit", type=click.FloatRange(min=0), default=DEFAULT_MAX_SECONDS, show_default=True,
              metavar="SECONDS", help="Stop (and report) the analysis of one document after this long; 0: no limit.")
@click.option("-q", "--quiet", is_flag=True, help="Do not print per-document problems (they stay in errors.jsonl).")
def batch(input_: str, outdir: str, **settings: Any) -> None:
    """Analyse a large INPUT into OUTDIR: streamed, resumable, parallel.

    INPUT is a JSON Lines feed ({"id","text","date"?} per line; .gz too; - for stdin) or a folder of
    .txt/.html files. Results are written in input order; per-document problems go to errors.jsonl
    and the run goes on. In the combined outputs an event that several documents report is one
    incident with its sources (--keep-reports-apart: one per report; analyses.jsonl is per document).
    """
    from ..batch import BatchOptions, run_batch
    from ..pipeline import DocumentBudget

    if settings["resume"] and settings["overwrite"]:
        raise click.UsageError("--resume and --overwrite exclude each other")
    if settings["dask_address"] and settings["workers"] > 1:
        raise click.UsageError("--workers is for local processes; with --dask the cluster's workers are used")
    progress = settings["progress"] if settings["progress"] is not None else sys.stderr.isatty()
    date = settings["date"]
    options = BatchOptions(date=date.isoformat() if date else None, country=settings["country"],
                           ner=None if settings["ner"] == "none" else settings["ner"],
                           given_spans=settings["given_spans"])
    errors_file = Path(outdir) / "errors.jsonl"
    try:
        summary = run_batch(input_, outdir, workers=settings["workers"], dask=settings["dask_address"],
                            resume=settings["resume"], overwrite=settings["overwrite"], options=options,
                            chunk_size=settings["chunk_size"], progress=progress,
                            outputs=[o for o in ("geojson", "gpkg", "map") if o not in settings["skip_outputs"]],
                            map_limit=settings["map_limit"], keep_reports_apart=settings["keep_apart"],
                            budget=DocumentBudget(max_chars=settings["max_chars"] or None,
                                                  max_seconds=settings["time_limit"] or None),
                            on_error=ProblemPrinter(errors_file, settings["quiet"]))
    except KeyboardInterrupt:
        raise Interrupted(f"interrupted; rerun with --resume to continue in {outdir}") from None
    for msg in summary.problems:
        click.echo(f"geomap: warning: {msg}", err=True)
    if not settings["quiet"]:
        for msg in summary.notes:
            click.echo(f"geomap: note: {msg}", err=True)
        rate = f", {summary.docs_per_s:g} documents/s" if summary.docs_per_s else ""
        click.echo(f"geomap: {summary.analysed} documents analysed, {summary.errors} errors, "
                   f"{summary.warnings} warnings in {summary.elapsed_s:g} s{rate}", err=True)
    if summary.analysed == 0:
        raise BadInput(f"nothing could be analysed (see {errors_file})")
    if summary.problems:  # e.g. a full disk: the analyses are safe, the combined outputs are not
        raise CannotWrite(f"{len(summary.problems)} output(s) not written (see above); "
                          f"{Path(outdir) / 'analyses.jsonl'} holds every analysis: fix the cause and rerun with "
                          "--resume to rebuild them")
    click.echo(outdir)
