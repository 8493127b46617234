"""A static map image for print and PDF: country outlines, markers and labels, drawn with matplotlib.

No network and no tiles: the outlines are ``data/basemap_countries_110m.json``, with the town-scale
context of :mod:`geomap.render.basemap` over the image's area. matplotlib is
imported only here, and used through its object API (no pyplot, no global state).
"""

from __future__ import annotations

import math

from .._atomic import atomic_path
from .assets import basemap
from .mapdata import PLACE_COLOUR, VERDICT_COLOURS, MapData, build_map_data, require_something

FORMATS = ("png", "svg", "pdf")
MAX_LABELS = 40
MAX_TOWNS = 15  # basemap town names on a static image: enough to place the story, few enough to read


def _extent(md: MapData) -> tuple[float, float, float, float]:
    """(west, east, south, north) of the data, padded, at least 3 degrees tall."""
    (s, w), (n, e) = md.bounds()
    pad_y = max(1.5, (n - s) * 0.12)
    mid_lat = (s + n) / 2
    stretch = 1 / max(0.2, math.cos(math.radians(mid_lat)))
    pad_x = max(1.5 * stretch, (e - w) * 0.12)
    return max(-180.0, w - pad_x), min(180.0, e + pad_x), max(-85.0, s - pad_y), min(85.0, n + pad_y)


def _fill(ext: tuple[float, float, float, float], ratio: float) -> tuple[float, float, float, float]:
    """Widen or heighten an extent so that it fills an axes box of width/height ``ratio``."""
    west, east, south, north = ext
    k = max(0.2, math.cos(math.radians((south + north) / 2)))
    dx, dy = east - west, north - south
    if dx * k / dy < ratio:
        extra = (ratio * dy / k - dx) / 2
        west, east = max(-180.0, west - extra), min(180.0, east + extra)
    else:
        extra = (dx * k / ratio - dy) / 2
        south, north = max(-85.0, south - extra), min(85.0, north + extra)
    return west, east, south, north


def _ring_points(lat: float, lon: float, km: float, n: int = 90) -> list[tuple[float, float]]:
    from geographiclib.geodesic import Geodesic

    g = Geodesic.WGS84
    pts = []
    for k in range(n + 1):
        r = g.Direct(lat, lon, 360.0 * k / n, km * 1000.0)
        pts.append((r["lon2"], r["lat2"]))
    return pts


Box = tuple[float, float, float, float]  # left, bottom, right, top in display pixels


def _label_box(ax, lon: float, lat: float, text: str, dpi: float, fontsize: float,
               offset: tuple[float, float]) -> Box:
    x, y = ax.transData.transform((lon, lat))
    px = dpi / 72.0
    left, bottom = x + offset[0] * px, y + offset[1] * px
    return left, bottom, left + len(text) * fontsize * 0.6 * px, bottom + fontsize * 1.2 * px


def _is_free(box: Box, taken: list[Box]) -> bool:
    return not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken)


PLACE_LABEL_SPOTS = ((5, 4), (5, -12), (-5, 4), (-5, -12))  # right above, right below, left above, left below


def _label_places(ax, places: list[dict], dpi: float, taken: list[Box], fontsize: float = 8.0) -> list[Box]:
    """Name the most mentioned places at the first of a few spots around each where the label overlaps
    nothing in ``taken``; returns the boxes taken (the town names then keep clear of them)."""
    ax.apply_aspect()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    taken = list(taken)
    named = 0
    for p in sorted(places, key=lambda p: (-p["mentions"], p["name"] or "")):
        if named >= MAX_LABELS or not (x0 <= p["lon"] <= x1 and y0 <= p["lat"] <= y1):
            continue
        text = p["name"] or ""
        for dx, dy in PLACE_LABEL_SPOTS:
            width = len(text) * fontsize * 0.6
            box = _label_box(ax, p["lon"], p["lat"], text, dpi, fontsize, (dx if dx > 0 else dx - width, dy))
            if _is_free(box, taken):
                taken.append(box)
                named += 1
                ax.annotate(text, (p["lon"], p["lat"]), xytext=(dx, dy), textcoords="offset points",
                            ha="left" if dx > 0 else "right", fontsize=fontsize, color="#1e3a8a", zorder=8)
                break
    return taken


def _label_towns(ax, towns: list, dpi: float, taken: list[Box], fontsize: float = 6.5) -> None:
    """Name the largest towns of the basemap where no other label is; a dot marks each one named."""
    ax.apply_aspect()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    named = []
    for name, lat, lon, *_ in towns:
        if len(named) >= MAX_TOWNS or not (x0 <= lon <= x1 and y0 <= lat <= y1):
            continue
        box = _label_box(ax, lon, lat, name, dpi, fontsize, (3, -9))
        if not _is_free(box, taken):
            continue
        taken.append(box)
        named.append((lon, lat))
        ax.annotate(name, (lon, lat), xytext=(3, -9), textcoords="offset points", fontsize=fontsize,
                    color="#4b5563", zorder=2)
    if named:
        ax.scatter([x for x, _ in named], [y for _, y in named], s=6, color="#6b7280", zorder=2)


def _draw_context(ax, region: tuple[float, float, float, float], named: set[str]) -> list:
    """Town-scale context over the 1:110m world (see :mod:`geomap.render.basemap`): the 1:10m land of
    the image's area and its first-level division lines. Returns its towns (largest first) to name."""
    from matplotlib.collections import LineCollection, PatchCollection
    from matplotlib.patches import Polygon, Rectangle

    from .basemap import map_context

    ctx = map_context(region)
    west, south, east, north = region
    ax.add_patch(Rectangle((west, south), east - west, north - south, facecolor="#d6e4ee", edgecolor="none",
                           zorder=1.1))
    land = [Polygon(poly[0], closed=True) for poly in ctx["land"]["coordinates"] if len(poly[0]) >= 3]
    ax.add_collection(PatchCollection(land, facecolor="#f4f1e8", edgecolor="#8b9099", linewidth=0.6, zorder=1.2))
    ax.add_collection(LineCollection(ctx["divisions"]["coordinates"], colors="#a8a29e", linewidths=0.5,
                                     linestyles="--", zorder=1.3))
    return [t for t in ctx["towns"] if t[0].lower() not in named]  # places name themselves


def draw(md: MapData, *, title: str | None = None, size: tuple[float, float] = (10.0, 7.0)):
    """A matplotlib Figure of the map (Agg canvas attached)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.collections import PatchCollection
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Polygon

    box = (0.02, 0.04, 0.96, 0.88) if title else (0.02, 0.04, 0.96, 0.94)
    west, east, south, north = _fill(_extent(md), (size[0] * box[2]) / (size[1] * box[3]))
    fig = Figure(figsize=size)
    FigureCanvasAgg(fig)
    ax = fig.add_axes(box)
    ax.set_facecolor("#d6e4ee")
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    ax.set_aspect(1 / max(0.2, math.cos(math.radians((south + north) / 2))))
    ax.set_xticks([])
    ax.set_yticks([])

    patches = []
    for f in basemap()["features"]:
        g = f["geometry"]
        polys = g["coordinates"] if g["type"] == "MultiPolygon" else [g["coordinates"]]
        for rings in polys:
            xs = [p[0] for p in rings[0]]
            ys = [p[1] for p in rings[0]]
            if max(xs) < west or min(xs) > east or max(ys) < south or min(ys) > north:
                continue
            patches.append(Polygon(rings[0], closed=True))
    ax.add_collection(PatchCollection(patches, facecolor="#f4f1e8", edgecolor="#8b9099", linewidth=0.6, zorder=1))
    towns = _draw_context(ax, (west, south, east, north), {str(p["name"]).lower() for p in md.places})

    handles = []
    claim_boxes: list[Box] = []  # place and town names keep clear of the claims' figures
    for c in md.claims:
        col = VERDICT_COLOURS.get(c["verdict"], "#6b7280")
        s = c["subject"]
        r = c.get("claimed_km")
        if r and r > 0:
            ring = _ring_points(s["lat"], s["lon"], r)
            ax.plot([x for x, _ in ring], [y for _, y in ring], color=col, linewidth=1.2, linestyle="--", zorder=3)
        ref = c.get("measured_to") or c.get("ref") or {}
        if ref.get("lat") is not None:
            ax.plot([s["lon"], ref["lon"]], [s["lat"], ref["lat"]], color=col, linewidth=2.2, zorder=4)
            ax.scatter([ref["lon"]], [ref["lat"]], s=30, facecolor="white", edgecolor=col, linewidth=1.5, zorder=5)
            mx, my = (s["lon"] + ref["lon"]) / 2, (s["lat"] + ref["lat"]) / 2
        else:
            mx, my = s["lon"], s["lat"]
        ax.scatter([s["lon"]], [s["lat"]], s=70, color=col, edgecolor="white", linewidth=1.2, zorder=6)
        ax.annotate(c["label"], (mx, my), xytext=(6, -12), textcoords="offset points", fontsize=8, zorder=9,
                    color="#111827", fontweight="bold",
                    bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": col, "alpha": 0.9})
        ax.apply_aspect()
        claim_boxes.append(_label_box(ax, mx, my, c["label"], fig.dpi, 8.6, (5, -13)))  # bold, boxed: wider
    for v in VERDICT_COLOURS:
        if any(c["verdict"] == v for c in md.claims):
            handles.append(Line2D([], [], color=VERDICT_COLOURS[v], linewidth=2.2, label=f"claim {v}"))

    if md.places:
        ax.scatter([p["lon"] for p in md.places], [p["lat"] for p in md.places], s=28, color=PLACE_COLOUR,
                   edgecolor="white", linewidth=1.0, zorder=6)
        handles.append(Line2D([], [], marker="o", linestyle="", color=PLACE_COLOUR, label="place"))
    taken = _label_places(ax, md.places, fig.dpi, claim_boxes) if md.places else claim_boxes
    _label_towns(ax, towns, fig.dpi, taken)

    if md.incidents:
        ax.scatter([i["lon"] for i in md.incidents], [i["lat"] for i in md.incidents],
                   s=[(i["size"] * 0.5) ** 2 for i in md.incidents], c=[i["color"] for i in md.incidents],
                   edgecolor="white", linewidth=1.0, alpha=0.85, zorder=7)
        for t in md.incident_types():
            handles.append(Line2D([], [], marker="o", linestyle="", color=t["color"], markersize=8,
                                  label=f"{t['label']} ({t['count']})"))
    if handles:
        ax.legend(handles=handles, loc="lower right", fontsize=8, framealpha=0.92)
    if title:
        fig.suptitle(title, fontsize=12, y=0.97)
    missing = len({p["text"] for p in md.unlocated_places})
    note = "Outlines: Natural Earth \u00b7 towns: GeoNames" + (f" \u00b7 {missing} place name(s) not located, not shown" if missing else "")
    fig.text(0.98, 0.012, note, ha="right", va="bottom", fontsize=7, color="#6b7280")
    return fig


def write_png(analyses, path, *, title: str | None = None, dpi: int = 150,
              size: tuple[float, float] = (10.0, 7.0), fmt: str | None = None) -> MapData:
    """Write a static map of ``analyses`` to ``path`` (PNG; SVG or PDF by extension or ``fmt``)."""
    from .map import default_title

    md = build_map_data(analyses)
    require_something(md)
    fmt = fmt or str(path).rsplit(".", 1)[-1].lower()
    if fmt not in FORMATS:
        fmt = "png"
    fig = draw(md, title=title if title is not None else default_title(md), size=size)
    with atomic_path(path) as tmp:
        fig.savefig(tmp, format=fmt, dpi=dpi, metadata={"Software": "geomap"} if fmt == "png" else None)
    return md
