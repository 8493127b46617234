"""The ``geomap`` command line. Library errors become one-line messages and exit codes here.

Exit codes: 0 done; 1 nothing could be produced (bad input, unwritable output);
2 usage error (click). ``geomap check`` documents its own codes.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import click

from . import __version__
from .errors import GeomapError
from .model import Analysis

# ----------------------------------------------------------------------------- shared plumbing


class Reporter:
    """Prints per-item problems to stderr as one line each and counts them."""

    def __init__(self, quiet: bool = False) -> None:
        self.quiet = quiet
        self.count = 0

    def __call__(self, msg: str) -> None:
        self.count += 1
        if not self.quiet:
            click.echo(f"geomap: {msg}", err=True)


def common_analysis_options(f):
    """Options every command that analyses text shares."""
    f = click.option("--date", "date", default=None, metavar="YYYY-MM-DD",
                     help="Publication date: replaces an HTML page's own date; for JSON Lines, the date "
                          "of records that carry none.")(f)
    f = click.option("--country", default=None, metavar="CC",
                     help="ISO country code to prefer for ambiguous names (e.g. US).")(f)
    f = click.option("--ner", type=click.Choice(["none", "spacy"]), default="none", show_default=True,
                     help="Add spaCy entities as a recognition signal (needs spaCy and an English pipeline).")(f)
    f = click.option("--geocoder", default=None, metavar="NAME",
                     help="Online geocoder for places the embedded gazetteer cannot resolve "
                          "(nominatim, photon, arcgis, geonames, ...). Off by default.")(f)
    f = click.option("--geocoder-option", "geocoder_options", multiple=True, metavar="KEY=VALUE",
                     help="Option passed to the online geocoder (e.g. user_agent=myapp).")(f)
    f = click.option("--geocoder-only", is_flag=True,
                     help="Use the online geocoder instead of the embedded gazetteer.")(f)
    return f


def _parse_date_option(date: str | None):
    from .document import parse_date

    if date is None:
        return None
    d = parse_date(date)
    if d is None:
        raise click.BadParameter(f"{date!r} is not a date (use YYYY-MM-DD)", param_hint="--date")
    return d


def _make_geocoder(name, options, only):
    if not name:
        if only:
            raise click.UsageError("--geocoder-only needs --geocoder NAME")
        return None
    from .geocoders import make_fallback_geocoder

    opts = {}
    for item in options:
        if "=" not in item:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--geocoder-option")
        k, v = item.split("=", 1)
        opts[k.strip()] = v
    return make_fallback_geocoder(name, options=opts, replace=only)


def iter_analyses(inputs, *, date=None, country=None, ner="none", given_spans=False, reporter=None,
                  geocoder=None, claims=True, incidents=True) -> Iterator[Analysis]:
    """Analyse every document of the inputs, reporting bad items and going on with the rest."""
    from .document import iter_documents
    from .pipeline import analyze

    reporter = reporter or Reporter()
    for doc, raw in iter_documents(inputs, date=date, on_error=reporter, with_raw=False):
        spans = None
        if given_spans:
            tops = raw.get("toponyms")
            if not isinstance(tops, list):
                reporter(f"{doc.id}: --given-spans set but the record has no \"toponyms\" list; recognizing instead")
            else:
                try:
                    spans = [(int(t["start"]), int(t["end"])) for t in tops]
                except (KeyError, TypeError, ValueError):
                    reporter(f"{doc.id}: malformed \"toponyms\" spans; recognizing instead")
                    spans = None
        try:
            yield analyze(doc, country=country, ner=None if ner == "none" else ner, given_spans=spans,
                          geocoder=geocoder, claims=claims, incidents=incidents)
        except GeomapError as err:
            reporter(f"{doc.id}: {err}")


def collect_analyses(inputs, date, country, ner, geocoder, geocoder_options, geocoder_only, *,
                     nothing: str) -> list[Analysis]:
    """All analyses of the inputs (problems reported on stderr); ``fail(nothing)`` when there are none."""
    gc = _make_geocoder(geocoder, geocoder_options, geocoder_only)
    analyses = list(iter_analyses(inputs, date=_parse_date_option(date), country=country, ner=ner,
                                  reporter=Reporter(), geocoder=gc))
    if not analyses:
        fail(nothing)
    return analyses


def fail(msg: str, code: int = 1):
    click.echo(f"geomap: error: {msg}", err=True)
    sys.exit(code)


def _require_inputs(inputs, *outputs):
    """At least one input, and no output that would overwrite an input."""
    if not inputs:
        raise click.UsageError("give at least one INPUT (a file, a folder, or - for stdin)")
    ins = {Path(i).resolve() for i in inputs if i != "-"}
    for out in outputs:
        if out and Path(out).resolve() in ins:
            raise click.UsageError(f"the output {out} is also an input; geomap never overwrites its inputs")


# ----------------------------------------------------------------------------- the group


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="geomap")
def main() -> None:
    """geomap: find the places in news text, check its spatial claims, map its incidents.

    Works offline with an embedded gazetteer; online geocoders are opt-in.
    """


# ----------------------------------------------------------------------------- extract (issue: geoparser core)


@main.command()
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@common_analysis_options
@click.option("--given-spans", is_flag=True,
              help="JSON Lines input: resolve the records' \"toponyms\" spans instead of recognizing.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of stdout (written atomically).")
@click.option("--pretty/--compact", default=None, help="Indent JSON (default: pretty for a single document).")
def extract(inputs, date, country, ner, geocoder, geocoder_options, geocoder_only, given_spans, output, pretty):
    """Places, claims and incidents of each INPUT as JSON.

    INPUT is a .txt or .html file, a .jsonl feed ({"id","text","date"?} per line), a folder,
    or - for stdin. JSON Lines input gives one JSON object per line.
    """
    from .document import is_jsonl

    _require_inputs(inputs, output)
    reporter = Reporter()
    try:
        gc = _make_geocoder(geocoder, geocoder_options, geocoder_only)
        lines_mode = len(inputs) > 1 or any(is_jsonl(i) or Path(i).is_dir() for i in inputs if i != "-")
        analyses = iter_analyses(inputs, date=_parse_date_option(date), country=country, ner=ner,
                                 given_spans=given_spans, reporter=reporter, geocoder=gc)
        n = _write_json(analyses, output, lines_mode=lines_mode, pretty=pretty)
    except GeomapError as err:
        fail(str(err))
    if n == 0:
        fail("nothing could be analysed" + (f" ({reporter.count} problem(s) above)" if reporter.count else ""))


def _write_json(analyses, output, *, lines_mode: bool, pretty) -> int:
    """Write analyses as JSON (one object) or JSON Lines; returns how many were written."""
    from ._atomic import atomic_open

    def emit(fh) -> int:
        n = 0
        if lines_mode:
            for a in analyses:
                fh.write(json.dumps(a.to_dict(), ensure_ascii=False) + "\n")
                n += 1
        else:
            items = list(analyses)
            for a in items:
                fh.write(json.dumps(a.to_dict(), ensure_ascii=False, indent=None if pretty is False else 2) + "\n")
                n += 1
        return n

    if output is None:
        return emit(sys.stdout)
    with atomic_open(output) as fh:
        n = emit(fh)
        if n == 0:
            raise _NothingWritten()
    return n


class _NothingWritten(GeomapError):
    """Raised inside an atomic write so that an empty result never replaces an existing file."""

    def __str__(self) -> str:
        return "nothing could be analysed; no output written"


# ----------------------------------------------------------------------------- map (issue: maps)


_TILE_CHOICES = ("osm", "positron", "none")


def _map_output_options(f):
    """Options shared by ``map`` and ``report``."""
    f = click.option("--title", default=None, help="Title (default: the document's title or id).")(f)
    f = click.option("--tiles", type=click.Choice(_TILE_CHOICES), default="osm", show_default=True,
                     help="Background tiles, loaded online; where they cannot load, the inline country "
                          "outlines show instead.")(f)
    f = click.option("--cdn", is_flag=True,
                     help="Link Leaflet from its CDN instead of inlining it: a smaller file that needs the network.")(f)
    return f


def _default_output(inputs, suffix: str) -> str:
    """maps/<name of the first input><suffix>, creating maps/ when needed."""
    from .errors import OutputError

    stem = Path(inputs[0]).stem if inputs[0] != "-" else "stdin"
    folder = Path("maps")
    try:
        folder.mkdir(exist_ok=True)
    except OSError as err:
        raise OutputError(f"cannot create the folder {folder}/: {err.strerror or err}") from err
    return str(folder / f"{stem or 'map'}{suffix}")


@main.command("map")
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@common_analysis_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="HTML file to write (default: maps/<first input name>.html, or .fragment.html; "
                   "none when only --png is asked).")
@click.option("--fragment", is_flag=True,
              help="Write an HTML snippet (the map's div and script, no <html>) to paste into a page; "
                   "several fit on one page.")
@click.option("--png", "png", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Write a static image (country outlines, markers, labels; no network). "
                   "Without -o, only the image is written.")
@_map_output_options
def map_cmd(inputs, date, country, ner, geocoder, geocoder_options, geocoder_only, output, fragment, png,
            cdn, tiles, title):
    """An interactive Leaflet map of the places, incidents and claims in INPUT.

    The HTML is self-contained (Leaflet, data and a country-outline basemap inline), so it works
    offline and years later; --cdn makes a small file that loads Leaflet online instead.
    """
    _require_inputs(inputs, output, png)
    written = []
    try:
        analyses = collect_analyses(inputs, date, country, ner, geocoder, geocoder_options, geocoder_only,
                                    nothing="nothing could be analysed; no map written")
        if png:
            from .render import write_png

            write_png(analyses, png, title=title)
            written.append(png)
        if output is not None or not png:
            from .render import write_map

            output = output or _default_output(inputs, ".fragment.html" if fragment else ".html")
            write_map(analyses, output, fragment=fragment, cdn=cdn, tiles=tiles, title=title)
            written.append(output)
    except GeomapError as err:
        fail(str(err))
    for path in written:
        click.echo(path)


# ----------------------------------------------------------------------------- geojson


@main.command()
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@common_analysis_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="GeoJSON file to write (written atomically).")
def geojson(inputs, date, country, ner, geocoder, geocoder_options, geocoder_only, output):
    """An RFC 7946 FeatureCollection of the resolved places in INPUT."""
    from .export import write_geojson

    _require_inputs(inputs, output)
    try:
        analyses = collect_analyses(inputs, date, country, ner, geocoder, geocoder_options, geocoder_only,
                                    nothing="nothing could be analysed; no GeoJSON written")
        write_geojson(analyses, output, layers=("places",))
    except GeomapError as err:
        fail(str(err))
    click.echo(output)


# ----------------------------------------------------------------------------- check (issue: spatial claims)

# the fields of geomap.validate.Tolerance (tests/test_check_cli.py keeps this list in step)
_TOLERANCE_KEYS = ("exact_rel, about_rel, nearly_rel, rounding, min_km, extent_factor, border_precision_km, "
                   "division_extent_km, direction_deg, direction_fine_deg, max_km, min_confidence")


@main.command()
@click.argument("source", metavar="TEXT-or-FILE")
@common_analysis_options
@click.option("--json", "as_json", is_flag=True, help="JSON Lines for tools: one claim object per line.")
@click.option("--tolerance", "tolerance_opts", multiple=True, metavar="KEY=VALUE",
              help=f"Change the tolerance policy (keys: {_TOLERANCE_KEYS}); e.g. --tolerance about_rel=0.2.")
def check(source, date, country, ner, geocoder, geocoder_options, geocoder_only, as_json, tolerance_opts):
    """Check the distance and direction claims of TEXT-or-FILE.

    TEXT-or-FILE is a file (.txt, .html, .jsonl), a folder, - for stdin, or the text itself.
    Prints each claim with its verdict (supported, contradicted, unverifiable), the distance
    measured on the WGS84 ellipsoid and the rule applied; --json prints one JSON object per claim.

    Exit status: 0 no claim contradicted (including when there is no claim); 3 at least one
    claim contradicted; 1 nothing could be analysed; 2 usage error.
    """
    import dataclasses

    from .claims import extract_claims
    from .validate import Tolerance

    opts = {}
    valid = {f.name: f.type for f in dataclasses.fields(Tolerance)}
    for item in tolerance_opts:
        k, sep, v = item.partition("=")
        k = k.strip()
        if not sep or k not in valid:
            raise click.BadParameter(f"{item!r}: use KEY=VALUE with KEY one of {', '.join(valid)}",
                                     param_hint="--tolerance")
        try:
            opts[k] = v.strip().lower() in ("1", "true", "yes", "on") if k == "rounding" else float(v)
        except ValueError:
            raise click.BadParameter(f"{item!r}: {v!r} is not a number", param_hint="--tolerance") from None
        if k != "rounding" and (opts[k] < 0 or opts[k] != opts[k]):
            raise click.BadParameter(f"{item!r}: must be a number >= 0", param_hint="--tolerance")
    tol = Tolerance(**opts)
    reporter = Reporter()
    is_input = source == "-" or _is_existing_path(source)
    if not is_input and not source.strip():
        fail("empty text: give a text, a file, a folder or - for stdin")
    contradicted = analysed = 0
    try:
        gc = _make_geocoder(geocoder, geocoder_options, geocoder_only)
        d = _parse_date_option(date)
        if is_input:
            analyses = iter_analyses([source], date=d, country=country, ner=ner, reporter=reporter,
                                     geocoder=gc, claims=False, incidents=False)
        else:
            from .pipeline import analyze

            analyses = iter([analyze(source, date=d, country=country, ner=None if ner == "none" else ner,
                                     geocoder=gc, claims=False, incidents=False, doc_id="text")])
        for a in analyses:
            analysed += 1
            claims = extract_claims(a, tolerance=tol)
            a.claims = claims
            for c in claims:
                contradicted += c.verdict == "contradicted"
                if as_json:
                    click.echo(json.dumps({"id": a.id, **c.to_dict()}, ensure_ascii=False))
                else:
                    click.echo(_claim_line(a.id if is_input else None, c))
            if not claims and not as_json:
                click.echo(f"{a.id + ': ' if is_input else ''}no distance claim found")
    except GeomapError as err:
        fail(str(err))
    if analysed == 0:
        fail("nothing could be analysed" + (f" ({reporter.count} problem(s) above)" if reporter.count else ""))
    sys.exit(3 if contradicted else 0)


def _is_existing_path(source: str) -> bool:
    """True when SOURCE names a file or folder (not text that happens to be short)."""
    if not source.strip() or "\n" in source or len(source) > 4096:
        return False
    try:
        return Path(source).exists()
    except OSError:  # e.g. a name too long for the file system: it is text
        return False


def _claim_line(doc_id, c) -> str:
    """Human-readable verdict of one claim (a few lines)."""
    mark = {"supported": "SUPPORTED", "contradicted": "CONTRADICTED", "unverifiable": "UNVERIFIABLE"}[c.verdict]
    subj = (c.subject.name or c.subject.text) if c.subject else "?"
    head = f"{doc_id + ': ' if doc_id else ''}{mark}  \"{c.text}\"  (subject: {subj})"
    lines = [head]
    if c.measured_km is not None:
        where = ""
        if c.reference.point:
            where = f" to {c.reference.point[0]:.4f}, {c.reference.point[1]:.4f}"
        said = f"{c.value:g}" + (f"–{c.value_max:g}" if c.value_max is not None else "") + f" {c.unit}"
        if c.unit != "km":
            said += f" = {c.claimed_km:.1f} km"
        lines.append(f"    measured {c.measured_km:.1f} km{where}; claimed {said} ({c.qualifier}); "
                     f"tolerance {c.tolerance_km:.1f} km")
    if c.rule:
        lines.append(f"    rule: {c.rule}")
    if c.reason:
        lines.append(f"    reason: {c.reason}")
    if c.data:
        lines.append(f"    data: {c.data}")
    lines.extend(f"    note: {n}" for n in c.notes)
    return "\n".join(lines)


# ----------------------------------------------------------------------------- export, report (issues: incidents, maps)


@main.command("export")
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@common_analysis_options
@click.option("-f", "--format", "fmt", type=click.Choice(["geojson", "gpkg", "csv"]), default=None,
              help="Output format (default: from the -o file name: .geojson/.json, .gpkg, .csv).")
@click.option("-o", "--output", type=click.Path(dir_okay=False), required=True,
              help="File to write (written atomically: an existing file is replaced only when complete).")
@click.option("--layer", "layers", type=click.Choice(["incidents", "places", "claims"]), multiple=True,
              help="Layer(s) to export for geojson/gpkg (repeatable; default: all three). CSV holds incidents.")
def export_cmd(inputs, date, country, ner, geocoder, geocoder_options, geocoder_only, fmt, output, layers):
    """Incidents, places and claims of INPUT as GeoJSON (RFC 7946), GeoPackage or ACLED-like CSV.

    GeoJSON and GeoPackage hold one layer each for incidents, places and claims (WGS84); CSV holds one
    row per incident with ACLED's column names. Records without a place are kept with null coordinates.
    """
    from .export import export, format_for_path

    _require_inputs(inputs, output)
    fmt = fmt or format_for_path(output)
    if fmt is None:
        raise click.UsageError(f"cannot tell the format of {output!r}: give --format geojson, gpkg or csv")
    try:
        analyses = collect_analyses(inputs, date, country, ner, geocoder, geocoder_options, geocoder_only,
                                    nothing=f"nothing could be analysed; no {fmt} written")
        counts = export(analyses, output, fmt, layers=layers or ("incidents", "places", "claims"))
    except GeomapError as err:
        fail(str(err))
    summary = ", ".join(f"{n} {layer}" for layer, n in counts.items())
    click.echo(f"geomap: wrote {summary} to {output}", err=True)
    click.echo(output)


@main.command()
@click.argument("inputs", nargs=-1, metavar="INPUT...")
@common_analysis_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="HTML file to write (default: maps/<first input name>-report.html).")
@_map_output_options
def report(inputs, date, country, ner, geocoder, geocoder_options, geocoder_only, output, cdn, tiles, title):
    """A standalone HTML report of INPUT: the article with its place names linked to the map,
    the incidents, the claims with their verdicts, the places (located or not) and the map."""
    _require_inputs(inputs, output)
    try:
        analyses = collect_analyses(inputs, date, country, ner, geocoder, geocoder_options, geocoder_only,
                                    nothing="nothing could be analysed; no report written")
        from .render import write_report

        output = output or _default_output(inputs, "-report.html")
        write_report(analyses, output, cdn=cdn, tiles=tiles, title=title)
    except GeomapError as err:
        fail(str(err))
    click.echo(output)


# ----------------------------------------------------------------------------- batch (issue: batch at scale)


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
@click.option("--date", default=None, metavar="YYYY-MM-DD", help="Publication date for documents that give none.")
@click.option("--country", default=None, metavar="CC", help="ISO country code to prefer for ambiguous names.")
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
@click.option("--progress/--no-progress", default=None,
              help="Progress bar with documents/s and ETA (default: only on a terminal).")
@click.option("-q", "--quiet", is_flag=True, help="Do not print per-document problems (they stay in errors.jsonl).")
def batch(input_, outdir, workers, dask_address, resume, overwrite, date, country, ner, given_spans, chunk_size,
          map_limit, skip_outputs, progress, quiet):
    """Analyse a large INPUT into OUTDIR: streamed, resumable, parallel.

    INPUT is a JSON Lines feed ({"id","text","date"?} per line; .gz too; - for stdin) or a folder of
    .txt/.html files. Results are written in input order; per-document problems go to errors.jsonl
    and the run goes on.
    """
    from .batch import BatchOptions, run_batch

    if resume and overwrite:
        raise click.UsageError("--resume and --overwrite exclude each other")
    if dask_address and workers > 1:
        raise click.UsageError("--workers is for local processes; with --dask the cluster's workers are used")
    _parse_date_option(date)
    if progress is None:
        progress = sys.stderr.isatty()
    shown = {"n": 0}
    limit = 20

    def on_error(rec: dict) -> None:
        if quiet:
            return
        shown["n"] += 1
        if shown["n"] <= limit:
            click.echo(f"geomap: {rec['level']}: {rec['message']}", err=True)
        elif shown["n"] == limit + 1:
            click.echo(f"geomap: more problems in {Path(outdir) / 'errors.jsonl'}", err=True)

    options = BatchOptions(date=date, country=country, ner=None if ner == "none" else ner, given_spans=given_spans)
    outputs = [o for o in ("geojson", "gpkg", "map") if o not in skip_outputs]
    try:
        summary = run_batch(input_, outdir, workers=workers, dask=dask_address, resume=resume, overwrite=overwrite,
                            options=options, chunk_size=chunk_size, progress=progress, outputs=outputs,
                            map_limit=map_limit, on_error=on_error)
    except GeomapError as err:
        fail(str(err))
    except KeyboardInterrupt:
        fail(f"interrupted; rerun with --resume to continue in {outdir}", 130)
    for msg in summary.problems:
        click.echo(f"geomap: warning: {msg}", err=True)
    if not quiet:
        for msg in summary.notes:
            click.echo(f"geomap: note: {msg}", err=True)
        rate = f", {summary.docs_per_s:g} documents/s" if summary.docs_per_s else ""
        click.echo(f"geomap: {summary.analysed} documents analysed, {summary.errors} errors, "
                   f"{summary.warnings} warnings in {summary.elapsed_s:g} s{rate}", err=True)
    if summary.analysed == 0:
        fail(f"nothing could be analysed (see {Path(outdir) / 'errors.jsonl'})")
    if summary.problems:  # e.g. a full disk: the analyses are safe, the combined outputs are not all there
        fail(f"{len(summary.problems)} output(s) not written (see above); {Path(outdir) / 'analyses.jsonl'} holds "
             "every analysis: fix the cause and rerun with --resume to rebuild them")
    click.echo(outdir)


# ----------------------------------------------------------------------------- geocoders (issue: geocoders)


def _parse_geocoder_options(options) -> dict:
    opts = {}
    for item in options:
        if "=" not in item:
            raise click.BadParameter(f"{item!r} is not KEY=VALUE", param_hint="--geocoder-option")
        k, v = item.split("=", 1)
        opts[k.strip()] = v
    return opts


@main.command("geocode")
@click.argument("queries", nargs=-1, required=True, metavar="QUERY...")
@click.option("--geocoder", "service", default="geomap", show_default=True, metavar="NAME",
              help="geomap (the embedded gazetteer, offline) or an online service: nominatim, photon, "
                   "arcgis, geonames, ...")
@click.option("--geocoder-option", "geocoder_options", multiple=True, metavar="KEY=VALUE",
              help="Option passed to the geocoder (e.g. user_agent=myapp, country_codes=ua).")
@click.option("--all", "all_candidates", is_flag=True,
              help="Every gazetteer candidate, most important first (offline geocoder only).")
def geocode_cmd(queries, service, geocoder_options, all_candidates):
    """Coordinates of each QUERY ("Springfield, Illinois"), one JSON object a line.

    Exit status 1 when no query was found. Online answers are cached on disk; see README, "Geocoders".
    """
    from .geocoders import GazetteerGeocoder, make_online_geocoder

    reporter = Reporter()
    found = 0
    try:
        opts = _parse_geocoder_options(geocoder_options)
        if all_candidates:
            if service != "geomap":
                raise click.UsageError("--all works with the embedded gazetteer only (--geocoder geomap)")
            gc = GazetteerGeocoder()
            for q in queries:
                locs = gc.geocode(q, exactly_one=False) or []
                for loc in locs:
                    click.echo(json.dumps({"query": q, "address": loc.address, **loc.raw}, ensure_ascii=False))
                if locs:
                    found += 1
                else:
                    reporter(f"{q!r}: not found")
        else:
            online = make_online_geocoder(service, opts)
            for q in queries:
                try:
                    hit = online.lookup(q)
                except GeomapError as err:
                    reporter(f"{q!r}: {err}")
                    continue
                if hit is None:
                    reporter(f"{q!r}: not found")
                    continue
                found += 1
                click.echo(json.dumps({"query": q, "name": hit.name, "lat": hit.lat, "lon": hit.lon,
                                       "address": hit.address, "country_code": hit.country_code,
                                       "admin1": hit.admin1, "feature": hit.feature, "geonameid": hit.geonameid,
                                       "confidence": hit.confidence, "source": service}, ensure_ascii=False))
    except GeomapError as err:
        fail(str(err))
    if not found:
        fail("nothing found")


@main.command("reverse", context_settings={"ignore_unknown_options": True})
@click.argument("lat", type=float)
@click.argument("lon", type=float)
@click.option("--max-distance-km", type=click.FloatRange(min=0), default=None,
              help="No answer when the nearest place is farther than this (at sea, say).")
@click.option("-k", "--nearest", type=click.IntRange(min=1, max=100), default=1, show_default=True,
              help="How many nearest places to list.")
def reverse_cmd(lat, lon, max_distance_km, nearest):
    """Country and first-level division at LAT LON, offline (nearest gazetteer place), as JSON.

    Negative coordinates work as they are: geomap reverse -33.87 151.21.
    Exit status 1 when there is no answer within --max-distance-km.
    """
    from .reverse import get_reverse_geocoder

    try:
        geo = get_reverse_geocoder()
        if nearest > 1:
            hits = [h for h in geo.nearest_k(lat, lon, nearest)
                    if max_distance_km is None or h.distance_km <= max_distance_km]
        else:
            hit = geo.reverse(lat, lon, max_distance_km=max_distance_km)
            hits = [hit] if hit is not None else []
    except GeomapError as err:
        fail(str(err))
    if not hits:
        fail(f"no place within {max_distance_km:g} km of {lat}, {lon}")
    for h in hits:
        click.echo(json.dumps(h.to_dict(), ensure_ascii=False))
