"""Claims measured to a first-level division, to several borders at once, and from part of a country.

Expected distances are computed here, independently of geomap's code: division outlines are decoded
from the packaged data file with plain Python, containment is shapely's, distances are geographiclib's
geodesics to the outline sampled every 25 m (borders: test_claims.independent_border_km). The sentences
are written for these tests.
"""

from __future__ import annotations

import gzip
import math
from functools import lru_cache

import numpy as np
import pytest
import shapely
from geographiclib.geodesic import Geodesic
from test_claims import independent_border_km

from geomap._paths import data_file
from geomap.claims import extract_claims
from geomap.claims.namesake import transliterations
from geomap.model import Analysis, Document, Place

G = Geodesic.WGS84

# name: (lat, lon, country, feature) -- GeoNames-like points typed in for these tests
POINTS = {
    "Kurchatov": (51.6536, 35.6865, "RU", "city"),
    "Sudzha": (51.191, 35.271, "RU", "city"),
    "Lgov": (51.6307, 35.2775, "RU", "city"),
    "Sumy": (50.9077, 34.7981, "UA", "city"),
    "Lebedyn": (50.5872, 34.4849, "UA", "city"),
    "Belgorod": (50.5997, 36.5983, "RU", "city"),
    "Kharkiv": (49.9935, 36.2304, "UA", "city"),
    "Sumy Oblast": (51.2036, 34.2683, "UA", "admin1"),
    "Gezira State": (14.5, 33.3, "SD", "admin1"),
    "Chihuahua State": (28.8, -106.0, "MX", "admin1"),
    "Khartoum": (15.5518, 32.5324, "SD", "city"),
    "Torodi": (13.1192, 1.7987, "NE", "city"),
    "Niamey": (13.5137, 2.1098, "NE", "city"),
    "Niger": (16.0, 8.0, "NE", "country"),
    "Mali": (17.0, -4.0, "ML", "country"),
    "Burkina Faso": (13.0, -2.0, "BF", "country"),
    "Algeria": (28.0, 3.0, "DZ", "country"),
    "Ukraine": (49.0, 32.0, "UA", "country"),
    "Narnia Oblast": (50.0, 30.0, "UA", "admin1"),
    "Lebanon": (33.8333, 35.8333, "LB", "country"),
    "Kiryat Shmona": (33.2073, 35.5702, "IL", "city"),
    "Metula": (33.2800, 35.5783, "IL", "city"),
    "Narva": (59.3772, 28.1903, "EE", "city"),
    "Ivangorod": (59.3716, 28.2163, "RU", "city"),
    "Kupiansk": (49.7106, 37.6156, "UA", "city"),
}


def analysis(text: str) -> Analysis:
    """An Analysis whose places are the POINTS names found in ``text`` (longest first)."""
    places, taken = [], []
    for name in sorted(POINTS, key=len, reverse=True):
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                lat, lon, cc, feature = POINTS[name]
                places.append(Place(text=name, start=start, end=end, name=name, lat=lat, lon=lon, country_code=cc,
                                    feature=feature, confidence=1.0))
            start = text.find(name, end)
    return Analysis(document=Document(text=text), places=sorted(places, key=lambda p: p.start))


@lru_cache(maxsize=8)
def outline(iso_3166_2: str):
    """The division's polygons, decoded here from the data file: [[ring lon/lat lists], ...]."""
    with gzip.open(data_file("admin1_outlines_10m.tsv.gz"), "rt", encoding="utf-8") as fh:
        for line in fh:
            cols = line.rstrip("\n").split("\t")
            if not line.startswith("#") and cols[1] == iso_3166_2:
                polys = []
                for poly in cols[7].split("|"):
                    rings = []
                    for ring in poly.split(";"):
                        v = [int(x) for x in ring.split(",")]
                        x = y = 0
                        pts = []
                        for dx, dy in zip(v[0::2], v[1::2], strict=True):
                            x, y = x + dx, y + dy
                            pts.append((x / 1000.0, y / 1000.0))
                        rings.append(pts + pts[:1])
                    polys.append(rings)
                return polys
    raise KeyError(iso_3166_2)


def independent_division_km(lat: float, lon: float, code: str, *, to_line: bool = False) -> float:
    """0 inside (unless ``to_line``); else the geodesic distance to the outline, pre-selected by haversine,
    sampled every 25 m."""
    polys = outline(code)
    shape = shapely.MultiPolygon([shapely.Polygon(r[0], r[1:]) for r in polys])
    if not to_line and shape.buffer(0).contains(shapely.Point(lon, lat)):
        return 0.0
    segs = np.array([(*a, *b) for poly in polys for ring in poly for a, b in zip(ring[:-1], ring[1:], strict=True)])
    # pre-selection by planar distance in degrees (shapely), generous: long segments pass near a point
    planar = shapely.distance(shapely.linestrings(segs.reshape(-1, 2, 2)), shapely.Point(lon, lat))
    best = math.inf
    for x0, y0, x1, y1 in segs[planar <= planar.min() * 2.0 + 0.05]:
        n = max(2, int(G.Inverse(y0, x0, y1, x1)["s12"] / 25.0) + 1)
        for t in np.linspace(0.0, 1.0, n):
            best = min(best, G.Inverse(lat, lon, y0 + t * (y1 - y0), x0 + t * (x1 - x0))["s12"])
    return best / 1000.0


# ----------------------------------------------------------------------------- divisions

DIVISIONS = [
    # (text, subject, division code, verdict)
    ("Kurchatov sits some 65 km from Ukraine's Sumy Oblast.", "Kurchatov", "UA-59", "supported"),
    ("Kurchatov, about 150 kilometres from Sumy Oblast, was hit.", "Kurchatov", "UA-59", "contradicted"),
    ("Belgorod lies roughly 35 km from the Kharkiv region.", "Belgorod", "UA-63", "supported"),
    ("Khartoum is about 60 miles from Gezira State.", "Khartoum", "SD-GZ", "contradicted"),
    # the border of a division: its outline, not the country's border
    ("Sudzha lies roughly 12 km from the border of the Sumy region.", "Sudzha", "UA-59", "supported"),
    ("Kurchatov is some 150 km from the Sumy Oblast border.", "Kurchatov", "UA-59", "contradicted"),
    ("Lgov, about 50 km from the border with Sumy Oblast, was hit.", "Lgov", "UA-59", "supported"),
]


@pytest.mark.parametrize("text,subject,code,verdict", DIVISIONS, ids=[d[0][:40] for d in DIVISIONS])
def test_distance_to_a_division_outline(text, subject, code, verdict):
    (c,) = extract_claims(analysis(text))
    assert c.subject.name == subject
    assert c.reference.kind == "region"
    lat, lon = POINTS[subject][:2]
    want = independent_division_km(lat, lon, code)
    assert c.measured_km == pytest.approx(want, abs=0.05)
    assert "admin-1" in c.data
    # the point measured to is on the outline, at the measured distance
    assert G.Inverse(lat, lon, *c.reference.point)["s12"] / 1000.0 == pytest.approx(want, abs=0.05)
    assert c.verdict == verdict, c.rule


def test_a_subject_inside_the_division_measures_zero_and_says_so():
    (c,) = extract_claims(analysis("Lebedyn, about 30 km from Sumy Oblast, lost power."))
    assert independent_division_km(*POINTS["Lebedyn"][:2], "UA-59") == 0.0
    assert c.measured_km == 0.0
    assert c.verdict == "contradicted"
    assert any("inside" in n for n in c.notes)


def test_a_town_of_another_country_is_measured_to_the_line_even_if_drawn_inside():
    """A point on a river border may fall just inside the neighbour's generalised outline: not "0 km"."""
    POINTS["Ciudad Juarez side"] = (31.7587, -106.4869, "US", "city")  # a US point drawn inside MX-CHH
    try:
        (c,) = extract_claims(analysis("Ciudad Juarez side, roughly 5 km from Chihuahua State, was calm."))
    finally:
        del POINTS["Ciudad Juarez side"]
    assert independent_division_km(31.7587, -106.4869, "MX-CHH") == 0.0  # inside the outline...
    want = independent_division_km(31.7587, -106.4869, "MX-CHH", to_line=True)
    assert c.measured_km == pytest.approx(want, abs=0.05) and c.measured_km > 0  # ...but measured to its line
    assert any("inside the generalised outline" in n for n in c.notes)


def test_a_division_the_data_lacks_stays_unverifiable():
    (c,) = extract_claims(analysis("Kharkiv is about 20 km from Narnia Oblast."))
    assert c.verdict == "unverifiable"
    assert "no outline" in c.reason


# ----------------------------------------------------------------------------- several borders, part of a country

STORY = ("Gunmen ambushed an army convoy outside Torodi on Sunday, the ministry said. "
         "Insurgents move freely in that part of Niger near the borders with Mali and Burkina Faso.")


def test_one_claim_per_border_named():
    claims = extract_claims(analysis(STORY))
    by_country = {tuple(c.reference.countries): c for c in claims if c.reference.kind == "border"}
    assert set(by_country) == {("ML", "NE"), ("BF", "NE")}
    lat, lon = POINTS["Torodi"][:2]
    for pair in (("ML", "NE"), ("BF", "NE")):
        c = by_country[pair]
        want = independent_border_km(lat, lon, [pair])
        assert c.measured_km == pytest.approx(want, abs=0.05)
        assert c.verdict == ("supported" if want <= 50 else "ambiguous" if want <= 100 else "contradicted")
        assert c.subject_span[0] == "that part of Niger"
        assert any("Torodi" in n for n in c.notes)


def test_three_neighbours_make_three_claims():
    text = "Torodi was raided again. Smugglers cross that part of Niger close to the borders with Mali, Algeria and Burkina Faso."
    claims = [c for c in extract_claims(analysis(text)) if c.reference.kind == "border"]
    assert len(claims) == 3
    assert {c.reference.country_names[0] for c in claims} == {"Mali", "Algeria", "Burkina Faso"}


@pytest.mark.parametrize("phrase", ["that part of Niger", "the area of Niger", "southwestern Niger", "parts of Niger"])
def test_part_of_a_country_without_a_town_is_unverifiable(phrase):
    (first, *_) = extract_claims(analysis(f"Militants are active in {phrase} near the border with Mali."))
    assert first.verdict == "unverifiable"
    assert "part of a country" in first.reason and "Niger" in first.reason


@pytest.mark.parametrize("phrase", ["that part of Niger", "southwestern Niger"])
def test_part_of_a_country_uses_the_town_of_the_story(phrase):
    text = f"Soldiers were killed near Torodi. Attacks are frequent in {phrase} near the border with Burkina Faso."
    (c,) = [c for c in extract_claims(analysis(text)) if c.reference.kind == "border"]
    assert c.subject.name == "Torodi"
    want = independent_border_km(*POINTS["Torodi"][:2], [("BF", "NE")])
    assert c.measured_km == pytest.approx(want, abs=0.05)


def test_the_dateline_is_not_the_place_of_the_story():
    POINTS["NIAMEY"] = POINTS["Niamey"]
    try:
        text = "NIAMEY, Niger (Wire) - Gunmen struck again. Jihadists are active in that part of Niger near the border with Mali."
        (c,) = [c for c in extract_claims(analysis(text)) if c.reference.kind == "border"]
    finally:
        del POINTS["NIAMEY"]
    assert c.verdict == "unverifiable" and "part of a country" in c.reason


def test_a_town_in_another_paragraph_is_not_used():
    text = "Soldiers were killed near Torodi.\nAttacks are frequent in that part of Niger near the border with Mali."
    (c,) = [c for c in extract_claims(analysis(text)) if c.reference.kind == "border"]
    assert c.verdict == "unverifiable" and "part of a country" in c.reason


def test_a_whole_country_is_still_not_a_point():
    (c,) = extract_claims(analysis("Torodi was hit. Niger lies near the border with Mali."))
    assert c.verdict == "unverifiable"


def test_a_list_stops_at_a_name_that_is_not_a_country():
    (c,) = extract_claims(analysis("Rockets fell on Kiryat Shmona, close to the border with Lebanon, and on Metula."))
    assert c.reference.text == "the border with Lebanon" and c.text.endswith("Lebanon")
    assert c.measured_km == pytest.approx(independent_border_km(*POINTS["Kiryat Shmona"][:2], [("IL", "LB")]), abs=0.05)
    assert c.verdict == "supported"


def test_across_uses_the_towns_own_country_when_the_outline_is_coarse():
    """Narva (Estonia) is drawn just inside Russia's 1:10m outline; it is still across the river from Ivangorod."""
    (c,) = extract_claims(analysis("Guards in Narva, just across the border from Ivangorod, watched the bridge."))
    assert c.qualifier == "across" and c.verdict == "supported"
    assert c.measured_km == pytest.approx(independent_border_km(*POINTS["Narva"][:2], [("EE", "RU")]), abs=0.05)


def test_near_the_border_town_of_is_a_border_town_claim():
    (c,) = extract_claims(analysis("Shells landed near the border town of Kupiansk."))
    assert c.qualifier == "on" and c.subject.name == "Kupiansk"
    want = independent_border_km(*POINTS["Kupiansk"][:2], [("RU", "UA")])
    assert c.measured_km == pytest.approx(want, abs=0.05)
    assert c.verdict == ("supported" if want <= 10 else "ambiguous" if want <= 20 else "contradicted")


# ----------------------------------------------------------------------------- romanisations


@pytest.mark.parametrize("name,variant", [("Oktyabrsky", "Oktyabrskiy"), ("Oktyabrskiy", "Oktyabrsky"),
                                          ("Krasnoye", "Krasnoe"), ("Gorodishche", None)])
def test_transliteration_variants_of_slavic_endings(name, variant):
    got = transliterations(name)
    assert (variant in got) if variant else got == []


# ----------------------------------------------------------------------------- a town described as "in <division>"


@pytest.mark.parametrize("text,name", [
    ("Zorgtown, a market town in Gezira State near the border with Mali, flooded.", "Zorgtown"),
    ("Quillby, a small village in Sumy Oblast close to the Russian border, lost power.", "Quillby"),
])
def test_the_town_before_in_division_is_the_subject_not_the_division(text, name):
    (c,) = extract_claims(analysis(text))
    assert c.verdict == "unverifiable"
    assert f"{name!r} stands where" in c.reason  # the unknown town, not "the subject ... is a admin1"


# ----------------------------------------------------------------------------- a division as the subject

POINTS.update({"Kursk": (51.73, 36.19, "RU", "admin1"), "Lviv": (49.84, 24.03, "UA", "admin1"),
               "Belarus": (53.0, 28.0, "BY", "country"), "Kyiv": (50.4501, 30.5234, "UA", "city")})


def test_a_region_bordering_a_country_is_measured_from_its_outline():
    (c,) = extract_claims(analysis("Russia's Kursk region, which borders Ukraine, was attacked."))
    assert c.subject_span[0] == "Kursk region"
    assert c.measured_km == 0.0 and c.verdict == "supported"
    assert any("not a town" in n for n in c.notes)
    # independently: the oblast's outline touches the RU-UA border (a vertex within the data's precision)
    rings = [r for poly in outline("RU-KRS") for r in poly]
    assert min(independent_border_km(lat, lon, [("RU", "UA")]) for r in rings for lon, lat in r[::15]) < 1.0


def test_a_region_near_a_border_it_does_not_touch():
    (c,) = extract_claims(analysis("The Lviv region, close to the border with Belarus, was quiet."))
    rings = [r for poly in outline("UA-46") for r in poly]
    coarse = min(independent_border_km(lat, lon, [("BY", "UA")]) for r in rings for lon, lat in r[::5])
    assert c.measured_km == pytest.approx(coarse, abs=3.0)  # sampled vertices: within a few km of the edge
    assert c.measured_km > 0 and c.verdict == ("supported" if c.measured_km <= 50 else "ambiguous"
                                               if c.measured_km <= 100 else "contradicted")


def test_a_figure_for_a_whole_division_is_not_contradicted():
    (c,) = extract_claims(analysis("Drones hit Sumy Oblast, about 300 km from Kyiv."))
    assert c.verdict == "unverifiable" and "whole division" in c.reason
