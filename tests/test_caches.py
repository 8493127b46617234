"""Derived caches on disk: damaged ones are rebuilt, unwritable folders only cost speed."""

from __future__ import annotations

import pytest

from geomap import boundaries


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(tmp_path))
    return tmp_path


def test_a_garbled_boundary_cache_is_rebuilt(cache):
    first = boundaries.load_boundaries()
    files = sorted(cache.glob("boundaries-*"))
    assert {f.suffix for f in files} == {".json", ".npz"}
    for f in files:  # truncate both: what a killed writer or a full disk leaves
        f.write_bytes(f.read_bytes()[:100])
    again = boundaries.load_boundaries()
    assert again.version == first.version and again.countries.keys() == first.countries.keys()
    assert all(f.stat().st_size > 1000 for f in files)  # replaced by a good copy
