"""Commands that analyse inputs (or read ``extract`` output back) and write one output:
extract, map, geojson, export, report."""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import click

from .common import (
    KEEP_APART_OPTION,
    AnalysisRequest,
    Reporter,
    analysis_options,
    default_output,
    one_incident_per_event,
    require_inputs,
)
from .group import main

INPUTS = click.argument("inputs", nargs=-1, metavar="INPUT...")


@main.command()
@INPUTS
@analysis_options
@click.option("--given-spans", is_flag=True,
              help="JSON Lines input: resolve the records' \"toponyms\" spans instead of recognizing.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default=None,
              help="Write to this file instead of stdout (written atomically).")
@click.option("--pretty/--compact", default=None, help="Indent JSON (default: pretty for a single document).")
def extract(inputs: Sequence[str], request: AnalysisRequest, given_spans: bool, output: str | None,
            pretty: bool | None) -> None:
    """Places, claims and incidents of each INPUT as JSON.

    INPUT is a .txt or .html file, a .jsonl feed ({"id","text","date"?} per line), a folder,
    or - for stdin. JSON Lines input (a file or stdin) gives one JSON object per line.
    """
    from ..export import write_analyses_json

    require_inputs(inputs, output)
    reporter = Reporter()
    stream = request.stream(inputs, reporter, given_spans=given_spans)
    shown = reporter.warnings_of(stream)
    first = list(itertools.islice(shown, 1))  # reading the first input tells whether it holds records
    if not first:
        raise reporter.nothing("nothing could be analysed")
    write_analyses_json(itertools.chain(first, shown), output, lines=stream.several, pretty=pretty)


_TILE_CHOICES = ("osm", "positron", "none")


@dataclass(frozen=True)
class PageLook:
    """How an HTML map or report looks: its title, background tiles, and where Leaflet comes from."""

    title: str | None
    tiles: str
    cdn: bool

    def network_note(self) -> str | None:
        """What the page will load from the network when opened (None: nothing)."""
        from ..render import tiles_notice

        return tiles_notice(self.tiles, cdn=self.cdn)


def page_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Options shared by ``map`` and ``report``; the command gets them as one ``look``."""

    @functools.wraps(command)
    def with_look(*args: Any, **kwargs: Any) -> Any:
        look = PageLook(title=kwargs.pop("title"), tiles=kwargs.pop("tiles"), cdn=kwargs.pop("cdn"))
        return command(*args, look=look, **kwargs)

    with_look = click.option("--cdn", is_flag=True,
                             help="Link Leaflet from its CDN instead of inlining it: a smaller file that "
                                  "needs the network.")(with_look)
    with_look = click.option("--tiles", type=click.Choice(_TILE_CHOICES), default="osm", show_default=True,
                             help="Background tiles, loaded online from OpenStreetMap's servers when the page "
                                  "is opened (--tiles none: no requests); where they cannot load, the inline "
                                  "country outlines show instead.")(with_look)
    return click.option("--title", default=None, help="Title (default: the document's title or id).")(with_look)


@main.command("map")
@INPUTS
@analysis_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="HTML file to write (default: maps/<first input name>.html, or .fragment.html; "
                   "none when only --png is asked).")
@click.option("--fragment", is_flag=True,
              help="Write an HTML snippet (the map's div and script, no <html>) to paste into a page; "
                   "several fit on one page.")
@click.option("--png", "png", type=click.Path(dir_okay=False), default=None, metavar="FILE",
              help="Write a static image (country outlines, markers, labels; no network). "
                   "Without -o, only the image is written.")
@KEEP_APART_OPTION
@page_options
def map_cmd(inputs: Sequence[str], request: AnalysisRequest, output: str | None, fragment: bool,
            png: str | None, keep_apart: bool, look: PageLook) -> None:
    """An interactive Leaflet map of the places, incidents and claims in INPUT.

    The HTML is self-contained (Leaflet, data and a country-outline basemap inline), so it works
    offline and years later; --cdn makes a small file that loads Leaflet online instead.
    INPUT may also be `geomap extract` output (JSON or JSON Lines), drawn as it is. An event that
    several documents report is one marker whose popup lists every report (--keep-reports-apart: one each).
    """
    require_inputs(inputs, output, png)
    analyses = request.analyses(inputs, Reporter(), nothing="nothing could be analysed; no map written")
    analyses = one_incident_per_event(analyses, keep_apart)
    written = []
    if png:
        from ..render import write_png

        write_png(analyses, png, title=look.title)
        written.append(png)
    if output is not None or not png:
        from ..render import write_map

        output = output or default_output(inputs, ".fragment.html" if fragment else ".html")
        write_map(analyses, output, fragment=fragment, cdn=look.cdn, tiles=look.tiles, title=look.title)
        written.append(output)
        _say_network(look)
    for path in written:
        click.echo(path)


def _say_network(look: PageLook) -> None:
    note = look.network_note()
    if note:
        click.echo(f"geomap: {note}", err=True)


@main.command()
@INPUTS
@analysis_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), required=True,
              help="GeoJSON file to write (written atomically; - for stdout).")
def geojson(inputs: Sequence[str], request: AnalysisRequest, output: str) -> None:
    """An RFC 7946 FeatureCollection of the resolved places in INPUT."""
    from ..export import write_geojson

    require_inputs(inputs, output)
    analyses = request.analyses(inputs, Reporter(), nothing="nothing could be analysed; no GeoJSON written")
    write_geojson(analyses, output, layers=("places",))
    if output != "-":
        click.echo(output)


@main.command("export")
@INPUTS
@analysis_options
@click.option("-f", "--format", "fmt", type=click.Choice(["geojson", "gpkg", "csv"]), default=None,
              help="Output format (default: from the -o file name: .geojson/.json, .gpkg, .csv).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), required=True,
              help="File to write (written atomically: an existing file is replaced only when complete); "
                   "- writes GeoJSON or CSV to stdout.")
@click.option("--layer", "layers", type=click.Choice(["incidents", "places", "claims"]), multiple=True,
              help="Layer(s) to export (repeatable; default: all three). CSV holds incidents, "
                   "or places with --layer places.")
@KEEP_APART_OPTION
def export_cmd(inputs: Sequence[str], request: AnalysisRequest, fmt: str | None, output: str,
               layers: tuple[str, ...], keep_apart: bool) -> None:
    """Incidents, places and claims of INPUT as GeoJSON (RFC 7946), GeoPackage or ACLED-like CSV.

    GeoJSON and GeoPackage hold one layer each for incidents, places and claims (WGS84); CSV holds one
    row per incident with ACLED's column names (or one per place). Records without a place are kept
    with null coordinates. INPUT may also be `geomap extract` output, exported as it is.
    An event that several documents report is one incident with its sources (the n_sources and sources
    fields); --keep-reports-apart keeps one incident per report.
    """
    from ..export import export, format_for_path

    require_inputs(inputs, output)
    fmt = fmt or format_for_path(output)
    if fmt is None:
        raise click.UsageError(f"cannot tell the format of {output!r}: give --format geojson, gpkg or csv")
    if output == "-" and fmt == "gpkg":
        raise click.UsageError("a GeoPackage cannot go to stdout: give a file name with -o")
    analyses = request.analyses(inputs, Reporter(), nothing=f"nothing could be analysed; no {fmt} written")
    analyses = one_incident_per_event(analyses, keep_apart)
    counts = export(analyses, output, fmt, layers=layers or ("incidents", "places", "claims"))
    summary = ", ".join(f"{n} {layer}" for layer, n in counts.items())
    click.echo(f"geomap: wrote {summary} to {output if output != '-' else 'stdout'}", err=True)
    if output != "-":
        click.echo(output)


@main.command()
@INPUTS
@analysis_options
@click.option("-o", "--output", type=click.Path(dir_okay=False), default=None,
              help="HTML file to write (default: maps/<first input name>-report.html).")
@KEEP_APART_OPTION
@page_options
def report(inputs: Sequence[str], request: AnalysisRequest, output: str | None, keep_apart: bool,
           look: PageLook) -> None:
    """A standalone HTML report of INPUT: the article with its place names linked to the map,
    the incidents, the claims with their verdicts, the places (located or not) and the map.
    An event that several documents report is one incident (--keep-reports-apart: one per report)."""
    from ..render import write_report

    require_inputs(inputs, output)
    analyses = request.analyses(inputs, Reporter(), nothing="nothing could be analysed; no report written")
    analyses = one_incident_per_event(analyses, keep_apart)
    output = output or default_output(inputs, "-report.html")
    write_report(analyses, output, cdn=look.cdn, tiles=look.tiles, title=look.title)
    _say_network(look)
    click.echo(output)
