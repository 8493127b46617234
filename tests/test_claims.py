"""Claims written for these tests, judged by geomap and measured independently here.

Places are built by hand (fixed coordinates and populations, no gazetteer), so every figure is
reproducible. The expected distance of each claim is computed in this file: geographiclib's
inverse for place-to-place claims; for border claims, the border arcs decoded here from the
packaged data file and sampled every 25 m with geographiclib. The verdicts were written from the
geography, then checked against those independent distances.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from functools import lru_cache

import numpy as np
import pytest
from geographiclib.geodesic import Geodesic

from geomap._paths import data_file
from geomap.claims import extract_claims
from geomap.model import Analysis, Document, Place

G = Geodesic.WGS84

# name: (lat, lon, country, feature, population)
PLACES = {
    "Kharkiv Oblast": (49.5, 36.5, "UA", "admin1", 2_600_000),
    "Polesia": (51.5, 28.0, "UA", "region", None),  # a region without an outline in the data
    "Kharkiv": (49.9935, 36.2304, "UA", "city", 1_430_000),
    "Kyiv": (50.4501, 30.5234, "UA", "city", 2_950_000),
    "Lviv": (49.8397, 24.0297, "UA", "city", 720_000),
    "Odesa": (46.4825, 30.7233, "UA", "city", 1_010_000),
    "Kherson": (46.6354, 32.6169, "UA", "city", 280_000),
    "Izium": (49.2128, 37.2569, "UA", "city", 45_000),
    "Sumy": (50.9077, 34.7981, "UA", "city", 260_000),
    "Chernihiv": (51.4982, 31.2893, "UA", "city", 285_000),
    "Belgorod": (50.5997, 36.5983, "RU", "city", 340_000),
    "Vovchansk": (50.2908, 36.9411, "UA", "city", 17_000),
    "Kupiansk": (49.7106, 37.6156, "UA", "city", 27_000),
    "Zaporizhzhia": (47.8388, 35.1396, "UA", "city", 720_000),
    "Simferopol": (44.9521, 34.1024, "UA", "city", 340_000),
    "Paris": (48.8566, 2.3522, "FR", "city", 2_140_000),
    "Brussels": (50.8503, 4.3517, "BE", "city", 1_200_000),
    "Berlin": (52.5200, 13.4050, "DE", "city", 3_600_000),
    "Warsaw": (52.2297, 21.0122, "PL", "city", 1_790_000),
    "Vienna": (48.2082, 16.3738, "AT", "city", 1_900_000),
    "Bratislava": (48.1486, 17.1077, "SK", "city", 475_000),
    "Geneva": (46.2044, 6.1432, "CH", "city", 200_000),
    "El Paso": (31.7619, -106.4850, "US", "city", 680_000),
    "Vilnius": (54.6872, 25.2797, "LT", "city", 580_000),
    "Brest": (52.0976, 23.7341, "BY", "city", 340_000),
    "Chisinau": (47.0105, 28.8638, "MD", "city", 640_000),
    "Madrid": (40.4168, -3.7038, "ES", "city", 3_300_000),
    "Lisbon": (38.7223, -9.1393, "PT", "city", 545_000),
    "Minsk": (53.9006, 27.5590, "BY", "city", 2_000_000),
    "Rome": (41.9028, 12.4964, "IT", "city", 2_800_000),
    "Milan": (45.4642, 9.1900, "IT", "city", 1_370_000),
}
# capitals, for claims about "the Ukrainian capital" (typed in by hand; geomap uses GeoNames' points)
CAPITALS = {"Kyiv": (50.45466, 30.5238), "Moscow": (55.75222, 37.61556)}
UNRESOLVED = {"Zorgville"}

B, P = "border", "place"
# (text, verdict, subject, reference kind, reference: country pair for borders / place name)
CASES = [
    # --- borders
    ("Located around 30 kilometres from the Russian border, Kharkiv was hit again.", "supported", "Kharkiv", B, ("RU", "UA")),
    ("Kharkiv lies less than 50 km from the Russian border.", "supported", "Kharkiv", B, ("RU", "UA")),
    ("Kharkiv, more than 100 km from the border with Russia, was shelled.", "contradicted", "Kharkiv", B, ("RU", "UA")),
    ("Kharkiv is 35,000 metres from the Russian border.", "supported", "Kharkiv", B, ("RU", "UA")),
    ("Vovchansk, a town just 5 km from the Russian border, was evacuated.", "supported", "Vovchansk", B, ("RU", "UA")),
    ("Vovchansk, a town five kilometres from the border, was evacuated.", "supported", "Vovchansk", B, "UA*"),
    ("Belgorod, some 40 km from the Ukrainian border, heard explosions.", "supported", "Belgorod", B, ("RU", "UA")),
    ("Lviv is about 300 km from the Russian border.", "contradicted", "Lviv", B, ("RU", "UA")),
    ("Lviv lies roughly 70 kilometres from the Polish border.", "supported", "Lviv", B, ("PL", "UA")),
    ("Sumy sits within 50 km of Ukraine's border with Russia.", "supported", "Sumy", B, ("RU", "UA")),
    ("Chernihiv, about 60 km from the border with Belarus, was cut off.", "supported", "Chernihiv", B, ("BY", "UA")),
    ("Brest, within 10 km of the Polish border, is a crossing point.", "supported", "Brest", B, ("BY", "PL")),
    ("Vilnius is between 25 and 40 km from the Belarusian border.", "supported", "Vilnius", B, ("BY", "LT")),
    ("Minsk lies more than 500 km from the Lithuanian border.", "contradicted", "Minsk", B, ("BY", "LT")),
    ("El Paso, less than 5 miles from the Mexican border, is a hub.", "supported", "El Paso", B, ("MX", "US")),
    ("Geneva, less than 10 km from the French border, hosts the talks.", "supported", "Geneva", B, ("CH", "FR")),
    ("Madrid is more than 200 km from the Portuguese border.", "supported", "Madrid", B, ("ES", "PT")),
    ("Zaporizhzhia is within 20 km of the Russian border.", "contradicted", "Zaporizhzhia", B, ("RU", "UA")),
    ("Kherson is roughly 90 km from the Russian border.", "supported", "Kherson", B, ("RU", "UA")),
    ("Izium, about 100 km from the Ukraine–Russia border, was retaken.", "supported", "Izium", B, ("RU", "UA")),
    ("Kupiansk, a town some forty kilometres from the Russian border, came under fire.", "supported", "Kupiansk", B, ("RU", "UA")),
    ("Odesa, only 2 km from the Moldovan border, was calm.", "contradicted", "Odesa", B, ("MD", "UA")),
    ("Kharkiv lies about 30 km south of the Russian border.", "supported", "Kharkiv", B, ("RU", "UA")),
    ("Kharkiv lies about 30 km north of the Russian border.", "contradicted", "Kharkiv", B, ("RU", "UA")),
    ("Sumy, some 30 kilometres (19 miles) from the Russian-Ukrainian border, was shelled.", "supported", "Sumy", B, ("RU", "UA")),
    # --- place to place, with and without a direction
    ("Izium, a town some 120 km south-east of Kharkiv, was shelled.", "supported", "Izium", P, "Kharkiv"),
    ("Kyiv, roughly 410 km west of Kharkiv, held a vigil.", "supported", "Kyiv", P, "Kharkiv"),
    ("Kyiv lies about 600 km west of Kharkiv.", "contradicted", "Kyiv", P, "Kharkiv"),
    ("Odesa, 40 miles north of Kherson, was hit.", "contradicted", "Odesa", P, "Kherson"),
    ("Odesa lies about 80 nautical miles west of Kherson.", "supported", "Odesa", P, "Kherson"),
    ("Sumy, about 145 km north-west of Kharkiv, lost power.", "supported", "Sumy", P, "Kharkiv"),
    ("Sumy, about 145 km south-east of Kharkiv, lost power.", "contradicted", "Sumy", P, "Kharkiv"),
    ("Paris is about 260 km south-west of Brussels.", "supported", "Paris", P, "Brussels"),
    ("Berlin, roughly 520 km west of Warsaw, sent aid.", "supported", "Berlin", P, "Warsaw"),
    ("Vienna lies about 55 km west of Bratislava.", "supported", "Vienna", P, "Bratislava"),
    ("Bratislava lies 55 km east of Vienna.", "supported", "Bratislava", P, "Vienna"),
    ("Milan is about 480 km north-west of Rome.", "supported", "Milan", P, "Rome"),
    ("Milan is about 480 km south of Rome.", "contradicted", "Milan", P, "Rome"),
    ("Chisinau, more than 1,000 km from Madrid, voted.", "supported", "Chisinau", P, "Madrid"),
    ("Lisbon sits roughly 500 km west of Madrid.", "supported", "Lisbon", P, "Madrid"),
    ("Minsk is about 170 km from Vilnius.", "supported", "Minsk", P, "Vilnius"),
    ("Warsaw, nearly 300 miles from Berlin, hosted the summit.", "contradicted", "Warsaw", P, "Berlin"),
    ("Kyiv is between 400 and 450 kilometres from Kharkiv.", "supported", "Kyiv", P, "Kharkiv"),
    ("Kharkiv lies at least 500 km from Kyiv.", "contradicted", "Kharkiv", P, "Kyiv"),
    ("Brussels is under 100 km from Paris.", "contradicted", "Brussels", P, "Paris"),
    ("Izium is a dozen miles from Kharkiv.", "contradicted", "Izium", P, "Kharkiv"),
    ("Chernihiv, 130 km NNE of Kyiv, was shelled.", "supported", "Chernihiv", P, "Kyiv"),
    ("Chernihiv lies 130 km to the north of Kyiv.", "supported", "Chernihiv", P, "Kyiv"),
    ("Chernihiv, almost 140 km from Kyiv, was shelled.", "supported", "Chernihiv", P, "Kyiv"),
    ("Kharkiv lies one hundred and ten km from Belgorod.", "contradicted", "Kharkiv", P, "Belgorod"),
    ("Chernihiv, about 130 km north-east of the Ukrainian capital, was shelled.", "supported", "Chernihiv", P, "Kyiv"),
    ("Belgorod lies some 600 km from Russia's capital.", "supported", "Belgorod", P, "Moscow"),
]

UNVERIFIABLE = [
    # (text, subject or None, reason fragment)
    ("Kyiv lies 50 km from the front line.", "Kyiv", "front line"),
    # coasts are measured now (tests/test_claims_relations.py); rivers and lakes still are not
    ("Kyiv, 20 km from the Dnipro River, was quiet.", "Kyiv", "River"),
    ("Kharkiv is 30 km from the Wakandan border.", "Kharkiv", "unknown country"),
    ("Kharkiv, 40 km from Ukraine's border with France, was hit.", "Kharkiv", "share no land border"),
    ("Shelling hit a village 10 km from Kupiansk.", None, "no named subject"),
    ("Kharkiv lies 300,000 km from Kyiv.", "Kharkiv", "more than any distance"),
    ("Kharkiv is 0 km from Kyiv.", "Kharkiv", "not positive"),
    ("Kharkiv is -5 km from Kyiv.", "Kharkiv", "not positive"),
    ("Izium, about 40 km from Polesia, was shelled.", "Izium", "no outline"),
    ("Zorgville, 20 km from Kharkiv, was shelled.", "Zorgville", "could not be located"),
]


def make_analysis(text: str) -> Analysis:
    """An Analysis whose places are the known names found in ``text`` (longest names first)."""
    places: list[Place] = []
    taken: list[tuple[int, int]] = []
    for name in sorted([*PLACES, *UNRESOLVED], key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            if name in UNRESOLVED:
                places.append(Place(text=name, start=m.start(), end=m.end(), reason="not in the gazetteer"))
                continue
            lat, lon, cc, feature, pop = PLACES[name]
            places.append(Place(text=name, start=m.start(), end=m.end(), name=name, lat=lat, lon=lon,
                                country_code=cc, feature=feature, population=pop, confidence=1.0))
    places.sort(key=lambda p: p.start)
    return Analysis(document=Document(text=text), places=places)


# ----------------------------------------------------------------------------- independent measurement


@lru_cache(maxsize=1)
def _raw():
    with gzip.open(data_file("boundaries_admin0_10m.json.gz"), "rb") as fh:
        return json.loads(fh.read())


@lru_cache(maxsize=64)
def _segments(pairs: tuple[tuple[str, str], ...]) -> np.ndarray:
    """(n, 4) lon0, lat0, lon1, lat1 of every border segment of the given pairs, decoded here."""
    raw = _raw()
    sx, sy = raw["transform"]["scale"]
    tx, ty = raw["transform"]["translate"]
    want = {frozenset(p) for p in pairs}
    segs = []
    for rec in raw["borders"]:
        if frozenset((rec["a"], rec["b"])) in want:
            for i in rec["arcs"]:
                q = np.cumsum(np.asarray(raw["arcs"][i], dtype=float), axis=0)
                pts = np.column_stack([q[:, 0] * sx + tx, q[:, 1] * sy + ty])
                segs.append(np.column_stack([pts[:-1], pts[1:]]))
    return np.concatenate(segs)


def independent_border_km(lat: float, lon: float, pairs) -> float:
    """Distance to the border lines: haversine pre-selection, then 25 m sampling with geographiclib."""
    segs = _segments(tuple(sorted(tuple(sorted(p)) for p in pairs)))

    def hav(lo, la):
        p1, p2 = math.radians(lat), np.radians(la)
        dl = np.radians(lo) - math.radians(lon)
        h = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
        return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(h, 0, 1)))

    d = np.minimum(hav(segs[:, 0], segs[:, 1]), hav(segs[:, 2], segs[:, 3]))
    near = segs[d <= d.min() * 1.006 + 3.0]  # haversine is within 0.5% of the ellipsoid
    best = math.inf
    for x0, y0, x1, y1 in near:
        n = max(2, int(G.Inverse(y0, x0, y1, x1)["s12"] / 25.0) + 1)
        for t in np.linspace(0.0, 1.0, n):
            best = min(best, G.Inverse(lat, lon, y0 + t * (y1 - y0), x0 + t * (x1 - x0))["s12"])
    return best / 1000.0


def _pairs_for(ref):
    if ref == "UA*":  # 'the border' from a Ukrainian town: all of Ukraine's land borders
        return [tuple(sorted((r["a"], r["b"]))) for r in _raw()["borders"] if "UA" in (r["a"], r["b"])]
    return [ref]


# ----------------------------------------------------------------------------- tests


def test_there_are_at_least_40_measured_claims():
    assert len(CASES) + len(UNVERIFIABLE) >= 40
    assert len(CASES) >= 40


@pytest.mark.parametrize("text,verdict,subject,kind,ref", CASES, ids=[c[0][:48] for c in CASES])
def test_claim_verdict_and_measurement(text, verdict, subject, kind, ref):
    claims = extract_claims(make_analysis(text))
    assert len(claims) == 1, [c.text for c in claims]
    c = claims[0]
    assert c.subject is not None and c.subject.name == subject
    assert c.reference.kind == kind
    s = PLACES[subject]
    if kind == "place":
        r = CAPITALS[ref] if "capital" in text else PLACES[ref]
        inv = G.Inverse(s[0], s[1], r[0], r[1])
        # capitals: the packaged GeoNames point vs the coordinates typed in above (within ~0.5 km)
        cap = "capital" in text
        assert c.measured_km == pytest.approx(inv["s12"] / 1000.0, abs=0.5 if cap else 1e-3)
        assert c.measured_bearing_deg == pytest.approx((inv["azi2"] + 180.0) % 360.0, abs=0.5 if cap else 0.01)
        assert c.reference.point == pytest.approx((r[0], r[1]), abs=0.01 if cap else 1e-9)
    else:
        want = independent_border_km(s[0], s[1], _pairs_for(ref))
        assert c.measured_km == pytest.approx(want, abs=0.05)
        if ref != "UA*":
            assert sorted(c.reference.countries) == sorted(ref)
        # the nearest border point is at the measured distance from the subject
        lat, lon = c.reference.point
        assert G.Inverse(s[0], s[1], lat, lon)["s12"] / 1000.0 == pytest.approx(c.measured_km, abs=1e-3)
    assert c.verdict == verdict, (c.measured_km, c.rule, c.reason)
    assert c.tolerance_km is not None and c.tolerance_km > 0
    assert c.rule and (c.reason is None) == (verdict == "supported")
    assert "WGS84" in c.data


@pytest.mark.parametrize("text,subject,why", UNVERIFIABLE, ids=[c[0][:48] for c in UNVERIFIABLE])
def test_unverifiable_claims_say_why(text, subject, why):
    claims = extract_claims(make_analysis(text))
    assert len(claims) == 1, [c.text for c in claims]
    c = claims[0]
    assert c.verdict == "unverifiable"
    assert c.measured_km is None
    assert why.lower() in (c.reason or "").lower(), c.reason
    if subject is None:
        assert c.subject is None
    else:
        assert c.subject is not None and c.subject.text == subject
    json.dumps(c.to_dict())  # always serialisable


def test_seed_style_sentence_gives_the_russia_ukraine_border_point():
    text = "Located around 30 kilometres from the Russian border, Kharkiv has been a frequent target."
    (c,) = extract_claims(make_analysis(text))
    d = c.to_dict()
    assert d["verdict"] == "supported"
    assert 30 <= d["measured_km"] <= 36
    assert d["reference"]["kind"] == "border" and d["reference"]["countries"] == ["RU", "UA"]
    p = d["reference"]["point"]
    # the nearest point lies on the RU-UA line: its own distance to that line is ~0
    assert independent_border_km(p["lat"], p["lon"], [("RU", "UA")]) < 0.05
    assert d["qualifier"] == "about" and d["claimed_km"] == 30 and d["unit"] == "km"
    assert d["subject"]["name"] == "Kharkiv"


def test_crimea_claim_states_the_data_view():
    text = "Simferopol, about 130 km from the Ukrainian border, was quiet."
    (c,) = extract_claims(make_analysis(text))
    assert c.measured_km is not None
    assert c.disputed and c.disputed[0]["area"] == "Crimea" and c.disputed[0]["drawn_as"] == "RU"
    assert "Crimea is drawn as part of Russia" in c.data
    want = independent_border_km(PLACES["Simferopol"][0], PLACES["Simferopol"][1], [("RU", "UA")])
    assert c.measured_km == pytest.approx(want, abs=0.05)


def test_kherson_nearest_russian_border_is_the_disputed_crimean_line():
    (c,) = extract_claims(make_analysis("Kherson is roughly 90 km from the Russian border."))
    assert c.disputed and c.disputed[0]["area"] == "Crimea"
    assert c.alt_measured_km is not None and c.alt_measured_km > c.measured_km + 50
    assert "measured on the data's view" in c.data
