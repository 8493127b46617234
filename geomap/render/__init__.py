"""Rendering analyses: interactive Leaflet maps, HTML reports and static images.

    write_map(analyses, path, fragment=False, cdn=False)   # self-contained HTML map (or a fragment)
    write_report(analyses, path)                           # article + tables + map, one HTML file
    write_png(analyses, path)                              # static image (matplotlib, no network)

``analyses`` are :class:`geomap.Analysis` objects or their ``to_dict()`` form. Heavy modules
(matplotlib) are imported only by the function that needs them.
"""

from __future__ import annotations

from .map import render_fragment, render_page, write_map
from .mapdata import MapData, NothingToMapError, build_map_data


def write_report(analyses, path, **options):
    """Write a standalone HTML report (see :func:`geomap.render.report.write_report`)."""
    from .report import write_report as _write_report

    return _write_report(analyses, path, **options)


def write_png(analyses, path, **options):
    """Write a static map image (see :func:`geomap.render.image.write_png`)."""
    from .image import write_png as _write_png

    return _write_png(analyses, path, **options)


__all__ = ["MapData", "NothingToMapError", "build_map_data", "render_fragment", "render_page",
           "write_map", "write_png", "write_report"]
