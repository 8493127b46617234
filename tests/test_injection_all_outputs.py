"""Hostile article text through every output: nothing is evaluated, nothing escapes its context.

The security issue asks for one test over every output kind (map, fragment, report, batch map, PNG labels,
GeoJSON, GeoPackage, CSV) with Jinja2, HTML and spreadsheet-formula payloads in every text field. The
article below carries them in its headline (the title of every output), in the sentences that hold its
places, claim and incidents (evidence, names, popups), and in its file name (the id and source).
"""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from geomap.cli import main

JINJA = "{{ 7*7 }} {% if x %}"
RCE = "{{ cycler.__init__.__globals__.os.system('touch PWNED') }}"
IMG = '<img src=x onerror="window.__pwned=1">'
SCRIPT = "</script><script>window.__pwned=2</script>"
FORMULA = '=HYPERLINK("http://example.invalid/","x")'
MATH = r"$\frac{1}{0}$"

ARTICLE = (
    f"{FORMULA} Missile strike on Kharkiv {JINJA} {IMG}\n\n"
    f"A missile struck Kharkiv on Tuesday, killing two people {RCE} {IMG}.\n"
    f"Located around 30 kilometres from the Russian border, Kharkiv {JINJA} has been shelled often {SCRIPT}.\n"
    f"+SUM(1) Shelling hit Kupiansk on Monday, injuring five people @A1 {MATH} -2+3.\n"
)
RAW_MARKUP = ("<img src=x onerror", "<script>window.__pwned", "</script><script>")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, Path]:
    """Every output of the hostile article, written by the CLI, each in its own folder."""
    runner = CliRunner()
    name = "=cmd{{7*7}}<b>x<b>.txt"  # the file name becomes the id and the source
    out = {}
    for key, args in {
        "map": ["map", name, "-o", "map.html", "--png", "map.png"],
        "fragment": ["map", name, "--fragment", "-o", "fragment.html"],
        "report": ["report", name, "-o", "report.html"],
        "geojson": ["export", name, "-o", "all.geojson"],
        "gpkg": ["export", name, "-o", "all.gpkg"],
        "csv": ["export", name, "-o", "incidents.csv"],
        "csv_places": ["export", name, "--layer", "places", "-f", "csv", "-o", "places.csv"],
        "batch": ["batch", name, "-o", "run", "--no-progress"],
    }.items():
        folder = tmp_path_factory.mktemp(key)
        (folder / name).write_text(ARTICLE, encoding="utf-8")
        cwd = os.getcwd()
        os.chdir(folder)
        try:
            r = runner.invoke(main, [*args, "--date", "2024-10-03"])
        finally:
            os.chdir(cwd)
        assert r.exit_code == 0, (key, r.output)
        assert not (folder / "PWNED").exists(), key
        out[key] = folder
    return out


@pytest.mark.parametrize("key,file", [("map", "map.html"), ("fragment", "fragment.html"),
                                      ("report", "report.html"), ("batch", "run/map.html")])
def test_html_outputs_keep_payloads_as_inert_text(outputs, key, file):
    page = (outputs[key] / file).read_text(encoding="utf-8")
    for raw in RAW_MARKUP:
        assert raw not in page, f"{key}: unescaped markup {raw!r}"
    assert "{{ 7*7 }}" in page or "{{ 7*7 }}".replace("{", "\\u007b") in page  # kept, not evaluated
    assert "Kharkiv 49" not in page and "os.system" in page


def test_png_is_drawn_with_formula_and_math_payloads(outputs):
    data = (outputs["map"] / "map.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 1000


def test_geojson_carries_the_payloads_exactly(outputs):
    fc = json.loads((outputs["geojson"] / "all.geojson").read_text(encoding="utf-8"))
    texts = json.dumps(fc, ensure_ascii=False)
    assert RCE in texts and IMG.replace('"', '\\"') in texts
    assert {f["properties"]["layer"] for f in fc["features"]} >= {"incident", "place"}


def test_geopackage_carries_the_payloads_exactly(outputs):
    pyogrio = pytest.importorskip("pyogrio")
    path = outputs["gpkg"] / "all.gpkg"
    layers = [name for name, _geom in pyogrio.list_layers(path)]
    assert "incidents" in layers
    df = pyogrio.read_dataframe(path, layer="incidents")
    cells = " ".join(str(v) for v in df.astype(str).to_numpy().ravel())
    assert RCE in cells


@pytest.mark.parametrize("key,file", [("csv", "incidents.csv"), ("csv_places", "places.csv")])
def test_csv_cells_never_start_a_formula(outputs, key, file):
    with open(outputs[key] / file, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    assert len(rows) >= 2
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), (key, cell)
            if cell.startswith("-"):
                float(cell)  # only a negative number may start with a minus
    cells = {cell for row in rows for cell in row}
    assert "'=cmd{{7*7}}<b>x<b>" in cells  # the id (from the file name) is kept, neutralised
