"""``geomap geocode`` and ``geomap reverse``: look up names and coordinates, one JSON object a line."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import click

from ..errors import GeomapError
from .common import Reporter, parse_key_values
from .group import BadInput, main


@main.command("geocode")
@click.argument("queries", nargs=-1, required=True, metavar="QUERY...")
@click.option("--geocoder", "service", default="geomap", show_default=True, metavar="NAME",
              help="geomap (the embedded gazetteer, offline) or an online service: nominatim, photon, "
                   "arcgis, geonames, ...")
@click.option("--geocoder-option", "geocoder_options", multiple=True, metavar="KEY=VALUE",
              help="Option passed to the geocoder (e.g. user_agent=myapp, country_codes=ua).")
@click.option("--all", "all_candidates", is_flag=True,
              help="Every gazetteer candidate, most important first (offline geocoder only).")
def geocode_cmd(queries: Sequence[str], service: str, geocoder_options: tuple[str, ...],
                all_candidates: bool) -> None:
    """Coordinates of each QUERY ("Springfield, Illinois"), one JSON object a line.

    Exit status 1 when no query was found. Online answers are cached on disk; see README, "Geocoders".
    """
    options = parse_key_values(geocoder_options, "--geocoder-option")
    reporter = Reporter()
    if all_candidates:
        if service != "geomap":
            raise click.UsageError("--all works with the embedded gazetteer only (--geocoder geomap)")
        found = _all_candidates(queries, reporter)
    else:
        found = _online(queries, service, options, reporter)
    if not found:
        raise BadInput("nothing found")


def _all_candidates(queries: Sequence[str], reporter: Reporter) -> int:
    from ..geocoders import GazetteerGeocoder

    gazetteer = GazetteerGeocoder()
    found = 0
    for q in queries:
        locations = gazetteer.geocode(q, exactly_one=False) or []
        for loc in locations:
            click.echo(json.dumps({"query": q, "address": loc.address, **loc.raw}, ensure_ascii=False))
        if locations:
            found += 1
        else:
            reporter(f"{q!r}: not found")
    return found


def _online(queries: Sequence[str], service: str, options: dict[str, Any], reporter: Reporter) -> int:
    from ..geocoders import make_online_geocoder

    online = make_online_geocoder(service, options)
    found = 0
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
    return found


@main.command("reverse", context_settings={"ignore_unknown_options": True})
@click.argument("lat", type=float)
@click.argument("lon", type=float)
@click.option("--max-distance-km", type=click.FloatRange(min=0), default=None,
              help="No answer when the nearest place is farther than this (at sea, say).")
@click.option("-k", "--nearest", type=click.IntRange(min=1, max=100), default=1, show_default=True,
              help="How many nearest places to list.")
def reverse_cmd(lat: float, lon: float, max_distance_km: float | None, nearest: int) -> None:
    """Country and first-level division at LAT LON, offline (nearest gazetteer place), as JSON.

    Negative coordinates work as they are: geomap reverse -33.87 151.21.
    Exit status 1 when there is no answer within --max-distance-km.
    """
    from ..reverse import get_reverse_geocoder

    geo = get_reverse_geocoder()
    if nearest > 1:
        hits = [h for h in geo.nearest_k(lat, lon, nearest)
                if max_distance_km is None or h.distance_km <= max_distance_km]
    else:
        hit = geo.reverse(lat, lon, max_distance_km=max_distance_km)
        hits = [hit] if hit is not None else []
    if not hits:
        raise BadInput(f"no place within {max_distance_km:g} km of {lat}, {lon}")
    for h in hits:
        click.echo(json.dumps(h.to_dict(), ensure_ascii=False))
