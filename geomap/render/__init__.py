"""Rendering analyses: interactive Leaflet maps, HTML reports and static images.

    write_map(analyses, path, fragment=False, cdn=False)   # self-contained HTML map (or a fragment)
    write_report(analyses, path)                           # article + tables + map, one HTML file
    write_png(analyses, path)                              # static image (matplotlib, no network)
    notebook_html(analyses)                                # map + tables for Jupyter (Analysis._repr_html_)
    tiles_notice(tiles)                                    # what to print on stderr when a map fetches tiles

``analyses`` are :class:`geomap.Analysis` objects or their ``to_dict()`` form. Heavy modules
(matplotlib) are imported only by the function that needs them.
"""

from __future__ import annotations

from .map import render_fragment, render_page, tiles_notice, write_map
from .mapdata import MapData, NothingToMapError, build_map_data


def write_report(analyses, path, **options):
    """Write a standalone HTML report (see :func:`geomap.render.report.write_report`)."""
    from .report import write_report as _write_report

    return _write_report(analyses, path, **options)


def notebook_html(analyses, **options) -> str:
    """The map and tables of ``analyses`` for Jupyter (see :func:`geomap.render.notebook.notebook_html`)."""
    from .notebook import notebook_html as _notebook_html

    return _notebook_html(analyses, **options)


def write_png(analyses, path, **options):
    """Write a static map image (see :func:`geomap.render.image.write_png`)."""
    from .image import write_png as _write_png

    return _write_png(analyses, path, **options)


__all__ = ["MapData", "NothingToMapError", "build_map_data", "notebook_html", "render_fragment", "render_page",
           "tiles_notice", "write_map", "write_png", "write_report"]
