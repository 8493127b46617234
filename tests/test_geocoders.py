"""geomap.geocoders, offline: the gazetteer as a geopy geocoder, and online services driven through
fake HTTP adapters (timeouts, HTTP 429 / 5xx, malformed JSON, empty answers)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

import geopy.exc as gexc
import geopy.geocoders
import pytest
from geopy.adapters import AdapterHTTPError, BaseSyncAdapter

from geomap import geocoders as G
from geomap.errors import GeocoderError
from geomap.model import Analysis, Document, Place
from geomap.reverse import ReverseGeocoder

# ----------------------------------------------------------------------------- a small hand-made gazetteer


@dataclass
class Entry:
    geonameid: int
    name: str
    lat: float
    lon: float
    feature: str
    feature_code: str
    country_code: str
    admin1_code: str
    population: int
    aliases: tuple[str, ...] = ()


ENTRIES = [
    Entry(1, "United States", 39.76, -98.5, "country", "PCLI", "US", "", 330_000_000, ("USA", "American")),
    Entry(2, "France", 46.0, 2.0, "country", "PCLI", "FR", "", 67_000_000, ("French",)),
    Entry(3, "Georgia", 42.0, 43.5, "country", "PCLI", "GE", "", 3_700_000),
    Entry(4, "Ukraine", 49.0, 32.0, "country", "PCLI", "UA", "", 41_000_000),
    Entry(10, "Illinois", 40.0, -89.25, "admin1", "ADM1", "US", "IL", 12_800_000),
    Entry(11, "Missouri", 38.25, -92.5, "admin1", "ADM1", "US", "MO", 6_100_000),
    Entry(12, "Texas", 31.25, -99.25, "admin1", "ADM1", "US", "TX", 29_000_000),
    Entry(13, "Georgia", 32.75, -83.5, "admin1", "ADM1", "US", "GA", 10_700_000),
    Entry(14, "Ile-de-France", 48.5, 2.5, "admin1", "ADM1", "FR", "11", 12_000_000),
    Entry(15, "Kharkivska Oblast", 49.5, 36.5, "admin1", "ADM1", "UA", "07", 2_600_000),
    Entry(100, "Springfield", 37.2, -93.3, "city", "PPLA2", "US", "MO", 169_000),
    Entry(101, "Springfield", 39.8, -89.64, "city", "PPLA", "US", "IL", 114_000),
    Entry(102, "Paris", 48.85, 2.35, "city", "PPLC", "FR", "11", 2_100_000),
    Entry(103, "Paris", 33.66, -95.55, "city", "PPLA2", "US", "TX", 25_000),
    Entry(104, "Atlanta", 33.75, -84.39, "city", "PPLA", "US", "GA", 500_000),
    Entry(105, "Kharkiv", 49.99, 36.23, "city", "PPLA", "UA", "07", 1_400_000),
    Entry(106, "Chicago", 41.88, -87.63, "city", "PPL", "US", "IL", 2_700_000),
]


class FakeGazetteer:
    """The gazetteer API geomap.geocoders relies on, over ENTRIES."""

    def __init__(self, entries=ENTRIES):
        self.entries = list(entries)

    def lookup(self, name):
        key = name.casefold()
        found = [e for e in self.entries if e.name.casefold() == key or key in (a.casefold() for a in e.aliases)]
        return sorted(found, key=lambda e: -e.population)

    def get(self, gid):
        return next((e for e in self.entries if e.geonameid == gid), None)

    def country(self, cc):
        return next((e for e in self.entries if e.feature == "country" and e.country_code == cc), None)

    def country_code_for(self, text):
        if len(text) == 2 and text.isupper() and self.country(text):
            return text
        for e in self.lookup(text):
            if e.feature == "country":
                return e.country_code
        return None

    def admin1_name(self, cc, code):
        return next((e.name for e in self.entries if e.feature == "admin1" and e.country_code == cc
                     and e.admin1_code == code), None)

    def iter_entries(self):
        return iter(self.entries)


@pytest.fixture
def gaz_geocoder():
    gaz = FakeGazetteer()
    return G.GazetteerGeocoder(gazetteer=gaz, reverse_geocoder=ReverseGeocoder.from_gazetteer(gaz))


def test_gazetteer_geocoder_filters_by_division_and_country(gaz_geocoder):
    assert gaz_geocoder.geocode("Springfield").raw["admin1_code"] == "MO"  # most populous first
    il = gaz_geocoder.geocode("Springfield, Illinois")
    assert (il.latitude, il.longitude) == (39.8, -89.64)
    assert il.address == "Springfield, Illinois, United States"
    assert gaz_geocoder.geocode("Springfield, IL").raw["geonameid"] == 101
    assert gaz_geocoder.geocode("Paris, France").raw["country_code"] == "FR"
    assert gaz_geocoder.geocode("Paris, Texas").raw["geonameid"] == 103
    assert gaz_geocoder.geocode("Paris, TX, USA").raw["geonameid"] == 103
    # "Georgia" is a country and a US state: either reading is kept.
    assert gaz_geocoder.geocode("Atlanta, Georgia").raw["geonameid"] == 104
    # A recognised qualifier that excludes every candidate gives nothing, not the wrong Paris.
    assert gaz_geocoder.geocode("Paris, Ukraine") is None
    # Unrecognised qualifiers (a street, a code no candidate has) are ignored.
    assert gaz_geocoder.geocode("Kharkiv, Sumska Street 12").raw["geonameid"] == 105
    assert gaz_geocoder.geocode("Kharkiv, ZZ").raw["geonameid"] == 105
    assert gaz_geocoder.geocode(", ,") is None


def test_gazetteer_geocoder_geopy_conventions(gaz_geocoder):
    both = gaz_geocoder.geocode("Paris", exactly_one=False)
    assert [loc.raw["geonameid"] for loc in both] == [102, 103]
    assert gaz_geocoder.geocode("Paris", exactly_one=False, limit=1)[0].raw["geonameid"] == 102
    assert gaz_geocoder.geocode("Nowhere-on-Earth") is None
    assert gaz_geocoder.geocode("   ") is None
    assert gaz_geocoder.geocode("Paris", country_codes=["us"]).raw["geonameid"] == 103
    assert gaz_geocoder.geocode("Georgia", features="admin1").raw["country_code"] == "US"
    assert gaz_geocoder.geocode({"city": "Springfield", "state": "Illinois"}).raw["geonameid"] == 101
    assert gaz_geocoder.geocode("France").address == "France"


def test_gazetteer_geocoder_reverse(gaz_geocoder):
    loc = gaz_geocoder.reverse("48.90, 2.40")
    assert loc.raw["geonameid"] == 102 and loc.raw["admin1"] == "Ile-de-France"
    assert 0 < loc.raw["distance_km"] < 10
    near = gaz_geocoder.reverse((39.9, -89.5), exactly_one=False, limit=3)
    assert near[0].raw["geonameid"] == 101
    assert [loc.raw["distance_km"] for loc in near] == sorted(loc.raw["distance_km"] for loc in near)


def test_registered_with_geopy():
    cls = geopy.geocoders.get_geocoder_for_service("geomap")
    assert cls is G.GazetteerGeocoder
    assert issubclass(cls, geopy.geocoders.base.Geocoder)


# ----------------------------------------------------------------------------- fake HTTP for online services


class Script:
    """Answers a fake adapter gives, in order: JSON values, exceptions, or ("http", status, headers)."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.urls: list[str] = []
        self.headers: list[dict] = []

    def factory(self):
        script = self

        class FakeAdapter(BaseSyncAdapter):
            def __init__(self, *, proxies, ssl_context):
                super().__init__(proxies=proxies, ssl_context=ssl_context)

            def get_json(self, url, *, timeout, headers):
                script.urls.append(url)
                script.headers.append(headers)
                if not script.answers:
                    raise AssertionError(f"unexpected request {url}")
                a = script.answers.pop(0)
                if isinstance(a, BaseException):
                    raise a
                if isinstance(a, tuple) and a and a[0] == "http":
                    raise AdapterHTTPError(f"HTTP {a[1]}", status_code=a[1], headers=a[2] if len(a) > 2 else {},
                                           text="")
                return a

            def get_text(self, url, *, timeout, headers):
                raise AssertionError("get_text not expected")

        return FakeAdapter


def kharkiv_answer(name="Kharkiv", lat="49.99", lon="36.23"):
    return [{"lat": lat, "lon": lon, "display_name": f"{name}, Kharkiv Oblast, Ukraine", "name": name,
             "addresstype": "city", "importance": 0.6,
             "address": {"city": name, "state": "Kharkiv Oblast", "country_code": "ua"}}]


class Clock:
    def __init__(self):
        self.t = 0.0
        self.sleeps: list[float] = []

    def clock(self):
        return self.t

    def sleep(self, s):
        self.sleeps.append(s)
        self.t += s


def nominatim(script, tmp_path=None, clock=None, **options):
    clock = clock or Clock()
    opts = {"user_agent": "geomap-tests", "adapter_factory": script.factory(), **options}
    cache = G.GeocodeCache(tmp_path / "cache.sqlite") if tmp_path is not None else False
    return G.make_online_geocoder("nominatim", opts, cache=cache, clock=clock.clock, sleep=clock.sleep)


def analysis_with(*texts, resolved=()):
    doc = Document(text=" ".join(texts))
    places, pos = [], 0
    for t in texts:
        p = Place(text=t, start=pos, end=pos + len(t))
        if t in resolved:
            p.lat, p.lon, p.name, p.country_code, p.reason = 1.0, 2.0, t, "XX", "gazetteer"
        places.append(p)
        pos += len(t) + 1
    return Analysis(document=doc, places=places)


# ----------------------------------------------------------------------------- configuration


def test_unknown_service_and_option():
    with pytest.raises(GeocoderError, match="unknown geocoder 'nope'.*nominatim"):
        G.make_online_geocoder("nope")
    with pytest.raises(GeocoderError, match="no option 'colour'"):
        G.make_online_geocoder("photon", {"colour": "red"}, cache=False)


def test_nominatim_needs_a_user_agent(monkeypatch):
    monkeypatch.delenv("GEOMAP_USER_AGENT", raising=False)
    with pytest.raises(GeocoderError, match="user agent"):
        G.make_online_geocoder("nominatim", cache=False)
    with pytest.raises(GeocoderError, match="user agent"):
        G.make_online_geocoder("nominatim", {"user_agent": "geopy/2.4"}, cache=False)
    monkeypatch.setenv("GEOMAP_USER_AGENT", "geomap-tests/1")
    g = G.make_online_geocoder("nominatim", cache=False)
    assert g.geocoder.headers["User-Agent"] == "geomap-tests/1"


def test_nominatim_public_server_is_limited_to_one_request_a_second():
    g = G.make_online_geocoder("nominatim", {"user_agent": "t", "min_delay_seconds": "0.1"}, cache=False)
    assert g._limited.min_delay_seconds == 1.0
    g = G.make_online_geocoder("nominatim", {"user_agent": "t", "min_delay_seconds": "0.1",
                                             "domain": "nominatim.example.org"}, cache=False)
    assert g._limited.min_delay_seconds == 0.1


def test_credentials_from_environment(monkeypatch):
    monkeypatch.delenv("GEOMAP_GEONAMES_USERNAME", raising=False)
    with pytest.raises(GeocoderError, match="GEOMAP_GEONAMES_USERNAME"):
        G.make_online_geocoder("geonames", cache=False)
    monkeypatch.setenv("GEOMAP_GEONAMES_USERNAME", "someone")
    assert G.make_online_geocoder("geonames", cache=False).geocoder.username == "someone"
    monkeypatch.delenv("GEOMAP_BING_API_KEY", raising=False)
    with pytest.raises(GeocoderError, match="GEOMAP_BING_API_KEY"):
        G.make_online_geocoder("bing", cache=False)
    monkeypatch.setenv("GEOMAP_BING_API_KEY", "k123")
    assert G.make_online_geocoder("bing", cache=False).geocoder.api_key == "k123"
    # the generic alias works whatever geopy names the key
    monkeypatch.setenv("GEOMAP_HEREV7_API_KEY", "h456")
    assert G.make_online_geocoder("herev7", cache=False).geocoder.apikey == "h456"


def test_string_options_are_typed():
    g = G.make_online_geocoder("nominatim", {"user_agent": "t", "timeout": "5", "addressdetails": "false",
                                             "language": "en", "max_retries": "4"}, cache=False)
    assert g.geocoder.timeout == 5.0
    assert g.query_options == {"addressdetails": False, "language": "en"}
    assert g.max_retries == 4
    with pytest.raises(GeocoderError, match="timeout"):
        G.make_online_geocoder("photon", {"timeout": "soon"}, cache=False)


# ----------------------------------------------------------------------------- cache, rate limit, retries


def test_cache_means_no_query_is_sent_twice(tmp_path):
    script = Script(kharkiv_answer(), [])
    g = nominatim(script, tmp_path)
    hit = g.lookup("Kharkiv")
    assert (hit.lat, hit.lon, hit.country_code, hit.feature) == (49.99, 36.23, "UA", "city")
    assert g.lookup("  kharkiv ").name == "Kharkiv"  # same query, normalised
    assert g.lookup("Atlantis") is None  # empty answer...
    assert len(script.urls) == 2
    again = nominatim(Script(), tmp_path)  # a new run: everything comes from disk, the script is empty
    assert again.lookup("Kharkiv").lat == 49.99
    assert again.lookup("Atlantis") is None  # ...is cached too
    assert again.requests == 0
    assert len(G.GeocodeCache(tmp_path / "cache.sqlite")) == 2


def test_cache_key_depends_on_answer_changing_options_only(tmp_path):
    script = Script(kharkiv_answer(), kharkiv_answer())
    nominatim(script, tmp_path).lookup("Kharkiv")
    nominatim(script, tmp_path, user_agent="another-agent", timeout="3").lookup("Kharkiv")
    assert len(script.urls) == 1
    nominatim(script, tmp_path, country_codes="ua").lookup("Kharkiv")
    assert len(script.urls) == 2


def test_cache_uses_parameterised_sql(tmp_path):
    script = Script([])
    g = nominatim(script, tmp_path)
    nasty = "O'Brien\"; DROP TABLE answers; --"
    assert g.lookup(nasty) is None
    con = sqlite3.connect(tmp_path / "cache.sqlite")
    assert con.execute("SELECT query FROM answers").fetchall() == [(nasty.casefold(),)]
    con.close()


def test_rate_limit_spaces_requests():
    clock = Clock()
    g = nominatim(Script(kharkiv_answer(), [], []), clock=clock)
    for q in ("Kharkiv", "A", "B"):
        g.lookup(q)
    assert clock.sleeps == [pytest.approx(1.0), pytest.approx(1.0)]


def test_transient_errors_are_retried_with_backoff():
    clock = Clock()
    script = Script(("http", 503), gexc.GeocoderTimedOut("slow"), kharkiv_answer())
    g = nominatim(script, clock=clock, backoff_seconds="2", min_delay_seconds="0")
    assert g.lookup("Kharkiv").country_code == "UA"
    assert len(script.urls) == 3
    assert clock.sleeps[:2] == [2.0, 4.0]


def test_retry_after_is_respected():
    clock = Clock()
    script = Script(("http", 429, {"retry-after": "7"}), kharkiv_answer())
    g = nominatim(script, clock=clock, backoff_seconds="1")
    assert g.lookup("Kharkiv") is not None
    assert 7.0 in clock.sleeps


def test_failures_are_not_cached(tmp_path):
    script = Script(("http", 500), ("http", 500), ("http", 500), kharkiv_answer())
    g = nominatim(script, tmp_path)
    with pytest.raises(GeocoderError, match="HTTP 500"):
        g.lookup("Kharkiv")
    assert len(script.urls) == 3  # one try + two retries
    assert nominatim(script, tmp_path).lookup("Kharkiv").lat == 49.99  # asked again, not a cached miss


def test_client_errors_are_not_retried():
    script = Script(("http", 400))
    with pytest.raises(GeocoderError):
        nominatim(script).lookup("Kharkiv")
    assert len(script.urls) == 1


# ----------------------------------------------------------------------------- filling an analysis


@pytest.mark.filterwarnings("ignore::UserWarning")  # geopy warns about the latitude of 95
@pytest.mark.parametrize("answer, why", [
    (gexc.GeocoderTimedOut("read timed out"), "timed out"),
    (("http", 429), "rate limited"),
    (("http", 500), "HTTP 500"),
    (("http", 502), "HTTP 502"),
    (gexc.GeocoderParseError("Could not deserialize"), "malformed"),
    ({"unexpected": "shape"}, "malformed"),
    ([{"lat": "north", "lon": "1"}], "malformed"),
    ([{"lat": "95.0", "lon": "1", "display_name": "x"}], "malformed"),
    ([], "no result"),
])
def test_failures_leave_places_unresolved_with_a_warning(answer, why):
    script = Script(*([answer] * 3))
    fb = G.FallbackGeocoder(nominatim(script, max_retries="2"))
    a = analysis_with("Zorya", "Kyiv", resolved=("Kyiv",))
    fb.fill(a)  # never raises
    zorya, kyiv = a.places
    assert not zorya.resolved and zorya.reason.startswith("online:nominatim")
    assert kyiv.resolved and kyiv.reason == "gazetteer"
    assert len(a.warnings) == 1 and why in a.warnings[0] and "'Zorya'" in a.warnings[0]
    assert "nominatim" in a.warnings[0]


def test_fill_resolves_unresolved_places_only(monkeypatch):
    script = Script(kharkiv_answer("Zolochiv", "50.28", "35.98"))
    fb = G.FallbackGeocoder(nominatim(script), reverse_fill=False)
    a = analysis_with("Zolochiv", "Kyiv", "Russian", resolved=("Kyiv",))
    a.places[2].mention = "demonym"
    fb.fill(a)
    z, kyiv, russian = a.places
    assert (z.lat, z.lon, z.name, z.country_code, z.feature) == (50.28, 35.98, "Zolochiv", "UA", "city")
    assert z.admin1 == "Kharkiv Oblast" and z.reason == "online:nominatim"
    assert 0.4 < z.confidence <= 0.9
    assert (kyiv.lat, kyiv.reason) == (1.0, "gazetteer")
    assert not russian.resolved
    assert len(script.urls) == 1 and "Zolochiv" in script.urls[0]
    assert a.warnings == []
    assert a.to_dict()["places"][0]["reason"] == "online:nominatim"


def test_replace_mode_geocodes_everything(monkeypatch):
    script = Script(kharkiv_answer(), [])
    clock = Clock()
    fb = G.make_fallback_geocoder("nominatim", {"user_agent": "t", "adapter_factory": script.factory()},
                                  replace=True, cache=False, clock=clock.clock, sleep=clock.sleep)
    a = analysis_with("Kharkiv", "Kyiv", resolved=("Kharkiv", "Kyiv"))
    fb.fill(a)
    kharkiv, kyiv = a.places
    assert kharkiv.reason == "online:nominatim" and kharkiv.lat == 49.99
    assert not kyiv.resolved and kyiv.country_code is None and "no result" in a.warnings[0]


def test_refusal_stops_asking():
    script = Script(("http", 401))
    fb = G.FallbackGeocoder(nominatim(script))
    a = analysis_with("A", "B", "C")
    fb.fill(a)
    assert len(script.urls) == 1
    assert not any(p.resolved for p in a.places)
    assert any("'B', 'C'" in w and "refused" in w for w in a.warnings)


def test_repeated_transient_failures_give_up():
    script = Script(*[gexc.GeocoderUnavailable("down")] * 3)
    fb = G.FallbackGeocoder(nominatim(script, max_retries="0"))
    a = analysis_with("A", "B", "C", "D", "E")
    fb.fill(a)
    assert len(script.urls) == G.FAILURES_BEFORE_GIVING_UP
    assert fb.online.disabled and "in a row" in fb.online.disabled
    assert " ".join(a.warnings).count("'") == 10  # every place is named once


def test_reverse_fills_missing_country_and_division(monkeypatch):
    import geomap.reverse as R

    rev = ReverseGeocoder.from_gazetteer(FakeGazetteer())
    monkeypatch.setattr(R.get_reverse_geocoder, "_value", rev)
    answer = [{"lat": "49.95", "lon": "36.3", "display_name": "Somewhere near Kharkiv"}]
    fb = G.FallbackGeocoder(nominatim(Script(answer)))
    a = analysis_with("Somewhere")
    fb.fill(a)
    p = a.places[0]
    assert (p.country_code, p.admin1, p.name) == ("UA", "Kharkivska Oblast", "Somewhere near Kharkiv")
    assert p.feature is None


def test_gazetteer_regions_keep_their_feature():
    hit = G.answer_from_record({"lat": 48.0, "lon": 38.0, "address": "Donbas",
                  "raw": {"name": "Donbas", "feature": "region", "feature_code": "RGN", "country_code": "UA"}})
    assert (hit.feature, hit.feature_code, hit.country_code) == ("region", "RGN", "UA")


def test_gazetteer_is_usable_as_the_online_service(monkeypatch):
    gaz = FakeGazetteer()
    monkeypatch.setattr(G.GazetteerGeocoder, "gazetteer", property(lambda self: gaz))
    g = G.make_online_geocoder("geomap", cache=False)
    hit = g.lookup("Springfield, Illinois")
    assert (hit.geonameid, hit.country_code, hit.admin1, hit.feature) == (101, "US", "Illinois", "city")
    assert g._limited.min_delay_seconds == 0.0


def test_credentials_never_reach_warnings(monkeypatch):
    monkeypatch.setenv("GEOMAP_GEONAMES_USERNAME", "secret-user")
    url = "http://api.geonames.org/searchJSON?q=Zorya&username=secret-user"
    script = Script(gexc.GeocoderUnavailable(f"Max retries exceeded with url: {url} (connection refused)"))
    clock = Clock()
    g = G.make_online_geocoder("geonames", {"adapter_factory": script.factory(), "max_retries": "0"},
                               cache=False, clock=clock.clock, sleep=clock.sleep)
    a = analysis_with("Zorya")
    G.FallbackGeocoder(g).fill(a)
    assert "unreachable" in a.warnings[0] and "secret-user" not in a.warnings[0]
    assert "searchJSON?..." in a.warnings[0]
