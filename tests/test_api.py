"""The public API: every name in geomap.__all__ resolves, and importing geomap stays light."""

from __future__ import annotations

import subprocess
import sys

import geomap


def test_every_public_name_resolves():
    for name in geomap.__all__:
        assert getattr(geomap, name) is not None, name


def test_import_loads_no_heavy_dependency():
    code = ("import sys, geomap; heavy = [m for m in ('numpy', 'pyproj', 'folium', 'geopandas', 'shapely', "
            "'sqlite3') if m in sys.modules]; print(','.join(heavy))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "", r.stdout


def test_command_line_and_stages_import_no_numerics():
    """numpy, pyproj and shapely load when something is measured, not when the command starts."""
    code = ("import sys, geomap.cli, geomap.pipeline, geomap.claims, geomap.incidents, geomap.geodesy; "
            "print(','.join(m for m in ('numpy', 'pyproj', 'shapely') if m in sys.modules))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert r.stdout.strip() == "", r.stdout


def test_analyze_returns_the_documented_shape():
    a = geomap.analyze("Kharkiv lies about 30 km from the Russian border.", date="2024-10-03")
    d = a.to_dict()
    assert set(d) >= {"id", "date", "places", "claims", "incidents", "warnings"}
    assert d["claims"][0]["verdict"] in ("supported", "contradicted", "unverifiable")


def test_type_checkers_see_every_lazy_name():
    """Each name loaded on first use is also imported under TYPE_CHECKING, from the module it loads from."""
    import ast
    from pathlib import Path

    tree = ast.parse(Path(geomap.__file__).read_text(encoding="utf-8"))
    typed = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for imp in node.body:
                assert isinstance(imp, ast.ImportFrom)
                typed.update({alias.name: f"geomap.{imp.module}" for alias in imp.names})
    assert typed == {name: module for name, (module, _attr) in geomap._LAZY.items()}
    assert set(geomap._LAZY) <= set(geomap.__all__)
