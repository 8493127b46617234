"""Gazetteer storage and lookup (SQLite index built once from data/, cached on disk)."""

from __future__ import annotations

import gzip
import hashlib
import os
import re
import sqlite3
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from .._paths import cache_dir, data_file
from ..errors import DataError

SCHEMA_VERSION = "6"

# Kinds of name -> entry links.
NAME, ALT, ABBR, DEMONYM = 0, 1, 2, 3


class Entry(NamedTuple):
    """One gazetteer entry (a place, division, country, region or landmark)."""

    idx: int
    geonameid: int
    name: str
    feature: str  # continent | region | country | admin1 | admin2 | city | landmark
    feature_code: str
    country_code: str
    admin1_code: str
    lat: float
    lon: float
    population: int


_PUNCT = re.compile(r"[.\u2019'`´]")
_SPACE = re.compile(r"[\s\-\u2010-\u2015_/]+")


@lru_cache(maxsize=200_000)
def normalize(name: str) -> str:
    """Lookup key of a name: accents folded, case folded, dots/apostrophes dropped, hyphens as spaces."""
    if name.isascii():
        s = name
    else:
        s = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    s = _PUNCT.sub("", s.casefold())
    s = _SPACE.sub(" ", s).strip()
    if s.startswith("saint "):
        s = "st " + s[6:]
    elif s.startswith("mount "):
        s = "mt " + s[6:]
    elif s.startswith("fort "):
        s = "ft " + s[5:]
    return s


def _data_paths() -> list[Path]:
    return [data_file("gazetteer.tsv.gz"), data_file("aliases.tsv")]


def _checksum(paths: Iterable[Path]) -> str:
    h = hashlib.sha1(SCHEMA_VERSION.encode())
    for p in paths:
        st = p.stat()
        h.update(f"{p.name}:{st.st_size}:{int(st.st_mtime)}".encode())
    return h.hexdigest()[:16]


def _parse_target(target: str, by_country: dict, admin1_by_name: dict, city_by_name: dict,
                  region_by_name: dict) -> int | None:
    kind, _, rest = target.partition(":")
    if kind == "country":
        return by_country.get(rest)
    if kind == "admin1":
        cc, _, name = rest.partition(":")
        return admin1_by_name.get((cc, normalize(name)))
    if kind == "city":
        cc, _, name = rest.partition(":")
        return city_by_name.get((cc, normalize(name)))
    if kind == "region":
        return region_by_name.get(normalize(rest))
    return None


def _index_target(by_name: dict, cc: str, key: str, keys: set[str], idx: int, pop: int) -> None:
    """Index a city or division for data/aliases.tsv targets ("city:UA:Zaporizhzhia") under its name and
    alternate names: the most populous place of that name (the city Zaporizhzhia, whose GeoNames name
    is Zaporizhzhya, not a village whose primary name is Zaporizhzhia)."""
    for k in keys:
        rank = (pop, k == key)
        prev = by_name.get((cc, k))
        if prev is None or rank > prev[1]:
            by_name[(cc, k)] = (idx, rank)


class AliasTargets(NamedTuple):
    """Where data/aliases.tsv targets ("country:US", "admin1:CA:Alberta", "city:UA:Kyiv") point: entry indexes."""

    countries: dict[str, int]
    admin1: dict[tuple[str, str], int]
    cities: dict[tuple[str, str], int]
    regions: dict[str, int]


def _read_entries(gaz_path: Path) -> tuple[list[tuple], list[tuple[str, int, int]], AliasTargets]:
    """Entry rows, (key, idx, kind) name rows and the alias targets of gazetteer.tsv.gz."""
    entries: list[tuple] = []
    names: list[tuple[str, int, int]] = []
    targets = AliasTargets({}, {}, {}, {})
    ranked: dict[str, dict] = {"admin1": {}, "city": {}}
    with gzip.open(gaz_path, "rt", encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(f) < 10:
                continue
            idx = len(entries)
            name, feature, cc = f[1], f[2], f[4]
            pop = int(f[8] or 0)
            entries.append((idx, int(f[0]), name, feature, f[3], cc, f[5], float(f[6]), float(f[7]), pop))
            key = normalize(name)
            seen = {key}
            names.append((key, idx, NAME))
            for alt in f[9].split("|") if f[9] else ():
                k = normalize(alt)
                if k and k not in seen:
                    seen.add(k)
                    names.append((k, idx, ALT))
            if feature == "country":
                targets.countries[cc] = idx
            elif feature in ranked:
                _index_target(ranked[feature], cc, key, seen, idx, pop)
            elif feature in ("region", "continent", "landmark"):
                targets.regions.setdefault(key, idx)
    targets.admin1.update({k: v[0] for k, v in ranked["admin1"].items()})
    targets.cities.update({k: v[0] for k, v in ranked["city"].items()})
    return entries, names, targets


def _alias_names(alias_path: Path, targets: AliasTargets) -> list[tuple[str, int, int]]:
    """(key, idx, kind) name rows of data/aliases.tsv: abbreviations and demonyms, with their variants."""
    names = []
    with open(alias_path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.rstrip("\n").split("\t")
            if line.startswith("#") or len(parts) < 3:
                continue
            alias, kind, target = parts[:3]
            idx = _parse_target(target, targets.countries, targets.admin1, targets.cities, targets.regions)
            if idx is None:
                continue
            k = DEMONYM if kind == "demonym" else ABBR
            variants = {alias}
            if k == ABBR and alias.count(".") >= 2:  # "W.Va." is also written "W. Va."
                variants.add(alias.replace(".", ". ").strip())
            if k == DEMONYM and not alias.endswith(("s", "sh", "ch", "ese", "i")) and " " not in alias:
                variants.add(alias + "s")  # "Ontarians", "Palestinians"
            if k == DEMONYM and alias.endswith("i") and not alias.endswith("ese"):
                variants.add(alias + "s")  # "Israelis", "Iraqis"
            names.extend((normalize(v), idx, k) for v in variants)
    return names


def build_index(db_path: Path) -> None:
    """Build the SQLite lookup index from the packaged data files (atomic: temp file + rename)."""
    gaz_path, alias_path = _data_paths()
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.part")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript("""
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE entry(idx INTEGER PRIMARY KEY, geonameid INTEGER, name TEXT, feature TEXT,
                               fcode TEXT, cc TEXT, a1 TEXT, lat REAL, lon REAL, pop INTEGER);
            CREATE TABLE name(key TEXT, idx INTEGER, kind INTEGER);
        """)
        entries, names, targets = _read_entries(gaz_path)
        names += _alias_names(alias_path, targets)
        con.executemany("INSERT INTO entry VALUES (?,?,?,?,?,?,?,?,?,?)", entries)
        con.executemany("INSERT INTO name VALUES (?,?,?)", names)
        # covering index: a lookup never touches the name table itself
        con.executescript("CREATE INDEX name_key ON name(key, kind, idx); ANALYZE;")
        con.commit()
    finally:
        con.close()
    os.replace(tmp, db_path)


def _prune_old_indexes(current: Path) -> None:
    """Remove index files of earlier data versions (best effort: another process may hold one)."""
    for old in current.parent.glob("gazetteer-*.sqlite"):
        if old != current:
            try:
                old.unlink()
            except OSError:
                pass


class Gazetteer:
    """Read-only access to the gazetteer index. Use :func:`get_gazetteer` for the shared instance."""

    def __init__(self, db_path: str | Path | None = None) -> None:
        if db_path is None:
            paths = _data_paths()
            db_path = cache_dir() / f"gazetteer-{_checksum(paths)}.sqlite"
            if not db_path.exists():
                build_index(db_path)
                _prune_old_indexes(db_path)
        self.db_path = Path(db_path)
        self._local = threading.local()
        self._cache: dict[str, tuple[tuple[Entry, int], ...]] = {}
        self._countries: dict[str, Entry] | None = None
        self._admin1: dict[tuple[str, str], Entry] | None = None

    # -- connection per thread (sqlite3 objects are not shared across threads)
    @property
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            try:
                con = sqlite3.connect(f"file:{self.db_path}?mode=ro&immutable=1", uri=True,
                                      check_same_thread=False)
                con.execute("PRAGMA mmap_size=268435456")  # read pages in place, no copies
            except sqlite3.Error as err:
                raise DataError(f"cannot open the gazetteer index {self.db_path}: {err}") from err
            self._local.con = con
        return con

    def __getstate__(self):  # picklable for process pools: reopen in the child
        return {"db_path": str(self.db_path)}

    def __setstate__(self, state) -> None:
        self.__init__(state["db_path"])

    # -- lookups
    def lookup_keys(self, keys: Iterable[str]) -> dict[str, tuple[tuple[Entry, int], ...]]:
        """Candidates (entry, name kind) for many normalized keys in one query; unknown keys absent."""
        out: dict[str, tuple[tuple[Entry, int], ...]] = {}
        missing = []
        for k in set(keys):
            hit = self._cache.get(k)
            if hit is None:
                missing.append(k)
            elif hit:
                out[k] = hit
        for i in range(0, len(missing), 500):
            chunk = missing[i:i + 500]
            found: dict[str, list[tuple[Entry, int]]] = {}
            q = ("SELECT n.key, n.kind, e.* FROM name n JOIN entry e ON e.idx = n.idx "
                 f"WHERE n.key IN ({','.join('?' * len(chunk))})")
            for row in self._con.execute(q, chunk):
                found.setdefault(row[0], []).append((Entry(*row[2:]), row[1]))
            for k in chunk:
                cands = found.get(k)
                val = tuple(sorted(cands, key=lambda c: (c[1] == ALT, -c[0].population))) if cands else ()
                if len(self._cache) > 100_000:
                    self._cache.clear()
                self._cache[k] = val
                if val:
                    out[k] = val
        return out

    def lookup(self, name: str) -> list[Entry]:
        """Entries a name may refer to (aliases and demonyms included), most populous first."""
        key = normalize(name)
        hits = self.lookup_keys([key]).get(key, ())
        seen, out = set(), []
        for e, _ in hits:
            if e.idx not in seen:
                seen.add(e.idx)
                out.append(e)
        return out

    def get(self, geonameid: int) -> Entry | None:
        row = self._con.execute("SELECT * FROM entry WHERE geonameid = ? LIMIT 1", (int(geonameid),)).fetchone()
        return Entry(*row) if row else None

    def _load_small_tables(self) -> None:
        countries, admin1 = {}, {}
        for row in self._con.execute("SELECT * FROM entry WHERE feature IN ('country', 'admin1')"):
            e = Entry(*row)
            if e.feature == "country":
                countries[e.country_code] = e
            else:
                admin1.setdefault((e.country_code, e.admin1_code), e)
        self._countries, self._admin1 = countries, admin1

    def country(self, cc: str) -> Entry | None:
        """The country entry for an ISO 3166-1 alpha-2 code."""
        if self._countries is None:
            self._load_small_tables()
        return self._countries.get((cc or "").upper())

    def admin1(self, cc: str, admin1_code: str) -> Entry | None:
        if self._admin1 is None:
            self._load_small_tables()
        return self._admin1.get((cc, admin1_code))

    def admin1_name(self, cc: str, admin1_code: str) -> str | None:
        e = self.admin1(cc, admin1_code)
        return e.name if e else None

    def country_code_for(self, text: str) -> str | None:
        """ISO alpha-2 code for a country name, alias, demonym or code ("Russian" -> "RU")."""
        t = (text or "").strip()
        if len(t) == 2 and t.isalpha() and self.country(t.upper()):
            return t.upper()
        for e, _kind in self.lookup_keys([normalize(t)]).get(normalize(t), ()):
            if e.feature == "country":
                return e.country_code
        return None

    def iter_entries(self, feature: str | None = None) -> Iterator[Entry]:
        if feature:
            rows = self._con.execute("SELECT * FROM entry WHERE feature = ?", (feature,))
        else:
            rows = self._con.execute("SELECT * FROM entry")
        for row in rows:
            yield Entry(*row)


_shared: Gazetteer | None = None
_lock = threading.Lock()


def _after_fork_in_child() -> None:
    """SQLite connections must not cross fork(): a forked worker opens its own on first use."""
    if _shared is not None:
        _shared._local = threading.local()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)


def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, opened on first use."""
    global _shared
    if _shared is None:
        with _lock:
            if _shared is None:
                _shared = Gazetteer()
    return _shared
