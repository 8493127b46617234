"""The embedded gazetteer: names, aliases, demonyms, abbreviations, countries, the on-disk index."""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

from geomap.gazetteer import Gazetteer, get_gazetteer, normalize
from geomap.gazetteer.store import build_index

ROOT = Path(__file__).resolve().parent.parent


def km(a, b) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 12742 * math.asin(math.sqrt(h))


@pytest.mark.parametrize("raw, key", [
    ("Kyiv", "kyiv"), ("KYIV", "kyiv"), ("Kharkiv’s", "kharkiv’s".replace("’", "")),
    ("W.Va.", "wva"), ("St. Petersburg", "st petersburg"), ("Saint Petersburg", "st petersburg"),
    ("Nagorno-Karabakh", "nagorno karabakh"), ("Zürich", "zurich"), ("  São  Paulo ", "sao paulo"),
])
def test_normalize(raw, key):
    assert normalize(raw) == key


def test_every_entry_has_point_feature_and_country():
    gaz = get_gazetteer()
    countries = list(gaz.iter_entries("country"))
    for e in countries:
        assert -90 <= e.lat <= 90 and -180 <= e.lon <= 180
        assert e.country_code and len(e.country_code) == 2 and e.feature == "country"
    assert len(countries) > 240


@pytest.mark.parametrize("name, expected_name, feature, cc", [
    ("Kyiv", "Kyiv", "city", "UA"),
    ("Kiev", "Kyiv", "city", "UA"),  # old spelling
    ("Kharkov", "Kharkiv", "city", "UA"),
    ("Ramstein Air Base", "Ramstein Air Base", "landmark", "DE"),
    ("Middle East", "Middle East", "region", None),
    ("Donbas", "Donbas", "region", "UA"),
    ("Gaza Strip", "Gaza Strip", "region", "PS"),
    ("Laurel County", "Laurel County", "admin2", "US"),
    ("W.Va.", "West Virginia", "admin1", "US"),
    ("B.C.", "British Columbia", "admin1", "CA"),
    ("U.S.", "United States", "country", "US"),
    # variants news writes: no leading article, "of Congo", bare Arabic names, "X Region", other abbreviations
    ("Netherlands", "The Netherlands", "country", "NL"),
    ("Democratic Republic of Congo", "Democratic Republic of the Congo", "country", "CD"),
    ("Obeid", "El Obeid", "city", "SD"),
    ("Kursk Region", "Kursk Oblast", "admin1", "RU"),
    ("Zaporizhzhia Oblast", "Zaporizhzhia Oblast", "admin1", "UA"),
    ("NSW", "New South Wales", "admin1", "AU"),
    ("KP", "Khyber Pakhtunkhwa", "admin1", "PK"),
    ("Zaporozhye", "Zaporizhzhia", "city", "UA"),  # an old spelling reaches the city, not a village
    ("EU", "European Union", "region", None),
    # more feature classes
    ("Danube", "Danube", "region", None),
    ("Hindu Kush", "Hindu Kush", "region", None),
    ("Gobi Desert", "Gobi Desert", "region", None),
    ("Aegean Sea", "Aegean Sea", "region", None),
    ("Khyber Pass", "Khyber Pass", "landmark", "PK"),
    ("Soviet Union", "Soviet Union", "region", None),
    ("USSR", "Soviet Union", "region", None),
])
def test_lookup_finds_places_aliases_and_abbreviations(name, expected_name, feature, cc):
    hits = get_gazetteer().lookup(name)
    assert any(e.name == expected_name and e.feature == feature and (cc is None or e.country_code == cc)
               for e in hits), [(e.name, e.feature, e.country_code) for e in hits[:5]]


@pytest.mark.parametrize("text, cc", [("Russian", "RU"), ("Ukrainian", "UA"), ("Russia", "RU"),
                                      ("Russian Federation", "RU"), ("ru", "RU"), ("Palestinians", "PS"),
                                      ("Israelis", "IL"), ("Britain", "GB"), ("Nowhereland", None)])
def test_country_code_for_names_demonyms_and_codes(text, cc):
    assert get_gazetteer().country_code_for(text) == cc


def test_country_points_follow_geonames_where_packages_differ():
    gaz = get_gazetteer()
    # GeoNames' country feature points (the convention of the gold corpora), not polygon centroids
    assert km((gaz.country("US").lat, gaz.country("US").lon), (39.76, -98.5)) < 1
    assert km((gaz.country("RU").lat, gaz.country("RU").lon), (60.0, 100.0)) < 1


def test_division_points_lie_inside_their_division():
    gaz = get_gazetteer()
    texas = next(e for e in gaz.lookup("Texas") if e.feature == "admin1")
    assert 25.8 < texas.lat < 36.5 and -106.7 < texas.lon < -93.5
    assert texas.population > 1_000_000


def test_unknown_name_gives_nothing():
    assert get_gazetteer().lookup("Qwxzyville") == []


def test_index_is_built_atomically_and_reopened(tmp_path):
    db = tmp_path / "g.sqlite"
    build_index(db)
    assert db.exists() and not list(tmp_path.glob("*.part"))
    g = Gazetteer(db)
    assert g.lookup("Kyiv")[0].country_code == "UA"
    assert g.get(703448).name == "Kyiv"  # lookup by GeoNames id


def test_gazetteer_pickles_for_worker_processes():
    import pickle

    g2 = pickle.loads(pickle.dumps(get_gazetteer()))
    assert g2.lookup("Odesa")[0].country_code == "UA"


@pytest.mark.parametrize("name, feature, cc, lat, lon", [
    ("Virginia", "admin1", "US", 37.55, -77.45),  # GeoNames puts the state at its capital
    ("Ontario", "admin1", "CA", 49.25, -84.5),
    ("Alberta", "admin1", "CA", 52.28, -117.47),
    ("Queensland", "admin1", "AU", -20.0, 145.0),
    ("Canada", "country", "CA", 60.11, -113.64),
    ("Middle East", "region", "", 33.14, 35.86),
])
def test_standard_points_of_countries_divisions_and_regions(name, feature, cc, lat, lon):
    """Areas stand at the points users and gold standards expect (GeoNames'), not at a box middle."""
    e = next(e for e in get_gazetteer().lookup(name) if e.feature == feature and e.country_code == cc)
    assert km((e.lat, e.lon), (lat, lon)) < 60, (e.lat, e.lon)


@pytest.mark.parametrize("name, feature, cc, display", [
    ("Kursk Region", "admin1", "RU", "Kursk Oblast"),  # not "Kurskaya oblast'"
    ("Homs", "admin1", "SY", "Homs"),  # not "Ḩimş"
    ("Nabatieh", "admin1", "LB", "Nabatieh"),  # not "An Nabaţīyah"
    ("Herat", "city", "AF", "Herat"),  # not "Herāt"
    ("Zaporizhzhia", "city", "UA", "Zaporizhzhia"),  # not "Zaporizhzhya"
    ("Nabatieh", "city", "LB", "Nabatieh"),  # not "Nabatîyé et Tahta"
])
def test_display_names_are_the_english_ones(name, feature, cc, display):
    e = next(e for e in get_gazetteer().lookup(name) if e.feature == feature and e.country_code == cc)
    assert e.name == display


def test_build_helpers_name_variants_and_transliteration():
    """The rebuild script's rules, on names of our own (the script lives outside the package)."""
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "data" / "build" / "build_gazetteer.py"
    spec = importlib.util.spec_from_file_location("build_gazetteer", path)
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    assert build.plain_transliteration("Ţarţūs") == "Tartus"
    assert build.plain_transliteration("Şanlıurfa") == "Şanlıurfa"  # a Turkish letter, not a mark
    assert "Obeid" in build.name_variants(["El Obeid"], "city", "SD")
    assert "Paso" not in build.name_variants(["El Paso"], "city", "US")  # Spanish, not an Arabic article
    assert "Gambia" in build.name_variants(["The Gambia"], "country", "GM")
    assert build.named_after_city("Ploskaya oblast'", [(90_000, "Ploskov"), (5_000, "Dubki")]) == [
        "Ploskov Oblast", "Ploskov Region"]
    assert build.english_display_name("Ploskaya oblast'", ["Ploskov Oblast"], "admin1") == "Ploskov Oblast"


# -- the index file: built fast, keyed by content, verified, locked, cleaned (issues 10 and 14) -------------

TINY_ROWS = [  # invented places: geonameid name feature fcode cc admin1 lat lon population alt-names
    "-7\tZedland\tcountry\tPCLI\tZZ\t\t10.0\t20.0\t1000000\tZed Republic|Zedland",
    "7001\tNorth March\tadmin1\tADM1\tZZ\t01\t11.0\t21.0\t20000\t",
    "7002\tAlderford\tcity\tPPL\tZZ\t01\t10.5\t20.25\t5000\tAlder Ford|ALDERFORD|Alder-Ford|",
    "7003\tSaint Brill\tcity\tPPL\tZZ\t01\t10.1\t20.1\t800\tSt. Brill",
    "7004\tSaint Brill\tcity\tPPL\tZZ\t01\t10.2\t20.2\t90\t",
    "7005\tOld Quay\tcity\tPPL\tZZ\t01\t10.3\t20.3\t40\t",
    "7006\tQuayton\tcity\tPPL\tZZ\t01\t10.4\t20.4\t60000\tOld Quay",
]
TINY_ALIASES = ["# alias\tkind\ttarget", "Zed.\tabbr\tcountry:ZZ", "Zedlander\tdemonym\tcountry:ZZ",
                "N.M.R.\tabbr\tadmin1:ZZ:North March", "Brill\tabbr\tcity:ZZ:Saint Brill",
                "Nowhere\tabbr\tcity:ZZ:Missing Town", "O.Q.\tabbr\tcity:ZZ:Old Quay"]


def write_tiny_data(folder, extra_rows: int = 0):
    """A small gazetteer data folder (GEOMAP_DATA_DIR layout); ``extra_rows`` invented hamlets more."""
    import gzip

    folder.mkdir(parents=True, exist_ok=True)
    rows = TINY_ROWS + [f"{9000 + i}\tHamlet {i}\tcity\tPPL\tZZ\t01\t10.{i % 97}\t20.{i % 89}\t{i}\tHamlet No {i}"
                        for i in range(extra_rows)]
    with gzip.open(folder / "gazetteer.tsv.gz", "wt", encoding="utf-8") as fh:
        fh.write("# invented test data\n" + "\n".join(rows) + "\n")
    (folder / "aliases.tsv").write_text("\n".join(TINY_ALIASES) + "\n", encoding="utf-8")
    return folder


@pytest.fixture
def tiny(tmp_path, monkeypatch):
    """Tiny data and an empty cache folder, both through the environment; yields the cache folder."""
    monkeypatch.setenv("GEOMAP_DATA_DIR", str(write_tiny_data(tmp_path / "data")))
    cache = tmp_path / "cache"
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(cache))
    return cache


def indexes(folder):
    return sorted(folder.glob("gazetteer-*.sqlite"))


def reference_key(name: str) -> str:
    """The lookup key as first specified (regular expressions, step by step), to check the fast one."""
    import re
    import unicodedata

    s = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    s = re.sub(r"[\s\-\u2010-\u2015_/]+", " ", re.sub(r"[.\u2019'`´]", "", s.casefold())).strip()
    for long, short in (("saint ", "st "), ("mount ", "mt "), ("fort ", "ft ")):
        if s.startswith(long):
            return short + s[len(long):]
    return s


def test_normalize_many_gives_the_reference_keys_for_every_packaged_name():
    import gzip

    from geomap._paths import data_file
    from geomap.gazetteer.names import normalize_many

    names = ["Kyiv", "  Saint  Brill ", "saint", "Mount-Fort", "İstanbul", "Straße", "a\u00a0b", "Fort ", "",
             "a\u2028b\u3000c", "x\u2013y", "Ol’ Town", "d´Arc", "A_B/C", " fort  x ", "\u1e9e", "ǅ"]
    with gzip.open(data_file("gazetteer.tsv.gz"), "rt", encoding="utf-8") as fh:
        for line in fh:
            fields = line.rstrip("\n").split("\t")
            if not line.startswith("#") and len(fields) >= 10:
                names += [fields[1], *fields[9].split("|")]
    keys = normalize_many(names)
    assert len(names) > 500_000
    assert [(n, k) for n, k in zip(names, keys) if k != reference_key(n)] == []
    assert [normalize(n) for n in names[:17]] == keys[:17]


def test_tiny_index_rows_follow_the_name_rules(tiny, capsys):
    gaz = Gazetteer()
    err = capsys.readouterr().err
    assert err.count("building the gazetteer index") == 1 and len(err.strip().splitlines()) == 1
    rows = sorted(gaz._rows("SELECT key, kind, idx FROM name"))
    alderford = [(k, kind) for k, kind, idx in rows if idx == 2]
    assert alderford == [("alder ford", 1), ("alderford", 0)]  # duplicates of the own name dropped
    assert ("st brill", 0, 3) in rows and ("brill", 2, 3) in rows  # the more populous Saint Brill
    assert ("zedlanders", 3, 0) in rows and ("zed", 2, 0) in rows and ("n m r", 2, 1) in rows
    assert not [r for r in rows if r[0] == "nowhere"]  # an alias of a missing place is left out
    assert ("oq", 2, 6) in rows  # named by an alternate name of a more populous place: that place
    assert gaz.get(7003).name == "Saint Brill" and gaz.country("zz").name == "Zedland"
    assert [e.name for e in gaz.iter_entries("city")][:3] == ["Alderford", "Saint Brill", "Saint Brill"]


def test_country_and_admin1_tables_read_from_their_noted_spans(tmp_path, monkeypatch):
    """The index notes where the country and admin1 entries lie; reading those spans gives the rows a scan
    of the whole entry table gives, also when the features are mixed with cities; without the notes (an
    index built before them) the store scans."""
    import gzip
    import shutil
    import sqlite3

    rows = list(TINY_ROWS) + [f"{8000 + i}\tTown {i}\tcity\tPPL\tZZ\t01\t10.{i}\t20.{i}\t{i}\t" for i in range(5)]
    rows.insert(4, "7100\tSouth March\tadmin1\tADM1\tZZ\t02\t9.0\t19.0\t3000\t")
    rows.append("-8\tYonland\tcountry\tPCLI\tYY\t\t5.0\t5.0\t500\t")
    rows.append("7200\tYon Vale\tadmin1\tADM1\tYY\t01\t5.5\t5.5\t50\t")
    data = tmp_path / "data"
    write_tiny_data(data)
    with gzip.open(data / "gazetteer.tsv.gz", "wt", encoding="utf-8") as fh:
        fh.write("\n".join(rows) + "\n")
    monkeypatch.setenv("GEOMAP_DATA_DIR", str(data))
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path / "cache"))
    gaz = Gazetteer()
    scan = gaz._rows("SELECT * FROM entry WHERE feature IN ('country', 'admin1') ORDER BY idx")
    assert [r[2] for r in scan] == ["Zedland", "North March", "South March", "Yonland", "Yon Vale"]
    assert dict(gaz._rows("SELECT key, value FROM meta WHERE key LIKE 'rows:%'")) == {
        "rows:country": f"0,{len(rows) - 2}", "rows:admin1": f"1,{len(rows) - 1}"}
    assert gaz._small_table_rows() == scan
    assert gaz.admin1_name("ZZ", "02") == "South March" and gaz.country("YY").name == "Yonland"
    old = tmp_path / "old.sqlite"
    shutil.copy(gaz.db_path, old)
    with sqlite3.connect(old) as con:
        con.execute("DELETE FROM meta WHERE key LIKE 'rows:%'")
    before = Gazetteer(old)
    assert before._small_table_rows() == scan and before.admin1_name("YY", "01") == "Yon Vale"


def test_checks_of_unchanged_files_are_remembered_and_changes_are_seen(tiny, tmp_path, capsys, monkeypatch):
    """A data file's checksum and an index's soundness are read once per file as it is: later opens skip
    reading them; any write to the file (here a same-size garbling of the index, then a data edit) is seen."""
    import time

    from geomap.gazetteer import cache

    monkeypatch.setattr(cache.CheckedFiles, "SETTLED_S", 0.0)
    path = Gazetteer().db_path
    good = path.read_bytes()
    assert cache.ensure_index() == path  # checked by reading, and remembered
    reads, real_checksum = [], cache.file_checksum
    monkeypatch.setattr(cache, "file_checksum", lambda p: reads.append(p) or "00000000")
    assert cache.ensure_index() == path and reads == []  # remembered: nothing read
    time.sleep(0.05)  # past the file system's clock tick
    middle = len(good) // 2
    path.write_bytes(good[:middle] + bytes(b ^ 0x5A for b in good[middle:middle + 64]) + good[middle + 64:])
    monkeypatch.setattr(cache, "file_checksum", real_checksum)
    capsys.readouterr()
    again = Gazetteer()
    assert "damaged" in capsys.readouterr().err and again.db_path.read_bytes() == good
    data = Path(os.environ["GEOMAP_DATA_DIR"]) / "gazetteer.tsv.gz"
    before = data.read_bytes()
    write_tiny_data(data.parent, extra_rows=2)
    assert data.read_bytes() != before and cache.ensure_index().name.split("-")[1] != path.name.split("-")[1]


def test_later_runs_reuse_the_index_silently(tiny, capsys):
    first = Gazetteer().db_path
    capsys.readouterr()
    again = Gazetteer()
    assert again.db_path == first and capsys.readouterr().err == ""
    assert again.lookup("Zedlander")[0].name == "Zedland"


def test_two_copies_of_the_same_data_share_one_index(tiny, tmp_path, monkeypatch, capsys):
    first = Gazetteer().db_path  # e.g. the editable checkout
    monkeypatch.setenv("GEOMAP_DATA_DIR", str(write_tiny_data(tmp_path / "installed-copy")))
    capsys.readouterr()
    assert Gazetteer().db_path == first and "building" not in capsys.readouterr().err


def test_other_data_does_not_prune_a_recently_used_index(tiny, tmp_path, monkeypatch):
    import os
    import time

    first = Gazetteer().db_path
    stale = tiny / "gazetteer-00000000000000aa-0000abcd.sqlite"
    stale.write_bytes(b"an index of data unused for 40 days")
    os.utime(stale, (time.time() - 40 * 86400,) * 2)
    monkeypatch.setenv("GEOMAP_DATA_DIR", str(write_tiny_data(tmp_path / "other", extra_rows=3)))
    second = Gazetteer().db_path
    assert second != first and set(indexes(tiny)) == {first, second}  # the stale one is gone


@pytest.mark.parametrize("damage", ["truncate", "garble", "junk"])
def test_damaged_index_is_detected_and_rebuilt(tiny, capsys, damage):
    path = Gazetteer().db_path
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garble":
        middle = len(data) // 2
        path.write_bytes(data[:middle] + bytes(b ^ 0x5A for b in data[middle:middle + 64]) + data[middle + 64:])
    else:
        path.write_bytes(b"not an index at all\n" * 100)
    capsys.readouterr()
    gaz = Gazetteer()
    assert "damaged" in capsys.readouterr().err
    assert gaz.lookup("Alderford")[0].geonameid == 7002
    assert indexes(tiny) == [gaz.db_path] and gaz.db_path.read_bytes() == data


def test_index_damaged_while_open_is_rebuilt_on_the_next_query(tiny, capsys):
    gaz = Gazetteer()
    gaz.db_path.write_bytes(b"\0" * gaz.db_path.stat().st_size)  # same file, contents gone
    assert gaz.lookup("Alder Ford")[0].geonameid == 7002
    assert "damaged" in capsys.readouterr().err


def test_a_damaged_index_given_by_path_is_a_clear_error(tmp_path):
    from geomap.errors import DataError

    bad = tmp_path / "given.sqlite"
    bad.write_bytes(b"garbage" * 1000)
    with pytest.raises(DataError, match="damaged"):
        Gazetteer(bad).lookup("Kyiv")
    with pytest.raises(DataError, match="does not exist"):
        Gazetteer(tmp_path / "missing.sqlite").lookup("Kyiv")


def test_cache_folder_that_cannot_be_created_falls_back_to_a_temporary_one(tiny, tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(blocker / "cache"))
    gaz = Gazetteer()
    err = capsys.readouterr().err
    assert "temporary folder" in err and len(err.strip().splitlines()) == 1
    assert gaz.lookup("Zed.")[0].name == "Zedland"
    assert not gaz.db_path.is_relative_to(blocker)


def test_read_only_cache_folder_falls_back_to_a_temporary_one(tiny, monkeypatch, capsys):
    import geomap.gazetteer.cache as cache_mod

    tiny.mkdir()
    tiny.chmod(0o555)
    real_build = cache_mod.build_into

    def refuse_in_the_cache_folder(folder, *args, **options):  # as a read-only folder does (root may write)
        if folder == tiny:
            raise PermissionError(13, "Permission denied", str(folder))
        return real_build(folder, *args, **options)

    monkeypatch.setattr(cache_mod, "build_into", refuse_in_the_cache_folder)
    try:
        gaz = Gazetteer()
    finally:
        tiny.chmod(0o755)
    err = capsys.readouterr().err
    assert "cannot write the cache folder" in err and len(err.strip().splitlines()) == 1
    assert gaz.lookup("N.M.R.")[0].name == "North March" and gaz.db_path.parent != tiny


def test_parts_of_dead_builds_are_removed(tmp_path):
    import os
    import subprocess
    import sys
    import time

    from geomap.gazetteer.cache import STALE_PART_S, clean_stale_parts

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    dead = tmp_path / f".gazetteer-{'a' * 16}.{int(gone.stdout)}.part"
    live = tmp_path / f".gazetteer-{'b' * 16}.{os.getppid()}.part"
    old_live = tmp_path / f".gazetteer-{'c' * 16}.{os.getppid()}.part"
    unnamed = tmp_path / ".gazetteer-index.sqlite.part"  # no pid to ask: removed only when old
    for part in (dead, live, old_live, unnamed):
        part.write_bytes(b"half an index")
    os.utime(old_live, (time.time() - STALE_PART_S - 60,) * 2)
    assert sorted(clean_stale_parts(tmp_path)) == sorted([dead, old_live])
    assert live.exists() and unnamed.exists()
    assert unnamed in clean_stale_parts(tmp_path, now=time.time() + STALE_PART_S + 60)


def test_a_killed_build_leaves_no_part_behind(tiny, tmp_path):
    import os
    import signal
    import subprocess
    import sys
    import time

    write_tiny_data(tmp_path / "data", extra_rows=60_000)  # big enough to be killed mid-build
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-c", "from geomap.gazetteer import Gazetteer; Gazetteer()"],
                            env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not list(tiny.glob(".gazetteer-*.part")) and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    killed_midway = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    assert killed_midway and list(tiny.glob(".gazetteer-*.part"))  # the case under test: a part left behind
    gaz = Gazetteer()
    assert gaz.lookup("Hamlet No 5")[0].geonameid == 9005
    assert not list(tiny.glob(".gazetteer-*.part")) and indexes(tiny) == [gaz.db_path]


def test_concurrent_first_runs_build_once_and_both_succeed(tiny, tmp_path):
    import os
    import subprocess
    import sys

    write_tiny_data(tmp_path / "data", extra_rows=30_000)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "from geomap.gazetteer import Gazetteer; print(Gazetteer().lookup('Hamlet 77')[0].geonameid)"
    procs = [subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    assert [out.strip() for out, _ in results] == ["9077", "9077"]
    assert sum(err.count("geomap: building the gazetteer index") for _, err in results) == 1, results
    assert len(indexes(tiny)) == 1 and not list(tiny.glob(".gazetteer-*.part"))


def test_the_build_gives_the_same_file_whatever_the_hash_seed(tiny, tmp_path):
    """The index name holds its checksum, and other caches (reverse geocoding) are keyed by that name."""
    import os
    import subprocess
    import sys

    code = "import sys; from geomap.gazetteer.store import build_index; build_index(sys.argv[1])"
    built = []
    for seed in ("1", "2"):
        out = tmp_path / f"seed{seed}.sqlite"
        env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-c", code, str(out)], env=env, check=True)
        built.append(out.read_bytes())
    assert built[0] == built[1] and len(built[0]) > 0


def test_cache_folder_that_cannot_be_created_gives_every_cache_a_temporary_one(tmp_path, monkeypatch, capsys):
    from geomap._paths import cache_dir

    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(blocker / "cache"))
    first, second = cache_dir(), cache_dir()
    assert first == second and first.is_dir() and not first.is_relative_to(blocker)
    (first / "probe").write_text("writable")
    assert len(capsys.readouterr().err.strip().splitlines()) == 1  # warned once, not per call


def test_index_in_a_read_only_cache_folder_is_used_as_it_is(tiny, monkeypatch, capsys):
    import os
    import time

    path = Gazetteer().db_path
    os.utime(path, (time.time() - 3 * 86400,) * 2)  # old enough that a run would refresh its mtime
    tiny.chmod(0o555)

    def refuse(*args, **kwargs):  # what the read-only folder does to anything that would write
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "utime", refuse)
    try:
        capsys.readouterr()
        gaz = Gazetteer()
    finally:
        tiny.chmod(0o755)
    assert gaz.db_path == path and capsys.readouterr().err == ""
    assert gaz.lookup("Quayton")[0].geonameid == 7006


def test_index_removed_before_first_query_is_found_again(tiny):
    gaz = Gazetteer()
    gaz.db_path.unlink()  # e.g. another process found it damaged and removed it
    assert gaz.lookup("Old Quay")[0].geonameid == 7005
    assert gaz.db_path.is_file()


def test_damaged_data_file_is_a_clear_error_and_leaves_nothing_behind(tiny, tmp_path):
    from geomap.errors import DataError

    data = tmp_path / "data" / "gazetteer.tsv.gz"
    data.write_bytes(data.read_bytes()[:-20])  # truncated download or copy
    with pytest.raises(DataError, match="cannot read the gazetteer data"):
        Gazetteer()
    assert not list(tiny.glob("*.part")) and not list(tiny.glob(".*.part")) and not indexes(tiny)
