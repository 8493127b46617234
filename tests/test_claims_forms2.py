"""Issue 16, round 2: claim forms from wire ledes, local news and conflict reporting in other regions.

Sentences written for these tests (not taken from any article). Places are built by hand from GeoNames
points typed in from the gazetteer file (no resolver); expected distances come from geographiclib's inverse
between two points (midpoints from geographiclib's direct problem) and from border lines decoded from the
packaged Natural Earth topology and sampled every 25 m (``independent_border_km`` in test_claims). Expected
verdicts follow from those distances and the documented default policy (approx 25 %, at most 1.1 x + 2 km).
"""

from __future__ import annotations

import pytest
from _claim_places import analysis_of, only_claim
from geographiclib.geodesic import Geodesic
from test_claims import independent_border_km
from test_claims_relations import independent_coast_km

from geomap.claims import extract_claims
from geomap.model import Analysis, Place

G = Geodesic.WGS84
MILE = 1.609344

# name: (lat, lon, country, feature, population) -- GeoNames points as the gazetteer file holds them
PLACES = {
    "Kharkiv": (49.98177, 36.25475, "UA", "city", 1_421_125),
    "Belgorod": (50.60343, 36.58091, "RU", "city", 345_289),
    "Sumy": (50.91741, 34.79906, "UA", "city", 256_474),
    "Kursk": (51.72689, 36.18457, "RU", "city", 448_733),
    "Odesa": (46.48572, 30.74383, "UA", "city", 1_010_537),
    "Izmail": (45.35058, 28.83751, "UA", "city", 69_932),
    "Kramatorsk": (48.73106, 37.56779, "UA", "city", 147_145),
    "Donetsk": (48.02300, 37.80224, "UA", "city", 901_645),
    "Kherson": (46.63695, 32.61458, "UA", "city", 66_000),
    "Nova Kakhovka": (46.75966, 33.35591, "UA", "city", 44_427),
    "Goma": (-1.67409, 29.22845, "CD", "city", 432_587),
    "Bukavu": (-2.49077, 28.84281, "CD", "city", 816_811),
    "Sake": (-1.57386, 29.04339, "CD", "city", 17_151),
    "Rutshuru": (-1.18666, 29.44669, "CD", "city", 82_680),
    "Kinshasa": (-4.32758, 15.31357, "CD", "city", 16_000_000),
    "Kisangani": (0.51528, 25.19099, "CD", "city", 1_181_788),
    "Damascus": (33.51020, 36.29128, "SY", "city", 1_569_394),
    "Aleppo": (36.20124, 37.16117, "SY", "city", 2_098_210),
    "Homs": (34.72405, 36.72559, "SY", "city", 775_404),
    "Idlib": (35.93062, 36.63393, "SY", "city", 128_840),
    "Bamako": (12.60915, -7.97522, "ML", "city", 4_227_569),
    "Gao": (16.27167, -0.04472, "ML", "city", 133_110),
    "Mopti": (14.48430, -4.18296, "ML", "city", 186_187),
    "Segou": (13.44032, -6.25947, "ML", "city", 205_787),
    "Mogadishu": (2.03711, 45.34375, "SO", "city", 2_587_183),
    "Afgooye": (2.13810, 45.12120, "SO", "city", 65_461),
    "Baidoa": (3.11383, 43.64980, "SO", "city", 129_839),
    "Sanaa": (15.35452, 44.20646, "YE", "city", 1_937_451),
    "Marib": (15.46253, 45.32581, "YE", "city", 16_794),
    "Aden": (12.77957, 45.03852, "YE", "city", 1_079_670),
    "Quetta": (30.18414, 67.00141, "PK", "city", 1_565_546),
    "Chaman": (30.91769, 66.45259, "PK", "city", 130_139),
    "Khartoum": (15.55177, 32.53241, "SD", "city", 1_974_647),
    "El Fasher": (13.62793, 25.34936, "SD", "city", 252_609),
    "Beirut": (33.89332, 35.50157, "LB", "city", 1_916_100),
    "Sidon": (33.55751, 35.37148, "LB", "city", 163_554),
    "Tyre": (33.27333, 35.19389, "LB", "city", 135_204),
    "Gary": (41.59337, -87.34643, "US", "city", 77_156),
    "Chicago": (41.85003, -87.65005, "US", "city", 2_664_452),
    "Plattsburgh": (44.69949, -73.45291, "US", "city", 19_806),
    "Indiana": (40.00032, -86.25027, "US", "admin1", 6_483_802),
    "Key West": (24.55524, -81.78163, "US", "city", 25_755),
    "Cuba": (21.5, -80.0, "CU", "country", 11_338_138),
    "Nikopol": (47.56826, 34.39126, "UA", "city", 105_160),
    "Enerhodar": (47.49048, 34.66199, "UA", "city", 52_887),
    "Reynosa": (26.08005, -98.28456, "MX", "city", 589_466),
    "McAllen": (26.20341, -98.23001, "US", "city", 140_269),
    "Kupiansk": (49.71003, 37.61581, "UA", "city", 27_169),
    "Uri": (46.80433, 8.66522, "CH", "admin1", 36_000),  # the Swiss canton, as a resolver may pick it
    "Metula": (33.27929, 35.57870, "IL", "city", 1_615),
    "Vovchansk": (50.29078, 36.94108, "UA", "city", 17_459),
    "Big Bear Lake": (34.2439, -116.91142, "US", "city", 5_213),
    "Los Angeles": (34.05223, -118.24368, "US", "city", 3_820_914),
    "Green Bay": (44.51916, -88.01983, "US", "city", 105_207),
    "Milwaukee": (43.0389, -87.90647, "US", "city", 563_531),
    "Palma": (39.56939, 2.65024, "ES", "city", 438_234),
    "Mocimboa da Praia": (-11.35172, 40.35158, "MZ", "city", 45_313),
    "Moscow": (55.75204, 37.61781, "RU", "city", 10_381_222),
    "Kyiv": (50.45466, 30.52380, "UA", "city", 2_952_301),
    "Ukraine": (49.0, 32.0, "UA", "country", 40_000_000),
    "Russia": (60.0, 100.0, "RU", "country", 144_000_000),
    "Israel": (31.5, 34.75, "IL", "country", 9_000_000),
    "Canadian": (60.0, -95.0, "CA", "country", 38_000_000),
    "Russian": (60.0, 100.0, "RU", "country", 144_000_000),
    "Uganda": (1.25, 32.5, "UG", "country", 45_000_000),
}


def analysis(text: str) -> Analysis:
    """An Analysis whose places are the names of PLACES found in ``text`` (longest names first)."""
    return analysis_of(text, PLACES)


def claims_of(text: str):
    return extract_claims(analysis(text))


def one(text: str):
    return only_claim(claims_of(text))


def point(name: str) -> tuple[float, float]:
    return PLACES[name][:2]


def geodesic(a: str, b: str) -> tuple[float, float]:
    """(km, azimuth at b of the geodesic from a to b, turned to point from b to a): distance and bearing b -> a."""
    (la, lo), (lb, lob) = point(a), point(b)
    g = G.Inverse(lb, lob, la, lo)
    return g["s12"] / 1000.0, g["azi1"] % 360.0


def approx_verdict(measured: float, claimed: float) -> str:
    """The approx rule, without geomap's extra slack (so only clear cases are used below)."""
    return "supported" if abs(measured - claimed) <= max(0.25 * claimed, 5.0) else "contradicted"


def compass_ok(bearing: float, direction_deg: float) -> bool:
    return abs((bearing - direction_deg + 180.0) % 360.0 - 180.0) <= 45.0


# ----------------------------------------------------------------------------- 1. wire ledes and appositives


@pytest.mark.parametrize("text,subject,ref,claimed,compass", [
    ("BAMAKO, Mali (AP) — Gunmen attacked an army post in Segou, about 235 kilometers northeast of Bamako.",
     "Segou", "Bamako", 235, 45),
    ("MOGADISHU, Somalia (Reuters) — A car bomb went off in Baidoa, some 245 km northwest of Mogadishu.",
     "Baidoa", "Mogadishu", 245, 315),
    ("GOMA, Congo (AP) — Rebels took Sake, a lakeside town about 25 kilometers west of Goma, on Tuesday.",
     "Sake", "Goma", 25, 270),
    ("El Fasher, roughly 800 km west of Khartoum, has been cut off for months.", "El Fasher", "Khartoum", 800, 270),
    ("Government troops still hold Marib, about 120 km east of Sanaa.", "Marib", "Sanaa", 120, 90),
    ("Aden, some 300 km south of Sanaa, is where the cabinet now meets.", "Aden", "Sanaa", 300, 180),
    ("Chaman, a border town some 120 km northwest of Quetta, was shut on Monday.", "Chaman", "Quetta", 120, 315),
    ("Jets struck Idlib, about 60 km southwest of Aleppo, before dawn.", "Idlib", "Aleppo", 60, 225),
    ("Sidon lies about 40 km south of Beirut along the coast road.", "Sidon", "Beirut", 40, 180),
    ("Gary, Indiana, about 40 km southeast of Chicago, lost another steel mill.", "Gary", "Chicago", 40, 135),
    ("Afgooye, which lies some 30 km inland from Mogadishu, was retaken.", "Afgooye", "Mogadishu", 30, None),
])
def test_place_to_place_claims_in_wire_copy(text, subject, ref, claimed, compass):
    c = one(text)
    assert c.subject is not None and c.subject.name == subject and c.reference.place.name == ref
    km, bearing = geodesic(subject, ref)
    assert c.measured_km == pytest.approx(km, abs=0.05)
    assert c.measured_bearing_deg == pytest.approx(bearing, abs=0.5) if compass is not None else True
    assert compass is None or compass_ok(bearing, compass)
    assert c.verdict == approx_verdict(km, claimed) == "supported"


def test_two_claims_in_one_sentence_each_keep_the_subject():
    claims = claims_of("Fighting reached Rutshuru, around 70 km north of Goma, near the border with Uganda.")
    assert len(claims) == 2 and all(c.subject.name == "Rutshuru" for c in claims)
    numeric = next(c for c in claims if c.value is not None)
    km, _ = geodesic("Rutshuru", "Goma")
    assert numeric.measured_km == pytest.approx(km, abs=0.05)
    assert numeric.verdict == approx_verdict(km, 70) == "supported"
    near = next(c for c in claims if c.value is None)
    want = independent_border_km(*point("Rutshuru"), [("CD", "UG")])
    assert near.qualifier == "near" and near.measured_km == pytest.approx(want, abs=0.3)
    assert near.verdict == ("supported" if want <= 50 else "contradicted")


@pytest.mark.parametrize("text,subject,pair,claimed", [
    ("Tyre, some 20 km north of the border with Israel, was hit by air strikes.", "Tyre", ("IL", "LB"), 20),
    ("Plattsburgh, about 20 miles south of the Canadian border, sits on a lake.", "Plattsburgh", ("CA", "US"),
     20 * MILE),
    ("Sumy, about 30 km from the Russian border, was shelled overnight.", "Sumy", ("RU", "UA"), 30),
])
def test_border_distances_in_local_and_conflict_news(text, subject, pair, claimed):
    c = one(text)
    want = independent_border_km(*point(subject), [pair])
    assert c.subject.name == subject and c.measured_km == pytest.approx(want, abs=0.3)
    assert c.verdict == approx_verdict(want, claimed) == "supported"


def test_a_list_of_places_within_a_distance_gives_one_claim_each():
    claims = claims_of("Kharkiv, Sumy and Belgorod, all within 50 km of the border, were shelled again.")
    assert sorted(c.subject.name for c in claims) == ["Belgorod", "Kharkiv", "Sumy"]
    for c in claims:
        want = independent_border_km(*point(c.subject.name), [("RU", "UA")])
        assert c.qualifier == "at_most" and c.measured_km == pytest.approx(want, abs=0.3)
        assert c.verdict == ("supported" if want <= 1.1 * 50 + 2 else "contradicted")


# ----------------------------------------------------------------------------- 2. two places N km apart


@pytest.mark.parametrize("text,a,b,claimed", [
    ("Kharkiv and Belgorod, about 80 km apart, have both been shelled.", "Kharkiv", "Belgorod", 80),
    ("Goma and Bukavu, roughly 100 km apart, sit at either end of the lake.", "Goma", "Bukavu", 100),
    ("The two regional capitals, Sumy and Kursk, lie some 150 km apart.", "Sumy", "Kursk", 150),
    ("Odesa and the port city of Izmail are about 190 km apart by air.", "Odesa", "Izmail", 190),
    ("Kramatorsk and Donetsk, only 80 miles apart, are held by opposing armies.", "Kramatorsk", "Donetsk",
     80 * MILE),
])
def test_two_places_apart_is_one_claim_between_them(text, a, b, claimed):
    c = one(text)
    assert c.subject.name == a and c.reference.kind == "place" and c.reference.place.name == b
    km, _ = geodesic(a, b)
    assert c.measured_km == pytest.approx(km, abs=0.05)
    assert c.direction is None
    assert c.verdict == approx_verdict(km, claimed)


@pytest.mark.parametrize("text,a,b,claimed", [
    ("The distance between Kharkiv and Belgorod is about 80 km, so shells land within minutes.", "Kharkiv",
     "Belgorod", 80),
    ("The distance between Goma and Bukavu, roughly 100 km, takes a day by boat.", "Goma", "Bukavu", None),
])
def test_the_distance_between_two_places(text, a, b, claimed):
    claims = claims_of(text)
    if claimed is None:  # the figure must follow the names as the predicate ("is", "of")
        assert claims == []
        return
    (c,) = claims
    assert c.text.startswith("distance between") and c.subject.name == a and c.reference.place.name == b
    km, _ = geodesic(a, b)
    assert c.measured_km == pytest.approx(km, abs=0.05)
    assert c.verdict == approx_verdict(km, claimed) == "supported"


@pytest.mark.parametrize("text", [
    "Ukraine and Russia, 2,000 km apart in their demands, did not meet.",  # countries are no points
    "The posts were set 5 km apart along the road.",  # no two places
    "Kharkiv was hit twice. Sumy and the villages, 40 km apart, were spared.",  # one place only
    "Kharkiv and Sumy saw two blasts 5 km apart on Monday.",  # the figure is about the blasts
])
def test_apart_without_two_named_points_is_no_claim(text):
    assert not [c for c in claims_of(text) if "apart" in c.text]


# ----------------------------------------------------------------------------- 3. halfway between


def midpoint_distance(subject: str, a: str, b: str) -> tuple[float, float]:
    """(km from the subject to the geodesic midpoint of a and b, km between a and b), by geographiclib."""
    (la, lo), (lb, lob) = point(a), point(b)
    line = G.InverseLine(la, lo, lb, lob)
    mid = line.Position(line.s13 / 2.0)
    s = point(subject)
    return G.Inverse(s[0], s[1], mid["lat2"], mid["lon2"])["s12"] / 1000.0, line.s13 / 1000.0


@pytest.mark.parametrize("text,subject,a,b", [
    ("Homs lies roughly halfway between Damascus and Aleppo.", "Homs", "Damascus", "Aleppo"),
    ("Mopti, halfway between Bamako and Gao, was quiet on Sunday.", "Mopti", "Bamako", "Gao"),
    ("Kramatorsk, midway between Kharkiv and Donetsk, was shelled.", "Kramatorsk", "Kharkiv", "Donetsk"),
    ("Odesa lies halfway between Kyiv and Kharkiv, the mayor said.", "Odesa", "Kyiv", "Kharkiv"),
])
def test_halfway_between_is_measured_from_the_midpoint(text, subject, a, b):
    c = one(text)
    assert c.subject.name == subject and c.qualifier == "at_most"
    km, span = midpoint_distance(subject, a, b)
    assert c.measured_km == pytest.approx(km, abs=0.1)
    assert c.claimed_km == pytest.approx(span / 4.0, abs=0.1)
    assert c.verdict == ("supported" if km <= span / 4.0 else "contradicted")


def test_halfway_between_needs_two_places_right_after_it():
    assert not claims_of("Homs lies halfway between the two largest cities.")
    assert not claims_of("The talks stalled halfway between rounds, in Homs and Aleppo.")


# ----------------------------------------------------------------------------- 4. along rivers, inland, offshore


def test_upstream_is_a_river_distance_the_straight_line_cannot_exceed():
    c = one("Kisangani, some 1,700 km upstream from Kinshasa, was cut off by the floods.")
    km, _ = geodesic("Kisangani", "Kinshasa")
    assert c.subject.name == "Kisangani" and c.qualifier == "at_most"
    assert c.measured_km == pytest.approx(km, abs=0.05)
    assert c.verdict == ("supported" if km <= 1.1 * 1700 + 2 else "contradicted") == "supported"


def test_downstream_too_far_is_contradicted():
    c = one("Kherson, about 40 km downstream of Nova Kakhovka, was flooded first.")
    km, _ = geodesic("Kherson", "Nova Kakhovka")
    assert c.qualifier == "at_most" and c.measured_km == pytest.approx(km, abs=0.05)
    assert c.verdict == ("supported" if km <= 1.1 * 40 + 2 else "contradicted") == "contradicted"


@pytest.mark.parametrize("text", [
    "The ship sank about 20 km offshore from Mogadishu.",
    "The plane came down about 30 km inland from Mogadishu.",
])
def test_offshore_and_inland_of_an_event_have_no_subject(text):
    c = one(text)
    assert c.reference.place.name == "Mogadishu" and c.value in (20, 30)
    assert c.subject is None and c.verdict == "unverifiable"


# ----------------------------------------------------------------------------- 5. subjects of passives, "and"


@pytest.mark.parametrize("text,subject,ref,claimed", [
    ("Izmail was attacked by drones about 200 km from Odesa.", "Izmail", "Odesa", 200),
    ("The town of Sake was overrun by rebels some 25 km west of Goma.", "Sake", "Goma", 25),
    ("Baidoa was hit again on Sunday, some 245 km northwest of Mogadishu.", "Baidoa", "Mogadishu", 245),
])
def test_the_place_a_passive_sentence_opens_with_is_the_subject(text, subject, ref, claimed):
    c = one(text)
    assert c.subject is not None and c.subject.name == subject
    km, _ = geodesic(subject, ref)
    assert c.measured_km == pytest.approx(km, abs=0.05)
    assert c.verdict == approx_verdict(km, claimed) == "supported"


def test_a_passive_border_claim_and_its_limits():
    c = one("Kupiansk was hit by glide bombs some 40 km from the Russian border.")
    want = independent_border_km(*point("Kupiansk"), [("RU", "UA")])
    assert c.subject.name == "Kupiansk" and c.measured_km == pytest.approx(want, abs=0.3)
    assert c.verdict == approx_verdict(want, 40) == "supported"
    # a place inside a noun phrase, or a second clause, is not the passive's subject
    assert one("A school in Sumy was struck by a missile about 30 km from the border.").subject is None
    assert one("Kharkiv was shelled while troops advanced 20 km from Kupiansk.").subject is None


def test_a_second_figure_after_and_shares_the_subject():
    claims = claims_of("Belgorod lies some 40 km north of the Ukrainian border and about 80 km from Kharkiv.")
    assert len(claims) == 2 and all(c.subject is not None and c.subject.name == "Belgorod" for c in claims)
    km, _ = geodesic("Belgorod", "Kharkiv")
    assert claims[1].measured_km == pytest.approx(km, abs=0.05)
    assert claims[1].verdict == approx_verdict(km, 80) == "supported"


# ----------------------------------------------------------------------------- 6. rivers, islands, coast roads


def test_across_a_river_between_two_towns_of_one_country_is_no_border_claim():
    c = one("The plant's town, Enerhodar, lies across the Dnipro from Nikopol.")
    km, _ = geodesic("Enerhodar", "Nikopol")
    assert c.qualifier == "across" and c.reference.kind == "place"
    assert c.measured_km == pytest.approx(km, abs=0.05)
    assert c.verdict == ("supported" if km <= 50 else "contradicted") == "supported"  # judged as 'near'


def test_across_a_two_word_river_between_two_countries_is_measured_to_their_border():
    c = one("Reynosa, just across the Rio Grande from McAllen, saw gun battles overnight.")
    want = independent_border_km(*point("Reynosa"), [("MX", "US")])
    assert c.subject.name == "Reynosa" and c.qualifier == "across"
    assert c.measured_km == pytest.approx(want, abs=0.3)
    assert c.verdict == ("supported" if want <= 10 else "contradicted") == "supported"


def test_an_island_country_named_bare_is_measured_to_its_coast():
    c = one("The storm hit Key West, about 90 miles north of Cuba.")
    want = independent_coast_km(*point("Key West"), "CU")
    assert c.subject.name == "Key West" and c.measured_km == pytest.approx(want, abs=0.3)
    assert c.verdict == approx_verdict(want, 90 * MILE) == "supported"


def test_a_road_along_the_coast_is_no_coast_claim():
    assert not [c for c in claims_of("Convoys drove along the coast road from Sidon to Tyre.") if c.qualifier == "on"]
    c = one("Sidon, a port on the Mediterranean coast, was struck.")  # the coast itself still is one
    want = independent_coast_km(*point("Sidon"), "LB")
    assert c.qualifier == "on" and c.measured_km == pytest.approx(want, abs=0.3)
    assert c.verdict == ("supported" if want <= 10 else "contradicted") == "supported"


# ----------------------------------------------------------------------------- 7. a division's namesake town abroad

URI_TOWN = (34.086, 74.032)  # GeoNames 1253694, Uri in Kashmir (a town of 9,366)


def test_a_division_far_from_the_reference_becomes_a_town_of_its_name_where_the_reference_is():
    c = one("The shelling hit Uri, a town close to the Line of Control.")
    assert c.subject.feature == "city" and c.subject.country_code == "IN"
    assert (c.subject.lat, c.subject.lon) == pytest.approx(URI_TOWN, abs=1e-3)
    want = independent_border_km(*URI_TOWN, [("IN", "PK")])
    assert c.measured_km == pytest.approx(want, abs=0.3)
    assert c.verdict == ("supported" if want <= 50 else "contradicted") == "supported"
    assert any("(IN)" in n and "not the admin1" in n for n in c.notes)


# ----------------------------------------------------------------------------- 8. claims inside quotes


@pytest.mark.parametrize("text,subject,pair,claimed", [
    ('"Our village is only 3 km from the Lebanese border," said a resident of Metula.', "Metula", ("IL", "LB"), 3),
    ("“Our town lies just 6 km from the border,” the mayor of Vovchansk told reporters.", "Vovchansk",
     ("RU", "UA"), 6),
])
def test_our_town_in_a_quote_is_the_place_of_whoever_is_quoted(text, subject, pair, claimed):
    c = one(text)
    assert c.subject is not None and c.subject.name == subject
    want = independent_border_km(*point(subject), [pair])
    assert c.measured_km == pytest.approx(want, abs=0.3)
    assert c.verdict == ("supported" if abs(want - claimed) <= 5 else "contradicted") == "supported"


def test_a_quoted_we_is_no_place():
    assert one('"We are only 5 km from the border," said a farmer in Vovchansk.').subject is None


# ----------------------------------------------------------------------------- 9. towns named after water


@pytest.mark.parametrize("text,subject,ref,claimed", [
    ("The blaze forced evacuations in Big Bear Lake, some 75 miles east of Los Angeles.", "Big Bear Lake",
     "Los Angeles", 75 * MILE),
    ("Green Bay, about 100 miles north of Milwaukee, was buried in snow.", "Green Bay", "Milwaukee", 100 * MILE),
])
def test_a_town_whose_name_holds_a_water_word_is_a_subject(text, subject, ref, claimed):
    c = one(text)
    assert c.subject is not None and c.subject.name == subject
    km, _ = geodesic(subject, ref)
    assert c.measured_km == pytest.approx(km, abs=0.05)
    assert c.verdict == approx_verdict(km, claimed) == "supported"


def test_a_lake_taken_for_a_town_of_part_of_its_name_is_still_no_subject():
    text = "The ferry sank on Lake Kivu, about 10 km from Goma."
    a = analysis(text)
    i = text.index("Lake Kivu")
    a.places.append(Place(text="Lake Kivu", start=i, end=i + 9, name="Kivu", lat=-2.0, lon=29.1, country_code="CD",
                          feature="city", population=1_000, confidence=1.0))
    a.places.sort(key=lambda p: p.start)
    (c,) = extract_claims(a)
    assert c.subject is None


# ----------------------------------------------------------------------------- 10. noise


@pytest.mark.parametrize("text", [
    "The body was found about a mile from the boat, officials said.",
    "Rescuers searched just a few miles from the site of the crash.",
])
def test_no_place_on_either_side_and_a_reference_no_data_could_place_is_no_claim(text):
    assert claims_of(text) == []


@pytest.mark.parametrize("text", [
    "Russian troops are now some 15 km from the front line, the ministry said.",
    "The convoy was shelled about 5 km from the river, officials said.",
])
def test_a_known_unmappable_reference_stays_a_claim_unverifiable_with_its_reason(text):
    (c,) = claims_of(text)  # as the real-news annotations count them: "forces are 15 km from ..." is a claim
    assert c.verdict == "unverifiable" and c.reference.kind == "unknown" and c.reason


def test_a_named_subject_keeps_an_unplaceable_reference():
    c = one("Kramatorsk, some 25 km from the front line, was hit by missiles.")
    assert c.subject.name == "Kramatorsk" and c.reference.kind == "unknown" and c.verdict == "unverifiable"


def test_the_road_between_two_towns_is_no_distance_claim():
    assert claims_of("The convoy was ambushed on the road between Gao and Mopti, officials said.") == []


# ----------------------------------------------------------------------------- 11. a namesake on another continent


def test_a_gross_error_between_countries_far_apart_is_a_missing_namesake_not_a_contradiction():
    c = one("Mocimboa da Praia lies roughly 70 km south of Palma.")  # the data's Palma is the Spanish city
    km, _ = geodesic("Mocimboa da Praia", "Palma")
    assert c.measured_km == pytest.approx(km, abs=0.5) and km > 6000
    assert c.verdict == "unverifiable" and "namesake" in c.reason


def test_a_gross_error_between_neighbours_stays_a_contradiction():
    c = one("Kyiv lies about 100 km from Moscow, the post claimed.")
    km, _ = geodesic("Kyiv", "Moscow")
    assert c.measured_km == pytest.approx(km, abs=0.05)
    assert c.verdict == approx_verdict(km, 100) == "contradicted"
