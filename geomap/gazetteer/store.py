"""Gazetteer lookups over the SQLite index (built, verified and kept by :mod:`.cache`)."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import NamedTuple

from .._once import process_wide
from .._paths import cache_notice
from ..errors import DataError
from .build import SCHEMA_VERSION, build_index
from .cache import ensure_index
from .names import ABBR, ALT, DEMONYM, NAME, normalize

__all__ = ["ABBR", "ALT", "DEMONYM", "NAME", "SCHEMA_VERSION", "Entry", "Gazetteer", "build_index",
           "get_gazetteer", "normalize"]


_DIVISION_WORDS = re.compile(r"\b(?:Oblast|Oblast'|Province|Governorate|Region|Kray|Krai|State|Prefecture|"
                             r"Department|Voivodeship|County|District|Division|Municipality|Emirate|"
                             r"Ostan-e|Velayat-e|Wilayat|Muhafazat)\b|\bof\b|\b(?:Il|Ili)\b")


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


class Gazetteer:
    """Read-only access to the gazetteer index. Use :func:`get_gazetteer` for the shared instance."""

    def __init__(self, db_path: str | Path | None = None) -> None:
        # an index found or built by the cache is rebuilt if it turns out damaged; a given path is not
        self._managed = db_path is None
        self.db_path = ensure_index() if db_path is None else Path(db_path)
        self._local = threading.local()
        self._cache: dict[str, tuple[tuple[Entry, int], ...]] = {}
        self._countries: dict[str, Entry] | None = None
        self._admin1: dict[tuple[str, str], Entry] | None = None
        self._seats: dict[tuple[str, str], Entry | None] = {}  # admin1_seat answers

    # -- connection per thread (sqlite3 objects are not shared across threads)
    @property
    def _con(self) -> sqlite3.Connection:
        con = getattr(self._local, "con", None)
        if con is None:
            if not self.db_path.is_file():
                if not self._managed:
                    raise DataError(f"the gazetteer index {self.db_path} does not exist")
                self.db_path = ensure_index()  # removed since (found damaged by another process)
            try:
                con = sqlite3.connect(f"{self.db_path.resolve().as_uri()}?mode=ro&immutable=1", uri=True,
                                      check_same_thread=False)
                con.execute("PRAGMA mmap_size=268435456")  # read pages in place, no copies
            except sqlite3.Error as err:
                raise DataError(f"cannot open the gazetteer index {self.db_path}: {err}") from err
            self._local.con = con
        return con

    def _rows(self, sql: str, params: Iterable = ()) -> list[tuple]:
        """All rows of one query; a damaged index is rebuilt once (when the cache manages it)."""
        params = tuple(params)
        try:
            return self._con.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as err:
            self._repair(err)
        try:
            return self._con.execute(sql, params).fetchall()
        except sqlite3.DatabaseError as err:
            raise DataError(f"the gazetteer index {self.db_path} is damaged: {err}") from err

    def _repair(self, err: sqlite3.DatabaseError) -> None:
        if not self._managed:
            raise DataError(f"the gazetteer index {self.db_path} is damaged ({err}); "
                            "delete it and run again to rebuild it") from err
        cache_notice(f"the gazetteer index {self.db_path} is damaged ({err}); rebuilding it")
        with contextlib.suppress(OSError):
            self.db_path.unlink()
        with contextlib.suppress(AttributeError, sqlite3.Error):
            self._local.con.close()
        self._local = threading.local()
        self._managed = False  # one rebuild per process at most
        self.db_path = ensure_index()

    def __getstate__(self) -> dict:  # picklable for process pools: reopen in the child
        return {"db_path": str(self.db_path)}

    def __setstate__(self, state: dict) -> None:
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
            for row in self._rows(q, chunk):
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
        """The entry of one GeoNames id (synthetic entries have negative ids)."""
        rows = self._rows("SELECT * FROM entry WHERE geonameid = ? ORDER BY idx LIMIT 1", (int(geonameid),))
        return Entry(*rows[0]) if rows else None

    def _small_table_rows(self) -> list[tuple]:
        """The country and admin1 entries in index order: read from their spans of the entry table when the
        index notes them (a few pages), else by scanning the table (an index built before they were noted)."""
        spans = dict(self._rows("SELECT key, value FROM meta WHERE key IN ('rows:country', 'rows:admin1')"))
        if len(spans) < 2:
            return self._rows("SELECT * FROM entry WHERE feature IN ('country', 'admin1') ORDER BY idx")
        rows = []
        for feature in ("country", "admin1"):
            first, last = map(int, spans[f"rows:{feature}"].split(","))
            rows += self._rows("SELECT * FROM entry WHERE idx BETWEEN ? AND ? AND feature = ?", (first, last, feature))
        return sorted(rows)

    def _load_small_tables(self) -> None:
        countries, admin1 = {}, {}
        for row in self._small_table_rows():
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

    def admin1_seat(self, cc: str, admin1_code: str) -> Entry | None:
        """The seat of a first-level division when its name says it: the town the division is named after
        ("Zaporizhzhia Oblast" -> Zaporizhzhia, "Sistan and Baluchestan" -> none). GeoNames' seat codes (PPLA)
        are not in the data, so a division named otherwise gets None rather than a guess.

        Asked only for "the regional capital" claims: one scan of the entry table, remembered."""
        seats = self._seats
        if (cc, admin1_code) not in seats:
            division = self.admin1(cc, admin1_code)
            base = _DIVISION_WORDS.sub("", division.name).strip() if division is not None else ""
            rows = self._rows("SELECT * FROM entry WHERE feature = 'city' AND cc = ? AND a1 = ? AND name = ? "
                              "ORDER BY pop DESC, idx LIMIT 1", (cc, admin1_code, base)) if base else []
            seats[(cc, admin1_code)] = Entry(*rows[0]) if rows else None
        return seats[(cc, admin1_code)]

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
        """Every entry (or every entry of one feature), in file order, read in batches."""
        where = "WHERE feature = ? AND idx > ?" if feature else "WHERE idx > ?"
        last = -1
        while True:
            params = (feature, last) if feature else (last,)
            rows = self._rows(f"SELECT * FROM entry {where} ORDER BY idx LIMIT 20000", params)
            for row in rows:
                yield Entry(*row)
            if len(rows) < 20000:
                return
            last = rows[-1][0]


@process_wide
def get_gazetteer() -> Gazetteer:
    """The process-wide gazetteer, opened on first use."""
    return Gazetteer()


def _after_fork_in_child() -> None:
    """SQLite connections must not cross fork(): a forked worker opens its own on first use."""
    shared = get_gazetteer.peek()
    if shared is not None:
        shared._local = threading.local()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork_in_child)
