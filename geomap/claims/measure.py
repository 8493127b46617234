"""Measure a claim: the geodesic distance and bearing from its reference to its subject.

References are a country's land border (all of them, or the one shared with a named neighbour),
a place's point, or "the <country's> capital" (the GeoNames capital in the boundary data). The
result is a :class:`Measurement` (what was measured, to which point, on which data) or a reason
why the claim cannot be measured; judging it against the words is :mod:`geomap.claims.verdict`'s job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any

from ..errors import GeomapError
from ..model import Claim, Place, Reference
from .lines import ESTUARIES, SEAS, NamedLine, named_line, sea_of
from .reference import REGION_WORD, REGIONAL_CAPITAL

POINT_FEATURES = ("city", "landmark", None)
_ALONG_MARGIN_DEG = 0.02  # a division's box, widened by the lines' generalisation, to find the border along it
_WORLD = ((-180.0, -90.0, 180.0, 90.0),)
_STATE_LINE = re.compile(r"\bstate\s+lines?\b", re.I)
_EDGE_WORD = re.compile(r"\b(?:border|frontier|boundary|edge|line)s?\b", re.I)
NO_SHARED_BORDER = "share no land border in the data"  # a note: the subject's country is not the border's neighbour


@cache
def _geodesy():
    """geomap.geodesy, imported on first measurement (it loads numpy and pyproj)."""
    from .. import geodesy

    return geodesy


def get_boundaries(boundaries: Any = None) -> Any:
    """The given boundary data, or the process-wide one (loaded on first use)."""
    if boundaries is not None:
        return boundaries
    from ..boundaries import get_boundaries as load

    return load()


def boundaries_loaded() -> bool:
    """True once the process-wide boundary data is in memory (disputed-area checks are then free)."""
    from ..boundaries import get_boundaries

    return get_boundaries.peek() is not None


@dataclass
class Measurement:
    """What a claim measured: distance and bearing from the reference to the subject, and on what."""

    km: float
    bearing_deg: float  # from the reference point (nearest border point or place) to the subject
    point: tuple[float, float]  # the point measured to (lat, lon)
    reference_place: Place | None = None  # for place references
    border_label: str | None = None  # for border references: "Russia–Ukraine land border"
    border_pair: tuple[str, str] | None = None
    source: str = "Natural Earth 1:10m admin-0 v4.1.0 (world-atlas 2.0.2)"
    precision_km: float | None = None  # of the lines measured to, when not the Tolerance's border precision
    disputed: list[Any] = field(default_factory=list)  # DisputedArea records involved
    alt_km: float | None = None  # the distance without the disputed segments
    notes: list[str] = field(default_factory=list)


class Unmeasurable(GeomapError):
    """A claim that cannot be measured; the message says why (it becomes the claim's reason)."""


def capital_place(ref: Reference, b: Any, subject: Place | None = None) -> Place | None:
    """A Place for "the Ukrainian capital" (or "the capital": the subject's country's) from the boundary data."""
    if ref.capital_of == REGIONAL_CAPITAL:
        return _division_seat(ref, subject) if subject is not None and subject.resolved else None
    if ref.capital_of:
        key = b.code_for(ref.capital_of)
    else:
        key = _home_country(subject, b) if subject is not None and subject.resolved else None
    c = b.country(key) if key else None
    if c is None or not c.capital:
        return None
    cap = c.capital
    return Place(text=ref.text, start=ref.start, end=ref.end, name=cap["name"], lat=cap["lat"], lon=cap["lon"],
                 country_code=c.code, feature="city", geonameid=cap["geonameid"], population=cap["population"],
                 confidence=1.0, feature_code="PPLC", reason=f"capital of {c.name} (GeoNames)")


@cache
def gazetteer() -> Any:
    """The process-wide gazetteer, or None when it cannot be opened (then no namesakes, no seats: the claims
    that need them say so)."""
    try:
        from ..gazetteer import get_gazetteer

        return get_gazetteer()
    except Exception:  # noqa: BLE001 - missing or damaged data only means "no alternatives"
        return None


def _division_seat(ref: Reference, subject: Place) -> Place | None:
    """ "the regional capital" said of ``subject``: the town its first-level division is named after (the
    gazetteer has no seat codes), or None when the data does not say."""
    gaz = gazetteer()
    if gaz is None:
        return None
    entry = gaz.get(subject.geonameid) if subject.geonameid is not None else None
    seat = gaz.admin1_seat(entry.country_code, entry.admin1_code) if entry and entry.admin1_code else None
    if seat is None:
        return None
    division = gaz.admin1_name(entry.country_code, entry.admin1_code) or "the division"
    return Place(text=ref.text, start=ref.start, end=ref.end, name=seat.name, lat=seat.lat, lon=seat.lon,
                 country_code=seat.country_code, feature="city", geonameid=seat.geonameid,
                 population=seat.population or None, confidence=1.0, feature_code=seat.feature_code,
                 reason=f"seat of {division} (the town it is named after, GeoNames)")


def _country_keys(ref: Reference, b: Any) -> list[str]:
    keys = []
    for name in ref.country_names:
        k = b.code_for(name)
        if k is not None:
            keys.append(k)
            continue
        parts = [x for x in re.split(r"\s*[-–/]\s*", name) if x]  # "Russian-Ukrainian"
        found = [b.code_for(x) for x in parts] if len(parts) > 1 else [None]
        if None in found:
            raise Unmeasurable(f"unknown country {name!r} in {ref.text!r}")
        keys.extend(found)
    if len(keys) > 2:
        raise Unmeasurable(f"{ref.text!r} names more than two countries")
    return keys


def _home_country(subj: Place, b: Any, other: str | None = None) -> str | None:
    home = subj.country_code if subj.country_code in b.countries else None
    if home is None or home == other:
        home = b.country_at(subj.lat, subj.lon)
    return home


STATE_SOURCE = "US Census 1:10m cartographic boundaries (us-atlas 3.0.1)"


def state_lines(claim: Claim) -> tuple[Any, str, str | None] | None:
    """(BorderLines, label, note) for "the Montana border" / "the state line with Idaho" said of a US
    place, or None when the reference names no US state (or the subject is not in the US)."""
    subj, ref = claim.subject, claim.reference
    own_line = not ref.country_names and bool(_STATE_LINE.search(ref.text))  # "the state line": the subject's
    if subj.country_code != "US" or not (ref.country_names or own_line):
        return None
    from ..boundaries import get_us_states

    states = get_us_states()
    if own_line:
        home = states.state_at(subj.lat, subj.lon)
        if home is None:
            return None
        ref.countries = [home]
        return states.border(home), f"{states.names[home]} state lines", \
            f"{ref.text!r} taken as the nearest state line of {states.names[home]}"
    keys = [states.key_for(n) for n in ref.country_names]
    if None in keys or len(keys) > 2:
        return None
    home = states.state_at(subj.lat, subj.lon)
    if len(keys) == 1 and home is not None and home != keys[0]:
        keys = [home, keys[0]]
    note = None
    lines = states.border(*keys)
    if lines.empty and len(keys) == 2:  # not neighbours: the named state's lines
        note = f"{states.names[keys[0]]} and {states.names[keys[1]]} share no state line: measured to any line of " \
               f"{states.names[keys[-1]]}"
        keys = keys[-1:]
        lines = states.border(keys[0])
    ref.countries = sorted(keys)
    label = "–".join(states.names[k] for k in keys) + (" state line" if len(keys) == 2 else " state lines")
    return lines, label, note


def _named_line(claim: Claim, b: Any, line: NamedLine) -> Any:
    """The border segments a named line stands for ("the Line of Control": India-Pakistan in Kashmir)."""
    if line.only_in and _home_country(claim.subject, b) not in line.only_in:
        raise Unmeasurable(f"the data has only the {line.label}, and the subject is not there: "
                           f"{claim.reference.text!r} is not something geomap can place")
    a, c = line.pair
    lines = b.border(a, c) if line.boxes is None else b.border_in(a, c, line.boxes)
    if lines.empty:
        raise Unmeasurable(f"no {line.label} in the data")
    claim.reference.countries = sorted(line.pair)
    return lines


def us_state_at(lat: float, lon: float) -> str | None:
    """The name of the US state whose outline holds the point, or None."""
    from ..boundaries import get_us_states

    states = get_us_states()
    key = states.state_at(lat, lon)
    return states.names[key] if key else None


def _division_border(claim: Claim, b: Any) -> tuple[Any, str, str | None] | None:
    """ "the Gaza border" said of an Israeli town: one name that is no country but a division of a neighbour of
    the subject's country; the land border between the two countries along that division's outline."""
    ref, subj = claim.reference, claim.subject
    if len(ref.country_names) != 1 or b.code_for(ref.country_names[0]) is not None:
        return None
    home = _home_country(subj, b)
    if home is None:
        return None
    from ..divisions import get_divisions

    divisions = get_divisions()
    for n in b.neighbours(home):
        d = divisions.find(ref.country_names[0], n)
        if d is None:
            continue
        x0, y0, x1, y1 = d.bbox
        m = _ALONG_MARGIN_DEG
        lines = b.border_in(home, n, ((x0 - m, y0 - m, x1 + m, y1 + m),))
        if not lines.empty:
            ref.countries = sorted([home, n])
            return (lines, f"{b.countries[home].name}–{b.countries[n].name} land border along {d.name}",
                    f"{ref.country_names[0]!r} is a division of {b.countries[n].name}, not a country: measured to "
                    f"the {b.countries[home].name}–{b.countries[n].name} border along its outline")
    return None


def border_lines(claim: Claim, b: Any) -> tuple[Any, str, str | None]:
    """(BorderLines, label, note) for a border reference; raises Unmeasurable with the reason."""
    ref = claim.reference
    subj = claim.subject
    line = named_line(ref.name) if ref.kind == "border" else None
    if line is not None:
        return _named_line(claim, b, line), line.label, None
    along = _division_border(claim, b)
    if along is not None:
        return along
    keys = _country_keys(ref, b)
    if not keys:  # "the border": the subject's own country's land borders
        home = subj.country_code if subj.country_code in b.countries else b.country_at(subj.lat, subj.lon)
        if home is None:
            raise Unmeasurable("'the border' without a country, and the subject's country is unknown")
        ref.countries = [home]
        name = b.countries[home].name
        return b.border(home), f"land borders of {name}", f"'the border' taken as the nearest land border of {name}"
    if len(keys) == 2:
        a, c = keys
        if a == c:
            raise Unmeasurable(f"{ref.text!r} names the same country twice")
        lines = b.border(a, c)
        ref.countries = sorted([a, c])
        if lines.empty:
            raise Unmeasurable(f"{b.countries[a].name} and {b.countries[c].name} {NO_SHARED_BORDER}")
        return lines, f"{b.countries[a].name}–{b.countries[c].name} land border", None
    (x,) = keys
    ref.countries = [x]
    home = _home_country(subj, b, x)
    note = None
    if home and home != x:
        lines = b.border(home, x)
        if not lines.empty:
            ref.countries = sorted([home, x])
            return lines, f"{b.countries[home].name}–{b.countries[x].name} land border", None
        note = (f"{b.countries[home].name} and {b.countries[x].name} {NO_SHARED_BORDER}: "
                f"measured to the nearest land border of {b.countries[x].name}")
        outline = _coast_if_nearer(claim, b, x)
        if outline is not None:
            return outline
    lines = b.border(x)
    if lines.empty:
        raise Unmeasurable(f"{b.countries[x].name} has no land border in the data")
    return lines, f"land borders of {b.countries[x].name}", note


_BORDER_WORD = re.compile(r"\b(?:border|frontier|boundary)", re.I)


def _coast_if_nearer(claim: Claim, b: Any, x: str) -> tuple[Any, str, str | None] | None:
    """ "Key West, 90 miles north of Cuba": a country named bare (no "border"), seen from a country it shares no
    land border with, is measured to its outline: its coast when that is nearer than its land borders."""
    subj, ref = claim.subject, claim.reference
    if _BORDER_WORD.search(ref.text):
        return None
    coast, land = b.coast(x), b.border(x)
    if coast.empty:
        return None
    geo = _geodesy()
    to_coast = geo.nearest_on_lines(subj.lat, subj.lon, coast)
    to_land = None if land.empty else geo.nearest_on_lines(subj.lat, subj.lon, land)
    if to_coast is None or (to_land is not None and to_land.distance_km <= to_coast.distance_km):
        return None
    name = b.countries[x].name
    return coast, f"coast of {name}", f"{ref.text!r} taken as the nearest point of {name}'s outline (its coast)"


def measure_border(claim: Claim, boundaries: Any = None) -> Measurement:
    """Distance from the subject to the nearest point of the border the claim names."""
    subj = claim.subject
    ref = claim.reference
    b = get_boundaries(boundaries)
    state = state_lines(claim)
    lines, label, note = state if state is not None else border_lines(claim, b)
    geo = _geodesy()
    nearest = geo.nearest_on_lines(subj.lat, subj.lon, lines)
    if nearest is None:
        raise Unmeasurable(f"no land border {label} in the data")
    m = Measurement(km=nearest.distance_km, bearing_deg=nearest.back_azimuth_deg, point=(nearest.lat, nearest.lon),
                    border_label=label, border_pair=nearest.pair, notes=[note] if note else [])
    line = named_line(ref.name) if state is None else None
    if line is not None and line.precision_km:  # "the DMZ": a zone around the line the data draws
        m.precision_km = b.precision_km + line.precision_km
    if state is not None:
        from ..boundaries import US_STATES_PRECISION_KM

        m.source, m.precision_km = STATE_SOURCE, US_STATES_PRECISION_KM
        ref.point = m.point
        return m
    ref.point = m.point
    if nearest.pair:
        ref.countries = sorted(nearest.pair) if not ref.countries or len(ref.countries) < 2 else ref.countries
        ref.nearest_pair = list(nearest.pair)
    if nearest.disputed >= 0:
        m.disputed.append(b.disputed[nearest.disputed])
    d = b.disputed_at(subj.lat, subj.lon)
    if d is not None and d not in m.disputed:
        m.disputed.append(d)
    if m.disputed and nearest.disputed >= 0:
        alt = geo.nearest_on_lines(subj.lat, subj.lon, lines.without_disputed())
        if alt is not None:
            m.alt_km = alt.distance_km
    return m


def reference_place(claim: Claim, min_confidence: float, boundaries: Any = None) -> Place:
    """The reference's place (looking up "the capital" when needed); raises Unmeasurable if unusable."""
    ref = claim.reference
    if ref.place is None and ref.capital_of is not None:
        ref.place = capital_place(ref, get_boundaries(boundaries), claim.subject)
        if ref.place is None:
            if ref.capital_of == REGIONAL_CAPITAL:
                raise Unmeasurable(f"the data does not say which town is the seat of the subject's division "
                                   f"({ref.text!r}: only divisions named after their seat are known)")
            what = repr(ref.capital_of) if ref.capital_of else "the subject's country"
            raise Unmeasurable(f"no capital known for {what} in {ref.text!r}")
    rp = ref.place
    if rp is None or not rp.resolved:
        raise Unmeasurable(f"the reference {ref.text!r} could not be located")
    if 0 < rp.confidence < min_confidence:
        raise Unmeasurable(f"the reference {rp.text!r} is ambiguous (resolved to {rp.name} with "
                           f"confidence {rp.confidence:.2f} < {min_confidence:g})")
    if rp.feature not in POINT_FEATURES and rp.feature != "admin2":
        raise Unmeasurable(f"the reference {rp.name or rp.text!r} is a {rp.feature}; the data has no outline for it")
    return rp


def measure_coast(claim: Claim, boundaries: Any = None) -> Measurement:
    """Distance from the subject to the nearest coast of the named country (or of the subject's own)."""
    subj = claim.subject
    ref = claim.reference
    b = get_boundaries(boundaries)
    lines, label, notes = coast_lines(claim, b)
    nearest = _geodesy().nearest_on_lines(subj.lat, subj.lon, lines)
    if nearest is None:
        raise Unmeasurable(f"no {label} in the data")
    ref.point = (nearest.lat, nearest.lon)
    if not ref.countries and nearest.pair:
        ref.countries = [k for k in nearest.pair if k in b.countries][:1]
    return Measurement(km=nearest.distance_km, bearing_deg=nearest.back_azimuth_deg, point=ref.point,
                       border_label=label, notes=notes)


def coast_lines(claim: Claim, b: Any) -> tuple[Any, str, list[str]]:
    """(BorderLines, label, notes) of a coast reference: a listed sea's shores (of the named country, or of any),
    else the coast of the named country or of the subject's own."""
    from ..boundaries import COAST

    ref, subj = claim.reference, claim.subject
    named = b.code_for(ref.country_names[0]) if ref.country_names else None
    sea = sea_of(ref.name or ref.text)
    if sea is not None:
        lines = b.border_in(named, COAST, SEAS[sea]) if named else None
        if lines is None or lines.empty:
            named, lines = None, b.border_in(None, COAST, SEAS[sea])
        ref.countries = [named] if named else []
        whose = f"{b.countries[named].name}'s " if named else ""
        lines, cut = _open_water(lines, sea)
        label = f"{whose}shores of the {sea} (coastlines inside the sea's bounding boxes"
        return lines, label + (", estuaries and lagoons left out)" if cut else ")"), []
    key = named or _home_country(subj, b)
    if key is None:
        raise Unmeasurable(f"no country known for the coast in {ref.text!r}")
    ref.countries = [key]
    lines = b.coast(key)
    if lines.empty and not named and ref.kind == "coast":  # "Brest, on the Atlantic coast" read as the Belarusian
        ref.countries = []  # Brest: measured to the world's nearest coast (then a namesake may fit)
        return (b.border_in(None, COAST, _WORLD), f"nearest coast of any country ({b.countries[key].name} has none)",
                [f"the subject's country, {b.countries[key].name}, has no coast: measured to the nearest coast"])
    if lines.empty:
        raise Unmeasurable(f"{b.countries[key].name} has no coast in the data")
    label = f"coast of {b.countries[key].name} (its outline minus its land borders)"
    notes = [] if named else [f"{ref.text!r} taken as the nearest coast of {b.countries[key].name}"]
    return lines, label, notes


def _open_water(lines: Any, sea: str) -> tuple[Any, bool]:
    """The sea's shore without the segments inside its estuaries and lagoons (lines.ESTUARIES): a river mouth's
    banks are not the open sea. (lines, whether any segment was left out)."""
    boxes = ESTUARIES.get(sea)
    if not boxes or lines.empty:
        return lines, False
    import numpy as np

    xy = lines.coords[lines.seg_start]
    inside = np.zeros(len(xy), dtype=bool)
    for x0, y0, x1, y1 in boxes:
        inside |= (xy[:, 0] >= x0) & (xy[:, 0] <= x1) & (xy[:, 1] >= y0) & (xy[:, 1] <= y1)
    if not inside.any():
        return lines, False
    keep = ~inside
    return replace(lines, seg_start=lines.seg_start[keep], seg_pair=lines.seg_pair[keep],
                   seg_half_rad=lines.seg_half_rad[keep], seg_disputed=lines.seg_disputed[keep]), True


def subject_country(claim: Claim, boundaries: Any = None) -> str | None:
    """Key of the country whose outline holds the subject's point, or None (sea, no data)."""
    subj = claim.subject
    return get_boundaries(boundaries).country_at(subj.lat, subj.lon)


def country_key(name: str, boundaries: Any = None) -> str | None:
    """Country key for a name, demonym or ISO code, or None."""
    return get_boundaries(boundaries).code_for(name)


def measure_place(claim: Claim, rp: Place, boundaries: Any = None) -> Measurement:
    """Geodesic distance and bearing from the reference place's point to the subject's point."""
    subj = claim.subject
    km, _, back = _geodesy().inverse(subj.lat, subj.lon, rp.lat, rp.lon)
    m = Measurement(km=km, bearing_deg=back, point=(rp.lat, rp.lon), reference_place=rp)
    claim.reference.point = m.point
    if boundaries is not None or boundaries_loaded():
        b = get_boundaries(boundaries)
        for lat, lon in ((subj.lat, subj.lon), (rp.lat, rp.lon)):
            d = b.disputed_at(lat, lon)
            if d is not None and d not in m.disputed:
                m.disputed.append(d)
    return m


def compass_deg(direction: str) -> float | None:
    """Azimuth of a compass direction word (see :func:`geomap.geodesy.compass_deg`)."""
    return _geodesy().compass_deg(direction)


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Geodesic distance in km (see :func:`geomap.geodesy.distance_km`)."""
    return _geodesy().distance_km(lat1, lon1, lat2, lon2)


def angle_diff(a: float, b: float) -> float:
    """Smallest absolute difference between two azimuths, in [0, 180]."""
    return _geodesy().angle_diff(a, b)


def division_of(ref: Reference) -> Any:
    """The first-level division a region reference names ("Ukraine's Sumy Oblast"), or None."""
    rp = ref.place
    if rp is None or not rp.resolved or rp.feature not in ("admin1", "city", "region"):
        return None
    from ..divisions import get_divisions

    divisions = get_divisions()
    if rp.feature == "admin1":
        found = divisions.find(rp.name or rp.text, rp.country_code, rp.geonameid)
        return found or divisions.find(rp.text, rp.country_code)
    return (divisions.find(ref.text, rp.country_code) or divisions.find(rp.text, rp.country_code)
            or divisions.composite(rp.name or rp.text) or divisions.composite(rp.text)
            or _drawn_elsewhere(divisions, rp))


def _drawn_elsewhere(divisions: Any, rp: Place) -> Any:
    """A division the data draws in another country than the gazetteer's ("Crimea": Ukraine's in GeoNames,
    drawn in Russia by Natural Earth's de facto view): found by its GeoNames id or its unique name."""
    if rp.feature not in ("region", "admin1"):
        return None
    found = divisions.find(rp.name or rp.text, None, rp.geonameid)
    return found if found is not None and found.country != rp.country_code else None


def measure_division(claim: Claim, division: Any) -> Measurement:
    """Distance from the subject to the nearest point of a division's outline; 0 km when inside it."""
    from ..divisions import PRECISION_KM, SOURCE

    subj = claim.subject
    label = f"outline of {division.name} ({division.kind or 'division'}, {division.country})"
    inside = division.contains(subj.lat, subj.lon)
    other_country = bool(subj.country_code) and subj.country_code != division.country
    to_edge = bool(_EDGE_WORD.search(claim.reference.text))  # "the border of the Sumy region": its outline
    if inside and not other_country and not to_edge:
        claim.reference.point = (subj.lat, subj.lon)
        return Measurement(km=0.0, bearing_deg=0.0, point=(subj.lat, subj.lon), border_label=label, source=SOURCE,
                           precision_km=PRECISION_KM,
                           notes=[f"the subject lies inside {division.name}: its distance to the division is 0 km"])
    nearest = _geodesy().nearest_on_lines(subj.lat, subj.lon, division.outline)
    if nearest is None:
        raise Unmeasurable(f"the outline of {division.name} is empty in the data")
    claim.reference.point = (nearest.lat, nearest.lon)
    claim.reference.countries = [division.country]
    note = f"measured to the nearest point of the outline of {division.name}"
    rp = claim.reference.place
    if rp is not None and rp.country_code and division.code and rp.country_code != division.country:
        note += (f" (the data draws {division.name} in {division.country}, the gazetteer in {rp.country_code}: "
                 "Natural Earth's de facto view)")
    if inside and to_edge:
        note += f" (the subject lies inside {division.name}: {claim.reference.text!r} is its edge)"
    elif inside:  # a town of another country drawn just inside the division: the generalised line, not a fact
        note += (f" (the subject's point, in {subj.country_code}, falls {nearest.distance_km:.1f} km inside the "
                 "generalised outline: measured to the line)")
    return Measurement(km=nearest.distance_km, bearing_deg=nearest.back_azimuth_deg, point=claim.reference.point,
                       border_label=label, source=SOURCE, precision_km=PRECISION_KM, notes=[note])


def division_of_subject(claim: Claim) -> Any:
    """The division a claim's subject names as a division ("the Kursk region, which borders ..."), or None."""
    subj, span = claim.subject, claim.subject_span
    if subj is None or subj.feature != "admin1" or not subj.resolved or span is None \
            or not REGION_WORD.search(" " + span[0]):
        return None
    from ..divisions import get_divisions

    return get_divisions().find(subj.name or subj.text, subj.country_code, subj.geonameid)


def _lines_geometry(lines: Any) -> Any:
    """BorderLines as one shapely MultiLineString (lon/lat)."""
    import numpy as np
    import shapely

    starts = lines.seg_start
    segs = np.stack([lines.coords[starts], lines.coords[starts + 1]], axis=1)
    return shapely.multilinestrings(shapely.linestrings(segs))


def measure_from_division(claim: Claim, division: Any, boundaries: Any = None, rp: Place | None = None) -> Measurement:
    """Distance from a division (the subject) to the claim's border, coast or place (``rp``): 0 when they touch
    or the place lies inside. The nearest pair is found on the lon/lat outlines; its distance is geodesic."""
    import shapely

    from ..divisions import PRECISION_KM, SOURCE

    ref = claim.reference
    if rp is not None:
        target, label = shapely.Point(rp.lon, rp.lat), f"point of {rp.name}"
    else:
        lines, label = _reference_lines(claim, boundaries)
        target = _lines_geometry(lines)
    shape = division.shape
    (x0, y0), (x1, y1) = shapely.get_coordinates(shapely.shortest_line(shape, target))
    touching = shape.distance(target) == 0.0
    km, _, back = _geodesy().inverse(y0, x0, y1, x1)
    ref.point = (float(y1), float(x1))
    how = "it touches the reference: 0 km" if touching else f"nearest outline point {y0:.3f}, {x0:.3f}"
    return Measurement(km=0.0 if touching else km, bearing_deg=back, point=ref.point,
                       border_label=f"{label}, from the outline of {division.name} ({SOURCE})", reference_place=rp,
                       precision_km=PRECISION_KM,
                       notes=[f"the subject is the division {division.name}, not a town: {how}"])


def _reference_lines(claim: Claim, boundaries: Any) -> tuple[Any, str]:
    """(BorderLines, label) of a border or coast reference."""
    ref = claim.reference
    b = get_boundaries(boundaries)
    if ref.kind == "coast":
        lines, label, _ = coast_lines(claim, b)
    else:
        state = state_lines(claim)
        lines, label, _ = state if state is not None else border_lines(claim, b)
    if lines.empty:
        raise Unmeasurable(f"no {label} in the data")
    return lines, label
