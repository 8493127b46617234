"""`geomap geocode`, `geomap reverse`, the --geocoder options, and the fallback geocoder end to end
(embedded gazetteer; online services faked, never reached)."""

from __future__ import annotations

import json
import os
import socket

import pytest
from click.testing import CliRunner
from geopy.adapters import BaseSyncAdapter

import geomap
from geomap import geocoders as G
from geomap.cli import main


def run(*args, env=None):
    result = CliRunner().invoke(main, list(args), env=env)
    assert "Traceback" not in (result.output or "")
    return result


def lines(output):
    return [json.loads(line) for line in output.splitlines() if line.startswith("{")]


def test_reverse_command():
    r = run("reverse", "-33.87", "151.21")
    assert r.exit_code == 0, r.output
    (hit,) = lines(r.output)
    assert hit["country_code"] == "AU" and hit["admin1"] == "New South Wales" and hit["distance_km"] < 5
    r = run("reverse", "50.0", "36.3", "-k", "3")
    assert [h["country_code"] for h in lines(r.output)] == ["UA"] * 3


@pytest.mark.parametrize("args, message", [
    (("reverse", "91", "0"), "out of range"),
    (("reverse", "0", "-140", "--max-distance-km", "100"), "no place within 100 km"),
])
def test_reverse_command_errors(args, message):
    r = run(*args)
    assert r.exit_code == 1 and message in r.output
    assert len(r.output.strip().splitlines()) == 1


def test_geocode_command_offline():
    r = run("geocode", "Springfield, Illinois", "Paris, TX")
    assert r.exit_code == 0, r.output
    il, tx = lines(r.output)
    assert (il["country_code"], il["admin1"], round(il["lat"], 1)) == ("US", "Illinois", 39.8)
    assert (tx["admin1"], tx["source"]) == ("Texas", "geomap")
    r = run("geocode", "--all", "Springfield")
    assert len({h["admin1_code"] for h in lines(r.output)}) >= 3
    r = run("geocode", "Qwzxv-on-the-Nothing")
    assert r.exit_code == 1 and "not found" in r.output


def test_geocode_command_configuration_errors(monkeypatch):
    monkeypatch.delenv("GEOMAP_USER_AGENT", raising=False)
    r = run("geocode", "--geocoder", "nominatim", "Kharkiv")
    assert r.exit_code == 1 and "user agent" in r.output
    r = run("geocode", "--geocoder", "nope", "Kharkiv")
    assert r.exit_code == 1 and "unknown geocoder" in r.output
    r = run("geocode", "--geocoder-option", "oops", "Kharkiv")
    assert r.exit_code == 2 and "KEY=VALUE" in r.output


def test_extract_geocoder_options_are_checked_before_any_request(tmp_path, monkeypatch):
    monkeypatch.delenv("GEOMAP_USER_AGENT", raising=False)
    src = tmp_path / "a.txt"
    src.write_text("Shelling hit Kharkiv overnight.", encoding="utf-8")
    r = run("extract", str(src), "--geocoder", "nominatim")
    assert r.exit_code == 1 and "user agent" in r.output
    r = run("extract", str(src), "--geocoder-only")
    assert r.exit_code == 2 and "--geocoder" in r.output


class _OneTown(BaseSyncAdapter):
    """A fake Nominatim that knows one made-up town and counts its requests."""

    requests: list[str] = []

    def __init__(self, *, proxies, ssl_context):
        super().__init__(proxies=proxies, ssl_context=ssl_context)

    def get_json(self, url, *, timeout, headers):
        _OneTown.requests.append(url)
        if "Blorptown" in url:
            return [{"lat": "49.95", "lon": "36.40", "display_name": "Blorptown, Kharkiv Oblast, Ukraine",
                     "name": "Blorptown", "addresstype": "village", "importance": 0.3,
                     "address": {"village": "Blorptown", "country_code": "ua"}}]
        return []

    def get_text(self, url, *, timeout, headers):  # pragma: no cover
        raise NotImplementedError


def test_analyze_with_fallback_geocoder(tmp_path):
    _OneTown.requests = []
    text = "Shelling hit Kharkiv and the village of Blorptown overnight."
    spans = [(text.index("Kharkiv"), text.index("Kharkiv") + 7), (text.index("Blorptown"), text.index("Blorptown") + 9)]
    sleeps = []
    fb = G.make_fallback_geocoder("nominatim", {"user_agent": "geomap-tests", "adapter_factory": _OneTown,
                                                "cache": str(tmp_path / "c.sqlite")},
                                  clock=lambda: 0.0, sleep=sleeps.append)
    a = geomap.analyze(text, given_spans=spans, geocoder=fb, claims=False, incidents=False)
    kharkiv, blorp = a.places
    assert kharkiv.resolved and kharkiv.reason != "online:nominatim"  # the gazetteer's answer stands
    assert blorp.resolved and blorp.reason == "online:nominatim"
    assert (blorp.country_code, blorp.feature) == ("UA", "city")
    assert blorp.admin1 == "Kharkiv Oblast"  # filled offline from the point
    assert len(_OneTown.requests) == 1 and a.warnings == []
    geomap.analyze(text, given_spans=spans, geocoder=fb, claims=False, incidents=False)
    assert len(_OneTown.requests) == 1  # cached


def _online_enabled() -> bool:
    if os.environ.get("GEOMAP_ONLINE_TESTS") != "1":
        return False
    try:
        socket.create_connection(("nominatim.openstreetmap.org", 443), timeout=5).close()
        return True
    except OSError:
        return False


@pytest.mark.online
@pytest.mark.skipif(not _online_enabled(), reason="online tests are opt-in: GEOMAP_ONLINE_TESTS=1 and network")
def test_live_nominatim(tmp_path):
    g = G.make_online_geocoder("nominatim", {"user_agent": "geomap-test-suite",
                                             "cache": str(tmp_path / "live.sqlite")})
    hit = g.lookup("Kharkiv, Ukraine")
    assert hit is not None and hit.country_code == "UA"
    assert abs(hit.lat - 50.0) < 0.5 and abs(hit.lon - 36.25) < 0.5
    sent = g.requests
    assert g.lookup("Kharkiv, Ukraine").lat == hit.lat and g.requests == sent
