"""On-disk cache of online answers (SQLite), so that no query is ever sent twice, negative answers included."""

from __future__ import annotations

import json
import logging
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

log = logging.getLogger("geomap.geocoders")


class GeocodeCache:
    """Answers of online geocoders in SQLite (``<cache dir>/geocoders.sqlite``), keyed by
    service + options + query. Empty answers are stored too; failures never are.

    Safe to share between threads and processes (WAL journal, busy timeout). If the file cannot be
    opened or written, the cache logs one warning and goes on in memory only.
    """

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        if path is None:
            from .._paths import cache_dir

            path = cache_dir() / "geocoders.sqlite"
        self.path = Path(path)
        self._conn: sqlite3.Connection | None = None
        self._broken = False
        self._lock = threading.Lock()

    def _db(self) -> sqlite3.Connection | None:
        if self._conn is None and not self._broken:
            try:
                conn = sqlite3.connect(self.path, timeout=30.0, check_same_thread=False, isolation_level=None)
                try:
                    conn.execute("PRAGMA journal_mode=WAL")
                except sqlite3.DatabaseError:
                    pass  # some file systems refuse WAL: the default journal is fine
                conn.execute("CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, service TEXT NOT NULL, "
                             "query TEXT NOT NULL, answer TEXT NOT NULL, created REAL NOT NULL)")
                self._conn = conn
            except sqlite3.Error as err:
                self._give_up(err)
        return self._conn

    def _give_up(self, err: Exception) -> None:
        log.warning("geocoder cache %s unusable (%s); caching in memory only", self.path, err)
        self._broken = True
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def get(self, key: str) -> list[dict[str, Any]] | None:
        """The stored answer (a list, maybe empty), or None when the query was never answered."""
        with self._lock:
            db = self._db()
            if db is None:
                return None
            try:
                row = db.execute("SELECT answer FROM answers WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error as err:
                self._give_up(err)
                return None
        if row is None:
            return None
        try:
            answer = json.loads(row[0])
        except ValueError:
            return None  # a damaged row counts as a miss and is overwritten by the next answer
        return answer if isinstance(answer, list) else None

    def put(self, key: str, service: str, query: str, answer: list[dict[str, Any]]) -> None:
        """Store an answer (an empty list for "nothing found")."""
        text = json.dumps(answer, ensure_ascii=False, default=str)
        with self._lock:
            db = self._db()
            if db is None:
                return
            try:
                db.execute("INSERT OR REPLACE INTO answers (key, service, query, answer, created) VALUES (?, ?, ?, ?, ?)",
                           (key, service, query, text, time.time()))
            except sqlite3.Error as err:
                self._give_up(err)

    def __len__(self) -> int:
        with self._lock:
            db = self._db()
            if db is None:
                return 0
            return int(db.execute("SELECT COUNT(*) FROM answers").fetchone()[0])

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None
