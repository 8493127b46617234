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


@pytest.mark.parametrize("damage", ["truncate", "garble"])
def test_a_damaged_copy_of_the_division_data_is_replaced(cache, damage):
    import gzip

    from geomap import divisions

    src = divisions.data_file(divisions.DATA_NAME)
    plain = gzip.decompress(src.read_bytes()).decode("utf-8")
    assert divisions._read_text(src) == plain  # inflated, and a copy kept
    (copy,) = cache.glob("admin1-outlines-*.tsv")
    assert copy.read_text(encoding="utf-8") == plain and divisions._read_text(src) == plain  # read from the copy
    data = copy.read_bytes()
    copy.write_bytes(data[:1000] if damage == "truncate" else data[:5000] + b"X" + data[5001:])
    assert divisions._read_text(src) == plain and copy.read_text(encoding="utf-8") == plain


def test_an_unwritable_cache_folder_costs_the_division_copy_only(cache, monkeypatch):
    import gzip

    from geomap import divisions

    monkeypatch.setenv("GEOMAP_CACHE_DIR", str(cache / "a-file"))
    (cache / "a-file").write_text("not a folder")
    src = divisions.data_file(divisions.DATA_NAME)
    assert divisions._read_text(src) == gzip.decompress(src.read_bytes()).decode("utf-8")
